"""`record.update`: the facilitator's edits of the summary record, checked field by field.

Pure: no Flask or database. ``apply_update`` returns the new stored edits (a new dict) and the
payload to log. A key set to ``null`` drops the edit, so the field is prefilled again from the
workshop's activities.
"""
from __future__ import annotations

import re
from datetime import date

from .. import review as reviews
from ..tools import framing
from ..tools.base import ToolError
from .levels import SUPPORT_LEVELS

LISTS = {"focus": "The workshop focused on", "outcomes": "The key outcomes were",
         "reporting": "Reporting back", "follow_up": "Follow-up by the ICs",
         "experience": "The experience of peer review", "well": "What we did well",
         "change": "What we would change next time"}
MAX_BULLETS = 12
BULLET_LIMIT = 300
MAX_ACTIONS = 30
ACTION_LIMITS = {"text": 300, "who": 120, "comments": 1000}
WHEN_LIMIT = 60
MAX_ATTENDEES = 2000
STAFF_MEETING_NOTE_LIMIT = 300
KEYS = {*LISTS, "actions", "checkin", "attendees", "checkin_format", "staff_meeting"}
ACTION_ID = re.compile(r"[A-Za-z0-9_-]{1,40}")
UK_DATE = re.compile(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _text(value, what: str, limit: int, required: bool) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ToolError("bad_request", f"{what} must be text.")
    value = " ".join(value.split())
    if required and not value:
        raise ToolError("empty", f"{what} can't be empty.")
    if len(value) > limit:
        raise ToolError("too_long", f"{what} can be at most {limit} characters.")
    return value


def _bullets(key: str, value) -> list[str]:
    what = f"“{LISTS[key]}…”"
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ToolError("bad_request", f"{what} must be a list of texts.")
    bullets = [b for b in (" ".join(v.split()) for v in value) if b]
    if len(bullets) > MAX_BULLETS:
        raise ToolError("limit", f"{what} can have at most {MAX_BULLETS} points.")
    for n, bullet in enumerate(bullets, 1):
        if len(bullet) > BULLET_LIMIT:
            raise ToolError("too_long", f"{what}: point {n} can be at most {BULLET_LIMIT} characters.")
    return bullets


def parse_when(value, what: str = "The deadline") -> str:
    """A deadline: a date (2027-03-31, or 31/03/2027, stored as 2027-03-31) or a short phrase."""
    text = _text(value, what, 200, required=True)
    uk = UK_DATE.fullmatch(text)
    try:
        if uk:
            return date(int(uk[3]), int(uk[2]), int(uk[1])).isoformat()
        if ISO_DATE.fullmatch(text):
            return date.fromisoformat(text).isoformat()
    except ValueError:
        raise ToolError("bad_request", f"{what}: {text} is not a real date.") from None
    if re.fullmatch(r"[\d\s/.\-]+", text):
        raise ToolError("bad_request", f"{what}: write a date as 2027-03-31 or 31/03/2027.")
    if not re.search(r"[^\W\d_]", text) or len(text) < 2:
        raise ToolError("bad_request", f"{what}: give a date or a phrase such as “by Easter”.")
    if len(text) > WHEN_LIMIT:
        raise ToolError("too_long", f"{what} can be at most {WHEN_LIMIT} characters (a date or a short phrase).")
    return text


def _actions(value, seq: int) -> list[dict]:
    if not isinstance(value, list):
        raise ToolError("bad_request", "The actions must be a list.")
    if len(value) > MAX_ACTIONS:
        raise ToolError("limit", f"The plan can have at most {MAX_ACTIONS} actions.")
    actions, seen = [], set()
    for n, raw in enumerate(value, 1):
        if not isinstance(raw, dict):
            raise ToolError("bad_request", f"Action {n} must be an object.")
        unknown = set(raw) - {"id", "text", "when", "who", "support", "comments", *framing.KEYS}
        if unknown:
            raise ToolError("bad_request", f"Action {n}: unknown field(s) {', '.join(sorted(map(str, unknown)))[:60]}.")
        action_id = raw.get("id") or f"r{seq}-{n}"
        if not isinstance(action_id, str) or not ACTION_ID.fullmatch(action_id) or action_id in seen:
            raise ToolError("bad_request", f"Action {n} has a bad or repeated id.")
        seen.add(action_id)
        support = raw.get("support")
        support = support.strip().lower() if isinstance(support, str) else support
        if support not in SUPPORT_LEVELS:
            raise ToolError("bad_request", f"Action {n}: choose its support level (a, b or c).")
        try:  # the action plan tool's own checks and words, said of this action
            framed = framing.clean({k: raw.get(k) for k in framing.KEYS})
        except ToolError as exc:
            raise ToolError(exc.code, f"Action {n}: {exc.message}") from None
        actions.append({
            "id": action_id,
            "text": _text(raw.get("text"), f"Action {n}", ACTION_LIMITS["text"], required=True),
            "when": parse_when(raw.get("when"), f"Action {n}'s timing"),
            "who": _text(raw.get("who"), f"Action {n}: who", ACTION_LIMITS["who"], required=False),
            "support": support,
            "comments": _text(raw.get("comments"), f"Action {n}'s comments", ACTION_LIMITS["comments"],
                              required=False),
            **framed,
        })
    return actions


def _checkin(value, workshop_date: date | None) -> str:
    if not isinstance(value, str) or not ISO_DATE.fullmatch(value.strip()):
        raise ToolError("bad_request", "The check-in date must look like 2027-02-24.")
    try:
        day = date.fromisoformat(value.strip())
    except ValueError:
        raise ToolError("bad_request", f"The check-in date {value} is not a real date.") from None
    if workshop_date and day < workshop_date:
        raise ToolError("bad_request", "The check-in can't be before the workshop.")
    if workshop_date and (day - workshop_date).days > 730:
        raise ToolError("bad_request", "The check-in must be within two years of the workshop.")
    return day.isoformat()


def _checkin_format(value) -> str:
    """How the 90-day check-in happens: a key of review.CHECKIN_FORMATS ("visit", "call", "meeting")."""
    if not isinstance(value, str) or value not in reviews.CHECKIN_FORMATS:
        raise ToolError("bad_request", "The check-in's format must be one of: "
                        + ", ".join(f'"{k}" ({v.lower()})' for k, v in reviews.CHECKIN_FORMATS.items()) + ".")
    return value


def _staff_meeting(value, workshop_date: date | None) -> dict | None:
    """The ICs' invitation to the staff meeting where the school presents its progress: a date (or "")
    and a short note. Neither given is no invitation (None)."""
    if not isinstance(value, dict):
        raise ToolError("bad_request", 'The staff meeting must be an object: {"date": "2027-03-10", "note": "…"}.')
    unknown = set(value) - {"date", "note"}
    if unknown:
        raise ToolError("bad_request", f"The staff meeting: unknown field(s) {', '.join(sorted(map(str, unknown)))[:60]}.")
    day = "" if value.get("date") is None else value["date"]
    if day != "":
        if not isinstance(day, str) or not ISO_DATE.fullmatch(day.strip()):
            raise ToolError("bad_request", "The staff meeting's date must look like 2027-03-10.")
        try:
            day = date.fromisoformat(day.strip()).isoformat()
        except ValueError:
            raise ToolError("bad_request", f"The staff meeting's date {day} is not a real date.") from None
        if workshop_date and day < workshop_date.isoformat():
            raise ToolError("bad_request", "The staff meeting can't be before the workshop.")
    note = _text(value.get("note"), "The note on the staff meeting", STAFF_MEETING_NOTE_LIMIT, required=False)
    return {"date": day, "note": note} if day or note else None


def apply_update(current: dict | None, payload: dict, workshop_date: date | None, seq: int) -> tuple[dict, dict]:
    """The new stored edits and the payload to log (as applied). Raises ToolError."""
    if not isinstance(payload, dict) or not payload:
        raise ToolError("bad_request", "Say what to change in the record.")
    unknown = set(payload) - KEYS
    if unknown:
        raise ToolError("bad_request", f"Unknown record field(s): {', '.join(sorted(map(str, unknown)))[:80]}.")
    edits, applied = dict(current or {}), {}
    for key, value in payload.items():
        if key == "staff_meeting" and value is not None:
            value = _staff_meeting(value, workshop_date)  # an empty invitation clears it, like null
        if value is None:
            edits.pop(key, None)
            applied[key] = None
            continue
        if key in LISTS:
            value = _bullets(key, value)
        elif key == "actions":
            value = _actions(value, seq)
        elif key == "checkin":
            value = _checkin(value, workshop_date)
        elif key == "checkin_format":
            value = _checkin_format(value)
        elif key == "attendees":
            if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_ATTENDEES:
                raise ToolError("bad_request", f"The number of attendees must be a whole number from 0 to {MAX_ATTENDEES}.")
        edits[key] = value
        applied[key] = value
    return edits, applied
