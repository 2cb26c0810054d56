"""The tool picker speaks the booklet's language (issue 12): each tool is shown under the facilitation
tools booklet's name, with one plain line on when to use it, while the stored tool names stay as
they were so existing workshops keep working."""
from __future__ import annotations

import html
import json
import re

from support import activities_of

from workshop import tools

# The booklet's contents, as it spells them (case aside), and the two steps of the SPP format that
# are ours rather than the booklet's.
BOOKLET = {"swot analysis", "diamond nine", "group action planning", "dotocracy", "radiant thinking",
           "rag rating", "problem solving team building (pstb)", "brainstorming", "fishbone", "five whys",
           "prioritisation matrix"}
OURS = {"response round", "reporting back and review"}
# What workshops already store in Activity.tool: these must still resolve.
STORED_NAMES = {"response_round", "idea_wall", "swot", "fishbone", "five_whys", "dotocracy", "diamond_nine",
                "prioritisation_matrix", "rag_rating", "action_plan", "report_back"}


def boot_of(page: bytes) -> dict:
    found = re.search(rb'<script type="application/json" id="boot">(.*?)</script>', page, re.S)
    return json.loads(html.unescape(found.group(1).decode()))


def test_every_tool_has_a_booklet_title_and_a_one_line_when():
    for name, module in tools.REGISTRY.items():
        assert module.title.lower() in BOOKLET | OURS, f"{name}: '{module.title}' is not the booklet's name"
        when = getattr(module, "when", "")
        assert isinstance(when, str) and when.strip(), f"{name} has no 'when to use it' line"
        assert "\n" not in when and len(when) <= 120 and when.endswith("."), f"{name}: {when!r} is not one plain line"
    whens = [m.when for m in tools.REGISTRY.values()]
    assert len(set(whens)) == len(whens), "two tools share the same 'when to use it' line"


def test_the_renamed_tools_keep_their_stored_names():
    assert tools.get("idea_wall").title == "Brainstorming"
    assert tools.get("action_plan").title == "Group action planning"
    assert STORED_NAMES <= set(tools.REGISTRY)


def test_the_console_serves_each_tools_title_and_when(ic):
    wid = ic.create_workshop()
    boot = boot_of(ic.http.get(f"/w/{wid}/run").data)
    assert boot["tools"] == [{"name": m.name, "title": m.title, "when": m.when} for m in tools.REGISTRY.values()]
    # An agenda made before the renaming (the SPP one has brainstorms) still runs on the same tool.
    wall = activities_of(wid, "idea_wall")[0]
    assert ic.step(wid, "control.goto", {"activity": wall})["ok"]
    assert ic.step(wid, "idea.add", {"text": "Pupil voice in planning"}, activity=wall)["ok"]
