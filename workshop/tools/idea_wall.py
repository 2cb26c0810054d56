"""Idea wall (brainstorming): many short ideas fast, then grouped, merged and tidied.

State:
    {"open", "revealed", "anonymous": bool, "columns": [{"id", "title"}], "cards": [card...]}
A card (see base.new_card) here also has "column", "hidden", "deleted", "merged_into".
"""
from __future__ import annotations

from functools import partial

from . import card_wall
from .base import (ToolError, check_own_allowance, id_field, incoming_cards, initial_stage,
                   require_facilitator, text_field, titled_list)

name = "idea_wall"
title = "Brainstorming"
when = "When you need many ideas fast: everyone adds theirs, no judging yet, then you group and tidy them."
prefix = "idea."

MAX_TEXT = 280
MAX_COLUMNS = 8
MAX_COLUMN_TITLE = 40
MAX_CARDS = 2000  # cards on the wall (deleted and hidden ones make room again)
PER_PERSON_CARDS = 40  # ideas one participant may add to one wall


def initial_state(config: dict | None = None) -> dict:
    config = config or {}
    titles = config.get("columns") or []
    if not isinstance(titles, list) or not all(isinstance(t, str) for t in titles):
        raise ToolError("bad_request", "Columns are given as a list of titles.")
    if len(titles) > MAX_COLUMNS:
        raise ToolError("limit", f"At most {MAX_COLUMNS} columns.")
    columns = [{"id": f"k{i + 1}", "title": text_field({"title": t}, "title", limit=MAX_COLUMN_TITLE,
                                                         what="A column title")}
               for i, t in enumerate(titles)]
    return {**initial_stage(), "anonymous": bool(config.get("anonymous", True)),
            "columns": columns, "cards": []}


# --- helpers (the wall itself is card_wall's) -----------------------------------------------

NOUN = "idea"
_find = partial(card_wall.find, noun=NOUN)


def _column(state: dict, payload: dict) -> str | None:
    column = payload.get("column")
    if column is None:
        return None
    if not any(c["id"] == column for c in state["columns"]):
        raise ToolError("not_found", "That column does not exist.")
    return column


# --- intents ---------------------------------------------------------------------------

def _add(state, payload, actor, intent):
    text = text_field(payload, "text", limit=MAX_TEXT, what="An idea")
    column = _column(state, payload)
    if card_wall.on_the_wall(state) >= MAX_CARDS:
        raise ToolError("limit", "This wall is full.")
    check_own_allowance(state["cards"], actor, PER_PERSON_CARDS, "ideas")
    return card_wall.with_new_card(state, actor, intent, text, column=column)


def _move(state, payload, actor, intent):
    require_facilitator(actor)
    card = _find(state, id_field(payload, "card", "idea"))
    return card_wall.replace(state, card["id"], column=_column(state, payload))


def _columns(state, payload, actor, intent):
    require_facilitator(actor)
    columns = titled_list(payload.get("columns"), state["columns"], new_id=f"k{intent['seq']}",
                          sizes=range(MAX_COLUMNS + 1), too_many=f"At most {MAX_COLUMNS} columns.",
                          limit=MAX_COLUMN_TITLE, what="column", plural="Columns")
    seen = {c["id"] for c in columns}
    cards = [c if c["column"] is None or c["column"] in seen else {**c, "column": None}
             for c in state["cards"]]
    return {**state, "columns": columns, "cards": cards}


def _import(state, payload, actor, intent):
    """Cards from an earlier activity; the engine resolves them into payload["cards"]."""
    require_facilitator(actor)
    incoming = incoming_cards(payload, intent, limit=MAX_TEXT)  # sent directly, a card may lack any field
    if card_wall.on_the_wall(state) + len(incoming) > MAX_CARDS:
        raise ToolError("limit", "This wall is full.")
    return {**state, "cards": [*state["cards"], *card_wall.imported(incoming, intent, column=None)]}


HANDLERS = {
    "idea.add": _add, "idea.edit": card_wall.edit_handler(MAX_TEXT, NOUN, "An idea"),
    "idea.delete": card_wall.delete_handler(NOUN),
    "idea.hide": card_wall.hide_handler(True, NOUN), "idea.unhide": card_wall.hide_handler(False, NOUN),
    "idea.merge": card_wall.merge_handler(NOUN), "idea.move": _move, "idea.columns": _columns,
    "idea.settings": card_wall.settings, "idea.import": _import,
}
# The fields each intent's payload may carry: any other is refused (tools.check_payload).
PAYLOAD_KEYS = {
    "idea.add": {"text", "column"}, "idea.edit": {"card", "text"}, "idea.delete": {"card"},
    "idea.hide": {"card"}, "idea.unhide": {"card"}, "idea.merge": {"card", "into"},
    "idea.move": {"card", "column"}, "idea.columns": {"columns"}, "idea.settings": {"anonymous"},
    "idea.import": {"cards"},
}
FACILITATOR_ONLY = {"idea.hide", "idea.unhide", "idea.merge", "idea.move", "idea.columns",
                    "idea.settings", "idea.import"}


apply = card_wall.dispatcher(HANDLERS, "idea wall")


# --- views -----------------------------------------------------------------------------

def view(state: dict, audience: str) -> dict:
    cards = card_wall.card_views(state, audience, "column")
    return {"anonymous": state["anonymous"], "columns": state["columns"], "cards": cards, "count": len(cards)}


def private_view(state: dict, participant: int) -> dict:
    return {"mine": card_wall.mine(state, participant)}


def outcomes(state: dict) -> list[dict]:
    """Visible, unmerged ideas, in the order added (grouped ideas keep their column title)."""
    titles = {c["id"]: c["title"] for c in state["columns"]}
    return [{"id": c["id"], "text": c["text"], "author_name": c["author_name"],
             "group": titles.get(c["column"]), "source": c["source"]}
            for c in card_wall.visible_outcomes(state)]


def has_contributions(state: dict) -> bool:
    return bool(state["cards"])
