"""The facilitator's steps on people: adding a paper participant (with an optional role),
removing one participant, or many at once.

A paper participant is someone without a phone (their ideas and votes are on paper) for whom a
facilitator enters everything from the console (engine.behalf). They are a Participant of kind
"paper" with a random token nobody is given, so nobody can connect as them.

Removal marks the participant removed in the step's transaction; the service then cuts each of
them off (push.cut_off) after the commit, the same way for one as for many.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import select

from .. import participants
from ..models import Participant
from ..participants import MAX_PARTICIPANTS, clean_head_count
from ..tools.base import ToolError
from .envelope import is_id

if TYPE_CHECKING:
    from .steps import Step

# participant.remove_many takes exactly one of these: who joined after a given person, who gave
# no name, or a list of ids.
SELECTORS = ("after", "unnamed", "participants")


def add_paper(step: Step) -> None:
    """A paper participant, counted in the room like anyone. The event log files it as their
    `participant.join`, entered by the facilitator (so undo, which takes back the facilitator's
    own steps, leaves it alone: they are removed like anyone, with participant.remove)."""
    name = step.intent.payload.get("name")
    if not isinstance(name, str):
        raise ToolError("empty" if name is None else "bad_request",
                        "Give the paper participant a name, so you can tell whose sheet you are entering.")
    try:
        name = participants.clean_name(name)
    except ValueError:
        raise ToolError("too_long", f"A name can be at most {participants.MAX_NAME} characters.") from None
    if name is None:
        raise ToolError("empty", "Give the paper participant a name, so you can tell whose sheet you are entering.")
    role = step.intent.payload.get("role")  # optional: "TA", "Head of science"
    if role is not None and not isinstance(role, str):
        raise ToolError("bad_request", "'role' is text, e.g. \"Head of science\" (or leave it out).")
    try:
        role = participants.clean_role(role, name)
    except ValueError:
        raise ToolError("too_long", f"A role can be at most {participants.MAX_ROLE} characters.") from None
    person, _token = participants.join(step.session, step.workshop.id, name, role=role)  # the token is thrown away
    person.kind = "paper"
    step.payload = {"name": name, "kind": "paper", **({"role": role} if role else {})}
    step.event_type, step.actor_key, step.entered_by = "participant.join", f"p{person.id}", step.principal.key
    step.created = [person.id]


def table_head_count(step: Step) -> None:
    """participant.table {head_count}: a table corrects how many people sit at it. Its later
    votes carry the new count; votes already cast keep theirs (events.weight)."""
    if step.principal.role != "participant":
        raise ToolError("forbidden", "Only a table's own phone can change its head count.")
    person = step.session.get(Participant, step.principal.participant_id)
    if person is None or person.kind != "table":
        raise ToolError("forbidden", "Only a table (a phone joined for several people) has a head count.")
    given = step.intent.payload.get("head_count")
    try:
        # an intent sends a number (only the join form's text is parsed)
        person.head_count = clean_head_count(None if isinstance(given, str) else given)
    except ValueError as exc:
        raise ToolError("bad_request", str(exc)) from None
    step.payload = {"head_count": person.head_count}


def remove_one(step: Step) -> None:
    pid = step.intent.payload.get("participant")
    person = step.session.get(Participant, pid) if is_id(pid) else None
    if person is None or person.workshop_id != step.workshop.id or person.removed:
        raise ToolError("not_found", "That participant is not in this workshop.")
    person.removed = True
    step.removed_participants = [person.id]
    step.payload = {"participant": person.id}


def remove_many(step: Step) -> None:
    payload = step.intent.payload
    given = [key for key in SELECTORS if key in payload]
    if len(given) != 1:
        raise ToolError("bad_request", "Say whom to remove: one of 'after' (a participant id), "
                                       "'unnamed' (true) or 'participants' (a list of ids).")
    selector = given[0]
    people = _present(step)
    if selector == "after":
        chosen = _joined_after(step, people, payload["after"])
    elif selector == "unnamed":
        if payload["unnamed"] is not True:
            raise ToolError("bad_request", "'unnamed' must be true.")
        chosen = [p for p in people if p.name is None]
    else:
        chosen = _listed(people, payload["participants"])
    if not chosen:
        raise ToolError("not_found", "Nobody in this workshop matches, so nobody was removed.")
    for person in chosen:
        person.removed = True
    step.removed_participants = [p.id for p in chosen]
    step.payload = {selector: payload[selector], "removed": step.removed_participants}


def _present(step: Step) -> list[Participant]:
    """Everyone not yet removed, in the order they joined (ids are given out in that order)."""
    return list(step.session.scalars(select(Participant).where(
        Participant.workshop_id == step.workshop.id, Participant.removed.is_(False)).order_by(Participant.id)))


def _joined_after(step: Step, people: list[Participant], marker: object) -> list[Participant]:
    if isinstance(marker, bool) or not isinstance(marker, int):
        raise ToolError("bad_request", "'after' is a participant id (a whole number).")
    person = step.session.get(Participant, marker) if is_id(marker) else None
    if person is None or person.workshop_id != step.workshop.id:
        raise ToolError("not_found", "'after' names a participant who is not in this workshop.")
    return [p for p in people if p.id > person.id]


def _listed(people: list[Participant], ids: object) -> list[Participant]:
    if not isinstance(ids, list) or not ids or len(ids) > MAX_PARTICIPANTS or not all(is_id(i) for i in ids):
        raise ToolError("bad_request", f"'participants' is a list of 1 to {MAX_PARTICIPANTS} participant ids.")
    by_id = {p.id: p for p in people}
    missing = {i for i in ids if i not in by_id}
    if missing:
        raise ToolError("not_found", f"{len(missing)} of those people are not in this workshop (or were "
                                     "removed already); nobody was removed.")
    return [by_id[i] for i in sorted(set(ids))]
