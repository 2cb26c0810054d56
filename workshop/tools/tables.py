"""Tables in the voting tools (pure): one phone for the people at a table (issue 12).

A table's actor carries its weight (head count) and its name (base.Actor.weight, .table). A
voting tool notes both beside the table's ballot, only for a table, so a state where only people
voted stays exactly as it was:
    state["tables"] = {"<voter>": {"name": "Table 3", "people": 6}}
The weight is the one the table's latest vote was cast with (the event log keeps it, so replay
gives the same tallies even when the table corrects its head count later).

Two per-activity settings, switched by the facilitator through the tool's settings intent,
before or during the vote (the tallies are worked out from the ballots each time):
    "table_counts": "per_person" (absent: a table of 6 speaks for 6 people) | "once"
    "by_table": bool (absent: false): the room sees each table's own result beside the room's.
Anonymity applies to tables as to people: results by table name tables only (people's votes are
in the room's total alone), and a table of fewer than MIN_SHOWN people is folded into the room's
total: its own result would show how one or two people voted.
"""
from __future__ import annotations

from .base import Actor, ToolError, bool_field

TABLE_VOTES = ("per_person", "once")
SETTINGS = {"table_counts", "by_table"}
MIN_SHOWN = 3


def note(state: dict, who: str, actor: Actor) -> dict:
    """The state with `who`'s table details noted (unchanged for a person)."""
    if actor.weight <= 1 and actor.table is None:
        return state
    entry = {"name": actor.table, "people": actor.weight}
    tables = state.get("tables", {})
    if tables.get(who) == entry:
        return state
    return {**state, "tables": {**tables, who: entry}}


def weight(state: dict, who: str) -> int:
    """How many people `who`'s ballot counts for in the room's tally."""
    if state.get("table_counts", "per_person") == "once":
        return 1
    return state.get("tables", {}).get(who, {}).get("people", 1)


def settings(state: dict, payload: dict) -> dict:
    """The table settings in a settings intent, applied (the others are the tool's own)."""
    if "table_counts" in payload:
        value = payload["table_counts"]
        if value not in TABLE_VOTES:
            raise ToolError("bad_request", "'table_counts' is \"per_person\" (a table counts for each person at "
                                           "it) or \"once\" (a table counts as one vote).")
        state = {**state, "table_counts": value}
    if "by_table" in payload:
        state = {**state, "by_table": bool_field(payload, "by_table")}
    return state


def view_settings(state: dict) -> dict:
    return {"table_counts": state.get("table_counts", "per_person"), "by_table": bool(state.get("by_table", False))}


def shown(state: dict, ballots: dict) -> tuple[list[tuple[str, dict]], int]:
    """The tables whose own result may be shown, by name (then voter), as (voter, {"name",
    "people"}); and how many voting tables were folded into the room's total (fewer than
    MIN_SHOWN people)."""
    tables = state.get("tables", {})
    voting = [(who, t) for who, t in tables.items() if who in ballots and ballots[who]]
    kept = sorted(((w, t) for w, t in voting if t["people"] >= MIN_SHOWN), key=lambda p: (p[1]["name"] or "", p[0]))
    return kept, len(voting) - len(kept)


def people_voted(state: dict, ballots: dict) -> int:
    """How many people the ballots speak for (a table: its head count, whatever the setting)."""
    tables = state.get("tables", {})
    return sum(tables.get(who, {}).get("people", 1) for who, mine in ballots.items() if mine)
