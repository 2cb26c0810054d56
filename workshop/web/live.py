"""Socket.IO handlers: thin. Establish who is connected, then hand everything to the engine."""
from __future__ import annotations

import logging
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterator, NoReturn

from flask import current_app, request
from flask_login import current_user
from flask_socketio import ConnectionRefusedError, disconnect, join_room

from .. import participants, security, workshops
from ..db import db, unavailable
from ..engine import push, service
from ..engine.envelope import Principal, is_id
from ..extensions import socketio
from ..models import Participant, Workshop
from ..tools.base import ToolError

log = logging.getLogger(__name__)
ROLES = {"facilitator", "board", "participant"}


@dataclass(frozen=True)
class Connection:
    workshop_id: int
    principal: Principal
    board_key: str | None = None  # a board let in by its key (not a signed-in facilitator): that key
    account: int | None = None  # the signed-in user it was opened by (a facilitator, or a board without key)

    def limit_key(self, sid: str) -> str:
        """What the live-event limit counts by: a participant across their reconnects, anyone
        else by connection."""
        if self.principal.role == "participant":
            return f"w{self.workshop_id}:p{self.principal.participant_id}"
        return f"sid:{sid}"


# Who each socket is, set at connect and read by every event (this process's sockets only).
connections: dict[str, Connection] = {}


# Answered alike for a workshop that does not exist and one the caller may not see, so that
# neither a signed-in facilitator nor a board link can probe which workshops exist.
NO_WORKSHOP = "That workshop does not exist."
NO_BOARD = "This board link does not work (any more); open the board again from the console."
# What boards open on a key are told when it stops working.
BOARD_ARCHIVED = "This workshop was archived; its board link no longer works."
BOARD_REPLACED = "This board link was replaced; open the board again from the console."


def authenticate(auth: object) -> Connection:
    if not isinstance(auth, dict):
        raise ToolError("bad_request", "Connect with {workshop, role}.")
    workshop_id, role = auth.get("workshop"), auth.get("role")
    if not is_id(workshop_id) or role not in ROLES:
        raise ToolError("bad_request", "Connect with {workshop: id, role: facilitator|board|participant}.")
    if role == "facilitator" and not current_user.is_authenticated:
        raise ToolError("not_signed_in", "Sign in to run this workshop.")
    with db.session() as s:
        workshop = s.get(Workshop, workshop_id)
        signed_in = (workshop is not None and current_user.is_authenticated
                     and workshops.is_facilitator(s, workshop_id, current_user.id))
        if role == "facilitator":
            if not signed_in:
                raise ToolError("not_found", NO_WORKSHOP)
            return Connection(workshop_id, Principal("facilitator", user_id=current_user.id), account=current_user.id)
        if role == "board":
            if signed_in:
                return Connection(workshop_id, Principal("board"), account=current_user.id)
            key = auth.get("key")
            if workshop is None or not workshops.board_key_opens(workshop, key):
                raise ToolError("not_found", NO_BOARD)
            return Connection(workshop_id, Principal("board"), board_key=key)
        if workshop is None:
            raise ToolError("not_found", NO_WORKSHOP)
        token = auth.get("token") or request.cookies.get(participants.cookie_name(workshop_id))
        person = participants.by_token(s, workshop_id, token)
        if person is None:
            raise ToolError("bad_token", "This phone is not in the workshop; join again with the code.")
        if person.removed:
            raise ToolError("removed", "The facilitator removed you from this workshop.")
        return Connection(workshop_id, Principal("participant", participant_id=person.id, name=person.name))


def _key_boards_room(workshop_id: int) -> str:
    return f"w{workshop_id}:board-key"


def drop_key_boards(workshop_id: int, message: str) -> None:
    """The workshop's board key was replaced, or the workshop archived: boards open on a key are
    told (`removed`, through the message queue, so on every process) and this process's are
    disconnected at once; one elsewhere that ignores the message is refused at its next sync and
    can't reconnect. Boards of signed-in facilitators stay."""
    room_name = _key_boards_room(workshop_id)
    socketio.emit("removed", {"code": "not_found", "message": message}, to=room_name)
    server = socketio.server
    for sid, _eio_sid in list(server.manager.get_participants("/", room_name)):
        server.disconnect(sid, namespace="/")
    socketio.close_room(room_name)


def _account_room(user_id: int) -> str:
    return f"u{user_id}"


def end_account_sockets(user_id: int) -> None:
    """The account signed out or changed its password: this process's sockets opened under its
    earlier sessions are disconnected at once (a browser still signed in reconnects with its new
    cookie); a socket on another process is refused at its next event (_session_ended)."""
    room_name = _account_room(user_id)
    server = socketio.server
    for sid, _eio_sid in list(server.manager.get_participants("/", room_name)):
        server.disconnect(sid, namespace="/")
    socketio.close_room(room_name)


def _session_ended(conn: Connection) -> dict | None:
    """For a socket opened by a signed-in user: the refusal when the session it was opened with has
    ended since (Flask-SocketIO keeps that session; the loader checks its token on each event), and
    the socket is disconnected; else None."""
    if conn.account is None or (current_user.is_authenticated and current_user.id == conn.account):
        return None
    disconnect()
    return service.error("not_signed_in", "Your session has ended; sign in again.")


def _board_key_stale(session, conn: Connection) -> bool:
    """A board let in by a key that has since been replaced, or whose workshop is archived."""
    if conn.board_key is None:
        return False
    return not workshops.board_key_opens(session.get(Workshop, conn.workshop_id), conn.board_key)


@socketio.on("connect")
def on_connect(auth=None):
    try:
        conn = authenticate(auth)
    except ToolError as exc:
        # python-socketio sends the first argument as the error's `message` and the second as its
        # `data`: socket.io-client's err.data, a python-socketio client's connect_error {message, data}.
        raise ConnectionRefusedError(exc.message, {"code": exc.code, "message": exc.message}) from None
    except Exception as exc:
        if not unavailable(exc):
            raise
        _refuse_unavailable(exc)
    connections[request.sid] = conn
    join_room(push.room(conn.workshop_id, conn.principal.role))
    if conn.board_key is not None:  # so that replacing the key or archiving can reach it
        join_room(_key_boards_room(conn.workshop_id))
    if conn.account is not None:  # so that signing out or a new password can reach it
        join_room(_account_room(conn.account))
    if conn.principal.participant_id is not None:
        join_room(push.participant_room(conn.principal.participant_id))
    try:
        push.send_to(request.sid, conn.workshop_id, conn.principal.role, conn.principal.participant_id)
    except Exception as exc:
        if not unavailable(exc):
            raise
        connections.pop(request.sid, None)  # refused: python-socketio also takes it out of its rooms
        _refuse_unavailable(exc)


def _refuse_unavailable(exc: Exception) -> NoReturn:
    """A connect that failed because the database is unreachable is refused `busy` (the client
    tries again). Left to the error handler, its ack-shaped answer would count as an accepted
    connection: a socket in no room, with no state, that hears nothing."""
    ack = service.database_unavailable()
    log.warning("connect refused, database unavailable: %s", exc)
    raise ConnectionRefusedError(ack["message"], {"code": ack["error"], "message": ack["message"],
                                                  "retry_after": ack["retry_after"]}) from None


@socketio.on("disconnect")
def on_disconnect(*_reason):
    conn = connections.pop(request.sid, None)
    if conn is not None and conn.principal.role != "participant":
        security.socket_limiter().forget(conn.limit_key(request.sid))


def _connection() -> Connection | None:
    return connections.get(request.sid)


def _throttled(conn: Connection) -> dict | None:
    """The `rate_limited` ack when this connection sent more events than its role's allowance
    (security.SOCKET_LIMITS), else None. Cheap: nothing reaches the database."""
    wait = security.socket_limiter().hit(conn.principal.role, conn.limit_key(request.sid))
    if wait is None:
        return None
    return {**service.error("rate_limited", f"Too many messages at once; wait {wait} s and try again."),
            "retry_after": wait}


@socketio.on("intent")
def on_intent(data=None):
    conn = _connection()
    if conn is None:
        return service.error("not_signed_in", "Reconnect to the workshop first.")
    ack = _throttled(conn) or _session_ended(conn) or service.submit(conn.workshop_id, conn.principal, data)
    if ack.get("ok") and not ack.get("duplicate") and isinstance(data, dict) and data.get("type") == "workshop.archive":
        drop_key_boards(conn.workshop_id, BOARD_ARCHIVED)  # as when archived from the dashboard
    return ack


class SyncSlots:
    """Syncs using the database at once in this process, at most `size`; the others wait their turn
    (up to `wait` seconds, then `busy`). A reconnect storm (a school's Wi-Fi back, a redeploy) sends
    hundreds of syncs at once: unbounded, they took every pooled connection from everyone else
    (`QueuePool limit ... reached`). Green threads under eventlet/gevent (threading is patched)."""

    def __init__(self, size: int, wait: float):
        self.size, self.wait = size, wait
        self.waiting = 0  # syncs queued for a slot now (read by tests)
        self._slots = threading.BoundedSemaphore(size)
        self._count = threading.Lock()

    @contextmanager
    def slot(self) -> Iterator[bool]:
        """Yields whether a slot was had within `wait`."""
        with self._count:
            self.waiting += 1
        try:
            got = self._slots.acquire(timeout=self.wait)
        finally:
            with self._count:
                self.waiting -= 1
        try:
            yield got
        finally:
            if got:
                self._slots.release()


SYNC_WAIT_S = 10.0
SYNC_RETRY_AFTER_S = 2


def sync_slots() -> SyncSlots:
    """This app's SyncSlots: WORKSHOP_SYNC_CONCURRENCY (config SYNC_CONCURRENCY), else half the
    database pool (DB_POOL_SIZE, which may grow to three times that when busy), at least 2."""
    app = current_app._get_current_object()
    slots = app.extensions.get("workshop_sync_slots")
    if slots is None:
        size = app.config.get("SYNC_CONCURRENCY") or max(2, int(app.config.get("DB_POOL_SIZE") or 10) // 2)
        slots = app.extensions.setdefault("workshop_sync_slots",
                                          SyncSlots(size, float(app.config.get("SYNC_WAIT_S") or SYNC_WAIT_S)))
    return slots


@socketio.on("sync")
def on_sync(data=None):
    conn = _connection()
    if conn is None:
        return service.error("not_signed_in", "Reconnect to the workshop first.")
    throttled = _throttled(conn) or _session_ended(conn)
    if throttled:
        return throttled
    seen = data.get("version") if isinstance(data, dict) else None
    if isinstance(seen, bool) or not isinstance(seen, int):
        return service.error("bad_request", "Send {version: the last version you saw}.")
    unknown = set(data) - {"version", "on_behalf"}
    if unknown:
        return service.error("bad_request", f"Unknown field(s): {', '.join(sorted(map(str, unknown)))[:80]}.")
    with sync_slots().slot() as got:
        if not got:
            return {**service.error("busy", "Many screens are catching up at once; sync again shortly."),
                    "retry_after": SYNC_RETRY_AFTER_S}
        if "on_behalf" in data:  # what a paper participant's phone would show, for the console (engine.behalf)
            return service.behalf_sync(conn.workshop_id, conn.principal, data["on_behalf"])
        return _sync(conn, seen)


def _sync(conn: Connection, seen: int) -> dict:
    """One small read (the version; whether this phone or board link still may); the whole state
    only when the client is behind, from the last snapshot when that is of the current version."""
    with db.session() as s:
        version = s.get(Workshop, conn.workshop_id).version
        person = s.get(Participant, conn.principal.participant_id) if conn.principal.participant_id else None
        if person is not None and person.removed:  # removed by a step another process applied
            disconnect()
            return service.error("removed", "The facilitator removed you from this workshop.")
        if _board_key_stale(s, conn):  # replaced or archived through another process
            disconnect()
            return service.error("not_found", NO_BOARD)
    if seen < version:
        version = push.send_to(request.sid, conn.workshop_id, conn.principal.role, conn.principal.participant_id,
                               version=version)
    return {"ok": True, "version": version}


@socketio.on("*")
def on_unknown(event, *_args):
    conn = _connection()
    throttled = _throttled(conn) if conn is not None else None
    if throttled:
        return throttled
    return service.error("unknown_event", f"There is no '{str(event)[:40]}' event.")


@socketio.on_error_default
def on_error(exc):
    if unavailable(exc):  # a sync (or any event) while the database restarts: try again, not a fault
        log.warning("socket event answered busy, database unavailable: %s", exc)
        return service.database_unavailable()
    log.exception("socket event failed: %s", exc)
    return service.error("internal", "Something went wrong on the server; your change was not saved.")
