"""The partnership page at 1366x768 and a partner head's link on a phone (320 px), in Chromium: the
lead filters the asks, makes Cedar High's head's link; the head offers support on the phone and the
lead agrees it. No serious axe violation, no sideways scroll on the phone. Screenshots go to
docs/screenshots/ (partnership-page-1366.png, partner-head-320.png).

The app runs in this process (werkzeug, threads) so the test can seed the partnership directly."""
from __future__ import annotations

import threading
from datetime import date, timedelta
from pathlib import Path

import pytest
from asks_fixtures import action, seed, _attach
from playwright.sync_api import expect
from werkzeug.serving import make_server

from browser_checks import assert_accessible
from support import PASSWORD, make_app
from workshop.db import db
from workshop.models import ActionUpdate, Offer, Workshop

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.fixture
def site(tmp_path):
    app = make_app(tmp_path / "workshop.db")
    x = seed(app)
    today = date.today()
    cedar = x.lead.create_workshop(school="Cedar High", focus="Attendance in Year 9")
    _attach(cedar, x.partnership, x.schools["Cedar High"], [
        action("b1", "Set up a Year 9 attendance mentoring swap with a partner school", "b",
               how=["t2t_partnership"], who="Pastoral lead", when="by half term",
               terms="Half a day a fortnight; cover paid by the asking school"),
        action("b2", "Join a partnership action research group on persistent absence", "b", how=["action_research"]),
    ], date=today - timedelta(days=20))
    with db.session(write=True) as s:
        s.get(Workshop, x.alder).date = today - timedelta(days=80)
        s.get(Workshop, x.birch).date = today + timedelta(days=12)
        s.add_all([
            Offer(workshop_id=x.alder, action_key="b1", school_id=x.schools["Cedar High"], who="Ms Adeyemi, phonics lead",
                  what="Two coaching visits and our catch-up materials", when="Before Easter", by="Lena Lead",
                  via="lead", agreed=True),
            Offer(workshop_id=cedar, action_key="b1", school_id=x.schools["Alder School"], who="Mr Byrne, head of year",
                  what="A morning shadowing our attendance team", when="March", by="Ian Member", via="ic"),
            ActionUpdate(workshop_id=x.alder, action_key="b2", status="done", rag="green", note="", by="", via="ic"),
        ])
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", x
    server.shutdown()


def test_the_partnership_page_and_a_heads_link_on_a_phone(site, browser):
    base, x = site
    laptop = browser.new_context(viewport={"width": 1366, "height": 768}, bypass_csp=True)
    lead = laptop.new_page()
    lead.goto(f"{base}/login")
    lead.get_by_label("Email").fill("lead@example.org")
    lead.get_by_label("Password").fill(PASSWORD)
    lead.get_by_role("button", name="Sign in").click()
    lead.goto(f"{base}/partnerships/{x.partnership}")
    expect(lead.get_by_test_id("ask-count")).to_have_text("5 asks")
    assert sorted(lead.locator("[data-testid=ask]").evaluate_all("els => els.map(e => e.dataset.status)")) == [
        "agreed", "asked", "asked", "done", "offered"]
    assert_accessible(lead, "the partnership page")
    lead.screenshot(path=str(SCREENSHOTS / "partnership-page-1366.png"), full_page=True)

    lead.get_by_label("Status").select_option("asked")
    lead.get_by_role("button", name="Show").click()
    expect(lead.get_by_test_id("ask-count")).to_have_text("5 asks, 2 shown")
    lead.get_by_role("link", name="Show all").click()
    lead.locator("#school-%d" % x.schools["Cedar High"]).get_by_test_id("make-head-link").click()
    url = lead.get_by_test_id("head-link-url").inner_text().strip()

    phone = browser.new_context(viewport={"width": 320, "height": 640}, is_mobile=True, has_touch=True, bypass_csp=True).new_page()
    phone.goto(url)
    expect(phone.get_by_test_id("head-for")).to_contain_text("For the head of Cedar High")
    expect(phone.get_by_test_id("ask")).to_have_count(3)  # Alder's two and Birch's one: never Cedar's own
    ask = phone.locator(f"#ask-{x.birch}-b1")
    ask.get_by_text("Offer support from Cedar High").click()
    ask.get_by_label("Who will give it (a name or a role)").fill("Our maths lead, Mr Iqbal")
    ask.get_by_label("What you can offer").fill("Host a visit to see number fluency lessons")
    ask.get_by_label("By when").fill("After Easter")
    ask.get_by_label("Your name").fill("Mrs Chen")
    assert phone.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    assert_accessible(phone, "a partner head's page")
    phone.screenshot(path=str(SCREENSHOTS / "partner-head-320.png"), full_page=True)
    ask.get_by_role("button", name="Send the offer").click()
    expect(phone.get_by_text("Thank you: your offer was saved.")).to_be_visible()
    expect(phone.locator(f"#ask-{x.birch}-b1").get_by_test_id("ask-status")).to_have_text("Offered")

    lead.goto(f"{base}/partnerships/{x.partnership}")
    card = lead.locator(f"#ask-{x.birch}-b1")
    expect(card).to_contain_text("Mrs Chen through the head's link")
    card.get_by_role("button", name="Agree this offer").click()
    expect(lead.locator(f"#ask-{x.birch}-b1").get_by_test_id("ask-status")).to_have_text("Agreed")
