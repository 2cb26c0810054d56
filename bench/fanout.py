"""Fan-out: one room (1 facilitator, 1 board, N phones) through a realistic burst — the
facilitator opens an idea wall, every phone adds ideas over a short window, the facilitator moves
to a dot vote, every phone places its dots (a few taps a second) — and, in the same run, the same
clients against a bare python-socketio server that only relays payloads of the same sizes.

    python -m bench.fanout --n 200 --mode eventlet          # writes bench/results/fanout-n200-eventlet.json

Per intent: the time from sending it to every client of the room having a state of that version
(or newer): p50/p95/p99 over every (intent, client) pair ("deliver"), over the last receiver of
each intent ("all"), and the ack.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import tempfile
import time
from pathlib import Path

import psutil

from . import harness, stats
from .clients import Client, Fleet, cpu_of, now
from .room import Room, machine, setup_room, write_json

RESULTS = Path(__file__).parent / "results"


def phase_params(args, room: Room) -> dict:
    acts = {str(room.workshop): None}
    return {"seed": args.seed, "ideas": args.ideas, "ideas_window": args.ideas_window, "dots": 5, "per_item": 3,
            "dots_window": args.dots_window, "items": room.items, "activities": acts}


async def drive(room: Room, fleet: Fleet, params: dict, timeout: float) -> dict:
    """The scripted burst; returns the records and how many clients saw each phase's last version."""
    f, wid = room.facilitator, room.workshop
    records: list[dict] = []
    reached: list[dict] = []

    async def sync_all(version: int) -> None:
        (got, of), fo, bo = await asyncio.gather(fleet.wait({wid: version}, timeout),
                                                 f.wait_version(version, timeout), room.board.wait_version(version, timeout))
        reached.append({"version": version, "reached": got + fo + bo, "of": of + 2})

    async def steps(*intents) -> None:
        for kind, activity, payload in intents:
            r = await f.intent(kind, activity, payload)
            r["phase"] = "facilitator"
            records.append(r)
        await sync_all(max(r.get("version") or 0 for r in records))

    await steps(("control.goto", None, {"activity": room.wall}), ("activity.open", room.wall, None))
    p = {**params, "window": params["ideas_window"], "activities": {str(wid): room.wall}}
    recs, _ = await fleet.run("ideas", p, now() + 0.3)
    for r in recs:
        r["phase"] = "ideas"
    records += recs
    await sync_all(max(r.get("version") or 0 for r in records))
    counted = {"ideas": _view_count(f, "count")}
    await steps(("activity.close", room.wall, None), ("control.goto", None, {"activity": room.dots}),
                ("activity.open", room.dots, None))
    p = {**params, "window": params["dots_window"], "activities": {str(wid): room.dots}}
    recs, _ = await fleet.run("dots", p, now() + 0.3)
    for r in recs:
        r["phase"] = "dots"
    records += recs
    await sync_all(max(r.get("version") or 0 for r in records))
    counted["dots"] = _view_count(f, "dots_placed")
    return {"records": records, "reached": reached, "counted": counted}


def _view_count(client: Client, key: str) -> int | None:
    """What the facilitator's newest state says was kept (None against the bare server)."""
    activity = (client.last or {}).get("activity") or {}
    return (activity.get("view") or {}).get(key)


def lost_and_duplicated(records: list[dict], counted: dict) -> dict:
    """Acked changes the state does not hold (or never acked), and changes held twice."""
    out = {"no_ack": sum(1 for r in records if r.get("ok") is None)}
    versions = [r["version"] for r in stats.applied(records)]
    out["shared_versions"] = len(versions) - len(set(versions))
    lost, duplicated = out["no_ack"], out["shared_versions"]
    for phase, key in (("ideas", "ideas"), ("dots", "dots")):
        applied = len(stats.applied([r for r in records if r.get("phase") == phase]))
        if counted.get(key) is not None:
            out[f"{phase}_applied"], out[f"{phase}_in_state"] = applied, counted[key]
            lost += max(0, applied - counted[key])
            duplicated += max(0, counted[key] - applied)
    out["lost"], out["duplicated"] = lost, duplicated
    return out


def sizes_by_version(clients: list[dict]) -> dict[int, dict[str, int]]:
    out: dict[int, dict[str, int]] = {}
    for c in clients:
        for v, n in c["sizes"].items():
            out.setdefault(int(v), {})[c["role"]] = n
    return out


def size_summary(sizes: dict[int, dict[str, int]]) -> dict:
    out = {}
    for role in ("facilitator", "board", "participant"):
        values = [s[role] for s in sizes.values() if role in s]
        if values:
            out[role] = {"mean": round(sum(values) / len(values)), "max": max(values)}
    return out


async def measure(server: harness.ServerProcess, room: Room, phones: list[dict], args, params: dict) -> dict:
    fleet = Fleet(server.url, phones, procs=args.procs)
    try:
        connected, errors = await fleet.connect()
        if errors:
            raise RuntimeError(f"{len(errors)} phones failed to connect: {errors[:3]}")
        await fleet.wait({room.workshop: room.facilitator.version}, 60)
        gen = [psutil.Process(p.pid) for p in fleet.procs] + [psutil.Process()]
        for c in (room.facilitator, room.board):
            c.arrivals.clear()
        await fleet.reset()
        load_before = harness.loadavg()
        cpu0, gen0, t0 = server.cpu_seconds(), cpu_of(gen), time.monotonic()
        run = await drive(room, fleet, params, args.timeout)
        wall = time.monotonic() - t0
        cpu1, gen1 = server.cpu_seconds(), cpu_of(gen)
        clients = await fleet.collect() + [room.facilitator.report(), room.board.report()]
    finally:
        await fleet.close()
    records = run["records"]
    final = max(r.get("version") or 0 for r in records)
    result = {
        "connections": connected + 2,
        "intents": stats.outcome_counts(records),
        "exactly_once": lost_and_duplicated(records, run["counted"]),
        "intent_rate_per_s": {ph: stats.rate([r for r in records if r.get("phase") == ph]) for ph in ("ideas", "dots")},
        "latency_ms": stats.fanout(records, clients),
        "latency_ms_by_phase": {ph: stats.fanout([r for r in records if r.get("phase") == ph], clients)["all"]
                                for ph in ("ideas", "dots")},
        "final_version": final,
        "clients_at_final": sum(1 for c in clients if c["version"] >= final),
        "clients": len(clients),
        "reached": run["reached"],
        "seconds": round(wall, 2),
        "server_cpu_s": round(cpu1 - cpu0, 2),
        "server_cpu_pct": round(100 * (cpu1 - cpu0) / wall, 1),
        "server_rss_mib": round(server.rss() / 2**20, 1),
        "loadgen_cpu_s": round(gen1 - gen0, 2),
        "loadavg_before": load_before, "loadavg_after": harness.loadavg(),
    }
    return result, clients


async def run(args) -> dict:
    mode, n = args.mode, args.n
    real_server = harness.start_stack(args.setup, mode, extra_env=dict(kv.split("=", 1) for kv in args.server_env))
    try:
        fac = harness.Facilitation(real_server.url)
        room = await setup_room(real_server, fac, n)
        params = phase_params(args, room)
        start_version = room.facilitator.version
        real, clients = await measure(real_server, room, room.phones(), args, params)
        await room.facilitator.close()
        await room.board.close()
    finally:
        harness.cleanup(real_server)
    stack = harness.stack_info(real_server)
    sizes = sizes_by_version(clients)
    real["state_bytes"] = size_summary(sizes)
    # the bare relay below is always one process, straight (no nginx): in the 1proc-pg and 2proc
    # setups the ratio is to that one-process floor of the same run
    out = {"scenario": "fanout", "mode": mode, "setup": args.setup, "stack": stack, "n": n, "machine": machine(), "params": {
        k: v for k, v in params.items() if k not in ("activities", "items")} | {"procs": args.procs,
                                                                             "server_env": args.server_env},
        "workshop": real}
    if not args.no_bare:
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as fh:
            json.dump({str(v): s for v, s in sizes.items()}, fh)
        bare_server = harness.start_bare(mode, Path(fh.name), start_version)
        try:
            bare_room = Room(room.workshop, room.wall, room.dots, room.items, room.tokens)
            bare_room.facilitator = Client(bare_server.url, "facilitator", {"workshop": room.workshop, "role": "facilitator"},
                                           label="f", workshop=room.workshop)
            bare_room.board = Client(bare_server.url, "board", {"workshop": room.workshop, "role": "board"},
                                     label="b", workshop=room.workshop)
            await bare_room.facilitator.connect()
            await bare_room.board.connect()
            bare, _ = await measure(bare_server, bare_room, room.phones(), args, params)
            await bare_room.facilitator.close()
            await bare_room.board.close()
        finally:
            harness.cleanup(bare_server)
            Path(fh.name).unlink(missing_ok=True)
        out["bare"] = bare
        out["ratio_to_bare"] = {k: _ratio(real["latency_ms"][k]["p95"], bare["latency_ms"][k]["p95"])
                                for k in ("all", "deliver")}
    return out


def _ratio(a, b):
    return round(a / b, 2) if a is not None and b else None


def line(out: dict) -> str:
    w = out["workshop"]
    s = (f"fanout n={out['n']} {out['mode']}: all p50/p95/p99/max = {w['latency_ms']['all']['p50']}/"
         f"{w['latency_ms']['all']['p95']}/{w['latency_ms']['all']['p99']}/{w['latency_ms']['all']['max']} ms, "
         f"ack p95 {w['latency_ms']['ack']['p95']} ms, {w['intents']['applied']} applied, "
         f"{w['intents']['rejected']} rejected {w['intents']['errors']}, {w['intents']['no_ack']} no ack, "
         f"{w['clients_at_final']}/{w['clients']} at final, server CPU {w['server_cpu_pct']}%")
    if "bare" in out:
        b = out["bare"]["latency_ms"]["all"]
        s += f"; bare p50/p95/p99 = {b['p50']}/{b['p95']}/{b['p99']} ms, ratio p95 {out['ratio_to_bare']['all']}"
    return s


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--n", type=int, default=50, help="participants in the room")
    p.add_argument("--mode", default="eventlet", choices=["eventlet", "gevent", "threading"])
    p.add_argument("--setup", default="1proc", choices=harness.SETUPS,
                   help="1proc: one process on SQLite; 1proc-pg / 2proc: one / two processes on PostgreSQL "
                        "and Redis behind nginx (bench/README.md)")
    p.add_argument("--procs", type=int, default=2, help="load generator processes")
    p.add_argument("--ideas", type=int, default=2, help="ideas per phone")
    p.add_argument("--ideas-window", type=float, default=10.0, help="seconds over which ideas arrive")
    p.add_argument("--dots-window", type=float, default=10.0, help="seconds within which each phone starts tapping")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--timeout", type=float, default=120.0)
    p.add_argument("--no-bare", action="store_true", help="skip the bare-server floor")
    p.add_argument("--server-env", nargs="*", default=[], metavar="KEY=VALUE",
                   help="environment for the server, e.g. WORKSHOP_PUSH_INTERVAL_MS=0 (push every change)")
    p.add_argument("--out", type=Path, help="JSON file (default bench/results/fanout-n<N>-<mode>.json)")
    return p


def main(argv=None) -> dict:
    args = parser().parse_args(argv)
    out = asyncio.run(run(args))
    write_json(args.out or RESULTS / f"fanout-n{args.n}-{args.mode}.json", out)
    print(line(out))
    return out


if __name__ == "__main__":
    main()
