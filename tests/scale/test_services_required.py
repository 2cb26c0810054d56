"""The services rule itself: a test whose PostgreSQL or Redis is absent is skipped with the reason,
and WORKSHOP_REQUIRE_SERVICES=1 (.ci/run) makes that skip a failure. Checked by running pytest on
three small tests pointed at ports where nothing listens."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

SCALE = Path(__file__).resolve().parent
TESTS = SCALE.parent

PROBES = '''
import pytest
import services


def test_needs_postgres(postgres_url):
    pass


def test_needs_redis():
    services.need_redis()


def test_skips_in_its_own_words():
    pytest.skip(services.ABSENT + "a broker, for this test")
'''


def run(tmp_path: Path, required: bool) -> str:
    (tmp_path / "conftest.py").write_text((TESTS / "conftest.py").read_text())
    (tmp_path / "test_probes.py").write_text(PROBES)
    (tmp_path / "pytest.ini").write_text("[pytest]\n")
    env = {k: v for k, v in os.environ.items() if k != "WORKSHOP_REQUIRE_SERVICES"}
    env.update(PYTHONPATH=str(TESTS), WORKSHOP_TEST_POSTGRES="postgresql://postgres@127.0.0.1:9/none",
               WORKSHOP_TEST_REDIS="redis://127.0.0.1:9/0")
    if required:
        env["WORKSHOP_REQUIRE_SERVICES"] = "1"
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-rsf", "-p", "no:cacheprovider",
                           "-p", "no:randomly", str(tmp_path)], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120)
    return done.stdout + done.stderr


@pytest.mark.parametrize("required", [False, True])
def test_absent_services_skip_with_the_reason_unless_required(tmp_path, required):
    out = run(tmp_path, required)
    summary = out.strip().splitlines()[-1]
    if required:  # the fixture's failure is reported as an error (in set-up), the others as failures
        assert summary.startswith("2 failed, 1 error"), out
        assert "WORKSHOP_REQUIRE_SERVICES=1" in out
    else:
        assert summary.startswith("3 skipped"), out
    assert "service absent: PostgreSQL at postgresql://postgres@127.0.0.1:9/none is not reachable" in out
    assert "service absent: Redis at redis://127.0.0.1:9/0 is not reachable" in out
    assert "service absent: a broker, for this test" in out
