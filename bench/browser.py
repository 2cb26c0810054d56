"""Browser cost per push: script + layout time in Debian's Chromium for one live change, on the
real app (the real server in its own process, the real board and phone pages).

    .venv/bin/python -m bench.browser                          # wall, fishbone, dots; 3 runs each
    .venv/bin/python -m bench.browser --scenarios wall --runs 1 --label before
    .venv/bin/python -m bench.browser --table-only bench/results/2026-11-29-abc1234

Scenarios (sizes are options):
- `wall`: the board at 1280x720 on an idea wall of 400 revealed cards; each push is one more card
  from a phone (every 10th a facilitator's edit, every 10th a hide: `--no-edits` for adds only).
- `fishbone`: the board at 1280x720 on a fishbone of 60 causes over the 7 default bones; each push
  is one more cause from a phone.
- `dots`: a phone page at 320x568, CPU throttled 4x (CDP Emulation.setCPUThrottlingRate), on a
  dot vote of 50 options, open, results live (so a push changes what this phone shows: the
  option's "N dots in all"); each push is another phone placing a dot.

Per push, CDP Performance.getMetrics is read just before the intent is sent and again once the
page shows the push (a cheap DOM check polled every POLL_MS, then one requestAnimationFrame and
SETTLE_MS); the deltas of ScriptDuration, LayoutDuration, RecalcStyleDuration and TaskDuration are
kept in ms, and "script_layout_ms" = Script + Layout + RecalcStyle is the figure. The DOM checks
run inside the window, so they are in the figure too: the same window with no push (`idle`,
measured before the pushes) says how much that floor is. Pushes start >= --interval apart;
--warmup pushes are not counted. One JSON per run in bench/results/<date>-<commit>/."""
from __future__ import annotations

import argparse
import json
import math
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

from . import browser_trace, harness
from .browser_seed import Room, sentence
from .stats import pct

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SCENARIOS = ("wall", "fishbone", "dots")
POLL_MS = 15     # how often the page is asked whether it shows the push yet
SETTLE_MS = 50   # after the push is shown: one animation frame, then this
IDLE_WINDOWS = 5
STAMP = "bench-window"
TRACE_CATEGORIES = ["devtools.timeline", "v8"]
METRICS = {"ScriptDuration": "script_ms", "LayoutDuration": "layout_ms", "RecalcStyleDuration": "recalc_style_ms",
           "TaskDuration": "task_ms"}
FIGURE = "script_layout_ms = ScriptDuration + LayoutDuration + RecalcStyleDuration deltas (CDP Performance.getMetrics)"

# Checked against a DevTools trace (bench/browser_trace.py): ScriptDuration counts about what the
# trace's FunctionCall events do and misses most of the JS run from the socket's message handler
# (the trace's v8.callFunction, less the forced layouts inside it). Layout and RecalcStyle match
# the trace's Layout and UpdateLayoutTree. TaskDuration (everything on the main thread) is kept
# beside it so a rebuild that moves cost from layout into script is not hidden.
SCRIPT_NOTE = ("ScriptDuration undercounts JS run from the socket handler (see bench/browser_trace.py); "
               "task_ms (TaskDuration) includes it")
SETTLE_JS = f"() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, {SETTLE_MS})))"
HAS_JS = "(sel) => !!document.querySelector(sel)"
LACKS_JS = "(sel) => !document.querySelector(sel)"
TEXT_JS = "([sel, text]) => document.querySelector(sel)?.textContent === text"
# A fishbone bone that overflows drops causes behind "+N more" (fishbone_fit.js): drawn + dropped.
CARDS, CAUSES = "[data-testid=wall] [data-card]", "[data-testid=fishbone] [data-cause]"
FB_COUNT_JS = f"""() => document.querySelectorAll({CAUSES!r}).length +
  [...document.querySelectorAll('[data-testid=fb-more]')].reduce((a, m) => a + Number(m.dataset.count || 0), 0)"""
FB_SHOWN_JS = f"([id, total]) => !!document.querySelector(`[data-cause=\"${{id}}\"]`) || ({FB_COUNT_JS})() === total"
DOTS_JS = """([id, n]) => new RegExp(`^${n} dots? `).test(
  document.querySelector(`[data-item="${id}"] [data-testid=dots-item-result]`)?.textContent || '')"""


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--scenarios", nargs="+", choices=SCENARIOS, default=list(SCENARIOS))
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--pushes", type=int, default=40, help="measured pushes per run")
    p.add_argument("--warmup", type=int, default=5, help="pushes before the measured ones, not counted")
    p.add_argument("--interval", type=float, default=0.35, help="seconds from one push's start to the next (>= 0.3)")
    p.add_argument("--cards", type=int, default=400)
    p.add_argument("--causes", type=int, default=60)
    p.add_argument("--options", type=int, default=50)
    p.add_argument("--throttle", type=float, default=4.0, help="CPU slow-down for the phone (dots)")
    p.add_argument("--no-edits", dest="edits", action="store_false", help="wall: adds only")
    p.add_argument("--mode", default=None, help="async mode (default: workshop.config.DEFAULT_ASYNC_MODE)")
    p.add_argument("--one-server", action="store_true",
                   help="one server for every run (each run its own workshop); default: a fresh server per run")
    p.add_argument("--trace", action="store_true",
                   help="also record a DevTools trace and add each push's trace figures (bench/browser_trace.py)")
    p.add_argument("--label", default="", help="recorded in each file, e.g. before / after")
    p.add_argument("--out", type=Path, default=None, help="folder (default bench/results/<date>-<commit>)")
    p.add_argument("--table-only", type=Path, default=None, metavar="DIR", help="print the table of DIR's files")
    return p


# --- what the page is asked, and the figures -----------------------------------------------------

class Page:
    """A Playwright page with a CDP session: metrics, and waiting until it shows something."""

    def __init__(self, page, throttle: float, stamp: bool = False):
        self.page, self.stamp = page, stamp
        self.cdp = page.context.new_cdp_session(page)
        self.cdp.send("Performance.enable")
        if throttle and throttle != 1:
            self.cdp.send("Emulation.setCPUThrottlingRate", {"rate": throttle})

    def metrics(self) -> dict:
        got = {m["name"]: m["value"] for m in self.cdp.send("Performance.getMetrics")["metrics"]}
        return {key: got.get(name, 0.0) for name, key in METRICS.items()}

    def until(self, js: str, arg=None, timeout: float = 10.0) -> tuple[bool, int]:
        """Polls `js` until true; (shown, number of polls)."""
        polls, deadline = 0, time.monotonic() + timeout
        while True:
            polls += 1
            if self.page.evaluate(js, arg):
                return True, polls
            if time.monotonic() > deadline:
                return False, polls
            self.page.wait_for_timeout(POLL_MS)

    def window(self, act) -> dict:
        """The deltas over: act(), then until the page shows it, one frame and SETTLE_MS. `act`
        returns (kind, (check js, arg)), or None for an idle window (one probe, like a push's first)."""
        if self.stamp:  # brackets the window in a DevTools trace (outside the getMetrics deltas)
            self.page.evaluate(f"() => console.timeStamp('{STAMP}-start')")
        before, t0 = self.metrics(), time.monotonic()
        done = act()
        shown, polls = self.until(*done[1]) if done else (self.page.evaluate(HAS_JS, "body"), 1)
        self.page.evaluate(SETTLE_JS)
        after = self.metrics()
        if self.stamp:
            self.page.evaluate(f"() => console.timeStamp('{STAMP}-end')")
        out = {"kind": done[0] if done else "idle"}
        out.update({k: round((after[k] - before[k]) * 1000, 3) for k in METRICS.values()})
        out["script_layout_ms"] = round(out["script_ms"] + out["layout_ms"] + out["recalc_style_ms"], 3)
        out.update(shown=shown, polls=polls, window_ms=round((time.monotonic() - t0) * 1000, 1))
        return out


def summarise(values: list[float]) -> dict:
    return {"n": len(values), "median": round(statistics.median(values), 2) if values else None,
            "p95": round(pct(values, 95), 2) if values else None, "max": round(max(values), 2) if values else None}


# --- the scenarios: set-up, then a function per push returning (kind, check) -----------------------

class Wall:
    viewport, throttle = {"width": 1280, "height": 720}, 1.0

    def __init__(self, server, args):
        self.args = args
        self.room = Room(server, "idea_wall", "What would help most?", {"anonymous": False})
        rng = random.Random(15)
        self.room.seed([("idea.add", {"text": sentence(rng, limit=200), "column": None}) for _ in range(args.cards)])
        version = self.room.console.send("activity.reveal", activity=self.room.activity)["version"]
        self.cards = [c["id"] for c in self.room.view(version)["cards"]]
        self.url = self.room.board_url
        self.pushers = [self.room.phone(t) for t in self.room.join(max(3, math.ceil(total(args) / 9)), "Pusher")]
        self.rng = rng

    def ready_js(self):
        return f"(n) => document.querySelectorAll({CARDS!r}).length === n", len(self.cards)

    def shown(self, page) -> dict:
        return {"cards_in_dom": page.evaluate(f"() => document.querySelectorAll({CARDS!r}).length"),
                "cards_visible": page.evaluate(f"() => [...document.querySelectorAll({CARDS!r})]"
                                               ".filter((c) => c.offsetParent !== null).length"),
                "cards_in_state": len(self.cards)}

    def push(self, i: int):
        room = self.room
        if self.args.edits and i % 10 == 7:
            card, text = self.cards[self.rng.randrange(len(self.cards))], f"Edited {i}: {sentence(self.rng)}"
            room.console.send("idea.edit", {"card": card, "text": text}, room.activity)
            return "edit", (TEXT_JS, [f'[data-card="{card}"] .card-text', text])
        if self.args.edits and i % 10 == 9:
            card = self.cards.pop(self.rng.randrange(len(self.cards)))
            room.console.send("idea.hide", {"card": card}, room.activity)
            return "hide", (LACKS_JS, f'[data-card="{card}"]')
        text = f"{sentence(self.rng, limit=200)} ({i})"
        ack = self.pushers[i % len(self.pushers)].send("idea.add", {"text": text, "column": None}, room.activity)
        card = next(c["id"] for c in room.view(ack["version"])["cards"] if c["text"] == text)
        self.cards.append(card)
        return "add", (HAS_JS, f'[data-card="{card}"]')

    def close(self):
        for p in self.pushers:
            p.close()
        self.room.close()


class Fishbone:
    viewport, throttle = {"width": 1280, "height": 720}, 1.0
    BONES = 7  # the default bones b1..b7

    def __init__(self, server, args):
        self.args = args
        self.room = Room(server, "fishbone", "What lies behind it?",
                         {"problem": "Pupils with SEND in KS3 make less progress than their peers", "anonymous": False})
        self.rng = random.Random(60)
        self.room.seed([("fishbone.add", {"bone": f"b{1 + k % self.BONES}", "text": sentence(self.rng, 3, 10, 120),
                         "parent": None}) for k in range(args.causes)])
        self.count = len(self.room.view(self.room.console.state["version"])["causes"])
        self.url = self.room.board_url
        self.pushers = [self.room.phone(t) for t in self.room.join(max(3, math.ceil(total(args) / 9)), "Pusher")]

    def ready_js(self):
        return f"(n) => ({FB_COUNT_JS})() === n", self.args.causes

    def shown(self, page) -> dict:
        return {"causes_drawn": page.evaluate(f"() => document.querySelectorAll({CAUSES!r}).length"),
                "causes_drawn_or_more": page.evaluate(FB_COUNT_JS), "causes_in_state": self.count}

    def push(self, i: int):
        text = f"{sentence(self.rng, 3, 10, 120)} ({i})"
        ack = self.pushers[i % len(self.pushers)].send(
            "fishbone.add", {"bone": f"b{1 + (i * 3) % self.BONES}", "text": text, "parent": None}, self.room.activity)
        cause = next(c["id"] for c in self.room.view(ack["version"])["causes"] if c["text"] == text)
        self.count += 1
        return "add", (FB_SHOWN_JS, [cause, self.count])

    def close(self):
        for p in self.pushers:
            p.close()
        self.room.close()


class Dots:
    viewport = {"width": 320, "height": 568}
    BUDGET = 10  # the most dots a person may have: fewest voter phones

    def __init__(self, server, args):
        self.args, self.throttle = args, args.throttle
        rng = random.Random(50)
        options = [sentence(rng, 3, 12, 120) for _ in range(args.options)]
        self.room = Room(server, "dotocracy", "Which actions first?",
                         {"dots": self.BUDGET, "per_item": 3, "live": True, "items": options})
        self.items = [it["id"] for it in self.room.view(self.room.console.state["version"])["items"]]
        self.tally = {it: 0 for it in self.items}
        # This phone (the one in the browser), then the voters: each has BUDGET dots.
        token = self.room.join(1, "Measured phone")[0]
        self.cookie = {"name": f"wt_{self.room.wid}", "value": token, "url": self.room.base}
        self.url = f"{self.room.base}/w/{self.room.wid}/phone"
        n = math.ceil(total(args) / self.BUDGET) + 1
        self.voters = [self.room.phone(t) for t in self.room.join(n, "Voter")]

    def ready_js(self):
        return "(n) => document.querySelectorAll('[data-testid=dots-item]').length === n", len(self.items)

    def shown(self, page) -> dict:
        return {"options_in_dom": page.evaluate("() => document.querySelectorAll('[data-testid=dots-item]').length"),
                "options_in_state": len(self.items)}

    def push(self, i: int):
        voter, k = divmod(i, self.BUDGET)
        # voter j's k-th dot: consecutive options, so never more than per_item (3) on one (n >= 4)
        item = self.items[(voter * self.BUDGET + k) % len(self.items)]
        self.voters[voter].send("dots.place", {"item": item}, self.room.activity)
        self.tally[item] += 1
        return "dot", (DOTS_JS, [item, self.tally[item]])

    def close(self):
        for p in self.voters:
            p.close()
        self.room.close()


KINDS = {"wall": Wall, "fishbone": Fishbone, "dots": Dots}


def total(args) -> int:
    return args.warmup + args.pushes


# --- one run ---------------------------------------------------------------------------------------

def git(*argv: str) -> str:
    return subprocess.run(["git", *argv], cwd=harness.ROOT, capture_output=True, text=True).stdout.strip()


def results_dir(args) -> Path:
    day = time.strftime("%Y-%m-%d", time.gmtime())
    return args.out or harness.ROOT / "bench" / "results" / f"{day}-{git('rev-parse', '--short', 'HEAD')}"


def next_path(folder: Path, scenario: str) -> Path:
    k = 1
    while (folder / f"browser-{scenario}-run{k}.json").exists():
        k += 1
    return folder / f"browser-{scenario}-run{k}.json"


def open_page(browser, scene):
    """The scene's page (board, or the phone with its participant cookie), showing the seeded content."""
    context = browser.new_context(viewport=scene.viewport, device_scale_factor=1)
    if getattr(scene, "cookie", None):
        context.add_cookies([scene.cookie])
    page = context.new_page()
    page.goto(scene.url)
    js, arg = scene.ready_js()
    page.wait_for_function(js, arg=arg, timeout=60_000)
    page.evaluate(SETTLE_JS)
    return context, page


def run_one(browser, scenario: str, args, mode: str, shared=None) -> dict:
    load_before = harness.loadavg()
    server = shared or harness.start_workshop(mode)
    scene = None
    try:
        t0 = time.monotonic()
        scene = KINDS[scenario](server, args)
        seeded_s = time.monotonic() - t0
        context, page = open_page(browser, scene)
        shown_at_start = scene.shown(page)
        probe = Page(page, scene.throttle, args.trace)   # throttled from here on (the load is not measured)
        page.wait_for_timeout(300)
        if args.trace:
            browser.start_tracing(page=page, categories=TRACE_CATEGORIES)
        idle = []
        for _ in range(IDLE_WINDOWS):
            idle.append(probe.window(lambda: None))
            time.sleep(args.interval)
        pushes = []
        for i in range(total(args)):
            start = time.monotonic()
            pushes.append({"i": i, "warmup": i < args.warmup, **probe.window(lambda: scene.push(i))})
            left = args.interval - (time.monotonic() - start)
            if left > 0:
                time.sleep(left)
        if args.trace:
            traced = browser_trace.per_window(json.loads(browser.stop_tracing())["traceEvents"], STAMP)
            assert len(traced) == len(idle) + len(pushes), "a window is missing from the trace"
            for w, t in zip(idle + pushes, traced):
                w.update(t)
        shown_at_end = scene.shown(page)
        chromium = browser.version
        context.close()
    finally:
        if scene is not None:
            scene.close()
        if shared is None:
            harness.cleanup(server)
    measured = [p for p in pushes if not p["warmup"]]
    return {
        "scenario": scenario, "label": args.label, "mode": mode, "server": "shared" if shared else "own",
        "figure": FIGURE, "date_utc": time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime()),
        "commit": git("rev-parse", "--short", "HEAD"), "app_commit": git("log", "-1", "--format=%h", "--", "workshop"),
        "dirty": bool(git("status", "--porcelain", "--untracked-files=no")),
        "chromium": chromium, "viewport": scene.viewport, "cpu_throttle": scene.throttle,
        "sizes": {"cards": args.cards, "causes": args.causes, "options": args.options}[
            {"wall": "cards", "fishbone": "causes", "dots": "options"}[scenario]],
        "counts": {"warmup": args.warmup, "measured": len(measured), "not_shown": sum(not p["shown"] for p in pushes),
                   "by_kind": {k: sum(p["kind"] == k for p in measured) for k in sorted({p["kind"] for p in measured})},
                   },
        "shown_at_start": shown_at_start, "shown_at_end": shown_at_end,
        "traced": args.trace, "interval_s": args.interval, "poll_ms": POLL_MS, "settle_ms": SETTLE_MS, "seed_s": round(seeded_s, 1),
        "script_layout_ms": summarise([p["script_layout_ms"] for p in measured]),
        "task_ms": summarise([p["task_ms"] for p in measured]),
        "idle_script_layout_ms": summarise([w["script_layout_ms"] for w in idle]),
        "idle_task_ms": summarise([w["task_ms"] for w in idle]),
        **({"trace_script_layout_ms": summarise([p["trace_script_layout_ms"] for p in measured]),
            "idle_trace_script_layout_ms": summarise([w["trace_script_layout_ms"] for w in idle])} if args.trace else {}),
        "script_note": SCRIPT_NOTE,
        "loadavg_before": load_before, "loadavg_after": harness.loadavg(),
        "idle": idle, "pushes": pushes,
    }


# --- the table --------------------------------------------------------------------------------------

def table(folder: Path) -> str:
    """Per scenario (and label): runs, median (min–max over runs) of each run's median and p95."""
    groups: dict[tuple, list[dict]] = {}
    for f in sorted(folder.glob("browser-*-run*.json")):
        d = json.loads(f.read_text())
        groups.setdefault((d["scenario"], d.get("label", "")), []).append(d)

    def cell(values):
        return f"{statistics.median(values):.1f} ({min(values):.1f}–{max(values):.1f})"

    def trace_cell(runs):  # only runs made with --trace have it
        got = [r["trace_script_layout_ms"] for r in runs if "trace_script_layout_ms" in r]
        return f"{cell([g['median'] for g in got])} / {cell([g['p95'] for g in got])}" if got else "—"

    lines = ["| scenario | label | runs | pushes/run | median ms | p95 ms | task median ms | task p95 ms "
             "| trace median / p95 ms | idle ms |", "|---|---|---|---|---|---|---|---|---|---|"]
    for (scenario, label), runs in sorted(groups.items(), key=lambda kv: (SCENARIOS.index(kv[0][0]), kv[0][1])):
        lines.append(f"| {scenario} | {label or '—'} | {len(runs)} | {runs[0]['counts']['measured']} | "
                     f"{cell([r['script_layout_ms']['median'] for r in runs])} | "
                     f"{cell([r['script_layout_ms']['p95'] for r in runs])} | "
                     f"{cell([r['task_ms']['median'] for r in runs])} | {cell([r['task_ms']['p95'] for r in runs])} | "
                     f"{trace_cell(runs)} | "
                     f"{cell([r['idle_script_layout_ms']['median'] for r in runs])} |")
    return "\n".join(lines) + ("\n\nms = Script + Layout + RecalcStyle per push (CDP Performance.getMetrics); task = "
                              "TaskDuration (all main-thread work in the window, incl. JS that ScriptDuration misses); "
                              "trace = JS + Layout + UpdateLayoutTree from a DevTools trace of the same windows (--trace runs only); "
                              "median (min–max) over runs of each run's median / p95; idle = the same window, no push.")


def main(argv=None) -> int:
    args = parser().parse_args(argv)
    if args.table_only:
        print(table(args.table_only))
        return 0
    from playwright.sync_api import sync_playwright

    from workshop.config import DEFAULT_ASYNC_MODE
    mode = args.mode or DEFAULT_ASYNC_MODE
    folder = results_dir(args)
    folder.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        shared = harness.start_workshop(mode) if args.one_server else None
        try:
            for scenario in args.scenarios:
                for _ in range(args.runs):
                    out = run_one(browser, scenario, args, mode, shared)
                    path = next_path(folder, scenario)
                    path.write_text(json.dumps(out, indent=1) + "\n")
                    s = out["script_layout_ms"]
                    print(f"{path.name}: median {s['median']} ms, p95 {s['p95']} ms "
                          f"(idle {out['idle_script_layout_ms']['median']} ms, not shown {out['counts']['not_shown']})",
                          flush=True)
        finally:
            browser.close()
            if shared is not None:
                harness.cleanup(shared)
    print(table(folder))
    return 0


if __name__ == "__main__":
    sys.exit(main())
