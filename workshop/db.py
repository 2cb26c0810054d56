"""The database: one engine, short transactions, migrations by Alembic.

Flask's request teardown does not run for Socket.IO events, so every unit of work opens its own
session with ``with db.session() as s`` and commits or rolls back itself.
"""
from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS = Path(__file__).parent / "migrations"


class Database:
    def __init__(self) -> None:
        self.engine: Engine | None = None
        self._factory: sessionmaker | None = None

    def configure(self, url: str) -> None:
        if self.engine is not None:
            self.engine.dispose()
        self.engine = make_engine(url)
        self._factory = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def session(self, write: bool = False) -> Iterator[Session]:
        """A unit of work: committed if the block ends normally, rolled back otherwise.

        ``write=True`` takes SQLite's write lock at the start (BEGIN IMMEDIATE), so concurrent
        writers queue on busy_timeout instead of failing on a read-to-write upgrade. Never open a
        write session inside another one in the same thread.
        """
        assert self._factory is not None, "create_app() configures the database"
        s = self._factory()
        try:
            with s.begin():
                if write:
                    s.connection(execution_options={"workshop_write": True})
                yield s
        finally:
            s.close()

    def upgrade(self) -> None:
        upgrade(self.engine)


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})
        _sqlite_pragmas(engine)
        return engine
    return create_engine(url, pool_pre_ping=True)


def _sqlite_pragmas(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection, _record):
        # Let SQLAlchemy issue BEGIN itself (pysqlite's own handling defers it and breaks locking).
        dbapi_connection.isolation_level = None
        cur = dbapi_connection.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def on_begin(conn):
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("workshop_write") else "BEGIN")


def upgrade(engine: Engine) -> None:
    """Create or upgrade the schema to the newest migration."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, "head")


db = Database()
