"""PostgreSQL and Redis for the tests that need them (tests/scale).

They run on loopback (PostgreSQL 127.0.0.1:5432, user postgres, trust auth; Redis 127.0.0.1:6379;
override with WORKSHOP_TEST_POSTGRES / WORKSHOP_TEST_REDIS). When one is absent its tests are
skipped with the reason, and with WORKSHOP_REQUIRE_SERVICES=1 (as .ci/run sets) that skip is a
failure instead: tests/scale/conftest.py turns it into one.
"""
from __future__ import annotations

import os
import secrets
from contextlib import contextmanager
from typing import Iterator
from urllib.parse import urlsplit, urlunsplit

import pytest

POSTGRES = os.environ.get("WORKSHOP_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres")
REDIS = os.environ.get("WORKSHOP_TEST_REDIS", "redis://127.0.0.1:6379/0")
ABSENT = "service absent: "  # the prefix of every skip reason this module gives


def required() -> bool:
    return os.environ.get("WORKSHOP_REQUIRE_SERVICES") == "1"


def absent(what: str, why: object) -> None:
    """Skip (or, when services are required, fail) the current test: `what` is not reachable."""
    detail = (str(why).strip().splitlines() or ["no answer"])[0]
    reason = f"{ABSENT}{what} is not reachable ({detail})"
    if required():
        pytest.fail(reason + " and WORKSHOP_REQUIRE_SERVICES=1", pytrace=False)
    pytest.skip(reason)


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def postgres_available() -> str | None:
    """None when PostgreSQL answers, else why not."""
    try:
        import psycopg2

        psycopg2.connect(POSTGRES, connect_timeout=3).close()
    except Exception as exc:  # noqa: BLE001 - any failure means "not here"
        return f"{type(exc).__name__}: {exc}"
    return None


def redis_available() -> str | None:
    try:
        import redis

        redis.Redis.from_url(REDIS, socket_connect_timeout=3).ping()
    except Exception as exc:  # noqa: BLE001
        return f"{type(exc).__name__}: {exc}"
    return None


def need_postgres() -> None:
    why = postgres_available()
    if why:
        absent(f"PostgreSQL at {POSTGRES}", why)


def need_redis() -> None:
    why = redis_available()
    if why:
        absent(f"Redis at {REDIS}", why)


@contextmanager
def fresh_postgres_database(prefix: str = "workshop_test") -> Iterator[str]:
    """A new, empty PostgreSQL database (its URL), dropped afterwards even if connections linger."""
    import psycopg2

    need_postgres()
    name = f"{prefix}_{secrets.token_hex(4)}"
    admin = psycopg2.connect(POSTGRES)
    admin.autocommit = True
    try:
        with admin.cursor() as cur:
            cur.execute(f'CREATE DATABASE "{name}"')
        yield _with_database(POSTGRES, name)
    finally:
        with admin.cursor() as cur:
            cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def redis_channel() -> str:
    """A Socket.IO channel of its own, so test runs sharing one Redis never hear each other."""
    return f"workshop-test-{secrets.token_hex(4)}"
