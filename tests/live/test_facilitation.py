"""Facilitator steps through the engine: undo, import between activities, agenda, timer, concurrency."""
from __future__ import annotations

import threading
from contextlib import nullcontext

from support import Phone, activities, last_state, send, walls, add_wall

from workshop.db import db
from workshop.engine import replay, service
from workshop.engine.envelope import Principal
from workshop.models import Activity, Event, Workshop
from sqlalchemy import select


def cards(state):
    return {c["id"]: c for c in state["activity"]["view"]["cards"]}


def test_undo_takes_back_the_last_facilitator_step_only(app, ic, open_workshop):
    wid, first = open_workshop, walls(open_workshop)[0]
    phone = Phone(app, wid, "Jo")
    card = send(phone.socket, "idea.add", {"text": "keep me"}, first)["private"]["mine"][0]
    assert ic.step(wid, "idea.hide", {"card": card}, first)["ok"]
    assert send(phone.socket, "idea.add", {"text": "added after the hide"}, first)["ok"]
    console = ic.socket(wid)
    assert cards(last_state(console))[card]["hidden"] is True

    assert send(console, "undo")["ok"]

    state = last_state(console)
    assert cards(state)[card]["hidden"] is False
    assert [c["text"] for c in state["activity"]["view"]["cards"]] == ["keep me", "added after the hide"]


def test_undo_of_a_goto_and_of_a_timer(ic, open_workshop):
    wid = open_workshop
    first, second = walls(wid)[0], add_wall(ic, wid)
    assert ic.step(wid, "timer.start", {"seconds": 300})["ok"]
    assert ic.step(wid, "control.goto", {"activity": second})["ok"]
    assert ic.step(wid, "undo")["ok"]
    with db.session() as s:
        control = s.get(Workshop, wid).control
    assert control["activity"] == first and control["timer"]["duration_ms"] == 300_000
    assert ic.step(wid, "undo")["ok"]  # then the timer
    with db.session() as s:
        assert s.get(Workshop, wid).control["timer"]["duration_ms"] == 0


def test_undo_that_would_lose_a_contribution_is_refused(app, ic, open_workshop):
    wid, first = open_workshop, walls(open_workshop)[0]
    assert ic.step(wid, "idea.columns", {"columns": [{"title": "Staff"}]}, first)["ok"]
    column = last_state(ic.socket(wid))["activity"]["view"]["columns"][0]["id"]
    phone = Phone(app, wid, "Jo")
    assert send(phone.socket, "idea.add", {"text": "in the new column", "column": column}, first)["ok"]

    ack = ic.step(wid, "undo")

    assert ack["ok"] is False and ack["error"] == "undo_conflict"
    assert [c["text"] for c in last_state(ic.socket(wid))["activity"]["view"]["cards"]] == ["in the new column"]


def test_nothing_to_undo_and_steps_that_cannot_be_undone(ic):
    wid = ic.create_workshop()
    assert ic.step(wid, "undo")["error"] == "nothing_to_undo"
    assert ic.step(wid, "workshop.open")["ok"]
    ack = ic.step(wid, "undo")
    assert ack["error"] == "nothing_to_undo" and "workshop.open" in ack["message"]


def test_cards_from_an_earlier_activity_keep_their_source(app, ic, open_workshop):
    wid = open_workshop
    first, second = walls(wid)[0], add_wall(ic, wid)
    phone = Phone(app, wid, "Jo")
    ids = [send(phone.socket, "idea.add", {"text": t}, first)["private"]["mine"][-1] for t in ("one", "two", "three")]
    assert ic.step(wid, "idea.hide", {"card": ids[1]}, first)["ok"]  # hidden ideas don't travel

    assert ic.step(wid, "activity.import", {"from": first}, second)["ok"]

    assert ic.step(wid, "control.goto", {"activity": second})["ok"]
    brought = last_state(ic.socket(wid))["activity"]["view"]["cards"]
    assert [(c["text"], c["source"]) for c in brought] == [
        ("one", {"activity": first, "card": ids[0]}), ("three", {"activity": first, "card": ids[2]})]
    assert ic.step(wid, "activity.import", {"from": second}, second)["error"] == "conflict"


def test_an_import_can_take_only_the_first_cards(app, ic, open_workshop):
    wid = open_workshop
    first, second = walls(wid)[0], add_wall(ic, wid)
    phone = Phone(app, wid, "Jo")
    for text in ("first", "second", "third"):
        assert send(phone.socket, "idea.add", {"text": text}, first)["ok"]
    for bad in (0, -1, "2", 2.5, True, 10_000):
        assert ic.step(wid, "activity.import", {"from": first, "top": bad}, second)["error"] == "bad_request"

    assert ic.step(wid, "activity.import", {"from": first, "top": 2}, second)["ok"]

    assert ic.step(wid, "control.goto", {"activity": second})["ok"]
    assert [c["text"] for c in last_state(ic.socket(wid))["activity"]["view"]["cards"]] == ["first", "second"]


def test_agenda_is_editable_during_the_workshop(app, ic, open_workshop):
    wid = open_workshop
    first = walls(wid)[0]
    console = ic.socket(wid)
    added = send(console, "agenda.add", {"tool": "idea_wall", "title": "Quick check-in", "prompt": "One word?",
                                         "section": "Part 1 – Review feedback", "after": None})
    assert added["ok"]
    new_id = activities(wid)[-1]
    assert send(console, "agenda.move", {"position": 0}, new_id)["ok"]
    assert send(console, "agenda.update", {"title": "Check-in"}, new_id)["ok"]
    agenda = last_state(console)["agenda"]
    assert agenda[0]["id"] == new_id and agenda[0]["title"] == "Check-in"
    assert send(console, "agenda.add", {"tool": "no_such_tool", "title": "x"})["error"] == "not_found"
    assert send(console, "agenda.move", {"position": 99}, new_id)["error"] == "bad_request"
    phone = Phone(app, wid, "Jo")
    assert send(phone.socket, "idea.add", {"text": "x"}, first)["ok"]
    assert send(console, "agenda.remove", {}, first)["error"] == "conflict"  # has contributions
    assert send(console, "agenda.remove", {}, new_id)["ok"]
    assert new_id not in [a["id"] for a in last_state(console)["agenda"]]


def test_the_timer_is_one_clock_for_every_screen(app, ic, open_workshop):
    from support import board

    wid = open_workshop
    screen, phone = board(app, wid), Phone(app, wid, "Jo")
    ack = ic.step(wid, "timer.start", {"seconds": 300})
    timers = [last_state(c)["control"]["timer"] for c in (screen, phone.socket)]
    assert timers[0] == timers[1] and timers[0]["running"] and timers[0]["duration_ms"] == 300_000
    assert timers[0]["ends_at"] > 0 and ack["ok"]
    assert ic.step(wid, "timer.add", {"seconds": 60})["ok"]
    assert last_state(screen)["control"]["timer"]["duration_ms"] == 360_000
    assert ic.step(wid, "timer.start", {"seconds": 0})["error"] == "limit"


def test_a_co_facilitator_drives_the_same_workshop(app, ic, open_workshop):
    wid = open_workshop
    response = ic.http.post(f"/w/{wid}/facilitators", data={"email": "tom@example.org", "name": "Tom"})
    assert response.status_code == 302
    with db.session(write=True) as s:  # give Tom a known password to sign in with
        from werkzeug.security import generate_password_hash
        from workshop.accounts import find_user

        find_user(s, "tom@example.org").password_hash = generate_password_hash("tom's password 1")
    tom_http = app.test_client()
    assert tom_http.post("/login", data={"email": "tom@example.org", "password": "tom's password 1"}).status_code == 302
    from workshop.extensions import socketio

    tom = socketio.test_client(app, flask_test_client=tom_http, auth={"workshop": wid, "role": "facilitator"})
    assert tom.is_connected()
    assert send(tom, "control.goto", {"activity": activities(wid)[1]})["ok"]
    assert last_state(ic.socket(wid))["control"]["activity"] == activities(wid)[1]


def test_concurrent_writers_never_lose_an_update(app, open_workshop, monkeypatch):
    """Many threads add ideas at once; with the in-process lock switched off, only the database's
    version check stands between them and a lost update."""
    wid, first = open_workshop, walls(open_workshop)[0]
    monkeypatch.setattr(service, "_workshop_lock", lambda _id: nullcontext())
    people = [service.join(wid, f"P{n}")[0] for n in range(8)]
    acks: list[dict] = []

    def write(pid: int) -> None:
        for n in range(15):
            acks.append(service.submit(wid, Principal("participant", participant_id=pid), {
                "intent_id": f"conc-{pid}-{n:03d}", "type": "idea.add", "activity": first,
                "payload": {"text": f"{pid}/{n}"}}))

    threads = [threading.Thread(target=write, args=(pid,)) for pid in people]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert all(a["ok"] for a in acks), [a for a in acks if not a["ok"]][:3]
    with db.session() as s:
        state = s.get(Activity, first).state
        versions = list(s.scalars(select(Event.version).where(Event.workshop_id == wid).order_by(Event.version)))
    assert sorted(c["text"] for c in state["cards"]) == sorted(f"{p}/{n}" for p in people for n in range(15))
    assert versions == list(range(1, len(versions) + 1))  # one event per version, no gaps
    assert sorted(a["version"] for a in acks) == sorted(set(a["version"] for a in acks))


def test_replaying_the_log_gives_the_stored_state(app, ic, open_workshop):
    wid, first = open_workshop, walls(open_workshop)[0]
    phone = Phone(app, wid, "Jo")
    ids = [send(phone.socket, "idea.add", {"text": f"idea {n}"}, first)["private"]["mine"][-1] for n in range(4)]
    assert ic.step(wid, "idea.merge", {"card": ids[1], "into": ids[0]}, first)["ok"]
    assert ic.step(wid, "idea.columns", {"columns": [{"title": "Staff"}]}, first)["ok"]
    assert send(phone.socket, "idea.edit", {"card": ids[2], "text": "idea two, edited"}, first)["ok"]
    assert ic.step(wid, "idea.hide", {"card": ids[3]}, first)["ok"]
    assert ic.step(wid, "undo")["ok"]
    with db.session() as s:
        activity = s.get(Activity, first)
        assert replay.activity(s, activity) == activity.state
        assert replay.control(s, s.get(Workshop, wid)) == s.get(Workshop, wid).control
