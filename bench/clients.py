"""The load generator: python-socketio asyncio clients (aiohttp websockets), one per connection,
spread over a few worker processes (`Fleet`) so the phones' decoding does not queue behind one
event loop. Each client notes when it first received each `state` version (time.monotonic(),
one clock for every process on the machine); each intent notes when it was sent and acked.
"""
from __future__ import annotations

import asyncio
import json
import multiprocessing as mp
import random
import time
from dataclasses import dataclass, field

import jsonpatch
import socketio

from workshop.engine.patches import check

from . import scripts

now = time.monotonic


@dataclass
class Client:
    url: str
    role: str
    auth: dict
    cookie: str | None = None
    label: str = ""
    workshop: int = 0
    measure_sizes: bool = False
    arrivals: list = field(default_factory=list)   # [(version, first arrival)]
    sizes: dict = field(default_factory=dict)      # version -> bytes (observers only)
    version: int = -1
    private_count: int = 0
    last: dict | None = None                       # the newest state (for set-up)

    def __post_init__(self):
        # ssl_verify off: behind nginx (bench setups 1proc-pg, 2proc) the certificate is a throwaway one
        self.sio = socketio.AsyncClient(reconnection=False, handle_sigint=False, ssl_verify=False)
        self._changed = asyncio.Event()
        self.sio.on("state", self._on_state)
        self.sio.on("patch", self._on_patch)
        self.sio.on("private", self._on_private)
        self._seq = 0

    async def _on_state(self, data):
        t = now()
        v = data.get("version", -1)
        if v > self.version:
            self.version = v
            self.last = data
            self.arrivals.append((v, t))
            if self.measure_sizes:
                self.sizes[v] = len(json.dumps(data))
            self._changed.set()

    async def _on_patch(self, data):
        """As live.js: applied to the state held at exactly `from_version` (in place: the
        generator must stay cheap), else a `sync` for the whole state."""
        t = now()
        v = data.get("version", -1)
        if v <= self.version:
            return
        if self.last is None or data.get("from_version") != self.version:
            await self.sio.emit("sync", {"version": max(self.version, 0)})
            return
        self.last = jsonpatch.apply_patch(self.last, data["ops"], in_place=True)
        # live.js also compares the patch's `check` with the state it made; ~1 ms a 70 KB state, so
        # here only the observers do (200 phones doing it would load the generator, not the server)
        if self.measure_sizes and data.get("check") and check(self.last) != data["check"]:
            self.last, self.version = None, -1
            await self.sio.emit("sync", {"version": 0})
            return
        self.version = v
        self.arrivals.append((v, t))
        if self.measure_sizes:
            self.sizes[v] = len(json.dumps(data))
        self._changed.set()

    async def _on_private(self, data):
        self.private_count += 1

    async def connect(self) -> None:
        headers = {"Cookie": self.cookie} if self.cookie else {}
        await self.sio.connect(self.url, auth=self.auth, headers=headers, transports=["websocket"],
                               wait_timeout=60)

    async def intent(self, kind: str, activity: int | None = None, payload: dict | None = None,
                     intent_id: str | None = None, timeout: float = 60.0) -> dict:
        if intent_id is None:
            self._seq += 1
            intent_id = f"b{self.label}-{self._seq}-{random.getrandbits(32):08x}"
        msg = {"intent_id": intent_id, "type": kind, "activity": activity, "payload": payload or {}}
        record = {"id": intent_id, "kind": kind, "client": self.label, "workshop": self.workshop, "sent": now()}
        try:
            ack = await self.sio.call("intent", msg, timeout=timeout)
        except Exception as exc:  # noqa: BLE001 - a timeout or a dropped socket: no ack
            record.update(acked=None, ok=None, error=f"no_ack:{type(exc).__name__}")
            return record
        record.update(acked=now(), ok=bool(ack.get("ok")), version=ack.get("version"),
                      duplicate=bool(ack.get("duplicate")), error=ack.get("error"))
        return record

    async def wait_version(self, version: int, timeout: float) -> bool:
        deadline = now() + timeout
        while self.version < version:
            left = deadline - now()
            if left <= 0:
                return False
            self._changed.clear()
            try:
                await asyncio.wait_for(self._changed.wait(), left)
            except asyncio.TimeoutError:
                return self.version >= version
        return True

    async def close(self) -> None:
        try:
            await asyncio.wait_for(self.sio.disconnect(), 5)
        except Exception:  # noqa: BLE001 - already gone, or the server no longer answers
            pass

    def report(self) -> dict:
        return {"label": self.label, "role": self.role, "workshop": self.workshop, "arrivals": self.arrivals,
                "sizes": self.sizes, "version": self.version}


async def connect_all(clients: list[Client], concurrency: int = 20) -> list[str]:
    """Connect in small batches (a room of phones does not all arrive in the same millisecond)."""
    gate = asyncio.Semaphore(concurrency)
    errors: list[str] = []

    async def one(c: Client):
        async with gate:
            try:
                await c.connect()
            except Exception as exc:  # noqa: BLE001
                errors.append(f"{c.label}: {exc!r}")

    await asyncio.gather(*(one(c) for c in clients))
    return errors


# --- worker processes ---------------------------------------------------------------------

def _worker(conn, url: str, phones: list[dict], observe: bool) -> None:
    asyncio.run(_worker_loop(conn, url, phones, observe))


async def _worker_loop(conn, url: str, phones: list[dict], observe: bool) -> None:
    loop = asyncio.get_running_loop()
    clients = [Client(url, "participant", {"workshop": p["workshop"], "role": "participant", "token": p["token"]},
                      label=f"p{p['index']}", workshop=p["workshop"], measure_sizes=observe and i == 0)
               for i, p in enumerate(phones)]
    index = {c.label: p["index"] for c, p in zip(clients, phones)}
    while True:
        msg = await loop.run_in_executor(None, conn.recv)
        cmd = msg["cmd"]
        if cmd == "connect":
            errors = await connect_all(clients, msg.get("concurrency", 20))
            conn.send({"errors": errors, "connected": sum(c.sio.connected for c in clients)})
        elif cmd == "run":
            script = scripts.SCRIPTS[msg["script"]]
            started = time.process_time()
            results = await asyncio.gather(*(script(c, index[c.label], msg["params"], msg["start_at"])
                                             for c in clients if c.sio.connected))
            conn.send({"records": [r for rs in results for r in rs], "cpu": time.process_time() - started})
        elif cmd == "wait":
            targets = msg["versions"]  # workshop -> version
            oks = await asyncio.gather(*(c.wait_version(targets[c.workshop], msg["timeout"])
                                         for c in clients if c.workshop in targets))
            conn.send({"reached": sum(oks), "of": len(oks)})
        elif cmd == "collect":
            conn.send({"clients": [c.report() for c in clients],
                       "private": sum(c.private_count for c in clients)})
        elif cmd == "reset":
            for c in clients:
                c.arrivals.clear()
                c.sizes.clear()
            conn.send({})
        elif cmd == "close":
            await asyncio.gather(*(c.close() for c in clients))
            conn.send({})
            return


class Fleet:
    """Phones spread over `procs` worker processes, driven from the main process's event loop."""

    def __init__(self, url: str, phones: list[dict], procs: int = 2, observe: bool = True):
        ctx = mp.get_context("spawn")
        procs = max(1, min(procs, len(phones)))
        self.pipes, self.procs = [], []
        for k in range(procs):
            here, there = ctx.Pipe()
            share = phones[k::procs]
            p = ctx.Process(target=_worker, args=(there, url, share, observe and k == 0), daemon=True)
            p.start()
            self.pipes.append(here)
            self.procs.append(p)

    async def call(self, msg: dict) -> list[dict]:
        loop = asyncio.get_running_loop()
        for pipe in self.pipes:
            pipe.send(msg)
        return list(await asyncio.gather(*(loop.run_in_executor(None, pipe.recv) for pipe in self.pipes)))

    async def connect(self, concurrency: int = 20) -> tuple[int, list[str]]:
        replies = await self.call({"cmd": "connect", "concurrency": concurrency})
        return sum(r["connected"] for r in replies), [e for r in replies for e in r["errors"]]

    async def run(self, script: str, params: dict, start_at: float) -> tuple[list[dict], float]:
        replies = await self.call({"cmd": "run", "script": script, "params": params, "start_at": start_at})
        return [r for rep in replies for r in rep["records"]], sum(rep["cpu"] for rep in replies)

    async def wait(self, versions: dict[int, int], timeout: float = 60.0) -> tuple[int, int]:
        replies = await self.call({"cmd": "wait", "versions": versions, "timeout": timeout})
        return sum(r["reached"] for r in replies), sum(r["of"] for r in replies)

    async def collect(self) -> list[dict]:
        replies = await self.call({"cmd": "collect"})
        return [c for r in replies for c in r["clients"]]

    async def reset(self) -> None:
        await self.call({"cmd": "reset"})

    async def close(self) -> None:
        try:
            await asyncio.wait_for(self.call({"cmd": "close"}), 30)
        finally:
            for p in self.procs:
                p.join(5)
                if p.is_alive():
                    p.terminate()


def cpu_of(processes) -> float:
    """CPU seconds used so far by the worker processes (psutil handles)."""
    total = 0.0
    for ps in processes:
        try:
            t = ps.cpu_times()
            total += t.user + t.system
        except Exception:  # noqa: BLE001 - already gone
            pass
    return total


def rng_for(seed: int, index: int) -> random.Random:
    return random.Random(seed * 100_003 + index)
