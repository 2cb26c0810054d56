"""Issue 11 §2 across processes: two `workshop serve` processes on one PostgreSQL database and one
Redis, writers on both at once, every client applying `patch` pushes with their `check` as
live.js does. Every state any client held for a version is that version's one state: the same
for every client of the audience, whichever process pushed it, whether whole or patched."""
from __future__ import annotations

import random
import threading
import time
from collections import defaultdict

from cluster import LiveClient, comparable, digest, join, login, wait_until
from scenario import EMAIL, PASSWORD
from test_cluster import CONVERGE_S, cluster  # noqa: F401 - the two-process fixture
from test_crash import participant_id


class Recording(LiveClient):
    """A LiveClient that keeps the digest of every state it applied, by version."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.held: dict[int, set[str]] = defaultdict(set)
        self.refused = 0  # patches whose check did not match what they made here

    def _on_state(self, state):
        super()._on_state(state)
        with self.lock:
            if self.state is state:
                self.held[state["version"]].add(digest(comparable(state)))

    def _on_patch(self, patch):
        with self.lock:
            mine = self.state is not None and patch["from_version"] == self.version
        applied = self.patches_applied
        super()._on_patch(patch)
        if mine and self.patches_applied == applied:
            self.refused += 1


def test_every_client_holds_the_same_state_for_each_version_while_two_processes_write(cluster):  # noqa: F811
    a, b, truth, clients = cluster
    info = truth.idea_wall()
    wid, wall = info["workshop"], info["wall"]

    def phone(server, name):
        _, token = join(server.base, info["code"], name)
        client = Recording(server.base, {"workshop": wid, "role": "participant", "token": token}, name=name)
        client.participant_id = participant_id(wid, token)
        return client.connect()

    phones = [phone(a, f"a{n}") for n in range(4)] + [phone(b, f"b{n}") for n in range(4)]
    console = Recording(b.base, {"workshop": wid, "role": "facilitator"}, http=login(b.base, EMAIL, PASSWORD),
                        name="console").connect()
    boards = [Recording(s.base, {"workshop": wid, "role": "board", "key": info["board_key"]}, name=f"board-{n}")
              .connect() for n, s in enumerate((a, b))]
    clients += [console, *boards, *phones]

    def write(p: LiveClient, seed: int) -> None:
        rng = random.Random(seed)
        for n in range(12):
            p.send("idea.add", {"text": f"{p.name} idea {n}"}, wall)
            time.sleep(rng.uniform(0.0, 0.015))

    def facilitate() -> None:  # edits and hides on the other process, at the same time
        for n in range(8):
            ack = console.call("idea.add", {"text": f"Facilitator note {n}"}, wall)
            assert ack["ok"], ack
            if n % 2:
                assert console.call("idea.hide", {"card": f"c{ack['version']}"}, wall)["ok"]

    writers = [threading.Thread(target=write, args=(p, n)) for n, p in enumerate(phones)]
    writers.append(threading.Thread(target=facilitate))
    for t in writers:
        t.start()
    for t in writers:
        t.join()
    wait_until(lambda: all(c.settled() for c in clients), 30, "every intent acknowledged")
    wait_until(lambda: not truth.diverged(wid, clients), CONVERGE_S,
               f"every client holds the server's state (still different: {truth.diverged(wid, clients)})")

    assert all(a.get("ok") for c in [console, *phones] for a in c.acks.values())
    cards = truth.activity_state(wall)["cards"]
    assert len(cards) == 8 * 12 + 8
    for audience in ([console], boards, phones):
        versions: dict[int, set[str]] = defaultdict(set)
        for c in audience:
            for version, seen in c.held.items():
                versions[version] |= seen
        split = {v: len(d) for v, d in versions.items() if len(d) > 1}
        assert not split, f"{audience[0].auth['role']}: versions held in more than one form: {split}"
        assert len(versions) > 10  # they followed along, not only at the end
    assert sum(c.patches_applied for c in clients) > 0, "patches were applied"
    print(f"patches applied {sum(c.patches_applied for c in clients)}, "
          f"refused on their check {sum(c.refused for c in clients)}")
