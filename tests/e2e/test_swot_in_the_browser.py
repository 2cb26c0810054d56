"""The SWOT analysis in a real browser: the board's 2x2 at 1280x720 (every shown card whole, at 18 px
or more, nothing hidden, nothing overlapping, no scrolling; a crowded quadrant turns pages), a phone
at 320 px (choose a quadrant, add, see your card saved), and the console at 1366x768 (hide, move
and merge from the four quadrants). Seeded over HTTP and Socket.IO like a real console."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect
from seed import (add_activity, browser_signed_in, facilitator, join, join_code, join_in_browser, new_workshop, phone,
                  signed_in, start)

from browser_checks import broken_words

pytestmark = pytest.mark.parametrize("server", ["gevent"], indirect=True)

FEW = [
    ("s", "Staff who know every pupil and family well"),
    ("s", "Strong pastoral team"),
    ("s", "Maths results are above the national average"),
    ("w", "Adaptations vary from room to room"),
    ("w", "Too little planning time with teaching assistants"),
    ("w", "Pupil passports are long and hard to use"),
    ("o", "The new local SEND hub offers free training"),
    ("o", "Partnership schools share their CPD"),
    ("t", "Funding is falling while needs rise"),
    ("t", "Recruiting specialist staff is hard"),
]
HIDDEN = "Something unkind about a colleague"
# A staff room in full flow: 44 cards, long ones included, most in Weaknesses.
CROWD = FEW + [("w", f"Weakness {n}: interventions clash with core lessons in Year {7 + n % 5}") for n in range(18)] + [
    ("s", f"Strength {n}: staff give up their lunchtimes for clubs") for n in range(6)] + [
    ("o", f"Opportunity {n}: parents offer to help with reading") for n in range(5)] + [
    ("t", f"Threat {n}: building works will close the library") for n in range(5)]

# Everything the board measures in one pass: the cards drawn (whole, inside their quadrant) and every problem.
MEASURE = """() => {
  const grid = document.querySelector('[data-testid=swot-grid]');
  const problems = [];
  let smallest = Infinity;
  const texts = [...grid.querySelectorAll('.swot-name, .swot-hint, .wall-col-count, .card-text, .card-meta, .swot-none, .board-pager')]
    .filter((t) => t.getClientRects().length);
  for (const t of texts) {
    const px = parseFloat(getComputedStyle(t).fontSize);
    smallest = Math.min(smallest, px);
    if (px < 18) problems.push(`${px.toFixed(1)}px: ${t.textContent}`);
  }
  const quads = [...grid.querySelectorAll('[data-testid=quadrant]')];
  const drawn = {};
  for (const q of quads) {
    const qr = q.getBoundingClientRect();
    for (const c of q.querySelectorAll('[data-card]')) {
      if (!c.getClientRects().length) continue;  // on another page
      const r = c.getBoundingClientRect();
      if (c.getClientRects().length > 1) problems.push(`split: ${c.textContent}`);
      if (r.bottom > qr.bottom + 1 || r.right > qr.right + 1 || r.top < qr.top - 1 || r.left < qr.left - 1)
        problems.push(`outside its quadrant: ${c.textContent}`);
      drawn[c.dataset.card] = [q.dataset.quadrant, c.querySelector('.card-text').textContent];
    }
  }
  for (let i = 0; i < quads.length; i++) for (let j = i + 1; j < quads.length; j++) {
    const a = quads[i].getBoundingClientRect(), b = quads[j].getBoundingClientRect();
    if (Math.min(a.right, b.right) - Math.max(a.left, b.left) > 1 && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 1)
      problems.push('quadrants overlap');
  }
  if (document.documentElement.scrollHeight > innerHeight + 1 || document.documentElement.scrollWidth > innerWidth + 1)
    problems.push('the page scrolls');
  const pagers = [...grid.querySelectorAll('[data-testid=board-pager]')].map((p) => [p.closest('[data-quadrant]').dataset.quadrant, p.dataset.pages]);
  return {problems, smallest, drawn, pagers, order: quads.map((q) => q.querySelector('.swot-name').textContent),
          boxes: quads.map((q) => { const r = q.getBoundingClientRect(); return [r.left, r.top]; })};
}"""


@pytest.fixture
def room(server):
    """A workshop on a SWOT analysis with input open, two phones connected over Socket.IO."""
    http = signed_in(server)
    workshop = new_workshop(server, http, focus="KS3 SEND progress")
    console = facilitator(server, workshop.id, http)
    console.send("workshop.open")
    swot = add_activity(console, "swot", "Where are we now?", "One point per card, in the quadrant where it belongs.",
                        "Part 2 – Exploring the findings", what="the new activity")
    start(console, swot)
    code = join_code(console)
    phones = [phone(server, workshop.id, join(server, code, name)) for name in ("Jo", "Sam")]
    yield {"server": server, "console": console, "phones": phones, "swot": swot, "board_url": workshop.board_url,
           "http": http, "console_url": workshop.console_url, "code": code}
    for live in (console, *phones):
        live.close()


def seed(room, cards) -> dict[str, tuple[str, str]]:
    added = {}
    for n, (quadrant, text) in enumerate(cards):
        ack = room["phones"][n % 2].send("swot.add", {"text": text, "quadrant": quadrant}, room["swot"])
        added[ack["private"]["mine"][-1]] = (quadrant, text)
    return added


def board_page(browser, room, count):
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    page.goto(room["board_url"])
    expect(page.get_by_test_id("swot-grid")).to_be_visible()
    expect(page.locator("[data-testid=swot-grid] [data-card]")).to_have_count(count)
    return page


def measure(page) -> dict:
    got = page.evaluate(MEASURE)
    assert not got["problems"], got["problems"]
    assert got["smallest"] >= 18
    assert not broken_words(page, "[data-testid=swot-grid]")
    return got


def test_the_board_is_a_readable_two_by_two_without_hidden_cards(room, browser, shot):
    shown = {cid: list(v) for cid, v in seed(room, FEW).items()}
    rude = seed(room, [("t", HIDDEN)])
    room["console"].send("swot.hide", {"card": next(iter(rude))}, room["swot"])

    page = board_page(browser, room, len(shown))
    shot(page, "swot-board-1280")
    got = measure(page)
    assert got["drawn"] == shown
    assert got["order"] == ["Strengths", "Weaknesses", "Opportunities", "Threats"]
    (sx, sy), (wx, wy), (ox, oy), (tx, ty) = got["boxes"]
    assert sy == wy < oy == ty and sx == ox < wx == tx  # S W on top, O T below
    assert got["pagers"] == []
    # With room to spare the cards are larger than the minimum.
    assert page.evaluate("parseFloat(getComputedStyle(document.querySelector('.card-text')).fontSize)") > 20
    assert HIDDEN not in page.get_by_test_id("swot-grid").text_content()
    assert "Jo" not in page.get_by_test_id("swot-grid").text_content()  # anonymous by default

    # Live: the facilitator moves a card; it changes quadrant on the board.
    moved = next(cid for cid, (q, _) in shown.items() if q == "t")
    room["console"].send("swot.move", {"card": moved, "quadrant": "w"}, room["swot"])
    expect(page.locator(f"[data-quadrant=w] [data-card={moved}]")).to_be_visible()
    page.close()


def test_a_crowded_board_stays_readable_and_pages_a_full_quadrant(room, browser, shot):
    added = seed(room, CROWD)
    page = board_page(browser, room, len(added))
    shot(page, "swot-board-crowded-1280")
    got = measure(page)
    assert all(added[cid] == tuple(v) for cid, v in got["drawn"].items())
    # Whatever is not on screen now is on another page of its quadrant, which says so.
    missing = {added[cid][0] for cid in added if cid not in got["drawn"]}
    assert missing <= {q for q, _ in got["pagers"]}
    assert missing and all(int(pages) >= 2 for _, pages in got["pagers"])
    # The pages hold several cards each (the last may hold fewer): worth turning.
    per_quadrant = {q: sum(1 for v in added.values() if v[0] == q) for q in "swot"}
    assert all(int(pages) <= -(-per_quadrant[q] // 3) for q, pages in got["pagers"]), (got["pagers"], per_quadrant)
    page.close()


def test_a_phone_at_320px_chooses_a_quadrant_adds_and_sees_its_card(room, browser, shot):
    seed(room, FEW[:4])
    context = browser.new_context(viewport={"width": 320, "height": 640}, is_mobile=True, has_touch=True,
                                  device_scale_factor=2)
    page = context.new_page()
    join_in_browser(page, room["server"], room["code"], "Aisha")
    expect(page.get_by_test_id("quadrant-choice")).to_have_count(4)
    page.get_by_test_id("card-input").fill("Our SENCo knows every family")
    page.get_by_test_id("card-submit").click()
    expect(page.get_by_test_id("card-error")).to_have_text("Choose a quadrant first.")
    threats = page.locator("[data-testid=quadrant-choice][data-quadrant=s]")
    threats.click()
    expect(threats).to_have_attribute("aria-pressed", "true")
    page.get_by_test_id("card-submit").click()
    mine = page.get_by_test_id("my-card")
    expect(mine).to_have_count(1)
    expect(mine.locator(".save")).to_have_text("saved ✓")
    expect(mine).to_contain_text("Strengths")
    expect(mine).to_contain_text("Our SENCo knows every family")
    expect(page.get_by_test_id("card-input")).to_have_value("")
    room["console"].wait(lambda s: any(c["text"] == "Our SENCo knows every family"
                                       for c in s["activity"]["view"]["cards"]), "the phone's card")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    for button in page.get_by_test_id("quadrant-choice").all():
        assert button.bounding_box()["height"] >= 44
    assert not broken_words(page, "[data-testid=quadrant-picker]")
    # Each quadrant's name sits inside its button with room to spare.
    assert page.evaluate("""() => [...document.querySelectorAll('.swot-pick-name')].every((n) => {
        const b = n.closest('button').getBoundingClientRect(), r = n.getBoundingClientRect();
        return r.left >= b.left + 4 && r.right <= b.right - 4; })""")
    page.evaluate("window.scrollTo(0, 0)")
    shot(page, "swot-phone-320")
    mine.scroll_into_view_if_needed()
    shot(page, "swot-phone-320-mine")
    context.close()


def test_the_console_at_1366_hides_moves_and_merges(room, browser, shot):
    added = seed(room, FEW)
    ids = {text: cid for cid, (_, text) in added.items()}
    context = browser_signed_in(browser, room["http"], room["server"], viewport={"width": 1366, "height": 768})
    page = context.new_page()
    page.goto(room["console_url"])
    expect(page.locator("[data-testid=quadrant]")).to_have_count(4)
    expect(page.locator("[data-testid=quadrant] [data-testid=card]")).to_have_count(len(FEW))
    console, swot = room["console"], room["swot"]

    passports = page.locator(f"[data-card={ids['Pupil passports are long and hard to use']}]")
    passports.get_by_test_id("card-hide").click()
    console.wait(lambda s: any(c["id"] == ids["Pupil passports are long and hard to use"] and c["hidden"]
                               for c in s["activity"]["view"]["cards"]), "the hidden card")
    expect(passports.get_by_test_id("card-hidden")).to_be_visible()

    funding = ids["Funding is falling while needs rise"]
    page.locator(f"[data-card={funding}]").get_by_test_id("card-move").select_option("w")
    expect(page.locator(f"[data-quadrant=w] [data-card={funding}]")).to_be_visible()

    pastoral = ids["Strong pastoral team"]
    page.locator(f"[data-card={pastoral}]").get_by_test_id("card-merge").click()
    page.get_by_test_id("merge-into").select_option(ids["Staff who know every pupil and family well"])
    page.get_by_test_id("mode-save").click()
    expect(page.locator(f"[data-card={pastoral}]")).to_have_count(0)
    expect(page.locator(f"[data-card={ids['Staff who know every pupil and family well']}] .card-merged")).to_have_text("×2")
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    shot(page, "swot-console-1366")
    context.close()


def test_a_fishbone_console_brings_in_only_the_weaknesses_and_threats(room, browser):
    added = seed(room, FEW)
    console = room["console"]
    fishbone = add_activity(console, "fishbone", "What lies behind it?", "Causes?", "Part 2 – Exploring the findings",
                            {"problem": "KS3 SEND progress"}, "the fishbone")
    console.send("control.goto", {"activity": fishbone})
    context = browser_signed_in(browser, room["http"], room["server"], viewport={"width": 1366, "height": 768})
    page = context.new_page()
    page.goto(room["console_url"])
    choice = page.get_by_test_id("import-from")
    expect(choice.locator(f"option[value='{room['swot']}|Weaknesses,Threats']")).to_have_text(
        "Where are we now?: weaknesses and threats")
    choice.select_option(f"{room['swot']}|Weaknesses,Threats")
    page.get_by_test_id("import-submit").click()
    wanted = [text for quadrant, text in added.values() if quadrant in "wt"]
    console.wait(lambda s: [c["text"] for c in s["activity"]["view"]["causes"]] == wanted, "only W and T as causes")
    context.close()
