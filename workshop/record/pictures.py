"""The workshop's diagrams for the record's appendix: the fishbone with its root causes, the five-whys
chains, the dot vote, the diamond nine and the prioritisation matrix.

Two pure steps: ``of(activities)`` turns the activities' states into plain picture data (dicts of
texts and numbers, never an author's name: anonymous stays anonymous), and ``draw(picture)`` lays one
out as a drawing.Drawing (shapes in mm) that the PDF draws as vectors and Word gets as a PNG.
"""
from __future__ import annotations

import logging

from ..tools import diamond_nine, dotocracy, fishbone, five_whys, prioritisation_matrix
from ..tools.five_whys_views import chains
from ..tools.fishbone_views import visible, votes
from .drawing import Box, Dot, Drawing, Line, Shape, Text, line_height, measure, text_block, wrap

WIDTH = 180.0  # mm: an A4 portrait page between 15 mm margins
NAVY = (11, 37, 69)
MUTED = (74, 82, 96)
PALE = (226, 232, 240)
ROOT = (255, 226, 170)  # a confirmed root cause
GRID = (150, 158, 170)
MAX_CAUSES_PER_BONE = 8
MAX_BARS = 12
MAX_CHAINS = 3


# --- data: from an activity's state, texts and numbers only ----------------------------------------

def _fishbone(state: dict) -> dict | None:
    counts = votes(state)
    roots = set(state["roots"])
    bones = []
    for bone in state["bones"]:
        causes = []
        for c in state["causes"]:
            if c["bone"] != bone["id"] or c["parent"] is not None or not visible(state, c):
                continue
            subs = [s["text"] for s in state["causes"] if s["parent"] == c["id"] and visible(state, s)]
            causes.append({"text": c["text"], "root": c["id"] in roots, "votes": counts.get(c["id"], 0),
                           "subs": subs})
        bones.append({"title": bone["title"], "causes": causes})
    if not any(b["causes"] for b in bones):
        return None
    return {"kind": "fishbone", "problem": state["problem"], "bones": bones}


def _whys(state: dict) -> dict | None:
    by_id = {a["id"]: a for a in state["answers"]}
    paths = chains(state)
    rooted = [p for p in paths if by_id[p[-1]]["root_cause"]]
    paths = (rooted or paths)[:MAX_CHAINS]
    if not paths:
        return None
    return {"kind": "whys", "problem": state["problem"],
            "chains": [[{"text": by_id[i]["text"], "root": by_id[i]["root_cause"]} for i in p] for p in paths]}


def _dots(state: dict) -> dict | None:
    ranked = [c for c in dotocracy.outcomes(state) if c["votes"]]
    if not ranked:
        return None
    return {"kind": "bars", "bars": [{"text": c["text"], "votes": c["votes"]} for c in ranked[:MAX_BARS]],
            "more": max(len(ranked) - MAX_BARS, 0)}


def _diamond(state: dict) -> dict | None:
    cards = diamond_nine.outcomes(state)
    if not cards:
        return None
    rows: list[list[str]] = [[] for _ in range(5)]
    for card in cards:
        rows[card["row"] - 1].append(card["text"])
    return {"kind": "diamond", "rows": rows}


def _matrix(state: dict) -> dict | None:
    axes = state["axes"]
    cards = [c for c in prioritisation_matrix.outcomes(state) if c["quadrant_key"]]
    if not cards:
        return None
    return {"kind": "matrix", "x": axes["x"], "y": axes["y"], "quadrants": dict(axes["quadrants"]),
            "items": [{"number": n, "text": c["text"], "x": c["x"], "y": c["y"], "quadrant": c["quadrant"]}
                      for n, c in enumerate(cards, start=1)]}


log = logging.getLogger(__name__)

READERS = {fishbone.name: _fishbone, five_whys.name: _whys, dotocracy.name: _dots,
           diamond_nine.name: _diamond, prioritisation_matrix.name: _matrix}
KINDS = {"fishbone": "Fishbone", "whys": "Five whys", "bars": "Dot vote", "diamond": "Diamond nine",
         "matrix": "Prioritisation matrix"}


def of(activities) -> list[dict]:
    """Each activity with a diagram worth showing, in agenda order: {"title", "kind", ...data}."""
    found = []
    for activity in activities:
        reader = READERS.get(activity.tool)
        try:
            data = reader(activity.state) if reader and activity.state else None
        except Exception:  # noqa: BLE001 - a picture that can't be drawn must not stop the record opening
            log.exception("picture of activity %s (%s) failed", activity.id, activity.tool)
            data = None
        if data:
            title = activity.title or KINDS[data["kind"]]
            found.append({"title": title, **data})
    return found


def caption(picture: dict) -> str:
    """What the picture shows, in a sentence (also the HTML record's text for it)."""
    kind = picture["kind"]
    if kind == "fishbone":
        roots = [c["text"] for b in picture["bones"] for c in b["causes"] if c["root"]]
        return ("Root causes agreed: " + "; ".join(roots) + ".") if roots else "No root causes were confirmed."
    if kind == "whys":
        return "Root cause: " + "; ".join(c[-1]["text"] for c in picture["chains"]) + "."
    if kind == "bars":
        return "Most dots: " + picture["bars"][0]["text"] + f" ({picture['bars'][0]['votes']})."
    if kind == "diamond":
        return "Top of the diamond: " + "; ".join(picture["rows"][0]) + "."
    first = picture["items"][0]
    return f"First priority: {first['text']} ({first['quadrant']})."


# --- layout: picture data to shapes ------------------------------------------------------------------

def _arrow_down(x: float, y1: float, y2: float) -> list:
    return [Line(x, y1, x, y2 - 1.6, NAVY, 0.4), Shape(((x - 1.3, y2 - 2), (x + 1.3, y2 - 2), (x, y2)), NAVY)]


def _fishbone_drawing(p: dict) -> Drawing:
    size, head_w = 7, 34
    bones = p["bones"]
    top, bottom = bones[0::2], bones[1::2]
    columns = max(len(top), len(bottom), 1)
    col_w = (WIDTH - head_w - 4) / columns
    text_w = col_w - 11  # clear of the slanted bone

    def cause_lines(bone: dict) -> list[tuple[str, bool, bool]]:
        lines = []
        for cause in bone["causes"][:MAX_CAUSES_PER_BONE]:
            mark = f" ({cause['votes']})" if cause["votes"] else ""
            for n, line in enumerate(wrap(f"{cause['text']}{mark}", text_w, size, cause["root"], 5)):
                lines.append(((("• " if n == 0 else "  ") + line), cause["root"], False))
            for sub in cause["subs"][:3]:
                for n, line in enumerate(wrap(sub, text_w - 3, size - 0.5, max_lines=2)):
                    lines.append(((" – " if n == 0 else "    ") + line, False, True))
        hidden = len(bone["causes"]) - MAX_CAUSES_PER_BONE
        if hidden > 0:
            lines.append((f"  and {hidden} more", False, True))
        return lines

    step = line_height(size)
    half = lambda group: max((len(cause_lines(b)) for b in group), default=0) * step + 11  # noqa: E731
    top_h, bottom_h = max(half(top), 22), max(half(bottom), 22)
    spine = top_h + 2
    height = spine + bottom_h + 12
    d = Drawing(WIDTH, height)
    spine_end = WIDTH - head_w
    d.add(Line(0, spine, spine_end, spine, NAVY, 0.8))
    problem = wrap(p["problem"] or "The problem", head_w - 4, 8, True, 9)
    box_h = len(problem) * line_height(8) + 4
    d.add(Box(spine_end, spine - box_h / 2, head_w, box_h, PALE, NAVY, 0.4))
    d.add(*text_block(spine_end + 2, spine - box_h / 2 + 2, problem, 8, True, NAVY))
    for above, group in ((True, top), (False, bottom)):
        for n, bone in enumerate(group):
            x0 = n * col_w
            title = wrap(bone["title"], col_w - 2, 8, True, 2)
            label_y = 0 if above else height - 8
            end_y = 8 if above else height - 8
            d.add(Line(x0 + col_w - 8, end_y, x0 + col_w, spine, NAVY, 0.5))
            d.add(*text_block(x0 + 1, label_y, title, 8, True, NAVY))
            lines = cause_lines(bone)
            y = 10 if above else spine + 3
            for text, root, sub in lines:
                if root:
                    d.add(Box(x0 + 1, y + 0.2, measure(text, size, True) + 1, step, ROOT, None))
                d.add(*text_block(x0 + 1.5, y, [text], size - (0.5 if sub else 0), root, MUTED if sub else (0, 0, 0)))
                y += step
    key = "Highlighted: the root causes the group confirmed; (n) = marks it received."
    d.height = height + 5
    d.add(*text_block(0, height, [key], 7, False, MUTED))
    return d


def _whys_drawing(p: dict) -> Drawing:
    size = 8
    count = len(p["chains"])
    gap = 6
    col_w = min((WIDTH - gap * (count - 1)) / count, 110)
    left0 = (WIDTH - (col_w * count + gap * (count - 1))) / 2
    d = Drawing(WIDTH, 0)
    bottom = 0.0
    for n, chain in enumerate(p["chains"]):
        x = left0 + n * (col_w + gap)
        y = 0.0
        boxes = [{"text": p["problem"] or "The problem", "root": False, "problem": True}, *chain]
        for k, node in enumerate(boxes):
            bold = node.get("problem") or node["root"]
            lines = wrap(node["text"], col_w - 4, size, bold, 4)
            h = len(lines) * line_height(size) + 3
            fill = PALE if node.get("problem") else ROOT if node["root"] else None
            d.add(Box(x, y, col_w, h, fill, NAVY if bold else GRID, 0.35))
            d.add(*text_block(x + 2, y + 1.5, lines, size, bold, NAVY if node.get("problem") else (0, 0, 0)))
            y += h
            if k < len(boxes) - 1:
                d.add(*_arrow_down(x + col_w / 2, y, y + 6))
                d.add(*text_block(x + col_w / 2 + 2, y + 0.6, [f"Why? ({k + 1})"], 6.5, False, MUTED))
                y += 6
        bottom = max(bottom, y)
    d.height = bottom + 1
    return d


def _bars_drawing(p: dict) -> Drawing:
    size, label_w, count_w = 8, 88, 10
    bar_max = WIDTH - label_w - count_w - 4
    most = max(b["votes"] for b in p["bars"])
    d = Drawing(WIDTH, 0)
    y = 0.0
    for bar in p["bars"]:
        lines = wrap(bar["text"], label_w - 2, size, max_lines=2)
        h = max(len(lines) * line_height(size), 5) + 2
        d.add(*text_block(0, y + 1, lines, size))
        length = bar_max * bar["votes"] / most
        d.add(Box(label_w, y + 1, length, h - 2.5, NAVY, None))
        d.add(*text_block(label_w + length + 1.5, y + 1, [str(bar["votes"])], size, True, NAVY))
        y += h
    d.add(Line(label_w, 0, label_w, y, GRID, 0.3))
    if p["more"]:
        d.add(*text_block(0, y + 1, [f"and {p['more']} more with fewer dots"], 7, False, MUTED))
        y += line_height(7) + 1
    d.height = y + 1
    return d


def _diamond_drawing(p: dict) -> Drawing:
    size, box_w, gap = 7.5, 48, 3
    heights = []
    for row in p["rows"]:
        most = max((len(wrap(t, box_w - 4, size, max_lines=4)) for t in row), default=1)
        heights.append(most * line_height(size) + 4)
    d = Drawing(WIDTH, sum(heights) + gap * 4)
    y = 0.0
    for r, (row, h) in enumerate(zip(p["rows"], heights)):
        total = len(row) * box_w + (len(row) - 1) * gap
        x = (WIDTH - total) / 2
        d.add(*text_block(0, y + h / 2 - 2, [f"Row {r + 1}"], 7, True, MUTED))
        for text in row:
            d.add(Box(x, y, box_w, h, ROOT if r == 0 else PALE if r < 3 else None, NAVY, 0.35))
            d.add(*text_block(x + 2, y + 2, wrap(text, box_w - 4, size, r == 0, 4), size, r == 0))
            x += box_w + gap
        y += h + gap
    return d


def _matrix_drawing(p: dict) -> Drawing:
    """The square with the items as numbered dots; the quadrants' names sit outside it (above the
    top two, below the bottom two) so no dot hides them; a key beside it names each item."""
    side, left, size, r = 92, 2, 7.5, 2.6
    key_x = left + side + 8
    key_w = WIDTH - key_x
    names = p["quadrants"]
    d = Drawing(WIDTH, 0)
    d.add(*text_block(left, 0, [f"↑ {p['y']} (low to high)"], 7.5, True, NAVY))
    top = 5.0 + line_height(8) + 1

    def at(value: float) -> float:  # a rating 1..5 to mm inside the square, clear of its edges
        return r + 1 + (value - 1) / 4 * (side - 2 * r - 2)

    for n, key in enumerate(("top_left", "top_right")):
        d.add(*text_block(left + n * side / 2, top - line_height(8) - 0.8,
                          wrap(names.get(key, ""), side / 2 - 2, 8, True, 1), 8, True, MUTED, "C", side / 2))
    d.add(Box(left, top, side, side, None, NAVY, 0.4))
    d.add(Line(left + side / 2, top, left + side / 2, top + side, GRID, 0.3))
    d.add(Line(left, top + side / 2, left + side, top + side / 2, GRID, 0.3))
    for n, key in enumerate(("bottom_left", "bottom_right")):
        d.add(*text_block(left + n * side / 2, top + side + 0.8,
                          wrap(names.get(key, ""), side / 2 - 2, 8, True, 1), 8, True, MUTED, "C", side / 2))
    d.add(*text_block(left, top + side + line_height(8) + 2, [f"{p['x']} → (low to high)"], 7.5, True, NAVY,
                      "C", side))
    placed: list[tuple[float, float]] = []
    for item in p["items"]:
        cx, cy = left + at(item["x"]), top + side - at(item["y"])
        while any(abs(cx - px) < 2 * r and abs(cy - py) < 2 * r for px, py in placed):
            cx += 2 * r + 0.4  # items at the same place sit side by side
        placed.append((cx, cy))
        d.add(Dot(cx, cy, r, NAVY))
        label = str(item["number"])
        d.add(Text(cx - measure(label, 7, True) / 2, cy + 0.9, label, 7, True, (255, 255, 255)))
    y = top
    for item in p["items"]:
        lines = wrap(f"{item['number']}. {item['text']} ({item['quadrant']})", key_w, size, max_lines=3)
        d.add(*text_block(key_x, y, lines, size))
        y += len(lines) * line_height(size) + 1
    d.height = max(y, top + side + 2 * line_height(8) + 4)
    return d


LAYOUTS = {"fishbone": _fishbone_drawing, "whys": _whys_drawing, "bars": _bars_drawing,
           "diamond": _diamond_drawing, "matrix": _matrix_drawing}


def draw(picture: dict) -> Drawing:
    return LAYOUTS[picture["kind"]](picture)
