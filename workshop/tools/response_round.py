"""Response round: being built (skeleton so the registry imports; replaced by the real reducer)."""
from __future__ import annotations

from .base import ToolError, initial_stage

name = "response_round"
title = "Response round"
prefix = "response."
HANDLERS: dict = {}


def initial_state(config: dict | None = None) -> dict:
    return initial_stage()


def apply(state: dict, intent: dict, actor) -> dict:
    raise ToolError("unknown_intent", f"Response round has no '{intent['type']}'.")


def view(state: dict, audience: str) -> dict:
    return {}


def private_view(state: dict, participant: int) -> dict:
    return {}


def outcomes(state: dict) -> list[dict]:
    return []


def has_contributions(state: dict) -> bool:
    return False
