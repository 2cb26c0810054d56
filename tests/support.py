"""Helpers for the tests: an app on a fresh SQLite file, signed-in facilitators, phones that join
by code, and socket helpers. A plain module (not conftest) so test files import it unambiguously."""
from __future__ import annotations

import contextlib
import functools
import itertools
import json
import os
import secrets

import jsonpatch
import jsonpointer
import pytest
from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match
from socketio import packet

from workshop import create_app
from workshop.accounts import create_user
from workshop.db import db
from workshop.engine import service
from workshop.engine.patches import check
from workshop.engine.envelope import Principal
from workshop.extensions import socketio

PASSWORD = "correct horse battery"
E2E_EMAIL, E2E_PASSWORD = "ic@example.org", "a long enough password"


def make_app(db_path, **overrides):
    os.environ["WORKSHOP_INSTANCE"] = str(db_path.parent)
    return create_app({"DATABASE_URL": f"sqlite:///{db_path}", "ASYNC_MODE": "threading", "TESTING": True,
                       "SECRET_KEY": "test-secret", "WTF_CSRF_ENABLED": False, **overrides})


class Facilitator:
    """A signed-in IC: an HTTP client with the session cookie, and socket clients made from it."""

    def __init__(self, app, email: str, name: str):
        with db.session() as s:
            self.user = create_user(s, email, name, PASSWORD)
        self.app = app
        self.http = app.test_client()
        response = self.http.post("/login", data={"email": email, "password": PASSWORD})
        assert response.status_code == 302, response.status_code

    def create_workshop(self, school="Riverside Academy", focus="KS3 SEND progress") -> int:
        response = self.http.post("/workshops/new", data={"school": school, "focus": focus, "date": "2026-11-26"})
        assert response.status_code == 302
        return int(response.headers["Location"].split("/w/")[1].split("/")[0])

    def socket(self, workshop_id: int):
        return socketio.test_client(self.app, flask_test_client=self.http,
                                    auth={"workshop": workshop_id, "role": "facilitator"})

    def step(self, workshop_id: int, kind: str, payload=None, activity=None) -> dict:
        """A facilitator step through the engine (as the console would send it)."""
        return service.submit(workshop_id, Principal("facilitator", user_id=self.user.id), intent(kind, payload, activity))


_ids = itertools.count()


def intent(kind: str, payload=None, activity=None, intent_id=None) -> dict:
    return {"intent_id": intent_id or f"t{next(_ids):04d}-{secrets.token_hex(4)}", "type": kind,
            "activity": activity, "payload": payload or {}}


def send(client, kind: str, payload=None, activity=None, intent_id=None) -> dict:
    """Emit an intent from a socket test client and return its ack."""
    return client.emit("intent", intent(kind, payload, activity, intent_id), callback=True)


def states(client) -> list[dict]:
    return [m["args"][0] for m in client.get_received() if m["name"] == "state"]


def last_state(client) -> dict:
    got = states(client)
    assert got, "no state received"
    return got[-1]


def activities(workshop_id: int) -> list[int]:
    from workshop.models import Workshop

    with db.session() as s:
        return [a.id for a in s.get(Workshop, workshop_id).activities]


def join_code(workshop_id: int) -> str:
    from workshop.models import Workshop

    with db.session() as s:
        return s.get(Workshop, workshop_id).join_code


class Phone:
    """A participant's phone: joins by code over HTTP (getting the token cookie), then connects."""

    def __init__(self, app, workshop_id: int, name: str | None = None):
        self.app, self.workshop_id = app, workshop_id
        self.http = app.test_client()
        response = self.http.post(f"/j/{join_code(workshop_id)}", data={"name": name or ""})
        assert response.status_code == 302, response.status_code
        self.token = self.http.get_cookie(f"wt_{workshop_id}").value
        self.socket = self.connect()

    def connect(self):
        return socketio.test_client(self.app, flask_test_client=self.http,
                                    auth={"workshop": self.workshop_id, "role": "participant"})


def board(app, workshop_id: int):
    from workshop.models import Workshop

    with db.session() as s:
        key = s.get(Workshop, workshop_id).board_key
    return socketio.test_client(app, auth={"workshop": workshop_id, "role": "board", "key": key})



def activities_of(workshop_id: int, tool: str) -> list[int]:
    """The ids of a workshop's activities that use `tool`, in agenda order."""
    from workshop.models import Workshop

    with db.session() as s:
        return [a.id for a in s.get(Workshop, workshop_id).activities if a.tool == tool]


def walls(workshop_id: int) -> list[int]:
    """The workshop's idea walls, in agenda order (the SPP agenda has several)."""
    return activities_of(workshop_id, "idea_wall")


def add_wall(ic: Facilitator, workshop_id: int, title: str = "Another wall") -> int:
    """Append an idea wall to the agenda and return its id."""
    return add_activity(ic, workshop_id, "idea_wall", title, prompt="Ideas?")


def add_activity(ic: Facilitator, workshop_id: int, tool: str, title: str = "", config: dict | None = None, *,
                 section: str = "Part 3 – Recording and agreeing actions", prompt: str = "") -> int:
    """Append an activity of `tool` to the agenda (through the engine) and return its id."""
    ack = ic.step(workshop_id, "agenda.add", {"tool": tool, "title": title or tool, "prompt": prompt,
                                              "section": section, "after": None, "config": config or {}})
    assert ack["ok"], ack
    return activities(workshop_id)[-1]


def start(ic: Facilitator, workshop_id: int, activity: int) -> None:
    """Go to the activity (every screen follows) and open its input."""
    assert ic.step(workshop_id, "control.goto", {"activity": activity})["ok"]
    assert ic.step(workshop_id, "activity.open", activity=activity)["ok"]


def patched(held: dict | None, patch: dict) -> dict | None:
    """What live.js does with a `patch` push: the new state, made from a copy of the state held
    when that is exactly the patch's `from_version`; else None (the client must `sync`)."""
    if held is None or held["version"] != patch["from_version"]:
        return None
    state = jsonpatch.apply_patch(held, patch["ops"])
    if patch.get("check") and check(state) != patch["check"]:
        return None  # made from another base than the one held (live.js: state_check.js)
    return state


def received(client) -> tuple[list[dict], list[dict]]:
    """The `state` and `private` payloads a client got since the last call."""
    messages = client.get_received()
    return ([m["args"][0] for m in messages if m["name"] == "state"],
            [m["args"][0] for m in messages if m["name"] == "private"])


class Seen:
    """Every message a client received, kept (get_received empties the client's queue)."""

    def __init__(self, client):
        self.client, self.messages = client, []

    def pull(self) -> list[dict]:
        self.messages += self.client.get_received()
        return self.messages

    def state(self) -> dict:
        return [m["args"][0] for m in self.pull() if m["name"] == "state"][-1]

    def view(self) -> dict:
        return self.state()["activity"]["view"]

    def text(self) -> str:
        import json

        return json.dumps(self.pull())


# --- the protocol check (issue 11 §3) ---------------------------------------------------------------
# Every message a test's socket clients send and receive is validated against docs/protocol.schema.json,
# so the doc, the schema and the server can't drift apart. tests/live/conftest.py turns it on for
# every live test (protocol_checked); any suite may call it.

SCHEMA_PATH = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "docs",
                           "protocol.schema.json")
# A refusal with one of these codes answers input the test sent on purpose (a too-long text, a
# field of the wrong type, eleven dots, a tool that does not exist): what was sent is not checked
# against the schema then. Any other answer (ok, closed, forbidden, conflict, ...) means the input
# was well formed, so it must validate.
BAD_INPUT = {"bad_request", "too_long", "empty", "limit", "not_found", "unknown_intent", "unknown_event"}
SERVER_EVENTS = {"state", "patch", "private", "removed"}


@functools.cache
def protocol_schema() -> dict:
    with open(SCHEMA_PATH, encoding="utf-8") as f:
        return json.load(f)


@functools.cache
def _validator(definition: str) -> Draft202012Validator:
    schema = {"$defs": protocol_schema()["$defs"], "$ref": f"#/$defs/{definition}"}
    if definition.startswith("private:"):  # open definitions that `private` and `ackPrivate` close
        schema["unevaluatedProperties"] = False
    return Draft202012Validator(schema)


def protocol_violation(definition: str, message: object) -> str | None:
    """Why `message` is not a valid `definition` of the schema (path and reason), or None."""
    error = best_match(_validator(definition).iter_errors(message))
    if error is None:
        return None
    return (f"{definition} breaks docs/protocol.schema.json at {error.json_path}: {error.message[:400]}\n"
            f"  message: {json.dumps(message, default=str)[:1500]}")


def assert_protocol(definition: str, message: object) -> None:
    problem = protocol_violation(definition, message)
    assert problem is None, problem


class ProtocolChecker:
    """Validates what test clients send and receive. A received message is checked on arrival (in
    the server's emit, so a violation is kept and raised in the test's next emit, or at teardown);
    each client's state is held, and a `patch` applied to it must give a valid `state` too."""

    def __init__(self):
        self.violations: list[str] = []
        self.held: dict[str, dict | None] = {}  # test client (eio sid) -> the state it holds
        self.last_valid: str | None = None  # the last encoded server message found valid
        self.active = True

    def check(self, definition: str, message: object) -> None:
        problem = protocol_violation(definition, message)
        if problem is not None:
            self.violations.append(problem)

    def raise_pending(self) -> None:
        if self.violations:
            found, self.violations = self.violations, []
            raise AssertionError("\n".join(found))

    # --- what clients send, and the answers ---
    def answered(self, event: str, args: tuple, ack: object, eio_sid: str | None = None) -> None:
        data = args[0] if args else None
        refused_input = isinstance(ack, dict) and ack.get("error") in BAD_INPUT
        if event == "intent":
            if not refused_input:
                self.check("intent", _wire(data))
            self.check("intentAck", ack)
            if isinstance(ack, dict) and isinstance(ack.get("private"), dict):
                self._private_of_tool(eio_sid, ack["private"].get("activity"),
                                      {k: v for k, v in ack["private"].items() if k != "activity"})
        elif event == "sync":
            if not refused_input:
                self.check("sync", _wire(data))
            self.check("syncAck", ack)
        elif ack is not None:
            self.check("errorAck", ack)

    # --- what clients receive ---
    def received(self, eio_sid: str, pkt, encoded: str | None = None) -> None:
        """`encoded`: the packet as sent, the same text for every client of a room, so each is
        validated once (what a client does with it, e.g. apply a patch, is still per client)."""
        if pkt.packet_type == packet.CONNECT_ERROR:
            self.check("connectError", _wire(pkt.data))
        if pkt.packet_type not in (packet.EVENT, packet.BINARY_EVENT):
            return
        event, data = pkt.data[0], _wire(pkt.data[1] if len(pkt.data) > 1 else None)
        if event not in SERVER_EVENTS:
            self.violations.append(f"the server sent an event the protocol does not have: {event!r}")
            return
        if encoded is None or encoded != self.last_valid:
            before = len(self.violations)
            self.check(event, data)
            if len(self.violations) == before:
                self.last_valid = encoded
        if event == "private" and isinstance(data, dict):
            self._private_of_tool(eio_sid, data.get("activity"), data.get("private"))
        if event == "state":
            held = self.held.get(eio_sid)
            if held is None or data.get("version", -1) >= held["version"]:
                self.held[eio_sid] = data
        elif event == "patch":
            self._patch(eio_sid, data)

    def _private_of_tool(self, eio_sid: str | None, activity: object, private: object) -> None:
        """A private part has the shape of its own tool's (the schema alone allows any tool's): the
        tool is known from the state this client holds, when that is on the same activity."""
        current = (self.held.get(eio_sid) or {}).get("activity") or {}
        if activity is not None and current.get("id") == activity:
            self.check(f"private:{current['tool']}", private)

    def _patch(self, eio_sid: str, patch: dict) -> None:
        """What a client does with a patch (protocol §3), and the state it makes must validate.
        One that does not apply, or whose check differs, is dropped: the client would `sync`."""
        try:
            state = patched(self.held.get(eio_sid), patch)
        except (jsonpatch.JsonPatchException, jsonpointer.JsonPointerException):
            state = None
        if state is not None:
            self.check("state", state)
        self.held[eio_sid] = state

    def wrap_transport(self, server) -> None:
        """Sees every packet the server sends a test client, through the two doors of the test
        client's transport: whole packets (acks, connect errors) and encoded ones (emits)."""
        send, send_encoded = server._send_packet, server._send_eio_packet
        if getattr(send, "protocol_checker", None) is self:
            return

        def checked_send(eio_sid, pkt):
            send(eio_sid, pkt)
            if self.active:
                self.received(eio_sid, pkt)

        def checked_send_encoded(eio_sid, eio_pkt):
            send_encoded(eio_sid, eio_pkt)
            if self.active and isinstance(eio_pkt.data, str):
                self.received(eio_sid, packet.Packet(encoded_packet=eio_pkt.data), eio_pkt.data)
        checked_send.protocol_checker = self
        server._send_packet, server._send_eio_packet = checked_send, checked_send_encoded


def _wire(value: object) -> object:
    """The value as a client decodes it off the wire (tuples become lists, and so on)."""
    return json.loads(json.dumps(value)) if value is not None else None


@contextlib.contextmanager
def protocol_checked():
    """While open, every socket test client (and Facilitator.step) is checked against the schema."""
    from flask_socketio.test_client import SocketIOTestClient

    checker = ProtocolChecker()
    connect, emit = SocketIOTestClient.connect, SocketIOTestClient.emit

    def checked_connect(client, namespace=None, query_string=None, headers=None, auth=None):
        checker.wrap_transport(client.socketio.server)
        connect(client, namespace, query_string, headers, auth)
        if client.is_connected(namespace):  # a refused auth may be a test's on purpose
            checker.check("auth", auth)
        checker.raise_pending()

    def checked_emit(client, event, *args, **kwargs):
        checker.wrap_transport(client.socketio.server)
        ack = emit(client, event, *args, **kwargs)
        checker.answered(event, args, ack, client.eio_sid)
        checker.raise_pending()
        return ack

    def checked_step(ic, workshop_id, kind, payload=None, activity=None):
        """Facilitator.step, with what it sends and gets back checked like a socket's."""
        sent = intent(kind, payload, activity)
        ack = service.submit(workshop_id, Principal("facilitator", user_id=ic.user.id), sent)
        checker.answered("intent", (sent,), _wire(ack))
        checker.raise_pending()
        return ack

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(SocketIOTestClient, "connect", checked_connect)
        patch.setattr(SocketIOTestClient, "emit", checked_emit)
        patch.setattr(Facilitator, "step", checked_step)
        try:
            yield checker
        finally:
            checker.active = False
    checker.raise_pending()
