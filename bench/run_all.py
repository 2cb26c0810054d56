"""Every scenario for every async mode, one after another; writes bench/results/<scenario>-...json,
bench/results/summary.json and prints the Markdown table of docs/performance.md.

    python -m bench.run_all                                  # eventlet, gevent, threading (~15 min)
    python -m bench.run_all --modes eventlet --scenarios fanout50 votes
    python -m bench.run_all --table-only                     # the table from the saved results
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from . import capacity, fanout, votes
from .harness import loadavg

RESULTS = Path(__file__).parent / "results"
MODES = ("eventlet", "gevent", "threading")
SCENARIOS = ("fanout50", "fanout200", "votes", "capacity")


def run_one(scenario: str, mode: str, procs: int) -> dict:
    p = ["--mode", mode, "--procs", str(procs)]
    if scenario.startswith("fanout"):
        return fanout.main(["--n", scenario[len("fanout"):], *p])
    if scenario == "votes":
        return votes.main(["--n", "200", *p])
    return capacity.main(p)


def _load(path: Path) -> dict | None:
    return json.loads(path.read_text()) if path.exists() else None


def _v(x, unit="") -> str:
    return "–" if x is None else f"{x:g}{unit}" if isinstance(x, (int, float)) else str(x)


def table(modes=MODES) -> str:
    rows = ["| scenario | mode | p50 | p95 | p99 | last receiver (max) | ack p95 | bare p95 | ratio p95 | "
            "lost / dup / rejected | server CPU | load avg (1 min, before → after) |",
            "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for mode in modes:
        for n in (50, 200):
            out = _load(RESULTS / f"fanout-n{n}-{mode}.json")
            if not out:
                continue
            w, lat = out["workshop"], out["workshop"]["latency_ms"]
            bare = out.get("bare", {}).get("latency_ms", {}).get("all", {})
            eo = w.get("exactly_once", {})
            rows.append(f"| fan-out N={n} ({w['connections']} sockets, {w['intents']['applied']} intents) | {mode} | "
                        f"{_v(lat['all']['p50'])} | **{_v(lat['all']['p95'])}** | {_v(lat['all']['p99'])} | "
                        f"{_v(lat['all']['max'])} | {_v(lat['ack']['p95'])} | {_v(bare.get('p95'))} | "
                        f"**{_v(out.get('ratio_to_bare', {}).get('all'))}×** | {_v(eo.get('lost'))} / "
                        f"{_v(eo.get('duplicated'))} / {w['intents']['rejected']} | {w['server_cpu_pct']}% | "
                        f"{w['loadavg_before'][0]} → {w['loadavg_after'][0]} |")
        out = _load(RESULTS / f"votes-n200-{mode}.json")
        if out:
            lat = out["latency_ms"]["all"]
            rows.append(f"| vote burst: {out['votes_sent']} votes in {out['send_span_s']} s (+{out['resends']} resends) | "
                        f"{mode} | {_v(lat['p50'])} | {_v(lat['p95'])} | {_v(lat['p99'])} | {_v(lat['max'])} | "
                        f"**{_v(out['ack_ms']['p95'])}** | | | **{out['lost']} / {out['duplicated']} / "
                        f"{out['rejected']}** | {out['server_cpu_pct']}% | {out['loadavg_before'][0]} → "
                        f"{out['loadavg_after'][0]} |")
        out = _load(RESULTS / f"capacity-{mode}.json")
        if out:
            lat = out["latency_ms"]["all"]
            rows.append(f"| capacity: {out['params']['rooms']} rooms × {out['params']['n']} ({out['connections']} "
                        f"sockets, {out['intent_rate_per_s']} intents/s); **{out['rss_per_connection_kib']} KiB RSS "
                        f"per connection** | {mode} | {_v(lat['p50'])} | **{_v(lat['p95'])}** | {_v(lat['p99'])} | "
                        f"{_v(lat['max'])} | {_v(out['latency_ms']['ack']['p95'])} | | | "
                        f"{out['intents'].get('no_ack', 0)} / – / {out['intents']['rejected']} | "
                        f"{out['server_cpu_pct']}% | {out['loadavg_before'][0]} → {out['loadavg_after'][0]} |")
    return "\n".join(rows)


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--modes", nargs="+", default=list(MODES), choices=MODES)
    p.add_argument("--scenarios", nargs="+", default=list(SCENARIOS), choices=SCENARIOS)
    p.add_argument("--procs", type=int, default=2, help="load generator processes")
    p.add_argument("--table-only", action="store_true")
    args = p.parse_args(argv)
    if not args.table_only:
        summary = {"started": time.strftime("%Y-%m-%d %H:%M:%S %Z"), "command": " ".join(["python -m bench.run_all", *sys.argv[1:]]),
                   "runs": []}
        for mode in args.modes:
            for scenario in args.scenarios:
                print(f"== {scenario} {mode} (load {loadavg()})", flush=True)
                try:
                    run_one(scenario, mode, args.procs)
                    summary["runs"].append({"scenario": scenario, "mode": mode, "ok": True})
                except Exception as exc:  # noqa: BLE001 - one failed scenario must not hide the others
                    print(f"   failed: {exc!r}", flush=True)
                    summary["runs"].append({"scenario": scenario, "mode": mode, "ok": False, "error": repr(exc)})
        summary["finished"] = time.strftime("%Y-%m-%d %H:%M:%S %Z")
        RESULTS.mkdir(parents=True, exist_ok=True)
        (RESULTS / "summary.json").write_text(json.dumps(summary, indent=2) + "\n")
    print(table(args.modes))


if __name__ == "__main__":
    main()
