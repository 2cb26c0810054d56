"""A reconnect storm's `sync`s (issue 11 §6): they must not take the database pool from everyone
else. A sync from a client that is behind is answered from the last snapshot this process read
when that is of the current version, and at most SYNC_CONCURRENCY syncs use the database at once;
the others queue (and past SYNC_WAIT_S are answered `busy`)."""
from __future__ import annotations

import threading
import time

from support import Phone, make_app, received, send, walls

from workshop.db import db
from workshop.engine import push, views
from workshop.web import live

PHONES = 12
SLOTS = 2


def wait_until(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, f"not within {timeout} s: {what}"
        time.sleep(0.01)


def expected(workshop_id: int, role: str, participant_id: int | None = None):
    """What a fresh read would send now (without the clock), to a socket of the test client's."""
    snap = push.snapshot(workshop_id, base="http://localhost/j/")
    state = {k: v for k, v in views.state_for(snap, role, 0).items() if k != "server_now"}
    return state, (views.private_for(snap, participant_id) if participant_id else None)


def participant_id(phone: Phone) -> int:
    from workshop import participants

    with db.session() as s:
        return participants.by_token(s, phone.workshop_id, phone.token).id


def test_a_storm_of_syncs_uses_at_most_the_sync_slots_and_everyone_gets_the_current_state(
        db_path, ic, open_workshop, monkeypatch):
    wid, wall = open_workshop, walls(open_workshop)[0]
    ic.app.config.update(SYNC_CONCURRENCY=SLOTS)
    phones = [Phone(ic.app, wid, f"Teacher {n}") for n in range(PHONES)]
    assert send(phones[0].socket, "idea.add", {"text": "Time to plan with TAs"}, wall)["ok"]
    for phone in phones:
        phone.socket.get_received()

    # Every sync finds the last snapshot stale (another process committed since, say), so each
    # reads the workshop; the read is held until the test has seen how many got in at once.
    monkeypatch.setattr(push, "remembered", lambda *_: None)
    gate, lock = threading.Event(), threading.Lock()
    reading, most = [0], [0]
    real_snapshot = push.snapshot

    def slow_snapshot(*args, **kwargs):
        with lock:
            reading[0] += 1
            most[0] = max(most[0], reading[0])
        gate.wait(30)
        try:
            return real_snapshot(*args, **kwargs)
        finally:
            with lock:
                reading[0] -= 1

    monkeypatch.setattr(push, "snapshot", slow_snapshot)
    acks: dict[int, dict] = {}

    def sync(n: int) -> None:
        acks[n] = phones[n].socket.emit("sync", {"version": 0}, callback=True)

    with ic.app.app_context():
        slots = live.sync_slots()
    threads = [threading.Thread(target=sync, args=(n,)) for n in range(PHONES)]
    for t in threads:
        t.start()
    try:
        wait_until(lambda: reading[0] == SLOTS and slots.waiting == PHONES - SLOTS, 20,
                   "two syncs reading and the rest queued")
        assert most[0] == SLOTS
    finally:
        gate.set()
        for t in threads:
            t.join(30)
    assert most[0] == SLOTS

    monkeypatch.setattr(push, "snapshot", real_snapshot)
    for n, phone in enumerate(phones):
        state, private = expected(wid, "participant", participant_id(phone))
        assert acks[n] == {"ok": True, "version": state["version"]}
        got_states, got_privates = received(phone.socket)
        assert [{k: v for k, v in s.items() if k != "server_now"} for s in got_states] == [state]
        assert got_privates == [private]


def test_a_sync_that_waits_too_long_for_a_slot_is_told_busy(ic, open_workshop, monkeypatch):
    wid = open_workshop
    ic.app.config.update(SYNC_CONCURRENCY=1, SYNC_WAIT_S=0.2)
    first, second = Phone(ic.app, wid, "Jo"), Phone(ic.app, wid, "Sam")
    gate, inside = threading.Event(), threading.Event()
    real_snapshot = push.snapshot
    monkeypatch.setattr(push, "remembered", lambda *_: None)

    def held_snapshot(*args, **kwargs):
        inside.set()
        gate.wait(30)
        return real_snapshot(*args, **kwargs)

    monkeypatch.setattr(push, "snapshot", held_snapshot)
    answers = {}
    holder = threading.Thread(target=lambda: answers.setdefault(
        "first", first.socket.emit("sync", {"version": 0}, callback=True)))
    holder.start()
    try:
        assert inside.wait(20)
        refused = second.socket.emit("sync", {"version": 0}, callback=True)
    finally:
        gate.set()
        holder.join(30)
    assert refused["ok"] is False and refused["error"] == "busy" and refused["retry_after"] > 0
    assert answers["first"]["ok"]


def test_a_sync_behind_the_last_push_is_answered_without_reading_the_workshop(ic, open_workshop, monkeypatch):
    wid, wall = open_workshop, walls(open_workshop)[0]
    jo, sam = Phone(ic.app, wid, "Jo"), Phone(ic.app, wid, "Sam")
    assert send(jo.socket, "idea.add", {"text": "Share the data termly"}, wall)["ok"]  # pushed: remembered
    state, private = expected(wid, "participant", participant_id(sam))
    sam.socket.get_received()
    reads = []
    real_load = views.load
    monkeypatch.setattr(views, "load", lambda *a, **k: reads.append(1) or real_load(*a, **k))

    ack = sam.socket.emit("sync", {"version": 0}, callback=True)

    assert ack == {"ok": True, "version": state["version"]}
    got_states, got_privates = received(sam.socket)
    assert [{k: v for k, v in s.items() if k != "server_now"} for s in got_states] == [state]
    assert got_privates == [private]
    assert reads == []

    # A change this process did not push (another process's, heard through Redis): read afresh.
    monkeypatch.setattr(push, "publish_after_commit", lambda *a, **k: None)
    assert send(jo.socket, "idea.add", {"text": "Parent updates each term"}, wall)["ok"]
    ack = sam.socket.emit("sync", {"version": state["version"]}, callback=True)
    assert ack["version"] == state["version"] + 1 and reads == [1]
    newest = received(sam.socket)[0][-1]
    assert [c["text"] for c in newest["activity"]["view"]["cards"]] == ["Share the data termly",
                                                                        "Parent updates each term"]


def test_a_reconnect_after_a_push_reuses_the_last_snapshot(ic, open_workshop, monkeypatch):
    wid, wall = open_workshop, walls(open_workshop)[0]
    jo, sam = Phone(ic.app, wid, "Jo"), Phone(ic.app, wid, "Sam")
    jo.socket.disconnect()
    assert send(sam.socket, "idea.add", {"text": "One-page pupil profiles"}, wall)["ok"]  # pushed: remembered
    reads = []
    real_load = views.load
    monkeypatch.setattr(views, "load", lambda *a, **k: reads.append(1) or real_load(*a, **k))

    back = jo.connect()  # a phone coming back: its state on connect, from the last snapshot

    assert reads == []
    monkeypatch.setattr(views, "load", real_load)
    state, private = expected(wid, "participant", participant_id(jo))
    got_states, got_privates = received(back)
    assert [{k: v for k, v in s.items() if k != "server_now"} for s in got_states] == [state]
    assert got_privates == [private]
