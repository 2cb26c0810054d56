"""A partnership of four schools for the 90-day picture and the partnership's exports: workshops
at different stages, agreed actions at every level with progress, asks with and without offers,
and one run workshop with participants' names and a card that must never reach the partnership."""
from __future__ import annotations

from datetime import date, datetime, timezone

from support import Phone, send, walls

from workshop import workshops
from workshop.db import db
from workshop.models import ActionUpdate, Offer, Partnership, PartnershipMember, PartnerSchool, User, Workshop

SCHOOLS = ("Riverside Academy", "Ysgol Gwenllïan", "Oakfield Primary", "Hillside School")
PRIVATE = ("Zebedee Quillfeather", "Marigold Upshaw", "The photocopier queue eats our planning time")


def _action(key: str, text: str, level: str, when: str = "2027-03-31", how=None, who="Head of maths") -> dict:
    return {"id": key, "text": text, "when": when, "who": who, "support": level, "comments": "",
            "how": how or [], "how_other": "", "success": "", "terms": ""}


RIVERSIDE = [_action("r1", "Coach new staff on adaptive teaching", "a", how=["mentoring"]),
             _action("r2", "Visit a partner's SEND base", "b", "by Easter", how=["t2t_partnership", "jpd"]),
             _action("r3", "Commission reading training", "c", "2027-01-31")]
GWENLLIAN = [_action("g1", "=Plan joint CPD on oracy", "b", how=["cpd_event"], who="Siân (Deputy head)"),
             _action("g2", "Audit KS2 reading books", "a")]
OAKFIELD = [_action("o1", "Share phonics tracking with a partner", "b", how=["teachmeet"])]
OLD_RIVERSIDE = [_action("x1", "An action of last year's cycle", "a")]


def _update(s, wid: int, key: str, status: str, rag: str, day: int, note: str = "") -> None:
    s.add(ActionUpdate(workshop_id=wid, action_key=key, status=status, rag=rag, note=note, by="Marigold Upshaw",
                       via="ic", created_at=datetime(2027, 1, day, 9, 0, tzinfo=timezone.utc)))


def seed(app, ic, members=()) -> dict:
    """The partnership (ic is its lead; the `members`, users' ids, its member ICs) and its ids."""
    # Oakfield's workshop is run live: people join by name and write a card.
    oak = ic.create_workshop(school="Oakfield Primary", focus="Phonics")
    assert ic.step(oak, "workshop.open")["ok"]
    wall = walls(oak)[0]
    assert ic.step(oak, "control.goto", {"activity": wall})["ok"]
    assert ic.step(oak, "activity.open", activity=wall)["ok"]
    phone = Phone(app, oak, PRIVATE[0])
    Phone(app, oak, PRIVATE[1])
    assert send(phone.socket, "idea.add", {"text": PRIVATE[2]}, activity=wall)["ok"]
    assert ic.step(oak, "workshop.close")["ok"]
    with db.session(write=True) as s:
        lead = s.get(User, ic.user.id)
        p = Partnership(name="North Cluster")
        s.add(p)
        s.flush()
        s.add(PartnershipMember(partnership_id=p.id, user_id=lead.id, role="lead"))
        s.add_all(PartnershipMember(partnership_id=p.id, user_id=m, role="ic") for m in members)
        schools = {name: PartnerSchool(partnership_id=p.id, name=name) for name in SCHOOLS}
        s.add_all(schools.values())
        s.flush()

        def workshop(name: str, day: date | None, actions: list | None, **record) -> Workshop:
            w = workshops.create(s, lead, {"school": name, "date": day, "focus": "Focus"})
            w.partnership_id, w.partner_school_id = p.id, schools[name].id
            w.record = {"actions": actions, **record} if actions is not None else None
            s.flush()
            return w

        old = workshop("Riverside Academy", date(2026, 5, 1), OLD_RIVERSIDE)
        river = workshop("Riverside Academy", date(2026, 11, 26), RIVERSIDE, checkin="2027-02-24")
        workshop("Riverside Academy", date(2027, 4, 20), None)  # planned: no actions yet
        gwen = workshop("Ysgol Gwenllïan", date(2026, 10, 10), GWENLLIAN)  # check-in 90 days on
        oakfield = s.get(Workshop, oak)
        oakfield.partnership_id, oakfield.partner_school_id = p.id, schools["Oakfield Primary"].id
        oakfield.record = {"actions": OAKFIELD, "checkin": "2027-03-01"}
        _update(s, old.id, "x1", "done", "green", 2)
        _update(s, river.id, "r1", "in_progress", "amber", 5, "Two sessions so far")
        _update(s, river.id, "r2", "done", "green", 6)
        _update(s, gwen.id, "g1", "in_progress", "green", 3)
        _update(s, gwen.id, "g1", "in_progress", "red", 9, "Cover fell through")  # the latest counts
        _update(s, gwen.id, "g2", "not_started", "", 9)
        s.add_all([Offer(workshop_id=gwen.id, action_key="g1", school_id=schools["Riverside Academy"].id,
                         who="Ms Okafor, oracy lead", what="Run the first twilight session", when="February",
                         by="Ms Okafor", via="head", agreed=True),
                   Offer(workshop_id=gwen.id, action_key="g1", school_id=schools["Oakfield Primary"].id,
                         who="Mr Bell", what="+ Share our oracy framework", when="", by="Member IC", via="ic")])
        return {"partnership": p.id, "riverside": river.id,
                "gwenllian": gwen.id, "oakfield": oak}
