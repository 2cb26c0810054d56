"""Staff without phones (issue 12): a facilitator adds a paper participant and enters their ideas,
dots, rankings, ratings and responses for them from the console, through `on_behalf`. The steps
count as that person (their allowance, their pseudonym in an anonymous activity), the event log
marks them as entered by the facilitator, and only a facilitator may do it, only for a paper
participant of the workshop who has not been removed."""
from __future__ import annotations

import json

from sqlalchemy import select
from support import Phone, Seen, add_activity, board, intent, last_state, send, start, walls

from workshop.db import db
from workshop.engine import identity, replay
from workshop.models import Activity, Event, Participant
from workshop.record import backup, build, prefill


def for_them(client, pid, kind, payload=None, activity=None, intent_id=None) -> dict:
    """An intent the console sends for paper participant `pid`."""
    return client.emit("intent", {**intent(kind, payload, activity, intent_id), "on_behalf": pid}, callback=True)


def add_paper(client, name: str) -> int:
    ack = send(client, "participant.add_paper", {"name": name})
    assert ack["ok"], ack
    return ack["created"][0]


def events(wid: int, **where) -> list[Event]:
    with db.session() as s:
        rows = s.scalars(select(Event).where(Event.workshop_id == wid).order_by(Event.version)).all()
        s.expunge_all()
    return [e for e in rows if all(getattr(e, k) == v for k, v in where.items())]


def test_a_paper_participant_joins_counts_in_the_room_and_is_marked_in_the_log(app, ic, open_workshop):
    wid = open_workshop
    console, screen = Seen(ic.socket(wid)), Seen(board(app, wid))
    jo = Phone(app, wid, "Jo Marsh")
    pat = add_paper(console.client, "  Pat   Lowe ")

    people = console.state()["participants"]
    assert [(p["name"], p["kind"]) for p in people] == [("Jo Marsh", "person"), ("Pat Lowe", "paper")]
    assert screen.state()["workshop"]["participant_count"] == 2
    joined = events(wid, type="participant.join")
    assert [(e.actor, e.entered_by) for e in joined] == [(f"p{people[0]['id']}", None),
                                                         (f"p{pat}", f"u{ic.user.id}")]
    assert joined[-1].payload == {"name": "Pat Lowe", "kind": "paper"}
    with db.session() as s:
        person = s.get(Participant, pat)
        assert person.kind == "paper" and person.token_hash  # a token nobody was given

    # A resend of the same add is the same person, not a second one.
    sent = intent("participant.add_paper", {"name": "Alex Moss"})
    first = console.client.emit("intent", sent, callback=True)
    again = console.client.emit("intent", sent, callback=True)
    assert again["duplicate"] and again["created"] == first["created"]
    assert len(console.state()["participants"]) == 3

    for bad, code in (({}, "empty"), ({"name": "   "}, "empty"), ({"name": "x" * 61}, "too_long"),
                      ({"name": 7}, "bad_request"), ({"name": "A", "kind": "table"}, "bad_request")):
        refused = send(console.client, "participant.add_paper", bad)
        assert refused["error"] == code, (bad, refused)
    assert send(jo.socket, "participant.add_paper", {"name": "Me again"})["error"] == "forbidden"
    assert len(console.state()["participants"]) == 3

    # Undo takes back the facilitator's own steps, not someone's joining; removing works as for anyone.
    assert send(console.client, "participant.remove", {"participant": pat})["ok"]
    assert [p["name"] for p in console.state()["participants"]] == ["Jo Marsh", "Alex Moss"]


def test_entering_an_idea_for_someone_counts_as_them_under_their_pseudonym(app, ic, open_workshop):
    wid = open_workshop
    wall = walls(wid)[0]
    console = Seen(ic.socket(wid))
    screen = Seen(board(app, wid))
    pat = add_paper(console.client, "Pat Lowe")
    before = console.client.emit("sync", {"version": 0, "on_behalf": pat}, callback=True)
    assert before["ok"] and before["participant"] == {"id": pat, "name": "Pat Lowe"}
    assert before["state"]["role"] == "participant" and before["state"]["participants"] == []
    assert before["state"]["activity"]["id"] == wall and before["private"]["private"] == {"mine": []}

    ack = for_them(console.client, pat, "idea.add", {"text": "Seating plans that show passports"}, wall,
                   intent_id="behalf-idea-1")
    assert ack["ok"] and ack["private"]["activity"] == wall
    card = ack["private"]["mine"][-1]
    assert [c["text"] for c in screen.view()["cards"]] == ["Seating plans that show passports"]
    # Anonymous (the default): the log names Pat's pseudonym, not Pat, and says who entered it.
    with db.session() as s:
        key = s.get(Participant, pat).pseudonym_key
    [logged] = events(wid, type="idea.add")
    assert logged.actor == identity.pseudonym(key, wall) and logged.entered_by == f"u{ic.user.id}"
    assert "Pat" not in json.dumps(screen.view())

    # The same intent resent by the console is a duplicate; for someone else, or as the facilitator, a conflict.
    again = for_them(console.client, pat, "idea.add", {"text": "Seating plans that show passports"}, wall,
                     intent_id="behalf-idea-1")
    assert again["ok"] and again["duplicate"] and again["private"]["mine"] == [card]
    sam = add_paper(console.client, "Sam Okafor")
    assert for_them(console.client, sam, "idea.add", {"text": "x"}, wall, intent_id="behalf-idea-1")["error"] == "conflict"
    assert send(console.client, "idea.add", {"text": "x"}, wall, intent_id="behalf-idea-1")["error"] == "conflict"

    # Their own card stays theirs to edit (as on a phone), and only theirs.
    assert for_them(console.client, pat, "idea.edit", {"card": card, "text": "Seating plans showing passports"}, wall)["ok"]
    assert for_them(console.client, sam, "idea.edit", {"card": card, "text": "Not mine"}, wall)["error"] == "forbidden"
    after = console.client.emit("sync", {"version": 0, "on_behalf": pat}, callback=True)
    assert after["private"]["private"]["mine"] == [card]
    assert console.client.emit("sync", {"version": 0, "on_behalf": sam}, callback=True)["private"]["private"] == {"mine": []}

    # Replay (what undo does) rebuilds the same wall from the log.
    with db.session() as s:
        activity = s.get(Activity, wall)
        assert replay.activity(s, activity) == activity.state
    # The record counts Pat among the attendees (removed: Sam) and the card among the wall's outcomes.
    assert send(console.client, "participant.remove", {"participant": sam})["ok"]
    with db.session() as s:
        assert build(s, wid).attendees == 1
        assert [c["text"] for c in prefill.outcomes_of(s.get(Activity, wall))] == ["Seating plans showing passports"]


def test_dots_rankings_ratings_and_responses_for_paper_participants(app, ic, open_workshop):
    wid = open_workshop
    console = ic.socket(wid)
    pat, sam = add_paper(console, "Pat Lowe"), add_paper(console, "Sam Okafor")
    you = f"u{ic.user.id}"

    # Dots: Pat's own allowance of three, like anyone's.
    dots = add_activity(ic, wid, "dotocracy", "Prioritise", {"dots": 3, "per_item": 3, "items": ["A", "B", "C", "D",
                                                                                                 "E", "F", "G", "H", "I"]})
    start(ic, wid, dots)
    items = [i["id"] for i in last_state(console)["activity"]["view"]["items"]]
    for item in (items[0], items[0], items[1]):
        assert for_them(console, pat, "dots.place", {"item": item}, dots)["ok"]
    over = for_them(console, pat, "dots.place", {"item": items[2]}, dots)
    assert over["error"] == "limit"
    ack = for_them(console, sam, "dots.place", {"item": items[2]}, dots)
    assert ack["ok"] and ack["private"]["dots"] == {items[2]: 1}
    assert {e.entered_by for e in events(wid, type="dots.place")} == {you}

    # Ranking: Pat's diamond nine, of nine ideas Sam put on the wall (entered for Sam).
    wall = walls(wid)[0]
    start(ic, wid, wall)
    for n in range(9):
        assert for_them(console, sam, "idea.add", {"text": f"Idea {n}"}, wall)["ok"]
    diamond = add_activity(ic, wid, "diamond_nine", "Rank")
    assert ic.step(wid, "activity.import", {"from": wall, "top": 9}, diamond)["ok"]
    start(ic, wid, diamond)
    nine = [i["id"] for i in last_state(console)["activity"]["view"]["items"]]
    for slot, item in enumerate(nine):
        assert for_them(console, pat, "diamond.place", {"item": item, "slot": slot}, diamond)["ok"]
    mine = console.emit("sync", {"version": 0, "on_behalf": pat}, callback=True)["private"]["private"]
    assert mine["diamond"] and len([s for s in mine["diamond"] if s]) == 9

    # Rating: red/amber/green, and an impact-effort score.
    rag = add_activity(ic, wid, "rag_rating", "Where are we?", {"items": ["Passports", "TA briefings"]})
    start(ic, wid, rag)
    questions = [i["id"] for i in last_state(console)["activity"]["view"]["items"]]
    ack = for_them(console, pat, "rag.rate", {"item": questions[0], "rating": "amber"}, rag)
    assert ack["ok"] and ack["private"]["ratings"][questions[0]]["rating"] == "amber"
    matrix = add_activity(ic, wid, "prioritisation_matrix", "Impact and effort")
    assert ic.step(wid, "activity.import", {"from": wall}, matrix)["ok"]
    start(ic, wid, matrix)
    item = last_state(console)["activity"]["view"]["items"][0]["id"]
    ack = for_them(console, sam, "matrix.rate", {"item": item, "x": 2, "y": 5}, matrix)
    assert ack["ok"] and ack["private"]["ratings"] == {item: {"x": 2, "y": 5}}

    # A response round: one response each, resubmitting replaces it.
    rr = add_activity(ic, wid, "response_round", "Our response", {"messages": ["Passports are not used"]})
    start(ic, wid, rr)
    first = for_them(console, pat, "response.submit", {"surprise": 2, "view": "We knew"}, rr)
    second = for_them(console, pat, "response.submit", {"surprise": 3, "view": "We knew, mostly"}, rr)
    assert second["private"]["mine"]["id"] == first["private"]["mine"]["id"]
    assert last_state(console)["activity"]["view"]["count"] == 1

    # Every one of those steps is logged as the person's (their pseudonym: all anonymous), entered by the facilitator.
    entered = [e for e in events(wid) if e.entered_by]
    assert {e.type for e in entered} >= {"dots.place", "diamond.place", "rag.rate", "matrix.rate", "response.submit"}
    assert all(e.actor.startswith(identity.PREFIX) for e in entered if e.type != "participant.join")
    with db.session() as s:
        for activity_id in (dots, diamond, rag, matrix, rr):
            activity = s.get(Activity, activity_id)
            assert replay.activity(s, activity) == activity.state, activity.tool
    # Undo takes back the facilitator's last own step (starting the round), not Pat's response.
    assert ic.step(wid, "undo")["ok"]
    with db.session() as s:
        assert s.get(Activity, rr).state["responses"]


def test_who_may_act_for_whom(app, ic, open_workshop):
    wid = open_workshop
    wall = walls(wid)[0]
    console = ic.socket(wid)
    jo, pat = Phone(app, wid, "Jo Marsh"), add_paper(console, "Pat Lowe")
    jo_id = last_state(console)["participants"][0]["id"]
    text = {"text": "An idea"}

    refused = jo.socket.emit("intent", {**intent("idea.add", text, wall), "on_behalf": pat}, callback=True)
    assert refused["error"] == "forbidden"
    assert jo.socket.emit("sync", {"version": 0, "on_behalf": pat}, callback=True)["error"] == "forbidden"
    screen = board(app, wid)
    assert screen.emit("intent", {**intent("idea.add", text, wall), "on_behalf": pat}, callback=True)["error"] == "forbidden"
    assert screen.emit("sync", {"version": 0, "on_behalf": pat}, callback=True)["error"] == "forbidden"
    # Someone with a phone of their own enters their own ideas.
    own = for_them(console, jo_id, "idea.add", text, wall)
    assert own["error"] == "forbidden" and "own device" in own["message"]
    assert for_them(console, 999999, "idea.add", text, wall)["error"] == "not_found"
    # Another workshop's paper participant.
    other = ic.create_workshop(school="Hillside School")
    assert ic.step(other, "workshop.open")["ok"]
    elsewhere = ic.socket(other)
    theirs = add_paper(elsewhere, "Kim Hale")
    assert for_them(console, theirs, "idea.add", text, wall)["error"] == "not_found"
    assert console.emit("sync", {"version": 0, "on_behalf": theirs}, callback=True)["error"] == "not_found"
    # The facilitator's own steps are never entered for someone.
    for kind, payload, activity in (("control.goto", {"activity": wall}, None), ("activity.close", {}, wall),
                                    ("participant.remove", {"participant": pat}, None), ("undo", {}, None)):
        ack = for_them(console, pat, kind, payload, activity)
        assert ack["error"] in ("forbidden",), (kind, ack)
    assert for_them(console, pat, "idea.hide", {"card": "c1"}, wall)["error"] == "forbidden"
    # Not while the activity's input is closed, as for a phone.
    assert ic.step(wid, "activity.close", activity=wall)["ok"]
    assert for_them(console, pat, "idea.add", text, wall)["error"] == "closed"
    assert ic.step(wid, "activity.open", activity=wall)["ok"]
    # Removed: nobody enters for them any more.
    assert send(console, "participant.remove", {"participant": pat})["ok"]
    gone = for_them(console, pat, "idea.add", text, wall)
    assert gone["error"] == "not_found" and "removed" in gone["message"]
    assert console.emit("sync", {"version": 0, "on_behalf": pat}, callback=True)["error"] == "not_found"
    bad = console.emit("intent", {**intent("idea.add", text, wall), "on_behalf": "p1"}, callback=True)
    assert bad["error"] == "bad_request"
    assert console.emit("sync", {"version": 0, "on_behalf": True}, callback=True)["error"] == "not_found"
    assert not [e for e in events(wid) if e.type == "idea.add"]


def test_named_activity_files_it_under_their_name_and_a_backup_keeps_who_entered_it(app, ic, open_workshop):
    wid = open_workshop
    wall = walls(wid)[0]
    console = Seen(ic.socket(wid))
    assert ic.step(wid, "idea.settings", {"anonymous": False}, wall)["ok"]
    pat = add_paper(console.client, "Pat Lowe")
    assert for_them(console.client, pat, "idea.add", {"text": "Named idea"}, wall)["ok"]
    [logged] = events(wid, type="idea.add")
    assert logged.actor == f"p{pat}" and logged.entered_by == f"u{ic.user.id}"
    assert [c["author"] for c in console.view()["cards"]] == ["Pat Lowe"]

    with db.session() as s:
        doc = backup.export(s, wid)
    paper = [p for p in doc["participants"] if p["kind"] == "paper"]
    assert [p["name"] for p in paper] == ["Pat Lowe"]
    assert [e["entered_by"] for e in doc["events"] if e["type"] in ("idea.add", "participant.join")] == [
        "facilitator", "facilitator"]
    assert all(e["entered_by"] is None for e in doc["events"] if e["type"] == "control.goto")
    with db.session(write=True) as s:
        from workshop.models import User
        owner = s.scalar(select(User).limit(1))
        copy = backup.import_workshop(s, json.loads(backup.dumps(doc)), owner).id
    with db.session() as s:
        again = backup.export(s, copy)
    assert again["events"] == doc["events"] and again["participants"] == doc["participants"]
    [restored] = events(copy, type="idea.add")
    assert restored.entered_by == f"u{ic.user.id}"
    with db.session() as s:
        assert s.scalar(select(Participant.kind).where(Participant.workshop_id == copy,
                                                        Participant.name == "Pat Lowe")) == "paper"
