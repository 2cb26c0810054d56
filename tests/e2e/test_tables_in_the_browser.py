"""Table mode in a real browser (issue 12): a phone joins as a table at 320 px (a bad head count is
refused in words, the header says "Table 5 · 6 people", the table corrects its count and places a
dot); the board at 1280x720 shows a dot vote by table (tables only, a table of two folded into the
room's total, nothing cut off, no scrolling) and counts the tables' heads; the console at 1366x768
has the table switches and lists tables with their head counts. Seeded over HTTP and Socket.IO."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect
from seed import add_activity, browser_signed_in, facilitator, join, join_code, new_workshop, phone, signed_in, start

from browser_checks import broken_words

pytestmark = pytest.mark.parametrize("server", ["gevent"], indirect=True)

OPTIONS = ["Ten minutes of TA briefing built into the timetable", "One-page pupil profiles",
           "SEND data to heads of department each term", "Coaching cycle on adaptive teaching",
           "Pupil voice panel on support in lessons", "Partner school visit"]
TABLES = [("Table 1", 4, [0, 0, 1]), ("Table 2", 6, [1, 3, 3]), ("Window pair", 2, [4, 4, 4])]
PEOPLE = [("Jo", [0, 2, 5]), ("Sam", [1, 1, 2])]


@pytest.fixture
def room(server):
    """A workshop on a dot vote with input open; two tables, a pair and two people connected."""
    http = signed_in(server)
    workshop = new_workshop(server, http, focus="KS3 SEND progress")
    console = facilitator(server, workshop.id, http)
    console.send("workshop.open")
    dots = add_activity(console, "dotocracy", "Which would make the biggest difference?", "Three dots each.",
                        "Part 3 – Recording and agreeing actions", {"dots": 3, "per_item": 3, "items": OPTIONS}, "the new activity")
    start(console, dots)
    code = join_code(console)
    phones = {}
    for name, heads, _ in TABLES:
        session = join(server, code, kind="table", table_name=name, head_count=str(heads))
        phones[name] = phone(server, workshop.id, session)
    for name, _ in PEOPLE:
        phones[name] = phone(server, workshop.id, join(server, code, name))
    items = [i["id"] for i in console.wait(lambda s: s["activity"] and s["activity"]["id"] == dots,
                                           "the vote")["activity"]["view"]["items"]]
    yield {"server": server, "console": console, "phones": phones, "dots": dots, "board_url": workshop.board_url,
           "http": http, "console_url": workshop.console_url, "code": code, "items": items}
    for live in (console, *phones.values()):
        live.close()


def vote(room) -> None:
    for name, _, picks in TABLES:
        for k in picks:
            room["phones"][name].send("dots.place", {"item": room["items"][k]}, room["dots"])
    for name, picks in PEOPLE:
        for k in picks:
            room["phones"][name].send("dots.place", {"item": room["items"][k]}, room["dots"])


def test_a_phone_joins_as_a_table_at_320px_and_corrects_its_head_count(room, browser, shot):
    context = browser.new_context(viewport={"width": 320, "height": 640}, is_mobile=True, has_touch=True,
                                  device_scale_factor=2)
    page = context.new_page()
    page.goto(f"{room['server']}/j/{room['code']}")
    expect(page.get_by_test_id("table-name-input")).to_be_hidden()
    page.get_by_test_id("kind-table").click()
    expect(page.get_by_test_id("name-input")).to_be_hidden()
    page.get_by_test_id("table-name-input").fill("Table 5")
    page.get_by_test_id("head-count-input").fill("6")
    shot(page, "tables-join-320")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    # a head count out of range is refused in words, and what was typed stays
    page.get_by_test_id("head-count-input").evaluate("el => { el.removeAttribute('min'); el.removeAttribute('max'); el.value = '30'; }")
    page.get_by_test_id("name-submit").click()
    expect(page.get_by_test_id("join-error")).to_contain_text("a whole number from 2 to 20")
    expect(page.get_by_test_id("table-name-input")).to_have_value("Table 5")
    expect(page.get_by_test_id("kind-table")).to_be_checked()
    page.get_by_test_id("head-count-input").fill("6")
    page.get_by_test_id("name-submit").click()

    expect(page.get_by_test_id("table-label")).to_have_text("Table 5 · 6 people")
    room["console"].wait(lambda s: s["workshop"]["people_count"] == 4 + 6 + 2 + 2 + 6, "the table's heads")
    # the table corrects its head count from the header
    page.get_by_test_id("table-change").click()
    page.get_by_test_id("table-heads-input").fill("21")
    page.get_by_test_id("table-heads-save").click()
    expect(page.get_by_test_id("table-heads-error")).to_contain_text("2 to 20")
    page.get_by_test_id("table-heads-input").fill("7")
    page.get_by_test_id("table-heads-save").click()
    expect(page.get_by_test_id("table-label")).to_have_text("Table 5 · 7 people")
    expect(page.get_by_test_id("table-heads-form")).to_be_hidden()
    room["console"].wait(lambda s: any(p.get("head_count") == 7 for p in s["participants"]), "the new head count")
    # and votes like any phone
    page.get_by_test_id("dot-place").first.click()
    expect(page.get_by_test_id("my-dots").first).to_contain_text("1")
    room["console"].wait(lambda s: s["activity"]["view"]["items"][0]["votes"] == 7, "the table's dot, for 7 people")
    expect(page.get_by_test_id("dots-list")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    shot(page, "tables-phone-320")
    context.close()


MEASURE = """() => {
  const board = document.querySelector('[data-testid=dots-board]');
  const problems = [];
  for (const t of board.querySelectorAll('.by-table-chip, .dots-text, .dots-count, .by-table-note')) {
    const px = parseFloat(getComputedStyle(t).fontSize);
    if (px < 17.5) problems.push(`${px.toFixed(1)}px: ${t.textContent}`);
    const r = t.getBoundingClientRect(), b = board.getBoundingClientRect();
    if (r.bottom > b.bottom + 1 || r.right > b.right + 1) problems.push(`cut off: ${t.textContent}`);
  }
  if (document.documentElement.scrollHeight > innerHeight + 1 || document.documentElement.scrollWidth > innerWidth + 1)
    problems.push('the page scrolls');
  const chips = [...board.querySelectorAll('.by-table-chip')].map((c) => [c.closest('[data-item]').dataset.item, c.dataset.table, Number(c.dataset.votes)]);
  return {problems, chips};
}"""


def test_the_board_shows_the_vote_by_table_at_1280_and_folds_the_pair(room, browser, shot):
    vote(room)
    console, dots = room["console"], room["dots"]
    console.send("dots.settings", {"by_table": True}, dots)
    console.send("activity.reveal", activity=dots)
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    page.goto(room["board_url"])
    expect(page.get_by_test_id("dots-result")).to_have_count(len(OPTIONS))
    expect(page.get_by_test_id("by-table-note")).to_have_text("By table: 2 tables · 1 small table only in the room's total")
    items = room["items"]
    # per person: Table 1's two dots on the first option count 4 each, Jo's one: 9
    expect(page.locator(f"[data-testid=dots-result][data-item={items[0]}] [data-testid=dots-count]")).to_have_text("9")
    got = page.evaluate(MEASURE)
    assert not got["problems"], got["problems"]
    assert sorted(got["chips"]) == sorted([[items[0], "Table 1", 2], [items[1], "Table 1", 1],
                                           [items[1], "Table 2", 1], [items[3], "Table 2", 2]])
    text = page.get_by_test_id("dots-board").text_content()
    assert "Window pair" not in text and "Jo" not in text and "Sam" not in text
    assert not broken_words(page, "[data-testid=dots-board]")
    shot(page, "tables-board-1280")
    # once: the tables count as one vote each; the board re-tallies at once
    console.send("dots.settings", {"table_counts": "once"}, dots)
    expect(page.locator(f"[data-testid=dots-result][data-item={items[0]}] [data-testid=dots-count]")).to_have_text("3")
    expect(page.get_by_test_id("by-table-note")).to_contain_text("each table counts once")
    # the welcome screen counts heads: 4 + 6 + 2 + 2 people, 3 tables
    console.send("control.goto", {"activity": None})
    expect(page.locator(".join-big .join-count")).to_contain_text("14 people joined, 3 tables")
    page.close()


def test_the_console_at_1366_has_the_table_switches_and_lists_tables(room, browser, shot):
    vote(room)
    context = browser_signed_in(browser, room["http"], room["server"], viewport={"width": 1366, "height": 768})
    page = context.new_page()
    page.goto(room["console_url"])
    expect(page.get_by_test_id("dots-console-row")).to_have_count(len(OPTIONS))
    switches = page.get_by_test_id("table-switches")
    expect(switches).to_be_visible()
    expect(page.get_by_test_id("participant-table")).to_have_count(3)
    expect(page.get_by_test_id("participant-table").first).to_have_text("table · 4 people")
    page.get_by_test_id("table-counts").select_option("once")
    room["console"].wait(lambda s: s["activity"]["view"]["table_counts"] == "once", "the setting")
    page.get_by_test_id("by-table").check()
    room["console"].wait(lambda s: s["activity"]["view"]["by_table"] is True, "by table")
    expect(page.get_by_test_id("by-table-note")).to_contain_text("By table: 2 tables")
    expect(page.get_by_test_id("dots-summary")).to_contain_text("14 people voted")
    shot(page, "tables-console-1366")
    context.close()


STATEMENTS = ["Pupils know their targets", "TAs plan with teachers", "Passports used in planning",
              "Data reaches departments", "Parents hear more often", "CPD on adaptive teaching",
              "Pupil voice in reviews", "Resources adapted per unit", "SENCo at department meetings"]


def test_the_board_marks_each_tables_top_three_in_the_diamond(room, browser, shot):
    console = room["console"]
    d9 = add_activity(console, "diamond_nine", "Diamond nine", "Most important at the top.",
                      "Part 3 – Recording and agreeing actions", what="the diamond")
    for text in STATEMENTS:
        console.send("diamond.item_add", {"text": text}, d9)
    state = console.wait(lambda s: True, "state")
    console.send("control.goto", {"activity": d9})
    items = console.wait(lambda s: s["activity"]["id"] == d9 and len(s["activity"]["view"]["items"]) == 9,
                         "the statements")["activity"]["view"]["items"]
    ids = [i["id"] for i in items]
    console.send("diamond.select", {"items": ids}, d9)
    console.send("activity.open", activity=d9)
    orders = {"Table 1": ids, "Table 2": ids[::-1], "Window pair": [ids[4], *ids[:4], *ids[5:]],
              "Jo": ids, "Sam": [ids[1], ids[0], *ids[2:]]}
    for who, order in orders.items():
        for slot, item in enumerate(order):
            room["phones"][who].send("diamond.place", {"item": item, "slot": slot}, d9)
    console.send("diamond.settings", {"by_table": True}, d9)
    console.send("activity.reveal", activity=d9)
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    page.goto(room["board_url"])
    expect(page.get_by_test_id("d9-slot")).to_have_count(9)
    chips = page.evaluate("""() => [...document.querySelectorAll('[data-testid=d9-slot] .by-table-chip')]
        .map((c) => [c.closest('[data-item]').dataset.item, c.dataset.table])""")
    assert sorted(chips) == sorted([[i, "Table 1"] for i in ids[:3]] + [[i, "Table 2"] for i in ids[::-1][:3]])
    assert "Window pair" not in page.get_by_test_id("d9-group-diamond").text_content()
    assert page.evaluate("document.documentElement.scrollHeight <= innerHeight + 1 && document.documentElement.scrollWidth <= innerWidth + 1")
    cut = page.evaluate("""() => [...document.querySelectorAll('[data-testid=d9-slot]')].filter((c) =>
        c.scrollHeight > c.clientHeight + 1 || [...c.querySelectorAll('.by-table-chip')].some((chip) =>
          chip.getBoundingClientRect().bottom > c.getBoundingClientRect().bottom + 1)).map((c) => c.textContent)""")
    assert cut == []
    shot(page, "tables-diamond-board-1280")
    page.close()


def test_the_board_shows_each_tables_quadrant_in_the_matrix(room, browser, shot):
    console = room["console"]
    pm = add_activity(console, "prioritisation_matrix", "Impact and effort",
                      "How much difference, for how much effort?", "Part 3 – Recording and agreeing actions", what="the matrix")
    for text in OPTIONS[:4]:
        console.send("matrix.item_add", {"text": text}, pm)
    start(console, pm)
    ids = [i["id"] for i in console.wait(lambda s: s["activity"]["id"] == pm and len(s["activity"]["view"]["items"]) == 4,
                                         "the items")["activity"]["view"]["items"]]
    scores = {"Table 1": (1, 5), "Table 2": (5, 5), "Window pair": (5, 1), "Jo": (2, 4), "Sam": (4, 2)}
    for who, (x, y) in scores.items():
        for k, item in enumerate(ids):
            room["phones"][who].send("matrix.rate", {"item": item, "x": x if k % 2 == 0 else 6 - x, "y": y}, pm)
    console.send("matrix.settings", {"by_table": True}, pm)
    console.send("activity.reveal", activity=pm)
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    page.goto(room["board_url"])
    expect(page.get_by_test_id("pm-legend")).to_be_visible()
    chips = page.evaluate("""() => [...document.querySelectorAll('[data-testid=pm-by-table] .by-table-chip')]
        .filter((c) => c.getClientRects().length).map((c) => c.textContent)""")
    assert "Table 1: Quick wins" in chips and "Table 2: Major projects" in chips
    assert not any("Window pair" in c for c in chips)
    assert "Window pair" not in page.get_by_test_id("pm-legend").text_content()
    assert page.evaluate("document.documentElement.scrollHeight <= innerHeight + 1 && document.documentElement.scrollWidth <= innerWidth + 1")
    shot(page, "tables-matrix-board-1280")
    page.close()
    # the console: the switches, and each table's quadrants listed by item number
    context = browser_signed_in(browser, room["http"], room["server"], viewport={"width": 1366, "height": 768})
    console_page = context.new_page()
    console_page.goto(room["console_url"])
    expect(console_page.get_by_test_id("pm-table")).to_be_visible()
    expect(console_page.get_by_test_id("table-switches")).to_be_visible()
    expect(console_page.get_by_test_id("by-table")).to_be_checked()
    expect(console_page.get_by_test_id("by-table-list")).to_contain_text("Table 1 (4 people): 1 Quick wins")
    context.close()
