"""Reporting back and reviewing the experience, as a pure reducer plus its views and outcomes."""
from __future__ import annotations

import copy
import json

import pytest

from workshop import tools
from workshop.tools import report_back as rb
from workshop.tools.base import Actor, ToolError

FAC = Actor("facilitator", name="Priya")
SAM = Actor("participant", participant=5, name="Zebedee")
ALEX = Actor("participant", participant=6, name="Alexandra")
AUDIENCES = ("facilitator", "board", "participant")


def act(state, kind, payload=None, actor=FAC, *, seq=900, at=50_000):
    before = copy.deepcopy(state)
    after = tools.apply("report_back", state, {"type": kind, "payload": {} if payload is None else payload,
                                               "at": at, "seq": seq}, actor)
    assert state == before, f"{kind} mutated the state it was given"
    return after


def assert_rejected(state, kind, payload, actor, code):
    before = copy.deepcopy(state)
    with pytest.raises(ToolError) as err:
        tools.apply("report_back", state, {"type": kind, "payload": payload, "at": 1, "seq": 77}, actor)
    assert err.value.code == code, err.value.message
    assert err.value.message
    assert state == before


NAMED = {"anonymous": False}  # names show; a new activity is anonymous


def answered():
    """c1 Sam and c2 Alex in "report"; c3 Sam in "well" (the facilitator moved on); c4 by the facilitator in "change"."""
    s = rb.initial_state(NAMED)
    s = act(s, "report.add", {"text": "Staff briefing on Monday"}, SAM, seq=1)
    s = act(s, "report.add", {"text": "Governors' meeting in March", "section": "report"}, ALEX, seq=2)
    s = act(s, "report.section", {"section": "well"})
    s = act(s, "report.add", {"text": "Everyone spoke"}, SAM, seq=3)
    s = act(s, "report.add", {"text": "Start on time", "section": "change"}, FAC, seq=4)
    return s


def test_initial_state_has_the_five_sections_in_the_formats_order():
    s = rb.initial_state({})
    assert s == {"open": False, "revealed": False, "anonymous": True,
                 "sections": ["report", "follow_up", "experience", "well", "change"], "current": "report",
                 "answers": []}
    s = rb.initial_state({"sections": ["change", "experience", "nonsense"], "anonymous": True})
    assert s["sections"] == ["experience", "change"] and s["current"] == "experience" and s["anonymous"]
    assert rb.initial_state({"sections": []})["sections"] == list(rb.SECTIONS)
    assert rb.initial_state({"sections": "report"})["sections"] == list(rb.SECTIONS)


def test_add_goes_to_the_current_section():
    s = answered()
    a = s["answers"][0]
    assert (a["id"], a["section"], a["text"], a["author"], a["author_name"], a["source"]) == (
        "c1", "report", "Staff briefing on Monday", 5, "Zebedee", None)
    assert [x["section"] for x in s["answers"]] == ["report", "report", "well", "change"]
    assert rb.private_view(s, 5) == {"mine": ["c1", "c3"]}
    assert rb.has_contributions(s)


def test_phones_add_only_to_the_current_section():
    assert_rejected(answered(), "report.add", {"text": "late", "section": "report"}, SAM, "closed")


@pytest.mark.parametrize("payload, code", [
    ({"text": ""}, "empty"), ({"text": "x" * 281}, "too_long"), ({}, "bad_request"),
    ({"text": "x", "section": "nowhere"}, "not_found"), ({"text": "x", "section": 3}, "not_found"),
])
def test_bad_adds_are_refused(payload, code):
    assert_rejected(answered(), "report.add", payload, FAC, code)


def test_sections_not_in_this_activity_are_refused():
    s = rb.initial_state({"sections": ["experience", "well", "change"]})
    assert_rejected(s, "report.add", {"text": "x", "section": "report"}, FAC, "not_found")
    assert_rejected(s, "report.section", {"section": "follow_up"}, FAC, "not_found")


def test_edit_and_delete_own_or_as_facilitator():
    s = act(answered(), "report.edit", {"answer": "c1", "text": "Staff briefing, Monday 8am"}, SAM)
    assert s["answers"][0]["text"] == "Staff briefing, Monday 8am"
    s = act(s, "report.edit", {"answer": "c2", "text": "Governors, 12 March"})
    assert s["answers"][1]["text"] == "Governors, 12 March"
    assert_rejected(s, "report.edit", {"answer": "c2", "text": "mine now"}, SAM, "forbidden")
    assert_rejected(s, "report.edit", {"answer": "c1", "text": ""}, SAM, "empty")
    assert_rejected(s, "report.delete", {"answer": "c2"}, SAM, "forbidden")
    s = act(s, "report.delete", {"answer": "c1"}, SAM)
    assert rb.private_view(s, 5) == {"mine": ["c3"]}
    assert_rejected(s, "report.delete", {"answer": "c1"}, SAM, "not_found")
    assert_rejected(s, "report.edit", {"answer": "c1", "text": "x"}, FAC, "not_found")
    assert "c1" not in [a["id"] for a in rb.view(s, "facilitator")["answers"]]


def test_hide_unhide_move_section_settings_are_the_facilitators():
    s = act(answered(), "report.hide", {"answer": "c1"})
    assert [a["id"] for a in rb.view(s, "board")["answers"]] == ["c2", "c3", "c4"]
    assert rb.view(s, "facilitator")["answers"][0]["hidden"] is True
    assert_rejected(s, "report.edit", {"answer": "c1", "text": "x"}, SAM, "closed")
    s = act(s, "report.unhide", {"answer": "c1"})
    s = act(s, "report.move", {"answer": "c3", "section": "experience"})
    assert s["answers"][2]["section"] == "experience"
    s = act(s, "report.section", {"section": "follow_up"})
    assert rb.view(s, "participant")["current"] == "follow_up"
    s = act(s, "report.settings", {"anonymous": True})
    s = act(s, "report.add", {"text": "Visit in 6 weeks"}, ALEX, seq=9)
    assert s["answers"][-1]["author_name"] is None
    for kind, payload in [("report.hide", {"answer": "c1"}), ("report.unhide", {"answer": "c1"}),
                          ("report.move", {"answer": "c1", "section": "well"}), ("report.section", {"section": "well"}),
                          ("report.settings", {"anonymous": False}), ("report.import", {"cards": []})]:
        assert_rejected(s, kind, payload, SAM, "forbidden")
    assert_rejected(s, "report.move", {"answer": "c1", "section": "x"}, FAC, "not_found")
    assert_rejected(s, "report.move", {"answer": "c99", "section": "well"}, FAC, "not_found")
    assert_rejected(s, "report.section", {}, FAC, "bad_request")
    assert_rejected(s, "report.settings", {"anonymous": None}, FAC, "bad_request")
    assert_rejected(s, "report.hide", {}, FAC, "bad_request")


def test_views_hide_hidden_answers_and_participant_ids():
    s = act(answered(), "report.hide", {"answer": "c2"})
    board = rb.view(s, "board")
    assert board == rb.view(s, "participant")
    assert board["sections"][0] == {"id": "report", "title": "Reporting back", "question": rb.SECTIONS["report"]}
    assert board["current"] == "well" and board["count"] == 3
    assert board["answers"][0] == {"id": "c1", "section": "report", "text": "Staff briefing on Monday",
                                   "author": "Zebedee", "source": None}
    assert "Governors" not in json.dumps(board)
    for audience in AUDIENCES:
        assert '"author": 5' not in json.dumps(rb.view(s, audience))


def test_import_into_a_section_keeps_the_source():
    cards = [{"text": "Newsletter item", "author_name": None, "source": {"activity": 9, "card": "c3"}}]
    s = act(answered(), "report.import", {"cards": cards, "section": "report"}, seq=50)
    new = s["answers"][-1]
    assert (new["id"], new["section"], new["source"], new["author"]) == ("c50-0", "report", {"activity": 9, "card": "c3"}, None)
    s = act(answered(), "report.import", {"cards": cards}, seq=51)
    assert s["answers"][-1]["section"] == "well"  # the current one
    assert_rejected(answered(), "report.import", {"cards": cards, "section": "x"}, FAC, "not_found")
    assert_rejected(answered(), "report.import", {"cards": None}, FAC, "bad_request")


def test_unknown_intents():
    assert_rejected(answered(), "report.vote", {}, FAC, "unknown_intent")
    with pytest.raises(ToolError) as err:
        rb.apply(answered(), {"type": "report.add", "payload": None, "seq": 1, "at": 1}, SAM)
    assert err.value.code == "bad_request"


def test_outcomes_are_grouped_by_section_in_section_order():
    s = act(answered(), "report.add", {"text": "Be braver", "section": "report"}, FAC, seq=5)
    s = act(s, "report.hide", {"answer": "c2"})
    out = rb.outcomes(s)
    assert [(c["id"], c["group"]) for c in out] == [("c1", "report"), ("c5", "report"), ("c3", "well"), ("c4", "change")]
    assert out[0] == {"id": "c1", "text": "Staff briefing on Monday", "author_name": "Zebedee", "group": "report",
                      "section_title": rb.SECTIONS["report"], "source": None}
    assert out[2]["section_title"] == "What did we do well?"
