"""The actions as a table: CSV (UTF-8 with BOM, CRLF, quoted where needed: opens cleanly in
Excel) and XLSX (openpyxl). A spreadsheet has no group rows, so the template's four columns are
followed by the support level, how each action will be addressed, its success measure and terms of
engagement; the check-in adds the progress columns. The XLSX prints legibly: landscape A4, fitted
to the page's width, the header row on every page, rows tall enough for their wrapped text."""
from __future__ import annotations

import codecs
import csv
import io
import math

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins

from . import sections
from .build import Record

EDGE = Side(style="thin", color="9AA2AD")
GRID = Border(left=EDGE, right=EDGE, top=EDGE, bottom=EDGE)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
RAG_FILL = {"red": "F8C8C8", "amber": "FFE2AA", "green": "C4EBC8"}
ACTION_WIDTHS = [34, 15, 18, 22, 14, 22, 26, 22]
PROGRESS_WIDTHS = [12, 9, 36]
SUMMARY_WIDTHS = [34, 96]
FONT = "Arial"  # LibreOffice prints it as Liberation Sans, same widths
FONT_SIZE = 10
LINE_POINTS = 13  # one wrapped line of 10-point text
# Characters of ordinary text per unit of column width: a unit is one "0" of the default font, and
# most letters are narrower, but rows are better a line too tall than cut off.
CHARS_PER_UNIT = 1.15


def _headings(checkin: bool) -> list[str]:
    heads = list(sections.SHEET_HEADINGS)
    return heads + list(sections.PROGRESS_HEADINGS) if checkin else heads


def rows(record: Record, checkin: bool = False) -> list[list[str]]:
    found = []
    for action in record.actions:
        row = sections.sheet_row(action)
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


def lines_needed(text: str, width: float) -> int:
    """How many lines `text` wraps to in a column `width` units wide (a guess on the safe side)."""
    per_line = max(int(width * CHARS_PER_UNIT) - 1, 1)
    return sum(max(1, math.ceil(len(part) / per_line)) for part in str(text).split("\n"))


def _fit_rows(sheet, widths: list[float], first_row: int = 1) -> None:
    """Row heights for wrapped text: LibreOffice and Excel do not grow rows written by openpyxl."""
    for row in sheet.iter_rows(min_row=first_row):
        lines = max((lines_needed(c.value, widths[c.column - 1]) for c in row if c.value), default=1)
        sheet.row_dimensions[row[0].row].height = lines * LINE_POINTS + 4


def _print_setup(sheet, last_column: int) -> None:
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_margins = PageMargins(left=0.4, right=0.4, top=0.5, bottom=0.7, footer=0.3)
    sheet.print_area = f"A1:{get_column_letter(last_column)}{max(sheet.max_row, 1)}"
    sheet.oddFooter.center.text = "Page &P of &N"


def write_table(sheet, headings: list[str], rows: list[list[str]], widths: list[float]) -> None:
    """A printable table from A1: a bold shaded header row repeated on every printed page, text
    cells (never formulas) wrapped in a grid, rows tall enough for their text, landscape and one page
    wide."""
    sheet.append(list(headings))
    for cell in sheet[1]:
        cell.font = Font(name=FONT, bold=True, size=FONT_SIZE)
        cell.fill = PatternFill("solid", fgColor="E2E8F0")
        cell.border = GRID
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for n, row in enumerate(rows, start=2):
        for col, text in enumerate(row, start=1):
            cell = sheet.cell(row=n, column=col)
            cell.value = text
            cell.data_type = "s"  # text, never a formula
            cell.font = Font(name=FONT, size=FONT_SIZE)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            cell.border = GRID
    for col, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(col)].width = width
    _fit_rows(sheet, widths)
    sheet.freeze_panes = "A2"
    sheet.print_title_rows = "1:1"
    _print_setup(sheet, len(headings))


def _actions_sheet(sheet, record: Record, checkin: bool) -> None:
    write_table(sheet, _headings(checkin), rows(record, checkin), ACTION_WIDTHS + (PROGRESS_WIDTHS if checkin else []))
    rag_column = len(sections.SHEET_HEADINGS) + 2
    for n, action in enumerate(record.actions, start=2):
        if checkin and action.rag in RAG_FILL:
            sheet.cell(row=n, column=rag_column).fill = PatternFill("solid", fgColor=RAG_FILL[action.rag])


def summary_lines(record: Record) -> list[tuple[str, str]]:
    lines: list[tuple[str, str]] = [(Record.TITLE, ""), (sections.DATE_LABEL, record.date_label),
                                    ("Host school", record.school), ("ICs", record.ics or sections.NOT_GIVEN),
                                    ("Attendees", str(record.attendees))]
    lines += [pair for pair in sections.review_details(record) if pair[0] not in ("Host school", "ICs")]
    lines += sections.checkin_details(record)
    parts = [(sections.FOCUS, record.focus), (sections.OUTCOMES, record.outcomes),
             *sections.follow_up_lines(record), *[(q, getattr(record, k)) for k, q in sections.REVIEW]]
    for heading, items in parts:
        lines.append((heading, items[0] if items else ""))
        lines.extend(("", item) for item in items[1:])
    return lines


def _summary_sheet(sheet, record: Record) -> None:
    for label, value in summary_lines(record):
        sheet.append([label, value])
        label_cell, value_cell = sheet.cell(row=sheet.max_row, column=1), sheet.cell(row=sheet.max_row, column=2)
        value_cell.data_type = "s"
        label_cell.font = Font(name=FONT, bold=True, size=FONT_SIZE)
        value_cell.font = Font(name=FONT, size=FONT_SIZE)
        for cell in (label_cell, value_cell):
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet["A1"].font = Font(name=FONT, bold=True, size=12)
    sheet["A1"].alignment = Alignment(wrap_text=False, vertical="top")  # the title runs on across B1
    for col, width in enumerate(SUMMARY_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(col)].width = width
    _fit_rows(sheet, SUMMARY_WIDTHS, first_row=2)
    _print_setup(sheet, 2)


def to_xlsx(record: Record, checkin: bool = False) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Check-in" if checkin else "Actions"
    _actions_sheet(sheet, record, checkin)
    _summary_sheet(book.create_sheet("Summary"), record)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
