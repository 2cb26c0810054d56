"""The facilitator stops new joins without closing the workshop: newcomers are told to ask, people
already in carry on and come back, and every process reads the same flag from the workshop."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from support import Phone, activities, join_code, last_state, send, walls
from workshop.db import db
from workshop.engine import replay
from workshop.models import Participant, Workshop

NOT_TAKING = "not taking new people just now"


def newcomer(app):
    return app.test_client()


def test_stopped_joins_turn_newcomers_away_with_a_clear_message(app, ic, open_workshop):
    wid = open_workshop
    code = join_code(wid)
    jo = Phone(app, wid, "Jo")

    ack = ic.step(wid, "joins.stop")
    assert ack["ok"]
    assert last_state(ic.socket(wid))["control"]["joins_open"] is False

    page = newcomer(app).get(f"/j/{code}")
    assert page.status_code == 403 and NOT_TAKING in page.data.decode()
    assert 'data-testid="name-form"' not in page.data.decode()
    sent = newcomer(app).post(f"/j/{code}", data={"name": "Late"})
    assert sent.status_code == 403 and "ask the facilitator" in sent.data.decode()
    with db.session() as s:
        assert [p.name for p in s.query(Participant).filter_by(workshop_id=wid)] == ["Jo"]
        assert s.get(Workshop, wid).status == "open"  # the workshop itself goes on

    # Jo, already in, still works and comes back after losing the connection
    assert send(jo.socket, "idea.add", {"text": "still here"}, walls(wid)[0])["ok"]
    jo.socket.disconnect()
    assert jo.connect().is_connected()
    assert jo.http.get(f"/j/{code}").status_code == 302  # the QR again: straight back to the phone page

    assert ic.step(wid, "joins.open")["ok"]
    assert newcomer(app).post(f"/j/{code}", data={"name": "Now in"}).status_code == 302


def test_a_join_form_sent_again_after_the_stop_is_still_the_same_person(app, ic, open_workshop):
    """Its first sending got them in (the response was lost): the resend gets them their cookie."""
    wid = open_workshop
    code = join_code(wid)
    form = newcomer(app).get(f"/j/{code}").data.decode()
    join_key = form.split('name="join_key" value="')[1].split('"')[0]
    assert newcomer(app).post(f"/j/{code}", data={"name": "Jo", "join_key": join_key}).status_code == 302
    assert ic.step(wid, "joins.stop")["ok"]
    again = newcomer(app)
    assert again.post(f"/j/{code}", data={"name": "Jo", "join_key": join_key}).status_code == 302
    assert again.get_cookie(f"wt_{wid}") is not None
    with db.session() as s:
        assert s.query(Participant).filter_by(workshop_id=wid).count() == 1


def test_only_the_facilitator_stops_joins_and_the_flag_replays_from_the_log(app, ic, open_workshop):
    wid = open_workshop
    jo = Phone(app, wid, "Jo")
    assert send(jo.socket, "joins.stop")["error"] == "forbidden"
    assert ic.step(wid, "joins.stop", {"now": True})["error"] == "bad_request"
    assert ic.step(wid, "joins.open")["error"] == "conflict"  # already open
    assert ic.step(wid, "joins.stop")["ok"]
    assert ic.step(wid, "joins.stop")["error"] == "conflict"
    assert ic.step(wid, "control.goto", {"activity": activities(wid)[-1]})["ok"]
    assert ic.step(wid, "undo")["ok"]  # undoing the goto rebuilds control from the log: still stopped
    with db.session() as s:
        workshop = s.get(Workshop, wid)
        assert workshop.control["joins_open"] is False
        assert replay.control(s, workshop) == workshop.control
    assert NOT_TAKING in newcomer(app).get(f"/j/{join_code(wid)}").data.decode()



# --- in the browser: the console's people panel, at a laptop's 1366 x 768 -----------------------

def _join_over_http(chromium, base: str, code: str, name: str) -> int:
    """A phone joining through the real join form (its CSRF token and join key); the status."""
    context = chromium.new_context()
    try:
        page = context.request.get(f"{base}/j/{code}")
        if page.status != 200:  # turned away at the name page
            return page.status
        form = {key: re.search(rf'name="{key}" value="([^"]*)"', page.text()).group(1)
                for key in ("csrf_token", "join_key")}
        return context.request.post(f"{base}/j/{code}", form={**form, "name": name}, max_redirects=0).status
    finally:
        context.close()


def test_the_console_stops_joins_and_removes_everyone_after_someone(chromium, demo_server, tmp_path):
    base, code, wid = demo_server["base"], demo_server["code"], demo_server["workshop"]
    context = chromium.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())  # the confirmations
    page.goto(f"{base}/login")
    page.fill("#email", demo_server["email"])
    page.fill("#password", demo_server["password"])
    page.locator("button[type=submit]").click()
    page.goto(f"{base}/w/{wid}/run")
    board = context.new_page()
    board.goto(demo_server["board"])
    expect(board.get_by_test_id("join-code")).to_be_visible()
    people = page.get_by_test_id("participant")
    expect(people.first).to_be_visible()
    already = people.count()  # the demo's own people

    assert _join_over_http(chromium, base, code, "Mrs Khan") == 302
    for n in range(4):
        assert _join_over_http(chromium, base, code, "" if n % 2 else f"bot{n}") == 302
    expect(people.filter(has_text="bot2")).to_be_visible()

    page.get_by_test_id("joins-stop").click()
    expect(page.get_by_test_id("joins-stopped-note")).to_be_visible()
    expect(page.get_by_test_id("joins-stop")).to_be_hidden()
    assert _join_over_http(chromium, base, code, "Late") == 403
    # The board stops inviting people in: no code, no QR code, and says why.
    expect(board.get_by_test_id("workshop-status")).to_have_text("Not taking new people just now.")
    expect(board.locator(".join-qr:visible")).to_have_count(0)
    expect(board.locator(".join-code:visible")).to_have_count(0)
    page.screenshot(path=str(tmp_path / "console-joins-stopped-1366.png"))

    khan = people.filter(has_text="Mrs Khan")
    khan.get_by_test_id("participant-more").click()
    khan.get_by_test_id("remove-after").scroll_into_view_if_needed()
    page.screenshot(path=str(tmp_path / "console-remove-after-1366.png"))
    khan.get_by_test_id("remove-after").click()
    expect(people).to_have_count(already + 1)  # everyone after Mrs Khan went; she stays
    expect(people.filter(has_text="bot")).to_have_count(0)
    expect(khan).to_be_visible()

    page.get_by_test_id("joins-open").click()
    expect(page.get_by_test_id("joins-stopped-note")).to_be_hidden()
    expect(board.get_by_test_id("join-code")).to_be_visible()
    assert _join_over_http(chromium, base, code, "") == 302
    assert _join_over_http(chromium, base, code, "") == 302
    page.get_by_test_id("remove-unnamed").click()
    expect(people.filter(has_text="Anonymous")).to_have_count(0)
    expect(khan).to_be_visible()
    context.close()
