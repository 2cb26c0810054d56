"""The plan links in a real browser: on the record page (laptop, 1366x768) the IC makes a read-only
link and an update link, copies one with the clipboard and one by the select-the-text fallback
(plain http on a school network has no clipboard), and emails one; the head opens them on a phone
(390x844 and 320x568): labelled downloads, no forms on the read-only link, the logo goes nowhere."""
from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect
from record_fixtures import ACTIONS
from seed import csrf, facilitator, new_workshop, sign_in, signed_in

pytestmark = pytest.mark.parametrize("server", ["gevent"], indirect=True)
LAPTOP = {"viewport": {"width": 1366, "height": 768}}
PHONE = {"is_mobile": True, "has_touch": True, "device_scale_factor": 2}
PLAN_DOWNLOADS = ["Summary record (PDF)", "Summary record (Word)", "Actions (Excel)", "Actions (CSV)",
                  "Progress report (PDF)"]
NO_CLIPBOARD = "Object.defineProperty(Navigator.prototype, 'clipboard', {get: () => undefined});"


@pytest.fixture(scope="module")
def workshop(server):
    """A workshop at Ysgol Gwenllïan with three agreed actions; (its id, the IC's signed-in session)."""
    http = signed_in(server)
    wid = new_workshop(server, http, school="Ysgol Gwenllïan", focus="SEND in KS3").id
    console = facilitator(server, wid, http)
    console.send("record.update", {"actions": ACTIONS})
    console.close()
    return wid, http


def no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def test_the_record_page_makes_copies_and_emails_each_link(server, workshop, browser, shot):
    wid, _ = workshop
    context = browser.new_context(**LAPTOP, permissions=["clipboard-read", "clipboard-write"])
    ic = context.new_page()
    sign_in(ic, server)
    ic.goto(f"{server}/w/{wid}/record")
    expect(ic.get_by_test_id("downloads").get_by_role("link")).to_have_text(
        ["Summary record (PDF)", "Summary record (Word)", "Actions (Excel)", "Actions (CSV)", "Print view",
         "Backup, for ICs only (JSON)"])
    expect(ic.get_by_test_id("link-view")).to_contain_text("No read-only link yet.")

    ic.get_by_test_id("make-view").click()
    view = ic.get_by_test_id("link-url-view").inner_text()
    assert re.fullmatch(rf"{re.escape(server)}/plan/[\w-]{{20,}}", view)
    expect(ic.get_by_test_id("link-view")).to_contain_text("This new link replaces the earlier read-only link")
    expect(ic.get_by_test_id("make-view-note")).to_contain_text("Making a new read-only link withdraws this one")
    ic.get_by_test_id("copy-view").click()
    expect(ic.locator('[data-copy-status="link-view-url"]')).to_have_text(re.compile("^Copied"))
    assert ic.evaluate("navigator.clipboard.readText()") == view
    mailto = ic.get_by_test_id("email-view").get_attribute("href")
    query = parse_qs(urlsplit(mailto).query)
    assert mailto.startswith("mailto:?") and query["subject"] == ["Action plan for Ysgol Gwenllïan: read-only link"]
    assert view in query["body"][0] and "not change anything" in query["body"][0]

    context.add_init_script(NO_CLIPBOARD)  # from here on, as over plain http on a school network
    ic.get_by_test_id("make-update").click()
    update = ic.get_by_test_id("link-url-update").inner_text()
    assert update != view and ic.evaluate("navigator.clipboard") is None
    expect(ic.get_by_test_id("link-url-view")).to_have_count(0)  # shown once
    expect(ic.get_by_test_id("link-view")).to_contain_text("A read-only link is working")
    ic.get_by_test_id("copy-update").click()
    expect(ic.locator('[data-copy-status="link-update-url"]')).to_have_text(re.compile("^(Copied|The link is selected)"))
    assert ic.evaluate("window.getSelection().toString()") == update  # selected, ready for Ctrl+C
    body = parse_qs(urlsplit(ic.get_by_test_id("email-update").get_attribute("href")).query)["body"][0]
    assert update in body and "record progress on each action" in body
    no_sideways_scroll(ic)
    ic.locator("#head-link").scroll_into_view_if_needed()
    ic.evaluate("window.scrollBy(0, -60)")
    shot(ic, "record-page-1366")
    context.close()


def _link(server, http, wid: int, kind: str) -> str:
    page = http.get(f"{server}/w/{wid}/record").text
    made = http.post(f"{server}/w/{wid}/record/link/{kind}", data={"csrf_token": csrf(page)})  # to the record page
    return re.search(rf'data-testid="link-url-{kind}">([^<]+)<', made.text)[1]


def test_the_head_reads_the_plan_on_a_phone_and_only_the_update_link_records(server, workshop, browser, shot):
    wid, http = workshop
    view, update = _link(server, http, wid, "view"), _link(server, http, wid, "update")
    context = browser.new_context(**PHONE, viewport={"width": 390, "height": 844})
    head = context.new_page()
    head.goto(view)
    expect(head.get_by_test_id("link-kind")).to_contain_text("A read-only link")
    expect(head.get_by_test_id("plan-downloads").get_by_role("link")).to_have_text(PLAN_DOWNLOADS)
    expect(head.get_by_test_id("progress-card")).to_have_count(3)
    expect(head.get_by_test_id("progress-form")).to_have_count(0)
    expect(head.get_by_role("link", name="Workshop")).to_have_count(0)  # not to "Join a workshop"
    expect(head.locator(".topbar-brand")).to_have_text("Workshop")
    with head.expect_download() as pdf:
        head.get_by_role("link", name="Summary record (PDF)").click()
    assert pdf.value.suggested_filename.endswith(".pdf")
    no_sideways_scroll(head)
    shot(head, "record-head-link-390")

    head.set_viewport_size({"width": 320, "height": 568})
    head.goto(update)
    expect(head.get_by_test_id("link-kind")).to_contain_text("you can record progress")
    expect(head.get_by_test_id("plan-downloads").get_by_role("link")).to_have_text(PLAN_DOWNLOADS)
    expect(head.get_by_role("link", name="Workshop")).to_have_count(0)
    no_sideways_scroll(head)
    shot(head, "plan-update-320")
    card = head.get_by_test_id("progress-card").first
    card.get_by_text("Update progress").click()
    card.get_by_label("Status").select_option("in_progress")
    card.get_by_label("Progress (RAG)").select_option("amber")
    card.get_by_label("Note (what happened, what next)").fill("Two coaching pairs started")
    card.get_by_role("button", name="Save update").click()
    expect(head.get_by_text("Thank you: the progress was saved.")).to_be_visible()
    expect(head.get_by_test_id("progress-card").first).to_contain_text("Two coaching pairs started")
    no_sideways_scroll(head)
    shot(head, "plan-update-320-saved")

    head.goto(view)  # the read-only link at 320: the progress shows, still no form
    expect(head.get_by_test_id("progress-card").first).to_contain_text("Two coaching pairs started")
    expect(head.get_by_test_id("progress-form")).to_have_count(0)
    no_sideways_scroll(head)
    shot(head, "plan-view-320")
    context.close()
