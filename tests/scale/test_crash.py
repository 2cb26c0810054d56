"""Crash safety: kill -9 the server in the middle of a vote burst and start it again. Nothing that
was acknowledged is lost, nothing is applied twice, and every client (board, console, phones)
reconnects and holds exactly the server's state within 10 s."""
from __future__ import annotations

import random
import threading
import time

import pytest

from cluster import LiveClient, Server, join, login, wait_until
from scenario import EMAIL, PASSWORD, Truth
from workshop import participants
from workshop.db import db

PHONES, DOTS = 8, 10
CONVERGE_S = 10


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'workshop.db'}"
    return request.getfixturevalue("postgres_url")


def participant_id(workshop_id: int, token: str) -> int:
    with db.session() as s:
        return participants.by_token(s, workshop_id, token).id


def connect_room(server: Server, truth: Truth, info: dict, phones: int) -> tuple[list[LiveClient], list[LiveClient]]:
    """The console and the board, and `phones` phones that joined by code; all connected."""
    wid = info["workshop"]
    console = LiveClient(server.base, {"workshop": wid, "role": "facilitator"},
                         http=login(server.base, EMAIL, PASSWORD), name="console").connect()
    board = LiveClient(server.base, {"workshop": wid, "role": "board", "key": info["board_key"]},
                       name="board").connect()
    people = []
    for n in range(phones):
        _, token = join(server.base, info["code"], f"Teacher {n}")
        phone = LiveClient(server.base, {"workshop": wid, "role": "participant", "token": token}, name=f"phone{n}")
        phone.participant_id = participant_id(wid, token)
        people.append(phone.connect())
    return [console, board], people


def burst(phone: LiveClient, items: list[str], activity: int, seed: int, killed: threading.Event) -> list[str]:
    """A phone placing all its dots as fast as a thumb can, not waiting for acks (as live.js queues).
    Its second half goes out once the server has been killed, so the kill lands mid-burst however
    fast the server answers the first."""
    rng = random.Random(seed)
    sent = []
    for n in range(DOTS):
        if n == DOTS // 2:
            assert killed.wait(30), "the server was never killed"
        sent.append(phone.send("dots.place", {"item": rng.choice(items)}, activity))
        time.sleep(rng.uniform(0.005, 0.03))
    return sent


def test_kill_9_during_a_vote_burst_loses_no_acknowledged_vote(tmp_path, database_url):
    server = Server(tmp_path, {"WORKSHOP_DATABASE_URL": database_url})
    server.cli("create-user", "--email", EMAIL, "--name", "Priya Shah", "--password", PASSWORD)
    truth = Truth(tmp_path, database_url)
    clients: list[LiveClient] = []
    try:
        info = truth.dot_vote(dots=DOTS)
        wid, activity = info["workshop"], info["activity"]
        server.start()
        staff, phones = connect_room(server, truth, info, PHONES)
        clients = staff + phones

        acked_before_kill: set[str] = set()
        sent: dict[str, list[str]] = {}
        killed = threading.Event()

        def killer():
            try:
                wait_until(lambda: sum(len(p.ok_ids()) for p in phones) >= PHONES * DOTS // 3, 30, "a third acked")
                server.kill()
                for p in phones:
                    acked_before_kill.update(p.ok_ids())
            finally:
                killed.set()  # the phones' second halves go out now (queued: the server is down)

        kill = threading.Thread(target=killer)
        kill.start()
        senders = [threading.Thread(target=lambda p=p, n=n: sent.__setitem__(p.name, burst(p, info["items"],
                                                                                            activity, n, killed)))
                   for n, p in enumerate(phones)]
        for t in senders:
            t.start()
        for t in senders:
            t.join()
        kill.join()
        assert 0 < len(acked_before_kill) < PHONES * DOTS, "the kill came in the middle of the burst"

        # Everything acknowledged by the killed process is in the database, before anyone resends.
        counts = truth.intent_counts(wid, acked_before_kill)
        assert set(counts) == acked_before_kill and set(counts.values()) == {1}

        server.start()
        restarted = time.monotonic()
        wait_until(lambda: all(c.connected for c in clients) and all(p.settled() for p in phones)
                   and not truth.diverged(wid, clients), CONVERGE_S,
                   lambda: f"every client reconnected, every queued vote acknowledged, and every client holding "
                           f"the server's state (not connected: {[c.name for c in clients if not c.connected]}; "
                           f"unsettled: {[p.name for p in phones if not p.settled()]}; "
                           f"different: {truth.diverged(wid, clients)})")

        converged_after = time.monotonic() - restarted
        duplicates = sum(1 for p in phones for a in p.acks.values() if a.get("duplicate"))
        print(f"acked before kill {len(acked_before_kill)}/{PHONES * DOTS}; converged {converged_after:.2f} s "
              f"after the restart; first acks that were duplicates (applied, ack lost): {duplicates}")

        # Each phone's every vote applied exactly once: all its dots placed, each intent once in the log.
        every = [i for ids in sent.values() for i in ids]
        assert all(p.ok_ids() >= set(sent[p.name]) for p in phones), [p.acks for p in phones if not p.settled()]
        assert truth.intent_counts(wid, every) == {i: 1 for i in every}
        state = truth.activity_state(activity)
        assert truth.dots_by_participant(activity) == {p.participant_id: DOTS for p in phones}
        assert truth.log_is_whole(wid) and truth.replays_exactly(activity)
        assert all(c.connects >= 2 for c in clients), "every client really was cut off and came back"
    finally:
        for c in clients:
            c.close()
        server.stop()
        truth.close()
