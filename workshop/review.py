"""The peer review before the workshop: the Review Findings template's content, and the words the
programme uses for the review's dimensions, the ways an action can be addressed and the 90-day
check-in. Pure: no Flask or database.

``Workshop.review`` holds a dict with the keys of FIELDS (texts, "" when not given), ``start`` and
``end`` (ISO dates or ""), and ``dimensions`` (keys of DIMENSIONS). The host school and the ICs are
the workshop's own ``school`` and ``ics``.
"""
from __future__ import annotations

import re
from datetime import date, timedelta

from .tools.base import ToolError

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


# --- checking a review (the engine's workshop.update, the forms, a backup) ---------------------

_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")


def clean(value) -> dict:
    """A review as stored: every key present, texts trimmed, dates real ISO days in order,
    dimensions known. Raises ToolError with a message for whoever sent it."""
    if not isinstance(value, dict):
        raise ToolError("bad_request", "The review must be an object of its fields.")
    unknown = set(value) - {*FIELDS, "start", "end", "dimensions"}
    if unknown:
        raise ToolError("bad_request", f"Unknown review field(s): {', '.join(sorted(map(str, unknown)))}.")
    out = empty()
    for key, (label, limit) in FIELDS.items():
        text = value.get(key, "")
        if not isinstance(text, str):
            raise ToolError("bad_request", f"{label} must be text.")
        text = text.strip()
        if len(text) > limit:
            raise ToolError("too_long", f"{label.rstrip('…?')} can be at most {limit} characters "
                                        f"(it has {len(text)}).")
        out[key] = text
    days = {}
    for key, name in (("start", "first"), ("end", "last")):
        raw = value.get(key, "")
        if not isinstance(raw, str):
            raise ToolError("bad_request", f"The review's {name} day must be text like 2027-03-12.")
        raw = raw.strip()
        if raw and not (_ISO.fullmatch(raw) and _day(raw)):
            raise ToolError("bad_request", f"The review's {name} day must be a real date like 2027-03-12 "
                                           f"(not {raw[:30]!r}).")
        days[key] = _day(raw)
    if days["end"] and not days["start"]:
        raise ToolError("bad_request", "Give the review's first day too (a one-day review has only a first day).")
    if days["end"] and days["end"] < days["start"]:
        raise ToolError("bad_request", "The review's last day is before its first day.")
    out["start"] = days["start"].isoformat() if days["start"] else ""
    out["end"] = days["end"].isoformat() if days["end"] and days["end"] != days["start"] else ""
    dimensions = value.get("dimensions", [])
    if not isinstance(dimensions, list) or not all(isinstance(d, str) for d in dimensions):
        raise ToolError("bad_request", "The review's dimensions must be a list of names.")
    strange = [d for d in dimensions if d not in DIMENSIONS]
    if strange:
        raise ToolError("bad_request", f"Unknown dimension(s): {', '.join(s[:30] for s in strange)} "
                                       f"(known: {', '.join(DIMENSIONS)}).")
    out["dimensions"] = [d for d in DIMENSIONS if d in dimensions]  # the template's order, once each
    return out


# --- the handbook's timing, as gentle warnings --------------------------------------------------

def _school_name(name: str) -> str:
    """A school's name compared loosely: case, punctuation, "The", "and"/"&", a School/Academy suffix."""
    name = re.sub(r"['’‘`]", "", (name or "").lower().replace("&", " and "))  # St Mary's = St Marys
    words = re.sub(r"[^\w\s]", " ", name).split()
    if words[:1] == ["the"]:
        words = words[1:]
    if words[-1:] in (["school"], ["academy"]):
        words = words[:-1]
    return " ".join(words)


def _when(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def warnings(school: str, workshop_date: date | None, review: dict | None) -> list[str]:
    """Plain sentences about the timing and the ICs' school; advice, never a reason to refuse."""
    review = {**empty(), **(review or {})}
    out = []
    last = last_day(review)
    if workshop_date and last:
        gap = (workshop_date - last).days
        early = WORKSHOP_AFTER_REVIEW_DAYS[0] - TIMING_SLACK_DAYS
        late = WORKSHOP_AFTER_REVIEW_DAYS[1] + TIMING_SLACK_DAYS
        if gap < 0:
            out.append(f"The workshop ({_when(workshop_date)}) is before the review has finished "
                       f"(its last day is {_when(last)}): the findings it works on are not written yet.")
        elif gap < early:
            out.append(f"The workshop is {gap} day{'s' * (gap != 1)} after the review's last day. The programme "
                       f"plans it about one to two weeks after, which leaves time to write up and share the findings.")
        elif gap > late:
            out.append(f"The workshop is {gap} days after the review's last day. The programme plans it about one "
                       "to two weeks after, while the findings are fresh for the staff.")
    ics_school = _school_name(review.get("ics_school") or "")
    if ics_school and ics_school == _school_name(school):
        out.append("The ICs' school is the host school. The ICs who run the workshop usually come from "
                   "another school in the partnership: check who is facilitating.")
    return out


# --- pasting the whole Review Findings document -----------------------------------------------

# The template's headings, as people write them (the template's own words first); key -> variants.
# "school", "ics", "dates" and "focus" are the workshop's own details or are parsed further.
HEADINGS = {
    "school": ["Host school"],
    "dates": ["Review dates", "Review date(s)", "Review date"],
    "team": ["Review team"],
    "lead_reviewer": ["Lead reviewer"],
    "ics_school": ["The ICs' school", "ICs' school", "ICs school"],
    "ics": ["ICs", "Improvement Champions"],
    "themes": ["Theme(s)", "Themes", "Theme"],
    "dimensions": ["Dimension(s)", "Dimensions", "Dimension"],
    "focus": ["Focus for enquiry", "Enquiry focus"],
    "questions": [FIELDS["questions"][0], "What are the specific enquiry questions?", "Enquiry questions"],
    "evidence": [FIELDS["evidence"][0], "What are the likely sources of evidence?", "Evidence gathered"],
    "found": [FIELDS["found"][0]],
    "celebrate": [FIELDS["celebrate"][0], "What we celebrate"],
    "recommend": [FIELDS["recommend"][0], "What we recommend"],
}
_SHORT = {"school", "dates", "team", "lead_reviewer", "ics_school", "ics", "themes", "focus"}
_BULLET = r"(?:[•◦▪‣●*o\-–]\s+)"
_TICK = "√✔✓☑✅"


def _pattern(variant: str) -> str:
    """A heading's words, tolerant of case, spacing, "…" written as dots and curly apostrophes;
    its own closing "?", ":" or "…" is left to the separator."""
    core = variant.rstrip("…?:. ")
    out = ""
    for ch in core:
        out += r"\s+" if ch == " " else "['’‘`]?" if ch == "'" else re.escape(ch)
    return out


_SEP = r"(?P<sep>(?:\s*(?::|\?|…|\.{2,}))*)"  # what closes a heading: ":", "?", "…" or dots
# Longest first, so "The ICs' school" is tried before "ICs".
_HEADINGS = sorted(((key, re.compile(rf"^\s*{_BULLET}?{_pattern(v)}{_SEP}\s*(?P<rest>.*)$", re.I))
                    for key, variants in HEADINGS.items() for v in variants), key=lambda kv: -len(kv[1].pattern))
_DIMENSION_LINE = {
    key: re.compile(rf"^\s*{_BULLET}?[{_TICK}]?\s*{_pattern(label)}\s*[:\-]?\s*(?P<tick>[{_TICK}]|\b[xX]\b)?\s*$", re.I)
    for key, label in DIMENSIONS.items()}
_LONE_TICK = re.compile(rf"^\s*[{_TICK}xX]\s*$")
_TITLE = re.compile(r"^\s*(?:example\s+completed\s+)?(?:peer\s+)?review\s+findings(?:\s+template)?\s*(?:\(.*\))?\s*$",
                    re.I)


def _heading(line: str) -> tuple[str, str] | None:
    """(key, the rest of the line) when the line starts with a heading: its words then ":", "?",
    "…" or the end of the line (so "ICs are…" is not the ICs' heading)."""
    for key, pattern in _HEADINGS:
        m = pattern.match(line)
        if m and (m.group("sep") or not m.group("rest")):
            return key, m.group("rest").strip()
    return None


def _tidy(lines: list[str]) -> str:
    """A long box's text: bullets written "- ", at most one blank line between paragraphs."""
    out: list[str] = []
    for line in lines:
        line = line.rstrip()
        bullet = re.match(rf"^\s*{_BULLET}(.*)$", line)
        line = f"- {bullet.group(1).strip()}" if bullet else line.strip()
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()


def _short(lines: list[str]) -> str:
    items = [re.sub(rf"^\s*{_BULLET}", "", line).strip() for line in lines]
    return ", ".join(" ".join(item.split()) for item in items if item)


MONTHS = {m: n for n, m in enumerate(["january", "february", "march", "april", "may", "june", "july", "august",
                                      "september", "october", "november", "december"], 1)}
_MONTH = r"([A-Za-z]{3,9})\.?"
_D = r"\b(\d{1,2})(?:st|nd|rd|th)?"
_TO = r"\s*(?:-|–|—|to|until|and|&)\s*"


def _month(name: str) -> int | None:
    name = name.lower()
    return next((n for full, n in MONTHS.items() if full.startswith(name) and len(name) >= 3), None)


def _date(y: str, m: int | None, d: str) -> date | None:
    try:
        return date(int(y), m, int(d)) if m else None
    except ValueError:
        return None


_WEEKDAY = re.compile(r"\b(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\b\.?,?", re.I)
_SAME_MONTH = re.compile(rf"{_D}{_TO}{_D}\s+{_MONTH},?\s+(\d{{4}})")  # 12-14 March 2027
_TWO_MONTHS = re.compile(rf"{_D}\s+{_MONTH}{_TO}{_D}\s+{_MONTH},?\s+(\d{{4}})")  # 30 March - 2 April 2027
_ONE_DAY = re.compile(rf"{_D}\s+{_MONTH},?\s+(\d{{4}})"  # 12 March 2027
                      r"|(\d{1,2})/(\d{1,2})/(\d{4})"  # 12/03/2027, the day first as in the UK
                      r"|(\d{4})-(\d{2})-(\d{2})")  # 2027-03-12


def _one_day(g: re.Match) -> date | None:
    if g[1]:
        return _date(g[3], _month(g[2]), g[1])
    day, month, year = (g[4], g[5], g[6]) if g[4] else (g[9], g[8], g[7])
    return _date(year, int(month) if 1 <= int(month) <= 12 else None, day)


def parse_dates(text: str) -> tuple[str, str]:
    """The review's first and last day as ISO dates from "12-14 March 2027", "30 March - 2 April
    2027", "12 March 2027", "12/03/2027" (day first) or "2027-03-12", weekdays ignored; ("", "")
    when any date named does not parse (the person then gives the days)."""
    text = _WEEKDAY.sub(" ", text or "")
    if m := _SAME_MONTH.search(text):
        found = [_date(m[4], _month(m[3]), m[1]), _date(m[4], _month(m[3]), m[2])]
    elif m := _TWO_MONTHS.search(text):
        found = [_date(m[5], _month(m[2]), m[1]), _date(m[5], _month(m[4]), m[3])]
    else:
        found = [_one_day(g) for g in _ONE_DAY.finditer(text)]
    if not found or None in found:
        return "", ""
    first, last = min(found), max(found)
    return first.isoformat(), (last.isoformat() if last != first else "")


def _join_dimension_names(lines: list[str]) -> list[str]:
    """A PDF copied as text breaks "Looking Forward" over two lines: put them back together."""
    out: list[str] = []
    for line in lines:
        if out and " ".join(f"{out[-1]} {line}".lower().split()) in {d.lower() for d in DIMENSIONS.values()}:
            out[-1] = f"{out[-1].strip()} {line.strip()}"
        else:
            out.append(line)
    return out


def parse_pasted(text: str) -> tuple[dict, str]:
    """Split a pasted Review Findings document by the template's headings.

    Returns (fields, leftover): fields has the keys found among "school", "ics", "focus" (the
    workshop's details), "start", "end", "dimensions" and FIELDS' keys; leftover is the text that
    sat under no heading (or a review date that did not parse), for the person to place by hand."""
    sections: dict[str, list[str]] = {}
    leftover: list[str] = []
    current: str | None = None
    ticked: list[str] = []
    untick: str | None = None  # the last dimension named without a tick: a tick alone on a later line is its
    # (a PDF copied as text puts the template's tick boxes after their labels, often past a heading)
    # One space for each run of spaces, tabs and no-break spaces (Word pastes them): headings match
    # however they were spaced, and no pattern has long runs to backtrack over.
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    lines = [re.sub(r"[^\S\n]+", " ", line) for line in text.split("\n")]
    for line in _join_dimension_names(lines):
        if not line.strip():
            if current in _SHORT and sections[current]:
                current = None  # a short field ends at a blank line
            (sections[current] if current else leftover).append("")
            continue
        if untick and _LONE_TICK.match(line):
            ticked.append(untick)
            untick = None
            continue
        dimension = next(((k, m) for k, p in _DIMENSION_LINE.items() if (m := p.match(line))), None)
        if dimension:
            key, m = dimension
            if m.group("tick") or re.match(rf"^\s*[{_TICK}]", line):
                ticked.append(key)
                untick = None
            else:
                untick = key
            continue
        if _LONE_TICK.match(line):
            continue  # a tick that belongs to no dimension
        if _TITLE.match(line):
            continue
        heading = _heading(line)
        if heading:
            current, rest = heading
            sections.setdefault(current, [])
            if rest:
                sections[current].append(rest)
                if current in _SHORT:  # "Lead reviewer: Ana Costa": the line is the whole field
                    current = None
            continue
        (sections[current] if current else leftover).append(line)

    fields: dict = {}
    unplaced = _tidy(leftover)
    for key, lines in sections.items():
        if key == "dimensions":
            rest = []
            for line in lines:
                named = [k for k, label in DIMENSIONS.items() if label.lower() in " ".join(line.lower().split())]
                ticked += named
                if not named and line.strip():
                    rest.append(line)
            if rest:
                unplaced = "\n".join(filter(None, [unplaced, "Dimension(s): " + _short(rest)]))
        elif key == "dates":
            value = _short(lines)
            fields["start"], fields["end"] = parse_dates(value)
            if value and not fields["start"]:
                unplaced = "\n".join(filter(None, [unplaced, f"Review date: {value}"]))
        elif key in _SHORT:
            fields[key] = _short(lines)
        else:
            fields[key] = _tidy(lines)
    if ticked:
        fields["dimensions"] = [k for k in DIMENSIONS if k in ticked]
    return fields, unplaced


# --- the workshop prepared from the review ---------------------------------------------------

def _cut(text: str, limit: int) -> str:
    """At most `limit` characters, cut at a word with "…" when it must be cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _items(text: str) -> list[str]:
    """A box's points: its bullets (with the lines that continue them), else its paragraphs,
    else its lines."""
    lines = (text or "").replace("\r\n", "\n").split("\n")
    bullets = [line for line in lines if re.match(rf"^\s*{_BULLET}", line)]
    items: list[str] = []
    if bullets:
        for line in lines:
            bullet = re.match(rf"^\s*{_BULLET}(.*)$", line)
            if bullet:
                items.append(bullet.group(1))
            elif line.strip() and items:
                items[-1] += " " + line.strip()
            elif line.strip():
                items.append(line)
    else:
        paragraphs = [p for p in re.split(r"\n[^\S\n]*\n", "\n".join(lines)) if p.strip()]
        items = paragraphs if len(paragraphs) > 1 else [line for line in lines if line.strip()]
    return [" ".join(item.split()) for item in items if item.strip()]


KEY_MESSAGE_LIMIT = 280  # a response round's key message


def key_messages(review: dict | None, limit: int = 12) -> list[str]:
    """The review's key messages from "What we found…": one a point, each cut to 280 characters."""
    return [_cut(item, KEY_MESSAGE_LIMIT) for item in _items((review or {}).get("found", ""))][:limit]


FOCUS_LIMIT = 200  # the workshop's problem statement is one sentence


def focus(review: dict | None) -> str:
    """The recommended enquiry focus: a "Focus for enquiry:" line in the recommendations, else
    their first point; its first sentence, at most 200 characters."""
    text = (review or {}).get("recommend", "")
    m = re.search(r"^[^\S\n]*(?:focus\s+for\s+enquiry|enquiry\s+focus)[^\S\n]*:[^\S\n]*(.+)$", text, re.I | re.M)
    items = [m.group(1)] if m else _items(text)
    if not items:
        return ""
    sentence = re.split(r"(?<=[.?!])\s+", items[0].strip(), maxsplit=1)[0]
    return _cut(sentence, FOCUS_LIMIT)
