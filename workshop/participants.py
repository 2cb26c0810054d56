"""Participants: no account, just a secret token the phone keeps (an HttpOnly cookie)."""
from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .models import Participant
from .tools.base import ToolError

TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,100}$")
MAX_NAME = 60
# What someone does in the school, shown beside their name ("Head of science", "SENCo", "TA").
MAX_ROLE = 60
# People in one workshop at once: a whole secondary school's staff fits several times over; a
# script that read the code off the projector can't fill the database (removing its
# participants makes room again).
MAX_PARTICIPANTS = 500
# A table: one phone for the people at a flip chart ("Table 3", 6 people). Its name is required
# and short (it heads a column on the board); a table of one is a person, and a room's table
# rarely seats more than 20.
MAX_TABLE_NAME = 30
MIN_TABLE_PEOPLE = 2
MAX_TABLE_PEOPLE = 20
KINDS = ("person", "table")  # what the join form offers ("paper" participants are entered by the facilitator)


def cookie_name(workshop_id: int) -> str:
    return f"wt_{workshop_id}"


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def clean_name(name: str | None) -> str | None:
    name = " ".join((name or "").split())
    if len(name) > MAX_NAME:
        raise ValueError(f"A name can be at most {MAX_NAME} characters.")
    return name or None


def clean_role(role: object, name: str | None) -> str | None:
    """The role to keep beside `name` (already cleaned), or ValueError saying what is wrong. None
    without a name: a role alone ("the SENCo") could identify someone who chose to stay unnamed."""
    if role is not None and not isinstance(role, str):
        raise ValueError("A role is text, e.g. \"Head of science\".")
    if not name:
        return None
    role = " ".join((role or "").split())
    if len(role) > MAX_ROLE:
        raise ValueError(f"A role can be at most {MAX_ROLE} characters.")
    return role or None


def clean_table(name: object, head_count: object) -> tuple[str, int]:
    """A table's name and head count from a form or an intent, or ValueError saying what is wrong."""
    name = " ".join(str(name or "").split())
    if not name:
        raise ValueError("Give the table a name, e.g. \"Table 3\".")
    if len(name) > MAX_TABLE_NAME:
        raise ValueError(f"A table's name can be at most {MAX_TABLE_NAME} characters.")
    return name, clean_head_count(head_count)


def clean_head_count(head_count: object) -> int:
    if isinstance(head_count, str):
        head_count = int(head_count.strip()) if head_count.strip().isdigit() else None
    if isinstance(head_count, bool) or not isinstance(head_count, int) \
            or not MIN_TABLE_PEOPLE <= head_count <= MAX_TABLE_PEOPLE:
        raise ValueError(f"How many people sit at the table: a whole number from {MIN_TABLE_PEOPLE} "
                         f"to {MAX_TABLE_PEOPLE}.")
    return head_count


def token_for_key(secret: str, workshop_id: int, join_key: object) -> str | None:
    """The token a join form's one-time key stands for (None for a malformed key). The join page
    carries a random key; the token is derived from it with the app's secret, so a form sent twice
    (a lost response, a retry) finds the participant its first sending made, and a key sent to
    another workshop gives another token."""
    if not isinstance(join_key, str) or not TOKEN.match(join_key):
        return None
    mac = hmac.new(secret.encode(), f"join:{workshop_id}:{join_key}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac).decode().rstrip("=")


def new_join_key() -> str:
    return secrets.token_urlsafe(24)


def join(session: Session, workshop_id: int, name: str | None, token: str | None = None,
         table: int | None = None, role: str | None = None) -> tuple[Participant, str]:
    """A new participant and the secret token that brings them back (only its hash is stored);
    `token`: the one derived from the join form's key (token_for_key), else a random one.
    `table`: the head count of a table joining (its name is `name`, already checked by
    clean_table); a name another table present already has is refused (results by table would
    mix them up). `role`: a person's, kept only beside a name (clean_role); a table has none."""
    present = session.scalar(select(func.count()).select_from(Participant)
                             .where(Participant.workshop_id == workshop_id, Participant.removed.is_(False)))
    if present >= MAX_PARTICIPANTS:
        raise ToolError("full", f"This workshop already has {MAX_PARTICIPANTS} people; ask the facilitator.")
    if table is not None:
        taken = session.scalar(select(func.count()).select_from(Participant).where(
            Participant.workshop_id == workshop_id, Participant.removed.is_(False), Participant.kind == "table",
            func.lower(Participant.name) == name.lower()))
        if taken:
            raise ValueError(f"A table called \"{name}\" has already joined; choose another name "
                             "(or ask the facilitator to remove the old one).")
    name = clean_name(name)
    role = clean_role(role, name) if table is None else None  # checked before anything is written
    token = token or secrets.token_urlsafe(32)
    person = Participant(workshop_id=workshop_id, token_hash=_hash(token), name=name, role=role)
    if table is not None:
        person.kind, person.head_count = "table", table
    session.add(person)
    session.flush()
    return person, token


def by_token(session: Session, workshop_id: int, token: object) -> Participant | None:
    """The participant this token belongs to in this workshop, or None (malformed, unknown, elsewhere)."""
    if not isinstance(token, str) or not TOKEN.match(token):
        return None
    person = session.scalar(select(Participant).where(Participant.token_hash == _hash(token)))
    if person is None or person.workshop_id != workshop_id:
        return None
    return person
