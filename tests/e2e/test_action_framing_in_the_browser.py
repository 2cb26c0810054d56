"""Actions framed as the handbook asks, in a real browser: the facilitator ticks how an action will
be addressed (a way within school and one between partnerships), writes its success measure and,
for partnership support, its terms of engagement in the console at 1366x768; the board at 1280x720
shows the ways in small text under the action, still 18 px or more; a phone at 320 px proposes an
action with what would show it worked; the record's form at 1366x768 holds the same fields.
Screenshots: docs/screenshots/action-framing-*.png and record-actions-form-1366.png."""
from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect
from seed import (add_activity, browser_signed_in, facilitator, join_code, join_in_browser, new_workshop, signed_in,
                  start)

pytestmark = pytest.mark.parametrize("server", ["gevent"], indirect=True)
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"

ACTION = "Teachers and TAs plan together for 20 minutes each week"
SUCCESS = "By Easter, 8 of 10 observed lessons show TAs briefed before the lesson"
TERMS = "Two TAs from Hillside visit fortnightly; the partnership's JPD protocol; Thursdays 3.30"


@pytest.fixture
def room(server):
    http = signed_in(server)
    workshop = new_workshop(server, http, focus="Support for pupils with SEND")
    console = facilitator(server, workshop.id, http)
    console.send("workshop.open")
    plan = add_activity(console, "action_plan", "Agree the actions", "Who will do what, by when?",
                        config={"anonymous": False})
    start(console, plan)
    yield {"server": server, "http": http, "console": console, "plan": plan, "wid": workshop.id,
           "console_url": workshop.console_url, "board_url": workshop.board_url}
    console.close()


def test_the_facilitator_frames_an_action_and_every_screen_shows_it(room, browser):
    console, plan = room["console"], room["plan"]
    console.send("action.add", {"text": ACTION, "when": "by Easter", "who": "SENCo", "support": "b"}, plan)
    console.send("action.add", {"text": "Pupil voice survey on support", "when": "2027-02-01", "who": "Deputy head",
                                "support": "a"}, plan)
    context = browser_signed_in(browser, room["http"], room["console_url"], viewport={"width": 1366, "height": 768})
    page = context.new_page()
    page.goto(room["console_url"])
    row = page.get_by_test_id("action").filter(has_text=ACTION)
    action_id = row.get_attribute("data-action")
    row.get_by_test_id("action-edit").click()
    form = page.locator("form[data-testid=action-edit]")
    how = form.get_by_test_id("edit-how")
    expect(how.locator("legend")).to_have_text("How will it be addressed?")
    expect(how.locator(".ap-how-title")).to_have_text(["Within school", "Within or between partnerships"])
    how.get_by_label("Mentoring and coaching").check()
    how.get_by_label("Joint practice development").check()
    form.get_by_label("Other / outside the partnership").fill("The local authority's SEND adviser")
    form.get_by_label("What will show it worked? (success measure)").fill(SUCCESS)
    # Terms of engagement are for partnership support: shown at b, hidden at a (while empty).
    terms = form.get_by_label("Terms of engagement")
    expect(terms).to_be_visible()
    form.get_by_test_id("edit-support").select_option("a")
    expect(terms).to_be_hidden()
    form.get_by_test_id("edit-support").select_option("b")
    terms.fill(TERMS)
    form.scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOTS / "action-framing-console-edit-1366.png"))
    form.get_by_test_id("edit-save").click()

    state = console.wait(lambda s: any(a.get("success") for a in s["activity"]["view"]["actions"]), "the framing")
    saved = next(a for a in state["activity"]["view"]["actions"] if a["id"] == action_id)
    assert (saved["how"], saved["how_other"], saved["success"], saved["terms"], saved["support"]) == (
        ["mentoring", "jpd"], "The local authority's SEND adviser", SUCCESS, TERMS, "b")
    row = page.locator(f"[data-testid=action][data-action='{action_id}']")
    expect(row.get_by_test_id("action-how")).to_have_text(
        "How: Mentoring and coaching, Joint practice development, The local authority's SEND adviser")
    expect(row.get_by_test_id("action-success")).to_have_text(f"Success measure: {SUCCESS}")
    expect(row.get_by_test_id("action-terms")).to_have_text(f"Terms: {TERMS}")
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(SCREENSHOTS / "action-framing-console-1366.png"))
    console.send("action.confirm", {"action": action_id}, plan)

    # The board: the ways under the action, small but readable from the back, the layout kept.
    board = browser.new_page(viewport={"width": 1280, "height": 720})
    board.goto(room["board_url"])
    ways = board.get_by_test_id("action-row").filter(has_text=ACTION).get_by_test_id("action-how")
    expect(ways).to_have_text("Mentoring and coaching · Joint practice development · The local authority's SEND adviser")
    assert float(ways.evaluate("el => parseFloat(getComputedStyle(el).fontSize)")) >= 18
    assert board.evaluate("document.documentElement.scrollHeight") <= 720
    board.screenshot(path=str(SCREENSHOTS / "action-framing-board-1280.png"))
    board.close()

    # A phone proposes an action and says what would show it worked; it reads the framing.
    phone_ctx = browser.new_context(viewport={"width": 320, "height": 640}, is_mobile=True, has_touch=True,
                                    device_scale_factor=2)
    phone = phone_ctx.new_page()
    join_in_browser(phone, room["server"], join_code(console), "Jo Marsh")
    phone.get_by_test_id("action-input").fill("Share the SEND passports with every teacher")
    phone.get_by_label("What would show it worked? (optional)").fill("Every teacher can name their pupils' targets")
    phone.get_by_test_id("action-submit").click()
    state = console.wait(lambda s: len(s["activity"]["view"]["actions"]) == 3, "the phone's proposal")
    assert state["activity"]["view"]["actions"][2]["success"] == "Every teacher can name their pupils' targets"
    mine = phone.get_by_test_id("plan-action").filter(has_text="Share the SEND passports")
    expect(mine.get_by_test_id("action-success")).to_have_text("Success measure: Every teacher can name their pupils' targets")
    expect(phone.get_by_test_id("plan-action").filter(has_text=ACTION).get_by_test_id("action-how")).to_contain_text(
        "How: Mentoring and coaching, Joint practice development")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 320
    phone.evaluate("window.scrollTo(0, 0)")
    phone.screenshot(path=str(SCREENSHOTS / "action-framing-phone-320.png"))
    phone.get_by_test_id("plan-action").filter(has_text=ACTION).scroll_into_view_if_needed()
    phone.screenshot(path=str(SCREENSHOTS / "action-framing-phone-plan-320.png"))
    phone_ctx.close()

    # The record's form: the same fields, ticked and filled from the plan.
    page.goto(f"{room['server']}/w/{room['wid']}/record")
    first = page.get_by_test_id("action-edit").first
    expect(first.get_by_test_id("action-framing")).to_have_attribute("open", "")
    expect(first.get_by_label("Mentoring and coaching")).to_be_checked()
    expect(first.get_by_label("Joint practice development")).to_be_checked()
    expect(first.get_by_label("Lesson study")).not_to_be_checked()
    expect(first.get_by_label("What will show it worked?")).to_have_value(SUCCESS)
    expect(first.get_by_label("Terms of engagement (b. partnership support)")).to_have_value(TERMS)
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    page.evaluate("[...document.querySelectorAll('legend')].find((l) => l.textContent === 'Agreed actions').scrollIntoView()")
    page.screenshot(path=str(SCREENSHOTS / "record-actions-form-1366.png"))
    context.close()
