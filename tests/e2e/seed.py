"""Seeding for the browser tests, the way a real facilitator and real phones do it: sign in over HTTP
(with the CSRF token), create a workshop, drive it from a facilitator's Socket.IO connection (`Live`),
join phones over HTTP and connect them. Each test keeps only what is its own.

    http = signed_in(server)
    workshop = new_workshop(server, http, focus="KS3 SEND progress")
    console = facilitator(server, workshop.id, http)
    console.send("workshop.open")
    wall = add_activity(console, "idea_wall", "What would help most?", section="Part 3 – Actions")
    start(console, wall)
    jo = phone(server, workshop.id, join(server, join_code(console), "Jo"))
"""
from __future__ import annotations

import html
import itertools
import re
import secrets
import subprocess
import sys
import time
from dataclasses import dataclass

import requests
import socketio
from support import E2E_EMAIL as EMAIL
from support import E2E_PASSWORD as PASSWORD
from support import patched

_ids = itertools.count()


def csrf(page_html: str) -> str:
    """The CSRF token of the (first) form on a page."""
    return re.search(r'name="csrf_token" value="([^"]+)"', page_html).group(1)


def cookie_header(session: requests.Session) -> str:
    return "; ".join(f"{c.name}={c.value}" for c in session.cookies)


class Live:
    """A Socket.IO connection that sends intents and returns their acks; `state` is the newest state."""

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


# --- over HTTP and Socket.IO -------------------------------------------------------------------

def signed_in(server: str, email: str = EMAIL, password: str = PASSWORD) -> requests.Session:
    """An HTTP session signed in as the server's facilitator."""
    http = requests.Session()
    http.post(f"{server}/login", data={"email": email, "password": password,
                                       "csrf_token": csrf(http.get(f"{server}/login").text)}).raise_for_status()
    return http


@dataclass
class Workshop:
    id: int
    board_url: str | None  # the board's link, as the console page gives it
    page: requests.Response  # the console page the new workshop opened on

    @property
    def console_url(self) -> str:
        return self.page.url


def new_workshop(server: str, http: requests.Session, **details) -> Workshop:
    """POST /workshops/new with these details (a school and a date unless given)."""
    form = http.get(f"{server}/workshops/new")
    created = http.post(f"{server}/workshops/new", data={"school": "Riverside Academy", "date": "2026-11-26",
                                                          **details, "csrf_token": csrf(form.text)})
    wid = int(re.search(r"/w/(\d+)/", created.url).group(1))
    board = re.search(r'"board": "([^"]+)"', created.text)
    return Workshop(wid, html.unescape(board.group(1)) if board else None, created)


def facilitator(server: str, wid: int, http: requests.Session) -> Live:
    """The facilitator's Socket.IO connection to the workshop, with the signed-in session's cookie."""
    return Live(server, {"workshop": wid, "role": "facilitator"}, cookie_header(http))


def add_activity(console: Live, tool: str, title: str, prompt: str = "", section: str = "Part 3 – Recording and agreeing actions",
                 config: dict | None = None, what: str | None = None) -> int:
    """Add an activity at the end of the agenda; its id, once the console's state has it."""
    version = console.send("agenda.add", {"tool": tool, "title": title, "prompt": prompt, "section": section,
                                          "after": None, "config": config or {}})["version"]
    state = console.wait(lambda s: s["version"] >= version, what or title)
    return [a["id"] for a in state["agenda"] if a["tool"] == tool][-1]


def start(console: Live, activity: int) -> None:
    """Every screen to this activity, its input open."""
    console.send("control.goto", {"activity": activity})
    console.send("activity.open", activity=activity)


def join_code(console: Live) -> str:
    return console.state["workshop"]["join_code"]


def join(server: str, code: str, name: str | None = None, **fields) -> requests.Session:
    """A phone's HTTP session, joined by name (or, e.g., as a table: kind=, table_name=, head_count=)."""
    session = requests.Session()
    page = session.get(f"{server}/j/{code}")
    data = {"name": name, **fields} if name is not None else fields
    session.post(f"{server}/j/{code}", data={**data, "csrf_token": csrf(page.text)}).raise_for_status()
    return session


def phone(server: str, wid: int, session: requests.Session) -> Live:
    """A joined phone's Socket.IO connection."""
    return Live(server, {"workshop": wid, "role": "participant"}, cookie_header(session))


def phones(server: str, wid: int, code: str, names) -> dict[str, Live]:
    """Each name joined and connected, by name (in order)."""
    return {name: phone(server, wid, join(server, code, name)) for name in names}


# --- `workshop demo` and the browser ---------------------------------------------------------

def run_demo(server) -> str:
    """`workshop demo` seeded into the server's own instance folder; what it printed."""
    return subprocess.run([sys.executable, "-m", "workshop.cli", "demo", "--base-url", server],
                          env=server.env, check=True, capture_output=True, text=True).stdout


def browser_signed_in(browser, http: requests.Session, url: str, **options):
    """A browser context carrying the signed-in session's cookies (set for `url`)."""
    context = browser.new_context(**options)
    context.add_cookies([{"name": c.name, "value": c.value, "url": url} for c in http.cookies])
    return context


def sign_in(page, server: str, email: str = EMAIL, password: str = PASSWORD) -> None:
    """Sign in on the login page, as a person would."""
    page.goto(f"{server}/login")
    page.get_by_test_id("login-email").fill(email)
    page.get_by_test_id("login-password").fill(password)
    page.get_by_test_id("login-submit").click()


def join_in_browser(page, server: str, code: str, name: str) -> None:
    """A phone in the browser types the code's page address and its name."""
    page.goto(f"{server}/j/{code}")
    page.get_by_test_id("name-input").fill(name)
    page.get_by_test_id("name-submit").click()

