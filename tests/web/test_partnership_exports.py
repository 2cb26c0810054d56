"""The partnership's exports read back: CSV and XLSX carry every school's asks with each offer
(an ask without offers is one row), the PDF of the 90-day picture carries every school and action;
and the command line lists partnerships and exports them, with clear errors."""
from __future__ import annotations

import csv
import io
import os

from click.testing import CliRunner
from openpyxl import load_workbook
from picture_fixtures import seed
from pypdf import PdfReader
from support import Facilitator, make_app

from workshop.cli import main
from workshop.db import db
from workshop.models import Partnership, PartnerSchool

HEAD = ["School", "Date of workshop", "Action agreed", "How it will be addressed",
        "Timings and deadlines (be specific where possible)", "Who will deliver this action?", "Status",
        "Offering school", "Offered by", "What is offered", "Offered by when", "Agreed"]
ROWS = [
    ["Oakfield Primary", "26 November 2026", "Share phonics tracking with a partner", "A TeachMeet or LeaderMeet",
     "31 March 2027", "Head of maths", "Asked", "", "", "", "", ""],
    ["Riverside Academy", "26 November 2026", "Visit a partner's SEND base",
     "Teacher-to-teacher / leader-to-leader support; Joint practice development", "by Easter", "Head of maths",
     "Done", "", "", "", "", ""],
    ["Ysgol Gwenllïan", "10 October 2026", "=Plan joint CPD on oracy", "A partnership CPD event", "31 March 2027",
     "Siân (Deputy head)", "Agreed", "Riverside Academy", "Ms Okafor, oracy lead", "Run the first twilight session",
     "February", "Yes"],
    ["Ysgol Gwenllïan", "10 October 2026", "=Plan joint CPD on oracy", "A partnership CPD event", "31 March 2027",
     "Siân (Deputy head)", "Agreed", "Oakfield Primary", "Mr Bell", "+ Share our oracy framework", "", "No"],
]
ACTIONS = ["Share phonics tracking with a partner", "Coach new staff on adaptive teaching", "Visit a partner's SEND base",
           "Commission reading training", "Audit KS2 reading books", "=Plan joint CPD on oracy"]
SCHOOLS = ["Hillside School", "Oakfield Primary", "Riverside Academy", "Ysgol Gwenllïan"]


def _formula_safe(row: list[str]) -> list[str]:
    return ["'" + c if c[:1] in ("=", "+") else c for c in row]


def test_csv_has_a_row_per_ask_and_offer_formula_safe(app, ic):
    pid = seed(app, ic)["partnership"]
    response = ic.http.get(f"/partnerships/{pid}/asks.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "north-cluster-asks-and-offers-" in response.headers["Content-Disposition"]
    assert response.headers["Cache-Control"] == "no-store"
    data = response.data
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data and data.count(b"\n") == data.count(b"\r\n")
    table = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert table == [HEAD] + [_formula_safe(r) for r in ROWS]


def test_xlsx_has_the_same_rows_as_text_and_prints_legibly(app, ic):
    pid = seed(app, ic)["partnership"]
    response = ic.http.get(f"/partnerships/{pid}/asks.xlsx")
    assert response.status_code == 200 and response.headers["Content-Disposition"].endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(response.data)).active
    values = [[c.value or "" for c in row] for row in sheet.iter_rows()]
    assert values == [HEAD] + ROWS
    assert sheet["C4"].data_type == "s"  # "=Plan…" is text, not a formula
    assert all(c.font.b for c in sheet[1]) and sheet["C2"].alignment.wrap_text
    assert sheet.row_dimensions[3].height >= 3 * 13 + 4  # tall enough for the ways' wrapped lines
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.fitToWidth == 1
    assert sheet.print_title_rows == "$1:$1" and sheet.freeze_panes == "A2"
    assert "$A$1:$L$5" in str(sheet.print_area) and sheet.auto_filter.ref == "A1:L5"


def test_pdf_of_the_picture_carries_every_school_and_action(app, ic):
    pid = seed(app, ic)["partnership"]
    response = ic.http.get(f"/partnerships/{pid}/picture.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert "north-cluster-90-day-picture-" in response.headers["Content-Disposition"]
    reader = PdfReader(io.BytesIO(response.data))
    text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    assert text.startswith("90-day picture: North Cluster")
    for part in (*SCHOOLS, *ACTIONS, "90-day check-in 24 February 2027", "90-day check-in 8 January 2027",
                 "1 red, 1 amber, 1 green, 3 not rated", "No agreed actions yet", "Progress (RAG)", "Page 1 of"):
        assert part in text, part
    assert text.index("1 not rated") < text.index("Action agreed")  # the chart first, then the table
    fonts = {str(f["/BaseFont"]) for p in reader.pages for f in p["/Resources"]["/Font"].get_object().values()}
    assert any("DejaVuSans" in f for f in fonts)


def _cli(tmp_path, *args):
    os.environ["WORKSHOP_INSTANCE"] = str(tmp_path)
    return CliRunner().invoke(main, list(args), env={"WORKSHOP_INSTANCE": str(tmp_path)})


def test_cli_lists_partnerships_and_exports_each_format(tmp_path):
    app = make_app(tmp_path / "workshop.db")
    ic = Facilitator(app, "ic@example.org", "Priya Shah")
    pid = seed(app, ic)["partnership"]
    with db.session(write=True) as s:
        other = Partnership(name="Valleys Trio")
        s.add(other)
        s.flush()
        s.add(PartnerSchool(partnership_id=other.id, name="Ysgol Y Cwm"))
        other_id = other.id
    listed = _cli(tmp_path, "partnership", "list")
    assert listed.exit_code == 0, listed.output
    assert listed.output.splitlines() == [f"{pid}  North Cluster (4 schools)", f"{other_id}  Valleys Trio (1 school)"]

    for fmt in ("csv", "xlsx", "pdf"):
        out = tmp_path / f"north.{fmt}"
        result = _cli(tmp_path, "partnership", "export", str(pid), "--format", fmt, "-o", str(out))
        assert result.exit_code == 0 and f"Wrote {out}" in result.output, result.output
    rows = list(csv.reader(io.StringIO((tmp_path / "north.csv").read_text("utf-8-sig"), newline="")))
    assert rows == [HEAD] + [_formula_safe(r) for r in ROWS]
    assert [[c.value or "" for c in r] for r in load_workbook(tmp_path / "north.xlsx").active.iter_rows()] == [HEAD] + ROWS
    pdf_text = " ".join(p.extract_text() for p in PdfReader(tmp_path / "north.pdf").pages)
    assert all(name in pdf_text for name in SCHOOLS)


def test_cli_errors_are_clear_and_write_nothing(tmp_path):
    app = make_app(tmp_path / "workshop.db")
    ic = Facilitator(app, "ic@example.org", "Priya Shah")
    pid = seed(app, ic)["partnership"]
    missing = _cli(tmp_path, "partnership", "export", "999", "--format", "pdf", "-o", str(tmp_path / "none.pdf"))
    assert missing.exit_code == 1
    assert "There is no partnership 999 (see `workshop partnership list`)." in missing.output
    assert not list(tmp_path.glob("*none.pdf*"))
    bad = _cli(tmp_path, "partnership", "export", str(pid), "--format", "docx", "-o", str(tmp_path / "x.docx"))
    assert bad.exit_code == 2 and "'docx' is not one of 'csv', 'xlsx', 'pdf'" in bad.output
    nofolder = _cli(tmp_path, "partnership", "export", str(pid), "--format", "csv", "-o", str(tmp_path / "no" / "x.csv"))
    assert nofolder.exit_code == 1 and "There is no folder" in nofolder.output
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    empty = _cli(fresh, "partnership", "list")
    assert empty.exit_code == 1 and "There is no database" in empty.output
