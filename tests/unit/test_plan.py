"""The time plan: planned minutes (checked, kept in the config), actual times from the gotos, and the
expected end of the workshop."""
from __future__ import annotations

import pytest

from workshop import agenda
from workshop.engine import plan
from workshop.tools.base import ToolError

MIN = plan.MINUTE_MS


@pytest.mark.parametrize("minutes", [1, 45, 120])
def test_minutes_in_range_are_taken(minutes):
    assert plan.checked_minutes({"minutes": minutes}) == minutes


def test_no_minutes_or_null_means_unplanned():
    assert plan.checked_minutes({}) is None
    assert plan.checked_minutes({"minutes": None}) is None


@pytest.mark.parametrize("minutes", [0, -5, 121, 10_000, 2.5, "10", True, [10]])
def test_minutes_out_of_range_or_not_whole_are_a_bad_request(minutes):
    with pytest.raises(ToolError) as refused:
        plan.checked_minutes({"minutes": minutes})
    assert refused.value.code == "bad_request"


def test_minutes_are_set_and_cleared_in_a_new_config_leaving_the_tools_keys():
    config = {"columns": ["A", "B"]}
    planned = plan.with_minutes(config, 10)
    assert planned == {"columns": ["A", "B"], "minutes": 10} and config == {"columns": ["A", "B"]}
    assert plan.planned_minutes(planned) == 10
    assert plan.with_minutes(planned, None) == {"columns": ["A", "B"]}
    assert plan.planned_minutes({}) is None and plan.planned_minutes(None) is None


def test_actual_time_sums_every_visit_and_runs_for_the_current_item():
    t = plan.timing([(0, 1), (10 * MIN, 2), (25 * MIN, 1), (30 * MIN, 3)])
    assert t.spent_ms == {1: 15 * MIN, 2: 15 * MIN}
    assert (t.current, t.since) == (3, 30 * MIN)
    assert t.actual_ms(1, 40 * MIN) == 15 * MIN
    assert t.actual_ms(3, 40 * MIN) == 10 * MIN
    assert t.actual_ms(4, 40 * MIN) == 0


def test_going_nowhere_stops_the_clock_and_a_goto_to_the_same_item_changes_nothing():
    t = plan.timing([(0, 1), (5 * MIN, 1), (8 * MIN, None)])
    assert t.spent_ms == {1: 8 * MIN}
    assert (t.current, t.since) == (None, None)


def test_no_gotos_no_times():
    t = plan.timing([])
    assert t.spent_ms == {} and t.current is None and t.actual_ms(1, 99) == 0


PLAN = [(1, 10), (2, 20), (3, None), (4, 15)]


def test_before_the_start_the_end_is_now_plus_every_planned_minute():
    ahead = plan.forecast(PLAN, plan.timing([]), None)
    assert ahead == plan.Forecast(None, 45 * MIN)
    assert ahead.end(1000) == 1000 + 45 * MIN


def test_on_time_the_end_stays_put():
    t = plan.timing([(0, 1), (10 * MIN, 2)])  # item 1 took its 10 minutes; item 2 (20) is current
    ahead = plan.forecast(PLAN, t, 2)
    assert ahead.after_current_ms == 15 * MIN  # item 3 has no plan, item 4 has 15
    assert ahead.end(12 * MIN) == ahead.end(29 * MIN) == 45 * MIN


def test_an_overrun_of_the_current_item_moves_the_end_with_the_clock():
    t = plan.timing([(0, 1), (10 * MIN, 2)])
    ahead = plan.forecast(PLAN, t, 2)
    assert ahead.end(40 * MIN) == 55 * MIN  # 10 minutes over: item 4's 15 still to come


def test_items_already_done_count_no_more_and_a_return_visit_uses_what_is_left_of_its_plan():
    # 1 (10 planned) for 4 min, then 4 for 15, then back to 1: 6 of its minutes left.
    t = plan.timing([(0, 1), (4 * MIN, 4), (19 * MIN, 1)])
    ahead = plan.forecast(PLAN, t, 1)
    assert ahead.after_current_ms == 20 * MIN  # only item 2 was never current
    assert ahead.end(19 * MIN) == (19 + 6 + 20) * MIN


def test_an_unplanned_current_item_adds_only_its_time_so_far():
    t = plan.timing([(0, 3)])
    ahead = plan.forecast(PLAN, t, 3)
    assert ahead.end(7 * MIN) == 7 * MIN + 45 * MIN


def test_a_current_item_the_log_does_not_know_counts_as_not_started():
    ahead = plan.forecast(PLAN, plan.timing([(0, 1), (5 * MIN, None)]), None)
    assert ahead == plan.Forecast(None, 35 * MIN)


def test_the_default_spp_agenda_fits_ninety_minutes():
    steps = agenda.default_activities()
    assert all(plan.MIN_MINUTES <= s["minutes"] <= plan.MAX_MINUTES for s in steps)
    assert sum(s["minutes"] for s in steps) == 90
