"""The facilitation tools: one pure module each, registered here by name.

A tool module provides:
    name, title, prefix          e.g. "idea_wall", "Brainstorming", "idea."  (name is stored in
                                 workshops, so it never changes; title is the booklet's name, shown)
    when                         one plain line: when to use it (the console's tool picker shows it)
    initial_state(config) -> state
    apply(state, intent, actor) -> new state      (raises ToolError; never mutates state)
    view(state, audience) -> dict                  audience: "facilitator" | "board" | "participant"
    private_view(state, participant_id) -> dict    what only that participant sees
    outcomes(state) -> list[card]                   what later activities and the record take
    has_contributions(state) -> bool
    check_stage(state, stage_intent)   optional: raise ToolError to refuse e.g. "activity.open"
"""
from __future__ import annotations

from types import ModuleType

from . import (action_plan, diamond_nine, dotocracy, fishbone, five_whys, idea_wall, prioritisation_matrix, pstb,
               radiant, rag_rating, report_back, response_round, swot)
from .base import STAGE_INTENTS, Actor, ToolError, apply_stage, check_keys

REGISTRY: dict[str, ModuleType] = {m.name: m for m in (
    response_round, idea_wall, swot, radiant, fishbone, five_whys, pstb, dotocracy, diamond_nine,
    prioritisation_matrix, rag_rating, action_plan, report_back)}


def get(name: str) -> ModuleType:
    try:
        return REGISTRY[name]
    except KeyError:
        raise ToolError("not_found", f"There is no tool called '{name}'.") from None


def check_payload(tool_name: str, kind: str, payload: dict) -> None:
    """Refuse fields the intent does not take (`bad_request` naming them): each tool declares its
    handlers' fields in PAYLOAD_KEYS; the stage intents take none. The live path checks this,
    not apply(), so replaying an old event log never fails on it."""
    allowed = set() if kind in STAGE_INTENTS else getattr(get(tool_name), "PAYLOAD_KEYS", {}).get(kind)
    if allowed is not None:  # an unknown intent is refused by apply() with unknown_intent
        check_keys(payload, allowed, kind)


def apply(tool_name: str, state: dict, intent: dict, actor: Actor) -> dict:
    """Route an intent to the stage handler or to the tool that owns its prefix."""
    tool = get(tool_name)
    kind = intent["type"]
    if kind in STAGE_INTENTS:
        state = apply_stage(state, kind, actor)
        check = getattr(tool, "check_stage", None)  # a tool may refuse e.g. opening before it is ready
        if check is not None:
            check(state, kind)
        return state
    if not kind.startswith(tool.prefix):
        raise ToolError("unknown_intent", f"'{kind}' does not belong to this activity ({tool.title}).")
    return tool.apply(state, intent, actor)


__all__ = ["REGISTRY", "Actor", "ToolError", "get", "apply", "check_payload"]
