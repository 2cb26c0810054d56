"""Ties at a "top N" cut-off (pure): a cut that would split items the group ranked level is never
made silently. The caller refuses with error "tie" and this detail, and the facilitator then
brings in every tied item (`ties: "include"`) or names the items they want.

`ranked` is a list of cards best first; `key` is the card field that ranks them (equal values are
level). A tool whose outcomes have no ranking (an idea wall's order added) has no key: no ties.
"""
from __future__ import annotations

from .base import ToolError

# The outcome field that ranks each tool's cards; equal values tie.
RANKED_BY = {"dotocracy": "votes", "fishbone": "votes", "rag_rating": "rag",
             "diamond_nine": "score", "prioritisation_matrix": "score"}
TIE_CHOICES = ("include",)


def _brief(card: dict) -> dict:
    return {"id": card["id"], "text": card["text"]}


def tie_at(ranked: list[dict], key: str | None, top: int) -> dict | None:
    """Where taking the first `top` cuts through level items, else None.
    {"top", "through": how many to take to include the whole tie, "above": cards before the tie,
     "tied": the level cards (some above the cut, some below)}"""
    if key is None or top >= len(ranked):
        return None
    level = ranked[top - 1].get(key)
    if ranked[top].get(key) != level:
        return None
    first = next(n for n, c in enumerate(ranked) if c.get(key) == level)
    last = max(n for n, c in enumerate(ranked) if c.get(key) == level)
    return {"top": top, "through": last + 1, "above": [_brief(c) for c in ranked[:first]],
            "tied": [_brief(c) for c in ranked[first:last + 1]]}


def take_top(ranked: list[dict], key: str | None, top: int, ties: object, noun: str) -> list[dict]:
    """The first `top` cards, or through the end of a tie when `ties` is "include".
    A cut through a tie without that choice raises TieError (with the tie's detail)."""
    if ties is not None and ties not in TIE_CHOICES:
        raise ToolError("bad_request", "'ties' can only be \"include\".")
    tie = tie_at(ranked, key, top)
    if tie is None:
        return ranked[:top]
    if ties == "include":
        return ranked[:tie["through"]]
    n = len(tie["tied"])
    start = len(tie["above"]) + 1
    raise TieError(f"The top {top} would split a tie: {n} {noun} are level for places {start} to "
                   f"{tie['through']}. Bring all {tie['through']}, or pick which.", tie)


def pick(ranked: list[dict], ids: object, noun: str) -> list[dict]:
    """The named cards, in their ranked order: the facilitator's own choice (e.g. after a tie)."""
    if not isinstance(ids, list) or not ids or not all(isinstance(i, str) for i in ids):
        raise ToolError("bad_request", f"Name the {noun} to take as a list of ids.")
    if len(set(ids)) != len(ids):
        raise ToolError("conflict", f"One of the {noun} is named twice.")
    known = {c["id"] for c in ranked}
    if any(i not in known for i in ids):
        raise ToolError("not_found", f"One of the {noun} named is not there (any more).")
    wanted = set(ids)
    return [c for c in ranked if c["id"] in wanted]


class TieError(ToolError):
    """A refused cut: `detail` says where the tie is (sent to the client as the ack's "tie")."""

    def __init__(self, message: str, tie: dict):
        super().__init__("tie", message)
        self.tie = tie
