"""The response round through the live engine: phones respond, the room sees only a count until
the reveal, then the responses in turn with the surprise distribution; outcomes travel on."""
from __future__ import annotations

import json

from support import add_activity, board, Phone, Seen, send, start, walls

MESSAGES = ["Pupils with SEND feel safe and well known.", "Adaptations varied a lot from room to room."]


def add_round(ic, wid, config=None) -> int:
    rr = add_activity(ic, wid, "response_round", "Our response to the key messages",
                      {"messages": MESSAGES, **(config or {})}, section="Part 1 – Review feedback",
                      prompt="How much is a surprise? What's our view?")
    start(ic, wid, rr)
    return rr


def test_responses_are_counted_then_taken_in_turn_after_the_reveal(app, ic, open_workshop):
    wid = open_workshop
    rr = add_round(ic, wid)
    console, screen = Seen(ic.socket(wid)), Seen(board(app, wid))
    names = ["Jo Quill", "Sam Rook", "Aisha Wren"]
    phones = [Phone(app, wid, n) for n in names]
    seen = [Seen(p.socket) for p in phones]
    views = ["We knew most of it", "The TA point is news to me", "Fair"]
    acks = [send(p.socket, "response.submit", {"surprise": s, "view": v}, rr)
            for p, s, v in zip(phones, (2, 4, 2), views)]
    assert all(a["ok"] for a in acks)
    assert acks[0]["private"]["mine"] == {"id": f"c{acks[0]['version']}", "surprise": 2, "view": "We knew most of it"}
    # resubmitting replaces Jo's own response, in the same turn
    again = send(phones[0].socket, "response.submit", {"surprise": 3, "view": "We knew most of it, mostly"}, rr)
    assert again["private"]["mine"]["id"] == acks[0]["private"]["mine"]["id"]

    # before the reveal: the board and phones know how many, nothing else
    for client in (screen, *seen):
        v = client.view()
        assert v["count"] == 3 and v["responses"] == [] and v["distribution"] is None
        assert v["messages"] == MESSAGES
    for n, client in enumerate(seen):
        text = client.text()
        others = [views[k] for k in range(3) if k != n]
        assert not any(o in text for o in others), f"phone {n} saw another response before the reveal"
        assert not any(name in text for name in names if name != names[n])
    assert "The TA point" not in screen.text()
    assert len(console.view()["responses"]) == 3  # the facilitator sees them to run the round

    # a phone can't steer the turn
    assert send(phones[1].socket, "response.next", {}, rr)["error"] == "forbidden"

    assert ic.step(wid, "activity.reveal", activity=rr)["ok"]
    assert ic.step(wid, "response.next", {}, rr)["ok"]
    board_view, fac_view = screen.view(), console.view()
    assert (board_view["position"], board_view["total"]) == (2, 3)
    assert board_view["current"] == fac_view["current"] == acks[1]["private"]["mine"]["id"]
    assert board_view["distribution"] == fac_view["distribution"] == [0, 1, 1, 1, 0]
    current = next(r for r in board_view["responses"] if r["id"] == board_view["current"])
    assert current == {"id": current["id"], "surprise": 4, "view": "The TA point is news to me", "author": None}
    assert seen[2].view() == board_view  # phones see what the board sees
    # anonymous by default: no name anywhere in any audience's activity
    for client in (console, screen, *seen):
        acts = [m["args"][0].get("activity") for m in client.pull() if m["name"] == "state"]
        assert not any(n in json.dumps(acts) for n in names)

    # hiding the response on show moves the turn on, for everyone
    assert ic.step(wid, "response.hide", {"response": current["id"]}, rr)["ok"]
    board_view = screen.view()
    assert (board_view["position"], board_view["total"]) == (2, 2)
    assert "The TA point" not in json.dumps(board_view) and "The TA point" not in json.dumps(seen[0].view())
    assert any(r["hidden"] for r in console.view()["responses"])
    assert ic.step(wid, "response.next", {}, rr)["error"] == "conflict"

    # withdrawing takes a phone's response out of the round
    assert send(phones[2].socket, "response.withdraw", {}, rr)["private"]["mine"] is None
    assert screen.view()["total"] == 1


def test_outcomes_go_on_to_a_later_activity_keeping_their_source(app, ic, open_workshop):
    wid = open_workshop
    rr = add_round(ic, wid, {"anonymous": False})
    phones = [Phone(app, wid, n) for n in ("Jo", "Sam", "Aisha")]
    for p, s, v in zip(phones, (2, 2, 5), ("Not news", "", "A real surprise")):
        assert send(p.socket, "response.submit", {"surprise": s, "view": v}, rr)["ok"]
    later = walls(wid)[0]
    assert ic.step(wid, "activity.import", {"from": rr}, later)["ok"]
    assert ic.step(wid, "control.goto", {"activity": later})["ok"]
    cards = Seen(ic.socket(wid)).view()["cards"]
    assert [(c["text"], c["author"]) for c in cards] == [
        ("Surprise: mostly 2 of 5 (3 responses)", None), ("Not news", "Jo"), ("A real surprise", "Aisha"),
        *((m, None) for m in MESSAGES)]  # then the key messages themselves
    assert all(c["source"]["activity"] == rr for c in cards)
    assert cards[0]["source"]["card"].endswith("-surprise")
    assert [c["source"]["card"] for c in cards[3:]] == [f"m{n}" for n in range(len(MESSAGES))]


def test_messages_are_set_by_the_facilitator_and_checked(app, ic, open_workshop):
    wid = open_workshop
    rr = add_round(ic, wid)
    phone = Phone(app, wid, "Jo")
    watch = Seen(phone.socket)
    assert ic.step(wid, "response.messages", {"messages": ["Only this one"]}, rr)["ok"]
    assert watch.view()["messages"] == ["Only this one"]
    assert ic.step(wid, "response.messages", {"messages": ["x" * 501]}, rr)["error"] == "too_long"
    assert send(phone.socket, "response.messages", {"messages": []}, rr)["error"] == "forbidden"
    assert send(phone.socket, "response.submit", {"surprise": 9}, rr)["error"] == "bad_request"
    assert ic.step(wid, "activity.close", activity=rr)["ok"]
    assert send(phone.socket, "response.submit", {"surprise": 3}, rr)["error"] == "closed"
