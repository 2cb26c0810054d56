"""Every page works under the Content-Security-Policy: loaded in Chromium, none logs a console
error or a CSP violation, and the live pages connect (their socket is allowed)."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

CSP_WATCH = """
window.__csp = [];
document.addEventListener("securitypolicyviolation",
  (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
"""


def _console(problems: list[str], message) -> None:
    if message.type == "error":
        problems.append(f"console {message.type}: {message.text} {message.location.get('url')}")


def watch(page) -> list[str]:
    problems: list[str] = []
    page.add_init_script(CSP_WATCH)
    page.on("console", lambda m: _console(problems, m))
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    return problems


def visit(page, problems: list[str], url: str) -> None:
    page.goto(url)
    page.wait_for_load_state("networkidle")
    problems.extend(page.evaluate("window.__csp || []"))


@pytest.fixture(scope="module")
def facilitator(chromium, demo_server):
    context = chromium.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    problems = watch(page)
    page.goto(f"{demo_server['base']}/login")
    page.fill("#email", demo_server["email"])
    page.fill("#password", demo_server["password"])
    page.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/workshops$"))
    yield page, problems
    context.close()


def test_facilitator_pages_work_under_the_csp(facilitator, demo_server):
    page, problems = facilitator
    wid, base = demo_server["workshop"], demo_server["base"]
    for path in ("/workshops", "/workshops/new", f"/w/{wid}/edit", f"/w/{wid}/record", f"/w/{wid}/checkin",
                 f"/w/{wid}/record.html", "/account/password"):
        visit(page, problems, base + path)
    visit(page, problems, f"{base}/w/{wid}/run")
    expect(page.get_by_test_id("activity-title")).to_be_visible()
    expect(page.locator("body")).not_to_contain_text("Reconnecting")
    assert problems == []


def test_the_board_and_its_qr_code_work_under_the_csp(chromium, demo_server):
    page = chromium.new_page(viewport={"width": 1280, "height": 720})
    problems = watch(page)
    visit(page, problems, demo_server["board"])
    expect(page.get_by_test_id("join-code")).to_contain_text(demo_server["code"])
    qr = page.locator("img[src*='qr.svg']").first
    page.wait_for_function("(img) => img.complete && img.naturalWidth > 0", arg=qr.element_handle())
    assert problems == []
    page.close()


def test_joining_and_the_phone_work_under_the_csp(chromium, demo_server):
    context = chromium.new_context(viewport={"width": 360, "height": 640}, is_mobile=True, has_touch=True)
    page = context.new_page()
    problems = watch(page)
    visit(page, problems, demo_server["base"] + "/")
    page.get_by_test_id("code-input").fill(demo_server["code"].lower())
    page.get_by_test_id("code-submit").click()
    page.get_by_test_id("name-input").fill("Sam")
    page.get_by_test_id("name-submit").click()
    expect(page).to_have_url(re.compile(r"/phone$"))
    page.wait_for_load_state("networkidle")
    problems.extend(page.evaluate("window.__csp || []"))
    visit(page, problems, demo_server["base"] + "/login")
    assert problems == []
    context.close()


def test_the_print_button_of_the_record_is_allowed(facilitator, demo_server):
    """record_print.html's Print button works from a script file: the policy allows no inline script."""
    page, problems = facilitator
    visit(page, problems, f"{demo_server['base']}/w/{demo_server['workshop']}/record.html")
    page.evaluate("window.print = () => { window.__printed = true; }")
    page.get_by_role("button", name="Print").click()
    assert page.evaluate("window.__printed === true")
    problems.extend(page.evaluate("window.__csp || []"))
    assert problems == []
