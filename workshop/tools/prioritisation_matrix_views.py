"""Prioritisation matrix: means and spreads, quadrants, the views per audience, and the outcomes.

The maths (documented in docs/protocol-drafts/prioritisation_matrix.md):
  * per item: n = how many people rated it; the mean of x and of y; the spread of each (population
    standard deviation), shown on the board as a cross/ellipse of +-1 sd around the mean;
  * the item sits at its mean, unless the facilitator placed it (then at that place, flagged);
  * agreement in words (tools.agreement): of its raters, did most put it in the quadrant it sits
    in ("most"), most in another ("elsewhere"), a quarter at each end of an axis ("split"), or
    none of these ("differ"); `here` = how many raters put it in that quadrant. Screens show
    these words, never the standard deviations (the shading only draws them);
  * the quadrant follows the place: above the midpoint 3 is "high", 3 itself counts as "low";
  * outcomes: quadrants in the axes' order (quick wins first), inside a quadrant the best first
    (higher y, and lower x when low x is better (effort), higher x otherwise), then more raters, then the
    order added; items nobody rated or placed come last with no quadrant.
Exact fractions decide quadrants and order; views round to 2 decimals.
"""
from __future__ import annotations

from fractions import Fraction

from . import tables
from .agreement import agreement

LOW, HIGH = 1, 5
MID = 3


def _stat(values: list[int]) -> tuple[Fraction | None, Fraction | None]:
    if not values:
        return None, None
    mean = Fraction(sum(values), len(values))
    return mean, sum((Fraction(v) - mean) ** 2 for v in values) / len(values)


def _r(value) -> float | None:
    return None if value is None else round(float(value), 2)


def corner(x, y) -> str:
    return ("top" if y > MID else "bottom") + "_" + ("right" if x > MID else "left")


def item_stats(state: dict) -> list[dict]:
    """Per item, in the order added: numbers, place (exact) and quadrant."""
    out = []
    for index, item in enumerate(state["items"]):
        # a table's rating counts once per person at it, or once (tools.tables)
        pairs = [mine[item["id"]] for who, mine in state["ratings"].items() if item["id"] in mine
                 for _ in range(tables.weight(state, who))]
        mean_x, var_x = _stat([p[0] for p in pairs])
        mean_y, var_y = _stat([p[1] for p in pairs])
        override = state["overrides"].get(item["id"])
        if override is not None:
            x, y = Fraction(str(override[0])), Fraction(str(override[1]))
        else:
            x, y = mean_x, mean_y
        out.append({"item": item, "index": index, "n": len(pairs), "pairs": pairs, "mean_x": mean_x, "mean_y": mean_y,
                    "var_x": var_x, "var_y": var_y, "x": x, "y": y, "override": override is not None,
                    "quadrant": None if x is None else corner(x, y)})
    return out


def score(state: dict, s: dict) -> list | None:
    """What ranks an item (quadrant, then how good its place is): equal scores are level (tools.ties)."""
    if s["quadrant"] is None:
        return None
    sign = -1 if state["axes"]["x_better"] == "low" else 1
    return [state["axes"]["order"].index(s["quadrant"]), round(float(s["y"] + sign * s["x"]), 6)]


def ranked(state: dict) -> list[dict]:
    """item_stats in outcome order: best quadrant first, best inside it first, unplaced last."""
    axes = state["axes"]
    order = {key: k for k, key in enumerate(axes["order"])}
    sign = -1 if axes["x_better"] == "low" else 1

    def key(s):
        if s["quadrant"] is None:
            return (1, 0, 0, 0, s["index"])
        return (0, order[s["quadrant"]], -(s["y"] + sign * s["x"]), -s["n"], s["index"])
    return sorted(item_stats(state), key=key)


def _agreement(s: dict) -> tuple[int, str | None, str | None]:
    """(how many raters put it in the quadrant it sits in, the agreement code, the quadrant most
    raters chose when that is another one)."""
    if s["quadrant"] is None:
        return 0, None, None
    places = [corner(x, y) for x, y in s["pairs"]]
    ends = [(sum(p[k] <= 2 for p in s["pairs"]), sum(p[k] >= 4 for p in s["pairs"])) for k in (0, 1)]
    code = agreement(places, s["quadrant"], ends)
    most_in = max(set(places), key=places.count) if code == "elsewhere" else None
    return places.count(s["quadrant"]), code, most_in


def _result(s: dict, number: int) -> dict:
    sd = lambda v: None if v is None else round(float(v) ** 0.5, 2)  # noqa: E731
    here, agrees, most_in = _agreement(s)
    return {"item": s["item"]["id"], "number": number, "n": s["n"], "here": here, "agreement": agrees,
            "most_in": most_in,
            "mean_x": _r(s["mean_x"]), "mean_y": _r(s["mean_y"]), "sd_x": sd(s["var_x"]), "sd_y": sd(s["var_y"]),
            "x": _r(s["x"]), "y": _r(s["y"]), "override": s["override"], "quadrant": s["quadrant"]}


def axes_view(axes: dict) -> dict:
    return {"preset": axes["preset"], "x_better": axes["x_better"],
            "x": {"label": axes["x"], "low": f"Low {axes['x'].lower()}", "high": f"High {axes['x'].lower()}"},
            "y": {"label": axes["y"], "low": f"Low {axes['y'].lower()}", "high": f"High {axes['y'].lower()}"},
            "quadrants": [{"key": k, "name": axes["quadrants"][k]} for k in axes["order"]],
            "range": [LOW, HIGH], "mid": MID}


def view(state: dict, audience: str) -> dict:
    facilitator = audience == "facilitator"
    items = [{"id": i["id"], "text": i["text"], "author": i["author_name"], "source": i["source"], "number": n + 1}
             for n, i in enumerate(state["items"])]
    results = None
    if facilitator or state["revealed"]:
        results = [_result(s, s["index"] + 1) for s in ranked(state)]
    shown = {"axes": axes_view(state["axes"]), "items": items, "count": len(items),
             "raters": len(state["ratings"]), "ratings": sum(len(m) for m in state["ratings"].values()),
             "people_rated": tables.people_voted(state, state["ratings"]),
             "results": results, **tables.view_settings(state)}
    if results is not None and state.get("by_table"):
        shown.update(_by_table(state))
    return shown


def _by_table(state: dict) -> dict:
    """Each table's own quadrant for each item it rated; only tables of 3 or more (tools.tables)."""
    kept, folded = tables.shown(state, state["ratings"])
    return {"tables": [{"name": t["name"], "people": t["people"],
                        "quadrants": {k: corner(x, y) for k, (x, y) in state["ratings"][who].items()}}
                       for who, t in kept],
            "tables_folded": folded}


def private_view(state: dict, participant: int) -> dict:
    mine = state["ratings"].get(str(participant), {})
    return {"ratings": {item: {"x": xy[0], "y": xy[1]} for item, xy in mine.items()}}


def outcomes(state: dict) -> list[dict]:
    names = state["axes"]["quadrants"]
    cards = []
    for s in ranked(state):
        item, q = s["item"], s["quadrant"]
        r = _result(s, s["index"] + 1)
        cards.append({"id": item["id"], "text": item["text"], "author_name": item["author_name"],
                      "group": names[q] if q else "Not rated", "source": item["source"],
                      "quadrant": names[q] if q else None, "quadrant_key": q,
                      "x": r["x"], "y": r["y"], "n": s["n"], "sd_x": r["sd_x"], "sd_y": r["sd_y"],
                      "here": r["here"], "agreement": r["agreement"], "override": s["override"],
                      "score": score(state, s)})
    return cards
