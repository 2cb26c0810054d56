"""Group action planning through the live engine: root causes and ideas from an earlier idea wall
become draft actions (keeping their source), phones propose and comment, the facilitator fills in
when / who / support and confirms; confirmed actions are the outcomes the record relies on."""
from __future__ import annotations

import json
import re

from support import add_activity, add_wall, board, Phone, Seen, send, walls

from workshop.db import db
from workshop.models import Activity
from workshop.tools import action_plan


UNFRAMED = {"how": [], "how_other": "", "success": "", "terms": ""}


def add_plan(ic, wid, config=None) -> int:
    return add_activity(ic, wid, "action_plan", "Agree the actions", {"anonymous": False, **(config or {})},
                        prompt="Who will do what, by when, with what support?")


def outcomes(activity_id: int) -> list[dict]:
    with db.session() as s:
        return action_plan.outcomes(s.get(Activity, activity_id).state)


def test_ideas_become_actions_that_are_agreed_and_recorded(app, ic, open_workshop):
    wid, wall = open_workshop, walls(open_workshop)[0]
    jo, sam = Phone(app, wid, "Jo Quill"), Phone(app, wid, "Sam Rook")
    assert ic.step(wid, "idea.settings", {"anonymous": False}, wall)["ok"]  # named, so names travel
    idea_ids = [send(p.socket, "idea.add", {"text": t}, wall)["private"]["mine"][-1]
                for p, t in ((jo, "TAs are briefed at the door"), (sam, "Pupil passports are too long"))]

    plan = add_plan(ic, wid)
    assert ic.step(wid, "activity.import", {"from": wall}, plan)["ok"]
    assert ic.step(wid, "control.goto", {"activity": plan})["ok"]
    assert ic.step(wid, "activity.open", activity=plan)["ok"]
    console, screen = Seen(ic.socket(wid)), Seen(board(app, wid))
    jo_seen, sam_seen = Seen(jo.socket), Seen(sam.socket)

    drafts = console.view()["actions"]
    assert [(a["text"], a["source"], a["status"], a["support"], a["author"]) for a in drafts] == [
        ("TAs are briefed at the door", {"activity": wall, "card": idea_ids[0]}, "proposed", None, "Jo Quill"),
        ("Pupil passports are too long", {"activity": wall, "card": idea_ids[1]}, "proposed", None, "Sam Rook")]
    a1, a2 = (a["id"] for a in drafts)

    proposed = send(sam.socket, "action.propose", {"text": "Pupil voice survey on support"}, plan)
    assert proposed["ok"]
    a3 = proposed["private"]["mine"][-1]
    assert send(jo.socket, "action.comment", {"action": a1, "text": "Use Monday twilight"}, plan)["ok"]
    assert send(jo.socket, "action.confirm", {"action": a1}, plan)["error"] == "forbidden"
    assert send(jo.socket, "action.update", {"action": a1, "who": "me"}, plan)["error"] == "forbidden"

    # confirming needs text, when, who and support: a clear refusal, nothing changed
    refused = ic.step(wid, "action.confirm", {"action": a1}, plan)
    assert refused["ok"] is False and refused["error"] == "empty"
    assert "who will deliver it" in refused["message"] and "support level" in refused["message"]
    assert ic.step(wid, "action.update", {"action": a1, "when": "2027-02-30"}, plan)["error"] == "bad_request"

    assert ic.step(wid, "action.update", {"action": a1, "text": "Brief TAs before the lesson, weekly",
                                          "when": "2027-01-15", "who": "SENCo with heads of year", "support": "a"}, plan)["ok"]
    assert ic.step(wid, "action.update", {"action": a2, "when": "By Easter", "who": "Hillview's SENCo",
                                          "support": "b"}, plan)["ok"]
    assert ic.step(wid, "action.update", {"action": a3, "when": "Summer term", "who": "Deputy head",
                                          "support": "c"}, plan)["ok"]
    for a in (a3, a2, a1):
        assert ic.step(wid, "action.confirm", {"action": a}, plan)["ok"]
    assert ic.step(wid, "action.add", {"text": "Still a draft"}, plan)["ok"]

    # board, facilitator and phones see the same plan, live
    fac, room = console.view(), screen.view()
    assert fac == room == jo_seen.view() == sam_seen.view()
    assert room["confirmed"] == 3 and room["count"] == 4
    for client in (screen, jo_seen, sam_seen):
        text = json.dumps([m["args"][0].get("activity") for m in client.pull() if m["name"] in ("state",)])
        assert not re.search(r'"author": \d', text), "a participant id reached a screen"
        assert jo.token not in text and sam.token not in text
    # a phone's private part is its own proposals only
    privates = [m["args"][0] for m in sam_seen.pull() if m["name"] == "private"]
    assert all(set(p["private"]) <= {"mine"} for p in privates)

    # the outcomes contract the record and export rely on
    assert outcomes(plan) == [
        {"id": a1, "text": "Brief TAs before the lesson, weekly", "author_name": "Jo Quill",
         "group": "Within the reviewed school", "source": {"activity": wall, "card": idea_ids[0]},
         "when": "2027-01-15", "who": "SENCo with heads of year", "support": "a", **UNFRAMED,
         "comments": ["Use Monday twilight"]},
        {"id": a2, "text": "Pupil passports are too long", "author_name": "Sam Rook",
         "group": "Within the partnership", "source": {"activity": wall, "card": idea_ids[1]},
         "when": "By Easter", "who": "Hillview's SENCo", "support": "b", **UNFRAMED, "comments": []},
        {"id": a3, "text": "Pupil voice survey on support", "author_name": "Sam Rook",
         "group": "Outside of the partnership", "source": None,
         "when": "Summer term", "who": "Deputy head", "support": "c", **UNFRAMED, "comments": []},
    ]

    # reopening takes an action out of the outcomes again
    assert ic.step(wid, "action.reopen", {"action": a2}, plan)["ok"]
    assert [o["id"] for o in outcomes(plan)] == [a1, a3]

    # and the agreed actions can go on to a later activity, keeping their source
    later = add_wall(ic, wid, "Actions to share")
    assert ic.step(wid, "activity.import", {"from": plan}, later)["ok"]
    assert ic.step(wid, "control.goto", {"activity": later})["ok"]
    cards = Seen(ic.socket(wid)).view()["cards"]
    assert [(c["text"], c["source"]) for c in cards] == [
        ("Brief TAs before the lesson, weekly", {"activity": plan, "card": a1}),
        ("Pupil voice survey on support", {"activity": plan, "card": a3})]


def test_reorder_remove_and_anonymous_proposals(app, ic, open_workshop):
    wid = open_workshop
    plan = add_plan(ic, wid, {"anonymous": True})
    assert ic.step(wid, "control.goto", {"activity": plan})["ok"]
    assert ic.step(wid, "activity.open", activity=plan)["ok"]
    phone = Phone(app, wid, "Zebedee Quartz")
    watch = Seen(phone.socket)
    ids = [send(phone.socket, "action.propose", {"text": t}, plan)["private"]["mine"][-1] for t in ("one", "two", "three")]
    assert "Zebedee Quartz" not in json.dumps(watch.view())
    assert ic.step(wid, "action.move", {"action": ids[2], "position": 0}, plan)["ok"]
    assert [a["id"] for a in watch.view()["actions"]] == [ids[2], ids[0], ids[1]]
    assert ic.step(wid, "action.move", {"action": ids[2], "position": 3}, plan)["error"] == "bad_request"
    assert ic.step(wid, "action.remove", {"action": ids[0]}, plan)["ok"]
    assert [a["id"] for a in watch.view()["actions"]] == [ids[2], ids[1]]
    assert send(phone.socket, "action.comment", {"action": ids[0], "text": "gone?"}, plan)["error"] == "not_found"
    assert send(phone.socket, "action.propose", {"text": "x" * 281}, plan)["error"] == "too_long"
    assert ic.step(wid, "activity.close", activity=plan)["ok"]
    assert send(phone.socket, "action.propose", {"text": "late"}, plan)["error"] == "closed"


def test_actions_are_framed_over_the_socket_and_reach_every_screen_and_the_record(app, ic, open_workshop):
    """How it will be addressed, the success measure and the terms: the facilitator sets them, a
    phone may say its proposal's success measure, every screen sees them, the record keeps them."""
    from workshop.record import build

    wid = open_workshop
    plan = add_plan(ic, wid)
    assert ic.step(wid, "control.goto", {"activity": plan})["ok"]
    assert ic.step(wid, "activity.open", activity=plan)["ok"]
    jo = Phone(app, wid, "Jo Quill")
    screen, jo_seen = Seen(board(app, wid)), Seen(jo.socket)

    proposed = send(jo.socket, "action.propose", {"text": "Pupil voice survey", "success": "80% say they get help"}, plan)
    assert proposed["ok"], proposed
    mine = proposed["private"]["mine"][-1]
    # a phone frames nothing else, not even its own proposal
    assert send(jo.socket, "action.propose", {"text": "x", "how": ["jpd"]}, plan)["error"] == "bad_request"
    assert send(jo.socket, "action.update", {"action": mine, "how": ["jpd"]}, plan)["error"] == "forbidden"

    added = ic.step(wid, "action.add", {"text": "Joint planning with Hillview", "when": "by Easter", "who": "SENCo",
                                        "support": "b", "how": ["jpd", "mentoring", "jpd"],
                                        "success": "8 of 10 lessons show TAs briefed", "terms": "Fortnightly, Thursdays"},
                    plan)
    assert added["ok"], added
    refused = ic.step(wid, "action.update", {"action": mine, "how": ["mentoring", "bake_sale"]}, plan)
    assert (refused["ok"], refused["error"]) == (False, "bad_request") and "bake_sale" in refused["message"]
    assert ic.step(wid, "action.update", {"action": mine, "how_other": "x" * 201}, plan)["error"] == "too_long"
    assert ic.step(wid, "action.update", {"action": mine, "how": ["t2t_school"], "how_other": "The LA's adviser",
                                          "when": "Summer term", "who": "Deputy head", "support": "a"}, plan)["ok"]

    view = screen.view()
    assert view == jo_seen.view()
    assert [g["label"] for g in view["how_menu"]] == ["Within school", "Within or between partnerships"]
    framed = [(a["text"], a["how"], a["how_other"], a["success"], a["terms"]) for a in view["actions"]]
    assert framed == [("Pupil voice survey", ["t2t_school"], "The LA's adviser", "80% say they get help", ""),
                      ("Joint planning with Hillview", ["mentoring", "jpd"], "", "8 of 10 lessons show TAs briefed",
                       "Fortnightly, Thursdays")]

    for a in view["actions"]:
        assert ic.step(wid, "action.confirm", {"action": a["id"]}, plan)["ok"]
    with db.session() as s:
        actions = build(s, wid).actions
    assert [(a.how_labels, a.success, a.terms) for a in actions] == [
        (["Teacher-to-teacher support", "The LA's adviser"], "80% say they get help", ""),
        (["Mentoring and coaching", "Joint practice development"], "8 of 10 lessons show TAs briefed",
         "Fortnightly, Thursdays")]
