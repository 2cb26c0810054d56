"""Diamond nine: the group's consensus, the views per audience, and the outcomes.

The consensus method (documented in docs/protocol-drafts/diamond_nine.md):
  * every person's diamond gives each statement they placed a row: 1 (top) .. 5 (bottom);
  * per statement: n = how many people placed it, the mean row and the spread (population
    standard deviation of the rows);
  * statements are ordered by ascending mean row, ties broken by the lower variance, then by the
    order the statements were added; statements nobody placed come last (in the order added);
  * the order fills the slots 0..8, so rows of 1-2-3-2-1;
  * agreement: sd <= 0.6 "strong", sd <= 1.2 "mixed", else "split" (None when fewer than two placed it);
  * a statement is "tied" when another statement has exactly the same mean row but landed in a
    different row (so only the tie-break put one above the other): the board marks it.
Exact fractions keep the ordering free of floating-point surprises; views round to 2 decimals.
"""
from __future__ import annotations

from fractions import Fraction

ROWS = (1, 2, 2, 3, 3, 3, 4, 4, 5)  # the row of each slot 0..8; row 1 is the most important
SLOTS = len(ROWS)
STRONG_VAR = Fraction(36, 100)  # sd 0.6
MIXED_VAR = Fraction(144, 100)  # sd 1.2
METHOD = ("Mean row of each statement over everyone's diamond (row 1 = top); lowest mean at the top, "
          "ties broken by lower spread, then first added. Agreement: spread (sd) up to 0.6 strong, "
          "up to 1.2 mixed, above that split.")


def _selected(state: dict) -> list[dict]:
    return [i for i in state["items"] if i["selected"]]


def item_stats(state: dict) -> dict[str, dict]:
    """Per chosen statement: n, exact mean and variance of its rows, and how many put it in each row."""
    stats = {}
    for index, item in enumerate(_selected(state)):
        rows = [ROWS[d.index(item["id"])] for d in state["diamonds"].values() if item["id"] in d]
        n = len(rows)
        mean = Fraction(sum(rows), n) if n else None
        var = sum((Fraction(r) - mean) ** 2 for r in rows) / n if n else None
        stats[item["id"]] = {"n": n, "mean": mean, "var": var, "index": index,
                             "per_row": [rows.count(r) for r in range(1, 6)]}
    return stats


def computed_order(state: dict, stats: dict | None = None) -> list[str]:
    """The chosen statements in consensus order, best first (slot k of the group's diamond = k-th)."""
    stats = stats if stats is not None else item_stats(state)
    return sorted(stats, key=lambda i: (stats[i]["n"] == 0, stats[i]["mean"] or 0, stats[i]["var"] or 0,
                                        stats[i]["index"]))


def agreement(s: dict) -> str | None:
    if s["n"] < 2:
        return None
    return "strong" if s["var"] <= STRONG_VAR else "mixed" if s["var"] <= MIXED_VAR else "split"


def _sd(s: dict) -> float | None:
    return None if s["var"] is None else round(float(s["var"]) ** 0.5, 2)


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
                      "sd": _sd(s), "agreement": agreement(s), "per_row": s["per_row"], "tied": tied,
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
            "diamond": agreed_diamond(state) if results else None, "method": METHOD}


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
                      "sd": slot["sd"], "n": slot["n"], "agreement": slot["agreement"]})
    return cards
