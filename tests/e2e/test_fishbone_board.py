"""The fishbone board in a real browser at 1280x720: every visible cause is drawn, in full, at 18 px
or more, and no hidden one is; with 36 causes over 8 bones nothing overlaps, nothing is cut short,
the board does not scroll, a bone that truly overflows says "+N more", and focusing it (from the
console) shows all its causes. Seeded over HTTP and Socket.IO like a real console."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect
from seed import Live, add_activity, browser_signed_in, facilitator, join_code, new_workshop, phones, signed_in, start

PROBLEM = "Pupils with SEND in KS3 make less progress than their peers"
FIRST = [  # (bone, text, sub-causes)
    ("b1", "Adaptations vary from room to room", ["No shared picture of adaptive teaching"]),
    ("b2", "Schemes of work assume one route", []),
    ("b3", "Some pupils avoid support in front of friends", []),
    ("b4", "CPD on adaptive teaching was a one-off", ["Nobody followed the INSET up"]),
    ("b4", "No joint planning time for teachers and TAs", []),
    ("b5", "SEND data goes to SLT only", ["Tracking exports whole-school reports"]),
    ("b6", "Too few small rooms for interventions", ["The library doubles as an exam room"]),
    ("b7", "Parents rarely come to parents' evening", []),
]
HIDDEN = ["Something unkind about a colleague", "A sub-cause nobody should see"]


@pytest.fixture
def seeded(server, request):
    """A workshop on its fishbone, input open, two phones connected; yields what the test needs."""
    http = signed_in(server)
    workshop = new_workshop(server, http, focus=PROBLEM)
    console = facilitator(server, workshop.id, http)
    console.send("workshop.open")
    fb = add_activity(console, "fishbone", "What lies behind it?", "Add the causes.", "Part 2 – Exploring the findings",
                      {"problem": PROBLEM, "anonymous": False, **getattr(request, "param", {})}, "the new activity")
    start(console, fb)
    lives = list(phones(server, workshop.id, join_code(console), ("Jo", "Sam")).values())
    yield {"console": console, "phones": lives, "fb": fb, "board_url": workshop.board_url, "http": http,
           "wid": workshop.id}
    for live in (console, *lives):
        live.close()


EIGHT_BONES = ["Teaching and learning", "Curriculum", "Pupils", "Staff and CPD", "Leadership and systems",
               "Resources and environment", "Parents and community", "Data and assessment"]
# 36 causes over 8 bones, as a real staff room writes them: (bone, text, sub-causes); 28 causes + 8 subs.
CROWD = [
    ("b1", "Adaptive teaching looks different in every department", ["Few shared examples of what good adaptation looks like"]),
    ("b1", "Pupils with SEND sit at the back of some rooms", []),
    ("b1", "Questioning rarely checks what SEND pupils have understood", []),
    ("b1", "Worksheets are too dense for weaker readers", []),
    ("b2", "Schemes of work assume one route through each unit", ["Units were written before the new intake"]),
    ("b2", "Reading demands in science and history are high", []),
    ("b2", "Homework is set online and not everyone can get to it", []),
    ("b3", "Some pupils won't use their support in front of friends", []),
    ("b3", "Attendance of SEND pupils dips in Year 8", ["Friendship issues after the Year 7 transition"]),
    ("b3", "Pupils don't know their own targets", []),
    ("b4", "CPD on adaptive teaching was a one-off INSET two years ago", ["Nobody followed the INSET up"]),
    ("b4", "No shared time for teachers and TAs to plan together", []),
    ("b4", "New staff don't get a SEND induction", []),
    ("b4", "TAs are deployed to cover absence", []),
    ("b4", "Teachers don't see the SENCo's advice until too late", []),
    ("b5", "SEND data goes to SLT, not to heads of department", ["Tracking exports whole-school reports only"]),
    ("b5", "No one owns SEND outcomes in each department", []),
    ("b5", "Learning walks don't look at SEND pupils", []),
    ("b6", "Too few small rooms for interventions", ["The library doubles as an exam room"]),
    ("b6", "Laptops for assistive tech are booked out", []),
    ("b6", "Pupil passports are long and hard to use in a busy lesson", []),
    ("b7", "Parents hear about support plans once a year", ["Reviews clash with the working day"]),
    ("b7", "Reports use jargon parents don't recognise", []),
    ("b7", "Some parents don't know who to contact", []),
    ("b8", "Assessment points don't show small steps of progress", ["Grades only move once a term"]),
    ("b8", "Baseline reading ages are out of date", []),
    ("b8", "Data drops ignore access arrangements", []),
    ("b8", "Targets are set from KS2 results alone", []),
]
assert sum(1 + len(subs) for _, _, subs in CROWD) == 36

# Everything the board measures, in one pass: what is drawn for each cause, and every problem found.
MEASURE = """() => {
  const board = document.querySelector('[data-testid=fishbone]');
  const br = board.getBoundingClientRect();
  const scaleOf = (el) => { const m = el.closest('svg')?.getScreenCTM?.(); return m ? Math.hypot(m.a, m.b) : 1; };
  const problems = [];
  const texts = [...board.querySelectorAll('.fb-text, .fb-card-title, .fb-chip, .fb-head-text, .fb-head-kicker, .fb-notes p, .fb-more, .fb-pill')];
  let smallest = Infinity;
  for (const t of texts) {
    const px = parseFloat(getComputedStyle(t).fontSize) * scaleOf(t);
    smallest = Math.min(smallest, px);
    if (px < 18) problems.push(`${px.toFixed(1)}px: ${t.textContent}`);
    if (t.textContent.includes('…')) problems.push(`cut with …: ${t.textContent}`);
    const r = t.getBoundingClientRect();
    if (r.left < br.left - 1 || r.right > br.right + 1 || r.top < br.top - 1 || r.bottom > br.bottom + 1)
      problems.push(`outside the board: ${t.textContent}`);
  }
  // A cause is drawn only if all of it is inside its card's list (nothing clipped by the card).
  const lines = [...board.querySelectorAll('.fb-line')];
  for (const l of lines) {
    const list = l.closest('.fb-blist').getBoundingClientRect();
    const r = l.getBoundingClientRect();
    if (r.bottom > list.bottom + 1 || r.right > list.right + 1 || r.top < list.top - 1) problems.push(`clipped: ${l.textContent}`);
  }
  const boxes = [...lines, ...board.querySelectorAll('.fb-title-text, .fb-head, .fb-notes p, .fb-more, .fb-chip')]
    .map((el) => [el.textContent, el.getBoundingClientRect()]);
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
    const [ta, a] = boxes[i], [tb, b] = boxes[j];
    if (Math.min(a.right, b.right) - Math.max(a.left, b.left) > 1 && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 1)
      problems.push(`overlap: ${ta} / ${tb}`);
  }
  if (document.documentElement.scrollHeight > innerHeight + 1 || document.documentElement.scrollWidth > innerWidth + 1)
    problems.push('the page scrolls');
  const drawn = Object.fromEntries([...board.querySelectorAll('[data-cause]')].map((c) =>
    [c.dataset.cause, c.querySelector(':scope > .fb-line > .fb-text').textContent]));
  const more = Object.fromEntries([...board.querySelectorAll('[data-testid=fb-more]')].map((m) => {
    const list = m.closest('.fb-card').querySelector('.fb-blist'), last = [...list.querySelectorAll(':scope > .fb-cause')].pop();
    // The room left under the last cause, in lines: a "+N more" is honest only when that is too
    // little for another cause (columns in focus: the last column's foot).
    const line = parseFloat(getComputedStyle(list).fontSize) * 1.14;
    const free = list.getBoundingClientRect().bottom - (last ? last.getBoundingClientRect().bottom : list.getBoundingClientRect().top);
    return [m.dataset.bone, {count: Number(m.dataset.count), free: free / line}];
  }));
  return {problems, smallest, drawn, more, bones: [...board.querySelectorAll('[data-testid=fb-bone]')].map((b) => b.dataset.bone)};
}"""


def measure(page) -> dict:
    page.wait_for_timeout(100)
    got = page.evaluate(MEASURE)
    assert not got["problems"], got["problems"]
    assert got["smallest"] >= 18
    return got


def add(phone: Live, fb: int, bone: str, text: str, parent: str | None = None) -> str:
    return phone.send("fishbone.add", {"bone": bone, "text": text, "parent": parent}, fb)["private"]["mine"][-1]


def seed(seeded: dict, causes: list) -> dict[str, tuple[str, str]]:
    """Adds the causes from the two phones; returns cause id -> (bone, text)."""
    (jo, sam), fb = seeded["phones"], seeded["fb"]
    added = {}
    for n, (bone, text, subs) in enumerate(causes):
        cid = add(jo if n % 2 else sam, fb, bone, text)
        added[cid] = (bone, text)
        for sub in subs:
            added[add(sam if n % 2 else jo, fb, bone, sub, parent=cid)] = (bone, sub)
    return added


def board_page(browser, seeded):
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    page.goto(seeded["board_url"])
    expect(page.get_by_test_id("fishbone")).to_be_visible()
    return page


@pytest.mark.parametrize("server", ["gevent"], indirect=True)
def test_eight_causes_all_drawn_in_full_at_18px_and_no_hidden_one(seeded, browser, shot):
    console, (jo, sam), fb = seeded["console"], seeded["phones"], seeded["fb"]
    visible = {cid: text for cid, (_, text) in seed(seeded, FIRST).items()}
    rude = add(jo, fb, "b3", HIDDEN[0])
    secret_sub = add(sam, fb, "b1", HIDDEN[1], parent=next(iter(visible)))
    console.send("fishbone.hide", {"cause": rude}, fb)
    console.send("fishbone.hide", {"cause": secret_sub}, fb)

    page = board_page(browser, seeded)
    expect(page.locator("[data-testid=fishbone] [data-cause]")).to_have_count(len(visible))
    got = measure(page)
    assert got["drawn"] == visible
    assert got["more"] == {}
    assert len(got["bones"]) == 7
    assert page.locator(".fb-head-text").text_content() == PROBLEM
    assert got["smallest"] >= 18
    # With room to spare the causes are larger than the minimum.
    assert page.evaluate("parseFloat(getComputedStyle(document.querySelector('.fb-text')).fontSize)") > 20
    board_text = page.get_by_test_id("fishbone").text_content()
    assert all(h not in board_text for h in HIDDEN)
    assert rude not in page.content() and secret_sub not in page.content()
    shot(page, "fishbone-board-8-causes-1280")

    # Live: a new cause appears, a hidden one comes back, a shown one goes (its sub-cause with it).
    new = add(jo, fb, "b6", "Laptops for assistive tech are booked out")
    visible[new] = "Laptops for assistive tech are booked out"
    console.send("fishbone.unhide", {"cause": rude}, fb)
    visible[rude] = HIDDEN[0]
    gone = next(iter(visible))
    console.send("fishbone.hide", {"cause": gone}, fb)
    visible.pop(gone)
    visible.pop(next(k for k, v in visible.items() if v == "No shared picture of adaptive teaching"))
    expect(page.locator(f"[data-cause='{new}']")).to_have_count(1)
    expect(page.locator(f"[data-cause='{gone}']")).to_have_count(0)
    assert measure(page)["drawn"] == visible


@pytest.mark.parametrize("seeded", [{"categories": EIGHT_BONES}], indirect=True)
@pytest.mark.parametrize("server", ["gevent"], indirect=True)
def test_36_causes_on_8_bones_stay_readable_and_focus_shows_a_whole_bone(seeded, browser, shot):
    console, fb = seeded["console"], seeded["fb"]
    added = seed(seeded, CROWD)
    by_id = {c["id"]: c for c in console.wait(lambda s: len(s["activity"]["view"]["causes"]) == 36, "36 causes")
             ["activity"]["view"]["causes"]}
    roots = [cid for cid, (_, text) in added.items() if text.startswith(("No shared time", "SEND data goes"))]
    console.send("fishbone.roots", {"causes": roots}, fb)
    hidden = add(seeded["phones"][0], fb, "b2", HIDDEN[0])
    console.send("fishbone.hide", {"cause": hidden}, fb)
    # The room marked likely root causes and the counts are revealed: vote pills join the text.
    console.send("fishbone.settings", {"marking": True}, fb)
    for phone, marks in zip(seeded["phones"], (roots + [next(iter(added))], roots)):
        for cid in marks:
            phone.send("fishbone.mark", {"cause": cid}, fb)
    console.send("activity.reveal", {}, fb)

    page = board_page(browser, seeded)
    expect(page.locator("[data-testid=fishbone] [data-cause]").first).to_be_visible()
    got = measure(page)
    shot(page, "fishbone-board-36-causes-1280")
    assert len(got["bones"]) == 8
    assert HIDDEN[0] not in page.get_by_test_id("fishbone").text_content()
    assert set(got["drawn"]) <= set(added)
    for cid, text in got["drawn"].items():
        assert text == added[cid][1], "a cause is drawn in full"
    for cid in got["drawn"]:  # a sub-cause is drawn inside its own cause, never apart from it
        parent = by_id[cid]["parent"]
        if parent:
            assert page.locator(f"[data-cause='{parent}'] [data-cause='{cid}']").count() == 1
    for bone in {b for b, _ in added.values()}:
        on_bone = {cid for cid, (b, _) in added.items() if b == bone}
        shown = on_bone & set(got["drawn"])
        assert shown, f"{bone} shows none of its causes"
        more = got["more"].get(bone)
        assert len(shown) + (more["count"] if more else 0) == len(on_bone), bone
        if more:
            assert more["free"] < 4, f"{bone} says +{more['count']} more with room to spare"
    for cid in roots:  # root causes are the last to be held back, and stand out, with their votes
        assert page.locator(f"[data-cause='{cid}'].is-root").count() == 1
        assert page.locator(f"[data-cause='{cid}'] > .fb-line [data-testid=fb-votes]").text_content() == "2"
    # At 18 px about two dozen causes of this length fit at once; the rest wait behind "+N more".
    assert len(got["drawn"]) >= 20, "most of the 36 causes fit on the board at once"

    # Focus, from the console: the fullest bone fills the board with every one of its causes.
    fullest = max(got["more"], key=lambda b: got["more"][b]["count"]) if got["more"] else "b4"
    console_page = browser_signed_in(browser, seeded["http"], seeded["board_url"],
                                     viewport={"width": 1366, "height": 768})
    con = console_page.new_page()
    con.goto(seeded["board_url"].split("/w/")[0] + f"/w/{seeded['wid']}/run")
    con.get_by_test_id("board-focus").select_option(fullest)
    on_fullest = {cid: text for cid, (b, text) in added.items() if b == fullest}
    expect(page.locator(f"[data-testid=fb-bone-card][data-bone='{fullest}'].is-focused")).to_be_visible()
    expect(page.locator("[data-testid=fishbone] [data-cause]")).to_have_count(len(on_fullest))
    focused = measure(page)
    assert focused["drawn"] == on_fullest and focused["more"] == {}
    assert sorted(focused["bones"]) == sorted(f"b{n}" for n in range(1, 9)), "the other bones stay as titles"
    chips = page.locator(".fb-chip")
    expect(chips).to_have_count(7)
    focus_size = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.fb-text')).fontSize)")
    assert focus_size > 22, "a focused bone's causes are larger than on the whole diagram"
    shot(page, "fishbone-board-focus-1280")
    shot(con, "fishbone-console-focus-1366")

    con.get_by_test_id("board-focus").select_option("")
    expect(page.locator(".fb-card.is-focused")).to_have_count(0)
    assert measure(page)["drawn"] == got["drawn"]
    console_page.close()
