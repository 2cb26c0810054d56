"""Scale-out and crash-safety tests: real server processes, PostgreSQL, Redis.

A test whose service is absent is skipped with the reason (tests/services.py); with
WORKSHOP_REQUIRE_SERVICES=1 (.ci/run) the hook below reports that skip as a failure, whichever
way it was reached (a fixture, a helper, or a plain pytest.skip with the services' reason).
"""
from __future__ import annotations

import pytest

import services


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
    """A fresh, empty PostgreSQL database for this test, dropped afterwards."""
    with services.fresh_postgres_database() as url:
        yield url


@pytest.fixture
def redis_url():
    services.need_redis()
    return services.REDIS
