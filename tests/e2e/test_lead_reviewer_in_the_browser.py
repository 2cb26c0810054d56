"""The 90-day check-in in a real browser: the IC sets its format and the staff meeting on the record
page (1366x768) and makes the lead reviewer's link; the lead reviewer opens it on a phone (320 px):
the check-in's date, format and who leads it, each action, a form with their name already in it;
they save an update and the IC's check-in page shows it. No serious axe violation, no sideways
scroll."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from record_fixtures import ACTIONS
from seed import facilitator, new_workshop, sign_in, signed_in

from browser_checks import assert_accessible

pytestmark = pytest.mark.parametrize("server", ["gevent"], indirect=True)
LEAD = "Dr Ffion Ap Rhys"


@pytest.fixture(scope="module")
def workshop(server):
    """A workshop with three agreed actions and a review whose lead reviewer is named."""
    http = signed_in(server)
    wid = new_workshop(server, http, school="Ysgol Gwenllïan", focus="SEND in KS3").id
    console = facilitator(server, wid, http)
    console.send("record.update", {"actions": ACTIONS})
    # The review's findings, as the details page sends them.
    console.send("workshop.update", {"review": {"lead_reviewer": LEAD, "start": "2026-11-10", "end": "2026-11-12"}})
    console.close()
    return wid, http


def no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def test_the_ic_sets_up_the_check_in_and_the_lead_reviewer_records_progress_on_a_phone(server, workshop, browser):
    wid, _ = workshop
    laptop = browser.new_context(viewport={"width": 1366, "height": 768}, bypass_csp=True)
    ic = laptop.new_page()
    sign_in(ic, server)
    ic.goto(f"{server}/w/{wid}/record")
    follow_up = ic.locator("#follow-up")
    expect(follow_up.get_by_test_id("checkin-hint")).to_have_text(
        "About 90 days after the review's last day (12 November 2026): 10 February 2027.")
    expect(follow_up.get_by_test_id("checkin-owner")).to_have_text(f"{LEAD}, the lead reviewer")
    follow_up.get_by_label("Format").select_option("visit")
    follow_up.locator("#staff_meeting_date").fill("2027-03-17")
    follow_up.get_by_label("Note (time, place, who is invited)").fill("4pm in the library")
    ic.get_by_test_id("record-save").click()
    expect(ic.get_by_text("Summary record saved.")).to_be_visible()
    expect(ic.locator("#checkin_format")).to_have_value("visit")
    assert_accessible(ic, "record page with the follow-up filled")
    ic.get_by_test_id("make-checkin").click()
    lead_url = ic.get_by_test_id("link-url-checkin").inner_text().strip()
    assert re.fullmatch(rf"{re.escape(server)}/plan/[\w-]{{20,}}", lead_url)
    expect(ic.get_by_test_id("link-checkin")).to_contain_text(f"For the lead reviewer, {LEAD}")

    phone = browser.new_context(viewport={"width": 320, "height": 640}, is_mobile=True, has_touch=True,
                                bypass_csp=True)
    lead = phone.new_page()
    lead.goto(lead_url)
    facts = lead.get_by_test_id("checkin-facts")
    expect(facts).to_contain_text("10 February 2027")
    expect(facts).to_contain_text("A visit")
    expect(facts).to_contain_text(f"{LEAD}, the lead reviewer")
    expect(facts).to_contain_text("17 March 2027 · 4pm in the library")
    expect(lead.get_by_test_id("progress-card")).to_have_count(3)
    expect(lead.get_by_role("link", name="Workshop")).to_have_count(0)  # not to "Join a workshop"
    no_sideways_scroll(lead)
    assert_accessible(lead, "the lead reviewer's check-in page")
    card = lead.get_by_test_id("progress-card").first
    card.get_by_text("Update progress").click()
    expect(card.get_by_label("Your name (optional)")).to_have_value(LEAD)
    card.get_by_label("Status").select_option("in_progress")
    card.get_by_label("Progress (RAG)").select_option("amber")
    card.get_by_label("Note (what happened, what next)").fill("Coaching started in maths and science")
    card.get_by_role("button", name="Save update").click()
    expect(lead.get_by_text("Thank you: the progress was saved.")).to_be_visible()
    expect(lead.get_by_test_id("progress-card").first).to_contain_text(
        f"{LEAD}, via the lead reviewer's link: In progress, amber — Coaching started in maths and science")
    no_sideways_scroll(lead)
    assert_accessible(lead, "the lead reviewer's check-in page after saving")
    phone.close()

    ic.goto(f"{server}/w/{wid}/checkin")
    expect(ic.get_by_test_id("checkin-facts")).to_contain_text(f"{LEAD}, the lead reviewer")
    expect(ic.get_by_test_id("progress-card").first).to_contain_text(f"{LEAD}, via the lead reviewer's link")
    laptop.close()
