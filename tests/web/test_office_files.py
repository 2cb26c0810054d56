"""The Word and Excel downloads as real office software prints them: headless LibreOffice converts
a realistic record's DOCX and XLSX to PDF and the text is read back page by page."""
from __future__ import annotations

import io
import shutil
import subprocess

import pytest
from pypdf import PdfReader

from workshop import demo
from workshop.db import db
from workshop.record import build, sections, sheets, word

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed; "
                                                        "scripts/test.sh installs it")


def _printed(tmp_path, name: str, data: bytes) -> list[str]:
    """The file as LibreOffice prints it: each page's text, whitespace collapsed."""
    source = tmp_path / name
    source.write_bytes(data)
    out = tmp_path / "out"
    # its own profile and HOME, so parallel runs (and a desktop LibreOffice) never clash
    subprocess.run([SOFFICE, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(out), str(source)],
                   check=True, timeout=180, capture_output=True, env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"})
    printed = out / (source.stem + ".pdf")
    return [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(printed.read_bytes())).pages]


def _record():
    seeded = demo.seed()
    with db.session() as s:
        record = build(s, seeded["workshop"])
    record.review.update({"start": "2026-11-23", "end": "2026-11-25", "team": "Ana Lopes, Mark Green",
                          "lead_reviewer": "Ana Lopes", "ics_school": "Hillview School", "dimensions": ["inward"]})
    record.checkin_format = "visit"
    for action in record.actions:
        action.how, action.success = ["mentoring"], "Pupil voice says support in lessons feels easier by Easter"
        action.terms = "Half a day of release each term, hosted by the partner school" if action.support == "b" else ""
    return record


def _squash(text: str) -> str:
    return "".join(text.split())


def test_word_prints_the_template_on_page_one_and_the_appendix_after(app, tmp_path):
    record = _record()
    pages = _printed(tmp_path, "summary.docx", word.render(record))
    first = pages[0]
    for part in (record.TITLE, sections.DATE_LABEL, sections.FOCUS, sections.OUTCOMES, *sections.ACTION_HEADINGS,
                 *sections.LEVELS.values(), *(a.text for a in record.actions)):
        assert _squash(part) in _squash(first), part  # LibreOffice may break a cell's words anywhere
    assert "Appendix" not in first
    rest = " ".join(pages[1:])
    assert pages[1].startswith("Appendix")
    for part in ("How each action will be addressed", "Mentoring and coaching", "Ana Lopes (lead reviewer)",
                 "Attendees", "What the activities showed"):
        assert part in rest, part


def test_excel_prints_six_actions_on_one_page_and_the_summary_beside_its_labels(app, tmp_path):
    record = _record()
    assert len(record.actions) == 6
    pages = _printed(tmp_path, "summary.xlsx", sheets.to_xlsx(record))
    first = _squash(pages[0])
    for heading in sections.SHEET_HEADINGS:
        assert _squash(heading) in first, heading
    for action in record.actions:
        assert _squash(action.text) in first, action.text
    summary = {label: value for label, value in sheets.summary_lines(record) if label and value}
    for label in ("Date of workshop", "Host school", "Lead reviewer", "90-day check-in", "Format", "Attendees"):
        on = [n for n, page in enumerate(pages) if _squash(label) in _squash(page)
              and _squash(summary[label]) in _squash(page)]
        assert on, f"{label!r} and {summary[label]!r} are not printed on the same page"
