"""Tables in the voting tools (issue 12): a table's ballot weighs its head count or counts once
(`table_counts`), results by table (`by_table`) show tables only and fold tables under 3 people,
and a state where only people voted stays exactly as it was. Pure reducers (tools.tables)."""
from __future__ import annotations

import copy

import pytest

from workshop import tools
from workshop.engine import identity
from workshop.tools import dotocracy, rag_rating, ties
from workshop.tools import tables as table_rules
from workshop.tools.base import Actor, ToolError

FAC = Actor("facilitator")
ANNA = Actor("participant", participant="a" + "1" * 20)
BEN = Actor("participant", participant="a" + "2" * 20)
T3 = Actor("participant", participant="a" + "3" * 20, weight=6, table="Table 3")
T1 = Actor("participant", participant="a" + "4" * 20, weight=4, table="Table 1")
PAIR = Actor("participant", participant="a" + "5" * 20, weight=2, table="Window pair")
AUDIENCES = ("facilitator", "board", "participant")


def run(tool, state, kind, payload=None, actor=FAC, seq=900):
    before = copy.deepcopy(state)
    after = tools.apply(tool, state, {"type": kind, "payload": payload or {}, "at": 1000, "seq": seq}, actor)
    assert state == before, f"{kind} mutated the state it was given"
    return after


def refused(tool, state, kind, payload, actor, code):
    before = copy.deepcopy(state)
    with pytest.raises(ToolError) as err:
        tools.apply(tool, state, {"type": kind, "payload": payload, "at": 1, "seq": 2}, actor)
    assert err.value.code == code and err.value.message
    assert state == before
    return err.value.message


def dots_state(**config):
    return run("dotocracy", dotocracy.initial_state({"items": ["Reading", "Homework", "Behaviour"], **config}),
               "activity.open")


def place(state, actor, item, times=1):
    for _ in range(times):
        state = run("dotocracy", state, "dots.place", {"item": item}, actor)
    return state


def votes(state, audience="facilitator"):
    return {i["id"]: i.get("votes") for i in dotocracy.view(state, audience)["items"]}


# --- dotocracy -------------------------------------------------------------------------------

def test_a_persons_dots_leave_the_state_as_it_was_before_tables():
    state = place(dots_state(), ANNA, "c0-0", 2)
    assert "tables" not in state and "table_counts" not in state and "by_table" not in state
    assert state["dots"] == {ANNA.participant: {"c0-0": 2}}


def test_a_tables_dots_count_for_each_person_at_it_by_default():
    state = place(place(dots_state(), T3, "c0-1", 2), ANNA, "c0-0", 3)
    assert state["tables"] == {T3.participant: {"name": "Table 3", "people": 6}}
    assert state["dots"][T3.participant] == {"c0-1": 2}  # the ballot itself is as a person's
    assert votes(state) == {"c0-0": 3, "c0-1": 12, "c0-2": 0}
    assert [r["item"]["id"] for r in dotocracy.ranked(state)][:2] == ["c0-1", "c0-0"]
    view = dotocracy.view(state, "board")
    assert view["voters"] == 2 and view["people_voted"] == 7 and view["dots_placed"] == 5
    assert view["table_counts"] == "per_person" and view["by_table"] is False


def test_once_counts_a_table_as_one_voter_and_switching_back_re_tallies():
    state = place(place(dots_state(), T3, "c0-1", 2), ANNA, "c0-0", 3)
    once = run("dotocracy", state, "dots.settings", {"table_counts": "once"})
    assert votes(once) == {"c0-0": 3, "c0-1": 2, "c0-2": 0}
    assert dotocracy.outcomes(once)[0]["id"] == "c0-0"
    again = run("dotocracy", once, "dots.settings", {"table_counts": "per_person"})
    assert votes(again) == votes(state)
    # settable during the vote: the ballots stay, only the tally changes
    assert once["dots"] == state["dots"]


def test_the_table_setting_is_the_facilitators_and_is_checked():
    state = dots_state()
    refused("dotocracy", state, "dots.settings", {"table_counts": "twice"}, FAC, "bad_request")
    refused("dotocracy", state, "dots.settings", {"table_counts": None}, FAC, "bad_request")
    refused("dotocracy", state, "dots.settings", {"by_table": "yes"}, FAC, "bad_request")
    refused("dotocracy", state, "dots.settings", {"table_counts": "once"}, T3, "forbidden")
    both = run("dotocracy", state, "dots.settings", {"table_counts": "once", "by_table": True, "live": True})
    assert (both["table_counts"], both["by_table"], both["live"]) == ("once", True, True)


def test_ties_are_cut_on_the_weighted_tally():
    # per person: Table 1 (4) and Anna+Ben (2 dots each on the other) -> 4 vs 4: a tie
    state = place(place(place(dots_state(), T1, "c0-0"), ANNA, "c0-1", 2), BEN, "c0-1", 2)
    ranked = dotocracy.outcomes(state)
    assert [c["votes"] for c in ranked[:2]] == [4, 4] and ranked[0]["tied"]
    with pytest.raises(ties.TieError):
        ties.take_top(ranked, ties.RANKED_BY["dotocracy"], 1, None, "options")
    once = dotocracy.outcomes(run("dotocracy", state, "dots.settings", {"table_counts": "once"}))
    assert [c["id"] for c in ties.take_top(once, "votes", 1, None, "options")] == ["c0-1"]


def test_a_table_taking_a_dot_back_and_removing_an_item_with_its_dots():
    state = place(dots_state(), T3, "c0-2")
    refused("dotocracy", state, "dots.item_remove", {"item": "c0-2"}, FAC, "conflict")
    back = run("dotocracy", state, "dots.remove", {"item": "c0-2"}, T3)
    assert votes(back)["c0-2"] == 0
    assert run("dotocracy", back, "dots.item_remove", {"item": "c0-2"})["items"][2]["removed"]


def test_the_weight_is_the_one_the_tables_latest_vote_was_cast_with():
    state = place(dots_state(), T3, "c0-0")
    smaller = Actor("participant", participant=T3.participant, weight=5, table="Table 3")
    state = place(state, smaller, "c0-1")
    assert state["tables"][T3.participant]["people"] == 5
    assert votes(state) == {"c0-0": 5, "c0-1": 5, "c0-2": 0}


def by_table_state():
    state = place(dots_state(), T3, "c0-1", 2)
    state = place(state, T1, "c0-0")
    state = place(state, PAIR, "c0-2", 3)
    state = place(state, ANNA, "c0-2", 3)
    return run("dotocracy", state, "dots.settings", {"by_table": True})


def test_results_by_table_show_tables_only_and_fold_a_table_under_three():
    state = by_table_state()
    view = dotocracy.view(state, "facilitator")
    assert view["tables"] == [{"name": "Table 1", "people": 4, "votes": {"c0-0": 1}},
                              {"name": "Table 3", "people": 6, "votes": {"c0-1": 2}}]
    assert view["tables_folded"] == 1  # the pair's dots are only in the room's total
    assert votes(state)["c0-2"] == 3 * 2 + 3  # the pair (2 people) and Anna
    text = repr(view)
    assert "Window pair" not in text and ANNA.participant not in text and T3.participant not in text


def test_results_by_table_wait_for_the_results_like_the_counts():
    state = by_table_state()
    for audience in ("board", "participant"):
        assert "tables" not in dotocracy.view(state, audience)
    shown = run("dotocracy", state, "activity.reveal")
    for audience in AUDIENCES:
        assert [t["name"] for t in dotocracy.view(shown, audience)["tables"]] == ["Table 1", "Table 3"]
    off = run("dotocracy", shown, "dots.settings", {"by_table": False})
    for audience in AUDIENCES:
        assert "tables" not in dotocracy.view(off, audience)


def test_a_tables_dots_on_a_removed_option_are_not_shown_by_table():
    state = run("dotocracy", dots_state(), "dots.item_add", {"text": "Attendance"}, seq=50)
    state = place(state, T3, "c50")
    state = run("dotocracy", state, "dots.remove", {"item": "c50"}, T3)
    state = run("dotocracy", state, "dots.item_remove", {"item": "c50"})
    state = place(state, T3, "c0-0")
    state = run("dotocracy", state, "dots.settings", {"by_table": True})
    assert dotocracy.view(state, "facilitator")["tables"][0]["votes"] == {"c0-0": 1}


# --- RAG rating ------------------------------------------------------------------------------

def rag_state():
    return run("rag_rating", rag_rating.initial_state({"items": ["Phonics", "Maths"]}), "activity.open")


def rate(state, actor, item, rating):
    return run("rag_rating", state, "rag.rate", {"item": item, "rating": rating}, actor)


def test_rag_a_tables_rating_counts_per_person_or_once():
    state = rate(rate(rate(rag_state(), T3, "c0-0", "green"), ANNA, "c0-0", "red"), BEN, "c0-0", "red")
    assert rag_rating.distribution(state, "c0-0") == {"red": 2, "amber": 0, "green": 6}
    assert rag_rating.outcomes(state)[0]["rag"] == "green" or rag_rating.outcomes(state)[1]["rag"] == "green"
    card = next(c for c in rag_rating.outcomes(state) if c["id"] == "c0-0")
    assert card["rag"] == "green" and card["responses"] == 8
    once = run("rag_rating", state, "rag.settings", {"table_counts": "once"})
    assert rag_rating.distribution(once, "c0-0") == {"red": 2, "amber": 0, "green": 1}
    assert next(c for c in rag_rating.outcomes(once) if c["id"] == "c0-0")["rag"] == "red"
    view = rag_rating.view(state, "board")
    assert view["raters"] == 3 and view["people_rated"] == 8


def test_rag_settings_take_live_and_the_table_settings_alone_or_together():
    state = rag_state()
    assert run("rag_rating", state, "rag.settings", {"live": True})["live"] is True
    assert run("rag_rating", state, "rag.settings", {"by_table": True})["live"] is False
    refused("rag_rating", state, "rag.settings", {}, FAC, "bad_request")
    refused("rag_rating", state, "rag.settings", {"colour": "red"}, FAC, "bad_request")
    refused("rag_rating", state, "rag.settings", {"table_counts": "sometimes"}, FAC, "bad_request")
    refused("rag_rating", state, "rag.settings", {"by_table": True}, T1, "forbidden")


def test_rag_persons_state_is_unchanged_and_results_by_table_fold_small_tables():
    person_only = rate(rag_state(), ANNA, "c0-0", "amber")
    assert "tables" not in person_only
    state = rate(rate(rate(person_only, T3, "c0-0", "green"), T1, "c0-1", "red"), PAIR, "c0-0", "red")
    state = run("rag_rating", state, "rag.settings", {"by_table": True})
    assert "tables" not in rag_rating.view(state, "board")  # hidden until revealed
    shown = run("rag_rating", state, "activity.reveal")
    view = rag_rating.view(shown, "board")
    assert view["tables"] == [{"name": "Table 1", "people": 4, "ratings": {"c0-1": "red"}},
                              {"name": "Table 3", "people": 6, "ratings": {"c0-0": "green"}}]
    assert view["tables_folded"] == 1 and "Window pair" not in repr(view)
    cleared = run("rag_rating", shown, "rag.clear", {"item": "c0-1"}, T1)
    assert [t["name"] for t in rag_rating.view(cleared, "board")["tables"]] == ["Table 3"]


# --- the pieces the engine uses ----------------------------------------------------------------

def test_replay_rebuilds_a_tables_actor_from_the_logged_weight_not_todays_head_count():
    key = "k" * 32
    pseudo = identity.pseudonym(key, 7)
    tables = {pseudo: "Table 3", "p12": "Table 3"}
    actor = identity.from_event(pseudo, {}, 6, tables)
    assert (actor.participant, actor.weight, actor.table, actor.name) == (pseudo, 6, "Table 3", None)
    named = identity.from_event("p12", {12: "Table 3"}, 6, tables)
    assert (named.participant, named.weight, named.table, named.name) == (12, 6, "Table 3", "Table 3")
    person = identity.from_event("p13", {13: "Ann"}, None, tables)
    assert (person.weight, person.table) == (1, None)
    # the same events replayed give the same tallies, whatever the table says its size is now
    live_actor = identity.participant_actor(12, "Table 3", key, 7, {"anonymous": True}, weight=6, table="Table 3")
    assert live_actor == actor
    state = place(dots_state(), live_actor, "c0-0")
    replayed = place(dots_state(), identity.from_event(pseudo, {}, 6, tables), "c0-0")
    assert replayed == state and votes(replayed)["c0-0"] == 6


def test_a_tables_name_goes_on_cards_only_when_named_like_a_persons():
    anon = identity.participant_actor(12, "Table 3", "k" * 32, 7, {"anonymous": True}, weight=6, table="Table 3")
    named = identity.participant_actor(12, "Table 3", "k" * 32, 7, {"anonymous": False}, weight=6, table="Table 3")
    assert anon.name is None and named.name == "Table 3"
    from workshop.tools import idea_wall
    wall = run("idea_wall", idea_wall.initial_state({}), "activity.open")
    wall = run("idea_wall", wall, "idea.add", {"text": "More reading time"}, anon, seq=3)
    assert "Table 3" not in repr(idea_wall.view(wall, "board"))


def test_min_shown_is_three():
    assert table_rules.MIN_SHOWN == 3
    kept, folded = table_rules.shown({"tables": {"x": {"name": "A", "people": 3}, "y": {"name": "B", "people": 2}}},
                                     {"x": {"c": 1}, "y": {"c": 1}})
    assert [t["name"] for _, t in kept] == ["A"] and folded == 1


# --- diamond nine and prioritisation matrix -----------------------------------------------------

def diamond_state():
    from workshop.tools import diamond_nine
    state = diamond_nine.initial_state({})
    for n in range(9):
        state = run("diamond_nine", state, "diamond.item_add", {"text": f"Statement {n}"}, seq=10 + n)
    state = run("diamond_nine", state, "diamond.select", {"items": [f"c{10 + n}" for n in range(9)]})
    return run("diamond_nine", state, "activity.open")


def build_diamond(state, actor, order):
    for slot, item in enumerate(order):
        state = run("diamond_nine", state, "diamond.place", {"item": item, "slot": slot}, actor)
    return state


def test_diamond_a_tables_diamond_weighs_its_head_count_or_counts_once():
    from workshop.tools import diamond_nine
    ids = [f"c{10 + n}" for n in range(9)]
    state = diamond_state()
    state = build_diamond(state, ANNA, ids)
    state = build_diamond(state, BEN, ids)
    swapped = [ids[8], *ids[1:8], ids[0]]  # the table puts the last statement first
    state = build_diamond(state, T3, swapped)
    assert state["tables"] == {T3.participant: {"name": "Table 3", "people": 6}}
    def slots(st):
        return {s["item"]: s for s in diamond_nine.view(st, "facilitator")["diamond"]}
    per_person = slots(state)
    # the first statement: rows 1, 1 and the table's 5 (x6) -> mean 4; the last: 5, 5 and 1 (x6) -> 2
    assert (per_person[ids[0]]["n"], per_person[ids[0]]["mean_row"], per_person[ids[8]]["mean_row"]) == (8, 4.0, 2.0)
    assert per_person[ids[8]]["slot"] < per_person[ids[0]]["slot"]
    assert diamond_nine.view(state, "board")["people_ranked"] == 8
    once = run("diamond_nine", state, "diamond.settings", {"table_counts": "once"})
    by_once = slots(once)
    assert (by_once[ids[0]]["n"], by_once[ids[0]]["mean_row"], by_once[ids[8]]["mean_row"]) == (3, 2.33, 3.67)
    assert by_once[ids[0]]["slot"] < by_once[ids[8]]["slot"]
    order = [c["id"] for c in diamond_nine.outcomes(once)]
    assert order.index(ids[0]) < order.index(ids[8])
    refused("diamond_nine", state, "diamond.settings", {}, FAC, "bad_request")
    refused("diamond_nine", state, "diamond.settings", {"table_counts": "per_person"}, T3, "forbidden")
    # by table: the table's own top three, once the room sees the results; tables only
    by = run("diamond_nine", once, "diamond.settings", {"by_table": True})
    assert "tables" not in diamond_nine.view(by, "board")
    shown = run("diamond_nine", by, "activity.reveal")
    view = diamond_nine.view(shown, "board")
    assert view["tables"] == [{"name": "Table 3", "people": 6, "top": swapped[:3]}] and view["tables_folded"] == 0
    persons_only = build_diamond(diamond_state(), ANNA, ids)
    assert "tables" not in persons_only


def matrix_state():
    from workshop.tools import prioritisation_matrix
    state = prioritisation_matrix.initial_state({})
    for n in range(2):
        state = run("prioritisation_matrix", state, "matrix.item_add", {"text": f"Idea {n}"}, seq=20 + n)
    return run("prioritisation_matrix", state, "activity.open")


def test_matrix_a_tables_rating_weighs_its_head_count_or_counts_once():
    from workshop.tools import prioritisation_matrix as matrix
    state = matrix_state()
    rate_ = lambda st, who, x, y, item="c20": run("prioritisation_matrix", st, "matrix.rate",  # noqa: E731
                                                  {"item": item, "x": x, "y": y}, who)
    state = rate_(rate_(rate_(state, ANNA, 5, 1), BEN, 5, 1), T3, 1, 5)
    per_person = {r["item"]: r for r in matrix.view(state, "facilitator")["results"]}
    assert per_person["c20"]["n"] == 8 and per_person["c20"]["mean_x"] == 2.0 and per_person["c20"]["quadrant"] == "top_left"
    once = run("prioritisation_matrix", state, "matrix.settings", {"table_counts": "once"})
    assert {r["item"]: r for r in matrix.view(once, "facilitator")["results"]}["c20"]["quadrant"] == "bottom_right"
    assert matrix.view(state, "board")["people_rated"] == 8
    state = rate_(state, PAIR, 1, 1)
    by = run("prioritisation_matrix", state, "matrix.settings", {"by_table": True})
    assert "tables" not in matrix.view(by, "board")
    view = matrix.view(run("prioritisation_matrix", by, "activity.reveal"), "board")
    assert view["tables"] == [{"name": "Table 3", "people": 6, "quadrants": {"c20": "top_left"}}]
    assert view["tables_folded"] == 1 and "Window pair" not in repr(view)
    refused("prioritisation_matrix", state, "matrix.settings", {"colour": 1}, FAC, "bad_request")
