"""`record.update`'s follow-up keys: how the 90-day check-in happens and the ICs' invitation to the
staff meeting where the school presents its progress. Checked with clear messages; null clears."""
from __future__ import annotations

from datetime import date

import pytest

from workshop.record.edits import apply_update
from workshop.tools.base import ToolError

WORKSHOP = date(2026, 11, 26)


def update(payload: dict, current: dict | None = None) -> tuple[dict, dict]:
    return apply_update(current, payload, WORKSHOP, 7)


def refused(payload: dict) -> ToolError:
    with pytest.raises(ToolError) as caught:
        update(payload)
    return caught.value


@pytest.mark.parametrize("fmt", ["visit", "call", "meeting"])
def test_each_check_in_format_is_kept(fmt):
    edits, applied = update({"checkin_format": fmt})
    assert edits == {"checkin_format": fmt} and applied == {"checkin_format": fmt}


@pytest.mark.parametrize("bad", ["Visit", "email", "", 3, ["visit"], {"visit": 1}, True])
def test_an_unknown_check_in_format_is_refused_saying_which_are_allowed(bad):
    error = refused({"checkin_format": bad})
    assert error.code == "bad_request"
    assert error.message == ('The check-in\'s format must be one of: "visit" (a visit), "call" (a call), '
                             '"meeting" (a meeting).')


def test_null_clears_the_format_and_leaves_other_edits():
    edits, applied = update({"checkin_format": None}, {"checkin_format": "call", "checkin": "2027-03-01"})
    assert edits == {"checkin": "2027-03-01"} and applied == {"checkin_format": None}


def test_the_staff_meeting_keeps_its_date_and_a_tidied_note():
    edits, applied = update({"staff_meeting": {"date": "2027-03-10", "note": "  After school,\n the hall  "}})
    assert edits["staff_meeting"] == {"date": "2027-03-10", "note": "After school, the hall"}
    assert applied == edits
    edits, _ = update({"staff_meeting": {"note": "Date to follow from the head"}})
    assert edits["staff_meeting"] == {"date": "", "note": "Date to follow from the head"}
    edits, _ = update({"staff_meeting": {"date": "2026-11-26", "note": None}})  # the workshop's day is fine
    assert edits["staff_meeting"] == {"date": "2026-11-26", "note": ""}


@pytest.mark.parametrize("value, message", [
    ("2027-03-10", 'The staff meeting must be an object: {"date": "2027-03-10", "note": "…"}.'),
    (["2027-03-10"], 'The staff meeting must be an object: {"date": "2027-03-10", "note": "…"}.'),
    ({"date": "2027-03-10", "where": "hall"}, "The staff meeting: unknown field(s) where."),
    ({"date": "10/03/2027"}, "The staff meeting's date must look like 2027-03-10."),
    ({"date": 20270310}, "The staff meeting's date must look like 2027-03-10."),
    ({"date": False}, "The staff meeting's date must look like 2027-03-10."),
    ({"date": "2027-02-30"}, "The staff meeting's date 2027-02-30 is not a real date."),
    ({"date": "2026-11-25"}, "The staff meeting can't be before the workshop."),
    ({"note": 12}, "The note on the staff meeting must be text."),
    ({"note": "x" * 301}, "The note on the staff meeting can be at most 300 characters."),
])
def test_a_bad_staff_meeting_is_refused_with_a_clear_message(value, message):
    error = refused({"staff_meeting": value})
    assert error.message == message
    assert error.code == ("too_long" if "at most" in message else "bad_request")


def test_a_refused_key_changes_nothing_even_beside_a_good_one():
    with pytest.raises(ToolError):
        apply_update({"checkin_format": "call"}, {"checkin_format": "visit", "staff_meeting": {"date": "nope"}},
                     WORKSHOP, 7)


def test_null_or_an_empty_invitation_clears_the_staff_meeting():
    current = {"staff_meeting": {"date": "2027-03-10", "note": "Hall"}, "checkin_format": "visit"}
    for empty in (None, {}, {"date": "", "note": "   "}):
        edits, applied = update({"staff_meeting": empty}, current)
        assert edits == {"checkin_format": "visit"} and applied == {"staff_meeting": None}
    assert current["staff_meeting"] == {"date": "2027-03-10", "note": "Hall"}  # a new dict, not this one changed


def test_without_a_workshop_date_any_real_staff_meeting_date_is_fine():
    edits, _ = apply_update(None, {"staff_meeting": {"date": "2020-01-01"}}, None, 1)
    assert edits == {"staff_meeting": {"date": "2020-01-01", "note": ""}}
