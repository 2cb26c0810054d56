"""Diamond nine through the live engine: nine ideas come in, phones build diamonds, the group's is revealed."""
from __future__ import annotations

import json

from support import add_activity, board, last_state, Phone, send

ROWS = [1, 2, 2, 3, 3, 3, 4, 4, 5]


def ideas_wall(app, ic, wid, texts):
    wall = add_activity(ic, wid, "idea_wall", "Ideas for action")
    assert ic.step(wid, "control.goto", {"activity": wall})["ok"]
    assert ic.step(wid, "activity.open", activity=wall)["ok"]
    writer = Phone(app, wid, "Writer")
    ids = [send(writer.socket, "idea.add", {"text": t}, wall)["private"]["mine"][-1] for t in texts]
    return wall, ids


def received(client):
    return client.get_received()


def test_a_diamond_nine_from_import_to_agreed_outcome(app, ic, open_workshop):
    wid = open_workshop
    texts = [f"Action idea number {n}" for n in range(11)]
    wall, idea_ids = ideas_wall(app, ic, wid, texts)
    diamond = add_activity(ic, wid, "diamond_nine", "Rank the ideas")
    later = add_activity(ic, wid, "idea_wall", "Agree the actions")

    # eleven candidates arrive; the first nine are chosen; the facilitator swaps one
    assert ic.step(wid, "activity.import", {"from": wall}, diamond)["ok"]
    assert ic.step(wid, "control.goto", {"activity": diamond})["ok"]
    console, screen = ic.socket(wid), board(app, wid)
    view = last_state(console)["activity"]["view"]
    assert view["candidates"] == 11 and view["chosen"] == 9
    assert [i["source"]["card"] for i in view["items"]] == idea_ids
    item_ids = [i["id"] for i in view["items"]]
    nine = [*item_ids[:8], item_ids[10]]
    assert ic.step(wid, "diamond.select", {"items": [*nine, item_ids[9]]}, diamond)["error"] == "limit"
    assert ic.step(wid, "diamond.select", {"items": nine}, diamond)["ok"]

    phones = [Phone(app, wid, name) for name in ("Jo", "Sam", "Aisha")]
    # input is not open yet
    assert send(phones[0].socket, "diamond.place", {"item": nine[0], "slot": 0}, diamond)["error"] == "closed"
    assert ic.step(wid, "activity.open", activity=diamond)["ok"]
    for client in (console, screen, *[p.socket for p in phones]):
        received(client)

    orders = [nine, [nine[1], nine[0], *nine[2:]], [nine[0], *reversed(nine[1:])]]
    for phone, order in zip(phones, orders):
        for slot, item in enumerate(order):
            ack = send(phone.socket, "diamond.place", {"item": item, "slot": slot}, diamond)
            assert ack["ok"], ack
        assert ack["private"] == {"activity": diamond, "diamond": order}
    # a tenth statement, a slot outside the diamond, the facilitator ranking: refused
    assert send(phones[0].socket, "diamond.place", {"item": item_ids[9], "slot": 0}, diamond)["error"] == "limit"
    assert send(phones[0].socket, "diamond.place", {"item": nine[0], "slot": 9}, diamond)["error"] == "bad_request"
    assert send(console, "diamond.place", {"item": nine[0], "slot": 0}, diamond)["error"] == "forbidden"
    assert send(phones[0].socket, "diamond.lock", {}, diamond)["error"] == "forbidden"
    assert send(phones[0].socket, "activity.reveal", {}, diamond)["error"] == "forbidden"

    # before the reveal: the facilitator sees the group's diamond live, the board and phones only progress
    fac_view = last_state(console)["activity"]["view"]
    board_view = last_state(screen)["activity"]["view"]
    # means: nine[0] 4/3; nine[2] rows 2,2,4 and nine[1] rows 2,1,5 both 8/3: the smaller spread goes first
    assert [s["item"] for s in fac_view["diamond"]][:3] == [nine[0], nine[2], nine[1]]
    assert not fac_view["diamond"][1]["tied"]  # a tie inside one row changes nothing
    assert board_view["diamond"] is None and board_view["complete"] == 3
    assert [i["id"] for i in board_view["items"]] == nine
    for n, phone in enumerate(phones):
        messages = received(phone.socket)
        pushed = [m["args"][0] for m in messages if m["name"] == "state"]
        assert pushed and pushed[-1]["activity"]["view"] == board_view
        for body in pushed:
            assert body["activity"]["view"]["diamond"] is None
        for m in messages:
            if m["name"] == "private":
                assert m["args"][0]["private"]["diamond"] == orders[n]
        text = json.dumps(messages)
        assert "mean_row" not in text and "per_row" not in text
        for other in orders[:n] + orders[n + 1:]:
            assert json.dumps(other) not in text or other == orders[n]

    # reveal: board, phones and facilitator agree
    assert ic.step(wid, "activity.reveal", activity=diamond)["ok"]
    revealed = last_state(screen)["activity"]["view"]["diamond"]
    assert revealed == last_state(console)["activity"]["view"]["diamond"]
    assert revealed == last_state(phones[2].socket)["activity"]["view"]["diamond"]
    assert [s["row"] for s in revealed] == ROWS
    top = revealed[0]
    assert top["item"] == nine[0] and top["mean_row"] == 1.33 and top["n"] == 3

    # the facilitator adjusts and locks; the agreed diamond is fixed
    assert ic.step(wid, "diamond.adjust", {"item": nine[8], "slot": 0}, diamond)["ok"]
    assert ic.step(wid, "diamond.lock", {}, diamond)["ok"]
    assert send(phones[0].socket, "diamond.place", {"item": nine[0], "slot": 8}, diamond)["error"] == "closed"
    locked = last_state(screen)["activity"]["view"]
    assert locked["locked"] and locked["diamond"][0]["item"] == nine[8] and locked["diamond"][0]["moved"]

    # the top three travel on, keeping where they came from
    assert ic.step(wid, "activity.import", {"from": diamond, "top": 3}, later)["ok"]
    assert ic.step(wid, "control.goto", {"activity": later})["ok"]
    cards = last_state(ic.socket(wid))["activity"]["view"]["cards"]
    assert [c["source"] for c in cards] == [{"activity": diamond, "card": i} for i in (nine[8], nine[2], nine[1])]
    assert [c["text"] for c in cards] == [texts[10], texts[2], texts[1]]


def test_the_top_nine_of_an_earlier_activity_arrive_ready(app, ic, open_workshop):
    wid = open_workshop
    wall, _ = ideas_wall(app, ic, wid, [f"idea {n}" for n in range(12)])
    diamond = add_activity(ic, wid, "diamond_nine", "Rank")
    assert ic.step(wid, "activity.import", {"from": wall, "top": 9}, diamond)["ok"]
    assert ic.step(wid, "control.goto", {"activity": diamond})["ok"]
    view = last_state(board(app, wid))["activity"]["view"]
    assert view["ready"] and view["candidates"] == 9
    assert [i["text"] for i in view["items"]] == [f"idea {n}" for n in range(9)]
    # undo of the import, like any facilitator step
    assert ic.step(wid, "undo")["ok"]  # the goto
    assert ic.step(wid, "undo")["ok"]  # the import
    assert ic.step(wid, "control.goto", {"activity": diamond})["ok"]
    assert last_state(ic.socket(wid))["activity"]["view"]["candidates"] == 0
