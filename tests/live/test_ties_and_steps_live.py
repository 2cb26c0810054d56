"""Through the live engine: ties at a "top N" cut come back to the console as a choice; moving
on closes the input of the activity left (one undo reopens it) and a finished timer stays behind."""
from __future__ import annotations

import time

from support import Phone, add_activity, add_wall, last_state, send, start, walls

from workshop.db import db
from workshop.engine import replay
from workshop.models import Activity, Workshop

OPTIONS = ["Shared planning time", "Shorter pupil passports", "SEND data each term", "Adaptive teaching CPD"]


def voted_dotocracy(app, ic, wid) -> tuple[int, list[str]]:
    """Votes 3, 2, 2, 0: options 2 and 3 tie for second place."""
    dots = add_activity(ic, wid, "dotocracy", "Prioritise", {"dots": 3, "per_item": 3, "items": OPTIONS})
    start(ic, wid, dots)
    ids = [i["id"] for i in last_state(ic.socket(wid))["activity"]["view"]["items"]]
    for name, picks in (("Jo", [0, 1, 2]), ("Sam", [0, 1]), ("Kim", [0, 2])):
        phone = Phone(app, wid, name)
        for k in picks:
            assert send(phone.socket, "dots.place", {"item": ids[k]}, dots)["ok"]
    return dots, ids


def texts(activity_id: int) -> list[str]:
    with db.session() as s:
        return [c["text"] for c in s.get(Activity, activity_id).state["cards"]]


def test_a_top_n_import_through_a_tie_is_refused_with_the_tie_then_included_or_picked(app, ic, open_workshop):
    wid = open_workshop
    dots, ids = voted_dotocracy(app, ic, wid)
    wall = add_wall(ic, wid, "Ideas to take forward")

    ack = ic.step(wid, "activity.import", {"from": dots, "top": 2}, wall)
    assert ack["ok"] is False and ack["error"] == "tie"
    assert ack["tie"]["top"] == 2 and ack["tie"]["through"] == 3
    assert [c["id"] for c in ack["tie"]["above"]] == [ids[0]]
    assert [c["id"] for c in ack["tie"]["tied"]] == [ids[1], ids[2]]
    assert texts(wall) == []  # refused: nothing came in

    assert ic.step(wid, "activity.import", {"from": dots, "top": 1}, wall)["ok"]  # no tie at 1
    assert ic.step(wid, "activity.import", {"from": dots, "top": 2, "ties": "include"}, wall)["ok"]
    assert texts(wall) == [OPTIONS[0], OPTIONS[0], OPTIONS[1], OPTIONS[2]]
    assert ic.step(wid, "activity.import", {"from": dots, "cards": [ids[2], ids[0]]}, wall)["ok"]
    assert texts(wall)[-2:] == [OPTIONS[0], OPTIONS[2]]  # the facilitator's pick, in ranked order
    bad = ic.step(wid, "activity.import", {"from": dots, "top": 2, "cards": [ids[0]]}, wall)
    assert bad["error"] == "bad_request"


def test_moving_on_closes_the_input_of_the_activity_left_and_one_undo_reopens_it(app, ic, open_workshop):
    wid = open_workshop
    first, second = walls(wid)[0], add_wall(ic, wid)
    start(ic, wid, first)
    phone = Phone(app, wid, "Jo")
    assert send(phone.socket, "idea.add", {"text": "before we move on"}, first)["ok"]

    assert ic.step(wid, "control.goto", {"activity": second})["ok"]

    state = last_state(ic.socket(wid))
    assert not {a["id"]: a["open"] for a in state["agenda"]}[first]
    assert ic.step(wid, "control.goto", {"activity": first})["ok"]  # going back does not reopen it
    late = send(phone.socket, "idea.add", {"text": "too late"}, first)
    assert late["ok"] is False and late["error"] == "closed"

    assert ic.step(wid, "undo")["ok"]   # the second goto (nothing was open to close)
    assert ic.step(wid, "undo")["ok"]   # the first goto: back on the first wall, input open again
    with db.session() as s:
        ws, act = s.get(Workshop, wid), s.get(Activity, first)
        assert ws.control["activity"] == first and act.state["open"] is True
        assert replay.activity(s, act) == act.state and replay.control(s, ws) == ws.control
    assert send(phone.socket, "idea.add", {"text": "open again"}, first)["ok"]


def test_a_finished_or_paused_timer_stays_with_its_activity_a_running_one_keeps_going(ic, open_workshop):
    wid = open_workshop
    first, second = walls(wid)[0], add_wall(ic, wid)
    start(ic, wid, first)
    timer = lambda: last_state(ic.socket(wid))["control"]["timer"]  # noqa: E731

    assert ic.step(wid, "timer.start", {"seconds": 1})["ok"]
    time.sleep(1.1)
    assert ic.step(wid, "control.goto", {"activity": second})["ok"]
    assert timer() == {"running": False, "ends_at": None, "remaining_ms": 0, "duration_ms": 0}

    assert ic.step(wid, "timer.start", {"seconds": 300})["ok"]
    assert ic.step(wid, "timer.pause")["ok"]
    assert ic.step(wid, "control.goto", {"activity": first})["ok"]
    assert timer()["duration_ms"] == 0
    assert ic.step(wid, "undo")["ok"]  # undo brings the paused timer back with the activity
    assert timer()["duration_ms"] == 300_000 and last_state(ic.socket(wid))["control"]["activity"] == second

    assert ic.step(wid, "timer.resume")["ok"]
    assert ic.step(wid, "control.goto", {"activity": first})["ok"]
    assert timer()["running"] is True and timer()["duration_ms"] == 300_000


def test_confirming_the_top_root_causes_asks_at_a_tie(app, ic, open_workshop):
    wid = open_workshop
    fb = add_activity(ic, wid, "fishbone", "Causes", {"problem": "Progress gap"})
    start(ic, wid, fb)
    phones = [Phone(app, wid, name) for name in ("Jo", "Sam", "Kim")]
    bone = last_state(ic.socket(wid))["activity"]["view"]["bones"][0]["id"]
    causes = [send(phones[0].socket, "fishbone.add", {"text": f"cause {n}", "bone": bone}, fb)["private"]["mine"][-1]
              for n in range(3)]
    assert ic.step(wid, "fishbone.settings", {"marking": True}, fb)["ok"]
    for phone, picks in zip(phones, ([0, 1], [0, 2], [0])):  # 3, 1, 1 marks: a tie for second
        for k in picks:
            assert send(phone.socket, "fishbone.mark", {"cause": causes[k]}, fb)["ok"]

    ack = ic.step(wid, "fishbone.roots", {"top": 2}, fb)
    assert ack["error"] == "tie" and [c["id"] for c in ack["tie"]["tied"]] == causes[1:]
    assert last_state(ic.socket(wid))["activity"]["view"]["roots"] == []
    assert ic.step(wid, "fishbone.roots", {"top": 2, "ties": "include"}, fb)["ok"]
    assert last_state(ic.socket(wid))["activity"]["view"]["roots"] == causes
