"""The three support levels of an agreed action (labels of the SPP format), and progress words."""
from __future__ import annotations

from ..tools.action_plan import SUPPORT_LEVELS  # the action plan tool owns the labels

__all__ = ["SUPPORT_LEVELS", "STATUSES", "RAGS", "support_label"]

STATUSES = {"not_started": "Not started", "in_progress": "In progress", "done": "Done", "dropped": "Dropped"}
RAGS = {"red": "Red", "amber": "Amber", "green": "Green"}


def support_label(letter: str) -> str:
    """'b' -> 'b. Within the partnership'; '' -> ''."""
    return f"{letter}. {SUPPORT_LEVELS[letter]}" if letter in SUPPORT_LEVELS else ""
