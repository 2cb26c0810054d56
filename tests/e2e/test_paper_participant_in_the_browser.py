"""Staff without phones (issue 12) in a real browser: the console at 1366x768 opens "Enter for…",
adds a paper participant by name, and enters an idea and a dot vote for them through the phone
screens of those tools shown inside the console; both reach the board and the event log says the
facilitator entered them. Screenshots: docs/screenshots/paper-*.png."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect
from seed import add_activity, browser_signed_in, facilitator, join, join_code, new_workshop, signed_in, start

pytestmark = pytest.mark.parametrize("server", ["gevent"], indirect=True)
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
IDEA = "Seating plans that show what each pupil passport says"


def screenshot(page, name: str) -> None:
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


@pytest.fixture
def room(server):
    """An open workshop on an idea wall (input open), with a dot vote next on the agenda; one phone in."""
    http = signed_in(server)
    workshop = new_workshop(server, http, focus="KS3 SEND progress")
    console = facilitator(server, workshop.id, http)
    console.send("workshop.open")
    ids = {}
    for tool, title, config in (("idea_wall", "What would help most?", {}),
                                ("dotocracy", "Which matters most?", {"dots": 3, "items": [
                                    "Joint planning time for teachers and TAs", "One-page pupil passports",
                                    "SEND data to heads of department every term"]})):
        ids[tool] = add_activity(console, tool, title, section="Part 3 – Actions", config=config)
    start(console, ids["idea_wall"])
    join(server, join_code(console), "Jo Marsh")
    yield {"server": server, "console": console, "ids": ids, "board_url": workshop.board_url, "http": http,
           "console_url": workshop.console_url, "wid": workshop.id}
    console.close()


def test_the_console_enters_an_idea_and_a_dot_for_someone_without_a_phone(room, browser):
    context = browser_signed_in(browser, room["http"], room["server"], viewport={"width": 1366, "height": 768})
    page = context.new_page()
    page.goto(room["console_url"])
    board = browser.new_page(viewport={"width": 1280, "height": 720})
    board.goto(room["board_url"])
    console, ids = room["console"], room["ids"]

    drawer = page.get_by_test_id("behalf-drawer")
    expect(drawer).to_be_hidden()
    page.get_by_test_id("behalf-toggle").click()
    expect(drawer).to_be_visible()
    expect(page.get_by_test_id("behalf-intro")).to_be_visible()
    expect(page.get_by_test_id("behalf-name")).to_be_focused()  # nobody to pick yet: straight to adding
    page.get_by_test_id("behalf-name").fill("Pat Lowe")
    page.get_by_test_id("behalf-add").click()
    # The new person is chosen at once, named in big letters above their screen.
    expect(page.get_by_test_id("behalf-who-name")).to_have_text("Pat Lowe")
    expect(page.get_by_test_id("behalf-person")).to_have_value(re.compile(r"\d+"))
    state = console.wait(lambda s: any(p["name"] == "Pat Lowe" for p in s["participants"]), "Pat in the room")
    pat = next(p for p in state["participants"] if p["name"] == "Pat Lowe")
    assert pat["kind"] == "paper" and state["workshop"]["participant_count"] == 2
    # The centre stays in view beside the panel, the people list is where the panel is.
    expect(page.get_by_test_id("activity-title")).to_have_text("What would help most?")
    expect(page.get_by_test_id("behalf-activity-title")).to_have_text("What would help most?")

    # The idea wall's own phone screen, inside the console: type Pat's idea, add it.
    tool = page.get_by_test_id("behalf-tool")
    tool.get_by_test_id("idea-input").fill(IDEA)
    tool.get_by_test_id("idea-submit").click()
    expect(tool.get_by_test_id("my-idea")).to_have_count(1)
    expect(tool.get_by_test_id("my-idea")).to_contain_text(IDEA)
    expect(page.get_by_test_id("behalf-saved")).to_have_text("✓ Saved for Pat Lowe")
    expect(board.get_by_test_id("wall")).to_contain_text(IDEA)
    # The console's own view of the wall has it too, anonymous as everyone's.
    expect(page.locator("#console-activity [data-testid=card]")).to_contain_text(IDEA)
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    box = drawer.bounding_box()
    centre = page.locator("#console-centre").bounding_box()
    assert box["x"] >= centre["x"] + centre["width"] - 1 and box["x"] + box["width"] <= 1366
    assert centre["width"] >= 600
    screenshot(page, "paper-console-idea-1366")
    screenshot(board, "paper-board-idea-1280")

    # The room moves on to the dot vote: the panel follows with the dots phone screen for Pat.
    start(console, ids["dotocracy"])
    expect(page.get_by_test_id("behalf-activity-title")).to_have_text("Which matters most?")
    first = tool.get_by_test_id("dots-item").first
    first.get_by_test_id("dot-place").click()
    expect(first.get_by_test_id("my-dots")).to_contain_text("1")
    expect(board.get_by_test_id("dots-voters")).to_have_text("1")
    screenshot(page, "paper-console-dots-1366")
    screenshot(board, "paper-board-dots-1280")

    # A second paper participant: the picker switches person, and the screen is theirs (no dots yet).
    page.get_by_test_id("behalf-name").fill("Sam Okafor")
    page.get_by_test_id("behalf-add").click()
    expect(page.get_by_test_id("behalf-who-name")).to_have_text("Sam Okafor")
    expect(tool.get_by_test_id("dots-item").first.get_by_test_id("my-dots")).not_to_contain_text("1")
    page.get_by_test_id("behalf-person").select_option(str(pat["id"]))
    expect(page.get_by_test_id("behalf-who-name")).to_have_text("Pat Lowe")
    expect(tool.get_by_test_id("dots-item").first.get_by_test_id("my-dots")).to_contain_text("1")
    # The people list marks paper participants.
    page.get_by_test_id("behalf-close").click()
    expect(drawer).to_be_hidden()
    expect(page.get_by_test_id("participant-kind")).to_have_count(2)
    screenshot(page, "paper-console-people-1366")
    # A smaller laptop (1024x700): the panel still sits beside a usable centre.
    page.set_viewport_size({"width": 1024, "height": 700})
    page.get_by_test_id("behalf-toggle").click()
    expect(page.get_by_test_id("behalf-who-name")).to_have_text("Pat Lowe")
    assert page.evaluate("document.documentElement.scrollWidth") <= 1024
    assert page.locator("#console-centre").bounding_box()["width"] >= 400
    assert drawer.bounding_box()["x"] + drawer.bounding_box()["width"] <= 1024
    screenshot(page, "paper-console-dots-1024")
    context.close()
    board.close()

    # The event log (the workshop's JSON backup): Pat's steps, entered by the facilitator.
    backup = room["http"].get(f"{room['server']}/w/{room['wid']}/record.json")
    backup.raise_for_status()
    events = backup.json()["events"]
    entered = [e["type"] for e in events if e["entered_by"]]
    assert sorted(entered) == sorted(["participant.join", "participant.join", "idea.add", "dots.place"])
    assert all(e["entered_by"] == "facilitator" for e in events if e["entered_by"])
