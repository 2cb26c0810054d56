"""PostgreSQL as the database: migrations both ways, the demo workshop's log replays to its stored
state (on SQLite too), and the driver cooperates with eventlet and gevent."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy import inspect, select

from support import make_app
from alembic.script import ScriptDirectory
from workshop.db import MIGRATIONS, db, make_engine, upgrade
from workshop.engine import replay
from workshop.models import Base, Event, Workshop

ROOT = Path(__file__).resolve().parents[2]


def _alembic(engine, *steps: tuple[str, str]) -> None:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    for verb, target in steps:
        with engine.begin() as connection:
            cfg.attributes["connection"] = connection
            getattr(command, verb)(cfg, target)


def _tables(engine) -> set[str]:
    with engine.connect() as conn:
        return set(inspect(conn).get_table_names())


def test_migrations_upgrade_to_head_and_downgrade_to_base_on_postgres(postgres_url):
    engine = make_engine(postgres_url)
    try:
        upgrade(engine)
        upgrade(engine)  # a second run (another process starting) is a no-op
        with engine.connect() as conn:
            assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []
            head = ScriptDirectory(str(MIGRATIONS)).get_current_head()
            assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == head
        assert {"users", "workshops", "activities", "participants", "events", "facilitators",
                "action_updates"} <= _tables(engine)

        _alembic(engine, ("downgrade", "0001"))
        assert "action_updates" not in _tables(engine)
        assert "record" not in {c["name"] for c in inspect(engine).get_columns("workshops")}

        _alembic(engine, ("downgrade", "base"))
        assert _tables(engine) == {"alembic_version"}

        _alembic(engine, ("upgrade", "head"))
        with engine.connect() as conn:
            assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []
    finally:
        engine.dispose()


def test_processes_starting_together_migrate_a_fresh_postgres_database_once(postgres_url):
    """Several server processes start at once on an empty database: one migrates, the others wait
    (an advisory lock) and find the schema done, instead of failing on CREATE TABLE."""
    code = ("import sys; from workshop.db import make_engine, upgrade; "
            "e = make_engine(sys.argv[1]); upgrade(e); e.dispose(); print('ok')")
    procs = [subprocess.Popen([sys.executable, "-c", code, postgres_url], cwd=ROOT, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(4)]
    results = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0] * 4, [err for _, err in results]
    engine = make_engine(postgres_url)
    try:
        with engine.connect() as conn:
            assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []
    finally:
        engine.dispose()


@pytest.fixture(params=["sqlite", "postgres"])
def any_database(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'workshop.db'}"
    else:
        yield request.getfixturevalue("postgres_url")


def test_replaying_the_demo_workshops_log_reproduces_every_activity(any_database, tmp_path):
    """`workshop demo` runs every tool through the engine; replaying each activity's events from
    its initial state gives exactly the stored state (and the control, the stored control)."""
    from workshop import demo

    app = make_app(tmp_path / "workshop.db", DATABASE_URL=any_database)
    try:
        with app.test_request_context(base_url="http://workshop.test"):
            info = demo.seed()
        with db.session() as s:
            workshop = s.get(Workshop, info["workshop"])
            tools_seen = set()
            for activity in workshop.activities:
                stored = json.loads(json.dumps(activity.state))  # as read back from the database
                assert replay.activity(s, activity) == stored, f"{activity.tool} {activity.title!r}"
                tools_seen.add(activity.tool)
            assert replay.control(s, workshop) == workshop.control
            events = s.scalar(select(Event.version).where(Event.workshop_id == workshop.id)
                              .order_by(Event.version.desc()).limit(1))
            assert events == workshop.version  # one event per version, none missing at the top
        from workshop import tools

        assert tools_seen == set(tools.REGISTRY), "the demo uses every tool"
    finally:
        db.engine.dispose()


GREEN_CHECK = """
import sys
mode, url = sys.argv[1], sys.argv[2]
if mode == "eventlet":
    import eventlet; eventlet.monkey_patch()
else:
    from gevent import monkey; monkey.patch_all()
import psycopg2.extensions
from workshop.db import db
db.configure(url)
callback = psycopg2.extensions.get_wait_callback()
# Two green threads each hold a query open on the server for 0.3 s: cooperating, they overlap.
import time
from sqlalchemy import text
def sleeper():
    with db.engine.connect() as c:
        c.execute(text("SELECT pg_sleep(0.3)"))
if mode == "eventlet":
    pool = eventlet.GreenPool(); [pool.spawn(sleeper) for _ in range(4)]; pool.waitall()
else:
    import gevent; gevent.joinall([gevent.spawn(sleeper) for _ in range(4)])
print(callback.__module__, callback.__name__)
"""


@pytest.mark.parametrize("mode", ["eventlet", "gevent"])
def test_the_postgres_driver_waits_cooperatively_under_green_threads(mode, postgres_url):
    done = subprocess.run([sys.executable, "-c", GREEN_CHECK, mode, postgres_url], cwd=ROOT,
                          capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONWARNINGS": "ignore"})
    assert done.returncode == 0, done.stderr
    module, name = done.stdout.split()
    assert module == f"psycogreen.{mode}" and name.endswith("wait_callback")
