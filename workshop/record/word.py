"""The record as an editable Word document (python-docx): page one is the programme's template
filled in (real headings, bullet lists, one Word table whose header row repeats and whose support
levels are spanning group rows); the appendix starts on a new page, its diagrams as PNG pictures
drawn from the same layouts as the PDF's (record.drawing)."""
from __future__ import annotations

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from . import drawing, pictures, sections
from .build import Record

NAVY = RGBColor(0x0B, 0x25, 0x45)
MUTED = RGBColor(0x4A, 0x52, 0x60)
RAG_FILL = {"red": "F8C8C8", "amber": "FFE2AA", "green": "C4EBC8"}
CHECKIN_TITLE = "90-day check-in on the agreed actions"
PAGE_TEXT_HEIGHT = 240  # mm a picture may take on a portrait page under its heading


def _repeat_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    tr_pr.append(flag)


def _keep_row_together(row) -> None:
    flag = OxmlElement("w:cantSplit")
    flag.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(flag)


def _cell_margins(table, top_bottom: int = 45, sides: int = 90) -> None:
    """Room around each cell's text (twentieths of a point), as the PDF's table has."""
    margins = OxmlElement("w:tblCellMar")
    for side, size in (("top", top_bottom), ("left", sides), ("bottom", top_bottom), ("right", sides)):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:w"), str(size))
        edge.set(qn("w:type"), "dxa")
        margins.append(edge)
    table._tbl.tblPr.append(margins)


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
        para = doc.add_paragraph(item, style="List Bullet")
        para.paragraph_format.space_after = Pt(1)


def _pairs(doc, pairs: list[tuple[str, str]]) -> None:
    for label, value in pairs:
        para = doc.add_paragraph()
        para.add_run(f"{label}: ").bold = True
        para.add_run(value)
        para.paragraph_format.space_after = Pt(0)


def _table(doc, headings, groups, widths_mm, size: float = 9) -> None:
    """One table; `groups` is [(group heading or None, [(cells, fill or None)])]."""
    table = doc.add_table(rows=1, cols=len(headings))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _cell_margins(table)
    header = table.rows[0]
    _repeat_header(header)
    for cell, text in zip(header.cells, headings):
        cell.text = ""
        run = cell.paragraphs[0].add_run(text)
        run.bold = True
        run.font.size = Pt(size)
        _shade(cell, "E2E8F0")
    for heading, rows in groups:
        if heading is not None:
            row = table.add_row()
            merged = row.cells[0].merge(row.cells[-1])
            merged.text = ""
            run = merged.paragraphs[0].add_run(heading)
            run.bold = True
            run.font.size = Pt(size)
            run.font.color.rgb = NAVY
            _shade(merged, "EDF1F6")
        for values, fill in rows:
            row = table.add_row()
            _keep_row_together(row)
            for n, (cell, text) in enumerate(zip(row.cells, values)):
                cell.text = ""
                cell.paragraphs[0].add_run(text).font.size = Pt(size)
                if fill and fill[0] == n:
                    _shade(cell, fill[1])
    # Word reads the cells' widths, LibreOffice the grid's: set both
    for column, width in zip(table.columns, widths_mm):
        column.width = Mm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm):
            cell.width = Mm(width)


def _picture(doc, picture: dict) -> None:
    art = pictures.draw(picture)
    doc.add_heading(picture["title"], level=3)
    caption = doc.add_paragraph(pictures.caption(picture))
    caption.runs[0].font.size, caption.runs[0].font.color.rgb = Pt(8.5), MUTED
    caption.paragraph_format.keep_with_next = True  # the heading and caption stay with their picture
    width = art.width * min(1.0, PAGE_TEXT_HEIGHT / art.height)
    doc.add_picture(io.BytesIO(drawing.to_png(art)), width=Mm(width))


def _appendix(doc, record: Record) -> None:
    for block in sections.appendix(record):
        kind = block[0]
        if kind == "heading":
            if block[2] == 1:
                doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
            doc.add_heading(block[1], level=block[2])
        elif kind == "pairs":
            _pairs(doc, block[1])
        elif kind == "bullets":
            _bullets(doc, block[1])
        elif kind == "text":
            doc.add_paragraph(block[1]).paragraph_format.space_after = Pt(2)
        elif kind == "table":
            _table(doc, block[1], [(None, [(r, None) for r in block[2]])], [50, 42, 44, 44], size=8.5)
        elif kind == "picture":
            _picture(doc, block[1])


def render(record: Record, checkin: bool = False) -> bytes:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    if checkin:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Mm(15))
    section.top_margin, section.bottom_margin, section.footer_distance = Mm(13), Mm(14), Mm(7)
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = "Arial", Pt(10)
    for level in (1, 2, 3):
        doc.styles[f"Heading {level}"].font.color.rgb = NAVY
    doc.core_properties.title = f"{Record.TITLE} – {record.school}"
    doc.core_properties.author = record.ics or record.school
    footer = section.footer.paragraphs[0]
    footer.text = f"{record.school} · {'90-day check-in' if checkin else 'Summary of improvement workshop'}"
    footer.runs[0].font.size, footer.runs[0].font.color.rgb = Pt(8), MUTED

    doc.add_heading(CHECKIN_TITLE if checkin else Record.TITLE, level=1)
    details = [(sections.DATE_LABEL, record.date_label)]
    if checkin:
        details += [("Host school", record.school), ("90-day check-in", record.checkin_label)]
    _pairs(doc, details)
    if not checkin:
        doc.add_heading(sections.FOCUS, level=2)
        _bullets(doc, record.focus)
        doc.add_heading(sections.OUTCOMES, level=2)
        _bullets(doc, record.outcomes)
        doc.add_paragraph(sections.LEAD_IN).paragraph_format.space_before = Pt(6)
    headings = list(sections.ACTION_HEADINGS) + (list(sections.PROGRESS_HEADINGS) if checkin else [])
    groups = []
    for heading, actions in sections.groups(record):
        rows = []
        for action in actions:
            values = sections.action_row(action)
            fill = None
            if checkin:
                values += sections.progress_row(action)
                fill = (5, RAG_FILL[action.rag]) if action.rag in RAG_FILL else None
            rows.append((values, fill))
        groups.append((heading, rows))
    _table(doc, headings, groups, [64, 28, 32, 38, 22, 21, 62] if checkin else [72, 34, 36, 38])
    if not checkin:
        _appendix(doc, record)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
