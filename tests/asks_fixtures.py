"""Set-up for the partnership page and partner heads' link tests: a partnership of three schools
(its lead and a member IC), workshops whose plans have actions at levels a, b and c, a named
participant and an idea card in one of them, and another partnership with an ask of its own."""
from __future__ import annotations

from dataclasses import dataclass

from support import Facilitator, Phone, send, walls

from workshop.db import db
from workshop.models import Partnership, PartnershipMember, PartnerSchool, Workshop

PARTICIPANT = "Zebedee Quartermain"
CARD = "The photocopier queue eats our planning time"


def action(key: str, text: str, support: str, **more) -> dict:
    return {"id": key, "text": text, "when": more.pop("when", "2027-03-31"), "who": more.pop("who", "Head of maths"),
            "support": support, "comments": "", "how": more.pop("how", []), "how_other": more.pop("how_other", ""),
            "success": "", "terms": more.pop("terms", ""), **more}


@dataclass
class Seeded:
    partnership: int
    schools: dict  # name -> id
    alder: int  # workshop ids
    birch: int
    other_partnership: int
    other_workshop: int
    lead: Facilitator
    ic: Facilitator


def _partnership(name: str, schools: list[str], members: list[tuple[Facilitator, str]]) -> tuple[int, dict]:
    with db.session(write=True) as s:
        p = Partnership(name=name, schools=[PartnerSchool(name=n) for n in schools])
        s.add(p)
        s.flush()
        for who, role in members:
            s.add(PartnershipMember(partnership_id=p.id, user_id=who.user.id, role=role))
        return p.id, {sc.name: sc.id for sc in p.schools}


def _attach(wid: int, partnership: int, school: int | None, actions: list[dict], date=None) -> None:
    with db.session(write=True) as s:
        ws = s.get(Workshop, wid)
        ws.partnership_id, ws.partner_school_id = partnership, school
        ws.record = {**(ws.record or {}), "actions": actions}
        if date is not None:
            ws.date = date


def seed(app) -> Seeded:
    lead = Facilitator(app, "lead@example.org", "Lena Lead")
    ic = Facilitator(app, "member@example.org", "Ian Member")
    pid, schools = _partnership("Alder and Birch Partnership", ["Alder School", "Birch Primary", "Cedar High"],
                                [(lead, "lead"), (ic, "ic")])
    alder = lead.create_workshop(school="Alder School", focus="Reading in KS2")
    # A participant by name and an idea card: neither may cross to the partnership.
    assert lead.step(alder, "workshop.open")["ok"]
    wall = walls(alder)[0]
    assert lead.step(alder, "control.goto", {"activity": wall})["ok"]
    assert lead.step(alder, "activity.open", activity=wall)["ok"]
    phone = Phone(app, alder, PARTICIPANT)
    assert send(phone.socket, "idea.add", {"text": CARD}, activity=wall)["ok"]
    assert lead.step(alder, "workshop.close")["ok"]
    _attach(alder, pid, schools["Alder School"], [
        action("a1", "Coach new staff on guided reading", "a", how=["mentoring"]),
        action("b1", "Share phonics catch-up with a partner school", "b", how=["t2t_partnership", "jpd"]),
        action("b2", "Run a joint reading moderation", "b", how=["cpd_event"], how_other="A shared twilight"),
        action("c1", "Buy in a reading specialist", "c", how_other="A local authority adviser"),
    ])
    birch = lead.create_workshop(school="Birch Primary", focus="Maths fluency")
    _attach(birch, pid, schools["Birch Primary"], [
        action("b1", "Visit a school strong in number fluency", "b", how=["teachmeet"], when="by Easter"),
        action("a1", "Daily fluency starters", "a"),
    ])
    outsider = Facilitator(app, "outsider@example.org", "Olu Outsider")
    other_pid, other_schools = _partnership("Elm Partnership", ["Elm Academy", "Fir School"], [(outsider, "lead")])
    other = outsider.create_workshop(school="Elm Academy", focus="Attendance")
    _attach(other, other_pid, other_schools["Elm Academy"], [action("b1", "Learn from Fir's attendance team", "b")])
    return Seeded(pid, schools, alder, birch, other_pid, other, lead, ic)
