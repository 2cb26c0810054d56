"""From send/ack records and each client's state arrivals to latency figures (milliseconds)."""
from __future__ import annotations

import bisect
import math


def pct(values: list[float], p: float) -> float | None:
    """Nearest-rank percentile; None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, math.ceil(p / 100 * len(ordered)) - 1))
    return ordered[k]


def summary(values_s: list[float]) -> dict:
    ms = [v * 1000 for v in values_s]
    out = {"n": len(ms)}
    for p in (50, 95, 99):
        v = pct(ms, p)
        out[f"p{p}"] = round(v, 1) if v is not None else None
    out["max"] = round(max(ms), 1) if ms else None
    return out


class Arrivals:
    """One client's first arrival of each version, queried for "first state with version >= v"."""

    def __init__(self, arrivals: list):
        pairs = sorted((v, t) for v, t in arrivals)
        self.versions = [v for v, _ in pairs]
        times = [t for _, t in pairs]
        # earliest arrival among versions >= index (a later version also carries this change)
        self.suffix_min = times[:]
        for i in range(len(times) - 2, -1, -1):
            self.suffix_min[i] = min(times[i], self.suffix_min[i + 1])

    def first_at_least(self, version: int) -> float | None:
        i = bisect.bisect_left(self.versions, version)
        return self.suffix_min[i] if i < len(self.versions) else None


def applied(records: list[dict]) -> list[dict]:
    """Intents that made a new version (acked ok, not a duplicate)."""
    return [r for r in records if r.get("ok") and not r.get("duplicate") and r.get("version") is not None]


def fanout(records: list[dict], clients: list[dict]) -> dict:
    """Per applied intent, the time from sending it to each client of its workshop having a state
    of that version or newer: every (intent, client) pair ("deliver") and the last receiver per
    intent ("all")."""
    by_ws: dict[int, list[Arrivals]] = {}
    for c in clients:
        by_ws.setdefault(c["workshop"], []).append(Arrivals(c["arrivals"]))
    deliver, last, missing = [], [], 0
    for r in applied(records):
        worst = 0.0
        for arr in by_ws.get(r["workshop"], []):
            t = arr.first_at_least(r["version"])
            if t is None:
                missing += 1
                continue
            d = max(0.0, t - r["sent"])
            deliver.append(d)
            worst = max(worst, d)
        last.append(worst)
    acks = [r["acked"] - r["sent"] for r in records if r.get("acked") is not None]
    return {"deliver": summary(deliver), "all": summary(last), "ack": summary(acks), "missing_pairs": missing}


def outcome_counts(records: list[dict]) -> dict:
    errors: dict[str, int] = {}
    for r in records:
        if not r.get("ok"):
            errors[r.get("error") or "unknown"] = errors.get(r.get("error") or "unknown", 0) + 1
    return {"sent": len(records), "applied": len(applied(records)),
            "duplicate_acks": sum(1 for r in records if r.get("duplicate")),
            "rejected": sum(1 for r in records if r.get("ok") is False),
            "no_ack": sum(1 for r in records if r.get("ok") is None), "errors": errors}


def rate(records: list[dict]) -> float:
    """Intents per second over the span they were sent in."""
    if len(records) < 2:
        return 0.0
    sent = [r["sent"] for r in records]
    span = max(sent) - min(sent)
    return round(len(records) / span, 1) if span > 0 else 0.0
