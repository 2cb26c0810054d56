"""The partnership page: only its lead and member ICs see it (anyone else: 404); it lists the schools,
their workshops' stages and every level-b action as an ask (never levels a or c, never a card, a
response or a participant's name); filters by school, way and status; offers recorded, refused with
the form kept, agreed and un-agreed; statuses asked -> offered -> agreed -> done."""
from __future__ import annotations

import html
import re
from datetime import date, timedelta

from asks_fixtures import CARD, PARTICIPANT, seed
from sqlalchemy import select

from support import Facilitator
from workshop.db import db
from workshop.models import ActionUpdate, Offer, Workshop
from workshop.web.partnership_asks import stage


def text(response) -> str:
    return " ".join(html.unescape(response.data.decode()).split())


def asks_on(page: str) -> list[tuple[str, str, str]]:
    """(school, action, status) of each ask card on a page, in order."""
    found = re.findall(r'data-testid="ask-school">([^<]+)</span> <span[^>]+data-testid="ask-status">([^<]+)</span></p> '
                       r'<h3 class="ask-what">([^<]+)</h3>', page)
    return [(school, what, status) for school, status, what in found]


def offers(wid: int) -> list[tuple]:
    with db.session() as s:
        return [(o.action_key, o.school_id, o.who, o.what, o.when, o.via, o.by, o.agreed)
                for o in s.scalars(select(Offer).where(Offer.workshop_id == wid).order_by(Offer.id))]


def test_only_the_lead_and_member_ics_see_the_page(app):
    x = seed(app)
    url = f"/partnerships/{x.partnership}"
    assert x.lead.http.get(url).status_code == 200
    assert x.ic.http.get(url).status_code == 200
    stranger = Facilitator(app, "stranger@example.org", "Sam Stranger")
    assert stranger.http.get(url).status_code == 404
    assert x.lead.http.get(f"/partnerships/{x.other_partnership}").status_code == 404  # not a member there
    assert x.lead.http.get("/partnerships/99999").status_code == 404  # the same answer as a stranger's
    signed_out = app.test_client().get(url)
    assert signed_out.status_code == 302 and "/login" in signed_out.headers["Location"]
    # A stranger can't record or agree an offer either.
    assert stranger.http.post(f"{url}/offers", data={"ask": f"{x.alder}:b1", "school": x.schools["Birch Primary"],
                                                     "who": "Me", "what": "Help"}).status_code == 404
    assert offers(x.alder) == []


def test_the_page_shows_schools_stages_and_only_level_b_asks_and_nothing_private(app):
    x = seed(app)
    # Birch's workshop is still to come; Alder's was run long ago and its check-in is past.
    with db.session(write=True) as s:
        s.get(Workshop, x.birch).date = date.today() + timedelta(days=10)
        s.get(Workshop, x.alder).date = date.today() - timedelta(days=100)
    page = text(x.lead.http.get(f"/partnerships/{x.partnership}"))
    assert "Alder and Birch Partnership" in page
    rows = re.findall(r'<tr id="school-\d+" data-testid="school-row"> <th scope="row">([^<]+)</th>(.*?)</tr>', page)
    assert [r[0] for r in rows] == ["Alder School", "Birch Primary", "Cedar High"]
    # The second's date is to come, but it has agreed actions: it was held.
    assert "At check-in" in rows[0][1] and "Run" in rows[1][1] and "None yet" in rows[2][1]
    assert asks_on(page) == [("Alder School", "Share phonics catch-up with a partner school", "Asked"),
                             ("Alder School", "Run a joint reading moderation", "Asked"),
                             ("Birch Primary", "Visit a school strong in number fluency", "Asked")]
    assert "Teacher-to-teacher / leader-to-leader support; Joint practice development" in page
    assert "A partnership CPD event; A shared twilight" in page and "by Easter" in page
    for private in ("Coach new staff", "Daily fluency", "reading specialist", "Learn from Fir",  # levels a, c; elsewhere
                    PARTICIPANT, CARD):
        assert private not in page
    assert "3 asks" in page and "shown" not in page.split('data-testid="ask-count">')[1][:30]
    assert f'href="/partnerships/{x.partnership}/picture"' in page
    assert f'href="/partnerships/{x.partnership}/settings"' in page


def test_stages_are_planned_run_and_at_check_in():
    today = date(2027, 1, 10)

    class Rec:
        def __init__(self, progress=False, checkin=None, actions=()):
            self.has_progress, self.checkin, self.actions = progress, checkin, list(actions)

    assert stage(None, Rec(), today) == "planned"
    assert stage(date(2027, 1, 11), Rec(), today) == "planned"
    assert stage(date(2027, 1, 11), Rec(actions=["agreed"], checkin=date(2027, 4, 11)), today) == "run"  # held
    assert stage(date(2027, 1, 10), Rec(checkin=date(2027, 4, 10)), today) == "run"
    assert stage(date(2026, 11, 1), Rec(checkin=date(2027, 1, 24)), today) == "checkin"  # two weeks away
    assert stage(date(2026, 11, 1), Rec(checkin=date(2027, 1, 25)), today) == "run"
    assert stage(date(2026, 12, 1), Rec(progress=True), today) == "checkin"


def test_filters_by_school_way_and_status_with_the_count(app):
    x = seed(app)
    url = f"/partnerships/{x.partnership}"
    page = text(x.ic.http.get(url, query_string={"school": x.schools["Birch Primary"]}))
    assert [a[1] for a in asks_on(page)] == ["Visit a school strong in number fluency"]
    assert "3 asks, 1 shown" in page
    page = text(x.ic.http.get(url, query_string={"way": "jpd"}))
    assert [a[1] for a in asks_on(page)] == ["Share phonics catch-up with a partner school"]
    page = text(x.ic.http.get(url, query_string={"way": "other"}))  # named another way
    assert [a[1] for a in asks_on(page)] == ["Run a joint reading moderation"]
    page = text(x.ic.http.get(url, query_string={"status": "offered"}))
    assert asks_on(page) == [] and "3 asks, 0 shown" in page and "No asks match these filters." in page
    page = text(x.ic.http.get(url, query_string={"school": "nonsense", "way": "mentoring", "status": "x"}))
    assert len(asks_on(page)) == 3  # not a choice: all
    # The school of another partnership is not a choice here.
    page = text(x.ic.http.get(url, query_string={"school": "999"}))
    assert len(asks_on(page)) == 3


def test_offers_move_an_ask_from_asked_to_offered_agreed_and_done(app):
    x = seed(app)
    url = f"/partnerships/{x.partnership}"
    birch = x.schools["Birch Primary"]
    sent = x.ic.http.post(f"{url}/offers", query_string={"status": "asked"},
                          data={"ask": f"{x.alder}:b1", "school": birch, "who": "Mrs  Patel, phonics lead",
                                "what": "Two coaching visits", "when": "Spring term"})
    assert sent.status_code == 302
    assert sent.headers["Location"].endswith(f"{url}?status=asked#ask-{x.alder}-b1")  # filters kept, at the ask
    assert offers(x.alder) == [("b1", birch, "Mrs Patel, phonics lead", "Two coaching visits", "Spring term", "ic",
                                "Ian Member", False)]
    page = text(x.lead.http.get(url))
    assert asks_on(page)[0] == ("Alder School", "Share phonics catch-up with a partner school", "Offered")
    assert "<strong>Birch Primary</strong>: Mrs Patel, phonics lead · when: Spring term" in page and "by Ian Member" in page

    with db.session() as s:
        offer_id = s.scalar(select(Offer.id))
    assert x.lead.http.post(f"{url}/offers/{offer_id}/agree", data={"agreed": "1"}).status_code == 302
    page = text(x.lead.http.get(url))
    assert asks_on(page)[0][2] == "Agreed" and 'data-testid="offer-agreed"' in page
    assert "Undo agreement" in page
    assert x.ic.http.post(f"{url}/offers/{offer_id}/agree", data={"agreed": "0"}).status_code == 302
    assert asks_on(text(x.lead.http.get(url)))[0][2] == "Offered"
    assert x.ic.http.post(f"{url}/offers/{offer_id}/agree", data={"agreed": "1"}).status_code == 302
    # Done comes from the school's own progress on the action, not from the partnership.
    with db.session(write=True) as s:
        s.add(ActionUpdate(workshop_id=x.alder, action_key="b1", status="done", rag="green", note="", by="",
                           via="ic"))
    page = text(x.lead.http.get(url))
    assert asks_on(page)[0][2] == "Done"
    assert 'name="ask" value="%s:b1"' % x.alder not in page  # no more offers: no form, and a post is refused
    refused = x.lead.http.post(f"{url}/offers", data={"ask": f"{x.alder}:b1", "school": birch, "who": "A", "what": "B"})
    assert refused.status_code == 400 and "has recorded this action as done: it needs no more offers" in text(refused)
    assert len(offers(x.alder)) == 1
    assert len(asks_on(text(x.lead.http.get(url, query_string={"status": "done"})))) == 1
    # An offer of another partnership's ask can't be agreed from here.
    with db.session(write=True) as s:
        foreign = Offer(workshop_id=x.other_workshop, action_key="b1", school_id=None, who="X", what="Y", via="lead")
        s.add(foreign)
        s.flush()
        foreign_id = foreign.id
    assert x.lead.http.post(f"{url}/offers/{foreign_id}/agree", data={"agreed": "1"}).status_code == 404
    with db.session() as s:
        assert s.get(Offer, foreign_id).agreed is False


def test_a_refused_offer_says_why_and_keeps_what_was_typed(app):
    x = seed(app)
    url = f"/partnerships/{x.partnership}"
    alder, birch = x.schools["Alder School"], x.schools["Birch Primary"]
    cases = [
        ({"school": alder, "who": "Kim", "what": "Help"}, "Alder School can't offer support to its own ask"),
        ({"school": "", "who": "Kim", "what": "Help"}, "Choose the school that offers the support."),
        ({"school": 12345, "who": "Kim", "what": "Help"}, "Choose the school that offers the support from the partnership's schools."),
        ({"school": birch, "who": "", "what": "Help"}, "Say who will give the support"),
        ({"school": birch, "who": "Kim", "what": "  "}, "Say what the school offers."),
        ({"school": birch, "who": "K" * 121, "what": "Help"}, "Who can be at most 120 characters (it has 121)."),
        ({"school": birch, "who": "Kim", "what": "w" * 1001}, "What is offered can be at most 1000 characters"),
        ({"school": birch, "who": "Kim", "what": "Help", "when": "t" * 61}, "By when can be at most 60 characters"),
    ]
    for form, message in cases:
        refused = x.lead.http.post(f"{url}/offers", data={"ask": f"{x.alder}:b2", **form})
        assert refused.status_code == 400, message
        page = text(refused)
        error = re.search(r'data-testid="offer-error">([^<]+)<', page)[1]
        assert message in error
        form_html = page.split(f'id="ask-{x.alder}-b2"')[1].split("</form>")[0]
        if form["who"]:
            assert f'value="{form["who"]}"' in form_html  # kept
        assert "<details class=\"offer-new\" open>" in form_html
    # An ask of another partnership, or no ask at all: said at the top; nothing saved anywhere.
    refused = x.lead.http.post(f"{url}/offers", data={"ask": f"{x.other_workshop}:b1", "school": birch,
                                                      "who": "Kim", "what": "Help"})
    assert refused.status_code == 400 and "That ask is not in this partnership's plans" in text(refused)
    refused = x.lead.http.post(f"{url}/offers", data={"ask": f"{x.alder}:a1", "school": birch, "who": "Kim", "what": "Help"})
    assert refused.status_code == 400  # level a is not an ask
    assert offers(x.alder) == [] and offers(x.other_workshop) == []


def test_only_the_lead_makes_replaces_and_withdraws_a_heads_link(app):
    x = seed(app)
    url = f"/partnerships/{x.partnership}"
    birch = x.schools["Birch Primary"]
    assert x.ic.http.post(f"{url}/schools/{birch}/head-link").status_code == 403
    assert 'data-testid="make-head-link"' not in x.ic.http.get(url).data.decode()
    other_school = Facilitator(app, "s@example.org", "S")  # not a member
    assert other_school.http.post(f"{url}/schools/{birch}/head-link").status_code == 404
    assert x.lead.http.post(f"{url}/schools/999/head-link").status_code == 404
    assert x.lead.http.post(f"/partnerships/{x.other_partnership}/schools/{birch}/head-link").status_code == 404

    assert x.lead.http.post(f"{url}/schools/{birch}/head-link").status_code == 302
    page = x.lead.http.get(url).data.decode()
    link = re.search(r'data-testid="head-link-url">([^<]+)<', page)[1]
    assert link.startswith("http://localhost/ph/")
    assert 'data-testid="head-link-url"' not in x.lead.http.get(url).data.decode()  # shown once
    assert "Working (made" in x.ic.http.get(url).data.decode()  # the IC sees it exists, never its address
    path = "/ph/" + link.split("/ph/")[1]
    assert app.test_client().get(path).status_code == 200
    assert x.lead.http.post(f"{url}/schools/{birch}/head-link").status_code == 302  # replaced
    assert app.test_client().get(path).status_code == 404
    assert x.lead.http.post(f"{url}/schools/{birch}/head-link/revoke").status_code == 302
    page = x.lead.http.get(url).data.decode()
    assert 'data-testid="head-link-none"' in page
