"""The limits the front end uses come from the server (issue 11 §3): each live page embeds
client_limits() once, GET /limits.json serves the same to outside clients, and every text limit
given is exactly the one the engine enforces (one character more is refused as too_long)."""
from __future__ import annotations

import html
import json
import re

import pytest
from support import Phone, activities_of, add_activity, send

from workshop import tools
from workshop.db import db
from workshop.engine.limits import TOOL_LIMITS, client_limits
from workshop.models import Workshop

LIMITS_BLOCK = re.compile(rb'<script type="application/json" id="limits">(.*?)</script>', re.S)


def limits_in(page: bytes) -> dict:
    blocks = LIMITS_BLOCK.findall(page)
    assert len(blocks) == 1, f"expected one limits block, found {len(blocks)}"
    return json.loads(html.unescape(blocks[0].decode()))


def board_key(workshop_id: int) -> str:
    with db.session() as s:
        return s.get(Workshop, workshop_id).board_key


def test_every_live_page_embeds_the_servers_limits(app, ic, open_workshop):
    wid = open_workshop
    pages = {
        "console": ic.http.get(f"/w/{wid}/run"),
        "board": app.test_client().get(f"/w/{wid}/board?key={board_key(wid)}"),
        "phone": Phone(app, wid, "Jo").http.get(f"/w/{wid}/phone"),
    }
    for seat, page in pages.items():
        assert page.status_code == 200, seat
        assert limits_in(page.data) == client_limits(), seat


def test_a_page_without_live_js_carries_no_limits(ic):
    ic.create_workshop()
    assert LIMITS_BLOCK.findall(ic.http.get("/").data) == []


def test_outside_clients_read_the_same_limits_without_signing_in(app):
    got = app.test_client().get("/limits.json")
    assert got.status_code == 200 and got.mimetype == "application/json"
    assert got.get_json() == client_limits()


def test_every_tool_has_its_limits_and_every_cap_of_a_tool_is_given():
    """A new tool, or a new cap (MAX_*, a per-person cap) in a tool, must reach the clients too."""
    assert set(TOOL_LIMITS) == set(tools.REGISTRY)
    for name, module in tools.REGISTRY.items():
        caps = {attr for attr in dir(module) if (attr.startswith("MAX_") or "PER_PERSON" in attr)
                and type(getattr(module, attr)) is int}
        assert caps - set(TOOL_LIMITS[name].values()) == set(), name


# (limit, tool or None for a workshop step, intent kind, payload with the text under test as "{}")
TEXT_LIMITS = [
    ("agenda.title", None, "agenda.add", {"tool": "idea_wall", "title": "{}"}),
    ("agenda.prompt", None, "agenda.add", {"tool": "idea_wall", "title": "T", "prompt": "{}"}),
    ("agenda.section", None, "agenda.add", {"tool": "idea_wall", "title": "T", "section": "{}"}),
    ("idea_wall.text", "idea_wall", "idea.add", {"text": "{}"}),
    ("idea_wall.column_title", "idea_wall", "idea.columns", {"columns": [{"title": "{}"}]}),
    ("fishbone.text", "fishbone", "fishbone.add", {"text": "{}", "bone": "b1"}),
    ("fishbone.problem", "fishbone", "fishbone.problem", {"text": "{}"}),
    ("fishbone.bone_title", "fishbone", "fishbone.bones", {"bones": [{"id": "b1", "title": "{}"}]}),
    ("five_whys.text", "five_whys", "whys.answer", {"text": "{}", "parent": "problem"}),
    ("five_whys.problem", "five_whys", "whys.problem", {"text": "{}"}),
    ("dotocracy.text", "dotocracy", "dots.item_add", {"text": "{}"}),
    ("diamond_nine.text", "diamond_nine", "diamond.item_add", {"text": "{}"}),
    ("prioritisation_matrix.text", "prioritisation_matrix", "matrix.item_add", {"text": "{}"}),
    ("prioritisation_matrix.label", "prioritisation_matrix", "matrix.axes",
     {"preset": "custom", "x": "{}", "y": "Up"}),
    ("rag_rating.text", "rag_rating", "rag.item_add", {"text": "{}"}),
    ("action_plan.text", "action_plan", "action.add", {"text": "{}"}),
    ("action_plan.when", "action_plan", "action.add", {"text": "An action", "when": "{}"}),
    ("action_plan.who", "action_plan", "action.add", {"text": "An action", "who": "{}"}),
    ("action_plan.how_other", "action_plan", "action.add", {"text": "An action", "how_other": "{}"}),
    ("action_plan.success", "action_plan", "action.add", {"text": "An action", "success": "{}"}),
    ("action_plan.terms", "action_plan", "action.add", {"text": "An action", "terms": "{}"}),
    ("report_back.text", "report_back", "report.add", {"text": "{}"}),
]


SETUP = {"five_whys.text": [("whys.problem", {"text": "Why do pupils arrive late?"})]}


def filled(payload, text: str):
    if payload == "{}":
        return text
    if isinstance(payload, dict):
        return {k: filled(v, text) for k, v in payload.items()}
    if isinstance(payload, list):
        return [filled(v, text) for v in payload]
    return payload


@pytest.mark.parametrize("path, tool, kind, payload", TEXT_LIMITS, ids=[t[0] for t in TEXT_LIMITS])
def test_a_text_limit_given_to_clients_is_the_one_the_engine_enforces(ic, path, tool, kind, payload):
    area, key = path.split(".")
    limit = client_limits()[area][key]
    wid = ic.create_workshop()
    activity = None
    if tool is not None:
        found = activities_of(wid, tool)
        activity = found[0] if found else add_activity(ic, wid, tool, "Limits")
        ic.step(wid, "control.goto", {"activity": activity})
        ic.step(wid, "activity.open", activity=activity)
    for before, before_payload in SETUP.get(path, []):
        assert ic.step(wid, before, before_payload, activity)["ok"]
    longest = ic.step(wid, kind, filled(payload, "x" * limit), activity)
    assert longest["ok"], longest
    over = ic.step(wid, kind, filled(payload, "x" * (limit + 1)), activity)
    assert (over["ok"], over["error"]) == (False, "too_long"), over
    assert str(limit) in over["message"]


# Texts only a phone sends: (limit, tool, a facilitator step making what it refers to, intent kind, payload)
PHONE_TEXTS = [
    ("rag_rating.comment", "rag_rating", ("rag.item_add", {"text": "Attendance"}),
     "rag.rate", {"item": "{created}", "rating": "green", "comment": "{}"}),
    ("action_plan.comment", "action_plan", ("action.add", {"text": "Walk the corridors"}),
     "action.comment", {"action": "{created}", "text": "{}"}),
    ("response_round.view", "response_round", None, "response.submit", {"surprise": 3, "view": "{}"}),
]


@pytest.mark.parametrize("path, tool, setup, kind, payload", PHONE_TEXTS, ids=[t[0] for t in PHONE_TEXTS])
def test_a_phones_text_limit_given_to_clients_is_the_one_the_engine_enforces(app, ic, open_workshop, path, tool,
                                                                             setup, kind, payload):
    area, key = path.split(".")
    limit = client_limits()[area][key]
    activity = add_activity(ic, open_workshop, tool, "Limits")
    created = None
    if setup is not None:
        made = ic.step(open_workshop, *setup, activity)
        assert made["ok"], made
        created = made["created"][0]
    ic.step(open_workshop, "control.goto", {"activity": activity})
    ic.step(open_workshop, "activity.open", activity=activity)
    phone = Phone(app, open_workshop, "Jo").socket
    payload = {k: created if v == "{created}" else v for k, v in payload.items()}
    longest = send(phone, kind, filled(payload, "x" * limit), activity)
    assert longest["ok"], longest
    over = send(phone, kind, filled(payload, "x" * (limit + 1)), activity)
    assert (over["ok"], over["error"]) == (False, "too_long"), over
    assert str(limit) in over["message"]
