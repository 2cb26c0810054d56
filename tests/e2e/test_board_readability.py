"""Readable from the back of the hall: at 1280x720 every tool's board keeps its text at 18 CSS px
or more (measured as drawn: font size times the element's screen scale, SVG included), cuts no
text ("…", line clamps, clipping), shows every content text it was given (across its pages when
it pages), never scrolls, and never hides behind "+N more" a dot-vote option that ties with one
it shows. One real server and one board page for the module; the workshop is seeded through the
engine with real-sized rooms (tests/e2e/board_rooms.py).

Each board's smallest text is printed and written to test-artifacts/board-readability.txt."""
from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
import socketio
from browser_checks import broken_words
from conftest import ARTIFACTS
from support import E2E_EMAIL as EMAIL
from support import E2E_PASSWORD as PASSWORD

MIN_PX = 18
ROOMS = ["response_round", "response_round_messages", "response_round_30", "rag_rating", "swot", "radiant", "fishbone",
         "five_whys", "pstb",
         "idea_wall", "idea_wall_50", "idea_wall_columns", "dotocracy", "dotocracy_24", "dotocracy_24_voting", "diamond_nine", "prioritisation_matrix",
         "action_plan", "report_back"]
RESULTS: dict[str, str] = {}
pytestmark = pytest.mark.parametrize("server", ["gevent"], indirect=True)

# Every visible text node on the board: its effective size, and whether it is cut.
MEASURE = """() => {
  const board = document.getElementById('board');
  const describe = (el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`;
  const scaleOf = (el) => {
    if (el instanceof SVGElement) { const m = el.getScreenCTM(); return Math.sqrt(Math.abs(m.a * m.d - m.b * m.c)); }
    let s = 1;
    for (let a = el; a; a = a.parentElement) {
      const t = getComputedStyle(a).transform;
      if (t && t !== 'none') { const m = new DOMMatrix(t); s *= Math.sqrt(Math.abs(m.a * m.d - m.b * m.c)); }
    }
    return s;
  };
  // The box an element's text can show in: the viewport and every clipping ancestor.
  const clipOf = (el) => {
    let box = { l: 0, t: 0, r: innerWidth, b: innerHeight };
    for (let a = el; a && a !== document.documentElement; a = a.parentElement) {
      const cs = getComputedStyle(a);
      if (cs.overflowX === 'visible' && cs.overflowY === 'visible' && a.tagName.toLowerCase() !== 'svg') continue;
      const r = a.getBoundingClientRect();
      box = { l: Math.max(box.l, r.left), t: Math.max(box.t, r.top), r: Math.min(box.r, r.right), b: Math.min(box.b, r.bottom) };
    }
    return box;
  };
  const texts = [];
  const walker = document.createTreeWalker(board, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const text = node.textContent.replace(/\\s+/g, ' ').trim();
    const el = node.parentElement;
    if (!text || !el || el.closest('.board-conn, .visually-hidden, title, style, script')) continue;
    const cs = getComputedStyle(el);
    if (cs.visibility !== 'visible' || Number(cs.opacity) === 0) continue;
    let rects;
    if (el instanceof SVGElement) rects = [el.getBoundingClientRect()];
    else { const range = document.createRange(); range.selectNodeContents(node); rects = [...range.getClientRects()]; }
    rects = rects.filter((r) => r.width > 0.5 && r.height > 0.5);
    if (!rects.length) continue;
    const clip = clipOf(el);
    const clipped = rects.some((r) => r.left < clip.l - 2 || r.right > clip.r + 2 || r.top < clip.t - 2 || r.bottom > clip.b + 2);
    const ellipsis = /(…|\\.\\.\\.)$/.test(text) || (cs.textOverflow === 'ellipsis' && el.scrollWidth > el.clientWidth + 1);
    texts.push({ text, px: Math.round(parseFloat(cs.fontSize) * scaleOf(el) * 10) / 10,
                 where: `${describe(el)} "${text.slice(0, 40)}"`, cut: clipped || ellipsis, tool: !!el.closest('.board-tool') });
  }
  const pager = document.querySelector('[data-testid=board-pager]');
  return { texts, page: pager ? [Number(pager.dataset.page), Number(pager.dataset.pages)] : null,
           scrolls: document.documentElement.scrollHeight > innerHeight + 1 || board.scrollHeight > board.clientHeight + 1
             || document.documentElement.scrollWidth > innerWidth + 1 };
}"""


def csrf(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


@pytest.fixture(scope="module")
def seeded(server):
    out = subprocess.run([sys.executable, str(Path(__file__).with_name("board_rooms.py"))], env=server.env,
                         check=True, capture_output=True, text=True, timeout=240).stdout
    return json.loads(out.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def console(server, seeded):
    """The facilitator's socket: it moves the board from room to room."""
    http = requests.Session()
    http.post(f"{server}/login", data={"email": EMAIL, "password": PASSWORD,
                                       "csrf_token": csrf(http.get(f"{server}/login").text)}).raise_for_status()
    sio = socketio.Client()
    sio.connect(server, auth={"workshop": seeded["workshop"], "role": "facilitator"},
                headers={"Cookie": "; ".join(f"{c.name}={c.value}" for c in http.cookies)}, wait_timeout=10)
    yield sio
    sio.disconnect()


@pytest.fixture(scope="module")
def board(browser, server, seeded):
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    page.goto(f"{server}/w/{seeded['workshop']}/board?key={seeded['board_key']}")
    page.get_by_test_id("board-welcome").wait_for()
    yield page
    page.close()


def goto(console, board, activity: int) -> None:
    ack = console.call("intent", {"intent_id": f"rd-{activity}-{time.time_ns()}", "type": "control.goto",
                                  "activity": None, "payload": {"activity": activity}}, timeout=10)
    assert ack["ok"], ack
    board.locator(f".board-tool > .tool-area[data-key^='{activity}:']").wait_for()
    board.wait_for_timeout(300)  # the fit loops run in the same task; let a late font or resize settle


def measure(board) -> dict:
    # A word split over two lines ("passpo" / "rts") is as hard to read as a cut one.
    return {**board.evaluate(MEASURE), "broken": broken_words(board, "#board")}


def pages(board, on_first) -> list[dict]:
    """The measurements of every page the board shows for this activity (one unless it pages);
    `on_first()` runs while the first page is on show."""
    seen = [measure(board)]
    if not seen[-1]["page"] or seen[-1]["page"][0] == 1:
        on_first()
    while seen[-1]["page"] and len(seen) < seen[-1]["page"][1]:
        now = seen[-1]["page"][0]
        board.wait_for_function("(now) => document.querySelector('[data-testid=board-pager]')?.dataset.page !== now",
                                arg=str(now), timeout=40_000)
        board.wait_for_timeout(200)
        seen.append(measure(board))
        if seen[-1]["page"][0] == 1:
            on_first()
    return seen


def record(label: str, line: str) -> None:
    RESULTS[label] = line
    print(line)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "board-readability.txt").write_text("".join(f"{RESULTS[k]}\n" for k in ROOMS if k in RESULTS))


@pytest.mark.parametrize("room", ROOMS)
def test_board_is_readable_from_the_back(room, seeded, console, board, shot):
    info = seeded["rooms"][room]
    goto(console, board, info["activity"])
    measured = pages(board, lambda: shot(board, f"readability-{room}"))
    texts = [t for m in measured for t in m["texts"]]
    smallest = min(texts, key=lambda t: t["px"])
    in_tool = min((t for t in texts if t["tool"]), key=lambda t: t["px"])
    paging = f" over {len(measured)} pages" if len(measured) > 1 else ""
    record(room, f"{room}: smallest effective text {smallest['px']} px (element {smallest['where']}); "
                 f"in the tool's own area {in_tool['px']} px (element {in_tool['where']}){paging}")

    problems = []
    if smallest["px"] < MIN_PX:
        small = sorted({t["where"] for t in texts if t["px"] < MIN_PX})
        problems.append(f"text under {MIN_PX} px: {smallest['px']} px; " + "; ".join(small[:6]))
    cut = sorted({t["where"] for t in texts if t["cut"]})
    if cut:
        problems.append("cut text: " + "; ".join(cut[:6]))
    broken = sorted({w for m in measured for w in m["broken"]})
    if broken:
        problems.append("words broken across lines: " + ", ".join(broken[:8]))
    if any(m["scrolls"] for m in measured):
        problems.append("the board scrolls")
    shown = " ".join(t["text"] for t in texts if not t["cut"])
    missing = [text for text in info["texts"] if " ".join(text.split()) not in shown]
    hidden_ok = hidden_by_more(board, info) if room.startswith("dotocracy") else set()
    missing = [text for text in missing if text not in hidden_ok]
    if missing:
        problems.append(f"{len(missing)} of {len(info['texts'])} texts not shown, e.g. {missing[0]!r}")
    if room == "radiant":
        overlaps = overlapping(board, "[data-testid=rt-theme], [data-testid=rt-node]")
        if overlaps:
            problems.append(f"{len(overlaps)} pairs of boxes overlap, e.g. {overlaps[0]}")
    if room == "response_round_30":
        assert board.get_by_test_id("response-position").inner_text().endswith("of 30")
    assert not problems, f"{room}: " + " | ".join(problems)


def overlapping(board, selector: str) -> list[str]:
    """Pairs of the boxes `selector` finds on the board (a radiant map's ideas and theme) that overlap."""
    return board.evaluate("""(selector) => {
      const boxes = [...document.querySelectorAll(selector)].filter((b) => b.getClientRects().length);
      const rects = boxes.map((b) => b.getBoundingClientRect());
      const found = [];
      for (let i = 0; i < rects.length; i++) for (let j = i + 1; j < rects.length; j++) {
        const a = rects[i], b = rects[j];
        if (Math.min(a.right, b.right) - Math.max(a.left, b.left) > 0.5 && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 0.5)
          found.push(`"${boxes[i].textContent}" and "${boxes[j].textContent}"`);
      }
      return found;
    }""", selector)


def hidden_by_more(board, info) -> set[str]:
    """Dot-vote options folded into "+N more": allowed only when none ties with a shown option
    and the count says how many."""
    rows = board.evaluate("""() => [...document.querySelectorAll('[data-testid=dots-result]')].map((r) => ({
        text: r.querySelector('.dots-text').textContent, votes: Number(r.dataset.votes), shown: !!r.offsetParent }))""")
    if not rows:
        return set()
    hidden = [r for r in rows if not r["shown"]]
    shown_votes = {r["votes"] for r in rows if r["shown"]}
    ties = [r["text"] for r in hidden if r["votes"] in shown_votes]
    assert not ties, f"'+N more' hides options that tie with shown ones: {ties[:3]}"
    if hidden:
        more = board.get_by_test_id("more-items").inner_text()
        assert re.search(rf"\+{len(hidden)}\b", more), more
    return {r["text"] for r in hidden}
