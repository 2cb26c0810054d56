"""The list of items a voting tool works on (dotocracy, RAG rating): typed in by the facilitator,
set in the activity's config, or brought in from an earlier activity (keeping ``source``).

Pure helpers; each tool passes its own words ("option", "item") and limits. An item:
    {"id", "text", "author_name", "source", "removed", "at"}
Removed items stay in the state (so a late vote on one gets a clear message) and are shown nowhere.
"""
from __future__ import annotations

from .base import ToolError, id_field, text_field

MAX_IMPORTED_TEXT = 1000  # texts from other tools are kept whole up to this


def new_item(item_id: str, text: str, *, at: int, author_name: str | None = None,
             source: dict | None = None) -> dict:
    return {"id": item_id, "text": text, "author_name": author_name, "source": source,
            "removed": False, "at": at}


def config_items(config: dict, *, limit: int, max_items: int, noun: str) -> list[dict]:
    """Items listed in the activity's config ({"items": ["text", ...]}), ids c0-<n>."""
    given = config.get("items", [])
    if not isinstance(given, list) or len(given) > max_items:
        raise ToolError("bad_request", f"'items' must be a list of at most {max_items} texts.")
    return [new_item(f"c0-{n}", text_field({"t": t}, "t", limit=limit, what=f"An {noun}"), at=0)
            for n, t in enumerate(given)]


def live(state: dict) -> list[dict]:
    return [i for i in state["items"] if not i["removed"]]


def find(state: dict, payload: dict, *, noun: str) -> dict:
    item_id = id_field(payload, "item", noun)
    for item in state["items"]:
        if item["id"] == item_id:
            if item["removed"]:
                raise ToolError("not_found", f"That {noun} was removed by the facilitator.")
            return item
    raise ToolError("not_found", f"That {noun} does not exist.")


def replace(state: dict, item_id: str, **changes) -> dict:
    return {**state, "items": [{**i, **changes} if i["id"] == item_id else i for i in state["items"]]}


def _room_for(state: dict, n: int, max_items: int, noun: str) -> None:
    if len(live(state)) + n > max_items:
        raise ToolError("limit", f"At most {max_items} {noun}s in one activity.")


def add(state: dict, payload: dict, intent: dict, *, limit: int, max_items: int, noun: str) -> dict:
    text = text_field(payload, "text", limit=limit, what=f"An {noun}")
    _room_for(state, 1, max_items, noun)
    return {**state, "items": [*state["items"], new_item(f"c{intent['seq']}", text, at=intent["at"])]}


def edit(state: dict, payload: dict, *, limit: int, noun: str) -> dict:
    item = find(state, payload, noun=noun)
    return replace(state, item["id"], text=text_field(payload, "text", limit=limit, what=f"An {noun}"))


def remove(state: dict, payload: dict, *, in_use, noun: str, what_in_use: str) -> tuple[dict, dict]:
    """Mark an item removed; refused while ``in_use(item_id)`` says it has votes or ratings."""
    item = find(state, payload, noun=noun)
    if in_use(item["id"]):
        raise ToolError("conflict", f"This {noun} already has {what_in_use}, so it can't be removed.")
    return replace(state, item["id"], removed=True), item


def _imported_text(card: object) -> str:
    text = card.get("text") if isinstance(card, dict) else None
    if not isinstance(text, str) or not text.strip():
        raise ToolError("bad_request", "Each card brought in needs a text.")
    text = " ".join(text.split())
    return text if len(text) <= MAX_IMPORTED_TEXT else text[:MAX_IMPORTED_TEXT - 1] + "…"


def _source(card: dict) -> dict | None:
    source = card.get("source")
    if source is not None and not (isinstance(source, dict) and set(source) == {"activity", "card"}):
        raise ToolError("bad_request", "A card's source must be {activity, card}.")
    return source


def import_cards(state: dict, payload: dict, intent: dict, *, max_items: int, noun: str) -> dict:
    """Cards from an earlier activity (the engine resolves them into payload["cards"]).
    A card whose source is already here (and not removed) is not brought in twice, nor a card
    whose text already is (the same key message from the details and from a response round)."""
    incoming = payload.get("cards")
    if not isinstance(incoming, list) or not incoming:
        raise ToolError("bad_request", "Nothing to bring in.")
    here = {(s["activity"], s["card"]) for s in (i["source"] for i in live(state)) if s}
    texts = {i["text"].casefold() for i in live(state)}
    added = []
    for n, card in enumerate(incoming):
        text, source = _imported_text(card), _source(card)
        if (source and (source["activity"], source["card"]) in here) or text.casefold() in texts:
            continue
        texts.add(text.casefold())
        author = card.get("author_name")
        added.append(new_item(f"c{intent['seq']}-{n}", text, at=intent["at"], source=source,
                              author_name=author if isinstance(author, str) else None))
    if not added:
        raise ToolError("conflict", f"Those cards are already here as {noun}s.")
    _room_for(state, len(added), max_items, noun)
    return {**state, "items": [*state["items"], *added]}


def item_view(item: dict) -> dict:
    return {"id": item["id"], "text": item["text"], "author": item["author_name"], "source": item["source"]}


def int_setting(payload: dict, key: str, low: int, high: int, what: str) -> int:
    value = payload[key]
    if type(value) is not int or not low <= value <= high:
        raise ToolError("bad_request", f"{what} must be a whole number from {low} to {high}.")
    return value
