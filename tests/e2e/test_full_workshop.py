"""A whole workshop in a real browser, by clicking the real UI: a facilitator on a laptop runs the
SPP agenda with the board projected and three phones of different sizes (one joins by the code,
one through the URL its QR code encodes, read from the board's QR image); every tool on the
agenda is used; mid-vote a phone reloads, drops offline and comes back as the same person with its
dots, its unconfirmed dot shown as not saved until it is; the facilitator downloads the PDF record
and it holds the agreed actions. Screenshots of every surface at every step go to test-artifacts/."""
from __future__ import annotations

import io
import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from browser_checks import read_qr
from support import E2E_EMAIL as EMAIL, E2E_PASSWORD as PASSWORD

PHONES = [("Jo", {"width": 360, "height": 640}), ("Sam", {"width": 390, "height": 844}),
          ("Aisha", {"width": 320, "height": 568})]
FOCUS = "Pupils with SEND in KS3 make less progress than they could."
CAUSES = [("Adaptations vary from room to room", 0), ("No joint planning time with TAs", 3),
          ("SEND data stops at SLT", 4)]
IDEAS = [["One-page pupil profiles", "TA briefing time in the timetable"],
         ["Department leads get SEND data", "Termly adaptive-teaching coaching"],
         ["Shared bank of adapted resources", "Pupil voice panel on support"]]
PLAN = [("2027-01-08", "Deputy head", 1), ("By February half term", "SENCo", 2), ("Summer term", "Data manager", 3)]


def go_to(ic, title: str, open_input: bool = True) -> None:
    item = ic.get_by_test_id("agenda-item").filter(has_text=title)
    item.locator(".agenda-title").click()
    expect(item).to_have_attribute("aria-current", "step")
    expect(ic.get_by_test_id("activity-title")).to_have_text(title)
    if open_input:
        ic.get_by_test_id("open-input").click()
        expect(ic.get_by_test_id("close-input")).to_be_visible()


def close_and_reveal(ic) -> None:
    ic.get_by_test_id("close-input").click()
    expect(ic.get_by_test_id("open-input")).to_be_visible()
    ic.get_by_test_id("reveal").click()
    expect(ic.get_by_test_id("conceal")).to_be_visible()


def bring(ic, source: str, top: int | None = None) -> None:
    """Console: bring an earlier activity's outcome (its top N) into this one."""
    select = ic.get_by_test_id("import-from")
    select.select_option(select.locator("option", has_text=source).get_attribute("value"))
    if top:
        select.locator("xpath=..").locator("input[type=number]").fill(str(top))  # "top N" beside it
    ic.get_by_test_id("import-submit").click()


@pytest.mark.parametrize("server", ["gevent"], indirect=True)
def test_a_whole_workshop_with_three_phones(server, browser, shot):
    ic = browser.new_page(viewport={"width": 1366, "height": 768}, accept_downloads=True)
    ic.goto(f"{server}/login")
    ic.get_by_test_id("login-email").fill(EMAIL)
    ic.get_by_test_id("login-password").fill(PASSWORD)
    ic.get_by_test_id("login-submit").click()
    ic.get_by_test_id("new-workshop").click()
    ic.get_by_test_id("field-school").fill("Riverside Academy")
    ic.get_by_test_id("field-focus").fill(FOCUS)
    ic.get_by_test_id("save-workshop").click()
    expect(ic.get_by_test_id("agenda-item").first).to_be_visible()
    wid = int(re.search(r"/w/(\d+)", ic.url).group(1))
    ic.get_by_test_id("workshop-open").click()
    expect(ic.get_by_test_id("join-code")).to_have_text(re.compile(r"\w{4,}"))
    code = ic.get_by_test_id("join-code").inner_text().strip()

    board = browser.new_page(viewport={"width": 1920, "height": 1080}, bypass_csp=True)  # jsQR is added as a script
    board.goto(ic.get_by_test_id("open-board").get_attribute("href"))
    expect(board.get_by_test_id("join-code")).to_contain_text(code)
    expect(board.locator("img.join-qr").first).to_be_visible()
    qr_url = read_qr(board, "img.join-qr:not([hidden])")
    assert qr_url and qr_url.startswith(server) and re.search(r"/j/\w+$", qr_url), qr_url
    assert re.sub(r"\W", "", qr_url.rsplit("/j/", 1)[1]).upper() == re.sub(r"\W", "", code).upper()

    def surfaces(step: str) -> None:
        shot(ic, f"full-{step}-console")
        shot(board, f"full-{step}-board")
        for (name, _), phone in zip(PHONES, phones):
            shot(phone, f"full-{step}-phone-{name.lower()}")

    contexts, phones = [], []
    for n, (name, viewport) in enumerate(PHONES):
        context = browser.new_context(viewport=viewport, is_mobile=True, has_touch=True)
        phone = context.new_page()
        if n == 1:  # as if scanned from the board
            phone.goto(qr_url)
        else:
            phone.goto(server)
            phone.get_by_test_id("code-input").fill(code.lower() if n == 0 else f" {code} ")
            phone.get_by_test_id("code-submit").click()
        phone.get_by_test_id("name-input").fill(name)
        phone.get_by_test_id("name-submit").click()
        expect(phone.get_by_test_id("participant-name")).to_contain_text(name)
        contexts.append(context)
        phones.append(phone)
    expect(board.get_by_test_id("participant-count")).to_have_text("3")
    expect(ic.get_by_test_id("participant")).to_have_count(3)
    surfaces("01-joined")

    # Part 1: our response to the key messages.
    go_to(ic, "Our response to the key messages")
    for n, phone in enumerate(phones):
        phone.get_by_test_id("surprise-choice").nth(n + 1).click()
        phone.get_by_test_id("view-input").fill(f"View number {n + 1} on the key messages")
        phone.get_by_test_id("response-submit").click()
        expect(phone.get_by_test_id("my-response")).to_contain_text(f"View number {n + 1}")
    expect(ic.get_by_test_id("response")).to_have_count(3)
    close_and_reveal(ic)
    ic.get_by_test_id("response-next").click()
    expect(board.get_by_test_id("current-response")).to_contain_text("View number")
    surfaces("02-response-round")

    # Part 2: the fishbone, with a "why is that?" sub-cause.
    go_to(ic, "What lies behind it?")
    for phone, (text, bone) in zip(phones, CAUSES):
        phone.get_by_test_id("cause-input").fill(text)
        phone.get_by_test_id("bone-choice").nth(bone).click()
        phone.get_by_test_id("cause-submit").click()
        expect(board.get_by_test_id("fb-cause").filter(has_text=text[:20])).to_have_count(1)
    phones[2].get_by_test_id("add-why").first.click()
    phones[2].get_by_test_id("why-input").fill("Timetable has no shared slot")
    phones[2].get_by_test_id("why-submit").click()
    expect(board.get_by_test_id("fb-cause").filter(has_text="Timetable has no shared").last).to_be_visible()
    close_and_reveal(ic)
    surfaces("03-fishbone")

    # Part 3: ideas, then dots.
    go_to(ic, "Ideas for action")
    for phone, ideas in zip(phones, IDEAS):
        for text in ideas:
            phone.get_by_test_id("idea-input").fill(text)
            phone.get_by_test_id("idea-submit").click()
            expect(board.get_by_test_id("card").filter(has_text=text)).to_have_count(1)
    close_and_reveal(ic)
    surfaces("04-idea-wall")

    go_to(ic, "Prioritise the ideas", open_input=False)
    bring(ic, "Ideas for action")
    expect(ic.get_by_test_id("dots-console-row")).to_have_count(6)
    ic.get_by_test_id("open-input").click()
    for phone, picks in zip(phones, [(0, 0, 1), (0, 2, 3), (1, 0, 4)]):
        for k in picks:
            before = phone.get_by_test_id("dots-left").inner_text()
            phone.get_by_test_id("dot-place").nth(k).click()
            expect(phone.get_by_test_id("dots-left")).not_to_have_text(before)
        expect(phone.get_by_test_id("save-status").filter(has_text=re.compile(r"\S"))).to_have_count(0)

    # Mid-vote: Sam's phone reloads, then drops offline and comes back.
    sam, sam_context = phones[1], contexts[1]
    item = sam.get_by_test_id("dots-item").nth(2)
    expect(item.get_by_test_id("my-dots")).to_have_text("1 dot from you")
    sam.reload()
    expect(sam.get_by_test_id("participant-name")).to_contain_text("Sam")
    expect(item.get_by_test_id("my-dots")).to_have_text("1 dot from you")  # the same person, the same dots
    expect(sam.get_by_test_id("dots-item").locator(".dot-mine")).to_have_count(3)
    sam_context.set_offline(True)
    item.get_by_test_id("dot-place").click()
    expect(item.locator(".dot-coming")).to_have_count(1)  # drawn hollow: not confirmed
    expect(item.get_by_test_id("save-status")).to_have_text(re.compile("not saved yet", re.I), timeout=15_000)
    shot(sam, "full-05-dotocracy-phone-sam-offline")
    sam_context.set_offline(False)
    expect(item.get_by_test_id("save-status")).to_have_text("", timeout=20_000)
    expect(item.locator(".dot-coming")).to_have_count(0)
    expect(item.get_by_test_id("my-dots")).to_have_text("2 dots from you")
    expect(ic.get_by_test_id("participant")).to_have_count(3)  # still three people, not four
    close_and_reveal(ic)
    expect(board.get_by_test_id("dots-result").first).to_be_visible()
    surfaces("05-dotocracy")

    # The action plan: the top three ideas, one proposal from a phone, each agreed in the console.
    go_to(ic, "Agree the actions", open_input=False)
    bring(ic, "Prioritise the ideas", top=3)
    expect(ic.get_by_test_id("action")).to_have_count(3)
    ic.get_by_test_id("open-input").click()
    phones[0].get_by_test_id("action-input").fill("Invite the partnership's SEND lead")
    phones[0].get_by_test_id("action-submit").click()
    expect(ic.get_by_test_id("action")).to_have_count(4)
    texts = []
    for k, (when, who, support) in enumerate(PLAN):
        row = ic.get_by_test_id("action").nth(k)
        texts.append(row.locator(".ap-fac-text").inner_text())
        row.get_by_test_id("action-edit").click()
        form = ic.get_by_test_id("action-edit")
        form.get_by_test_id("edit-when").fill(when)
        form.get_by_test_id("edit-who").fill(who)
        form.get_by_test_id("edit-support").select_option(index=support)
        form.get_by_test_id("edit-save").click()
        row = ic.get_by_test_id("action").filter(has_text=texts[-1])
        expect(row.get_by_test_id("action-status")).to_have_text("Draft — ready")
        row.get_by_test_id("action-confirm").click()
        expect(row.get_by_test_id("action-status")).to_contain_text("Agreed")
    ic.get_by_test_id("close-input").click()
    for text in texts:
        expect(board.get_by_text(text)).to_be_visible()
    surfaces("06-action-plan")

    # Reporting back and review.
    go_to(ic, "Reporting back and review")
    for n, phone in enumerate(phones):
        phone.get_by_test_id("answer-input").fill(f"Staff briefing, point {n + 1}")
        phone.get_by_test_id("answer-submit").click()
        expect(board.get_by_test_id("card").filter(has_text=f"point {n + 1}")).to_have_count(1)
    ic.get_by_test_id("close-input").click()
    surfaces("07-reporting-back")

    # The record, as a PDF with the agreed actions in it.
    ic.get_by_test_id("record-link").click()
    expect(ic.get_by_test_id("record-page")).to_be_visible()
    shot(ic, "full-08-record")
    with ic.expect_download() as download:
        ic.get_by_test_id("downloads").get_by_role("link", name="PDF").click()
    data = open(download.value.path(), "rb").read()
    assert data.startswith(b"%PDF-")
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages)
    for phrase in [*texts, "Deputy head", "Data manager", "Riverside Academy"]:
        assert phrase in text, f"{phrase!r} is not in the PDF"
    assert wid
    for context in contexts:
        context.close()


def add_activity(ic, tool: str, title: str, after: str) -> None:
    """Console: + Add activity, with this tool and title, placed after an agenda item."""
    ic.get_by_test_id("agenda-add").click()
    form = ic.get_by_test_id("agenda-add-form")
    form.get_by_test_id("add-tool").select_option(tool)
    form.get_by_test_id("add-title").fill(title)
    form.locator("#add-after").select_option(label=after)
    form.get_by_test_id("add-submit").click()
    expect(ic.get_by_test_id("agenda-item").filter(has_text=title)).to_have_count(1)


@pytest.mark.parametrize("server", ["gevent"], indirect=True)
def test_the_tools_added_from_the_console(server, browser, shot):
    """RAG rating, five whys, diamond nine and the prioritisation matrix, each added to the agenda
    in the console and run with two phones."""
    ic = browser.new_page(viewport={"width": 1366, "height": 768})
    ic.goto(f"{server}/login")
    ic.get_by_test_id("login-email").fill(EMAIL)
    ic.get_by_test_id("login-password").fill(PASSWORD)
    ic.get_by_test_id("login-submit").click()
    ic.get_by_test_id("new-workshop").click()
    ic.get_by_test_id("field-school").fill("Hillview Primary")
    ic.get_by_test_id("field-focus").fill(FOCUS)
    ic.get_by_test_id("save-workshop").click()
    expect(ic.get_by_test_id("agenda-item").first).to_be_visible()
    add_activity(ic, "rag_rating", "Where are we on each finding?", after="Our response to the key messages")
    add_activity(ic, "five_whys", "Five whys on planning time", after="What lies behind it?")
    add_activity(ic, "diamond_nine", "Diamond nine", after="Prioritise the ideas")
    add_activity(ic, "prioritisation_matrix", "Impact and effort", after="Diamond nine")
    ic.get_by_test_id("workshop-open").click()
    expect(ic.get_by_test_id("join-code")).to_have_text(re.compile(r"\w{4,}"))
    code = ic.get_by_test_id("join-code").inner_text().strip()
    board = browser.new_page(viewport={"width": 1920, "height": 1080})
    board.goto(ic.get_by_test_id("open-board").get_attribute("href"))

    phones = []
    for name, viewport in PHONES[:2]:
        phone = browser.new_context(viewport=viewport, is_mobile=True, has_touch=True).new_page()
        phone.goto(f"{server}/j/{code}")
        phone.get_by_test_id("name-input").fill(name)
        phone.get_by_test_id("name-submit").click()
        expect(phone.get_by_test_id("participant-name")).to_contain_text(name)
        phones.append(phone)

    def surfaces(step: str) -> None:
        shot(ic, f"full-{step}-console")
        shot(board, f"full-{step}-board")
        for (name, _), phone in zip(PHONES, phones):
            shot(phone, f"full-{step}-phone-{name.lower()}")

    # RAG rating: two findings typed in the console, rated on the phones.
    go_to(ic, "Where are we on each finding?", open_input=False)
    for finding in ("Pupil passports are used in planning", "TAs are briefed before lessons"):
        ic.get_by_test_id("item-input").fill(finding)
        ic.get_by_test_id("item-submit").click()
    ic.get_by_test_id("open-input").click()
    for phone, ratings in zip(phones, [("amber", "red"), ("green", "red")]):
        items = phone.get_by_test_id("rag-item")
        expect(items).to_have_count(2)
        for k, rating in enumerate(ratings):
            items.nth(k).get_by_test_id(f"rate-{rating}").click()
            expect(items.nth(k).get_by_test_id(f"rate-{rating}")).to_have_attribute("aria-pressed", "true")
    close_and_reveal(ic)
    expect(board.get_by_text("Pupil passports are used in planning")).to_be_visible()
    surfaces("11-rag-rating")

    # Five whys: the problem set in the console, answers from the phones, one accepted.
    go_to(ic, "Five whys on planning time", open_input=False)
    ic.get_by_test_id("fw-problem-input").fill("Teachers and TAs rarely plan together")
    ic.get_by_test_id("fw-problem-set").click()
    ic.get_by_test_id("open-input").click()
    for phone, answer in zip(phones, ["TA hours match the timetable exactly", "No shared free period"]):
        phone.get_by_test_id("fw-input").fill(answer)
        phone.get_by_test_id("fw-submit").click()
    expect(ic.get_by_test_id("fw-proposal")).to_have_count(2)
    ic.get_by_test_id("fw-proposal").filter(has_text="TA hours").get_by_test_id("fw-accept").click()
    expect(board.get_by_test_id("fw-rung").filter(has_text="TA hours match the timetable exactly")).to_be_visible()
    expect(phones[1].get_by_test_id("fw-question-text")).to_contain_text("TA hours match the timetable exactly")
    ic.get_by_test_id("close-input").click()
    surfaces("12-five-whys")

    # Diamond nine: nine statements typed in the console; each phone builds its own diamond.
    go_to(ic, "Diamond nine", open_input=False)
    statements = [f"Statement {chr(65 + k)}" for k in range(9)]
    for text in statements:
        ic.get_by_test_id("d9-add-input").fill(text)
        ic.get_by_test_id("d9-add-input").press("Enter")
        expect(ic.get_by_text(text).first).to_be_attached()
    ic.get_by_test_id("open-input").click()
    for n, phone in enumerate(phones):
        for k in range(9):
            phone.get_by_test_id("d9-tray-item").first.click()
            slot = phone.locator(f"[data-testid=d9-slot][data-slot='{k if n == 0 else 8 - k}']")
            slot.click()
            expect(slot).not_to_have_attribute("data-item", "")
            expect(phone.get_by_test_id("d9-tray-item")).to_have_count(8 - k)  # placed before the next tap
        expect(phone.get_by_test_id("d9-tray-item")).to_have_count(0)
        expect(phone.locator("[data-testid=d9-slot][data-item='']")).to_have_count(0)
    close_and_reveal(ic)
    expect(board.get_by_test_id("d9-group-diamond")).to_be_visible()
    surfaces("13-diamond-nine")

    # The prioritisation matrix: three items brought from the diamond, rated on both axes.
    go_to(ic, "Impact and effort", open_input=False)
    bring(ic, "Diamond nine", top=3)
    ic.get_by_test_id("open-input").click()
    for n, phone in enumerate(phones):
        for k in range(3):
            scales = phone.get_by_test_id("pm-scale")
            scales.nth(0).locator(f"[data-value='{5 - k}']").click()
            scales.nth(1).locator(f"[data-value='{1 + k + n}']").click()
            expect(phone.get_by_test_id("save-status")).to_have_text(re.compile("saved"))
            phone.get_by_test_id("pm-next").click()
        expect(phone.get_by_test_id("pm-done")).to_contain_text("You rated 3 of 3")
    close_and_reveal(ic)
    expect(board.get_by_test_id("pm-dot")).to_have_count(3)
    surfaces("14-matrix")
    for phone in phones:
        phone.context.close()
