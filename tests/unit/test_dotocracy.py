"""Dotocracy (dot voting) as a pure reducer plus its views."""
from __future__ import annotations

import copy
import json

import pytest

from workshop import tools
from workshop.tools import dotocracy
from workshop.tools.base import Actor, ToolError

FAC = Actor("facilitator")
SAM = Actor("participant", participant=5, name="Zebedee")
ALEX = Actor("participant", participant=6, name="Alexandra")
KIM = Actor("participant", participant=7, name="Kim")
AUDIENCES = ("facilitator", "board", "participant")


def intent(kind, payload=None, *, seq=900, at=50_000):
    return {"type": kind, "payload": {} if payload is None else payload, "at": at, "seq": seq}


def act(state, kind, payload=None, actor=FAC, *, seq=900, at=50_000):
    before = copy.deepcopy(state)
    after = tools.apply("dotocracy", state, intent(kind, payload, seq=seq, at=at), actor)
    assert state == before, f"{kind} mutated the state it was given"
    return after


def assert_rejected(state, kind, payload, actor, code):
    before = copy.deepcopy(state)
    with pytest.raises(ToolError) as err:
        tools.apply("dotocracy", state, intent(kind, payload, seq=77), actor)
    assert err.value.code == code, err.value.message
    assert err.value.message
    assert state == before, "a rejected intent mutated the state"
    return err.value.message


def place(state, actor, item, times=1):
    for _ in range(times):
        state = act(state, "dots.place", {"item": item}, actor)
    return state


def poll(**config):
    """Options c1 "Shared planning time", c2 "Shorter pupil passports", c3 "Termly SEND data" and
    c4 (removed). Budget 5, at most 3 per option unless configured."""
    s = act(dotocracy.initial_state(config), "activity.open")
    for seq, text in ((1, "Shared planning time"), (2, "Shorter pupil passports"), (3, "Termly SEND data"),
                      (4, "Removed option")):
        s = act(s, "dots.item_add", {"text": text}, seq=seq)
    return act(s, "dots.item_remove", {"item": "c4"})


def voted():
    """Sam: c1×3, c2×1. Alex: c2×2, c1×1. Kim: c3×1.  Totals c1 4, c2 3, c3 1."""
    s = place(poll(), SAM, "c1", 3)
    s = place(s, SAM, "c2")
    s = place(s, ALEX, "c2", 2)
    s = place(s, ALEX, "c1")
    return place(s, KIM, "c3")


def items_of(state, audience):
    return {i["id"]: i for i in dotocracy.view(state, audience)["items"]}


# --- initial state and config --------------------------------------------------------------

def test_initial_state_defaults():
    s = dotocracy.initial_state({})
    assert s == {"open": False, "revealed": False, "budget": 5, "per_item": 3, "live": False,
                 "items": [], "dots": {}}
    assert dotocracy.initial_state(None) == s
    assert not dotocracy.has_contributions(s)


def test_config_sets_budget_cap_live_and_items():
    s = dotocracy.initial_state({"dots": 3, "per_item": 1, "live": True, "items": ["  One  ", "Two"]})
    assert (s["budget"], s["per_item"], s["live"]) == (3, 1, True)
    assert [(i["id"], i["text"]) for i in s["items"]] == [("c0-0", "One"), ("c0-1", "Two")]


def test_small_budget_brings_default_cap_down():
    assert dotocracy.initial_state({"dots": 2})["per_item"] == 2


@pytest.mark.parametrize("config", [{"dots": 0}, {"dots": 11}, {"dots": "5"}, {"dots": True},
                                    {"dots": 3, "per_item": 4}, {"per_item": 0}, {"live": "yes"},
                                    {"items": "one"}, {"items": [""]}, {"items": ["x" * 281]}])
def test_bad_config_is_refused(config):
    with pytest.raises(ToolError) as err:
        dotocracy.initial_state(config)
    assert err.value.code in ("bad_request", "empty", "too_long")


# --- placing and taking back dots -----------------------------------------------------------

def test_place_and_private_view():
    s = place(poll(), SAM, "c1", 2)
    assert dotocracy.private_view(s, 5) == {"dots": {"c1": 2}, "placed": 2, "left": 3}
    assert dotocracy.private_view(s, 6) == {"dots": {}, "placed": 0, "left": 5}
    assert dotocracy.has_contributions(s)


def test_remove_takes_one_dot_back():
    s = place(poll(), SAM, "c1", 2)
    s = act(s, "dots.remove", {"item": "c1"}, SAM)
    assert dotocracy.private_view(s, 5) == {"dots": {"c1": 1}, "placed": 1, "left": 4}
    s = act(s, "dots.remove", {"item": "c1"}, SAM)
    assert dotocracy.private_view(s, 5) == {"dots": {}, "placed": 0, "left": 5}
    assert s["dots"] == {}  # nobody with zero dots counts as a voter
    assert not dotocracy.has_contributions(s)


def test_whole_budget_can_be_spread():
    s = poll(dots=5, per_item=3)
    s = place(place(place(s, SAM, "c1", 2), SAM, "c2", 2), SAM, "c3")
    assert dotocracy.private_view(s, 5)["left"] == 0


def test_over_budget_is_refused():
    s = place(place(poll(), SAM, "c1", 3), SAM, "c2", 2)
    message = assert_rejected(s, "dots.place", {"item": "c3"}, SAM, "limit")
    assert "5" in message


def test_over_the_per_item_cap_is_refused():
    s = place(poll(), SAM, "c1", 3)
    message = assert_rejected(s, "dots.place", {"item": "c1"}, SAM, "limit")
    assert "3" in message
    # another person is not affected by Sam's dots
    assert dotocracy.private_view(place(s, ALEX, "c1", 3), 6)["dots"] == {"c1": 3}


def test_one_dot_per_option_setting():
    s = place(poll(dots=3, per_item=1), SAM, "c1")
    assert_rejected(s, "dots.place", {"item": "c1"}, SAM, "limit")


REJECTIONS = [
    ("dots.place", {"item": "c99"}, SAM, "not_found"),
    ("dots.place", {"item": "c4"}, SAM, "not_found"),  # removed
    ("dots.place", {}, SAM, "bad_request"),
    ("dots.place", {"item": 1}, SAM, "bad_request"),
    ("dots.place", {"item": "c1"}, FAC, "forbidden"),
    ("dots.remove", {"item": "c3"}, SAM, "conflict"),  # none placed there
    ("dots.remove", {"item": "c99"}, SAM, "not_found"),
    ("dots.remove", {"item": "c1"}, FAC, "forbidden"),
    ("dots.settings", {"dots": 4}, SAM, "forbidden"),
    ("dots.settings", {"live": True}, SAM, "forbidden"),
    ("dots.settings", {}, FAC, "bad_request"),
    ("dots.settings", {"colour": "red"}, FAC, "bad_request"),
    ("dots.settings", {"dots": 0}, FAC, "bad_request"),
    ("dots.settings", {"dots": 11}, FAC, "bad_request"),
    ("dots.settings", {"dots": 4.0}, FAC, "bad_request"),
    ("dots.settings", {"dots": 6, "per_item": 7}, FAC, "bad_request"),
    ("dots.settings", {"per_item": 6}, FAC, "bad_request"),  # above the budget of 5
    ("dots.settings", {"live": "on"}, FAC, "bad_request"),
    ("dots.settings", {"dots": 3}, FAC, "conflict"),  # Sam placed 4
    ("dots.settings", {"per_item": 2}, FAC, "conflict"),  # Sam has 3 on c1
    ("dots.item_add", {"text": "mine"}, SAM, "forbidden"),
    ("dots.item_add", {"text": "  "}, FAC, "empty"),
    ("dots.item_add", {"text": "x" * 281}, FAC, "too_long"),
    ("dots.item_add", {"text": 3}, FAC, "bad_request"),
    ("dots.item_edit", {"item": "c1", "text": "x"}, SAM, "forbidden"),
    ("dots.item_edit", {"item": "c4", "text": "x"}, FAC, "not_found"),
    ("dots.item_edit", {"item": "c1", "text": ""}, FAC, "empty"),
    ("dots.item_remove", {"item": "c1"}, SAM, "forbidden"),
    ("dots.item_remove", {"item": "c1"}, FAC, "conflict"),  # has dots
    ("dots.item_remove", {"item": "c4"}, FAC, "not_found"),
    ("dots.import", {"cards": [{"text": "t", "source": None}]}, SAM, "forbidden"),
    ("dots.import", {"cards": []}, FAC, "bad_request"),
    ("dots.import", {"cards": [{"text": ""}]}, FAC, "bad_request"),
    ("dots.import", {"cards": [{"text": "t", "source": "x"}]}, FAC, "bad_request"),
    ("dots.nonsense", {}, FAC, "unknown_intent"),
    ("activity.reveal", {}, SAM, "forbidden"),
    ("activity.conceal", {}, SAM, "forbidden"),
]


@pytest.mark.parametrize("kind, payload, actor, code", REJECTIONS)
def test_rejections_change_nothing(kind, payload, actor, code):
    assert_rejected(voted(), kind, payload, actor, code)


def test_payload_must_be_an_object():
    with pytest.raises(ToolError) as err:
        tools.apply("dotocracy", poll(), {"type": "dots.place", "payload": ["c1"], "at": 1, "seq": 2}, SAM)
    assert err.value.code == "bad_request"


# --- settings --------------------------------------------------------------------------------

def test_settings_change_budget_cap_and_live():
    s = act(voted(), "dots.settings", {"dots": 8, "per_item": 4, "live": True})
    assert (s["budget"], s["per_item"], s["live"]) == (8, 4, True)
    assert dotocracy.private_view(s, 5)["left"] == 4
    s = act(s, "dots.settings", {"live": False})
    assert (s["budget"], s["per_item"], s["live"]) == (8, 4, False)


def test_lowering_the_budget_to_what_is_placed_is_allowed_and_lowers_the_cap():
    s = act(voted(), "dots.settings", {"dots": 4})  # Sam placed 4 (3 on c1)
    assert (s["budget"], s["per_item"]) == (4, 3)
    assert_rejected(s, "dots.place", {"item": "c3"}, SAM, "limit")
    s = act(place(poll(), SAM, "c1"), "dots.settings", {"dots": 2})
    assert (s["budget"], s["per_item"]) == (2, 2)


def test_nobody_can_vote_on_a_removed_option_and_it_is_shown_nowhere():
    s = voted()
    for audience in AUDIENCES:
        assert "c4" not in items_of(s, audience)
        assert "Removed option" not in json.dumps(dotocracy.view(s, audience))
    assert "c4" not in [c["id"] for c in dotocracy.outcomes(s)]


# --- items -----------------------------------------------------------------------------------

def test_item_add_edit_remove():
    s = act(poll(), "dots.item_add", {"text": "  Coaching   pairs "}, seq=20)
    assert items_of(s, "board")["c20"] == {"id": "c20", "text": "Coaching pairs", "author": None, "source": None}
    s = act(s, "dots.item_edit", {"item": "c20", "text": "Coaching trios"})
    assert items_of(s, "board")["c20"]["text"] == "Coaching trios"
    s = act(s, "dots.item_remove", {"item": "c20"})
    assert "c20" not in items_of(s, "facilitator")


def test_an_option_whose_dots_were_taken_back_can_be_removed():
    s = act(place(poll(), SAM, "c3"), "dots.remove", {"item": "c3"}, SAM)
    s = act(s, "dots.item_remove", {"item": "c3"})
    assert list(items_of(s, "board")) == ["c1", "c2"]


def test_items_limit():
    s = dotocracy.initial_state({"items": [f"option {n}" for n in range(50)]})
    assert_rejected(s, "dots.item_add", {"text": "one more"}, FAC, "limit")
    assert_rejected(s, "dots.import", {"cards": [{"text": "x", "source": None}]}, FAC, "limit")


def test_import_keeps_source_and_skips_cards_already_here():
    cards = [{"text": "Shared planning", "author_name": "Zebedee", "source": {"activity": 3, "card": "c9"}},
             {"text": "Passports", "author_name": None, "source": {"activity": 3, "card": "c11"}}]
    s = act(dotocracy.initial_state({}), "dots.import", {"cards": cards}, seq=40)
    assert dotocracy.view(s, "board")["items"] == [
        {"id": "c40-0", "text": "Shared planning", "author": "Zebedee", "source": {"activity": 3, "card": "c9"}},
        {"id": "c40-1", "text": "Passports", "author": None, "source": {"activity": 3, "card": "c11"}}]
    more = [*cards, {"text": "New one", "author_name": None, "source": {"activity": 3, "card": "c12"}}]
    s = act(s, "dots.import", {"cards": more}, seq=41)
    assert [i["id"] for i in dotocracy.view(s, "board")["items"]] == ["c40-0", "c40-1", "c41-2"]
    assert_rejected(s, "dots.import", {"cards": cards}, FAC, "conflict")


def test_import_keeps_long_texts_from_other_tools():
    s = act(dotocracy.initial_state({}), "dots.import", {"cards": [{"text": "y" * 900, "source": None}]}, seq=3)
    assert dotocracy.view(s, "board")["items"][0]["text"] == "y" * 900


# --- views: nothing leaks before the reveal -----------------------------------------------------

def everything_the_room_gets(state):
    return json.dumps([dotocracy.view(state, "board"), dotocracy.view(state, "participant")])


def test_before_reveal_the_room_sees_only_how_many_voted():
    s = voted()
    for audience in ("board", "participant"):
        v = dotocracy.view(s, audience)
        assert v["shown"] is False
        assert (v["voters"], v["dots_placed"]) == (3, 8)
        for item in v["items"]:
            assert set(item) == {"id", "text", "author", "source"}
        assert [i["id"] for i in v["items"]] == ["c1", "c2", "c3"]  # the order added, not the ranking
    room = everything_the_room_gets(s)
    assert '"votes"' not in room and '"rank"' not in room
    # and no participant id or name anywhere
    for audience in AUDIENCES:
        text = json.dumps(dotocracy.view(s, audience))
        assert "Zebedee" not in text and '"5"' not in text and '"6"' not in text


def test_facilitator_always_sees_the_counts():
    v = items_of(voted(), "facilitator")
    assert {k: (i["votes"], i["rank"], i["tied"]) for k, i in v.items()} == {
        "c1": (4, 1, False), "c2": (3, 2, False), "c3": (1, 3, False)}
    assert dotocracy.view(voted(), "facilitator")["shown"] is False


def test_after_reveal_everyone_sees_the_counts():
    s = act(voted(), "activity.reveal")
    for audience in AUDIENCES:
        v = dotocracy.view(s, audience)
        assert v["shown"] is True
        assert {i["id"]: i["votes"] for i in v["items"]} == {"c1": 4, "c2": 3, "c3": 1}
    s = act(s, "activity.conceal")
    assert '"votes"' not in everything_the_room_gets(s)


def test_live_results_show_counts_without_a_reveal():
    s = act(voted(), "dots.settings", {"live": True})
    assert items_of(s, "board")["c1"]["votes"] == 4
    assert dotocracy.view(s, "participant")["shown"] is True


def test_ties_share_a_rank():
    s = place(place(place(poll(), SAM, "c3", 2), ALEX, "c2", 2), KIM, "c1")
    assert [(c["id"], c["votes"], c["rank"], c["tied"]) for c in dotocracy.outcomes(s)] == [
        ("c2", 2, 1, True), ("c3", 2, 1, True), ("c1", 1, 3, False)]


def test_no_votes_everything_tied_in_order():
    assert [(c["id"], c["rank"], c["tied"]) for c in dotocracy.outcomes(poll())] == [
        ("c1", 1, True), ("c2", 1, True), ("c3", 1, True)]


def test_private_view_is_only_your_own():
    s = voted()
    assert dotocracy.private_view(s, 5) == {"dots": {"c1": 3, "c2": 1}, "placed": 4, "left": 1}
    assert dotocracy.private_view(s, 6) == {"dots": {"c2": 2, "c1": 1}, "placed": 3, "left": 2}
    assert dotocracy.private_view(s, 99) == {"dots": {}, "placed": 0, "left": 5}


# --- outcomes ----------------------------------------------------------------------------------

def test_outcomes_in_rank_order_with_counts_and_source():
    cards = [{"text": "From the wall", "author_name": "Zebedee", "source": {"activity": 2, "card": "c8"}}]
    s = act(voted(), "dots.import", {"cards": cards}, seq=50)
    s = place(s, KIM, "c50-0", 3)
    assert dotocracy.outcomes(s) == [
        {"id": "c1", "text": "Shared planning time", "author_name": None, "group": None, "source": None,
         "votes": 4, "rank": 1, "tied": False},
        {"id": "c2", "text": "Shorter pupil passports", "author_name": None, "group": None, "source": None,
         "votes": 3, "rank": 2, "tied": True},
        {"id": "c50-0", "text": "From the wall", "author_name": "Zebedee", "group": None,
         "source": {"activity": 2, "card": "c8"}, "votes": 3, "rank": 2, "tied": True},
        {"id": "c3", "text": "Termly SEND data", "author_name": None, "group": None, "source": None,
         "votes": 1, "rank": 4, "tied": False},
    ]


@pytest.mark.parametrize("kind, payload, actor", [
    ("dots.place", {"item": "c3"}, SAM), ("dots.remove", {"item": "c1"}, SAM),
    ("dots.settings", {"dots": 7}, FAC), ("dots.item_add", {"text": "new"}, FAC),
    ("dots.item_edit", {"item": "c1", "text": "changed"}, FAC),
    ("dots.import", {"cards": [{"text": "t", "author_name": None, "source": {"activity": 1, "card": "c1"}}]}, FAC),
])
def test_accepted_intents_do_not_mutate_their_input(kind, payload, actor):
    state = voted()
    before = copy.deepcopy(state)
    after = tools.apply("dotocracy", state, intent(kind, payload), actor)
    assert state == before and after != before


def test_state_and_views_are_json():
    s = act(voted(), "activity.reveal")
    assert json.loads(json.dumps(s)) == s
    for audience in AUDIENCES:
        json.dumps(dotocracy.view(s, audience))
    json.dumps(dotocracy.outcomes(s))
