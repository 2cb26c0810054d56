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

from . import accounts
from .engine.envelope import is_id
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


def asks(session: Session, partnership_id: int, records: dict | None = None) -> list[Ask]:
    """Every level-b action of the partnership's workshops, school by school, with its offers.
    `records`: the workshops' records by id when the caller has built them already."""
    workshops = workshops_of(session, partnership_id)
    offers = _offers(session, [w.id for w in workshops])
    schools = {s.id: s.name for s in session.scalars(
        select(PartnerSchool).where(PartnerSchool.partnership_id == partnership_id))}
    found = []
    for workshop in workshops:
        record = records[workshop.id] if records else build(session, workshop.id)
        school = schools.get(workshop.partner_school_id, workshop.school)
        for action in record.actions:
            if action.support == PARTNERSHIP_LEVEL:
                found.append(Ask(workshop.id, school, workshop.partner_school_id, workshop.date, record.checkin,
                                 action, offers.get((workshop.id, action.id), [])))
    return found


# --- setting a partnership up (its lead), and attaching workshops to it ------------------------

NAME_LIMIT = 200  # a partnership's and a school's name (the columns' size)
MAX_SCHOOLS = 30  # partnerships are a few schools; a long paste is a mistake, not a partnership


class Refused(ValueError):
    """A change that was not made, with a message for whoever asked for it."""


def can_manage(session: Session, partnership_id: int, user_id: int) -> bool:
    """Only a lead changes the partnership (its name, schools, members); member ICs may look."""
    return member_role(session, partnership_id, user_id) == "lead"


def _name(value: object, what: str) -> str:
    name = " ".join(str(value or "").split())
    if not name:
        raise Refused(f"Enter the {what}.")
    if len(name) > NAME_LIMIT:
        raise Refused(f"The {what} can be at most {NAME_LIMIT} characters.")
    return name


def school_names(text: str) -> list[str]:
    """Schools as typed, one a line: blank lines and repeats (case aside) dropped."""
    names: list[str] = []
    for line in str(text or "").splitlines():
        if line.strip():
            name = _name(line, "school's name")
            if name.casefold() not in {n.casefold() for n in names}:
                names.append(name)
    if len(names) > MAX_SCHOOLS:
        raise Refused(f"A partnership can have at most {MAX_SCHOOLS} schools.")
    return names


def create(session: Session, user_id: int, name: str, schools: list[str]) -> Partnership:
    """A new partnership; whoever creates it is its lead."""
    partnership = Partnership(name=_name(name, "partnership's name"))
    partnership.schools = [PartnerSchool(name=_name(s, "school's name")) for s in schools]
    partnership.members = [PartnershipMember(user_id=user_id, role="lead")]
    session.add(partnership)
    session.flush()
    return partnership


def rename(partnership: Partnership, name: str) -> None:
    partnership.name = _name(name, "partnership's name")


def _same_name_taken(partnership: Partnership, name: str, school_id: int | None = None) -> bool:
    return any(s.name.casefold() == name.casefold() and s.id != school_id for s in partnership.schools)


def add_school(session: Session, partnership: Partnership, name: str) -> PartnerSchool:
    name = _name(name, "school's name")
    if _same_name_taken(partnership, name):
        raise Refused(f"{name} is already one of the partnership's schools.")
    if len(partnership.schools) >= MAX_SCHOOLS:
        raise Refused(f"A partnership can have at most {MAX_SCHOOLS} schools.")
    school = PartnerSchool(name=name)
    partnership.schools.append(school)
    session.flush()
    return school


def rename_school(partnership: Partnership, school_id: int, name: str) -> PartnerSchool:
    school = next((s for s in partnership.schools if s.id == school_id), None)
    if school is None:
        raise NotFound("That school is not one of the partnership's.")
    name = _name(name, "school's name")
    if _same_name_taken(partnership, name, school_id):
        raise Refused(f"{name} is already one of the partnership's schools.")
    school.name = name
    return school


def add_member(session: Session, partnership: Partnership, email: str) -> PartnershipMember:
    """A member IC, by the email of their account (accounts are made elsewhere, never here)."""
    email = str(email or "").strip()
    if not email:
        raise Refused("Enter the email of the IC's account.")
    user = accounts.find_user(session, email)
    if user is None:
        raise Refused(f"No account uses {email}. They need an account first (an existing IC can add "
                      "them as a co-facilitator of a workshop, which makes one).")
    if session.get(PartnershipMember, (partnership.id, user.id)) is not None:
        raise Refused(f"{user.name} is already a member.")
    member = PartnershipMember(user_id=user.id, role="ic")
    partnership.members.append(member)
    session.flush()
    return member


def _member(session: Session, partnership: Partnership, user_id: int) -> PartnershipMember:
    member = session.get(PartnershipMember, (partnership.id, user_id))
    if member is None:
        raise NotFound("That person is not a member of the partnership.")
    return member


def remove_member(session: Session, partnership: Partnership, user_id: int) -> None:
    """Anyone but the last lead (a partnership always has someone who can manage it)."""
    member = _member(session, partnership, user_id)
    if member.role == "lead" and sum(m.role == "lead" for m in partnership.members) == 1:
        raise Refused("The partnership's only lead can't be removed: make another member a lead first.")
    partnership.members.remove(member)
    session.flush()


def make_lead(session: Session, partnership: Partnership, user_id: int) -> None:
    _member(session, partnership, user_id).role = "lead"


def check_link(session: Session, user_id: int, partnership_id: object, school_id: object,
               current: int | None = None) -> None:
    """May this IC name this partnership (and school) on a workshop? The partnership must be one
    they are a member of (keeping the workshop's current one is always allowed, so a co-facilitator
    who is not a member can still save the details); the school must be one of its schools."""
    for value, what in ((partnership_id, "partnership"), (school_id, "school")):
        if value is not None and not is_id(value):
            raise Refused(f"The {what} is named by its id (a whole number), or null for none.")
    if partnership_id is None:
        if school_id is not None:
            raise Refused("Choose the partnership the school belongs to.")
        return
    if partnership_id != current and member_role(session, partnership_id, user_id) is None:
        raise NotFound(f"There is no partnership {partnership_id} among yours.")
    if school_id is not None:
        school = session.get(PartnerSchool, school_id)
        if school is None or school.partnership_id != partnership_id:
            raise NotFound("That school is not one of the partnership's schools.")


def choices(session: Session, user_id: int, current: int | None = None) -> list[Partnership]:
    """The partnerships a workshop's form offers: this IC's, and the workshop's own if not theirs."""
    found = visible_to(session, user_id)
    if current is not None and all(p.id != current for p in found):
        own = session.get(Partnership, current)
        if own is not None:
            found.append(own)
    return found
