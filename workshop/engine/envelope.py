"""Checking what arrives before anything else looks at it: the intent envelope and the actor."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..tools.base import Actor, ToolError
from . import identity
from .control import CONTROL_TYPES

INTENT_ID = re.compile(r"[A-Za-z0-9_-]{8,64}")
TYPE = re.compile(r"[a-z_]+(\.[a-z_]+)?")
MAX_PAYLOAD_KEYS = 20
# Ids are 32-bit in the database; numbers from a browser are at most 2**53. Anything bigger is
# refused here, before it can reach a query (SQLite and PostgreSQL raise on it).
MAX_ID = 2**31 - 1
MAX_NUMBER = 2**53
MAX_DEPTH = 8  # nothing we accept nests deeper


@dataclass(frozen=True)
class Principal:
    """An authenticated connection: a facilitator (user), a participant, or a board."""

    role: str  # "facilitator" | "participant" | "board"
    user_id: int | None = None
    participant_id: int | None = None
    name: str | None = None
    pseudonym_key: str | None = field(default=None, repr=False)  # secret: engine.identity
    weight: int = 1  # a table's head count (participants.kind "table"), else 1
    table: str | None = None  # a table's name (for results by table), else None

    @property
    def key(self) -> str:
        """How the event log names the actor."""
        if self.role == "facilitator":
            return f"u{self.user_id}"
        if self.role == "participant":
            return f"p{self.participant_id}"
        return "board"

    def actor(self) -> Actor:
        return Actor(role=self.role, participant=self.participant_id, name=self.name)

    def actor_in(self, activity_id: int, state: dict) -> Actor:
        """Who this principal is inside an activity: a participant in an anonymous one acts as
        a pseudonym (engine.identity)."""
        if self.role != "participant":
            return self.actor()
        return identity.participant_actor(self.participant_id, self.name, self.pseudonym_key, activity_id, state,
                                          weight=self.weight, table=self.table)

    def keys_in(self, activity_id: int | None) -> set[str]:
        """Every name the event log may file this principal's steps on that activity under."""
        keys = {self.key}
        if self.role == "participant" and self.pseudonym_key and activity_id is not None:
            keys.add(identity.pseudonym(self.pseudonym_key, activity_id))
        return keys


@dataclass(frozen=True)
class Intent:
    intent_id: str
    type: str
    activity: int | None
    payload: dict
    on_behalf: int | None = None  # a paper participant the facilitator enters this for (engine.behalf)


def parse(raw: object) -> Intent:
    """The intent envelope, or ToolError('bad_request') saying what is wrong."""
    if not isinstance(raw, dict):
        raise ToolError("bad_request", "An intent must be an object.")
    unknown = set(raw) - {"intent_id", "type", "activity", "payload", "on_behalf"}
    if unknown:
        raise ToolError("bad_request", f"Unknown field(s): {', '.join(sorted(map(str, unknown)))[:80]}.")
    intent_id, kind = raw.get("intent_id"), raw.get("type")
    activity, payload = raw.get("activity"), raw.get("payload", {})
    on_behalf = raw.get("on_behalf")
    if not isinstance(intent_id, str) or not INTENT_ID.fullmatch(intent_id):
        raise ToolError("bad_request", "intent_id must be 8-64 letters, digits, '-' or '_'.")
    if not isinstance(kind, str) or len(kind) > 40 or not TYPE.fullmatch(kind):
        raise ToolError("bad_request", "type must name an intent, e.g. 'idea.add'.")
    if activity is not None and not is_id(activity):
        raise ToolError("bad_request", "activity must be an activity id (a whole number).")
    if activity is not None and kind in CONTROL_TYPES:
        # The event log would file the step under that activity, whose replay (and undo) then fails.
        raise ToolError("bad_request", f"{kind} acts on the workshop: send it without an activity "
                                       "(control.goto names its activity in the payload).")
    if on_behalf is not None and not is_id(on_behalf):
        raise ToolError("bad_request", "on_behalf must be a participant id (a whole number).")
    if payload is None:
        payload = {}
    if not isinstance(payload, dict):
        raise ToolError("bad_request", "payload must be an object.")
    if len(payload) > MAX_PAYLOAD_KEYS:
        raise ToolError("bad_request", f"payload has {len(payload)} fields; at most {MAX_PAYLOAD_KEYS}.")
    if _too_deep(payload):
        raise ToolError("bad_request", f"payload nests deeper than {MAX_DEPTH} levels.")
    if _out_of_range(payload):
        raise ToolError("bad_request", f"A number in the payload is out of range (whole numbers within ±2^53, "
                                       "no NaN or infinity).")
    return Intent(intent_id, kind, activity, payload, on_behalf)


def is_id(value: object) -> bool:
    """A database id: a whole number from 1 to 2**31 - 1 (a bigger one would make the query raise)."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value <= MAX_ID


def _too_deep(value: object, depth: int = 0) -> bool:
    """True for a value more than MAX_DEPTH levels below the payload (a payload field is level 1)."""
    if depth > MAX_DEPTH:
        return True
    if isinstance(value, (dict, list)):
        return any(_too_deep(v, depth + 1) for v in (value.values() if isinstance(value, dict) else value))
    return False


def _out_of_range(value: object, depth: int = 0) -> bool:
    """True for numbers no client sends (10**20, NaN, infinity); bounded by MAX_DEPTH (_too_deep runs first)."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return abs(value) > MAX_NUMBER
    if isinstance(value, float):
        return value != value or abs(value) > MAX_NUMBER
    if depth > MAX_DEPTH:
        return True
    if isinstance(value, dict):
        return any(_out_of_range(v, depth + 1) for v in value.values())
    if isinstance(value, list):
        return any(_out_of_range(v, depth + 1) for v in value)
    return False
