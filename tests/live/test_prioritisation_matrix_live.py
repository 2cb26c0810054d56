"""Prioritisation matrix through the live engine: items come in, phones rate, the grid is revealed."""
from __future__ import annotations

import json

from support import add_activity, board, last_state, Phone, send


def test_a_matrix_from_import_to_quadrant_outcomes(app, ic, open_workshop):
    wid = open_workshop
    wall = add_activity(ic, wid, "idea_wall", "Ideas for action")
    matrix = add_activity(ic, wid, "prioritisation_matrix", "Impact and effort")
    later = add_activity(ic, wid, "idea_wall", "Agree the actions")
    assert ic.step(wid, "control.goto", {"activity": wall})["ok"]
    assert ic.step(wid, "activity.open", activity=wall)["ok"]
    writer = Phone(app, wid, "Writer")
    texts = ["Joint planning time for teachers and TAs", "One-page pupil passports", "New SEND policy",
             "Rewrite every scheme of work"]
    idea_ids = [send(writer.socket, "idea.add", {"text": t}, wall)["private"]["mine"][-1] for t in texts]

    assert ic.step(wid, "activity.import", {"from": wall}, matrix)["ok"]
    assert ic.step(wid, "control.goto", {"activity": matrix})["ok"]
    assert ic.step(wid, "activity.open", activity=matrix)["ok"]
    console, screen = ic.socket(wid), board(app, wid)
    items = last_state(console)["activity"]["view"]["items"]
    assert [i["source"] for i in items] == [{"activity": wall, "card": c} for c in idea_ids]
    ids = [i["id"] for i in items]

    phones = [Phone(app, wid, name) for name in ("Jo", "Sam", "Aisha")]
    for client in (console, screen, *[p.socket for p in phones]):
        client.get_received()
    # (effort, impact) per phone and item: item 0 a quick win, 1 a fill-in, 2 a major project, 3 thankless
    ratings = [[(1, 5), (1, 2), (4, 5), (5, 1)],
               [(2, 4), (2, 1), (5, 4), (4, 2)],
               [(1, 5), (3, 3), (4, 4), (5, 2)]]
    for phone, mine in zip(phones, ratings):
        for item, (x, y) in zip(ids, mine):
            ack = send(phone.socket, "matrix.rate", {"item": item, "x": x, "y": y}, matrix)
            assert ack["ok"], ack
        assert ack["private"]["ratings"] == {i: {"x": x, "y": y} for i, (x, y) in zip(ids, mine)}
    for bad in ({"item": ids[0], "x": 6, "y": 1}, {"item": ids[0], "x": 2.5, "y": 1}, {"item": "nope", "x": 1, "y": 1}):
        assert not send(phones[0].socket, "matrix.rate", bad, matrix)["ok"]
    assert send(phones[0].socket, "matrix.place", {"item": ids[0], "x": 1, "y": 1}, matrix)["error"] == "forbidden"
    assert send(console, "matrix.rate", {"item": ids[0], "x": 1, "y": 1}, matrix)["error"] == "forbidden"

    # before the reveal: numbers for the facilitator only; phones see nobody's ratings but their own
    board_view = last_state(screen)["activity"]["view"]
    assert board_view["results"] is None and board_view["raters"] == 3 and board_view["ratings"] == 12
    fac = {r["item"]: r for r in last_state(console)["activity"]["view"]["results"]}
    assert fac[ids[0]]["mean_x"] == 1.33 and fac[ids[0]]["mean_y"] == 4.67 and fac[ids[0]]["sd_y"] == 0.47
    assert fac[ids[0]]["quadrant"] == "top_left"
    for n, phone in enumerate(phones):
        messages = phone.socket.get_received()
        pushed = [m["args"][0] for m in messages if m["name"] == "state"]
        assert pushed[-1]["activity"]["view"] == board_view
        assert all(p["activity"]["view"]["results"] is None for p in pushed)
        assert "mean_x" not in json.dumps(messages)
        assert not [m for m in messages if m["name"] == "private" and m["args"][0]["private"]["ratings"]
                    != {i: {"x": x, "y": y} for i, (x, y) in zip(ids, ratings[n])}]

    # closing input stops rating; reveal shows the same grid everywhere
    assert ic.step(wid, "activity.close", activity=matrix)["ok"]
    assert send(phones[0].socket, "matrix.rate", {"item": ids[0], "x": 2, "y": 2}, matrix)["error"] == "closed"
    assert ic.step(wid, "activity.reveal", activity=matrix)["ok"]
    shown = last_state(screen)["activity"]["view"]["results"]
    assert shown == last_state(console)["activity"]["view"]["results"] == last_state(phones[1].socket)["activity"]["view"]["results"]

    # the facilitator moves one item, then the quadrants travel on in order, quick wins first
    assert ic.step(wid, "matrix.place", {"item": ids[3], "x": 2, "y": 4.5}, matrix)["ok"]
    assert ic.step(wid, "activity.import", {"from": matrix, "top": 3}, later)["ok"]
    assert ic.step(wid, "control.goto", {"activity": later})["ok"]
    cards = last_state(ic.socket(wid))["activity"]["view"]["cards"]
    assert [c["text"] for c in cards] == [texts[0], texts[3], texts[2]]
    assert [c["source"] for c in cards] == [{"activity": matrix, "card": i} for i in (ids[0], ids[3], ids[2])]
