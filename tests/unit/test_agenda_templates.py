"""The agenda templates for the handbook's three workshop formats: each fills its slot with tools
that exist, parts in order, and the SPP whole-staff session stays the default."""
from __future__ import annotations

import pytest

from workshop import agenda, tools
from workshop.engine import plan

PARTS = [agenda.PART1, agenda.PART2, agenda.PART3, agenda.CLOSE]
DETAILS = {"focus": "Pupils with SEND in KS3 make less progress",
           "key_messages": "Strong pastoral care\nSupport plans are not used in lessons"}


@pytest.mark.parametrize("name", list(agenda.TEMPLATES))
def test_each_template_plans_exactly_its_formats_minutes(name):
    steps = agenda.default_activities(template=name)
    assert all(plan.MIN_MINUTES <= s["minutes"] <= plan.MAX_MINUTES for s in steps)
    assert sum(s["minutes"] for s in steps) == agenda.TEMPLATES[name].minutes


def test_the_formats_have_the_handbooks_lengths():
    lengths = {name: t.minutes for name, t in agenda.TEMPLATES.items()}
    assert lengths["whole_staff"] == 90
    assert 60 <= lengths["small_group"] <= 120
    assert lengths["focused_group"] <= 90
    assert len(set(lengths.values())) == 3


@pytest.mark.parametrize("name", list(agenda.TEMPLATES))
def test_each_template_uses_only_built_tools_and_every_step_is_kept(name):
    steps = agenda.default_activities(DETAILS, name)
    assert len(steps) == len(agenda.TEMPLATES[name].steps)  # no step lost for want of a tool
    for step in steps:
        assert step["tool"] in tools.REGISTRY
        assert step["title"] and step["prompt"]
        tools.get(step["tool"]).initial_state(step["config"])  # its config makes a valid state


@pytest.mark.parametrize("name", list(agenda.TEMPLATES))
def test_each_template_runs_through_the_parts_in_order_and_ends_with_actions_then_reporting(name):
    steps = agenda.default_activities(template=name)
    order = [PARTS.index(s["section"]) for s in steps]
    assert order == sorted(order) and set(order) == {0, 1, 2, 3}
    tools_in_order = [s["tool"] for s in steps]
    assert tools_in_order[-2:] == ["action_plan", "report_back"]
    assert any(t in tools_in_order for t in ("fishbone", "five_whys"))  # a root-cause tool


def test_the_templates_differ_in_their_tools():
    chosen = {name: tuple(s["tool"] for s in agenda.default_activities(template=name)) for name in agenda.TEMPLATES}
    assert len(set(chosen.values())) == 3
    assert "swot" in chosen["small_group"]
    assert "prioritisation_matrix" in chosen["focused_group"]


def test_the_default_is_the_spp_whole_staff_session():
    assert agenda.DEFAULT_TEMPLATE == "whole_staff"
    assert agenda.default_activities(DETAILS) == agenda.default_activities(DETAILS, "whole_staff")


def test_an_unknown_template_is_refused():
    with pytest.raises(KeyError):
        agenda.default_activities(template="all_day")


def test_the_review_details_reach_every_template():
    for name in agenda.TEMPLATES:
        configs = {s["tool"]: s["config"] for s in agenda.default_activities(DETAILS, name)}
        root = next(t for t in ("fishbone", "five_whys") if t in configs)
        assert configs[root]["problem"] == DETAILS["focus"], name
        assert configs["response_round"]["messages"] == DETAILS["key_messages"].splitlines(), name


def test_the_small_groups_rag_rating_rates_the_reviews_key_messages():
    rag = next(s for s in agenda.default_activities(DETAILS, "small_group") if s["tool"] == "rag_rating")
    state = tools.get("rag_rating").initial_state(rag["config"])
    assert [i["text"] for i in state["items"]] == DETAILS["key_messages"].splitlines()


def test_the_choices_list_the_default_first_with_their_planned_minutes():
    listed = agenda.choices()
    assert [name for name, _, _ in listed][0] == agenda.DEFAULT_TEMPLATE
    assert {name: minutes for name, _, minutes in listed} == {n: t.minutes for n, t in agenda.TEMPLATES.items()}
    assert all(label for _, label, _ in listed)
