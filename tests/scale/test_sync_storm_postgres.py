"""A reconnect storm's syncs on PostgreSQL with a small pool (issue 11 §6): one eventlet process
with a pool of 1 (+2 overflow) and one sync slot answers 90 simultaneous syncs from 30 phones; no
pool error, every sync ok, every phone holds the server's state. The bound itself, and reuse of
the last snapshot, are tested in tests/live/test_sync_storm.py."""
from __future__ import annotations

import threading

from cluster import LiveClient, Server, join, wait_until
from scenario import EMAIL, PASSWORD, Truth
from test_crash import participant_id

PHONES, SYNCS_EACH = 30, 3


def test_ninety_simultaneous_syncs_on_a_pool_of_three_all_answered(tmp_path, postgres_url):
    server = Server(tmp_path, {"WORKSHOP_DATABASE_URL": postgres_url, "WORKSHOP_DB_POOL_SIZE": "1",
                               "WORKSHOP_SYNC_CONCURRENCY": "1"})
    server.cli("create-user", "--email", EMAIL, "--name", "Priya Shah", "--password", PASSWORD)
    truth = Truth(tmp_path, postgres_url)
    phones: list[LiveClient] = []
    try:
        info = truth.idea_wall()
        wid, wall = info["workshop"], info["wall"]
        server.start()
        for n in range(PHONES):
            _, token = join(server.base, info["code"], f"Teacher {n}")
            phone = LiveClient(server.base, {"workshop": wid, "role": "participant", "token": token}, name=f"p{n}")
            phone.participant_id = participant_id(wid, token)
            phones.append(phone.connect())
        assert phones[0].call("idea.add", {"text": "Share the data termly"}, wall)["ok"]

        acks, lock, go = [], threading.Lock(), threading.Event()

        def answered(ack: dict) -> None:
            with lock:
                acks.append(ack)

        def storm(phone: LiveClient) -> None:
            go.wait(30)
            for _ in range(SYNCS_EACH):
                phone.sio.emit("sync", {"version": 0}, callback=answered)

        threads = [threading.Thread(target=storm, args=(p,)) for p in phones]
        for t in threads:
            t.start()
        go.set()
        for t in threads:
            t.join(30)
        wait_until(lambda: len(acks) == PHONES * SYNCS_EACH, 60, "every sync answered")

        assert all(a.get("ok") for a in acks), [a for a in acks if not a.get("ok")][:3]
        assert "QueuePool limit" not in server.log() and "Traceback" not in server.log(), server.log()[-2000:]
        wait_until(lambda: not truth.diverged(wid, phones), 10,
                   f"every phone holds the server's state (still different: {truth.diverged(wid, phones)})")
    finally:
        for phone in phones:
            phone.close()
        server.stop()
        truth.close()
