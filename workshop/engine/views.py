"""The state each audience receives: built on the server, so nobody gets what they may not see."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import tools
from ..models import Activity, Participant, Workshop
from . import control

PROTOCOL = 1


@dataclass
class Snapshot:
    """One read of a workshop, from which every audience's state is derived."""

    workshop: Workshop
    activities: list[Activity]
    participants: list  # rows with .id, .name, .joined_at (not ORM objects: read on every push)
    join_url: str | None

    @property
    def current(self) -> Activity | None:
        current = self.workshop.control["activity"]
        return next((a for a in self.activities if a.id == current), None)


def load(session: Session, workshop_id: int, join_url: str | None = None) -> Snapshot | None:
    workshop = session.get(Workshop, workshop_id)
    if workshop is None:
        return None
    people = list(session.execute(select(Participant.id, Participant.name, Participant.joined_at)
                                  .where(Participant.workshop_id == workshop_id, Participant.removed.is_(False))
                                  .order_by(Participant.id)))
    return Snapshot(workshop, list(workshop.activities), people, join_url)


def _ms(dt) -> int:
    return int(dt.timestamp() * 1000)


def activity_view(activity: Activity, audience: str) -> dict:
    tool = tools.get(activity.tool)
    return {"id": activity.id, "section": activity.section, "title": activity.title, "tool": activity.tool,
            "prompt": activity.prompt, "open": activity.state["open"], "revealed": activity.state["revealed"],
            "view": tool.view(activity.state, audience)}


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
                     "participant_count": len(snap.participants)},
        "control": control.view(ws.control),
        "agenda": [] if role == "participant" else [
            {"id": a.id, "section": a.section, "title": a.title, "tool": a.tool,
             "open": a.state["open"], "revealed": a.state["revealed"]} for a in snap.activities],
        "activity": activity_view(current, audience) if current else None,
        "participants": [{"id": p.id, "name": p.name, "joined_at": _ms(p.joined_at)}
                         for p in snap.participants] if role == "facilitator" else [],
    }


def private_for(snap: Snapshot, participant_id: int) -> dict:
    current = snap.current
    private = tools.get(current.tool).private_view(current.state, participant_id) if current else {}
    return {"version": snap.workshop.version, "activity": current.id if current else None, "private": private}
