"""The time plan: planned minutes per agenda item against the time each really took.

Planned minutes live in the activity's config under MINUTES_KEY (no migration, and a copy or a
backup of the workshop carries them along with the rest of the config). Tools read only their own
config keys, so the extra key is invisible to them. Actual time is never stored: it is read back
from the log's control.goto events (when an item became current and when the next goto left it).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from ..tools.base import ToolError

MINUTES_KEY = "minutes"
MIN_MINUTES, MAX_MINUTES = 1, 120
MINUTE_MS = 60_000


def checked_minutes(payload: dict) -> int | None:
    """The payload's planned minutes: a whole number in range, or None (null: not planned)."""
    value = payload.get(MINUTES_KEY)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise ToolError("bad_request", "Minutes must be a whole number (or null for no plan).")
    if not MIN_MINUTES <= value <= MAX_MINUTES:
        raise ToolError("bad_request", f"Plan between {MIN_MINUTES} and {MAX_MINUTES} minutes for an item.")
    return value


def planned_minutes(config: dict | None) -> int | None:
    value = (config or {}).get(MINUTES_KEY)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def with_minutes(config: dict, minutes: int | None) -> dict:
    """The config with the plan set (or cleared), as a new dict so SQLAlchemy sees the change."""
    rest = {k: v for k, v in config.items() if k != MINUTES_KEY}
    return rest if minutes is None else {**rest, MINUTES_KEY: minutes}


@dataclass(frozen=True)
class Timing:
    """What the log says about time: `spent_ms` per activity for visits already left, and the
    activity that is current by the last goto with the moment it became so."""

    spent_ms: dict[int, int] = field(default_factory=dict)
    current: int | None = None
    since: int | None = None

    def visited(self, activity_id: int) -> bool:
        return activity_id in self.spent_ms or activity_id == self.current

    def actual_ms(self, activity_id: int, now: int) -> int:
        running = now - self.since if activity_id == self.current and self.since is not None else 0
        return self.spent_ms.get(activity_id, 0) + max(0, running)


def timing(gotos: Iterable[tuple[int, int | None]]) -> Timing:
    """From the applied control.goto steps, oldest first, as (at ms, target activity or None)."""
    spent: dict[int, int] = {}
    current, since = None, None
    for at, target in gotos:
        if target == current:
            continue
        if current is not None:
            spent[current] = spent.get(current, 0) + max(0, at - since)
        current, since = target, at
    return Timing(spent, current, since if current is not None else None)


@dataclass(frozen=True)
class Forecast:
    """The expected end, as two numbers a client turns into a clock without asking again:
    end(now) = max(ends_at, now + after_current_ms). `ends_at` is when the workshop ends if the
    current item keeps to its plan (None without a current item); once it overruns, the end moves
    with the clock."""

    ends_at: int | None
    after_current_ms: int

    def end(self, now: int) -> int:
        at_pace = now + self.after_current_ms
        return at_pace if self.ends_at is None else max(self.ends_at, at_pace)


def forecast(plan: list[tuple[int, int | None]], t: Timing, current: int | None) -> Forecast:
    """`plan`: the agenda in order as (activity id, planned minutes or None). Items not yet done
    are the ones never current; the current one counts for what is left of its own plan."""
    after = sum((minutes or 0) * MINUTE_MS for aid, minutes in plan if not t.visited(aid) and aid != current)
    if current is None or current != t.current or t.since is None:
        return Forecast(None, after)
    planned = next(((m or 0) for aid, m in plan if aid == current), 0) * MINUTE_MS
    return Forecast(t.since + planned - t.spent_ms.get(current, 0) + after, after)
