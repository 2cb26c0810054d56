"""The peer review before the workshop: the Review Findings template's content, and the words the
programme uses for the review's dimensions, the ways an action can be addressed and the 90-day
check-in. Pure: no Flask or database.

``Workshop.review`` holds a dict with the keys of FIELDS (texts, "" when not given), ``start`` and
``end`` (ISO dates or ""), and ``dimensions`` (keys of DIMENSIONS). The host school and the ICs are
the workshop's own ``school`` and ``ics``.
"""
from __future__ import annotations

from datetime import date, timedelta

# The four dimensions of the SPP framework, as the template names them.
DIMENSIONS = {"impact": "Our Impact", "forward": "Looking Forward", "inward": "Looking Inward",
              "outward": "Looking Outward"}

# Text fields of the Review Findings template: key -> (label as the template words it, limit).
FIELDS = {
    "team": ("Review team", 300),
    "lead_reviewer": ("Lead reviewer", 120),
    "ics_school": ("The ICs' school", 200),
    "themes": ("Theme(s)", 300),
    "questions": ("What were our specific enquiry questions?", 4000),
    "evidence": ("What evidence did we gather?", 4000),
    "found": ("What we found…", 12000),
    "celebrate": ("What we celebrate and want to share…", 4000),
    "recommend": ("What we recommend for further development and a possible enquiry focus for the "
                  "improvement workshop…", 4000),
}

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
HOW_OTHER_LIMIT = 200
SUCCESS_LIMIT = 500
TERMS_LIMIT = 1000

# The 90-day check-in: about 90 days after the review's last day, led by the lead reviewer.
CHECKIN_DAYS = 90
CHECKIN_FORMATS = {"visit": "A visit", "call": "A call", "meeting": "A meeting"}

# The handbook's timing: the workshop about one to two weeks after the review.
WORKSHOP_AFTER_REVIEW_DAYS = (7, 14)
TIMING_SLACK_DAYS = 3  # "about": a few days either side is no cause for a warning


def empty() -> dict:
    return {**{key: "" for key in FIELDS}, "start": "", "end": "", "dimensions": []}


def of(workshop) -> dict:
    """The workshop's review findings with every key present."""
    return {**empty(), **(workshop.review or {})}


def _day(value: str) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def last_day(review: dict) -> date | None:
    """The review's last day (its end, or its only day)."""
    return _day(review.get("end") or "") or _day(review.get("start") or "")


def checkin_due(review: dict, workshop_date: date | None) -> date | None:
    """About 90 days after the review's last day; without review dates, 90 days after the workshop."""
    base = last_day(review) or workshop_date
    return base + timedelta(days=CHECKIN_DAYS) if base else None


def how_labels(keys: list[str], other: str = "") -> list[str]:
    labels = [HOW[k][1] for k in keys if k in HOW]
    return labels + ([other] if other else [])


# --- how an action is framed: checked the same way by the action plan tool and the record's form ---

def how_groups() -> list[dict]:
    """The HOW menu as forms show it: the ways within school (a), then within or between
    partnerships (b); anything else is written as the other way."""
    titles = {"a": "Within school", "b": "Within or between partnerships"}
    return [{"level": level, "label": title,
             "ways": [{"id": k, "label": label} for k, (lvl, label) in HOW.items() if lvl == level]}
            for level, title in titles.items()]


FRAMING = {"how_other": ("The other way it will be addressed", HOW_OTHER_LIMIT),
           "success": ("The success measure", SUCCESS_LIMIT),
           "terms": ("The terms of engagement", TERMS_LIMIT)}
FRAMING_KEYS = ("how", *FRAMING)


def _refuse(code: str, message: str):
    # Imported here: the tools package imports this module (the action plan reads the limits).
    from .tools.base import ToolError
    raise ToolError(code, message)


def clean_how(value) -> list[str]:
    """Ways from the HOW menu, in the menu's order (so a form's ticks and the tool's list compare
    equal), duplicates folded; None is none. Refuses anything not on the menu, naming it."""
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(k, str) for k in value):
        _refuse("bad_request", "How it will be addressed must be a list of ways from the menu.")
    unknown = [k for k in dict.fromkeys(value) if k not in HOW]
    if unknown:
        _refuse("bad_request", f"How it will be addressed: {', '.join(unknown)[:80]} is not on the menu "
                               f"(choose from {', '.join(HOW)}; write anything else as the other way).")
    return [k for k in HOW if k in value]


def clean_framing_text(key: str, value) -> str:
    """how_other, success or terms: one line of text (runs of spaces folded), "" when not given."""
    what, limit = FRAMING[key]
    if value is None:
        return ""
    if not isinstance(value, str):
        _refuse("bad_request", f"{what} must be text.")
    value = " ".join(value.split())
    if len(value) > limit:
        _refuse("too_long", f"{what} can be at most {limit} characters.")
    return value


def clean_framing(source: dict) -> dict:
    """The framing fields present in ``source`` (how, how_other, success, terms), checked."""
    return {key: clean_how(source[key]) if key == "how" else clean_framing_text(key, source[key])
            for key in FRAMING_KEYS if key in source}
