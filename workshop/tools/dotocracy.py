"""Dotocracy (dot voting): each person places a budget of dots on the options, several on one if
allowed; the counts stay hidden from the room until the facilitator reveals them (or the
activity is set to show results live), so nobody follows the crowd.

State:
    {"open", "revealed",
     "budget": 1..10, "per_item": 1..budget, "live": bool,
     "items": [item...]                       (see rated_items: id, text, author_name, source, removed, at)
     "dots": {"<participant id>": {"<item id>": n > 0}},
     "tables"?, "table_counts"?, "by_table"?}  (only once a table votes / the facilitator sets them: tools.tables)
Participant ids are string keys (the state is stored as JSON) and never leave the server.
A table's dots count for each person at it (its head count), or once, as the activity is set.
"""
from __future__ import annotations

from . import rated_items as items
from . import tables
from .base import Actor, ToolError, bool_field, initial_stage, require_facilitator

name = "dotocracy"
title = "Dotocracy"
when = "To see quickly which options the group favours: everyone spends a few dots, shown all at once."
prefix = "dots."

MAX_TEXT = 280
MAX_ITEMS = 50
MAX_BUDGET = 10
DEFAULT_BUDGET = 5
DEFAULT_PER_ITEM = 3
NOUN = "option"
SETTINGS = {"dots", "per_item", "live", *tables.SETTINGS}


def _config_int(config: dict, key: str, default: int, high: int) -> int:
    if key not in config:
        return min(default, high)
    return items.int_setting(config, key, 1, high, f"'{key}'")


def initial_state(config: dict | None = None) -> dict:
    config = config or {}
    budget = _config_int(config, "dots", DEFAULT_BUDGET, MAX_BUDGET)
    per_item = _config_int(config, "per_item", DEFAULT_PER_ITEM, budget)
    live = config.get("live", False)
    if not isinstance(live, bool):
        raise ToolError("bad_request", "'live' must be true or false.")
    return {**initial_stage(), "budget": budget, "per_item": per_item, "live": live,
            "items": items.config_items(config, limit=MAX_TEXT, max_items=MAX_ITEMS, noun=NOUN), "dots": {}}


# --- helpers ---------------------------------------------------------------------------

def _voter(actor: Actor) -> str:
    if actor.is_facilitator or actor.participant is None:
        raise ToolError("forbidden", "Only participants place dots; the facilitator runs the vote.")
    return str(actor.participant)


def _mine(state: dict, who: str) -> dict[str, int]:
    return state["dots"].get(who, {})


def _with_mine(state: dict, who: str, mine: dict[str, int]) -> dict:
    dots = {k: v for k, v in state["dots"].items() if k != who}
    mine = {k: v for k, v in mine.items() if v > 0}
    if mine:
        dots[who] = mine
    return {**state, "dots": dots}


def _votes(state: dict) -> dict[str, int]:
    """Each option's dots, a table's weighted by its head count when its vote counts per person."""
    totals: dict[str, int] = {}
    for who, mine in state["dots"].items():
        w = tables.weight(state, who)
        for item_id, n in mine.items():
            totals[item_id] = totals.get(item_id, 0) + n * w
    return totals


def ranked(state: dict) -> list[dict]:
    """Live items best first: {"item", "votes", "rank", "tied"}. Equal counts share a rank
    (1, 2, 2, 4) and are marked tied; among equals the earlier item comes first."""
    votes = _votes(state)
    order = sorted(enumerate(items.live(state)), key=lambda p: (-votes.get(p[1]["id"], 0), p[0]))
    counts = [votes.get(item["id"], 0) for _, item in order]
    result = []
    for n, (_, item) in enumerate(order):
        rank = counts.index(counts[n]) + 1
        result.append({"item": item, "votes": counts[n], "rank": rank, "tied": counts.count(counts[n]) > 1})
    return result


def results_shown(state: dict) -> bool:
    """Whether the room (board and phones) sees the counts."""
    return bool(state["revealed"] or state["live"])


# --- intents ---------------------------------------------------------------------------

def _place(state, payload, actor, intent):
    who = _voter(actor)
    item = items.find(state, payload, noun=NOUN)
    mine = _mine(state, who)
    placed = sum(mine.values())
    if placed >= state["budget"]:
        raise ToolError("limit", f"You have used all {state['budget']} of your dots. Take one back to move it.")
    if mine.get(item["id"], 0) >= state["per_item"]:
        raise ToolError("limit", f"At most {state['per_item']} of your dots can go on one option.")
    return _with_mine(tables.note(state, who, actor), who, {**mine, item["id"]: mine.get(item["id"], 0) + 1})


def _remove_dot(state, payload, actor, intent):
    who = _voter(actor)
    item = items.find(state, payload, noun=NOUN)
    mine = _mine(state, who)
    if not mine.get(item["id"]):
        raise ToolError("conflict", "You have no dot on that option to take back.")
    return _with_mine(tables.note(state, who, actor), who, {**mine, item["id"]: mine[item["id"]] - 1})


def _settings(state, payload, actor, intent):
    require_facilitator(actor)
    unknown = set(payload) - SETTINGS
    if unknown or not payload:
        raise ToolError("bad_request", "Settings are 'dots' (1-10), 'per_item', 'live', 'table_counts' and 'by_table'.")
    budget = items.int_setting(payload, "dots", 1, MAX_BUDGET, "Dots per person") if "dots" in payload \
        else state["budget"]
    if "per_item" in payload:
        per_item = items.int_setting(payload, "per_item", 1, budget, "Most dots on one option")
    else:  # a smaller budget brings the cap down with it
        per_item = min(state["per_item"], budget)
    most_placed = max((sum(m.values()) for m in state["dots"].values()), default=0)
    if budget < most_placed:
        raise ToolError("conflict", f"Someone has already placed {most_placed} dots, "
                                    f"so the budget can't go below {most_placed}.")
    most_on_one = max((n for m in state["dots"].values() for n in m.values()), default=0)
    if per_item < most_on_one:
        raise ToolError("conflict", f"Someone already has {most_on_one} dots on one option, "
                                    f"so the limit per option can't go below {most_on_one}.")
    live = bool_field(payload, "live") if "live" in payload else state["live"]
    return tables.settings({**state, "budget": budget, "per_item": per_item, "live": live}, payload)


def _item_add(state, payload, actor, intent):
    require_facilitator(actor)
    return items.add(state, payload, intent, limit=MAX_TEXT, max_items=MAX_ITEMS, noun=NOUN)


def _item_edit(state, payload, actor, intent):
    require_facilitator(actor)
    return items.edit(state, payload, limit=MAX_TEXT, noun=NOUN)


def _item_remove(state, payload, actor, intent):
    require_facilitator(actor)
    votes = _votes(state)
    new, _ = items.remove(state, payload, in_use=lambda i: votes.get(i, 0), noun=NOUN, what_in_use="dots on it")
    return new


def _import(state, payload, actor, intent):
    require_facilitator(actor)
    return items.import_cards(state, payload, intent, max_items=MAX_ITEMS, noun=NOUN)


HANDLERS = {
    "dots.place": _place, "dots.remove": _remove_dot, "dots.settings": _settings,
    "dots.item_add": _item_add, "dots.item_edit": _item_edit, "dots.item_remove": _item_remove,
    "dots.import": _import,
}
# The fields each intent's payload may carry: any other is refused (tools.check_payload).
PAYLOAD_KEYS = {
    "dots.place": {"item"}, "dots.remove": {"item"}, "dots.settings": SETTINGS,
    "dots.item_add": {"text"}, "dots.item_edit": {"item", "text"}, "dots.item_remove": {"item"},
    "dots.import": {"cards"},
}
FACILITATOR_ONLY = {"dots.settings", "dots.item_add", "dots.item_edit", "dots.item_remove", "dots.import"}


def apply(state: dict, intent: dict, actor: Actor) -> dict:
    handler = HANDLERS.get(intent["type"])
    if handler is None:
        raise ToolError("unknown_intent", f"Dotocracy has no '{intent['type']}'.")
    payload = intent.get("payload", {})
    if not isinstance(payload, dict):
        raise ToolError("bad_request", "The payload must be an object.")
    return handler(state, payload, actor, intent)


# --- views -----------------------------------------------------------------------------

def view(state: dict, audience: str) -> dict:
    """Options in the order they were added. Counts ("votes", "rank", "tied") only for the
    facilitator, or for everyone once results are shown; before that the room learns only how
    many people have voted and how many dots are down."""
    shown = results_shown(state)
    with_counts = shown or audience == "facilitator"
    by_id = {r["item"]["id"]: r for r in ranked(state)} if with_counts else {}
    shown_items = []
    for item in items.live(state):
        entry = items.item_view(item)
        if with_counts:
            r = by_id[item["id"]]
            entry.update(votes=r["votes"], rank=r["rank"], tied=r["tied"])
        shown_items.append(entry)
    result = {"dots_per_person": state["budget"], "per_item": state["per_item"], "live": state["live"],
              "shown": shown, "voters": len(state["dots"]), "people_voted": tables.people_voted(state, state["dots"]),
              "dots_placed": sum(sum(m.values()) for m in state["dots"].values()),
              "items": shown_items, "count": len(shown_items), **tables.view_settings(state)}
    if with_counts and state.get("by_table"):
        result.update(_by_table(state))
    return result


def _by_table(state: dict) -> dict:
    """Each table's own dots per option (not weighted: what the table chose); only tables, and
    only those of 3 or more people (tools.tables)."""
    live_ids = {i["id"] for i in items.live(state)}
    kept, folded = tables.shown(state, state["dots"])
    return {"tables": [{"name": t["name"], "people": t["people"],
                        "votes": {k: n for k, n in state["dots"][who].items() if k in live_ids}}
                       for who, t in kept],
            "tables_folded": folded}


def private_view(state: dict, participant: int) -> dict:
    live_ids = {i["id"] for i in items.live(state)}
    mine = {k: v for k, v in _mine(state, str(participant)).items() if k in live_ids}
    placed = sum(mine.values())
    return {"dots": mine, "placed": placed, "left": max(state["budget"] - placed, 0)}


def outcomes(state: dict) -> list[dict]:
    """Every option, most dots first, with its count and rank (ties share a rank)."""
    return [{"id": r["item"]["id"], "text": r["item"]["text"], "author_name": r["item"]["author_name"],
             "group": None, "source": r["item"]["source"], "votes": r["votes"], "rank": r["rank"],
             "tied": r["tied"]} for r in ranked(state)]


def has_contributions(state: dict) -> bool:
    return bool(state["dots"])
