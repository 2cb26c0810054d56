"""The time plan live: planned minutes through agenda.add / agenda.update into every screen's agenda,
actual times from the gotos, and the console's expected end (the schema check is on for all)."""
from __future__ import annotations

from sqlalchemy import select
from support import activities, board, last_state, send

from workshop.db import db
from workshop.engine import plan
from workshop.models import Activity, Event


def goto_times(workshop_id: int) -> list[tuple[int, int]]:
    with db.session() as s:
        return [(e.at, e.payload["activity"]) for e in s.scalars(
            select(Event).where(Event.workshop_id == workshop_id, Event.type == "control.goto",
                                Event.undone.is_(False)).order_by(Event.version))]


def item(state: dict, activity_id: int) -> dict:
    return next(a for a in state["agenda"] if a["id"] == activity_id)


def test_a_new_workshop_plans_ninety_minutes_and_phones_get_no_plan(app, ic):
    wid = ic.create_workshop()
    assert ic.step(wid, "workshop.open")["ok"]
    console, room = ic.socket(wid), board(app, wid)
    state = last_state(console)
    assert sum(a["minutes"] for a in state["agenda"]) == 90
    assert all(a["spent_ms"] == 0 and a["since"] is None for a in state["agenda"])
    assert state["plan"] == {"ends_at": None, "after_current_ms": 90 * plan.MINUTE_MS}
    on_board = last_state(room)
    assert on_board["plan"] is None and on_board["agenda"][0]["minutes"] == 15


def test_agenda_add_and_update_take_minutes_and_refuse_them_out_of_range(ic):
    wid = ic.create_workshop()
    console = ic.socket(wid)
    ack = send(console, "agenda.add", {"tool": "idea_wall", "title": "Check-in", "minutes": 5})
    assert ack["ok"], ack
    new_id = activities(wid)[-1]
    assert item(last_state(console), new_id)["minutes"] == 5
    with db.session() as s:  # kept beside the tool's settings, which the tool never reads
        assert s.get(Activity, new_id).config == {"minutes": 5}

    for wrong in (0, 121, 2.5, "5"):
        refused = send(console, "agenda.add", {"tool": "idea_wall", "title": "Too long", "minutes": wrong})
        assert refused["error"] == "bad_request", wrong
        assert send(console, "agenda.update", {"minutes": wrong, "title": "Renamed"}, new_id)["error"] == "bad_request"
    assert len(activities(wid)) == 7  # nothing half-written: no activity added, no title changed
    with db.session() as s:
        assert (s.get(Activity, new_id).title, s.get(Activity, new_id).config) == ("Check-in", {"minutes": 5})

    assert send(console, "agenda.update", {"minutes": 12}, new_id)["ok"]
    assert item(last_state(console), new_id)["minutes"] == 12
    assert send(console, "agenda.update", {"minutes": None}, new_id)["ok"]
    assert item(last_state(console), new_id)["minutes"] is None
    unplanned = send(console, "agenda.add", {"tool": "idea_wall", "title": "No plan"})
    assert unplanned["ok"] and item(last_state(console), activities(wid)[-1])["minutes"] is None


def test_actual_times_and_the_expected_end_follow_the_gotos(ic):
    wid = ic.create_workshop()
    first, second, *_ = activities(wid)
    console = ic.socket(wid)
    assert send(console, "control.goto", {"activity": first})["ok"]
    assert send(console, "control.goto", {"activity": second})["ok"]

    (left_first, _), (reached_second, _) = goto_times(wid)
    state = last_state(console)
    assert item(state, first)["spent_ms"] == reached_second - left_first
    assert item(state, first)["since"] is None
    assert item(state, second)["since"] == reached_second and item(state, second)["spent_ms"] == 0
    rest = 90 - 15 - 20  # the first and the (current) second are not still to come
    assert state["plan"] == {"after_current_ms": rest * plan.MINUTE_MS,
                             "ends_at": reached_second + (20 + rest) * plan.MINUTE_MS}

    assert send(console, "undo")["ok"]  # the goto to the second is taken back: its time with it
    state = last_state(console)
    assert item(state, first)["since"] == left_first and item(state, first)["spent_ms"] == 0
    assert item(state, second)["since"] is None and item(state, second)["spent_ms"] == 0
