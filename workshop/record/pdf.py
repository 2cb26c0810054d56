"""The record as a PDF: A4, DejaVu Sans embedded (any name prints), the actions table's header
repeated on every page, "Page n of N" in the footer. Built with fpdf2 (pure Python)."""
from __future__ import annotations

import logging
from pathlib import Path

from fpdf import FPDF, FontFace
from fpdf.enums import TableCellFillMode

from . import sections
from .build import Record

FONTS = Path(__file__).parent / "fonts"
logging.getLogger("fontTools").setLevel(logging.WARNING)  # its subsetter logs every glyph at INFO
NAVY = (11, 37, 69)
MUTED = (74, 82, 96)
LINE = (150, 158, 170)
HEAD_FILL = (226, 232, 240)
RAG_FILL = {"red": (248, 200, 200), "amber": (255, 226, 170), "green": (196, 235, 200)}


class _Doc(FPDF):
    def __init__(self, record: Record, checkin: bool):
        super().__init__(orientation="L" if checkin else "P", unit="mm", format="A4")
        self.record, self.checkin = record, checkin
        self.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
        self.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
        self.set_margins(15, 14, 15)
        self.set_auto_page_break(True, margin=16)
        self.set_title(f"{Record.TITLE} – {record.school}")
        self.set_author(record.ics or record.school)
        self.set_creator("Workshop")
        self.set_lang("en-GB")

    def footer(self) -> None:
        self.set_y(-11)
        self.set_font("DejaVu", "", 8)
        self.set_text_color(*MUTED)
        what = "90-day check-in" if self.checkin else "Summary of improvement workshop"
        self.cell(0, 5, f"{self.record.school} · {what} · {self.record.date_label}", align="L")
        self.set_x(self.l_margin)
        self.cell(0, 5, f"Page {self.page_no()} of {{nb}}", align="R")

    # --- pieces -------------------------------------------------------------------------

    def heading(self, text: str, size: float = 11.5) -> None:
        if self.will_page_break(24 if size > 10 else 12):  # keep a heading with what follows
            self.add_page()
        self.ln(2 if size > 10 else 1)
        self.set_font("DejaVu", "B", size)
        self.set_text_color(*NAVY)
        self.multi_cell(0, 5.6 if size > 10 else 4.8, text, align="L", new_x="LMARGIN", new_y="NEXT")
        self.set_text_color(0, 0, 0)
        self.ln(0.5)

    def bullets(self, items: list[str]) -> None:
        self.set_font("DejaVu", "", 9.5)
        if not items:
            self.set_text_color(*MUTED)
            self.multi_cell(0, 4.6, sections.NONE_YET, align="L", new_x="LMARGIN", new_y="NEXT")
            self.set_text_color(0, 0, 0)
            return
        for item in items:
            self.set_x(self.l_margin + 2)
            self.cell(4, 4.6, "•")
            self.multi_cell(0, 4.6, item, align="L", new_x="LMARGIN", new_y="NEXT")
            self.ln(0.4)

    def details(self) -> None:
        self.set_font("DejaVu", "B", 15)
        self.set_text_color(*NAVY)
        title = "90-day check-in on the agreed actions" if self.checkin else Record.TITLE
        self.multi_cell(0, 8, title, align="L", new_x="LMARGIN", new_y="NEXT")
        self.ln(1.5)
        label_width = 52
        for label, value in sections.details(self.record):
            self.set_font("DejaVu", "B", 9.5)
            self.set_text_color(*MUTED)
            self.cell(label_width, 5.5, label)
            self.set_font("DejaVu", "", 9.5)
            self.set_text_color(0, 0, 0)
            self.multi_cell(0, 5.5, value, align="L", new_x="LMARGIN", new_y="NEXT")
        if self.checkin:
            self.set_font("DejaVu", "B", 9.5)
            self.set_text_color(*MUTED)
            self.cell(label_width, 5.5, "90-day check-in")
            self.set_font("DejaVu", "", 9.5)
            self.set_text_color(0, 0, 0)
            self.multi_cell(0, 5.5, self.record.checkin_label, align="L", new_x="LMARGIN", new_y="NEXT")
        self.set_draw_color(*LINE)
        self.ln(1)
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
        self.ln(1)

    def actions(self) -> None:
        headings = list(sections.ACTION_HEADINGS)
        widths = [55, 25, 30, 30, 40]
        if self.checkin:
            headings = headings[:4] + list(sections.PROGRESS_HEADINGS)
            widths = [62, 25, 32, 30, 22, 20, 76]
        self.set_font("DejaVu", "", 8.5)
        self.set_draw_color(*LINE)
        if not self.record.actions:
            self.bullets([])
            return
        with self.table(col_widths=widths, width=sum(widths), align="LEFT", text_align="LEFT",
                        line_height=4.2, padding=1.2, v_align="TOP", first_row_as_headings=True, repeat_headings=1,
                        headings_style=FontFace(emphasis="BOLD", fill_color=HEAD_FILL, color=NAVY),
                        cell_fill_mode=TableCellFillMode.NONE, borders_layout="ALL") as table:
            header = table.row()
            for text in headings:
                header.cell(text)
            for action in self.record.actions:
                row = table.row()
                cells = sections.action_row(action)
                if self.checkin:
                    cells = cells[:4] + sections.progress_row(action)
                for n, text in enumerate(cells):
                    style = None
                    if self.checkin and n == 5 and action.rag in RAG_FILL:
                        style = FontFace(fill_color=RAG_FILL[action.rag])
                    row.cell(text, style=style)
        self.ln(1.5)
        self.set_font("DejaVu", "", 8)
        self.set_text_color(*MUTED)
        self.multi_cell(0, 4.2, sections.support_key(), align="L", new_x="LMARGIN", new_y="NEXT")
        self.set_text_color(0, 0, 0)


def render(record: Record, checkin: bool = False) -> bytes:
    doc = _Doc(record, checkin)
    doc.add_page()
    doc.details()
    if not checkin:
        doc.heading("The workshop focused on…")
        doc.bullets(record.focus)
        doc.heading("The key outcomes were…")
        doc.bullets(record.outcomes)
    doc.heading("Agreed actions" if not checkin else "Progress on the agreed actions")
    doc.actions()
    if not checkin:
        doc.heading("Reporting back and follow-up")
        for label, items in sections.follow_up_lines(record):
            doc.heading(label, size=9.5)
            doc.bullets(items)
        doc.set_font("DejaVu", "B", 9.5)
        doc.ln(1)
        doc.multi_cell(0, 5, f"90-day check-in: {record.checkin_label}", align="L", new_x="LMARGIN", new_y="NEXT")
        doc.heading("Reviewing the experience")
        for key, question in sections.REVIEW:
            doc.heading(question, size=9.5)
            doc.bullets(getattr(record, key))
    return bytes(doc.output())
