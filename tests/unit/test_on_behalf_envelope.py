"""`on_behalf` in the intent envelope and the paper participant's intent (issue 12): the shape is
checked before anything else, and the schema outside clients read agrees with the code."""
from __future__ import annotations

import pytest
from support import protocol_violation

from workshop.engine import envelope, steps
from workshop.engine.envelope import Intent
from workshop.tools.base import ToolError

GOOD = {"intent_id": "a1B2-c3_D4e5", "type": "idea.add", "activity": 7, "payload": {"text": "hello"}}


def test_on_behalf_is_carried_and_optional():
    assert envelope.parse({**GOOD, "on_behalf": 17}) == Intent("a1B2-c3_D4e5", "idea.add", 7, {"text": "hello"}, 17)
    assert envelope.parse(dict(GOOD)).on_behalf is None
    assert envelope.parse({**GOOD, "on_behalf": None}).on_behalf is None


@pytest.mark.parametrize("bad", [0, -3, 2**31, "17", 1.5, True, [17], {"id": 17}])
def test_on_behalf_must_be_a_participant_id(bad):
    with pytest.raises(ToolError) as exc:
        envelope.parse({**GOOD, "on_behalf": bad})
    assert exc.value.code == "bad_request" and "on_behalf" in exc.value.message


def test_the_schema_takes_on_behalf_in_intents_and_syncs_and_refuses_bad_ones():
    assert protocol_violation("intent", {**GOOD, "on_behalf": 17}) is None
    assert protocol_violation("intent", {**GOOD, "on_behalf": "p17"}) is not None
    assert protocol_violation("sync", {"version": 0, "on_behalf": 17}) is None
    assert protocol_violation("sync", {"version": 0, "on_behalf": 0}) is not None


def test_add_paper_takes_a_name_and_an_optional_role():
    assert steps.WORKSHOP_KEYS["participant.add_paper"] == {"name", "role"}
    for good in ({"name": "Pat Lowe"}, {"name": "Pat Lowe", "role": "TA"}, {"name": "Pat", "role": ""}):
        assert protocol_violation("payload:participant.add_paper", good) is None, good
    for bad in ({}, {"name": ""}, {"name": "x" * 61}, {"name": "Pat", "kind": "paper"}, {"role": "TA"},
                {"name": "Pat", "role": "x" * 61}, {"name": "Pat", "role": 7}):
        assert protocol_violation("payload:participant.add_paper", bad) is not None, bad


def test_the_sync_ack_on_behalf_needs_the_state_and_private_part():
    assert protocol_violation("syncAck", {"ok": True, "version": 3, "participant": {"id": 1, "name": "Pat"}}) is not None
