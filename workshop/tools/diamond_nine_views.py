"""Diamond nine: the group's consensus, the views per audience, and the outcomes.

The consensus method (documented in docs/protocol-drafts/diamond_nine.md):
  * every person's diamond gives each statement they placed a row: 1 (top) .. 5 (bottom);
  * per statement: n = how many people placed it, the mean row and the spread (population
    standard deviation of the rows);
  * statements are ordered by ascending mean row, ties broken by the lower variance, then by the
    order the statements were added; statements nobody placed come last (in the order added);
  * the order fills the slots 0..8, so rows of 1-2-3-2-1;
  * agreement, per slot and in words (tools.agreement): of the people who placed the slot's
    statement, did most put it in that slot's row ("most"), most in another row ("elsewhere"),
    at least a quarter in the top two rows and a quarter in the bottom two ("split"), or none of
    these ("differ"); None when fewer than two placed it. `here` = how many put it in that row;
  * a statement is "tied" when another statement has exactly the same mean row but landed in a
    different row (so only the tie-break put one above the other): the board marks it.
Exact fractions keep the ordering free of floating-point surprises; views round to 2 decimals.
"""
from __future__ import annotations

from fractions import Fraction

from . import tables
from .agreement import agreement as plain_agreement

ROWS = (1, 2, 2, 3, 3, 3, 4, 4, 5)  # the row of each slot 0..8; row 1 is the most important
SLOTS = len(ROWS)
METHOD = ("Each statement goes where people put it on the whole: the higher most people put it, the higher "
          "it goes; when two are level, the one people agree on more goes first. Each place says how many "
          "people put that statement in that row: 'Most agree' when more than half did.")


def _selected(state: dict) -> list[dict]:
    return [i for i in state["items"] if i["selected"]]


def item_stats(state: dict) -> dict[str, dict]:
    """Per chosen statement: n, exact mean and variance of its rows, and how many put it in each row."""
    stats = {}
    for index, item in enumerate(_selected(state)):
        # a table's diamond counts once per person at it, or once (tools.tables)
        rows = [ROWS[d.index(item["id"])] for who, d in state["diamonds"].items() if item["id"] in d
                for _ in range(tables.weight(state, who))]
        n = len(rows)
        mean = Fraction(sum(rows), n) if n else None
        var = sum((Fraction(r) - mean) ** 2 for r in rows) / n if n else None
        stats[item["id"]] = {"n": n, "mean": mean, "var": var, "index": index, "rows": rows,
                             "per_row": [rows.count(r) for r in range(1, 6)]}
    return stats


def computed_order(state: dict, stats: dict | None = None) -> list[str]:
    """The chosen statements in consensus order, best first (slot k of the group's diamond = k-th)."""
    stats = stats if stats is not None else item_stats(state)
    return sorted(stats, key=lambda i: (stats[i]["n"] == 0, stats[i]["mean"] or 0, stats[i]["var"] or 0,
                                        stats[i]["index"]))


def agreement(s: dict, row: int) -> str | None:
    """How much the people who placed this statement agree it belongs in `row` (the slot's)."""
    rows = s["rows"]
    return plain_agreement(rows, row, [(sum(r <= 2 for r in rows), sum(r >= 4 for r in rows))])


def agreed_diamond(state: dict) -> list[dict]:
    """The nine slots of the agreed diamond with each statement's numbers (needs exactly nine chosen)."""
    stats = item_stats(state)
    order = computed_order(state, stats)
    agreed = state["agreed"] or order
    consensus_row = {item: ROWS[k] for k, item in enumerate(order)}
    slots = []
    for slot, item in enumerate(agreed):
        s = stats[item]
        tied = s["n"] > 0 and any(o != item and stats[o]["n"] > 0 and stats[o]["mean"] == s["mean"]
                                  and consensus_row[o] != consensus_row[item] for o in order)
        slots.append({"slot": slot, "row": ROWS[slot], "item": item, "n": s["n"],
                      "mean_row": None if s["mean"] is None else round(float(s["mean"]), 2),
                      "here": s["rows"].count(ROWS[slot]), "agreement": agreement(s, ROWS[slot]),
                      "per_row": s["per_row"], "tied": tied,
                      # what ranks it (equal = level, for tools.ties); the facilitator's own order has no ties
                      "score": slot if state["agreed"] else
                      None if s["mean"] is None else [round(float(s["mean"]), 6), round(float(s["var"]), 6)],
                      "consensus_slot": order.index(item), "moved": order.index(item) != slot})
    return slots


def _ready(state: dict) -> bool:
    return len(_selected(state)) == SLOTS


def _item_view(item: dict, facilitator: bool) -> dict:
    shown = {"id": item["id"], "text": item["text"], "author": item["author_name"], "source": item["source"]}
    if facilitator:
        shown["selected"] = item["selected"]
    return shown


def view(state: dict, audience: str) -> dict:
    facilitator = audience == "facilitator"
    chosen = _selected(state)
    ready = len(chosen) == SLOTS
    shown = state["items"] if facilitator else chosen
    diamonds = list(state["diamonds"].values())
    results = (facilitator or state["revealed"]) and ready
    return {"items": [_item_view(i, facilitator) for i in shown],
            "candidates": len(state["items"]), "chosen": len(chosen), "ready": ready,
            "rows": list(ROWS), "started": len(diamonds), "complete": sum(all(d) for d in diamonds),
            "adjusted": state["adjusted"], "locked": state["locked"],
            "people_ranked": tables.people_voted(state, {k: any(v) for k, v in state["diamonds"].items()}),
            "diamond": agreed_diamond(state) if results else None, "method": METHOD, **tables.view_settings(state),
            **(_by_table(state) if results and state.get("by_table") else {})}


def _by_table(state: dict) -> dict:
    """Each table's own top three (its row 1 and row 2, in slot order); only tables of 3 or more."""
    kept, folded = tables.shown(state, {k: any(v) for k, v in state["diamonds"].items()})
    return {"tables": [{"name": t["name"], "people": t["people"],
                        "top": [i for i in state["diamonds"][who][:3] if i is not None]} for who, t in kept],
            "tables_folded": folded}


def private_view(state: dict, participant: int) -> dict:
    return {"diamond": list(state["diamonds"].get(str(participant), [None] * SLOTS))}


def outcomes(state: dict) -> list[dict]:
    """The agreed diamond, best first: once someone has ranked, or the facilitator adjusted or locked it."""
    if not _ready(state) or not (state["diamonds"] or state["agreed"]):
        return []
    by_id = {i["id"]: i for i in state["items"]}
    cards = []
    for slot in agreed_diamond(state):
        item = by_id[slot["item"]]
        cards.append({"id": item["id"], "text": item["text"], "author_name": item["author_name"],
                      "group": f"Row {slot['row']}", "source": item["source"],
                      "row": slot["row"], "rank": slot["slot"] + 1, "mean_row": slot["mean_row"],
                      "here": slot["here"], "n": slot["n"], "agreement": slot["agreement"],
                      "score": slot["score"]})
    return cards
