"""Issue 10 §6 "Phones", in Chromium at 320x568 and 390x844: after adding, a confirmation with the
person's count in view without scrolling; the workshop timer in the phone's header, counting; the
diamond nine's slots readable (text not cut, >= 14 px); a 24-option dot vote narrowed by a filter
box with big tap targets; the action plan's edit form with visible labels, Confirm saying what is
missing before it is pressed, the card staying in its support group while edited; a refused
change shown as the server's error, never as "not saved". One server; one phone per size."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from conftest import ARTIFACTS
from seed import add_activity, browser_signed_in, facilitator, join_code, join_in_browser, new_workshop, signed_in

SIZES = [(320, 568), (390, 844)]
UNAGREED = re.compile("support.*not.*agreed", re.I)  # the group of actions without a support level
WIDTHS = [w for w, _ in SIZES]
TOPICS = ["homework", "reading", "behaviour", "attendance", "SEND", "marking"]
FORMS = ["Plan {} support with TAs every week", "Share one {} strategy at each department meeting",
         "Ask pupils with SEND what helps them with {}", "Track {} for pupils with SEND each half term"]
OPTIONS = [FORMS[n // 6].format(TOPICS[n % 6]) for n in range(24)]
NINE = ["One-page pupil passports with three strategies that work",
        "Protected fortnightly time for teachers and TAs to plan SEND adaptations together",
        "Brief TAs before the lesson, not at the door",
        "Pre-teach key vocabulary to pupils who need it",
        "Share SEND data with every class teacher each half term",
        "Coaching on adaptive teaching for early-career teachers",
        "Quiet spaces for pupils who avoid support in front of friends",
        "Parents invited to a termly review of their child's passport",
        "Check-ins with a key adult every morning"]
pytestmark = pytest.mark.parametrize("server", ["gevent"], indirect=True)


@pytest.fixture(scope="module")
def room(server):
    """A workshop with an idea wall, a 24-option dot vote, a diamond nine and an action plan."""
    http = signed_in(server)
    workshop = new_workshop(server, http, focus="KS3 SEND")
    console = facilitator(server, workshop.id, http)
    console.send("workshop.open")
    ids = {}
    for key, tool, title, config in [
            ("wall", "idea_wall", "Ideas for action", {"anonymous": False}),
            ("dots", "dotocracy", "Vote for the ideas to take forward", {"dots": 5, "per_item": 3, "items": OPTIONS}),
            ("d9", "diamond_nine", "Rank our top nine", {}),
            ("plan", "action_plan", "Agree the actions", {"anonymous": False}),
            ("rag", "rag_rating", "How are we doing?", {"items": ["Adaptive teaching", "TA deployment"]})]:
        ids[key] = add_activity(console, tool, title, section="Part 3 – Recording and agreeing actions", config=config)
    for text in NINE:
        console.send("diamond.item_add", {"text": text}, ids["d9"])
    yield {"console": console, "ids": ids, "code": join_code(console), "console_url": workshop.console_url,
           "http": http}
    console.close()


def show(room, key: str, open_input: bool = True) -> None:
    """The facilitator moves every screen to the activity and opens its input."""
    room["console"].send("control.goto", {"activity": room["ids"][key]})
    if open_input:
        room["console"].send("activity.open", activity=room["ids"][key])


@pytest.fixture(scope="module")
def phones(room, browser):
    """One joined phone per size (a touch screen at twice the density), kept for the module."""
    out = {}
    for (w, hgt), name in zip(SIZES, ("Jo", "Sam")):
        context = browser.new_context(viewport={"width": w, "height": hgt}, is_mobile=True, has_touch=True,
                                      device_scale_factor=2)
        page = context.new_page()
        join_in_browser(page, room["console_url"].split("/w/")[0], room["code"], name)
        expect(page.get_by_test_id("connection")).to_have_attribute("data-state", "connected")
        out[w] = page
    yield out
    for page in out.values():
        page.context.close()


def box(page, locator) -> dict:
    return locator.evaluate("(el) => { const r = el.getBoundingClientRect(); return {top: r.top, bottom: r.bottom, left: r.left, right: r.right}; }")


def in_view(page, locator) -> bool:
    b = box(page, locator)
    vw, vh = page.viewport_size["width"], page.viewport_size["height"]
    return b["top"] >= 0 and b["left"] >= 0 and b["bottom"] <= vh and b["right"] <= vw and b["bottom"] > b["top"]


@pytest.mark.parametrize("width", WIDTHS)
def test_adding_says_so_in_view_with_the_count(room, phones, width, shot):
    page = phones[width]
    show(room, "wall")
    note = page.get_by_test_id("added-note")
    expect(note).to_have_attribute("aria-live", "polite")
    for n in range(1, 4):
        page.get_by_test_id("idea-input").fill(f"Idea {n} from the {width} px phone")
        if n == 3:  # the third from low on the screen, with the page scrolled as far as it goes
            page.get_by_test_id("idea-submit").evaluate("(el) => el.scrollIntoView({block: 'end'})")
        page.get_by_test_id("idea-submit").click()
        expect(note.locator("[aria-hidden=true]")).to_have_text(f"✓ Added · you've added {n}")
        expect(note).to_contain_text(f"You've added {n} idea{'s' if n > 1 else ''}.")  # read out in full
        assert in_view(page, note), f"the confirmation is out of view at {width} px"
    expect(page.get_by_test_id("my-idea")).to_have_count(3)
    page.evaluate("window.scrollTo(0, 0)")
    note_box, input_box = box(page, note), box(page, page.get_by_test_id("idea-input"))
    assert note_box["bottom"] <= input_box["top"], "the confirmation must not cover the box being typed in"
    shot(page, f"phones-added-{width}")


@pytest.mark.parametrize("width", WIDTHS)
def test_the_timer_shows_in_the_header_and_counts(room, phones, width, shot):
    page = phones[width]
    show(room, "wall")
    timer = page.get_by_test_id("timer")
    expect(timer).to_be_hidden()
    room["console"].send("timer.start", {"seconds": 300})
    expect(timer).to_have_text(re.compile(r"^0[45]:\d\d$"))
    first = timer.inner_text()
    expect(timer).not_to_have_text(first, timeout=3000)  # it ticks on the phone's own clock
    assert timer.inner_text() < first
    header = box(page, page.locator(".phone-header"))
    t = box(page, timer)
    assert header["top"] <= t["top"] and t["bottom"] <= header["bottom"] and t["right"] <= width
    assert in_view(page, page.get_by_test_id("participant-name"))
    assert timer.evaluate("(el) => parseFloat(getComputedStyle(el).fontSize)") >= 16
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    assert in_view(page, timer), "the header (and its timer) stays in view when scrolled"
    shot(page, f"phones-timer-{width}")
    page.evaluate("window.scrollTo(0, 0)")
    page.get_by_test_id("idea-input").fill("Pupil passports on one page")
    shot(page, f"phones-header-{width}")
    page.get_by_test_id("idea-input").fill("")
    room["console"].send("timer.reset")
    expect(timer).to_be_hidden()


@pytest.mark.parametrize("width", WIDTHS)
def test_diamond_nine_slots_are_readable(room, phones, width, shot):
    page = phones[width]
    show(room, "d9")
    tray = page.get_by_test_id("d9-tray-item")
    expect(tray).to_have_count(9)
    # Quick taps, as a person makes them: one landing while a push redraws, or before the last
    # placement's ack, must still count (and the statement just placed must not pop back).
    for k in range(9):
        tray.first.click()
        page.locator(f"[data-testid=d9-slot][data-slot='{k}']").click()
    expect(tray).to_have_count(0)
    expect(page.locator("[data-testid=d9-slot].is-full")).to_have_count(9)
    expect(page.get_by_test_id("save-status")).to_contain_text("saved ✓")
    texts = page.locator("[data-testid=d9-slot] .d9-slot-text")
    seen = sorted(texts.all_inner_texts())
    assert seen == sorted(NINE), "every slot shows its whole statement"
    for el in texts.all():
        slot = el.locator("xpath=ancestor::button[1]")  # the slot clips what does not fit
        cut = slot.evaluate("(e) => e.scrollHeight > e.clientHeight + 1 || e.scrollWidth > e.clientWidth + 1")
        size = el.evaluate("(e) => parseFloat(getComputedStyle(e).fontSize)")
        assert not cut, f"slot text cut at {width} px: {el.inner_text()}"
        assert el.evaluate("(e) => getComputedStyle(e).webkitLineClamp") in ("none", ""), "no clamped text"
        assert size >= 14, f"slot text {size} px at {width} px"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "no sideways scrolling"
    page.get_by_test_id("d9-help").evaluate("(el) => el.scrollIntoView({block: 'start'})")
    shot(page, f"phones-diamond-{width}")
    page.screenshot(path=str(ARTIFACTS / f"phones-diamond-full-{width}.png"), full_page=True)


@pytest.mark.parametrize("width", WIDTHS)
def test_a_long_dot_vote_can_be_filtered(room, phones, width, shot):
    page = phones[width]
    show(room, "dots")
    items = page.get_by_test_id("dots-item")
    expect(items).to_have_count(24)
    search = page.get_by_label("Find an option")
    expect(search).to_be_visible()
    search.fill("homework")
    visible = page.locator("[data-testid=dots-item]:visible")
    expect(visible).to_have_count(4)
    expect(page.get_by_test_id("dots-filter-count")).to_have_text("Showing 4 of 24")
    assert all("homework" in t for t in visible.all_inner_texts())
    for button in page.locator("[data-testid=dots-item]:visible button").all():
        b = box(page, button)
        assert b["bottom"] - b["top"] >= 44 and b["right"] - b["left"] >= 44, "tap targets stay 44 px"
    visible.nth(1).get_by_test_id("dot-place").click()
    expect(visible.nth(1).get_by_test_id("my-dots")).to_have_text("1 dot from you")
    expect(page.get_by_test_id("dots-left")).to_have_text("4 dots left of 5")
    page.evaluate("window.scrollTo(0, 0)")
    shot(page, f"phones-dots-filter-{width}")
    search.fill("19")  # its number
    expect(visible).to_have_count(1)
    expect(visible.first).to_contain_text(f"19. {OPTIONS[18]}")
    search.fill("no such words")
    expect(visible).to_have_count(0)
    expect(page.get_by_test_id("dots-no-match")).to_be_visible()
    search.fill("")
    expect(visible).to_have_count(24)


@pytest.mark.parametrize("width", WIDTHS)
def test_action_plan_form_labels_needs_and_a_card_that_stays_put(room, phones, browser, width, shot):
    show(room, "plan")
    console, plan = room["console"], room["ids"]["plan"]
    text = f"Weekly TA planning slot ({width})"
    console.send("action.add", {"text": text, "when": "by Easter"}, plan)
    height = dict(SIZES)[width]
    context = browser_signed_in(browser, room["http"], room["console_url"], viewport={"width": width, "height": height},
                                device_scale_factor=2)
    page = context.new_page()
    page.goto(room["console_url"])
    row = page.get_by_test_id("action").filter(has_text=text)
    # Before Confirm is pressed it says what is missing, and Confirm is described by it.
    needs = row.get_by_test_id("confirm-needs")
    expect(needs).to_have_text("Needs: who, support level")
    assert row.get_by_test_id("action-confirm").get_attribute("aria-describedby") == needs.get_attribute("id")
    row.scroll_into_view_if_needed()
    shot(page, f"phones-action-needs-{width}")
    action_id = row.get_attribute("data-action")
    row.get_by_test_id("action-edit").click()
    form = page.locator("form[data-testid=action-edit]")
    form.scroll_into_view_if_needed()
    shot(page, f"phones-action-form-{width}")
    for testid, label in [("edit-text", "Action agreed"), ("edit-when", "When (timings and deadlines)"),
                          ("edit-who", "Who will deliver it"), ("edit-support", "Support level")]:
        control = form.get_by_test_id(testid)
        lab = form.locator(f"label[for='{control.get_attribute('id')}']")
        expect(lab).to_have_text(label)
        expect(lab).to_be_visible()
        expect(form.get_by_label(label, exact=True)).to_have_count(1)
    # Someone else sets its support level while it is being edited: it stays where it is.
    form.get_by_test_id("edit-who").fill("Head of SEND")
    group = page.get_by_test_id("support-group").filter(has=page.locator(f"[data-action='{action_id}']"))
    expect(group.locator("h3")).to_contain_text(UNAGREED)
    version = console.send("action.update", {"action": action_id, "support": "b"}, plan)["version"]
    console.wait(lambda s: s["version"] >= version, "the support change")
    page.get_by_test_id("plan-summary").click()  # focus leaves the field: the console may redraw
    console.send("action.comment", {"action": action_id, "text": "Can the TAs join too?"}, plan)
    expect(form.locator("xpath=ancestor::li[1]")).to_be_visible()
    expect(page.get_by_test_id("edit-moved")).to_contain_text("b. Within the partnership")  # redrawn since
    expect(group.locator("h3")).to_contain_text(UNAGREED)
    expect(form.get_by_test_id("edit-who")).to_have_value("Head of SEND")
    shot(page, f"phones-action-edit-{width}")
    form.get_by_test_id("edit-save").click()
    row = page.locator(f"[data-testid=action][data-action='{action_id}']")
    expect(page.get_by_test_id("support-group").filter(has=row).locator("h3")).to_contain_text("b. Within the partnership")
    expect(row.get_by_test_id("confirm-needs")).to_have_count(0)
    expect(row.get_by_test_id("action-status")).to_have_text("Draft — ready")
    row.get_by_test_id("action-confirm").click()
    expect(row.get_by_test_id("action-status")).to_contain_text("Agreed")
    context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_a_refused_change_shows_the_error_not_not_saved(room, phones, width, shot):
    page = phones[width]
    show(room, "wall")
    context = page.context
    shot(page, f"phones-refused-before-{width}")
    context.set_offline(True)
    page.get_by_test_id("idea-input").fill("Sent from a dead spot as input closes")
    page.get_by_test_id("idea-submit").click()
    pending = page.get_by_test_id("my-idea").filter(has_text="dead spot")
    expect(pending.get_by_test_id("save-status")).to_have_text(re.compile("not saved yet"), timeout=15_000)
    room["console"].send("activity.close", activity=room["ids"]["wall"])
    context.set_offline(False)
    refused = page.get_by_test_id("refused")
    expect(refused).to_contain_text("Input is closed for this activity", timeout=20_000)
    expect(refused).to_contain_text("Sent from a dead spot")
    expect(page.get_by_text(re.compile("not saved", re.I))).to_have_count(0)
    expect(pending).to_have_count(0)
    expect(page.get_by_test_id("toast")).to_have_count(0)  # said once, where it happened
    page.evaluate("window.scrollTo(0, 0)")
    assert in_view(page, refused)
    shot(page, f"phones-refused-{width}")


@pytest.mark.parametrize("width", WIDTHS)
def test_a_refused_dot_says_why_on_its_option(room, phones, width, shot):
    page = phones[width]
    show(room, "dots")
    page.get_by_label("Find an option").fill("")
    item = page.get_by_test_id("dots-item").nth(4)
    expect(item.get_by_test_id("dot-place")).to_be_enabled()
    page.context.set_offline(True)
    item.get_by_test_id("dot-place").click()
    expect(item.get_by_test_id("save-status")).to_have_text("not saved yet — retrying", timeout=15_000)
    room["console"].send("activity.close", activity=room["ids"]["dots"])
    page.context.set_offline(False)
    expect(item.get_by_test_id("dots-error")).to_have_text("Input is closed for this activity.", timeout=20_000)
    expect(item.get_by_test_id("save-status")).to_have_text("")
    expect(item.get_by_test_id("my-dots")).to_have_text("")
    expect(page.get_by_text(re.compile("not saved", re.I))).to_have_count(0)
    item.scroll_into_view_if_needed()
    shot(page, f"phones-dots-refused-{width}")


@pytest.mark.parametrize("width", WIDTHS)
def test_a_refused_rating_says_why_on_its_item(room, phones, width, shot):
    page = phones[width]
    show(room, "rag")
    item = page.get_by_test_id("rag-item").nth(1)
    expect(item.get_by_test_id("rate-green")).to_be_enabled()
    page.context.set_offline(True)
    item.get_by_test_id("rate-green").click()
    expect(item.get_by_test_id("save-status")).to_have_text("not saved yet — retrying", timeout=15_000)
    room["console"].send("activity.close", activity=room["ids"]["rag"])
    page.context.set_offline(False)
    expect(item.get_by_test_id("rag-error")).to_have_text("Input is closed for this activity.", timeout=20_000)
    expect(item.get_by_test_id("save-status")).to_have_text("Not rated yet")
    expect(page.get_by_text(re.compile("not saved", re.I))).to_have_count(0)
    shot(page, f"phones-rag-refused-{width}")
