"""Schema by migrations from day one, and the command line."""
from __future__ import annotations

import os

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from click.testing import CliRunner
from sqlalchemy import inspect

from workshop.cli import main
from workshop.db import make_engine, upgrade
from workshop.models import Base


def test_an_empty_database_upgrades_to_head_matching_the_models(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'empty.db'}")
    upgrade(engine)
    upgrade(engine)  # a second run is a no-op
    with engine.connect() as conn:
        tables = set(inspect(conn).get_table_names())
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert {"users", "workshops", "activities", "participants", "events", "facilitators",
            "alembic_version"} <= tables
    assert diff == []


def run(tmp_path, *args, **env):
    os.environ["WORKSHOP_INSTANCE"] = str(tmp_path)
    os.environ.pop("WORKSHOP_DATABASE_URL", None)
    return CliRunner().invoke(main, list(args), env={"WORKSHOP_INSTANCE": str(tmp_path), **env},
                              catch_exceptions=False)


def test_create_user_list_and_demo(tmp_path):
    made = run(tmp_path, "create-user", "--email", "ic@example.org", "--name", "Priya",
               "--password", "long enough password")
    assert made.exit_code == 0 and "Created facilitator ic@example.org" in made.output
    dup = run(tmp_path, "create-user", "--email", "ic@example.org", "--name", "P", "--password", "x" * 12)
    assert dup.exit_code != 0 and "already an account" in dup.output
    short = run(tmp_path, "create-user", "--email", "b@example.org", "--name", "B", "--password", "short")
    assert short.exit_code != 0 and "at least 10" in short.output

    demo = run(tmp_path, "demo", "--base-url", "http://127.0.0.1:5999")
    assert demo.exit_code == 0, demo.output
    assert "http://127.0.0.1:5999/w/1/run" in demo.output and "/board?key=" in demo.output
    assert "/j/" in demo.output and "demo@workshop.test" in demo.output
    assert "http://127.0.0.1:5999/partnerships/1" in demo.output

    listed = run(tmp_path, "list")
    lines = listed.output.strip().splitlines()
    # the demo workshop, then its partnership's three other schools' workshops
    assert len(lines) == 4 and lines[0].split("\t")[0] == "1" and "open" in lines[0]
    assert "Riverside Academy" in lines[0]
    assert [line.split("\t")[1] for line in lines[1:]] == ["draft", "closed", "closed"]
    assert (tmp_path / "workshop.db").exists()
