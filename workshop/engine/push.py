"""Pushing fresh views to a workshop's room after a commit: one encode per audience.

Pushes to a room are coalesced per short tick (PUSH_INTERVAL_MS, 20 ms by default): the first
change after a quiet spell is pushed at once, as before; changes that follow within the tick are
pushed together, once, at its end, as the newest state. The tick also stretches so that one
room's pushes stay under PUSH_BYTES_PER_SECOND (32 MiB/s by default): 200 phones each getting a
70 KB wall is 14 MB a push, so such a room gets about two pushes a second instead of twenty —
more would only queue up in the server, the network and the phones (docs/performance.md).
Nothing is lost, because every push is a full snapshot read after the changes it covers were
committed. With the interval at 0 (the tests) every change is pushed at once, inline.
"""
from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field

from flask import current_app, has_app_context, has_request_context, url_for

from sqlalchemy import select

from ..db import db
from ..extensions import socketio
from ..models import Workshop
from . import patches, views
from .clock import now_ms

log = logging.getLogger(__name__)
ROLES = ("facilitator", "board", "participant")
DEFAULT_INTERVAL_MS = 20
DEFAULT_BYTES_PER_SECOND = 32 * 2**20


def room(workshop_id: int, role: str) -> str:
    return f"w{workshop_id}:{role}"


def participant_room(participant_id: int) -> str:
    return f"p{participant_id}"


def _join_base() -> str | None:
    """Where join links point: WORKSHOP_PUBLIC_URL, else the address this request came to."""
    base = current_app.config.get("PUBLIC_URL") if has_app_context() else None
    if base:
        return f"{base.rstrip('/')}/j/"
    if has_request_context():
        return url_for("join.by_code", code="-", _external=True)[:-1]
    return None


def join_url(code: str | None, base: str | None = None) -> str | None:
    """The URL phones open; WORKSHOP_PUBLIC_URL wins, else the address this request came to."""
    if not code:
        return None
    return f"{base or _join_base() or '/j/'}{code}"


KEEP_SNAPSHOTS = 200  # workshops whose last read this process keeps (one activity state each)


def snapshot(workshop_id: int, base: str | None = None, fresh: views.Fresh | None = None) -> views.Snapshot | None:
    with db.session(snapshot=True) as s:  # one moment: the version, people, agenda and activity agree
        snap = views.load(s, workshop_id, fresh=fresh)
        if snap is not None:
            snap.join_url = join_url(snap.workshop.join_code, base)
    if snap is not None:
        _remember(snap)
    return snap


def _snapshots() -> dict:
    """This app's last snapshot of each workshop (per app: tests run many apps, ids repeat)."""
    return current_app.extensions.setdefault("workshop_snapshots", {"by_id": OrderedDict(), "lock": threading.Lock()})


def _remember(snap: views.Snapshot) -> None:
    if not has_app_context():
        return
    store = _snapshots()
    with store["lock"]:
        kept = store["by_id"].get(snap.workshop.id)
        if kept is None or kept.workshop.version <= snap.workshop.version:
            store["by_id"][snap.workshop.id] = snap
            store["by_id"].move_to_end(snap.workshop.id)
            while len(store["by_id"]) > KEEP_SNAPSHOTS:
                store["by_id"].popitem(last=False)


def _has_remembered(workshop_id: int) -> bool:
    if not has_app_context():
        return False
    store = _snapshots()
    with store["lock"]:
        return workshop_id in store["by_id"]


def _committed_version(workshop_id: int) -> int | None:
    with db.session() as s:
        return s.scalar(select(Workshop.version).where(Workshop.id == workshop_id))


def remembered(workshop_id: int, version: int) -> views.Snapshot | None:
    """The last snapshot this process read of the workshop (for a push or a client), if it is of
    `version`: every change takes a new version, so it is then exactly what a new read would give,
    without the read (a reconnect storm's syncs would otherwise each read the whole workshop)."""
    if not has_app_context():
        return None
    store = _snapshots()
    with store["lock"]:
        snap = store["by_id"].get(workshop_id)
    return snap if snap is not None and snap.workshop.version == version else None


@dataclass
class _Tick:
    """One workshop's push schedule in this process."""

    last: float = -1e9            # when the last push started (time.monotonic)
    gap: float = 0.0              # the least time before the next push (the last one's bytes / budget)
    scheduled: bool = False       # a push at the end of the current tick is on its way
    everyone_private: bool = False
    base: str | None = None       # join link base, taken from the request that made the change
    lock: threading.Lock = field(default_factory=threading.Lock)


_ticks: dict[int, _Tick] = {}
_ticks_guard = threading.Lock()


def _app():
    """The Flask app (engine calls may come without an app context, e.g. from scripts)."""
    if has_app_context():
        return current_app._get_current_object()
    return getattr(getattr(socketio, "sockio_mw", None), "flask_app", None)


def interval(app=None) -> float:
    """Seconds between two pushes to one room (0: push every change at once)."""
    app = app or _app()
    ms = app.config.get("PUSH_INTERVAL_MS") if app is not None else None  # config.py reads the environment
    if ms is None:
        ms = 0 if app is None or app.testing else DEFAULT_INTERVAL_MS
    return max(0.0, float(ms) / 1000)


def bytes_per_second(app) -> float:
    """The most one room's pushes may send a second, all its clients together."""
    return float(app.config.get("PUSH_BYTES_PER_SECOND") or DEFAULT_BYTES_PER_SECOND)


def cut_off(participant_id: int) -> None:
    """A removed participant's phones are told so and disconnected at once: left connected they
    would stay in the workshop's room and go on receiving every push (new cards included). This
    process disconnects its own sockets of theirs; a socket on another process is refused at its
    next intent or sync (live.py) and can't reconnect."""
    room_name = participant_room(participant_id)
    socketio.emit("removed", {"code": "removed", "message": "The facilitator removed you from this workshop."},
                  to=room_name)
    server = socketio.server
    for sid, _eio_sid in list(server.manager.get_participants("/", room_name)):
        server.disconnect(sid, namespace="/")
    socketio.close_room(room_name)


def publish(workshop_id: int, version: int | None = None, *, removed_participants: list[int] | None = None,
            everyone_private: bool = False, fresh: views.Fresh | None = None) -> None:
    """After a commit (of `version`, by this process): the newest state to every audience of the
    workshop (coalesced per tick).
    `fresh`: the state the change gave its activity, used by a push made now (if nothing newer
    was committed meanwhile: views.load checks the version); a push at the end of a tick reads."""
    if version is not None:
        patches.committed_here(workshop_id, version)
    for participant_id in removed_participants or ():  # their phones alone, at once
        cut_off(participant_id)
    app = _app()
    wait = interval(app)
    if wait <= 0 or app is None:
        _push(workshop_id, everyone_private, None, fresh=fresh)
        return
    with _ticks_guard:
        tick = _ticks.setdefault(workshop_id, _Tick())
    base = _join_base()
    with tick.lock:
        tick.everyone_private |= everyone_private
        tick.base = base or tick.base
        if tick.scheduled:
            return  # the push at the end of this tick reads the state after this change
        left = tick.last + max(wait, tick.gap) - time.monotonic()
        if left > 0:
            tick.scheduled = True
            socketio.start_background_task(_push_later, app, workshop_id, left)
            return
        tick.last, private, tick.everyone_private = time.monotonic(), tick.everyone_private, False
    tick.gap = _push(workshop_id, private, base, measure=True, fresh=fresh) / bytes_per_second(app)


RETRY_DELAYS = (0.5, 2.0, 8.0)  # seconds before each new try of a push that failed after a commit


def publish_after_commit(workshop_id: int, version: int | None = None, **kwargs) -> None:
    """`publish`, for a change that is already committed: a failure here (a snapshot read, a pool
    timeout, the message queue) must not reach the sender as an error, or they would type their
    change again and the workshop would get it twice. It is logged and the push tried again in
    the background; a phone that missed it meanwhile catches up on the next push or its `sync`."""
    try:
        publish(workshop_id, version, **kwargs)
    except Exception:  # noqa: BLE001 - see above
        log.exception("push to workshop %s after version %s failed; retrying", workshop_id, version)
        try:
            app = _app()
            if app is not None:
                socketio.start_background_task(_retry, app, workshop_id, bool(kwargs.get("everyone_private")),
                                               _join_base())
        except Exception:  # noqa: BLE001 - no retry then: the next push or a `sync` repairs it
            log.exception("could not schedule a push retry for workshop %s", workshop_id)


def _retry(app, workshop_id: int, everyone_private: bool, base: str | None) -> None:
    for delay in RETRY_DELAYS:
        socketio.sleep(delay)
        try:
            with app.app_context():
                _push(workshop_id, everyone_private, base)
            return
        except Exception:  # noqa: BLE001 - try again later; the last failure is logged
            log.exception("push retry to workshop %s failed", workshop_id)


def _push_later(app, workshop_id: int, delay: float) -> None:
    socketio.sleep(delay)
    tick = _ticks[workshop_id]
    with tick.lock:  # changes committed after this point schedule the next push
        tick.scheduled = False
        tick.last, private, tick.everyone_private = time.monotonic(), tick.everyone_private, False
        base = tick.base
    try:
        with app.app_context():
            tick.gap = _push(workshop_id, private, base, measure=True) / bytes_per_second(app)
    except Exception:  # noqa: BLE001 - the next change pushes again; a sync repairs the rest
        log.exception("push to workshop %s failed", workshop_id)


QUEUE_RESUBSCRIBE_WAIT_S = 5.0  # how long a re-push waits for the listener to be subscribed again


def heal_after_queue_reconnects(app) -> None:
    """Repair what a restarted message queue (Redis) loses. While a process is not subscribed —
    python-socketio's listener tries again after 1 s, then 2, 4… — every push another process
    publishes is dropped for this process's clients, and nothing repairs it until the next change:
    a quiet room's board would show the old state for good. So each time this process connects
    to the queue again, once it is subscribed, it pushes every workshop it has clients of (the
    state read then holds every change it missed). Redis only: other queues reconnect their own way."""
    manager = getattr(socketio.server, "manager", None)
    connect = getattr(manager, "_redis_connect", None)
    if connect is None:
        return
    # One re-push at a time: while Redis is down every failed publish reconnects too, and one
    # re-push, made once the listener is subscribed again, covers them all.
    pending = threading.Lock()

    def connect_then_repush():
        connect()
        if pending.acquire(blocking=False):
            socketio.start_background_task(_repush_when_subscribed, app, manager, pending)

    manager._redis_connect = connect_then_repush


def _repush_when_subscribed(app, manager, pending: threading.Lock) -> None:
    deadline = time.monotonic() + QUEUE_RESUBSCRIBE_WAIT_S
    while not getattr(getattr(manager, "pubsub", None), "subscribed", False) and time.monotonic() < deadline:
        socketio.sleep(0.05)
    pending.release()  # a reconnect from now on gets a re-push of its own
    for workshop_id in _workshops_with_clients_here(manager):
        tick = _ticks.get(workshop_id)
        try:
            with app.app_context():
                _push(workshop_id, True, tick.base if tick else None)
        except Exception:  # noqa: BLE001 - the next change or a client's sync repairs it
            log.exception("push to workshop %s after the message queue came back failed", workshop_id)


def _workshops_with_clients_here(manager) -> list[int]:
    """Workshops with a room (push.room) that has a socket on this process."""
    names = list(getattr(manager, "rooms", {}).get("/", {}))
    found = {int(name[1:].split(":", 1)[0]) for name in names
             if isinstance(name, str) and name.startswith("w") and name[1:].split(":", 1)[0].isdigit()}
    return sorted(found)


def _push(workshop_id: int, everyone_private: bool, base: str | None, measure: bool = False,
          fresh: views.Fresh | None = None) -> int:
    """Emit the newest state to each audience's room; returns the bytes that makes, roughly (when
    `measure`: the phones' state, encoded, times everyone in the workshop), else 0."""
    snap = snapshot(workshop_id, base, fresh)
    if snap is None:
        return 0
    now = now_ms()
    sent = 0
    for role in ROLES:
        event, data = patches.for_room(workshop_id, role, views.state_for(snap, role, now))
        if measure and role == "participant":
            sent = patches.encoded_size(data) * (len(snap.participants) + 2)
        socketio.emit(event, data, to=room(workshop_id, role))
    if everyone_private:  # the current activity changed: each phone needs its own part of the new one
        for person in snap.participants:
            socketio.emit("private", views.private_for(snap, person.id), to=participant_room(person.id))
    return sent


def send_to(sid: str, workshop_id: int, role: str, participant_id: int | None, version: int | None = None) -> int | None:
    """The whole picture for one connection (on connect and on sync). Returns the version sent.
    `version`: the workshop's committed version, just read; the last snapshot is reused if it is
    of that version. Without it (a connect), when there is a last snapshot to reuse, a one-row read
    of the version decides, which is what a reconnect storm's connects then cost."""
    if version is None and _has_remembered(workshop_id):
        version = _committed_version(workshop_id)
    snap = (remembered(workshop_id, version) if version is not None else None) or snapshot(workshop_id)
    if snap is None:
        return None
    socketio.emit("state", views.state_for(snap, role, now_ms()), to=sid)
    if participant_id is not None:
        socketio.emit("private", views.private_for(snap, participant_id), to=sid)
    return snap.workshop.version
