"""`patch` events: what changed in an audience's state since the last push, as RFC 6902 ops.

A 400-card idea wall is ~75 KB per phone; one more card is a ~300-byte patch. Pushing patches
instead of whole states is what keeps a room of 200 phones quick (docs/performance.md). A client
applies a patch only to the exact version it starts from; any other client asks for the whole
state with `sync` (protocol §3), so a patch can never leave a screen wrong, only make it ask.
"""
from __future__ import annotations

import json

import jsonpatch


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
