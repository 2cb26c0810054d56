"""After the workshop: secret links to the plan and dated progress updates on each action.

There are three kinds of link, independent of each other: "view" (read-only: the plan, its
downloads and progress, for the head, governors and the partnership), "update" (can also record
progress) and "checkin" (the lead reviewer's, for the 90-day check-in: can also record progress,
and its updates say so). A token is shown once and only its SHA-256 is stored; a new link of a kind
replaces the old one of that kind, revoking clears it. Progress updates are rows, never edited:
the latest is the current status.
"""
from __future__ import annotations

import hashlib
import re
import secrets

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ..models import ActionUpdate, Workshop, utcnow
from .build import Record
from .levels import RAGS, STATUSES

TOKEN = re.compile(r"[A-Za-z0-9_-]{20,100}")
NOTE_LIMIT, BY_LIMIT = 1000, 120
# Each kind of plan link: its token-hash column and when it was made.
LINK_COLUMNS = {"view": ("plan_token_hash", "plan_link_created_at"),
                "update": ("plan_update_token_hash", "plan_update_link_created_at"),
                "checkin": ("checkin_token_hash", "checkin_link_created_at")}
# The kinds that can record progress, and the `via` their updates are stored with (String(8)).
RECORDS_VIA = {"update": "link", "checkin": "lead"}


class ProgressError(ValueError):
    pass


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_link(workshop: Workshop, kind: str) -> str:
    """A fresh secret for a link of this kind; the earlier link of that kind stops working."""
    token = secrets.token_urlsafe(24)
    hash_column, made_column = LINK_COLUMNS[kind]
    setattr(workshop, hash_column, _hash(token))
    setattr(workshop, made_column, utcnow())
    return token


def revoke_link(workshop: Workshop, kind: str) -> None:
    for column in LINK_COLUMNS[kind]:
        setattr(workshop, column, None)


def link_made(workshop: Workshop, kind: str):
    """When the live link of this kind was made; None: there is none."""
    hash_column, made_column = LINK_COLUMNS[kind]
    return getattr(workshop, made_column) if getattr(workshop, hash_column) else None


def by_token(session: Session, token: str) -> tuple[Workshop | None, str | None]:
    """The workshop a plan link opens and the link's kind (a key of LINK_COLUMNS); (None, None): none."""
    if not isinstance(token, str) or not TOKEN.fullmatch(token):
        return None, None
    digest = _hash(token)
    workshop = session.scalar(select(Workshop).where(
        or_(*(getattr(Workshop, hash_column) == digest for hash_column, _ in LINK_COLUMNS.values()))))
    if workshop is None:
        return None, None
    return workshop, next(kind for kind, (hash_column, _) in LINK_COLUMNS.items()
                          if getattr(workshop, hash_column) == digest)


def add_update(session: Session, record: Record, action_key: str, form, *, via: str, by: str) -> ActionUpdate:
    """One dated update on an action from a form: status, RAG rating and a note. Checked first."""
    if record.action(action_key) is None:
        raise ProgressError("That action is not in the plan (it may have been removed). Reload the page.")
    status = (form.get("status") or "").strip()
    if status not in STATUSES:
        raise ProgressError("Choose a status: " + ", ".join(STATUSES.values()).lower() + ".")
    rag = (form.get("rag") or "").strip()
    if rag and rag not in RAGS:
        raise ProgressError("The progress rating must be red, amber or green (or not rated).")
    note = (form.get("note") or "").strip()
    if len(note) > NOTE_LIMIT:
        raise ProgressError(f"A note can be at most {NOTE_LIMIT} characters.")
    by = " ".join((by or "").split())
    if len(by) > BY_LIMIT:
        raise ProgressError(f"Your name can be at most {BY_LIMIT} characters.")
    update = ActionUpdate(workshop_id=record.workshop_id, action_key=action_key, status=status, rag=rag,
                          note=note, by=by, via=via, created_at=utcnow())
    session.add(update)
    return update
