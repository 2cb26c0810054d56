"""The new-workshop form's format select in a real browser at 1366x768: the whole-staff session
is offered first, and a focused group starts on its own, shorter agenda."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from support import E2E_EMAIL as EMAIL, E2E_PASSWORD as PASSWORD

from workshop import agenda


@pytest.mark.parametrize("server", ["gevent"], indirect=True)
def test_the_form_offers_the_formats_and_a_focused_group_gets_its_agenda(server, browser, shot):
    ic = browser.new_page(viewport={"width": 1366, "height": 768})
    ic.goto(f"{server}/login")
    ic.get_by_test_id("login-email").fill(EMAIL)
    ic.get_by_test_id("login-password").fill(PASSWORD)
    ic.get_by_test_id("login-submit").click()
    ic.get_by_test_id("new-workshop").click()
    select = ic.get_by_test_id("field-template")
    expect(select).to_have_value(agenda.DEFAULT_TEMPLATE)
    ic.get_by_test_id("field-school").fill("Riverside Academy")
    select.focus()
    expect(select).to_be_in_viewport()  # the format is decided before the details below the fold
    shot(ic, "workshop-form-formats-1366")
    select.select_option("focused_group")
    ic.get_by_test_id("save-workshop").click()
    expected = agenda.default_activities(template="focused_group")
    expect(ic.get_by_test_id("agenda-item")).to_have_count(len(expected))
    expect(ic.get_by_test_id("agenda-item").first).to_contain_text(expected[0]["title"])
