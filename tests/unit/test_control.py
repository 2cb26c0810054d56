"""The workshop's control state: current activity and the shared timer (pure reducer)."""
from __future__ import annotations

import copy

import pytest

from workshop.engine import control
from workshop.tools.base import ToolError

AGENDA = {1, 2, 3}


def step(state: dict, kind: str, payload=None, *, at: int = 0, ids=AGENDA) -> dict:
    before = copy.deepcopy(state)
    after = control.apply(state, {"type": kind, "payload": {} if payload is None else payload, "at": at}, ids)
    assert state == before, f"{kind} mutated the control state it was given"
    return after


def timer(state: dict) -> dict:
    return state["timer"]


def started(seconds: int = 300, at: int = 1000) -> dict:
    return step(control.initial(), "timer.start", {"seconds": seconds}, at=at)


def assert_rejected(state: dict, kind: str, payload, code: str, *, at: int = 0, ids=AGENDA) -> None:
    before = copy.deepcopy(state)
    with pytest.raises(ToolError) as err:
        control.apply(state, {"type": kind, "payload": payload, "at": at}, ids)
    assert err.value.code == code, err.value.message
    assert state == before


# --- initial and view ----------------------------------------------------------------------

def test_initial_state_and_view():
    assert control.initial() == {"activity": None,
                                 "timer": {"duration_ms": 0, "started_at": None, "remaining_ms": 0}}
    assert control.view(control.initial()) == {
        "activity": None, "joins_open": True,
        "timer": {"running": False, "ends_at": None, "remaining_ms": 0, "duration_ms": 0}}


def test_joins_stop_and_open_again():
    stopped = step(control.initial(), "joins.stop", {})
    assert control.view(stopped)["joins_open"] is False
    assert_rejected(stopped, "joins.stop", {}, "conflict")
    assert control.view(step(stopped, "joins.open", {}))["joins_open"] is True
    assert_rejected(control.initial(), "joins.open", {}, "conflict")
    moved = step(stopped, "control.goto", {"activity": 2})
    assert control.view(moved)["joins_open"] is False  # other steps keep the flag


def test_initial_returns_a_fresh_dict_each_time():
    first = control.initial()
    first["timer"]["remaining_ms"] = 5
    assert control.initial()["timer"]["remaining_ms"] == 0


# --- goto ----------------------------------------------------------------------------------

def test_goto_an_activity_on_the_agenda():
    s = step(control.initial(), "control.goto", {"activity": 2})
    assert s["activity"] == 2
    assert control.view(s)["activity"] == 2


def test_goto_keeps_the_timer():
    s = step(started(), "control.goto", {"activity": 3}, at=5000)
    assert timer(s) == timer(started())


def test_goto_none_leaves_every_activity():
    s = step(step(control.initial(), "control.goto", {"activity": 2}), "control.goto", {"activity": None})
    assert s["activity"] is None
    s = step(step(control.initial(), "control.goto", {"activity": 2}), "control.goto", {})
    assert s["activity"] is None


def test_goto_unknown_activity_is_not_found():
    assert_rejected(control.initial(), "control.goto", {"activity": 9}, "not_found")


def test_goto_without_activity_ids_skips_the_check():
    # replay passes None: the agenda may have changed since the event was recorded
    s = step(control.initial(), "control.goto", {"activity": 9}, ids=None)
    assert s["activity"] == 9


@pytest.mark.parametrize("target", [True, 1.0, "1", [1], {"id": 1}],
                         ids=["bool", "float", "string", "list", "dict"])
def test_goto_rejects_an_activity_that_is_not_an_id(target):
    """Only a whole-number activity id (or null) may become the current activity."""
    before = control.initial()
    with pytest.raises(ToolError) as err:
        control.apply(before, {"type": "control.goto", "payload": {"activity": target}, "at": 0}, AGENDA)
    assert err.value.code in {"bad_request", "not_found"}
    assert before == control.initial()


# --- timer ---------------------------------------------------------------------------------

def test_start():
    s = started(300, at=1000)
    assert timer(s) == {"duration_ms": 300_000, "started_at": 1000, "remaining_ms": 300_000}
    assert control.view(s)["timer"] == {"running": True, "ends_at": 301_000,
                                        "remaining_ms": 300_000, "duration_ms": 300_000}


@pytest.mark.parametrize("seconds", [1, 7200])
def test_start_limits_are_inclusive(seconds):
    assert timer(started(seconds))["duration_ms"] == seconds * 1000


def test_start_again_restarts():
    s = step(started(300, at=1000), "timer.start", {"seconds": 60}, at=50_000)
    assert timer(s) == {"duration_ms": 60_000, "started_at": 50_000, "remaining_ms": 60_000}


def test_pause_keeps_what_is_left():
    s = step(started(300, at=1000), "timer.pause", at=61_000)
    assert timer(s) == {"duration_ms": 300_000, "started_at": None, "remaining_ms": 240_000}
    assert control.view(s)["timer"] == {"running": False, "ends_at": None,
                                        "remaining_ms": 240_000, "duration_ms": 300_000}


def test_pause_after_the_end_leaves_zero():
    s = step(started(300, at=1000), "timer.pause", at=1000 + 400_000)
    assert timer(s)["remaining_ms"] == 0


def test_resume_after_pause():
    s = step(started(300, at=1000), "timer.pause", at=61_000)
    s = step(s, "timer.resume", at=100_000)
    assert timer(s) == {"duration_ms": 300_000, "started_at": 100_000, "remaining_ms": 240_000}
    assert control.view(s)["timer"]["ends_at"] == 340_000
    assert control.view(s)["timer"]["running"] is True


def test_add_while_running_moves_the_end():
    s = step(started(300, at=1000), "timer.add", {"seconds": 60}, at=61_000)
    # 240 s were left at 61 s in; now 300 s are left from there
    assert timer(s) == {"duration_ms": 360_000, "started_at": 61_000, "remaining_ms": 300_000}
    assert control.view(s)["timer"]["ends_at"] == 361_000  # the old end (301 000) + 60 s


def test_add_while_paused_stays_paused():
    s = step(started(300, at=1000), "timer.pause", at=61_000)
    s = step(s, "timer.add", {"seconds": 120}, at=90_000)
    assert timer(s) == {"duration_ms": 420_000, "started_at": None, "remaining_ms": 360_000}
    assert control.view(s)["timer"]["running"] is False


def test_add_defaults_to_a_minute():
    s = step(started(300, at=1000), "timer.add", at=1000)
    assert timer(s)["remaining_ms"] == 360_000
    assert timer(s)["duration_ms"] == 360_000


def test_add_up_to_the_limit():
    s = step(started(3600, at=0), "timer.add", {"seconds": 3600}, at=0)
    assert timer(s)["remaining_ms"] == 7_200_000


def test_reset():
    s = step(started(300, at=1000), "timer.reset", at=5000)
    assert s == control.initial()
    assert control.view(s)["timer"]["running"] is False


def test_reset_keeps_the_activity():
    s = step(step(started(), "control.goto", {"activity": 1}), "timer.reset")
    assert s["activity"] == 1


# --- timer rejections ----------------------------------------------------------------------

@pytest.mark.parametrize("seconds, code", [
    (0, "limit"), (-5, "limit"), (7201, "limit"),
    (True, "bad_request"), ("60", "bad_request"), (1.5, "bad_request"), (None, "bad_request"),
])
def test_start_rejects_bad_seconds(seconds, code):
    assert_rejected(control.initial(), "timer.start", {"seconds": seconds}, code)


def test_start_needs_seconds():
    assert_rejected(control.initial(), "timer.start", {}, "bad_request")


@pytest.mark.parametrize("seconds, code", [
    (0, "limit"), (-60, "limit"), (3601, "limit"), (False, "bad_request"), ("60", "bad_request"),
])
def test_add_rejects_bad_seconds(seconds, code):
    assert_rejected(started(), "timer.add", {"seconds": seconds}, code, at=2000)


def test_add_may_not_go_past_two_hours():
    assert_rejected(started(7200, at=0), "timer.add", {"seconds": 1}, "limit", at=0)


def test_pause_when_not_running_is_a_conflict():
    assert_rejected(control.initial(), "timer.pause", {}, "conflict")
    paused = step(started(), "timer.pause", at=2000)
    assert_rejected(paused, "timer.pause", {}, "conflict", at=3000)


def test_resume_when_running_is_a_conflict():
    assert_rejected(started(), "timer.resume", {}, "conflict", at=2000)


def test_resume_with_nothing_left_is_a_conflict():
    assert_rejected(control.initial(), "timer.resume", {}, "conflict")
    run_out = step(started(300, at=0), "timer.pause", at=500_000)
    assert_rejected(run_out, "timer.resume", {}, "conflict", at=600_000)


@pytest.mark.parametrize("kind", ["timer.stop", "control.jump", "idea.add", "undo"])
def test_unknown_type_is_unknown_intent(kind):
    assert_rejected(started(), kind, {}, "unknown_intent")


def test_control_types_are_the_ones_handled():
    assert control.CONTROL_TYPES == {"control.goto", "timer.start", "timer.pause", "timer.resume",
                                     "timer.add", "timer.reset", "joins.stop", "joins.open"}
