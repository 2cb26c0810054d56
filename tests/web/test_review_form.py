"""The peer review's findings on the new-workshop and details forms: saved with the workshop,
filled from a pasted template (nothing saved), timing advice shown, bad input refused with the
message and nothing saved, copied with the workshop and kept by the JSON backup."""
from __future__ import annotations

import html
import json
import re

import pytest
from markupsafe import escape
from support import protocol_checked

from workshop import review
from workshop.db import db
from workshop.models import User, Workshop
from workshop.record import backup

FORM = {"school": "Brookfield Primary School", "date": "2027-03-15", "template": "small_group",
        "ics": "Dev Patel and Jo Marsh", "review_start": "2027-03-03", "review_end": "2027-03-05",
        "dimensions": ["inward", "impact"], "team": "Ana Costa, Ben Okafor", "lead_reviewer": "Ana Costa",
        "ics_school": "Hillside Academy", "themes": "Reading for pleasure",
        "questions": "How far do pupils read beyond lessons?", "evidence": "Pupil conversations",
        "found": "- Pupils love the class novels.\n- Few read at home in Year 5.",
        "celebrate": "The Year 6 class novel programme.",
        "recommend": "- Protect daily independent reading time. Then widen it.\n- Involve families.",
        "focus": "", "key_messages": ""}

PASTE = "\r\n".join([
    "From Ana: here are the findings.",
    "Host school: Brookfield Primary School",
    "Review date: 3-5 March 2027", "Review team: Ana Costa, Ben Okafor", "Lead reviewer: Ana Costa",
    "ICs: Dev Patel and Jo Marsh", "Our Impact √", "Looking Inward √", "Looking Outward",
    "What we found…", "• Pupils love the class novels.", "• Few read at home in Year 5.",
    "What we recommend for further development and a possible enquiry focus for the improvement workshop…",
    "o Protect daily independent reading time. Then widen it.",
])


def _wid(response) -> int:
    assert response.status_code == 302, response.data[:800]
    return int(response.headers["Location"].split("/w/")[1].split("/")[0])


def _workshop(wid: int) -> Workshop:
    with db.session() as s:
        workshop = s.get(Workshop, wid)
        workshop.activities
        return workshop


def _count() -> int:
    with db.session() as s:
        return s.query(Workshop).count()


def _field(page: str, name: str) -> str:
    """A text input's value or a textarea's text, as the browser would show it."""
    m = re.search(rf'<textarea id="{name}"[^>]*>(.*?)</textarea>', page, re.S) \
        or re.search(rf'<input id="{name}"[^>]*value="([^"]*)"', page)
    assert m, name
    return html.unescape(m.group(1))


def test_a_workshop_is_created_with_the_review_and_prepared_from_it(ic):
    response = ic.http.post("/workshops/new", data=FORM)
    workshop = _workshop(_wid(response))
    assert workshop.review == {**review.empty(), "start": "2027-03-03", "end": "2027-03-05",
                               "dimensions": ["impact", "inward"], "team": "Ana Costa, Ben Okafor",
                               "lead_reviewer": "Ana Costa", "ics_school": "Hillside Academy",
                               "themes": "Reading for pleasure", "questions": FORM["questions"],
                               "evidence": "Pupil conversations", "found": FORM["found"],
                               "celebrate": FORM["celebrate"], "recommend": FORM["recommend"]}
    assert workshop.key_messages == "Pupils love the class novels.\nFew read at home in Year 5."
    assert workshop.focus == "Protect daily independent reading time."
    rated = next(a for a in workshop.activities if a.tool == "rag_rating")
    assert rated.config["items"] == ["Pupils love the class novels.", "Few read at home in Year 5."]
    page = ic.http.get(f"/w/{workshop.id}/edit").data.decode()  # the details page shows what was saved
    assert _field(page, "key_messages") == workshop.key_messages and _field(page, "lead_reviewer") == "Ana Costa"
    assert 'value="inward" checked' in page and 'value="outward">' in page
    assert 'data-testid="review-warning"' not in page  # ten days after the review, ICs from elsewhere


def test_a_workshop_needs_nothing_of_the_review(ic):
    wid = _wid(ic.http.post("/workshops/new", data={"school": "Brookfield"}))
    assert _workshop(wid).review == review.empty()
    page = ic.http.get("/workshops/new").data.decode()
    for key in review.FIELDS:  # the template's own words label its boxes
        assert f'<label for="{key}">{escape(review.FIELDS[key][0])}</label>' in page


def test_fill_from_the_paste_fills_the_form_and_saves_nothing(ic):
    count = _count()
    response = ic.http.post("/workshops/new", data={"school": "", "focus": "", "key_messages": "",
                                                    "template": "small_group", "paste": PASTE, "fill": "1"})
    assert response.status_code == 200 and _count() == count
    page = response.data.decode()
    assert _field(page, "school") == "Brookfield Primary School"
    assert _field(page, "review_start") == "2027-03-03" and _field(page, "review_end") == "2027-03-05"
    assert _field(page, "team") == "Ana Costa, Ben Okafor" and _field(page, "ics") == "Dev Patel and Jo Marsh"
    assert 'value="impact" checked' in page and 'value="inward" checked' in page and 'value="outward">' in page
    assert _field(page, "found") == "- Pupils love the class novels.\n- Few read at home in Year 5."
    assert _field(page, "key_messages") == "Pupils love the class novels.\nFew read at home in Year 5."
    assert _field(page, "focus") == "Protect daily independent reading time."
    assert _field(page, "paste") == "From Ana: here are the findings."  # matched no heading: left to place
    assert "left in the paste box" in page
    assert '<option value="small_group" selected>' in page
    # what was filled in is what "Create workshop" then saves
    data = {k: v for k, v in FORM.items() if k != "dimensions"}
    data.update({"school": _field(page, "school"), "focus": _field(page, "focus"), "found": _field(page, "found")})
    assert _workshop(_wid(ic.http.post("/workshops/new", data=data))).focus == "Protect daily independent reading time."


def test_saving_with_an_unused_paste_fills_the_form_first_then_saves(ic):
    count = _count()
    page = ic.http.post("/workshops/new", data={"school": "Brookfield", "paste": PASTE}).data.decode()
    assert _count() == count and "filled in from the pasted Review Findings first" in page
    assert _field(page, "lead_reviewer") == "Ana Costa" and _field(page, "paste") == "From Ana: here are the findings."
    wid = _wid(ic.http.post("/workshops/new", data={"school": "Brookfield", "paste": _field(page, "paste")}))
    assert _workshop(wid).review == review.empty()  # the leftover matched no heading: not in the way


def test_a_paste_with_no_heading_says_so_and_keeps_the_typed_values(ic):
    page = ic.http.post("/workshops/new", data={"school": "Brookfield", "paste": "just some notes",
                                                "fill": "1"}).data.decode()
    assert "Nothing in the paste matched" in page and _field(page, "school") == "Brookfield"
    assert _field(page, "paste") == "just some notes"


def test_timing_and_the_ics_school_are_warned_after_creating_and_on_the_details_page(ic):
    data = {**FORM, "date": "2027-03-04", "ics_school": "brookfield primary"}
    response = ic.http.post("/workshops/new", data=data)
    wid = _wid(response)
    console = ic.http.get(response.headers["Location"]).data.decode()
    assert console.count("flash-warning") == 2 and "before the review has finished" in console
    assert _workshop(wid).review["ics_school"] == "brookfield primary"  # advice, never a refusal
    page = ic.http.get(f"/w/{wid}/edit").data.decode()
    assert page.count('data-testid="review-warning"') == 2 and "The ICs&#39; school is the host school" in page


@pytest.mark.parametrize("change, message", [
    ({"review_end": "2027-03-01"}, "The review&#39;s last day is before its first day."),
    ({"review_start": "", "review_end": "2027-03-05"}, "Give the review&#39;s first day too"),
    ({"review_start": "2027-02-30"}, "first day must be a real date"),
    ({"dimensions": ["upward"]}, "Unknown dimension(s): upward"),
    ({"lead_reviewer": "x" * 121}, "Lead reviewer can be at most 120 characters"),
])
def test_bad_review_input_is_refused_with_the_message_and_nothing_saved(ic, change, message):
    count = _count()
    response = ic.http.post("/workshops/new", data={**FORM, **change})
    assert response.status_code == 400 and message in response.data.decode() and _count() == count
    assert _field(response.data.decode(), "team") == FORM["team"]  # what was typed stays
    wid = _wid(ic.http.post("/workshops/new", data=FORM))
    before = _workshop(wid).review
    response = ic.http.post(f"/w/{wid}/edit", data={**FORM, **change})
    assert response.status_code == 400 and message in response.data.decode()
    assert _workshop(wid).review == before


def test_editing_replaces_the_review_through_the_engine(ic):
    wid = _wid(ic.http.post("/workshops/new", data=FORM))
    changed = {**FORM, "review_end": "", "dimensions": ["outward"], "found": "- Only one finding.",
               "focus": "Kept as typed", "key_messages": "Kept too"}
    response = ic.http.post(f"/w/{wid}/edit", data=changed)
    assert response.status_code == 302
    workshop = _workshop(wid)
    assert (workshop.review["start"], workshop.review["end"], workshop.review["dimensions"]) == ("2027-03-03", "", ["outward"])
    assert (workshop.focus, workshop.key_messages) == ("Kept as typed", "Kept too")
    assert ic.step(wid, "workshop.update", {"review": {"colour": "red"}})["message"] == "Unknown review field(s): colour."
    with protocol_checked():  # what is sent and answered matches docs/protocol.schema.json
        ack = ic.step(wid, "workshop.update", {"review": {"team": "  New team ", "start": "2027-03-03",
                                                          "dimensions": ["outward"]}})
    assert ack["ok"] and _workshop(wid).review == {**review.empty(), "team": "New team", "start": "2027-03-03",
                                                   "dimensions": ["outward"]}
    # "Fill the form from it" on the details page fills over the saved values, saving nothing
    page = ic.http.post(f"/w/{wid}/edit", data={**changed, "paste": "Lead reviewer: Sam Reid", "fill": "1"}).data.decode()
    assert _field(page, "lead_reviewer") == "Sam Reid" and _field(page, "found") == "- Only one finding."
    assert _workshop(wid).review["lead_reviewer"] == ""


def test_a_copy_keeps_the_review(ic):
    wid = _wid(ic.http.post("/workshops/new", data=FORM))
    copy = ic.http.post(f"/w/{wid}/duplicate")
    copy_id = int(copy.headers["Location"].split("/w/")[1].split("/")[0])
    assert copy_id != wid and _workshop(copy_id).review == _workshop(wid).review


def test_the_backup_keeps_the_review_and_refuses_a_bad_one(ic):
    wid = _wid(ic.http.post("/workshops/new", data=FORM))
    original = json.loads(ic.http.get(f"/w/{wid}/record.json").data)
    assert original["workshop"]["review"] == _workshop(wid).review
    with db.session(write=True) as s:
        restored = backup.import_workshop(s, backup.loads(json.dumps(original)), s.get(User, ic.user.id))
    assert json.loads(ic.http.get(f"/w/{restored.id}/record.json").data)["workshop"]["review"] == original["workshop"]["review"]
    count = _count()
    bad = {**original, "workshop": {**original["workshop"], "review": {**original["workshop"]["review"], "end": "2027-02-01"}}}
    with pytest.raises(backup.BackupError, match="the review's findings: The review's last day is before its first day"):
        with db.session(write=True) as s:
            backup.import_workshop(s, backup.loads(json.dumps(bad)), s.get(User, ic.user.id))
    assert _count() == count
    older = {**original, "workshop": {k: v for k, v in original["workshop"].items() if k != "review"}}
    with db.session(write=True) as s:
        assert backup.import_workshop(s, backup.loads(json.dumps(older)), s.get(User, ic.user.id)).review is None
