"""Who a participant is inside one activity.

In a named activity a participant acts as themselves: their participant id, and their name on
what they add. In an anonymous activity (every tool starts anonymous; votes, dots, ratings and
rankings are always anonymous) they act as a pseudonym: "a" + 20 hex digits of
HMAC(their secret pseudonym key, the activity id). The reducer files their contributions and
votes under it, and the event log names it as the actor, so neither the database's log nor a
JSON backup links an anonymous contribution to a person; only the live server, which holds the
key, can tell a phone which contributions are its own. A new pseudonym per activity means a
person's anonymous contributions can't be linked across activities either.

Replay rebuilds exactly the same actor from the event: "p<id>" (named) or the pseudonym itself.
"""
from __future__ import annotations

import hashlib
import hmac

from ..tools.base import Actor

PREFIX = "a"


def is_anonymous(state: dict) -> bool:
    """Tools with a named mode keep an `anonymous` flag; the rest take only votes and ratings."""
    return bool(state.get("anonymous", True))


def pseudonym(key: str, activity_id: int) -> str:
    return PREFIX + hmac.new(key.encode(), str(activity_id).encode(), hashlib.sha256).hexdigest()[:20]


def participant_actor(participant_id: int, name: str | None, key: str | None, activity_id: int,
                      state: dict, *, weight: int = 1, table: str | None = None) -> Actor:
    """The actor a participant is in this activity, as it is now (named or anonymous). A table
    also carries its weight (head count) and its name for results by table (tools.tables); its
    name goes on what it adds only in a named activity, as a person's does."""
    if key and is_anonymous(state):
        return Actor("participant", pseudonym(key, activity_id), None, weight, table)
    return Actor("participant", participant_id, name, weight, table)


def event_actor(actor: Actor) -> str:
    """How the event log names a participant actor: "p<id>" when named, else the pseudonym."""
    return actor.participant if isinstance(actor.participant, str) else f"p{actor.participant}"


def from_event(actor_key: str, names: dict[int, str | None], weight: int | None = None,
               tables: dict | None = None) -> Actor:
    """The actor a logged event was applied with (replay). `weight`: the event's (events.weight,
    the head count then, None for 1), so a later head count change leaves past tallies alone;
    `tables`: table names by "p<id>" and by pseudonym (see replay)."""
    weight = weight or 1
    table = (tables or {}).get(actor_key) if weight > 1 else None
    if actor_key.startswith("p") and actor_key[1:].isdigit():
        pid = int(actor_key[1:])
        return Actor("participant", pid, names.get(pid), weight, table)
    if actor_key.startswith(PREFIX) and len(actor_key) == 21:
        return Actor("participant", actor_key, None, weight, table)
    return Actor("facilitator")
