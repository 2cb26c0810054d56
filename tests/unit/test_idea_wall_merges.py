"""Merges and deletion: nobody's merged idea disappears, and hidden ids do not leak."""
import copy

import pytest

from workshop import tools
from workshop.tools import idea_wall
from workshop.tools.base import Actor, ToolError

IC, JO, SAM = Actor("facilitator"), Actor("participant", 1, "Jo"), Actor("participant", 2, "Sam")


def step(state, kind, payload, actor, seq):
    return tools.apply("idea_wall", state, {"type": kind, "payload": payload, "at": seq * 1000, "seq": seq}, actor)


def test_a_card_with_merged_ideas_cannot_be_deleted_by_its_author():
    state = idea_wall.initial_state({})
    state = step(state, "idea.add", {"text": "Jo's idea"}, JO, 1)
    state = step(state, "idea.add", {"text": "Sam's duplicate"}, SAM, 2)
    state = step(state, "idea.merge", {"card": "c2", "into": "c1"}, IC, 3)
    before = copy.deepcopy(state)
    with pytest.raises(ToolError) as err:
        step(state, "idea.delete", {"card": "c1"}, JO, 4)
    assert err.value.code == "conflict" and state == before


def test_a_hidden_card_merged_into_a_visible_one_is_not_named_to_the_room():
    state = idea_wall.initial_state({})
    state = step(state, "idea.add", {"text": "visible"}, JO, 1)
    state = step(state, "idea.add", {"text": "hidden"}, SAM, 2)
    state = step(state, "idea.hide", {"card": "c2"}, IC, 3)
    state = step(state, "idea.merge", {"card": "c2", "into": "c1"}, IC, 4)
    assert idea_wall.view(state, "board")["cards"][0]["merged"] == []
    assert idea_wall.view(state, "participant")["cards"][0]["merged"] == []
    assert idea_wall.view(state, "facilitator")["cards"][0]["merged"] == ["c2"]
