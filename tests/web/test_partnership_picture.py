"""The 90-day picture: which workshop stands for each school, the latest progress of each action,
the counts per RAG, the check-in dates; its page (table, chart and the chart in words); who may
see it; and that nothing private of a workshop reaches the page or any export."""
from __future__ import annotations

import io
import re
from datetime import date

import pytest
from openpyxl import load_workbook
from picture_fixtures import PRIVATE, seed
from pypdf import PdfReader
from support import Facilitator

from workshop import picture90
from workshop.db import db
from workshop.models import Partnership


@pytest.fixture
def seeded(app, ic):
    member = Facilitator(app, "member@example.org", "Member IC")
    ids = seed(app, ic, members=[member.user.id])
    return {**ids, "member": member}


def _picture(pid: int) -> picture90.Picture:
    with db.session() as s:
        return picture90.picture(s, pid, today=date(2027, 1, 20))


def test_each_school_its_newest_workshop_with_actions_latest_progress_and_counts(seeded):
    pic = _picture(seeded["partnership"])
    assert pic.partnership == "North Cluster"
    assert [s.name for s in pic.schools] == ["Hillside School", "Oakfield Primary", "Riverside Academy",
                                             "Ysgol Gwenllïan"]
    hillside, oakfield, riverside, gwen = pic.schools
    assert hillside.items == [] and hillside.checkin_label == "To be agreed"
    assert hillside.counts == {"red": 0, "amber": 0, "green": 0, "": 0}
    # Riverside: the November workshop, not last year's (done) nor the planned one with no actions.
    assert riverside.workshop_date == date(2026, 11, 26) and riverside.checkin == date(2027, 2, 24)
    assert [(i.text, i.level, i.status, i.rag) for i in riverside.items] == [
        ("Coach new staff on adaptive teaching", "a", "in_progress", "amber"),
        ("Visit a partner's SEND base", "b", "done", "green"),
        ("Commission reading training", "c", "", "")]
    assert [i.status_label for i in riverside.items] == ["In progress", "Done", "No update yet"]
    assert riverside.items[0].updated == date(2027, 1, 5) and riverside.items[2].updated is None
    assert riverside.counts == {"red": 0, "amber": 1, "green": 1, "": 1}
    # Gwenllïan: level a sorts first; g1's latest update (red) counts, not its earlier green.
    assert [(i.level, i.rag_label) for i in gwen.items] == [("a", "Not rated"), ("b", "Red")]
    assert gwen.checkin == date(2027, 1, 8)  # no date given: 90 days after the workshop
    assert gwen.counts == {"red": 1, "amber": 0, "green": 0, "": 1}
    assert oakfield.checkin_label == "1 March 2027" and oakfield.items[0].level_label == "b. Within the partnership"
    assert pic.total == 6 and pic.counts == {"red": 1, "amber": 1, "green": 1, "": 3}
    assert picture90.counts_text(pic.counts) == "1 red, 1 amber, 1 green, 3 not rated"
    assert picture90.chart_text(pic)[0] == "Hillside School: no agreed actions yet"
    assert picture90.chart_text(pic)[3] == "Ysgol Gwenllïan: 1 red, 0 amber, 0 green, 1 not rated"


def test_a_workshop_of_no_partnership_school_shows_under_its_own_name_and_archived_ones_not(seeded, ic):
    from workshop.models import Workshop

    wid = ic.create_workshop(school="Brookside Infants")
    with db.session(write=True) as s:
        extra = s.get(Workshop, wid)
        extra.partnership_id = seeded["partnership"]
        extra.record = {"actions": [{"id": "k1", "text": "Try paired reading", "when": "", "who": "", "support": "",
                                     "comments": "", "how": [], "how_other": "", "success": "", "terms": ""}]}
        s.get(Workshop, seeded["riverside"]).archived = True
    pic = _picture(seeded["partnership"])
    names = [s.name for s in pic.schools]
    assert names[-1] == "Brookside Infants" and pic.schools[-1].items[0].level_label == "Not agreed"
    riverside = pic.schools[names.index("Riverside Academy")]
    assert [i.text for i in riverside.items] == ["An action of last year's cycle"]  # the newer one is archived


def test_chart_labels_every_segment_in_words_and_scales_to_the_largest_school(seeded):
    pic = _picture(seeded["partnership"])
    art = picture90.chart(pic, 250)
    texts = [t.text for t in art.shapes if type(t).__name__ == "Text"]
    for word in ("Red", "Amber", "Green", "Not rated", "1 red", "1 amber", "1 green", "1 not rated",
                 "3 actions", "2 actions", "1 action", "No agreed actions yet", "Ysgol Gwenllïan"):
        assert word in texts, word
    bars = [b for b in art.shapes if type(b).__name__ == "Box" and b.h == picture90.BAR]
    assert len(bars) == 6  # Oakfield 1, Riverside 3, Gwenllïan 2 segments; Hillside none
    widest = sum(b.w for b in bars[1:4])  # Riverside's, the school with most actions
    assert all(abs(b.w - widest / 3) < 0.01 for b in bars)  # one action is the same length everywhere
    assert art.height > 4 * picture90.BAR


def test_page_reads_at_a_glance_for_lead_and_member(seeded, ic):
    pid = seeded["partnership"]
    for client in (ic.http, seeded["member"].http):
        response = client.get(f"/partnerships/{pid}/picture")
        assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "90-day picture: North Cluster" in page
    assert "4 schools · 6 agreed actions: 1 red, 1 amber, 1 green, 3 not rated." in " ".join(page.split())
    for text in ("Hillside School", "No agreed actions yet", "24 February 2027", "8 January 2027", "1 March 2027",
                 "Coach new staff on adaptive teaching", "c. Outside of the partnership", "by Easter",
                 "updated 9 Jan 2027"):
        assert text in page, text
    # RAG as a chip with its word, never colour alone
    assert '<span class="rag rag-red">Red</span>' in page and '<span class="rag rag-none">Not rated</span>' in page
    svg = re.search(r"<svg[^>]*>", page).group(0)
    assert 'role="img"' in svg and "Ysgol Gwenllïan: 1 red, 0 amber, 0 green, 1 not rated" in svg
    assert "<li>Riverside Academy: 0 red, 1 amber, 1 green, 1 not rated</li>" in page
    assert "<script" not in page.split('id="main"')[1]  # server-drawn: no chart library
    for path in ("picture.pdf", "asks.xlsx", "asks.csv"):
        assert f"/partnerships/{pid}/{path}" in page


def test_only_the_lead_and_member_ics_see_the_picture_and_its_downloads(app, seeded, ic):
    pid = seeded["partnership"]
    outsider = Facilitator(app, "outsider@example.org", "Outside IC")
    with db.session(write=True) as s:
        s.add(Partnership(name="Another"))
    paths = ("picture", "picture.pdf", "asks.csv", "asks.xlsx")
    for path in paths:
        assert outsider.http.get(f"/partnerships/{pid}/{path}").status_code == 404, path
        assert ic.http.get(f"/partnerships/{pid + 1}/{path}").status_code == 404, path  # exists, not a member
        assert ic.http.get(f"/partnerships/999/{path}").status_code == 404, path
        assert ic.http.get(f"/partnerships/{pid}/{path}").status_code == 200, path
        signed_out = app.test_client().get(f"/partnerships/{pid}/{path}")
        assert signed_out.status_code == 302 and "/login" in signed_out.headers["Location"]
    assert ic.http.get(f"/partnerships/{pid}/asks.docx").status_code == 404


def test_nothing_private_of_a_workshop_reaches_the_page_or_the_exports(seeded, ic):
    pid = seeded["partnership"]
    page = ic.http.get(f"/partnerships/{pid}/picture").get_data(as_text=True)
    csv_text = ic.http.get(f"/partnerships/{pid}/asks.csv").data.decode("utf-8-sig")
    book = load_workbook(io.BytesIO(ic.http.get(f"/partnerships/{pid}/asks.xlsx").data))
    xlsx_text = " ".join(str(c.value) for row in book.active.iter_rows() for c in row if c.value)
    reader = PdfReader(io.BytesIO(ic.http.get(f"/partnerships/{pid}/picture.pdf").data))
    pdf_text = " ".join(p.extract_text() for p in reader.pages)
    assert "Share phonics tracking with a partner" in page + csv_text + xlsx_text + pdf_text  # Oakfield's action is there
    # its participants' names and their card are not; nor progress notes or who wrote them
    for secret in (*PRIVATE, "Cover fell through", "Two sessions so far", "Priya Shah"):
        for name, text in (("page", page), ("csv", csv_text), ("xlsx", xlsx_text), ("pdf", pdf_text)):
            assert secret not in text, (secret, name)
