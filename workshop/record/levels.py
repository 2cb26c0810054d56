"""The three support levels of an agreed action (labels of the SPP format), and progress words."""
from __future__ import annotations

from ..tools import action_plan

# The action plan tool owns the labels; this copy only stands in until it exports them.
_FALLBACK = {"a": "Within the reviewed school", "b": "Within the partnership", "c": "Outside of the partnership"}
SUPPORT_LEVELS: dict[str, str] = dict(getattr(action_plan, "SUPPORT_LEVELS", None) or _FALLBACK)

STATUSES = {"not_started": "Not started", "in_progress": "In progress", "done": "Done", "dropped": "Dropped"}
RAGS = {"red": "Red", "amber": "Amber", "green": "Green"}


def support_label(letter: str) -> str:
    """'b' -> 'b. Within the partnership'; '' -> ''."""
    return f"{letter}. {SUPPORT_LEVELS[letter]}" if letter in SUPPORT_LEVELS else ""
