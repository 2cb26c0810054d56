"""Issue 11 §4: while the database can't be reached (stopped, restarting, pool exhausted) a change
is answered `busy` with `retry_after`, never `internal`; nothing is half-written, and the same
intent sent again once the database is back is applied once. A connect in that moment is refused
`busy` (not accepted deaf), and a `sync` is answered `busy`."""
from __future__ import annotations

from contextlib import contextmanager

import pytest
from sqlalchemy import exc as sa_exc
from sqlalchemy import func, select
from sqlalchemy.orm import sessionmaker
from socketio import packet
from support import Phone, join_code, send, walls

from workshop.db import UNAVAILABLE_RETRY_AFTER_S, db, make_engine, unavailable
from workshop.extensions import socketio
from workshop.models import Event
from workshop.web import live


@contextmanager
def database_down(tmp_path):
    """Every new unit of work gets a connection that can't be opened, as with PostgreSQL
    stopped: the driver's OperationalError, wrapped by SQLAlchemy."""
    dead = make_engine(f"sqlite:///{tmp_path / 'no-such-folder' / 'workshop.db'}")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(db, "engine", dead)
        patch.setattr(db, "_factory", sessionmaker(dead, expire_on_commit=False))
        yield
    dead.dispose()


def events_named(intent_id: str) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(Event).where(Event.intent_id == intent_id))


def test_a_change_while_the_database_is_down_is_busy_then_applied_once_when_it_is_back(app, open_workshop, tmp_path):
    wall = walls(open_workshop)[0]
    jo = Phone(app, open_workshop, "Jo")

    with database_down(tmp_path):
        ack = send(jo.socket, "idea.add", {"text": "Reading ages on every plan"}, wall, intent_id="outage-1")
    assert ack == {"ok": False, "error": "busy", "message": ack["message"], "retry_after": UNAVAILABLE_RETRY_AFTER_S}
    assert "database" in ack["message"]
    assert events_named("outage-1") == 0  # nothing half-written

    again = send(jo.socket, "idea.add", {"text": "Reading ages on every plan"}, wall, intent_id="outage-1")
    assert again["ok"] and not again["duplicate"], again
    assert events_named("outage-1") == 1
    assert send(jo.socket, "idea.add", {"text": "Reading ages on every plan"}, wall, intent_id="outage-1")["duplicate"]


def test_a_sync_while_the_database_is_down_is_busy(app, open_workshop, tmp_path):
    jo = Phone(app, open_workshop, "Jo")
    with database_down(tmp_path):
        ack = jo.socket.emit("sync", {"version": 0}, callback=True)
    assert ack["error"] == "busy" and ack["retry_after"] == UNAVAILABLE_RETRY_AFTER_S, ack
    assert jo.socket.emit("sync", {"version": 0}, callback=True)["ok"]


def test_a_connect_while_the_database_is_down_is_refused_busy(app, open_workshop, tmp_path, monkeypatch):
    jo = Phone(app, open_workshop, "Jo")
    auth = {"workshop": open_workshop, "role": "participant"}
    jo.socket.disconnect()
    held = len(live.connections)
    wire = []
    transport = socketio.server._send_packet
    monkeypatch.setattr(socketio.server, "_send_packet",
                        lambda sid, pkt: (wire.append(pkt.encode()), transport(sid, pkt)))

    with database_down(tmp_path):
        jo.socket.connect(auth=auth)
    assert not jo.socket.is_connected() and len(live.connections) == held  # refused, not accepted deaf
    refusals = [packet.Packet(encoded_packet=w).data for w in wire if w.startswith(str(packet.CONNECT_ERROR))]
    assert len(refusals) == 1, wire
    message = refusals[0]["message"]
    assert refusals[0]["data"] == {"code": "busy", "message": message, "retry_after": UNAVAILABLE_RETRY_AFTER_S}

    jo.socket.connect(auth=auth)
    assert jo.socket.is_connected()  # the database is back: the same phone connects


@pytest.mark.parametrize("exc,expected", [
    (sa_exc.OperationalError("SELECT 1", {}, Exception("server closed the connection unexpectedly")), True),
    (sa_exc.InterfaceError("SELECT 1", {}, Exception("connection already closed")), True),
    (sa_exc.TimeoutError("QueuePool limit of size 10 overflow 20 reached"), True),
    (sa_exc.DBAPIError("SELECT 1", {}, Exception("lost"), connection_invalidated=True), True),
    (sa_exc.IntegrityError("INSERT", {}, Exception("duplicate key")), False),
    (sa_exc.ProgrammingError("SELEC 1", {}, Exception("syntax error")), False),
    (ValueError("not a database problem"), False),
])
def test_which_failures_mean_the_database_is_unavailable(exc, expected):
    assert unavailable(exc) is expected


def test_a_page_while_the_database_is_down_is_503_busy_with_retry_after(app, open_workshop, tmp_path):
    """Pages say "busy, try again" like the socket, not a 500 that reads as a bug; the page itself
    must not need the database (base.html asks who is signed in)."""
    code = join_code(open_workshop)
    web = app.test_client()
    with database_down(tmp_path):
        answer = web.post("/join", data={"code": code})
    assert answer.status_code == 503
    assert answer.headers["Retry-After"] == str(UNAVAILABLE_RETRY_AFTER_S)
    assert "can't reach its database" in answer.get_data(as_text=True)
    assert web.post("/join", data={"code": code}).status_code == 302  # and on to the name page once it is back


def test_a_programming_error_in_a_query_is_still_a_500_not_busy(app, monkeypatch):
    """Only "can't reach the database" is busy: a wrong query must stay visible as a failure."""
    from workshop.web import join as join_pages

    def broken(*_args, **_kwargs):
        raise sa_exc.ProgrammingError("SELECT nope", {}, Exception("no such column"))

    monkeypatch.setattr(join_pages, "render_template", broken)
    with pytest.raises(sa_exc.ProgrammingError):  # TESTING propagates what would be a logged 500
        app.test_client().get("/join")
