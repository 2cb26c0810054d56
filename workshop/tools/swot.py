"""SWOT analysis: short cards in four fixed quadrants, tidied by the facilitator like an idea wall.

The quadrants split what is inside the school (strengths, weaknesses) from what is around it
(opportunities, threats), and what helps from what harms. Weaknesses and threats are problems
to dig into; strengths and opportunities are what actions can build on, so the outcomes carry
their quadrant and an import can take only some quadrants (engine.imports, `group`).

State:
    {"open", "revealed", "anonymous": bool, "cards": [card...]}
A card (base.new_card) here also has "quadrant", "hidden", "deleted", "merged_into" (card_wall).
"""
from __future__ import annotations

from . import card_wall
from .base import (ToolError, check_own_allowance, id_field, incoming_cards, initial_stage,
                   require_facilitator, text_field)

name = "swot"
title = "SWOT analysis"
when = "To take stock of where things stand: strengths, weaknesses, opportunities and threats, in four boxes."
prefix = "swot."

MAX_TEXT = 200
MAX_CARDS = 1000  # cards on the four quadrants (deleted and hidden ones make room again)
PER_PERSON_CARDS = 40  # cards one participant may add to one analysis

QUADRANTS = (
    {"id": "s", "title": "Strengths", "inside": True, "helps": True},
    {"id": "w", "title": "Weaknesses", "inside": True, "helps": False},
    {"id": "o", "title": "Opportunities", "inside": False, "helps": True},
    {"id": "t", "title": "Threats", "inside": False, "helps": False},
)
TITLES = {q["id"]: q["title"] for q in QUADRANTS}
NOUN = "card"


def initial_state(config: dict | None = None) -> dict:
    config = config or {}
    return {**initial_stage(), "anonymous": bool(config.get("anonymous", True)), "cards": []}


def _quadrant(payload: dict) -> str:
    quadrant = payload.get("quadrant")
    if quadrant not in TITLES:
        raise ToolError("bad_request", "Say which quadrant: s, w, o or t.")
    return quadrant


def _add(state, payload, actor, intent):
    text = text_field(payload, "text", limit=MAX_TEXT, what="A card")
    quadrant = _quadrant(payload)
    if card_wall.on_the_wall(state) >= MAX_CARDS:
        raise ToolError("limit", "This SWOT analysis is full.")
    check_own_allowance(state["cards"], actor, PER_PERSON_CARDS, "cards")
    return card_wall.with_new_card(state, actor, intent, text, quadrant=quadrant)


def _move(state, payload, actor, intent):
    require_facilitator(actor)
    card = card_wall.find(state, id_field(payload, "card", NOUN), NOUN)
    return card_wall.replace(state, card["id"], quadrant=_quadrant(payload))


def _import(state, payload, actor, intent):
    """Cards from an earlier activity into one quadrant; the engine resolves them into payload["cards"]."""
    require_facilitator(actor)
    quadrant = _quadrant(payload)
    incoming = incoming_cards(payload, intent, limit=MAX_TEXT)
    if card_wall.on_the_wall(state) + len(incoming) > MAX_CARDS:
        raise ToolError("limit", "This SWOT analysis is full.")
    return {**state, "cards": [*state["cards"], *card_wall.imported(incoming, intent, quadrant=quadrant)]}


HANDLERS = {
    "swot.add": _add, "swot.edit": card_wall.edit_handler(MAX_TEXT, NOUN, "A card"),
    "swot.delete": card_wall.delete_handler(NOUN),
    "swot.hide": card_wall.hide_handler(True, NOUN), "swot.unhide": card_wall.hide_handler(False, NOUN),
    "swot.merge": card_wall.merge_handler(NOUN), "swot.move": _move,
    "swot.settings": card_wall.settings, "swot.import": _import,
}
# The fields each intent's payload may carry: any other is refused (tools.check_payload).
PAYLOAD_KEYS = {
    "swot.add": {"text", "quadrant"}, "swot.edit": {"card", "text"}, "swot.delete": {"card"},
    "swot.hide": {"card"}, "swot.unhide": {"card"}, "swot.merge": {"card", "into"},
    "swot.move": {"card", "quadrant"}, "swot.settings": {"anonymous"}, "swot.import": {"cards", "quadrant"},
}
FACILITATOR_ONLY = {"swot.hide", "swot.unhide", "swot.merge", "swot.move", "swot.settings", "swot.import"}


apply = card_wall.dispatcher(HANDLERS, "SWOT analysis")


# --- views -----------------------------------------------------------------------------

def view(state: dict, audience: str) -> dict:
    cards = card_wall.card_views(state, audience, "quadrant")
    return {"anonymous": state["anonymous"], "quadrants": [dict(q) for q in QUADRANTS], "cards": cards,
            "count": len(cards)}


def private_view(state: dict, participant: int) -> dict:
    return {"mine": card_wall.mine(state, participant)}


def outcomes(state: dict) -> list[dict]:
    """Cards on the quadrants, quadrant by quadrant (S, W, O, T); within one, the most agreed
    first (`agreed`: the card and those merged into it), then in the order added.
    `group` is the quadrant's title, so an import can take e.g. only Weaknesses and Threats."""
    agreed: dict[str, int] = {}
    for card in state["cards"]:
        if card["merged_into"] and not card["deleted"] and not card["hidden"]:
            agreed[card["merged_into"]] = agreed.get(card["merged_into"], 0) + 1
    order = {q["id"]: n for n, q in enumerate(QUADRANTS)}
    standing = sorted(enumerate(card_wall.visible_outcomes(state)),
                      key=lambda nc: (order[nc[1]["quadrant"]], -agreed.get(nc[1]["id"], 0), nc[0]))
    return [{"id": c["id"], "text": c["text"], "author_name": c["author_name"], "group": TITLES[c["quadrant"]],
             "quadrant": c["quadrant"], "agreed": 1 + agreed.get(c["id"], 0), "source": c["source"]}
            for _, c in standing]


def has_contributions(state: dict) -> bool:
    return bool(state["cards"])
