"""Creating, copying and finding workshops (not live state: that goes through engine.service)."""
from __future__ import annotations

import secrets
import unicodedata
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from . import tools
from .agenda import default_activities
from .engine import control
from .models import Activity, Facilitator, User, Workshop


class DetailsError(ValueError):
    pass


def parse_details(form) -> dict:
    """The workshop's details from a form, checked."""
    school = (form.get("school") or "").strip()
    if not school:
        raise DetailsError("Enter the host school.")
    details = {"school": school[:200], "ics": (form.get("ics") or "").strip()[:300],
               "focus": (form.get("focus") or "").strip()[:2000],
               "key_messages": (form.get("key_messages") or "").strip()[:6000]}
    raw_date = (form.get("date") or "").strip()
    try:
        details["date"] = date.fromisoformat(raw_date) if raw_date else None
    except ValueError:
        raise DetailsError("Enter the date as a date (e.g. 2026-11-26).") from None
    return details


def _new(session: Session, owner: User, details: dict) -> Workshop:
    workshop = Workshop(owner_id=owner.id, board_key=secrets.token_urlsafe(24), control=control.initial(),
                        **details)
    workshop.facilitators.append(Facilitator(user_id=owner.id, role="owner"))
    session.add(workshop)
    return workshop


def _activity(position: int, section: str, title: str, prompt: str, tool: str, config: dict) -> Activity:
    return Activity(position=position, section=section, title=title, prompt=prompt, tool=tool,
                    config=config, state=tools.get(tool).initial_state(config))


def create(session: Session, owner: User, details: dict) -> Workshop:
    """A new workshop on the default SPP agenda."""
    workshop = _new(session, owner, details)
    workshop.activities = [_activity(n, **a) for n, a in enumerate(default_activities(details))]
    session.flush()
    return workshop


def duplicate(session: Session, source: Workshop, owner: User) -> Workshop:
    """Same details and agenda, none of the contributions, a draft again."""
    details = {k: getattr(source, k) for k in ("school", "date", "ics", "focus", "key_messages")}
    copy = _new(session, owner, details)
    copy.activities = [_activity(a.position, a.section, a.title, a.prompt, a.tool, dict(a.config))
                       for a in source.activities]
    session.flush()
    return copy


def for_user(session: Session, user_id: int, archived: bool = False) -> list[Workshop]:
    return list(session.scalars(
        select(Workshop).join(Facilitator).where(Facilitator.user_id == user_id, Workshop.archived.is_(archived))
        .order_by(Workshop.date.desc().nulls_last(), Workshop.id.desc())))


def is_facilitator(session: Session, workshop_id: int, user_id: int) -> bool:
    return session.get(Facilitator, (workshop_id, user_id)) is not None


# --- join codes ------------------------------------------------------------------------------
#
# No 0/O, 1/I/L: nothing to misread on a projector. 31 letters, 8 of them: 31**8 = 852,891,037,441
# codes. Wrong codes are limited to 10 a minute per client address (security.JOIN_CODE_LIMIT), so
# with 1,000 workshops open at once a guesser hits one of them once in 31**8 / 1,000 = 853 million
# guesses on average: 85 million minutes, about 162 years from one address; 1,000 addresses
# together still need about 59 days, while a workshop is open for a few hours. Six characters
# (31**6 = 887,503,681) would fall in 62 days from one address and in 15 hours from 100, so the
# code is eight. It is shown and typed in two groups of four (K7M2-QX4P); spaces, dashes and case
# do not matter.
JOIN_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
JOIN_CODE_LENGTH = 8
JOIN_CODE_GROUP = 4


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def by_join_code(session: Session, code: str) -> Workshop | None:
    code = normalise_code(code)
    if not code:
        return None
    return session.scalar(select(Workshop).where(Workshop.join_code == code, Workshop.status == "open"))


def normalise_code(code: str) -> str:
    """What people type: any case, with spaces or dashes (K7M2-QX4P, k7m2 qx4p, K7M2QX4P)."""
    code = unicodedata.normalize("NFKC", code if isinstance(code, str) else "")  # full-width letters too
    return "".join(ch for ch in code.upper() if ch.isascii() and ch.isalnum())[:12]


def format_code(code: str | None) -> str:
    """A code as people read it: groups of four joined by a dash (K7M2-QX4P)."""
    code = normalise_code(code or "")
    return "-".join(code[i:i + JOIN_CODE_GROUP] for i in range(0, len(code), JOIN_CODE_GROUP))
