"""Radiant thinking, as a pure reducer plus its views and outcomes (docs/protocol.md, "Radiant thinking")."""
from __future__ import annotations

import copy
import json

import pytest

from workshop import tools
from workshop.tools import radiant
from workshop.tools.base import Actor, ToolError

FAC = Actor("facilitator")
SAM = Actor("participant", participant=5, name="Zebedee")  # a name no test text contains
ALEX = Actor("participant", participant=6, name="Alexandra")
PSEUDONYM = Actor("participant", participant="a" + "1" * 20, name=None)
AUDIENCES = ("facilitator", "board", "participant")


def intent(kind: str, payload=None, *, seq: int = 900, at: int = 50_000) -> dict:
    return {"type": kind, "payload": {} if payload is None else payload, "at": at, "seq": seq}


def act(state: dict, kind: str, payload=None, actor: Actor = FAC, *, seq: int = 900) -> dict:
    """Apply one intent the way the engine does, checking the input state is left alone."""
    before = copy.deepcopy(state)
    after = tools.apply("radiant", state, intent(kind, payload, seq=seq), actor)
    assert state == before, f"{kind} mutated the state it was given"
    return after


def refused(state: dict, kind: str, payload, actor: Actor = FAC) -> ToolError:
    before = copy.deepcopy(state)
    with pytest.raises(ToolError) as caught:
        tools.apply("radiant", state, intent(kind, payload), actor)
    assert state == before
    return caught.value


def add(state: dict, text: str, parent=None, actor: Actor = SAM, *, seq: int) -> dict:
    return act(state, "radiant.add", {"text": text, "parent": parent}, actor, seq=seq)


def opened(**config) -> dict:
    return act(radiant.initial_state({"theme": "Reading for pleasure", **config}), "activity.open")


def tree() -> dict:
    """c1 Library (Sam)            c4 Time to read (Alex)
         c2 Lunch opening (Alex)     c5 Tutor time (Sam)
           c3 Sixth-form helpers       c6 Staff read too (Alex)"""
    s = opened()
    s = add(s, "Library", None, SAM, seq=1)
    s = add(s, "Lunch opening", "c1", ALEX, seq=2)
    s = add(s, "Sixth-form helpers", "c2", SAM, seq=3)
    s = add(s, "Time to read", None, ALEX, seq=4)
    s = add(s, "Tutor time", "c4", SAM, seq=5)
    s = add(s, "Staff read too", "c5", ALEX, seq=6)
    return s


def nodes(state: dict, audience: str = "facilitator") -> dict[str, dict]:
    return {n["id"]: n for n in radiant.view(state, audience)["nodes"]}


# --- set-up ----------------------------------------------------------------------------

def test_a_new_map_is_anonymous_with_its_theme_and_no_ideas():
    s = radiant.initial_state({"theme": "  Reading   for pleasure "})
    assert s == {"open": False, "revealed": False, "anonymous": True, "theme": "Reading for pleasure", "nodes": []}
    assert radiant.initial_state(None)["theme"] == ""
    assert radiant.initial_state({"anonymous": False})["anonymous"] is False
    assert not radiant.has_contributions(s)


@pytest.mark.parametrize("config, code", [({"theme": 3}, "bad_request"), ({"theme": "x" * 201}, "too_long")])
def test_a_bad_config_is_refused(config, code):
    with pytest.raises(ToolError) as caught:
        radiant.initial_state(config)
    assert caught.value.code == code


def test_the_tool_is_registered_with_its_booklet_title():
    assert tools.get("radiant") is radiant
    assert radiant.title == "Radiant thinking" and radiant.prefix == "radiant."
    assert set(radiant.PAYLOAD_KEYS) == set(radiant.HANDLERS)


# --- adding ----------------------------------------------------------------------------

def test_branches_sub_branches_and_sub_sub_branches_are_added_under_any_node():
    s = tree()
    view = nodes(s, "board")
    assert [(n["text"], n["depth"], n["parent"], n["branch"]) for n in view.values()] == [
        ("Library", 1, None, "c1"), ("Lunch opening", 2, "c1", "c1"), ("Sixth-form helpers", 3, "c2", "c1"),
        ("Time to read", 1, None, "c4"), ("Tutor time", 2, "c4", "c4"), ("Staff read too", 3, "c5", "c4")]
    assert radiant.has_contributions(s)
    added = s["nodes"][0]
    assert added["at"] == 50_000 and added["author"] == 5 and added["author_name"] is None  # anonymous


def test_the_view_lists_the_map_depth_first_whatever_the_order_added():
    s = tree()
    s = add(s, "Book boxes", "c1", SAM, seq=7)
    assert list(nodes(s)) == ["c1", "c2", "c3", "c7", "c4", "c5", "c6"]


def test_nothing_goes_deeper_than_three_levels():
    s = tree()
    error = refused(s, "radiant.add", {"text": "Too deep", "parent": "c3"}, SAM)
    assert error.code == "conflict" and "3 levels" in error.message
    assert refused(s, "radiant.add", {"text": "Too deep", "parent": "c3"}, FAC).code == "conflict"


@pytest.mark.parametrize("payload, code", [
    ({"text": ""}, "empty"), ({"text": "   "}, "empty"), ({"text": 5}, "bad_request"), ({}, "bad_request"),
    ({"text": "x" * 121}, "too_long"), ({"text": "ok", "parent": "nope"}, "not_found"),
    ({"text": "ok", "parent": 7}, "bad_request"),
])
def test_a_bad_add_is_refused_and_changes_nothing(payload, code):
    assert refused(tree(), "radiant.add", payload, SAM).code == code


def test_names_show_only_when_the_facilitator_turns_them_on_and_never_retroactively():
    s = tree()
    s = act(s, "radiant.settings", {"anonymous": False})
    s = add(s, "Book fair", None, SAM, seq=7)
    view = nodes(s, "board")
    assert view["c7"]["author"] == "Zebedee"
    assert all(view[n]["author"] is None for n in ("c1", "c2", "c3"))
    assert "Alexandra" not in json.dumps(radiant.view(tree(), "facilitator"))
    # The facilitator's own ideas carry no name.
    assert nodes(act(s, "radiant.add", {"text": "From the front", "parent": None}, FAC, seq=8))["c8"]["author"] is None


def test_a_participant_cannot_add_under_a_hidden_or_merged_node_but_the_facilitator_can_under_hidden():
    s = act(tree(), "radiant.hide", {"node": "c2"})
    assert refused(s, "radiant.add", {"text": "x", "parent": "c2"}, SAM).code == "closed"
    assert refused(s, "radiant.add", {"text": "x", "parent": "c3"}, SAM).code == "closed"  # under a hidden one
    assert nodes(add(s, "Still there", "c2", FAC, seq=7))["c7"]["parent"] == "c2"
    merged = act(tree(), "radiant.merge", {"node": "c5", "into": "c2"})
    assert refused(merged, "radiant.add", {"text": "x", "parent": "c5"}, FAC).code == "closed"


def test_each_person_adds_at_most_their_allowance_deleted_ones_included():
    s = opened()
    for n in range(radiant.PER_PERSON_NODES):
        s = add(s, f"Idea {n}", None, SAM, seq=n + 1)
    s = act(s, "radiant.delete", {"node": "c1"}, SAM)
    error = refused(s, "radiant.add", {"text": "One more"}, SAM)
    assert error.code == "limit" and f"{radiant.PER_PERSON_NODES} ideas" in error.message
    add(s, "Alex still can", None, ALEX, seq=999)
    add(s, "So can the facilitator", None, FAC, seq=998)


def test_the_map_holds_its_cap_of_shown_ideas_and_tidying_makes_room():
    s = opened()
    s = {**s, "nodes": [{**add(opened(), "x", None, FAC, seq=1)["nodes"][0], "id": f"s{n}"}
                        for n in range(radiant.MAX_NODES)]}
    assert refused(s, "radiant.add", {"text": "full"}, FAC).code == "limit"
    s = act(s, "radiant.hide", {"node": "s0"})
    add(s, "room again", None, FAC, seq=2)
    assert refused(s, "radiant.import", {"cards": [{"text": "a"}, {"text": "b"}]}).code == "limit"


# --- people change their own ----------------------------------------------------------

def test_participants_edit_and_delete_their_own_ideas_only():
    s = tree()
    s = act(s, "radiant.edit", {"node": "c3", "text": "  Sixth formers  help "}, SAM)
    assert nodes(s)["c3"]["text"] == "Sixth formers help"
    assert refused(s, "radiant.edit", {"node": "c2", "text": "mine now"}, SAM).code == "forbidden"
    assert refused(s, "radiant.delete", {"node": "c2"}, SAM).code == "forbidden"
    s = act(s, "radiant.delete", {"node": "c3"}, SAM)
    assert "c3" not in nodes(s)
    assert radiant.private_view(s, 5) == {"mine": ["c1", "c5"]}
    assert refused(s, "radiant.edit", {"node": "c3", "text": "back"}, SAM).code == "not_found"


def test_a_node_with_ideas_under_it_or_merged_into_it_is_not_deleted():
    s = tree()
    error = refused(s, "radiant.delete", {"node": "c1"}, SAM)
    assert error.code == "conflict" and "branch off" in error.message
    s = add(s, "Lunch clubs", "c1", ALEX, seq=7)
    s = act(s, "radiant.merge", {"node": "c7", "into": "c3"})
    assert refused(s, "radiant.delete", {"node": "c3"}, SAM).code == "conflict"


def test_a_participant_cannot_change_their_idea_once_tidied_away():
    s = act(tree(), "radiant.hide", {"node": "c2"})
    assert refused(s, "radiant.edit", {"node": "c3", "text": "x"}, SAM).code == "closed"
    assert refused(s, "radiant.delete", {"node": "c3"}, SAM).code == "closed"
    act(s, "radiant.edit", {"node": "c3", "text": "the facilitator renames it"}, FAC)


# --- the facilitator tidies --------------------------------------------------------------

@pytest.mark.parametrize("kind, payload", [
    ("radiant.hide", {"node": "c1"}), ("radiant.unhide", {"node": "c1"}), ("radiant.move", {"node": "c2", "parent": None}),
    ("radiant.merge", {"node": "c2", "into": "c5"}), ("radiant.theme", {"text": "New"}),
    ("radiant.settings", {"anonymous": False}), ("radiant.import", {"cards": [{"text": "x"}]}),
])
def test_only_the_facilitator_tidies(kind, payload):
    assert refused(tree(), kind, payload, SAM).code == "forbidden"
    assert kind in radiant.FACILITATOR_ONLY


def test_hiding_a_node_hides_what_grows_from_it_from_the_room_only():
    s = act(tree(), "radiant.hide", {"node": "c1"})
    assert list(nodes(s, "board")) == list(nodes(s, "participant")) == ["c4", "c5", "c6"]
    fac = nodes(s)
    assert (fac["c1"]["hidden"], fac["c1"]["shown"]) == (True, False)
    assert (fac["c2"]["hidden"], fac["c2"]["shown"]) == (False, False)
    assert radiant.view(s, "board")["count"] == 3
    assert "hidden" not in nodes(s, "board")["c4"]
    s = act(s, "radiant.unhide", {"node": "c1"})
    assert list(nodes(s, "board")) == ["c1", "c2", "c3", "c4", "c5", "c6"]


def test_a_move_takes_the_node_with_its_children():
    s = act(tree(), "radiant.move", {"node": "c5", "parent": "c1"})
    view = nodes(s)
    assert (view["c5"]["parent"], view["c5"]["depth"], view["c5"]["branch"]) == ("c1", 2, "c1")
    assert (view["c6"]["parent"], view["c6"]["depth"], view["c6"]["branch"]) == ("c5", 3, "c1")
    # To the centre: a sub-branch becomes a branch, its children come along.
    s = act(s, "radiant.move", {"node": "c2", "parent": None})
    assert (nodes(s)["c2"]["depth"], nodes(s)["c3"]["depth"], nodes(s)["c3"]["branch"]) == (1, 2, "c2")


@pytest.mark.parametrize("node, parent, code, words", [
    ("c1", "c1", "conflict", "under itself"),
    ("c1", "c3", "conflict", "under itself"),  # a cycle through its own grandchild
    ("c4", "c1", "conflict", "deeper than 3"),  # c4 is three levels tall
    ("c5", "c2", "conflict", "deeper than 3"),  # c5 is two tall, c2 is at depth 2
    ("c2", "nope", "not_found", ""),
])
def test_moves_that_make_cycles_or_go_too_deep_are_refused(node, parent, code, words):
    error = refused(tree(), "radiant.move", {"node": node, "parent": parent})
    assert error.code == code and words in error.message


def test_a_move_says_where_and_a_merged_node_does_not_move():
    assert refused(tree(), "radiant.move", {"node": "c2"}).code == "bad_request"
    s = act(tree(), "radiant.merge", {"node": "c6", "into": "c3"})
    assert refused(s, "radiant.move", {"node": "c6", "parent": None}).code == "conflict"
    assert refused(s, "radiant.move", {"node": "c2", "parent": "c6"}).code == "conflict"


def test_a_merge_hands_the_merged_nodes_children_to_the_target():
    s = act(tree(), "radiant.merge", {"node": "c4", "into": "c1"})
    view = nodes(s)
    assert "c4" not in view and view["c1"]["merged"] == ["c4"]
    assert (view["c5"]["parent"], view["c5"]["depth"], view["c6"]["depth"]) == ("c1", 2, 3)
    assert [c["text"] for c in radiant.outcomes(s)] == ["Library"]
    # A second merge into c4's target keeps every merge one level deep.
    s = add(s, "Libraries", None, ALEX, seq=7)
    s = act(s, "radiant.merge", {"node": "c1", "into": "c7"})
    assert sorted(nodes(s)["c7"]["merged"]) == ["c1", "c4"]
    assert {n["id"]: n["merged_into"] for n in s["nodes"]}["c4"] == "c7"


@pytest.mark.parametrize("node, into, code", [
    ("c1", "c1", "conflict"), ("c1", "c3", "conflict"),  # into itself, into its own descendant
    ("c4", "c2", "conflict"),  # c4's grandchildren would sit at depth 4
    ("c1", "nope", "not_found"),
])
def test_a_merge_that_would_loop_or_go_too_deep_is_refused(node, into, code):
    assert refused(tree(), "radiant.merge", {"node": node, "into": into}).code == code


def test_a_merged_node_merges_no_further():
    s = act(tree(), "radiant.merge", {"node": "c6", "into": "c3"})
    assert refused(s, "radiant.merge", {"node": "c6", "into": "c5"}).code == "conflict"
    assert refused(s, "radiant.merge", {"node": "c5", "into": "c6"}).code == "conflict"


def test_the_facilitator_renames_any_node_and_sets_the_theme():
    s = act(tree(), "radiant.edit", {"node": "c2", "text": "Open at lunch"})
    assert nodes(s)["c2"]["text"] == "Open at lunch"
    s = act(s, "radiant.theme", {"text": "  Reading   at KS3 "})
    assert radiant.view(s, "board")["theme"] == "Reading at KS3"
    assert refused(s, "radiant.theme", {"text": ""}).code == "empty"
    assert refused(s, "radiant.theme", {"text": "x" * 201}).code == "too_long"


def test_settings_take_a_boolean():
    assert refused(tree(), "radiant.settings", {"anonymous": "yes"}).code == "bad_request"


def test_unknown_intents_and_bad_payloads_are_refused():
    assert refused(tree(), "radiant.nope", {}).code == "unknown_intent"
    with pytest.raises(ToolError) as caught:
        radiant.apply(tree(), {"type": "radiant.add", "payload": [], "at": 1, "seq": 1}, SAM)
    assert caught.value.code == "bad_request"


# --- imports -----------------------------------------------------------------------------

def test_cards_come_in_as_branches_or_under_a_node_keeping_their_source():
    s = act(tree(), "radiant.import", {"cards": [{"text": "From the brainstorm", "source": {"activity": 3, "card": "c9"}},
                                                 {"text": " x " * 100, "author_name": "Sam"}]}, seq=20)
    view = nodes(s)
    assert view["c20-0"]["depth"] == 1 and view["c20-0"]["source"] == {"activity": 3, "card": "c9"}
    assert len(view["c20-1"]["text"]) <= radiant.MAX_TEXT and view["c20-1"]["author"] == "Sam"
    s = act(s, "radiant.import", {"cards": [{"text": "Under the library"}], "parent": "c1"}, seq=21)
    assert (nodes(s)["c21-0"]["parent"], nodes(s)["c21-0"]["depth"]) == ("c1", 2)
    assert refused(s, "radiant.import", {"cards": [{"text": "too deep"}], "parent": "c3"}).code == "conflict"
    assert refused(s, "radiant.import", {"cards": []}).code == "bad_request"
    assert refused(s, "radiant.import", {"cards": [{"text": " "}]}).code == "empty"


# --- views and outcomes -------------------------------------------------------------------

@pytest.mark.parametrize("audience", AUDIENCES)
def test_no_view_carries_participant_ids(audience):
    s = act(tree(), "radiant.settings", {"anonymous": False})
    s = add(s, "Named", None, PSEUDONYM, seq=7)
    text = json.dumps(radiant.view(s, audience))
    assert '"author": 5' not in text and "a111" not in text
    assert radiant.view(s, audience)["max_depth"] == 3


def test_outcomes_are_one_card_per_branch_with_its_sub_ideas():
    s = tree()
    s = add(s, "Book boxes", "c1", SAM, seq=7)
    s = add(s, "Quiet corner", "c2", SAM, seq=8)
    s = add(s, "Hidden idea", "c1", SAM, seq=9)
    s = act(s, "radiant.hide", {"node": "c9"})
    assert radiant.outcomes(s) == [
        {"id": "c1", "text": "Library", "author_name": None, "source": None,
         "ideas": ["Lunch opening", "Lunch opening: Sixth-form helpers", "Lunch opening: Quiet corner", "Book boxes"],
         "detail": "Lunch opening (Sixth-form helpers, Quiet corner); Book boxes"},
        {"id": "c4", "text": "Time to read", "author_name": None, "source": None,
         "ideas": ["Tutor time", "Tutor time: Staff read too"], "detail": "Tutor time (Staff read too)"}]
    s = act(s, "radiant.hide", {"node": "c4"})
    assert [c["id"] for c in radiant.outcomes(s)] == ["c1"]
    assert radiant.outcomes(radiant.initial_state({})) == []


def test_state_survives_a_json_round_trip():
    s = tree()
    assert json.loads(json.dumps(s)) == s
    assert radiant.view(json.loads(json.dumps(s)), "board") == radiant.view(s, "board")


# --- what the record and later activities take ----------------------------------------------

def test_the_records_key_outcomes_take_the_most_developed_branches_with_their_sub_ideas():
    from types import SimpleNamespace

    from workshop.record import prefill
    s = tree()
    s = add(s, "Families", None, SAM, seq=7)
    s = add(s, "Book bags", "c4", SAM, seq=8)
    activity = SimpleNamespace(id=1, tool="radiant", state=s, config={}, title="Map", section="Part 2")
    bullets = prefill.key_outcomes(SimpleNamespace(activities=[activity]))
    assert bullets == ["From the mind map: Time to read (Tutor time (Staff read too); Book bags).",
                       "From the mind map: Library (Lunch opening (Sixth-form helpers)).",
                       "From the mind map: Families."]


def test_an_import_from_a_map_brings_each_branch_with_its_sub_ideas():
    from types import SimpleNamespace

    from workshop.engine import imports
    source = SimpleNamespace(id=4, tool="radiant", state=tree())
    cards = imports.outcome_cards(source, {"from": 4}, None)
    assert cards == [{"text": "Library: Lunch opening (Sixth-form helpers)", "author_name": None,
                      "source": {"activity": 4, "card": "c1"}},
                     {"text": "Time to read: Tutor time (Staff read too)", "author_name": None,
                      "source": {"activity": 4, "card": "c4"}}]
    big = tree()
    for n in range(60):
        big = add(big, f"A long sub-idea about reading number {n}", "c1", FAC, seq=100 + n)
    text = imports.outcome_cards(SimpleNamespace(id=4, tool="radiant", state=big), {"from": 4}, None)[0]["text"]
    assert len(text) == imports.MAX_DETAILED and text.endswith("…")
