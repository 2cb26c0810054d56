"""Partnerships: who sees one, and its schools' asks (agreed actions at level b) with their offers.

Nothing crosses from a workshop to its partnership but the school's name, its agreed actions and
their follow-up (progress, check-in date): never cards, responses or participant names. Everything
here reads the record (record.build), which already holds only that.

An ask's status is derived, never stored: "asked" (no offer yet) -> "offered" (a partner school
offered) -> "agreed" (a lead or IC agreed an offer) -> "done" (the action's latest progress is done).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import Offer, Partnership, PartnershipMember, PartnerSchool, Workshop
from .record import build
from .record.build import Action

PARTNERSHIP_LEVEL = "b"
STATUSES = {"asked": "Asked", "offered": "Offered", "agreed": "Agreed", "done": "Done"}
ROLES = {"lead": "Partnership lead", "ic": "Improvement Champion"}


class NotFound(LookupError):
    """No such partnership, or not one this user may see (the same answer: ids can't be probed)."""


def member_role(session: Session, partnership_id: int, user_id: int) -> str | None:
    """"lead", "ic", or None (not a member)."""
    member = session.get(PartnershipMember, (partnership_id, user_id))
    return member.role if member else None


def visible_to(session: Session, user_id: int) -> list[Partnership]:
    return list(session.scalars(select(Partnership).join(PartnershipMember).where(
        PartnershipMember.user_id == user_id).order_by(Partnership.name, Partnership.id)))


def get_visible(session: Session, partnership_id: int, user_id: int) -> Partnership:
    partnership = session.get(Partnership, partnership_id)
    if partnership is None or member_role(session, partnership_id, user_id) is None:
        raise NotFound(f"There is no partnership {partnership_id}.")
    return partnership


def workshops_of(session: Session, partnership_id: int) -> list[Workshop]:
    """The partnership's workshops (not archived), each school's newest first."""
    return list(session.scalars(select(Workshop).where(
        Workshop.partnership_id == partnership_id, Workshop.archived.is_(False)).order_by(
        Workshop.school, Workshop.date.desc().nulls_last(), Workshop.id.desc())))


@dataclass
class OfferView:
    id: int
    school: str  # the offering school's name ("" if not named)
    who: str
    what: str
    when: str
    by: str
    via: str
    agreed: bool
    at: datetime


@dataclass
class Ask:
    """One agreed action at level b of a school's plan, as the partnership sees it."""
    workshop_id: int
    school: str
    school_id: int | None
    workshop_date: date | None
    checkin: date | None
    action: Action
    offers: list[OfferView] = field(default_factory=list)

    @property
    def key(self) -> str:
        return f"{self.workshop_id}:{self.action.id}"

    @property
    def status(self) -> str:
        latest = self.action.latest
        if latest is not None and latest.status == "done":
            return "done"
        if any(o.agreed for o in self.offers):
            return "agreed"
        return "offered" if self.offers else "asked"

    @property
    def status_label(self) -> str:
        return STATUSES[self.status]


def _offers(session: Session, workshop_ids: list[int]) -> dict[tuple[int, str], list[OfferView]]:
    if not workshop_ids:
        return {}
    names = {s.id: s.name for s in session.scalars(select(PartnerSchool))}
    found: dict[tuple[int, str], list[OfferView]] = {}
    for row in session.scalars(select(Offer).where(Offer.workshop_id.in_(workshop_ids)).order_by(Offer.id)):
        found.setdefault((row.workshop_id, row.action_key), []).append(OfferView(
            row.id, names.get(row.school_id, ""), row.who, row.what, row.when, row.by, row.via, row.agreed,
            row.created_at))
    return found


def asks(session: Session, partnership_id: int) -> list[Ask]:
    """Every level-b action of the partnership's workshops, school by school, with its offers."""
    workshops = workshops_of(session, partnership_id)
    offers = _offers(session, [w.id for w in workshops])
    schools = {s.id: s.name for s in session.scalars(
        select(PartnerSchool).where(PartnerSchool.partnership_id == partnership_id))}
    found = []
    for workshop in workshops:
        record = build(session, workshop.id)
        school = schools.get(workshop.partner_school_id, workshop.school)
        for action in record.actions:
            if action.support == PARTNERSHIP_LEVEL:
                found.append(Ask(workshop.id, school, workshop.partner_school_id, workshop.date, record.checkin,
                                 action, offers.get((workshop.id, action.id), [])))
    return found
