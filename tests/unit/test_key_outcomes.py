"""The record's key outcomes read as sentences a head takes in: no "Because" fragments, no problem
given as its own root cause, no priority the action table already holds, and the RAG rating's
weakest and strongest items (workshop/record/prefill.py)."""
from __future__ import annotations

import copy
from types import SimpleNamespace

import pytest

from workshop import tools
from workshop.record import prefill
from workshop.tools import rag_rating
from workshop.tools.base import Actor

FAC = Actor("facilitator")
PEOPLE = [Actor("participant", participant=n, name=f"P{n}") for n in range(1, 6)]


@pytest.fixture
def canned(monkeypatch):
    """Tools whose outcomes are the cards in their state, so each test names exactly what a tool
    gives (the cards have the shapes the real tools' outcomes have)."""
    for name in ("five_whys", "fishbone", "dotocracy", "diamond_nine", "prioritisation_matrix", "pstb", "swot",
                 "action_plan"):
        monkeypatch.setattr(tools.get(name), "outcomes", lambda state: copy.deepcopy(state["cards"]))


def activity(tool: str, cards: list[dict] | None = None, config: dict | None = None, **state) -> SimpleNamespace:
    return SimpleNamespace(id=len(tool), tool=tool, title=tool, section="Part 2", config=config or {},
                           state={"cards": cards or [], **state})


def card(text: str, **more) -> dict:
    return {"id": text[:8], "text": text, "author_name": None, "source": None, **more}


def outcomes(*activities, **kwargs) -> list[str]:
    return prefill.key_outcomes(SimpleNamespace(activities=list(activities)), **kwargs)


def test_a_five_whys_answer_becomes_a_root_cause_without_its_because(canned):
    whys = activity("five_whys", [card("Because the TA contracts predate the new curriculum"),
                                  card("because of the  budget cut in 2024"),
                                  card("Because")],
                    config={"problem": "TAs are briefed at the door"})
    assert outcomes(whys) == ["A root cause we found: The TA contracts predate the new curriculum.",
                              "A root cause we found: The budget cut in 2024.",
                              "A root cause we found: Because."]  # nothing to keep but the word


def test_the_problem_explored_is_not_given_again_as_its_own_root_cause(canned):
    fishbone = activity("fishbone", [card("No shared time for teachers and TAs to plan together"),
                                     card("SEND data goes to SLT, not to heads of department")])
    whys = activity("five_whys", [card("Because TA hours match the timetable exactly")],
                    problem="No shared time for teachers and TAs to plan together.")
    assert outcomes(fishbone, whys) == [
        "A root cause we found: SEND data goes to SLT, not to heads of department.",
        "A root cause we found: TA hours match the timetable exactly."]


def test_a_root_cause_that_only_repeats_the_problem_leaves_room_for_the_next(canned):
    """At most MAX_PER_TOOL root causes a tool, counted after the problem itself is left out."""
    texts = ["Pupils do not use their passports", "Passports are long", "Nobody checks them",
             "They are written once a year"]
    whys = activity("five_whys", [card(t) for t in texts], problem="pupils do NOT use their passports!")
    assert outcomes(whys) == [f"A root cause we found: {t}." for t in texts[1:]]


def test_a_priority_already_in_the_action_table_is_left_out(canned):
    plan = activity("action_plan", [card("Ten minutes of TA briefing time each week", when="2027-01-08", who="Jo",
                                         support="a", comments=[])])
    dots = activity("dotocracy", [card("ten minutes of TA-briefing time, each week!"),
                                  card("One-page pupil profiles")])
    matrix = activity("prioritisation_matrix", [card("Ten minutes of TA briefing time each week", group="Quick wins"),
                                                card("Coaching after CPD", group="Quick wins")])
    assert outcomes(dots, matrix, plan) == ["A top priority: One-page pupil profiles.",
                                            "A quick win: Coaching after CPD."]


def test_the_action_table_can_be_the_records_own(canned):
    """The record's (edited) actions, when given, stand for the action table."""
    dots = activity("dotocracy", [card("Ten minutes of TA briefing time each week"), card("One-page pupil profiles")])
    agreed = [{"text": "One-page pupil profiles."}]
    assert outcomes(dots, agreed=agreed) == ["A top priority: Ten minutes of TA briefing time each week."]
    assert outcomes(dots, agreed=[]) == ["A top priority: Ten minutes of TA briefing time each week.",
                                         "A top priority: One-page pupil profiles."]


def test_a_pstb_gives_its_problem_and_the_actions_the_table_does_not_already_hold(canned):
    pstb = activity("pstb", [card("Move TA briefing into the Tuesday slot", who="Deputy head", when="2027-01-12"),
                             card("Template for Friday lesson outlines", who="", when="By half term"),
                             card("Ask the partner school to visit", who="", when="")],
                    statement="How to give teachers and TAs time to plan together?")
    plan = activity("action_plan", [card("Ask the partner school to visit", when="", who="", support="b",
                                         comments=[])])
    assert outcomes(pstb, plan) == [
        "The problem we solved as a team (PSTB): How to give teachers and TAs time to plan together?",
        "An action the team agreed: Move TA briefing into the Tuesday slot (Deputy head, by 12 January 2027).",
        "An action the team agreed: Template for Friday lesson outlines (By half term)."]


def rag_state(ratings: dict[str, list[str]]) -> dict:
    """A RAG rating whose items are the keys, each rated by the people in order with the given list."""
    state = tools.apply("rag_rating", rag_rating.initial_state({}), {"type": "activity.open", "payload": {}}, FAC)
    for seq, text in enumerate(ratings, 1):
        state = tools.apply("rag_rating", state, {"type": "rag.item_add", "payload": {"text": text}, "seq": seq,
                                                  "at": seq}, FAC)
    for item, given in zip(state["items"], ratings.values()):
        for person, rating in zip(PEOPLE, given):
            state = tools.apply("rag_rating", state, {"type": "rag.rate", "payload": {"item": item["id"],
                                                                                    "rating": rating}}, person)
    return state


def rag(ratings: dict[str, list[str]]) -> SimpleNamespace:
    return SimpleNamespace(id=1, tool="rag_rating", title="RAG", section="Part 1", config={},
                           state=rag_state(ratings))


def test_a_rag_rating_names_the_item_most_rated_red_and_the_one_most_rated_green():
    room = rag({"Passports are used in planning": ["red", "red", "amber"],
                "TAs are briefed before lessons": ["red", "red", "red", "amber"],
                "Adaptations are consistent": ["amber", "amber", "green"],
                "Pupils with SEND feel safe": ["green", "green", "amber"],
                "Leaders track SEND progress": ["green", "green", "green", "green"]})
    assert outcomes(room) == ["Most in need of attention (rated red): TAs are briefed before lessons.",
                              "Where we are strongest (rated green): Leaders track SEND progress."]


def test_without_a_red_the_weakest_is_the_amber_and_without_a_green_there_is_no_strongest():
    assert outcomes(rag({"Adaptations are consistent": ["amber", "amber", "green"],
                         "Passports are used": ["amber", "amber", "amber"]})) == [
        "Most in need of attention (rated amber): Passports are used."]
    assert outcomes(rag({"Adaptations are consistent": []})) == []  # nobody rated: nothing to say


def test_the_facilitators_agreed_rating_is_the_one_that_counts():
    state = rag_state({"Passports are used in planning": ["green", "green", "amber"]})
    state = tools.apply("rag_rating", state, {"type": "rag.agree", "payload": {"item": state["items"][0]["id"],
                                                                             "rating": "red"}}, FAC)
    room = SimpleNamespace(id=1, tool="rag_rating", title="RAG", section="Part 1", config={}, state=state)
    assert outcomes(room) == ["Most in need of attention (rated red): Passports are used in planning."]


def test_swot_points_read_as_sentences_and_an_item_several_tools_agreed_on_appears_once(canned):
    swot = activity("swot", [card("Staff know every pupil", quadrant="s"), card("Staff know every pupil well", quadrant="s"),
                             card("TA time is short", quadrant="w"), card("A partner school offers help", quadrant="o"),
                             card("Budget cuts", quadrant="t")])
    fishbone = activity("fishbone", [card("TA time is short.")])
    assert outcomes(fishbone, swot) == ["A root cause we found: TA time is short.",
                                        "A strength to build on: Staff know every pupil.",
                                        "An opportunity to take: A partner school offers help.",
                                        "A threat to plan for: Budget cuts."]


def test_there_are_at_most_max_outcomes_each_a_sentence(canned):
    many = [activity("fishbone", [card(f"Cause {n} in tool {t}") for n in range(3)]) for t in range(4)]
    bullets = outcomes(*many)
    assert len(bullets) == prefill.MAX_OUTCOMES
    assert all(b.endswith((".", "?", "…")) and b.split(": ", 1)[1][0].isupper() for b in bullets)


def test_a_long_outcome_is_cut_to_the_bullet_limit_with_an_ellipsis(canned):
    (bullet,) = outcomes(activity("fishbone", [card("because " + "word " * 100)]))
    assert len(bullet) == prefill.BULLET_LIMIT and bullet.startswith("A root cause we found: Word word")
    assert bullet.endswith("…")
