"""Scale-out and crash-safety tests: real server processes, PostgreSQL, Redis.

Their services come from tests/conftest.py's `postgres_url` and `redis_url`; a test whose service
is absent is skipped with the reason, and with WORKSHOP_REQUIRE_SERVICES=1 (.ci/run) the hook in
tests/conftest.py reports that skip as a failure, whichever way it was reached.
"""
