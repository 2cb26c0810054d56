"""The live engine through Flask-SocketIO's test client: a facilitator, a board and phones."""
from __future__ import annotations

import json

from support import Phone, activities, board, last_state, make_app, send, states, walls, add_wall

from workshop.models import Event
from workshop.db import db
from sqlalchemy import func, select


def test_an_idea_reaches_everyone_at_its_version(app, ic, open_workshop):
    wid = open_workshop
    console, screen = ic.socket(wid), board(app, wid)
    phones = [Phone(app, wid, name) for name in ("Jo", "Sam", "Aisha")]
    for client in (console, screen, *[p.socket for p in phones]):
        client.get_received()
    first = walls(wid)[0]

    ack = send(phones[0].socket, "idea.add", {"text": "Passports are too long to use"}, first)

    assert ack["ok"] and not ack["duplicate"]
    assert ack["private"]["mine"] == [f"c{ack['version']}"]
    seen = {client: last_state(client) for client in (console, screen, *[p.socket for p in phones])}
    for state in seen.values():
        assert state["version"] == ack["version"]
        assert [c["text"] for c in state["activity"]["view"]["cards"]] == ["Passports are too long to use"]
    assert seen[screen]["workshop"]["participant_count"] == 3
    assert [p["name"] for p in seen[console]["participants"]] == ["Jo", "Sam", "Aisha"]
    assert seen[phones[1].socket]["participants"] == []  # phones never get the list


def test_anonymous_cards_carry_no_author_to_anyone(app, ic, open_workshop):
    wid, first = open_workshop, walls(open_workshop)[0]
    assert ic.step(wid, "idea.settings", {"anonymous": True}, first)["ok"]
    console, screen = ic.socket(wid), board(app, wid)
    sam, jo = Phone(app, wid, "Samira Quench"), Phone(app, wid, "Jo")

    assert send(sam.socket, "idea.add", {"text": "We never see the data"}, first)["ok"]
    sync = jo.socket.emit("sync", {"version": 0}, callback=True)
    assert sync["ok"]

    for client in (console, screen, sam.socket, jo.socket):
        received = client.get_received()
        if client is console:  # the facilitator sees who joined, never who wrote what
            received = [m["args"][0]["activity"] for m in received if m["name"] == "state"]
        assert "We never see the data" in json.dumps(received)
        assert "Samira Quench" not in json.dumps(received)
    # turning anonymity off later does not reveal the earlier card's author
    assert ic.step(wid, "idea.settings", {"anonymous": False}, first)["ok"]
    assert "Samira Quench" not in json.dumps(last_state(ic.socket(wid))["activity"])


def test_a_resent_intent_is_applied_once(app, open_workshop):
    wid, first = open_workshop, walls(open_workshop)[0]
    phone = Phone(app, wid, "Jo")

    one = send(phone.socket, "idea.add", {"text": "More time to plan with TAs"}, first, intent_id="resend-0001")
    again = send(phone.socket, "idea.add", {"text": "More time to plan with TAs"}, first, intent_id="resend-0001")

    assert one["ok"] and again["ok"] and again["duplicate"] and again["version"] == one["version"]
    assert again["private"]["mine"] == one["private"]["mine"]
    cards = last_state(phone.socket)["activity"]["view"]["cards"]
    assert len(cards) == 1
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Event).where(Event.intent_id == "resend-0001")) == 1


def test_an_intent_id_is_not_shared_between_senders(app, open_workshop):
    wid, first = open_workshop, walls(open_workshop)[0]
    jo, sam = Phone(app, wid, "Jo"), Phone(app, wid, "Sam")
    assert send(jo.socket, "idea.add", {"text": "one"}, first, intent_id="shared-0001")["ok"]
    ack = send(sam.socket, "idea.add", {"text": "two"}, first, intent_id="shared-0001")
    assert ack == {"ok": False, "error": "conflict", "message": ack["message"]}


def test_a_reconnecting_phone_catches_up_and_is_the_same_person(app, ic, open_workshop):
    wid, first = open_workshop, walls(open_workshop)[0]
    phone, other = Phone(app, wid, "Jo"), Phone(app, wid, "Sam")
    mine = send(phone.socket, "idea.add", {"text": "Mine"}, first)
    seen = mine["version"]
    phone.socket.disconnect()

    for n in range(3):
        assert send(other.socket, "idea.add", {"text": f"while away {n}"}, first)["ok"]

    phone.socket = phone.connect()  # same cookie: a reload, or a dropped network
    assert phone.socket.is_connected()
    ack = phone.socket.emit("sync", {"version": seen}, callback=True)
    received = phone.socket.get_received()
    state = [m["args"][0] for m in received if m["name"] == "state"][-1]
    private = [m["args"][0] for m in received if m["name"] == "private"][-1]
    assert ack["ok"] and ack["version"] == state["version"] == seen + 3
    assert len(state["activity"]["view"]["cards"]) == 4
    assert private["private"]["mine"] == mine["private"]["mine"]


def test_sync_when_up_to_date_sends_nothing_more(app, open_workshop):
    phone = Phone(app, open_workshop, "Jo")
    version = last_state(phone.socket)["version"]
    ack = phone.socket.emit("sync", {"version": version}, callback=True)
    assert ack == {"ok": True, "version": version}
    assert states(phone.socket) == []


def test_every_acknowledged_change_survives_a_restart(app, db_path, open_workshop):
    wid, first = open_workshop, walls(open_workshop)[0]
    phones = [Phone(app, wid, f"P{n}") for n in range(3)]
    acked = []
    for n in range(15):
        ack = send(phones[n % 3].socket, "idea.add", {"text": f"idea {n}"}, first)
        assert ack["ok"]
        acked.append(f"idea {n}")

    restarted = make_app(db_path)  # a new process on the same database file
    state = last_state(board(restarted, wid))
    assert [c["text"] for c in state["activity"]["view"]["cards"]] == acked
    assert state["version"] == ack["version"]


def test_participants_are_refused_facilitator_intents(app, open_workshop):
    wid, first = open_workshop, walls(open_workshop)[0]
    phone = Phone(app, wid, "Jo")
    card = send(phone.socket, "idea.add", {"text": "mine"}, first)["private"]["mine"][0]
    before = last_state(phone.socket)["version"]
    attempts = [("control.goto", {"activity": activities(wid)[1]}, None), ("activity.close", {}, first),
                ("activity.reveal", {}, first), ("timer.start", {"seconds": 60}, None), ("undo", {}, None),
                ("workshop.close", {}, None), ("participant.remove", {"participant": 1}, None),
                ("agenda.remove", {}, first), ("idea.hide", {"card": card}, first),
                ("idea.merge", {"card": card, "into": card}, first), ("idea.columns", {"columns": []}, first),
                ("idea.settings", {"anonymous": True}, first), ("activity.import", {"from": first}, first)]
    for kind, payload, activity in attempts:
        ack = send(phone.socket, kind, payload, activity)
        assert ack["ok"] is False and ack["error"] == "forbidden", (kind, ack)
        assert ack["message"]
    ack = phone.socket.emit("sync", {"version": before}, callback=True)
    assert ack["version"] == before  # nothing was written


def test_the_board_only_shows(app, open_workshop):
    screen = board(app, open_workshop)
    ack = send(screen, "idea.add", {"text": "from the board"}, walls(open_workshop)[0])
    assert ack["error"] == "forbidden"


def test_bad_input_gets_a_clear_error_and_others_carry_on(app, open_workshop):
    wid, first = open_workshop, walls(open_workshop)[0]
    phone, other = Phone(app, wid, "Jo"), Phone(app, wid, "Sam")
    cases = [
        ({"intent_id": "short", "type": "idea.add", "activity": first, "payload": {"text": "x"}}, "bad_request"),
        ({"intent_id": "abcdefgh12", "type": "idea.add", "activity": "1", "payload": {}}, "bad_request"),
        ({"intent_id": "abcdefgh13", "type": "idea.add", "activity": first, "payload": "text"}, "bad_request"),
        ("not an object", "bad_request"),
        ({"intent_id": "abcdefgh14", "type": "idea.add", "activity": first, "payload": {"text": "x" * 281}},
         "too_long"),
        ({"intent_id": "abcdefgh15", "type": "idea.add", "activity": first, "payload": {"text": "   "}}, "empty"),
        ({"intent_id": "abcdefgh16", "type": "idea.add", "activity": first, "payload": {"text": 5}}, "bad_request"),
        ({"intent_id": "abcdefgh17", "type": "idea.fly", "activity": first, "payload": {}}, "unknown_intent"),
        ({"intent_id": "abcdefgh18", "type": "idea.add", "activity": 99999, "payload": {"text": "x"}}, "not_found"),
        ({"intent_id": "abcdefgh19", "type": "idea.add", "activity": activities(wid)[1], "payload": {"text": "x"}},
         "closed"),
    ]
    for raw, code in cases:
        ack = phone.socket.emit("intent", raw, callback=True)
        assert ack["ok"] is False and ack["error"] == code, (raw, ack)
        assert isinstance(ack["message"], str) and "Traceback" not in ack["message"]
    assert phone.socket.emit("nonsense", {"x": 1}, callback=True)["error"] == "unknown_event"
    assert phone.socket.emit("sync", {"version": "new"}, callback=True)["error"] == "bad_request"
    assert send(other.socket, "idea.add", {"text": "still fine"}, first)["ok"]
    assert [c["text"] for c in last_state(phone.socket)["activity"]["view"]["cards"]] == ["still fine"]


def test_input_closed_and_moved_on_are_refused(app, ic, open_workshop):
    wid = open_workshop
    first, second = walls(wid)[0], add_wall(ic, wid)
    phone = Phone(app, wid, "Jo")
    assert ic.step(wid, "activity.close", activity=first)["ok"]
    assert send(phone.socket, "idea.add", {"text": "late"}, first)["error"] == "closed"
    assert ic.step(wid, "activity.open", activity=first)["ok"]
    assert ic.step(wid, "control.goto", {"activity": second})["ok"]
    assert send(phone.socket, "idea.add", {"text": "old activity"}, first)["error"] == "closed"
    assert ic.step(wid, "workshop.close")["ok"]
    assert send(phone.socket, "idea.add", {"text": "after close"}, second)["error"] == "closed"


def test_a_removed_participant_can_no_longer_act_or_connect(app, ic, open_workshop):
    wid, first = open_workshop, walls(open_workshop)[0]
    phone = Phone(app, wid, "Jo")
    assert send(phone.socket, "idea.add", {"text": "stays"}, first)["ok"]
    person = last_state(ic.socket(wid))["participants"][0]["id"]

    assert ic.step(wid, "participant.remove", {"participant": person})["ok"]

    # told, and cut off at once: out of the room, so later pushes (new cards) never reach it
    # (the test client keeps what it received in .queue; get_received refuses once disconnected)
    assert any(m["name"] == "removed" for m in phone.socket.queue)
    assert not phone.socket.is_connected()
    other = Phone(app, wid, "Sam")
    assert send(other.socket, "idea.add", {"text": "said after Jo left"}, first)["ok"]
    assert "said after Jo left" not in str(phone.socket.queue)
    assert not phone.connect().is_connected()
    state = last_state(ic.socket(wid))
    assert [p["name"] for p in state["participants"]] == ["Sam"] and state["workshop"]["participant_count"] == 1
    assert [c["text"] for c in state["activity"]["view"]["cards"]] == ["stays", "said after Jo left"]  # contributions stay


def test_connections_without_the_right_credentials_are_refused(app, ic, open_workshop):
    from workshop.extensions import socketio
    from support import Facilitator

    wid = open_workshop
    assert not socketio.test_client(app, auth={"workshop": wid, "role": "participant", "token": "x" * 43}).is_connected()
    assert not socketio.test_client(app, auth={"workshop": wid, "role": "participant", "token": "<bad>"}).is_connected()
    assert not socketio.test_client(app, auth={"workshop": wid, "role": "board", "key": "wrong"}).is_connected()
    assert not socketio.test_client(app, auth={"workshop": wid, "role": "facilitator"}).is_connected()
    assert not socketio.test_client(app, auth={"workshop": "1", "role": "board"}).is_connected()
    assert not socketio.test_client(app, auth=None).is_connected()
    stranger = Facilitator(app, "other@example.org", "Other IC")
    assert not stranger.socket(wid).is_connected()
    phone = Phone(app, wid, "Jo")  # a token is good for its own workshop only
    other_wid = ic.create_workshop(school="Another school")
    assert ic.step(other_wid, "workshop.open")["ok"]
    assert not socketio.test_client(app, auth={"workshop": other_wid, "role": "participant",
                                               "token": phone.token}).is_connected()


def test_socket_handshake_from_another_origin_is_refused(app):
    client = app.test_client()
    bad = client.get("/socket.io/?EIO=4&transport=polling", headers={"Origin": "http://evil.example"})
    good = client.get("/socket.io/?EIO=4&transport=polling", headers={"Origin": "http://localhost"})
    assert bad.status_code == 400
    assert good.status_code == 200


def test_a_facilitator_step_on_an_activity_refreshes_every_phones_private_part(app, ic, open_workshop):
    wid, first = open_workshop, walls(open_workshop)[0]
    jo, sam = Phone(app, wid, "Jo"), Phone(app, wid, "Sam")
    card = send(jo.socket, "idea.add", {"text": "mine"}, first)["private"]["mine"][-1]
    for phone in (jo, sam):
        phone.socket.get_received()

    assert ic.step(wid, "idea.delete", {"card": card}, first)["ok"]

    privates = {name: [m["args"][0] for m in phone.socket.get_received() if m["name"] == "private"]
                for name, phone in (("jo", jo), ("sam", sam))}
    assert privates["jo"] and privates["jo"][-1]["private"] == {"mine": []}
    assert privates["sam"] and privates["sam"][-1]["private"] == {"mine": []}
    assert privates["jo"][-1]["activity"] == first


def test_a_phone_removed_by_another_process_is_cut_off_at_its_next_sync(app, ic, open_workshop):
    """Another process applied the removal (so this one never disconnected the socket): the phone's
    next sync gets `removed`, not the workshop's state, and the socket is closed."""
    from workshop.models import Participant

    wid = open_workshop
    phone = Phone(app, wid, "Jo")
    with db.session(write=True) as s:
        s.scalar(select(Participant).where(Participant.workshop_id == wid)).removed = True
    phone.socket.get_received()
    answer = phone.socket.emit("sync", {"version": 0}, callback=True)
    assert answer["error"] == "removed"
    assert not phone.socket.is_connected()
    assert not [m for m in phone.socket.queue if m["name"] == "state"]
