"""PSTB through the live engine: the facilitator names a problem owner from the people in the room,
runs the six stages of the time contract, and each phone may do only what its role may in the
stage; the board names nobody unless names are on; the actions go on into an action plan with
their owner and date, and into the record's key outcomes."""
from __future__ import annotations

import json

from support import Phone, Seen, add_activity, board, send, start

from workshop.db import db
from workshop.models import Activity
from workshop.record import build


def add_pstb(ic, wid, **config) -> int:
    pstb = add_activity(ic, wid, "pstb", "Solve it as a team", config, section="Part 3 – Recording and agreeing actions",
                        prompt="One person's problem; the team's ideas; their action plan.")
    start(ic, wid, pstb)
    return pstb


def person(console: Seen, name: str) -> int:
    return next(p["id"] for p in console.state()["participants"] if p["name"] == name)


def added(ack: dict) -> str:
    assert ack["ok"], ack
    return ack["private"]["mine"][-1]


def stage(ic, wid, pstb, to: str) -> None:
    ack = ic.step(wid, "pstb.stage", {"stage": to}, pstb)
    assert ack["ok"], ack


def test_a_whole_pstb_with_roles_stages_and_clocks(app, ic, open_workshop):
    wid = open_workshop
    pstb = add_pstb(ic, wid)
    console, screen = Seen(ic.socket(wid)), Seen(board(app, wid))
    jo, sam, kim = Phone(app, wid, "Jo Marsh"), Phone(app, wid, "Sam Okafor"), Phone(app, wid, "Kim Lee")
    jo_seen = Seen(jo.socket)

    # Before the start: the contract can change; starting needs an owner.
    assert ic.step(wid, "pstb.contract", {"minutes": 20}, pstb)["ok"]
    assert ic.step(wid, "pstb.stage", {"stage": "statement"}, pstb)["error"] == "conflict"
    assert send(jo.socket, "pstb.owner", {"owner": 1, "name": "Me"}, pstb)["error"] == "forbidden"
    jo_id = person(console, "Jo Marsh")
    assert ic.step(wid, "pstb.owner", {"owner": jo_id, "name": "Jo Marsh"}, pstb)["ok"]
    assert console.view()["owner_id"] == jo_id
    assert screen.view()["owner"] == {"facilitator": False, "name": "Jo Marsh"} and "owner_id" not in screen.view()
    stage(ic, wid, pstb, "statement")
    assert ic.step(wid, "pstb.contract", {"minutes": 45}, pstb)["error"] == "conflict"
    on_board = screen.view()
    assert on_board["contract"] == 20 and on_board["stage"] == "statement"
    assert on_board["stages"][0]["since"] == on_board["started_at"] and on_board["stages"][0]["minutes"] == 2

    # 1. Only the owner states the problem, and it reads as "How to …?".
    assert send(sam.socket, "pstb.statement", {"text": "Not mine"}, pstb)["error"] == "forbidden"
    ack = send(jo.socket, "pstb.statement", {"text": "get parents to read the homework diary"}, pstb)
    assert ack["ok"] and ack["private"]["owner"] is True
    assert screen.view()["statement"] == "How to get parents to read the homework diary?"
    stage(ic, wid, pstb, "ideas")

    # 2. The team adds ideas; the owner listens.
    refused = send(jo.socket, "pstb.idea", {"text": "My own idea"}, pstb)
    assert refused["error"] == "forbidden" and "listen" in refused["message"]
    text = added(send(sam.socket, "pstb.idea", {"text": "A weekly text message to parents"}, pstb))
    sign = added(send(kim.socket, "pstb.idea", {"text": "Sign the diary at parents' evening"}, pstb))
    app_idea = added(send(sam.socket, "pstb.idea", {"text": "A homework app with reminders"}, pstb))
    assert [i["text"] for i in jo_seen.view()["ideas"]] == [  # the owner's phone sees them live
        "A weekly text message to parents", "Sign the diary at parents' evening", "A homework app with reminders"]
    for seen in (screen, jo_seen):
        assert "Sam Okafor" not in seen.text() and "Kim Lee" not in seen.text()
    assert [i["author"] for i in console.view()["ideas"]] == ["Sam Okafor", "Kim Lee", "Sam Okafor"]
    assert send(sam.socket, "pstb.select", {"idea": text, "selected": True}, pstb)["error"] == "forbidden"
    stage(ic, wid, pstb, "selection")
    assert send(kim.socket, "pstb.idea", {"text": "Late"}, pstb)["error"] == "closed"

    # 3. The owner chooses.
    assert send(sam.socket, "pstb.select", {"idea": text, "selected": True}, pstb)["error"] == "forbidden"
    for idea in (text, app_idea):
        assert send(jo.socket, "pstb.select", {"idea": idea, "selected": True}, pstb)["ok"]
    assert screen.view()["selected"] == [text, app_idea]
    stage(ic, wid, pstb, "benefits")

    # 4. Benefits and concerns from the team.
    added(send(kim.socket, "pstb.note", {"idea": text, "kind": "benefit", "text": "Cheap and quick"}, pstb))
    phones = added(send(sam.socket, "pstb.note", {"idea": app_idea, "kind": "concern",
                                                  "text": "Not every family has a smartphone"}, pstb))
    cost = added(send(kim.socket, "pstb.note", {"idea": text, "kind": "concern", "text": "Texts cost money"}, pstb))
    assert send(jo.socket, "pstb.note", {"idea": text, "kind": "benefit", "text": "x"}, pstb)["error"] == "forbidden"
    assert send(kim.socket, "pstb.note", {"idea": sign, "kind": "benefit", "text": "x"}, pstb)["error"] == "conflict"
    stage(ic, wid, pstb, "critical")

    # 5. Anyone marks critical; the owner decides.
    assert send(sam.socket, "pstb.critical", {"item": phones, "critical": True}, pstb)["ok"]
    assert send(kim.socket, "pstb.critical", {"item": cost, "critical": True}, pstb)["ok"]
    assert send(sam.socket, "pstb.decide", {"item": phones, "decision": "eliminates"}, pstb)["error"] == "forbidden"
    assert ic.step(wid, "pstb.stage", {"stage": "actions"}, pstb)["error"] == "conflict"  # undecided
    assert send(jo.socket, "pstb.decide", {"item": phones, "decision": "eliminates"}, pstb)["ok"]
    assert send(jo.socket, "pstb.decide", {"item": cost, "decision": "overcome",
                                           "text": "The school's free text service"}, pstb)["ok"]
    on_board = screen.view()
    assert on_board["surviving"] == [text]
    assert next(n for n in on_board["notes"] if n["id"] == cost)["resolution"] == "The school's free text service"
    stage(ic, wid, pstb, "actions")

    # 6. Everyone plans actions for the idea still standing.
    assert send(sam.socket, "pstb.action", {"idea": app_idea, "text": "x"}, pstb)["error"] == "conflict"
    added(send(jo.socket, "pstb.action", {"idea": text, "text": "Draft the first weekly message",
                                          "who": "Jo Marsh", "when": "2027-01-15"}, pstb))
    added(send(sam.socket, "pstb.action", {"idea": text, "text": "Collect parents' numbers from the office",
                                           "who": "Office manager", "when": "by half term"}, pstb))
    rude = added(send(kim.socket, "pstb.action", {"idea": text, "text": "something rude"}, pstb))
    assert send(sam.socket, "pstb.hide", {"item": rude, "hidden": True}, pstb)["error"] == "forbidden"
    assert ic.step(wid, "pstb.hide", {"item": rude, "hidden": True}, pstb)["ok"]
    assert "something rude" not in json.dumps(screen.view()) and "something rude" in json.dumps(console.view())
    stage(ic, wid, pstb, "done")
    assert all(s["since"] is None for s in screen.view()["stages"])
    assert [m["args"][0]["private"]["owner"] for m in jo_seen.pull() if m["name"] == "private"][-1] is True


def test_names_on_the_board_only_when_the_facilitator_turns_them_on(app, ic, open_workshop):
    wid = open_workshop
    pstb = add_pstb(ic, wid)
    screen = Seen(board(app, wid))
    sam = Phone(app, wid, "Sam Okafor")
    assert ic.step(wid, "pstb.owner", {"owner": "facilitator"}, pstb)["ok"]
    stage(ic, wid, pstb, "statement")
    assert ic.step(wid, "pstb.statement", {"text": "How to cut late arrivals"}, pstb)["ok"]
    stage(ic, wid, pstb, "ideas")
    assert ic.step(wid, "pstb.idea", {"text": "Mine"}, pstb)["error"] == "forbidden"  # the owner listens
    added(send(sam.socket, "pstb.idea", {"text": "A breakfast club"}, pstb))
    assert screen.view()["ideas"][0]["author"] is None
    assert ic.step(wid, "pstb.settings", {"names": True}, pstb)["ok"]
    assert screen.view()["ideas"][0]["author"] == "Sam Okafor"


def test_the_actions_go_into_an_action_plan_with_owner_and_date_and_reach_the_record(app, ic, open_workshop):
    wid = open_workshop
    pstb = add_pstb(ic, wid, contract=45)
    sam = Phone(app, wid, "Sam")
    assert ic.step(wid, "pstb.owner", {"owner": "facilitator"}, pstb)["ok"]
    stage(ic, wid, pstb, "statement")
    assert ic.step(wid, "pstb.statement", {"text": "Improve attendance on Fridays"}, pstb)["ok"]
    stage(ic, wid, pstb, "ideas")
    idea = added(send(sam.socket, "pstb.idea", {"text": "A Friday reward assembly"}, pstb))
    stage(ic, wid, pstb, "selection")
    assert ic.step(wid, "pstb.select", {"idea": idea, "selected": True}, pstb)["ok"]  # the owner is the facilitator
    for to in ("benefits", "critical", "actions"):
        stage(ic, wid, pstb, to)
    added(send(sam.socket, "pstb.action", {"idea": idea, "text": "Plan the first assembly", "who": "Head of Year 7",
                                           "when": "2027-02-05"}, pstb))
    assert ic.step(wid, "pstb.action", {"idea": idea, "text": "Tell parents in the newsletter"}, pstb)["ok"]

    plan = add_activity(ic, wid, "action_plan", "Agree the actions")
    ack = ic.step(wid, "activity.import", {"from": pstb}, plan)
    assert ack["ok"], ack
    with db.session() as s:
        actions = [(a["text"], a["who"], a["when"], a["source"]["activity"]) for a in s.get(Activity, plan).state["actions"]]
        outcomes = build(s, wid).outcomes
    assert actions == [("Plan the first assembly", "Head of Year 7", "2027-02-05", pstb),
                       ("Tell parents in the newsletter", "", "", pstb)]
    assert "The problem we solved as a team (PSTB): How to improve attendance on Fridays?" in outcomes
    assert "An action the team agreed: Plan the first assembly (Head of Year 7, by 5 February 2027)." in outcomes
    assert "An action the team agreed: Tell parents in the newsletter." in outcomes


def test_the_agenda_plans_a_pstb_with_its_time_contract(app, ic, open_workshop):
    wid = open_workshop
    console = Seen(ic.socket(wid))

    def planned(pstb: int) -> int | None:
        return next(a["minutes"] for a in console.state()["agenda"] if a["id"] == pstb)

    pstb = add_pstb(ic, wid)  # added without minutes: its 30-minute contract plans it
    assert planned(pstb) == 30
    assert ic.step(wid, "pstb.contract", {"minutes": 45}, pstb)["ok"]
    assert planned(pstb) == 45
    assert ic.step(wid, "agenda.update", {"minutes": 40}, pstb)["ok"]  # planned by hand: it stands
    assert ic.step(wid, "pstb.settings", {"names": True}, pstb)["ok"]
    assert planned(pstb) == 40
    assert ic.step(wid, "pstb.contract", {"minutes": 20}, pstb)["ok"]  # a new contract plans again
    assert planned(pstb) == 20
    assert ic.step(wid, "undo", {})["ok"]  # undoing it goes back to the contract before
    assert planned(pstb) == 45
