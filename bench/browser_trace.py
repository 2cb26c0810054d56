"""Cross-check of bench.browser's figure: a few pushes measured both ways, CDP Performance.getMetrics
deltas and a DevTools trace of the same pushes, summed on the renderer's main thread.

    .venv/bin/python -m bench.browser_trace --scenario wall --cards 40 --pushes 4

Trace side: `js` = top-level v8.callFunction time (the socket handler, timers, frames) less the
forced Layout / UpdateLayoutTree inside it; `layout`, `style` = all Layout / UpdateLayoutTree.
Printed beside the getMetrics sums, so one sees how much script ScriptDuration leaves out."""
from __future__ import annotations

import argparse
import json

from . import harness


def main_thread(events: list[dict]) -> tuple[int, int]:
    names = [e for e in events if e.get("ph") == "M" and e.get("name") == "thread_name"
             and e.get("args", {}).get("name") == "CrRendererMain"]
    assert names, "no renderer main thread in the trace"
    # the page's renderer: the main thread with the most complete events
    counts = {(e["pid"], e["tid"]): sum(1 for x in events if x.get("ph") == "X" and (x["pid"], x["tid"]) == (e["pid"], e["tid"]))
              for e in names}
    return max(counts, key=counts.get)


def sums(events: list[dict], lo: float = float("-inf"), hi: float = float("inf")) -> dict:
    """Main-thread figures (ms) of the events that start within [lo, hi) (trace microseconds)."""
    pid, tid = main_thread(events)
    xs = sorted((e for e in events if e.get("ph") == "X" and e.get("pid") == pid and e.get("tid") == tid and "dur" in e
                 and lo <= e["ts"] < hi), key=lambda e: e["ts"])
    calls = [e for e in xs if e["name"] == "v8.callFunction"]
    top, end = [], -1.0
    for e in calls:  # nested calls lie inside an earlier one: keep the outermost
        if e["ts"] >= end:
            top.append(e)
            end = e["ts"] + e["dur"]
    layout = [e for e in xs if e["name"] in ("Layout", "UpdateLayoutTree")]
    inside = sum(e["dur"] for e in layout if any(c["ts"] <= e["ts"] < c["ts"] + c["dur"] for c in top))
    out = {"js": (sum(e["dur"] for e in top) - inside) / 1000,
           "layout": sum(e["dur"] for e in xs if e["name"] == "Layout") / 1000,
           "style": sum(e["dur"] for e in xs if e["name"] == "UpdateLayoutTree") / 1000,
           "function_call_events": sum(e["dur"] for e in xs if e["name"] == "FunctionCall") / 1000}
    return {k: round(v, 3) for k, v in out.items()}


def per_window(events: list[dict], marker: str) -> list[dict]:
    """Figures for each window bracketed by console.timeStamp(marker + "-start"/"-end"), in order,
    with trace_script_layout_ms = js + layout + style (the trace's version of the figure)."""
    stamps = sorted((e["ts"], e["args"]["data"]["message"]) for e in events
                    if e.get("name") == "TimeStamp" and str(e.get("args", {}).get("data", {}).get("message", "")).startswith(marker))
    starts = [ts for ts, m in stamps if m.endswith("-start")]
    ends = [ts for ts, m in stamps if m.endswith("-end")]
    out = []
    for lo, hi in zip(starts, ends):
        s = sums(events, lo, hi)
        out.append({"trace_js_ms": s["js"], "trace_layout_ms": s["layout"], "trace_style_ms": s["style"],
                    "trace_script_layout_ms": round(s["js"] + s["layout"] + s["style"], 3)})
    return out


def main(argv=None) -> int:
    from . import browser as bb  # here: bench.browser imports this module
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--scenario", choices=("wall", "fishbone", "dots"), default="wall")
    p.add_argument("--pushes", type=int, default=4)
    own = p.parse_known_args(argv)
    args = bb.parser().parse_args(["--warmup", "0", "--pushes", str(own[0].pushes), "--no-edits", *own[1]])
    from playwright.sync_api import sync_playwright

    from workshop.config import DEFAULT_ASYNC_MODE
    server = harness.start_workshop(DEFAULT_ASYNC_MODE)
    scene = None
    try:
        scene = bb.KINDS[own[0].scenario](server, args)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=bb.CHROMIUM, args=bb.CHROMIUM_ARGS, headless=True)
            _, page = bb.open_page(browser, scene)
            probe = bb.Page(page, scene.throttle, stamp=True)
            page.wait_for_timeout(300)
            browser.start_tracing(page=page, categories=["devtools.timeline", "v8"])
            windows = [probe.window(lambda i=i: scene.push(i)) for i in range(args.pushes)]
            events = json.loads(browser.stop_tracing())["traceEvents"]
            browser.close()
    finally:
        if scene is not None:
            scene.close()
        harness.cleanup(server)
    metrics = {k: round(sum(w[k] for w in windows), 1) for k in ("script_ms", "layout_ms", "recalc_style_ms", "task_ms")}
    traced = per_window(events, bb.STAMP)[-args.pushes:]
    print(json.dumps({"scenario": own[0].scenario, "pushes": args.pushes, "getMetrics_sum": metrics,
                      "trace_sum": {k: round(sum(t[k] for t in traced), 1) for k in traced[0]}}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
