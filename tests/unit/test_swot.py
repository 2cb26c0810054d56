"""The SWOT analysis, as a pure reducer plus its views and outcomes (docs/protocol.md, "SWOT analysis")."""
from __future__ import annotations

import copy
import json

import pytest

from workshop import tools
from workshop.tools import swot
from workshop.tools.base import Actor, ToolError

FAC = Actor("facilitator")
SAM = Actor("participant", participant=5, name="Zebedee")  # a name no test text contains
ALEX = Actor("participant", participant=6, name="Alexandra")
PSEUDONYM = Actor("participant", participant="a" + "1" * 20, name=None)  # an anonymous participant
AUDIENCES = ("facilitator", "board", "participant")


def intent(kind: str, payload=None, *, seq: int = 900, at: int = 50_000) -> dict:
    return {"type": kind, "payload": {} if payload is None else payload, "at": at, "seq": seq}


def act(state: dict, kind: str, payload=None, actor: Actor = FAC, *, seq: int = 900) -> dict:
    """Apply one intent the way the engine does, checking the input state is left alone."""
    before = copy.deepcopy(state)
    after = tools.apply("swot", state, intent(kind, payload, seq=seq), actor)
    assert state == before, f"{kind} mutated the state it was given"
    return after


def add(state: dict, text: str, quadrant: str, actor: Actor = SAM, *, seq: int) -> dict:
    return act(state, "swot.add", {"text": text, "quadrant": quadrant}, actor, seq=seq)


def named() -> dict:
    return act(swot.initial_state({"anonymous": False}), "activity.open")


def busy() -> dict:
    """c1 Sam S (live, c5 merged into it)   c2 Alex W (live)   c3 Sam T hidden
    c4 Sam O deleted                          c5 Alex S merged into c1      c6 Alex O (live)"""
    s = named()
    s = add(s, "Caring staff", "s", SAM, seq=1)
    s = add(s, "Too little planning time", "w", ALEX, seq=2)
    s = add(s, "something rude", "t", SAM, seq=3)
    s = act(s, "swot.hide", {"card": "c3"})
    s = add(s, "withdrawn", "o", SAM, seq=4)
    s = act(s, "swot.delete", {"card": "c4"}, SAM)
    s = add(s, "Staff who care", "s", ALEX, seq=5)
    s = act(s, "swot.merge", {"card": "c5", "into": "c1"})
    s = add(s, "New local partnership", "o", ALEX, seq=6)
    return s


def cards(state: dict, audience: str = "facilitator") -> dict[str, dict]:
    return {c["id"]: c for c in swot.view(state, audience)["cards"]}


def rejected(state: dict, kind: str, payload, actor: Actor, code: str) -> ToolError:
    before = copy.deepcopy(state)
    with pytest.raises(ToolError) as caught:
        tools.apply("swot", state, intent(kind, payload), actor)
    assert caught.value.code == code, caught.value.message
    assert state == before
    return caught.value


# --- the reducer ---------------------------------------------------------------------------

def test_it_is_registered_with_its_name_title_and_prefix():
    assert tools.get("swot") is swot
    assert (swot.title, swot.prefix) == ("SWOT analysis", "swot.")


def test_a_new_analysis_is_closed_anonymous_and_has_the_four_quadrants_in_order():
    state = swot.initial_state({})
    assert (state["open"], state["revealed"], state["anonymous"], state["cards"]) == (False, False, True, [])
    assert [q["title"] for q in swot.view(state, "board")["quadrants"]] == [
        "Strengths", "Weaknesses", "Opportunities", "Threats"]
    assert [(q["inside"], q["helps"]) for q in swot.view(state, "board")["quadrants"]] == [
        (True, True), (True, False), (False, True), (False, False)]


def test_a_participant_adds_a_card_to_a_quadrant():
    s = add(named(), "  Caring   staff ", "s", SAM, seq=7)
    assert s["cards"] == [{"id": "c7", "text": "Caring staff", "author": 5, "author_name": "Zebedee",
                           "anonymous": False, "at": 50_000, "source": None, "quadrant": "s",
                           "hidden": False, "deleted": False, "merged_into": None}]


@pytest.mark.parametrize("payload, code", [
    ({"text": "x"}, "bad_request"),                         # no quadrant
    ({"text": "x", "quadrant": "x"}, "bad_request"),        # no such quadrant
    ({"text": "x", "quadrant": "Strengths"}, "bad_request"),  # the title is not the id
    ({"text": "x", "quadrant": None}, "bad_request"),
    ({"text": "   ", "quadrant": "s"}, "empty"),
    ({"text": 3, "quadrant": "s"}, "bad_request"),
    ({"text": "x" * (swot.MAX_TEXT + 1), "quadrant": "s"}, "too_long"),
])
def test_an_add_without_a_good_text_and_quadrant_is_refused(payload, code):
    rejected(named(), "swot.add", payload, SAM, code)


def test_a_participant_edits_and_deletes_only_their_own_cards():
    s = busy()
    s = act(s, "swot.edit", {"card": "c1", "text": "Caring, stable staff"}, SAM)
    assert cards(s)["c1"]["text"] == "Caring, stable staff"
    rejected(s, "swot.edit", {"card": "c2", "text": "mine now"}, SAM, "forbidden")
    rejected(s, "swot.delete", {"card": "c2"}, SAM, "forbidden")
    rejected(s, "swot.edit", {"card": "c3", "text": "nicer"}, SAM, "closed")  # hidden by the facilitator
    rejected(s, "swot.edit", {"card": "c5", "text": "x"}, ALEX, "closed")     # merged away
    rejected(s, "swot.edit", {"card": "c4", "text": "x"}, SAM, "not_found")   # deleted
    s = act(s, "swot.delete", {"card": "c6"}, ALEX)
    assert "c6" not in cards(s)


def test_the_facilitator_hides_unhides_edits_and_moves_any_card():
    s = busy()
    s = act(s, "swot.unhide", {"card": "c3"})
    assert cards(s, "board")["c3"]["quadrant"] == "t"
    s = act(s, "swot.hide", {"card": "c2"})
    assert "c2" not in cards(s, "board") and cards(s)["c2"]["hidden"] is True
    s = act(s, "swot.move", {"card": "c3", "quadrant": "w"})
    assert cards(s)["c3"]["quadrant"] == "w"
    s = act(s, "swot.edit", {"card": "c3", "text": "Staff turnover"})
    assert cards(s)["c3"]["text"] == "Staff turnover"
    rejected(s, "swot.move", {"card": "c3", "quadrant": "q"}, FAC, "bad_request")
    rejected(s, "swot.move", {"card": "c3"}, FAC, "bad_request")
    rejected(s, "swot.move", {"card": "nope", "quadrant": "s"}, FAC, "not_found")


@pytest.mark.parametrize("kind, payload", [
    ("swot.hide", {"card": "c1"}), ("swot.unhide", {"card": "c3"}), ("swot.merge", {"card": "c2", "into": "c1"}),
    ("swot.move", {"card": "c1", "quadrant": "w"}), ("swot.settings", {"anonymous": True}),
    ("swot.import", {"quadrant": "w", "cards": [{"text": "x", "author_name": None, "source": None}]}),
    ("activity.open", {}), ("activity.reveal", {}),
])
def test_only_the_facilitator_tidies(kind, payload):
    assert kind in swot.FACILITATOR_ONLY or kind.startswith("activity.")
    rejected(busy(), kind, payload, SAM, "forbidden")
    act(busy(), kind, payload, FAC)


def test_a_merge_keeps_one_level_and_carries_cards_already_merged():
    s = busy()
    s = act(s, "swot.merge", {"card": "c1", "into": "c6"})  # c5 was merged into c1: it follows
    assert {c["id"]: c["merged_into"] for c in s["cards"]}["c5"] == "c6"
    assert cards(s)["c6"]["merged"] == ["c1", "c5"]
    rejected(s, "swot.merge", {"card": "c6", "into": "c6"}, FAC, "conflict")
    rejected(s, "swot.merge", {"card": "c2", "into": "c1"}, FAC, "conflict")  # c1 is merged away
    rejected(s, "swot.delete", {"card": "c6"}, FAC, "conflict")  # it holds other people's cards


def test_settings_switch_anonymity_and_new_cards_follow_it():
    s = act(named(), "swot.settings", {"anonymous": True})
    s = add(s, "Falling rolls", "t", PSEUDONYM, seq=3)
    assert s["cards"][0]["author_name"] is None and s["cards"][0]["anonymous"] is True
    rejected(s, "swot.settings", {"anonymous": "yes"}, FAC, "bad_request")


def test_an_import_lands_in_the_quadrant_it_names_keeping_its_source():
    s = act(named(), "swot.import", {"quadrant": "w", "cards": [
        {"text": "Attendance dips", "author_name": None, "source": {"activity": 3, "card": "m0"}},
        {"text": "x" * (swot.MAX_TEXT + 40), "author_name": "Zoë", "source": None}]}, seq=8)
    assert [(c["id"], c["quadrant"], c["source"], c["author"]) for c in s["cards"]] == [
        ("c8-0", "w", {"activity": 3, "card": "m0"}, None), ("c8-1", "w", None, None)]
    assert len(s["cards"][1]["text"]) == swot.MAX_TEXT  # trimmed, not refused: other tools allow longer
    rejected(named(), "swot.import", {"cards": [{"text": "x"}]}, FAC, "bad_request")  # no quadrant
    rejected(named(), "swot.import", {"quadrant": "w", "cards": []}, FAC, "bad_request")


def test_a_person_adds_at_most_their_allowance_and_a_full_analysis_takes_no_more():
    s = named()
    for n in range(swot.PER_PERSON_CARDS):
        s = add(s, f"point {n}", "swot"[n % 4], SAM, seq=n + 1)
    error = rejected(s, "swot.add", {"text": "one more", "quadrant": "s"}, SAM, "limit")
    assert f"{swot.PER_PERSON_CARDS} cards" in error.message
    add(s, "the facilitator has no allowance", "s", FAC, seq=999)
    full = {**named(), "cards": [{**s["cards"][0], "id": f"c{n}", "author": None} for n in range(swot.MAX_CARDS)]}
    rejected(full, "swot.add", {"text": "no room", "quadrant": "s"}, ALEX, "limit")
    hidden = {**full, "cards": [{**full["cards"][0], "hidden": True}, *full["cards"][1:]]}
    add(hidden, "hiding one makes room", "s", ALEX, seq=1)


def test_unknown_intents_and_bad_payloads_are_refused():
    rejected(named(), "swot.shout", {}, FAC, "unknown_intent")
    rejected(named(), "idea.add", {"text": "x"}, FAC, "unknown_intent")
    with pytest.raises(ToolError) as caught:
        swot.apply(named(), {"type": "swot.add", "payload": [], "at": 1, "seq": 1}, SAM)
    assert caught.value.code == "bad_request"
    with pytest.raises(ToolError) as caught:
        tools.check_payload("swot", "swot.add", {"text": "x", "quadrant": "s", "column": "k1"})
    assert caught.value.code == "bad_request"


# --- views --------------------------------------------------------------------------------

def test_each_audience_sees_what_it_may():
    s = busy()
    assert list(cards(s)) == ["c1", "c2", "c3", "c6"]
    for audience in ("board", "participant"):
        shown = cards(s, audience)
        assert list(shown) == ["c1", "c2", "c6"]  # not hidden, deleted or merged away
        assert "hidden" not in shown["c1"]
        assert shown["c1"]["merged"] == ["c5"]
    assert cards(s)["c3"]["hidden"] is True
    assert swot.view(s, "board")["count"] == 3


def test_anonymous_cards_carry_no_name_anywhere():
    s = act(swot.initial_state({}), "activity.open")
    s = add(s, "Good results in maths", "s", PSEUDONYM, seq=1)
    sent = json.dumps([swot.view(s, a) for a in AUDIENCES] + [swot.outcomes(s)])
    assert PSEUDONYM.participant not in sent
    assert all(c["author"] is None for a in AUDIENCES for c in swot.view(s, a)["cards"])


def test_a_named_card_shows_its_authors_name():
    assert cards(busy(), "board")["c1"]["author"] == "Zebedee"


def test_the_private_view_lists_your_own_undeleted_cards_even_off_the_board():
    s = busy()
    assert swot.private_view(s, 5) == {"mine": ["c1", "c3"]}
    assert swot.private_view(s, 6) == {"mine": ["c2", "c5", "c6"]}


def test_views_and_outcomes_are_json():
    s = busy()
    for audience in AUDIENCES:
        assert json.loads(json.dumps(swot.view(s, audience))) == swot.view(s, audience)
    assert json.loads(json.dumps(swot.outcomes(s))) == swot.outcomes(s)


# --- outcomes -----------------------------------------------------------------------------

def test_outcomes_go_quadrant_by_quadrant_most_agreed_first_with_their_quadrant():
    s = busy()
    s = add(s, "Good results", "s", SAM, seq=7)
    s = add(s, "Results are good", "s", ALEX, seq=8)
    s = add(s, "Results are strong", "s", FAC, seq=9)
    s = act(s, "swot.merge", {"card": "c8", "into": "c7"})
    s = act(s, "swot.merge", {"card": "c9", "into": "c7"})
    out = swot.outcomes(s)
    assert [(c["id"], c["group"], c["quadrant"], c["agreed"]) for c in out] == [
        ("c7", "Strengths", "s", 3), ("c1", "Strengths", "s", 2),
        ("c2", "Weaknesses", "w", 1), ("c6", "Opportunities", "o", 1)]
    assert out[0]["author_name"] == "Zebedee" and out[0]["source"] is None


def test_hidden_cards_leave_the_outcomes_and_hidden_merges_do_not_count():
    s = act(busy(), "swot.hide", {"card": "c5"})
    assert [c["agreed"] for c in swot.outcomes(s) if c["id"] == "c1"] == [1]
    s = act(s, "swot.unhide", {"card": "c3"})
    assert ("c3", "Threats") in [(c["id"], c["group"]) for c in swot.outcomes(s)]


def test_has_contributions():
    assert not swot.has_contributions(named())
    assert swot.has_contributions(busy())


# --- taking the outcomes by quadrant (engine.imports) ------------------------------------------

def source(state: dict):
    from types import SimpleNamespace

    return SimpleNamespace(id=3, tool="swot", state=state)


def test_an_import_takes_the_quadrants_it_names_in_the_outcomes_order():
    from workshop.engine import imports

    problems = imports.outcome_cards(source(busy()), {"group": ["Weaknesses", "Threats"]}, None)
    assert [(c["text"], c["source"]) for c in problems] == [
        ("Too little planning time", {"activity": 3, "card": "c2"})]  # the only threat is hidden
    building = imports.outcome_cards(source(busy()), {"group": ["Strengths", "Opportunities"]}, None)
    assert [c["text"] for c in building] == ["Caring staff", "New local partnership"]
    assert [c["text"] for c in imports.outcome_cards(source(busy()), {"group": "Strengths"}, None)] == ["Caring staff"]
    assert len(imports.outcome_cards(source(busy()), {}, None)) == 3


@pytest.mark.parametrize("group, code", [
    ([], "bad_request"), (["Weaknesses"] * 9, "bad_request"), ([None], "bad_request"), ({"w": 1}, "bad_request"),
    (["Threats"], "conflict"),  # hidden: nothing to bring
])
def test_an_import_refuses_a_bad_or_empty_choice_of_quadrants(group, code):
    from workshop.engine import imports

    with pytest.raises(ToolError) as caught:
        imports.outcome_cards(source(busy()), {"group": group}, None)
    assert caught.value.code == code
