"""Defaults, overridden by the environment (and by create_app(overrides) in tests)."""
from __future__ import annotations

import os
import secrets
from pathlib import Path

# What `workshop serve` runs on unless told otherwise: gevent, chosen by measurement (it holds more
# phones per core than eventlet, which is in maintenance mode); see docs/performance.md.
DEFAULT_ASYNC_MODE = "gevent"


def instance_dir() -> Path:
    return Path(os.environ.get("WORKSHOP_INSTANCE", Path.cwd() / "instance")).resolve()


def _secret_key(folder: Path) -> str:
    """SECRET_KEY from the environment, else one made once and kept in the instance folder."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    path = folder / "secret_key"
    if not path.exists():
        # Several processes may start at once on one instance folder: each writes a candidate and
        # links it into place, which only the first can do; all then read the same key.
        folder.mkdir(parents=True, exist_ok=True)
        candidate = folder / f".secret_key.{os.getpid()}.{secrets.token_hex(4)}"
        candidate.write_text(secrets.token_urlsafe(48))
        candidate.chmod(0o600)
        try:
            os.link(candidate, path)
        except FileExistsError:
            pass
        finally:
            candidate.unlink()
    return path.read_text().strip()


def database_url(folder: Path) -> str:
    """WORKSHOP_DATABASE_URL, else SQLite in the instance folder. A PostgreSQL URL
    (``postgresql://user@host/db``) runs on psycopg2 (workshop.db.make_engine)."""
    return os.environ.get("WORKSHOP_DATABASE_URL") or f"sqlite:///{folder / 'workshop.db'}"


def _number(value: str | None) -> float | None:
    return float(value) if value not in (None, "") else None


def from_environment() -> dict:
    folder = instance_dir()
    folder.mkdir(parents=True, exist_ok=True)
    origins = os.environ.get("WORKSHOP_ALLOWED_ORIGINS", "")
    return {
        "INSTANCE_DIR": str(folder),
        "DATABASE_URL": database_url(folder),
        # PostgreSQL connections each process may keep open (and twice as many more when busy).
        "DB_POOL_SIZE": int(os.environ.get("WORKSHOP_DB_POOL_SIZE") or 10),
        # Live `sync`s reading the database at once per process (the rest queue; web/live.py);
        # unset: half of DB_POOL_SIZE, so a reconnect storm leaves the pool to everyone else.
        "SYNC_CONCURRENCY": int(os.environ.get("WORKSHOP_SYNC_CONCURRENCY") or 0) or None,
        "SECRET_KEY": _secret_key(folder),
        "ASYNC_MODE": os.environ.get("WORKSHOP_ASYNC_MODE", DEFAULT_ASYNC_MODE),
        "MESSAGE_QUEUE": os.environ.get("WORKSHOP_MESSAGE_QUEUE") or None,
        # The Redis channel the processes of one deployment share (another deployment on the same
        # Redis sets its own).
        "MESSAGE_QUEUE_CHANNEL": os.environ.get("WORKSHOP_MESSAGE_QUEUE_CHANNEL") or "flask-socketio",
        # The address phones use, when the server sits behind a proxy or the host name differs.
        "PUBLIC_URL": os.environ.get("WORKSHOP_PUBLIC_URL") or None,
        "ALLOWED_ORIGINS": [o.strip() for o in origins.split(",") if o.strip()],
        # Proxies in front of the app whose X-Forwarded-For/-Proto/-Host it believes (nginx: 1). With
        # 0 those headers are ignored: anyone could write them, and the join-code limit counts
        # by client address.
        "TRUSTED_PROXIES": int(os.environ.get("WORKSHOP_TRUSTED_PROXIES") or 0),
        # Cookies are sent over plain http on a school LAN too; set WORKSHOP_SECURE_COOKIES=1 behind https.
        "SESSION_COOKIE_SECURE": os.environ.get("WORKSHOP_SECURE_COOKIES") == "1",
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        # Connections one eventlet process keeps open at once (each phone, board and console holds
        # one); eventlet's own default is 1024. Raise `ulimit -n` (LimitNOFILE) with it.
        "MAX_CONNECTIONS": int(os.environ.get("WORKSHOP_MAX_CONNECTIONS") or 0) or None,
        # Pushes to one workshop are coalesced per tick (ms; 0 pushes every change at once; unset:
        # 20, or 0 under TESTING) and a room's pushes kept under a byte rate (engine/push.py).
        "PUSH_INTERVAL_MS": _number(os.environ.get("WORKSHOP_PUSH_INTERVAL_MS")),
        "PUSH_BYTES_PER_SECOND": _number(os.environ.get("WORKSHOP_PUSH_BYTES_PER_SECOND")),
        # Push what changed (`patch`) rather than whole states; unset: on, off under TESTING.
        "PUSH_PATCHES": {"1": True, "0": False}.get(os.environ.get("WORKSHOP_PUSH_PATCHES", "")),
        "MAX_CONTENT_LENGTH": 1024 * 1024,
        "WTF_CSRF_TIME_LIMIT": None,
    }
