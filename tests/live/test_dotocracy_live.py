"""Dotocracy through the live engine: a facilitator, a board and many phones over Socket.IO."""
from __future__ import annotations

import json
from collections import Counter

from support import activities, board, last_state, Phone, send, start, states, walls

OPTIONS = ["Shared planning time for teachers and TAs", "Shorter pupil passports",
           "SEND data to heads of department every term", "Adaptive teaching CPD cycle",
           "Pupil voice on support in lessons"]


def add_dotocracy(console, config=None, title="Prioritise the ideas") -> int:
    ack = send(console, "agenda.add", {"tool": "dotocracy", "title": title, "prompt": "Which would make the biggest difference?",
                                      "section": "Part 3 – Recording and agreeing actions", "after": None, "config": config or {}})
    assert ack["ok"], ack
    return last_state(console)["agenda"][-1]["id"]


def view(client) -> dict:
    """The activity view in the latest state this client received (kept, so it can be asked twice)."""
    got = states(client)
    if got:
        client.latest_state = got[-1]
    return client.latest_state["activity"]["view"]


def counts(v) -> dict[str, int]:
    return {i["text"]: i["votes"] for i in v["items"]}


def choices(n: int) -> list[int]:
    """Phone n's three dots (option indexes); some phones put two or three on one option."""
    return [n % 5, (n * 3 + 1) % 5, (n * 7 + 2) % 5] if n % 4 else [n % 5, n % 5, (n + 1) % 5]


def test_a_hundred_phones_vote_and_nothing_leaks_before_the_reveal(app, ic, open_workshop):
    wid = open_workshop
    console, screen = ic.socket(wid), board(app, wid)
    dots = add_dotocracy(console, {"dots": 3, "per_item": 3, "items": OPTIONS})
    start(ic, wid, dots)
    ids = [i["id"] for i in view(console)["items"]]
    phones = [Phone(app, wid, f"Teacher {n:03d}") for n in range(100)]
    received: list[list[dict]] = [[] for _ in phones]  # every message each phone got, in order
    acks: list[list[dict]] = [[] for _ in phones]

    def drain():
        for n, phone in enumerate(phones):
            received[n].extend(phone.socket.get_received())

    expected: Counter = Counter()
    for n, phone in enumerate(phones):
        if n % 10 == 0:  # change of mind: a dot placed and taken back
            acks[n].append(send(phone.socket, "dots.place", {"item": ids[4]}, dots))
            acks[n].append(send(phone.socket, "dots.remove", {"item": ids[4]}, dots))
        for k in choices(n):
            acks[n].append(send(phone.socket, "dots.place", {"item": ids[k]}, dots))
            expected[OPTIONS[k]] += 1
        if n % 25 == 0:  # a fourth dot is over the budget of three
            over = send(phone.socket, "dots.place", {"item": ids[0]}, dots)
            assert over["ok"] is False and over["error"] == "limit" and "3" in over["message"]
        if n % 50 == 0:
            drain()  # keep the queues short
    drain()

    for n in range(len(phones)):
        assert all(a["ok"] for a in acks[n]), [a for a in acks[n] if not a["ok"]]
        mine = Counter(ids[k] for k in choices(n))
        assert acks[n][-1]["private"]["dots"] == dict(mine)
        assert acks[n][-1]["private"]["left"] == 0

    # The facilitator sees the exact counts at once; the room does not.
    fac = view(console)
    assert counts(fac) == {t: expected[t] for t in OPTIONS}
    assert sum(expected.values()) == 300 and fac["voters"] == 100 and fac["dots_placed"] == 300
    room = view(screen)
    assert room["shown"] is False and room["voters"] == 100 and room["dots_placed"] == 300
    assert all(set(i) == {"id", "text", "author", "source"} for i in room["items"])

    # No phone received anything about other people's dots: every state, private and ack checked.
    for n in range(len(phones)):
        own = Counter(ids[k] for k in choices(n))
        for message in received[n]:
            payload = message["args"][0]
            if message["name"] == "state":
                activity = payload["activity"]
                assert activity is None or "votes" not in json.dumps(activity), (n, activity)
                assert activity is None or all(set(i) == {"id", "text", "author", "source"}
                                               for i in activity["view"]["items"])
                assert payload["participants"] == [] and payload["agenda"] == []
            elif message["name"] == "private":
                private = payload["private"]
                assert set(private.get("dots", {})) <= set(own), (n, private)
            else:
                raise AssertionError(f"unexpected message {message['name']}")
        changed_mind = {ids[4]: 1} if n % 10 == 0 else {}
        for ack in acks[n]:
            assert set(ack["private"]["dots"]) <= set(own) | set(changed_mind), (n, ack)
            assert all(v <= own[k] + changed_mind.get(k, 0) for k, v in ack["private"]["dots"].items())
        assert any(m["name"] == "state" for m in received[n])

    assert ic.step(wid, "activity.reveal", activity=dots)["ok"]

    revealed = [view(screen), view(phones[0].socket), view(phones[99].socket), view(console)]
    for v in revealed:
        assert v["shown"] is True
        assert counts(v) == {t: expected[t] for t in OPTIONS}
    assert revealed[0] == revealed[1] == revealed[2] == revealed[3]  # board, phones and console agree
    ranks = {i["text"]: (i["rank"], i["tied"]) for i in revealed[0]["items"]}
    best = max(expected.values())
    assert [t for t, (rank, _) in ranks.items() if rank == 1] == [t for t in OPTIONS if expected[t] == best]


def test_settings_errors_and_import_into_a_later_activity(app, ic, open_workshop):
    wid = open_workshop
    console, screen = ic.socket(wid), board(app, wid)
    dots = add_dotocracy(console, {"dots": 4, "per_item": 2})
    for text in OPTIONS[:4]:
        assert send(console, "dots.item_add", {"text": text}, dots)["ok"]
    start(ic, wid, dots)
    ids = [i["id"] for i in view(console)["items"]]
    jo, sam = Phone(app, wid, "Jo"), Phone(app, wid, "Sam")

    # participants may not steer the vote
    for kind, payload in (("dots.settings", {"live": True}), ("activity.reveal", {}),
                          ("dots.item_add", {"text": "mine"}), ("dots.item_remove", {"item": ids[0]})):
        ack = send(jo.socket, kind, payload, dots)
        assert ack["ok"] is False and ack["error"] == "forbidden" and ack["message"]
    assert send(jo.socket, "dots.place", {"item": "c99999"}, dots)["error"] == "not_found"
    assert send(jo.socket, "dots.remove", {"item": ids[0]}, dots)["error"] == "conflict"

    for item in (ids[1], ids[1], ids[2]):
        assert send(jo.socket, "dots.place", {"item": item}, dots)["ok"]
    assert send(jo.socket, "dots.place", {"item": ids[1]}, dots)["error"] == "limit"  # two per option
    assert send(sam.socket, "dots.place", {"item": ids[2]}, dots)["ok"]
    ack = send(sam.socket, "dots.place", {"item": ids[3]}, dots)
    assert ack["private"] == {"activity": dots, "dots": {ids[2]: 1, ids[3]: 1}, "placed": 2, "left": 2}

    # the budget can't drop below what Jo placed; an option with dots can't be removed
    assert send(console, "dots.settings", {"dots": 2}, dots)["error"] == "conflict"
    assert send(console, "dots.item_remove", {"item": ids[1]}, dots)["error"] == "conflict"
    assert send(console, "dots.item_remove", {"item": ids[0]}, dots)["ok"]
    assert send(jo.socket, "dots.place", {"item": ids[0]}, dots)["error"] == "not_found"

    # live results: the board shows counts without a reveal
    assert send(console, "dots.settings", {"live": True}, dots)["ok"]
    assert counts(view(screen)) == {OPTIONS[1]: 2, OPTIONS[2]: 2, OPTIONS[3]: 1}
    assert view(screen) == view(jo.socket) == view(console)

    # the first two outcomes (tied at the top) go on to a later idea wall, keeping their source
    wall = walls(wid)[-1]
    assert ic.step(wid, "activity.import", {"from": dots, "top": 2}, wall)["ok"]
    assert ic.step(wid, "control.goto", {"activity": wall})["ok"]
    brought = view(console)["cards"][-2:]
    assert [(c["text"], c["source"]) for c in brought] == [
        (OPTIONS[1], {"activity": dots, "card": ids[1]}), (OPTIONS[2], {"activity": dots, "card": ids[2]})]
    assert dots in activities(wid)


def test_undo_of_a_settings_change_that_votes_rely_on_is_refused(app, ic, open_workshop):
    wid = open_workshop
    console = ic.socket(wid)
    dots = add_dotocracy(console, {"dots": 1, "items": OPTIONS[:2]})
    start(ic, wid, dots)
    ids = [i["id"] for i in view(console)["items"]]
    assert ic.step(wid, "dots.settings", {"dots": 2}, dots)["ok"]
    jo = Phone(app, wid, "Jo")
    assert send(jo.socket, "dots.place", {"item": ids[0]}, dots)["ok"]
    assert send(jo.socket, "dots.place", {"item": ids[1]}, dots)["ok"]
    assert ic.step(wid, "undo")["error"] == "undo_conflict"
    assert view(console)["dots_per_person"] == 2
