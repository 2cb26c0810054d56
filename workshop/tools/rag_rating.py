"""RAG rating: everyone rates each item red, amber or green (optionally with a short comment);
the room sees the spread once the facilitator reveals it (or live, if set), and the facilitator
records the agreed rating, which defaults to the most common one.

Works for review findings, enquiry questions, or progress on actions at a follow-up, so the
item texts may be long-ish and the wording stays generic.

State:
    {"open", "revealed", "live": bool,
     "items": [item... + "agreed": "red"|"amber"|"green"|None]   (see rated_items)
     "ratings": {"<participant id>": {"<item id>": {"rating", "comment"}}},
     "tables"?, "table_counts"?, "by_table"?}  (only once a table rates / the facilitator sets them: tools.tables)
A table's rating counts for each person at it (its head count), or once, as the activity is set.
"""
from __future__ import annotations

from . import rated_items as items
from . import tables
from .base import Actor, ToolError, bool_field, initial_stage, require_facilitator, text_field

name = "rag_rating"
title = "RAG rating"
when = "To mark items red, amber or green: how well we are doing, how strong the evidence, how far an action has got."
prefix = "rag."

MAX_TEXT = 280
MAX_COMMENT = 140
MAX_ITEMS = 40
RATINGS = ("red", "amber", "green")  # also the tie order: the less favourable rating wins a tie
LABELS = {"red": "Red", "amber": "Amber", "green": "Green"}
NOUN = "item"
SETTINGS = {"live", *tables.SETTINGS}


def initial_state(config: dict | None = None) -> dict:
    config = config or {}
    live = config.get("live", False)
    if not isinstance(live, bool):
        raise ToolError("bad_request", "'live' must be true or false.")
    listed = [{**i, "agreed": None}
              for i in items.config_items(config, limit=MAX_TEXT, max_items=MAX_ITEMS, noun=NOUN)]
    return {**initial_stage(), "live": live, "items": listed, "ratings": {}}


# --- helpers ---------------------------------------------------------------------------

def _rater(actor: Actor) -> str:
    if actor.is_facilitator or actor.participant is None:
        raise ToolError("forbidden", "Only participants rate; the facilitator records the agreed rating.")
    return str(actor.participant)


def _rating(payload: dict, *, allow_none: bool = False) -> str | None:
    value = payload.get("rating")
    if value is None and allow_none and "rating" in payload:
        return None
    if value not in RATINGS:
        extra = ", or null for the most common rating" if allow_none else ""
        raise ToolError("bad_request", f"A rating is 'red', 'amber' or 'green'{extra}.")
    return value


def _with_mine(state: dict, who: str, mine: dict) -> dict:
    ratings = {k: v for k, v in state["ratings"].items() if k != who}
    if mine:
        ratings[who] = mine
    return {**state, "ratings": ratings}


def distribution(state: dict, item_id: str) -> dict[str, int]:
    """How many people gave each rating (a table: its head count when its vote counts per person)."""
    dist = {r: 0 for r in RATINGS}
    for who, mine in state["ratings"].items():
        if item_id in mine:
            dist[mine[item_id]["rating"]] += tables.weight(state, who)
    return dist


def most_common(dist: dict[str, int]) -> str | None:
    """The most common rating; a tie goes to the less favourable one (red, then amber), so a
    split room is never rounded up. None when nobody has rated."""
    best = max(dist.values())
    if best == 0:
        return None
    return next(r for r in RATINGS if dist[r] == best)


def _summary(state: dict, item: dict) -> dict:
    dist = distribution(state, item["id"])
    suggested = most_common(dist)
    return {"distribution": dist, "responses": sum(dist.values()), "suggested": suggested,
            "agreed": item["agreed"], "rag": item["agreed"] or suggested}


def _comments(state: dict, item_id: str) -> list[dict]:
    """Comments on an item, without names, grouped red, amber, green (then in participant order)."""
    found = [m[item_id] for m in state["ratings"].values() if item_id in m and m[item_id]["comment"]]
    return [{"rating": c["rating"], "text": c["comment"]}
            for c in sorted(found, key=lambda c: RATINGS.index(c["rating"]))]


def results_shown(state: dict) -> bool:
    return bool(state["revealed"] or state["live"])


# --- intents ---------------------------------------------------------------------------

def _rate(state, payload, actor, intent):
    who = _rater(actor)
    item = items.find(state, payload, noun=NOUN)
    rating = _rating(payload)
    comment = text_field(payload, "comment", limit=MAX_COMMENT, what="A comment", required=False)
    mine = state["ratings"].get(who, {})
    return _with_mine(tables.note(state, who, actor), who, {**mine, item["id"]: {"rating": rating, "comment": comment}})


def _clear(state, payload, actor, intent):
    who = _rater(actor)
    item = items.find(state, payload, noun=NOUN)
    mine = state["ratings"].get(who, {})
    if item["id"] not in mine:
        raise ToolError("conflict", "You have not rated that item.")
    return _with_mine(tables.note(state, who, actor), who, {k: v for k, v in mine.items() if k != item["id"]})


def _agree(state, payload, actor, intent):
    require_facilitator(actor)
    item = items.find(state, payload, noun=NOUN)
    return items.replace(state, item["id"], agreed=_rating(payload, allow_none=True))


def _settings(state, payload, actor, intent):
    require_facilitator(actor)
    if not payload or set(payload) - SETTINGS:
        raise ToolError("bad_request", "Settings are 'live' (true or false), 'table_counts' and 'by_table'.")
    live = bool_field(payload, "live") if "live" in payload else state["live"]
    return tables.settings({**state, "live": live}, payload)


def _item_add(state, payload, actor, intent):
    require_facilitator(actor)
    new = items.add(state, payload, intent, limit=MAX_TEXT, max_items=MAX_ITEMS, noun=NOUN)
    return {**new, "items": [i if "agreed" in i else {**i, "agreed": None} for i in new["items"]]}


def _item_edit(state, payload, actor, intent):
    require_facilitator(actor)
    return items.edit(state, payload, limit=MAX_TEXT, noun=NOUN)


def _item_remove(state, payload, actor, intent):
    require_facilitator(actor)
    rated = lambda i: any(i in mine for mine in state["ratings"].values())  # noqa: E731
    new, _ = items.remove(state, payload, in_use=rated, noun=NOUN, what_in_use="ratings")
    return new


def _import(state, payload, actor, intent):
    require_facilitator(actor)
    new = items.import_cards(state, payload, intent, max_items=MAX_ITEMS, noun=NOUN)
    return {**new, "items": [i if "agreed" in i else {**i, "agreed": None} for i in new["items"]]}


HANDLERS = {
    "rag.rate": _rate, "rag.clear": _clear, "rag.agree": _agree, "rag.settings": _settings,
    "rag.item_add": _item_add, "rag.item_edit": _item_edit, "rag.item_remove": _item_remove,
    "rag.import": _import,
}
# The fields each intent's payload may carry: any other is refused (tools.check_payload).
PAYLOAD_KEYS = {
    "rag.rate": {"item", "rating", "comment"}, "rag.clear": {"item"}, "rag.agree": {"item", "rating"},
    "rag.settings": SETTINGS, "rag.item_add": {"text"}, "rag.item_edit": {"item", "text"},
    "rag.item_remove": {"item"}, "rag.import": {"cards"},
}
FACILITATOR_ONLY = {"rag.agree", "rag.settings", "rag.item_add", "rag.item_edit", "rag.item_remove", "rag.import"}


def apply(state: dict, intent: dict, actor: Actor) -> dict:
    handler = HANDLERS.get(intent["type"])
    if handler is None:
        raise ToolError("unknown_intent", f"RAG rating has no '{intent['type']}'.")
    payload = intent.get("payload", {})
    if not isinstance(payload, dict):
        raise ToolError("bad_request", "The payload must be an object.")
    return handler(state, payload, actor, intent)


# --- views -----------------------------------------------------------------------------

def view(state: dict, audience: str) -> dict:
    """Items in their order. The spread, the suggested and agreed rating and the comments go to
    the facilitator always, to the room only once results are shown; before that the room
    learns only how many people have rated."""
    shown = results_shown(state)
    with_results = shown or audience == "facilitator"
    listed = []
    for item in items.live(state):
        entry = items.item_view(item)
        if with_results:
            entry.update(_summary(state, item), comments=_comments(state, item["id"]))
        listed.append(entry)
    result = {"live": state["live"], "shown": shown, "raters": len(state["ratings"]),
              "people_rated": tables.people_voted(state, state["ratings"]),
              "items": listed, "count": len(listed), **tables.view_settings(state)}
    if with_results and state.get("by_table"):
        result.update(_by_table(state))
    return result


def _by_table(state: dict) -> dict:
    """Each table's own rating per item; only tables, and only those of 3 or more (tools.tables)."""
    live_ids = {i["id"] for i in items.live(state)}
    kept, folded = tables.shown(state, state["ratings"])
    return {"tables": [{"name": t["name"], "people": t["people"],
                        "ratings": {k: r["rating"] for k, r in state["ratings"][who].items() if k in live_ids}}
                       for who, t in kept],
            "tables_folded": folded}


def private_view(state: dict, participant: int) -> dict:
    live_ids = {i["id"] for i in items.live(state)}
    mine = state["ratings"].get(str(participant), {})
    return {"ratings": {k: dict(v) for k, v in mine.items() if k in live_ids}}


def _order(summary: dict) -> int:
    return RATINGS.index(summary["rag"]) if summary["rag"] else len(RATINGS)


def outcomes(state: dict) -> list[dict]:
    """Items most in need of attention first: agreed (else most common) red, then amber, then
    green, then not rated; in item order within each. Each card carries "rag" and "distribution"."""
    cards = []
    for item in items.live(state):
        s = _summary(state, item)
        cards.append({"id": item["id"], "text": item["text"], "author_name": item["author_name"],
                      "group": LABELS.get(s["rag"]), "source": item["source"], "rag": s["rag"],
                      "agreed": s["agreed"] is not None, "distribution": s["distribution"],
                      "responses": s["responses"]})
    return sorted(cards, key=_order)


def has_contributions(state: dict) -> bool:
    return bool(state["ratings"])
