"""Checking what arrives before anything else looks at it: the intent envelope and the actor."""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..tools.base import Actor, ToolError

INTENT_ID = re.compile(r"[A-Za-z0-9_-]{8,64}")
TYPE = re.compile(r"[a-z_]+(\.[a-z_]+)?")
MAX_PAYLOAD_KEYS = 20


@dataclass(frozen=True)
class Principal:
    """An authenticated connection: a facilitator (user), a participant, or a board."""

    role: str  # "facilitator" | "participant" | "board"
    user_id: int | None = None
    participant_id: int | None = None
    name: str | None = None

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


@dataclass(frozen=True)
class Intent:
    intent_id: str
    type: str
    activity: int | None
    payload: dict


def parse(raw: object) -> Intent:
    """The intent envelope, or ToolError('bad_request') saying what is wrong."""
    if not isinstance(raw, dict):
        raise ToolError("bad_request", "An intent must be an object.")
    unknown = set(raw) - {"intent_id", "type", "activity", "payload"}
    if unknown:
        raise ToolError("bad_request", f"Unknown field(s): {', '.join(sorted(map(str, unknown)))[:80]}.")
    intent_id, kind = raw.get("intent_id"), raw.get("type")
    activity, payload = raw.get("activity"), raw.get("payload", {})
    if not isinstance(intent_id, str) or not INTENT_ID.fullmatch(intent_id):
        raise ToolError("bad_request", "intent_id must be 8-64 letters, digits, '-' or '_'.")
    if not isinstance(kind, str) or len(kind) > 40 or not TYPE.fullmatch(kind):
        raise ToolError("bad_request", "type must name an intent, e.g. 'idea.add'.")
    if activity is not None and (isinstance(activity, bool) or not isinstance(activity, int)):
        raise ToolError("bad_request", "activity must be an activity id (a whole number).")
    if payload is None:
        payload = {}
    if not isinstance(payload, dict) or len(payload) > MAX_PAYLOAD_KEYS:
        raise ToolError("bad_request", "payload must be an object.")
    return Intent(intent_id, kind, activity, payload)
