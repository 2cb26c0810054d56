"""A quick probe of the board's cost per push on a big idea wall (not the measured benchmark: that is
bench/browser.py). A server on a scratch instance, a board at 1280x720 with N revealed cards, then
cards added one at a time by the facilitator; per push it reads Chromium's Performance.getMetrics
(ScriptDuration + LayoutDuration + RecalcStyleDuration) before and after the new card is on the board.

    .venv/bin/python bench/browser_wall_probe.py --cards 400 --pushes 30 [--shot wall.png]
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent / "tests" / "e2e"), str(HERE.parent / "tests")]

from conftest import CHROMIUM, CHROMIUM_ARGS, start_server, stop_server  # noqa: E402
from seed import add_activity, facilitator, new_workshop, signed_in  # noqa: E402

METRICS = ("ScriptDuration", "LayoutDuration", "RecalcStyleDuration")


def text(n: int) -> str:
    # Real-sized cards: 40-100 characters, varied so the columns do not line up.
    base = f"Idea {n}: give the team ten minutes of shared planning time each week"
    return base[: 40 + (n * 37) % 60]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cards", type=int, default=400)
    ap.add_argument("--pushes", type=int, default=30)
    ap.add_argument("--shot", default="")
    ap.add_argument("--op", choices=["add", "edit"], default="add",
                    help="what each push does: add a card, or edit one (from --at on)")
    ap.add_argument("--at", type=float, default=0.5, help="where the edited cards start, as a share of the wall")
    ap.add_argument("--columns", type=int, default=0, help="group the cards into this many columns")
    ap.add_argument("--mode", default="gevent")
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    server, proc = start_server(Path(tempfile.mkdtemp(prefix="wallprobe-")), args.mode)
    try:
        http = signed_in(server)
        ws = new_workshop(server, http)
        ic = facilitator(server, ws.id, http)
        ic.send("workshop.open")
        wall = add_activity(ic, "idea_wall", "Ideas for action", "What could we do?")
        ic.send("control.goto", {"activity": wall})
        ic.send("activity.open", activity=wall)
        for start in range(0, args.cards, 100):
            ic.send("idea.import", {"cards": [{"text": text(n)} for n in range(start, min(args.cards, start + 100))]},
                    activity=wall)
        ic.send("activity.reveal", activity=wall)
        cols = []
        if args.columns:
            ack = ic.send("idea.columns", {"columns": [{"title": f"Theme {k + 1}"} for k in range(args.columns)]},
                          activity=wall)
            state = ic.wait(lambda s: s["version"] >= ack["version"], "columns")
            cols = [c["id"] for c in state["activity"]["view"]["columns"]]
            for n, card in enumerate(state["activity"]["view"]["cards"]):
                while True:  # the server limits a connection's rate: wait as it asks
                    try:
                        ic.send("idea.move", {"card": card["id"], "column": cols[n % len(cols)]}, activity=wall)
                        break
                    except AssertionError:
                        time.sleep(1)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            page = browser.new_page(viewport={"width": 1280, "height": 720})
            cdp = page.context.new_cdp_session(page)
            cdp.send("Performance.enable")
            page.goto(ws.board_url if ws.board_url.startswith("http") else server + ws.board_url)
            count = "(n) => document.querySelectorAll('[data-testid=card]').length >= n"
            page.wait_for_function(count, arg=args.cards, timeout=60000)
            page.wait_for_timeout(500)
            costs = []

            def metrics():
                got = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
                return sum(got[k] for k in METRICS) * 1000

            at = int(args.at * args.cards)
            first = [c["id"] for c in ic.state["activity"]["view"]["cards"][at:at + args.pushes]]
            for i in range(args.pushes):
                before = metrics()
                if args.op == "edit":  # a longer text on the i-th card: seen when the board has it
                    ic.send("idea.edit", {"card": first[i], "text": text(i) + " (edited)"}, activity=wall)
                    page.wait_for_function("(id) => document.querySelector(`[data-card='${id}']`)?.textContent"
                                           ".endsWith('(edited)')", arg=first[i], timeout=20000)
                    page.evaluate("() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))")
                    costs.append(metrics() - before)
                    continue
                ic.send("idea.add", {"text": text(args.cards + i), "column": cols[i % len(cols)] if cols else None},
                        activity=wall)
                page.wait_for_function(count, arg=args.cards + i + 1, timeout=20000)
                # Two frames: whatever the push left for the next frame's style and layout is counted too.
                page.evaluate("() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))")
                costs.append(metrics() - before)
            if args.shot:
                page.screenshot(path=args.shot)
            em = page.evaluate("() => document.querySelector('[data-testid=wall]').style.getPropertyValue('--card-em')")
            costs.sort()
            p95 = costs[min(len(costs) - 1, round(0.95 * (len(costs) - 1)))]
            print(json.dumps({"cards": args.cards, "columns": args.columns, "op": args.op,
                              **({"at": args.at} if args.op == "edit" else {}), "pushes": args.pushes, "median_ms": round(statistics.median(costs), 1),
                              "p95_ms": round(p95, 1), "max_ms": round(costs[-1], 1), "card_em": em}))
            browser.close()
        ic.close()
    finally:
        stop_server(proc)


if __name__ == "__main__":
    main()
