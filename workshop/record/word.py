"""The record as an editable Word document (python-docx): real headings, bullet lists and a Word
table whose header row repeats on every page."""
from __future__ import annotations

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from . import sections
from .build import Record

NAVY = RGBColor(0x0B, 0x25, 0x45)


def _repeat_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    tr_pr.append(flag)


def _shade(cell, hex_fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), hex_fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _bullets(doc, items: list[str]) -> None:
    if not items:
        doc.add_paragraph(sections.NONE_YET)
    for item in items:
        doc.add_paragraph(item, style="List Bullet")


def _heading(doc, text: str, level: int = 2) -> None:
    doc.add_heading(text, level=level)


def render(record: Record, checkin: bool = False) -> bytes:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    if checkin:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(15))
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = "Arial", Pt(10)
    doc.core_properties.title = f"{Record.TITLE} – {record.school}"
    doc.core_properties.author = record.ics or record.school

    doc.add_heading("90-day check-in on the agreed actions" if checkin else Record.TITLE, level=1)
    details = sections.details(record) + ([("90-day check-in", record.checkin_label)] if checkin else [])
    for label, value in details:
        para = doc.add_paragraph()
        para.add_run(f"{label}: ").bold = True
        para.add_run(value)
        para.paragraph_format.space_after = Pt(0)

    if not checkin:
        _heading(doc, "The workshop focused on…")
        _bullets(doc, record.focus)
        _heading(doc, "The key outcomes were…")
        _bullets(doc, record.outcomes)
    _heading(doc, "Progress on the agreed actions" if checkin else "Agreed actions")
    headings = list(sections.ACTION_HEADINGS)
    if checkin:
        headings = headings[:4] + list(sections.PROGRESS_HEADINGS)
    table = doc.add_table(rows=1, cols=len(headings))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    header = table.rows[0]
    _repeat_header(header)
    for cell, text in zip(header.cells, headings):
        cell.text = ""
        run = cell.paragraphs[0].add_run(text)
        run.bold = True
        _shade(cell, "E2E8F0")
    for action in record.actions:
        values = sections.action_row(action)
        if checkin:
            values = values[:4] + sections.progress_row(action)
        cells = table.add_row().cells
        for n, (cell, text) in enumerate(zip(cells, values)):
            cell.text = text
            if checkin and n == 5 and action.rag:
                _shade(cell, {"red": "F8C8C8", "amber": "FFE2AA", "green": "C4EBC8"}[action.rag])
    key = doc.add_paragraph(sections.support_key())
    key.runs[0].font.size = Pt(8.5)

    if not checkin:
        _heading(doc, "Reporting back and follow-up")
        for label, items in sections.follow_up_lines(record):
            _heading(doc, label, level=3)
            _bullets(doc, items)
        para = doc.add_paragraph()
        para.add_run(f"90-day check-in: {record.checkin_label}").bold = True
        _heading(doc, "Reviewing the experience")
        for key_name, question in sections.REVIEW:
            _heading(doc, question, level=3)
            _bullets(doc, getattr(record, key_name))
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
