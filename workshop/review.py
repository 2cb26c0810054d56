"""The peer review before the workshop: the Review Findings template's content, and the words the
programme uses for the review's dimensions, the ways an action can be addressed and the 90-day
check-in. Pure: no Flask or database.

``Workshop.review`` holds a dict with the keys of FIELDS (texts, "" when not given), ``start`` and
``end`` (ISO dates or ""), and ``dimensions`` (keys of DIMENSIONS). The host school and the ICs are
the workshop's own ``school`` and ``ics``.
"""
from __future__ import annotations

from datetime import date, timedelta

# How an action will be addressed (the programme's menu, by support level; c is free text) and the
# limits of the other way, the success measure and the terms: the action plan tool owns them (tools
# import nothing from the rest of the app), as it owns the support levels; tools.framing checks them.
from .tools.framing import HOW, HOW_OTHER_LIMIT, SUCCESS_LIMIT, TERMS_LIMIT  # noqa: F401

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
