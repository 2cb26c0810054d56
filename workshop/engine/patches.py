"""`patch` events: what changed in an audience's state since the last push, as RFC 6902 ops.

A 400-card idea wall is ~75 KB per phone; one more card is a ~300-byte patch. Pushing patches
instead of whole states is what keeps a room of 200 phones quick (docs/performance.md). A client
applies a patch only to the exact version it starts from; any other client asks for the whole
state with `sync` (protocol §3), so a patch can never leave a screen wrong, only make it ask.
"""
from __future__ import annotations

import json
import threading
from collections import OrderedDict

import jsonpatch
from flask import current_app, has_app_context

KEEP_WORKSHOPS = 200  # rooms whose last pushed states this process keeps (~3 x 100 KB each at most)


def encoded_size(value: object) -> int:
    return len(json.dumps(value, separators=(",", ":"), ensure_ascii=False))


def between(before: dict | None, after: dict) -> dict | None:
    """The `patch` event from state `before` to state `after`, or None when the whole state is
    the better message (no base, an older base, or a patch about as big as the state)."""
    if before is None or before["version"] >= after["version"]:
        return None
    ops = jsonpatch.make_patch(before, after).patch
    message = {"protocol": after["protocol"], "from_version": before["version"], "version": after["version"],
               "ops": ops}
    if encoded_size(ops) * 2 > encoded_size(after):
        return None
    return message


def _store() -> tuple[OrderedDict, threading.Lock]:
    """The state last pushed to each (workshop, audience) room by this app, most recent last."""
    return current_app.extensions.setdefault("workshop_pushed", (OrderedDict(), threading.Lock()))


def enabled() -> bool:
    """WORKSHOP_PUSH_PATCHES (config PUSH_PATCHES); unset: on, except under TESTING and when
    several processes share rooms (a process would patch from a state another one superseded,
    and every phone would have to `sync`)."""
    if not has_app_context():
        return False
    config = current_app.config
    if config.get("PUSH_PATCHES") is not None:
        return bool(config["PUSH_PATCHES"])
    return not (current_app.testing or config.get("MESSAGE_QUEUE"))


def for_room(workshop_id: int, role: str, state: dict) -> tuple[str, dict]:
    """The event to push to a room: ("patch", message) from the state last pushed there, or
    ("state", state). Remembers `state` as the room's base for the next one."""
    if not enabled():
        return "state", state
    key, (sent, guard) = (workshop_id, role), _store()
    with guard:
        before = sent.get(key)
        if before is None or before["version"] < state["version"]:
            sent[key] = state
            sent.move_to_end(key)
            while len(sent) > KEEP_WORKSHOPS * 3:
                sent.popitem(last=False)
    message = between(before, state)
    return ("patch", message) if message is not None else ("state", state)
