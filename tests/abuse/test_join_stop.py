"""The facilitator stops new joins without closing the workshop: newcomers are told to ask, people
already in carry on and come back, and every process reads the same flag from the workshop."""
from __future__ import annotations

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

