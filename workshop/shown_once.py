"""Secrets a page shows once, after the redirect that follows the form making them (a new plan
link, a new co-facilitator's password). Flask's session cookie is signed but readable by anyone
holding it, so the secret waits in the database (models.ShownOnce) and the session carries only a
random handle; the row is keyed by the handle's SHA-256, bound to its user, deleted when shown, and
forgotten after a few minutes if never shown."""
from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta, timezone

from flask import session as cookie_session
from sqlalchemy import delete
from sqlalchemy.orm import Session

from .db import db
from .models import ShownOnce

KEEP_FOR = timedelta(minutes=10)


def _row_id(handle: str) -> str:
    return hashlib.sha256(handle.encode()).hexdigest()


def _slot(name: str) -> str:
    return f"once_{name}"


def keep(db_session: Session, user_id: int, name: str, text: str) -> None:
    """Keep `text` for this user's next page that takes `name`."""
    now = datetime.now(timezone.utc)
    db_session.execute(delete(ShownOnce).where(ShownOnce.expires_at < now))
    handle = secrets.token_urlsafe(24)
    db_session.add(ShownOnce(id=_row_id(handle), user_id=user_id, text=text, expires_at=now + KEEP_FOR))
    cookie_session[_slot(name)] = handle


def take(user_id: int, name: str) -> str | None:
    """The text kept under `name` for this user, once; None if there is none (or it expired).
    Opens its own write session, and only when the session names something kept."""
    handle = cookie_session.pop(_slot(name), None)
    if not isinstance(handle, str):
        return None
    with db.session(write=True) as db_session:
        row = db_session.get(ShownOnce, _row_id(handle))
        if row is None:
            return None
        db_session.delete(row)
    expires = row.expires_at if row.expires_at.tzinfo else row.expires_at.replace(tzinfo=timezone.utc)
    if row.user_id != user_id or expires < datetime.now(timezone.utc):
        return None
    return row.text
