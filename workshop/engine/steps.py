"""What each intent does to the workshop, inside the one transaction the service opened.

Tool intents go to the tool's pure reducer; the workshop's own steps (agenda, control, timer,
joining, undo) are here. Each step returns the payload to record in the event log (the payload
as applied, e.g. with an import's cards resolved) so that replay reproduces the state exactly.
"""
from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, load_only

from .. import partnerships, review, tools
from ..join_codes import new_join_code
from ..models import Activity, Event, Participant, Workshop
from ..record.edits import apply_update as record_apply_update
from ..tools.base import ToolError, check_keys, text_field
from . import control, identity, imports, people, plan, replay
from .envelope import Intent, Principal, is_id

UNDOABLE = {"control.goto", "timer.start", "timer.pause", "timer.resume", "timer.add", "timer.reset",
            "activity.open", "activity.close", "activity.reveal", "activity.conceal", "activity.import"}


@dataclass
class Step:
    session: Session
    workshop: Workshop
    principal: Principal
    intent: Intent
    at: int
    seq: int
    payload: dict = field(default_factory=dict)  # what the event log records
    activity: Activity | None = None
    removed_participants: list[int] = field(default_factory=list)  # to cut off after the commit
    actor_key: str | None = None  # how the event log names the actor, when not principal.key
    event_type: str | None = None  # the event log's type, when not the intent's (participant.add_paper logs a join)
    entered_by: str | None = None  # "u<id>": the facilitator who entered the step for the actor (engine.behalf)
    created: list | None = None  # what the step made, for its ack, when created_ids can't find it
    weight: int | None = None  # events.weight: a table's head count on its tool steps (None is 1)


def _facilitator_only(step: Step) -> None:
    if step.principal.role != "facilitator":
        raise ToolError("forbidden", "Only the facilitator can do that.")


def _activity(step: Step, activity_id: int | None) -> Activity:
    if activity_id is None:
        raise ToolError("bad_request", "Say which activity.")
    if not is_id(activity_id):
        raise ToolError("bad_request", "An activity is named by its id (a whole number).")
    activity = step.session.get(Activity, activity_id)
    if activity is None or activity.workshop_id != step.workshop.id:
        raise ToolError("not_found", "That activity is not in this workshop.")
    return activity


def activity_ids(session: Session, workshop_id: int) -> set[int]:
    """The ids on the agenda, without loading (and decoding the JSON state of) every activity."""
    return set(session.scalars(select(Activity.id).where(Activity.workshop_id == workshop_id)))


def _agenda(step: Step) -> list[Activity]:
    """The agenda in order, for the steps that renumber it: only ids and positions are read (an
    activity already in the session, e.g. the one the step names, comes back whole)."""
    return list(step.session.scalars(
        select(Activity).where(Activity.workshop_id == step.workshop.id).order_by(Activity.position)
        .options(load_only(Activity.id, Activity.workshop_id, Activity.position))))


# --- workshop ---------------------------------------------------------------------------

def _open(step: Step) -> None:
    ws = step.workshop
    if ws.status == "open":
        raise ToolError("conflict", "The workshop is already open.")
    code = _unused_join_code(step.session)
    ws.status, ws.join_code, ws.archived = "open", code, False
    step.payload = {"code": code}


def _unused_join_code(session: Session) -> str:
    """A fresh code no open workshop holds (a clash is one in 31**8 / open workshops: retry)."""
    while True:
        code = new_join_code()
        if session.scalar(select(Workshop.id).where(Workshop.join_code == code)) is None:
            return code


def _close(step: Step) -> None:
    ws = step.workshop
    if ws.status != "open":
        raise ToolError("conflict", "The workshop is not open.")
    ws.status, ws.join_code = "closed", None


def _archive(step: Step) -> None:
    """Close (if open), then archive, in this one transaction: nothing is archived unless the close
    went through. A new board key, so the board link dies with the workshop (a restore doesn't
    bring the old one back)."""
    ws = step.workshop
    if ws.archived:
        raise ToolError("conflict", "The workshop is already archived.")
    if ws.status == "open":
        _close(step)
    ws.archived, ws.board_key = True, secrets.token_urlsafe(24)
    step.payload = {}


def _restore(step: Step) -> None:
    if not step.workshop.archived:
        raise ToolError("conflict", "The workshop is not archived.")
    step.workshop.archived = False
    step.payload = {}


DETAIL_LIMITS = {"school": 200, "ics": 300, "focus": 2000, "key_messages": 6000}
# The partnership the workshop's school belongs to, and which of its schools it is: ids, or null.
PARTNERSHIP_KEYS = {"partnership", "partner_school"}


def _update_details(step: Step) -> None:
    payload, ws = step.intent.payload, step.workshop
    unknown = set(payload) - {*DETAIL_LIMITS, "date", "review", *PARTNERSHIP_KEYS}
    if unknown:
        raise ToolError("bad_request", f"Unknown detail(s): {', '.join(sorted(unknown))}.")
    # The review's findings are replaced whole (as the details form sends them), checked first.
    found = review.clean(payload["review"]) if "review" in payload else None
    partnership, school = _partnership_link(step)
    for key, limit in DETAIL_LIMITS.items():
        if key in payload:
            value = payload[key]
            if not isinstance(value, str):
                raise ToolError("bad_request", f"{key} must be text.")
            value = value.strip()
            if key == "school" and not value:
                raise ToolError("empty", "The host school is required.")
            if len(value) > limit:
                raise ToolError("too_long", f"{key.replace('_', ' ').capitalize()} can be at most {limit} characters.")
            setattr(ws, key, value)
    if "date" in payload:
        try:
            ws.date = date.fromisoformat(payload["date"]) if payload["date"] else None
        except (TypeError, ValueError):
            raise ToolError("bad_request", "The date must look like 2026-11-26.") from None
    if "review" in payload:
        ws.review = found
        payload = {**payload, "review": found}
    ws.partnership_id, ws.partner_school_id = partnership, school
    step.payload = payload


def _partnership_link(step: Step) -> tuple[int | None, int | None]:
    """The workshop's partnership and school after this update, checked (before anything changes):
    only a partnership the acting IC is a member of, or the one it already has; only one of its
    schools. A new partnership without a school named clears the school."""
    payload, ws = step.intent.payload, step.workshop
    partnership = payload.get("partnership", ws.partnership_id)
    kept = partnership == ws.partnership_id and not isinstance(partnership, bool)
    school = payload.get("partner_school", ws.partner_school_id if kept else None)
    try:
        partnerships.check_link(step.session, step.principal.user_id, partnership, school, ws.partnership_id)
    except partnerships.NotFound as exc:
        raise ToolError("not_found", str(exc)) from None
    except partnerships.Refused as exc:
        raise ToolError("bad_request", str(exc)) from None
    return partnership, school


def _record_update(step: Step) -> None:
    """The facilitator's edits of the summary record (not undoable, like workshop.update)."""
    if step.intent.activity is not None:
        raise ToolError("bad_request", "record.update acts on the workshop, not an activity.")
    ws = step.workshop
    ws.record, step.payload = record_apply_update(ws.record, step.intent.payload, ws.date, step.seq)


# --- control and timer --------------------------------------------------------------------

def _control(step: Step) -> None:
    ids = activity_ids(step.session, step.workshop.id)
    left = step.workshop.control["activity"]
    step.workshop.control = control.apply(step.workshop.control, {
        "type": step.intent.type, "payload": step.intent.payload, "at": step.at}, ids)
    step.payload = step.intent.payload
    if step.intent.type == "control.goto" and left is not None and left != step.workshop.control["activity"]:
        _close_left(step, left)


def _close_left(step: Step, left: int) -> None:
    """Moving on closes the input of the activity being left, in the same event (so one undo
    reopens it too): phones can't keep adding to a step the room has finished. The event is
    filed under that activity with "closed" in its payload, which replay.activity applies."""
    is_open = step.session.scalar(select(Activity.state["open"].as_boolean()).where(
        Activity.id == left, Activity.workshop_id == step.workshop.id))  # no decoding a closed one's state
    if not is_open:
        return
    activity = step.session.get(Activity, left)
    _apply_tool(step, activity, {"type": "activity.close", "payload": {}})
    step.payload = {**step.intent.payload, "closed": activity.id}


# --- agenda -------------------------------------------------------------------------------

AGENDA_LIMITS = {"title": 200, "prompt": 1000, "section": 120}  # title and section fit models.Activity's columns


def _agenda_fields(payload: dict, *, required: bool) -> dict:
    fields = {}
    for key, limit in AGENDA_LIMITS.items():
        if key in payload or (required and key == "title"):
            fields[key] = text_field(payload, key, limit=limit, what=key.capitalize(),
                                     required=key == "title")
    return fields


def _renumber(activities: list[Activity]) -> None:
    for n, a in enumerate(activities):
        a.position = n


def _agenda_add(step: Step) -> None:
    payload = step.intent.payload
    tool = tools.get(payload.get("tool") if isinstance(payload.get("tool"), str) else "")
    fields = _agenda_fields(payload, required=True)
    config = payload.get("config") or {}
    if not isinstance(config, dict):
        raise ToolError("bad_request", "config must be an object.")
    after = payload.get("after")
    after = _activity(step, after) if after is not None else None
    ordered = _agenda(step)
    index = ordered.index(after) + 1 if after is not None else len(ordered)
    minutes = plan.checked_minutes(payload)
    activity = Activity(workshop_id=step.workshop.id, tool=tool.name, config=plan.with_minutes(config, minutes),
                        state=tool.initial_state(config), position=index, **fields)
    if minutes is None:
        _follow_time_contract(activity, None)
    ordered.insert(index, activity)
    step.session.add(activity)
    _renumber(ordered)
    step.session.flush()  # the new id goes into the log
    step.activity = activity
    step.payload = {**payload, "config": config}


def _agenda_update(step: Step) -> None:
    activity = _activity(step, step.intent.activity)
    fields = _agenda_fields(step.intent.payload, required=False)
    if plan.MINUTES_KEY in step.intent.payload:  # null clears the plan
        activity.config = plan.with_minutes(activity.config or {}, plan.checked_minutes(step.intent.payload))
    for key, value in fields.items():
        setattr(activity, key, value)
    step.activity, step.payload = activity, step.intent.payload


def _agenda_move(step: Step) -> None:
    activity = _activity(step, step.intent.activity)
    position = step.intent.payload.get("position")
    ordered = _agenda(step)
    if isinstance(position, bool) or not isinstance(position, int) or not 0 <= position < len(ordered):
        raise ToolError("bad_request", f"position must be between 0 and {len(ordered) - 1}.")
    ordered.remove(activity)
    ordered.insert(position, activity)
    _renumber(ordered)
    step.activity, step.payload = activity, step.intent.payload


def _agenda_remove(step: Step) -> None:
    activity = _activity(step, step.intent.activity)
    if tools.get(activity.tool).has_contributions(activity.state):
        raise ToolError("conflict", "This activity already has contributions, so it can't be removed.")
    if step.workshop.control["activity"] == activity.id:
        step.workshop.control = {**step.workshop.control, "activity": None}
    ordered = [a for a in _agenda(step) if a.id != activity.id]
    step.session.delete(activity)
    _renumber(ordered)
    step.payload = {}


# --- activities --------------------------------------------------------------------------

def _import(step: Step) -> None:
    """Bring cards in (engine.imports says which), each linked to where it came from, through the
    receiving tool's own import. Other payload fields are that tool's options (e.g. a bone)."""
    payload = step.intent.payload
    activity = _activity(step, step.intent.activity)
    if payload.get("from") == imports.KEY_MESSAGES:
        top = imports.top_of(payload)
        kind = imports.import_type(activity, "elsewhere")
        origin, cards = imports.KEY_MESSAGES, imports.key_message_cards(step.workshop.key_messages, top)
        options = imports.options(payload, imports.KEY_MESSAGES)
    else:
        source = _activity(step, payload.get("from"))
        if source.id == activity.id:
            raise ToolError("conflict", "An activity can't take cards from itself.")
        top = imports.top_of(payload)
        kind = imports.import_type(activity, "other activities")
        origin, cards = source.id, imports.outcome_cards(source, payload, top)
        options = imports.options(payload, "activity")
    _apply_tool(step, activity, {"type": kind, "payload": {**options, "cards": cards}})
    step.payload = {**options, "from": origin, "cards": cards}


def _apply_tool(step: Step, activity: Activity, intent: dict) -> None:
    tools.check_payload(activity.tool, intent["type"], intent["payload"])
    actor = step.principal.actor_in(activity.id, activity.state)
    if step.principal.role == "participant":
        step.actor_key = identity.event_actor(actor)
        step.weight = actor.weight if actor.weight > 1 else None
    before = activity.state
    activity.state = tools.apply(activity.tool, activity.state, {**intent, "at": step.at, "seq": step.seq}, actor)
    _follow_time_contract(activity, before)
    step.activity = activity


def _follow_time_contract(activity: Activity, before: dict | None) -> None:
    """A tool that keeps its own time (a PSTB's 20, 30 or 45-minute contract: `time_contract`)
    plans its agenda item with it when the contract is set or changes, so the time plan and the
    expected end stay true; minutes the facilitator plans by hand stand until the contract changes."""
    contract = getattr(tools.get(activity.tool), "time_contract", None)
    minutes = contract(activity.state) if contract else None
    if minutes is not None and (before is None or contract(before) != minutes):
        activity.config = plan.with_minutes(activity.config or {}, minutes)


def _tool_intent(step: Step) -> None:
    activity = _activity(step, step.intent.activity)
    if step.principal.role == "participant":
        if step.workshop.status != "open":
            raise ToolError("closed", "This workshop is closed.")
        if step.workshop.control["activity"] != activity.id:
            raise ToolError("closed", "The group has moved on to another activity.")
        if not activity.state.get("open"):
            raise ToolError("closed", "Input is closed for this activity.")
    _apply_tool(step, activity, {"type": step.intent.type, "payload": step.intent.payload})
    step.payload = step.intent.payload


# --- undo --------------------------------------------------------------------------------

def _undo(step: Step) -> None:
    s, ws = step.session, step.workshop
    last = s.scalar(select(Event).where(Event.workshop_id == ws.id, Event.actor.like("u%"),
                                        Event.type != "undo", Event.undone.is_(False))
                    .order_by(Event.version.desc()).limit(1))
    if last is None:
        raise ToolError("nothing_to_undo", "There is nothing to undo.")
    if last.type not in UNDOABLE and last.type in WORKSHOP_STEPS:
        raise ToolError("nothing_to_undo", f"The last step ({last.type}) can't be undone.")
    last.undone = True
    s.flush()
    if last.type in control.CONTROL_TYPES:
        ws.control = replay.control(s, ws)
        closed = s.get(Activity, last.payload.get("closed") or 0)  # a goto also closed the activity it left
        if closed is not None and closed.workshop_id == ws.id:
            closed.state = replay.activity(s, closed)
            step.activity = closed
    else:
        activity = _activity(step, last.activity_id)
        before, activity.state = activity.state, replay.activity(s, activity)
        _follow_time_contract(activity, before)
        step.activity = activity
    step.payload = {"version": last.version}


WORKSHOP_STEPS = {
    "workshop.open": _open, "workshop.close": _close, "workshop.update": _update_details,
    "record.update": _record_update,
    "agenda.add": _agenda_add, "agenda.update": _agenda_update, "agenda.move": _agenda_move,
    "agenda.remove": _agenda_remove, "participant.remove": people.remove_one,
    "participant.remove_many": people.remove_many, "participant.add_paper": people.add_paper,
    "activity.import": _import, "undo": _undo,
    **{t: _control for t in control.CONTROL_TYPES},
}


# The fields each workshop step's payload may carry (tool intents: tools.check_payload).
# activity.import's other fields are the receiving tool's import options, checked there.
WORKSHOP_KEYS = {
    "workshop.open": set(), "workshop.close": set(), "workshop.update": {*DETAIL_LIMITS, "date", "review", *PARTNERSHIP_KEYS},
    "agenda.add": {"tool", "title", "prompt", "section", "after", "config", plan.MINUTES_KEY},
    "agenda.update": {"title", "prompt", "section", plan.MINUTES_KEY}, "agenda.move": {"position"}, "agenda.remove": set(),
    "participant.remove": {"participant"}, "participant.remove_many": set(people.SELECTORS), "undo": set(),
    "participant.add_paper": {"name", "role"},
    "joins.stop": set(), "joins.open": set(),
    "control.goto": {"activity"}, "timer.start": {"seconds"}, "timer.add": {"seconds"},
    "timer.pause": set(), "timer.resume": set(), "timer.reset": set(),
}


# Archiving and restoring (the dashboard's form; not undoable).
WORKSHOP_STEPS.update({"workshop.archive": _archive, "workshop.restore": _restore})
WORKSHOP_KEYS.update({"workshop.archive": set(), "workshop.restore": set()})


# A participant's own steps on the workshop (not on an activity).
PARTICIPANT_STEPS = {"participant.table": people.table_head_count}
PARTICIPANT_KEYS = {"participant.table": {"head_count"}}


def run(step: Step) -> None:
    if step.intent.type in PARTICIPANT_STEPS:
        check_keys(step.intent.payload, PARTICIPANT_KEYS[step.intent.type], step.intent.type)
        PARTICIPANT_STEPS[step.intent.type](step)
        return
    handler = WORKSHOP_STEPS.get(step.intent.type)
    if handler is None:
        _tool_intent(step)
        return
    _facilitator_only(step)
    if step.intent.type in WORKSHOP_KEYS:  # record.update and activity.import check their own
        check_keys(step.intent.payload, WORKSHOP_KEYS[step.intent.type], step.intent.type)
    handler(step)


def created_ids(kind: str, activity: Activity | None, seq: int) -> list | None:
    """What the step at version `seq` created, for its ack (so a client needn't diff lists, which
    races with a co-facilitator): agenda.add's new activity id, else the ids in the activity's
    state the step made. Reducers make ids from the version only (c<seq>, c<seq>-<n> for an import,
    k<seq>-<n> columns, b<seq>-<n> bones, v<seq> a vote), so they are found without a diff."""
    if activity is None:
        return None
    if kind == "agenda.add":
        return [activity.id]
    made = re.compile(rf"[a-z]{seq}(-\d+)?")
    found = [entry["id"] for value in activity.state.values() for entry in (value if isinstance(value, list) else [value])
             if isinstance(entry, dict) and isinstance(entry.get("id"), str) and made.fullmatch(entry["id"])]
    return found or None


def count_participants(session: Session, workshop_id: int) -> int:
    return session.scalar(select(func.count()).select_from(Participant).where(
        Participant.workshop_id == workshop_id, Participant.removed.is_(False))) or 0


def claim_version(session: Session, workshop: Workshop) -> bool:
    """Take the next version if nobody else did since we read it (the optimistic check)."""
    done = session.execute(update(Workshop).where(Workshop.id == workshop.id, Workshop.version == workshop.version)
                           .values(version=workshop.version + 1).execution_options(synchronize_session=False))
    return done.rowcount == 1
