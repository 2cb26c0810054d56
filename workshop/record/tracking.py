"""After the workshop: the head's secret plan link and dated progress updates on each action.

The link's token is shown once and only its SHA-256 is stored; a new link replaces the old one,
revoking clears it. Progress updates are rows, never edited: the latest is the current status.
"""
from __future__ import annotations

import hashlib
import re
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import ActionUpdate, Workshop, utcnow
from .build import Record
from .levels import RAGS, STATUSES

TOKEN = re.compile(r"[A-Za-z0-9_-]{20,100}")
NOTE_LIMIT, BY_LIMIT = 1000, 120


class ProgressError(ValueError):
    pass


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_link(workshop: Workshop) -> str:
    """A fresh secret for the head's link; any earlier link stops working."""
    token = secrets.token_urlsafe(24)
    workshop.plan_token_hash, workshop.plan_link_created_at = _hash(token), utcnow()
    return token


def revoke_link(workshop: Workshop) -> None:
    workshop.plan_token_hash, workshop.plan_link_created_at = None, None


def by_token(session: Session, token: str) -> Workshop | None:
    if not isinstance(token, str) or not TOKEN.fullmatch(token):
        return None
    return session.scalar(select(Workshop).where(Workshop.plan_token_hash == _hash(token)))


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
