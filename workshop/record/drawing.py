"""A picture as a list of simple shapes in millimetres, and two ways to draw it: onto an fpdf2 page
(vector) and into a PNG (Pillow, for Word). Layouts are built once (record.pictures) and drawn by
either backend, so the PDF and the Word document show the same diagram.

Text is measured with the same DejaVu Sans the PDF embeds, so a line wrapped here fits there.
"""
from __future__ import annotations

import io
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from PIL import Image, ImageDraw, ImageFont

FONTS = Path(__file__).parent / "fonts"
FONT_FILES = {False: FONTS / "DejaVuSans.ttf", True: FONTS / "DejaVuSans-Bold.ttf"}
PT = 25.4 / 72  # one point in mm
BLACK = (0, 0, 0)


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    colour: tuple = BLACK
    width: float = 0.3


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    w: float
    h: float
    fill: tuple | None = None
    stroke: tuple | None = BLACK
    width: float = 0.25


@dataclass(frozen=True)
class Dot:
    cx: float
    cy: float
    r: float
    fill: tuple = BLACK


@dataclass(frozen=True)
class Shape:  # a filled polygon (arrow heads)
    points: tuple
    fill: tuple = BLACK


@dataclass(frozen=True)
class Text:
    """One line of text; (x, y) is the left end of its baseline."""
    x: float
    y: float
    text: str
    size: float = 8  # points
    bold: bool = False
    colour: tuple = BLACK


@dataclass
class Drawing:
    width: float
    height: float
    shapes: list = field(default_factory=list)

    def add(self, *shapes) -> None:
        self.shapes.extend(shapes)


# --- text measuring and wrapping, shared by layouts and backends ---------------------------------

@lru_cache(maxsize=None)
def _font(bold: bool, px: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT_FILES[bold]), px)


def measure(text: str, size: float, bold: bool = False) -> float:
    """Width in mm of one line of text at `size` points."""
    return _font(bold, 1000).getlength(text) / 1000 * size * PT


def line_height(size: float) -> float:
    return size * PT * 1.25


def wrap(text: str, width: float, size: float, bold: bool = False, max_lines: int = 0) -> list[str]:
    """Words into lines no wider than `width` mm (a word too long for a line is cut); with
    max_lines, the last line kept ends in an ellipsis when text was left over."""
    lines: list[str] = []
    current = ""
    for word in " ".join(str(text).split()).split(" "):
        while word and measure(word, size, bold) > width:  # a very long word: split it
            cut = len(word)
            while cut > 1 and measure(word[:cut], size, bold) > width:
                cut -= 1
            if current:
                lines.append(current)
                current = ""
            lines.append(word[:cut])
            word = word[cut:]
        if not word:
            continue
        trial = f"{current} {word}" if current else word
        if measure(trial, size, bold) <= width:
            current = trial
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    if max_lines and len(lines) > max_lines:
        last = lines[max_lines - 1]
        while last and measure(last + "…", size, bold) > width:
            last = last[:-1]
        lines = lines[:max_lines - 1] + [last.rstrip() + "…"]
    return lines or [""]


def text_block(x: float, y: float, lines: list[str], size: float, bold: bool = False, colour: tuple = BLACK,
               align: str = "L", width: float = 0) -> list[Text]:
    """Lines of text whose first line's top is at y; align "C" or "R" within `width`."""
    step = line_height(size)
    found = []
    for n, line in enumerate(lines):
        left = x
        if align == "C":
            left = x + (width - measure(line, size, bold)) / 2
        elif align == "R":
            left = x + width - measure(line, size, bold)
        found.append(Text(left, y + n * step + size * PT * 0.95, line, size, bold, colour))
    return found


# --- backends ------------------------------------------------------------------------------------

def to_pdf(pdf, drawing: Drawing, x: float, y: float, scale: float = 1.0, font: str = "DejaVu") -> None:
    """Draw onto the current fpdf2 page with the drawing's top-left corner at (x, y) mm, shrunk by
    `scale` when the page is too small for it."""
    def at(px: float, py: float) -> tuple[float, float]:
        return x + px * scale, y + py * scale

    for s in drawing.shapes:
        if isinstance(s, Line):
            pdf.set_draw_color(*s.colour)
            pdf.set_line_width(s.width * scale)
            pdf.line(*at(s.x1, s.y1), *at(s.x2, s.y2))
        elif isinstance(s, Box):
            style = ("F" if s.fill else "") + ("D" if s.stroke else "")
            if not style:
                continue
            if s.fill:
                pdf.set_fill_color(*s.fill)
            if s.stroke:
                pdf.set_draw_color(*s.stroke)
                pdf.set_line_width(s.width * scale)
            pdf.rect(*at(s.x, s.y), s.w * scale, s.h * scale, style=style)
        elif isinstance(s, Dot):
            pdf.set_fill_color(*s.fill)
            pdf.ellipse(*at(s.cx - s.r, s.cy - s.r), 2 * s.r * scale, 2 * s.r * scale, style="F")
        elif isinstance(s, Shape):
            pdf.set_fill_color(*s.fill)
            pdf.polygon([at(px, py) for px, py in s.points], style="F")
        elif isinstance(s, Text):
            pdf.set_font(font, "B" if s.bold else "", s.size * scale)
            pdf.set_text_color(*s.colour)
            pdf.text(*at(s.x, s.y), s.text)
    pdf.set_text_color(0, 0, 0)
    pdf.set_draw_color(0, 0, 0)
    pdf.set_line_width(0.2)


def to_png(drawing: Drawing, dpi: int = 200) -> bytes:
    scale = dpi / 25.4  # pixels per mm

    def px(value: float) -> float:
        return value * scale

    image = Image.new("RGB", (round(px(drawing.width)), round(px(drawing.height))), "white")
    draw = ImageDraw.Draw(image)
    for s in drawing.shapes:
        if isinstance(s, Line):
            draw.line([(px(s.x1), px(s.y1)), (px(s.x2), px(s.y2))], fill=s.colour, width=max(1, round(px(s.width))))
        elif isinstance(s, Box):
            if not (s.fill or s.stroke):
                continue
            draw.rectangle([px(s.x), px(s.y), px(s.x + s.w), px(s.y + s.h)], fill=s.fill,
                           outline=s.stroke, width=max(1, round(px(s.width))) if s.stroke else 0)
        elif isinstance(s, Dot):
            draw.ellipse([px(s.cx - s.r), px(s.cy - s.r), px(s.cx + s.r), px(s.cy + s.r)], fill=s.fill)
        elif isinstance(s, Shape):
            draw.polygon([(px(a), px(b)) for a, b in s.points], fill=s.fill)
        elif isinstance(s, Text):
            draw.text((px(s.x), px(s.y)), s.text, fill=s.colour, anchor="ls",
                      font=_font(s.bold, max(1, round(s.size * PT * scale))))
    out = io.BytesIO()
    image.save(out, format="PNG", dpi=(dpi, dpi))
    return out.getvalue()


def _rgb(colour: tuple | None) -> str:
    return "none" if colour is None else "rgb({},{},{})".format(*colour)


def to_svg(drawing: Drawing, label: str) -> str:
    """The drawing as an inline SVG (the HTML record), scaled to its container's width; `label` is
    what a screen reader says for it."""
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {drawing.width:.1f} {drawing.height:.1f}" '
             f'role="img" aria-label={quoteattr(label)} font-family="DejaVu Sans, Verdana, sans-serif">']
    for s in drawing.shapes:
        if isinstance(s, Line):
            parts.append(f'<line x1="{s.x1:.2f}" y1="{s.y1:.2f}" x2="{s.x2:.2f}" y2="{s.y2:.2f}" '
                         f'stroke="{_rgb(s.colour)}" stroke-width="{s.width}"/>')
        elif isinstance(s, Box):
            parts.append(f'<rect x="{s.x:.2f}" y="{s.y:.2f}" width="{s.w:.2f}" height="{s.h:.2f}" '
                         f'fill="{_rgb(s.fill)}" stroke="{_rgb(s.stroke)}" stroke-width="{s.width}"/>')
        elif isinstance(s, Dot):
            parts.append(f'<circle cx="{s.cx:.2f}" cy="{s.cy:.2f}" r="{s.r}" fill="{_rgb(s.fill)}"/>')
        elif isinstance(s, Shape):
            points = " ".join(f"{x:.2f},{y:.2f}" for x, y in s.points)
            parts.append(f'<polygon points={quoteattr(points)} fill="{_rgb(s.fill)}"/>')
        elif isinstance(s, Text):
            weight = ' font-weight="bold"' if s.bold else ""
            parts.append(f'<text x="{s.x:.2f}" y="{s.y:.2f}" font-size="{s.size * PT:.2f}"{weight} '
                         f'fill="{_rgb(s.colour)}">{escape(s.text)}</text>')
    parts.append("</svg>")
    return "".join(parts)
