"""The one path of a change: check -> reduce -> persist (one transaction) -> push -> ack.

``submit`` starts the push (or, with a push tick, schedules it) before it returns the ack, so the
sender may see the ack before or after the new state. Once the transaction has committed the ack
is ``ok`` whatever the push does: a failed push is logged and retried (push.publish_after_commit).
Both the Socket.IO handlers and the HTTP forms call ``submit``; nothing else writes live state.
"""
from __future__ import annotations

import logging
import threading
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from .. import participants, tools
from ..db import UNAVAILABLE_RETRY_AFTER_S, db, unavailable
from ..models import Activity, Event, Facilitator, Participant, Workshop
from ..tools.base import ToolError
from . import behalf, control, envelope, push, steps, views
from .clock import now_ms
from .envelope import Intent, Principal

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 8
# Steps after which every phone's private part may differ (a new current activity, a rewritten one).
EVERYONE_PRIVATE = {"control.goto", "undo", "agenda.remove"}


def _changes_everyones_private(principal: Principal, intent: Intent) -> bool:
    """A facilitator's step on an activity (accepting an answer, removing an item, starting a
    vote) can change what each phone sees of its own contributions; a participant's own step
    changes only theirs, and their ack carries it."""
    return intent.type in EVERYONE_PRIVATE or (principal.role == "facilitator" and intent.activity is not None
                                               and intent.on_behalf is None)


JOINS_STOPPED = "This workshop is not taking new people just now — ask the facilitator."


class _Stale(Exception):
    """Another process changed the workshop between our read and our write: try again."""


@dataclass
class Applied:
    version: int
    duplicate: bool = False
    activity_id: int | None = None
    private: dict | None = None
    removed_participants: list[int] | None = None
    fresh: views.Fresh | None = None  # the changed activity's new state, for the push that follows
    created: list | None = None  # ids the step made (steps.created_ids), acked so clients needn't diff

    def ack(self) -> dict:
        ack = {"ok": True, "version": self.version, "duplicate": self.duplicate}
        if self.private is not None:
            ack["private"] = self.private
        if self.created:
            ack["created"] = self.created
        return ack


# Intents for one workshop are applied one at a time in this process. Across processes the
# database decides: the workshop's row lock on PostgreSQL (_lock_workshop), SQLite's write lock,
# and in any case the version claim (steps.claim_version), retried on a lost race. Under
# eventlet/gevent these locks are green.
_locks: dict[int, threading.Lock] = {}
_locks_guard = threading.Lock()


def _workshop_lock(workshop_id: int) -> threading.Lock:
    with _locks_guard:
        return _locks.setdefault(workshop_id, threading.Lock())


def error(code: str, message: str) -> dict:
    return {"ok": False, "error": code, "message": message}


def database_unavailable() -> dict:
    """The ack when the database can't be reached (db.unavailable): `busy`, with when to resend."""
    return {**error("busy", "The server can't reach its database for a moment; send the change again shortly."),
            "retry_after": UNAVAILABLE_RETRY_AFTER_S}


def submit(workshop_id: int, principal: Principal, raw: object) -> dict:
    """Apply one intent exactly once and return the ack for its sender."""
    try:
        intent = envelope.parse(raw)
        if principal.role == "board":
            raise ToolError("forbidden", "The board only shows the workshop; it can't change it.")
        for _ in range(MAX_ATTEMPTS):
            try:
                with _workshop_lock(workshop_id):
                    applied = _apply_once(workshop_id, principal, intent)
                break
            except (_Stale, IntegrityError):  # a concurrent writer won; read again and retry
                continue
        else:
            raise ToolError("busy", "The workshop is very busy; your change was not saved. Please try again.")
    except ToolError as exc:
        ack = error(exc.code, exc.message)
        if getattr(exc, "tie", None) is not None:
            ack["tie"] = exc.tie  # where a "top N" cut would split a tie (tools.ties), for the console to offer choices
        return ack
    except Exception as exc:
        if not unavailable(exc):
            raise
        # Rolled back (or, if the connection died in COMMIT, perhaps committed: a resend with the
        # same intent_id is then acked as a duplicate), so the client keeps it and sends it again.
        log.warning("workshop %s: database unavailable, intent answered busy: %s", workshop_id, exc)
        return database_unavailable()
    if not applied.duplicate:
        push.publish_after_commit(workshop_id, applied.version, removed_participants=applied.removed_participants,
                                  everyone_private=_changes_everyones_private(principal, intent),
                                  fresh=applied.fresh)
    return applied.ack()  # committed: `ok`, whatever became of the push


def join(workshop_id: int, name: str | None, token: str | None = None, table: int | None = None,
         role: str | None = None) -> tuple[int, str]:
    """A phone joins: the participant and a `participant.join` event in one transaction, then a push
    (so the board's count moves at once). Returns (participant id, secret token).
    `token` (derived from the join form's key): a join retried with it is the same person again.
    `table`: a table's head count; `role`: a person's, kept only with a name (participants.join).
    Raises ValueError for a bad name or role, ToolError if the workshop is not open or has stopped new
    joins (a retried join of someone already in still succeeds, and keeps its first name and role)."""
    for _ in range(MAX_ATTEMPTS):
        try:
            with _workshop_lock(workshop_id), db.session(write=True) as s:
                workshop = _lock_workshop(s, workshop_id)
                if workshop is None or workshop.status != "open":
                    raise ToolError("bad_code", "This workshop is not open.")
                again = participants.by_token(s, workshop_id, token) if token else None
                if again is not None:  # this form was sent before and its join committed
                    if again.removed:
                        raise ToolError("removed", "The facilitator removed you from this workshop.")
                    return again.id, token
                if not control.joins_open(workshop.control):
                    raise ToolError("joins_stopped", JOINS_STOPPED)
                if not steps.claim_version(s, workshop):
                    raise _Stale()
                person, token = participants.join(s, workshop_id, name, token, table, role)
                version = workshop.version + 1
                joined = ({"name": person.name, **({"role": person.role} if person.role else {})}
                          if table is None else {"name": person.name, "kind": "table", "head_count": person.head_count})
                s.add(Event(workshop_id=workshop_id, version=version, intent_id=f"join-{person.id}",
                            activity_id=None, actor=f"p{person.id}", type="participant.join",
                            payload=joined, at=now_ms()))
            break
        except (_Stale, IntegrityError):
            continue
    else:
        raise ToolError("busy", "Lots of people are joining at once; please try again.")
    push.publish_after_commit(workshop_id, version)
    return person.id, token


def behalf_sync(workshop_id: int, principal: Principal, participant_id: object) -> dict:
    """A sync with `on_behalf`: the ack carries what that paper participant's phone would show
    (the participant-audience state and their private part), for the console to enter for them."""
    try:
        with db.session() as s:
            workshop = s.get(Workshop, workshop_id)
            if workshop is None:
                raise ToolError("not_found", "That workshop does not exist.")
            if principal.role == "facilitator":  # still one of this workshop's (the others are refused next)
                _check_principal(s, workshop, principal)
            person = behalf.paper_participant(s, workshop, principal, participant_id)
            version, who = workshop.version, {"id": person.id, "name": person.name}
    except ToolError as exc:
        return error(exc.code, exc.message)
    snap = push.remembered(workshop_id, version) or push.snapshot(workshop_id)
    if snap is None:
        return error("not_found", "That workshop does not exist.")
    return {"ok": True, "version": snap.workshop.version, "participant": who,
            "state": views.state_for(snap, "participant", now_ms()),
            "private": views.private_for(snap, who["id"])}


def _check_principal(session, workshop: Workshop, principal: Principal) -> Principal:
    if principal.role == "facilitator":
        allowed = session.get(Facilitator, (workshop.id, principal.user_id))
        if allowed is None:
            raise ToolError("forbidden", "You are not a facilitator of this workshop.")
        return principal
    person = session.get(Participant, principal.participant_id)
    if person is None or person.workshop_id != workshop.id:
        raise ToolError("bad_token", "You are not a participant of this workshop; join again with the code.")
    if person.removed:
        raise ToolError("removed", "The facilitator removed you from this workshop.")
    table = person.kind == "table"
    return Principal("participant", participant_id=person.id, name=person.name, pseudonym_key=person.pseudonym_key,
                     weight=person.head_count if table else 1, table=person.name if table else None)


def _private(principal: Principal, activity) -> dict | None:
    """The participant's own part of the activity: it rides on their acks."""
    if principal.role != "participant" or activity is None:
        return None
    me = principal.actor_in(activity.id, activity.state).participant
    return {"activity": activity.id, **tools.get(activity.tool).private_view(activity.state, me)}


def _created_before(prior: Event, activity) -> list | None:
    """What a resent intent's first sending made, for its duplicate ack."""
    if prior.type == "participant.join" and prior.entered_by is not None:  # participant.add_paper
        return [int(prior.actor[1:])]
    return steps.created_ids(prior.type, activity, prior.version)


def _same_sender(prior: Event, principal: Principal, entered_by: str | None) -> bool:
    """Whether a logged event with this intent_id was sent by this sender (a resend): the same
    principal, or the same facilitator entering for the same paper participant. A facilitator's
    participant.add_paper is logged as the new person's join, entered by that facilitator."""
    if entered_by is not None:
        return prior.entered_by == entered_by and prior.actor in principal.keys_in(prior.activity_id)
    if prior.actor in principal.keys_in(prior.activity_id):
        return prior.entered_by is None
    return (principal.role == "facilitator" and prior.type == "participant.join"
            and prior.entered_by == principal.key)


def _lock_workshop(session, workshop_id: int) -> Workshop | None:
    """The workshop, read for writing. On PostgreSQL its row is locked until commit (FOR NO KEY
    UPDATE: rows that merely reference it, like a joining participant's, are not blocked), so
    writers in other processes queue here instead of failing the version claim; SQLite's write
    session already holds the database's write lock."""
    return session.get(Workshop, workshop_id, with_for_update={"key_share": True})


def _apply_once(workshop_id: int, principal: Principal, intent: Intent) -> Applied:
    """Loads the workshop row and what the step needs: for a tool intent, the one activity it
    names, never the whole agenda (each activity's state is JSON, ~100 KB for a 400-card wall)."""
    with db.session(write=True) as s:
        workshop = _lock_workshop(s, workshop_id)
        if workshop is None:
            raise ToolError("not_found", "That workshop does not exist.")
        principal = _check_principal(s, workshop, principal)
        entered_by = None
        if intent.on_behalf is not None:  # a facilitator enters this for a paper participant (engine.behalf)
            entered_by = principal.key
            principal = behalf.acting_principal(s, workshop, principal, intent.type, intent.on_behalf,
                                                steps.WORKSHOP_STEPS)
        prior = s.scalar(select(Event).where(Event.workshop_id == workshop_id, Event.intent_id == intent.intent_id))
        if prior is not None:
            if not _same_sender(prior, principal, entered_by):
                raise ToolError("conflict", "That intent_id was already used by someone else.")
            activity = s.get(Activity, prior.activity_id) if prior.activity_id is not None else None
            if activity is not None and activity.workshop_id != workshop_id:
                activity = None  # removed since, and its id reused by another workshop's
            return Applied(prior.version, duplicate=True, private=_private(principal, activity),
                           created=_created_before(prior, activity))
        if not steps.claim_version(s, workshop):
            raise _Stale()
        step = steps.Step(session=s, workshop=workshop, principal=principal, intent=intent,
                          at=now_ms(), seq=workshop.version + 1)
        steps.run(step)
        s.add(Event(workshop_id=workshop_id, version=step.seq, intent_id=intent.intent_id,
                    activity_id=step.activity.id if step.activity else intent.activity,
                    actor=step.actor_key or principal.key, type=step.event_type or intent.type,
                    payload=step.payload, at=step.at, entered_by=entered_by or step.entered_by,
                    weight=step.weight))
        fresh = views.Fresh(step.seq, step.activity.id, step.activity.state) if step.activity else None
        # Built before the commit: once committed, nothing may fail and turn the ack into a lie.
        private = _private(principal, step.activity)
        created = step.created or steps.created_ids(intent.type, step.activity, step.seq)
    return Applied(step.seq, activity_id=step.activity.id if step.activity else None,
                   private=private, removed_participants=step.removed_participants, fresh=fresh, created=created)
