"""`workshop demo` also seeds a partnership of four schools: workshops at different stages, asks at
every status, offers from partner schools, and the 90-day check-in's progress."""
from __future__ import annotations

from datetime import date, timedelta

from support import make_app

from workshop import demo, demo_partnership, partnerships
from workshop.db import db
from workshop.models import ActionUpdate, Offer, Partnership, User, Workshop
from workshop.record import build


def _seeded(tmp_path):
    make_app(tmp_path / "workshop.db")
    return demo.seed()


def test_the_demo_partnership_has_four_schools_and_the_demo_user_as_its_lead(tmp_path):
    seeded = _seeded(tmp_path)
    with db.session() as s:
        partnership = s.get(Partnership, seeded["partnership"])
        assert partnership.name == demo_partnership.PARTNERSHIP
        assert {school.name for school in partnership.schools} == {
            "Riverside Academy (11-16)", "Hillview School", "St Anne's C of E Primary", "Northgate High School"}
        user = s.query(User).filter_by(email=demo.EMAIL).one()
        assert partnerships.member_role(s, partnership.id, user.id) == "lead"
        roles = {m.user.email: m.role for m in partnership.members}
        assert roles == {demo.EMAIL: "lead", demo_partnership.MEMBER[0]: "ic"}
        assert [p.id for p in partnerships.visible_to(s, user.id)] == [partnership.id]


def test_every_school_has_a_workshop_and_they_are_at_different_stages(tmp_path):
    seeded = _seeded(tmp_path)
    today = date.today()
    with db.session() as s:
        schools = {school.id: school.name for school in s.get(Partnership, seeded["partnership"]).schools}
        found = {schools[w.partner_school_id]: w for w in partnerships.workshops_of(s, seeded["partnership"])}
        assert set(found) == set(schools.values())
        assert found["Riverside Academy (11-16)"].id == seeded["workshop"]
        # planned: a draft ahead of us, with its review's findings but no actions yet
        planned = found["Northgate High School"]
        assert planned.status == "draft" and planned.date > today
        assert planned.review["found"] and planned.review["lead_reviewer"]
        assert build(s, planned.id).actions == []
        # at check-in: run about 90 days ago, the review ended ~100 days ago, progress given by RAG
        checkin = found["St Anne's C of E Primary"]
        record = build(s, checkin.id)
        assert checkin.status == "closed" and checkin.date == today - timedelta(days=90)
        assert record.checkin == today - timedelta(days=10)
        assert 5 <= len(record.actions) <= 6 and {a.support for a in record.actions} == {"a", "b", "c"}
        assert all(a.success for a in record.actions) and all(a.how or a.how_other for a in record.actions)
        assert all(a.terms for a in record.actions if a.support == "b")
        assert {a.rag for a in record.actions} == {"red", "amber", "green"}
        by_lead = [a for a in record.actions if a.latest.via == "lead"]
        assert by_lead and all(a.latest.by == record.lead_reviewer for a in by_lead)
        # run recently: closed, with its own asks
        recent = found["Hillview School"]
        assert recent.status == "closed" and today - timedelta(days=30) < recent.date < today
        assert [a.support for a in build(s, recent.id).actions].count("b") == 2


def test_asks_come_with_and_without_offers_at_every_status(tmp_path):
    seeded = _seeded(tmp_path)
    with db.session() as s:
        asks = partnerships.asks(s, seeded["partnership"])
        assert {ask.status for ask in asks} == set(partnerships.STATUSES)
        assert any(not ask.offers for ask in asks) and any(ask.offers for ask in asks)
        assert {ask.school for ask in asks} == {"Riverside Academy (11-16)", "Hillview School",
                                               "St Anne's C of E Primary"}
        assert all(ask.action.support == "b" for ask in asks)
        for ask in asks:  # an offer comes from another school of the partnership
            assert all(offer.school and offer.school != ask.school for offer in ask.offers)
        done = [ask for ask in asks if ask.status == "done"]
        assert done and all(any(o.agreed for o in ask.offers) for ask in done)
        assert {o.via for ask in asks for o in ask.offers} == {"lead", "ic", "head"}
        # the main workshop's asks are its own level-b actions
        main = [ask for ask in asks if ask.workshop_id == seeded["workshop"]]
        assert [ask.action.text for ask in main] == [
            a.text for a in build(s, seeded["workshop"]).actions if a.support == "b"]


def test_the_main_demo_workshop_is_only_attached_to_the_partnership(tmp_path):
    seeded = _seeded(tmp_path)
    with db.session() as s:
        main = s.get(Workshop, seeded["workshop"])
        assert main.status == "open" and main.school == demo.DETAILS["school"] and main.date > date.today()
        assert main.partnership_id == seeded["partnership"]
        assert s.query(ActionUpdate).filter_by(workshop_id=main.id).count() == 0  # no progress yet
        assert s.query(Offer).filter_by(workshop_id=main.id).count() == 3


def test_a_second_demo_makes_a_second_partnership_and_keeps_the_ic_account(tmp_path):
    make_app(tmp_path / "workshop.db")
    first, second = demo.seed(), demo.seed()
    assert first["partnership"] != second["partnership"]
    with db.session() as s:
        assert s.query(User).filter_by(email=demo_partnership.MEMBER[0]).count() == 1
        assert len(partnerships.asks(s, first["partnership"])) == len(partnerships.asks(s, second["partnership"]))
