"""Ties at a "top N" cut-off are never broken silently; agreement is said in words (pure parts)."""
from __future__ import annotations

import pytest

from workshop.engine import control
from workshop.tools import fishbone
from workshop.tools.agreement import WORDS, agreement
from workshop.tools.base import Actor, ToolError
from workshop.tools.ties import TieError, pick, take_top, tie_at

FAC = Actor("facilitator")


def cards(*votes: int) -> list[dict]:
    return [{"id": f"c{n}", "text": f"card {n}", "votes": v} for n, v in enumerate(votes)]


# --- ties ---------------------------------------------------------------------------------

def test_a_cut_between_different_scores_is_no_tie():
    ranked = cards(5, 4, 3, 3, 1)
    assert tie_at(ranked, "votes", 2) is None
    assert [c["id"] for c in take_top(ranked, "votes", 2, None, "cards")] == ["c0", "c1"]
    assert tie_at(ranked, "votes", 4) is None and tie_at(ranked, "votes", 5) is None
    assert tie_at(ranked, "votes", 9) is None  # more than there are: all, nothing cut


def test_a_cut_through_a_tie_says_where_the_tie_is():
    ranked = cards(5, 4, 3, 3, 3, 1)
    tie = tie_at(ranked, "votes", 3)
    assert tie == {"top": 3, "through": 5,
                   "above": [{"id": "c0", "text": "card 0"}, {"id": "c1", "text": "card 1"}],
                   "tied": [{"id": f"c{n}", "text": f"card {n}"} for n in (2, 3, 4)]}
    with pytest.raises(TieError) as err:
        take_top(ranked, "votes", 3, None, "cards")
    assert err.value.code == "tie" and err.value.tie == tie
    assert "places 3 to 5" in err.value.message and "Bring all 5" in err.value.message


def test_include_takes_the_whole_tie_and_other_choices_are_refused():
    ranked = cards(5, 4, 3, 3, 3, 1)
    assert [c["id"] for c in take_top(ranked, "votes", 4, "include", "cards")] == ["c0", "c1", "c2", "c3", "c4"]
    assert len(take_top(ranked, "votes", 2, "include", "cards")) == 2  # no tie: "include" changes nothing
    with pytest.raises(ToolError) as err:
        take_top(ranked, "votes", 3, "first", "cards")
    assert err.value.code == "bad_request"


def test_unranked_outcomes_never_tie():
    ranked = [{"id": f"c{n}", "text": "x"} for n in range(4)]
    assert tie_at(ranked, None, 2) is None
    assert len(take_top(ranked, None, 2, None, "cards")) == 2


def test_pick_keeps_ranked_order_and_refuses_bad_lists():
    ranked = cards(5, 4, 3, 3)
    assert [c["id"] for c in pick(ranked, ["c3", "c0"], "cards")] == ["c0", "c3"]
    for bad, code in (([], "bad_request"), ("c1", "bad_request"), ([1], "bad_request"),
                      (["c1", "c1"], "conflict"), (["c9"], "not_found")):
        with pytest.raises(ToolError) as err:
            pick(ranked, bad, "cards")
        assert err.value.code == code, bad


# --- fishbone: confirm the top N root causes ---------------------------------------------

def marked_fishbone() -> dict:
    s = fishbone.initial_state({})
    bone = s["bones"][0]["id"]
    s = {**s, "open": True, "marking": True}
    for n in range(4):
        s = fishbone.apply(s, {"type": "fishbone.add", "payload": {"text": f"cause {n}", "bone": bone},
                               "at": n, "seq": 10 + n}, Actor("participant", 1, "Sam"))
    ids = [c["id"] for c in s["causes"]]
    # marks: cause 0 three times, causes 1 and 2 twice each, cause 3 never
    for person, mine in ((1, [0, 1, 2]), (2, [0, 1]), (3, [0, 2])):
        for k in mine:
            s = fishbone.apply(s, {"type": "fishbone.mark", "payload": {"cause": ids[k]}, "at": 0, "seq": 99},
                               Actor("participant", person, f"P{person}"))
    return s, ids


def roots(s, payload):
    return fishbone.apply(s, {"type": "fishbone.roots", "payload": payload, "at": 0, "seq": 100}, FAC)["roots"]


def test_confirm_top_n_never_cuts_a_tie_silently():
    s, ids = marked_fishbone()
    assert roots(s, {"top": 1}) == [ids[0]]
    assert roots(s, {"top": 3}) == ids[:3]
    with pytest.raises(TieError) as err:
        roots(s, {"top": 2})
    assert [c["id"] for c in err.value.tie["tied"]] == [ids[1], ids[2]]
    assert roots(s, {"top": 2, "ties": "include"}) == ids[:3]
    assert roots(s, {"causes": [ids[0], ids[2]]}) == [ids[0], ids[2]]  # or the facilitator picks
    with pytest.raises(ToolError) as err:
        roots(s, {"top": 0})
    assert err.value.code == "bad_request"


# --- agreement in words -----------------------------------------------------------------

def test_agreement_words_per_place():
    ends = lambda rows: [(sum(r <= 2 for r in rows), sum(r >= 4 for r in rows))]  # noqa: E731
    for rows, shown, code in (
        ([1], 1, None),                      # one person is not agreement
        ([2, 2, 2, 3], 2, "most"),            # three of four here
        ([2, 2, 3, 3], 2, "differ"),          # half is not most; no opposite camps
        ([1, 1, 1, 3], 3, "elsewhere"),       # shown in row 3, most put it in row 1
        ([1, 1, 5, 5], 3, "split"),           # two camps at opposite ends
        ([1, 2, 3, 4, 3, 3], 3, "differ"),    # half here, one at each end: not a split
        ([1, 3, 3, 3, 5], 3, "most"),
    ):
        assert agreement(rows, shown, ends(rows)) == code, rows
    assert set(WORDS) == {"most", "elsewhere", "split", "differ"}
    assert not any(w in text.lower() for text in WORDS.values() for w in ("sd", "avg", "±"))


# --- moving on: the timer starts clean ---------------------------------------------------

def goto(state, target, at):
    return control.apply(state, {"type": "control.goto", "payload": {"activity": target}, "at": at}, {1, 2})


def test_a_finished_or_paused_timer_does_not_follow_into_the_next_activity():
    s = goto(control.initial(), 1, 0)
    s = control.apply(s, {"type": "timer.start", "payload": {"seconds": 60}, "at": 1000}, None)
    assert goto(s, 2, 70_000)["timer"] == control.initial()["timer"]          # ran out
    paused = control.apply(s, {"type": "timer.pause", "payload": {}, "at": 31_000}, None)
    assert goto(paused, 2, 40_000)["timer"] == control.initial()["timer"]     # paused: stays behind
    assert goto(s, 2, 30_000)["timer"] == s["timer"]                          # still running: keeps going
    assert goto(s, 1, 70_000) == s                                            # staying put changes nothing
