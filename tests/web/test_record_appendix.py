"""The record's appendix and its diagrams, on the demo workshop (every tool used): page one holds
the template with up to eight realistic actions, the appendix starts on a new page, the diagrams are
vector drawings in the PDF, pictures in Word and SVG in the HTML record, and no author's name leaks."""
from __future__ import annotations

import io
import json

from docx import Document
from pypdf import PdfReader
from record_fixtures import seed

from workshop import demo
from workshop.db import db
from workshop.models import Participant
from workshop.record import build, drawing, pdf, pictures, sections, word
from workshop.record.build import Action


def _demo_record(removed: str | None = None):
    seeded = demo.seed()
    with db.session(write=True) as s:
        if removed:
            s.query(Participant).filter_by(workshop_id=seeded["workshop"], name=removed).one().removed = True
    with db.session() as s:
        return build(s, seeded["workshop"])


def _pages(data: bytes) -> list[str]:
    return [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(data)).pages]


def _keys(value) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in _keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in _keys(v)}
    return set()


def test_the_demo_gives_every_diagram_without_any_author(app):
    record = _demo_record()
    assert [p["kind"] for p in record.pictures] == ["fishbone", "whys", "bars", "diamond", "matrix"]
    assert not {"author", "author_name", "by"} & _keys(record.pictures)
    fish = record.pictures[0]
    roots = [c["text"] for b in fish["bones"] for c in b["causes"] if c["root"]]
    assert "SEND data goes to SLT, not to heads of department" in roots
    whys = record.pictures[1]["chains"][0]
    assert whys[-1]["root"] and whys[-1]["text"] == "Because the TA contracts were written before the new curriculum"
    bars = record.pictures[2]["bars"]
    assert [b["votes"] for b in bars] == sorted((b["votes"] for b in bars), reverse=True)
    assert [len(row) for row in record.pictures[3]["rows"]] == [1, 2, 3, 2, 1]
    assert {i["quadrant"] for i in record.pictures[4]["items"]} <= set(record.pictures[4]["quadrants"].values())


def test_attendees_are_the_names_people_showed_tables_with_their_count(app):
    record = _demo_record(removed="Jo")
    assert "Science table (5)" in record.people.names and "Siân (Teaching assistant)" in record.people.names
    assert "Sam" in record.people.names  # gave a name and no role
    assert not any(n.startswith("Jo") for n in record.people.names)  # removed from the workshop
    assert record.people.anonymous == 1
    assert "1 person took part without giving a name." in sections.attendees_text(record)


REALISTIC = [("Introduce one-page pupil profiles for every Year 7 pupil with SEND, replacing the long passports",
              "By 8 January 2027, then each new term", "Deputy head with the SENCo",
              "Start with Year 7 tutor groups; share a model profile at the staff briefing"),
             ("Build ten minutes of TA briefing time into the timetable each week, before period 1 on Tuesdays",
              "From the spring term timetable", "Deputy head (timetable)", "Protect the slot from cover duties")] * 4


def _eight_actions(record) -> None:
    record.actions = [Action(id=f"a{n}", text=f"{n + 1}. {text}", when=when, who=who, support="abc"[n % 3],
                             comments=comments, how=["mentoring"], success="Pupil voice says lessons feel easier",
                             terms="Half a day of release each term" if n % 3 == 1 else "")
                      for n, (text, when, who, comments) in enumerate(REALISTIC)]


def test_eight_realistic_actions_fit_page_one_and_the_appendix_starts_a_new_page(app):
    record = _demo_record()
    _eight_actions(record)
    pages = _pages(pdf.render(record))
    first = pages[0]
    assert first.startswith("Summary of improvement workshop and agreed actions")
    assert all(f"{n}. " in first for n in range(1, 9)) and "8. Build ten minutes" in first
    assert first.index("a. within the reviewed school itself") < first.index("1. Introduce") \
        < first.index("b. within the partnership") < first.index("2. Build") \
        < first.index("c. outside of the partnership") < first.index("3. Introduce")
    assert pages[1].startswith("Appendix")
    appendix = " ".join(pages[1:])
    for part in ("The peer review", "Host school Riverside Academy", "How each action will be addressed",
                 "Mentoring and coaching", "Half a day of release each term", "Reporting back and follow-up",
                 "90-day check-in", "Led by Helen Marsh", "How was the experience of peer review?",
                 "Attendees", "Science table (5)", "What the activities showed",
                 "Because the TA contracts were written", "Staff and CPD", "Quick wins"):
        assert part in appendix, part
    reader = PdfReader(io.BytesIO(pdf.render(record)))
    assert all("/XObject" not in page["/Resources"] for page in reader.pages)  # drawn, not pasted images


def test_review_details_how_and_checkin_fill_the_appendix(app):
    record = _demo_record()
    record.review.update({"start": "2026-11-23", "end": "2026-11-25", "team": "Ana Lopes, Mark Green",
                          "lead_reviewer": "Ana Lopes", "ics_school": "Hillview School",
                          "dimensions": ["inward", "impact"], "themes": "SEND in KS3"})
    record.checkin_format, record.staff_meeting = "visit", {"date": "2026-12-14", "note": "After school"}
    record.actions[0].how, record.actions[0].how_other = ["jpd"], "A visit to Oak School"
    details = dict(sections.review_details(record))
    assert details["Review date(s)"] == "23 November 2026 to 25 November 2026"
    assert details["Dimension(s)"] == "Looking Inward, Our Impact" and details["The ICs' school"] == "Hillview School"
    checkin = dict(sections.checkin_details(record))
    assert checkin == {"90-day check-in": record.checkin_label, "Format": "A visit",
                       "Led by": "Ana Lopes (lead reviewer)", "Staff meeting invitation": "14 December 2026; After school"}
    assert sections.how_rows(record)[0][1] == "Joint practice development; A visit to Oak School"
    text = " ".join(_pages(pdf.render(record))[1:])
    assert "Review team Ana Lopes, Mark Green" in text and "Ana Lopes (lead reviewer)" in text


def test_word_has_the_appendix_on_a_new_page_with_a_picture_per_diagram(app):
    record = _demo_record()
    doc = Document(io.BytesIO(word.render(record)))
    assert len(doc.inline_shapes) == len(record.pictures) == 5
    body = doc.element.body.xml
    assert body.index('w:type="page"') < body.index(">Appendix<")
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert headings[:3] == [sections.Record.TITLE, sections.FOCUS, sections.OUTCOMES]
    assert "Appendix" in headings and "What the activities showed" in headings


def test_drawing_wraps_within_its_width_and_draws_png_and_escaped_svg():
    lines = drawing.wrap("Pupils with SEND in Key Stage 3 do not yet make the progress they could", 30, 8)
    assert len(lines) > 1 and all(drawing.measure(line, 8) <= 30 for line in lines)
    assert drawing.wrap("word " * 50, 30, 8, max_lines=2)[-1].endswith("…")
    art = pictures.draw({"kind": "bars", "bars": [{"text": "<b>Tea</b> & cake", "votes": 3}], "more": 0})
    png = drawing.to_png(art, dpi=100)
    assert png.startswith(b"\x89PNG")
    svg = drawing.to_svg(art, 'Dot vote: "Tea" & cake')
    assert "&lt;b&gt;Tea&lt;/b&gt; &amp; cake" in svg and "<b>" not in svg
    assert 'aria-label=\'Dot vote: "Tea" &amp; cake\'' in svg


def test_the_html_record_is_the_template_then_the_appendix(app, ic):
    wid = seed(app, ic)
    html = ic.http.get(f"/w/{wid}/record.html").get_data(as_text=True)
    for part in ("Timings and deadlines (be specific where possible)", "a. within the reviewed school itself",
                 "c. outside of the partnership", "Appendix", "The 90-day check-in", "Named: Siân, Gwenllïan"):
        assert part in html, part
    assert "Support level</th>" not in html
    assert html.index("a. within the reviewed school itself") < html.index("Siân to coach") \
        < html.index("b. within the partnership")
    assert json.dumps(sections.LEAD_IN)[1:-1] in html.replace("&#39;", "'")


def test_an_action_without_a_level_is_listed_under_its_own_heading_last(app):
    record = _demo_record()
    record.actions[0].support = ""
    headings = [heading for heading, _ in sections.groups(record)]
    assert headings == [*sections.LEVELS.values(), sections.NO_LEVEL]
    first = _pages(pdf.render(record))[0]
    assert first.index("c. outside of the partnership") < first.index(sections.NO_LEVEL) \
        < first.index(record.actions[0].text)
    assert sections.groups(record)[0][1] == [a for a in record.actions if a.support == "a"]
