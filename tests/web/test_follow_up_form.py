"""The record page's "Reporting back and follow-up": the check-in's date (and where its default
comes from), its format, who leads it, and the ICs' invitation to the staff meeting on progress,
saved through `record.update` and cleared again; a bad value is refused with the form kept."""
from __future__ import annotations

import html
import re

from record_fixtures import seed

from workshop.db import db
from workshop.models import Workshop
from workshop.record import build


def page_of(ic, wid: int) -> str:
    return html.unescape(" ".join(ic.http.get(f"/w/{wid}/record").data.decode().split()))


def fieldset(page: str) -> str:
    return re.search(r'<fieldset id="follow-up">(.*?)</fieldset>', page)[1]


def form(page: str) -> dict:
    """The record form as the browser would post it (inputs, textareas and selected options)."""
    body = re.search(r'data-testid="record-form"(.*?)</form>', page)[1]
    data = dict(re.findall(r'<input type="(?:text|hidden|number|date)" id="[^"]*" name="([^"]+)"[^>]*?value="([^"]*)"', body))
    data.update(re.findall(r'<textarea id="[^"]+" name="([^"]+)"[^>]*>([^<]*)</textarea>', body))
    for name, options in re.findall(r'<select id="[^"]+" name="([^"]+)">(.*?)</select>', body):
        chosen = re.search(r'value="([^"]*)" selected', options)
        data[name] = chosen[1] if chosen else ""
    return data


def test_the_fieldset_says_when_the_check_in_falls_and_who_leads_it(app, ic):
    wid = seed(app, ic)
    part = fieldset(page_of(ic, wid))
    assert 'name="checkin" value="2027-02-24"' in part
    assert "90 days after the workshop: 24 February 2027." in part
    assert "No lead reviewer named yet" in part and f'href="/w/{wid}/edit">Name the lead reviewer on the details page' in part
    assert re.findall(r'<option value="([^"]*)"', part) == ["", "visit", "call", "meeting"]
    assert "To be agreed</option>" in part

    with db.session(write=True) as s:
        s.get(Workshop, wid).review = {"lead_reviewer": "Gareth Ifans", "end": "2026-11-12"}
    part = fieldset(page_of(ic, wid))
    assert "About 90 days after the review's last day (12 November 2026): 10 February 2027." in part
    assert 'name="checkin" value="2027-02-10"' in part
    assert "Gareth Ifans, the lead reviewer" in part and ">Change on the details page<" in part


def test_the_format_and_the_staff_meeting_are_saved_and_cleared_from_the_form(app, ic):
    wid = seed(app, ic)
    data = form(page_of(ic, wid))
    assert (data["checkin_format"], data["staff_meeting_date"], data["staff_meeting_note"]) == ("", "", "")
    saved = ic.http.post(f"/w/{wid}/record", data={**data, "checkin_format": "meeting", "checkin": "2027-03-03",
                                                   "staff_meeting_date": "2027-03-17",
                                                   "staff_meeting_note": "4pm, the library; both ICs"})
    assert saved.status_code == 302
    with db.session() as s:
        record = build(s, wid)
    assert (record.checkin_format, record.checkin_format_label) == ("meeting", "A meeting")
    assert record.staff_meeting == {"date": "2027-03-17", "note": "4pm, the library; both ICs"}
    assert record.checkin.isoformat() == "2027-03-03"
    data = form(page_of(ic, wid))
    assert (data["checkin_format"], data["staff_meeting_date"], data["staff_meeting_note"]) == (
        "meeting", "2027-03-17", "4pm, the library; both ICs")
    checkin = html.unescape(" ".join(ic.http.get(f"/w/{wid}/checkin").data.decode().split()))
    assert "A meeting" in checkin and "17 March 2027 · 4pm, the library; both ICs" in checkin

    cleared = ic.http.post(f"/w/{wid}/record", data={**data, "checkin_format": "", "staff_meeting_date": "",
                                                     "staff_meeting_note": ""})
    assert cleared.status_code == 302
    with db.session() as s:
        record = build(s, wid)
        edits = s.get(Workshop, wid).record
    assert record.checkin_format == "" and record.staff_meeting == {}
    assert "checkin_format" not in edits and "staff_meeting" not in edits


def test_a_bad_follow_up_value_is_refused_and_the_form_keeps_what_was_typed(app, ic):
    wid = seed(app, ic)
    data = form(page_of(ic, wid))
    bad = ic.http.post(f"/w/{wid}/record", data={**data, "checkin_format": "call", "staff_meeting_date": "2026-11-01",
                                                 "staff_meeting_note": "Too early"})
    assert bad.status_code == 400
    said = html.unescape(" ".join(bad.data.decode().split()))
    assert "Not saved." in said and "The staff meeting can't be before the workshop." in said
    kept = form(said)
    assert (kept["checkin_format"], kept["staff_meeting_date"], kept["staff_meeting_note"]) == (
        "call", "2026-11-01", "Too early")
    bad = ic.http.post(f"/w/{wid}/record", data={**data, "checkin_format": "email"})
    assert bad.status_code == 400 and "The check-in's format must be one of" in html.unescape(bad.data.decode())
    with db.session() as s:
        edits = s.get(Workshop, wid).record
    assert "checkin_format" not in edits and "staff_meeting" not in edits
