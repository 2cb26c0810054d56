"""The intent envelope: everything a client sends is checked here before anything else."""
from __future__ import annotations

import pytest

from workshop.engine import envelope
from workshop.engine.envelope import Intent, Principal
from workshop.tools.base import Actor, ToolError

GOOD = {"intent_id": "a1B2-c3_D4e5", "type": "idea.add", "activity": 7, "payload": {"text": "hello"}}


def with_(**changes) -> dict:
    raw = {**GOOD, **changes}
    return {k: v for k, v in raw.items() if v is not DROP}


DROP = object()


def test_accepts_a_good_intent():
    assert envelope.parse(dict(GOOD)) == Intent("a1B2-c3_D4e5", "idea.add", 7, {"text": "hello"})


def test_activity_and_payload_are_optional():
    parsed = envelope.parse({"intent_id": "abcdefgh", "type": "undo"})
    assert parsed == Intent("abcdefgh", "undo", None, {})


def test_null_activity_and_payload():
    parsed = envelope.parse(with_(activity=None, payload=None))
    assert parsed.activity is None
    assert parsed.payload == {}


@pytest.mark.parametrize("intent_id", ["abcdefgh", "a" * 64, "ABC-def_123"])
def test_intent_id_lengths_and_characters_accepted(intent_id):
    assert envelope.parse(with_(intent_id=intent_id)).intent_id == intent_id


@pytest.mark.parametrize("kind", ["undo", "idea.add", "timer.start", "workshop.open", "agenda_x.some_thing"])
def test_type_shapes_accepted(kind):
    assert envelope.parse(with_(type=kind, activity=None)).type == kind


def test_numbers_a_browser_sends_are_accepted():
    payload = {"n": 2**53, "m": -(2**53), "x": 2.5, "ok": True, "deep": [[[[[[[1]]]]]]]}
    assert envelope.parse(with_(activity=2**31 - 1, payload=payload)).payload == payload
    assert envelope.parse(with_(type="control.goto", activity=None, payload={"activity": 7})).activity is None


@pytest.mark.parametrize("value,ok", [(1, True), (2**31 - 1, True), (0, False), (2**31, False), (True, False),
                                      ("1", False), (1.0, False), (None, False)])
def test_is_id(value, ok):
    assert envelope.is_id(value) is ok


def test_twenty_payload_keys_accepted():
    payload = {f"k{n}": n for n in range(20)}
    assert envelope.parse(with_(payload=payload)).payload == payload


BAD = {
    "list": [GOOD],
    "string": "idea.add",
    "none": None,
    "intent_id missing": with_(intent_id=DROP),
    "intent_id none": with_(intent_id=None),
    "intent_id number": with_(intent_id=12345678),
    "intent_id short": with_(intent_id="abcdefg"),
    "intent_id empty": with_(intent_id=""),
    "intent_id long": with_(intent_id="a" * 65),
    "intent_id space": with_(intent_id="abcd efgh"),
    "intent_id punctuation": with_(intent_id="abcd!efgh"),
    "intent_id dot": with_(intent_id="abcd.efgh"),
    "intent_id unicode": with_(intent_id="abcdéfghi"),
    "intent_id trailing newline": with_(intent_id="abcdefgh\n"),
    "type missing": with_(type=DROP),
    "type none": with_(type=None),
    "type number": with_(type=5),
    "type empty": with_(type=""),
    "type capitals": with_(type="Idea.add"),
    "type three parts": with_(type="idea.add.more"),
    "type dash": with_(type="idea-add"),
    "type trailing dot": with_(type="idea."),
    "type leading dot": with_(type=".add"),
    "type digits": with_(type="idea.add2"),
    "type space": with_(type="idea add"),
    "type too long": with_(type="a" * 41),
    "type trailing newline": with_(type="idea.add\n"),
    "activity bool": with_(activity=True),
    "activity false": with_(activity=False),
    "activity string": with_(activity="7"),
    "activity float": with_(activity=7.0),
    "activity list": with_(activity=[7]),
    "activity zero": with_(activity=0),
    "activity negative": with_(activity=-3),
    "activity past 32 bits": with_(activity=2**31),
    "activity on a timer step": with_(type="timer.start"),
    "activity on control.goto": with_(type="control.goto", payload={"activity": 7}),
    "payload number past 2**53": with_(payload={"text": "x", "n": 10**20}),
    "payload nested number past 2**53": with_(payload={"a": [{"b": -(2**54)}]}),
    "payload NaN": with_(payload={"rating": float("nan")}),
    "payload infinity": with_(payload={"rating": float("inf")}),
    "payload nested too deep": with_(payload={"a": [[[[[[[[[[1]]]]]]]]]]}),
    "payload list": with_(payload=[{"text": "hello"}]),
    "payload string": with_(payload="hello"),
    "payload number": with_(payload=3),
    "payload too many keys": with_(payload={f"k{n}": n for n in range(21)}),
    "unknown field": with_(extra=1),
    "unknown field actor": with_(actor="u1"),
    "unknown field version": with_(version=3),
}


@pytest.mark.parametrize("raw", list(BAD.values()), ids=list(BAD))
def test_rejects_with_bad_request(raw):
    with pytest.raises(ToolError) as err:
        envelope.parse(raw)
    assert err.value.code == "bad_request"
    assert err.value.message


def test_principal_keys_and_actor():
    fac = Principal("facilitator", user_id=3)
    phone = Principal("participant", participant_id=5, name="Sam")
    assert fac.key == "u3"
    assert phone.key == "p5"
    assert Principal("board").key == "board"
    assert phone.actor() == Actor("participant", participant=5, name="Sam")
    assert fac.actor().is_facilitator
    assert not phone.actor().is_facilitator
