"""The actions as a table: CSV (UTF-8 with BOM, CRLF, quoted where needed: opens cleanly in
Excel) and XLSX (openpyxl), one row per action with its support level; the check-in adds the
progress columns."""
from __future__ import annotations

import codecs
import csv
import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.page import PageMargins

from . import sections
from .build import Record

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
RAG_FILL = {"red": "F8C8C8", "amber": "FFE2AA", "green": "C4EBC8"}


def _headings(checkin: bool) -> list[str]:
    heads = list(sections.ACTION_HEADINGS)
    return heads + list(sections.PROGRESS_HEADINGS) if checkin else heads


def rows(record: Record, checkin: bool = False) -> list[list[str]]:
    found = []
    for action in record.actions:
        row = sections.action_row(action)
        found.append(row + sections.progress_row(action) if checkin else row)
    return found


def _safe(text: str) -> str:
    """A cell a spreadsheet will not run as a formula."""
    return "'" + text if text.startswith(FORMULA_START) else text


def to_csv(record: Record, checkin: bool = False) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(_headings(checkin))
    for row in rows(record, checkin):
        writer.writerow([_safe(cell) for cell in row])
    return codecs.BOM_UTF8 + out.getvalue().encode("utf-8")


def to_xlsx(record: Record, checkin: bool = False) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Check-in" if checkin else "Actions"
    heads = _headings(checkin)
    sheet.append(heads)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="E2E8F0")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for n, (action, row) in enumerate(zip(record.actions, rows(record, checkin)), start=2):
        for col, text in enumerate(row, start=1):
            cell = sheet.cell(row=n, column=col)
            cell.value = text
            cell.data_type = "s"  # text, never a formula
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        if checkin and action.rag in RAG_FILL:
            sheet.cell(row=n, column=7).fill = PatternFill("solid", fgColor=RAG_FILL[action.rag])
    widths = [48, 18, 24, 26, 36, 14, 14, 60]
    for col, width in zip("ABCDEFGH", widths[:len(heads)]):
        sheet.column_dimensions[col].width = width
    sheet.freeze_panes = "A2"
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_margins = PageMargins(left=0.5, right=0.5, top=0.6, bottom=0.6)
    sheet.oddFooter.center.text = "Page &P of &N"

    about = book.create_sheet("Summary")
    lines: list[tuple[str, str]] = [(Record.TITLE, "")] + sections.details(record)
    lines.append(("90-day check-in", record.checkin_label))
    parts = [("The workshop focused on…", record.focus), ("The key outcomes were…", record.outcomes),
             *sections.follow_up_lines(record), *[(q, getattr(record, k)) for k, q in sections.REVIEW]]
    for heading, items in parts:
        lines.append((heading, items[0] if items else ""))
        lines.extend(("", item) for item in items[1:])
    for label, value in lines:
        about.append([label, value])
        about.cell(row=about.max_row, column=2).data_type = "s"
        about.cell(row=about.max_row, column=1).font = Font(bold=True)
        about.cell(row=about.max_row, column=2).alignment = Alignment(wrap_text=True, vertical="top")
    about.column_dimensions["A"].width, about.column_dimensions["B"].width = 42, 90
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
