"""A partner head's link (no account): it shows the partnership's asks from the OTHER schools only
(never its own school's, never another partnership's, never a card or a participant's name, never
another link), records offers for its own school with via "head", refuses offers to its own school's
asks or another partnership's, and a mistyped, replaced or withdrawn link opens nothing (404)."""
from __future__ import annotations

import hashlib
import html
import re

from asks_fixtures import CARD, PARTICIPANT, seed
from sqlalchemy import select

from workshop.db import db
from workshop.models import Offer, PartnerSchool


def text(response) -> str:
    return " ".join(html.unescape(response.data.decode()).split())


def head_link(x, school: str) -> str:
    """The lead makes the school's head's link on the partnership page: its path."""
    url = f"/partnerships/{x.partnership}"
    assert x.lead.http.post(f"{url}/schools/{x.schools[school]}/head-link").status_code == 302
    link = re.search(r'data-testid="head-link-url">([^<]+)<', x.lead.http.get(url).data.decode())[1]
    return "/ph/" + link.split("/ph/")[1]


def offers() -> list[tuple]:
    with db.session() as s:
        return [(o.workshop_id, o.action_key, o.school_id, o.who, o.what, o.when, o.by, o.via, o.agreed)
                for o in s.scalars(select(Offer).order_by(Offer.id))]


def test_the_link_shows_other_schools_asks_only_and_nothing_private(app):
    x = seed(app)
    path = head_link(x, "Birch Primary")
    other_path = head_link(x, "Cedar High")  # another school's link is never shown on Birch's page
    response = app.test_client().get(path)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["X-Robots-Tag"] == "noindex, nofollow"
    page = text(response)
    assert "For the head of <strong>Birch Primary</strong>" in page
    asks = re.findall(r'data-testid="ask-school">([^<]+)<.*?<h3 class="ask-what">([^<]+)</h3>', page)
    assert asks == [("Alder School", "Share phonics catch-up with a partner school"),
                    ("Alder School", "Run a joint reading moderation")]
    for absent in ("Visit a school strong in number fluency",  # Birch's own ask
                   "Learn from Fir", "Elm",  # another partnership
                   "Coach new staff", "reading specialist",  # levels a and c
                   PARTICIPANT, CARD, other_path.split("/ph/")[1], "/partnerships/", "head-link"):
        assert absent not in page, absent
    # Cedar's head sees both other schools' asks.
    cedar = text(app.test_client().get(other_path))
    assert len(re.findall(r'data-testid="ask"', cedar)) == 3


def test_a_head_offers_support_from_their_own_school(app):
    x = seed(app)
    path = head_link(x, "Birch Primary")
    head = app.test_client()
    sent = head.post(f"{path}/offer", data={"ask": f"{x.alder}:b2", "who": "Our maths lead", "what": "Host a twilight",
                                            "when": "June", "by": "Ms  Okafor", "school": x.schools["Cedar High"]})
    assert sent.status_code == 302 and sent.headers["Location"].endswith(f"{path}#ask-{x.alder}-b2")
    assert sent.headers["Referrer-Policy"] == "no-referrer"
    # Their own school, whatever the form says.
    assert offers() == [(x.alder, "b2", x.schools["Birch Primary"], "Our maths lead", "Host a twilight", "June",
                         "Ms Okafor", "head", False)]
    page = text(head.get(path))
    assert "Thank you: your offer was saved." in page
    card = page.split(f'id="ask-{x.alder}-b2"')[1].split("</section>")[0]
    assert 'data-testid="ask-status">Offered<' in card and "Host a twilight" in card
    # The lead sees it, said to have come through the head's link.
    assert "Ms Okafor through the head's link" in text(x.lead.http.get(f"/partnerships/{x.partnership}"))


def test_a_head_cant_offer_to_their_own_schools_ask_or_another_partnerships(app):
    x = seed(app)
    path = head_link(x, "Birch Primary")
    head = app.test_client()
    for ask in (f"{x.birch}:b1", f"{x.other_workshop}:b1", f"{x.alder}:a1", f"{x.alder}:c1", "nonsense"):
        refused = head.post(f"{path}/offer", data={"ask": ask, "who": "Me", "what": "Help"})
        assert refused.status_code == 400, ask
        assert "That ask is not one your school can offer to" in text(refused)
    refused = head.post(f"{path}/offer", data={"ask": f"{x.alder}:b1", "who": "Me", "what": "w" * 1001, "by": "Ann"})
    assert refused.status_code == 400
    page = text(refused)
    assert re.search(r'data-testid="offer-error">What is offered can be at most 1000 characters', page)
    assert 'value="Ann"' in page.split(f'id="ask-{x.alder}-b1"')[1]  # what was typed is kept
    assert offers() == []


def test_a_bad_replaced_or_withdrawn_link_opens_nothing(app):
    x = seed(app)
    client = app.test_client()
    for bad in ("/ph/short", "/ph/" + "x" * 40, "/ph/%00%00%00%00%00%00%00%00%00%00%00%00%00%00%00%00%00%00%00%00"):
        response = client.get(bad)
        assert response.status_code == 404 and "This link does not work" in text(response)
    assert client.post("/ph/" + "x" * 40 + "/offer", data={"ask": f"{x.alder}:b1", "who": "a", "what": "b"}).status_code == 404
    path = head_link(x, "Birch Primary")
    # Only the token's SHA-256 is stored.
    with db.session() as s:
        school = s.get(PartnerSchool, x.schools["Birch Primary"])
        assert school.head_token_hash == hashlib.sha256(path.split("/ph/")[1].encode()).hexdigest()
    newer = head_link(x, "Birch Primary")
    assert client.get(path).status_code == 404 and client.get(newer).status_code == 200
    assert client.post(f"{path}/offer", data={"ask": f"{x.alder}:b1", "who": "a", "what": "b"}).status_code == 404
    assert x.lead.http.post(f"/partnerships/{x.partnership}/schools/{x.schools['Birch Primary']}/head-link/revoke").status_code == 302
    response = client.get(newer)
    assert response.status_code == 404 and response.headers["Cache-Control"] == "no-store"
    assert offers() == []
