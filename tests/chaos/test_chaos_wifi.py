"""School Wi-Fi (issue 11 §4): 30 phones reach a real server through a proxy that holds every chunk
200-500 ms each way and cuts some connections mid-stream, while they add ideas to an idea wall and
then vote in a dot vote. A third of them lose the network for 20 s in the middle of the vote and
keep tapping. Once it heals, every change acknowledged `ok` is in the workshop exactly once, and
every client (phones, console, board) holds what a fresh sync would give it within 10 s."""
from __future__ import annotations

import random
import socket
import sys
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import services

SCALE = Path(__file__).resolve().parents[1] / "scale"
if str(SCALE) not in sys.path:  # tests/chaos/conftest.py puts it there too; this module stands alone
    sys.path.insert(0, str(SCALE))

from cluster import LiveClient, Server, join, login, wait_until  # noqa: E402
from faulty_proxy import FaultyProxy  # noqa: E402
from scenario import EMAIL, PASSWORD, Truth  # noqa: E402
from test_crash import participant_id  # noqa: E402
from workshop.engine.envelope import Principal  # noqa: E402

PHONES, OUTAGED = 30, 10
IDEAS, DOTS = 2, 4  # each phone's; the vote's budget is DOTS, so a vote applied twice would be refused
HELD_FOR_THE_OUTAGE = 2  # dots an outaged phone taps while it has no network
OUTAGE_S, CONVERGE_S = 20, 10
SEED = 11
# Transports by phone number: long-polling only (a network that blocks WebSockets), polling that
# upgrades (as browsers do), WebSocket only.
TRANSPORTS = [("polling",), ("polling", "websocket"), ("websocket",)]


@pytest.fixture
def wifi_database():
    """A fresh database on the machine's PostgreSQL (never restarted here)."""
    with services.fresh_postgres_database() as url:
        yield url


# --- the room ---------------------------------------------------------------------------------

def wall_then_vote(truth: Truth) -> dict:
    """An open workshop on its idea wall (input open) with a dot vote of DOTS dots, up to DOTS on
    one option, waiting further down the agenda."""
    info = truth.idea_wall()
    step = truth.stepper(info["workshop"], Principal("facilitator", user_id=info["user"]))
    step("dots.settings", {"dots": DOTS, "per_item": DOTS}, activity=info["activity"])
    return info


def connect_all(clients: list[LiveClient]) -> None:
    with ThreadPoolExecutor(len(clients)) as pool:
        list(pool.map(LiveClient.connect, clients))


def on_the_vote(phone: LiveClient, vote: int) -> bool:
    with phone.lock:
        activity = (phone.state or {}).get("activity") or {}
    return activity.get("id") == vote and bool(activity.get("open"))


def acked(phone: LiveClient, intent_id: str) -> dict | None:
    with phone.lock:
        return phone.acks.get(intent_id)


# --- what each phone does ----------------------------------------------------------------------

def phone_script(phone: LiveClient, info: dict, outage_started: threading.Event) -> None:
    """A person: types their ideas, waits for the vote to appear, taps their dots. An outaged
    phone keeps its last dots until its network is gone (then taps them into the void)."""
    rng = random.Random(f"{SEED}:{phone.name}")
    time.sleep(rng.uniform(0.0, 1.0))  # people don't all start typing at the same instant
    for k in range(IDEAS):
        text = f"{phone.name}: idea {k + 1}"
        phone.ideas.append((phone.send("idea.add", {"text": text}, info["wall"]), text))
        time.sleep(rng.uniform(0.3, 1.0))
    wait_until(lambda: on_the_vote(phone, info["activity"]), 60, f"{phone.name} sees the vote")
    for k in range(DOTS):
        if phone.outaged and k == DOTS - HELD_FOR_THE_OUTAGE:
            assert outage_started.wait(30), f"{phone.name}: the outage never came"
        item = rng.choice(info["items"])
        phone.dots.append((phone.send("dots.place", {"item": item}, info["activity"]), item))
        time.sleep(rng.uniform(0.15, 0.5))


def applied_but_unacked(truth: Truth, workshop_id: int, phones: list[LiveClient]) -> set[str]:
    """Votes the server has applied whose ack has not reached the phone yet: cutting the network
    now loses those acks, and the phone must resend them without voting twice."""
    waiting = [i for p in phones for i, _ in list(p.dots) if acked(p, i) is None]
    return set(truth.intent_counts(workshop_id, waiting)) if waiting else set()


def time_to_cut(truth: Truth, info: dict, phones: list[LiveClient]) -> set[str]:
    """The moment for the outage: everyone is on the vote (so what follows the heal is recovery,
    not people still voting), each outaged phone has tapped, and one of their acks is in flight."""
    if not all(on_the_vote(p, info["activity"]) for p in phones):
        return set()
    outaged = [p for p in phones if p.outaged]
    if not all(p.dots for p in outaged):
        return set()
    return applied_but_unacked(truth, info["workshop"], outaged)


def stragglers(truth: Truth, workshop_id: int, clients: list[LiveClient], proxy: FaultyProxy) -> str:
    """Why the clients that differ from the server do: for a failure message."""
    lines = []
    for c in clients:
        if c.connected and c.settled() and c.name not in truth.diverged(workshop_id, [c]):
            continue
        with c.lock:
            queued, version = {i: c.acks.get(i) for i in c.queue}, c.version
        port = getattr(c, "port", None)
        lines.append(f"{c.name}: connected={c.connected} transport={c.sio.transport() if c.connected else None} "
                     f"connects={c.connects} version={version} queued={queued} "
                     f"proxy={[str(e) for e in proxy.events if port and e.port == port][-6:]}")
    return "\n".join(lines)


# --- the test ------------------------------------------------------------------------------------

def test_chaos_school_wifi_loses_no_acknowledged_change_and_converges_after_an_outage(tmp_path, wifi_database):
    server = Server(tmp_path, {"WORKSHOP_DATABASE_URL": wifi_database})
    server.cli("create-user", "--email", EMAIL, "--name", "Priya Shah", "--password", PASSWORD)
    truth = Truth(tmp_path, wifi_database)
    proxy = FaultyProxy(("127.0.0.1", server.port), seed=SEED, latency=(0.2, 0.5), drop_fraction=0.12)
    clients: list[LiveClient] = []
    try:
        info = wall_then_vote(truth)
        wid, wall, vote = info["workshop"], info["wall"], info["activity"]
        server.start()
        proxy.start()
        # The console and the board are on the same Wi-Fi (latency, drops) but keep their network.
        console = LiveClient(f"http://127.0.0.1:{proxy.listen()}", {"workshop": wid, "role": "facilitator"},
                             http=login(server.base, EMAIL, PASSWORD), name="console",
                             transports=("polling", "websocket"))
        board = LiveClient(f"http://127.0.0.1:{proxy.listen()}",
                           {"workshop": wid, "role": "board", "key": info["board_key"]}, name="board")
        phones = []
        for n in range(PHONES):
            _, token = join(server.base, info["code"], f"Teacher {n}")
            port = proxy.listen()
            phone = LiveClient(f"http://127.0.0.1:{port}", {"workshop": wid, "role": "participant", "token": token},
                               name=f"phone{n}", transports=TRANSPORTS[n % 3])
            phone.participant_id, phone.port, phone.outaged = participant_id(wid, token), port, n < OUTAGED
            phone.ideas, phone.dots = [], []  # (intent_id, text or item), in sending order
            phones.append(phone)
        clients += [console, board, *phones]
        outaged = [p for p in phones if p.outaged]
        connect_all(clients)
        wait_until(lambda: all(c.state for c in clients), 30, "every client has the workshop's state")

        proxy.set_drops(True)
        with ThreadPoolExecutor(PHONES) as people:
            scripts = [people.submit(phone_script, p, info, proxy.outage_started) for p in phones]

            # The facilitator moves the room on to the vote once every idea has its answer.
            wait_until(lambda: all(acked(p, i) for p in phones for i, _ in p.ideas) and
                       all(len(p.ideas) == IDEAS for p in phones), 60, "every idea answered")
            assert console.call("control.goto", {"activity": vote}, timeout=30)["ok"]
            assert console.call("activity.open", activity=vote, timeout=30)["ok"]

            # Mid-vote, a third of the phones lose the network: at a moment when at least one of
            # their votes is applied but its ack is still on the way back.
            lost_acks = wait_until(lambda: time_to_cut(truth, info, phones), 60,
                                   "everyone on the vote and an outaged phone's ack in flight")
            # Half the outaged phones notice (their sockets close; they retry, refused, all along),
            # the others hear nothing until the heal resets their silent connections.
            proxy.outage([p.port for p in outaged], OUTAGE_S, noticed=[p.port for p in outaged[::2]])
            # Those still unanswered now are lost for good: the silence swallows their acks.
            lost_acks = {i for p in outaged for i, _ in list(p.dots) if i in lost_acks and acked(p, i) is None}
            for script in scripts:
                script.result(timeout=OUTAGE_S)
        assert not proxy.healed.is_set(), "people were still voting when the network healed"

        assert proxy.healed.wait(OUTAGE_S + 15), "the network never healed"
        healed_at = proxy.healed_at

        def converged() -> bool:
            return (all(c.connected for c in clients) and all(p.settled() for p in phones)
                    and not truth.diverged(wid, clients))

        # Measured from the heal itself: this thread woke within moments of it.
        try:
            wait_until(converged, CONVERGE_S - (time.monotonic() - healed_at),
                       f"every client holds the server's state within {CONVERGE_S} s of the heal",
                       interval=0.2)  # each check builds 32 views: leave the clients the CPU
        except AssertionError as exc:
            raise AssertionError(f"{exc}\n{stragglers(truth, wid, clients, proxy)}") from None
        print(f"converged {time.monotonic() - healed_at:.2f} s after the heal; proxy: "
              f"{proxy.count('open')} connections, {proxy.count('drop')} dropped, {proxy.count('refuse')} refused, "
              f"{proxy.count('reset')} reset; lost acks at the cut: {len(lost_acks)}")
        (tmp_path / "proxy.log").write_text(proxy.report())

        # The faults really happened: connections cut mid-stream, reconnects refused during the
        # outage, and the outaged phones came back.
        assert proxy.count("drop") >= 1 and proxy.count("refuse") >= 1, proxy.report()
        assert all(p.connects >= 2 for p in outaged), [(p.name, p.connects) for p in outaged]

        # Every change was answered ok (nothing refused: a vote applied twice would hit the budget).
        answers = {i: acked(p, i) for p in phones for i, _ in p.ideas + p.dots}
        assert len(answers) == PHONES * (IDEAS + DOTS)
        assert [i for i, a in answers.items() if not (a and a["ok"])] == []
        # A vote whose ack the outage swallowed was resent and recognised, not applied again.
        assert lost_acks and all(answers[i]["duplicate"] for i in lost_acks), {i: answers[i] for i in lost_acks}
        assert truth.intent_counts(wid, answers) == {i: 1 for i in answers}

        # Each idea is on the wall once; each phone's every dot is counted, on the option it chose.
        cards = [c["text"] for c in truth.activity_state(wall)["cards"] if not c["deleted"]]
        assert Counter(cards) == Counter(text for p in phones for _, text in p.ideas)
        assert truth.dots_by_participant(vote) == {p.participant_id: DOTS for p in phones}
        per_option = Counter()
        for mine in truth.activity_state(vote)["dots"].values():
            per_option.update(mine)
        assert +per_option == Counter(item for p in phones for _, item in p.dots)
        assert truth.log_is_whole(wid) and truth.replays_exactly(wall) and truth.replays_exactly(vote)
    finally:
        proxy.stop()  # first: every connection ends at once, so no client waits out a long poll
        if clients:
            with ThreadPoolExecutor(len(clients)) as closing:
                list(closing.map(LiveClient.close, clients))
        server.stop()
        truth.close()


# --- the proxy itself ------------------------------------------------------------------------------

class Echo:
    """A TCP echo server on a free loopback port (the proxy's upstream in these tests)."""

    def __init__(self):
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        while True:
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._echo, args=(conn,), daemon=True).start()

    @staticmethod
    def _echo(conn):
        with conn:
            try:
                while data := conn.recv(4096):
                    conn.sendall(data)
            except OSError:
                pass

    def close(self):
        self.listener.close()


def round_trip(port: int, data: bytes, timeout: float = 5) -> bytes:
    """Send `data` in small writes and read until as much came back or the connection ended."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        return exchange(s, data)


def exchange(s: socket.socket, data: bytes) -> bytes:
    """What comes back for `data` (b"" if the connection is cut or silent)."""
    got = b""
    try:
        for k in range(0, len(data), 7):
            s.sendall(data[k:k + 7])
        while len(got) < len(data):
            chunk = s.recv(4096)
            if not chunk:
                break
            got += chunk
    except (OSError, socket.timeout):
        pass
    return got


@pytest.fixture
def echo():
    server = Echo()
    yield server
    server.close()


def test_chaos_proxy_delays_each_way_and_keeps_the_stream_in_order(echo):
    proxy = FaultyProxy(("127.0.0.1", echo.port), seed=1, latency=(0.2, 0.3)).start()
    try:
        data = bytes(range(256)) * 8  # many small writes, each held for its own random delay
        began = time.monotonic()
        assert round_trip(proxy.listen(), data) == data
        assert time.monotonic() - began >= 0.4  # at least the least delay, there and back
        assert proxy.count("open") == 1
    finally:
        proxy.stop()


def test_chaos_proxy_outage_silences_refuses_then_resets(echo):
    proxy = FaultyProxy(("127.0.0.1", echo.port), seed=1, latency=(0.0, 0.0)).start()
    try:
        hit, noticing, spared = proxy.listen(), proxy.listen(), proxy.listen()
        silenced = socket.create_connection(("127.0.0.1", hit), timeout=5)
        cut = socket.create_connection(("127.0.0.1", noticing), timeout=5)
        assert exchange(silenced, b"before") == b"before" and exchange(cut, b"before") == b"before"
        proxy.outage([hit, noticing], 1.0, noticed=[noticing])
        silenced.settimeout(0.3)
        assert exchange(silenced, b"during") == b""  # swallowed: nothing comes back
        assert exchange(cut, b"during") == b""  # reset at once
        assert round_trip(hit, b"new") == b""  # a new connection is refused
        assert round_trip(spared, b"other phone") == b"other phone"
        assert proxy.healed.wait(10)
        silenced.settimeout(5)
        assert exchange(silenced, b"after") == b""  # reset at the heal: the stream lost bytes
        silenced.close(), cut.close()
        assert round_trip(hit, b"healed") == b"healed"
        assert [e.what for e in proxy.events if e.port == hit] == ["open", "outage", "silence", "refuse",
                                                                    "reset", "heal", "open"]
        assert [e.what for e in proxy.events if e.port == noticing] == ["open", "outage", "reset", "heal"]
    finally:
        proxy.stop()


def dropped_connections(echo_port: int, seed: int) -> list[int]:
    """Open eight connections, switch drops on (each cut at once if chosen), and list which died."""
    proxy = FaultyProxy(("127.0.0.1", echo_port), seed=seed, latency=(0.0, 0.0), drop_fraction=0.5,
                        drop_after=(0.0, 0.0)).start()
    try:
        port = proxy.listen()
        conns = [socket.create_connection(("127.0.0.1", port), timeout=5) for _ in range(8)]
        for s in conns:
            assert exchange(s, b"hello") == b"hello"
        proxy.set_drops(True)  # the chosen ones are cut on the loop's next turn, before any echo
        alive = [exchange(s, b"still there?") == b"still there?" for s in conns]
        for s in conns:
            s.close()
        dropped = sorted(e.connection for e in proxy.events if e.what == "drop")
        assert dropped == [n + 1 for n, ok in enumerate(alive) if not ok]
        return dropped
    finally:
        proxy.stop()


def test_chaos_proxy_drops_the_same_connections_for_the_same_seed(echo):
    first = dropped_connections(echo.port, seed=7)
    assert 0 < len(first) < 8, first
    assert dropped_connections(echo.port, seed=7) == first
