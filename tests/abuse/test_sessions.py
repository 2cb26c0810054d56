"""Sessions end on the server: after signing out or a new password, a copied session cookie or
remember-me cookie signs nobody in (issue 11 §5); a sign-in for an unknown email costs the same
password hash as a wrong password."""
from __future__ import annotations

import pytest

from session_cookie import read_session
from support import PASSWORD, Facilitator, make_app
from workshop import accounts
from workshop.db import db
from workshop.extensions import socketio

NEW_PASSWORD = "a brand new password"


def cookies_of(client) -> dict[str, str]:
    return {name: client.get_cookie(name).value for name in ("session", "remember_token")}


def replay(app, cookies: dict[str, str]):
    """A new browser holding only the given cookies."""
    client = app.test_client()
    for name, value in cookies.items():
        client.set_cookie(name, value)
    return client


def signed_in(client) -> bool:
    response = client.get("/workshops")
    assert response.status_code in (200, 302)
    return response.status_code == 200


def facilitator_socket_connects(app, client, workshop_id: int) -> bool:
    sock = socketio.test_client(app, flask_test_client=client, auth={"workshop": workshop_id, "role": "facilitator"})
    connected = sock.is_connected()
    if connected:
        sock.disconnect()
    return connected


@pytest.fixture
def copies(app, ic):
    """What someone who copied the IC's cookies holds, checked to work before anything ends."""
    wid = ic.create_workshop()
    stolen = cookies_of(ic.http)
    assert signed_in(replay(app, stolen))
    assert signed_in(replay(app, {"remember_token": stolen["remember_token"]}))
    assert facilitator_socket_connects(app, replay(app, stolen), wid)
    return wid, stolen


def assert_all_copies_dead(app, wid: int, stolen: dict[str, str]) -> None:
    assert not signed_in(replay(app, stolen))
    assert not signed_in(replay(app, {"session": stolen["session"]}))
    assert not signed_in(replay(app, {"remember_token": stolen["remember_token"]}))
    assert not facilitator_socket_connects(app, replay(app, stolen), wid)


def test_signing_out_ends_every_copy_of_the_session_and_the_remember_cookie(app, ic, copies):
    wid, stolen = copies
    other_browser = Facilitator.__new__(Facilitator)
    other_browser.http = app.test_client()
    assert other_browser.http.post("/login", data={"email": "ic@example.org", "password": PASSWORD}).status_code == 302

    assert ic.http.post("/logout").status_code == 302
    assert_all_copies_dead(app, wid, stolen)
    assert not signed_in(ic.http)
    assert not signed_in(other_browser.http)  # "sign out" means everywhere
    # Signing in again works, and makes a session the old cookies still don't match.
    assert ic.http.post("/login", data={"email": "ic@example.org", "password": PASSWORD}).status_code == 302
    assert signed_in(ic.http)
    assert_all_copies_dead(app, wid, stolen)


def test_a_new_password_ends_every_other_session_and_keeps_this_browser_signed_in(app, ic, copies):
    wid, stolen = copies
    wrong = ic.http.post("/account/password", data={"current": "not my password", "new": NEW_PASSWORD,
                                                    "again": NEW_PASSWORD})
    assert wrong.status_code == 400 and "current password is not right" in wrong.data.decode()
    assert signed_in(replay(app, stolen))  # nothing changed
    mismatch = ic.http.post("/account/password", data={"current": PASSWORD, "new": NEW_PASSWORD,
                                                       "again": NEW_PASSWORD + "!"})
    assert mismatch.status_code == 400 and signed_in(replay(app, stolen))
    short = ic.http.post("/account/password", data={"current": PASSWORD, "new": "short", "again": "short"})
    assert short.status_code == 400 and "at least 10" in short.data.decode()
    assert signed_in(replay(app, stolen))

    changed = ic.http.post("/account/password", data={"current": PASSWORD, "new": NEW_PASSWORD,
                                                      "again": NEW_PASSWORD})
    assert changed.status_code == 302
    assert signed_in(ic.http) and facilitator_socket_connects(app, ic.http, wid)
    assert_all_copies_dead(app, wid, stolen)
    fresh = app.test_client()
    assert fresh.post("/login", data={"email": "ic@example.org", "password": PASSWORD}).status_code == 401
    assert fresh.post("/login", data={"email": "ic@example.org", "password": NEW_PASSWORD}).status_code == 302


def test_a_password_set_from_the_command_line_ends_every_session(app, ic, copies):
    from click.testing import CliRunner

    from workshop.cli import main

    wid, stolen = copies
    result = CliRunner().invoke(main, ["set-password", "--email", "IC@example.org", "--password", NEW_PASSWORD],
                                catch_exceptions=False, env={"WORKSHOP_DATABASE_URL": app.config["DATABASE_URL"]})
    assert result.exit_code == 0, result.output
    assert_all_copies_dead(app, wid, stolen)
    unknown = CliRunner().invoke(main, ["set-password", "--email", "nobody@example.org", "--password", NEW_PASSWORD],
                                 env={"WORKSHOP_DATABASE_URL": app.config["DATABASE_URL"]})
    assert unknown.exit_code != 0 and "no account" in unknown.output
    fresh = app.test_client()  # the new password signs in, sockets included (the checks above can fail)
    assert fresh.post("/login", data={"email": "ic@example.org", "password": NEW_PASSWORD}).status_code == 302
    assert facilitator_socket_connects(app, fresh, wid)


def test_session_ids_that_are_not_ours_sign_nobody_in(app, ic):
    from workshop.web.auth import load_user

    with app.test_request_context():
        assert load_user(str(ic.user.id)) is None  # the bare id of cookies made before 0005
        assert load_user(f"{ic.user.id}:") is None
        assert load_user(f"{ic.user.id}:{'0' * 32}") is None
        assert load_user(f"{10**30}:abc") is None
        assert load_user("x:y") is None
        assert load_user(ic.user.get_id()).id == ic.user.id


@pytest.fixture
def hashes_checked(monkeypatch):
    calls = []
    real = accounts.check_password_hash

    def counting(stored, password):
        calls.append(stored)
        return real(stored, password)

    monkeypatch.setattr(accounts, "check_password_hash", counting)
    return calls


def test_an_unknown_email_costs_the_same_hash_as_a_wrong_password(app, ic, hashes_checked):
    anyone = app.test_client()
    assert anyone.post("/login", data={"email": "nobody@example.org", "password": "guess one two"}).status_code == 401
    assert len(hashes_checked) == 1
    assert anyone.post("/login", data={"email": "ic@example.org", "password": "guess one two"}).status_code == 401
    assert len(hashes_checked) == 2
    unknown_hash, known_hash = hashes_checked
    with db.session() as s:
        assert known_hash == accounts.find_user(s, "ic@example.org").password_hash
    # The same method and cost (e.g. "scrypt:32768:8:1"), so the same work.
    assert unknown_hash.split("$")[0] == known_hash.split("$")[0]
    # Nobody signs in with the unknown-account hash's password, whatever they send.
    assert anyone.post("/login", data={"email": "nobody@example.org", "password": ""}).status_code == 401


def test_the_session_cookie_holds_no_password_or_token(app, ic):
    """What the browser can read: an opaque session id, never the password or its hash."""
    data = read_session(ic.http.get_cookie("session").value)
    text = repr(data)
    assert PASSWORD not in text and ic.user.password_hash not in text


def test_migration_0005_gives_every_existing_account_its_own_token_and_goes_back(tmp_path):
    """Accounts made before 0005 get distinct tokens (a cookie from before, holding the bare id,
    no longer signs in); downgrading drops the column and the shown-once table again."""
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import inspect, text

    from workshop.db import MIGRATIONS, make_engine, upgrade

    engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0004")
        for uid in (1, 2):
            conn.execute(text("INSERT INTO users (id, email, name, password_hash, created_at) "
                              "VALUES (:id, :email, 'X', 'x', '2026-11-01')"), {"id": uid, "email": f"u{uid}@b.c"})
        conn.execute(text("INSERT INTO workshops (id, owner_id, school, ics, focus, key_messages, status, archived, "
                          "board_key, version, control, created_at) VALUES (1, 1, 'S', '', '', '', 'closed', 0, "
                          "'k', 0, '{}', '2026-11-01')"))
    upgrade(engine)
    with engine.connect() as conn:
        tokens = [t for (t,) in conn.execute(text("SELECT session_token FROM users ORDER BY id"))]
        assert "shown_once" in inspect(conn).get_table_names()
    assert len(set(tokens)) == 2 and all(len(t) == 32 for t in tokens)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0004")
    with engine.connect() as conn:
        assert "session_token" not in {c["name"] for c in inspect(conn).get_columns("users")}
        assert "shown_once" not in inspect(conn).get_table_names()
        assert conn.execute(text("SELECT count(*) FROM workshops")).scalar() == 1
    engine.dispose()


def test_open_sockets_of_an_ended_session_are_cut_off(app, ic):
    """A console or board socket opened with the session (Flask-SocketIO keeps its own copy) is
    disconnected when the account signs out; one on another process (the token changed there) is
    refused at its next event and disconnected."""
    from support import send

    wid = ic.create_workshop()
    stolen = cookies_of(ic.http)
    thief = replay(app, stolen)
    console = socketio.test_client(app, flask_test_client=thief, auth={"workshop": wid, "role": "facilitator"})
    screen = socketio.test_client(app, flask_test_client=thief, auth={"workshop": wid, "role": "board"})
    assert console.is_connected() and screen.is_connected()
    assert ic.http.post("/logout").status_code == 302
    assert not console.is_connected() and not screen.is_connected()

    # Elsewhere: the token changes in the database, not through this process.
    assert ic.http.post("/login", data={"email": "ic@example.org", "password": PASSWORD}).status_code == 302
    console = socketio.test_client(app, flask_test_client=ic.http, auth={"workshop": wid, "role": "facilitator"})
    screen = socketio.test_client(app, flask_test_client=ic.http, auth={"workshop": wid, "role": "board"})
    assert send(console, "workshop.open")["ok"]
    with db.session(write=True) as s:
        accounts.end_sessions(accounts.find_user(s, "ic@example.org"))
    refused = send(console, "agenda.move", {"position": 0})
    assert refused["error"] == "not_signed_in" and not console.is_connected()
    assert screen.emit("sync", {"version": 0}, callback=True)["error"] == "not_signed_in"
    assert not screen.is_connected()


def test_a_new_password_cuts_old_sockets_and_this_browser_reconnects(app, ic):
    wid = ic.create_workshop()
    console = socketio.test_client(app, flask_test_client=ic.http, auth={"workshop": wid, "role": "facilitator"})
    assert console.is_connected()
    assert ic.http.post("/account/password", data={"current": PASSWORD, "new": NEW_PASSWORD,
                                                   "again": NEW_PASSWORD}).status_code == 302
    assert not console.is_connected()
    assert facilitator_socket_connects(app, ic.http, wid)  # with the browser's new cookie


def test_guessing_the_current_password_on_the_password_page_is_limited(db_path):
    """Someone at an unlocked, signed-in computer can't use the password page to guess the
    password: wrong current passwords count like failed sign-ins."""
    app = make_app(db_path, LOGIN_LIMIT="3 per minute")
    ic = Facilitator(app, "ic@example.org", "Priya")
    answers = [ic.http.post("/account/password", data={"current": f"guess number {n}", "new": NEW_PASSWORD,
                                                       "again": NEW_PASSWORD}).status_code for n in range(4)]
    assert answers == [400, 400, 400, 429]
    right = ic.http.post("/account/password", data={"current": PASSWORD, "new": NEW_PASSWORD, "again": NEW_PASSWORD})
    assert right.status_code == 429  # even the right one, until the window moves on
    with db.session() as s:
        assert accounts.authenticate(s, "ic@example.org", PASSWORD) is not None
