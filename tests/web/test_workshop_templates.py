"""The new-workshop form offers the handbook's three formats and starts the workshop on the chosen
one's agenda; an unknown format is refused and nothing is created."""
from __future__ import annotations

from workshop import agenda
from workshop.db import db
from workshop.engine import plan
from workshop.models import Workshop

DETAILS = {"school": "Riverside Academy", "focus": "KS3 SEND progress", "date": "2026-11-26"}


def _created(response) -> Workshop:
    assert response.status_code == 302, response.data[:500]
    wid = int(response.headers["Location"].split("/w/")[1].split("/")[0])
    with db.session() as s:
        workshop = s.get(Workshop, wid)
        workshop.activities  # loaded while the session is open
        return workshop


def _agenda(workshop: Workshop) -> list[tuple[str, str, int | None]]:
    return [(a.section, a.tool, plan.planned_minutes(a.config)) for a in workshop.activities]


def _expected(name: str) -> list[tuple[str, str, int]]:
    return [(a["section"], a["tool"], a["minutes"]) for a in agenda.default_activities(DETAILS, name)]


def test_the_form_offers_each_format_with_its_minutes_and_the_whole_staff_session_selected(ic):
    page = ic.http.get("/workshops/new").data.decode()
    assert 'name="template"' in page
    for name, label, minutes in agenda.choices():
        assert f'value="{name}"' in page and f"{label} — {minutes} minutes planned" in page
    assert '<option value="whole_staff" selected>' in page


def test_each_chosen_format_starts_the_workshop_on_its_agenda(ic):
    for name in agenda.TEMPLATES:
        workshop = _created(ic.http.post("/workshops/new", data={**DETAILS, "template": name}))
        assert _agenda(workshop) == _expected(name), name
        assert sum(m for _, _, m in _agenda(workshop)) == agenda.TEMPLATES[name].minutes


def test_no_format_given_is_the_ninety_minute_whole_staff_session(ic):
    workshop = _created(ic.http.post("/workshops/new", data=DETAILS))
    assert _agenda(workshop) == _expected("whole_staff")
    assert sum(m for _, _, m in _agenda(workshop)) == 90


def test_an_unknown_format_is_refused_with_a_form_error_and_nothing_is_created(ic):
    with db.session() as s:
        before = s.query(Workshop).count()
    for bad in ("all_day", "__class__", " "):
        refused = ic.http.post("/workshops/new", data={**DETAILS, "template": bad})
        assert refused.status_code == 400
        assert b"Choose one of the workshop formats" in refused.data
        assert b'value="Riverside Academy"' in refused.data  # what was typed is kept
    with db.session() as s:
        assert s.query(Workshop).count() == before


def test_a_refused_form_keeps_the_format_that_was_chosen(ic):
    refused = ic.http.post("/workshops/new", data={"school": " ", "template": "focused_group"})
    assert refused.status_code == 400
    assert b'<option value="focused_group" selected>' in refused.data


def test_the_details_page_of_an_existing_workshop_offers_no_format(ic):
    workshop = _created(ic.http.post("/workshops/new", data={**DETAILS, "template": "small_group"}))
    page = ic.http.get(f"/w/{workshop.id}/edit").data.decode()
    assert 'name="template"' not in page
    saved = ic.http.post(f"/w/{workshop.id}/edit", data={**DETAILS, "school": "Hillview", "template": "focused_group"})
    assert saved.status_code == 302
    with db.session() as s:
        again = s.get(Workshop, workshop.id)
        assert again.school == "Hillview"
        assert _agenda(again) == _expected("small_group")  # the agenda is left as it was
