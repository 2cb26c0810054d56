"""The response round (Part 1) as a pure reducer plus its views and outcomes."""
from __future__ import annotations

import copy
import json

import pytest

from workshop import tools
from workshop.tools import response_round as rr
from workshop.tools.base import Actor, ToolError

FAC = Actor("facilitator", name="Priya")
SAM = Actor("participant", participant=5, name="Zebedee")  # a name no test text contains
ALEX = Actor("participant", participant=6, name="Alexandra")
KIM = Actor("participant", participant=7, name="Kimberley")
AUDIENCES = ("facilitator", "board", "participant")


def act(state, kind, payload=None, actor=FAC, *, seq=900, at=50_000):
    before = copy.deepcopy(state)
    after = tools.apply("response_round", state, {"type": kind, "payload": {} if payload is None else payload,
                                                  "at": at, "seq": seq}, actor)
    assert state == before, f"{kind} mutated the state it was given"
    return after


def assert_rejected(state, kind, payload, actor, code):
    before = copy.deepcopy(state)
    with pytest.raises(ToolError) as err:
        tools.apply("response_round", state, {"type": kind, "payload": payload, "at": 1, "seq": 77}, actor)
    assert err.value.code == code, err.value.message
    assert err.value.message
    assert state == before


def submit(state, actor, surprise, view="", seq=1):
    return act(state, "response.submit", {"surprise": surprise, "view": view}, actor, seq=seq)


def round_of_three(**config):
    s = rr.initial_state({"messages": ["Pupils feel safe.", "Adaptations vary."], **config})
    s = submit(s, SAM, 2, "We knew most of this", seq=1)
    s = submit(s, ALEX, 4, "The TA point stings", seq=2)
    s = submit(s, KIM, 2, "", seq=3)
    return s


def test_initial_state_is_anonymous_with_the_messages():
    s = rr.initial_state({"messages": ["  One   message ", "", "Two"]})
    assert s == {"open": False, "revealed": False, "anonymous": True, "messages": ["One message", "Two"],
                 "summary_id": None, "current": None, "responses": []}
    assert rr.initial_state({"anonymous": False})["anonymous"] is False
    assert rr.initial_state({"messages": "not a list"})["messages"] == []
    assert len(rr.initial_state({"messages": ["m"] * 30})["messages"]) == rr.MAX_MESSAGES


def test_submit_adds_an_anonymous_response():
    s = submit(rr.initial_state({}), SAM, 3, "  a   fair summary ", seq=12)
    assert s["responses"] == [{"id": "c12", "author": 5, "hidden": False, "surprise": 3, "view": "a fair summary",
                               "at": 50_000, "anonymous": True, "author_name": None}]
    assert s["summary_id"] == "c12-surprise"
    assert rr.has_contributions(s)
    assert rr.private_view(s, 5) == {"mine": {"id": "c12", "surprise": 3, "view": "a fair summary"}}
    assert rr.private_view(s, 6) == {"mine": None}


def test_named_when_not_anonymous():
    s = submit(rr.initial_state({"anonymous": False}), SAM, 3, "x")
    assert rr.view(act(s, "activity.reveal"), "board")["responses"][0]["author"] == "Zebedee"


def test_resubmitting_replaces_your_own_and_keeps_your_turn():
    s = round_of_three()
    s = act(s, "response.submit", {"surprise": 5, "view": "Changed my mind"}, SAM, seq=9, at=70_000)
    assert [r["id"] for r in s["responses"]] == ["c1", "c2", "c3"]
    assert s["responses"][0]["surprise"] == 5 and s["responses"][0]["view"] == "Changed my mind"
    assert s["responses"][0]["at"] == 70_000
    assert s["summary_id"] == "c1-surprise"


def test_view_text_is_optional():
    s = act(rr.initial_state({}), "response.submit", {"surprise": 1}, SAM)
    assert s["responses"][0]["view"] == ""


def test_withdraw_removes_only_your_own():
    s = act(round_of_three(), "response.withdraw", {}, ALEX)
    assert [r["id"] for r in s["responses"]] == ["c1", "c3"]
    assert rr.private_view(s, 6) == {"mine": None}


@pytest.mark.parametrize("payload, code", [
    ({"surprise": 0}, "bad_request"), ({"surprise": 6}, "bad_request"), ({"surprise": "3"}, "bad_request"),
    ({"surprise": 2.0}, "bad_request"), ({"surprise": True}, "bad_request"), ({}, "bad_request"),
    ({"surprise": 3, "view": 7}, "bad_request"), ({"surprise": 3, "view": "x" * 281}, "too_long"),
])
def test_bad_submissions_are_refused(payload, code):
    assert_rejected(round_of_three(), "response.submit", payload, SAM, code)


def test_the_facilitator_cannot_submit_and_nobody_can_withdraw_nothing():
    assert_rejected(round_of_three(), "response.submit", {"surprise": 3}, FAC, "forbidden")
    assert_rejected(rr.initial_state({}), "response.withdraw", {}, SAM, "not_found")
    assert_rejected(rr.initial_state({}), "response.withdraw", {}, FAC, "not_found")


def test_the_round_has_a_limit():
    s = rr.initial_state({})
    s = {**s, "responses": [{**submit(s, SAM, 1)["responses"][0], "id": f"c{n}", "author": 1000 + n}
                            for n in range(rr.MAX_RESPONSES)]}
    assert_rejected(s, "response.submit", {"surprise": 1}, SAM, "limit")


# --- turn-taking --------------------------------------------------------------------------

def test_stepping_through_the_responses_in_turn():
    s = act(round_of_three(), "activity.reveal")
    assert (rr.view(s, "board")["current"], rr.view(s, "board")["position"]) == ("c1", 1)
    s = act(s, "response.next")
    assert (rr.view(s, "board")["current"], rr.view(s, "board")["position"], rr.view(s, "board")["total"]) == ("c2", 2, 3)
    s = act(s, "response.next")
    assert_rejected(s, "response.next", {}, FAC, "conflict")
    s = act(s, "response.previous")
    assert rr.view(s, "board")["current"] == "c2"
    s = act(s, "response.show", {"response": "c1"})
    assert_rejected(s, "response.previous", {}, FAC, "conflict")
    assert rr.view(s, "participant")["position"] == 1


def test_stepping_is_for_the_facilitator_and_needs_responses():
    for kind in ("response.next", "response.previous"):
        assert_rejected(round_of_three(), kind, {}, SAM, "forbidden")
        assert_rejected(rr.initial_state({}), kind, {}, FAC, "conflict")
    assert_rejected(round_of_three(), "response.show", {"response": "c2"}, SAM, "forbidden")
    assert_rejected(round_of_three(), "response.show", {"response": "c99"}, FAC, "not_found")
    assert_rejected(round_of_three(), "response.show", {}, FAC, "bad_request")
    hidden = act(round_of_three(), "response.hide", {"response": "c2"})
    assert_rejected(hidden, "response.show", {"response": "c2"}, FAC, "conflict")


def test_hiding_the_response_on_show_moves_the_turn_on():
    s = act(act(round_of_three(), "response.show", {"response": "c2"}), "activity.reveal")
    s = act(s, "response.hide", {"response": "c2"})
    board = rr.view(s, "board")
    assert board["current"] == "c3" and board["position"] == 2 and board["total"] == 2
    assert [r["id"] for r in board["responses"]] == ["c1", "c3"]
    fac = rr.view(s, "facilitator")
    assert [(r["id"], r["hidden"]) for r in fac["responses"]] == [("c1", False), ("c2", True), ("c3", False)]
    s = act(s, "response.hide", {"response": "c3"})  # the last one: the turn goes back
    assert rr.view(s, "board")["current"] == "c1"
    s = act(s, "response.unhide", {"response": "c2"})
    assert rr.view(s, "board")["total"] == 2
    assert_rejected(s, "response.hide", {"response": "c1"}, SAM, "forbidden")
    assert_rejected(s, "response.unhide", {"response": "nope"}, FAC, "not_found")


def test_withdrawing_the_response_on_show_moves_the_turn_on():
    s = act(round_of_three(), "response.show", {"response": "c2"})
    s = act(s, "response.withdraw", {}, ALEX)
    assert s["current"] == "c3"
    s = act(s, "response.withdraw", {}, KIM)
    assert s["current"] == "c1"
    s = act(s, "response.withdraw", {}, SAM)
    assert s["current"] is None
    assert rr.view(s, "facilitator")["position"] is None


# --- views: nothing before reveal -------------------------------------------------------------

def test_before_reveal_the_room_sees_only_how_many_responded():
    s = act(round_of_three(), "response.hide", {"response": "c3"})
    for audience in ("board", "participant"):
        v = rr.view(s, audience)
        assert v["count"] == 3 and v["responses"] == [] and v["distribution"] is None
        assert v["current"] is None and v["median"] is None and v["total"] is None
        text = json.dumps(v)
        assert "knew" not in text and "stings" not in text and "Zebedee" not in text
    fac = rr.view(s, "facilitator")
    assert len(fac["responses"]) == 3 and fac["distribution"] == [0, 1, 0, 1, 0]
    assert fac["messages"] == ["Pupils feel safe.", "Adaptations vary."]


def test_after_reveal_the_room_sees_visible_responses_and_the_distribution():
    s = act(act(round_of_three(), "activity.reveal"), "response.hide", {"response": "c2"})
    v = rr.view(s, "board")
    assert v["responses"] == [{"id": "c1", "surprise": 2, "view": "We knew most of this", "author": None},
                              {"id": "c3", "surprise": 2, "view": "", "author": None}]
    assert v["distribution"] == [0, 2, 0, 0, 0] and v["median"] == 2
    assert "stings" not in json.dumps(v)
    assert rr.view(s, "participant") == v


def test_no_audience_ever_gets_a_participant_id_or_an_anonymous_name():
    s = act(round_of_three(), "activity.reveal")
    for audience in AUDIENCES:
        text = json.dumps(rr.view(s, audience))
        assert "Zebedee" not in text and '"author": 5' not in text and "participant" not in text


# --- facilitator settings ---------------------------------------------------------------------

def test_messages_can_be_set_and_checked():
    s = act(rr.initial_state({}), "response.messages", {"messages": [" First ", "", "Second"]})
    assert s["messages"] == ["First", "Second"]
    assert_rejected(s, "response.messages", {"messages": ["x"]}, SAM, "forbidden")
    assert_rejected(s, "response.messages", {"messages": "x"}, FAC, "bad_request")
    assert_rejected(s, "response.messages", {"messages": [3]}, FAC, "bad_request")
    assert_rejected(s, "response.messages", {"messages": ["x" * 501]}, FAC, "too_long")
    assert_rejected(s, "response.messages", {"messages": ["x"] * 13}, FAC, "limit")


def test_anonymity_applies_to_responses_from_then_on():
    s = act(rr.initial_state({}), "response.settings", {"anonymous": False})
    s = submit(s, SAM, 1, "named")
    s = act(s, "response.settings", {"anonymous": True})
    s = submit(s, ALEX, 1, "anon", seq=2)
    assert [r["author_name"] for r in s["responses"]] == ["Zebedee", None]
    assert_rejected(s, "response.settings", {"anonymous": "yes"}, FAC, "bad_request")
    assert_rejected(s, "response.settings", {"anonymous": True}, SAM, "forbidden")


def test_import_brings_cards_in_as_messages():
    s = act(rr.initial_state({"messages": ["One"]}), "response.import",
            {"cards": [{"text": "Two", "author_name": None, "source": {"activity": 3, "card": "c1"}}]})
    assert s["messages"] == ["One", "Two"]
    assert_rejected(s, "response.import", {"cards": "x"}, FAC, "bad_request")
    assert_rejected(s, "response.import", {"cards": [{"text": "x"}] * 11}, FAC, "limit")
    assert_rejected(s, "response.import", {"cards": []}, SAM, "forbidden")


def test_unknown_intents_and_bad_payloads():
    assert_rejected(round_of_three(), "response.vote", {}, FAC, "unknown_intent")
    assert_rejected(round_of_three(), "idea.add", {}, FAC, "unknown_intent")
    with pytest.raises(ToolError) as err:
        rr.apply(round_of_three(), {"type": "response.submit", "payload": [], "seq": 1, "at": 1}, SAM)
    assert err.value.code == "bad_request"


# --- outcomes -------------------------------------------------------------------------------------

def test_outcomes_summarise_the_surprise_then_the_views():
    s = act(round_of_three(), "response.hide", {"response": "c2"})
    s = submit(s, Actor("participant", participant=8, name="Dev"), 3, "Useful", seq=4)
    out = rr.outcomes(s)
    assert out[0] == {"id": "c1-surprise", "text": "Surprise: mostly 2 of 5 (3 responses)",
                      "author_name": None, "group": rr.SURPRISE_GROUP, "source": None,
                      "distribution": [0, 2, 1, 0, 0], "median": 2}
    assert [(c["id"], c["text"], c["group"]) for c in out[1:]] == [
        ("c1", "We knew most of this", "Our view of the key messages"),
        ("c4", "Useful", "Our view of the key messages"),  # empty views make no card
        ("m0", "Pupils feel safe.", "Key messages"), ("m1", "Adaptations vary.", "Key messages")]
    assert rr.outcomes(rr.initial_state({})) == []
    # Before anyone responds, the key messages can already be brought into a RAG rating.
    assert [(c["id"], c["text"], c["source"]) for c in rr.outcomes(rr.initial_state({"messages": ["A.", "B."]}))] == [
        ("m0", "A.", None), ("m1", "B.", None)]


@pytest.mark.parametrize("scores, text", [
    ([3], "Surprise: mostly 3 of 5 (1 response)"),
    ([1, 2], "Surprise: mostly 1 and 2 of 5 (2 responses)"),
    ([1, 5, 5, 2], "Surprise: mostly 5 of 5 (4 responses)"),
    ([2, 2, 4, 4], "Surprise: mostly 2 and 4 of 5 (4 responses)"),
])
def test_summary_text(scores, text):
    assert rr.summary_text([{"surprise": n} for n in scores]) == text
