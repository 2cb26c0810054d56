"""The fishbone board in a real browser: every visible cause is drawn in the SVG diagram and no
hidden one is; with many causes, each bone shows what fits plus "+N more", nothing overlaps and
the board does not scroll at 1280x720. Seeded over HTTP and Socket.IO like a real console."""
from __future__ import annotations

import html
import itertools
import re
import secrets
import time

import pytest
import requests
import socketio
from playwright.sync_api import expect
from support import E2E_EMAIL as EMAIL
from support import E2E_PASSWORD as PASSWORD
from support import patched

PROBLEM = "Pupils with SEND in KS3 make less progress than their peers"
FIRST = [  # (bone, text, sub-causes)
    ("b1", "Adaptations vary from room to room", ["No shared picture of adaptive teaching"]),
    ("b2", "Schemes of work assume one route", []),
    ("b3", "Some pupils avoid support in front of friends", []),
    ("b4", "CPD on adaptive teaching was a one-off", ["Nobody followed the INSET up"]),
    ("b4", "No joint planning time for teachers and TAs", []),
    ("b5", "SEND data goes to SLT only", ["Tracking exports whole-school reports"]),
    ("b6", "Too few small rooms for interventions", []),
    ("b7", "Parents rarely come to parents' evening", []),
]
HIDDEN = ["Something unkind about a colleague", "A sub-cause nobody should see"]
_ids = itertools.count()


def csrf(page_html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page_html).group(1)


class Live:
    """A Socket.IO connection that sends intents and returns their acks."""

    def __init__(self, base: str, auth: dict, cookies: str):
        self.sio = socketio.Client()
        self.state = None
        self.sio.on("state", self._state)
        self.sio.on("patch", self._patch)
        self.sio.connect(base, auth=auth, headers={"Cookie": cookies},
                         wait_timeout=10)

    def _state(self, state):
        if self.state is None or state["version"] >= self.state["version"]:
            self.state = state

    def _patch(self, patch):
        state = patched(self.state, patch)
        if state is not None:
            self._state(state)
        elif self.state is None or patch["version"] > self.state["version"]:
            self.sio.emit("sync", {"version": self.state["version"] if self.state else 0})

    def wait(self, check, what: str):
        deadline = time.time() + 10
        while not (self.state and check(self.state)):
            assert time.time() < deadline, f"no state with {what}"
            time.sleep(0.05)
        return self.state

    def send(self, kind: str, payload: dict | None = None, activity: int | None = None) -> dict:
        ack = self.sio.call("intent", {"intent_id": f"e2e{next(_ids):04d}{secrets.token_hex(4)}", "type": kind,
                                       "activity": activity, "payload": payload or {}}, timeout=10)
        assert ack["ok"], (kind, payload, ack)
        return ack

    def close(self):
        self.sio.disconnect()


def cookie_header(session: requests.Session) -> str:
    return "; ".join(f"{c.name}={c.value}" for c in session.cookies)


@pytest.fixture
def seeded(server):
    """A workshop on its fishbone, input open, two phones connected; yields what the test needs."""
    http = requests.Session()
    http.post(f"{server}/login", data={"email": EMAIL, "password": PASSWORD,
                                       "csrf_token": csrf(http.get(f"{server}/login").text)}).raise_for_status()
    new = http.get(f"{server}/workshops/new")
    created = http.post(f"{server}/workshops/new", data={"school": "Riverside Academy", "focus": PROBLEM,
                                                          "date": "2026-11-26", "csrf_token": csrf(new.text)})
    wid = int(re.search(r"/w/(\d+)/", created.url).group(1))
    board_url = html.unescape(re.search(r'"board": "([^"]+)"', created.text).group(1))
    console = Live(server, {"workshop": wid, "role": "facilitator"}, cookie_header(http))
    console.send("workshop.open")
    version = console.send("agenda.add", {"tool": "fishbone", "title": "What lies behind it?", "prompt": "Add the causes.",
                                          "section": "Part 2 – Exploring the findings", "after": None,
                                          "config": {"problem": PROBLEM}})["version"]
    state = console.wait(lambda s: s["version"] >= version, "the new activity")
    fb = [a["id"] for a in state["agenda"] if a["tool"] == "fishbone"][-1]
    console.send("control.goto", {"activity": fb})
    console.send("activity.open", activity=fb)
    code = state["workshop"]["join_code"]

    phones = []
    for name in ("Jo", "Sam"):
        ph = requests.Session()
        page = ph.get(f"{server}/j/{code}")
        ph.post(f"{server}/j/{code}", data={"name": name, "csrf_token": csrf(page.text)}).raise_for_status()
        phones.append(Live(server, {"workshop": wid, "role": "participant"}, cookie_header(ph)))
    yield {"console": console, "phones": phones, "fb": fb, "board_url": board_url}
    for live in (console, *phones):
        live.close()


def add(phone: Live, fb: int, bone: str, text: str, parent: str | None = None) -> str:
    return phone.send("fishbone.add", {"bone": bone, "text": text, "parent": parent}, fb)["private"]["mine"][-1]


def drawn(page) -> dict[str, str]:
    """Cause id -> the text drawn for it (its own lines, not its sub-causes')."""
    return page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('[data-testid=fishbone] [data-cause]')]
        .map(g => [g.dataset.cause, [...g.querySelector(':scope > text').querySelectorAll('tspan')]
        .map(t => t.textContent).join(' ')]))""")


@pytest.mark.parametrize("server", ["eventlet"], indirect=True)
def test_every_visible_cause_is_drawn_and_no_hidden_one(seeded, browser, shot):
    console, (jo, sam), fb = seeded["console"], seeded["phones"], seeded["fb"]
    visible: dict[str, str] = {}
    for n, (bone, text, subs) in enumerate(FIRST):
        cid = add(jo if n % 2 else sam, fb, bone, text)
        visible[cid] = text
        for sub in subs:
            visible[add(sam if n % 2 else jo, fb, bone, sub, parent=cid)] = sub
    rude = add(jo, fb, "b3", HIDDEN[0])
    secret_sub = add(sam, fb, "b1", HIDDEN[1], parent=next(iter(visible)))
    console.send("fishbone.hide", {"cause": rude}, fb)
    console.send("fishbone.hide", {"cause": secret_sub}, fb)

    page = browser.new_page(viewport={"width": 1280, "height": 720})
    page.goto(seeded["board_url"])
    svg = page.get_by_test_id("fishbone")
    expect(svg).to_be_visible()
    expect(page.locator("[data-testid=fishbone] [data-cause]")).to_have_count(len(visible))
    assert drawn(page) == visible
    head = page.evaluate("[...document.querySelectorAll('[data-testid=fb-problem] .fb-head-text tspan')].map(t => t.textContent).join(' ')")
    assert head == PROBLEM
    expect(page.get_by_test_id("fb-bone")).to_have_count(7)
    assert page.get_by_test_id("fb-more").count() == 0
    svg_text = svg.text_content()
    assert all(h not in svg_text for h in HIDDEN)
    assert rude not in page.content() and secret_sub not in page.content()

    # Live: a new cause appears, a hidden one comes back, a shown one goes.
    new = add(jo, fb, "b6", "Laptops for assistive tech are booked out")
    visible[new] = "Laptops for assistive tech are booked out"
    console.send("fishbone.unhide", {"cause": rude}, fb)
    visible[rude] = HIDDEN[0]
    gone = next(iter(visible))
    console.send("fishbone.hide", {"cause": gone}, fb)
    visible.pop(gone)
    visible.pop(next(k for k, v in visible.items() if v == "No shared picture of adaptive teaching"))  # its sub goes too
    expect(page.locator(f"[data-cause='{new}']")).to_have_count(1)
    expect(page.locator(f"[data-cause='{gone}']")).to_have_count(0)
    assert drawn(page) == visible
    shot(page, "fishbone-board-1280")


@pytest.mark.parametrize("server", ["eventlet"], indirect=True)
def test_a_crowded_fishbone_shows_more_counts_and_stays_legible(seeded, browser, shot):
    console, (jo, sam), fb = seeded["console"], seeded["phones"], seeded["fb"]
    bones = ["b1", "b2", "b3", "b4", "b5", "b6", "b7"]
    on_bone = {b: set() for b in bones}
    for n in range(48):
        bone = bones[(n * 3) % 7] if n % 4 else "b4"  # Staff and CPD gets the lion's share
        cid = add(jo if n % 2 else sam, fb, bone, f"Cause number {n} about workload and time to plan together")
        on_bone[bone].add(cid)
    hidden = add(jo, fb, "b2", HIDDEN[0])
    console.send("fishbone.hide", {"cause": hidden}, fb)

    page = browser.new_page(viewport={"width": 1280, "height": 720})
    page.goto(seeded["board_url"])
    expect(page.get_by_test_id("fishbone")).to_be_visible()
    expect(page.get_by_test_id("fb-more").first).to_be_visible()
    shown = drawn(page)
    more = page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('[data-testid=fb-more]')]
        .map(g => [g.dataset.bone, Number(g.dataset.count)]))""")
    for bone, ids in on_bone.items():
        drawn_here = ids & set(shown)
        assert len(drawn_here) + more.get(bone, 0) == len(ids), bone
        assert drawn_here, f"{bone} shows none of its causes"
    assert set(shown) <= set().union(*on_bone.values())
    assert HIDDEN[0] not in page.get_by_test_id("fishbone").text_content()
    # No two drawn causes overlap, and the text is not tiny.
    boxes = page.evaluate("""() => [...document.querySelectorAll('[data-testid=fishbone] [data-cause] > text')]
        .map(t => { const r = t.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom,
                    parseFloat(t.getAttribute('font-size'))]; })""")
    for a, b in itertools.combinations(boxes, 2):
        overlap = min(a[2], b[2]) - max(a[0], b[0]) > 1 and min(a[3], b[3]) - max(a[1], b[1]) > 1
        assert not overlap, (a, b)
    assert min(box[4] for box in boxes) >= 11, "cause text must stay readable at 1280x720"
    assert page.evaluate("document.documentElement.scrollHeight <= window.innerHeight + 1")
    shot(page, "fishbone-board-crowded-1280")
