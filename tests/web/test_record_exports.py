"""Every download of the summary record read back: PDF text, the Word table, CSV and XLSX cells,
and the JSON backup re-imported equal to the original; plus the export/import command line."""
from __future__ import annotations

import csv
import io
import json
import os

from click.testing import CliRunner
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader
from record_fixtures import ACTIONS, NAMES, seed

from workshop.cli import main
from workshop.db import db
from workshop.models import User, Workshop
from workshop.record import backup, build

LEVELS = ["a. Within the reviewed school", "b. Within the partnership", "c. Outside of the partnership"]
GROUPS = ["a. within the reviewed school itself", "b. within the partnership", "c. outside of the partnership"]
HEAD = ["Action agreed", "Timings and deadlines (be specific where possible)", "Who will deliver this action?",
        "Comments"]
SHEET_HEAD = HEAD + ["Support level", "How it will be addressed", "Success measure", "Terms of engagement"]


def _pdf_text(data: bytes) -> tuple[str, int]:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages), len(reader.pages)


def _page_texts(data: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages]


def test_pdf_is_the_template_then_the_appendix_with_unicode_names(app, ic):
    wid = seed(app, ic)
    response = ic.http.get(f"/w/{wid}/record.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert "ysgol-gwenll" in response.headers["Content-Disposition"]
    first, appendix = _page_texts(response.data)
    for part in ("Summary of improvement workshop and agreed actions", "Date of workshop 26 November 2026",
                 "The workshop focused on…", "The key outcomes were…", "Action agreed",
                 "Timings and deadlines (be specific where possible)", "Who will deliver this action?", "Comments",
                 "Page 1 of 2", *GROUPS):
        assert part in first, part
    assert first.index(GROUPS[0]) < first.index(ACTIONS[0]["text"]) < first.index(GROUPS[1]) \
        < first.index("Visit Ysgol Gwenllïan") < first.index(GROUPS[2]) < first.index("Commission training")
    assert "Support level" not in first and "Appendix" not in first
    assert appendix.startswith("Appendix")
    for part in ("Reporting back and follow-up", "90-day check-in 24 February 2027", "What did we do well?",
                 "Attendees", "Named: Siân, Gwenllïan, Łukasz, Zoë.", "Host school Ysgol Gwenllïan", "Page 2 of 2"):
        assert part in appendix, part
    flat = first + appendix
    for name in (*NAMES, "Ysgol Gwenllïan", "Siân Jones", "Łukasz Nowak", "Zoë Evans"):
        assert name in flat, name
    reader = PdfReader(io.BytesIO(response.data))
    fonts = {str(f["/BaseFont"]) for p in reader.pages for f in p["/Resources"]["/Font"].get_object().values()}
    assert any("DejaVuSans" in f for f in fonts)  # embedded, not a standard font


def test_fifteen_long_actions_fit_two_pages_with_the_header_on_each(app, ic):
    wid = seed(app, ic)
    long = [{"text": f"Action {n}: Gwenllïan and Łukasz coach staff on adaptive teaching in KS3 with observation "
                     "and feedback cycles each half term", "when": "by Easter" if n % 2 else "2027-03-31",
             "who": "Siân Jones, Zoë Evans", "support": "abc"[n % 3],
             "comments": "Release time agreed; review at the spring governors' meeting"} for n in range(15)]
    assert ic.step(wid, "record.update", {"actions": long})["ok"]
    pages = _page_texts(ic.http.get(f"/w/{wid}/record.pdf").data)
    table = pages[:[p.startswith("Appendix") for p in pages].index(True)]
    assert len(table) == 2
    for page_text in table:
        assert "Action agreed" in page_text and "Timings and" in page_text  # header repeated
    assert "Action 14:" in table[1] and "Page 2 of" in table[1]


def test_word_document_has_the_template_table_grouped_by_support_level(app, ic):
    wid = seed(app, ic)
    response = ic.http.get(f"/w/{wid}/record.docx")
    assert response.status_code == 200
    doc = Document(io.BytesIO(response.data))
    table = doc.tables[0]
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[0] == HEAD
    assert [rows[n] for n in (1, 3, 5)] == [[g] * 4 for g in GROUPS]  # a group row spans the table
    assert rows[2][0] == ACTIONS[0]["text"] and rows[6][2] == "Zoë Evans, SENCo" and rows[4][1] == "by Easter"
    assert rows[6][1] == "31 January 2027" and rows[6][3] == ACTIONS[2]["comments"]
    assert table.rows[0]._tr.trPr.xml.count("tblHeader") == 1  # header repeats on each page
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Ysgol Gwenllïan" in text and "Staff briefing led by Gwenllïan" in text and "Łukasz visits" in text
    assert "The key outcomes were…" in text


def test_csv_opens_in_excel_utf8_bom_crlf_quoted(app, ic):
    wid = seed(app, ic)
    data = ic.http.get(f"/w/{wid}/record.csv").data
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data and data.count(b"\n") == data.count(b"\r\n")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[0] == SHEET_HEAD and len(rows) == 4
    assert [r[4] for r in rows[1:]] == LEVELS
    assert rows[3][0] == 'Commission training on "precision teaching", costs, quotes'  # quotes and commas survive
    assert rows[3][3] == "Budget: = £1,200; check with governors"
    assert rows[2][0] == "Visit Ysgol Gwenllïan's SEND base, with Łukasz" and rows[3][2] == "Zoë Evans, SENCo"


def test_a_cell_that_looks_like_a_formula_stays_text(app, ic):
    wid = seed(app, ic)
    assert ic.step(wid, "record.update", {"actions": [{**ACTIONS[0], "text": "=HYPERLINK(\"x\")"}]})["ok"]
    rows = list(csv.reader(io.StringIO(ic.http.get(f"/w/{wid}/record.csv").data.decode("utf-8-sig"))))
    assert rows[1][0] == "'=HYPERLINK(\"x\")"
    sheet = load_workbook(io.BytesIO(ic.http.get(f"/w/{wid}/record.xlsx").data))["Actions"]
    assert sheet["A2"].data_type == "s" and sheet["A2"].value == "=HYPERLINK(\"x\")"


def test_xlsx_has_the_actions_with_support_levels_and_a_summary_sheet(app, ic):
    wid = seed(app, ic)
    book = load_workbook(io.BytesIO(ic.http.get(f"/w/{wid}/record.xlsx").data))
    sheet = book["Actions"]
    rows = [[c or "" for c in row] for row in sheet.iter_rows(values_only=True)]
    assert list(rows[0]) == SHEET_HEAD and [r[4] for r in rows[1:]] == LEVELS
    assert rows[2][2] == "Łukasz Nowak" and sheet.print_title_rows == "$1:$1"
    assert sheet.page_setup.orientation == "landscape" and sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_area and all(sheet.row_dimensions[n].height for n in range(1, 5))
    summary = [tuple(r) for r in book["Summary"].iter_rows(values_only=True)]
    assert ("Host school", "Ysgol Gwenllïan") in summary and ("Attendees", "4") in summary


def test_check_in_downloads_carry_progress(app, ic):
    wid = seed(app, ic)
    with db.session() as s:
        first = build(s, wid).actions[0].id
    assert ic.http.post(f"/w/{wid}/checkin/{first}", data={"status": "in_progress", "rag": "red",
                                                         "note": "Siân is off sick"}).status_code == 302
    book = load_workbook(io.BytesIO(ic.http.get(f"/w/{wid}/checkin.xlsx").data))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][-3:] == ("Status", "Progress (RAG)", "Updates, newest first")
    assert rows[1][8:10] == ("In progress", "Red") and "Siân is off sick" in rows[1][10]
    assert rows[2][8] == "No update yet"
    text, _ = _pdf_text(ic.http.get(f"/w/{wid}/checkin.pdf").data)
    assert "Siân is off sick" in " ".join(text.split()) and "90-day check-in" in text
    doc = Document(io.BytesIO(ic.http.get(f"/w/{wid}/checkin.docx").data))
    assert doc.tables[0].rows[2].cells[5].text == "Red"  # row 1 is the support level's group row


def _comparable(doc: dict) -> dict:
    return json.loads(json.dumps(doc))


def test_json_backup_reimports_equal_to_the_original(app, ic):
    wid = seed(app, ic)
    with db.session() as s:
        first = build(s, wid).actions[0].id
    ic.http.post(f"/w/{wid}/checkin/{first}", data={"status": "done", "rag": "green", "note": "Zoë"})
    response = ic.http.get(f"/w/{wid}/record.json")
    original = json.loads(response.data)
    assert original["format"] == "workshop-backup" and original["workshop"]["school"] == "Ysgol Gwenllïan"
    assert [p["name"] for p in original["participants"]] == list(NAMES)
    assert len(original["activities"]) >= 5 and original["events"] and original["progress"]
    assert all(a["support"] in "abc" for a in original["workshop"]["record"]["actions"])
    assert "board_key" not in response.data.decode() and "token" not in response.data.decode()
    with db.session(write=True) as s:
        restored = backup.import_workshop(s, backup.loads(response.data), s.get(User, ic.user.id))
    again = json.loads(ic.http.get(f"/w/{restored.id}/record.json").data)
    assert again == original
    with db.session() as s:
        a, b = build(s, wid), build(s, restored.id)
        assert [x.fields() for x in a.actions] == [x.fields() for x in b.actions]
        assert (a.attendees, a.focus, a.actions[0].status_label) == (b.attendees, b.focus, b.actions[0].status_label)
        assert s.get(Workshop, restored.id).status == "closed"
    # the restored log still replays: undoing a step recomputes the activity without losing its cards
    assert ic.step(restored.id, "activity.reveal", activity=_first_wall(restored.id))["ok"]
    assert ic.step(restored.id, "undo")["ok"]
    view = ic.http.get(f"/w/{restored.id}/activities/{_first_wall(restored.id)}/view").get_json()
    assert [c["text"] for c in view["view"]["cards"]] == ["Zoë's idea"]


def _first_wall(wid: int) -> int:
    from support import walls
    return walls(wid)[0]


def test_a_broken_backup_is_refused_and_nothing_is_written(app, ic):
    import pytest

    wid = seed(app, ic)
    doc = json.loads(ic.http.get(f"/w/{wid}/record.json").data)
    with db.session() as s:
        count = s.query(Workshop).count()
    for bad in (b"not json", json.dumps({"format": "other"}).encode(),
                json.dumps({**doc, "format_version": 99}).encode(),
                json.dumps({**doc, "activities": [{**doc["activities"][0], "tool": "nope"}]}).encode(),
                json.dumps({**doc, "workshop": {**doc["workshop"], "school": ""}}).encode()):
        with pytest.raises(backup.BackupError):
            with db.session(write=True) as s:
                backup.import_workshop(s, backup.loads(bad), s.get(User, ic.user.id))
    with db.session() as s:
        assert s.query(Workshop).count() == count


def _cli(tmp_path, *args):
    os.environ["WORKSHOP_INSTANCE"] = str(tmp_path)
    return CliRunner().invoke(main, list(args), env={"WORKSHOP_INSTANCE": str(tmp_path)}, catch_exceptions=False)


def test_cli_export_every_format_import_and_clear_errors(tmp_path):
    from support import Facilitator, make_app

    app = make_app(tmp_path / "workshop.db")
    ic = Facilitator(app, "ic@example.org", "Priya Shah")
    wid = seed(app, ic)
    for fmt in ("pdf", "docx", "csv", "xlsx", "json"):
        out = tmp_path / f"plan.{fmt}"
        result = _cli(tmp_path, "export", str(wid), "--format", fmt, "-o", str(out))
        assert result.exit_code == 0, result.output
        assert out.stat().st_size > 100
    assert (tmp_path / "plan.pdf").read_bytes().startswith(b"%PDF")
    checkin = _cli(tmp_path, "export", str(wid), "--format", "csv", "--checkin", "-o", str(tmp_path / "c.csv"))
    assert checkin.exit_code == 0 and "Status" in (tmp_path / "c.csv").read_text("utf-8-sig")

    missing = _cli(tmp_path, "export", "999", "--format", "pdf", "-o", str(tmp_path / "none.pdf"))
    assert missing.exit_code != 0 and "There is no workshop 999" in missing.output
    assert not (tmp_path / "none.pdf").exists() and not list(tmp_path.glob(".none.pdf*"))
    nofolder = _cli(tmp_path, "export", str(wid), "--format", "pdf", "-o", str(tmp_path / "nope" / "x.pdf"))
    assert nofolder.exit_code != 0 and "no folder" in nofolder.output

    imported = _cli(tmp_path, "import", str(tmp_path / "plan.json"))
    assert imported.exit_code == 0 and "Imported workshop" in imported.output, imported.output
    new_id = int(imported.output.split("Imported workshop ")[1].split(":")[0])
    _cli(tmp_path, "export", str(new_id), "--format", "json", "-o", str(tmp_path / "again.json"))
    assert json.loads((tmp_path / "again.json").read_bytes()) == json.loads((tmp_path / "plan.json").read_bytes())
    (tmp_path / "bad.json").write_text("{}")
    refused = _cli(tmp_path, "import", str(tmp_path / "bad.json"))
    assert refused.exit_code != 0 and "Nothing imported" in refused.output
