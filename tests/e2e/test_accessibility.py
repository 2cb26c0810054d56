"""Accessibility in a real browser: axe-core (vendored from npm) reports no serious or critical
violation on any page: the account and workshop pages, the record, the head's plan and the check-in,
joining, and the phone, console and board of every tool (input open and closed). The board meets
WCAG AA contrast for every tool, and a phone is usable with the keyboard alone.

The pages are seeded by `workshop demo` against the server's own instance folder."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from browser_checks import BLOCKING, axe_violations, describe, low_contrast_texts
from seed import run_demo, sign_in

PHONE = {"viewport": {"width": 360, "height": 640}, "is_mobile": True, "has_touch": True, "bypass_csp": True}
LAPTOP = {"viewport": {"width": 1366, "height": 768}, "bypass_csp": True}  # axe is added as a script tag


def go_to(ic, title: str, open_input: bool = True) -> None:
    """In the console: go to the activity with this title (and open its input)."""
    item = ic.get_by_test_id("agenda-item").filter(has_text=title)
    item.locator(".agenda-title").click()
    expect(item).to_have_attribute("aria-current", "step")
    expect(ic.get_by_test_id("activity-title")).to_have_text(title)
    if open_input:
        ic.get_by_test_id("open-input").click()
        expect(ic.get_by_test_id("close-input")).to_be_visible()


def _blocking(page) -> list[dict]:
    return [v for v in axe_violations(page) if v["impact"] in BLOCKING]


@pytest.fixture(scope="module")
def demo(bare_server, browser):
    """The first-run page as it is before any account exists, then `workshop demo` seeded into the
    server's instance folder. Returns the demo's links, and what axe found on /setup."""
    page = browser.new_page(**LAPTOP)
    page.goto(f"{bare_server}/login")  # no account yet: sends us to /setup
    expect(page).to_have_url(re.compile(r"/setup$"))
    setup = {"setup": _blocking(page)}
    page.fill("#name", "Ann")
    page.fill("#email", "ann@example.org")
    page.fill("#password", "short")
    page.evaluate("document.querySelector('#password').removeAttribute('minlength')")
    page.locator("button[type=submit]").click()  # the server's own error message
    expect(page.locator(".error")).to_be_visible()
    setup["setup with an error"] = _blocking(page)
    page.close()

    out = run_demo(bare_server)
    links = dict(re.findall(r"^\s+([A-Z][a-z]+):\s+(http\S+)", out, re.M))
    creds = re.search(r"email (\S+)\s+password (\S+)", out)
    code = re.search(r"type code ([\w-]+)", out).group(1)
    return {"setup": setup, "links": links, "email": creds.group(1), "password": creds.group(2),
            "code": code, "workshop": int(re.search(r"/w/(\d+)/", links["Facilitator"]).group(1))}


@pytest.fixture(scope="module")
def ic(bare_server, demo, browser):
    """The demo's facilitator, signed in on a laptop-sized page."""
    context = browser.new_context(**LAPTOP)
    page = context.new_page()
    sign_in(page, bare_server, demo["email"], demo["password"])
    expect(page).to_have_url(re.compile(r"/workshops$"))
    yield page
    context.close()


def test_first_run_setup_page(demo):
    failures = {where: found for where, found in demo["setup"].items() if found}
    assert not failures, "\n".join(f"{where}:\n{describe(found)}" for where, found in failures.items())


def test_account_workshop_and_record_pages(bare_server, demo, ic, browser):
    base, wid, failures = bare_server, demo["workshop"], []

    def check(page, where):
        found = _blocking(page)
        if found:
            failures.append(f"{where}:\n{describe(found)}")

    anon = browser.new_context(**LAPTOP)
    login = anon.new_page()
    login.goto(f"{base}/login")
    check(login, "login")
    login.get_by_test_id("login-email").fill("nobody@example.org")
    login.get_by_test_id("login-password").fill("not the password")
    login.get_by_test_id("login-submit").click()
    check(login, "login with an error")
    login.goto(f"{base}/no/such/page")
    check(login, "404 page")

    for path, where in [("/workshops", "dashboard"), ("/workshops/new", "new workshop form"),
                        (f"/w/{wid}/edit", "workshop details"), (f"/w/{wid}/record", "record page"),
                        (f"/w/{wid}/checkin", "check-in")]:
        ic.goto(base + path)
        check(ic, where)
    ic.goto(f"{base}/w/{wid}/record")
    ic.get_by_test_id("make-view").click()
    plan_url = ic.get_by_test_id("link-url-view").inner_text().strip()
    check(ic, "record page with the head's link")

    head = anon.new_page()
    head.set_viewport_size({"width": 390, "height": 844})
    head.goto(plan_url)
    check(head, "head's plan page")
    head.goto(f"{base}/plan/not-a-real-token")
    check(head, "head's plan page, link withdrawn")

    phone = browser.new_context(**PHONE).new_page()
    phone.goto(base)
    check(phone, "join page")
    phone.get_by_test_id("code-input").fill("ZZZZZZ")
    phone.get_by_test_id("code-submit").click()
    check(phone, "join page, unknown code")
    phone.goto(f"{base}/j/{demo['code']}")
    check(phone, "join name page")
    phone.context.close()
    anon.close()
    assert not failures, "\n\n".join(failures)


def test_every_tool_on_phone_console_and_board(demo, ic, browser, shot):
    """Each activity of the demo in turn, input closed and then open, on all three surfaces; the
    board also against axe's color-contrast rule alone (WCAG AA) so a muted text can't slip by."""
    failures = []
    ic.goto(demo["links"]["Facilitator"])
    board = browser.new_page(viewport={"width": 1280, "height": 720}, bypass_csp=True)
    board.goto(demo["links"]["Board"])
    phone = browser.new_context(**PHONE).new_page()
    phone.goto(demo["links"]["Join"])
    phone.get_by_test_id("name-input").fill("Zoë")
    phone.get_by_test_id("name-submit").click()
    expect(phone.get_by_test_id("participant-name")).to_contain_text("Zoë")

    def check(page, where):
        found = _blocking(page)
        if found:
            failures.append(f"{where}:\n{describe(found)}")

    items = ic.get_by_test_id("agenda-item")
    expect(items.first).to_be_visible()
    for n in range(items.count()):
        item = items.nth(n)
        title = item.locator(".agenda-title").inner_text()
        item.locator(".agenda-title").click()
        expect(item).to_have_attribute("aria-current", "step")
        expect(board.get_by_test_id("activity-title")).to_have_text(title)
        expect(phone.get_by_test_id("activity-title")).to_have_text(title)
        for state in ("closed", "open"):
            if state == "open":
                ic.get_by_test_id("open-input").click()
                expect(ic.get_by_test_id("close-input")).to_be_visible()
                phone.wait_for_timeout(300)  # the pushed views have landed
            else:
                board.wait_for_timeout(300)
            slug = f"a11y-{n:02d}-{state}"
            for page, surface in ((phone, "phone"), (ic, "console"), (board, "board")):
                check(page, f"{surface}: {title} (input {state})")
                shot(page, f"{slug}-{surface}")
            faint = low_contrast_texts(board)
            if faint:
                failures.append(f"board: {title} (input {state}): text below WCAG AA contrast\n  " + "\n  ".join(faint))
        ic.get_by_test_id("close-input").click()
        expect(ic.get_by_test_id("open-input")).to_be_visible()
    assert not failures, "\n\n".join(failures)


def test_a_phone_works_with_the_keyboard_alone(demo, ic, browser):
    """Join, add an idea and place a dot with Tab, Enter, Space and typing only."""
    ic.goto(demo["links"]["Facilitator"])
    phone = browser.new_context(**PHONE).new_page()
    phone.goto(demo["links"]["Join"].rsplit("/j/", 1)[0] + "/")  # the start page

    def tab_to(testid, limit=40):
        """Tab forward until the element with this test id has focus."""
        for _ in range(limit):
            phone.keyboard.press("Tab")
            if phone.evaluate("document.activeElement && document.activeElement.dataset.testid") == testid:
                return
        raise AssertionError(f"Tab never reached {testid}")

    tab_to("code-input")
    phone.keyboard.type(demo["code"])
    phone.keyboard.press("Enter")
    phone.wait_for_url(re.compile(r"/j/"))
    tab_to("name-input")
    phone.keyboard.type("Kit")
    phone.keyboard.press("Enter")
    expect(phone.get_by_test_id("participant-name")).to_contain_text("Kit")

    go_to(ic, "Ideas for action")
    expect(phone.get_by_test_id("idea-input")).to_be_visible()
    tab_to("idea-input")
    phone.keyboard.type("Typed without a mouse")
    tab_to("idea-submit")
    phone.keyboard.press("Enter")
    expect(phone.get_by_test_id("my-idea").filter(has_text="Typed without a mouse")).to_have_count(1)
    ic.get_by_test_id("close-input").click()

    go_to(ic, "Prioritise the ideas")
    expect(phone.get_by_test_id("dot-place").first).to_be_enabled()
    left = phone.get_by_test_id("dots-left").inner_text()
    tab_to("dot-place")
    phone.keyboard.press("Space")
    expect(phone.get_by_test_id("dots-left")).not_to_have_text(left)
    ic.get_by_test_id("close-input").click()
    phone.context.close()
