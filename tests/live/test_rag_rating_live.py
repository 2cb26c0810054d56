"""RAG rating through the live engine: phones rate, the room sees the spread only after the reveal,
the facilitator agrees a rating, and the outcomes go on to a later activity."""
from __future__ import annotations

import json

from support import Phone, board, send, states, walls

QUESTIONS = ["How well do adaptations in KS3 lessons reflect what pupil passports say?",
             "How well briefed are teaching assistants before lessons?",
             "How well does SEND information reach heads of department?"]
RATINGS = ("red", "amber", "green")


def view(client) -> dict:
    got = states(client)
    if got:
        client.latest_state = got[-1]
    return client.latest_state["activity"]["view"]


def _last_agenda_id(console) -> int:
    got = states(console)
    if got:
        console.latest_state = got[-1]
    return console.latest_state["agenda"][-1]["id"]


def test_phones_rate_the_room_sees_nothing_until_the_reveal(app, ic, open_workshop):
    wid = open_workshop
    console, screen = ic.socket(wid), board(app, wid)
    ack = send(console, "agenda.add", {"tool": "rag_rating", "title": "Where are we now?",
                                      "prompt": "Rate each one red, amber or green.",
                                      "section": "Part 1 – Review feedback", "after": None,
                                      "config": {"items": QUESTIONS}})
    assert ack["ok"]
    rag = _last_agenda_id(console)
    assert ic.step(wid, "control.goto", {"activity": rag})["ok"]
    assert ic.step(wid, "activity.open", activity=rag)["ok"]
    ids = [i["id"] for i in view(console)["items"]]
    phones = [Phone(app, wid, f"Teacher {n}") for n in range(9)]
    received = {n: [] for n in range(len(phones))}
    acks = {n: [] for n in range(len(phones))}

    # question 0: 5 red, 3 amber, 1 green; question 1: 3 amber, 3 green (a tie); question 2: nobody
    plan = {0: ["red"] * 5 + ["amber"] * 3 + ["green"], 1: ["amber"] * 3 + ["green"] * 3}
    for q, ratings in plan.items():
        for n, rating in enumerate(ratings):
            comment = "Seen it in maths" if (q, n) == (0, 0) else None
            payload = {"item": ids[q], "rating": rating, **({"comment": comment} if comment else {})}
            acks[n].append(send(phones[n].socket, "rag.rate", payload, rag))
    # one phone changes its mind, another withdraws
    acks[8].append(send(phones[8].socket, "rag.rate", {"item": ids[0], "rating": "red"}, rag))
    acks[7].append(send(phones[7].socket, "rag.clear", {"item": ids[0]}, rag))
    for n, phone in enumerate(phones):
        received[n].extend(phone.socket.get_received())
        assert all(a["ok"] for a in acks[n]), acks[n]

    assert acks[0][-1]["private"]["ratings"][ids[0]] == {"rating": "red", "comment": "Seen it in maths"}
    assert acks[8][-1]["private"]["ratings"] == {ids[0]: {"rating": "red", "comment": ""}}
    assert ids[0] not in acks[7][-1]["private"]["ratings"]

    # facilitator: 6 red, 2 amber (phone 7 withdrew), 0 green; the tie on question 1 suggests amber
    fac = {i["id"]: i for i in view(console)["items"]}
    assert fac[ids[0]]["distribution"] == {"red": 6, "amber": 2, "green": 0}
    assert fac[ids[1]]["distribution"] == {"red": 0, "amber": 3, "green": 3}
    assert (fac[ids[1]]["suggested"], fac[ids[1]]["rag"]) == ("amber", "amber")
    assert fac[ids[2]]["rag"] is None
    assert fac[ids[0]]["comments"] == [{"rating": "red", "text": "Seen it in maths"}]

    # nothing about anyone's ratings reached the board or a phone before the reveal
    room = view(screen)
    assert room["shown"] is False and room["raters"] == 8  # phone 7 withdrew its only rating
    assert all(set(i) == {"id", "text", "author", "source"} for i in room["items"])
    for n in received:
        own = {ids[q] for q, ratings in plan.items() if n < len(ratings)}
        for message in received[n]:
            payload = message["args"][0]
            if message["name"] == "state" and payload["activity"]:
                text = json.dumps(payload["activity"])
                assert not any(f'"{r}"' in text for r in RATINGS) and "distribution" not in text
                assert "Seen it in maths" not in text
            elif message["name"] == "private":
                assert set(payload["private"].get("ratings", {})) <= own
        for ack in acks[n]:
            assert set(ack["private"]["ratings"]) <= own
            if n != 0:
                assert "Seen it in maths" not in json.dumps(ack)

    assert send(phones[0].socket, "rag.agree", {"item": ids[1], "rating": "green"}, rag)["error"] == "forbidden"
    assert send(console, "rag.agree", {"item": ids[1], "rating": "green"}, rag)["ok"]
    assert send(console, "rag.rate", {"item": ids[1], "rating": "green"}, rag)["error"] == "forbidden"
    assert send(phones[0].socket, "rag.rate", {"item": ids[1], "rating": "blue"}, rag)["error"] == "bad_request"
    assert ic.step(wid, "activity.reveal", activity=rag)["ok"]

    seen = [view(screen), view(phones[3].socket), view(console)]
    assert seen[0] == seen[1] == seen[2]
    by_id = {i["id"]: i for i in seen[0]["items"]}
    assert (by_id[ids[0]]["rag"], by_id[ids[1]]["rag"], by_id[ids[1]]["agreed"]) == ("red", "green", "green")
    assert by_id[ids[0]]["comments"] == [{"rating": "red", "text": "Seen it in maths"}]
    assert "Teacher" not in json.dumps(seen[0])

    # the red ones first: the top one goes on to a later idea wall, keeping its source
    wall = walls(wid)[-1]
    assert ic.step(wid, "activity.import", {"from": rag, "top": 1}, wall)["ok"]
    assert ic.step(wid, "control.goto", {"activity": wall})["ok"]
    brought = view(console)["cards"][-1]
    assert (brought["text"], brought["source"]) == (QUESTIONS[0], {"activity": rag, "card": ids[0]})


def test_items_from_an_idea_wall_and_facilitator_item_steps(app, ic, open_workshop):
    wid = open_workshop
    console = ic.socket(wid)
    first = walls(wid)[0]
    jo = Phone(app, wid, "Jo")
    card = send(jo.socket, "idea.add", {"text": "TAs see the plan the day before"}, first)["private"]["mine"][0]
    assert send(console, "agenda.add", {"tool": "rag_rating", "title": "Progress on actions", "prompt": "",
                                        "section": "Follow-up", "after": None})["ok"]
    rag = _last_agenda_id(console)
    assert ic.step(wid, "activity.import", {"from": first}, rag)["ok"]
    assert ic.step(wid, "activity.import", {"from": first}, rag)["error"] == "conflict"  # already here
    assert send(console, "rag.item_add", {"text": "Passports rewritten"}, rag)["ok"]
    assert ic.step(wid, "control.goto", {"activity": rag})["ok"]
    assert ic.step(wid, "activity.open", activity=rag)["ok"]
    items = view(console)["items"]
    assert [(i["text"], i["source"]) for i in items] == [
        ("TAs see the plan the day before", {"activity": first, "card": card}), ("Passports rewritten", None)]
    assert send(jo.socket, "rag.rate", {"item": items[0]["id"], "rating": "amber"}, rag)["ok"]
    assert send(console, "rag.item_remove", {"item": items[0]["id"]}, rag)["error"] == "conflict"
    assert send(console, "rag.item_edit", {"item": items[1]["id"], "text": "Passports rewritten (Y7)"}, rag)["ok"]
    assert send(console, "rag.item_remove", {"item": items[1]["id"]}, rag)["ok"]
    assert send(jo.socket, "rag.rate", {"item": items[1]["id"], "rating": "red"}, rag)["error"] == "not_found"
    assert send(console, "rag.settings", {"live": True}, rag)["ok"]
    shown = view(board(app, wid))
    assert shown["shown"] is True and shown["items"][0]["distribution"] == {"red": 0, "amber": 1, "green": 0}
