"""Restarts a school's server room has (issue 11 §4): Redis restarted, PostgreSQL stopped and
started, and a rolling restart of both server processes, each in the middle of a workshop with
phones on both processes. What must hold every time: every change acknowledged `ok` is in the
final state exactly once, nothing is answered `internal`, and every client ends up holding the
server's state.

Each test runs its own PostgreSQL and Redis (own_services.py): those are the ones restarted,
never the machine's shared ones.
"""
from __future__ import annotations

import random
import secrets
import threading
import time
from collections import Counter

import pytest
import socketio

from cluster import LiveClient, Server, join, login, wait_until
from scenario import EMAIL, PASSWORD, Truth
from workshop import participants
from workshop.db import db

CONVERGE_S = 10
SETTLE_S = 30
RETRYABLE = ("busy", "rate_limited")


class RetryingClient(LiveClient):
    """LiveClient as live.js treats a refusal that may heal: an intent answered `busy` or
    `rate_limited` stays queued and is sent again after the ack's `retry_after`. Every answer
    is kept, in arrival order, for the checks."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.answers: list[tuple[str, dict]] = []
        self.stopped = False

    def _on_ack(self, intent_id: str, ack: dict) -> None:
        retry = not ack.get("ok") and ack.get("error") in RETRYABLE
        with self.lock:
            self.answers.append((intent_id, ack))
            if not retry:
                self.acks[intent_id] = ack  # the final answer, not the first `busy`
        super()._on_ack(intent_id, ack)
        if retry and not self.stopped:
            timer = threading.Timer(float(ack.get("retry_after") or 1), self._resend, args=(intent_id,))
            timer.daemon = True
            timer.start()

    def _resend(self, intent_id: str) -> None:
        with self.lock:
            data = self.queue.get(intent_id)
        if data is not None and not self.stopped:
            self._transmit(data)

    def close(self) -> None:
        self.stopped = True
        super().close()

    def answered(self, code: str) -> int:
        with self.lock:
            return sum(1 for _, ack in self.answers if ack.get("error") == code)

    def refused_twice(self) -> bool:
        """Whether one intent was answered `busy` twice (sent, kept, resent, refused again)."""
        with self.lock:
            busy = Counter(i for i, ack in self.answers if ack.get("error") == "busy")
        return any(n >= 2 for n in busy.values())

    def oks(self) -> int:
        with self.lock:
            return sum(1 for _, ack in self.answers if ack.get("ok"))


def first_answer(client: RetryingClient, intent_id: str) -> dict | None:
    with client.lock:
        return next((ack for i, ack in client.answers if i == intent_id), None)


def participant_id(workshop_id: int, token: str) -> int:
    with db.session() as s:
        return participants.by_token(s, workshop_id, token).id


@pytest.fixture
def room(tmp_path, own_postgres, own_redis):
    """Two eventlet server processes on the test's own PostgreSQL and Redis, and the test's view
    of the database (Truth). Yields (a, b, truth, clients, postgres, redis); every client put in
    `clients` is closed and both servers stopped at the end."""
    url = own_postgres.create_database("workshop")
    env = {"WORKSHOP_DATABASE_URL": url, "WORKSHOP_MESSAGE_QUEUE": own_redis.url,
           "WORKSHOP_MESSAGE_QUEUE_CHANNEL": f"workshop-chaos-{secrets.token_hex(4)}"}
    a = Server(tmp_path, env, mode="eventlet", name="a")
    b = Server(tmp_path, env, mode="eventlet", name="b")
    a.cli("create-user", "--email", EMAIL, "--name", "Priya Shah", "--password", PASSWORD)
    truth = Truth(tmp_path, url)
    clients: list[LiveClient] = []
    try:
        a.start(), b.start()
        yield a, b, truth, clients, own_postgres, own_redis
    finally:
        for c in clients:
            c.close()
        a.stop(), b.stop()
        truth.close()


def phone(server: Server, info: dict, name: str) -> RetryingClient:
    _, token = join(server.base, info["code"], name)
    auth = {"workshop": info["workshop"], "role": "participant", "token": token}
    client = RetryingClient(server.base, auth, name=name)
    client.participant_id = participant_id(info["workshop"], token)
    return client.connect()


def console_on(server: Server, info: dict) -> RetryingClient:
    return RetryingClient(server.base, {"workshop": info["workshop"], "role": "facilitator"},
                 http=login(server.base, EMAIL, PASSWORD), name="console").connect()


def board_on(server: Server, info: dict) -> LiveClient:
    return LiveClient(server.base, {"workshop": info["workshop"], "role": "board", "key": info["board_key"]},
                      name="board").connect()


class IdeaWriters:
    """Each phone adds an idea every ~0.5 s (as people type) until stopped, not waiting for acks."""

    def __init__(self, phones: list[RetryingClient], wall: int):
        self.phones, self.wall = phones, wall
        self.stop_event = threading.Event()
        self.sent: dict[str, str] = {}  # intent_id -> its text
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=self._write, args=(p, n), daemon=True) for n, p in enumerate(phones)]

    def _write(self, p: RetryingClient, seed: int) -> None:
        rng = random.Random(seed)
        n = 0
        while not self.stop_event.is_set():
            text = f"{p.name}: idea {n}"
            intent_id = p.send("idea.add", {"text": text}, self.wall)
            with self.lock:
                self.sent[intent_id] = text
            n += 1
            self.stop_event.wait(rng.uniform(0.4, 0.6))  # typing pace, not a wait for anything

    def __enter__(self) -> "IdeaWriters":
        for t in self.threads:
            t.start()
        return self

    def __exit__(self, *_exc) -> None:
        self.stop_event.set()
        for t in self.threads:
            t.join(timeout=10)


def no_internal_answers(clients) -> dict[str, int]:
    """Clients that were ever answered `internal`, with how often (should be none)."""
    counts = {c.name: c.answered("internal") for c in clients if isinstance(c, RetryingClient)}
    return {name: n for name, n in counts.items() if n}


def assert_every_idea_once(truth: Truth, info: dict, writers: IdeaWriters, phones: list[RetryingClient],
                           extra: tuple[str, ...] = ()) -> None:
    """Everything the writers sent was acknowledged `ok` in the end, and is on the wall exactly
    once, beside the `extra` ideas the test added itself."""
    sent = dict(writers.sent)
    final = {i: p.acks.get(i) for p in phones for i in p.acks if i in sent}
    assert set(final) == set(sent), "every idea got a final answer"
    assert all(ack.get("ok") for ack in final.values()), [a for a in final.values() if not a.get("ok")][:3]
    assert truth.intent_counts(info["workshop"], sent) == {i: 1 for i in sent}
    texts = Counter(c["text"] for c in truth.activity_state(info["wall"])["cards"])
    assert texts == Counter([*sent.values(), *extra]), "each idea on the wall once, none missing, none doubled"
    assert truth.log_is_whole(info["workshop"]) and truth.replays_exactly(info["wall"])


def converge(truth: Truth, workshop_id: int, clients) -> None:
    assert not no_internal_answers(clients), no_internal_answers(clients)  # those would stay queued
    wait_until(lambda: all(c.settled() for c in clients), SETTLE_S, "every intent answered for good")
    wait_until(lambda: not truth.diverged(workshop_id, clients), CONVERGE_S,
               f"every client holds the server's state (still different: {truth.diverged(workshop_id, clients)})")


def holds_idea(client: LiveClient, text: str) -> bool:
    with client.lock:
        state = client.state
    cards = ((state or {}).get("activity") or {}).get("view", {}).get("cards", [])
    return any(c["text"] == text for c in cards)


def test_chaos_redis_restart(room):
    """Redis stopped while phones on both processes add ideas, the room goes quiet, Redis comes
    back: the changes made meanwhile were published to nobody, yet every client ends up with
    them (each process re-pushes once it is subscribed again), and pushes cross processes again."""
    a, b, truth, clients, _postgres, redis = room
    info = truth.idea_wall()
    wid, wall = info["workshop"], info["wall"]
    console, board = console_on(b, info), board_on(a, info)
    on_a = [phone(a, info, f"a{n}") for n in range(3)]
    on_b = [phone(b, info, f"b{n}") for n in range(3)]
    phones = on_a + on_b
    clients += [console, board, *phones]

    with IdeaWriters(phones, wall) as writers:
        wait_until(lambda: all(p.oks() >= 2 for p in phones), 20, "every phone adding ideas")
        redis.stop()  # every process loses its message-queue connection
        oks_before = {p.name: p.oks() for p in phones}
        wait_until(lambda: all(p.oks() >= oks_before[p.name] + 2 for p in phones), 20,
                   "ideas saved on both processes while Redis is down")
    # The last change on each process, once the other has pushed for the last time: only the
    # message queue could have told the other process's clients.
    assert console.call("idea.add", {"text": "Last while Redis is down, on b"}, wall)["ok"]
    assert on_a[0].call("idea.add", {"text": "Last while Redis is down, on a"}, wall)["ok"]
    redis.start()  # comes back empty, into a quiet room: no later change will carry the missed ones
    converge(truth, wid, clients)

    # The room keeps working: one idea on each process reaches a client on the other.
    assert on_a[0].call("idea.add", {"text": "After the restart, from a"}, wall)["ok"]
    assert on_b[0].call("idea.add", {"text": "After the restart, from b"}, wall)["ok"]
    wait_until(lambda: holds_idea(on_b[1], "After the restart, from a")
               and holds_idea(board, "After the restart, from b"),
               CONVERGE_S, "a change on one process pushed to the other")
    converge(truth, wid, clients)

    assert not no_internal_answers(clients), no_internal_answers(clients)
    assert_every_idea_once(truth, info, writers, phones, extra=(
        "Last while Redis is down, on b", "Last while Redis is down, on a",
        "After the restart, from a", "After the restart, from b"))


def test_chaos_postgres_restart(room):
    """PostgreSQL stopped for a few seconds while phones on both processes add ideas: what they
    send meanwhile is answered `busy` (kept and sent again), a phone that reconnects meanwhile is
    refused `busy` and gets in once the database is back; nothing acknowledged is lost."""
    a, b, truth, clients, postgres, _redis = room
    info = truth.idea_wall()
    wid, wall = info["workshop"], info["wall"]
    console, board = console_on(b, info), board_on(a, info)
    on_a = [phone(a, info, f"a{n}") for n in range(3)]
    on_b = [phone(b, info, f"b{n}") for n in range(3)]
    phones = on_a + on_b
    clients += [console, board, *phones]

    with IdeaWriters(phones, wall) as writers:
        wait_until(lambda: all(p.oks() >= 2 for p in phones), 20, "every phone adding ideas")
        postgres.stop()  # every session ended, new connections refused
        # Down for a few seconds: long enough that every phone, on both processes, had an idea
        # refused `busy`, kept it, sent it again after `retry_after`, and was told `busy` again.
        wait_until(lambda: all(p.refused_twice() for p in phones), 30, "every phone's resend told busy too")
        during = console.send("idea.add", {"text": "Facilitator, during the outage"}, wall)
        console_busy = wait_until(lambda: first_answer(console, during), 10, "the console's answer")
        late = on_b[2]  # its Wi-Fi drops; it comes back while the database is still down
        refusals = []
        late.sio.on("connect_error", refusals.append)
        late.disconnect()
        with pytest.raises(socketio.exceptions.ConnectionError):
            late.connect()
        oks_during = {p.name: p.oks() for p in phones}
        postgres.start()
        late.connect()  # in, once the database is back; its queued ideas go with it
        wait_until(lambda: all(p.oks() >= oks_during[p.name] + 2 for p in phones), 30,
                   "every phone's ideas saved again after the restart")
    converge(truth, wid, clients)

    assert console_busy["error"] == "busy" and console_busy["retry_after"] > 0, console_busy
    assert [r["data"]["code"] for r in refusals] == ["busy"], refusals  # refused, not accepted deaf
    assert not no_internal_answers(clients), no_internal_answers(clients)
    busy = [ack for p in [console, *phones] for _, ack in p.answers if ack.get("error") == "busy"]
    assert busy and all(ack["retry_after"] > 0 for ack in busy)
    assert_every_idea_once(truth, info, writers, phones, extra=("Facilitator, during the outage",))


DOTS_PER_PHASE = 2
PHASES = 5  # both up, A down, A back, B down, B back


def test_chaos_rolling_restart(room):
    """A redeploy during a vote: process A is stopped (SIGTERM) right after a burst of dots and
    started again, then B the same way; phones on the stopped process queue their dots and send
    them when they are back."""
    a, b, truth, clients, _postgres, _redis = room
    info = truth.dot_vote(dots=DOTS_PER_PHASE * PHASES)
    wid, activity = info["workshop"], info["activity"]
    console, board = console_on(b, info), board_on(a, info)
    on_a = [phone(a, info, f"a{n}") for n in range(3)]
    on_b = [phone(b, info, f"b{n}") for n in range(3)]
    phones = on_a + on_b
    clients += [console, board, *phones]
    rng = random.Random(11)
    sent: list[str] = []

    def vote_burst(pace: float = 0.01) -> None:
        """Every phone places its next dots as fast as a thumb can, not waiting for acks."""
        for _ in range(DOTS_PER_PHASE):
            for p in phones:
                sent.append(p.send("dots.place", {"item": rng.choice(info["items"])}, activity))
                time.sleep(rng.uniform(0.0, pace))

    def acked(group: list[RetryingClient]) -> int:
        return sum(len(p.ok_ids()) for p in group)

    def reconnected(group: list[RetryingClient], connects_before: dict[str, int]) -> bool:
        return all(p.connected and p.connects > connects_before[p.name] for p in group)

    in_flight = []
    for server, group in ((a, on_a), (b, on_b)):
        before, acked_before = {p.name: p.connects for p in group}, acked(group)
        burst = threading.Thread(target=vote_burst, args=(0.04,))
        burst.start()
        # SIGTERM once the burst is being applied there: dots in flight, some acked, some not
        wait_until(lambda: acked(group) > acked_before, 10, f"{server.name} applying the burst")
        server.stop()
        assert server.proc.returncode is not None
        burst.join()
        in_flight.append(sum(len(p.queue) for p in group))
        vote_burst()  # the other process's phones vote on; these phones queue theirs
        server.start()
        wait_until(lambda: reconnected(group, before), 20, f"{server.name}'s phones reconnected")
    vote_burst()
    assert len(sent) == len(phones) * DOTS_PER_PHASE * PHASES
    converge(truth, wid, clients)

    assert not no_internal_answers(clients), no_internal_answers(clients)
    final = {i: p.acks[i] for p in phones for i in p.acks}
    assert set(final) == set(sent) and all(ack.get("ok") for ack in final.values()), \
        [a for a in final.values() if not a.get("ok")][:3]
    assert truth.intent_counts(wid, sent) == {i: 1 for i in sent}  # 0 lost, 0 doubled
    assert truth.dots_by_participant(activity) == {p.participant_id: DOTS_PER_PHASE * PHASES for p in phones}
    assert truth.log_is_whole(wid) and truth.replays_exactly(activity)
    assert all(p.connects >= 2 for p in phones)  # every phone's process was restarted under it
    resent = sum(1 for p in phones for _, ack in p.answers if ack.get("duplicate"))
    print(f"rolling restart: {len(sent)} dots; unacknowledged on each stopped process: {in_flight}; "
          f"{resent} acks of a resend of one already applied")
