"""A TCP proxy that behaves like a school's Wi-Fi, for the chaos tests.

Each client gets a listening port of its own (`listen()`), all forwarding to one upstream server, so
a fault can hit chosen phones and spare the others. Faults:

- latency: every chunk, in each direction, is held for a random 200-500 ms (jitter per chunk) and
  delivered in order, as TCP would;
- drops (`set_drops(True)`): a fraction of connections is cut (both ends aborted) at a random moment
  mid-stream, as when a phone roams between access points;
- outage (`outage(ports, seconds)`): on those ports, open connections go silent (bytes are swallowed
  both ways), or are reset at once for the phones that notice, and new ones are refused until the
  outage ends; then the silent connections are reset, because the bytes they lost would corrupt
  the stream (like a phone back with a new address).

Every decision comes from a random generator seeded with (seed, listener number, connection number),
so a run can be reproduced; `events` records what was done, also logged to the "faulty_proxy" logger.
The proxy runs an asyncio loop on a background thread; its methods may be called from any thread.
"""
from __future__ import annotations

import asyncio
import itertools
import logging
import random
import threading
import time
from dataclasses import dataclass, field

log = logging.getLogger("faulty_proxy")
CHUNK = 64 * 1024


@dataclass
class Event:
    at: float  # seconds since the proxy started
    port: int
    connection: int  # 0 for the port itself
    what: str  # "open", "refuse", "drop", "silence", "reset", "outage", "heal", "drops on", ...

    def __str__(self) -> str:
        return f"{self.at:7.3f} s  :{self.port} #{self.connection}  {self.what}"


@dataclass(eq=False)  # each connection is itself (kept in a set)
class _Connection:
    port: int
    number: int
    rng: random.Random
    writers: list = field(default_factory=list)  # both ends' StreamWriters
    silent: bool = False
    closed: bool = False
    drop_at: float | None = None  # seconds after drops are on (or after it opened, if later), or never
    drop_handle: asyncio.TimerHandle | None = None


class FaultyProxy:
    def __init__(self, upstream: tuple[str, int], *, seed: int, latency: tuple[float, float] = (0.2, 0.5),
                 drop_fraction: float = 0.1, drop_after: tuple[float, float] = (0.5, 8.0)):
        self.upstream, self.seed, self.latency = upstream, seed, latency
        self.drop_fraction, self.drop_after = drop_fraction, drop_after
        self.events: list[Event] = []
        self.outage_started = threading.Event()
        self.healed = threading.Event()
        self.healed_at: float | None = None  # time.monotonic() of the heal
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="faulty-proxy", daemon=True)
        self._started = time.monotonic()
        self._servers: dict[int, asyncio.base_events.Server] = {}
        self._listeners = itertools.count(1)
        self._counters: dict[int, itertools.count] = {}
        self._connections: set[_Connection] = set()
        self._down: set[int] = set()
        self._drops_on = False

    # --- control (any thread) --------------------------------------------------------------

    def start(self) -> "FaultyProxy":
        self._thread.start()
        return self

    def stop(self) -> None:
        if not self._thread.is_alive():
            return
        self._call(self._shutdown)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)
        self._loop.close()

    def listen(self) -> int:
        """A new listening port on 127.0.0.1 forwarding to the upstream: one per client."""
        return self._call(self._listen)

    def set_drops(self, on: bool) -> None:
        self._call(self._set_drops, on)

    def outage(self, ports, seconds: float, noticed=(), then_calm: bool = True) -> None:
        """Cut `ports` off now and heal them `seconds` later. Their open connections go silent,
        except on the `noticed` ports (phones that see their Wi-Fi go), which are reset at once, so
        those clients retry, and are refused, all through the outage. With then_calm the random
        drops end at the heal too, so what follows happens on a network that only has latency."""
        self._call(self._outage, set(ports), seconds, set(noticed), then_calm)

    def count(self, what: str) -> int:
        return sum(1 for e in list(self.events) if e.what == what)

    def report(self) -> str:
        return "\n".join(str(e) for e in list(self.events))

    def _call(self, fn, *args):
        async def run():
            result = fn(*args)
            return await result if asyncio.iscoroutine(result) else result
        return asyncio.run_coroutine_threadsafe(run(), self._loop).result(timeout=10)

    # --- inside the loop ------------------------------------------------------------------------

    def _note(self, port: int, connection: int, what: str) -> None:
        event = Event(round(time.monotonic() - self._started, 3), port, connection, what)
        self.events.append(event)
        log.info("%s", event)

    async def _listen(self) -> int:
        number = next(self._listeners)  # taken before the await: listeners opened at once differ
        server = await asyncio.start_server(lambda r, w: self._accept(number, r, w), "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        self._servers[port] = server
        self._counters[port] = itertools.count(1)
        return port

    async def _accept(self, listener: int, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        port = writer.get_extra_info("sockname")[1]
        number = next(self._counters[port])
        rng = random.Random(f"{self.seed}:{listener}:{number}")
        if port in self._down:
            self._note(port, number, "refuse")
            writer.transport.abort()
            return
        try:
            up_reader, up_writer = await asyncio.open_connection(*self.upstream)
        except OSError as exc:
            self._note(port, number, f"upstream refused ({exc})")
            writer.transport.abort()
            return
        conn = _Connection(port, number, rng, writers=[writer, up_writer])
        if rng.random() < self.drop_fraction:
            conn.drop_at = rng.uniform(*self.drop_after)
        self._connections.add(conn)
        self._note(port, number, "open")
        if self._drops_on:
            self._schedule_drop(conn)
        await asyncio.gather(self._pump(conn, reader, up_writer), self._pump(conn, up_reader, writer),
                             return_exceptions=True)
        self._close(conn)

    async def _pump(self, conn: _Connection, source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
        """One direction: read as it comes, deliver each chunk after its delay, in order."""
        queue: asyncio.Queue = asyncio.Queue()
        jitter = random.Random(conn.rng.random())

        async def deliver():
            while True:
                due, data = await queue.get()
                await asyncio.sleep(max(0.0, due - self._loop.time()))
                if data is None or conn.closed:
                    return
                if conn.silent:
                    continue  # swallowed by the outage
                sink.write(data)
                await sink.drain()

        delivering = asyncio.ensure_future(deliver())
        last_due = 0.0
        try:
            while not conn.closed:
                data = await source.read(CHUNK)
                last_due = max(last_due, self._loop.time() + jitter.uniform(*self.latency))
                if not data:
                    break
                if not conn.silent:
                    queue.put_nowait((last_due, data))
        except (ConnectionError, OSError):
            pass
        queue.put_nowait((last_due, None))
        try:
            await delivering
        except (ConnectionError, OSError):
            pass
        self._close(conn)  # one side ended: end the other too (no half-open connections)

    def _close(self, conn: _Connection, abort: bool = False) -> None:
        if conn.closed:
            return
        conn.closed = True
        if conn.drop_handle is not None:
            conn.drop_handle.cancel()
        self._connections.discard(conn)
        for w in conn.writers:
            if abort:
                w.transport.abort()
            else:
                w.close()

    def _schedule_drop(self, conn: _Connection) -> None:
        if conn.drop_at is not None and conn.drop_handle is None and not conn.closed:
            conn.drop_handle = self._loop.call_later(conn.drop_at, self._drop, conn)

    def _drop(self, conn: _Connection) -> None:
        if conn.closed or conn.silent:
            return
        self._note(conn.port, conn.number, "drop")
        self._close(conn, abort=True)

    def _set_drops(self, on: bool) -> None:
        self._drops_on = on
        self._note(0, 0, "drops on" if on else "drops off")
        for conn in list(self._connections):
            if on:
                self._schedule_drop(conn)
            elif conn.drop_handle is not None:
                conn.drop_handle.cancel()
                conn.drop_handle = None

    def _outage(self, ports: set[int], seconds: float, noticed: set[int], then_calm: bool) -> None:
        self._down |= ports
        for port in sorted(ports):
            self._note(port, 0, "outage")
        for conn in list(self._connections):
            if conn.port in noticed:
                self._note(conn.port, conn.number, "reset")
                self._close(conn, abort=True)
            elif conn.port in ports:
                conn.silent = True
                self._note(conn.port, conn.number, "silence")
        self.healed.clear()
        self.outage_started.set()
        self._loop.call_later(seconds, self._heal, ports, then_calm)

    def _heal(self, ports: set[int], then_calm: bool) -> None:
        if then_calm:
            self._set_drops(False)
        self._down -= ports
        for conn in list(self._connections):
            if conn.silent:
                self._note(conn.port, conn.number, "reset")
                self._close(conn, abort=True)
        for port in sorted(ports):
            self._note(port, 0, "heal")
        self.healed_at = time.monotonic()
        self.healed.set()

    async def _shutdown(self) -> None:
        for conn in list(self._connections):
            self._close(conn, abort=True)
        for server in self._servers.values():
            server.close()
        tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
