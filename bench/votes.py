"""Vote burst: N phones (200) each place one dot within 2 s on an open dot vote; one phone in ten
sends its dot again with the same intent_id right after the ack (as a phone does when an ack was
lost). Counts what the server kept against what it acknowledged:

- lost: acknowledged as applied but not counted in the final state (or never acknowledged)
- duplicated: counted more often than acknowledged, or two acks sharing one version
- rejected: refused acks, by error code

    python -m bench.votes --n 200 --mode eventlet        # bench/results/votes-n200-eventlet.json
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
    server = harness.start_stack(args.setup, args.mode)
    try:
        fac = harness.Facilitation(server.url)
        room = await setup_room(server, fac, args.n)
        f = room.facilitator
        for kind, act, payload in (("control.goto", None, {"activity": room.dots}), ("activity.open", room.dots, None)):
            assert (await f.intent(kind, act, payload))["ok"]
        fleet = Fleet(server.url, room.phones(), procs=args.procs)
        try:
            connected, errors = await fleet.connect()
            assert not errors, errors[:3]
            await fleet.wait({room.workshop: f.version}, 60)
            start_version = f.version
            load_before = harness.loadavg()
            cpu0, t0 = server.cpu_seconds(), time.monotonic()
            params = {"seed": args.seed, "window": args.window, "resend": args.resend, "items": room.items,
                      "activities": {str(room.workshop): room.dots}}
            records, _ = await fleet.run("vote", params, now() + 0.3)
            final = max([r.get("version") or 0 for r in records] + [start_version])
            (reached, of), *_ = await asyncio.gather(fleet.wait({room.workshop: final}, args.timeout),
                                                     f.wait_version(final, args.timeout),
                                                     room.board.wait_version(final, args.timeout))
            wall = time.monotonic() - t0
            cpu = server.cpu_seconds() - cpu0
            clients = await fleet.collect() + [f.report(), room.board.report()]
        finally:
            await fleet.close()
        view = f.last["activity"]["view"]
        await f.close()
        await room.board.close()
    finally:
        harness.cleanup(server)
    stack = harness.stack_info(server)
    first = [r for r in records if not r.get("resend")]
    resends = [r for r in records if r.get("resend")]
    applied = stats.applied(records)
    versions = [r["version"] for r in applied]
    counted = view["dots_placed"]
    counts = stats.outcome_counts(records)
    return {
        "scenario": "votes", "mode": args.mode, "setup": args.setup, "stack": stack, "n": args.n, "machine": machine(),
        "params": {"window_s": args.window, "resend_fraction": args.resend, "procs": args.procs, "seed": args.seed},
        "votes_sent": len(first), "resends": len(resends),
        "acked_applied": len(applied), "counted_in_state": counted, "voters_in_state": view["voters"],
        "lost": max(0, len(applied) - counted) + counts["no_ack"],
        "duplicated": max(0, counted - len(applied)) + (len(versions) - len(set(versions))),
        "resends_acked_duplicate": sum(1 for r in resends if r.get("ok") and r.get("duplicate")),
        "rejected": counts["rejected"], "errors": counts["errors"], "no_ack": counts["no_ack"],
        "versions_made": final - start_version,
        "send_span_s": round(max(r["sent"] for r in first) - min(r["sent"] for r in first), 2),
        "ack_ms": stats.summary([r["acked"] - r["sent"] for r in first if r.get("acked") is not None]),
        "latency_ms": stats.fanout(first, clients),
        "clients_at_final": reached + 2 if f.version >= final else reached, "clients": of + 2,
        "seconds": round(wall, 2), "server_cpu_pct": round(100 * cpu / wall, 1),
        "loadavg_before": load_before, "loadavg_after": harness.loadavg(),
    }


def line(out: dict) -> str:
    return (f"votes n={out['n']} {out['mode']}: {out['votes_sent']} votes in {out['send_span_s']} s, "
            f"lost {out['lost']}, duplicated {out['duplicated']}, rejected {out['rejected']} {out['errors']}, "
            f"resends answered duplicate {out['resends_acked_duplicate']}/{out['resends']}, "
            f"ack p95 {out['ack_ms']['p95']} ms, all p95 {out['latency_ms']['all']['p95']} ms")


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--n", type=int, default=200)
    p.add_argument("--mode", default="eventlet", choices=["eventlet", "gevent", "threading"])
    p.add_argument("--setup", default="1proc", choices=harness.SETUPS,
                   help="1proc: one process on SQLite; 1proc-pg / 2proc: one / two processes on PostgreSQL "
                        "and Redis behind nginx (bench/README.md)")
    p.add_argument("--window", type=float, default=2.0, help="seconds within which every vote is sent")
    p.add_argument("--resend", type=float, default=0.1, help="share of phones that resend their vote")
    p.add_argument("--procs", type=int, default=2)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--timeout", type=float, default=60.0)
    p.add_argument("--out", type=Path)
    return p


def main(argv=None) -> dict:
    args = parser().parse_args(argv)
    out = asyncio.run(run(args))
    write_json(args.out or RESULTS / f"votes-n{args.n}-{args.mode}.json", out)
    print(line(out))
    return out


if __name__ == "__main__":
    main()
