"""Everyone sees whether names show: the phone says it just above the box people type in, the
board wears a badge, and a new activity starts anonymous (issue 10 §1). Phones at 320 px and
390 px, the board at 1280x720; the facilitator's switch to names shows on both at once."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect
from seed import facilitator, join_in_browser, new_workshop, signed_in, start

pytestmark = pytest.mark.parametrize("server", ["gevent"], indirect=True)


@pytest.fixture
def room(server):
    """A workshop open on its first idea wall (a new agenda's, so with its defaults), input open."""
    http = signed_in(server)
    workshop = new_workshop(server, http, focus="KS3 SEND")
    console = facilitator(server, workshop.id, http)
    opened = console.send("workshop.open")
    state = console.wait(lambda s: s["version"] >= opened["version"], "the open workshop")
    wall = next(a["id"] for a in state["agenda"] if a["tool"] == "idea_wall")
    start(console, wall)
    yield {"step": console.send, "wall": wall, "code": state["workshop"]["join_code"], "board_url": workshop.board_url}
    console.close()


def join(browser, server, code, name, width, height):
    page = browser.new_context(viewport={"width": width, "height": height}).new_page()
    join_in_browser(page, server, code, name)
    expect(page.get_by_test_id("idea-input")).to_be_visible()
    return page


def test_a_new_activity_says_anonymous_on_phones_and_board_and_names_when_chosen(browser, server, room, shot):
    board = browser.new_context(viewport={"width": 1280, "height": 720}).new_page()
    board.goto(room["board_url"])
    badge = board.get_by_test_id("names-badge")
    expect(badge).to_have_text("Anonymous")
    small = join(browser, server, room["code"], "Jo", 320, 568)
    wide = join(browser, server, room["code"], "", 390, 844)
    for page in (small, wide):
        note = page.get_by_test_id("compose").get_by_test_id("anonymity-note")
        expect(note).to_have_text("Anonymous — your name is not shown")
        # where you type: just above the box, inside the screen, and read out with the box
        box, said = page.get_by_test_id("idea-input").bounding_box(), note.bounding_box()
        assert 0 <= box["y"] - (said["y"] + said["height"]) < 24 and said["x"] >= 0 and said["x"] + said["width"] <= page.viewport_size["width"]
        assert page.get_by_test_id("idea-input").get_attribute("aria-describedby").endswith(note.get_attribute("id"))
        assert float(note.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")) >= 14
    shot(small, "anonymity-phone-320")

    small.get_by_test_id("idea-input").fill("Interventions clash with PE")
    small.get_by_test_id("compose").locator("button[type=submit]").click()
    expect(board.get_by_text("Interventions clash with PE")).to_be_visible()
    assert "Jo" not in board.locator(".board-tool").inner_text()
    shot(board, "anonymity-board-1280")

    room["step"]("idea.settings", {"anonymous": False}, room["wall"])
    expect(badge).to_have_text("Names shown")
    expect(small.get_by_test_id("compose").get_by_test_id("anonymity-note")).to_have_text("Your name will show on the board")
    expect(wide.get_by_test_id("compose").get_by_test_id("anonymity-note")).to_have_text(
        "Names show here, but you joined without one")
    shot(small, "anonymity-phone-320-named")
    # the card written anonymously stays anonymous after the switch
    assert "Jo" not in board.locator(".board-tool").inner_text()
