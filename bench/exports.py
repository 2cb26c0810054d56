"""Exports: how long the record of a finished 30-action workshop takes to download as PDF, Word and
spreadsheet (target ≤ 1 s each).

The workshop is the demo's (workshop/demo.py: every tool run, photos of paper, review findings),
its plan taken to the record's limit of 30 actions with the facilitator's record edits
(`record.update`, as the record page saves them). Each format is timed as a download does its work
(workshop.web.record.render_file after reading the record: build + render), once as a warm-up,
then --repeat times (default 7); every time is kept.

    python -m bench.exports                    # prints the figures; --out FILE keeps the JSON

It runs in a fresh process with its own temporary instance folder (SQLite), so the benchmark's own
process neither configures the app's database nor writes an instance folder of its own.
"""
from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .harness import PY, ROOT, loadavg

FORMATS = {"pdf": "pdf", "docx": "docx", "xlsx": "xlsx"}
ACTIONS = 30
WHO = ["SENCo", "Deputy head (curriculum)", "Head of English", "Head of maths", "CPD lead", "Data manager",
       "Year 7 progress leader", "Lead TA", "Attendance officer", "SEND governor"]
WHEN = ["By February half term", "Spring term", "By Easter", "Summer term", "From September, termly",
        "2027-03-31", "Before the summer data drop", "Each half term"]
WHAT = ["Share one-page profiles of pupils with SEND with every {} teacher",
        "Plan a twilight on adaptive teaching for {} staff, with a follow-up drop-in",
        "Review the {} homework policy with the SENCo for pupils with SEND",
        "Pair each {} TA with a subject teacher for weekly five-minute briefings",
        "Add reading ages to {} class lists and check they are used in planning",
        "Visit a partner school to see how {} departments deploy TAs"]
SUBJECTS = ["Year 7", "English", "maths", "science", "humanities", "languages"]


def _actions(existing: list[dict]) -> list[dict]:
    """The demo's actions, then realistic others up to 30 (each with who, when, support and what
    will show it worked, as an IC records them)."""
    out = [dict(a) for a in existing][:ACTIONS]
    k = 0
    while len(out) < ACTIONS:
        what, subject = WHAT[k % len(WHAT)], SUBJECTS[(k // len(WHAT)) % len(SUBJECTS)]
        out.append({"text": what.format(subject), "when": WHEN[k % len(WHEN)], "who": WHO[k % len(WHO)],
                    "support": "abc"[k % 3], "comments": "Agreed at the workshop" if k % 4 == 0 else "",
                    "how": [], "how_other": "", "terms": "",
                    "success": f"By the end of the year {subject} staff say in the survey that this changed "
                               f"how they plan for pupils with SEND, and books show adapted tasks."})
        k += 1
    return out


def measure(repeat: int) -> dict:
    """In this process (an instance folder in the environment): seed, extend, time."""
    from workshop import accounts, create_app, demo
    from workshop.db import db
    from workshop.engine import service
    from workshop.engine.envelope import Principal
    from workshop.record import build
    from workshop.web.record import render_file

    app = create_app({"TESTING": True})
    with app.app_context():
        t0 = time.perf_counter()
        info = demo.seed()
        wid = info["workshop"]
        with db.session() as s:
            user = accounts.find_user(s, demo.EMAIL)
            existing = [a.fields() for a in build(s, wid).actions]
        ack = service.submit(wid, Principal("facilitator", user_id=user.id),
                             {"intent_id": f"bench-{secrets.token_hex(6)}", "type": "record.update", "activity": None,
                              "payload": {"actions": _actions(existing)}})
        if not ack.get("ok"):
            raise RuntimeError(f"record.update refused: {ack}")
        seed_s = time.perf_counter() - t0
        with db.session() as s:
            record = build(s, wid)
            shape = {"actions": len(record.actions)}
        times: dict[str, list[float]] = {}
        sizes: dict[str, int] = {}
        for name, fmt in FORMATS.items():
            times[name] = []
            for i in range(repeat + 1):  # the first is a warm-up (imports, fonts), not kept in the figures
                t = time.perf_counter()
                with db.session() as s:
                    data = render_file(build(s, wid), fmt)
                elapsed = (time.perf_counter() - t) * 1000
                if i:
                    times[name].append(round(elapsed, 1))
                else:
                    warm = round(elapsed, 1)
            sizes[name] = len(data)
            times[name + "_warmup"] = warm
    return {"record": shape, "seed_s": round(seed_s, 2), "repeat": repeat, "bytes": sizes,
            "times_ms": times,
            "ms": {name: {"median": round(statistics.median(times[name]), 1), "min": min(times[name]),
                          "max": max(times[name])} for name in FORMATS}}


def run(args) -> dict:
    """measure() in a fresh process with a temporary instance folder; its result."""
    folder = Path(tempfile.mkdtemp(prefix="bench-exports-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("WORKSHOP_")}
    env.update(WORKSHOP_INSTANCE=str(folder), SECRET_KEY="bench-secret-key", PYTHONPATH=str(ROOT))
    try:
        before = loadavg()
        done = subprocess.run([PY, "-m", "bench.exports", "--repeat", str(args.repeat), "--in-process",
                               "--out", str(folder / "out.json")], env=env, cwd=ROOT, capture_output=True, text=True,
                              timeout=600)
        if done.returncode:
            raise RuntimeError(f"exports failed ({done.returncode}): {done.stderr[-2000:]}")
        out = json.loads((folder / "out.json").read_text())
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return {"scenario": "exports", **out, "loadavg_before": before, "loadavg_after": loadavg()}


def line(out: dict) -> str:
    return f"exports of {out['record']['actions']} actions: " + ", ".join(
        f"{name} {m['median']} ms ({m['min']}–{m['max']})" for name, m in out["ms"].items())


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--repeat", type=int, default=7, help="timed renders per format, after one warm-up")
    p.add_argument("--out", type=Path, help="write the JSON here")
    p.add_argument("--in-process", action="store_true", help=argparse.SUPPRESS)  # run()'s child
    return p


def main(argv=None) -> dict:
    args = parser().parse_args(argv)
    out = measure(args.repeat) if args.in_process else run(args)
    if args.out:
        args.out.write_text(json.dumps(out, indent=2) + "\n")
    if not args.in_process:
        print(line(out))
    return out


if __name__ == "__main__":
    main()
