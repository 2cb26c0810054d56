"""live.js sends its queue of unacknowledged intents in a window (issue 11 §6): on long-polling
everything emitted between two requests travels in one POST, and the Engine.IO server refuses a
POST of more than 16 packets by dropping the connection, so a phone back with 50 queued intents
used to reconnect and resend them all, for ever. Run in node against a stand-in transport with
that limit (tests/unit/js/live_queue_harness.mjs)."""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LIVE_JS = ROOT / "workshop" / "static" / "js" / "live.js"
HARNESS = Path(__file__).parent / "js" / "live_queue_harness.mjs"


def run_phone(queued: int, busy_syncs: int = 0) -> dict:
    done = subprocess.run(["node", str(HARNESS), LIVE_JS.as_uri(), str(queued), str(busy_syncs)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_fifty_queued_intents_go_out_in_posts_the_server_accepts_each_acked_once():
    seen = run_phone(50)
    ids = [f"queued-{n}" for n in range(50)]
    assert seen["refused"] == 0 and seen["connects"] == 1, seen["posts"]
    assert max(seen["posts"]) <= 16
    assert seen["received"] == {i: 1 for i in ids}  # nothing sent twice
    assert seen["settled"] == {i: 1 for i in ids}   # each answered once, to the page
    assert seen["order"] == ids                     # in the order they were made
    assert seen["left"] == 0 and seen["stored"] == 0


def test_a_short_queue_still_goes_at_once():
    seen = run_phone(5)
    assert seen["posts"][0] == 6  # the sync and all five intents in the first request
    assert seen["left"] == 0 and seen["refused"] == 0


def test_a_sync_answered_busy_is_asked_again_after_retry_after():
    seen = run_phone(0, busy_syncs=1)
    first, again = seen["syncs"][:2]
    assert len(seen["syncs"]) == 2 and again - first >= 1000  # retry_after: 1 s
