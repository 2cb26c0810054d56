"""The board key (issue 11 §5): a facilitator can replace it (the old link stops at once, boards
open on it close), and it dies with the workshop when it is archived; archiving goes through the
engine, closing first (§7)."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from refusals import refusals  # noqa: F401  (fixture)
from support import Facilitator, Phone, make_app, send
from workshop.db import db
from workshop.engine import steps
from workshop.extensions import socketio
from workshop.models import Event, Workshop
from workshop.tools.base import ToolError
from workshop.web.live import NO_BOARD


def workshop_row(wid: int) -> Workshop:
    with db.session() as s:
        return s.get(Workshop, wid)


def key_board(app, wid: int, key: str):
    return socketio.test_client(app, auth={"workshop": wid, "role": "board", "key": key})


def key_opens_page(app, wid: int, key: str) -> bool:
    client = app.test_client()
    page, qr = client.get(f"/w/{wid}/board?key={key}"), client.get(f"/w/{wid}/qr.svg?key={key}")
    assert page.status_code == qr.status_code and page.status_code in (200, 404)
    return page.status_code == 200


def told_removed(client) -> list[dict]:
    return [m["args"][0] for m in client.queue if m["name"] == "removed"]


def test_a_new_board_link_stops_the_old_one_at_once(app, ic, open_workshop, refusals):
    wid = open_workshop
    old = workshop_row(wid).board_key
    open_board = key_board(app, wid, old)
    signed_in_board = socketio.test_client(app, flask_test_client=ic.http, auth={"workshop": wid, "role": "board"})
    assert open_board.is_connected() and signed_in_board.is_connected() and key_opens_page(app, wid, old)

    assert ic.http.get(f"/w/{wid}/board/new-link").status_code == 405  # only a POST (with CSRF) does it
    made = ic.http.post(f"/w/{wid}/board/new-link")
    assert made.status_code == 302 and made.headers["Location"].endswith(f"/w/{wid}/edit#board")
    new = workshop_row(wid).board_key
    assert new != old and len(new) >= 32

    assert told_removed(open_board) == [{"code": "not_found", "message": told_removed(open_board)[0]["message"]}]
    assert "replaced" in told_removed(open_board)[0]["message"]
    assert not open_board.is_connected()
    assert signed_in_board.is_connected()  # a facilitator's own board needs no key
    assert not key_opens_page(app, wid, old)
    assert not key_board(app, wid, old).is_connected()
    assert refusals[-1] == ("not_found", NO_BOARD)
    assert key_opens_page(app, wid, new) and key_board(app, wid, new).is_connected()
    page = ic.http.get(f"/w/{wid}/edit").data.decode()
    assert f"key={new}" in page and old not in page


def test_a_board_on_another_process_is_refused_at_its_next_sync(app, ic, open_workshop):
    """The key was replaced by another process (so nobody disconnected this socket): its next sync
    is refused and the socket closed, before any state is sent."""
    wid = open_workshop
    board = key_board(app, wid, workshop_row(wid).board_key)
    with db.session(write=True) as s:
        s.get(Workshop, wid).board_key = "replaced-elsewhere-" + "x" * 20
    board.get_received()
    answer = board.emit("sync", {"version": 0}, callback=True)
    assert answer == {"ok": False, "error": "not_found", "message": NO_BOARD}
    assert not board.is_connected()
    assert not [m for m in board.queue if m["name"] == "state"]


def test_the_board_link_needs_the_csrf_token_and_the_workshops_facilitator(db_path, refusals):
    app = make_app(db_path, WTF_CSRF_ENABLED=True)
    ic = Facilitator.__new__(Facilitator)
    from workshop.accounts import create_user
    from support import PASSWORD
    import re

    with db.session(write=True) as s:
        ic.user = create_user(s, "ic@example.org", "Priya", PASSWORD)
    ic.app, ic.http = app, app.test_client()
    token = re.search(r'name="csrf_token" value="([^"]+)"', ic.http.get("/login").data.decode())[1]
    assert ic.http.post("/login", data={"email": "ic@example.org", "password": PASSWORD,
                                        "csrf_token": token}).status_code == 302
    token = re.search(r'name="csrf_token" value="([^"]+)"', ic.http.get("/workshops/new").data.decode())[1]
    made = ic.http.post("/workshops/new", data={"school": "Hillview", "csrf_token": token})
    wid = int(made.headers["Location"].split("/w/")[1].split("/")[0])
    key = workshop_row(wid).board_key

    assert ic.http.post(f"/w/{wid}/board/new-link").status_code == 400  # no token: "This form has expired"
    assert workshop_row(wid).board_key == key
    page = ic.http.get(f"/w/{wid}/edit").data.decode()
    token = re.search(r'new-link">\s*<input type="hidden" name="csrf_token" value="([^"]+)"', page)[1]
    assert ic.http.post(f"/w/{wid}/board/new-link", data={"csrf_token": token}).status_code == 302
    assert workshop_row(wid).board_key != key


def test_another_facilitator_cannot_replace_the_board_link(app, ic, open_workshop):
    wid = open_workshop
    key = workshop_row(wid).board_key
    other = Facilitator(app, "other@example.org", "Other IC")
    assert other.http.post(f"/w/{wid}/board/new-link").status_code == 404
    assert app.test_client().post(f"/w/{wid}/board/new-link").status_code == 302  # to sign in
    assert workshop_row(wid).board_key == key


def test_archiving_closes_the_workshop_through_the_engine_and_the_board_key_dies_with_it(
        app, ic, open_workshop, refusals):
    wid = open_workshop
    old = workshop_row(wid).board_key
    phone, board = Phone(app, wid, "Sam"), key_board(app, wid, old)
    phone.socket.get_received()

    assert ic.http.post(f"/w/{wid}/archive").status_code == 302
    archived = workshop_row(wid)
    assert (archived.archived, archived.status, archived.join_code) == (True, "closed", None)
    with db.session() as s:
        logged = list(s.scalars(select(Event.type).where(Event.workshop_id == wid).order_by(Event.version)))
    assert logged[-1] == "workshop.archive"
    # Phones were pushed the closed workshop; the board on the key was told and disconnected.
    states = [m["args"][0] for m in phone.socket.get_received() if m["name"] in ("state", "patch")]
    assert states
    assert "archived" in told_removed(board)[0]["message"] and not board.is_connected()
    # The key no longer opens the board, by page, QR code or socket.
    assert not key_opens_page(app, wid, old)
    assert not key_opens_page(app, wid, archived.board_key)
    assert not key_board(app, wid, archived.board_key).is_connected()
    assert refusals[-1] == ("not_found", NO_BOARD)
    # Its facilitator still sees it, signed in.
    assert ic.http.get(f"/w/{wid}/board").status_code == 200
    assert socketio.test_client(app, flask_test_client=ic.http, auth={"workshop": wid, "role": "board"}).is_connected()

    # Restored: a board key works again, but not the one from before the archive.
    assert ic.http.post(f"/w/{wid}/archive", data={"restore": "1"}).status_code == 302
    restored = workshop_row(wid)
    assert restored.archived is False and restored.status == "closed"
    assert not key_opens_page(app, wid, old) and key_opens_page(app, wid, restored.board_key)
    assert ic.http.post(f"/w/{wid}/archive", data={"restore": "1"}).status_code == 302  # not archived: refused
    assert "not archived" in ic.http.get("/workshops").data.decode()


def test_archiving_over_the_socket_closes_key_boards_too(app, ic, open_workshop):
    wid = open_workshop
    board = key_board(app, wid, workshop_row(wid).board_key)
    console = ic.socket(wid)
    assert send(console, "workshop.archive")["ok"]
    assert "archived" in told_removed(board)[0]["message"] and not board.is_connected()
    assert send(console, "workshop.archive")["error"] == "conflict"  # already archived
    assert send(console, "workshop.restore")["ok"] and not workshop_row(wid).archived


@pytest.mark.parametrize("failure", [ToolError("busy", "The workshop is very busy."), RuntimeError("disk full")])
def test_nothing_is_archived_when_the_close_fails(app, ic, open_workshop, monkeypatch, failure):
    wid = open_workshop
    before = workshop_row(wid)
    board = key_board(app, wid, before.board_key)

    def failing_close(step):
        raise failure

    monkeypatch.setattr(steps, "_close", failing_close)
    app.config["PROPAGATE_EXCEPTIONS"] = False  # a crash is the 500 page, as in production
    response = ic.http.post(f"/w/{wid}/archive")
    after = workshop_row(wid)
    assert (after.archived, after.status, after.join_code, after.board_key, after.version) == \
        (False, "open", before.join_code, before.board_key, before.version)
    if isinstance(failure, ToolError):
        assert response.status_code == 302
        assert "very busy" in ic.http.get("/workshops").data.decode()
    else:
        assert response.status_code == 500
    assert board.is_connected() and not told_removed(board)
    assert send(Phone(app, wid, "Jo").socket, "idea.add", {"text": "still open"},
                after.control["activity"])["ok"]


def test_a_projector_open_on_the_old_link_stops_and_says_why(demo_server, chromium):
    """In a real browser on a real server: the board open on the key is told and stops (it doesn't
    keep reconnecting), and the old link then opens nothing."""
    import re

    from playwright.sync_api import expect

    base, wid = demo_server["base"], demo_server["workshop"]
    projector = chromium.new_context(viewport={"width": 1366, "height": 768}).new_page()
    projector.goto(demo_server["board"])
    expect(projector.locator(".join-code").last).to_be_visible(timeout=15000)

    ic = chromium.new_context(viewport={"width": 1366, "height": 768}).new_page()
    ic.goto(base + "/login")
    ic.fill("#email", demo_server["email"])
    ic.fill("#password", demo_server["password"])
    ic.click("[data-testid=login-submit]")
    ic.goto(f"{base}/w/{wid}/edit")
    old_link = ic.get_by_test_id("board-link").get_attribute("href")
    assert old_link.endswith(demo_server["board"].split("?", 1)[1])
    ic.get_by_test_id("new-board-link").click()
    ic.wait_for_url(re.compile(r"#board$"))
    new_link = ic.get_by_test_id("board-link").get_attribute("href")
    assert new_link != old_link

    expect(projector.get_by_test_id("stopped")).to_contain_text("This board link was replaced", timeout=15000)
    assert projector.goto(demo_server["board"]).status == 404
    fresh = chromium.new_context().new_page()
    assert fresh.goto(new_link).status == 200
    for page in (projector, ic, fresh):
        page.context.close()
