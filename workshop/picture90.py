"""The 90-day picture: each school of a partnership, its agreed actions with their latest progress
(status and RAG) and its check-in date, and per school how many actions are red, amber, green or
not rated yet. Pure over the session: it reads the records (record.build), never writes.

Which workshop stands for a school: its newest workshop (not archived) that has agreed actions. A
planned workshop with no actions yet does not hide the follow-up of the last one; a school with no
agreed actions at all is still listed, so the meeting sees who has nothing to report.

Privacy: only what the partnership may see crosses (partnerships.py): each action is copied into a
plain Item holding its words, level, timing and progress, never its updates' notes or who wrote
them, and nothing of the workshop but the school's name and its dates.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import Partnership, PartnerSchool
from .partnerships import workshops_of
from .record import build, drawing
from .record.build import nice_date
from .record.levels import RAGS, support_label

# The chart's and the counts' order: the RAG words, then actions nobody has rated yet ("").
RAG_ORDER = ("red", "amber", "green", "")
RAG_WORDS = {**RAGS, "": "Not rated"}
LEVEL_ORDER = {"a": 0, "b": 1, "c": 2}


@dataclass(frozen=True)
class Item:
    """One agreed action as the partnership sees it."""
    text: str
    level: str  # "a" | "b" | "c" | "" (not agreed)
    when: str  # by when, as the plan words it
    status: str  # a key of record.levels.STATUSES, "" before any update
    status_label: str
    rag: str  # "red" | "amber" | "green" | ""
    updated: date | None  # the day of the latest progress update

    @property
    def level_label(self) -> str:
        return support_label(self.level) or "Not agreed"

    @property
    def rag_label(self) -> str:
        return RAG_WORDS.get(self.rag, RAG_WORDS[""])


@dataclass
class School:
    name: str
    workshop_date: date | None = None
    checkin: date | None = None
    items: list[Item] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        """How many actions are red, amber, green and not rated ("")."""
        found = dict.fromkeys(RAG_ORDER, 0)
        for item in self.items:
            found[item.rag if item.rag in found else ""] += 1
        return found

    @property
    def checkin_label(self) -> str:
        return nice_date(self.checkin) or "To be agreed"

    @property
    def workshop_label(self) -> str:
        return nice_date(self.workshop_date) or "Date to be set"


@dataclass
class Picture:
    partnership: str
    schools: list[School]
    made: date

    @property
    def counts(self) -> dict[str, int]:
        found = dict.fromkeys(RAG_ORDER, 0)
        for school in self.schools:
            for key, n in school.counts.items():
                found[key] += n
        return found

    @property
    def total(self) -> int:
        return sum(len(s.items) for s in self.schools)


def counts_text(counts: dict[str, int]) -> str:
    """"1 red, 2 amber, 0 green, 1 not rated": the chart's words, for a reader who can't see it."""
    return ", ".join(f"{counts[k]} {RAG_WORDS[k].lower()}" for k in RAG_ORDER)


def _item(action) -> Item:
    latest = action.latest
    return Item(action.text, action.support, action.when_label, latest.status if latest else "",
                action.status_label, action.rag, latest.at.date() if latest else None)


def picture(session: Session, partnership_id: int, today: date | None = None) -> Picture:
    partnership = session.get(Partnership, partnership_id)
    if partnership is None:
        raise LookupError(f"There is no partnership {partnership_id}.")
    named = list(session.scalars(select(PartnerSchool).where(PartnerSchool.partnership_id == partnership_id)
                                 .order_by(PartnerSchool.name, PartnerSchool.id)))
    schools: dict[object, School] = {s.id: School(s.name) for s in named}
    # A workshop not tied to one of the partnership's schools is shown under its own school name.
    newest_first = sorted(workshops_of(session, partnership_id),
                          key=lambda w: (w.date is not None, w.date or date.min, w.id), reverse=True)
    for workshop in newest_first:
        key = workshop.partner_school_id if workshop.partner_school_id in schools else f"name:{workshop.school}"
        school = schools.setdefault(key, School(workshop.school))
        if school.items:
            continue  # this school's newer workshop with actions already stands for it
        record = build(session, workshop.id)
        if not record.actions:
            continue
        school.workshop_date, school.checkin = record.date, record.checkin
        actions = sorted(record.actions, key=lambda a: LEVEL_ORDER.get(a.support, len(LEVEL_ORDER)))
        school.items = [_item(a) for a in actions]
    loose = sorted((s for k, s in schools.items() if isinstance(k, str)), key=lambda s: s.name.lower())
    return Picture(partnership.name, [s for k, s in schools.items() if not isinstance(k, str)] + loose,
                   today or date.today())


# --- the chart: per school a stacked bar of its actions by RAG, drawn once for the page (SVG)
# and the PDF (vectors) by record.drawing. Every segment says its count and word where it fits,
# and the legend names the colours: colour is never the only way to read it.

CHART_FILL = {"red": (222, 96, 96), "amber": (242, 178, 58), "green": (104, 186, 116), "": (226, 230, 236)}
CHART_EDGE = (90, 98, 110)
MUTED = (74, 82, 96)
CHART_TEXT = 9  # points
BAR = 7.5  # mm
GAP = 3.5


def chart(pic: Picture, width: float = 250.0) -> drawing.Drawing:
    """The chart `width` mm wide, as shapes (record.drawing)."""
    label_width = min(70.0, width * 0.28)
    bar_left = label_width + 3
    bar_width = width - bar_left - 26  # room for "12 actions" after the longest bar
    unit = bar_width / max([len(s.items) for s in pic.schools] + [1])
    step = drawing.line_height(CHART_TEXT)
    art = drawing.Drawing(width, 0)
    x = bar_left
    for key in RAG_ORDER:  # the legend: a swatch and its word
        art.add(drawing.Box(x, 0.5, 4, 4, fill=CHART_FILL[key], stroke=CHART_EDGE, width=0.2))
        art.add(*drawing.text_block(x + 5.5, 0.5, [RAG_WORDS[key]], CHART_TEXT))
        x += 5.5 + drawing.measure(RAG_WORDS[key], CHART_TEXT) + 7
    y = 9.0
    for school in pic.schools:
        lines = drawing.wrap(school.name, label_width, CHART_TEXT, bold=True, max_lines=2)
        row = max(BAR, len(lines) * step)
        art.add(*drawing.text_block(0, y + (row - len(lines) * step) / 2, lines, CHART_TEXT, bold=True))
        top = y + (row - BAR) / 2
        text_top = top + (BAR - step) / 2
        x = bar_left
        for key in RAG_ORDER:
            n = school.counts[key]
            if not n:
                continue
            art.add(drawing.Box(x, top, n * unit, BAR, fill=CHART_FILL[key], stroke=CHART_EDGE, width=0.2))
            label = next((t for t in (f"{n} {RAG_WORDS[key].lower()}", str(n))
                          if drawing.measure(t, CHART_TEXT - 1) + 1.5 <= n * unit), "")
            if label:
                art.add(*drawing.text_block(x, text_top, [label], CHART_TEXT - 1, align="C", width=n * unit))
            x += n * unit
        total = len(school.items)
        note = f"{total} action{'' if total == 1 else 's'}" if total else "No agreed actions yet"
        art.add(*drawing.text_block(x + 2, text_top, [note], CHART_TEXT - 1, colour=MUTED))
        y += row + GAP
    art.height = y
    return art


def chart_text(pic: Picture) -> list[str]:
    """The chart in words, one line a school."""
    return [f"{s.name}: {counts_text(s.counts)}" if s.items else f"{s.name}: no agreed actions yet"
            for s in pic.schools]
