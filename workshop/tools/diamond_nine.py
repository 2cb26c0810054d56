"""Diamond nine: nine statements, each person ranks them in a 1-2-3-2-1 diamond, the group agrees one.

State:
    {"open", "revealed",
     "items": [{"id", "text", "author_name", "source", "at", "selected": bool}],   candidates, in order added
     "diamonds": {"<participant id>": [item id | None] * 9},   each person's own diamond (slot 0 = top)
     "agreed": [item id] * 9 | None,   the facilitator's adjusted or locked diamond (None: follow the group)
     "adjusted": bool, "locked": bool,
     "tables"?, "table_counts"?, "by_table"?}  (only once a table ranks / the facilitator sets them: tools.tables)
A table's diamond counts for each person at it (its head count), or once, as the activity is set.

Slots 0..8 sit in rows 1-2-3-2-1 (ROWS below); row 1 is the most important. The group's diamond
is computed in diamond_nine_views.consensus (mean row per item; see that module for the method).
"""
from __future__ import annotations

from . import tables
from .base import Actor, ToolError, id_field, incoming_cards, initial_stage, require_facilitator, text_field
from .diamond_nine_views import ROWS, SLOTS, computed_order, outcomes, private_view, view  # noqa: F401

name = "diamond_nine"
title = "Diamond nine"
when = "To put nine statements in order of importance, most important at the top, and agree one diamond."
prefix = "diamond."

NINE = 9
MAX_TEXT = 280
MAX_ITEMS = 60


def initial_state(config: dict | None = None) -> dict:
    return {**initial_stage(), "items": [], "diamonds": {}, "agreed": None, "adjusted": False, "locked": False}


# --- helpers ---------------------------------------------------------------------------

def _find(state: dict, payload: dict, key: str = "item") -> dict:
    item_id = id_field(payload, key, "statement")
    for item in state["items"]:
        if item["id"] == item_id:
            return item
    raise ToolError("not_found", "That statement is not in this diamond nine.")


def check_stage(state: dict, kind: str) -> None:
    """Ranking opens only with the nine chosen."""
    if kind == "activity.open":
        _require_nine(state)


def _selected_ids(state: dict) -> list[str]:
    return [i["id"] for i in state["items"] if i["selected"]]


def _require_nine(state: dict) -> None:
    n = len(_selected_ids(state))
    if n != NINE:
        raise ToolError("conflict", f"The diamond needs exactly nine statements; {n} are chosen. "
                                    "The facilitator chooses the nine first.")


def _require_unlocked(state: dict) -> None:
    if state["locked"]:
        raise ToolError("closed", "The group's diamond is agreed and locked.")


def _slot(payload: dict, key: str = "slot") -> int:
    slot = payload.get(key)
    if type(slot) is not int or not 0 <= slot < SLOTS:
        raise ToolError("bad_request", "A slot is a whole number from 0 (top) to 8 (bottom).")
    return slot


def _new_item(item_id: str, text: str, author_name: str | None, source: dict | None, at: int, selected: bool) -> dict:
    return {"id": item_id, "text": text, "author_name": author_name, "source": source, "at": at, "selected": selected}


def _add_items(state: dict, new: list[tuple[str, str, str | None, dict | None]], at: int) -> dict:
    """New candidates join the nine while fewer than nine are chosen (an import of a top nine is ready at once)."""
    if len(state["items"]) + len(new) > MAX_ITEMS:
        raise ToolError("limit", f"A diamond nine can hold at most {MAX_ITEMS} candidate statements.")
    room = NINE - len(_selected_ids(state)) if not state["locked"] else 0
    items = list(state["items"])
    for n, (item_id, text, author_name, source) in enumerate(new):
        items.append(_new_item(item_id, text, author_name, source, at, selected=n < room))
    return {**state, "items": items}


def _drop_from_play(state: dict, gone: set[str]) -> dict:
    """Statements leaving the nine leave everyone's diamond; an adjusted agreement is dropped too."""
    if not gone:
        return state
    diamonds = {pid: [None if s in gone else s for s in d] for pid, d in state["diamonds"].items()}
    diamonds = {pid: d for pid, d in diamonds.items() if any(d)}
    return {**state, "diamonds": diamonds, "agreed": None, "adjusted": False}


def _own_participant(actor: Actor) -> str:
    if actor.is_facilitator or actor.participant is None:
        raise ToolError("forbidden", "Only participants build their own diamond; the facilitator adjusts the group's.")
    return str(actor.participant)


def _participant_input(state: dict, actor: Actor) -> str:
    pid = _own_participant(actor)
    if not state["open"]:
        raise ToolError("closed", "Ranking is closed for this activity.")
    _require_unlocked(state)
    _require_nine(state)
    return pid


# --- candidate statements (facilitator) ----------------------------------------------------

def _import(state, payload, actor, intent):
    require_facilitator(actor)
    return _add_items(state, incoming_cards(payload, intent, limit=MAX_TEXT), intent["at"])


def _item_add(state, payload, actor, intent):
    require_facilitator(actor)
    text = text_field(payload, "text", limit=MAX_TEXT, what="A statement")
    return _add_items(state, [(f"c{intent['seq']}", text, None, None)], intent["at"])


def _item_edit(state, payload, actor, intent):
    require_facilitator(actor)
    item = _find(state, payload)
    text = text_field(payload, "text", limit=MAX_TEXT, what="A statement")
    return {**state, "items": [{**i, "text": text} if i["id"] == item["id"] else i for i in state["items"]]}


def _item_remove(state, payload, actor, intent):
    require_facilitator(actor)
    item = _find(state, payload)
    if item["selected"]:
        _require_unlocked(state)
    state = {**state, "items": [i for i in state["items"] if i["id"] != item["id"]]}
    return _drop_from_play(state, {item["id"]} if item["selected"] else set())


def _select(state, payload, actor, intent):
    """Choose which statements are the nine in play: {"items": [up to nine ids]}."""
    require_facilitator(actor)
    _require_unlocked(state)
    wanted = payload.get("items")
    if not isinstance(wanted, list) or not all(isinstance(i, str) for i in wanted):
        raise ToolError("bad_request", "Say which statements are in play, as a list.")
    if len(set(wanted)) != len(wanted):
        raise ToolError("conflict", "A statement is listed twice.")
    if len(wanted) > NINE:
        raise ToolError("limit", f"Only nine statements go in a diamond; {len(wanted)} were chosen.")
    known = {i["id"] for i in state["items"]}
    if any(i not in known for i in wanted):
        raise ToolError("not_found", "That statement is not in this diamond nine.")
    chosen = set(wanted)
    gone = set(_selected_ids(state)) - chosen
    state = {**state, "items": [{**i, "selected": i["id"] in chosen} for i in state["items"]]}
    return _drop_from_play(state, gone)


# --- each person's diamond (participants) --------------------------------------------------

def _place(state, payload, actor, intent):
    """Put a statement in a slot; it swaps with whatever was there (which goes back to the tray
    if the statement came from the tray)."""
    pid = _participant_input(state, actor)
    item = _find(state, payload)
    slot = _slot(payload)
    if not item["selected"]:
        raise ToolError("limit", "Only the nine chosen statements go in the diamond.")
    mine = list(state["diamonds"].get(pid, [None] * SLOTS))
    state = tables.note(state, pid, actor)
    if mine[slot] == item["id"]:
        return state
    was = mine.index(item["id"]) if item["id"] in mine else None
    if was is not None:
        mine[was] = mine[slot]
    mine[slot] = item["id"]
    return {**state, "diamonds": {**state["diamonds"], pid: mine}}


def _clear(state, payload, actor, intent):
    pid = _participant_input(state, actor)
    slot = _slot(payload)
    mine = list(state["diamonds"].get(pid, [None] * SLOTS))
    state = tables.note(state, pid, actor)
    if mine[slot] is None:
        return state
    mine[slot] = None
    diamonds = {k: v for k, v in state["diamonds"].items() if k != pid}
    if any(mine):
        diamonds[pid] = mine
    return {**state, "diamonds": diamonds}


# --- the agreed diamond (facilitator) -------------------------------------------------------

def _adjust(state, payload, actor, intent):
    """Swap a statement of the agreed diamond into another slot (its occupant takes the old slot)."""
    require_facilitator(actor)
    _require_unlocked(state)
    _require_nine(state)
    item = _find(state, payload)
    slot = _slot(payload)
    if not item["selected"]:
        raise ToolError("limit", "Only the nine chosen statements go in the diamond.")
    agreed = list(state["agreed"] or computed_order(state))
    was = agreed.index(item["id"])
    agreed[was], agreed[slot] = agreed[slot], agreed[was]
    return {**state, "agreed": agreed, "adjusted": True}


def _recompute(state, payload, actor, intent):
    require_facilitator(actor)
    _require_unlocked(state)
    return {**state, "agreed": None, "adjusted": False}


def _lock(state, payload, actor, intent):
    require_facilitator(actor)
    if state["locked"]:
        raise ToolError("conflict", "The group's diamond is already locked.")
    _require_nine(state)
    return {**state, "agreed": list(state["agreed"] or computed_order(state)), "locked": True}


def _unlock(state, payload, actor, intent):
    require_facilitator(actor)
    if not state["locked"]:
        raise ToolError("conflict", "The group's diamond is not locked.")
    return {**state, "locked": False, "agreed": state["agreed"] if state["adjusted"] else None}


def _settings(state, payload, actor, intent):
    """The table settings (tools.tables): `table_counts`, `by_table`; any time, they change only the
    tally and what is shown."""
    require_facilitator(actor)
    if not payload or set(payload) - tables.SETTINGS:
        raise ToolError("bad_request", "Settings are 'table_counts' (\"per_person\" or \"once\") and 'by_table'.")
    return tables.settings(state, payload)


HANDLERS = {
    "diamond.settings": _settings,
    "diamond.import": _import, "diamond.item_add": _item_add, "diamond.item_edit": _item_edit,
    "diamond.item_remove": _item_remove, "diamond.select": _select,
    "diamond.place": _place, "diamond.clear": _clear,
    "diamond.adjust": _adjust, "diamond.recompute": _recompute, "diamond.lock": _lock, "diamond.unlock": _unlock,
}
# The fields each intent's payload may carry: any other is refused (tools.check_payload).
PAYLOAD_KEYS = {
    "diamond.import": {"cards"}, "diamond.item_add": {"text"}, "diamond.item_edit": {"item", "text"},
    "diamond.item_remove": {"item"}, "diamond.select": {"items"}, "diamond.place": {"item", "slot"},
    "diamond.clear": {"slot"}, "diamond.adjust": {"item", "slot"}, "diamond.recompute": set(),
    "diamond.lock": set(), "diamond.unlock": set(), "diamond.settings": tables.SETTINGS,
}
PARTICIPANT_INTENTS = {"diamond.place", "diamond.clear"}


def apply(state: dict, intent: dict, actor: Actor) -> dict:
    handler = HANDLERS.get(intent["type"])
    if handler is None:
        raise ToolError("unknown_intent", f"Diamond nine has no '{intent['type']}'.")
    payload = intent.get("payload", {})
    if not isinstance(payload, dict):
        raise ToolError("bad_request", "The payload must be an object.")
    return handler(state, payload, actor, intent)


def has_contributions(state: dict) -> bool:
    return bool(state["items"] or state["diamonds"])
