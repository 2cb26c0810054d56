"""Every chosen scenario × async mode × setup, K times each, interleaved (round 1 of every
combination, then round 2, ...) so a slow spell of the machine spreads over all of them. Every
run's JSON is kept in a dated folder, bench/results/<YYYY-MM-DD>-<short commit>/ (or --out), as
<scenario>-<mode>-<setup>-run<k>.json (exports: exports-run<k>.json); a file is never
overwritten — a re-run in the same folder takes the next free run number. A run that fails still
leaves its file (ok: false, the error). Then the tables (bench/report.py) and summary.json.

    python -m bench.run_all                                      # 3 rounds of everything (~1.5 h)
    python -m bench.run_all --runs 5 --scenarios fanout200 capacity --setups 1proc 2proc
    python -m bench.run_all --table-only --from bench/results/2026-11-29-3844504

The 1proc-pg and 2proc setups run the default async mode only (workshop.config.DEFAULT_ASYNC_MODE),
as a deployment does; the exports scenario runs once per round (it uses neither mode nor setup).
"""
from __future__ import annotations

import argparse
import asyncio
import json
import re
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

from workshop.config import DEFAULT_ASYNC_MODE

from . import capacity, exports, fanout, harness, report, votes
from .harness import ROOT, loadavg

RESULTS = Path(__file__).parent / "results"
MODES = ("eventlet", "gevent", "threading")  # threading: development only, selectable, not by default
DEFAULT_MODES = ("eventlet", "gevent")
SCENARIOS = ("fanout50", "fanout200", "votes", "capacity", "exports")


def git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout.strip()


def commit_info() -> dict:
    """The commit measured and whether the tree differed from it (uncommitted changes)."""
    return {"commit": git("rev-parse", "--short", "HEAD") or "unknown",
            "dirty": bool(git("status", "--porcelain", "--untracked-files=no"))}


def default_folder(commit: str) -> Path:
    return RESULTS / f"{time.strftime('%Y-%m-%d', time.gmtime())}-{commit}"


def combinations(scenarios, modes, setups) -> list[tuple[str, str | None, str | None]]:
    """(scenario, mode, setup) for one round: 1proc in every mode, the PostgreSQL setups in the
    default mode only, exports once (no mode, no setup)."""
    out = []
    for scenario in scenarios:
        if scenario == "exports":
            out.append((scenario, None, None))
            continue
        for setup in setups:
            for mode in modes:
                if setup == "1proc" or mode == DEFAULT_ASYNC_MODE:
                    out.append((scenario, mode, setup))
    return out


def file_stem(scenario: str, mode: str | None, setup: str | None) -> str:
    return "-".join(x for x in (scenario, mode, setup) if x)


def next_path(folder: Path, stem: str) -> Path:
    """The first run number not yet taken for this combination in the folder."""
    taken = [int(m[1]) for p in folder.glob(f"{stem}-run*.json") if (m := re.fullmatch(rf"{re.escape(stem)}-run(\d+)\.json", p.name))]
    return folder / f"{stem}-run{max(taken, default=0) + 1}.json"


def run_one(scenario: str, mode: str | None, setup: str | None, procs: int, n: int | None) -> dict:
    """One scenario run in this process; returns what it measured."""
    p = ["--mode", mode, "--setup", setup, "--procs", str(procs)] if mode else []
    if scenario.startswith("fanout"):
        args = fanout.parser().parse_args(["--n", str(n or int(scenario[len("fanout"):])), *p])
        return asyncio.run(fanout.run(args))
    if scenario == "votes":
        return asyncio.run(votes.run(votes.parser().parse_args(["--n", str(n or 200), *p])))
    if scenario == "capacity":
        extra = ["--rooms", "2", "--n", str(n), "--duration", "3", "--settle", "0.5"] if n else []
        return asyncio.run(capacity.run(capacity.parser().parse_args([*p, *extra])))
    if scenario == "exports":
        return exports.run(exports.parser().parse_args(["--repeat", "2"] if n else []))
    raise ValueError(scenario)


def kept_run(folder: Path, scenario: str, mode, setup, procs: int, n: int | None, info: dict) -> Path:
    """Run once and keep its file whatever happens (a failure is a result too)."""
    folder.mkdir(parents=True, exist_ok=True)
    record = {"scenario": scenario, "mode": mode, "setup": setup, **info, "small_n": n,
              "started": time.strftime("%Y-%m-%d %H:%M:%S %Z"), "loadavg_before": loadavg()}
    exited = len(harness.EXITED)
    try:
        record["result"] = run_one(scenario, mode, setup, procs, n)
        record["ok"], record["error"] = True, None
    except Exception as exc:  # noqa: BLE001 - one failed run must not stop or hide the others
        record["ok"], record["error"] = False, f"{exc!r}"
        record["traceback"] = traceback.format_exc()[-4000:]
    if len(harness.EXITED) > exited:  # a server died under load: its figures are not a result
        record["ok"] = False
        record["error"] = "; ".join(filter(None, [record["error"], *harness.EXITED[exited:]]))
    record["finished"] = time.strftime("%Y-%m-%d %H:%M:%S %Z")
    record["loadavg_after"] = loadavg()
    path = next_path(folder, file_stem(scenario, mode, setup))
    # "x": never overwrite, even if two runners share a folder
    with open(path, "x") as fh:
        fh.write(json.dumps(record, indent=2) + "\n")
    return path


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--runs", type=int, default=3, help="rounds: runs of every combination")
    p.add_argument("--modes", nargs="+", default=list(DEFAULT_MODES), choices=MODES)
    p.add_argument("--scenarios", nargs="+", default=list(SCENARIOS), choices=SCENARIOS)
    p.add_argument("--setups", nargs="+", default=list(harness.SETUPS), choices=harness.SETUPS,
                   help="1proc (SQLite, every mode); 1proc-pg and 2proc (PostgreSQL + Redis + nginx, default mode)")
    p.add_argument("--procs", type=int, default=2, help="load generator processes")
    p.add_argument("--out", type=Path, help="results folder (default bench/results/<date>-<commit>/)")
    p.add_argument("--small", type=int, metavar="N",
                   help="smoke only: N phones (capacity: 2 rooms × N for 3 s, exports: 2 repeats); into a "
                        "temporary folder unless --out, its summary.json in that folder")
    p.add_argument("--table-only", action="store_true", help="only the tables, from --from (or the newest folder)")
    p.add_argument("--from", dest="source", type=Path, help="results folder to tabulate")
    args = p.parse_args(argv)
    if args.table_only:
        print(report.report(args.source or report.latest_folder()))
        return
    info = commit_info()
    # smoke runs (--small) go to a temporary folder unless told: never among the measured runs
    folder = args.out or (Path(tempfile.mkdtemp(prefix="bench-smoke-")) if args.small else default_folder(info["commit"]))
    todo = combinations(args.scenarios, args.modes, args.setups)
    print(f"{len(todo)} combinations × {args.runs} rounds into {folder} (commit {info['commit']}"
          f"{', dirty tree' if info['dirty'] else ''})", flush=True)
    for k in range(1, args.runs + 1):
        for scenario, mode, setup in todo:
            print(f"== round {k}: {file_stem(scenario, mode, setup)} (load {loadavg()})", flush=True)
            path = kept_run(folder, scenario, mode, setup, args.procs, args.small, info)
            print(f"   -> {path.name}{'' if json.loads(path.read_text())['ok'] else '  FAILED'}", flush=True)
    print(report.report(folder))


if __name__ == "__main__":
    sys.exit(main())
