"""Reporting back and review through the live engine: one question at a time, answers from phones,
the facilitator moves the room on and tidies; outcomes go on grouped by section."""
from __future__ import annotations

import json
import re

from support import add_activity, add_wall, board, Phone, Seen, send, start

from workshop.db import db
from workshop.models import Activity
from workshop.tools import report_back


def add_report(ic, wid, config=None) -> int:
    rb = add_activity(ic, wid, "report_back", "Reporting back and review", {"anonymous": False, **(config or {})},
                      section="Reporting back and review", prompt="Before we finish")
    start(ic, wid, rb)
    return rb


def test_answers_go_to_the_current_question_and_on_to_the_record(app, ic, open_workshop):
    wid = open_workshop
    rb = add_report(ic, wid)
    console, screen = Seen(ic.socket(wid)), Seen(board(app, wid))
    jo, sam = Phone(app, wid, "Jo Quill"), Phone(app, wid, "Sam Rook")
    jo_seen, sam_seen = Seen(jo.socket), Seen(sam.socket)

    first = send(jo.socket, "report.add", {"text": "Five minutes at Monday briefing"}, rb)
    assert first["ok"] and first["private"]["mine"] == [f"c{first['version']}"]
    rude = send(sam.socket, "report.add", {"text": "Something unkind"}, rb)["private"]["mine"][-1]
    assert screen.view()["current"] == "report"
    assert ic.step(wid, "report.hide", {"answer": rude}, rb)["ok"]
    assert ic.step(wid, "report.section", {"section": "well"}, rb)["ok"]
    assert send(sam.socket, "report.add", {"text": "Too late for reporting", "section": "report"}, rb)["error"] == "closed"
    assert send(sam.socket, "report.add", {"text": "Everyone had a voice"}, rb)["ok"]
    assert send(sam.socket, "report.section", {"section": "change"}, rb)["error"] == "forbidden"
    assert send(sam.socket, "report.edit", {"answer": first["private"]["mine"][0], "text": "mine now"}, rb)["error"] == "forbidden"
    assert ic.step(wid, "report.add", {"text": "ICs visit in six weeks", "section": "follow_up"}, rb)["ok"]

    room, fac = screen.view(), console.view()
    assert room == jo_seen.view() == sam_seen.view()
    assert room["current"] == "well"
    assert [(a["section"], a["text"], a["author"]) for a in room["answers"]] == [
        ("report", "Five minutes at Monday briefing", "Jo Quill"), ("well", "Everyone had a voice", "Sam Rook"),
        ("follow_up", "ICs visit in six weeks", None)]
    assert [a["id"] for a in fac["answers"] if a["hidden"]] == [rude]
    for client in (screen, jo_seen, sam_seen):  # the hidden answer left every screen but the console
        later = [m["args"][0]["activity"] for m in client.pull() if m["name"] == "state"][-1]
        assert "Something unkind" not in json.dumps(later)
    assert not re.search(r'"author": \d', json.dumps(jo_seen.pull())), "a participant id reached a phone"

    with db.session() as s:
        out = report_back.outcomes(s.get(Activity, rb).state)
    assert [(c["group"], c["text"]) for c in out] == [
        ("report", "Five minutes at Monday briefing"), ("follow_up", "ICs visit in six weeks"),
        ("well", "Everyone had a voice")]
    assert out[2]["section_title"] == "What did we do well?"

    wall = add_wall(ic, wid, "Share")
    assert ic.step(wid, "activity.import", {"from": rb}, wall)["ok"]
    assert ic.step(wid, "control.goto", {"activity": wall})["ok"]
    cards = Seen(ic.socket(wid)).view()["cards"]
    assert [c["source"] for c in cards] == [{"activity": rb, "card": c["id"]} for c in out]


def test_cards_from_an_earlier_activity_land_in_a_section(app, ic, open_workshop):
    wid = open_workshop
    jo = Phone(app, wid, "Jo")
    from support import walls

    wall = walls(wid)[0]
    idea = send(jo.socket, "idea.add", {"text": "Summary in the staff bulletin"}, wall)["private"]["mine"][0]
    rb = add_report(ic, wid, {"sections": ["report", "follow_up"]})
    assert ic.step(wid, "activity.import", {"from": wall, "section": "nowhere"}, rb)["error"] == "not_found"
    assert ic.step(wid, "activity.import", {"from": wall, "section": "follow_up"}, rb)["ok"]
    view = Seen(ic.socket(wid)).view()
    assert [s["id"] for s in view["sections"]] == ["report", "follow_up"]
    assert [(a["section"], a["text"], a["source"]) for a in view["answers"]] == [
        ("follow_up", "Summary in the staff bulletin", {"activity": wall, "card": idea})]
    assert ic.step(wid, "activity.close", activity=rb)["ok"]
    assert send(jo.socket, "report.add", {"text": "late"}, rb)["error"] == "closed"
