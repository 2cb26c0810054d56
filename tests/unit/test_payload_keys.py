"""Every intent refuses payload fields it does not take (`bad_request` naming them): one shared
check (tools.check_payload, steps.WORKSHOP_KEYS), declared per handler."""
from __future__ import annotations

import inspect
import re

import pytest

from workshop import tools
from workshop.engine import steps
from workshop.tools.base import STAGE_INTENTS, ToolError

TOOL_INTENTS = sorted((name, kind) for name, tool in tools.REGISTRY.items() for kind in tool.HANDLERS)


@pytest.mark.parametrize("name", sorted(tools.REGISTRY))
def test_every_handler_declares_its_fields(name):
    tool = tools.get(name)
    assert set(tool.PAYLOAD_KEYS) == set(tool.HANDLERS)


@pytest.mark.parametrize("name,kind", TOOL_INTENTS)
def test_every_tool_intent_refuses_an_unknown_field(name, kind):
    allowed = tools.get(name).PAYLOAD_KEYS[kind]
    payload = {key: None for key in allowed} | {"colour": "red"}
    with pytest.raises(ToolError) as exc:
        tools.check_payload(name, kind, payload)
    assert exc.value.code == "bad_request"
    assert "colour" in exc.value.message and kind in exc.value.message
    tools.check_payload(name, kind, {key: None for key in allowed})  # its own fields pass


@pytest.mark.parametrize("kind", sorted(STAGE_INTENTS))
def test_stage_intents_take_no_fields(kind):
    with pytest.raises(ToolError, match="colour"):
        tools.check_payload("idea_wall", kind, {"colour": "red"})
    tools.check_payload("idea_wall", kind, {})


READS = re.compile(r"""payload(?:\.get\(|\[)"(\w+)"|_field\(payload, "(\w+)"|"(\w+)" (?:not )?in payload""")


@pytest.mark.parametrize("name", sorted(tools.REGISTRY))
def test_declared_fields_cover_what_the_tool_reads(name):
    """A field a handler reads but PAYLOAD_KEYS forgot would be refused before it got there."""
    tool = tools.get(name)
    read = {k for m in READS.finditer(inspect.getsource(tool)) for k in m.groups() if k}
    declared = set().union(*tool.PAYLOAD_KEYS.values()) | {"item", "text", "cards"}  # rated_items' helpers
    assert read <= declared, read - declared


def test_every_workshop_step_declares_its_fields():
    own_checks = {"record.update", "activity.import"}  # record.edits; the receiving tool's import options
    assert set(steps.WORKSHOP_KEYS) == set(steps.WORKSHOP_STEPS) - own_checks


def _parse_error(payload) -> str:
    from workshop.engine import envelope
    with pytest.raises(ToolError) as exc:
        envelope.parse({"intent_id": "abcdefgh", "type": "idea.add", "activity": 1, "payload": payload})
    assert exc.value.code == "bad_request"
    return exc.value.message


def test_envelope_messages_say_what_is_wrong():
    assert _parse_error({f"k{n}": n for n in range(21)}) == "payload has 21 fields; at most 20."
    assert _parse_error({"a": [[[[[[[[1]]]]]]]]}) == "payload nests deeper than 8 levels."  # 1 is 9 levels down
    assert "out of range" in _parse_error({"n": 10**20})
    assert _parse_error([1]) == "payload must be an object."


def test_eight_levels_and_twenty_fields_are_accepted():
    from workshop.engine import envelope
    envelope.parse({"intent_id": "abcdefgh", "type": "idea.add", "activity": 1,
                    "payload": {"a": [[[[[[["text"]]]]]]], **{f"k{n}": n for n in range(19)}}})
