"""The lead reviewer's link (kind "checkin"): made and withdrawn only by the workshop's ICs, it opens
the 90-day check-in page (date, format, who leads it, each action as agreed with its progress) and
records progress with via "lead"; the ICs see those updates on their check-in page and in its
export. The read-only link still can't record; replaced or withdrawn links open nothing; a link
touches only its own workshop; no link is ever in the JSON backup."""
from __future__ import annotations

import html
import json
import re
from urllib.parse import parse_qs, urlsplit

from record_fixtures import seed
from sqlalchemy import select

from support import Facilitator
from workshop.db import db
from workshop.models import ActionUpdate, Workshop
from workshop.record import build
from workshop.record.backup import dumps, export

LEAD = "Dr Ffion Ap Rhys"


def make(ic, wid, kind: str) -> tuple[str, str]:
    """Make a link of this kind on the record page: (its path, the record page just after)."""
    assert ic.http.post(f"/w/{wid}/record/link/{kind}").status_code == 302
    page = ic.http.get(f"/w/{wid}/record").data.decode()
    url = re.search(rf'data-testid="link-url-{kind}">([^<]+)<', page)[1]
    return "/plan/" + url.split("/plan/")[1], page


def text(response) -> str:
    return " ".join(html.unescape(response.data.decode()).split())


def with_review(wid: int, **review) -> None:
    """The review's findings as the details page stores them (its form is another part of the app)."""
    with db.session(write=True) as s:
        s.get(Workshop, wid).review = {"lead_reviewer": LEAD, "start": "2026-11-10", "end": "2026-11-12", **review}


def framed(wid: int) -> None:
    """Give the first action how it will be addressed, a success measure and terms, as stored edits."""
    with db.session(write=True) as s:
        ws = s.get(Workshop, wid)
        actions = [dict(a) for a in ws.record["actions"]]
        actions[0].update(how=["mentoring", "jpd"], how_other="A SEND specialist's visit",
                          success="Every KS3 teacher plans one adapted lesson a fortnight",
                          terms="Fortnightly, after school, Siân and a colleague from Ysgol Eryri")
        ws.record = {**ws.record, "actions": actions}


def updates(wid: int) -> list[tuple]:
    with db.session() as s:
        return [(u.action_key, u.status, u.rag, u.via, u.by, u.note) for u in s.scalars(
            select(ActionUpdate).where(ActionUpdate.workshop_id == wid).order_by(ActionUpdate.id))]


def keys(wid: int) -> list[str]:
    with db.session() as s:
        return [a.id for a in build(s, wid).actions]


def test_only_the_workshops_ics_make_and_withdraw_it(app, ic):
    wid = seed(app, ic)
    other = Facilitator(app, "other@example.org", "Other IC")
    assert other.http.post(f"/w/{wid}/record/link/checkin").status_code == 404
    assert other.http.post(f"/w/{wid}/record/link/checkin/revoke").status_code == 404
    assert app.test_client().post(f"/w/{wid}/record/link/checkin").status_code == 302  # to sign in
    with db.session() as s:
        assert s.get(Workshop, wid).checkin_token_hash is None

    co = Facilitator(app, "co@example.org", "Co IC")
    assert ic.http.post(f"/w/{wid}/facilitators", data={"email": "co@example.org"}).status_code == 302
    lead, _ = make(co, wid, "checkin")  # a co-facilitator is one of the workshop's ICs
    assert app.test_client().get(lead).status_code == 200
    assert other.http.post(f"/w/{wid}/record/link/checkin/revoke").status_code == 404
    assert app.test_client().get(lead).status_code == 200  # the refusal withdrew nothing
    said = text(ic.http.post(f"/w/{wid}/record/link/checkin/revoke", follow_redirects=True))
    assert "The lead reviewer's link was withdrawn: it no longer opens the plan." in said
    assert app.test_client().get(lead).status_code == 404


def test_the_record_page_lists_all_three_links_and_emails_the_lead_reviewers_with_the_check_in(app, ic):
    wid = seed(app, ic)
    with_review(wid)
    assert ic.step(wid, "record.update", {"checkin_format": "visit"})["ok"]
    page = " ".join(ic.http.get(f"/w/{wid}/record").data.decode().split())
    assert re.findall(r'data-testid="link-(view|update|checkin)"', page) == ["view", "update", "checkin"]
    assert f"For the lead reviewer, {LEAD}, who leads the 90-day check-in" in html.unescape(page)
    assert "No lead reviewer's link yet." in html.unescape(page)
    lead, page = make(ic, wid, "checkin")
    mailto = html.unescape(re.search(r'href="(mailto:[^"]+)" data-testid="email-checkin"', page)[1])
    query = parse_qs(urlsplit(mailto).query)
    assert query["subject"] == ["Action plan for Ysgol Gwenllïan: lead reviewer's link"]
    body = query["body"][0]
    assert "The 90-day check-in: 10 February 2027 (a visit)." in body  # 90 days after the review's last day
    assert f"http://localhost{lead}" in body and "you can open the check-in page, record progress on each action and download the plan" in body
    page = html.unescape(" ".join(ic.http.get(f"/w/{wid}/record").data.decode().split()))
    assert re.search(r"A lead reviewer's link is working \(made", page)
    assert "Making a new lead reviewer's link withdraws this one" in page and "The other links are not affected." in page


def test_it_opens_the_check_in_page_and_records_progress_as_the_lead_reviewer(app, ic):
    wid = seed(app, ic)
    with_review(wid)
    framed(wid)
    assert ic.step(wid, "record.update", {"checkin_format": "call",
                                          "staff_meeting": {"date": "2027-03-10", "note": "After school"}})["ok"]
    lead, _ = make(ic, wid, "checkin")
    reviewer = app.test_client()
    response = reviewer.get(lead)
    assert response.status_code == 200 and response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["Cache-Control"] == "no-store"
    page = text(response)
    assert "90-day check-in: Ysgol Gwenllïan" in page and 'data-testid="plan-checkin-page"' in page
    facts = re.search(r'data-testid="checkin-facts">(.*?)</dl>', page)[1]
    words = [w.strip() for w in re.sub(r"<[^>]+>", "|", facts).split("|") if w.strip()]
    assert words == ["Date", "10 February 2027", "Format", "A call", "Led by", f"{LEAD}, the lead reviewer",
                     "Staff meeting on progress", "10 March 2027 · After school"]
    assert "Mentoring and coaching; Joint practice development; A SEND specialist's visit" in page
    assert "Every KS3 teacher plans one adapted lesson a fortnight" in page and "Fortnightly, after school" in page
    assert "b. Within the partnership" in page  # each action's support level
    assert page.count('data-testid="progress-form"') == 3
    assert page.count(f'name="by" maxlength="120" autocomplete="name" value="{LEAD}"') == 3
    first = keys(wid)[0]
    saved = reviewer.post(f"{lead}/progress/{first}", data={"status": "in_progress", "rag": "amber",
                                                           "note": "Coaching started in two departments", "by": LEAD})
    assert saved.status_code == 302 and saved.headers["Location"].endswith(f"{lead}#action-{first}")
    assert updates(wid) == [(first, "in_progress", "amber", "lead", LEAD, "Coaching started in two departments")]
    page = text(reviewer.get(lead))
    assert "Thank you: the progress was saved." in page
    assert f"{LEAD}, via the lead reviewer's link: In progress, amber — Coaching started in two departments" in page
    bad = reviewer.post(f"{lead}/progress/{first}", data={"status": "finished"}, follow_redirects=True)
    assert "Choose a status" in text(bad) and len(updates(wid)) == 1
    assert reviewer.get(f"{lead}/checkin.pdf").data.startswith(b"%PDF")
    assert reviewer.get(f"{lead}/download.docx").status_code == 200


def test_the_ics_see_the_lead_reviewers_updates_on_their_check_in_page_and_its_export(app, ic):
    wid = seed(app, ic)
    with_review(wid)
    lead, _ = make(ic, wid, "checkin")
    first = keys(wid)[0]
    assert app.test_client().post(f"{lead}/progress/{first}", data={
        "status": "done", "rag": "green", "note": "All staff coached", "by": LEAD}).status_code == 302
    page = text(ic.http.get(f"/w/{wid}/checkin"))
    assert f"{LEAD}, via the lead reviewer's link: Done, green — All staff coached" in page
    facts = [w.strip() for w in re.sub(r"<[^>]+>", "|", re.search(r'data-testid="checkin-facts">(.*?)</dl>', page)[1])
             .split("|") if w.strip()]
    assert facts == ["Date", "10 February 2027", "Format", "To be agreed", "Led by", f"{LEAD}, the lead reviewer"]
    csv = ic.http.get(f"/w/{wid}/checkin.csv").data.decode("utf-8-sig")
    assert f"({LEAD}): done, green. All staff coached" in csv


def test_without_a_lead_reviewer_the_check_in_is_led_by_to_be_agreed_and_the_name_starts_empty(app, ic):
    wid = seed(app, ic)
    lead, page = make(ic, wid, "checkin")
    assert "For the lead reviewer, who leads the 90-day check-in" in html.unescape(" ".join(page.split()))
    page = text(app.test_client().get(lead))
    assert "Led by</dt><dd>To be agreed" in page and 'autocomplete="name" value=""' in page
    assert "24 February 2027" in page  # no review dates: 90 days after the workshop


def test_the_read_only_link_still_cannot_record_and_the_update_link_is_unchanged(app, ic):
    wid = seed(app, ic)
    first = keys(wid)[0]
    view, _ = make(ic, wid, "view")
    update, _ = make(ic, wid, "update")
    lead, _ = make(ic, wid, "checkin")
    head = app.test_client()
    assert head.post(f"{view}/progress/{first}", data={"status": "done"}).status_code == 403
    assert 'data-testid="plan-page"' in head.get(view).data.decode()  # not the check-in page
    assert head.post(f"{update}/progress/{first}", data={"status": "done", "by": "Head"}).status_code == 302
    assert head.post(f"{lead}/progress/{first}", data={"status": "done", "by": ""}).status_code == 302
    assert [(u[3], u[4]) for u in updates(wid)] == [("link", "Head"), ("lead", "")]


def test_a_replaced_or_withdrawn_lead_reviewers_link_opens_nothing_and_leaves_the_others(app, ic):
    wid = seed(app, ic)
    first = keys(wid)[0]
    view, _ = make(ic, wid, "view")
    lead, _ = make(ic, wid, "checkin")
    newer, page = make(ic, wid, "checkin")
    assert "This new link replaces the earlier lead reviewer's link: that one no longer works." in " ".join(page.split()).replace("&#39;", "'")
    reviewer = app.test_client()
    assert reviewer.get(lead).status_code == 404
    assert "This plan link does not work" in text(reviewer.get(lead))
    assert reviewer.post(f"{lead}/progress/{first}", data={"status": "done"}).status_code == 404
    assert reviewer.get(f"{lead}/checkin.pdf").status_code == 404
    assert reviewer.get(newer).status_code == 200 and reviewer.get(view).status_code == 200
    assert ic.http.post(f"/w/{wid}/record/link/checkin/revoke").status_code == 302
    assert reviewer.get(newer).status_code == 404 and reviewer.get(view).status_code == 200
    assert reviewer.post(f"{newer}/progress/{first}", data={"status": "done"}).status_code == 404
    assert updates(wid) == []
    with db.session() as s:
        ws = s.get(Workshop, wid)
        assert (ws.checkin_token_hash, ws.checkin_link_created_at) == (None, None)
        assert ws.plan_token_hash is not None


def test_a_link_of_one_workshop_cannot_touch_anothers_actions(app, ic):
    a = seed(app, ic)
    b = ic.create_workshop(school="Ysgol Eryri")
    assert ic.step(b, "record.update", {"actions": [
        {"id": "only-in-b", "text": "Only in B", "when": "by Easter", "support": "a"}]})["ok"]
    lead_a, _ = make(ic, a, "checkin")
    reviewer = app.test_client()
    refused = reviewer.post(f"{lead_a}/progress/only-in-b", data={"status": "done"}, follow_redirects=True)
    assert "That action is not in the plan" in text(refused)
    assert updates(b) == [] and updates(a) == []
    assert "Only in B" not in text(reviewer.get(lead_a))
    # an action id both plans share is the link's own workshop's action, never the other's
    assert ic.step(b, "record.update", {"actions": [
        {"id": keys(a)[0], "text": "Same id in B", "when": "by Easter", "support": "a"}]})["ok"]
    assert reviewer.post(f"{lead_a}/progress/{keys(a)[0]}", data={"status": "done"}).status_code == 302
    assert updates(b) == [] and [u[0] for u in updates(a)] == [keys(a)[0]]


def test_the_lead_reviewers_link_is_never_in_the_backup(app, ic):
    wid = seed(app, ic)
    lead, _ = make(ic, wid, "checkin")
    token = lead.rsplit("/", 1)[1]
    with db.session() as s:
        ws = s.get(Workshop, wid)
        digest = ws.checkin_token_hash
        assert digest and token not in digest  # only the hash is stored
        doc = dumps(export(s, wid)).decode()
    assert token not in doc and digest not in doc
    assert not any("token" in key or "link" in key for key in json.loads(doc)["workshop"])
    backup = ic.http.get(f"/w/{wid}/record.json").data.decode()
    assert token not in backup and digest not in backup
