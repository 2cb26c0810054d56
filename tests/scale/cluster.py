"""Real server processes and python-socketio clients that behave like live.js: they apply a `state`
only if its version is not older than the one they hold, keep every intent until it is
acknowledged and resend it (same intent_id) after each reconnect, and send `sync` on connect."""
from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
import types
import urllib.request
from pathlib import Path

import engineio.client
import engineio.payload
import requests
import socketio
import urllib3
from support import patched

urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)

ROOT = Path(__file__).resolve().parents[2]
PUBLIC_URL = "http://workshop.test"  # the same join URL from every process, so states compare equal
SECRET = "scale-secret"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(predicate, timeout: float, what, interval: float = 0.05):
    """The predicate's first truthy value, checked every `interval` s for `timeout` s. `what` names
    the condition: a text, or a function giving one, called only on failure (how things stand then)."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {timeout} s: {what() if callable(what) else what}")
        time.sleep(interval)


class Server:
    """`workshop serve` in its own process. kill() is kill -9; start() again reuses the port."""

    def __init__(self, folder: Path, env: dict, mode: str = "eventlet", name: str = "server"):
        self.folder, self.mode, self.name = folder, mode, name
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = {**os.environ, "WORKSHOP_INSTANCE": str(folder), "SECRET_KEY": SECRET,
                    "WORKSHOP_PUBLIC_URL": PUBLIC_URL, "PYTHONWARNINGS": "ignore", **env}
        self.proc: subprocess.Popen | None = None
        self.starts = 0

    def cli(self, *args: str) -> str:
        done = subprocess.run([sys.executable, "-m", "workshop.cli", *args], env=self.env, cwd=ROOT,
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr + done.stdout
        return done.stdout

    def start(self) -> "Server":
        self.starts += 1
        log = open(self.folder / f"{self.name}-{self.starts}.log", "w")
        self.proc = subprocess.Popen([sys.executable, "-m", "workshop.cli", "serve", "--host", "127.0.0.1",
                                      "--port", str(self.port), "--async-mode", self.mode],
                                     env=self.env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(self.base + "/", timeout=1)
                return self
            except OSError:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"{self.name} did not start:\n{self.log()}") from None
                time.sleep(0.1)

    def log(self) -> str:
        return (self.folder / f"{self.name}-{self.starts}.log").read_text()

    def kill(self) -> None:
        """kill -9: no clean shutdown, no flush, sockets dropped."""
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=10)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)


def _csrf(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def session() -> requests.Session:
    """An HTTP client; certificates are not checked (loopback only, a test proxy's own cert)."""
    http = requests.Session()
    http.verify, http.trust_env = False, False
    return http


def login(base: str, email: str, password: str) -> requests.Session:
    http = session()
    page = http.get(f"{base}/login", timeout=10)
    done = http.post(f"{base}/login", data={"email": email, "password": password, "csrf_token": _csrf(page.text)},
                     allow_redirects=False, timeout=10)
    assert done.status_code == 302, done.text[:500]
    return http


def join(base: str, code: str, name: str) -> tuple[int, str]:
    """A phone joins by code over HTTP, as the join page does: (workshop id, its token)."""
    workshop_id, token, _ = join_browser(base, code, name)
    return workshop_id, token


def join_browser(base: str, code: str, name: str) -> tuple[int, str, requests.Session]:
    """The same, also returning the phone's cookie jar (its browser)."""
    http = session()
    page = http.get(f"{base}/j/{code}", timeout=10)
    done = http.post(f"{base}/j/{code}", data={"name": name, "csrf_token": _csrf(page.text)},
                     allow_redirects=False, timeout=10)
    assert done.status_code == 302, done.text[:500]
    cookie = next(c for c in http.cookies if c.name.startswith("wt_"))
    return int(cookie.name[3:]), cookie.value, http


def comparable(state: dict) -> dict:
    """A state without the server's clock (each push stamps its own)."""
    return {k: v for k, v in state.items() if k != "server_now"}


def digest(obj) -> str:
    return hashlib.sha256(json.dumps(obj, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


class _BrowserLikePayload(engineio.payload.Payload):
    """A poll's answer may carry any number of packets, as browsers' engine.io-client accepts.
    python-engineio's client refuses more than 16 and drops the connection: on a slow link a poll
    answered with the ~20 patches a busy room made meanwhile became a reconnect loop."""
    max_decode_packets = 10_000


engineio.client.payload = types.SimpleNamespace(Payload=_BrowserLikePayload)  # the client's decoding only


class _InOrderEngineIO(engineio.Client):
    """Hands each message to its handler on the connection's own thread, in arrival order, as a
    browser does (protocol.md: events are handled in arrival order). python-engineio starts a
    thread per message, so a poll's answer of 20 patches raced: most found the wrong base and
    each sent a `sync`, enough to hit the rate limit."""

    def _trigger_event(self, event, *args, **kwargs):
        if event == "message":
            kwargs["run_async"] = False
        return super()._trigger_event(event, *args, **kwargs)


class _PhoneLikeClient(socketio.Client):
    """Reconnects wait for the server's answer to the namespace connect as long as the first connect
    does: python-socketio's reconnect uses connect()'s default of 1 s, which a link with 200-500 ms
    each way often exceeds, so every attempt gave up just before its answer (browsers wait 20 s)."""

    def connect(self, *args, wait_timeout: float = 10, **kwargs):
        return super().connect(*args, wait_timeout=wait_timeout, **kwargs)

    def _engineio_client_class(self):
        return _InOrderEngineIO


class LiveClient:
    """One board, console or phone connection, following the protocol's reconnect rules."""

    def __init__(self, base: str, auth: dict, http: requests.Session | None = None, name: str = "client",
                 transports: tuple[str, ...] = ("websocket",)):
        self.base, self.auth, self.name, self.transports = base, auth, name, list(transports)
        self.sio = _PhoneLikeClient(reconnection=True, reconnection_attempts=0, reconnection_delay=0.2,
                                   reconnection_delay_max=0.5, randomization_factor=0.0,
                                   http_session=http or session(), ssl_verify=False, request_timeout=5)
        self.lock = threading.Lock()
        self.state: dict | None = None
        self.version = -1
        self.private: dict | None = None
        self.private_version = -1
        self.received: list[int] = []  # versions of every `state` that arrived, in arrival order
        self.patches_applied = 0  # `patch` pushes applied (the others made it `sync`)
        self.applied: list[int] = []  # versions of the states applied (not older than the last)
        self.queue: dict[str, dict] = {}  # unacknowledged intents, by intent_id, in sending order
        self.acks: dict[str, dict] = {}  # intent_id -> its (first) ack
        self.connects = 0
        self.sio.on("connect", self._on_connect)
        self.sio.on("state", self._on_state)
        self.sio.on("patch", self._on_patch)
        self.sio.on("private", self._on_private)

    # --- connection -------------------------------------------------------------------------

    def connect(self, base: str | None = None) -> "LiveClient":
        if base:
            self.base = base
        self.sio.connect(self.base, auth=self.auth, transports=self.transports, wait_timeout=10)
        return self

    def disconnect(self) -> None:
        self.sio.disconnect()

    def close(self) -> None:
        """For good: also stops a reconnect loop (one left running would retry for the rest of
        the test session)."""
        self.sio.shutdown()

    @property
    def connected(self) -> bool:
        return self.sio.connected

    def _on_connect(self):
        self.connects += 1
        with self.lock:
            version, pending = max(self.version, 0), list(self.queue.values())
        # As live.js: sync with the last version held, then resend what was never acknowledged.
        self._sync(version)
        for data in pending:
            self._transmit(data)

    def _sync(self, version: int) -> None:
        try:
            self.sio.emit("sync", {"version": version}, callback=lambda *_: None)
        except socketio.exceptions.BadNamespaceError:
            pass  # cut off meanwhile: the reconnect sends its own sync

    def _on_state(self, state):
        with self.lock:
            self.received.append(state["version"])
            if state["version"] < self.version:
                return
            self.version, self.state = state["version"], state
            self.applied.append(state["version"])

    def _on_patch(self, patch):
        """As live.js: applied to the state held at exactly `from_version`, else a `sync`."""
        with self.lock:
            state = patched(self.state, patch) if patch["version"] > self.version else None
            version = max(self.version, 0)
        if state is not None:
            self.patches_applied += 1
            self._on_state(state)
        elif patch["version"] > version:
            self._sync(version)

    def _on_private(self, msg):
        with self.lock:
            if msg["version"] < self.private_version:
                return
            self.private_version, self.private = msg["version"], msg

    # --- intents ----------------------------------------------------------------------------

    def send(self, kind: str, payload: dict | None = None, activity: int | None = None) -> str:
        intent_id = f"{self.name}-{secrets.token_hex(6)}"
        data = {"intent_id": intent_id, "type": kind, "activity": activity, "payload": payload or {}}
        with self.lock:
            self.queue[intent_id] = data
        self._transmit(data)
        return intent_id

    def _transmit(self, data: dict) -> None:
        try:
            self.sio.emit("intent", data, callback=lambda ack, i=data["intent_id"]: self._on_ack(i, ack))
        except Exception:  # noqa: BLE001 - not connected: it stays queued and goes on reconnect
            pass

    def _on_ack(self, intent_id: str, ack: dict) -> None:
        with self.lock:
            self.acks.setdefault(intent_id, ack)
            if ack.get("ok") or ack.get("error") not in ("busy", "internal", "rate_limited"):
                self.queue.pop(intent_id, None)
            if ack.get("private") and ack["version"] >= self.private_version:
                self.private_version = ack["version"]
                self.private = {"version": ack["version"], "activity": ack["private"].get("activity"),
                                "private": {k: v for k, v in ack["private"].items() if k != "activity"}}

    def call(self, kind: str, payload: dict | None = None, activity: int | None = None, timeout: float = 10) -> dict:
        """Send and wait for the ack."""
        intent_id = self.send(kind, payload, activity)
        return wait_until(lambda: self.acks.get(intent_id), timeout, f"{self.name}: ack of {kind}")

    def settled(self) -> bool:
        with self.lock:
            return not self.queue

    def ok_ids(self) -> set[str]:
        with self.lock:
            return {i for i, a in self.acks.items() if a.get("ok")}
