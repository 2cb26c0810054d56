"""Capacity of one server process: 20 rooms × 50 phones (plus a console and a board per room).

1. Memory: the server's RSS with only the 40 consoles and boards connected, then with the 1,000
   phones connected and idle: (after - before) / 1,000 is the RSS per connection.
2. Steady load: every phone adds an idea every 10 s (5 intents/s a room, 100/s in all) for 20 s:
   p95 from sending an intent to every client of its room having it, server CPU.

    python -m bench.capacity --mode eventlet             # bench/results/capacity-eventlet.json
"""
from __future__ import annotations

import argparse
import asyncio
import time
from pathlib import Path

from . import harness, stats
from .clients import Fleet, now
from .room import machine, setup_room, write_json

RESULTS = Path(__file__).parent / "results"


async def run(args) -> dict:
    # eventlet's server takes 1,024 connections unless told otherwise (workshop's MAX_CONNECTIONS)
    server = harness.start_stack(args.setup, args.mode,
                                 extra_env={"WORKSHOP_MAX_CONNECTIONS": str(args.rooms * (args.n + 2) + 500)})
    rooms = []
    try:
        fac = harness.Facilitation(server.url)
        t_setup = time.monotonic()
        for k in range(args.rooms):
            room = await setup_room(server, fac, args.n, label=str(k))
            for kind, act, payload in (("control.goto", None, {"activity": room.wall}),
                                       ("activity.open", room.wall, None)):
                assert (await room.facilitator.intent(kind, act, payload))["ok"]
            rooms.append(room)
        setup_s = time.monotonic() - t_setup
        phones = [p for k, r in enumerate(rooms) for p in r.phones(first_index=k * args.n)]
        await asyncio.sleep(2)
        rss0 = server.rss()
        fleet = Fleet(server.url, phones, procs=args.procs, observe=False)
        try:
            t_conn = time.monotonic()
            connected, errors = await fleet.connect(concurrency=args.connect_concurrency)
            connect_s = time.monotonic() - t_conn
            await fleet.wait({r.workshop: r.facilitator.version for r in rooms}, 60)
            await asyncio.sleep(args.settle)
            rss1 = server.rss()
            for r in rooms:
                r.facilitator.arrivals.clear()
                r.board.arrivals.clear()
            await fleet.reset()
            load_before = harness.loadavg()
            cpu0, t0 = server.cpu_seconds(), time.monotonic()
            params = {"seed": args.seed, "period": args.period, "duration": args.duration,
                      "activities": {str(r.workshop): r.wall for r in rooms}}
            records, _ = await fleet.run("steady", params, now() + 0.5)
            wall = time.monotonic() - t0
            cpu = server.cpu_seconds() - cpu0
            finals = {}
            for r in records:
                if r.get("version"):
                    finals[r["workshop"]] = max(finals.get(r["workshop"], 0), r["version"])
            reached, of = await fleet.wait(finals, args.timeout)
            await asyncio.gather(*(c.wait_version(finals.get(r.workshop, 0), args.timeout)
                                   for r in rooms for c in (r.facilitator, r.board)))
            clients = await fleet.collect() + [c.report() for r in rooms for c in (r.facilitator, r.board)]
            consoles_connected = sum(c.sio.connected for r in rooms for c in (r.facilitator, r.board))
            rss2 = server.rss()
        finally:
            await fleet.close()
        await asyncio.gather(*(c.close() for r in rooms for c in (r.facilitator, r.board)))
    finally:
        harness.cleanup(server)
    stack = harness.stack_info(server)
    counts = stats.outcome_counts(records)
    lat = stats.fanout(records, clients)
    return {
        "scenario": "capacity", "mode": args.mode, "setup": args.setup, "stack": stack, "machine": machine(),
        "params": {"rooms": args.rooms, "n": args.n, "period_s": args.period, "duration_s": args.duration,
                   "procs": args.procs, "seed": args.seed},
        "connections": connected + 2 * len(rooms), "connect_errors": errors[:5], "connect_failures": len(errors),
        "setup_s": round(setup_s, 1), "connect_s": round(connect_s, 1),
        "rss_mib": {"consoles_only": round(rss0 / 2**20, 1), "with_phones_idle": round(rss1 / 2**20, 1),
                    "after_load": round(rss2 / 2**20, 1)},
        # summed over the workshop processes (2proc: both)
        "rss_per_connection_kib": round((rss1 - rss0) / max(connected, 1) / 1024, 1),
        "intents": counts, "intent_rate_per_s": stats.rate(records),
        "latency_ms": lat, "phones_at_final": reached, "phones": of,
        "consoles_and_boards_connected_at_end": consoles_connected,
        "seconds": round(wall, 2), "server_cpu_pct": round(100 * cpu / wall, 1),
        "loadavg_before": load_before, "loadavg_after": harness.loadavg(),
    }


def line(out: dict) -> str:
    return (f"capacity {out['mode']}: {out['connections']} connections ({out['connect_failures']} failed), "
            f"{out['rss_per_connection_kib']} KiB RSS each, {out['intent_rate_per_s']} intents/s: all p95 "
            f"{out['latency_ms']['all']['p95']} ms (ack p95 {out['latency_ms']['ack']['p95']} ms), "
            f"server CPU {out['server_cpu_pct']}%, {out['intents']['rejected']} rejected {out['intents']['errors']}, "
            f"{out['phones_at_final']}/{out['phones']} phones at final")


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--mode", default="eventlet", choices=["eventlet", "gevent", "threading"])
    p.add_argument("--setup", default="1proc", choices=harness.SETUPS,
                   help="1proc: one process on SQLite; 1proc-pg / 2proc: one / two processes on PostgreSQL "
                        "and Redis behind nginx (bench/README.md)")
    p.add_argument("--rooms", type=int, default=20)
    p.add_argument("--n", type=int, default=50, help="phones per room")
    p.add_argument("--period", type=float, default=10.0, help="seconds between one phone's ideas")
    p.add_argument("--duration", type=float, default=20.0)
    p.add_argument("--settle", type=float, default=3.0, help="seconds idle before reading RSS")
    p.add_argument("--procs", type=int, default=2)
    p.add_argument("--connect-concurrency", type=int, default=20)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--timeout", type=float, default=60.0)
    p.add_argument("--out", type=Path)
    return p


def main(argv=None) -> dict:
    args = parser().parse_args(argv)
    out = asyncio.run(run(args))
    write_json(args.out or RESULTS / f"capacity-{args.mode}.json", out)
    print(line(out))
    return out


if __name__ == "__main__":
    main()
