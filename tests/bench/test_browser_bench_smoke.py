"""The browser benchmark must not rot: each scenario at a tiny size (12 cards, 6 causes, 6 options,
5 measured pushes, 1 run, with the trace cross-check) against a real `workshop serve` and Debian's Chromium. Checks what it
counts — the page showed the seeded content, then every push, and each push has figures — never
how fast: speed is `python -m bench.browser`'s job, not a test's."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench import browser

SEEDED = {"wall": ("cards_in_dom", "cards_in_state", 12), "fishbone": ("causes_drawn_or_more", "causes_in_state", 6),
          "dots": ("options_in_dom", "options_in_state", 6)}


@pytest.fixture(scope="module")
def results(tmp_path_factory) -> dict[str, dict]:
    if not Path(browser.CHROMIUM).exists():
        pytest.skip("Chromium is missing (apt-get install chromium)")
    out = tmp_path_factory.mktemp("browser-bench")
    assert browser.main(["--runs", "1", "--cards", "12", "--causes", "6", "--options", "6", "--warmup", "1",
                         "--pushes", "5", "--interval", "0.3", "--label", "smoke", "--one-server", "--trace",
                         "--out", str(out)]) == 0
    return {s: json.loads((out / f"browser-{s}-run1.json").read_text()) for s in browser.SCENARIOS}


@pytest.mark.parametrize("scenario", browser.SCENARIOS)
def test_each_push_is_shown_and_measured(results, scenario):
    run = results[scenario]
    in_dom, in_state, seeded = SEEDED[scenario]
    # The page really showed the seeded content before the first push.
    assert run["shown_at_start"][in_dom] == run["shown_at_start"][in_state] == seeded
    measured = [p for p in run["pushes"] if not p["warmup"]]
    assert len(run["pushes"]) == 6 and len(measured) == run["counts"]["measured"] == 5
    for push in run["pushes"]:
        assert push["shown"], push
        assert push["script_layout_ms"] > 0 and push["task_ms"] > 0, push
        parts = push["script_ms"] + push["layout_ms"] + push["recalc_style_ms"]
        assert push["script_layout_ms"] == pytest.approx(parts, abs=0.01)
        # --trace: the same window read from a DevTools trace (the cross-check of ScriptDuration)
        assert push["trace_script_layout_ms"] > 0 and push["trace_layout_ms"] >= 0, push
    assert run["script_layout_ms"]["n"] == 5 and run["script_layout_ms"]["median"] > 0
    assert run["label"] == "smoke" and run["commit"] and "RecalcStyleDuration" in run["figure"]


def test_the_scenarios_run_where_the_brief_says(results):
    assert results["wall"]["viewport"] == results["fishbone"]["viewport"] == {"width": 1280, "height": 720}
    assert results["dots"]["viewport"] == {"width": 320, "height": 568} and results["dots"]["cpu_throttle"] == 4.0
    # A wall with edits: every push counted, the adds grew the wall on the page.
    wall = results["wall"]
    adds = sum(p["kind"] == "add" for p in wall["pushes"])
    assert wall["shown_at_end"]["cards_in_dom"] == wall["shown_at_end"]["cards_in_state"] == 12 + adds
    fish = results["fishbone"]
    assert fish["shown_at_end"]["causes_drawn_or_more"] == 6 + 6


def test_the_table_reads_the_files(results, tmp_path):
    for s, run in results.items():
        (tmp_path / f"browser-{s}-run1.json").write_text(json.dumps(run))
    text = browser.table(tmp_path)
    for s in browser.SCENARIOS:
        assert f"| {s} | smoke | 1 | 5 |" in text
