"""Idea wall (brainstorming): many short ideas fast, then grouped, merged and tidied.

State:
    {"open", "revealed", "anonymous": bool, "columns": [{"id", "title"}], "cards": [card...]}
A card (see base.new_card) here also has "column", "hidden", "deleted", "merged_into".
"""
from __future__ import annotations

from .base import (Actor, ToolError, bool_field, check_own_allowance, id_field, initial_stage, new_card,
                   require_facilitator, text_field, titled_list)

name = "idea_wall"
title = "Idea wall"
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


# --- helpers ---------------------------------------------------------------------------

def _live(card: dict) -> bool:
    return not card["deleted"] and card["merged_into"] is None


def _on_the_wall(state: dict) -> int:
    """What counts against MAX_CARDS: cards everyone sees, so deleting or hiding makes room."""
    return sum(1 for c in state["cards"] if not c["deleted"] and not c["hidden"])


def _find(state: dict, card_id: str) -> dict:
    for card in state["cards"]:
        if card["id"] == card_id and not card["deleted"]:
            return card
    raise ToolError("not_found", "That idea no longer exists.")


def _column(state: dict, payload: dict) -> str | None:
    column = payload.get("column")
    if column is None:
        return None
    if not any(c["id"] == column for c in state["columns"]):
        raise ToolError("not_found", "That column does not exist.")
    return column


def _replace(state: dict, card_id: str, **changes) -> dict:
    cards = [{**c, **changes} if c["id"] == card_id else c for c in state["cards"]]
    return {**state, "cards": cards}


def _own_or_facilitator(card: dict, actor: Actor) -> None:
    if not actor.is_facilitator and card["author"] != actor.participant:
        raise ToolError("forbidden", "You can only change your own ideas.")


def _not_hidden_for_participant(card: dict, actor: Actor) -> None:
    if not actor.is_facilitator and (card["hidden"] or card["merged_into"]):
        raise ToolError("closed", "The facilitator has tidied that idea away; it can't be changed now.")


# --- intents ---------------------------------------------------------------------------

def _add(state, payload, actor, intent):
    text = text_field(payload, "text", limit=MAX_TEXT, what="An idea")
    column = _column(state, payload)
    if _on_the_wall(state) >= MAX_CARDS:
        raise ToolError("limit", "This wall is full.")
    check_own_allowance(state["cards"], actor, PER_PERSON_CARDS, "ideas")
    card = new_card(f"c{intent['seq']}", text, author=actor.participant, author_name=actor.name,
                    anonymous=state["anonymous"], at=intent["at"],
                    column=column, hidden=False, deleted=False, merged_into=None)
    return {**state, "cards": [*state["cards"], card]}


def _edit(state, payload, actor, intent):
    card = _find(state, id_field(payload, "card", "idea"))
    _own_or_facilitator(card, actor)
    _not_hidden_for_participant(card, actor)
    return _replace(state, card["id"], text=text_field(payload, "text", limit=MAX_TEXT, what="An idea"))


def _delete(state, payload, actor, intent):
    card = _find(state, id_field(payload, "card", "idea"))
    _own_or_facilitator(card, actor)
    _not_hidden_for_participant(card, actor)
    if any(c["merged_into"] == card["id"] and not c["deleted"] for c in state["cards"]):
        # Deleting it would take other people's merged ideas with it.
        raise ToolError("conflict", "Other ideas were merged into this one, so it can't be deleted; hide it instead.")
    return _replace(state, card["id"], deleted=True)


def _set_hidden(hidden: bool):
    def handler(state, payload, actor, intent):
        require_facilitator(actor)
        card = _find(state, id_field(payload, "card", "idea"))
        return _replace(state, card["id"], hidden=hidden)
    return handler


def _merge(state, payload, actor, intent):
    require_facilitator(actor)
    card = _find(state, id_field(payload, "card", "idea"))
    into = _find(state, id_field(payload, "into", "idea to merge into"))
    if card["id"] == into["id"]:
        raise ToolError("conflict", "An idea can't be merged into itself.")
    if into["merged_into"] is not None or card["merged_into"] is not None:
        raise ToolError("conflict", "That idea is already merged into another.")
    # Cards already merged into `card` follow it, so a merge is never more than one level deep.
    cards = [{**c, "merged_into": into["id"]} if c["id"] == card["id"] or c["merged_into"] == card["id"]
             else c for c in state["cards"]]
    return {**state, "cards": cards}


def _move(state, payload, actor, intent):
    require_facilitator(actor)
    card = _find(state, id_field(payload, "card", "idea"))
    return _replace(state, card["id"], column=_column(state, payload))


def _columns(state, payload, actor, intent):
    require_facilitator(actor)
    columns = titled_list(payload.get("columns"), state["columns"], new_id=f"k{intent['seq']}",
                          sizes=range(MAX_COLUMNS + 1), too_many=f"At most {MAX_COLUMNS} columns.",
                          limit=MAX_COLUMN_TITLE, what="column", plural="Columns")
    seen = {c["id"] for c in columns}
    cards = [c if c["column"] is None or c["column"] in seen else {**c, "column": None}
             for c in state["cards"]]
    return {**state, "columns": columns, "cards": cards}


def _settings(state, payload, actor, intent):
    require_facilitator(actor)
    return {**state, "anonymous": bool_field(payload, "anonymous")}


def _import(state, payload, actor, intent):
    """Cards from an earlier activity; the engine resolves them into payload["cards"]."""
    require_facilitator(actor)
    incoming = payload.get("cards")
    if not isinstance(incoming, list):
        raise ToolError("bad_request", "Nothing to bring in.")
    if _on_the_wall(state) + len(incoming) > MAX_CARDS:
        raise ToolError("limit", "This wall is full.")
    added = [new_card(f"c{intent['seq']}-{n}", card["text"], author=None, author_name=card.get("author_name"),
                      anonymous=card.get("author_name") is None, at=intent["at"], source=card["source"],
                      column=None, hidden=False, deleted=False, merged_into=None)
             for n, card in enumerate(incoming)]
    return {**state, "cards": [*state["cards"], *added]}


HANDLERS = {
    "idea.add": _add, "idea.edit": _edit, "idea.delete": _delete,
    "idea.hide": _set_hidden(True), "idea.unhide": _set_hidden(False),
    "idea.merge": _merge, "idea.move": _move, "idea.columns": _columns,
    "idea.settings": _settings, "idea.import": _import,
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


def apply(state: dict, intent: dict, actor: Actor) -> dict:
    handler = HANDLERS.get(intent["type"])
    if handler is None:
        raise ToolError("unknown_intent", f"The idea wall has no '{intent['type']}'.")
    payload = intent.get("payload", {})
    if not isinstance(payload, dict):
        raise ToolError("bad_request", "The payload must be an object.")
    return handler(state, payload, actor, intent)


# --- views -----------------------------------------------------------------------------

def _card_view(card: dict, merged: list[str], facilitator: bool) -> dict:
    shown = {"id": card["id"], "text": card["text"], "column": card["column"],
             "author": card["author_name"], "merged": merged, "source": card["source"]}
    if facilitator:
        shown["hidden"] = card["hidden"]
    return shown


def view(state: dict, audience: str) -> dict:
    facilitator = audience == "facilitator"
    merged: dict[str, list[str]] = {}
    for card in state["cards"]:
        if card["merged_into"] and not card["deleted"] and (facilitator or not card["hidden"]):
            merged.setdefault(card["merged_into"], []).append(card["id"])
    cards = [_card_view(c, merged.get(c["id"], []), facilitator) for c in state["cards"]
             if _live(c) and (facilitator or not c["hidden"])]
    return {"anonymous": state["anonymous"], "columns": state["columns"], "cards": cards, "count": len(cards)}


def private_view(state: dict, participant: int) -> dict:
    return {"mine": [c["id"] for c in state["cards"] if c["author"] == participant and not c["deleted"]]}


def outcomes(state: dict) -> list[dict]:
    """Visible, unmerged ideas, in the order added (grouped ideas keep their column title)."""
    titles = {c["id"]: c["title"] for c in state["columns"]}
    return [{"id": c["id"], "text": c["text"], "author_name": c["author_name"],
             "group": titles.get(c["column"]), "source": c["source"]}
            for c in state["cards"] if _live(c) and not c["hidden"]]


def has_contributions(state: dict) -> bool:
    return bool(state["cards"])
