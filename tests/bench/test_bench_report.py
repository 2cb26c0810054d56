"""The tables of bench/report.py and the kept runs of bench/run_all.py, on synthetic run files:
medians with min–max, ratios per run then their median, failed runs shown and counted, the shape
of summary.json, run files never overwritten, the nginx site made from the shipped one."""
from __future__ import annotations

import json
import re

import pytest

from bench import harness, report, run_all
from workshop.config import DEFAULT_ASYNC_MODE


def fanout_run(p95, bare_p95, deliver=None, bare_deliver=None, ok=True, mode="gevent", setup="1proc", lost=0):
    lat = {"all": {"p50": p95 / 2, "p95": p95, "p99": p95 + 1, "max": p95 + 2},
           "deliver": {"p95": deliver or p95}, "ack": {"p95": 5.0}}
    result = {"workshop": {"latency_ms": lat, "exactly_once": {"lost": lost, "duplicated": 0},
                           "intents": {"rejected": 1}, "server_cpu_pct": 50.0, "intent_rate_per_s": {"dots": 80.0}},
              "bare": {"latency_ms": {"all": {"p95": bare_p95}, "deliver": {"p95": bare_deliver or bare_p95}}}}
    return {"scenario": "fanout200", "mode": mode, "setup": setup, "commit": "abc1234", "dirty": False, "ok": ok,
            "error": None if ok else "RuntimeError('server exited with -9')", "result": result if ok else None,
            "started": "2026-11-29 17:00:00 UTC", "loadavg_before": [1.0, 1, 1], "loadavg_after": [1.5, 1, 1]}


def capacity_run(p95):
    return {"scenario": "capacity", "mode": "gevent", "setup": "2proc", "commit": "abc1234", "ok": True,
            "result": {"latency_ms": {"all": {"p50": 1, "p95": p95, "p99": p95, "max": p95}, "ack": {"p95": 2}},
                       "intents": {"rejected": 0, "no_ack": 0}, "server_cpu_pct": 30.0,
                       "rss_per_connection_kib": 40.0, "intent_rate_per_s": 99.0}}


def write(folder, runs):
    counts: dict = {}
    for run in runs:
        stem = run_all.file_stem(run["scenario"], run["mode"], run["setup"])
        counts[stem] = counts.get(stem, 0) + 1
        (folder / f"{stem}-run{counts[stem]}.json").write_text(json.dumps(run))


def test_median_is_the_middle_value_or_the_mean_of_the_middle_two():
    assert report.median([3, 1, 2]) == 2
    assert report.median([4, 1, 3, 2]) == 2.5
    assert report.median([None, 5]) == 5 and report.median([]) is None
    assert report.spread([30, 10, 20, 40]) == {"median": 25, "min": 10, "max": 40, "n": 4}


def test_ratios_are_taken_per_run_then_their_median_is_reported():
    # ours/bare per run: 40/20, 30/30, 60/10 = 2, 1, 6 -> median 2 (min 1, max 6)
    runs = [fanout_run(40, 20, deliver=30, bare_deliver=10), fanout_run(30, 30), fanout_run(60, 10)]
    (row,) = report.rows(runs)
    assert row["all_p95_ratio"] == {"median": 2.0, "min": 1.0, "max": 6.0, "n": 3}
    assert row["p95_ms"]["median"] == 40 and row["bare_p95_ms"]["median"] == 20
    # per run 1, 1, 6 -> 1.0; the ratio of the medians (p95 40 / bare 30) would say 1.33
    runs[0] = fanout_run(40, 40)
    (row,) = report.rows(runs)
    assert row["all_p95_ratio"]["median"] == 1.0
    assert row["deliver_p95_ratio"]["median"] == 1.0


def test_a_failed_run_counts_is_listed_and_adds_nothing_to_the_medians(tmp_path):
    write(tmp_path, [fanout_run(40, 20, lost=2), fanout_run(100, 10, ok=False), fanout_run(60, 20, lost=1)])
    runs = report.load_runs(tmp_path)
    assert [r["file"] for r in runs] == [f"fanout200-gevent-1proc-run{k}.json" for k in (1, 2, 3)]
    (row,) = report.rows(runs)
    assert row["runs"] == 3 and row["failed"] == 1
    assert row["p95_ms"] == {"median": 50.0, "min": 40, "max": 60, "n": 2}
    assert row["lost"] == 3 and row["rejected"] == 2
    text = report.markdown(runs)
    assert "| fanout200 | gevent | 1proc | 3 (1 failed) | 25.0 (20.0–30.0) | 50.0 (40.0–60.0) |" in text
    failed = [line for line in text.splitlines() if line.startswith("| fanout200-gevent-1proc-run2.json")]
    assert failed and "**FAILED**" in failed[0] and "server exited with -9" in failed[0]


def test_summary_json_has_the_medians_of_every_combination(tmp_path):
    out = tmp_path / "summary.json"
    write(tmp_path, [fanout_run(40, 20), fanout_run(50, 25), fanout_run(30, 10, mode="eventlet"),
                     capacity_run(100), capacity_run(300)])
    report.report(tmp_path, out)
    summary = json.loads(out.read_text())
    assert set(summary) == {"folder", "commit", "generated", "medians", "browser"} and summary["commit"] == "abc1234"
    assert summary["browser"] == []
    by = {(m["scenario"], m["mode"], m["setup"]): m for m in summary["medians"]}
    fan = by[("fanout200", DEFAULT_ASYNC_MODE, "1proc")]
    assert fan == {"scenario": "fanout200", "mode": "gevent", "setup": "1proc", "default": True, "runs": 2,
                   "failed": 0, "p95_ms": 45.0, "all_p95_ratio": 2.0, "deliver_p95_ratio": 2.0}
    assert by[("fanout200", "eventlet", "1proc")]["default"] is False
    cap = by[("capacity", "gevent", "2proc")]
    assert cap["p95_ms"] == 200.0 and cap["all_p95_ratio"] is None and cap["default"] is False
    assert (tmp_path / "tables.md").read_text().startswith("### Per scenario")


def test_a_kept_run_never_overwrites_and_a_failure_leaves_its_file(tmp_path, monkeypatch):
    def boom(*args):
        raise RuntimeError("server did not listen")

    monkeypatch.setattr(run_all, "run_one", boom)
    info = {"commit": "abc1234", "dirty": True}
    first = run_all.kept_run(tmp_path, "votes", "gevent", "1proc", 1, None, info)
    second = run_all.kept_run(tmp_path, "votes", "gevent", "1proc", 1, None, info)
    assert (first.name, second.name) == ("votes-gevent-1proc-run1.json", "votes-gevent-1proc-run2.json")
    kept = json.loads(first.read_text())
    assert kept["ok"] is False and "server did not listen" in kept["error"]
    assert kept["commit"] == "abc1234" and kept["dirty"] is True and len(kept["loadavg_after"]) == 3


def test_rounds_cover_every_mode_on_one_process_and_the_default_mode_on_the_stacks():
    todo = run_all.combinations(["fanout200", "exports"], ["eventlet", "gevent"], ["1proc", "2proc"])
    assert todo == [("fanout200", "eventlet", "1proc"), ("fanout200", "gevent", "1proc"),
                    ("fanout200", DEFAULT_ASYNC_MODE, "2proc"), ("exports", None, None)]


def test_the_nginx_site_is_the_shipped_one_with_our_processes_and_ports(tmp_path):
    site = harness.nginx_site([6001, 6002], 7001, 7002, tmp_path)
    assert re.findall(r"server 127\.0\.0\.1:(\d+) max_fails=0;", site) == ["6001", "6002"]
    assert "listen 127.0.0.1:7002 ssl http2;" in site and "listen 127.0.0.1:7001;" in site
    assert "[::]" not in site and str(tmp_path / "cert.pem") in site
    assert "hash $workshop_route consistent;" in site and "proxy_set_header Upgrade" in site


def test_an_unknown_setup_is_refused():
    with pytest.raises(ValueError):
        harness.start_stack("3proc", "gevent")


def test_smoke_runs_keep_their_summary_in_their_own_folder(tmp_path):
    published = tmp_path / "published-summary.json"
    folder = tmp_path / "smoke"
    folder.mkdir()
    write(folder, [dict(fanout_run(40, 20), small_n=5)])
    text = report.report(folder, published)
    assert not published.exists() and json.loads((folder / "summary.json").read_text())["medians"][0]["runs"] == 1
    assert "fanout200-gevent-1proc-run1.json (smoke, N=5)" in text


def browser_run(scenario, trace_median, trace_p95, metrics_median):
    return {"scenario": scenario, "label": "after", "counts": {"measured": 40},
            "script_layout_ms": {"median": metrics_median, "p95": metrics_median * 2},
            "task_ms": {"median": 1.0, "p95": 2.0}, "idle_script_layout_ms": {"median": 0.1},
            "trace_script_layout_ms": {"median": trace_median, "p95": trace_p95}}


def test_browser_runs_get_their_own_table_and_summary_rows_not_the_servers(tmp_path):
    out = tmp_path / "summary.json"
    write(tmp_path, [fanout_run(40, 20)])
    for k, (med, p95) in enumerate([(8.0, 20.0), (12.0, 30.0), (10.0, 60.0)], start=1):
        (tmp_path / f"browser-wall-run{k}.json").write_text(json.dumps(browser_run("wall", med, p95, med / 4)))
    text = report.report(tmp_path, out)
    summary = json.loads(out.read_text())
    assert [m["scenario"] for m in summary["medians"]] == ["fanout200"]  # browser files are not server runs
    assert summary["browser"] == [{"scenario": "wall", "label": "after", "runs": 3, "median_ms": 10.0, "p95_ms": 30.0,
                                   "metrics_median_ms": 2.5, "metrics_p95_ms": 5.0}]
    assert "### The browser" in text and "| wall | after | 3 | 40 |" in text
