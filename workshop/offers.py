"""Offers against a partnership's asks, and a partner head's secret link.

An offer is a partner school's support for an ask (an agreed level-b action of another school's
plan): which school, who, what, by when. A lead or a member IC records one from the partnership
page (via "lead" or "ic"); a partner head records one through their school's link (via "head",
always for their own school). A lead or IC agrees an offer, or takes the agreement back.

A partner head's link is a secret made by the partnership's lead for one of its schools, as the
plan links are (record.tracking): the token is shown once, only its SHA-256 is stored, a new link
replaces the old one and withdrawing it clears it. Everything here checks and raises OfferError
with a message for whoever filled in the form; the callers own the session's commit.
"""
from __future__ import annotations

import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import Offer, Partnership, PartnerSchool, utcnow
from .partnerships import Ask, asks
from .record.tracking import TOKEN, _hash

WHO_LIMIT, WHAT_LIMIT, WHEN_LIMIT, BY_LIMIT = 120, 1000, 60, 120
VIAS = ("lead", "ic", "head")


class OfferError(ValueError):
    pass


def _line(form, key: str) -> str:
    """One line of text from a form, runs of spaces folded (a missing field is empty)."""
    return " ".join(str(form.get(key) or "").split())


def find_ask(session: Session, partnership_id: int, ask_key: str) -> Ask | None:
    """The partnership's ask with this key ("<workshop id>:<action id>"); None: not one of its asks."""
    return next((a for a in asks(session, partnership_id) if a.key == ask_key), None)


def offering_schools(partnership: Partnership, ask: Ask) -> list[PartnerSchool]:
    """The schools that may offer support to this ask: the partnership's others than the asking one."""
    return [s for s in partnership.schools if s.id != ask.school_id]


def add_offer(session: Session, partnership: Partnership, ask_key: str, form, *, via: str, by: str,
              school_id: int | None = None) -> Offer:
    """An offer against one of this partnership's asks, from a form (school, who, what, when).
    A head's link passes its own school as `school_id`; otherwise the form's "school" names it."""
    if via not in VIAS:
        raise ValueError(f"via must be one of {VIAS}")
    ask = find_ask(session, partnership.id, ask_key)
    if ask is None:
        raise OfferError("That ask is not in this partnership's plans (it may have been removed). Reload the page.")
    if ask.status == "done":
        raise OfferError(f"{ask.school} has recorded this action as done: it needs no more offers.")
    if school_id is None:
        try:
            school_id = int(form.get("school") or "")
        except ValueError:
            raise OfferError("Choose the school that offers the support.") from None
    school = session.get(PartnerSchool, school_id)
    if school is None or school.partnership_id != partnership.id:
        raise OfferError("Choose the school that offers the support from the partnership's schools.")
    if school.id == ask.school_id or (ask.school_id is None and ask.school == school.name):
        raise OfferError(f"{ask.school} can't offer support to its own ask: choose another school.")
    who, what, when = _line(form, "who"), str(form.get("what") or "").strip(), _line(form, "when")
    by = " ".join((by or "").split())
    if not who:
        raise OfferError("Say who will give the support (a name or a role).")
    if not what:
        raise OfferError("Say what the school offers.")
    for value, limit, name in ((who, WHO_LIMIT, "Who"), (what, WHAT_LIMIT, "What is offered"),
                               (when, WHEN_LIMIT, "By when"), (by, BY_LIMIT, "Your name")):
        if len(value) > limit:
            raise OfferError(f"{name} can be at most {limit} characters (it has {len(value)}).")
    offer = Offer(workshop_id=ask.workshop_id, action_key=ask.action.id, school_id=school_id, who=who, what=what,
                  when=when, by=by, via=via, agreed=False, created_at=utcnow())
    session.add(offer)
    return offer


def set_agreed(session: Session, partnership: Partnership, offer_id: int, agreed: bool) -> Offer:
    """Agree an offer (or take the agreement back). Only an offer against this partnership's asks."""
    offer = session.get(Offer, offer_id)
    if offer is None or find_ask(session, partnership.id, f"{offer.workshop_id}:{offer.action_key}") is None:
        raise OfferError("That offer is not in this partnership's plans (it may have been removed). Reload the page.")
    offer.agreed = bool(agreed)
    return offer


# --- a partner head's link ----------------------------------------------------------------------

def new_head_link(school: PartnerSchool) -> str:
    """A fresh secret for this school's head; the school's earlier link stops working."""
    token = secrets.token_urlsafe(24)
    school.head_token_hash = _hash(token)
    school.head_link_created_at = utcnow()
    return token


def revoke_head_link(school: PartnerSchool) -> None:
    school.head_token_hash = None
    school.head_link_created_at = None


def school_by_token(session: Session, token: str) -> PartnerSchool | None:
    """The school whose head's link this is; None: no such link (mistyped, replaced or withdrawn)."""
    if not isinstance(token, str) or not TOKEN.fullmatch(token):
        return None
    return session.scalar(select(PartnerSchool).where(PartnerSchool.head_token_hash == _hash(token)))


def asks_for_head(session: Session, school: PartnerSchool) -> list[Ask]:
    """The partnership's asks a head may offer to: every other school's (never their own school's,
    and never a workshop of their school that was not linked to it by name)."""
    return [a for a in asks(session, school.partnership_id)
            if a.school_id != school.id and not (a.school_id is None and a.school == school.name)]
