"""The per-connection limit on live events: a flooding script is throttled with `rate_limited`,
nobody else notices, and a real phone's bursts and the facilitator's console pass."""
from __future__ import annotations

from fuzzing import documented_error_codes
from support import Phone, board, send, walls
from workshop.db import db
from workshop.models import Event
from workshop.security import SOCKET_LIMITS

PHONE_BURST = int(SOCKET_LIMITS["participant"].split()[0])


def ideas(workshop_id: int) -> int:
    with db.session() as s:
        return s.query(Event).filter_by(workshop_id=workshop_id, type="idea.add").count()


def test_a_script_sending_100_intents_is_throttled_and_nobody_else_notices(app, ic, open_workshop):
    wall = walls(open_workshop)[0]
    script, neighbour = Phone(app, open_workshop, "Script"), Phone(app, open_workshop, "Jo")
    acks = [send(script.socket, "idea.add", {"text": f"spam {n}"}, wall) for n in range(100)]
    ok = [a for a in acks if a["ok"]]
    limited = [a for a in acks if not a["ok"]]
    assert len(ok) == PHONE_BURST and {a["error"] for a in limited} == {"rate_limited"}
    assert all(a["retry_after"] >= 1 and "wait" in a["message"] for a in limited)
    assert ideas(open_workshop) == PHONE_BURST  # refused intents wrote nothing
    # Reconnecting does not buy a fresh allowance: the limit follows the participant.
    script.socket.disconnect()
    script.socket = script.connect()
    assert send(script.socket, "idea.add", {"text": "again"}, wall)["error"] == "rate_limited"
    assert script.socket.emit("sync", {"version": 0}, callback=True)["error"] == "rate_limited"
    # Everyone else carries on.
    for n in range(10):
        assert send(neighbour.socket, "idea.add", {"text": f"real idea {n}"}, wall)["ok"]
    fac = ic.socket(open_workshop)
    assert send(fac, "activity.close", activity=wall)["ok"]


def test_a_phones_fast_taps_and_its_resend_burst_pass(app, ic, open_workshop):
    """Tapping dots fast is a few intents a second; after a reconnect the phone resends what it
    queued offline all at once (30 here). None of it is throttled."""
    wall = walls(open_workshop)[0]
    phone = Phone(app, open_workshop, "Sam")
    for n in range(30):
        assert send(phone.socket, "idea.add", {"text": f"offline idea {n}"}, wall)["ok"]
    assert phone.socket.emit("sync", {"version": 0}, callback=True)["ok"]


def test_the_console_has_a_higher_allowance(app, ic, open_workshop):
    wall = walls(open_workshop)[0]
    fac = ic.socket(open_workshop)
    steps = ["activity.close", "activity.open"] * 50
    assert all(send(fac, kind, activity=wall)["ok"] for kind in steps)  # 100 steps in a row


def test_a_board_cannot_flood_either(app, ic, open_workshop):
    screen = board(app, open_workshop)
    acks = [screen.emit("sync", {"version": 0}, callback=True) for _ in range(PHONE_BURST + 5)]
    assert [a.get("error") for a in acks[:PHONE_BURST]] == [None] * PHONE_BURST
    assert {a["error"] for a in acks[PHONE_BURST:]} == {"rate_limited"}


def test_rate_limited_is_a_documented_error_code():
    assert "rate_limited" in documented_error_codes()
