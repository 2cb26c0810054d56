"""PSTB in a real browser: the board at 1280x720 (the statement big, the six stages with their
clocks ticking on the server's clock, every text at 18 px or more, nothing cut, no scrolling), the
phones at 320 px (the owner listens while the team adds ideas; each sees only what they may do),
and the console at 1366x768 (the owner picked from the people, the stages moved on, an idea hidden).
Seeded over HTTP and Socket.IO like a real console."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from seed import (add_activity, browser_signed_in, facilitator, join_code, join_in_browser, new_workshop, phones,
                  signed_in, start)

from browser_checks import broken_words

pytestmark = pytest.mark.parametrize("server", ["gevent"], indirect=True)

IDEAS = ["A weekly text message to parents with the week's homework",
         "Parents sign the diary at parents' evening",
         "A homework app that sends reminders",
         "A homework club after school on Tuesdays",
         "Form tutors check diaries every Monday morning"]

# Every visible text of the board's tool area: its size, whether it is cut or sticks out.
MEASURE = """() => {
  const root = document.querySelector('[data-testid=pstb-board]');
  const problems = [];
  let smallest = Infinity;
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const el = node.parentElement;
    if (!node.textContent.trim() || !el.getClientRects().length) continue;
    const px = parseFloat(getComputedStyle(el).fontSize);
    smallest = Math.min(smallest, px);
    if (px < 18) problems.push(`${px.toFixed(1)}px: ${node.textContent}`);
    const range = document.createRange();
    range.selectNodeContents(node);
    const r = range.getBoundingClientRect();
    const box = root.getBoundingClientRect();
    if (r.bottom > box.bottom + 1 || r.right > box.right + 1) problems.push(`outside the board: ${node.textContent}`);
  }
  if (document.documentElement.scrollHeight > innerHeight + 1 || document.documentElement.scrollWidth > innerWidth + 1)
    problems.push('the page scrolls');
  return {problems, smallest};
}"""


@pytest.fixture
def room(server):
    """A workshop on a PSTB with input open, Jo and Sam on phones (Socket.IO)."""
    http = signed_in(server)
    workshop = new_workshop(server, http, focus="Homework")
    console = facilitator(server, workshop.id, http)
    console.send("workshop.open")
    pstb = add_activity(console, "pstb", "Solve it as a team",
                        "One person's problem, the team's ideas, their action plan.", "Part 3 – Recording and agreeing actions",
                        {"contract": 30}, "the new activity")
    start(console, pstb)
    code = join_code(console)
    lives = phones(server, workshop.id, code, ("Jo Marsh", "Sam Okafor"))
    state = console.wait(lambda s: len(s["participants"]) == 2, "both phones")
    ids = {p["name"]: p["id"] for p in state["participants"]}
    yield {"server": server, "console": console, "phones": lives, "pstb": pstb, "board_url": workshop.board_url,
           "http": http, "console_url": workshop.console_url, "code": code, "ids": ids}
    for live in (console, *lives.values()):
        live.close()


def to_ideas(room) -> list[str]:
    """Jo owns the problem and states it; Sam adds the ideas."""
    c, pstb = room["console"], room["pstb"]
    c.send("pstb.owner", {"owner": room["ids"]["Jo Marsh"], "name": "Jo Marsh"}, pstb)
    c.send("pstb.stage", {"stage": "statement"}, pstb)
    room["phones"]["Jo Marsh"].send("pstb.statement", {"text": "get more parents to read the homework diary each week"}, pstb)
    c.send("pstb.stage", {"stage": "ideas"}, pstb)
    return [room["phones"]["Sam Okafor"].send("pstb.idea", {"text": t}, pstb)["private"]["mine"][-1] for t in IDEAS]


def to_actions(room, ideas) -> None:
    c, pstb = room["console"], room["pstb"]
    jo, sam = room["phones"]["Jo Marsh"], room["phones"]["Sam Okafor"]
    c.send("pstb.stage", {"stage": "selection"}, pstb)
    for idea in (ideas[0], ideas[4]):
        jo.send("pstb.select", {"idea": idea, "selected": True}, pstb)
    c.send("pstb.stage", {"stage": "benefits"}, pstb)
    sam.send("pstb.note", {"idea": ideas[0], "kind": "benefit", "text": "Quick to set up"}, pstb)
    worry = sam.send("pstb.note", {"idea": ideas[0], "kind": "concern", "text": "Some families change numbers often"},
                     pstb)["private"]["mine"][-1]
    c.send("pstb.stage", {"stage": "critical"}, pstb)
    sam.send("pstb.critical", {"item": worry, "critical": True}, pstb)
    jo.send("pstb.decide", {"item": worry, "decision": "overcome", "text": "The office updates numbers each term"}, pstb)
    c.send("pstb.stage", {"stage": "actions"}, pstb)
    jo.send("pstb.action", {"idea": ideas[0], "text": "Write the first weekly message", "who": "Jo Marsh",
                            "when": "2027-01-15"}, pstb)
    sam.send("pstb.action", {"idea": ideas[4], "text": "Add diary checks to the tutor time plan", "who": "Head of Year 8",
                             "when": "by half term"}, pstb)


def measure(page) -> dict:
    got = page.evaluate(MEASURE)
    assert not got["problems"], got["problems"]
    assert got["smallest"] >= 18
    assert not broken_words(page, "[data-testid=pstb-board]")
    return got


def test_the_board_shows_the_statement_the_stages_and_their_ticking_clocks(room, browser, shot):
    to_ideas(room)
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    page.goto(room["board_url"])
    expect(page.get_by_test_id("pstb-statement")).to_have_text("How to get more parents to read the homework diary each week?")
    expect(page.get_by_test_id("pstb-idea")).to_have_count(len(IDEAS))
    steps = page.get_by_test_id("pstb-stage")
    expect(steps).to_have_count(6)
    current = page.locator("[data-testid=pstb-stage][aria-current=step]")
    expect(current).to_contain_text("Ideas")
    clock = current.locator(".pstb-step-clock")
    expect(clock).to_have_text(re.compile(r"^\d+:\d\d of 7 min$"))
    before = clock.inner_text()
    expect(clock).not_to_have_text(before)  # it ticks between pushes, on the server's clock
    expect(steps.first.locator(".pstb-step-clock")).to_have_text(re.compile(r"^took \d+:\d\d of 3 min$"))
    expect(page.get_by_test_id("pstb-total")).to_have_text(re.compile(r"^\d+:\d\d of 30 min$"))
    text = page.get_by_test_id("pstb-board").text_content()
    assert "Sam" not in text and "Problem owner: Jo Marsh" in text  # the team's ideas carry no name
    measure(page)
    shot(page, "pstb-board")
    page.close()


def test_a_crowded_ideas_stage_turns_pages_instead_of_shrinking_below_18px(room, browser, shot):
    to_ideas(room)
    for n in range(30):
        who = room["phones"]["Sam Okafor"] if n % 2 else room["console"]
        who.send("pstb.idea", {"text": f"Idea {n + 1}: a homework diary check built into the form tutor's week"},
                 room["pstb"])
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    page.goto(room["board_url"])
    expect(page.get_by_test_id("pstb-idea")).to_have_count(len(IDEAS) + 30)
    pager = page.get_by_test_id("board-pager")
    expect(pager).to_have_text(re.compile(r"^Page [1-9] of [2-9]$"))
    measure(page)
    shot(page, "pstb-board-crowded")
    page.close()


def test_the_board_at_action_planning_reads_from_the_back(room, browser, shot):
    ideas = to_ideas(room)
    to_actions(room, ideas)
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    page.goto(room["board_url"])
    expect(page.get_by_test_id("pstb-col")).to_have_count(2)
    expect(page.get_by_test_id("pstb-action")).to_have_count(2)
    expect(page.get_by_test_id("pstb-action").first).to_contain_text("Who: Jo Marsh · When: 2027-01-15")
    measure(page)
    shot(page, "pstb-board-actions")
    page.close()


def phone(browser, room, name):
    context = browser.new_context(viewport={"width": 320, "height": 640}, is_mobile=True, has_touch=True,
                                  device_scale_factor=2)
    page = context.new_page()
    join_in_browser(page, room["server"], room["code"], name)
    return context, page


def test_phones_at_320px_show_each_person_only_what_they_may_do(room, browser, shot):
    c, pstb = room["console"], room["pstb"]
    owner_ctx, owner = phone(browser, room, "Aisha Khan")
    team_ctx, team = phone(browser, room, "Ben Hall")
    state = c.wait(lambda s: len(s["participants"]) == 4, "the two browser phones")
    aisha = next(p["id"] for p in state["participants"] if p["name"] == "Aisha Khan")
    c.send("pstb.owner", {"owner": aisha, "name": "Aisha Khan"}, pstb)
    c.send("pstb.stage", {"stage": "statement"}, pstb)
    expect(owner.get_by_test_id("pstb-role")).to_have_text("You're the problem owner")
    expect(team.get_by_test_id("pstb-role")).to_contain_text("Aisha Khan owns the problem")
    expect(team.get_by_test_id("pstb-statement-input")).to_have_count(0)
    owner.get_by_test_id("pstb-statement-input").fill("stop Year 9 losing their homework diaries")
    owner.get_by_test_id("pstb-statement-submit").click()
    expect(team.get_by_test_id("pstb-statement")).to_have_text("How to stop Year 9 losing their homework diaries?")

    c.send("pstb.stage", {"stage": "ideas"}, pstb)
    expect(owner.get_by_test_id("pstb-listening")).to_contain_text("You're listening")
    expect(owner.get_by_test_id("pstb-idea-input")).to_have_count(0)
    team.get_by_test_id("pstb-idea-input").fill("A diary pocket in every blazer")
    team.get_by_test_id("pstb-idea-submit").click()
    expect(owner.get_by_test_id("pstb-idea")).to_have_text(["A diary pocket in every blazer"])  # live on the owner's phone
    expect(team.get_by_test_id("pstb-idea")).to_contain_text(["yours"])
    # The team's phone changes its own idea's words, and takes back a second one.
    team.get_by_test_id("pstb-edit").click()
    team.get_by_test_id("pstb-edit-input").fill("A diary pocket sewn into every blazer")
    team.get_by_test_id("pstb-save").click()
    expect(owner.get_by_test_id("pstb-idea")).to_have_text(["A diary pocket sewn into every blazer"])
    team.get_by_test_id("pstb-idea-input").fill("Diaries stay in form rooms")
    team.get_by_test_id("pstb-idea-submit").click()
    expect(owner.get_by_test_id("pstb-idea")).to_have_count(2)
    team.once("dialog", lambda dialog: dialog.accept())  # "Delete your idea?"
    team.get_by_test_id("pstb-idea").filter(has_text="Diaries stay").get_by_test_id("pstb-delete").click()
    expect(owner.get_by_test_id("pstb-idea")).to_have_text(["A diary pocket sewn into every blazer"])
    expect(owner.get_by_test_id("pstb-edit")).to_have_count(0)  # nothing of the owner's to change here
    for control in ("pstb-edit", "pstb-delete"):
        assert team.get_by_test_id(control).bounding_box()["height"] >= 32
    team.get_by_test_id("pstb-idea").first.scroll_into_view_if_needed()
    shot(team, "pstb-phone-team-yours")
    expect(team.get_by_test_id("pstb-stage")).to_contain_text(re.compile(r"Stage 2 of 6 · Ideas\d+:\d\d of 7 min"))
    for page in (owner, team):
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
        assert not broken_words(page, "[data-testid=pstb-phone-head]")
    owner.evaluate("window.scrollTo(0, 0)")
    shot(owner, "pstb-phone-owner")
    team.evaluate("window.scrollTo(0, 0)")
    shot(team, "pstb-phone-team")

    # Selection: only the owner's phone offers the choice.
    c.send("pstb.stage", {"stage": "selection"}, pstb)
    expect(team.get_by_test_id("pstb-choice")).to_have_count(0)
    owner.get_by_test_id("pstb-choice").first.click()
    expect(owner.get_by_test_id("pstb-choice").first).to_have_attribute("aria-pressed", "true")
    for button in owner.get_by_test_id("pstb-choice").all():
        assert button.bounding_box()["height"] >= 44
    c.wait(lambda s: len(s["activity"]["view"]["selected"]) == 1, "the owner's choice")

    # Benefits and concerns from the team's phone; the owner listens.
    c.send("pstb.stage", {"stage": "benefits"}, pstb)
    expect(owner.get_by_test_id("pstb-listening")).to_be_visible()
    team.get_by_test_id("pstb-kind-concern").click()
    team.get_by_test_id("pstb-note-input").fill("Blazers come off in PE")
    team.get_by_test_id("pstb-note-submit").click()
    expect(owner.get_by_test_id("pstb-note")).to_have_text([re.compile("Blazers come off in PE")])

    # Critical concerns: the team marks it, only the owner's phone decides.
    c.send("pstb.stage", {"stage": "critical"}, pstb)
    team.get_by_test_id("pstb-critical").click()
    expect(owner.get_by_test_id("pstb-overcome-input")).to_be_visible()
    expect(team.get_by_test_id("pstb-overcome-input")).to_have_count(0)
    owner.get_by_test_id("pstb-overcome-input").fill("A clip on the diary, not the pocket")
    owner.get_by_test_id("pstb-note").scroll_into_view_if_needed()
    shot(owner, "pstb-phone-owner-critical")
    owner.get_by_test_id("pstb-overcome").click()
    expect(team.get_by_test_id("pstb-note")).to_contain_text(["Overcome: A clip on the diary, not the pocket"])
    assert owner.evaluate("document.documentElement.scrollWidth") <= 320
    owner_ctx.close()
    team_ctx.close()


def test_the_console_at_1366_picks_the_owner_moves_the_stages_and_moderates(room, browser, shot):
    context = browser_signed_in(browser, room["http"], room["server"], viewport={"width": 1366, "height": 768})
    page = context.new_page()
    page.goto(room["console_url"])
    owner = page.get_by_test_id("pstb-owner")
    expect(owner.locator("option")).to_have_text(["Choose…", "Me (facilitator)", "Jo Marsh", "Sam Okafor"])
    page.get_by_test_id("pstb-contract").select_option("20")
    room["console"].wait(lambda s: s["activity"]["view"]["contract"] == 20, "the 20-minute contract")
    owner.select_option(label="Jo Marsh")
    room["console"].wait(lambda s: s["activity"]["view"]["owner_id"] == room["ids"]["Jo Marsh"], "Jo as owner")
    page.get_by_test_id("pstb-next").click()
    expect(page.get_by_test_id("pstb-next")).to_have_text("Next: Ideas ▶")
    expect(page.get_by_test_id("pstb-contract")).to_be_disabled()
    pstb = room["pstb"]
    room["phones"]["Jo Marsh"].send("pstb.statement", {"text": "How to get parents reading the diary"}, pstb)
    page.get_by_test_id("pstb-next").click()
    for text in IDEAS:
        room["phones"]["Sam Okafor"].send("pstb.idea", {"text": text}, pstb)
    items = page.get_by_test_id("pstb-item")
    expect(items).to_have_count(len(IDEAS))
    expect(items.first).to_contain_text("Sam Okafor")  # the facilitator sees who wrote what
    items.nth(2).get_by_test_id("pstb-hide").click()
    room["console"].wait(lambda s: s["activity"]["view"]["ideas"][2]["hidden"], "the hidden idea")
    expect(items.nth(2).get_by_test_id("pstb-unhide")).to_be_visible()
    expect(page.get_by_test_id("pstb-status")).to_contain_text("Jo Marsh listens")
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    # The contract, the owner and the stages sit above the items, in view with the first of them.
    page.get_by_test_id("pstb-contract").scroll_into_view_if_needed()
    page.evaluate("document.querySelector('[data-testid=pstb-contract]').closest('.tool-area').scrollIntoView()")
    assert page.get_by_test_id("pstb-next").bounding_box()["y"] + 40 < 768
    shot(page, "pstb-console")
    context.close()
