"""The board updates an idea wall in place (keyed cards, the last fit kept while it still holds), and
what it shows after any run of pushes is exactly what a fresh load of the same state shows: the same
cards, columns, font size, pages and "+N more". One board page follows a wall through adding cards
(few and large, then dense, then paged), editing, hiding, merging, grouping into columns and
deleting; after each step a second page opened at the same address must match it."""
from __future__ import annotations

import time

import pytest
from seed import add_activity, facilitator, new_workshop, signed_in

pytestmark = pytest.mark.parametrize("server", ["gevent"], indirect=True)

# What the board shows of the activity: the heading's density, and the tool's whole DOM (cards,
# their order and hidden flags, the --card-em size, column counts, the pager, "+N more").
SNAPSHOT = """() => {
  const act = document.querySelector('.board-activity');
  const wall = document.querySelector('[data-testid=wall]');
  return { dense: act.classList.contains('is-dense'), tool: document.querySelector('.board-tool').innerHTML,
           em: wall ? wall.style.getPropertyValue('--card-em') : null,
           cards: document.querySelectorAll('[data-testid=card]').length };
}"""
PAGE_MS = 15000  # board_fit.js turns its pages on this clock


def idea(n: int) -> str:
    # Uneven lengths, as real cards are, so the columns do not line up; every tenth has a long word.
    words = "Give the team ten minutes of shared planning time each week before the lessons start".split()
    text = f"Idea {n}: " + " ".join(words[: 3 + (n * 7) % 12])
    return text + (" supercalifragilistic" if n % 10 == 3 else "")


def snapshot(page) -> dict:
    return page.evaluate(SNAPSHOT)


def same_as_fresh(browser, board, url: str, cards: int) -> dict:
    """The board (after its pushes) against a fresh load of the same state; both read in one page
    period, so a paged wall shows the same page on both."""
    fresh = browser.new_page(viewport={"width": 1280, "height": 720})
    try:
        fresh.goto(url)
        fresh.wait_for_function("(n) => document.querySelectorAll('[data-testid=card]').length === n", arg=cards)
        deadline = time.time() + 10
        while True:
            if time.time() % (PAGE_MS / 1000) > PAGE_MS / 1000 - 3:  # a page turn is near: let it pass
                time.sleep(3.2)
            mine, theirs = snapshot(board), snapshot(fresh)
            # The board may still be taking the last push in; it must settle on the fresh look.
            if mine == theirs or time.time() > deadline:
                break
            time.sleep(0.2)
        assert mine["cards"] == cards
        assert mine["em"] == theirs["em"]
        assert mine["dense"] == theirs["dense"]
        assert mine["tool"] == theirs["tool"]
        return mine
    finally:
        fresh.close()


def open_wall(server):
    """A facilitator's socket on a new open workshop showing an open idea wall; the board's URL."""
    http = signed_in(server)
    ws = new_workshop(server, http)
    ic = facilitator(server, ws.id, http)
    ic.send("workshop.open")
    wall = add_activity(ic, "idea_wall", "Ideas for action", "What could we do?")
    ic.send("control.goto", {"activity": wall})
    ic.send("activity.open", activity=wall)
    url = ws.board_url if ws.board_url.startswith("http") else server + ws.board_url
    return ic, wall, url


def test_pushes_update_the_wall_in_place_and_look_as_a_fresh_load(server, browser):
    ic, wall, url = open_wall(server)
    ic.send("activity.reveal", activity=wall)
    board = browser.new_page(viewport={"width": 1280, "height": 720})
    board.goto(url)
    board.get_by_test_id("activity-title").wait_for()

    added = 0

    def add(upto: int) -> None:
        nonlocal added
        for n in range(added, upto):
            ic.send("idea.add", {"text": idea(n)}, activity=wall)  # one push per card
        added = upto
        ic.wait(lambda s: len(s["activity"]["view"]["cards"]) == upto, f"{upto} cards")

    def settle(ack: dict) -> None:
        ic.wait(lambda s: s["version"] >= ack["version"], "the console's state after its last intent")

    def ids() -> list[str]:
        return [c["id"] for c in ic.state["activity"]["view"]["cards"]]

    def wait_cards(n: int) -> None:
        board.wait_for_function("(n) => document.querySelectorAll('[data-testid=card]').length === n", arg=n)

    # A few large cards; the first card's element is marked to see that later pushes keep it.
    add(5)
    wait_cards(5)
    board.evaluate("() => { document.querySelector('[data-testid=card]').keptNode = true; }")
    large = same_as_fresh(browser, board, url, 5)
    for upto in (12, 25, 45, 70):  # denser, smaller, then paged at the floor
        add(upto)
        wait_cards(upto)
        seen = same_as_fresh(browser, board, url, upto)
    assert float(seen["em"].rstrip("em")) < float(large["em"].rstrip("em"))
    assert board.get_by_test_id("board-pager").count() == 1, "70 cards page at 1280x720"
    assert board.evaluate("() => document.querySelector('[data-testid=card]').keptNode === true"), \
        "the first card's element was rebuilt by later pushes"

    # Past the first page of a paged wall, an edit and a deletion keep the earlier pages, and the later
    # ones once a page starts where one did before.
    cards = ids()
    ic.send("idea.edit", {"card": cards[35], "text": idea(35) + " and again after the break, every week"}, activity=wall)
    settle(ic.send("idea.delete", {"card": cards[37]}, activity=wall))
    wait_cards(69)
    board.get_by_text("after the break, every week").wait_for(state="attached")
    same_as_fresh(browser, board, url, 69)
    assert board.evaluate("() => document.querySelector('[data-testid=card]').keptNode === true")

    # The facilitator tidies: a longer text, a hidden card, a merge, a deleted card.
    cards = ids()
    ic.send("idea.edit", {"card": cards[2], "text": idea(2) + " and again after the break, every week"}, activity=wall)
    ic.send("idea.hide", {"card": cards[4]}, activity=wall)
    ic.send("idea.merge", {"card": cards[6], "into": cards[7]}, activity=wall)
    settle(ic.send("idea.delete", {"card": cards[9]}, activity=wall))
    wait_cards(66)
    board.get_by_text("×2").wait_for(state="attached")
    same_as_fresh(browser, board, url, 66)

    # Grouped into three columns (a column that does not fit says "+N more"), then some cards moved.
    ic.send("idea.columns", {"columns": [{"title": "Time"}, {"title": "Training"}, {"title": "Pupils"}]}, activity=wall)
    columns = [c["id"] for c in ic.wait(lambda s: len(s["activity"]["view"]["columns"]) == 3, "columns")
               ["activity"]["view"]["columns"]]
    for n, card in enumerate(ids()[:30]):
        ack = ic.send("idea.move", {"card": card, "column": columns[n % 3]}, activity=wall)
    settle(ack)
    board.wait_for_function("() => document.querySelectorAll('.wall-col').length === 4")
    same_as_fresh(browser, board, url, 66)
    assert board.get_by_test_id("more-cards").count() >= 1
    settle(ic.send("idea.move", {"card": ids()[0], "column": None}, activity=wall))
    same_as_fresh(browser, board, url, 66)
    # New cards straight into columns, one push each, then an edit inside a column.
    for n in range(6):
        ack = ic.send("idea.add", {"text": idea(100 + n), "column": columns[n % 3]}, activity=wall)
    settle(ack)
    wait_cards(72)
    same_as_fresh(browser, board, url, 72)
    in_time = [c["id"] for c in ic.state["activity"]["view"]["cards"] if c["column"] == columns[0]]
    ic.send("idea.edit", {"card": in_time[1], "text": "Shorter"}, activity=wall)
    board.get_by_text("Shorter", exact=True).wait_for(state="attached")
    same_as_fresh(browser, board, url, 72)

    # Cards deleted, then the columns dropped: back to one paged grid, then to a few large cards.
    for card in [c["id"] for c in ic.state["activity"]["view"]["cards"] if not c["hidden"] and not c["merged"]][:40]:
        ack = ic.send("idea.delete", {"card": card}, activity=wall)
    settle(ack)
    wait_cards(32)
    same_as_fresh(browser, board, url, 32)
    settle(ic.send("idea.columns", {"columns": []}, activity=wall))
    board.wait_for_function("() => !document.querySelector('.wall-col')")
    same_as_fresh(browser, board, url, 32)
    for card in [c["id"] for c in ic.state["activity"]["view"]["cards"] if not c["hidden"] and not c["merged"]][:27]:
        ack = ic.send("idea.delete", {"card": card}, activity=wall)
    settle(ack)
    wait_cards(5)
    same_as_fresh(browser, board, url, 5)
    board.close()
    ic.close()


def test_a_change_deep_in_a_big_paged_wall_keeps_the_pages_around_it_as_a_fresh_load(server, browser):
    ic, wall, url = open_wall(server)
    ack = ic.send("idea.import", {"cards": [{"text": idea(n)} for n in range(160)]}, activity=wall)
    ic.send("activity.reveal", activity=wall)
    cards = [c["id"] for c in ic.wait(lambda s: s["version"] >= ack["version"], "the cards")["activity"]["view"]["cards"]]
    board = browser.new_page(viewport={"width": 1280, "height": 720})
    board.goto(url)
    board.wait_for_function("() => document.querySelectorAll('[data-testid=card]').length === 160")
    assert int(board.get_by_test_id("board-pager").get_attribute("data-pages")) >= 4
    # A shorter text and a deleted card half way: the pages after them start one card earlier.
    ic.send("idea.edit", {"card": cards[80], "text": "Shorter"}, activity=wall)
    board.get_by_text("Shorter", exact=True).wait_for(state="attached")
    same_as_fresh(browser, board, url, 160)
    ic.send("idea.delete", {"card": cards[82]}, activity=wall)
    board.wait_for_function("() => document.querySelectorAll('[data-testid=card]').length === 159")
    same_as_fresh(browser, board, url, 159)
    board.close()
    ic.close()
