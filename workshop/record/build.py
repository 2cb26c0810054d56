"""The summary of the improvement workshop and agreed actions, as one plain object.

``build(session, workshop_id)`` reads the workshop, prefills each part from its activities and
lays the facilitator's edits (``Workshop.record``) over them; the renderers only read a Record.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .. import review as reviews
from ..models import ActionUpdate, Participant, Workshop
from . import attendance, pictures, prefill
from .edits import LISTS
from .levels import RAGS, STATUSES, support_label


class NotFound(LookupError):
    pass


def nice_date(day: date | None) -> str:
    return f"{day.day} {day:%B %Y}" if day else ""


@dataclass
class Update:
    status: str
    rag: str
    note: str
    by: str
    via: str
    at: datetime

    @property
    def status_label(self) -> str:
        return STATUSES.get(self.status, self.status)

    @property
    def rag_label(self) -> str:
        return RAGS.get(self.rag, "Not rated")


FIELDS = ("id", "text", "when", "who", "support", "comments", "how", "how_other", "success", "terms")


@dataclass
class Action:
    id: str
    text: str
    when: str
    who: str
    support: str
    comments: str
    how: list[str] = field(default_factory=list)  # keys of review.HOW: how it will be addressed
    how_other: str = ""  # another way (outside the partnership, or not on the menu), free text
    success: str = ""  # what will show it worked
    terms: str = ""  # partnership support: terms of engagement (who, protocols, practicalities)
    updates: list[Update] = field(default_factory=list)  # newest first

    @property
    def how_labels(self) -> list[str]:
        return reviews.how_labels(self.how, self.how_other)

    @property
    def support_label(self) -> str:
        return support_label(self.support)

    @property
    def when_label(self) -> str:
        try:
            return nice_date(date.fromisoformat(self.when))
        except ValueError:
            return self.when

    @property
    def latest(self) -> Update | None:
        return self.updates[0] if self.updates else None

    @property
    def status_label(self) -> str:
        return self.latest.status_label if self.latest else "No update yet"

    @property
    def rag(self) -> str:
        return self.latest.rag if self.latest else ""

    @property
    def rag_label(self) -> str:
        return self.latest.rag_label if self.latest else "Not rated"

    def fields(self) -> dict:
        return {k: getattr(self, k) for k in FIELDS}


@dataclass
class Record:
    workshop_id: int
    school: str
    date: date | None
    ics: str
    attendees: int
    focus: list[str]
    outcomes: list[str]
    actions: list[Action]
    reporting: list[str]
    follow_up: list[str]
    checkin: date | None
    experience: list[str]
    well: list[str]
    change: list[str]
    review: dict = field(default_factory=reviews.empty)  # the Review Findings (review.of)
    checkin_format: str = ""  # a key of review.CHECKIN_FORMATS, "" not yet agreed
    staff_meeting: dict = field(default_factory=dict)  # the ICs' invitation: {"date": iso or "", "note"}
    people: attendance.Attendance = field(default_factory=attendance.Attendance)  # who came, by name
    pictures: list[dict] = field(default_factory=list)  # the activities' diagrams (record.pictures)
    edited: set[str] = field(default_factory=set)   # the parts the facilitator changed
    prefilled: dict = field(default_factory=dict)   # what the activities alone would give

    TITLE = "Summary of improvement workshop and agreed actions"

    @property
    def date_label(self) -> str:
        return nice_date(self.date) or "Date to be set"

    @property
    def checkin_label(self) -> str:
        return nice_date(self.checkin) or "To be agreed"

    @property
    def checkin_format_label(self) -> str:
        return reviews.CHECKIN_FORMATS.get(self.checkin_format, "")

    @property
    def lead_reviewer(self) -> str:
        return self.review.get("lead_reviewer") or ""

    @property
    def has_progress(self) -> bool:
        return any(a.updates for a in self.actions)

    def action(self, key: str) -> Action | None:
        return next((a for a in self.actions if a.id == key), None)


def attendees_of(session: Session, workshop_id: int) -> int:
    """People present: a table (one phone for several people) counts its head count."""
    return int(session.scalar(select(func.coalesce(func.sum(Participant.head_count), 0)).where(
        Participant.workshop_id == workshop_id, Participant.removed.is_(False))) or 0)


def updates_of(session: Session, workshop_id: int) -> dict[str, list[Update]]:
    found: dict[str, list[Update]] = {}
    for row in session.scalars(select(ActionUpdate).where(ActionUpdate.workshop_id == workshop_id)
                               .order_by(ActionUpdate.created_at.desc(), ActionUpdate.id.desc())):
        found.setdefault(row.action_key, []).append(
            Update(row.status, row.rag, row.note, row.by, row.via, row.created_at))
    return found


def build(session: Session, workshop_id: int) -> Record:
    workshop = session.get(Workshop, workshop_id)
    if workshop is None:
        raise NotFound(f"There is no workshop {workshop_id}.")
    edits = workshop.record or {}
    review = prefill.review(workshop)
    findings = reviews.of(workshop)
    checkin = reviews.checkin_due(findings, workshop.date)
    planned = prefill.actions(workshop)
    # Key outcomes don't repeat the action table: the one printed, the facilitator's if edited.
    agreed = edits.get("actions", planned)
    pre = {"focus": prefill.focus(workshop), "outcomes": prefill.key_outcomes(workshop, agreed),
           "actions": planned, "attendees": attendees_of(session, workshop_id),
           "checkin": checkin.isoformat() if checkin else None, **review}
    merged = {**pre, **edits}
    progress = updates_of(session, workshop_id)
    actions = [Action(**a, updates=progress.get(a["id"], [])) for a in merged["actions"]]
    return Record(
        workshop_id=workshop.id, school=workshop.school, date=workshop.date, ics=workshop.ics or "",
        attendees=merged["attendees"], actions=actions,
        checkin=date.fromisoformat(merged["checkin"]) if merged["checkin"] else None,
        review=findings, checkin_format=merged.get("checkin_format") or "",
        staff_meeting=merged.get("staff_meeting") or {},
        people=attendance.of(session, workshop_id), pictures=pictures.of(workshop.activities),
        edited=set(edits), prefilled=pre, **{k: merged[k] for k in LISTS})
