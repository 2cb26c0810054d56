"""Attendees' roles (issue 13) in a real browser: a phone at 320 px joins with its name and role
("Your role (optional)" under the name, gone when joining as a table); the console at 1366x768
adds a paper participant with a role from "Enter for…", and its People panel shows "Name · role".
Screenshots: docs/screenshots/join-role-320.png, roles-console-*.png."""
from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect
from seed import browser_signed_in, facilitator, join_code, new_workshop, signed_in

pytestmark = pytest.mark.parametrize("server", ["gevent"], indirect=True)
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def screenshot(page, name: str) -> None:
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def test_a_phone_joins_with_a_role_and_the_console_shows_roles_beside_names(server, browser):
    http = signed_in(server)
    workshop = new_workshop(server, http, focus="KS3 SEND progress")
    console = facilitator(server, workshop.id, http)
    console.send("workshop.open")
    code = join_code(console)

    phone = browser.new_page(viewport={"width": 320, "height": 640})
    phone.goto(f"{server}/j/{code}")
    role = phone.get_by_test_id("role-input")
    expect(role).to_be_visible()
    assert phone.get_by_test_id("name-input").bounding_box()["y"] < role.bounding_box()["y"]
    phone.get_by_test_id("name-input").fill("Jo Marsh")
    role.fill("Head of science")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 320
    screenshot(phone, "join-role-320")
    phone.get_by_test_id("kind-table").check()  # a table has no role: the field goes with the name's
    expect(role).to_be_hidden()
    expect(phone.get_by_test_id("table-name-input")).to_be_visible()
    phone.get_by_test_id("kind-person").check()
    phone.get_by_test_id("name-submit").click()
    phone.wait_for_url(f"**/w/{workshop.id}/phone")
    console.wait(lambda s: any(p.get("role") == "Head of science" for p in s["participants"]), "Jo's role")
    expect(phone.locator("body")).not_to_contain_text("Head of science")  # their phone never shows it

    page = browser_signed_in(browser, http, server, viewport={"width": 1366, "height": 768}).new_page()
    page.goto(workshop.console_url)
    page.get_by_test_id("behalf-toggle").click()
    page.get_by_test_id("behalf-name").fill("Pat Lowe")
    page.get_by_test_id("behalf-role").fill("TA")
    expect(page.get_by_test_id("behalf-role")).to_be_visible()
    screenshot(page, "roles-console-behalf-add-1366")
    page.get_by_test_id("behalf-add").click()
    expect(page.get_by_test_id("behalf-who-name")).to_have_text("Pat Lowe")
    expect(page.get_by_test_id("behalf-role")).to_have_value("")  # cleared for the next person
    page.get_by_test_id("behalf-close").click()
    names = page.get_by_test_id("participant").locator(".person-name")
    expect(names).to_have_count(2)
    expect(names.nth(0)).to_contain_text("Jo Marsh · Head of science")
    expect(names.nth(1)).to_contain_text("Pat Lowe · TA")
    screenshot(page, "roles-console-people-1366")
    page.context.close()
    phone.close()
    console.close()
