"""The SWOT analysis through the live engine: phones add cards to quadrants, the board shows them
without names, the facilitator tidies; its quadrants travel on separately (problems to a root-cause
tool, strengths and opportunities to the action plan) and reach the record's key outcomes."""
from __future__ import annotations

import json

from support import Phone, Seen, add_activity, board, send, start

from workshop.db import db
from workshop.models import Activity
from workshop.record import build


def add_swot(ic, wid, **config) -> int:
    swot = add_activity(ic, wid, "swot", "Where are we now?", config, section="Part 2 – Exploring the findings",
                        prompt="One point per card, in the quadrant where it belongs.")
    start(ic, wid, swot)
    return swot


def card(phone, swot, quadrant, text) -> str:
    ack = send(phone.socket, "swot.add", {"text": text, "quadrant": quadrant}, swot)
    assert ack["ok"], ack
    return ack["private"]["mine"][-1]


def test_cards_from_phones_reach_the_board_by_quadrant_without_names(app, ic, open_workshop):
    wid = open_workshop
    swot = add_swot(ic, wid)
    console, screen = Seen(ic.socket(wid)), Seen(board(app, wid))
    jo, sam = Phone(app, wid, "Jo Marsh"), Phone(app, wid, "Sam Okafor")
    jo_seen = Seen(jo.socket)

    caring = card(jo, swot, "s", "Staff who know every pupil")
    time = card(sam, swot, "w", "Too little planning time with TAs")
    also = card(jo, swot, "w", "No time to plan with TAs")
    hub = card(sam, swot, "o", "The new local SEND hub")
    funding = card(jo, swot, "s", "Funding is falling")  # in the wrong quadrant: the facilitator moves it
    rude = card(sam, swot, "t", "something rude")

    on_board = screen.view()
    assert [(c["id"], c["quadrant"]) for c in on_board["cards"]] == [
        (caring, "s"), (time, "w"), (also, "w"), (hub, "o"), (funding, "s"), (rude, "t")]
    assert [q["title"] for q in on_board["quadrants"]] == ["Strengths", "Weaknesses", "Opportunities", "Threats"]
    # Anonymous by default: no name anywhere the room or a phone can read.
    for seen in (screen, jo_seen):
        assert "Jo Marsh" not in seen.text() and "Sam Okafor" not in seen.text()
    assert all(c["author"] is None for c in on_board["cards"])

    # A phone can't tidy; the facilitator merges, moves and hides.
    assert send(jo.socket, "swot.hide", {"card": rude}, swot)["error"] == "forbidden"
    assert send(jo.socket, "swot.move", {"card": funding, "quadrant": "t"}, swot)["error"] == "forbidden"
    assert send(jo.socket, "swot.edit", {"card": time, "text": "mine now"}, swot)["error"] == "forbidden"
    assert ic.step(wid, "swot.merge", {"card": also, "into": time}, swot)["ok"]
    assert ic.step(wid, "swot.move", {"card": funding, "quadrant": "t"}, swot)["ok"]
    assert ic.step(wid, "swot.hide", {"card": rude}, swot)["ok"]

    on_board = screen.view()
    assert [(c["id"], c["quadrant"], c["merged"]) for c in on_board["cards"]] == [
        (caring, "s", []), (time, "w", [also]), (hub, "o", []), (funding, "t", [])]
    assert "something rude" not in json.dumps(on_board)
    in_console = console.view()
    assert [c["id"] for c in in_console["cards"] if c["hidden"]] == [rude]
    assert jo_seen.view() == on_board
    # Your own cards stay yours (to edit while they stand), merged away or not.
    assert send(jo.socket, "swot.edit", {"card": caring, "text": "Staff who know every pupil well"}, swot)["ok"]
    refused = send(jo.socket, "swot.edit", {"card": also, "text": "changed"}, swot)
    assert refused["error"] == "closed"
    assert [m["args"][0]["private"]["mine"] for m in jo_seen.pull() if m["name"] == "private"][-1] == [
        caring, also, funding]

    bad = send(sam.socket, "swot.add", {"text": "Where?", "quadrant": "x"}, swot)
    assert bad["error"] == "bad_request" and "quadrant" in bad["message"]
    assert ic.step(wid, "activity.close", activity=swot)["ok"]
    assert send(sam.socket, "swot.add", {"text": "Late", "quadrant": "o"}, swot)["error"] == "closed"


def test_quadrants_travel_on_separately_and_reach_the_record(app, ic, open_workshop):
    wid = open_workshop
    swot = add_swot(ic, wid)
    jo, sam = Phone(app, wid, "Jo"), Phone(app, wid, "Sam")
    strength = card(jo, swot, "s", "Staff who know every pupil")
    weak = card(sam, swot, "w", "Adaptations vary from room to room")
    agreed = card(jo, swot, "w", "Too little planning time with TAs")
    same = card(sam, swot, "w", "No time to plan with TAs")
    chance = card(sam, swot, "o", "The new local SEND hub")
    threat = card(jo, swot, "t", "Funding is falling")
    assert ic.step(wid, "swot.merge", {"card": same, "into": agreed}, swot)["ok"]

    fishbone = add_activity(ic, wid, "fishbone", "What lies behind it?", {"problem": "KS3 SEND progress"})
    plan = add_activity(ic, wid, "action_plan", "Agree the actions")
    problems = ic.step(wid, "activity.import", {"from": swot, "group": ["Weaknesses", "Threats"]}, fishbone)
    assert problems["ok"], problems
    building = ic.step(wid, "activity.import", {"from": swot, "group": ["Strengths", "Opportunities"]}, plan)
    assert building["ok"], building
    top_weakness = ic.step(wid, "activity.import", {"from": swot, "group": "Weaknesses", "top": 1}, plan)
    assert top_weakness["ok"], top_weakness
    with db.session() as s:
        causes = [(c["text"], c["source"]["card"]) for c in s.get(Activity, fishbone).state["causes"]]
        actions = [(a["text"], a["source"]["card"]) for a in s.get(Activity, plan).state["actions"]]
    # The most agreed weakness first (two cards merged), then the rest in the order added.
    assert causes == [("Too little planning time with TAs", agreed), ("Adaptations vary from room to room", weak),
                      ("Funding is falling", threat)]
    assert actions == [("Staff who know every pupil", strength), ("The new local SEND hub", chance),
                       ("Too little planning time with TAs", agreed)]

    bad = ic.step(wid, "activity.import", {"from": swot, "group": ["Weaknesses", 3]}, plan)
    assert bad["error"] == "bad_request"
    assert ic.step(wid, "swot.hide", {"card": threat}, swot)["ok"]
    none = ic.step(wid, "activity.import", {"from": swot, "group": ["Threats"]}, plan)
    assert none["error"] == "conflict" and "Threats" in none["message"]
    # A SWOT takes cards too, into the quadrant it is told.
    again = add_activity(ic, wid, "swot", "SWOT again")
    assert ic.step(wid, "activity.import", {"from": swot, "group": "Strengths", "quadrant": "s"}, again)["ok"]
    assert ic.step(wid, "activity.import", {"from": swot}, again)["error"] == "bad_request"  # which quadrant?
    # The review's key messages can start the weaknesses, so nobody retypes them.
    assert ic.step(wid, "workshop.update", {"key_messages": "- Adaptations vary.\n- Passports go unread."})["ok"]
    assert ic.step(wid, "activity.import", {"from": "key_messages", "quadrant": "w"}, again)["ok"]
    with db.session() as s:
        brought = [(c["text"], c["quadrant"]) for c in s.get(Activity, again).state["cards"]]
    assert brought == [("Staff who know every pupil", "s"), ("Adaptations vary.", "w"), ("Passports go unread.", "w")]

    with db.session() as s:
        outcomes = build(s, wid).outcomes
    assert "A strength to build on: Staff who know every pupil." in outcomes
    assert "A weakness to address: Too little planning time with TAs." in outcomes
    assert "An opportunity to take: The new local SEND hub." in outcomes
    assert not [o for o in outcomes if o.startswith("A threat to plan for:")]  # the only threat is hidden
    assert not [o for o in outcomes if "from room to room" in o]  # one card per quadrant: the most agreed
