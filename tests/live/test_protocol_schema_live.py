"""The live tests' protocol check itself (issue 11 §3): it catches a server that drifts from
docs/protocol.schema.json, in what it sends and in what it accepts, leaves deliberately bad input
alone, checks every state a patch makes, and every tool's views in a whole worked workshop fit."""
from __future__ import annotations

import pytest
from support import Phone, assert_protocol, make_app, send, walls

from workshop import demo
from workshop.db import db
from workshop.engine import push, views
from workshop.extensions import socketio
from workshop.models import Participant, Workshop
from workshop.tools import card_wall, idea_wall
from workshop.tools.base import ToolError
from workshop.web import live


def _caught(checker) -> str:
    """The violations the checker kept (and forget them, so the test's teardown passes)."""
    found, checker.violations = "\n".join(checker.violations), []
    return found


def test_every_audiences_state_of_a_worked_demo_workshop_fits_the_schema(tmp_path):
    """The demo runs every tool with contributions, votes and reveals: each activity's state for
    each role, and each participant's private part, validate."""
    app = make_app(tmp_path / "demo.db")
    with app.test_request_context(base_url="http://workshop.test"):
        info = demo.seed()
        with db.session() as s:
            workshop = s.get(Workshop, info["workshop"])
            activities = [(a.id, a.tool) for a in workshop.activities]
            people = [p.id for p in s.query(Participant).filter_by(workshop_id=workshop.id)]
        assert {tool for _, tool in activities} >= {"idea_wall", "fishbone", "five_whys", "dotocracy"}
        for activity, _tool in activities:
            with db.session(write=True) as s:
                workshop = s.get(Workshop, info["workshop"])
                workshop.control = {**workshop.control, "activity": activity}
            snap = push.snapshot(info["workshop"])
            for role in ("facilitator", "board", "participant"):
                assert_protocol("state", views.state_for(snap, role, 1764300000000))
            for person in people:
                assert_protocol("private", views.private_for(snap, person))


def test_a_view_with_a_field_the_schema_does_not_have_fails(app, ic, open_workshop, protocol_check, monkeypatch):
    """A leak such as a card's author id reaching phones is a violation, caught on arrival."""
    card_view = card_wall.card_view
    monkeypatch.setattr(card_wall, "card_view", lambda card, merged, facilitator, grouping: {
        **card_view(card, merged, facilitator, grouping), "author_id": card["author"]})
    phone = Phone(app, open_workshop, "Sam")
    with pytest.raises(AssertionError, match=r"cards\[0\].*author_id"):
        send(phone.socket, "idea.add", {"text": "More time"}, walls(open_workshop)[0])
    _caught(protocol_check)


def test_an_intent_the_server_accepts_but_the_schema_refuses_fails(app, ic, open_workshop, monkeypatch):
    """Were the server to take a field the schema does not describe, the ok ack shows the drift."""
    monkeypatch.setitem(idea_wall.PAYLOAD_KEYS, "idea.add", {"text", "column", "colour"})
    phone = Phone(app, open_workshop, "Sam")
    with pytest.raises(AssertionError, match="colour"):
        send(phone.socket, "idea.add", {"text": "More time", "colour": "red"}, walls(open_workshop)[0])


def test_input_a_test_sends_on_purpose_is_refused_by_the_server_and_not_held_against_it(
        app, ic, open_workshop, protocol_check):
    phone = Phone(app, open_workshop, "Sam")
    wall = walls(open_workshop)[0]
    assert send(phone.socket, "idea.add", {"text": "x" * 281}, wall)["error"] == "too_long"
    assert send(phone.socket, "idea.add", {"text": "x", "colour": "red"}, wall)["error"] == "bad_request"
    assert phone.socket.emit("intent", "not an object", callback=True)["error"] == "bad_request"
    assert phone.socket.emit("sync", {"version": "new"}, callback=True)["error"] == "bad_request"
    assert phone.socket.emit("shout", {}, callback=True)["error"] == "unknown_event"
    assert protocol_check.violations == []


def test_each_state_a_patch_makes_is_checked(tmp_path, protocol_check, monkeypatch):
    """With patches on, the checker applies each patch to the state its client holds and validates
    the result; a field slipped into the state only by a patch is caught there."""
    from support import Facilitator

    app = make_app(tmp_path / "patches.db", PUSH_PATCHES=True)
    ic = Facilitator(app, "ic@example.org", "Priya Shah")
    wid = ic.create_workshop()
    assert ic.step(wid, "workshop.open")["ok"]
    wall = walls(wid)[0]
    assert ic.step(wid, "control.goto", {"activity": wall})["ok"]
    assert ic.step(wid, "activity.open", activity=wall)["ok"]
    phone = Phone(app, wid, "Sam")
    sid = phone.socket.eio_sid
    for n in range(3):
        assert send(phone.socket, "idea.add", {"text": f"Idea {n}"}, wall)["ok"]
    held = protocol_check.held[sid]
    assert held is not None and [c["text"] for c in held["activity"]["view"]["cards"]] == ["Idea 0", "Idea 1", "Idea 2"]
    assert any(m["name"] == "patch" for m in phone.socket.get_received()), "no patch reached the phone"

    state_for = views.state_for
    monkeypatch.setattr(views, "state_for", lambda snap, role, now: {**state_for(snap, role, now), "debug": True})
    with pytest.raises(AssertionError, match="debug"):
        send(phone.socket, "idea.add", {"text": "Idea 3"}, wall)
    _caught(protocol_check)


def test_a_refused_connection_is_checked_too(app, open_workshop, monkeypatch):
    def refuse(auth):
        raise ToolError("no_such_code", "Go away.")
    monkeypatch.setattr(live, "authenticate", refuse)
    with pytest.raises(AssertionError, match=r"connectError .*\$\.data\.code"):
        socketio.test_client(app, auth={"workshop": open_workshop, "role": "board", "key": "x"})


def test_the_auth_of_an_accepted_connection_is_checked(app, open_workshop, monkeypatch):
    """Were the server to let in a board whose auth the doc does not allow, the check says so."""
    monkeypatch.setattr(live, "authenticate", lambda auth: live.Connection(open_workshop, live.Principal("board")))
    with pytest.raises(AssertionError, match=r"auth .*\$\.workshop"):
        socketio.test_client(app, auth={"workshop": str(open_workshop), "role": "board"})


def test_a_private_part_has_its_own_tools_shape(app, ic, open_workshop, monkeypatch):
    """On an idea wall a phone's private part is {"mine"}: one shaped like another tool's (which the
    schema's `private` alone would let through) is caught, in the ack and in the `private` event."""
    phone = Phone(app, open_workshop, "Sam")
    monkeypatch.setattr(idea_wall, "private_view", lambda state, participant: {"ratings": {}})
    with pytest.raises(AssertionError, match="private:idea_wall"):
        send(phone.socket, "idea.add", {"text": "More time"}, walls(open_workshop)[0])
    with pytest.raises(AssertionError, match="private:idea_wall"):
        phone.socket.emit("sync", {"version": 0}, callback=True)
