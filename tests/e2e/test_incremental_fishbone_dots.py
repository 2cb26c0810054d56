"""The fishbone board and the dot-vote phone update in place, push by push (an element per cause or
option, kept by id), and what they show after a run of pushes is exactly what a fresh page load of
the same state shows: the same elements, text, classes, fit size and "+N more". Elements that were
kept really are the same nodes (not rebuilt), and a half-typed filter on the phone keeps its text
and focus while pushes arrive."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect
from seed import add_activity, browser_signed_in, facilitator, join_code, join_in_browser, new_workshop, phones, signed_in, start

pytestmark = pytest.mark.parametrize("server", ["gevent"], indirect=True)

# The DOM under a root as plain data: tag, classes (without the arrival animation's fb-new), data-*
# and the inline style (the fit's sizes), and text; comments (the placeholders of held-back causes) skipped.
SNAPSHOT = """(sel) => {
  const walk = (n) => {
    if (n.nodeType === 3) return n.data.trim() ? n.data : null;
    if (n.nodeType !== 1) return null;
    const cls = [...n.classList].filter((c) => c !== 'fb-new').join(' ');
    const data = Object.entries(n.dataset).sort().map(([k, v]) => k + '=' + v).join(',');
    const kids = [...n.childNodes].map(walk).filter((x) => x !== null);
    return [n.tagName, cls, data, n.hidden ? 'hidden' : '', n.disabled ? 'disabled' : '', n.getAttribute('style') || '',
            n.getAttribute('aria-label') || '', kids];
  };
  return walk(document.querySelector(sel));
}"""

FIT_SIZE = "parseFloat(getComputedStyle(document.querySelector('.fb-main')).getPropertyValue('--fb-f'))"

WORDS = "pupils teachers planning time reading support rooms parents data feedback assessment homework".split()


def text(n: int) -> str:
    return " ".join(WORDS[(n * 5 + k * 7) % len(WORDS)] for k in range(2 + n % 7)).capitalize() + f" ({n})"


@pytest.fixture
def workshop(server):
    http = signed_in(server)
    ws = new_workshop(server, http, focus="KS3 SEND")
    console = facilitator(server, ws.id, http)
    console.send("workshop.open")
    yield {"server": server, "http": http, "ws": ws, "console": console}
    console.close()


def tag_nodes(page, selector: str) -> None:
    """Mark every element now on the page under selector, to tell later which ones were kept."""
    page.evaluate("(sel) => document.querySelectorAll(sel).forEach((el) => { el.__kept = true; })", selector)


def kept(page, selector: str) -> int:
    return page.evaluate("(sel) => [...document.querySelectorAll(sel)].filter((el) => el.__kept).length", selector)


def test_fishbone_board_after_pushes_is_the_board_a_fresh_load_draws(workshop, browser, shot):
    console, http, ws = workshop["console"], workshop["http"], workshop["ws"]
    fb = add_activity(console, "fishbone", "What lies behind it?", config={"problem": "Pupils with SEND make less progress",
                                                                          "anonymous": False})
    start(console, fb)
    crowd = list(phones(workshop["server"], ws.id, join_code(console), ["Jo", "Sam", "Al"]).values())
    context = browser_signed_in(browser, http, ws.board_url, viewport={"width": 1280, "height": 720})
    page = context.new_page()
    page.goto(ws.board_url)
    expect(page.get_by_test_id("fishbone")).to_be_visible()
    ids, author = [], {}

    def add(n: int, bone: str, parent: str | None = None) -> str:
        who = crowd[n % 3]
        cid = who.send("fishbone.add", {"bone": bone, "text": text(n), "parent": parent}, fb)["private"]["mine"][-1]
        ids.append(cid)
        author[cid] = who
        return cid

    def settle(count: int) -> None:  # the caption counts every cause, drawn or held back
        expect(page.get_by_test_id("fb-caption")).to_contain_text(f"{count} causes")
        page.wait_for_timeout(300)

    # A few causes on several bones, with sub-causes; then a root cause, an edit, a removal.
    for n in range(8):
        add(n, f"b{n % 4 + 1}", ids[n - 2] if n % 4 == 3 else None)
    settle(8)
    tag_nodes(page, "[data-testid=fishbone] [data-cause], [data-testid=fb-bone-card]")
    console.send("fishbone.root", {"cause": ids[1], "root": True}, fb)
    author[ids[2]].send("fishbone.edit", {"cause": ids[2], "text": "A much longer cause that now takes several lines on its card"}, fb)
    author[ids[4]].send("fishbone.delete", {"cause": ids[4]}, fb)
    expect(page.locator(f"[data-cause='{ids[1]}'].is-root")).to_have_count(1)
    expect(page.locator(f"[data-cause='{ids[2]}']")).to_contain_text("A much longer cause")
    settle(7)
    # Kept, not rebuilt: every cause that is still there, and every card, is the node it was.
    assert kept(page, "[data-testid=fishbone] [data-cause]") == 7
    assert kept(page, "[data-testid=fb-bone-card]") == 7  # every bone has its card, empty or not
    assert page.evaluate(SNAPSHOT, "[data-testid=fishbone]") == fresh_snapshot(context, ws.board_url, 7)
    # Less to show: the text may grow again, to the size a fresh load finds.
    size = page.evaluate(FIT_SIZE)
    for cid in (ids[0], ids[2], ids[6]):
        author[cid].send("fishbone.delete", {"cause": cid}, fb)
    settle(4)
    assert page.evaluate(FIT_SIZE) >= size
    assert page.evaluate(SNAPSHOT, "[data-testid=fishbone]") == fresh_snapshot(context, ws.board_url, 4)

    # Crowded: 42 causes on all seven bones (the board holds some back behind "+N more"), marks revealed.
    for n in range(8, 46):
        add(n, f"b{n % 7 + 1}", ids[n - 7] if n % 6 == 5 and n > 15 else None)  # a sub-cause on the same bone
    settle(42)
    console.send("fishbone.roots", {"causes": [ids[9], ids[20]]}, fb)
    console.send("fishbone.settings", {"marking": True}, fb)
    for who in crowd:
        who.send("fishbone.mark", {"cause": ids[9]}, fb)
    crowd[0].send("fishbone.mark", {"cause": ids[30]}, fb)
    console.send("activity.reveal", {}, fb)
    expect(page.locator(f"[data-cause='{ids[9]}'] > .fb-line [data-testid=fb-votes]")).to_have_text("3")
    author[ids[11]].send("fishbone.delete", {"cause": ids[11]}, fb)
    settle(41)
    shot(page, "incremental-fishbone-1280")
    got = page.evaluate(SNAPSHOT, "[data-testid=fishbone]")
    assert page.get_by_test_id("fb-more").count() > 0, "crowded enough to hold some causes back"
    # Several bones hold causes back at once: the cards are trimmed in step (fishbone_fit.js trimAll),
    # which must draw what trimming them one by one on a fresh load draws.
    assert page.get_by_test_id("fb-more").count() >= 3
    assert got == fresh_snapshot(context, ws.board_url, 41)
    context.close()
    for live in crowd:
        live.close()


def fresh_snapshot(context, url: str, causes: int):
    """The same board loaded afresh in a second tab of the same size."""
    page = context.new_page()
    page.goto(url)
    expect(page.get_by_test_id("fb-caption")).to_contain_text(f"{causes} causes")
    page.wait_for_timeout(300)
    got = page.evaluate(SNAPSHOT, "[data-testid=fishbone]")
    page.close()
    return got


def test_dot_vote_phone_after_pushes_is_the_phone_a_fresh_load_draws(workshop, browser, shot):
    console, ws = workshop["console"], workshop["ws"]
    options = [text(n) for n in range(30)]
    dots = add_activity(console, "dotocracy", "Vote for the ideas to take forward", config={"dots": 6, "per_item": 3, "items": options})
    start(console, dots)
    others = list(phones(workshop["server"], ws.id, join_code(console), ["Jo", "Sam"]).values())
    context = browser.new_context(viewport={"width": 320, "height": 568})
    page = context.new_page()
    join_in_browser(page, workshop["server"], join_code(console), "Me")
    items = page.get_by_test_id("dots-item")
    expect(items).to_have_count(30)
    item_ids = items.evaluate_all("els => els.map((e) => e.dataset.item)")
    tag_nodes(page, "[data-testid=dots-item], [data-testid=dots-item] button")

    # A half-typed filter keeps its text and focus while others' dots and a new option arrive.
    search = page.get_by_label("Find an option")
    search.fill("pupils")
    shown = page.locator("[data-testid=dots-item]:visible").count()
    for k in range(6):
        others[k % 2].send("dots.place", {"item": item_ids[k * 4]}, dots)
    console.send("dots.item_add", {"text": "Pupils choose where they sit"}, dots)
    expect(items).to_have_count(31)
    assert search.input_value() == "pupils"
    assert page.evaluate("document.activeElement.id") == "dots-filter"
    expect(page.locator("[data-testid=dots-item]:visible")).to_have_count(shown + 1)
    search.fill("")

    # My dots placed and taken back; an option added and one removed.
    for k in (0, 0, 5, 9):
        page.locator(f"[data-item='{item_ids[k]}'] [data-testid=dot-place]").click()
    expect(page.get_by_test_id("dots-left")).to_have_text("2 dots left of 6")
    page.locator(f"[data-item='{item_ids[5]}'] [data-testid=dot-remove]").click()
    expect(page.get_by_test_id("dots-left")).to_have_text("3 dots left of 6")
    console.send("dots.item_add", {"text": "A quiet room at lunch"}, dots)
    console.send("dots.item_remove", {"item": item_ids[3]}, dots)
    expect(items).to_have_count(31)
    expect(page.locator(f"[data-item='{item_ids[0]}'] [data-testid=my-dots]")).to_have_text("2 dots from you")
    expect(page.locator(f"[data-item='{item_ids[0]}'] [data-testid=dot-place]")).to_be_enabled()
    page.wait_for_timeout(300)
    # Kept, not rebuilt: the 29 first options that are still there, and their buttons.
    assert kept(page, "[data-testid=dots-item]") == 29
    assert kept(page, "[data-testid=dots-item] button") == 58
    shot(page, "incremental-dots-320")
    before = page.evaluate(SNAPSHOT, "#phone-main")
    page.reload()
    expect(items).to_have_count(31)
    expect(page.get_by_test_id("dots-left")).to_have_text("3 dots left of 6")
    page.wait_for_timeout(300)
    assert page.evaluate(SNAPSHOT, "#phone-main") == before
    context.close()
    for live in others:
        live.close()
