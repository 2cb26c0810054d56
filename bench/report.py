"""Tables from kept run files: every `*-run<k>.json` of one results folder (bench/run_all.py writes
them), summarised per scenario × mode × setup as median (min–max), then every run's own row, so no
run is hidden. Writes bench/results/summary.json (the medians) as well.

    python -m bench.report bench/results/2026-11-29-3844504     # = python -m bench.run_all --table-only --from DIR

Ratios (ours ÷ the bare relay, p95) are computed per run, then the median of those ratios is
reported (not the ratio of two medians: each run's bare relay ran in that run's machine weather).
A failed run counts in `runs`, is listed with its error, and adds nothing to the medians.
"""
from __future__ import annotations

import json
import re
import sys
import time
from pathlib import Path

from workshop.config import DEFAULT_ASYNC_MODE

RESULTS = Path(__file__).parent / "results"
RUN_FILE = re.compile(r"^(?P<combo>.+)-run(?P<run>\d+)\.json$")
# (key, heading) of the per-run metrics, in table order
COLUMNS = [("p50_ms", "p50"), ("p95_ms", "p95"), ("p99_ms", "p99"), ("max_ms", "max"), ("ack_p95_ms", "ack p95"),
           ("bare_p95_ms", "bare p95"), ("all_p95_ratio", "all ratio"), ("deliver_p95_ms", "deliver p95"),
           ("bare_deliver_p95_ms", "bare deliver p95"), ("deliver_p95_ratio", "deliver ratio"),
           ("server_cpu_pct", "server CPU %"), ("rss_per_connection_kib", "RSS/conn KiB"),
           ("intents_per_s", "intents/s")]
COUNTS = ("lost", "duplicated", "rejected")
EXPORTS = ("pdf", "docx", "xlsx")


def median(values: list[float]) -> float | None:
    """The usual median: the middle value, or the mean of the middle two; None for none."""
    ordered = sorted(v for v in values if v is not None)
    if not ordered:
        return None
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def spread(values: list[float]) -> dict:
    """median, min and max of the values that exist (None where none does)."""
    present = [v for v in values if v is not None]
    return {"median": median(present), "min": min(present) if present else None,
            "max": max(present) if present else None, "n": len(present)}


def ratio(ours, bare) -> float | None:
    return ours / bare if ours is not None and bare else None


def _get(d: dict | None, *path):
    for key in path:
        if not isinstance(d, dict):
            return None
        d = d.get(key)
    return d


def metrics(run: dict) -> dict:
    """One run file's figures, flat, under the same names for every scenario (None where a scenario
    does not measure it). A failed run has no figures."""
    out = {k: None for k, _ in COLUMNS} | {k: None for k in COUNTS} | {f"{e}_ms": None for e in EXPORTS}
    r = run.get("result") or {}
    if not run.get("ok"):
        return out
    scenario = run["scenario"]
    if scenario.startswith("fanout"):
        w, bare = r["workshop"], r.get("bare") or {}
        lat = w["latency_ms"]
        out.update(p50_ms=lat["all"]["p50"], p95_ms=lat["all"]["p95"], p99_ms=lat["all"]["p99"],
                   max_ms=lat["all"]["max"], ack_p95_ms=lat["ack"]["p95"], deliver_p95_ms=lat["deliver"]["p95"],
                   bare_p95_ms=_get(bare, "latency_ms", "all", "p95"),
                   bare_deliver_p95_ms=_get(bare, "latency_ms", "deliver", "p95"),
                   lost=w["exactly_once"]["lost"], duplicated=w["exactly_once"]["duplicated"],
                   rejected=w["intents"]["rejected"], server_cpu_pct=w["server_cpu_pct"],
                   intents_per_s=_get(w, "intent_rate_per_s", "dots"))
        out["all_p95_ratio"] = ratio(out["p95_ms"], out["bare_p95_ms"])
        out["deliver_p95_ratio"] = ratio(out["deliver_p95_ms"], out["bare_deliver_p95_ms"])
    elif scenario == "votes":
        lat = r["latency_ms"]["all"]
        out.update(p50_ms=lat["p50"], p95_ms=lat["p95"], p99_ms=lat["p99"], max_ms=lat["max"],
                   ack_p95_ms=r["ack_ms"]["p95"], lost=r["lost"], duplicated=r["duplicated"], rejected=r["rejected"],
                   server_cpu_pct=r["server_cpu_pct"],
                   intents_per_s=round(r["votes_sent"] / r["send_span_s"], 1) if r.get("send_span_s") else None)
    elif scenario == "capacity":
        lat = r["latency_ms"]["all"]
        out.update(p50_ms=lat["p50"], p95_ms=lat["p95"], p99_ms=lat["p99"], max_ms=lat["max"],
                   ack_p95_ms=r["latency_ms"]["ack"]["p95"], lost=r["intents"].get("no_ack", 0), duplicated=None,
                   rejected=r["intents"]["rejected"], server_cpu_pct=r["server_cpu_pct"],
                   rss_per_connection_kib=r["rss_per_connection_kib"], intents_per_s=r["intent_rate_per_s"])
    elif scenario == "exports":
        for e in EXPORTS:
            out[f"{e}_ms"] = _get(r, "ms", e, "median")
    return out


def load_runs(folder: Path) -> list[dict]:
    """Every run file of the folder, in name order (scenario-mode-setup, then run number)."""
    runs = []
    for path in sorted(Path(folder).glob("*-run*.json"), key=_order):
        if RUN_FILE.match(path.name) and not path.name.startswith("browser-"):  # bench.browser's own table
            run = json.loads(path.read_text())
            run["file"] = path.name
            runs.append(run)
    return runs


def _order(path: Path):
    m = RUN_FILE.match(path.name)
    return (m["combo"], int(m["run"])) if m else (path.name, 0)


def combo(run: dict) -> tuple[str, str, str]:
    return run["scenario"], run.get("mode") or "–", run.get("setup") or "–"


def rows(runs: list[dict]) -> list[dict]:
    """One row per scenario × mode × setup: counts of runs and the spread of every metric over
    the runs that worked; lost/duplicated/rejected summed."""
    groups: dict[tuple, list[dict]] = {}
    for run in runs:
        groups.setdefault(combo(run), []).append(run)
    out = []
    for (scenario, mode, setup), group in groups.items():
        ok = [metrics(r) for r in group if r.get("ok")]
        keys = [k for k, _ in COLUMNS] + [f"{e}_ms" for e in EXPORTS]
        row = {"scenario": scenario, "mode": mode, "setup": setup, "runs": len(group),
               "failed": sum(1 for r in group if not r.get("ok")),
               "default": mode == DEFAULT_ASYNC_MODE and setup == "1proc"}
        row.update({k: spread([m[k] for m in ok]) for k in keys})
        row.update({k: sum(m[k] for m in ok if m[k] is not None) if any(m[k] is not None for m in ok) else None
                    for k in COUNTS})
        out.append(row)
    return out


def _n(x) -> str:
    if x is None:
        return "–"
    if isinstance(x, float):
        return f"{x:.2f}" if abs(x) < 10 else f"{x:.1f}" if abs(x) < 1000 else f"{x:.0f}"
    return str(x)


def cell(s: dict) -> str:
    """median (min–max); just the value for one run."""
    if s["median"] is None:
        return "–"
    med, lo, hi = (_n(float(s[k])) for k in ("median", "min", "max"))  # 40 and 40.5 alike: 40.0, 40.5
    return med if s["n"] == 1 else f"{med} ({lo}–{hi})"


def markdown(runs: list[dict]) -> str:
    table = rows(runs)
    live = [r for r in table if r["scenario"] != "exports"]
    heads = ["scenario", "mode", "setup", "runs"] + [h for _, h in COLUMNS] + ["lost / dup / rejected"]
    lines = ["### Per scenario × mode × setup: median (min–max) over the runs that worked", "",
             "| " + " | ".join(heads) + " |", "|" + "---|" * len(heads)]
    for r in live:
        runs_cell = f"{r['runs']}" + (f" ({r['failed']} failed)" if r["failed"] else "")
        lines.append("| " + " | ".join([r["scenario"], r["mode"], r["setup"], runs_cell]
                                        + [cell(r[k]) for k, _ in COLUMNS]
                                        + [" / ".join(_n(r[k]) for k in COUNTS)]) + " |")
    exports = [r for r in table if r["scenario"] == "exports"]
    if exports:
        lines += ["", "### Exports of a 30-action workshop (ms, median (min–max) of each run's median of 7)", "",
                  "| runs | PDF | Word | spreadsheet |", "|---|---|---|---|"]
        for r in exports:
            runs_cell = f"{r['runs']}" + (f" ({r['failed']} failed)" if r["failed"] else "")
            lines.append(f"| {runs_cell} | " + " | ".join(cell(r[f"{e}_ms"]) for e in EXPORTS) + " |")
    lines += ["", "### Every run", "",
              "| file | ok | started | load before → after | p95 | all ratio | deliver ratio | ack p95 | "
              "lost / dup / rejected | server CPU % | PDF / Word / xlsx ms | error |",
              "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for run in runs:
        m = metrics(run)
        load = f"{_n(_first(run.get('loadavg_before')))} → {_n(_first(run.get('loadavg_after')))}"
        exp = " / ".join(_n(m[f"{e}_ms"]) for e in EXPORTS) if run["scenario"] == "exports" else ""
        error = (run.get("error") or "").replace("|", "/").replace("\n", " ")[:160]
        name = run["file"] + (f" (smoke, N={run['small_n']})" if run.get("small_n") else "")
        lines.append(f"| {name} | {'yes' if run.get('ok') else '**FAILED**'} | {run.get('started', '')} | {load} | "
                     f"{_n(m['p95_ms'])} | {_n(m['all_p95_ratio'])} | {_n(m['deliver_p95_ratio'])} | "
                     f"{_n(m['ack_p95_ms'])} | {' / '.join(_n(m[k]) for k in COUNTS)} | {_n(m['server_cpu_pct'])} | "
                     f"{exp} | {error} |")
    commits = sorted({f"{r.get('commit')}{' (dirty)' if r.get('dirty') else ''}" for r in runs})
    lines += ["", f"Commit(s): {', '.join(commits)}. Ratios: ours ÷ bare python-socketio relay at p95, per run, "
              "then the median; `all` = last receiver of each intent, `deliver` = every (intent, client) pair."]
    return "\n".join(lines)


def _first(x):
    return x[0] if isinstance(x, list) and x else None


def _round(x, digits: int = 3):
    return None if x is None else round(x, digits)


def summary(folder: Path, runs: list[dict]) -> dict:
    """bench/results/summary.json: the medians per scenario × mode × setup."""
    commits = sorted({r.get("commit") for r in runs if r.get("commit")})
    medians = []
    for r in rows(runs):
        fan = r["scenario"].startswith("fanout")
        item = {"scenario": r["scenario"], "mode": r["mode"], "setup": r["setup"], "default": r["default"],
                "runs": r["runs"], "failed": r["failed"], "p95_ms": r["p95_ms"]["median"],
                "all_p95_ratio": _round(r["all_p95_ratio"]["median"]) if fan else None,
                "deliver_p95_ratio": _round(r["deliver_p95_ratio"]["median"]) if fan else None}
        if r["scenario"] == "exports":
            item.update({f"{e}_ms": r[f"{e}_ms"]["median"] for e in EXPORTS})
        medians.append(item)
    try:  # relative to the repository when inside it (the file is committed)
        shown = str(Path(folder).resolve().relative_to(RESULTS.parents[1]))
    except ValueError:
        shown = str(folder)
    return {"folder": shown, "commit": commits[0] if len(commits) == 1 else commits,
            "generated": time.strftime("%Y-%m-%d %H:%M:%S %Z"), "medians": medians,
            "browser": browser_medians(folder)}


def browser_medians(folder: Path) -> list[dict]:
    """bench.browser's runs in the folder: per scenario (and label), the median over runs of each
    run's median and p95 per push — the trace figure (JS + layout + style, which getMetrics'
    ScriptDuration undercounts) where the runs have it, and the getMetrics figure beside it."""
    groups: dict[tuple, list[dict]] = {}
    for path in sorted(Path(folder).glob("browser-*-run*.json")):
        run = json.loads(path.read_text())
        groups.setdefault((run["scenario"], run.get("label", "")), []).append(run)
    out = []
    for (scenario, label), runs in groups.items():
        traced = [r["trace_script_layout_ms"] for r in runs if r.get("trace_script_layout_ms")]
        out.append({"scenario": scenario, "label": label, "runs": len(runs),
                    "median_ms": _round(median([t["median"] for t in traced]), 1) if traced else None,
                    "p95_ms": _round(median([t["p95"] for t in traced]), 1) if traced else None,
                    "metrics_median_ms": _round(median([r["script_layout_ms"]["median"] for r in runs]), 1),
                    "metrics_p95_ms": _round(median([r["script_layout_ms"]["p95"] for r in runs]), 1)})
    return out


def report(folder: Path, summary_path: Path | None = RESULTS / "summary.json") -> str:
    """Read the folder, write summary.json (and tables.md in the folder), return the Markdown."""
    folder = Path(folder)
    runs = load_runs(folder)
    if not runs:
        raise SystemExit(f"no run files (*-run<k>.json) in {folder}")
    text = markdown(runs)
    if any(Path(folder).glob("browser-*-run*.json")):
        from .browser import table as browser_table

        text += "\n\n### The browser: script + layout per push (bench.browser)\n\n" + browser_table(folder)
    (folder / "tables.md").write_text(text + "\n")
    if any(r.get("small_n") for r in runs):  # smoke runs (--small) never replace the published summary
        summary_path = folder / "summary.json"
    if summary_path is not None:
        summary_path.write_text(json.dumps(summary(folder, runs), indent=2) + "\n")
    return text


def latest_folder(results: Path = RESULTS) -> Path:
    """The newest dated folder (names start with the date, so the last by name and time)."""
    folders = [p for p in results.iterdir() if p.is_dir() and re.match(r"\d{4}-\d{2}-\d{2}-", p.name)]
    if not folders:
        raise SystemExit(f"no dated results folder in {results}")
    return max(folders, key=lambda p: (p.name[:10], p.stat().st_mtime))


if __name__ == "__main__":
    print(report(Path(sys.argv[1]) if len(sys.argv) > 1 else latest_folder()))
