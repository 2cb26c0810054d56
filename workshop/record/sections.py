"""The record's parts in print order, with their headings: one list every renderer follows."""
from __future__ import annotations

from .build import Record
from .levels import SUPPORT_LEVELS, support_label

ACTION_HEADINGS = ("Action agreed", "Timings and deadlines", "Who will deliver this action?", "Support level",
                   "Comments")
PROGRESS_HEADINGS = ("Status", "Progress (RAG)", "Updates, newest first")
REVIEW = (("experience", "How was the experience of peer review?"), ("well", "What did we do well?"),
          ("change", "What would we change next time?"))
NONE_YET = "None recorded."


def details(record: Record) -> list[tuple[str, str]]:
    return [("Date of workshop", record.date_label), ("Host school", record.school),
            ("Improvement Champions", record.ics or "—"), ("Attendees", str(record.attendees))]


def support_key() -> str:
    return "Support levels: " + " · ".join(support_label(k) for k in SUPPORT_LEVELS)


def action_row(action) -> list[str]:
    return [action.text, action.when_label, action.who, action.support_label, action.comments]


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


def filename(record: Record, ext: str, checkin: bool = False) -> str:
    school = "".join(ch if ch.isalnum() else "-" for ch in record.school.lower()).strip("-")
    while "--" in school:
        school = school.replace("--", "-")
    kind = "90-day-check-in" if checkin else "workshop-summary"
    when = record.date.isoformat() if record.date else "undated"
    return f"{school[:40] or 'workshop'}-{kind}-{when}.{ext}"
