"""Five whys through the live engine: phones propose, the facilitator accepts, branches, votes,
marks root causes; the board and console agree; phones never see what they may not; root
causes travel to a later activity with their source."""
from __future__ import annotations

import json

from support import add_activity, add_wall, board, last_state, Phone, received, send, start, walls

PROBLEM = "Pupils with SEND in KS3 make less progress than their peers"


def view(client) -> dict:
    return last_state(client)["activity"]["view"]


def add_whys(ic, wid, **config) -> int:
    fw = add_activity(ic, wid, "five_whys", "Why is this happening?", {"problem": PROBLEM, **config},
                      section="Part 2 – Exploring the findings", prompt="Ask why until we reach a root cause.")
    start(ic, wid, fw)
    return fw


def answer(phone, text, fw, parent=None) -> str:
    payload = {"text": text} if parent is None else {"text": text, "parent": parent}
    ack = send(phone.socket, "whys.answer", payload, fw)
    assert ack["ok"], ack
    return ack["private"]["mine"][-1]["id"]


def test_a_chain_is_built_from_phones_to_a_root_cause(app, ic, open_workshop):
    wid = open_workshop
    fw = add_whys(ic, wid)
    console, screen = ic.socket(wid), board(app, wid)
    jo, sam, aisha = (Phone(app, wid, n) for n in ("Jo", "Sam", "Aisha"))

    a1 = answer(jo, "Adaptations vary from room to room", fw)
    a2 = answer(sam, "TAs are briefed at the door", fw)
    assert view(screen)["question"] == {"id": "problem", "text": PROBLEM, "why": 1, "root_cause": False}
    assert [a["text"] for a in view(aisha.socket)["answers"]] == ["Adaptations vary from room to room",
                                                                  "TAs are briefed at the door"]

    # a phone can't take a facilitator step, and nothing changes when it tries
    before = last_state(console)["version"]
    for kind, payload in [("whys.accept", {"answer": a1}), ("whys.root", {"answer": a1, "root": True}),
                          ("whys.problem", {"text": "mine"}), ("whys.vote_start", {})]:
        ack = send(jo.socket, kind, payload, fw)
        assert ack["ok"] is False and ack["error"] == "forbidden", ack
    assert send(jo.socket, "whys.edit", {"answer": a2, "text": "not mine"}, fw)["error"] == "forbidden"
    assert send(jo.socket, "whys.answer", {"text": "   "}, fw)["error"] == "empty"
    assert send(jo.socket, "whys.answer", {"text": "x" * 201}, fw)["error"] == "too_long"
    assert ic.step(wid, "whys.accept", {"answer": "c9999"}, fw)["error"] == "not_found"
    assert last_state(ic.socket(wid))["version"] == before  # nothing was applied

    # accept one (the next why) and a second as a branch; the phone edits its own proposal first
    assert send(sam.socket, "whys.edit", {"answer": a2, "text": "TAs are briefed at the classroom door"}, fw)["ok"]
    assert ic.step(wid, "whys.accept", {"answer": a1}, fw)["ok"]
    assert ic.step(wid, "whys.accept", {"answer": a2, "follow": False}, fw)["ok"]
    assert send(jo.socket, "whys.edit", {"answer": a1, "text": "too late"}, fw)["error"] == "closed"
    room = view(screen)
    assert room["question"] == {"id": a1, "text": "Adaptations vary from room to room", "why": 2, "root_cause": False}
    assert [c["path"] for c in room["chains"]] == [[a1], [a2]]

    b1 = answer(aisha, "Pupil passports are not used in planning", fw)
    b2 = answer(jo, "No shared CPD on adaptive teaching", fw)
    assert ic.step(wid, "whys.accept", {"answer": b1}, fw)["ok"]
    assert ic.step(wid, "whys.root", {"answer": a1, "root": True}, fw)["error"] == "conflict"  # not a leaf
    assert ic.step(wid, "whys.root", {"answer": b1, "root": True}, fw)["ok"]
    assert ic.step(wid, "whys.readback", {"on": True}, fw)["ok"]

    # the board and the console see the same chain
    fac, room = view(console), view(screen)
    for key in ("problem", "current", "question", "chains", "readback", "target"):
        assert fac[key] == room[key], key
    assert [c for c in room["chains"] if c["root_cause"]] == [{"path": [a1, b1], "root_cause": True}]
    assert {a["id"] for a in room["answers"]} == {a1, a2, b1, b2}

    # the other branch goes on by itself
    assert ic.step(wid, "whys.current", {"node": a2}, fw)["ok"]
    c1 = answer(sam, "No time in the timetable to plan with TAs", fw)
    assert ic.step(wid, "whys.accept", {"answer": c1}, fw)["ok"]
    assert ic.step(wid, "whys.root", {"answer": c1, "root": True}, fw)["ok"]
    assert view(jo.socket)["question"]["root_cause"] is True
    assert send(jo.socket, "whys.answer", {"text": "below a root cause"}, fw)["error"] == "conflict"

    # root causes go on to a later activity as cards, keeping where they came from
    wall = add_wall(ic, wid, "Ideas for action")
    assert ic.step(wid, "activity.import", {"from": fw}, wall)["ok"]
    assert ic.step(wid, "control.goto", {"activity": wall})["ok"]
    brought = last_state(ic.socket(wid))["activity"]["view"]["cards"]
    assert [(c["text"], c["source"]) for c in brought] == [
        ("Pupil passports are not used in planning", {"activity": fw, "card": b1}),
        ("No time in the timetable to plan with TAs", {"activity": fw, "card": c1})]


def test_a_vote_stays_hidden_until_revealed_and_each_phone_sees_its_own(app, ic, open_workshop):
    wid = open_workshop
    fw = add_whys(ic, wid)
    console, screen = ic.socket(wid), board(app, wid)
    phones = [Phone(app, wid, n) for n in ("Jo", "Sam", "Aisha", "Bea")]
    ids = [answer(p, f"reason {n}", fw) for n, p in enumerate(phones[:3])]
    assert send(phones[0].socket, "whys.vote", {"answer": ids[0]}, fw)["error"] == "closed"  # no vote yet
    assert ic.step(wid, "whys.vote_start", {}, fw)["ok"]
    for client in (screen, *[p.socket for p in phones]):
        client.get_received()

    choices = [ids[1], ids[1], ids[0], ids[1]]
    for phone, choice in zip(phones, choices):
        ack = send(phone.socket, "whys.vote", {"answer": choice}, fw)
        assert ack["ok"] and ack["private"]["vote"] == choice
    # Jo withdraws their proposal? Not while it is in the vote.
    assert send(phones[0].socket, "whys.withdraw", {"answer": ids[0]}, fw)["error"] == "conflict"
    assert ic.step(wid, "whys.vote", {"answer": ids[0]}, fw)["error"] == "forbidden"

    assert view(console)["vote"]["tally"] == {ids[0]: 1, ids[1]: 3, ids[2]: 0}  # the facilitator sees it
    for client in (screen, *[p.socket for p in phones]):
        states, privates = received(client)
        assert states, "every screen got the updates"
        for state in states:
            vote = state["activity"]["view"]["vote"]
            assert vote["tally"] is None and vote["voters"] <= 4
            assert "ballots" not in json.dumps(state)
        if client is not screen:
            mine = next(p for p in phones if p.socket is client)
            own = choices[phones.index(mine)]
            assert all(p["private"]["vote"] in (None, own) for p in privates)
    sync = phones[3].socket.emit("sync", {"version": 0}, callback=True)
    assert sync["ok"]
    _, privates = received(phones[3].socket)
    assert privates[-1]["private"]["vote"] == ids[1]

    assert ic.step(wid, "whys.vote_end", {}, fw)["ok"]
    assert send(phones[2].socket, "whys.vote", {"answer": ids[2]}, fw)["error"] == "closed"
    assert ic.step(wid, "activity.reveal", activity=fw)["ok"]
    for client in (screen, phones[2].socket):
        assert view(client)["vote"]["tally"] == {ids[0]: 1, ids[1]: 3, ids[2]: 0}
    assert ic.step(wid, "whys.accept", {"answer": ids[1]}, fw)["ok"]
    assert view(screen)["current"] == ids[1]


def test_phones_never_receive_ids_anonymous_authors_or_rejected_answers(app, ic, open_workshop):
    wid = open_workshop
    fw = add_whys(ic, wid, anonymous=True)
    screen = board(app, wid)
    quinn, jo = Phone(app, wid, "Quinnberly Stone"), Phone(app, wid, "Jo")
    for client in (screen, quinn.socket, jo.socket):
        client.get_received()
    kept = answer(quinn, "We never see the SEND data", fw)
    gone = answer(quinn, "An unkind remark about a colleague", fw)
    assert ic.step(wid, "whys.reject", {"answer": gone}, fw)["ok"]
    assert send(quinn.socket, "whys.edit", {"answer": gone, "text": "sorry"}, fw)["error"] == "closed"
    assert ic.step(wid, "whys.accept", {"answer": gone}, fw)["error"] == "conflict"

    screen_states, _ = received(screen)
    jo_states, jo_private = received(jo.socket)
    everything = json.dumps([screen_states, jo_states, jo_private])
    assert "We never see the SEND data" in everything
    assert "Quinnberly" not in everything
    assert '"participant"' not in json.dumps([s["activity"] for s in jo_states])
    for state in (screen_states[-1], jo_states[-1]):
        assert "An unkind remark" not in json.dumps(state)
        assert all(a["author"] is None for a in state["activity"]["view"]["answers"])
    # the author sees their own answers, with what became of them
    mine = {a["id"]: a["status"] for a in last_private(quinn)["mine"]}
    assert mine == {kept: "proposed", gone: "rejected"}
    assert last_private(jo)["mine"] == []


def last_private(phone) -> dict:
    assert phone.socket.emit("sync", {"version": 0}, callback=True)["ok"]
    return received(phone.socket)[1][-1]["private"]


def test_cards_from_an_earlier_activity_become_proposed_answers(app, ic, open_workshop):
    wid = open_workshop
    first = walls(wid)[0]
    jo = Phone(app, wid, "Jo")
    card = send(jo.socket, "idea.add", {"text": "Passports are too long"}, first)["private"]["mine"][0]
    fw = add_whys(ic, wid)
    assert ic.step(wid, "activity.import", {"from": first}, fw)["ok"]
    got = view(ic.socket(wid))["answers"]
    assert [(a["text"], a["status"], a["parent"], a["source"]) for a in got] == [
        ("Passports are too long", "proposed", "problem", {"activity": first, "card": card})]
    # or the first card frames the problem
    assert ic.step(wid, "activity.import", {"from": first, "top": 1, "as": "problem"}, fw)["ok"]
    assert view(board(app, wid))["problem"] == "Passports are too long"
