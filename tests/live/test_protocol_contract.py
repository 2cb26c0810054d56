"""What docs/protocol.md promises an outside client (issue 11 §3): refusals on connect carry
{code, message}, agenda flags are booleans, unknown payload fields are refused, and the ack of a
step that creates something names what it created."""
from __future__ import annotations

import json

import pytest
from socketio import packet
from support import Phone, activities, add_activity, add_wall, board, last_state, send, start, walls

from workshop.extensions import socketio


def _refusal(app, monkeypatch, auth, http=None) -> dict:
    """The CONNECT_ERROR packet a client gets, decoded from the wire as any client would."""
    client = socketio.test_client(app, flask_test_client=http, auth=auth)  # installs the test transport
    assert not client.is_connected()
    wire = []
    transport = socketio.server._send_packet
    monkeypatch.setattr(socketio.server, "_send_packet", lambda sid, pkt: (wire.append(pkt.encode()), transport(sid, pkt)))
    client.connect(auth=auth)
    assert not client.is_connected()
    errors = [packet.Packet(encoded_packet=w) for w in wire if w.startswith(str(packet.CONNECT_ERROR))]
    assert len(errors) == 1, wire
    return errors[0].data


@pytest.mark.parametrize("auth,code", [
    (None, "bad_request"),
    ({"workshop": 999999, "role": "board"}, "not_found"),
    ("OPEN", "not_found"),  # a board with a wrong key: as if the workshop did not exist
    ("PHONE", "bad_token"),
])
def test_a_refused_connection_says_code_and_message(app, open_workshop, monkeypatch, auth, code):
    if auth == "OPEN":
        auth = {"workshop": open_workshop, "role": "board", "key": "wrong"}
    elif auth == "PHONE":
        auth = {"workshop": open_workshop, "role": "participant", "token": "not-a-token"}
    data = _refusal(app, monkeypatch, auth)
    # socket.io-client: err.message and err.data; python-socketio: connect_error gets this dict
    assert data["data"]["code"] == code
    assert data["message"] == data["data"]["message"] and "'code'" not in data["message"]  # not a repr


def test_a_removed_phone_is_told_so_on_connect(app, ic, open_workshop, monkeypatch):
    phone = Phone(app, open_workshop, "Jo")
    pid = last_state(ic.socket(open_workshop))["participants"][0]["id"]
    assert ic.step(open_workshop, "participant.remove", {"participant": pid})["ok"]
    data = _refusal(app, monkeypatch, {"workshop": open_workshop, "role": "participant"}, http=phone.http)
    assert data["data"] == {"code": "removed", "message": "The facilitator removed you from this workshop."}


def test_agenda_flags_are_booleans(app, ic, open_workshop):
    first = walls(open_workshop)[0]
    assert ic.step(open_workshop, "activity.reveal", activity=first)["ok"]
    for client in (ic.socket(open_workshop), board(app, open_workshop)):
        agenda = last_state(client)["agenda"]
        assert all(type(a["open"]) is bool and type(a["revealed"]) is bool for a in agenda)
        assert [(a["open"], a["revealed"]) for a in agenda if a["id"] == first] == [(True, True)]
        assert any(a["open"] is False for a in agenda)


@pytest.mark.parametrize("kind,payload,activity", [
    ("idea.add", {"text": "hi", "colour": "red"}, "wall"),
    ("activity.open", {"colour": "red"}, "wall"),
    ("control.goto", {"activity": None, "colour": "red"}, None),
    ("agenda.add", {"tool": "idea_wall", "title": "x", "colour": "red"}, None),
    ("activity.import", {"from": "OTHER", "colour": "red"}, "wall"),
])
def test_unknown_fields_are_refused_by_name(ic, open_workshop, kind, payload, activity):
    wall, other = walls(open_workshop)[0], add_wall(ic, open_workshop)
    assert ic.step(open_workshop, "idea.add", {"text": "an idea to bring"}, other)["ok"]
    payload = {k: other if v == "OTHER" else v for k, v in payload.items()}
    ack = ic.step(open_workshop, kind, payload, wall if activity else None)
    assert ack["ok"] is False and ack["error"] == "bad_request" and "colour" in ack["message"], ack


def test_a_participants_unknown_field_is_refused(app, open_workshop):
    phone = Phone(app, open_workshop, "Jo")
    ack = send(phone.socket, "idea.add", {"text": "hi", "anonymous": False}, walls(open_workshop)[0])
    assert ack["error"] == "bad_request" and "anonymous" in ack["message"]
    ack = send(phone.socket, "idea.add", {"text": "hi"}, walls(open_workshop)[0])
    assert ack["ok"], ack


# (tool, intent, payload, by a phone?, ids the ack names; "{v}" is the version the step made)
CREATING = [
    ("idea_wall", "idea.add", {"text": "More planning time"}, True, ["c{v}"]),
    ("idea_wall", "idea.columns", {"columns": [{"title": "Time"}, {"title": "Data"}]}, False, ["k{v}-0", "k{v}-1"]),
    ("action_plan", "action.propose", {"text": "Buddy system"}, True, ["c{v}"]),
    ("action_plan", "action.add", {"text": "Buddy system", "who": "SENCo"}, False, ["c{v}"]),
    ("fishbone", "fishbone.add", {"bone": "b1", "text": "No time", "parent": None}, True, ["c{v}"]),
    ("fishbone", "fishbone.bones", {"bones": [{"id": "b1", "title": "People"}, {"title": "Money"}]}, False, ["b{v}-1"]),
    ("five_whys", "whys.answer", {"text": "Because"}, True, ["c{v}"]),
    ("report_back", "report.add", {"text": "Staff bulletin"}, True, ["c{v}"]),
    ("response_round", "response.submit", {"surprise": 2, "view": "Fair"}, True, ["c{v}"]),
    ("dotocracy", "dots.item_add", {"text": "Option"}, False, ["c{v}"]),
    ("rag_rating", "rag.item_add", {"text": "Reading"}, False, ["c{v}"]),
    ("prioritisation_matrix", "matrix.item_add", {"text": "Homework"}, False, ["c{v}"]),
    ("diamond_nine", "diamond.item_add", {"text": "Statement"}, False, ["c{v}"]),
]


@pytest.mark.parametrize("tool,kind,payload,by_phone,expected", CREATING, ids=[c[1] for c in CREATING])
def test_the_ack_names_what_the_step_created(app, ic, open_workshop, tool, kind, payload, by_phone, expected):
    wid = open_workshop
    act = add_activity(ic, wid, tool, config={"anonymous": False} if tool != "dotocracy" else {})
    if tool == "five_whys":
        assert ic.step(wid, "whys.problem", {"text": "Reading ages lag"}, act)["ok"]
    if by_phone:  # a diamond nine won't open before nine statements are chosen
        start(ic, wid, act)
    phone = Phone(app, wid, "Jo")
    ack = send(phone.socket, kind, payload, act) if by_phone else ic.step(wid, kind, payload, act)
    assert ack["ok"], ack
    assert ack["created"] == [e.format(v=ack["version"]) for e in expected]
    view = ic.http.get(f"/w/{wid}/activities/{act}/view")  # the console's view of any activity
    assert view.status_code == 200
    view = json.dumps(view.get_json())
    assert all(f'"{i}"' in view for i in ack["created"])


def test_agenda_add_acks_the_new_activity_and_a_resend_says_it_again(ic, open_workshop):
    wid = open_workshop
    payload = {"tool": "dotocracy", "title": "Vote", "prompt": "", "section": "Part 2", "after": None}
    from support import intent
    from workshop.engine import service
    from workshop.engine.envelope import Principal
    sent = intent("agenda.add", payload)
    me = Principal("facilitator", user_id=ic.user.id)
    ack = service.submit(wid, me, sent)
    assert ack["created"] == [activities(wid)[-1]]
    again = service.submit(wid, me, sent)
    assert again["duplicate"] and again["created"] == ack["created"]


def test_an_import_acks_every_card_it_brought(ic, open_workshop):
    wid = open_workshop
    source = walls(wid)[0]
    for text in ("One", "Two", "Three"):
        assert ic.step(wid, "idea.add", {"text": text}, source)["ok"]
    target = add_wall(ic, wid)
    ack = ic.step(wid, "activity.import", {"from": source, "top": 2}, target)
    assert ack["created"] == [f"c{ack['version']}-0", f"c{ack['version']}-1"]


def test_steps_that_create_nothing_have_no_created(app, ic, open_workshop):
    wid, wall = open_workshop, walls(open_workshop)[0]
    card = ic.step(wid, "idea.add", {"text": "Keep"}, wall)["created"][0]
    for kind, payload in (("idea.edit", {"card": card, "text": "Kept"}), ("idea.hide", {"card": card})):
        ack = ic.step(wid, kind, payload, wall)
        assert ack["ok"] and "created" not in ack
    rr = add_activity(ic, wid, "response_round")
    start(ic, wid, rr)
    phone = Phone(app, wid, "Jo")
    assert send(phone.socket, "response.submit", {"surprise": 3}, rr)["created"]
    changed = send(phone.socket, "response.submit", {"surprise": 4}, rr)  # the same response, changed
    assert changed["ok"] and "created" not in changed


def test_an_import_past_the_tools_limit_is_refused_whole(ic, open_workshop):
    """A dotocracy holds 50 options: bringing 51 cards brings none (use `top` or `cards`)."""
    wid, wall = open_workshop, walls(open_workshop)[0]
    for n in range(51):
        assert ic.step(wid, "idea.add", {"text": f"Idea {n}"}, wall)["ok"]
    dots = add_activity(ic, wid, "dotocracy")
    ack = ic.step(wid, "activity.import", {"from": wall}, dots)
    assert ack["ok"] is False and ack["error"] == "limit", ack
    assert ic.http.get(f"/w/{wid}/activities/{dots}/view").get_json()["view"]["items"] == []
    ack = ic.step(wid, "activity.import", {"from": wall, "top": 50}, dots)
    assert ack["ok"] and len(ack["created"]) == 50


def test_sync_from_version_zero_sends_a_fresh_private(app, ic, open_workshop):
    wid, wall = open_workshop, walls(open_workshop)[0]
    phone = Phone(app, wid, "Jo")
    mine = send(phone.socket, "idea.add", {"text": "Mine"}, wall)["created"]
    phone.socket.get_received()
    assert phone.socket.emit("sync", {"version": 0}, callback=True)["ok"]
    private = [m["args"][0] for m in phone.socket.get_received() if m["name"] == "private"]
    assert private and private[-1]["private"]["mine"] == mine
