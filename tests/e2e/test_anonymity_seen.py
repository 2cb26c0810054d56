"""Everyone sees whether names show: the phone says it just above the box people type in, the
board wears a badge, and a new activity starts anonymous (issue 10 §1). Phones at 320 px and
390 px, the board at 1280x720; the facilitator's switch to names shows on both at once."""
from __future__ import annotations

import html
import re
import secrets
import time

import pytest
import requests
import socketio
from playwright.sync_api import expect
from support import E2E_EMAIL as EMAIL
from support import E2E_PASSWORD as PASSWORD

pytestmark = pytest.mark.parametrize("server", ["eventlet"], indirect=True)


def csrf(page_html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page_html).group(1)


def newest_state(states: list[dict], version: int, timeout: float = 10) -> dict:
    """The newest state received, once one at least as new as `version` has come (python-socketio
    runs each handler on its own thread, so they may land in any order)."""
    deadline = time.monotonic() + timeout
    while not any(s["version"] >= version for s in list(states)):
        assert time.monotonic() < deadline, f"no state of version {version} within {timeout} s"
        time.sleep(0.05)
    return max(list(states), key=lambda s: s["version"])


@pytest.fixture
def room(server):
    """A workshop open on its first idea wall (a new agenda's, so with its defaults), input open."""
    http = requests.Session()
    http.post(f"{server}/login", data={"email": EMAIL, "password": PASSWORD,
                                       "csrf_token": csrf(http.get(f"{server}/login").text)}).raise_for_status()
    new = http.get(f"{server}/workshops/new")
    created = http.post(f"{server}/workshops/new", data={"school": "Riverside Academy", "focus": "KS3 SEND",
                                                          "date": "2026-11-26", "csrf_token": csrf(new.text)})
    wid = int(re.search(r"/w/(\d+)/", created.url).group(1))
    board_url = html.unescape(re.search(r'"board": "([^"]+)"', created.text).group(1))
    sio = socketio.Client()
    states = []
    sio.on("state", states.append)
    sio.connect(server, auth={"workshop": wid, "role": "facilitator"},
                headers={"Cookie": "; ".join(f"{c.name}={c.value}" for c in http.cookies)}, wait_timeout=10)

    def step(kind, payload=None, activity=None):
        ack = sio.call("intent", {"intent_id": f"anon{secrets.token_hex(6)}", "type": kind, "activity": activity,
                                  "payload": payload or {}}, timeout=10)
        assert ack["ok"], (kind, ack)
        return ack

    opened = step("workshop.open")
    sio.emit("sync", {"version": 0})  # the push may be a patch; the sync answers with a whole state
    state = newest_state(states, opened["version"])
    wall = next(a["id"] for a in state["agenda"] if a["tool"] == "idea_wall")
    step("control.goto", {"activity": wall})
    step("activity.open", activity=wall)
    yield {"step": step, "wall": wall, "code": state["workshop"]["join_code"], "board_url": board_url}
    sio.disconnect()


def join(browser, server, code, name, width, height):
    page = browser.new_context(viewport={"width": width, "height": height}).new_page()
    page.goto(f"{server}/j/{code}")
    page.get_by_test_id("name-input").fill(name)
    page.get_by_test_id("name-submit").click()
    expect(page.get_by_test_id("idea-input")).to_be_visible()
    return page


def test_a_new_activity_says_anonymous_on_phones_and_board_and_names_when_chosen(browser, server, room, shot):
    board = browser.new_context(viewport={"width": 1280, "height": 720}).new_page()
    board.goto(room["board_url"])
    badge = board.get_by_test_id("names-badge")
    expect(badge).to_have_text("Anonymous")
    small = join(browser, server, room["code"], "Jo", 320, 568)
    wide = join(browser, server, room["code"], "", 390, 844)
    for page in (small, wide):
        note = page.get_by_test_id("compose").get_by_test_id("anonymity-note")
        expect(note).to_have_text("Anonymous — your name is not shown")
        # where you type: just above the box, inside the screen, and read out with the box
        box, said = page.get_by_test_id("idea-input").bounding_box(), note.bounding_box()
        assert 0 <= box["y"] - (said["y"] + said["height"]) < 24 and said["x"] >= 0 and said["x"] + said["width"] <= page.viewport_size["width"]
        assert page.get_by_test_id("idea-input").get_attribute("aria-describedby").endswith(note.get_attribute("id"))
        assert float(note.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")) >= 14
    shot(small, "anonymity-phone-320")

    small.get_by_test_id("idea-input").fill("Interventions clash with PE")
    small.get_by_test_id("compose").locator("button[type=submit]").click()
    expect(board.get_by_text("Interventions clash with PE")).to_be_visible()
    assert "Jo" not in board.locator(".board-tool").inner_text()
    shot(board, "anonymity-board-1280")

    room["step"]("idea.settings", {"anonymous": False}, room["wall"])
    expect(badge).to_have_text("Names shown")
    expect(small.get_by_test_id("compose").get_by_test_id("anonymity-note")).to_have_text("Your name will show on the board")
    expect(wide.get_by_test_id("compose").get_by_test_id("anonymity-note")).to_have_text(
        "Names show here, but you joined without one")
    shot(small, "anonymity-phone-320-named")
    # the card written anonymously stays anonymous after the switch
    assert "Jo" not in board.locator(".board-tool").inner_text()
