"""`patch` events: what changed in an audience's state since the last push, as RFC 6902 ops.

A 400-card idea wall is ~75 KB per phone; one more card is a ~300-byte patch. Pushing patches
instead of whole states is what keeps a room of 200 phones quick (docs/performance.md). A client
applies a patch only to the exact version it starts from; any other client asks for the whole
state with `sync` (protocol §3), so a patch can never leave a screen wrong, only make it ask.
"""
from __future__ import annotations

import json
import re
import threading
import zlib
from collections import OrderedDict

from flask import current_app, has_app_context

KEEP_WORKSHOPS = 200  # rooms whose last pushed states this process keeps (~3 x 100 KB each at most)
KEEP_VERSIONS = 1000  # versions per workshop remembered as committed here


def encoded_size(value: object) -> int:
    return len(json.dumps(value, separators=(",", ":"), ensure_ascii=False))


# A patch carries `check`, a CRC-32 of the state it makes, which the client compares with its own
# (static/js/state_check.js) and on a mismatch asks for the whole state: should a patch ever be
# made from a base the client does not hold, it makes the client sync instead of leaving its
# screen silently wrong. Both sides hash one canonical text: JSON with sorted keys and no spaces,
# numbers as JavaScript reads them back (an integral float such as a mean row of 3.0 is "3").
# Python's C encoder makes that text; the regex drops the ".0" of integral floats, skipping strings.
_MAYBE_INTEGRAL = re.compile(r"[:,\[]-?\d+\.0[,\]}]")
_INTEGRAL_FLOAT = re.compile(r'("[^"\\]*(?:\\.[^"\\]*)*")|(?<=\d)\.0(?=[,\]}])')


def canonical(state: dict) -> str:
    try:
        text = json.dumps(state, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    except TypeError:  # keys that don't sort (views use strings): the check won't match, the client syncs
        text = json.dumps(state, separators=(",", ":"), ensure_ascii=False)
    # the full regex walks every string (~5 ms for a 400-card wall); most states have no such float
    return _INTEGRAL_FLOAT.sub(r"\1", text) if _MAYBE_INTEGRAL.search(text) else text


def check(state: dict) -> str:
    """The check a client verifies after applying a patch: CRC-32 of canonical(state), 8 hex digits."""
    return format(zlib.crc32(canonical(state).encode("utf-8", "surrogatepass")), "08x")


def between(before: dict | None, after: dict) -> dict | None:
    """The `patch` event from state `before` to state `after`, or None when the whole state is
    the better message (no base, an older base, or a patch about as big as the state)."""
    if before is None or before["version"] >= after["version"]:
        return None
    ops: list[dict] = []
    _diff(before, after, "", ops)
    text = canonical(after)  # about the state's encoded size, too (sorting keys changes no length)
    if encoded_size(ops) * 2 > len(text):
        return None
    return {"protocol": after["protocol"], "from_version": before["version"], "version": after["version"],
            "ops": ops, "check": format(zlib.crc32(text.encode("utf-8", "surrogatepass")), "08x")}


# jsonpatch.make_patch computes the same kind of patch but takes ~5 ms for a 400-card wall, three
# times per push (one per audience): with 200 phones adding ideas that alone saturated the
# server. This walk takes ~0.15 ms: equal subtrees are skipped by Python's own (C) equality, and
# a list's change is found as its common head and tail around one changed middle (an idea added,
# edited or removed). One caveat of that equality: it takes True for 1 inside containers, so a
# nested value turning from 1 into true would be missed; no view changes a value's type so.

def _pointer(key: object) -> str:
    return str(key).replace("~", "~0").replace("/", "~1")


def _same(a: object, b: object) -> bool:
    return type(a) is type(b) and a == b


def _diff(a: object, b: object, path: str, ops: list[dict]) -> None:
    """Append to `ops` the RFC 6902 operations that turn `a` into `b` (JSON values)."""
    if isinstance(a, dict) and isinstance(b, dict):
        for key in a:
            if key not in b:
                ops.append({"op": "remove", "path": f"{path}/{_pointer(key)}"})
        for key, value in b.items():
            at = f"{path}/{_pointer(key)}"
            if key not in a:
                ops.append({"op": "add", "path": at, "value": value})
            elif not _same(a[key], value):
                _diff(a[key], value, at, ops)
        return
    if isinstance(a, list) and isinstance(b, list):
        head, end_a, end_b = 0, len(a), len(b)
        while head < end_a and head < end_b and _same(a[head], b[head]):
            head += 1
        while end_a > head and end_b > head and _same(a[end_a - 1], b[end_b - 1]):
            end_a, end_b = end_a - 1, end_b - 1
        paired = min(end_a, end_b) - head  # the changed middle: pair items up, then remove or add the rest
        for i in range(head, head + paired):
            _diff(a[i], b[i], f"{path}/{i}", ops)
        for i in range(end_a - 1, head + paired - 1, -1):
            ops.append({"op": "remove", "path": f"{path}/{i}"})
        for i in range(head + paired, end_b):
            ops.append({"op": "add", "path": f"{path}/{i}", "value": b[i]})
        return
    ops.append({"op": "replace", "path": path, "value": b})


def _store() -> dict:
    """This app's memory of its pushes: the state last pushed to each (workshop, audience) room,
    most recent last, and the versions of each workshop this process committed itself."""
    return current_app.extensions.setdefault(
        "workshop_pushed", {"sent": OrderedDict(), "here": {}, "lock": threading.Lock()})


def enabled() -> bool:
    """WORKSHOP_PUSH_PATCHES (config PUSH_PATCHES); unset: on, except under TESTING."""
    if not has_app_context():
        return False
    if current_app.config.get("PUSH_PATCHES") is not None:
        return bool(current_app.config["PUSH_PATCHES"])
    return not current_app.testing


def committed_here(workshop_id: int, version: int) -> None:
    """Note a version this process committed (engine.service, through push.publish)."""
    if not enabled():
        return
    store = _store()
    with store["lock"]:
        here = store["here"].setdefault(workshop_id, set())
        here.add(version)
        if len(here) > 2 * KEEP_VERSIONS:  # keep the newest: a base older than that gets a whole state
            newest = max(here)
            store["here"][workshop_id] = {v for v in here if v > newest - KEEP_VERSIONS}


def for_room(workshop_id: int, role: str, state: dict) -> tuple[str, dict]:
    """The event to push to a room: ("patch", message) from the state last pushed there, or
    ("state", state). Remembers `state` as the room's base for the next one.

    Several processes may push to one room (WORKSHOP_MESSAGE_QUEUE). A patch from this
    process's base is right for the room only if no other process pushed in between, i.e. if
    every version after the base was committed here; otherwise the room gets the whole state
    (and a phone that got the other process's push would have had to `sync`)."""
    if not enabled():
        return "state", state
    key, store = (workshop_id, role), _store()
    with store["lock"]:
        sent = store["sent"]
        before = sent.get(key)
        if before is None or before["version"] < state["version"]:
            sent[key] = state
            sent.move_to_end(key)
            while len(sent) > KEEP_WORKSHOPS * 3:
                sent.popitem(last=False)
        here = store["here"].get(workshop_id, set())
        if before is not None and not all(v in here for v in range(before["version"] + 1, state["version"] + 1)):
            before = None
    message = between(before, state)
    return ("patch", message) if message is not None else ("state", state)
