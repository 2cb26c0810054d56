"""Recomputing state from the event log: used by undo, and to check that the log is the truth."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import tools
from ..models import Activity, Event, Participant, Workshop
from ..tools.base import ToolError
from . import control as control_reducer
from . import identity

NOT_TOOL_STATE = ("agenda.", "undo", "workshop.", "participant.", "control.", "timer.")


def _events(session: Session, workshop_id: int, *conditions) -> list[Event]:
    return list(session.scalars(select(Event).where(Event.workshop_id == workshop_id, Event.undone.is_(False),
                                                    *conditions).order_by(Event.version)))


def control(session: Session, workshop: Workshop) -> dict:
    state = control_reducer.initial()
    for ev in _events(session, workshop.id, Event.type.in_(control_reducer.CONTROL_TYPES)):
        state = control_reducer.apply(state, {"type": ev.type, "payload": ev.payload, "at": ev.at}, None)
    on_agenda = set(session.scalars(select(Activity.id).where(Activity.workshop_id == workshop.id)))
    if state["activity"] not in on_agenda:
        state = {**state, "activity": None}
    return state


def activity(session: Session, act: Activity) -> dict:
    """The activity's state rebuilt from its creation and every applied, not undone, event."""
    tool = tools.get(act.tool)
    people = session.execute(select(Participant.id, Participant.name, Participant.kind, Participant.pseudonym_key)
                             .where(Participant.workshop_id == act.workshop_id)).all()
    names = {p.id: p.name for p in people}
    tables = {}  # a table's name by how the log names it here: "p<id>" or its pseudonym
    for p in people:
        if p.kind == "table":
            tables[f"p{p.id}"] = p.name
            if p.pseudonym_key:
                tables[identity.pseudonym(p.pseudonym_key, act.id)] = p.name
    state = tool.initial_state(act.config)
    for ev in _events(session, act.workshop_id, Event.activity_id == act.id):
        kind, payload = ev.type, ev.payload
        if kind == "control.goto" and payload.get("closed") == act.id:
            kind, payload = "activity.close", {}  # moving on closed this activity's input (steps._close_left)
        elif kind.startswith(NOT_TOOL_STATE):
            continue
        if kind == "activity.import":
            kind = f"{tool.prefix}import"
            payload = {k: v for k, v in ev.payload.items() if k != "from"}
        actor = identity.from_event(ev.actor, names, ev.weight, tables)
        try:
            state = tools.apply(act.tool, state, {"type": kind, "payload": payload, "at": ev.at, "seq": ev.version},
                                actor)
        except ToolError:
            raise ToolError("undo_conflict",
                            "Undoing that would lose a later contribution, so it was not undone.") from None
    return state
