"""What a refused socket connection was told: the test client keeps only that it is not connected,
so the refusal is recorded where live.py makes it."""
from __future__ import annotations

import pytest

from workshop.tools.base import ToolError
from workshop.web import live


@pytest.fixture
def refusals(monkeypatch) -> list[tuple[str, str]]:
    """(code, message) of every refused connect, in order."""
    seen: list[tuple[str, str]] = []
    real = live.authenticate

    def recording(auth):
        try:
            return real(auth)
        except ToolError as exc:
            seen.append((exc.code, exc.message))
            raise

    monkeypatch.setattr(live, "authenticate", recording)
    return seen
