"""Fixtures: an app on a fresh SQLite file, a signed-in facilitator, an open workshop."""
from __future__ import annotations

import pytest

import services
from support import Facilitator, make_app, walls


# A test whose service is absent is skipped with the reason (tests/services.py); with
# WORKSHOP_REQUIRE_SERVICES=1 (.ci/run) that skip is reported as a failure, in every folder and
# whichever way it was reached (a fixture, a helper, or a plain pytest.skip with the reason).
@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.skipped and services.required() and isinstance(report.longrepr, tuple):
        reason = str(report.longrepr[2])
        if services.ABSENT in reason:
            report.outcome = "failed"
            report.longrepr = f"{reason}\nWORKSHOP_REQUIRE_SERVICES=1: a service these tests need is missing."


@pytest.fixture
def postgres_url():
    """A fresh, empty database on the machine's PostgreSQL for this test, dropped afterwards."""
    with services.fresh_postgres_database() as url:
        yield url


@pytest.fixture
def redis_url():
    """The machine's Redis (a test that shares it uses a channel of its own)."""
    services.need_redis()
    return services.REDIS


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "workshop.db"


@pytest.fixture
def app(db_path):
    return make_app(db_path)


@pytest.fixture
def ic(app):
    return Facilitator(app, "ic@example.org", "Priya Shah")


@pytest.fixture
def open_workshop(ic):
    """A workshop on the SPP agenda, open, on its first activity with input open."""
    wid = ic.create_workshop()
    assert ic.step(wid, "workshop.open")["ok"]
    first = walls(wid)[0]
    assert ic.step(wid, "control.goto", {"activity": first})["ok"]
    assert ic.step(wid, "activity.open", activity=first)["ok"]
    return wid
