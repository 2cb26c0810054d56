"""The fishbone through the live engine: phones add causes and sub-causes on bones, the
facilitator tidies, phones mark root causes; the board and console agree; phones never see
what they may not; root causes travel on to a later activity with their source."""
from __future__ import annotations

import json

from support import add_activity, add_wall, board, last_state, Phone, received, send, start, walls

PROBLEM = "Pupils with SEND in KS3 make less progress than their peers"


def view(client) -> dict:
    return last_state(client)["activity"]["view"]


def add_fishbone(ic, wid, **config) -> int:
    fb = add_activity(ic, wid, "fishbone", "What lies behind it?", {"problem": PROBLEM, "anonymous": False, **config},
                      section="Part 2 – Exploring the findings", prompt="Add the causes you see behind the problem.")
    start(ic, wid, fb)
    return fb


def cause(phone, fb, bone, text, parent=None) -> str:
    ack = send(phone.socket, "fishbone.add", {"bone": bone, "text": text, "parent": parent}, fb)
    assert ack["ok"], ack
    return ack["private"]["mine"][-1]


def test_causes_from_phones_reach_board_and_console_alike(app, ic, open_workshop):
    wid = open_workshop
    fb = add_fishbone(ic, wid)
    console, screen = ic.socket(wid), board(app, wid)
    jo, sam = Phone(app, wid, "Jo"), Phone(app, wid, "Sam")

    c1 = cause(jo, fb, "b4", "CPD on adaptive teaching was a one-off")
    c2 = cause(sam, fb, "b1", "Adaptations vary from room to room")
    c3 = cause(sam, fb, "b4", "Nobody followed the INSET up", parent=c1)
    rude = cause(jo, fb, "b3", "something rude")
    assert ic.step(wid, "fishbone.hide", {"cause": rude}, fb)["ok"]

    on_board = view(screen)
    assert on_board["problem"] == PROBLEM
    assert [b["title"] for b in on_board["bones"]][:4] == ["Teaching and learning", "Curriculum", "Pupils", "Staff and CPD"]
    assert [(c["id"], c["bone"], c["parent"]) for c in on_board["causes"]] == [
        (c1, "b4", None), (c2, "b1", None), (c3, "b4", c1)]
    in_console = view(console)
    assert [c["id"] for c in in_console["causes"] if not c["hidden"]] == [c["id"] for c in on_board["causes"]]
    assert [c["id"] for c in in_console["causes"] if c["hidden"]] == [rude]
    assert view(jo.socket)["causes"] == on_board["causes"]
    assert on_board["causes"][0]["author"] == "Jo"

    # a phone edits and deletes only its own
    assert send(jo.socket, "fishbone.edit", {"cause": c1, "text": "CPD was a one-off INSET"}, fb)["ok"]
    assert send(jo.socket, "fishbone.edit", {"cause": c2, "text": "mine now"}, fb)["error"] == "forbidden"
    assert send(sam.socket, "fishbone.delete", {"cause": c3}, fb)["ok"]
    assert [c["text"] for c in view(screen)["causes"]] == ["CPD was a one-off INSET", "Adaptations vary from room to room"]


def test_bad_intents_change_nothing(app, ic, open_workshop):
    wid = open_workshop
    fb = add_fishbone(ic, wid)
    console = ic.socket(wid)
    jo = Phone(app, wid, "Jo")
    c1 = cause(jo, fb, "b2", "Schemes of work assume one route")
    assert ic.step(wid, "fishbone.hide", {"cause": c1}, fb)["ok"]
    before = last_state(console)["version"]
    for kind, payload, code in [
        ("fishbone.add", {"bone": "b9", "text": "x", "parent": None}, "not_found"),
        ("fishbone.add", {"bone": "b1", "text": "   ", "parent": None}, "empty"),
        ("fishbone.add", {"bone": "b1", "text": "x" * 161, "parent": None}, "too_long"),
        ("fishbone.add", {"bone": "b1", "text": "why", "parent": "c999"}, "not_found"),
        ("fishbone.add", {"bone": "b2", "text": "why", "parent": c1}, "closed"),
        ("fishbone.edit", {"cause": c1, "text": "sneaky"}, "closed"),
        ("fishbone.hide", {"cause": c1}, "forbidden"),
        ("fishbone.bones", {"bones": [{"title": "Mine"}]}, "forbidden"),
        ("fishbone.problem", {"text": "mine"}, "forbidden"),
        ("fishbone.mark", {"cause": c1}, "closed"),
    ]:
        ack = send(jo.socket, kind, payload, fb)
        assert ack["ok"] is False and ack["error"] == code, (kind, ack)
    assert ic.step(wid, "fishbone.bones", {"bones": [{"id": "b1", "title": "Teaching"}]}, fb)["error"] == "conflict"
    assert last_state(ic.socket(wid))["version"] == before


def test_marks_stay_private_until_the_reveal(app, ic, open_workshop):
    wid = open_workshop
    fb = add_fishbone(ic, wid, anonymous=True, budget=2)
    screen = board(app, wid)
    jo, sam, aisha = (Phone(app, wid, n) for n in ("Jo", "Sam", "Aisha"))
    a = cause(jo, fb, "b1", "Adaptations vary from room to room")
    b = cause(sam, fb, "b4", "No joint planning time with TAs")
    c = cause(aisha, fb, "b5", "SEND data stays with SLT")
    hidden = cause(aisha, fb, "b5", "hidden remark")
    assert ic.step(wid, "fishbone.hide", {"cause": hidden}, fb)["ok"]
    assert send(jo.socket, "fishbone.mark", {"cause": a}, fb)["error"] == "closed"  # marking not started
    assert ic.step(wid, "fishbone.settings", {"marking": True}, fb)["ok"]
    for phone in (jo, sam, aisha, screen):
        (phone.socket if isinstance(phone, Phone) else phone).get_received()  # from here on, check everything

    assert send(jo.socket, "fishbone.mark", {"cause": b}, fb)["private"]["marks"] == [b]
    assert send(sam.socket, "fishbone.mark", {"cause": b}, fb)["ok"]
    ack = send(aisha.socket, "fishbone.mark", {"cause": a}, fb)
    assert ack["private"]["marks"] == [a] and ack["private"]["left"] == 1
    assert send(aisha.socket, "fishbone.mark", {"cause": c}, fb)["ok"]
    assert send(aisha.socket, "fishbone.mark", {"cause": b}, fb)["error"] == "limit"
    assert send(aisha.socket, "fishbone.mark", {"cause": hidden}, fb)["error"] == "closed"

    console = view(ic.socket(wid))
    assert {x["id"]: x["votes"] for x in console["causes"] if not x["hidden"]} == {a: 1, b: 2, c: 1}
    assert console["marked_by"] == 3
    for who, marks in ((jo, [b]), (sam, [b]), (aisha, [a, c])):
        states, privates = received(who.socket)
        assert states and privates is not None
        for state in states:
            sent = json.dumps(state)
            assert '"votes"' not in sent and "marked_by" not in sent and "hidden remark" not in sent
            assert state["activity"]["view"]["results"] is False
            assert all(x["author"] is None for x in state["activity"]["view"]["causes"])  # anonymous activity
            assert state["participants"] == []
        for private in privates:
            assert set(private["private"]["marks"]) <= set(marks)
    states, _ = received(screen)
    assert states and all('"votes"' not in json.dumps(s) for s in states)

    assert ic.step(wid, "activity.reveal", activity=fb)["ok"]
    assert {x["id"]: x["votes"] for x in view(screen)["causes"]} == {a: 1, b: 2, c: 1}
    assert {x["id"]: x["votes"] for x in view(jo.socket)["causes"]} == {a: 1, b: 2, c: 1}
    assert all(x["author"] is None for x in view(ic.socket(wid))["causes"])


def test_cards_come_in_on_a_bone_and_root_causes_travel_on(app, ic, open_workshop):
    wid = open_workshop
    wall = walls(wid)[0]
    jo = Phone(app, wid, "Jo")
    idea = send(jo.socket, "idea.add", {"text": "Passports are too long"}, wall)["private"]["mine"][0]
    fb = add_fishbone(ic, wid)
    assert ic.step(wid, "activity.import", {"from": wall, "bone": "b2"}, fb)["ok"]
    assert ic.step(wid, "activity.import", {"from": wall, "bone": "b99"}, fb)["error"] == "not_found"
    console = ic.socket(wid)
    brought = view(console)["causes"]
    assert [(x["text"], x["bone"], x["source"]) for x in brought] == [
        ("Passports are too long", "b2", {"activity": wall, "card": idea})]

    c1 = cause(jo, fb, "b4", "No joint planning time")
    sub = cause(jo, fb, "b4", "TA contracts end at 3pm", parent=c1)
    assert ic.step(wid, "fishbone.settings", {"mode": "pick"}, fb)["ok"]
    assert ic.step(wid, "fishbone.root", {"cause": sub, "root": True}, fb)["ok"]
    assert ic.step(wid, "fishbone.root", {"cause": brought[0]["id"], "root": True}, fb)["ok"]
    assert ic.step(wid, "fishbone.move", {"cause": brought[0]["id"], "bone": "b3"}, fb)["ok"]
    # the facilitator's last step can be undone
    assert ic.step(wid, "undo")["ok"]
    assert view(ic.socket(wid))["causes"][0]["bone"] == "b2"

    later = add_wall(ic, wid, "Ideas for action")
    assert ic.step(wid, "activity.import", {"from": fb}, later)["ok"]
    assert ic.step(wid, "control.goto", {"activity": later})["ok"]
    cards = view(ic.socket(wid))["cards"]
    assert [(c["text"], c["source"]) for c in cards] == [  # no votes: in the order added
        ("Passports are too long", {"activity": fb, "card": brought[0]["id"]}),
        ("TA contracts end at 3pm", {"activity": fb, "card": sub})]
