"""Issue 11 §2: push coalescing with a real tick (the other live tests run with the tick at 0, so
every change is pushed inline). A change after a quiet spell is pushed at once; changes within the
tick go out once, at its end, as the newest state; a room over its byte budget waits longer."""
from __future__ import annotations

import time

import pytest

from support import Facilitator, Phone, board, make_app, send, walls

from workshop.engine import patches

TICK_MS = 600  # long enough that a few sends fit in one tick on a busy machine


@pytest.fixture
def ticking(tmp_path):
    app = make_app(tmp_path / "workshop.db", PUSH_INTERVAL_MS=TICK_MS)
    ic = Facilitator(app, "ic@example.org", "Priya Shah")
    wid = ic.create_workshop()
    assert ic.step(wid, "workshop.open")["ok"]
    wall = walls(wid)[0]
    assert ic.step(wid, "control.goto", {"activity": wall})["ok"]
    assert ic.step(wid, "activity.open", activity=wall)["ok"]
    time.sleep(2 * TICK_MS / 1000)  # the facilitator's steps' pushes are done: a quiet spell
    return app, wid, wall


def pushed(client) -> list[dict]:
    return [m["args"][0] for m in client.get_received() if m["name"] == "state"]


def wait_for_push(client, seconds: float) -> tuple[list[dict], float]:
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        got = pushed(client)
        if got:
            return got, time.monotonic() - start
        time.sleep(0.01)
    return [], seconds


def test_changes_within_a_tick_are_pushed_once_at_its_end_as_the_newest(ticking):
    app, wid, wall = ticking
    phone = Phone(app, wid, "Jo")
    time.sleep(2 * TICK_MS / 1000)
    screen = board(app, wid)
    screen.get_received()

    first = send(phone.socket, "idea.add", {"text": "one"}, wall)
    assert [s["version"] for s in pushed(screen)] == [first["version"]]  # after a quiet spell: at once

    acks = [send(phone.socket, "idea.add", {"text": text}, wall) for text in ("two", "three", "four")]
    assert all(a["ok"] for a in acks)
    assert pushed(screen) == []  # within the tick: nothing yet

    got, after = wait_for_push(screen, 3 * TICK_MS / 1000)
    assert [s["version"] for s in got] == [acks[-1]["version"]], "one push, of the newest version"
    assert [c["text"] for c in got[0]["activity"]["view"]["cards"]] == ["one", "two", "three", "four"]
    assert after < 2 * TICK_MS / 1000
    time.sleep(2 * TICK_MS / 1000)
    assert pushed(screen) == []  # and nothing more after it


def test_a_room_over_its_byte_budget_gets_fewer_pushes(ticking):
    app, wid, wall = ticking
    phones = [Phone(app, wid, name) for name in ("Jo", "Sam", "Aisha")]
    time.sleep(2 * TICK_MS / 1000)
    screen = board(app, wid)
    for text in ("a long idea " * 10, "another long idea " * 8):
        send(phones[0].socket, "idea.add", {"text": text}, wall)
        time.sleep(2 * TICK_MS / 1000)
    size = patches.encoded_size(pushed(phones[1].socket)[-1])
    # a budget at which one push to this room (its phones' state, times everyone and the screens)
    # takes 1.5 s: the next push waits that long, well past the tick
    app.config["PUSH_BYTES_PER_SECOND"] = size * (len(phones) + 2) / 1.5
    screen.get_received()

    send(phones[0].socket, "idea.add", {"text": "pushed at once"}, wall)
    assert len(pushed(screen)) == 1
    late = send(phones[0].socket, "idea.add", {"text": "waits for the budget"}, wall)

    got, after = wait_for_push(screen, 4.0)
    assert [s["version"] for s in got] == [late["version"]]
    assert 1.1 < after < 3.0, after  # not at the tick's end (0.6 s) but once the budget allows
