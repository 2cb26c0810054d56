"""The live-event limiter's moving window, on a clock the test moves."""
from __future__ import annotations

import pytest

from workshop import security
from workshop.security import SocketLimiter


@pytest.fixture
def clock(monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(security.time, "monotonic", lambda: now[0])
    return now


def test_a_burst_up_to_the_limit_passes_then_waits_for_the_oldest_to_leave(clock):
    limiter = SocketLimiter({"participant": "3 per 10 seconds"})
    for _ in range(3):
        assert limiter.hit("participant", "p1") is None
        clock[0] += 1
    assert limiter.hit("participant", "p1") == 7  # the first event leaves the window at 1010
    clock[0] = 1010.0
    assert limiter.hit("participant", "p1") is None
    assert limiter.hit("participant", "p1") == 1  # the second leaves at 1011
    assert limiter.hit("participant", "p2") is None  # another phone has its own window


def test_refused_events_do_not_count(clock):
    limiter = SocketLimiter({"participant": "2 per 10 seconds"})
    assert [limiter.hit("participant", "p1") for _ in range(5)] == [None, None, 10, 10, 10]
    clock[0] += 10
    assert [limiter.hit("participant", "p1") for _ in range(3)] == [None, None, 10]


def test_every_limit_of_a_role_applies(clock):
    limiter = SocketLimiter({"participant": "2 per second; 3 per minute"})
    assert limiter.hit("participant", "p1") is None and limiter.hit("participant", "p1") is None
    assert limiter.hit("participant", "p1") == 1
    clock[0] += 1
    assert limiter.hit("participant", "p1") is None
    clock[0] += 1
    assert limiter.hit("participant", "p1") == 58  # the minute's allowance is spent
    clock[0] += 58
    assert limiter.hit("participant", "p1") is None


def test_roles_have_their_own_allowance_and_unknown_roles_get_the_participants(clock):
    limiter = SocketLimiter({"participant": "1 per minute", "facilitator": "3 per minute"})
    assert [limiter.hit("facilitator", "sid:a") for _ in range(4)] == [None, None, None, 60]
    assert [limiter.hit("board", "sid:b") for _ in range(2)] == [None, 60]


def test_forget_and_idle_keys_are_dropped(clock):
    limiter = SocketLimiter({"participant": "1 per minute"})
    limiter.hit("participant", "sid:a")
    limiter.forget("sid:a")
    assert limiter.hit("participant", "sid:a") is None  # a fresh connection, a fresh window
    for n in range(100):
        limiter.hit("participant", f"p{n}")
    clock[0] += SocketLimiter.PRUNE_EVERY + 60
    limiter.hit("participant", "p-new")
    assert set(limiter.windows) == {"p-new"}  # nothing kept for phones that went quiet
