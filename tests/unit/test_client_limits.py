"""No limit is copied by hand into the front end: static/js reads every limit from the server's
(limits.js, fed by engine/limits.py). The scan looks only where a number acts as a limit, so
colours, sizes, layout thresholds and truncation lengths stay free."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

import workshop
from workshop.engine.limits import client_limits

JS_ROOT = Path(workshop.__file__).parent / "static" / "js"
VENDORED = {"vendor"}
# Named client-side choices that happen to equal a server limit's number, each with its reason.
NOT_LIMITS = {
    ("live.js", "MAX_IN_FLIGHT"),  # how many intents await an ack at once: the transport's window
}


def limit_values() -> set[int]:
    """Every number the server gives as a limit (a timer's also in minutes, as a form shows it)."""
    values = set()
    for area in client_limits().values():
        for key, value in area.items():
            values.add(value)
            if key.endswith("_seconds"):
                values.add(value // 60)
    return {v for v in values if v > 1}  # 0 and 1 are everyone's minimum, not a copied limit


# A number in one of these places is always a server's limit: any literal there is a copy.
ALWAYS_A_LIMIT = [
    re.compile(r"""\bmax[lL]ength\b["']?\s*[:=,]\s*["']?(\d+)"""),  # maxlength: 280, .maxLength = 280
]
# A number in one of these places is a limit when it is one of the server's values.
LIMIT_PLACES = [
    re.compile(r"""\b(?:const|let|var)\s+\w*(?:MAX|LIMIT)\w*\s*=\s*(\d+)\b"""),  # const MAX_TEXT = 280
    re.compile(r"""(?<![.\w])max["']?\s*[:=]\s*["']?(\d+)"""),  # a number input's max: 200
    re.compile(r"""Math\.min\(\s*(\d+)\s*,"""),  # Math.min(200, top)
    re.compile(r"""Math\.min\([^()]*(?:\([^()]*\)[^()]*)*,\s*(\d+)\s*\)"""),  # Math.min(m, 120)
    re.compile(r"""\.length\s*(?:>=|===|==)\s*(\d+)\b"""),  # rows.length >= 8: full
    re.compile(r"""\.value\.length\s*[<>]=?\s*(\d+)\b"""),  # input.value.length > 280
    re.compile(r"""\}/(\d+)\b|["'`]\d+/(\d+)\b"""),  # a counter: `${n}/280`, "0/280"
    re.compile(r"""\b(?:up to|at most|no more than|maximum of)\s+(\d+)\b""", re.I),  # "Up to 8 columns"
]


def copied_limits(source: str, values: set[int], allowed: set[str] = frozenset()) -> list[tuple[int, str]]:
    """(line number, line) for each hand-copied limit in a JS source; `allowed` names constants
    of this file that are the client's own choices."""
    found = []
    for n, line in enumerate(source.splitlines(), 1):
        code = re.sub(r"(?:^|\s)//.*$", "", line)  # a comment may name a number
        if any(re.search(rf"\b(?:const|let|var)\s+{name}\s*=", code) for name in allowed):
            continue
        hits = [int(g) for rx in ALWAYS_A_LIMIT for m in rx.finditer(code) for g in m.groups() if g]
        hits += [int(g) for rx in LIMIT_PLACES for m in rx.finditer(code) for g in m.groups()
                 if g and int(g) in values]
        if hits:
            found.append((n, line.strip()))
    return found


def js_files() -> list[Path]:
    return sorted(p for p in JS_ROOT.rglob("*.js") if not VENDORED & set(p.relative_to(JS_ROOT).parts))


def test_the_scan_covers_the_front_end():
    names = {p.relative_to(JS_ROOT).as_posix() for p in js_files()}
    assert {"limits.js", "console_agenda.js", "tools/idea_wall_phone.js", "tools/fishbone_common.js"} <= names


def test_no_limit_is_copied_by_hand_into_static_js():
    values = limit_values()
    copies = {}
    for path in js_files():
        name = path.relative_to(JS_ROOT).as_posix()
        allowed = {const for file, const in NOT_LIMITS if file == name}
        if hits := copied_limits(path.read_text(encoding="utf-8"), values, allowed):
            copies[name] = hits
    assert copies == {}, "read these from limits.js (limit(\"tool.key\")) instead: " + repr(copies)


# The scan itself: it must catch the copies this repository used to have, and leave other numbers be.
@pytest.mark.parametrize("line", [
    'const title = h("input", { class: "input", id: "add-title", maxlength: 120, required: true });',
    'ui.input = h("textarea", { id: "rb-input", rows: 3, maxlength: 999 });',  # any number after maxlength
    'input.setAttribute("maxlength", "280");',
    "export const MAX_TEXT = 160;",
    "const MAX_COLUMNS = 8;",
    'const top = h("input", { type: "number", min: 1, max: 200, placeholder: "all" });',
    "if (top.value && k >= 1) payload.top = Math.min(200, Math.round(k));",
    'live.send("timer.start", { seconds: Math.round(Math.min(m, 120) * 60) });',
    "if (rows.children.length >= 8) return;",
    "if (ui.input.value.length > 280) return;",
    "ui.count.textContent = `${ui.input.value.length}/280`;",
    'ui.count = h("span", { id: "fb-count" }, "0/160");',
    'h("p", { class: "hint" }, "Up to 8. Cards in a removed column become ungrouped.")',
])
def test_the_scan_catches_a_hand_copied_limit(line):
    assert copied_limits(line, limit_values()) == [(1, line)]


@pytest.mark.parametrize("line", [
    'const title = h("input", { maxlength: limit("agenda.title"), required: true });',
    "export const MAX_TEXT = limit(\"idea_wall.text\");",
    "const SLOW_MS = 5000;",
    'const FILL = { 0: "#dff3e6", 1: "#e3ecf8", 2: "#f4f1e4", 3: "#f8e4e4" };',
    'const NS = "http://www.w3.org/2000/svg";',
    "const W = 1000;",
    'el.style.width = "280px";',
    "return { dense: actions.length > 8 };",  # a layout threshold, not a limit
    "if (confirm(`Delete this card?\\n\\n${truncate(card.text, 120)}`)) send();",
    "const px = (x) => PAD.l + ((x - LOW) / SPAN) * (W - PAD.l - PAD.r);",
    "const share = n > 8 ? 0.34 : 0.42;  // many answers: max 200 here is only a comment",
    "fitSize(set, over, n <= 4 ? 1.5 : n <= 10 ? 1.3 : 1.1);",
    "const spread = Math.max(40, width);",
])
def test_the_scan_leaves_other_numbers_alone(line):
    assert copied_limits(line, limit_values()) == []


def test_a_client_choice_is_allowed_by_its_name_only():
    source = "const MAX_IN_FLIGHT = 10;\nconst MAX_DOTS = 10;"
    assert copied_limits(source, limit_values(), {"MAX_IN_FLIGHT"}) == [(2, "const MAX_DOTS = 10;")]


def test_every_limit_the_front_end_reads_is_one_the_server_gives():
    """limits.js throws on an unknown name; this finds a typo before a browser does."""
    read = {(p.relative_to(JS_ROOT).as_posix(), m.group(1)) for p in js_files()
            for m in re.finditer(r"""\blimit\(\s*["']([^"']+)["']\s*\)""", p.read_text(encoding="utf-8"))}
    assert len(read) >= 30  # the scan really sees the reads
    given = {f"{area}.{key}" for area, keys in client_limits().items() for key in keys}
    assert {(file, name) for file, name in read if name not in given} == set()
