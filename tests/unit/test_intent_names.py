"""Every tool intent is a type the engine's envelope accepts, under the tool's own prefix."""
from __future__ import annotations

import pytest

from workshop import tools
from workshop.engine.envelope import TYPE


@pytest.mark.parametrize("name", sorted(tools.REGISTRY))
def test_every_handled_intent_can_reach_its_tool(name):
    tool = tools.get(name)
    assert tool.HANDLERS, f"{name} handles no intents"
    for kind in tool.HANDLERS:
        assert kind.startswith(tool.prefix), kind
        assert TYPE.fullmatch(kind) and len(kind) <= 40, f"the envelope would refuse {kind!r}"


def test_prefixes_are_unique():
    prefixes = [t.prefix for t in tools.REGISTRY.values()]
    assert len(prefixes) == len(set(prefixes))
