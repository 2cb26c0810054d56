"""Issue 11 §1: a committed change is acknowledged `ok` whatever becomes of the push after it, and
a retried join is the same person."""
from __future__ import annotations

import re
import time

import pytest
from sqlalchemy import func, select

from support import Phone, join_code, last_state, send, walls

from workshop.db import db
from workshop.engine import push
from workshop.models import Event, Participant


class Flaky:
    """Wraps a function so that its first `failures` calls raise, as a dead Redis or a pool
    timeout would."""

    def __init__(self, real, failures=1):
        self.real, self.left, self.calls = real, failures, 0

    def __call__(self, *args, **kwargs):
        self.calls += 1
        if self.left > 0:
            self.left -= 1
            raise ConnectionError("message queue down")
        return self.real(*args, **kwargs)


def wait_for(check, seconds=5.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.02)
    return False


def card_texts(state):
    return [c["text"] for c in state["activity"]["view"]["cards"]]


@pytest.mark.parametrize("broken", ["snapshot", "emit"])
def test_a_push_that_fails_after_the_commit_still_acks_ok_and_is_retried(app, open_workshop, monkeypatch, broken):
    wid, first = open_workshop, walls(open_workshop)[0]
    jo, sam = Phone(app, wid, "Jo"), Phone(app, wid, "Sam")
    sam.socket.get_received()
    monkeypatch.setattr(push, "RETRY_DELAYS", (0.05, 0.05))
    flaky = Flaky(push.snapshot) if broken == "snapshot" else Flaky(push.socketio.emit)
    if broken == "snapshot":
        monkeypatch.setattr(push, "snapshot", flaky)
    else:
        monkeypatch.setattr(push.socketio, "emit", flaky)

    ack = send(jo.socket, "idea.add", {"text": "Reading ages on every plan"}, first, intent_id="after-commit-1")

    assert flaky.calls >= 1 and flaky.left == 0  # the push did fail
    assert ack["ok"] and not ack["duplicate"], ack
    assert ack["private"]["mine"] == [f"c{ack['version']}"]
    with db.session() as s:
        assert s.scalar(select(Event.version).where(Event.intent_id == "after-commit-1")) == ack["version"]
    # the push is tried again: the other phone gets the change without asking
    seen = []
    assert wait_for(lambda: seen.extend(m["args"][0] for m in sam.socket.get_received() if m["name"] == "state")
                    or any(s["version"] == ack["version"] for s in seen)), seen
    assert card_texts(seen[-1]) == ["Reading ages on every plan"]
    # and the phone that trusted the ack never sends it twice; if it did, it is applied once
    again = send(jo.socket, "idea.add", {"text": "Reading ages on every plan"}, first, intent_id="after-commit-1")
    assert again["ok"] and again["duplicate"] and again["version"] == ack["version"]


def test_a_join_whose_push_fails_still_sets_the_cookie(app, open_workshop, monkeypatch):
    monkeypatch.setattr(push, "RETRY_DELAYS", (0.05,))
    monkeypatch.setattr(push, "snapshot", Flaky(push.snapshot))
    http = app.test_client()

    response = http.post(f"/j/{join_code(open_workshop)}", data={"name": "Jo", "join_key": "k" * 32})

    assert response.status_code == 302, response.status_code
    assert http.get_cookie(f"wt_{open_workshop}") is not None


def join_key_of(http, code) -> str:
    page = http.get(f"/j/{code}")
    assert page.status_code == 200
    return re.search(r'name="join_key" value="([A-Za-z0-9_-]+)"', page.get_data(as_text=True)).group(1)


def participants_of(workshop_id):
    with db.session() as s:
        people = s.scalar(select(func.count()).select_from(Participant).where(Participant.workshop_id == workshop_id))
        joins = s.scalar(select(func.count()).select_from(Event)
                         .where(Event.workshop_id == workshop_id, Event.type == "participant.join"))
    return people, joins


def test_a_resent_join_form_is_the_same_person(app, ic, open_workshop):
    wid, code = open_workshop, join_code(open_workshop)
    key = join_key_of(app.test_client(), code)
    assert key != join_key_of(app.test_client(), code)  # each page its own key
    before = participants_of(wid)

    # the first response is lost (a new client: no cookie came back), so the phone sends the form again
    first, second = app.test_client(), app.test_client()
    assert first.post(f"/j/{code}", data={"name": "Jo", "join_key": key}).status_code == 302
    assert second.post(f"/j/{code}", data={"name": "Jo", "join_key": key}).status_code == 302

    token = first.get_cookie(f"wt_{wid}").value
    assert second.get_cookie(f"wt_{wid}").value == token
    assert participants_of(wid) == (before[0] + 1, before[1] + 1)
    assert second.get(f"/w/{wid}/phone").status_code == 200

    # another workshop: the same key is somebody else there
    other = ic.create_workshop(school="Hillside Primary")
    assert ic.step(other, "workshop.open")["ok"]
    elsewhere = app.test_client()
    assert elsewhere.post(f"/j/{join_code(other)}", data={"name": "Jo", "join_key": key}).status_code == 302
    assert elsewhere.get_cookie(f"wt_{other}").value != token
    assert participants_of(other)[0] == 1


def test_a_resent_join_of_someone_removed_is_refused(app, ic, open_workshop):
    wid, code = open_workshop, join_code(open_workshop)
    phone = app.test_client()
    assert phone.post(f"/j/{code}", data={"name": "Jo", "join_key": "r" * 30}).status_code == 302
    with db.session() as s:
        person = s.scalar(select(Participant).where(Participant.workshop_id == wid, Participant.name == "Jo"))
    assert ic.step(wid, "participant.remove", {"participant": person.id})["ok"]

    again = app.test_client().post(f"/j/{code}", data={"name": "Jo", "join_key": "r" * 30})

    assert again.status_code == 409
    assert "removed you" in again.get_data(as_text=True)
    assert participants_of(wid)[0] == 1


def test_a_join_form_without_a_key_still_joins_as_someone_new(app, open_workshop):
    code = join_code(open_workshop)
    a, b = app.test_client(), app.test_client()
    assert a.post(f"/j/{code}", data={"name": "Jo"}).status_code == 302
    assert b.post(f"/j/{code}", data={"name": "Jo", "join_key": "short"}).status_code == 302
    assert a.get_cookie(f"wt_{open_workshop}").value != b.get_cookie(f"wt_{open_workshop}").value
    assert participants_of(open_workshop)[0] == 2
