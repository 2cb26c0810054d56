"""Radiant thinking through the live engine: phones add branches and ideas under any idea they see,
the board shows the map without names, the facilitator regroups (moves with children, merges,
hides, renames, sets the theme); its branches, with their sub-ideas, travel to later activities and
reach the record's key outcomes, and it takes a brainstorm's cards as branches."""
from __future__ import annotations

import json

from support import Phone, Seen, add_activity, board, send, start

from workshop.db import db
from workshop.models import Activity
from workshop.record import build


def add_map(ic, wid, **config) -> int:
    rt = add_activity(ic, wid, "radiant", "Everything connected to reading", {"theme": "Reading for pleasure", **config},
                      section="Part 2 – Exploring the findings", prompt="Add a branch, or an idea under any branch.")
    start(ic, wid, rt)
    return rt


def idea(phone, rt, text, parent=None) -> str:
    ack = send(phone.socket, "radiant.add", {"text": text, "parent": parent}, rt)
    assert ack["ok"], ack
    return ack["private"]["mine"][-1]


def test_ideas_from_phones_grow_the_map_on_the_board_without_names(app, ic, open_workshop):
    wid = open_workshop
    rt = add_map(ic, wid)
    console, screen = Seen(ic.socket(wid)), Seen(board(app, wid))
    jo, sam = Phone(app, wid, "Jo Marsh"), Phone(app, wid, "Sam Okafor")
    jo_seen = Seen(jo.socket)

    library = idea(jo, rt, "Library")
    lunch = idea(sam, rt, "Open at lunch", library)
    helpers = idea(jo, rt, "Sixth-form helpers", lunch)
    time = idea(sam, rt, "Time to read")
    tutor = idea(jo, rt, "Tutor time", time)
    rude = idea(sam, rt, "something rude", time)

    on_board = screen.view()
    assert on_board["theme"] == "Reading for pleasure" and on_board["max_depth"] == 3
    assert [(n["id"], n["parent"], n["depth"]) for n in on_board["nodes"]] == [
        (library, None, 1), (lunch, library, 2), (helpers, lunch, 3), (time, None, 1), (tutor, time, 2), (rude, time, 2)]
    for seen in (screen, jo_seen):
        assert "Jo Marsh" not in seen.text() and "Sam Okafor" not in seen.text()
    # Three levels at most, for phones and the facilitator alike.
    too_deep = send(sam.socket, "radiant.add", {"text": "Deeper", "parent": helpers}, rt)
    assert too_deep["error"] == "conflict" and "3 levels" in too_deep["message"]

    # Phones can't tidy or change others' ideas; the facilitator can.
    assert send(jo.socket, "radiant.hide", {"node": rude}, rt)["error"] == "forbidden"
    assert send(jo.socket, "radiant.move", {"node": tutor, "parent": library}, rt)["error"] == "forbidden"
    assert send(jo.socket, "radiant.edit", {"node": lunch, "text": "mine now"}, rt)["error"] == "forbidden"
    assert ic.step(wid, "radiant.hide", {"node": rude}, rt)["ok"]
    assert ic.step(wid, "radiant.edit", {"node": lunch, "text": "Open at lunch and after school"}, rt)["ok"]
    assert ic.step(wid, "radiant.theme", {"text": "Reading for pleasure in KS3"}, rt)["ok"]
    # A move takes the children along; a cycle and a move too deep are refused whole.
    assert ic.step(wid, "radiant.move", {"node": lunch, "parent": time}, rt)["ok"]
    assert ic.step(wid, "radiant.move", {"node": time, "parent": helpers}, rt)["error"] == "conflict"
    assert ic.step(wid, "radiant.move", {"node": time, "parent": library}, rt)["error"] == "conflict"  # 4 deep

    on_board = screen.view()
    assert on_board["theme"] == "Reading for pleasure in KS3"
    assert [(n["text"], n["depth"], n["branch"]) for n in on_board["nodes"]] == [
        ("Library", 1, library), ("Time to read", 1, time), ("Open at lunch and after school", 2, time),
        ("Sixth-form helpers", 3, time), ("Tutor time", 2, time)]  # siblings in the order added
    assert "something rude" not in json.dumps(on_board)
    assert [n["id"] for n in console.view()["nodes"] if n["hidden"]] == [rude]
    assert jo_seen.view() == on_board

    # A merge hands the merged idea's children to the one it merges into.
    assert ic.step(wid, "radiant.merge", {"node": time, "into": library}, rt)["ok"]
    on_board = screen.view()
    assert [(n["text"], n["parent"]) for n in on_board["nodes"]] == [
        ("Library", None), ("Open at lunch and after school", library), ("Sixth-form helpers", lunch),
        ("Tutor time", library)]
    assert next(n for n in on_board["nodes"] if n["id"] == library)["merged"] == [time]

    # Your own ideas stay yours to edit and delete while they stand.
    assert send(jo.socket, "radiant.edit", {"node": helpers, "text": "Sixth formers help"}, rt)["ok"]
    assert send(jo.socket, "radiant.delete", {"node": library}, rt)["error"] == "conflict"  # ideas grow from it
    deleted = send(jo.socket, "radiant.delete", {"node": helpers}, rt)
    assert deleted["ok"] and deleted["private"]["mine"] == [library, tutor]
    assert ic.step(wid, "activity.close", activity=rt)["ok"]
    assert send(sam.socket, "radiant.add", {"text": "Late", "parent": None}, rt)["error"] == "closed"


def test_branches_travel_on_with_their_sub_ideas_and_reach_the_record(app, ic, open_workshop):
    wid = open_workshop
    wall = add_activity(ic, wid, "idea_wall", "Ideas")
    start(ic, wid, wall)
    assert ic.step(wid, "idea.add", {"text": "Book fair"}, wall)["ok"]
    assert ic.step(wid, "idea.add", {"text": "Author visit"}, wall)["ok"]
    rt = add_map(ic, wid)
    jo = Phone(app, wid, "Jo")
    library = idea(jo, rt, "Library")
    idea(jo, rt, "Open at lunch", library)
    # A brainstorm's cards come in as branches, or under an idea.
    assert ic.step(wid, "activity.import", {"from": wall}, rt)["ok"]
    under = ic.step(wid, "activity.import", {"from": wall, "top": 1, "parent": library}, rt)
    assert under["ok"], under
    with db.session() as s:
        nodes = s.get(Activity, rt).state["nodes"]
    brought = [(n["text"], n["parent"], n["source"]["activity"]) for n in nodes if n["source"]]
    assert brought == [("Book fair", None, wall), ("Author visit", None, wall), ("Book fair", library, wall)]

    plan = add_activity(ic, wid, "action_plan", "Agree the actions")
    assert ic.step(wid, "activity.import", {"from": rt, "top": 1}, plan)["ok"]
    dots = add_activity(ic, wid, "dotocracy", "Which first?")
    assert ic.step(wid, "activity.import", {"from": rt}, dots)["ok"]
    with db.session() as s:
        actions = [(a["text"], a["source"]["card"]) for a in s.get(Activity, plan).state["actions"]]
        options = [o["text"] for o in s.get(Activity, dots).state["items"]]
    assert actions == [("Library: Open at lunch; Book fair", library)]
    assert options == ["Library: Open at lunch; Book fair", "Book fair", "Author visit"]
    with db.session() as s:
        outcomes = build(s, wid).outcomes
    # The branch came back as the vote's option: the same item (punctuation aside) appears once,
    # under the first lead-in it earned.
    assert "A top priority: Library: Open at lunch; Book fair." in outcomes
    assert [o for o in outcomes if "Open at lunch" in o] == ["A top priority: Library: Open at lunch; Book fair."]
