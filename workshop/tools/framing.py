"""How an agreed action is framed, as the programme asks: how it will be addressed (a menu by
support level, more than one may apply, and another way in words), what will show it worked (the
success measure) and, for partnership support, the terms of engagement (who, the protocols, the
practicalities). The action plan tool and the summary record's form check them with these same
functions, so both refuse the same things in the same words. Pure, like every tool module;
workshop.review re-exports the menu and the limits.
"""
from __future__ import annotations

from .base import ToolError, text_field

# How an action will be addressed: the programme's menu, by support level (c is free text).
HOW = {
    "mentoring": ("a", "Mentoring and coaching"),
    "t2t_school": ("a", "Teacher-to-teacher support"),
    "lesson_study": ("a", "Lesson study"),
    "learning_walks": ("a", "Learning walks through staff CPD"),
    "t2t_partnership": ("b", "Teacher-to-teacher / leader-to-leader support"),
    "jpd": ("b", "Joint practice development"),
    "teachmeet": ("b", "A TeachMeet or LeaderMeet"),
    "action_research": ("b", "Partnership action research"),
    "cpd_event": ("b", "A partnership CPD event"),
}
HOW_GROUPS = {"a": "Within school", "b": "Within or between partnerships"}
HOW_OTHER_LIMIT = 200
SUCCESS_LIMIT = 500
TERMS_LIMIT = 1000

TEXTS = {"how_other": ("The other way it will be addressed", HOW_OTHER_LIMIT),
         "success": ("The success measure", SUCCESS_LIMIT),
         "terms": ("The terms of engagement", TERMS_LIMIT)}
KEYS = ("how", *TEXTS)
EMPTY = {"how": [], "how_other": "", "success": "", "terms": ""}


def how_groups() -> list[dict]:
    """The menu as forms show it: the ways within school (a), then within or between partnerships (b)."""
    return [{"level": level, "label": title,
             "ways": [{"id": k, "label": label} for k, (lvl, label) in HOW.items() if lvl == level]}
            for level, title in HOW_GROUPS.items()]


def clean_how(value) -> list[str]:
    """Ways from the menu, in the menu's order (so a form's ticks and the tool's list compare equal),
    duplicates folded; None is none. Anything not on the menu is refused, naming it."""
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(k, str) for k in value):
        raise ToolError("bad_request", "How it will be addressed must be a list of ways from the menu.")
    unknown = [k for k in dict.fromkeys(value) if k not in HOW]
    if unknown:
        raise ToolError("bad_request", f"How it will be addressed: {', '.join(unknown)[:80]} is not on the menu "
                                       f"(choose from {', '.join(HOW)}; write anything else as the other way).")
    return [k for k in HOW if k in value]


def clean_text(key: str, value) -> str:
    """how_other, success or terms: one line of text (runs of spaces folded), "" when not given."""
    what, limit = TEXTS[key]
    return text_field({key: value}, key, limit=limit, what=what, required=False)


def clean(source: dict) -> dict:
    """The framing fields present in ``source`` (how, how_other, success, terms), checked."""
    return {key: clean_how(source[key]) if key == "how" else clean_text(key, source[key])
            for key in KEYS if key in source}


def of(action: dict) -> dict:
    """An action's framing, every key present (an action saved before framing existed has none)."""
    return {key: action.get(key, empty) for key, empty in EMPTY.items()}
