"""Join codes (what people type from the projector) and the default SPP agenda."""
from __future__ import annotations

import json

import pytest

from workshop import agenda, tools
from workshop.join_codes import JOIN_ALPHABET, JOIN_CODE_LENGTH, new_join_code, normalise_code


# --- join codes ------------------------------------------------------------------------------

def test_alphabet_has_nothing_to_misread():
    for ch in "0O1IL":
        assert ch not in JOIN_ALPHABET
    assert JOIN_ALPHABET == JOIN_ALPHABET.upper()
    assert len(set(JOIN_ALPHABET)) == len(JOIN_ALPHABET)
    assert len(JOIN_ALPHABET) >= 20


def test_codes_use_the_alphabet_and_have_eight_characters():
    for _ in range(200):
        code = new_join_code()
        assert len(code) == JOIN_CODE_LENGTH == 8
        assert set(code) <= set(JOIN_ALPHABET)


def test_codes_are_random():
    codes = [new_join_code() for _ in range(1000)]
    assert len(set(codes)) > 1
    # with 31**6 possible codes, 1000 draws should practically never collide much
    assert len(set(codes)) > 990


def test_a_code_survives_normalising():
    code = new_join_code()
    assert normalise_code(code) == code
    assert normalise_code(code.lower()) == code


@pytest.mark.parametrize("typed, code", [
    (" k7m-2qx ", "K7M2QX"),
    ("K7M 2QX", "K7M2QX"),
    ("k7m2qx", "K7M2QX"),
    ("", ""),
    (None, ""),
    ("--  --", ""),
    ("a" * 20, "A" * 12),
])
def test_normalise_code(typed, code):
    assert normalise_code(typed) == code


# --- the default agenda ----------------------------------------------------------------------

def test_default_agenda_has_enough_activities_with_built_tools():
    activities = agenda.default_activities()
    assert len(activities) >= 4
    for a in activities:
        assert a["tool"] in tools.REGISTRY
        assert a["title"] and a["prompt"] and a["section"]
        assert set(a) == {"section", "title", "prompt", "tool", "minutes", "config"}


def test_default_agenda_covers_every_part():
    sections = [a["section"] for a in agenda.default_activities()]
    for part in ("Part 1", "Part 2", "Part 3", "Reporting back"):
        assert any(s.startswith(part) for s in sections), part


def test_default_agenda_follows_the_template_order():
    order = [a["section"] for a in agenda.default_activities()]
    parts = [agenda.PART1, agenda.PART2, agenda.PART3, agenda.CLOSE]
    assert [parts.index(s) for s in order] == sorted(parts.index(s) for s in order)


def test_default_agenda_configs_make_valid_tool_states():
    for a in agenda.default_activities():
        tool = tools.get(a["tool"])
        state = tool.initial_state(a["config"])
        json.dumps(state)
        json.dumps(a["config"])
        for audience in ("facilitator", "board", "participant"):
            json.dumps(tool.view(state, audience))


def test_default_agenda_idea_wall_columns_fit_the_limits():
    from workshop.tools import idea_wall
    for a in agenda.default_activities():
        if a["tool"] == "idea_wall":
            columns = a["config"].get("columns", [])
            assert len(columns) <= idea_wall.MAX_COLUMNS
            assert all(0 < len(t) <= idea_wall.MAX_COLUMN_TITLE for t in columns)


def test_default_agenda_gives_a_fresh_list_each_time():
    first = agenda.default_activities()
    first[0]["config"]["anonymous"] = True
    first.pop()
    second = agenda.default_activities()
    assert "anonymous" not in second[0]["config"]
    assert len(second) == len(first) + 1


def test_default_agenda_takes_the_problem_and_key_messages_from_the_details():
    details = {"focus": "  Pupils with SEND in KS3\nmake less progress  ",
               "key_messages": "- Strong pastoral care\n\n• Support plans are not used in lessons\n"}
    configs = {a["tool"]: a["config"] for a in agenda.default_activities(details)}
    root_cause_tool = next(t for t in ("fishbone", "five_whys") if t in configs)
    assert configs[root_cause_tool]["problem"] == "Pupils with SEND in KS3 make less progress"
    if "response_round" in configs:
        assert configs["response_round"]["messages"] == ["Strong pastoral care", "Support plans are not used in lessons"]
    long = agenda.default_activities({"focus": "x" * 5000})
    assert all(len(a["config"].get("problem", "")) <= agenda.PROBLEM_LIMIT for a in long)
