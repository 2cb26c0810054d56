"""RAG rating as a pure reducer plus its views."""
from __future__ import annotations

import copy
import json

import pytest

from workshop import tools
from workshop.tools import rag_rating
from workshop.tools.base import Actor, ToolError

FAC = Actor("facilitator")
SAM = Actor("participant", participant=5, name="Zebedee")
ALEX = Actor("participant", participant=6, name="Alexandra")
KIM = Actor("participant", participant=7, name="Kim")
AUDIENCES = ("facilitator", "board", "participant")
LONG = ("To what extent do adaptations planned for pupils with SEND in Key Stage 3 lessons outside the "
        "learning support base reflect what their pupil passports say, and how do we know?")


def intent(kind, payload=None, *, seq=900, at=50_000):
    return {"type": kind, "payload": {} if payload is None else payload, "at": at, "seq": seq}


def act(state, kind, payload=None, actor=FAC, *, seq=900, at=50_000):
    before = copy.deepcopy(state)
    after = tools.apply("rag_rating", state, intent(kind, payload, seq=seq, at=at), actor)
    assert state == before, f"{kind} mutated the state it was given"
    return after


def rate(state, actor, item, rating, comment=None):
    payload = {"item": item, "rating": rating}
    if comment is not None:
        payload["comment"] = comment
    return act(state, "rag.rate", payload, actor)


def assert_rejected(state, kind, payload, actor, code):
    before = copy.deepcopy(state)
    with pytest.raises(ToolError) as err:
        tools.apply("rag_rating", state, intent(kind, payload, seq=77), actor)
    assert err.value.code == code, err.value.message
    assert err.value.message
    assert state == before, "a rejected intent mutated the state"


def sheet(**config):
    """Items c1 (long question), c2 "Passports are used in planning", c3 "TAs briefed before lessons", c4 removed."""
    s = act(rag_rating.initial_state(config), "activity.open")
    for seq, text in ((1, LONG), (2, "Passports are used in planning"), (3, "TAs briefed before lessons"),
                      (4, "Removed item")):
        s = act(s, "rag.item_add", {"text": text}, seq=seq)
    return act(s, "rag.item_remove", {"item": "c4"})


def rated():
    """c1: red, red, amber.  c2: green (Sam, with a comment), amber (Alex).  c3: nobody."""
    s = rate(sheet(), SAM, "c1", "red", "Seen in two lessons only")
    s = rate(s, ALEX, "c1", "red")
    s = rate(s, KIM, "c1", "amber")
    s = rate(s, SAM, "c2", "green", "  Used  well in maths ")
    return rate(s, ALEX, "c2", "amber")


def items_of(state, audience):
    return {i["id"]: i for i in rag_rating.view(state, audience)["items"]}


# --- initial state -------------------------------------------------------------------------

def test_initial_state():
    s = rag_rating.initial_state({})
    assert s == {"open": False, "revealed": False, "live": False, "items": [], "ratings": {}}
    assert not rag_rating.has_contributions(s)
    s = rag_rating.initial_state({"items": ["Q1", "Q2"], "live": True})
    assert [(i["id"], i["text"], i["agreed"]) for i in s["items"]] == [("c0-0", "Q1", None), ("c0-1", "Q2", None)]
    assert s["live"] is True


@pytest.mark.parametrize("config", [{"live": 1}, {"items": [3]}, {"items": ["x" * 281]}, {"items": {}}])
def test_bad_config_is_refused(config):
    with pytest.raises(ToolError):
        rag_rating.initial_state(config)


def test_long_item_texts_are_fine():
    assert items_of(sheet(), "board")["c1"]["text"] == LONG
    s = act(sheet(), "rag.item_add", {"text": "z" * 280}, seq=10)
    assert items_of(s, "board")["c10"]["text"] == "z" * 280


# --- rating --------------------------------------------------------------------------------

def test_rate_rerate_and_clear():
    s = rate(sheet(), SAM, "c1", "red", "  not  yet ")
    assert rag_rating.private_view(s, 5) == {"ratings": {"c1": {"rating": "red", "comment": "not yet"}}}
    s = rate(s, SAM, "c1", "amber")  # re-rating replaces, comment included
    assert rag_rating.private_view(s, 5) == {"ratings": {"c1": {"rating": "amber", "comment": ""}}}
    assert rag_rating.has_contributions(s)
    s = act(s, "rag.clear", {"item": "c1"}, SAM)
    assert rag_rating.private_view(s, 5) == {"ratings": {}}
    assert s["ratings"] == {} and not rag_rating.has_contributions(s)


def test_private_view_is_only_your_own():
    s = rated()
    assert rag_rating.private_view(s, 6) == {"ratings": {"c1": {"rating": "red", "comment": ""},
                                                         "c2": {"rating": "amber", "comment": ""}}}
    assert rag_rating.private_view(s, 99) == {"ratings": {}}


REJECTIONS = [
    ("rag.rate", {"item": "c1", "rating": "blue"}, SAM, "bad_request"),
    ("rag.rate", {"item": "c1", "rating": "RED"}, SAM, "bad_request"),
    ("rag.rate", {"item": "c1"}, SAM, "bad_request"),
    ("rag.rate", {"item": "c1", "rating": None}, SAM, "bad_request"),
    ("rag.rate", {"item": "c1", "rating": "red", "comment": "x" * 141}, SAM, "too_long"),
    ("rag.rate", {"item": "c1", "rating": "red", "comment": 5}, SAM, "bad_request"),
    ("rag.rate", {"item": "c99", "rating": "red"}, SAM, "not_found"),
    ("rag.rate", {"item": "c4", "rating": "red"}, SAM, "not_found"),
    ("rag.rate", {"rating": "red"}, SAM, "bad_request"),
    ("rag.rate", {"item": "c1", "rating": "red"}, FAC, "forbidden"),
    ("rag.clear", {"item": "c3"}, SAM, "conflict"),
    ("rag.clear", {"item": "c99"}, SAM, "not_found"),
    ("rag.clear", {"item": "c1"}, FAC, "forbidden"),
    ("rag.agree", {"item": "c1", "rating": "red"}, SAM, "forbidden"),
    ("rag.agree", {"item": "c1", "rating": "purple"}, FAC, "bad_request"),
    ("rag.agree", {"item": "c1"}, FAC, "bad_request"),
    ("rag.agree", {"item": "c99", "rating": "red"}, FAC, "not_found"),
    ("rag.settings", {"live": True}, SAM, "forbidden"),
    ("rag.settings", {"live": "yes"}, FAC, "bad_request"),
    ("rag.settings", {}, FAC, "bad_request"),
    ("rag.settings", {"live": True, "x": 1}, FAC, "bad_request"),
    ("rag.item_add", {"text": "mine"}, SAM, "forbidden"),
    ("rag.item_add", {"text": " "}, FAC, "empty"),
    ("rag.item_add", {"text": "x" * 281}, FAC, "too_long"),
    ("rag.item_edit", {"item": "c1", "text": "x"}, SAM, "forbidden"),
    ("rag.item_edit", {"item": "c99", "text": "x"}, FAC, "not_found"),
    ("rag.item_remove", {"item": "c1"}, FAC, "conflict"),  # has ratings
    ("rag.item_remove", {"item": "c3"}, SAM, "forbidden"),
    ("rag.import", {"cards": [{"text": "t", "source": None}]}, SAM, "forbidden"),
    ("rag.import", {}, FAC, "bad_request"),
    ("rag.whatever", {}, FAC, "unknown_intent"),
    ("activity.reveal", {}, SAM, "forbidden"),
]


@pytest.mark.parametrize("kind, payload, actor, code", REJECTIONS)
def test_rejections_change_nothing(kind, payload, actor, code):
    assert_rejected(rated(), kind, payload, actor, code)


# --- agreeing -------------------------------------------------------------------------------

def test_agreed_defaults_to_most_common_and_can_be_set_and_reset():
    s = rated()
    v = items_of(s, "facilitator")
    assert (v["c1"]["suggested"], v["c1"]["agreed"], v["c1"]["rag"]) == ("red", None, "red")
    assert v["c3"]["rag"] is None and v["c3"]["responses"] == 0
    s = act(s, "rag.agree", {"item": "c1", "rating": "amber"})
    v = items_of(s, "facilitator")
    assert (v["c1"]["suggested"], v["c1"]["agreed"], v["c1"]["rag"]) == ("red", "amber", "amber")
    s = act(s, "rag.agree", {"item": "c1", "rating": None})
    assert items_of(s, "facilitator")["c1"]["rag"] == "red"


def test_agree_on_an_unrated_item():
    s = act(rated(), "rag.agree", {"item": "c3", "rating": "green"})
    assert items_of(s, "facilitator")["c3"]["rag"] == "green"


@pytest.mark.parametrize("dist, expected", [
    ({"red": 0, "amber": 0, "green": 0}, None),
    ({"red": 1, "amber": 1, "green": 1}, "red"),
    ({"red": 0, "amber": 2, "green": 2}, "amber"),
    ({"red": 2, "amber": 0, "green": 2}, "red"),
    ({"red": 1, "amber": 0, "green": 3}, "green"),
])
def test_tie_rule_goes_to_the_less_favourable_rating(dist, expected):
    assert rag_rating.most_common(dist) == expected


def test_split_item_suggests_the_less_favourable():
    assert items_of(rated(), "facilitator")["c2"]["suggested"] == "amber"  # green 1, amber 1


# --- views ------------------------------------------------------------------------------------

def test_before_reveal_the_room_sees_no_ratings():
    s = act(rated(), "rag.agree", {"item": "c1", "rating": "amber"})
    for audience in ("board", "participant"):
        v = rag_rating.view(s, audience)
        assert v["shown"] is False and v["raters"] == 3
        for item in v["items"]:
            assert set(item) == {"id", "text", "author", "source"}
        text = json.dumps(v)
        for word in ('"red"', '"amber"', '"green"', "Seen in two lessons", "distribution"):
            assert word not in text


def test_facilitator_sees_distribution_and_comments_without_names():
    v = items_of(rated(), "facilitator")
    assert v["c1"]["distribution"] == {"red": 2, "amber": 1, "green": 0}
    assert v["c2"]["comments"] == [{"rating": "green", "text": "Used well in maths"}]
    assert v["c1"]["comments"] == [{"rating": "red", "text": "Seen in two lessons only"}]
    for audience in AUDIENCES:
        text = json.dumps(rag_rating.view(act(rated(), "activity.reveal"), audience))
        assert "Zebedee" not in text and "Alexandra" not in text and '"5"' not in text


def test_after_reveal_or_live_everyone_sees_the_spread():
    for s in (act(rated(), "activity.reveal"), act(rated(), "rag.settings", {"live": True})):
        for audience in AUDIENCES:
            v = items_of(s, audience)
            assert v["c1"]["distribution"] == {"red": 2, "amber": 1, "green": 0}
            assert v["c1"]["rag"] == "red"
            assert rag_rating.view(s, audience)["shown"] is True


def test_comments_are_grouped_red_amber_green():
    s = rate(rate(sheet(), SAM, "c3", "green", "fine"), ALEX, "c3", "red", "not at all")
    assert [c["rating"] for c in items_of(s, "facilitator")["c3"]["comments"]] == ["red", "green"]


def test_removed_items_appear_nowhere():
    s = rated()
    for audience in AUDIENCES:
        assert "Removed item" not in json.dumps(rag_rating.view(s, audience))
    assert "c4" not in [c["id"] for c in rag_rating.outcomes(s)]


def test_item_edit_and_remove_unrated():
    s = act(rated(), "rag.item_edit", {"item": "c3", "text": "TAs get the plan the day before"})
    assert items_of(s, "board")["c3"]["text"] == "TAs get the plan the day before"
    s = act(s, "rag.item_remove", {"item": "c3"})
    assert "c3" not in items_of(s, "facilitator")


def test_import_keeps_source():
    cards = [{"text": "Agreed action: TA briefings", "author_name": None, "source": {"activity": 9, "card": "c3"}}]
    s = act(rag_rating.initial_state({}), "rag.import", {"cards": cards}, seq=30)
    assert rag_rating.view(s, "board")["items"] == [
        {"id": "c30-0", "text": "Agreed action: TA briefings", "author": None, "source": {"activity": 9, "card": "c3"}}]
    s = rate(act(s, "activity.open"), SAM, "c30-0", "amber")
    assert rag_rating.outcomes(s)[0]["source"] == {"activity": 9, "card": "c3"}


# --- outcomes ------------------------------------------------------------------------------------

def test_outcomes_red_first_then_amber_green_unrated():
    s = act(rated(), "rag.agree", {"item": "c3", "rating": "green"})
    s = act(s, "rag.item_add", {"text": "Nobody rated this"}, seq=20)
    out = rag_rating.outcomes(s)
    assert [(c["id"], c["rag"], c["group"], c["agreed"]) for c in out] == [
        ("c1", "red", "Red", False), ("c2", "amber", "Amber", False), ("c3", "green", "Green", True),
        ("c20", None, None, False)]
    assert out[0]["distribution"] == {"red": 2, "amber": 1, "green": 0}
    assert out[0]["responses"] == 3
    assert out[0]["text"] == LONG and out[0]["source"] is None and out[0]["author_name"] is None


@pytest.mark.parametrize("kind, payload, actor", [
    ("rag.rate", {"item": "c3", "rating": "green"}, SAM), ("rag.clear", {"item": "c1"}, SAM),
    ("rag.agree", {"item": "c1", "rating": "green"}, FAC), ("rag.settings", {"live": True}, FAC),
    ("rag.item_add", {"text": "new"}, FAC), ("rag.item_edit", {"item": "c1", "text": "changed"}, FAC),
    ("rag.import", {"cards": [{"text": "t", "author_name": None, "source": {"activity": 1, "card": "c1"}}]}, FAC),
])
def test_accepted_intents_do_not_mutate_their_input(kind, payload, actor):
    state = rated()
    before = copy.deepcopy(state)
    after = tools.apply("rag_rating", state, intent(kind, payload), actor)
    assert state == before and after != before


def test_state_and_views_are_json():
    s = act(rated(), "activity.reveal")
    assert json.loads(json.dumps(s)) == s
    for audience in AUDIENCES:
        json.dumps(rag_rating.view(s, audience))
    json.dumps(rag_rating.outcomes(s))
