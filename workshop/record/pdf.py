"""The record as a PDF: A4, DejaVu Sans embedded (any name prints), "Page n of N" in the footer.
Page one is the programme's template filled in (sections.py); the appendix starts on a new page and
draws the activities' diagrams as vector graphics (record.drawing). Built with fpdf2 (pure Python)."""
from __future__ import annotations

import logging
from pathlib import Path

from fpdf import FPDF, FontFace
from fpdf.enums import TableCellFillMode

from . import drawing, pictures, sections
from .build import Record

FONTS = Path(__file__).parent / "fonts"
logging.getLogger("fontTools").setLevel(logging.WARNING)  # its subsetter logs every glyph at INFO
NAVY = (11, 37, 69)
MUTED = (74, 82, 96)
LINE = (150, 158, 170)
HEAD_FILL = (226, 232, 240)
GROUP_FILL = (243, 246, 250)
FIRST_PAGE_SIZE = 9  # page one holds the template: its bullets a touch smaller, so ~8 actions fit
RAG_FILL = {"red": (248, 200, 200), "amber": (255, 226, 170), "green": (196, 235, 200)}
CHECKIN_TITLE = "90-day check-in on the agreed actions"


class _Doc(FPDF):
    def __init__(self, record: Record, checkin: bool):
        super().__init__(orientation="L" if checkin else "P", unit="mm", format="A4")
        self.record, self.checkin = record, checkin
        self.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
        self.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
        self.set_margins(15, 13, 15)
        self.set_auto_page_break(True, margin=15)
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

    def write_line(self, text: str, size: float = 9.5, bold: bool = False, colour=(0, 0, 0), height: float = 4.6):
        self.set_font("DejaVu", "B" if bold else "", size)
        self.set_text_color(*colour)
        self.multi_cell(0, height, text, align="L", new_x="LMARGIN", new_y="NEXT")
        self.set_text_color(0, 0, 0)

    def heading(self, text: str, level: int = 2, keep: float = 0) -> None:
        """Level 1 opens a new page; a heading never ends a page (it keeps `keep` mm or a few lines)."""
        if level == 1:
            self.add_page()
            self.write_line(text, 15, True, NAVY, 8)
            self.ln(1)
            return
        size = 11.5 if level == 2 else 9.5
        if self.will_page_break(max(keep, 24 if level == 2 else 12)):
            self.add_page()
        self.ln(2 if level == 2 else 1)
        self.write_line(text, size, True, NAVY, 5.6 if level == 2 else 4.8)
        self.ln(0.5)

    def bullets(self, items: list[str], size: float = 9.5) -> None:
        self.set_font("DejaVu", "", size)
        if not items:
            self.write_line(sections.NONE_YET, size, colour=MUTED)
            return
        for item in items:
            self.set_x(self.l_margin + 2)
            self.cell(4, size * 0.47, "•")
            self.multi_cell(0, size * 0.47, item, align="L", new_x="LMARGIN", new_y="NEXT")
            self.ln(0.3)

    def pairs(self, pairs: list[tuple[str, str]], label_width: float = 52) -> None:
        for label, value in pairs:
            self.set_font("DejaVu", "B", 9.5)
            self.set_text_color(*MUTED)
            self.cell(label_width, 5.2, label)
            self.set_font("DejaVu", "", 9.5)
            self.set_text_color(0, 0, 0)
            self.multi_cell(0, 5.2, value, align="L", new_x="LMARGIN", new_y="NEXT")

    def table_of(self, headings, rows, widths, groups=None, size: float = 8.5) -> None:
        """A table whose header repeats on every page; with `groups` [(heading, rows)], each group
        is a spanning row followed by its rows."""
        self.set_font("DejaVu", "", size)
        self.set_draw_color(*LINE)
        with self.table(col_widths=widths, width=sum(widths), align="LEFT", text_align="LEFT",
                        line_height=size * 0.48, padding=1.1, v_align="TOP", first_row_as_headings=True,
                        repeat_headings=1, headings_style=FontFace(emphasis="BOLD", fill_color=HEAD_FILL, color=NAVY),
                        cell_fill_mode=TableCellFillMode.NONE, borders_layout="ALL") as table:
            header = table.row()
            for text in headings:
                header.cell(text)
            for heading, group_rows in (groups if groups is not None else [(None, rows)]):
                if heading is not None:
                    table.row().cell(heading, colspan=len(widths),
                                     style=FontFace(emphasis="BOLD", fill_color=GROUP_FILL, color=NAVY))
                for cells, fill in group_rows:
                    row = table.row()
                    for n, text in enumerate(cells):
                        row.cell(text, style=FontFace(fill_color=fill[1]) if fill and fill[0] == n else None)
        self.ln(1.5)

    # --- the parts ----------------------------------------------------------------------

    def first_page(self) -> None:
        record = self.record
        self.write_line(CHECKIN_TITLE if self.checkin else Record.TITLE, 15, True, NAVY, 8)
        self.ln(1)
        details = [(sections.DATE_LABEL, record.date_label)]
        if self.checkin:
            details += [("Host school", record.school), ("90-day check-in", record.checkin_label)]
        self.pairs(details, 42)
        self.ln(2)
        if not self.checkin:
            self.heading(sections.FOCUS)
            self.bullets(record.focus, FIRST_PAGE_SIZE)
            self.heading(sections.OUTCOMES)
            self.bullets(record.outcomes, FIRST_PAGE_SIZE)
            self.ln(1.5)
            self.write_line(sections.LEAD_IN, 9.5)
            self.ln(1)
        self.actions()

    def actions(self) -> None:
        headings = list(sections.ACTION_HEADINGS)
        widths = [66, 40, 36, 38]  # wide enough for the timings heading in three lines
        if self.checkin:
            headings += list(sections.PROGRESS_HEADINGS)
            widths = [64, 28, 32, 38, 22, 21, 62]
        groups = []
        for heading, actions in sections.groups(self.record):
            rows = []
            for action in actions:
                cells = sections.action_row(action)
                fill = None
                if self.checkin:
                    cells += sections.progress_row(action)
                    fill = (5, RAG_FILL[action.rag]) if action.rag in RAG_FILL else None
                rows.append((cells, fill))
            groups.append((heading, rows))
        self.table_of(headings, None, widths, groups)

    def picture(self, picture: dict) -> None:
        art = pictures.draw(picture)
        room = self.h - self.b_margin - 13 - 18  # a whole page under the title and caption
        scale = min(1.0, room / art.height)
        self.heading(picture["title"], 3, keep=art.height * scale + 14)
        self.write_line(pictures.caption(picture), 8.5, colour=MUTED, height=4.2)
        self.ln(1.5)
        top = self.get_y()
        drawing.to_pdf(self, art, self.l_margin, top, scale)
        self.set_y(top + art.height * scale + 3)

    def appendix(self) -> None:
        for block in sections.appendix(self.record):
            kind = block[0]
            if kind == "heading":
                self.heading(block[1], block[2])
            elif kind == "pairs":
                self.pairs(block[1])
            elif kind == "bullets":
                self.bullets(block[1])
            elif kind == "text":
                self.write_line(block[1])
                self.ln(0.6)
            elif kind == "table":
                self.table_of(block[1], [(r, None) for r in block[2]], [50, 42, 44, 44], size=8.5)
            elif kind == "picture":
                self.picture(block[1])


def render(record: Record, checkin: bool = False) -> bytes:
    doc = _Doc(record, checkin)
    doc.add_page()
    doc.first_page()
    if not checkin:
        doc.appendix()
    return bytes(doc.output())
