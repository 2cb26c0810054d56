"""How much people agree about one item's place, in words rather than statistics (pure).

Screens say "Most agree", "Views differ" or "Split", never a standard deviation. The label is
about the place the item is shown in, so it stays honest when the facilitator moves an item:
  * fewer than two people placed it: no label (one view is not agreement);
  * "most": more than half put it in the place it is shown;
  * "elsewhere": more than half put it in one other place (e.g. the facilitator moved it);
  * "split": views pull both ways: at least a quarter at each end of the scale;
  * "differ": anything else (no majority anywhere, but no two camps either).
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable

CODES = ("most", "elsewhere", "split", "differ")
WORDS = {"most": "Most agree", "elsewhere": "Most put it elsewhere", "split": "Split", "differ": "Views differ"}


def agreement(places: list[Hashable], shown: Hashable, ends: Iterable[tuple[int, int]]) -> str | None:
    """`places`: where each person put the item; `shown`: where it is shown; `ends`: for each
    scale, (how many at its low end, how many at its high end)."""
    n = len(places)
    if n < 2:
        return None
    counts = Counter(places)
    if counts[shown] * 2 > n:
        return "most"
    if any(c * 2 > n for p, c in counts.items() if p != shown):
        return "elsewhere"
    if any(low * 4 >= n and high * 4 >= n and low and high for low, high in ends):
        return "split"
    return "differ"
