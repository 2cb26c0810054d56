"""Diamond nine as a pure reducer: choosing the nine, each person's diamond, the group's consensus."""
from __future__ import annotations

import copy
import json

import pytest

from workshop import tools
from workshop.tools import diamond_nine as d9
from workshop.tools.base import Actor, ToolError
from workshop.tools.diamond_nine_views import ROWS, item_stats

FAC = Actor("facilitator")
SAM = Actor("participant", participant=5, name="Zebedee")
ALEX = Actor("participant", participant=6, name="Alexandra")
KIM = Actor("participant", participant=7, name="Kim")
AUDIENCES = ("facilitator", "board", "participant")
NINE = [f"c10-{n}" for n in range(9)]


def act(state, kind, payload=None, actor=FAC, *, seq=900, at=50_000):
    before = copy.deepcopy(state)
    after = tools.apply("diamond_nine", state, {"type": kind, "payload": {} if payload is None else payload,
                                                "at": at, "seq": seq}, actor)
    assert state == before, f"{kind} mutated the state it was given"
    return after


def rejected(state, kind, payload, actor, code):
    before = copy.deepcopy(state)
    with pytest.raises(ToolError) as err:
        tools.apply("diamond_nine", state, {"type": kind, "payload": payload, "at": 1, "seq": 77}, actor)
    assert err.value.code == code, err.value.message
    assert err.value.message
    assert state == before
    return err.value.message


def cards(n, start=0):
    return [{"text": f"statement {k}", "author_name": "Jo" if k == 0 else None,
             "source": {"activity": 3, "card": f"c{k + 1}"}} for k in range(start, start + n)]


def ready(n=9, *, open_=True):
    s = act(d9.initial_state({}), "diamond.import", {"cards": cards(n)}, seq=10)
    return act(s, "activity.open") if open_ else s


def fill(state, actor, order):
    """Place the statements of `order` in slots 0.. (None leaves a slot empty)."""
    for slot, item in enumerate(order):
        if item is not None:
            state = act(state, "diamond.place", {"item": item, "slot": slot}, actor)
    return state


def agreed(state):
    return [s["item"] for s in d9.view(state, "facilitator")["diamond"]]


# --- choosing the nine ------------------------------------------------------------------

def test_initial_state():
    s = d9.initial_state(None)
    assert s == {"open": False, "revealed": False, "items": [], "diamonds": {}, "agreed": None,
                 "adjusted": False, "locked": False}
    assert d9.view(s, "board")["ready"] is False and d9.outcomes(s) == []


def test_import_of_nine_is_ready_and_keeps_source():
    s = ready(open_=False)
    v = d9.view(s, "facilitator")
    assert v["ready"] and v["chosen"] == 9 and v["candidates"] == 9
    assert v["items"][0] == {"id": "c10-0", "text": "statement 0", "author": "Jo",
                             "source": {"activity": 3, "card": "c1"}, "selected": True}
    assert d9.has_contributions(s)


def test_more_than_nine_candidates_the_first_nine_are_chosen_then_the_facilitator_swaps():
    s = ready(12)
    v = d9.view(s, "facilitator")
    assert [i["selected"] for i in v["items"]] == [True] * 9 + [False] * 3
    # board and phones see only the nine in play
    assert [i["id"] for i in d9.view(s, "board")["items"]] == NINE
    assert "selected" not in d9.view(s, "board")["items"][0]
    s = act(s, "diamond.select", {"items": NINE[:8]})
    assert d9.view(s, "board")["ready"] is False
    rejected(s, "diamond.place", {"item": "c10-0", "slot": 0}, SAM, "conflict")
    rejected(s, "diamond.lock", {}, FAC, "conflict")
    rejected(s, "diamond.adjust", {"item": "c10-0", "slot": 1}, FAC, "conflict")
    s = act(s, "diamond.select", {"items": [*NINE[:8], "c10-11"]})
    assert [i["id"] for i in d9.view(s, "participant")["items"]] == [*NINE[:8], "c10-11"]
    assert act(s, "diamond.place", {"item": "c10-11", "slot": 0}, SAM)["diamonds"] == {
        "5": ["c10-11"] + [None] * 8}


def test_deselecting_takes_the_statement_out_of_every_diamond():
    s = fill(ready(10), SAM, NINE)
    s = act(s, "diamond.adjust", {"item": "c10-0", "slot": 8})
    s = act(s, "diamond.select", {"items": [*NINE[1:], "c10-9"]})
    assert d9.private_view(s, 5) == {"diamond": [None, *NINE[1:]]}
    assert s["agreed"] is None and s["adjusted"] is False


def test_facilitator_adds_edits_and_removes_statements():
    s = act(d9.initial_state({}), "diamond.item_add", {"text": "  Plan  with TAs "}, seq=4)
    assert s["items"][0] == {"id": "c4", "text": "Plan with TAs", "author_name": None, "source": None,
                             "at": 50_000, "selected": True}
    s = act(s, "diamond.item_edit", {"item": "c4", "text": "Plan lessons with TAs"})
    assert s["items"][0]["text"] == "Plan lessons with TAs"
    s = act(s, "diamond.item_remove", {"item": "c4"})
    assert s["items"] == []


def test_removing_a_statement_in_play_empties_its_slots():
    s = fill(ready(), SAM, NINE)
    s = act(s, "diamond.item_remove", {"item": "c10-4"})
    assert d9.private_view(s, 5)["diamond"][4] is None
    assert d9.view(s, "board")["chosen"] == 8


def test_import_truncates_long_texts_and_new_items_wait_once_nine_are_chosen():
    s = act(d9.initial_state({}), "diamond.import", {"cards": [{"text": "x" * 400, "source": None}]}, seq=3)
    assert len(s["items"][0]["text"]) == d9.MAX_TEXT
    s = act(ready(), "diamond.item_add", {"text": "tenth"}, seq=30)
    assert s["items"][-1]["selected"] is False


# --- each person's diamond --------------------------------------------------------------

def test_place_into_an_empty_slot_and_private_view():
    s = act(ready(), "diamond.place", {"item": "c10-3", "slot": 0}, SAM)
    assert d9.private_view(s, 5) == {"diamond": ["c10-3"] + [None] * 8}
    assert d9.private_view(s, 6) == {"diamond": [None] * 9}


def test_place_on_an_occupied_slot_swaps():
    s = fill(ready(), SAM, ["c10-0", "c10-1"])
    s = act(s, "diamond.place", {"item": "c10-1", "slot": 0}, SAM)
    assert d9.private_view(s, 5)["diamond"][:2] == ["c10-1", "c10-0"]
    # from the tray onto an occupied slot: the occupant goes back to the tray
    s = act(s, "diamond.place", {"item": "c10-5", "slot": 0}, SAM)
    assert d9.private_view(s, 5)["diamond"][:2] == ["c10-5", "c10-0"]
    assert "c10-1" not in d9.private_view(s, 5)["diamond"]


def test_moving_to_an_empty_slot_and_clear():
    s = fill(ready(), SAM, ["c10-0"])
    s = act(s, "diamond.place", {"item": "c10-0", "slot": 8}, SAM)
    assert d9.private_view(s, 5)["diamond"] == [None] * 8 + ["c10-0"]
    s = act(s, "diamond.clear", {"slot": 8}, SAM)
    assert d9.private_view(s, 5)["diamond"] == [None] * 9 and s["diamonds"] == {}
    assert act(s, "diamond.clear", {"slot": 3}, SAM) == s  # an empty slot stays empty


def test_placing_in_its_own_slot_changes_nothing():
    s = fill(ready(), SAM, ["c10-0"])
    assert act(s, "diamond.place", {"item": "c10-0", "slot": 0}, SAM) == s


def test_a_diamond_never_holds_a_statement_twice_or_more_than_nine():
    s = ready(12)
    s = fill(s, SAM, NINE)
    for slot in range(9):
        s = act(s, "diamond.place", {"item": NINE[(slot * 4) % 9], "slot": slot}, SAM)
        mine = d9.private_view(s, 5)["diamond"]
        assert sorted(i for i in mine if i) == sorted(set(i for i in mine if i))
        assert len(mine) == 9


# --- the consensus maths ----------------------------------------------------------------

def test_rows_of_the_slots():
    assert ROWS == (1, 2, 2, 3, 3, 3, 4, 4, 5)
    assert d9.view(ready(), "board")["rows"] == [1, 2, 2, 3, 3, 3, 4, 4, 5]


def test_consensus_mean_row_spread_and_agreement():
    a, b, c, dd, e, f, g, h, i = NINE
    s = ready()
    s = fill(s, SAM, [a, b, c, dd, e, f, g, h, i])    # rows a1 b2 c2 d3 e3 f3 g4 h4 i5
    s = fill(s, ALEX, [a, c, b, dd, e, i, g, h, f])   # a1 c2 b2 d3 e3 i3 g4 h4 f5
    s = fill(s, KIM, [i, b, c, dd, e, f, g, h, a])    # i1 b2 c2 d3 e3 f3 g4 h4 a5
    stats = item_stats(s)
    assert stats[a]["n"] == 3 and stats[a]["mean"] * 3 == 7        # (1+1+5)/3
    assert stats[i]["mean"] * 3 == 9                                 # (5+3+1)/3 = 3
    slots = {x["item"]: x for x in d9.view(s, "facilitator")["diamond"]}
    assert slots[a]["mean_row"] == 2.33 and slots[a]["per_row"] == [2, 0, 0, 0, 1]
    # agreement is about each slot's own row: a sits in row 2 but two of three put it in row 1
    assert (slots[a]["row"], slots[a]["here"], slots[a]["agreement"]) == (2, 0, "elsewhere")
    assert (slots[c]["row"], slots[c]["here"], slots[c]["agreement"]) == (2, 3, "most")
    assert (slots[i]["row"], slots[i]["here"], slots[i]["agreement"]) == (3, 1, "split")  # rows 5, 3, 1
    assert (slots[f]["row"], slots[f]["here"], slots[f]["agreement"]) == (4, 0, "elsewhere")  # rows 3, 5, 3
    assert "sd" not in slots[a]
    assert slots[a]["per_row"] == [2, 0, 0, 0, 1]
    # order: b=2.0 (sd 0), c=2.0 (sd 0) -> a 2.33 -> d 3, e 3 (sd 0) then i 3 (sd 1.63) -> f 3.67 -> g 4, h 4
    assert agreed(s) == [b, c, a, dd, e, i, f, g, h]
    assert [x["row"] for x in d9.view(s, "facilitator")["diamond"]] == list(ROWS)


def test_ties_broken_by_lower_variance_then_first_added_and_made_visible():
    a, b, c, *rest = NINE
    s = ready()
    # a: rows 1 and 3 (mean 2, sd 1); b: rows 2 and 2 (mean 2, sd 0); b wins the tie on spread
    s = fill(s, SAM, [a, b, None, c])
    s = fill(s, ALEX, [None, b, None, a])
    order = agreed(s)
    assert order[:2] == [b, a]
    slots = {x["item"]: x for x in d9.view(s, "facilitator")["diamond"]}
    assert slots[b]["row"] == 1 and slots[a]["row"] == 2
    assert slots[a]["tied"] and slots[b]["tied"]            # same mean, different rows
    # c (row 3, one person) and nobody-placed statements come after, the unplaced in the order added
    assert order[2] == c and order[3:] == [x for x in NINE if x not in (a, b, c)]
    assert slots[c]["tied"] is False and slots[c]["agreement"] is None  # only one person placed it
    assert slots[NINE[3]]["n"] == 0 and slots[NINE[3]]["mean_row"] is None


def test_equal_mean_and_spread_falls_back_to_first_added():
    a, b, *rest = NINE
    s = fill(fill(ready(), SAM, [b]), ALEX, [a])   # both: one row-1 placing
    assert agreed(s)[:2] == [a, b]
    slots = d9.view(s, "facilitator")["diamond"]
    assert slots[0]["tied"] and slots[1]["tied"]


def test_ties_within_one_row_are_not_flagged():
    a, b, c, *rest = NINE
    s = fill(ready(), SAM, [c, a, b])   # a and b both row 2, and they stay in row 2 of the group's diamond
    slots = {x["item"]: x for x in d9.view(s, "facilitator")["diamond"]}
    assert slots[a]["tied"] is False and slots[b]["tied"] is False


# --- the agreed diamond -------------------------------------------------------------------

def test_adjust_swaps_and_marks_moved_then_recompute():
    s = fill(ready(), SAM, NINE)
    s = act(s, "diamond.adjust", {"item": NINE[8], "slot": 0})
    assert agreed(s) == [NINE[8], *NINE[1:8], NINE[0]]
    v = d9.view(s, "facilitator")
    assert v["adjusted"] and v["diamond"][0]["moved"] and v["diamond"][0]["consensus_slot"] == 8
    assert not v["diamond"][4]["moved"]
    # the group changes its mind: an adjusted diamond stays as the facilitator left it
    s = fill(s, ALEX, list(reversed(NINE)))
    assert agreed(s)[0] == NINE[8]
    s = act(s, "diamond.recompute")
    assert s["agreed"] is None and not d9.view(s, "facilitator")["adjusted"]


def test_lock_fixes_the_agreed_diamond_and_unlock_follows_the_group_again():
    s = fill(ready(), SAM, NINE)
    s = act(s, "diamond.lock")
    assert s["locked"] and s["agreed"] == NINE
    rejected(s, "diamond.place", {"item": NINE[0], "slot": 8}, ALEX, "closed")
    rejected(s, "diamond.adjust", {"item": NINE[0], "slot": 8}, FAC, "closed")
    rejected(s, "diamond.select", {"items": NINE}, FAC, "closed")
    rejected(s, "diamond.item_remove", {"item": NINE[0]}, FAC, "closed")
    rejected(s, "diamond.lock", {}, FAC, "conflict")
    s = act(s, "diamond.unlock")
    assert not s["locked"] and s["agreed"] is None
    rejected(s, "diamond.unlock", {}, FAC, "conflict")


def test_unlock_keeps_an_adjustment():
    s = act(fill(ready(), SAM, NINE), "diamond.adjust", {"item": NINE[1], "slot": 0})
    s = act(act(s, "diamond.lock"), "diamond.unlock")
    assert s["adjusted"] and agreed(s)[:2] == [NINE[1], NINE[0]]


# --- rejections -------------------------------------------------------------------------

REJECTIONS = [
    ("diamond.place", {"item": "c10-9", "slot": 0}, SAM, "limit"),        # a tenth statement
    ("diamond.place", {"item": "nope", "slot": 0}, SAM, "not_found"),
    ("diamond.place", {"item": "c10-0", "slot": 9}, SAM, "bad_request"),
    ("diamond.place", {"item": "c10-0", "slot": -1}, SAM, "bad_request"),
    ("diamond.place", {"item": "c10-0", "slot": "0"}, SAM, "bad_request"),
    ("diamond.place", {"item": "c10-0", "slot": True}, SAM, "bad_request"),
    ("diamond.place", {"item": "c10-0", "slot": 1.0}, SAM, "bad_request"),
    ("diamond.place", {"item": "c10-0"}, SAM, "bad_request"),
    ("diamond.place", {"slot": 0}, SAM, "bad_request"),
    ("diamond.place", {"item": "c10-0", "slot": 0}, FAC, "forbidden"),
    ("diamond.clear", {"slot": 12}, SAM, "bad_request"),
    ("diamond.clear", {"slot": 0}, FAC, "forbidden"),
    ("diamond.select", {"items": NINE + ["c10-9"]}, FAC, "limit"),
    ("diamond.select", {"items": ["c10-0", "c10-0"]}, FAC, "conflict"),
    ("diamond.select", {"items": ["zzz"]}, FAC, "not_found"),
    ("diamond.select", {"items": "c10-0"}, FAC, "bad_request"),
    ("diamond.select", {"items": NINE}, SAM, "forbidden"),
    ("diamond.item_add", {"text": ""}, FAC, "empty"),
    ("diamond.item_add", {"text": "x" * 281}, FAC, "too_long"),
    ("diamond.item_add", {"text": "mine"}, SAM, "forbidden"),
    ("diamond.item_edit", {"item": "zzz", "text": "x"}, FAC, "not_found"),
    ("diamond.item_edit", {"item": "c10-0", "text": "x"}, SAM, "forbidden"),
    ("diamond.item_remove", {"item": "zzz"}, FAC, "not_found"),
    ("diamond.item_remove", {"item": "c10-0"}, SAM, "forbidden"),
    ("diamond.import", {"cards": []}, FAC, "bad_request"),
    ("diamond.import", {"cards": cards(1)}, SAM, "forbidden"),
    ("diamond.import", {"cards": cards(60)}, FAC, "limit"),
    ("diamond.adjust", {"item": "c10-0", "slot": 3}, SAM, "forbidden"),
    ("diamond.adjust", {"item": "c10-9", "slot": 3}, FAC, "limit"),
    ("diamond.adjust", {"item": "c10-0", "slot": 9}, FAC, "bad_request"),
    ("diamond.adjust", {"item": "zzz", "slot": 0}, FAC, "not_found"),
    ("diamond.lock", {}, SAM, "forbidden"),
    ("diamond.unlock", {}, SAM, "forbidden"),
    ("diamond.recompute", {}, SAM, "forbidden"),
    ("activity.reveal", {}, SAM, "forbidden"),
    ("diamond.nonsense", {}, FAC, "unknown_intent"),
    ("idea.add", {"text": "x"}, SAM, "unknown_intent"),
]


@pytest.mark.parametrize("kind, payload, actor, code", REJECTIONS)
def test_rejections_change_nothing(kind, payload, actor, code):
    rejected(fill(ready(10), ALEX, NINE[:3]), kind, payload, actor, code)


def test_ranking_after_close_is_refused():
    s = act(fill(ready(), SAM, NINE[:2]), "activity.close")
    assert "closed" in rejected(s, "diamond.place", {"item": NINE[5], "slot": 5}, SAM, "closed")
    rejected(s, "diamond.clear", {"slot": 0}, SAM, "closed")


def test_payload_must_be_an_object():
    rejected(ready(), "diamond.place", ["c10-0", 0], SAM, "bad_request")


# --- views and privacy ----------------------------------------------------------------------

def busy():
    s = fill(ready(10), SAM, NINE)
    return fill(s, ALEX, list(reversed(NINE)))


def test_before_reveal_board_and_phones_get_no_rankings():
    s = busy()
    for audience in ("board", "participant"):
        v = d9.view(s, audience)
        assert v["diamond"] is None
        assert v["started"] == 2 and v["complete"] == 2
        text = json.dumps(v)
        assert "per_row" not in text and "mean_row" not in text
    assert d9.view(s, "facilitator")["diamond"] is not None


def test_after_reveal_everyone_sees_the_group_diamond():
    s = act(busy(), "activity.reveal")
    assert d9.view(s, "board")["diamond"] == d9.view(s, "facilitator")["diamond"]
    assert d9.view(s, "participant")["diamond"] == d9.view(s, "board")["diamond"]


def test_no_participant_ids_or_other_diamonds_in_any_view():
    s = act(busy(), "activity.reveal")
    for audience in AUDIENCES:
        text = json.dumps(d9.view(s, audience))
        assert "Zebedee" not in text and "Alexandra" not in text
        assert '"5"' not in text and '"6"' not in text and "diamonds" not in text
    assert d9.private_view(s, 6) == {"diamond": list(reversed(NINE))}
    assert d9.private_view(s, 99) == {"diamond": [None] * 9}


def test_views_and_state_are_json():
    s = act(busy(), "diamond.lock")
    for audience in AUDIENCES:
        json.dumps(d9.view(s, audience))
    json.dumps(d9.outcomes(s))
    assert json.loads(json.dumps(s)) == s


# --- outcomes -----------------------------------------------------------------------------

def test_outcomes_are_the_agreed_diamond_best_first():
    s = fill(fill(ready(10), SAM, NINE), ALEX, NINE)
    s = act(s, "diamond.adjust", {"item": NINE[2], "slot": 0})
    out = d9.outcomes(s)
    assert [c["id"] for c in out] == [NINE[2], NINE[1], NINE[0], *NINE[3:]]
    assert [c["rank"] for c in out] == list(range(1, 10))
    assert [c["row"] for c in out] == list(ROWS)
    assert out[0]["group"] == "Row 1" and out[0]["source"] == {"activity": 3, "card": "c3"}
    # both put it in row 2; moved to the top it says so, and the statement now in row 2 is agreed
    assert out[0]["mean_row"] == 2.0 and out[0]["n"] == 2 and (out[0]["here"], out[0]["agreement"]) == (0, "elsewhere")
    assert (out[1]["row"], out[1]["here"], out[1]["agreement"]) == (2, 2, "most")
    assert [c["score"] for c in out] == list(range(9))  # the facilitator's order: nothing is level
    assert all(c["text"].startswith("statement") for c in out)


def test_no_outcomes_until_someone_ranks_or_the_facilitator_decides():
    s = ready()
    assert d9.outcomes(s) == []
    assert [c["id"] for c in d9.outcomes(act(s, "diamond.lock"))] == NINE
    assert len(d9.outcomes(fill(s, SAM, [NINE[4]]))) == 9
    assert d9.outcomes(ready(8, open_=False)) == []


def test_input_opens_only_with_nine_statements_chosen():
    from workshop import tools as registry
    state = d9.initial_state({})
    opening = {"type": "activity.open", "payload": {}, "at": 1, "seq": 5}
    with pytest.raises(ToolError) as refused:
        registry.apply("diamond_nine", state, opening, Actor("facilitator"))
    assert refused.value.code == "conflict" and "nine" in refused.value.message
    for n in range(9):
        state = registry.apply("diamond_nine", state, {"type": "diamond.item_add", "payload": {"text": f"s{n}"},
                                                       "at": 1, "seq": 10 + n}, Actor("facilitator"))
    assert registry.apply("diamond_nine", state, opening, Actor("facilitator"))["open"] is True
    # closing is always allowed
    assert registry.apply("diamond_nine", state, {**opening, "type": "activity.close"}, Actor("facilitator"))["open"] is False
