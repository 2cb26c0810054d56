"""Set-up for the browser benchmark, over HTTP and Socket.IO as a facilitator and phones do it:
a signed-in facilitator socket (`Live`, keeping the state it is pushed, so we know card ids),
phones joined by code, and content seeded by enough phones to stay under the per-person
allowances (engine/limits.py: 40 ideas, 25 causes) and the socket rate limits (security.py
SOCKET_LIMITS: a participant 40 intents per 10 s, 150 a minute)."""
from __future__ import annotations

import html
import random
import re
import secrets
import time

import jsonpatch
import socketio

from . import harness

SEED_PER_PHONE = 20      # intents one phone sends while seeding: half its 40-per-10-s socket allowance
WORDS = ("reading planning time staff pupils support parents data homework feedback lessons tutor "
         "curriculum behaviour attendance coaching vocabulary assessment transition oracy library "
         "intervention marking moderation targets department governors wellbeing training questions "
         "routines resources reports catch-up literacy numeracy mentoring timetable breakfast club").split()


def sentence(rng: random.Random, lo: int = 4, hi: int = 14, limit: int = 150) -> str:
    """A staff-room-like line of 4-14 words (seeded, so every run gets the same texts)."""
    text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(lo, hi)))
    return text[:limit].strip().capitalize()


class Live:
    """A sync Socket.IO connection; `state` is the newest state (patches applied as live.js does,
    anything it cannot apply asks for a `sync`)."""

    def __init__(self, base: str, auth: dict, cookie: str | None = None):
        self.sio = socketio.Client(reconnection=False)
        self.state: dict | None = None
        self.sio.on("state", self._state)
        self.sio.on("patch", self._patch)
        self.sio.connect(base, auth=auth, headers={"Cookie": cookie} if cookie else {}, transports=["websocket"],
                         wait_timeout=30)

    def _state(self, state):
        if self.state is None or state["version"] >= self.state["version"]:
            self.state = state

    def _patch(self, patch):
        if self.state is not None and self.state["version"] == patch["from_version"]:
            self.state = jsonpatch.apply_patch(self.state, patch["ops"])
        elif self.state is None or patch["version"] > self.state["version"]:
            self.sio.emit("sync", {"version": self.state["version"] if self.state else 0})

    def send(self, kind: str, payload: dict | None = None, activity: int | None = None) -> dict:
        ack = self.sio.call("intent", {"intent_id": f"br{secrets.token_hex(8)}", "type": kind, "activity": activity,
                                       "payload": payload or {}}, timeout=30)
        assert ack.get("ok"), (kind, payload, ack)
        return ack

    def wait_version(self, version: int, timeout: float = 15.0) -> dict:
        deadline = time.monotonic() + timeout
        while not (self.state and self.state["version"] >= version):
            assert time.monotonic() < deadline, f"no state at version {version}"
            time.sleep(0.02)
        return self.state

    def close(self) -> None:
        try:
            self.sio.disconnect()
        except Exception:  # noqa: BLE001 - already gone
            pass


class Room:
    """One workshop on one activity: the facilitator's socket, the board's URL, the join code."""

    def __init__(self, server: harness.ServerProcess, tool: str, title: str, config: dict):
        self.base = server.url
        self.fac = harness.Facilitation(server.url)
        self.wid = self.fac.new_workshop("Browser Bench Academy")
        console = self.fac.http.get(f"{self.base}/w/{self.wid}/run")
        board = re.search(r'"board": "([^"]+)"', console.text)
        assert board, "no board link on the console page"
        self.board_url = html.unescape(board.group(1))
        self.console = Live(self.base, {"workshop": self.wid, "role": "facilitator"}, self.fac.cookie)
        self.console.send("workshop.open")
        ack = self.console.send("agenda.add", {"tool": tool, "title": title, "prompt": "", "after": None,
                                               "section": "Part 3 – Recording and agreeing actions",
                                               "config": config})
        state = self.console.wait_version(ack["version"])
        self.activity = [a["id"] for a in state["agenda"] if a["tool"] == tool][-1]
        self.console.send("control.goto", {"activity": self.activity})
        self.console.send("activity.open", activity=self.activity)
        self.code = self.console.state["workshop"]["join_code"]

    def join(self, n: int, prefix: str) -> list[str]:
        """n phones joined over HTTP; their participant tokens."""
        return harness.join_many(self.base, self.code, self.wid, n, prefix)

    def phone(self, token: str) -> Live:
        return Live(self.base, {"workshop": self.wid, "role": "participant", "token": token})

    def seed(self, intents: list[tuple[str, dict]], prefix: str = "Seeder") -> None:
        """Each intent sent by a phone, SEED_PER_PHONE to a phone (phones join as needed)."""
        chunks = [intents[i:i + SEED_PER_PHONE] for i in range(0, len(intents), SEED_PER_PHONE)]
        for token, chunk in zip(self.join(len(chunks), prefix), chunks):
            live = self.phone(token)
            for kind, payload in chunk:
                live.send(kind, payload, self.activity)
            live.close()

    def view(self, version: int) -> dict:
        """The facilitator's view of the activity once its state has reached `version`."""
        state = self.console.wait_version(version)
        assert state["activity"]["id"] == self.activity, "the room is not on the benchmark's activity"
        return state["activity"]["view"]

    def close(self) -> None:
        self.console.close()
