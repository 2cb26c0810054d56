"""Group action planning as a pure reducer plus its views and the outcomes contract."""
from __future__ import annotations

import copy
import json
import pathlib

import pytest

from workshop import tools
from workshop.tools import action_plan as ap
from workshop.tools.base import Actor, ToolError

FAC = Actor("facilitator", name="Priya")
SAM = Actor("participant", participant=5, name="Zebedee")
ALEX = Actor("participant", participant=6, name="Alexandra")
AUDIENCES = ("facilitator", "board", "participant")


def act(state, kind, payload=None, actor=FAC, *, seq=900, at=50_000):
    before = copy.deepcopy(state)
    after = tools.apply("action_plan", state, {"type": kind, "payload": {} if payload is None else payload,
                                               "at": at, "seq": seq}, actor)
    assert state == before, f"{kind} mutated the state it was given"
    return after


def assert_rejected(state, kind, payload, actor, code, says=None):
    before = copy.deepcopy(state)
    with pytest.raises(ToolError) as err:
        tools.apply("action_plan", state, {"type": kind, "payload": payload, "at": 1, "seq": 77}, actor)
    assert err.value.code == code, err.value.message
    assert err.value.message
    if says:
        assert says in err.value.message
    assert state == before
    return err.value.message


NAMED = {"anonymous": False}  # names show; a new activity is anonymous
UNFRAMED = {"how": [], "how_other": "", "success": "", "terms": ""}


def full(text="Weekly TA planning slot", when="2027-03-31", who="SENCo and heads of year", support="a"):
    return {"text": text, "when": when, "who": who, "support": support}


def plan():
    """c1 proposed by Sam (draft), c2 added full by the facilitator, c3 by Alex with support c."""
    s = ap.initial_state(NAMED)
    s = act(s, "action.propose", {"text": "Shorter pupil passports"}, SAM, seq=1)
    s = act(s, "action.add", full(), seq=2)
    s = act(s, "action.propose", {"text": "Bring in an adaptive teaching trainer"}, ALEX, seq=3)
    s = act(s, "action.update", {"action": "c3", "support": "c"})
    return s


def test_initial_state():
    assert ap.initial_state({}) == {"open": False, "revealed": False, "anonymous": True, "actions": []}
    assert ap.initial_state({"anonymous": False})["anonymous"] is False
    assert ap.SUPPORT_LEVELS == {"a": "Within the reviewed school", "b": "Within the partnership",
                                 "c": "Outside of the partnership"}


def test_propose_makes_a_named_draft():
    s = act(ap.initial_state(NAMED), "action.propose", {"text": " Shorter  pupil passports "}, SAM, seq=4)
    assert s["actions"] == [{"id": "c4", "text": "Shorter pupil passports", "when": "", "who": "", "support": None,
                             "status": "proposed", **UNFRAMED, "comments": [], "source": None, "author": 5,
                             "author_name": "Zebedee", "anonymous": False, "at": 50_000}]
    assert ap.private_view(s, 5) == {"mine": ["c4"]}
    assert ap.private_view(s, 6) == {"mine": []}
    assert ap.has_contributions(s)


def test_anonymous_setting_drops_names_of_new_proposals_and_comments():
    s = act(ap.initial_state(NAMED), "action.settings", {"anonymous": True})
    s = act(s, "action.propose", {"text": "x"}, SAM, seq=1)
    s = act(s, "action.comment", {"action": "c1", "text": "agree"}, ALEX)
    for audience in AUDIENCES:
        text = json.dumps(ap.view(s, audience))
        assert "Zebedee" not in text and "Alexandra" not in text
    assert_rejected(s, "action.settings", {"anonymous": 1}, FAC, "bad_request")
    assert_rejected(s, "action.settings", {"anonymous": False}, SAM, "forbidden")


def test_facilitator_adds_a_complete_action():
    s = act(ap.initial_state(NAMED), "action.add", full(when="by Easter", support="b"), seq=2)
    a = s["actions"][0]
    assert (a["text"], a["when"], a["who"], a["support"], a["status"], a["author_name"]) == (
        "Weekly TA planning slot", "by Easter", "SENCo and heads of year", "b", "proposed", None)
    s = act(s, "action.add", {"text": "Only the text"}, seq=3)
    assert s["actions"][1]["support"] is None and s["actions"][1]["who"] == ""


@pytest.mark.parametrize("payload, code", [
    ({}, "bad_request"), ({"text": ""}, "empty"), ({"text": "x" * 281}, "too_long"),
    ({"text": "x", "when": "y" * 61}, "too_long"), ({"text": "x", "who": "y" * 121}, "too_long"),
    ({"text": "x", "support": "d"}, "bad_request"), ({"text": "x", "support": "A"}, "bad_request"),
    ({"text": "x", "when": "2027-02-30"}, "bad_request"), ({"text": "x", "colour": "red"}, "bad_request"),
])
def test_bad_adds_are_refused(payload, code):
    assert_rejected(plan(), "action.add", payload, FAC, code)


def test_participants_cannot_add_or_steer():
    s = plan()
    assert_rejected(s, "action.add", full(), SAM, "forbidden")
    for kind, payload in [("action.update", {"action": "c1", "who": "me"}), ("action.confirm", {"action": "c2"}),
                          ("action.reopen", {"action": "c2"}), ("action.remove", {"action": "c1"}),
                          ("action.move", {"action": "c1", "position": 0}), ("action.import", {"cards": []})]:
        assert_rejected(s, kind, payload, SAM, "forbidden")


@pytest.mark.parametrize("payload, code", [({"text": ""}, "empty"), ({"text": "x" * 281}, "too_long"),
                                           ({}, "bad_request"), ({"text": 3}, "bad_request")])
def test_bad_proposals_are_refused(payload, code):
    assert_rejected(plan(), "action.propose", payload, SAM, code)


def test_plan_has_a_limit():
    s = plan()
    s = {**s, "actions": s["actions"] * 34}
    assert_rejected(s, "action.propose", {"text": "x"}, SAM, "limit")


def test_update_edits_any_field_and_clears_drafts():
    s = act(plan(), "action.update", {"action": "c1", "when": "2027-01-15", "who": "English dept", "support": "b",
                                      "text": "One-page pupil passports"})
    a = s["actions"][0]
    assert (a["text"], a["when"], a["who"], a["support"]) == ("One-page pupil passports", "2027-01-15", "English dept", "b")
    s = act(s, "action.update", {"action": "c1", "support": None, "who": ""})
    assert s["actions"][0]["support"] is None and s["actions"][0]["who"] == ""


@pytest.mark.parametrize("payload, code", [
    ({"action": "c1"}, "bad_request"), ({"action": "zz", "who": "x"}, "not_found"), ({"who": "x"}, "bad_request"),
    ({"action": "c1", "text": ""}, "empty"), ({"action": "c1", "support": "z"}, "bad_request"),
    ({"action": "c1", "when": "2027-13-01"}, "bad_request"), ({"action": "c1", "status": "confirmed"}, "bad_request"),
])
def test_bad_updates_are_refused(payload, code):
    assert_rejected(plan(), "action.update", payload, FAC, code)


def test_confirm_needs_text_who_when_and_support():
    s = plan()
    message = assert_rejected(s, "action.confirm", {"action": "c1"}, FAC, "empty")
    assert message == "Before confirming, add timings and deadlines, who will deliver it and the support level."
    assert_rejected(s, "action.confirm", {"action": "c3"}, FAC, "empty", says="who will deliver it")
    s = act(s, "action.confirm", {"action": "c2"})
    assert s["actions"][1]["status"] == "confirmed"
    assert_rejected(s, "action.confirm", {"action": "c2"}, FAC, "conflict")
    assert_rejected(s, "action.confirm", {"action": "nope"}, FAC, "not_found")


def test_a_confirmed_action_keeps_its_required_fields_until_reopened():
    s = act(plan(), "action.confirm", {"action": "c2"})
    s = act(s, "action.update", {"action": "c2", "when": "by Easter"})  # edits are fine
    assert s["actions"][1]["when"] == "by Easter" and s["actions"][1]["status"] == "confirmed"
    assert_rejected(s, "action.update", {"action": "c2", "support": None}, FAC, "conflict")
    assert_rejected(s, "action.update", {"action": "c2", "who": " "}, FAC, "conflict")
    s = act(s, "action.reopen", {"action": "c2"})
    assert s["actions"][1]["status"] == "proposed"
    assert_rejected(s, "action.reopen", {"action": "c2"}, FAC, "conflict")
    assert act(s, "action.update", {"action": "c2", "support": None})["actions"][1]["support"] is None


def test_remove_and_move():
    s = act(plan(), "action.move", {"action": "c3", "position": 0})
    assert [a["id"] for a in s["actions"]] == ["c3", "c1", "c2"]
    s = act(s, "action.move", {"action": "c3", "position": 2})
    assert [a["id"] for a in s["actions"]] == ["c1", "c2", "c3"]
    for bad in (-1, 3, "0", 1.0, True, None):
        assert_rejected(s, "action.move", {"action": "c3", "position": bad}, FAC, "bad_request")
    s = act(s, "action.remove", {"action": "c1"})
    assert [a["id"] for a in s["actions"]] == ["c2", "c3"]
    assert ap.private_view(s, 5) == {"mine": []}
    assert_rejected(s, "action.remove", {"action": "c1"}, FAC, "not_found")


def test_comments_from_phones_and_the_facilitator():
    s = act(plan(), "action.comment", {"action": "c2", "text": "Could start after half term"}, SAM, at=60_000)
    s = act(s, "action.comment", {"action": "c2", "text": "Needs cover budget"}, FAC, at=61_000)
    comments = ap.view(s, "board")["actions"][1]["comments"]
    assert comments == [{"text": "Could start after half term", "author_name": "Zebedee", "at": 60_000},
                        {"text": "Needs cover budget", "author_name": None, "at": 61_000}]
    assert_rejected(s, "action.comment", {"action": "c2", "text": ""}, SAM, "empty")
    assert_rejected(s, "action.comment", {"action": "c2", "text": "x" * 281}, SAM, "too_long")
    assert_rejected(s, "action.comment", {"action": "c9", "text": "x"}, SAM, "not_found")
    full_up = {**s, "actions": [{**a, "comments": a["comments"] * 25} for a in s["actions"]]}
    assert_rejected(full_up, "action.comment", {"action": "c2", "text": "x"}, SAM, "limit")


def test_import_turns_cards_into_drafts_keeping_their_source():
    cards = [{"text": "TAs briefed at the door", "author_name": "Jo", "source": {"activity": 4, "card": "c17"}},
             {"text": "No shared planning time", "author_name": None, "source": {"activity": 4, "card": "c18"}}]
    s = act(plan(), "action.import", {"cards": cards}, seq=40)
    new = s["actions"][3:]
    assert [(a["id"], a["text"], a["source"], a["author_name"], a["status"], a["support"]) for a in new] == [
        ("c40-0", "TAs briefed at the door", {"activity": 4, "card": "c17"}, "Jo", "proposed", None),
        ("c40-1", "No shared planning time", {"activity": 4, "card": "c18"}, None, "proposed", None)]
    s = act(ap.initial_state(NAMED), "action.import", {"cards": cards, "support": "b"}, seq=41)
    assert {a["support"] for a in s["actions"]} == {"b"}
    assert_rejected(plan(), "action.import", {"cards": cards, "support": "x"}, FAC, "bad_request")
    assert_rejected(plan(), "action.import", {"cards": "x"}, FAC, "bad_request")
    assert_rejected(plan(), "action.import", {"cards": cards * 49}, FAC, "limit")


def test_views_are_the_same_for_everyone_and_hold_no_participant_ids():
    s = plan()
    views = [ap.view(s, a) for a in AUDIENCES]
    assert views[0] == views[1] == views[2]
    v = views[0]
    assert v["count"] == 3 and v["confirmed"] == 0
    assert v["support_levels"][0] == {"id": "a", "label": "Within the reviewed school"}
    assert v["actions"][0] == {"id": "c1", "text": "Shorter pupil passports", "when": "", "who": "", "support": None,
                               "status": "proposed", **UNFRAMED, "author": "Zebedee", "source": None, "comments": []}
    assert '"author": 5' not in json.dumps(v) and '"author": 6' not in json.dumps(v)


def test_unknown_intents_and_bad_payloads():
    assert_rejected(plan(), "action.vote", {}, FAC, "unknown_intent")
    with pytest.raises(ToolError) as err:
        ap.apply(plan(), {"type": "action.propose", "payload": "x", "seq": 1, "at": 1}, SAM)
    assert err.value.code == "bad_request"


# --- the outcomes contract (the record and the export rely on it) -----------------------------------

def test_outcomes_are_confirmed_actions_grouped_by_support_level():
    s = plan()
    s = act(s, "action.update", {"action": "c1", "when": "by Easter", "who": "English dept", "support": "b"})
    s = act(s, "action.update", {"action": "c3", "when": "Summer term", "who": "Deputy head"})
    s = act(s, "action.comment", {"action": "c3", "text": "Ask the local authority"}, SAM)
    for a in ("c3", "c1", "c2"):
        s = act(s, "action.confirm", {"action": a})
    s = act(s, "action.propose", {"text": "still a draft"}, ALEX, seq=10)
    s = act(s, "action.move", {"action": "c3", "position": 0})
    assert ap.outcomes(s) == [
        {"id": "c2", "text": "Weekly TA planning slot", "author_name": None, "group": "Within the reviewed school",
         "source": None, "when": "2027-03-31", "who": "SENCo and heads of year", "support": "a", **UNFRAMED,
         "comments": []},
        {"id": "c1", "text": "Shorter pupil passports", "author_name": "Zebedee", "group": "Within the partnership",
         "source": None, "when": "by Easter", "who": "English dept", "support": "b", **UNFRAMED, "comments": []},
        {"id": "c3", "text": "Bring in an adaptive teaching trainer", "author_name": "Alexandra",
         "group": "Outside of the partnership", "source": None, "when": "Summer term", "who": "Deputy head",
         "support": "c", **UNFRAMED, "comments": ["Ask the local authority"]},
    ]
    assert ap.outcomes(plan()) == []
    assert [a["id"] for a in ap.ordered(s["actions"])] == ["c2", "c1", "c3", "c10"]


# --- how an action is framed: how it will be addressed, its success measure, terms of engagement -----

FRAMED = {"how": ["jpd", "mentoring", "jpd"], "how_other": " A trust  adviser ",
          "success": "Reading ages up by 6 months for the 20 pupils by July", "terms": "Fortnightly visits; JPD protocol"}


def test_add_and_update_frame_an_action_in_the_menus_order_with_duplicates_folded():
    s = act(ap.initial_state(NAMED), "action.add", {**full(support="b"), **FRAMED}, seq=2)
    a = s["actions"][0]
    assert (a["how"], a["how_other"], a["success"], a["terms"]) == (
        ["mentoring", "jpd"], "A trust adviser", FRAMED["success"], FRAMED["terms"])
    s = act(s, "action.update", {"action": "c2", "how": ["cpd_event"], "success": "Book looks show it"})
    a = s["actions"][0]
    assert (a["how"], a["how_other"], a["success"], a["terms"]) == (
        ["cpd_event"], "A trust adviser", "Book looks show it", FRAMED["terms"])
    s = act(s, "action.update", {"action": "c2", "how": None, "how_other": "", "terms": None})
    assert (s["actions"][0]["how"], s["actions"][0]["how_other"], s["actions"][0]["terms"]) == ([], "", "")


def test_a_confirmed_action_can_be_framed_and_a_framing_is_not_needed_to_confirm():
    s = act(plan(), "action.confirm", {"action": "c2"})
    s = act(s, "action.update", {"action": "c2", "how": ["lesson_study"], "success": "Observed in 8 of 10 lessons"})
    assert s["actions"][1]["status"] == "confirmed" and s["actions"][1]["how"] == ["lesson_study"]
    s = act(s, "action.update", {"action": "c2", "how": [], "success": ""})  # optional: clearing is fine
    assert s["actions"][1]["status"] == "confirmed" and s["actions"][1]["success"] == ""


@pytest.mark.parametrize("payload, code, says", [
    ({"how": ["mentoring", "coffee_morning"]}, "bad_request", "coffee_morning is not on the menu"),
    ({"how": "mentoring"}, "bad_request", "list of ways"),
    ({"how": [3]}, "bad_request", "list of ways"),
    ({"how_other": "x" * 201}, "too_long", "at most 200"),
    ({"success": "x" * 501}, "too_long", "at most 500"),
    ({"terms": "x" * 1001}, "too_long", "at most 1000"),
    ({"success": ["a"]}, "bad_request", "must be text"),
])
def test_bad_framings_are_refused_naming_what_is_wrong(payload, code, says):
    assert_rejected(plan(), "action.add", {"text": "x", **payload}, FAC, code, says=says)
    assert_rejected(plan(), "action.update", {"action": "c1", **payload}, FAC, code, says=says)


def test_framing_limits_are_the_reviews_and_reach_clients():
    from workshop import review
    from workshop.engine.limits import client_limits

    limits = client_limits()["action_plan"]
    assert (limits["how_other"], limits["success"], limits["terms"]) == (
        review.HOW_OTHER_LIMIT, review.SUCCESS_LIMIT, review.TERMS_LIMIT)
    s = act(plan(), "action.update", {"action": "c1", "how_other": "x" * review.HOW_OTHER_LIMIT,
                                      "success": "y" * review.SUCCESS_LIMIT, "terms": "z" * review.TERMS_LIMIT})
    assert len(s["actions"][0]["terms"]) == review.TERMS_LIMIT


def test_only_the_facilitator_frames_an_action_and_a_phone_may_say_what_would_show_it_worked():
    s = plan()
    assert_rejected(s, "action.update", {"action": "c1", "success": "mine"}, SAM, "forbidden")  # even its proposer
    assert_rejected(s, "action.update", {"action": "c1", "how": ["jpd"]}, SAM, "forbidden")
    s = act(s, "action.propose", {"text": "Pupil voice survey", "success": "  80% say  they get help "}, SAM, seq=9)
    assert (s["actions"][-1]["success"], s["actions"][-1]["how"]) == ("80% say they get help", [])
    assert_rejected(s, "action.propose", {"text": "x", "success": "y" * 501}, SAM, "too_long")
    assert tools.get("action_plan").PAYLOAD_KEYS["action.propose"] == {"text", "success"}
    with pytest.raises(ToolError) as err:
        tools.check_payload("action_plan", "action.propose", {"text": "x", "how": ["jpd"]})
    assert err.value.code == "bad_request"


def test_views_and_outcomes_carry_the_framing_and_the_menu():
    s = act(plan(), "action.update", {"action": "c2", **FRAMED})
    s = act(s, "action.confirm", {"action": "c2"})
    view = ap.view(s, "board")
    framed = {"how": ["mentoring", "jpd"], "how_other": "A trust adviser", "success": FRAMED["success"],
              "terms": FRAMED["terms"]}
    assert {k: view["actions"][1][k] for k in framed} == framed
    assert [(g["level"], g["label"], [w["id"] for w in g["ways"]]) for g in view["how_menu"]] == [
        ("a", "Within school", ["mentoring", "t2t_school", "lesson_study", "learning_walks"]),
        ("b", "Within or between partnerships", ["t2t_partnership", "jpd", "teachmeet", "action_research", "cpd_event"])]
    assert view["how_menu"][0]["ways"][0] == {"id": "mentoring", "label": "Mentoring and coaching"}
    assert {k: ap.outcomes(s)[0][k] for k in framed} == framed


def test_a_state_saved_before_framing_existed_still_shows():
    s = plan()
    old = {**s, "actions": [{k: v for k, v in a.items() if k not in UNFRAMED} for a in s["actions"]]}
    old = act(old, "action.confirm", {"action": "c2"})
    assert {k: ap.view(old, "board")["actions"][0][k] for k in UNFRAMED} == UNFRAMED
    assert {k: ap.outcomes(old)[0][k] for k in UNFRAMED} == UNFRAMED
    assert act(old, "action.update", {"action": "c1", "how": ["jpd"]})["actions"][0]["how"] == ["jpd"]


def test_the_schema_names_the_menus_ways_and_the_phones_success_limit():
    from workshop import review

    schema = pathlib.Path(__file__).resolve().parents[2] / "docs" / "protocol.schema.json"
    defs = json.loads(schema.read_text(encoding="utf-8"))["$defs"]
    assert defs["actionWay"]["enum"] == list(review.HOW)
    assert defs["payload:action.propose"]["properties"]["success"]["maxLength"] == review.SUCCESS_LIMIT
