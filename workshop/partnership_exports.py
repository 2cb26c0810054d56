"""The partnership's planning meeting on paper: its asks and offers as CSV and XLSX (one row per
ask and offer; an ask nobody has offered for yet is one row with empty offer columns), and the
90-day picture as a PDF (the chart drawn as vectors, then each school's actions).

The spreadsheets follow record/sheets.py, and reuse its helpers: UTF-8 with BOM and CRLF, cells
a spreadsheet will not run as formulas, and an XLSX that prints landscape, fitted to the width,
with its header on every page."""
from __future__ import annotations

import codecs
import csv
import io
from datetime import date

from fpdf import FPDF, FontFace
from fpdf.enums import TableCellFillMode
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from .partnerships import Ask
from .picture90 import Picture, chart, counts_text
from .record import drawing, sections
from .record.build import nice_date
from .record.pdf import FONTS, HEAD_FILL, GROUP_FILL, LINE, MUTED, NAVY, RAG_FILL
from .record.sheets import _safe, write_table

HEADINGS = ("School", sections.DATE_LABEL, sections.ACTION_HEADINGS[0], "How it will be addressed",
            sections.ACTION_HEADINGS[1], sections.ACTION_HEADINGS[2], "Status", "Offering school",
            "Offered by", "What is offered", "Offered by when", "Agreed")
WIDTHS = [20, 13, 34, 24, 16, 18, 10, 20, 18, 32, 14, 9]


def rows(asks: list[Ask]) -> list[list[str]]:
    found = []
    for ask in asks:
        action = ask.action
        head = [ask.school, nice_date(ask.workshop_date), action.text, "; ".join(action.how_labels),
                action.when_label, action.who, ask.status_label]
        for offer in ask.offers or [None]:
            found.append(head + ([offer.school, offer.who, offer.what, offer.when, "Yes" if offer.agreed else "No"]
                                 if offer else [""] * 5))
    return found


def slug(name: str) -> str:
    text = "".join(ch if ch.isalnum() else "-" for ch in name.lower()).strip("-")
    while "--" in text:
        text = text.replace("--", "-")
    return text[:40] or "partnership"


def filename(partnership: str, kind: str, ext: str, today: date | None = None) -> str:
    """'north-cluster-asks-and-offers-2026-11-29.csv'."""
    return f"{slug(partnership)}-{kind}-{(today or date.today()).isoformat()}.{ext}"


def to_csv(asks: list[Ask]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(HEADINGS)
    for row in rows(asks):
        writer.writerow([_safe(cell) for cell in row])
    return codecs.BOM_UTF8 + out.getvalue().encode("utf-8")


def to_xlsx(asks: list[Ask]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Asks and offers"
    write_table(sheet, list(HEADINGS), rows(asks), WIDTHS)
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(HEADINGS))}{max(sheet.max_row, 1)}"  # sort by school, status
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --- the 90-day picture as a PDF ------------------------------------------------------------------

PICTURE_TITLE = "90-day picture"
PICTURE_HEADINGS = ("Action agreed", "Support level", "By when", "Status", "Progress (RAG)")
PICTURE_WIDTHS = [112, 44, 38, 43, 30]  # 267 mm: landscape A4 inside 15 mm margins


class _Doc(FPDF):
    def __init__(self, pic: Picture):
        super().__init__(orientation="L", unit="mm", format="A4")
        self.pic = pic
        self.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
        self.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
        self.set_margins(15, 13, 15)
        self.set_auto_page_break(True, margin=15)
        self.set_title(f"{PICTURE_TITLE} – {pic.partnership}")
        self.set_creator("Workshop")
        self.set_lang("en-GB")

    def footer(self) -> None:
        self.set_y(-11)
        self.set_font("DejaVu", "", 8)
        self.set_text_color(*MUTED)
        self.cell(0, 5, f"{self.pic.partnership} · {PICTURE_TITLE} · {nice_date(self.pic.made)}", align="L")
        self.set_x(self.l_margin)
        self.cell(0, 5, f"Page {self.page_no()} of {{nb}}", align="R")

    def line_of(self, text: str, size: float, bold: bool = False, colour=(0, 0, 0), height: float = 5) -> None:
        self.set_font("DejaVu", "B" if bold else "", size)
        self.set_text_color(*colour)
        self.multi_cell(0, height, text, align="L", new_x="LMARGIN", new_y="NEXT")
        self.set_text_color(0, 0, 0)

    def top(self) -> None:
        pic = self.pic
        self.line_of(f"{PICTURE_TITLE}: {pic.partnership}", 15, True, NAVY, 8)
        self.line_of(f"{len(pic.schools)} schools · {pic.total} agreed actions: {counts_text(pic.counts)}. "
                     f"Made {nice_date(pic.made)}.", 9.5, colour=MUTED)
        self.ln(3)
        art = chart(pic, self.epw)
        room = self.h - self.b_margin - self.get_y() - 4
        scale = min(1.0, room / art.height) if art.height else 1.0
        top = self.get_y()
        drawing.to_pdf(self, art, self.l_margin, top, scale)
        self.set_y(top + art.height * scale + 4)

    def actions(self) -> None:
        size = 8.5
        self.set_font("DejaVu", "", size)
        self.set_draw_color(*LINE)
        self.set_fill_color(255, 255, 255)  # the chart left its last fill colour set
        with self.table(col_widths=PICTURE_WIDTHS, width=sum(PICTURE_WIDTHS), align="LEFT",
                        text_align="LEFT", line_height=size * 0.48, padding=1.1, v_align="TOP",
                        first_row_as_headings=True, repeat_headings=1,
                        headings_style=FontFace(emphasis="BOLD", fill_color=HEAD_FILL, color=NAVY),
                        cell_fill_mode=TableCellFillMode.NONE, borders_layout="ALL") as table:
            header = table.row()
            for text in PICTURE_HEADINGS:
                header.cell(text)
            for school in self.pic.schools:
                heading = (f"{school.name} · workshop {school.workshop_label} · 90-day check-in "
                           f"{school.checkin_label} · {counts_text(school.counts)}") if school.items else \
                    f"{school.name} · no agreed actions yet"
                table.row().cell(heading, colspan=len(PICTURE_WIDTHS),
                                 style=FontFace(emphasis="BOLD", fill_color=GROUP_FILL, color=NAVY))
                for item in school.items:
                    row = table.row()
                    status = item.status_label + (f"\nupdated {item.updated:%-d %b %Y}" if item.updated else "")
                    for text in (item.text, item.level_label, item.when, status):
                        row.cell(text)
                    row.cell(item.rag_label, style=FontFace(fill_color=RAG_FILL.get(item.rag)) if item.rag else None)


def picture_pdf(pic: Picture) -> bytes:
    doc = _Doc(pic)
    doc.add_page()
    doc.top()
    if doc.will_page_break(30):
        doc.add_page()
    doc.actions()
    return bytes(doc.output())

