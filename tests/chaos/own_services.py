"""A PostgreSQL and a Redis that belong to one test, so the test may stop and restart them.

The machine's shared services (PostgreSQL on 5432, Redis on 6379) serve every other test and
helper at the same time: a chaos test never touches them. Each of these runs on a free loopback
port from a temporary directory, and `close()` stops it and removes the directory.
"""
from __future__ import annotations

import glob
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import services

START_TIMEOUT_S = 30


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(ready, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not ready():
        if time.monotonic() > deadline:
            raise RuntimeError(f"not within {timeout} s: {what}")
        time.sleep(0.05)


def postgres_binary(name: str) -> str | None:
    """initdb or pg_ctl: on PATH (/usr/local/bin), else Debian's versioned folder (newest first)."""
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
                        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0)
    return candidates[-1] if candidates else None


class OwnPostgres:
    """initdb + pg_ctl on a temporary data directory, listening on 127.0.0.1 only, fsync off.

    PostgreSQL refuses to run as root, so when the tests run as root its commands run as the
    `postgres` OS user (runuser), and the directory belongs to that user."""

    def __init__(self) -> None:
        self.initdb, self.pg_ctl = postgres_binary("initdb"), postgres_binary("pg_ctl")
        missing = [n for n, p in (("initdb", self.initdb), ("pg_ctl", self.pg_ctl)) if p is None]
        if missing:
            services.absent("PostgreSQL's " + " and ".join(missing), "not installed")
        self.port = free_port()
        # Not under pytest's tmp_path: that is root's alone (0700), which the postgres user can't enter.
        self.folder = Path(tempfile.mkdtemp(prefix="workshop-chaos-pg-"))
        self.data = self.folder / "data"
        self.logfile = self.folder / "postgres.log"
        self.url = f"postgresql://postgres@127.0.0.1:{self.port}/postgres"
        self._as_user = self._os_user()
        self._initialised = False

    @staticmethod
    def _os_user() -> list[str]:
        if os.geteuid() != 0:
            return []
        runuser = shutil.which("runuser")
        if runuser is None:
            services.absent("runuser (to run PostgreSQL as the postgres user)", "not installed")
        return [runuser, "-u", "postgres", "--"]

    def _run(self, *args: str, timeout: float = 60) -> None:
        done = subprocess.run([*self._as_user, *args], capture_output=True, text=True, timeout=timeout)
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(args[:2])} failed ({done.returncode}):\n{done.stdout}{done.stderr}"
                               f"\n{self.log()}")

    def _init(self) -> None:
        if self._as_user:
            shutil.chown(self.folder, user="postgres", group="postgres")
        self._run(self.initdb, "-D", str(self.data), "-U", "postgres", "--auth=trust", "--encoding=UTF8",
                  "--no-sync", "--no-instructions")
        self._initialised = True

    def start(self) -> "OwnPostgres":
        if not self._initialised:
            self._init()
        options = (f"-c listen_addresses=127.0.0.1 -p {self.port} -c unix_socket_directories={self.folder} "
                   "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200")
        self._run(self.pg_ctl, "-D", str(self.data), "-l", str(self.logfile), "-o", options, "-w",
                  "-t", str(START_TIMEOUT_S), "start")
        _wait_for(self.answers, START_TIMEOUT_S, f"PostgreSQL on port {self.port} answering")
        return self

    def stop(self, mode: str = "fast") -> None:
        """pg_ctl stop: `fast` ends every session at once (their transactions roll back), as a
        service restart does; `immediate` is a crash."""
        if self.running():
            self._run(self.pg_ctl, "-D", str(self.data), "-m", mode, "-w", "-t", str(START_TIMEOUT_S), "stop")

    def restart(self) -> None:
        self.stop()
        self.start()

    def running(self) -> bool:
        return (self.data / "postmaster.pid").exists()

    def answers(self) -> bool:
        import psycopg2

        try:
            psycopg2.connect(self.url, connect_timeout=2).close()
            return True
        except psycopg2.OperationalError:
            return False

    def create_database(self, name: str) -> str:
        """A database of the test's own, its URL."""
        import psycopg2

        admin = psycopg2.connect(self.url)
        admin.autocommit = True
        try:
            with admin.cursor() as cur:
                cur.execute(f'CREATE DATABASE "{name}"')
        finally:
            admin.close()
        return self.url.rsplit("/", 1)[0] + f"/{name}"

    def log(self) -> str:
        try:
            return self.logfile.read_text()[-4000:]
        except OSError:
            return ""

    def close(self) -> None:
        """Always: stop it (a crash stop if a clean one fails) and remove its files."""
        try:
            try:
                self.stop("fast")
            except Exception:  # noqa: BLE001 - a server that won't stop cleanly is stopped hard
                self.stop("immediate")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)


class OwnRedis:
    """redis-server on a free loopback port, no persistence (a restart starts it empty, as a
    restarted message queue is: Socket.IO's channel holds nothing worth keeping)."""

    def __init__(self) -> None:
        self.binary = shutil.which("redis-server")
        if self.binary is None:
            services.absent("redis-server", "not installed")
        self.port = free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="workshop-chaos-redis-"))
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.proc: subprocess.Popen | None = None
        self.starts = 0

    def start(self) -> "OwnRedis":
        self.starts += 1
        log = open(self.folder / f"redis-{self.starts}.log", "w")
        self.proc = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(self.folder), "--daemonize", "no"],
            stdout=log, stderr=subprocess.STDOUT)
        log.close()
        _wait_for(self.answers, START_TIMEOUT_S, f"Redis on port {self.port} answering")
        return self

    def stop(self) -> None:
        """SIGTERM, as a service manager stops it: every client connection is closed."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)

    def restart(self) -> None:
        self.stop()
        self.start()

    def answers(self) -> bool:
        import redis

        if self.proc is None or self.proc.poll() is not None:
            return False
        try:
            with redis.Redis(port=self.port, host="127.0.0.1", socket_connect_timeout=1) as client:
                return bool(client.ping())
        except redis.RedisError:
            return False

    def close(self) -> None:
        try:
            self.stop()
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)
