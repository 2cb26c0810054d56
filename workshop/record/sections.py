"""The record's parts in print order, with their headings: one list every renderer follows.

Page one is the programme's "Summary of improvement workshop and agreed actions" template, filled:
its headings, its three support levels and its four columns, worded exactly as the template words
them. Everything else (the review, how each action will be addressed, follow-up, who came and the
activities' diagrams) is the appendix, as plain blocks each renderer draws in order.
"""
from __future__ import annotations

from datetime import date

from .. import review as reviews
from . import drawing, pictures
from .build import Record, nice_date

DATE_LABEL = "Date of workshop"
FOCUS = "The workshop focused on…"
OUTCOMES = "The key outcomes were…"
# Our own words for the template's note on where support can come from (the groups follow).
LEAD_IN = ("Help to deliver an action can come from three places. Each agreed action is listed under the "
           "one it will draw on:")
LEVELS = {"a": "a. within the reviewed school itself", "b": "b. within the partnership",
          "c": "c. outside of the partnership"}
NO_LEVEL = "Support level not yet agreed"
ACTION_HEADINGS = ("Action agreed", "Timings and deadlines (be specific where possible)",
                   "Who will deliver this action?", "Comments")
PROGRESS_HEADINGS = ("Status", "Progress (RAG)", "Updates, newest first")
# A spreadsheet has no group rows: the level, and the appendix's details, are columns.
SHEET_HEADINGS = ACTION_HEADINGS + ("Support level", "How it will be addressed", "Success measure",
                                    "Terms of engagement")
REVIEW = (("experience", "How was the experience of peer review?"), ("well", "What did we do well?"),
          ("change", "What would we change next time?"))
NONE_YET = "None recorded."
NOT_GIVEN = "—"
APPENDIX = "Appendix"


def groups(record: Record) -> list[tuple[str, list]]:
    """The actions under their support level's heading, in the template's order (a, b, c always
    shown, as on the template); actions without a level last, under their own heading."""
    found = [(heading, [a for a in record.actions if a.support == key]) for key, heading in LEVELS.items()]
    loose = [a for a in record.actions if a.support not in LEVELS]
    return found + ([(NO_LEVEL, loose)] if loose else [])


def action_row(action) -> list[str]:
    return [action.text, action.when_label, action.who, action.comments]


def sheet_row(action) -> list[str]:
    return action_row(action) + [action.support_label, "; ".join(action.how_labels), action.success, action.terms]


def update_line(update) -> str:
    who = f" ({update.by})" if update.by else ""
    rag = f", {update.rag_label.lower()}" if update.rag else ""
    text = f"{update.at:%-d %b %Y}{who}: {update.status_label.lower()}{rag}"
    return f"{text}. {update.note}" if update.note else f"{text}."


def progress_row(action) -> list[str]:
    return [action.status_label, action.rag_label if action.rag else "",
            "\n".join(update_line(u) for u in action.updates)]


def follow_up_lines(record: Record) -> list[tuple[str, list[str]]]:
    return [("How the outcomes will be reported back", record.reporting),
            ("How the Improvement Champions will follow up", record.follow_up)]


# --- the appendix -----------------------------------------------------------------------------

def _day(value: str) -> str:
    try:
        return nice_date(date.fromisoformat(value)) if value else ""
    except ValueError:
        return value


def review_dates(review: dict) -> str:
    start, end = _day(review.get("start") or ""), _day(review.get("end") or "")
    if start and end and start != end:
        return f"{start} to {end}"
    return start or end or NOT_GIVEN


def review_details(record: Record) -> list[tuple[str, str]]:
    r = record.review
    label = {key: reviews.FIELDS[key][0] for key in ("team", "lead_reviewer", "ics_school", "themes")}
    dimensions = ", ".join(reviews.DIMENSIONS[d] for d in r.get("dimensions") or [] if d in reviews.DIMENSIONS)
    return [("Review date(s)", review_dates(r)), (label["team"], r.get("team") or NOT_GIVEN),
            (label["lead_reviewer"], r.get("lead_reviewer") or NOT_GIVEN), ("Host school", record.school),
            ("ICs", record.ics or NOT_GIVEN), (label["ics_school"], r.get("ics_school") or NOT_GIVEN),
            ("Dimension(s)", dimensions or NOT_GIVEN), (label["themes"], r.get("themes") or NOT_GIVEN)]


HOW_HEADINGS = ("Action agreed", "How it will be addressed", "Success measure", "Terms of engagement")


def how_rows(record: Record) -> list[list[str]]:
    return [[a.text, "; ".join(a.how_labels) or NOT_GIVEN, a.success or NOT_GIVEN, a.terms or NOT_GIVEN]
            for a in record.actions]


def checkin_details(record: Record) -> list[tuple[str, str]]:
    meeting = record.staff_meeting or {}
    invitation = "; ".join(part for part in (_day(meeting.get("date") or ""), meeting.get("note") or "") if part)
    lead = f"{record.lead_reviewer} (lead reviewer)" if record.lead_reviewer else "The lead reviewer"
    return [("90-day check-in", record.checkin_label), ("Format", record.checkin_format_label or "To be agreed"),
            ("Led by", lead), ("Staff meeting invitation", invitation or "Not yet arranged")]


def attendees_text(record: Record) -> list[str]:
    people = record.people
    lines = [f"People present: {record.attendees}."]
    if people.names:
        lines.append("Named: " + ", ".join(people.names) + ".")
    if people.anonymous_label:
        lines.append(people.anonymous_label)
    return lines


def appendix(record: Record) -> list[tuple]:
    """The appendix as blocks, in order: ("heading", text, level 1-3), ("pairs", [(label, value)]),
    ("bullets", [text]), ("text", text), ("table", headings, rows), ("picture", picture data)."""
    blocks: list[tuple] = [("heading", APPENDIX, 1), ("heading", "The peer review", 2),
                           ("pairs", review_details(record)),
                           ("heading", "How each action will be addressed", 2)]
    blocks.append(("table", HOW_HEADINGS, how_rows(record)) if record.actions else ("text", NONE_YET))
    blocks.append(("heading", "Reporting back and follow-up", 2))
    for label, items in follow_up_lines(record):
        blocks += [("heading", label, 3), ("bullets", items)]
    blocks += [("heading", "The 90-day check-in and the staff meeting", 2), ("pairs", checkin_details(record)),
               ("heading", "Reviewing the experience", 2)]
    for key, question in REVIEW:
        blocks += [("heading", question, 3), ("bullets", getattr(record, key))]
    blocks += [("heading", "Attendees", 2), *[("text", line) for line in attendees_text(record)]]
    if record.pictures:
        blocks.append(("heading", "What the activities showed", 2))
        for picture in record.pictures:
            blocks.append(("picture", picture))
    return blocks


def picture_svg(picture: dict) -> str:
    """The HTML record's picture: the same layout as the PDF's, as inline SVG (texts escaped)."""
    return drawing.to_svg(pictures.draw(picture), f"{picture['title']}: {pictures.caption(picture)}")


def filename(record: Record, ext: str, checkin: bool = False) -> str:
    school = "".join(ch if ch.isalnum() else "-" for ch in record.school.lower()).strip("-")
    while "--" in school:
        school = school.replace("--", "-")
    kind = "90-day-check-in" if checkin else "workshop-summary"
    when = record.date.isoformat() if record.date else "undated"
    return f"{school[:40] or 'workshop'}-{kind}-{when}.{ext}"
