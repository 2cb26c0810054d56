"""Hypothesis strategies shared by the fuzz tests: random intents shaped like the real ones."""
from __future__ import annotations

import copy
import json
import re
from pathlib import Path

from hypothesis import strategies as st

import workshop.tools as tools_pkg
from workshop.engine import control, steps
from workshop.tools import base

PROTOCOL = Path(__file__).resolve().parents[2] / "docs" / "protocol.md"


def documented_error_codes() -> set[str]:
    """The codes listed in docs/protocol.md §6."""
    text = PROTOCOL.read_text()
    section = text[text.index("## 6. Error codes"):text.index("## 7.")]
    return set(re.findall(r"^\| `([a-z_]+)` \|", section, re.M))


def field_names(module) -> list[str]:
    """Every short lower-case string literal in a tool's source (and its siblings'): the field
    names its handlers read, so random payloads hit real keys often."""
    folder = Path(module.__file__).parent
    stem = Path(module.__file__).stem
    sources = [p.read_text() for p in folder.glob(f"{stem}*.py")] + [(folder / "base.py").read_text()]
    if module.name in ("dotocracy", "rag_rating", "prioritisation_matrix"):
        sources.append((folder / "rated_items.py").read_text())
    return sorted({w for src in sources for w in re.findall(r'"([a-z][a-z_]{0,19})"', src)})


def ids_in(state) -> list[str]:
    """Every short string in a state: card, item, node and bone ids to aim intents at."""
    found: set[str] = set()

    def walk(value):
        if isinstance(value, dict):
            for k, v in value.items():
                if isinstance(k, str) and len(k) <= 12:
                    found.add(k)
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)
        elif isinstance(value, str) and len(value) <= 12:
            found.add(value)

    walk(state)
    return sorted(found)


TEXT = st.one_of(
    st.text(max_size=12),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=0, max_size=400),
    st.sampled_from(["", " ", "An idea", "é\u0301 \u200b\u202e rtl", "<img src=x onerror=alert(1)>", "x" * 281,
                     "😀" * 70, "\x00\x01", "a\nb\tc", "null"]),
)
NUMBER = st.one_of(st.integers(min_value=-3, max_value=60), st.integers(), st.floats(allow_nan=True),
                   st.sampled_from([0, 1, 2, 5, 9, -1, 10**20, True, False]))
SCALAR = st.one_of(st.none(), st.booleans(), NUMBER, TEXT)
JSONISH = st.recursive(SCALAR, lambda inner: st.one_of(st.lists(inner, max_size=6),
                                                        st.dictionaries(st.text(max_size=8), inner, max_size=4)),
                       max_leaves=12)


def value_for(ids: list[str]):
    choices = [SCALAR, JSONISH]
    if ids:
        choices += [st.sampled_from(ids), st.lists(st.sampled_from(ids), max_size=10)]
    return st.one_of(*choices)


def payload(keys: list[str], ids: list[str]):
    """A payload: mostly real field names with plausible or hostile values, sometimes junk."""
    return st.one_of(
        st.dictionaries(st.sampled_from(keys), value_for(ids), max_size=6),
        st.dictionaries(st.text(max_size=10), JSONISH, max_size=4),
        st.sampled_from([{}, None, [], "x", 3]),
    )


def all_intent_types() -> list[str]:
    kinds = set(steps.WORKSHOP_STEPS) | set(base.STAGE_INTENTS) | set(control.CONTROL_TYPES)
    for tool in tools_pkg.REGISTRY.values():
        kinds |= set(getattr(tool, "HANDLERS", {}))
    return sorted(kinds)


def frozen(value) -> str:
    """A deep copy to compare against (JSON, so a change anywhere shows)."""
    return json.dumps(value, sort_keys=True, default=repr)


def deepcopy(value):
    return copy.deepcopy(value)
