"""Prioritisation matrix as a pure reducer: axes, ratings, means and spreads, quadrants, outcomes."""
from __future__ import annotations

import copy
import json

import pytest

from workshop import tools
from workshop.tools import prioritisation_matrix as pm
from workshop.tools.base import Actor, ToolError

FAC = Actor("facilitator")
SAM = Actor("participant", participant=5, name="Zebedee")
ALEX = Actor("participant", participant=6, name="Alexandra")
KIM = Actor("participant", participant=7, name="Kim")
AUDIENCES = ("facilitator", "board", "participant")


def act(state, kind, payload=None, actor=FAC, *, seq=900, at=50_000):
    before = copy.deepcopy(state)
    after = tools.apply("prioritisation_matrix", state, {"type": kind, "payload": {} if payload is None else payload,
                                                         "at": at, "seq": seq}, actor)
    assert state == before, f"{kind} mutated the state it was given"
    return after


def rejected(state, kind, payload, actor, code):
    before = copy.deepcopy(state)
    with pytest.raises(ToolError) as err:
        tools.apply("prioritisation_matrix", state, {"type": kind, "payload": payload, "at": 1, "seq": 77}, actor)
    assert err.value.code == code, err.value.message
    assert err.value.message
    assert state == before
    return err.value.message


def matrix(n=4, **config):
    s = pm.initial_state(config)
    cards = [{"text": f"idea {k}", "author_name": "Jo" if k == 0 else None,
              "source": {"activity": 2, "card": f"c{k + 1}"}} for k in range(n)]
    s = act(s, "matrix.import", {"cards": cards}, seq=10)
    return act(s, "activity.open")


def I(k):  # noqa: E743 - the id of the k-th imported item
    return f"c10-{k}"


def rate(state, actor, k, x, y):
    return act(state, "matrix.rate", {"item": I(k), "x": x, "y": y}, actor)


def results(state, audience="facilitator"):
    return {r["item"]: r for r in pm.view(state, audience)["results"]}


# --- axes -------------------------------------------------------------------------------

def test_default_axes_are_impact_against_effort():
    axes = pm.view(pm.initial_state({}), "board")["axes"]
    assert axes["x"] == {"label": "Effort", "low": "Low effort", "high": "High effort"}
    assert axes["y"]["label"] == "Impact" and axes["x_better"] == "low"
    assert axes["quadrants"] == [{"key": "top_left", "name": "Quick wins"},
                                 {"key": "top_right", "name": "Major projects"},
                                 {"key": "bottom_left", "name": "Fill-ins"},
                                 {"key": "bottom_right", "name": "Thankless tasks"}]


def test_importance_urgency_from_config_and_intent():
    s = pm.initial_state({"axes": "importance_urgency"})
    assert [q["name"] for q in pm.view(s, "board")["axes"]["quadrants"]] == ["Do now", "Plan", "Delegate", "Drop"]
    s = act(pm.initial_state({}), "matrix.axes", {"preset": "importance_urgency"})
    assert s["axes"]["x"] == "Urgency" and s["axes"]["quadrants"]["top_right"] == "Do now"


def test_custom_axes_with_neutral_or_given_names():
    s = act(pm.initial_state({}), "matrix.axes", {"preset": "custom", "x": "Cost", "y": "Benefit to pupils"})
    names = {q["key"]: q["name"] for q in pm.view(s, "board")["axes"]["quadrants"]}
    assert names["top_left"] == "High Benefit to pupils, low Cost"
    s = act(s, "matrix.axes", {"preset": "custom", "x": "Cost", "y": "Benefit",
                               "quadrants": {"top_left": "Go for it"}})
    assert s["axes"]["quadrants"]["top_left"] == "Go for it"
    assert pm.initial_state({"axes": "custom", "x": "A", "y": "B"})["axes"]["x"] == "A"
    assert pm.initial_state({"axes": "bogus"})["axes"]["preset"] == "impact_effort"  # unreadable config


def test_axes_are_fixed_once_rated_but_quadrant_names_may_change():
    s = rate(matrix(), SAM, 0, 1, 5)
    rejected(s, "matrix.axes", {"preset": "importance_urgency"}, FAC, "conflict")
    s = act(s, "matrix.axes", {"preset": "impact_effort", "quadrants": {"bottom_right": "Money pits"}})
    assert s["axes"]["quadrants"]["bottom_right"] == "Money pits"


# --- items ------------------------------------------------------------------------------

def test_import_keeps_source_and_numbers_items():
    v = pm.view(matrix(), "board")
    assert v["items"][0] == {"id": I(0), "text": "idea 0", "author": "Jo",
                             "source": {"activity": 2, "card": "c1"}, "number": 1}
    assert v["count"] == 4 and v["results"] is None


def test_item_add_edit_remove():
    s = act(matrix(1), "matrix.item_add", {"text": " More  planning time "}, seq=40)
    assert s["items"][-1]["id"] == "c40" and s["items"][-1]["text"] == "More planning time"
    s = act(s, "matrix.item_edit", {"item": "c40", "text": "Planning time"})
    assert s["items"][-1]["text"] == "Planning time"
    s = rate(s, SAM, 0, 2, 2)
    s = act(s, "matrix.place", {"item": I(0), "x": 1, "y": 1})
    s = act(s, "matrix.item_remove", {"item": I(0)})
    assert [i["id"] for i in s["items"]] == ["c40"] and s["ratings"] == {} and s["overrides"] == {}


# --- ratings ----------------------------------------------------------------------------

def test_rate_change_and_clear_with_private_view():
    s = rate(matrix(), SAM, 0, 2, 4)
    assert pm.private_view(s, 5) == {"ratings": {I(0): {"x": 2, "y": 4}}}
    s = rate(s, SAM, 0, 3, 5)
    assert pm.private_view(s, 5) == {"ratings": {I(0): {"x": 3, "y": 5}}}
    assert pm.private_view(s, 6) == {"ratings": {}}
    s = act(s, "matrix.clear", {"item": I(0)}, SAM)
    assert pm.private_view(s, 5) == {"ratings": {}} and s["ratings"] == {}
    assert act(s, "matrix.clear", {"item": I(1)}, SAM) == s


def test_means_spreads_and_quadrants():
    s = matrix()
    # item 0: x 1,2,3 (mean 2, sd .82); y 5,5,4 (mean 4.67, sd .47) -> quick win
    for who, x, y in ((SAM, 1, 5), (ALEX, 2, 5), (KIM, 3, 4)):
        s = rate(s, who, 0, x, y)
    # item 1: high effort, high impact -> major project
    s = rate(rate(s, SAM, 1, 5, 5), ALEX, 1, 4, 4)
    # item 2: exactly on the midpoint: 3 counts as low on both axes -> fill-in
    s = rate(rate(s, SAM, 2, 2, 2), ALEX, 2, 4, 4)
    r = results(s)
    assert (r[I(0)]["n"], r[I(0)]["mean_x"], r[I(0)]["mean_y"]) == (3, 2.0, 4.67)
    assert (r[I(0)]["sd_x"], r[I(0)]["sd_y"]) == (0.82, 0.47)
    assert (r[I(0)]["x"], r[I(0)]["y"]) == (2.0, 4.67)
    assert r[I(0)]["quadrant"] == "top_left"
    assert r[I(1)]["quadrant"] == "top_right" and r[I(1)]["sd_x"] == 0.5
    assert r[I(2)]["quadrant"] == "bottom_left" and (r[I(2)]["x"], r[I(2)]["y"]) == (3.0, 3.0)
    assert r[I(3)] == {"item": I(3), "number": 4, "n": 0, "mean_x": None, "mean_y": None, "sd_x": None,
                       "sd_y": None, "x": None, "y": None, "override": False, "quadrant": None,
                       "here": 0, "agreement": None, "most_in": None}
    # agreement in words, about the quadrant each item sits in
    assert (r[I(0)]["here"], r[I(0)]["agreement"]) == (3, "most")       # all three put it in quick wins
    assert (r[I(1)]["here"], r[I(1)]["agreement"]) == (2, "most")
    assert (r[I(2)]["here"], r[I(2)]["agreement"]) == (1, "split")      # (2,2) and (4,4): opposite ends
    # the facilitator places item 0 in major projects: its raters' quick wins stay on record
    moved = results(act(s, "matrix.place", {"item": I(0), "x": 5, "y": 5}))[I(0)]
    assert (moved["here"], moved["agreement"], moved["most_in"]) == (0, "elsewhere", "top_left")
    assert pm.view(s, "facilitator")["raters"] == 3 and pm.view(s, "board")["ratings"] == 7


def test_facilitator_override_and_clear_override():
    s = rate(matrix(), SAM, 0, 5, 1)
    s = act(s, "matrix.place", {"item": I(0), "x": 1.5, "y": 4.25})
    r = results(s)[I(0)]
    assert (r["x"], r["y"], r["override"], r["quadrant"]) == (1.5, 4.25, True, "top_left")
    assert (r["mean_x"], r["mean_y"], r["n"]) == (5.0, 1.0, 1)  # the group's view is kept alongside
    s = act(s, "matrix.place", {"item": I(3), "x": 5, "y": 5})  # nobody rated it: placed anyway
    assert results(s)[I(3)]["quadrant"] == "top_right"
    s = act(s, "matrix.unplace", {"item": I(0)})
    assert results(s)[I(0)]["override"] is False and results(s)[I(0)]["quadrant"] == "bottom_right"


# --- rejections -------------------------------------------------------------------------

REJECTIONS = [
    ("matrix.rate", {"item": I(0), "x": 0, "y": 3}, SAM, "bad_request"),
    ("matrix.rate", {"item": I(0), "x": 3, "y": 6}, SAM, "bad_request"),
    ("matrix.rate", {"item": I(0), "x": 2.5, "y": 3}, SAM, "bad_request"),
    ("matrix.rate", {"item": I(0), "x": "3", "y": 3}, SAM, "bad_request"),
    ("matrix.rate", {"item": I(0), "x": True, "y": 3}, SAM, "bad_request"),
    ("matrix.rate", {"item": I(0), "x": 3}, SAM, "bad_request"),
    ("matrix.rate", {"item": "zzz", "x": 3, "y": 3}, SAM, "not_found"),
    ("matrix.rate", {"x": 3, "y": 3}, SAM, "bad_request"),
    ("matrix.rate", {"item": I(0), "x": 3, "y": 3}, FAC, "forbidden"),
    ("matrix.clear", {"item": "zzz"}, SAM, "not_found"),
    ("matrix.clear", {"item": I(0)}, FAC, "forbidden"),
    ("matrix.place", {"item": I(0), "x": 0.5, "y": 3}, FAC, "bad_request"),
    ("matrix.place", {"item": I(0), "x": 3, "y": None}, FAC, "bad_request"),
    ("matrix.place", {"item": I(0), "x": 3, "y": 3}, SAM, "forbidden"),
    ("matrix.place", {"item": "zzz", "x": 3, "y": 3}, FAC, "not_found"),
    ("matrix.unplace", {"item": I(0)}, SAM, "forbidden"),
    ("matrix.axes", {"preset": "custom", "x": "", "y": "B"}, FAC, "empty"),
    ("matrix.axes", {"preset": "custom", "x": "A" * 41, "y": "B"}, FAC, "too_long"),
    ("matrix.axes", {"preset": "sideways"}, FAC, "bad_request"),
    ("matrix.axes", {}, FAC, "bad_request"),
    ("matrix.axes", {"preset": "impact_effort", "quadrants": {"middle": "x"}}, FAC, "bad_request"),
    ("matrix.axes", {"preset": "impact_effort"}, SAM, "forbidden"),
    ("matrix.item_add", {"text": " "}, FAC, "empty"),
    ("matrix.item_add", {"text": "x"}, SAM, "forbidden"),
    ("matrix.item_edit", {"item": "zzz", "text": "x"}, FAC, "not_found"),
    ("matrix.item_remove", {"item": I(0)}, SAM, "forbidden"),
    ("matrix.import", {"cards": [{"text": "x", "source": None}] * 40}, FAC, "limit"),
    ("matrix.import", {"cards": "x"}, FAC, "bad_request"),
    ("activity.reveal", {}, SAM, "forbidden"),
    ("matrix.vote", {}, SAM, "unknown_intent"),
]


@pytest.mark.parametrize("kind, payload, actor, code", REJECTIONS)
def test_rejections_change_nothing(kind, payload, actor, code):
    rejected(rate(matrix(), ALEX, 1, 2, 2), kind, payload, actor, code)


def test_rating_after_close_is_refused():
    s = act(rate(matrix(), SAM, 0, 1, 1), "activity.close")
    rejected(s, "matrix.rate", {"item": I(0), "x": 3, "y": 3}, SAM, "closed")
    rejected(s, "matrix.clear", {"item": I(0)}, SAM, "closed")


# --- privacy ----------------------------------------------------------------------------

def rated():
    s = matrix()
    for who, x, y in ((SAM, 1, 5), (ALEX, 2, 4)):
        s = rate(rate(s, who, 0, x, y), who, 1, 5, 5)
    return s


def test_no_ratings_on_board_or_phones_before_reveal():
    s = rated()
    for audience in ("board", "participant"):
        v = pm.view(s, audience)
        assert v["results"] is None and v["raters"] == 2
        assert "mean" not in json.dumps(v)
    assert pm.view(s, "facilitator")["results"] is not None
    s = act(s, "activity.reveal")
    assert pm.view(s, "board")["results"] == pm.view(s, "facilitator")["results"]
    assert pm.view(s, "participant") == pm.view(s, "board")


def test_no_names_or_participant_ids_in_views():
    s = act(rated(), "activity.reveal")
    for audience in AUDIENCES:
        text = json.dumps(pm.view(s, audience))
        assert "Zebedee" not in text and "Alexandra" not in text and '"5"' not in text
    assert json.loads(json.dumps(s)) == s


# --- outcomes ---------------------------------------------------------------------------

def test_outcomes_by_quadrant_quick_wins_first():
    s = matrix(6)
    s = rate(s, SAM, 0, 5, 1)    # thankless
    s = rate(s, SAM, 1, 4, 5)    # major project
    s = rate(s, SAM, 2, 2, 4)    # quick win (4 - 2 = 2)
    s = rate(s, SAM, 3, 1, 5)    # quick win (5 - 1 = 4): first
    s = rate(s, SAM, 4, 1, 2)    # fill-in
    out = pm.outcomes(s)
    assert [c["id"] for c in out] == [I(3), I(2), I(1), I(4), I(0), I(5)]
    assert [c["quadrant"] for c in out] == ["Quick wins", "Quick wins", "Major projects", "Fill-ins",
                                            "Thankless tasks", None]
    assert out[0] == {"id": I(3), "text": "idea 3", "author_name": None, "group": "Quick wins",
                      "source": {"activity": 2, "card": "c4"}, "quadrant": "Quick wins", "quadrant_key": "top_left",
                      "x": 1.0, "y": 5.0, "n": 1, "sd_x": 0.0, "sd_y": 0.0, "override": False,
                      "here": 1, "agreement": None, "score": [0, 4.0]}
    assert out[-1]["group"] == "Not rated" and out[-1]["n"] == 0


def test_outcomes_for_importance_urgency_do_now_first_and_urgent_before_less_urgent():
    s = matrix(3, axes="importance_urgency")
    s = rate(s, SAM, 0, 4, 4)    # do now, 8
    s = rate(s, SAM, 1, 5, 5)    # do now, 10
    s = rate(s, SAM, 2, 1, 5)    # plan
    assert [c["quadrant"] for c in pm.outcomes(s)] == ["Do now", "Do now", "Plan"]
    assert [c["id"] for c in pm.outcomes(s)] == [I(1), I(0), I(2)]


def test_empty_matrix_has_no_outcomes():
    assert pm.outcomes(pm.initial_state({})) == []
    assert not pm.has_contributions(pm.initial_state({}))
