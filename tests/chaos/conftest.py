"""Chaos tests: the room survives the faults a school has (issue 11 §4).

They run real server processes (tests/scale/cluster.py) and, where a test restarts a service, a
PostgreSQL and a Redis of its own (own_services.py), never the machine's shared ones. A service
or binary that is absent skips the test with the reason; with WORKSHOP_REQUIRE_SERVICES=1 (as
.ci/run sets) that is a failure instead, as in tests/scale.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest


# The scale tests' server processes and protocol-following clients.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scale"))

from own_services import OwnPostgres, OwnRedis  # noqa: E402


@pytest.fixture
def own_postgres():
    """A PostgreSQL server for this test alone (stop/start/restart it at will); always stopped
    and removed at the end, whatever the test did."""
    server = OwnPostgres()
    try:
        yield server.start()
    finally:
        server.close()


@pytest.fixture
def own_redis():
    """A redis-server for this test alone; always stopped at the end."""
    server = OwnRedis()
    try:
        yield server.start()
    finally:
        server.close()
