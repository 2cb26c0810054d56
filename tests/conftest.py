"""Fixtures: an app on a fresh SQLite file, a signed-in facilitator, an open workshop."""
from __future__ import annotations

import pytest

from support import Facilitator, make_app, walls


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
