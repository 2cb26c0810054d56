"""The state each audience receives: built on the server, so nobody gets what they may not see."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import tools
from ..models import Activity, Event, Participant, Workshop
from . import control, identity, plan

PROTOCOL = 1


@dataclass
class Fresh:
    """The state an activity was just given by a committed change at `version` (engine.service):
    the push that follows uses it instead of reading and decoding the same JSON back."""

    version: int
    activity: int
    state: dict


@dataclass
class Current:
    """The current activity: the one activity whose whole state a push needs."""

    id: int
    section: str
    title: str
    tool: str
    prompt: str
    state: dict


@dataclass
class Snapshot:
    """One read of a workshop, from which every audience's state is derived."""

    workshop: Workshop
    agenda: list  # rows with .id, .section, .title, .tool, .prompt, .open, .revealed (no decoded states)
    current: Current | None
    participants: list  # rows with .id, .name, .joined_at, .pseudonym_key (not ORM objects: read on every push)
    join_url: str | None
    timing: plan.Timing = plan.Timing()

    @cached_property
    def pseudonym_keys(self) -> dict[int, str | None]:
        return {p.id: p.pseudonym_key for p in self.participants}


def load(session: Session, workshop_id: int, join_url: str | None = None, fresh: Fresh | None = None) -> Snapshot | None:
    """Read on every push, so it decodes only the current activity's state: the agenda's open and
    revealed flags are read out of the other states by the database (JSON path, SQLite and
    PostgreSQL alike), whose big JSON (a 400-card wall is ~100 KB) is never turned into Python.
    Its several statements must see one moment: `session` is a snapshot (db.session(snapshot=True)),
    or the state labelled with the workshop's version could hold a later change."""
    workshop = session.get(Workshop, workshop_id)
    if workshop is None:
        return None
    people = list(session.execute(select(Participant.id, Participant.name, Participant.joined_at,
                                         Participant.pseudonym_key, Participant.kind, Participant.head_count,
                                         Participant.role)
                                  .where(Participant.workshop_id == workshop_id, Participant.removed.is_(False))
                                  .order_by(Participant.id)))
    agenda = list(session.execute(
        select(Activity.id, Activity.section, Activity.title, Activity.tool, Activity.prompt,
               Activity.state["open"].label("open"), Activity.state["revealed"].label("revealed"),
               Activity.config[plan.MINUTES_KEY].label("minutes"))
        .where(Activity.workshop_id == workshop_id).order_by(Activity.position)))
    row = next((a for a in agenda if a.id == workshop.control["activity"]), None)
    current = None
    if row is not None:
        # The version read above is the workshop's committed version; every change to an activity
        # takes a new one (steps.claim_version), so at the same version the fresh state is the
        # committed one. Otherwise (a later change got in first) read it.
        if fresh is not None and fresh.version == workshop.version and fresh.activity == row.id:
            state = fresh.state
        else:
            state = session.scalar(select(Activity.state).where(Activity.id == row.id))
        current = Current(row.id, row.section, row.title, row.tool, row.prompt, state)
    return Snapshot(workshop, agenda, current, people, join_url, _timing(session, workshop_id))


def _timing(session: Session, workshop_id: int) -> plan.Timing:
    """Actual times come from the log's gotos (a handful per workshop), not from a stored copy."""
    gotos = session.execute(select(Event.at, Event.payload).where(
        Event.workshop_id == workshop_id, Event.type == "control.goto", Event.undone.is_(False))
        .order_by(Event.version))
    return plan.timing((at, (payload or {}).get("activity")) for at, payload in gotos)


def _agenda_item(a, timing: plan.Timing, current_id: int | None) -> dict:
    minutes = a.minutes if isinstance(a.minutes, int) and not isinstance(a.minutes, bool) else None
    return {"id": a.id, "section": a.section, "title": a.title, "tool": a.tool,  # JSON-path flags come back 0/1
            "open": bool(a.open), "revealed": bool(a.revealed), "minutes": minutes,
            "spent_ms": timing.spent_ms.get(a.id, 0),
            "since": timing.since if a.id == current_id and a.id == timing.current else None}


def _plan_view(snap: Snapshot) -> dict:
    current_id = snap.workshop.control["activity"]
    items = [(a.id, a.minutes if isinstance(a.minutes, int) else None) for a in snap.agenda]
    ahead = plan.forecast(items, snap.timing, current_id)
    return {"ends_at": ahead.ends_at, "after_current_ms": ahead.after_current_ms}


def _ms(dt) -> int:
    return int(dt.timestamp() * 1000)


def activity_view(activity: Activity | Current, audience: str) -> dict:
    tool = tools.get(activity.tool)
    return {"id": activity.id, "section": activity.section, "title": activity.title, "tool": activity.tool,
            "prompt": activity.prompt, "open": activity.state["open"], "revealed": activity.state["revealed"],
            "anonymous": identity.is_anonymous(activity.state), "view": tool.view(activity.state, audience)}


def _heads(people: list) -> dict:
    """People in the room: a table (one phone) counts its head count; and how many tables."""
    tables = [p for p in people if p.kind == "table"]
    return {"people_count": len(people) - len(tables) + sum(p.head_count for p in tables),
            "table_count": len(tables)}


def _table(p) -> dict:
    return {"kind": "table", "head_count": p.head_count} if p.kind == "table" else {}


def _role(p) -> dict:
    """A role goes only where names do: the facilitator's people (never the board or a phone)."""
    return {"role": p.role} if p.role else {}


def state_for(snap: Snapshot, role: str, server_now: int) -> dict:
    ws = snap.workshop
    audience = "participant" if role == "participant" else role
    current = snap.current
    return {
        "protocol": PROTOCOL,
        "version": ws.version,
        "server_now": server_now,
        "role": role,
        "workshop": {"id": ws.id, "title": ws.title, "school": ws.school,
                     "date": ws.date.isoformat() if ws.date else None, "focus": ws.focus,
                     "status": ws.status, "join_code": ws.join_code,
                     "join_url": snap.join_url if ws.join_code else None,
                     "participant_count": len(snap.participants), **_heads(snap.participants)},
        "control": control.view(ws.control),
        "agenda": [] if role == "participant" else [
            _agenda_item(a, snap.timing, ws.control["activity"]) for a in snap.agenda],
        "plan": _plan_view(snap) if role == "facilitator" else None,
        "activity": activity_view(current, audience) if current else None,
        "participants": [{"id": p.id, "name": p.name, "joined_at": _ms(p.joined_at), "kind": p.kind, **_table(p),
                          **_role(p)}
                         for p in snap.participants] if role == "facilitator" else [],
    }


def private_for(snap: Snapshot, participant_id: int) -> dict:
    current = snap.current
    private = {}
    if current is not None:
        key = snap.pseudonym_keys.get(participant_id)
        me = identity.participant_actor(participant_id, None, key, current.id, current.state).participant
        private = tools.get(current.tool).private_view(current.state, me)
    return {"version": snap.workshop.version, "activity": current.id if current else None, "private": private}
