"""Acting on someone's behalf: a facilitator enters a paper participant's ideas, votes, ratings
and responses from the console (staff without phones).

An intent with `on_behalf` (a participant id) is accepted only from a facilitator of the
workshop, only for a paper participant of that workshop who has not been removed, and only for
an activity's own steps (never the agenda, control, timer, stage — open, close, reveal,
conceal — or people). The service then runs the
step exactly as that participant: their Principal with their pseudonym key, so in an anonymous
activity they act as their pseudonym, and the tool's allowances and one-vote rules count them
like anyone. The event's actor is theirs; `entered_by` names the facilitator ("u<id>").
"""
from __future__ import annotations

from sqlalchemy.orm import Session

from ..models import Participant, Workshop
from ..tools.base import STAGE_INTENTS, ToolError
from .envelope import Principal, is_id

PAPER = "paper"


def paper_participant(session: Session, workshop: Workshop, principal: Principal, participant_id: object) -> Participant:
    """The paper participant a facilitator may act for, or ToolError saying why not."""
    if principal.role != "facilitator":
        raise ToolError("forbidden", "Only a facilitator can enter something on someone else's behalf.")
    person = session.get(Participant, participant_id) if is_id(participant_id) else None
    if person is None or person.workshop_id != workshop.id:
        raise ToolError("not_found", "That participant is not in this workshop.")
    name = person.name or f"Participant #{person.id}"
    if person.removed:
        raise ToolError("not_found", f"{name} was removed from this workshop; add them again to enter for them.")
    if person.kind != PAPER:
        raise ToolError("forbidden", f"{name} takes part on their own device; only paper participants "
                                     "can have things entered for them.")
    return person


def acting_principal(session: Session, workshop: Workshop, principal: Principal, intent_type: str,
                     participant_id: object, workshop_steps) -> Principal:
    """Who the step runs as: the paper participant, with their pseudonym key."""
    if principal.role == "facilitator" and (intent_type in workshop_steps or intent_type in STAGE_INTENTS):
        raise ToolError("forbidden", f"{intent_type} is the facilitator's own step; only an activity's "
                                     "steps (adding, voting, rating, answering) can be entered on someone's behalf.")
    person = paper_participant(session, workshop, principal, participant_id)
    return Principal("participant", participant_id=person.id, name=person.name, pseudonym_key=person.pseudonym_key)
