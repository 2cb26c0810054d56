"""Shared set-up for the summary record tests: a closed workshop with Unicode names, attendees,
ideas on the walls and an agreed plan (set through `record.update`, as the facilitator would)."""
from __future__ import annotations

from support import Phone, send, walls

from workshop.db import db
from workshop.models import Workshop

NAMES = ("Siân", "Gwenllïan", "Łukasz", "Zoë")
ACTIONS = [
    {"text": "Siân to coach colleagues on adaptive teaching in KS3", "when": "2027-03-31",
     "who": "Siân Jones", "support": "a", "comments": "Release time agreed"},
    {"text": "Visit Ysgol Gwenllïan's SEND base, with Łukasz", "when": "by Easter",
     "who": "Łukasz Nowak", "support": "b", "comments": ""},
    {"text": "Commission training on \"precision teaching\", costs, quotes", "when": "31/01/2027",
     "who": "Zoë Evans, SENCo", "support": "c", "comments": "Budget: = £1,200; check with governors"},
]


def seed(app, ic) -> int:
    wid = ic.create_workshop(school="Ysgol Gwenllïan", focus="Progress of pupils with SEND in KS3")
    assert ic.http.post(f"/w/{wid}/edit", data={"school": "Ysgol Gwenllïan", "date": "2026-11-26",
                                                "ics": "Siân Jones and Łukasz Nowak",
                                                "focus": "Progress of pupils with SEND in KS3"}).status_code == 302
    assert ic.step(wid, "workshop.open")["ok"]
    wall = walls(wid)[0]
    assert ic.step(wid, "control.goto", {"activity": wall})["ok"]
    assert ic.step(wid, "activity.open", activity=wall)["ok"]
    phones = [Phone(app, wid, name) for name in NAMES]
    assert send(phones[3].socket, "idea.add", {"text": "Zoë's idea"}, activity=wall)["ok"]
    assert ic.step(wid, "workshop.close")["ok"]
    ack = ic.step(wid, "record.update", {
        "actions": ACTIONS, "outcomes": ["Root cause: too little time to plan with the SENCo"],
        "reporting": ["Staff briefing led by Gwenllïan"], "follow_up": ["Łukasz visits in March"],
        "experience": ["Open and supportive"], "well": ["Every voice heard"], "change": ["Start earlier"]})
    assert ack["ok"], ack
    return wid


def version(wid: int) -> int:
    with db.session() as s:
        return s.get(Workshop, wid).version
