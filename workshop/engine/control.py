"""The workshop's control state, reduced purely: current activity and the shared timer.

    {"activity": id | None, "timer": {"duration_ms", "started_at": ms | None, "remaining_ms"},
     "joins_open": bool}  (absent until the first joins.stop: open)
"""
from __future__ import annotations

from ..tools.base import ToolError

MAX_TIMER_S = 7200
# joins.stop / joins.open: whether new people may join (a phone already joined still reconnects).
# Kept here, not in a column, so it replays from the log and every process reads the same flag.
JOIN_TYPES = {"joins.stop", "joins.open"}
CONTROL_TYPES = {"control.goto", "timer.start", "timer.pause", "timer.resume", "timer.add", "timer.reset",
                 *JOIN_TYPES}


def initial() -> dict:
    return {"activity": None, "timer": {"duration_ms": 0, "started_at": None, "remaining_ms": 0}}


def joins_open(control: dict) -> bool:
    return control.get("joins_open", True)


def _joins(control: dict, kind: str) -> dict:
    wanted = kind == "joins.open"
    if joins_open(control) == wanted:
        raise ToolError("conflict", "New people can already join." if wanted else "New joins are already stopped.")
    return {**control, "joins_open": wanted}


def _seconds(payload: dict, default: int | None, limit: int) -> int:
    value = payload.get("seconds", default)
    if isinstance(value, bool) or not isinstance(value, int):
        raise ToolError("bad_request", "Seconds must be a whole number.")
    if not 1 <= value <= limit:
        raise ToolError("limit", f"A timer runs between 1 second and {limit // 60} minutes.")
    return value


def _left(timer: dict, now: int) -> int:
    if timer["started_at"] is None:
        return timer["remaining_ms"]
    return max(0, timer["remaining_ms"] - (now - timer["started_at"]))


def apply(control: dict, intent: dict, activity_ids: set[int] | None) -> dict:
    """``activity_ids`` checks a goto target; replay passes None (the agenda may have changed since)."""
    kind, payload, now = intent["type"], intent.get("payload", {}), intent["at"]
    if not isinstance(payload, dict):
        raise ToolError("bad_request", "The payload must be an object.")
    timer = control["timer"]
    if kind in JOIN_TYPES:
        return _joins(control, kind)
    if kind == "control.goto":
        target = payload.get("activity")
        if target is not None and (isinstance(target, bool) or not isinstance(target, int)):
            raise ToolError("bad_request", "Say which activity (its id) or null.")
        if target is not None and activity_ids is not None and target not in activity_ids:
            raise ToolError("not_found", "That activity is not on the agenda.")
        if target == control["activity"]:
            return control
        # Each step starts clean: a finished or paused timer stays with the step it timed. One still
        # running keeps going (the facilitator may time a stretch of short steps; Reset is one click).
        running = timer["started_at"] is not None and _left(timer, now) > 0
        return {**control, "activity": target, "timer": timer if running else initial()["timer"]}
    if kind == "timer.start":
        ms = _seconds(payload, None, MAX_TIMER_S) * 1000
        return {**control, "timer": {"duration_ms": ms, "started_at": now, "remaining_ms": ms}}
    if kind == "timer.pause":
        if timer["started_at"] is None:
            raise ToolError("conflict", "The timer is not running.")
        return {**control, "timer": {**timer, "started_at": None, "remaining_ms": _left(timer, now)}}
    if kind == "timer.resume":
        if timer["started_at"] is not None or timer["remaining_ms"] <= 0:
            raise ToolError("conflict", "There is no paused timer to resume.")
        return {**control, "timer": {**timer, "started_at": now}}
    if kind == "timer.add":
        add = _seconds(payload, 60, 3600) * 1000
        left = _left(timer, now)
        if left + add > MAX_TIMER_S * 1000:
            raise ToolError("limit", f"A timer runs at most {MAX_TIMER_S // 60} minutes.")
        started = now if timer["started_at"] is not None else None
        return {**control, "timer": {"duration_ms": timer["duration_ms"] + add, "started_at": started,
                                     "remaining_ms": left + add}}
    if kind == "timer.reset":
        return {**control, "timer": initial()["timer"]}
    raise ToolError("unknown_intent", f"Unknown control step '{kind}'.")


def view(control: dict) -> dict:
    timer = control["timer"]
    running = timer["started_at"] is not None
    return {"activity": control["activity"], "joins_open": joins_open(control),
            "timer": {"running": running,
                      "ends_at": timer["started_at"] + timer["remaining_ms"] if running else None,
                      "remaining_ms": timer["remaining_ms"], "duration_ms": timer["duration_ms"]}}
