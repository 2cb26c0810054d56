"""The default SPP agenda. Each step names the tools it would like, best first; a step whose
tools are not built yet is left out, so the template improves as tools land. Its planned minutes
fill the usual 90-minute slot."""
from __future__ import annotations

from . import tools

PART1 = "Part 1 – Review feedback"
PART2 = "Part 2 – Exploring the findings"
PART3 = "Part 3 – Agreeing actions"
CLOSE = "Reporting back and review"

SPP_TEMPLATE = [
    {"section": PART1, "minutes": 15, "title": "Our response to the key messages",
     "prompt": "How much of this is a surprise to us? What's our view of these messages? One response each.",
     "tools": {"response_round": {},
               "idea_wall": {"columns": ["How much is a surprise?", "Our view of the messages"]}}},
    {"section": PART2, "minutes": 20, "title": "What lies behind it?",
     "prompt": "Add the causes you see behind the problem. One idea per card.",
     "tools": {"fishbone": {}, "five_whys": {},
               "idea_wall": {"columns": ["Teaching and learning", "Curriculum", "Pupils", "Staff and CPD",
                                         "Leadership and systems", "Resources and environment",
                                         "Parents and community"]}}},
    {"section": PART3, "minutes": 15, "title": "Ideas for action",
     "prompt": "What could we do about the root causes? Short, practical ideas.",
     "tools": {"idea_wall": {}}},
    {"section": PART3, "minutes": 10, "title": "Prioritise the ideas",
     "prompt": "Which of these would make the biggest difference?",
     "tools": {"dotocracy": {}, "diamond_nine": {}, "prioritisation_matrix": {}}},
    {"section": PART3, "minutes": 20, "title": "Agree the actions",
     "prompt": "Who will do what, by when, and with what support?",
     "tools": {"action_plan": {}}},
    {"section": CLOSE, "minutes": 10, "title": "Reporting back and review",
     "prompt": "How will we share this with staff who are not here, governors and the partnership? "
               "And looking back: how was the peer review, what went well, what would we change?",
     "tools": {"report_back": {},
               "idea_wall": {"columns": ["Reporting back", "Following up", "How was the peer review?",
                                         "What did we do well?", "What would we change next time?"]}}},
]


def default_activities(details: dict | None = None) -> list[dict]:
    """The template's steps that have a built tool: section, title, prompt, tool, minutes, config.
    The workshop's details fill in what the review already said (its focus, its key messages)."""
    chosen = []
    for step in SPP_TEMPLATE:
        for name, config in step["tools"].items():
            if name in tools.REGISTRY:
                chosen.append({"section": step["section"], "title": step["title"], "prompt": step["prompt"],
                               "tool": name, "minutes": step["minutes"],
                               "config": {**config, **_from_details(name, details or {})}})
                break
    return chosen


PROBLEM_LIMIT = 200  # a problem statement is one sentence
MESSAGES_LIMIT = 12


def _from_details(tool: str, details: dict) -> dict:
    """Config a tool takes from the workshop's details: the focus frames the problem; the
    review's key messages (one per line) are what Part 1 responds to."""
    focus = " ".join((details.get("focus") or "").split())
    if tool in ("fishbone", "five_whys") and focus:
        return {"problem": focus[:PROBLEM_LIMIT]}
    messages = [line.strip(" -•*\t") for line in (details.get("key_messages") or "").splitlines()]
    if tool == "response_round" and any(messages):
        return {"messages": [m[:280] for m in messages if m][:MESSAGES_LIMIT]}
    return {}
