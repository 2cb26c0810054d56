"""A whole workshop as JSON, and back: details, record edits, agenda (configs and states),
participants' display names (with the roles they gave, and kinds: a "paper" participant is one a
facilitator entered things for), the event log (with who entered a step for a paper participant: `entered_by`, written as
"facilitator" like the facilitator's own steps) and progress on the actions.

Ids are written as references local to the file (activities 1..n in agenda order, participants
1..m in joining order), so a workshop imported and exported again gives the same file. Join
codes, board keys, plan links and participants' tokens are secrets and are not exported: an
imported workshop gets new ones and is never open (phones join again when it is reopened).

The file holds participants' display names and named contributions. Anonymous contributions and
votes are filed under per-activity pseudonyms (engine.identity) in both the states and the log,
and the participants' pseudonym keys are not exported, so nothing here links them to a person.
"""
from __future__ import annotations

import json
import secrets
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import participants, review, tools
from ..models import ActionUpdate, Activity, Event, Facilitator, Participant, User, Workshop
from ..tools.base import ToolError
from .build import NotFound

FORMAT, VERSION = "workshop-backup", 1
DETAILS = {"school": 200, "ics": 300, "focus": 2000, "key_messages": 6000}
# Event payload fields that hold an activity or a participant id, by event type.
ACTIVITY_KEYS = {"control.goto": "activity", "activity.import": "from", "agenda.add": "after"}
PARTICIPANT_KEYS = {"participant.remove": "participant"}
KINDS = ("person", "table", "paper")  # models.Participant.kind


class BackupError(ValueError):
    """The file is not a workshop backup this version can import."""


def _is_id(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _remap(obj, activities: dict, people: dict):
    """A copy with card sources' activity ids and cards' author ids translated (unknown: None)."""
    if isinstance(obj, list):
        return [_remap(v, activities, people) for v in obj]
    if not isinstance(obj, dict):
        return obj
    out = {}
    for key, value in obj.items():
        if key == "source" and isinstance(value, dict) and _is_id(value.get("activity")):
            value = {**value, "activity": activities.get(value["activity"])}
        elif key == "author" and _is_id(value):
            value = people.get(value)
        out[key] = _remap(value, activities, people)
    return out


def _event_payload(kind: str, payload: dict, activities: dict, people: dict) -> dict:
    payload = _remap(payload, activities, people)
    if kind in ACTIVITY_KEYS and _is_id(payload.get(ACTIVITY_KEYS[kind])):
        payload[ACTIVITY_KEYS[kind]] = activities.get(payload[ACTIVITY_KEYS[kind]])
    if kind in PARTICIPANT_KEYS and _is_id(payload.get(PARTICIPANT_KEYS[kind])):
        payload[PARTICIPANT_KEYS[kind]] = people.get(payload[PARTICIPANT_KEYS[kind]])
    return payload


def _actor(actor: str, people: dict, facilitator: str) -> str:
    if actor.startswith("u"):
        return facilitator
    if actor.startswith("p") and actor[1:].isdigit() and int(actor[1:]) in people:
        return f"p{people[int(actor[1:])]}"
    return actor


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


# --- export ----------------------------------------------------------------------------

def export(session: Session, workshop_id: int) -> dict:
    ws = session.get(Workshop, workshop_id)
    if ws is None:
        raise NotFound(f"There is no workshop {workshop_id}.")
    activities = {a.id: n for n, a in enumerate(ws.activities, 1)}
    people_rows = list(session.scalars(select(Participant).where(Participant.workshop_id == ws.id)
                                       .order_by(Participant.id)))
    people = {p.id: n for n, p in enumerate(people_rows, 1)}
    events = session.scalars(select(Event).where(Event.workshop_id == ws.id).order_by(Event.version))
    updates = session.scalars(select(ActionUpdate).where(ActionUpdate.workshop_id == ws.id)
                              .order_by(ActionUpdate.created_at, ActionUpdate.id))
    return {
        "format": FORMAT, "format_version": VERSION,
        "workshop": {"school": ws.school, "date": _iso(ws.date), "ics": ws.ics, "focus": ws.focus,
                     "key_messages": ws.key_messages, "status": ws.status, "archived": ws.archived,
                     "version": ws.version, "created_at": _iso(ws.created_at),
                     "control": {**ws.control, "activity": activities.get(ws.control.get("activity"))},
                     "record": ws.record, "review": ws.review},
        "activities": [{"ref": activities[a.id], "section": a.section, "tool": a.tool, "title": a.title,
                        "prompt": a.prompt, "config": a.config, "state": _remap(a.state, activities, people)}
                       for a in ws.activities],
        "participants": [{"ref": people[p.id], "name": p.name, "joined_at": _iso(p.joined_at),
                          "removed": p.removed, "kind": p.kind, **_table(p),
                          **({"role": p.role} if p.role else {})} for p in people_rows],
        "events": [{"version": e.version, "intent_id": e.intent_id, "activity": activities.get(e.activity_id),
                    "actor": _actor(e.actor, people, "facilitator"), "type": e.type,
                    "payload": _event_payload(e.type, e.payload, activities, people), "at": e.at,
                    "undone": e.undone, "entered_by": e.entered_by and "facilitator",
                    **({"weight": e.weight} if e.weight else {})} for e in events],
        "progress": [{"action": u.action_key, "status": u.status, "rag": u.rag, "note": u.note, "by": u.by,
                      "via": u.via, "created_at": _iso(u.created_at)} for u in updates],
    }


def _table(person: Participant) -> dict:
    """A table's kind and head count (issue 12); a person's entry stays as it was."""
    return {"kind": "table", "head_count": person.head_count} if person.kind == "table" else {}


def _weight(raw: dict, where: str) -> int | None:
    weight = raw.get("weight")
    _need(weight is None or (_is_id(weight) and weight <= 1000), f"{where}: bad weight.")
    return weight


def dumps(doc: dict) -> bytes:
    return json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8")


# --- import ----------------------------------------------------------------------------

def _need(cond: bool, message: str) -> None:
    if not cond:
        raise BackupError(message)


def _text(obj: dict, key: str, limit: int, where: str, required: bool = False) -> str:
    value = obj.get(key, "")
    _need(isinstance(value, str) and len(value) <= limit, f"{where}: '{key}' must be text of at most {limit} characters.")
    _need(not required or bool(value.strip()), f"{where}: '{key}' is required.")
    return value


def _when(value, where: str, kind=datetime):
    if value is None:
        return None
    try:
        return kind.fromisoformat(value)
    except (TypeError, ValueError):
        raise BackupError(f"{where}: {value!r} is not a date.") from None


def loads(data: bytes | str) -> dict:
    try:
        doc = json.loads(data)
    except (ValueError, UnicodeDecodeError) as exc:
        raise BackupError(f"Not a JSON file: {exc}") from None
    _need(isinstance(doc, dict) and doc.get("format") == FORMAT, "This is not a workshop backup.")
    _need(doc.get("format_version") == VERSION, f"This backup is version {doc.get('format_version')!r}; "
                                                 f"this app reads version {VERSION}.")
    for key in ("workshop", "activities", "participants", "events", "progress"):
        _need(isinstance(doc.get(key), dict if key == "workshop" else list), f"The backup has no valid '{key}'.")
    return doc


def import_workshop(session: Session, doc: dict, owner: User) -> Workshop:
    """Recreate the workshop in the caller's (write) session; nothing is written if it fails."""
    details = doc["workshop"]
    ws = Workshop(owner_id=owner.id, board_key=secrets.token_urlsafe(24), join_code=None,
                  school=_text(details, "school", DETAILS["school"], "workshop", required=True),
                  **{k: _text(details, k, limit, "workshop") for k, limit in DETAILS.items() if k != "school"},
                  date=_when(details.get("date"), "workshop date", date),
                  status="closed" if details.get("status") == "open" else details.get("status", "draft"),
                  archived=bool(details.get("archived")), version=details.get("version", 0),
                  record=details.get("record"), control={"activity": None})
    _need(ws.status in ("draft", "closed"), "workshop: unknown status.")
    _need(_is_id(ws.version) and ws.version >= 0, "workshop: bad version.")
    _need(ws.record is None or isinstance(ws.record, dict), "workshop: 'record' must be an object.")
    if details.get("review") is not None:  # older backups have none
        try:
            ws.review = review.clean(details["review"])
        except ToolError as exc:
            raise BackupError(f"workshop: the review's findings: {exc.message}") from None
    if details.get("created_at"):
        ws.created_at = _when(details["created_at"], "workshop created_at")
    ws.facilitators.append(Facilitator(user_id=owner.id, role="owner"))
    session.add(ws)

    activities = []
    for n, raw in enumerate(doc["activities"]):
        where = f"activity {n + 1}"
        _need(isinstance(raw, dict) and raw.get("ref") == n + 1, f"{where}: bad or out-of-order 'ref'.")
        try:
            tools.get(raw.get("tool") if isinstance(raw.get("tool"), str) else "")
        except ToolError:
            raise BackupError(f"{where}: unknown tool {raw.get('tool')!r}.") from None
        _need(isinstance(raw.get("config"), dict) and isinstance(raw.get("state"), dict),
              f"{where}: 'config' and 'state' must be objects.")
        activities.append(Activity(position=n, tool=raw["tool"], config=raw["config"], state=raw["state"],
                                   section=_text(raw, "section", 120, where), prompt=_text(raw, "prompt", 1000, where),
                                   title=_text(raw, "title", 200, where, required=True)))
    ws.activities = activities
    people = []
    for n, raw in enumerate(doc["participants"]):
        where = f"participant {n + 1}"
        _need(isinstance(raw, dict) and raw.get("ref") == n + 1, f"{where}: bad or out-of-order 'ref'.")
        name = raw.get("name")
        _need(name is None or (isinstance(name, str) and len(name) <= 60), f"{where}: bad name.")
        kind = raw.get("kind", "person")
        _need(kind in KINDS, f"{where}: unknown kind {kind!r}.")
        try:  # as the join checks it: kept only beside a name, never for a table
            role = participants.clean_role(raw.get("role"), name) if kind != "table" else None
        except ValueError as exc:
            raise BackupError(f"{where}: {exc}") from None
        person = Participant(token_hash=secrets.token_hex(32), name=name, kind=kind, removed=bool(raw.get("removed")),
                             joined_at=_when(raw.get("joined_at"), where) or datetime.now(), role=role)
        if kind == "table":
            _need(_is_id(raw.get("head_count")) and raw["head_count"] <= 1000, f"{where}: bad head count.")
            person.head_count = raw["head_count"]
        people.append(person)
    session.flush()  # the workshop's and activities' ids
    for person in people:
        person.workshop_id = ws.id
        session.add(person)
    session.flush()

    act_ids = {n: a.id for n, a in enumerate(activities, 1)}
    person_ids = {n: p.id for n, p in enumerate(people, 1)}
    for activity in activities:
        activity.state = _remap(activity.state, act_ids, person_ids)
    control = details.get("control")
    _need(isinstance(control, dict), "workshop: 'control' must be an object.")
    ws.control = {**control, "activity": act_ids.get(control.get("activity"))}
    seen = set()
    for n, raw in enumerate(doc["events"]):
        where = f"event {n + 1}"
        _need(isinstance(raw, dict) and _is_id(raw.get("version")) and raw["version"] not in seen
              and isinstance(raw.get("type"), str) and isinstance(raw.get("payload"), dict)
              and isinstance(raw.get("intent_id"), str) and isinstance(raw.get("actor"), str)
              and _is_id(raw.get("at")), f"{where} is not valid.")
        seen.add(raw["version"])
        session.add(Event(workshop_id=ws.id, version=raw["version"], intent_id=raw["intent_id"][:64],
                          activity_id=act_ids.get(raw.get("activity")), type=raw["type"][:40],
                          actor=_actor_in(raw["actor"], person_ids, owner.id),
                          payload=_event_payload(raw["type"], raw["payload"], act_ids, person_ids),
                          at=raw["at"], undone=bool(raw.get("undone")), weight=_weight(raw, where),
                          entered_by=f"u{owner.id}" if raw.get("entered_by") else None))
    for n, raw in enumerate(doc["progress"]):
        where = f"progress update {n + 1}"
        _need(isinstance(raw, dict) and isinstance(raw.get("action"), str) and isinstance(raw.get("status"), str),
              f"{where} is not valid.")
        session.add(ActionUpdate(workshop_id=ws.id, action_key=raw["action"][:40], status=raw["status"][:16],
                                 rag=_text(raw, "rag", 8, where), note=_text(raw, "note", 2000, where),
                                 by=_text(raw, "by", 120, where), via=_text(raw, "via", 8, where) or "ic",
                                 created_at=_when(raw.get("created_at"), where) or datetime.now()))
    session.flush()
    return ws


def _actor_in(actor: str, people: dict, owner_id: int) -> str:
    if actor == "facilitator":
        return f"u{owner_id}"
    if actor.startswith("p") and actor[1:].isdigit() and int(actor[1:]) in people:
        return f"p{people[int(actor[1:])]}"
    return actor[:40]
