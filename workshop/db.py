"""The database: one engine, short transactions, migrations by Alembic.

Flask's request teardown does not run for Socket.IO events, so every unit of work opens its own
session with ``with db.session() as s`` and commits or rolls back itself.

SQLite (the default: one process) or PostgreSQL (several processes, ``WORKSHOP_DATABASE_URL=
postgresql://...``, driver psycopg2). Under eventlet or gevent the PostgreSQL driver is made
cooperative (psycogreen's wait callback), so a query waiting on the server, or on a row lock held
by another process, parks only its green thread.
"""
from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from sqlalchemy import create_engine, event
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS = Path(__file__).parent / "migrations"
MIGRATION_LOCK = 0x776F726B  # the PostgreSQL advisory lock taken while migrating ("work")
# What a `busy` ack for an unreachable database tells the client to wait before resending (s):
# long enough not to hammer a restarting server, short enough that a phone barely notices.
UNAVAILABLE_RETRY_AFTER_S = 2


class Database:
    def __init__(self) -> None:
        self.engine: Engine | None = None
        self._factory: sessionmaker | None = None

    def configure(self, url: str, pool_size: int | None = None) -> None:
        if self.engine is not None:
            self.engine.dispose()
        self.engine = make_engine(url, pool_size=pool_size)
        self._factory = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def session(self, write: bool = False, snapshot: bool = False) -> Iterator[Session]:
        """A unit of work: committed if the block ends normally, rolled back otherwise.

        ``write=True`` on SQLite takes the write lock at the start (BEGIN IMMEDIATE), so concurrent
        writers queue on busy_timeout instead of failing on a read-to-write upgrade. On PostgreSQL
        it is a plain READ COMMITTED transaction: writers that must not interleave lock the row
        they change first (``SELECT ... FOR NO KEY UPDATE``, see engine.service, which also keeps
        the optimistic version claim), so other processes queue on that row, not on the whole
        database. Never open a write session inside another one in the same thread.

        ``snapshot=True``: every statement reads the same committed moment — REPEATABLE READ READ
        ONLY on PostgreSQL, where READ COMMITTED would let a change committed between two of the
        block's statements into the later ones (a push labelled version V holding V+1's activity).
        SQLite's deferred transaction is such a snapshot already (WAL: from its first read).
        """
        assert self._factory is not None, "create_app() configures the database"
        s = self._factory()
        try:
            with s.begin():
                if write:
                    s.connection(execution_options={"workshop_write": True})
                elif snapshot and self.engine.dialect.name == "postgresql":
                    s.connection(execution_options={"isolation_level": "REPEATABLE READ",
                                                    "postgresql_readonly": True})
                yield s
        finally:
            s.close()

    def upgrade(self) -> None:
        upgrade(self.engine)


def unavailable(exc: BaseException) -> bool:
    """Whether `exc` means the database can't serve us right now — stopped, restarting, a dropped
    connection, no free pooled connection — rather than that the request was wrong. Such a
    failure is answered `busy` (send it again later), never `internal`: the unit of work was rolled
    back, or, if the connection died during COMMIT, resending the same intent_id is still safe
    because intents are applied at most once."""
    if isinstance(exc, sa_exc.TimeoutError):  # the pool had no connection to give within pool_timeout
        return True
    if isinstance(exc, sa_exc.DBAPIError):
        return exc.connection_invalidated or isinstance(exc, (sa_exc.OperationalError, sa_exc.InterfaceError))
    return False


def make_engine(url: str, pool_size: int | None = None) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})
        _sqlite_pragmas(engine)
        return engine
    if url.startswith("postgres"):
        url = postgres_url(url)
        green_postgres()
        # A connection per busy green thread, up to pool_size + max_overflow per process; keep
        # (processes x that) under PostgreSQL's max_connections (100 by default).
        size = pool_size or 10
        return create_engine(url, pool_pre_ping=True, pool_size=size, max_overflow=size * 2, pool_timeout=30,
                             connect_args={"connect_timeout": 10, "application_name": "workshop"})
    return create_engine(url, pool_pre_ping=True)


def postgres_url(url: str) -> str:
    """A PostgreSQL URL on psycopg2, the driver psycogreen makes cooperative: ``postgresql://``
    (and ``postgres://``) would mean psycopg 3 to SQLAlchemy 2.1. An explicit driver is kept."""
    scheme, rest = url.split("://", 1)
    return f"postgresql+psycopg2://{rest}" if scheme in ("postgres", "postgresql") else url


def green_postgres() -> str | None:
    """Make psycopg2 cooperate with the process's green threads, if it runs any.

    psycopg2 is a C extension: its network waits don't go through the patched socket module, so
    without a wait callback one slow query (or one row lock held by another process) would freeze
    every connection in an eventlet/gevent process. Returns the mode patched for, or None."""
    mode = async_mode()
    if mode == "gevent":
        import psycogreen.gevent

        psycogreen.gevent.patch_psycopg()
    elif mode == "eventlet":
        import psycogreen.eventlet

        psycogreen.eventlet.patch_psycopg()
    return mode


def async_mode() -> str | None:
    """'eventlet' or 'gevent' when this process is monkey-patched for it, else None (threads)."""
    import sys

    if "gevent" in sys.modules:
        from gevent import monkey

        if monkey.is_module_patched("socket"):
            return "gevent"
    if "eventlet" in sys.modules:
        from eventlet import patcher

        if patcher.is_monkey_patched("socket"):
            return "eventlet"
    return None


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
        if connection.dialect.name == "postgresql":
            # Several processes starting at once: one migrates, the others wait and find it done.
            connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, "head")


db = Database()
