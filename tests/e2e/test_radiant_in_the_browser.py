"""Radiant thinking in a real browser: the board's map at 1280x720 (a 60-idea map shows every idea
whole, at 18 px or more, no two boxes overlapping, inside the board, nothing scrolling; a small map
uses large type), a phone at 320 px (add a branch, add under it, see your own marked with edit and
delete), and the console at 1366x768 (rename, hide, move with children, merge). Seeded over HTTP
and Socket.IO like a real console. The screenshots go to docs/screenshots/radiant-*.png."""
from __future__ import annotations

from pathlib import Path

import pytest
from board_rooms import RADIANT, RADIANT_THEME, radiant_texts
from browser_checks import broken_words
from playwright.sync_api import expect
from seed import (add_activity, browser_signed_in, facilitator, join_code, join_in_browser, new_workshop, phones,
                  signed_in, start)

pytestmark = pytest.mark.parametrize("server", ["gevent"], indirect=True)
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"

# Every idea box and the theme as drawn: its text's effective size, whether its words are whole
# and inside it, and every pair of boxes that overlap.
MEASURE = """() => {
  const map = document.querySelector('[data-testid=radiant-map]');
  const area = map.getBoundingClientRect();
  const boxes = [...map.querySelectorAll('[data-testid=rt-theme], [data-testid=rt-node]')].filter((b) => b.getClientRects().length);
  const problems = [];
  let smallest = Infinity;
  const drawn = {};
  const rects = boxes.map((b) => b.getBoundingClientRect());
  boxes.forEach((b, i) => {
    const r = rects[i];
    for (const t of [b, ...b.querySelectorAll('*')]) {
      if (!t.getClientRects().length) continue;
      const px = parseFloat(getComputedStyle(t).fontSize);
      smallest = Math.min(smallest, px);
    }
    if (r.left < area.left - 0.5 || r.top < area.top - 0.5 || r.right > area.right + 0.5 || r.bottom > area.bottom + 0.5)
      problems.push(`outside the map: ${b.textContent}`);
    if (b.scrollWidth > b.clientWidth + 1 || b.scrollHeight > b.clientHeight + 1) problems.push(`text sticks out: ${b.textContent}`);
    const text = (b.querySelector('.rt-text') || b).textContent;
    if (b.dataset.node) drawn[b.dataset.node] = text;
  });
  for (let i = 0; i < rects.length; i++) for (let j = i + 1; j < rects.length; j++) {
    const a = rects[i], b = rects[j];
    if (Math.min(a.right, b.right) - Math.max(a.left, b.left) > 0.5 && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 0.5)
      problems.push(`overlap: "${boxes[i].textContent}" and "${boxes[j].textContent}"`);
  }
  if (document.documentElement.scrollHeight > innerHeight + 1 || document.documentElement.scrollWidth > innerWidth + 1)
    problems.push('the page scrolls');
  const theme = map.querySelector('[data-testid=rt-theme]').getBoundingClientRect();
  return {problems, smallest, drawn, theme: [theme.left + theme.width / 2 - area.left, theme.top + theme.height / 2 - area.top],
          area: [area.width, area.height], folded: map.querySelectorAll('[data-testid=rt-more]:not([hidden])').length,
          spread: [Math.min(...rects.map((r) => r.left)) - area.left, area.right - Math.max(...rects.map((r) => r.right)),
                   Math.min(...rects.map((r) => r.top)) - area.top, area.bottom - Math.max(...rects.map((r) => r.bottom))]};
}"""


@pytest.fixture
def room(server):
    """A workshop on a radiant map with input open, two phones connected over Socket.IO."""
    http = signed_in(server)
    workshop = new_workshop(server, http, focus="KS3 reading")
    console = facilitator(server, workshop.id, http)
    console.send("workshop.open")
    radiant = add_activity(console, "radiant", "Everything connected to reading",
                           "Add a branch, or an idea under any branch.", "Part 2 – Exploring the findings",
                           {"theme": RADIANT_THEME}, "the new activity")
    start(console, radiant)
    code = join_code(console)
    lives = list(phones(server, workshop.id, code, ("Jo", "Sam")).values())
    yield {"server": server, "console": console, "phones": lives, "radiant": radiant, "board_url": workshop.board_url,
           "http": http, "console_url": workshop.console_url, "code": code}
    for live in (console, *lives):
        live.close()


def seed(room, tree) -> dict[str, str]:
    """Adds (branch, [(sub, [subsub…])…]) from the phones in turn; returns {id: text}."""
    added = {}
    turn = iter(range(10_000))

    def add(text, parent):
        ack = room["phones"][next(turn) % 2].send("radiant.add", {"text": text, "parent": parent}, room["radiant"])
        added[ack["private"]["mine"][-1]] = text
        return ack["private"]["mine"][-1]

    for branch, subs in tree:
        top = add(branch, None)
        for sub, below in subs:
            middle = add(sub, top)
            for text in below:
                add(text, middle)
    return added


def board_page(browser, room, count):
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    page.goto(room["board_url"])
    expect(page.get_by_test_id("radiant-map")).to_be_visible()
    expect(page.locator("[data-testid=radiant-map] [data-testid=rt-node]")).to_have_count(count)
    page.wait_for_timeout(200)
    return page


def measure(page) -> dict:
    got = page.evaluate(MEASURE)
    assert not got["problems"], got["problems"]
    assert got["smallest"] >= 18, got["smallest"]
    assert not broken_words(page, "[data-testid=radiant-map]")
    return got


def test_a_sixty_idea_map_is_readable_whole_and_nothing_overlaps(room, browser):
    added = seed(room, RADIANT)
    assert len(added) == len(radiant_texts()) == 60
    page = board_page(browser, room, 60)
    page.screenshot(path=str(SCREENSHOTS / "radiant-board.png"))
    got = measure(page)
    assert got["drawn"] == added and got["folded"] == 0
    # The theme sits in the middle, and the map uses the whole 16:9 area, not a circle in it.
    width, height = got["area"]
    assert abs(got["theme"][0] - width / 2) < 2 and abs(got["theme"][1] - height / 2) < 2
    left, right, top, bottom = got["spread"]
    assert max(left, right) < width * 0.06 and max(top, bottom) < height * 0.1, got["spread"]
    assert "Jo" not in page.get_by_test_id("radiant-map").text_content()  # anonymous by default
    # Each branch has its own colour, and what grows from it wears the same.
    colours = page.evaluate("""() => [...document.querySelectorAll('.rt-node.rt-d1')].map((n) => n.style.getPropertyValue('--c'))""")
    assert len(set(colours)) == len(RADIANT)
    page.close()


def test_a_small_map_uses_large_type_and_follows_the_facilitator(room, browser):
    few = [(branch, [(subs[0][0], [])]) for branch, subs in RADIANT[:4]]
    added = seed(room, few)
    ids = {text: nid for nid, text in added.items()}
    page = board_page(browser, room, len(added))
    page.screenshot(path=str(SCREENSHOTS / "radiant-board-few.png"))
    measure(page)
    assert page.evaluate("parseFloat(getComputedStyle(document.querySelector('.rt-node')).fontSize)") > 24
    # Live: moved with its sub-branch, hidden, renamed: the board follows.
    console, rt = room["console"], room["radiant"]
    console.send("radiant.move", {"node": ids["Time to read"], "parent": ids["Library"]}, rt)
    moved = page.locator(f"[data-node='{ids['Time to read']}']")
    expect(moved).to_have_attribute("data-depth", "2")
    expect(page.locator(f"[data-node='{ids[RADIANT[1][1][0][0]]}']")).to_have_attribute("data-depth", "3")
    console.send("radiant.hide", {"node": ids["Pupils with SEND"]}, rt)
    expect(page.locator(f"[data-node='{ids['Pupils with SEND']}']")).to_have_count(0)
    console.send("radiant.theme", {"text": "Reading for pleasure"}, rt)
    expect(page.get_by_test_id("rt-theme")).to_have_text("Reading for pleasure")
    measure(page)
    page.close()


def test_a_phone_at_320px_adds_a_branch_and_an_idea_under_it(room, browser):
    seed(room, RADIANT[:2])
    context = browser.new_context(viewport={"width": 320, "height": 640}, is_mobile=True, has_touch=True,
                                  device_scale_factor=2)
    page = context.new_page()
    join_in_browser(page, room["server"], room["code"], "Aisha")
    expect(page.get_by_test_id("rt-phone-theme")).to_have_text(RADIANT_THEME)
    expect(page.get_by_test_id("anonymity-note").first).to_have_text("Anonymous — your name is not shown")
    page.get_by_test_id("branch-input").fill("Reading at home")
    page.get_by_test_id("branch-submit").click()
    mine = page.locator("[data-testid=node].is-mine")
    expect(mine).to_have_count(1)
    expect(mine.get_by_test_id("save-status")).to_have_text("saved ✓")
    expect(mine.get_by_test_id("yours")).to_be_visible()
    mine.get_by_test_id("add-under").click()
    page.get_by_test_id("under-input").fill("Bedtime stories for younger siblings")
    page.get_by_test_id("under-submit").click()
    expect(mine).to_have_count(2)
    sub = page.locator("[data-testid=node].is-mine.rt-depth-2")
    expect(sub).to_contain_text("Bedtime stories for younger siblings")
    expect(sub.get_by_test_id("node-edit")).to_be_visible()
    expect(sub.get_by_test_id("node-delete")).to_be_visible()
    state = room["console"].wait(lambda s: any(n["text"] == "Bedtime stories for younger siblings"
                                               for n in s["activity"]["view"]["nodes"]), "the phone's idea")
    nodes = {n["text"]: n for n in state["activity"]["view"]["nodes"]}
    assert nodes["Bedtime stories for younger siblings"]["parent"] == nodes["Reading at home"]["id"]
    # Edit your own: the new words replace the old.
    sub.get_by_test_id("node-edit").click()
    page.get_by_test_id("node-edit-input").fill("Bedtime stories for siblings")
    page.get_by_test_id("node-save").click()
    expect(sub).to_contain_text("Bedtime stories for siblings")
    # A sub-sub-branch is as deep as the map goes: it offers no "+ add under this".
    deepest = page.locator("[data-testid=node].rt-depth-3").first
    expect(deepest.get_by_test_id("add-under")).to_have_count(0)
    expect(page.locator("[data-testid=node].rt-depth-1").first.get_by_test_id("add-under")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    # Measured in one go: a state push re-renders the list, so held handles may go stale.
    boxes = page.evaluate("""() => [...document.querySelectorAll('[data-testid=add-under]')].map((b) => {
        const r = b.getBoundingClientRect(); return [r.height, r.right]; })""")
    assert boxes and all(height >= 40 and right <= 320 for height, right in boxes), boxes
    assert not broken_words(page, "[data-testid=radiant-list]")
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(SCREENSHOTS / "radiant-phone.png"))
    sub.scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOTS / "radiant-phone-mine.png"))
    context.close()


def test_the_console_at_1366_renames_hides_moves_and_merges(room, browser):
    added = seed(room, RADIANT[:3])
    ids = {text: nid for nid, text in added.items()}
    context = browser_signed_in(browser, room["http"], room["server"], viewport={"width": 1366, "height": 768})
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    page.goto(room["console_url"])
    tree = page.get_by_test_id("radiant-tree")
    expect(tree.get_by_test_id("node")).to_have_count(len(added))
    console, rt = room["console"], room["radiant"]

    def row(text):
        return tree.locator(f"[data-testid=node][data-node='{ids[text]}']")

    def view():
        return {n["id"]: n for n in console.state["activity"]["view"]["nodes"]}

    row("Books in form rooms").get_by_test_id("node-rename").click()
    page.get_by_test_id("node-rename-input").fill("A book box in every form room")
    page.get_by_test_id("node-rename-save").click()
    console.wait(lambda s: view()[ids["Books in form rooms"]]["text"] == "A book box in every form room", "the rename")

    row("CPD on reading aloud").get_by_test_id("node-hide").click()
    expect(row("CPD on reading aloud").get_by_test_id("node-hidden")).to_be_visible()

    # A sub-branch with its two ideas moves to another branch: they come along.
    tutor = "Reading in tutor time"
    row(tutor).get_by_test_id("node-move").select_option(ids["Staff as readers"])
    console.wait(lambda s: view()[ids[tutor]]["parent"] == ids["Staff as readers"], "the move")
    assert view()[ids["Staff read too"]]["branch"] == ids["Staff as readers"]
    expect(row(tutor)).to_have_attribute("data-depth", "2")
    # A branch with sub-sub-branches can't go under a sub-branch: the select does not offer it.
    options = row("Library").get_by_test_id("node-move").locator("option").all_text_contents()
    assert options == ["Move to…"]

    # Merge: its ideas move to the idea it merges into.
    row("Time to read").get_by_test_id("node-merge").select_option(ids["Library"])
    console.wait(lambda s: ids["Time to read"] not in view(), "the merge")
    assert view()[ids["Drop everything and read"]]["parent"] == ids["Library"]
    expect(row("Drop everything and read")).to_have_attribute("data-depth", "2")

    page.get_by_test_id("theme-input").fill("Reading for pleasure")
    page.get_by_test_id("theme-save").click()
    console.wait(lambda s: s["activity"]["view"]["theme"] == "Reading for pleasure", "the theme")
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    # Every control of a sub-sub-branch's row fits on the screen.
    deep = row("Staff read too")
    for control in ("node-rename", "node-hide", "node-move", "node-merge", "node-delete"):
        box = deep.get_by_test_id(control).bounding_box()
        assert box["x"] + box["width"] <= 1366
    page.screenshot(path=str(SCREENSHOTS / "radiant-console.png"))
    context.close()
