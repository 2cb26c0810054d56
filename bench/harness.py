"""Server processes for the benchmarks and their set-up over HTTP, as a real facilitator and real
phones would do it: the `workshop` CLI creates the account, `workshop serve` runs the server in
its own process (own WORKSHOP_INSTANCE and SECRET_KEY), requests signs in and creates the
workshop, and each phone joins with POST /j/<code> and keeps its `wt_<id>` token."""
from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psutil
import requests

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
EMAIL, PASSWORD = "bench@example.org", "bench password long enough"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_port(port: int, proc: subprocess.Popen, log: Path, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"server did not listen on {port}:\n{log.read_text()[-3000:]}")


class ServerProcess:
    """A server in its own process; `ps` is its psutil handle (CPU, RSS)."""

    def __init__(self, argv: list[str], env: dict, folder: Path, port: int):
        self.port, self.folder = port, folder
        self.url = f"http://127.0.0.1:{port}"
        self.log = folder / "server.log"
        self._log = open(self.log, "wb")
        self.proc = subprocess.Popen(argv, env=env, cwd=ROOT, stdout=self._log, stderr=subprocess.STDOUT)
        _wait_port(port, self.proc, self.log)
        self.ps = psutil.Process(self.proc.pid)

    def rss(self) -> int:
        return self.ps.memory_info().rss

    def cpu_seconds(self) -> float:
        t = self.ps.cpu_times()
        return t.user + t.system

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        self._log.close()


def _env(folder: Path, mode: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WORKSHOP_")}
    env.update(WORKSHOP_INSTANCE=str(folder), SECRET_KEY="bench-secret-key", WORKSHOP_ASYNC_MODE=mode,
               PYTHONPATH=str(ROOT))
    return env


def start_workshop(mode: str, folder: Path | None = None, extra_env: dict | None = None) -> ServerProcess:
    """`workshop create-user`, then `workshop serve --async-mode MODE` on a free port."""
    folder = folder or Path(tempfile.mkdtemp(prefix=f"bench-{mode}-"))
    env = {**_env(folder, mode), **(extra_env or {})}
    subprocess.run([PY, "-m", "workshop.cli", "create-user", "--email", EMAIL, "--name", "Bench IC",
                    "--password", PASSWORD], env=env, cwd=ROOT, check=True, capture_output=True)
    port = free_port()
    # BENCH_SERVE_WRAPPER=script.py runs `python script.py serve ...` instead (a profiler, a stack dumper)
    launcher = [os.environ["BENCH_SERVE_WRAPPER"]] if os.environ.get("BENCH_SERVE_WRAPPER") else ["-m", "workshop.cli"]
    return ServerProcess([PY, *launcher, "serve", "--async-mode", mode, "--host", "127.0.0.1",
                          "--port", str(port)], env, folder, port)


def start_bare(mode: str, sizes_file: Path, start_version: int, folder: Path | None = None) -> ServerProcess:
    """The floor: a python-socketio server that only relays payloads of the recorded sizes."""
    folder = folder or Path(tempfile.mkdtemp(prefix=f"bench-bare-{mode}-"))
    port = free_port()
    return ServerProcess([PY, "-m", "bench.bare_server", "--async-mode", mode, "--port", str(port),
                          "--sizes", str(sizes_file), "--start-version", str(start_version)],
                         _env(folder, mode), folder, port)


def cleanup(server: ServerProcess) -> None:
    server.stop()
    shutil.copy(server.log, Path(tempfile.gettempdir()) / f"bench-last-{server.folder.name.split('-')[1]}.log")
    shutil.rmtree(server.folder, ignore_errors=True)


def _csrf(response: requests.Response) -> str:
    match = CSRF.search(response.text)
    assert match, f"no csrf token on {response.url}"
    return match.group(1)


class Facilitation:
    """The IC's browser: signed in, creates workshops. `cookie` is the header for its sockets."""

    def __init__(self, base: str):
        self.base = base
        self.http = requests.Session()
        page = self.http.get(f"{base}/login")
        r = self.http.post(f"{base}/login", data={"email": EMAIL, "password": PASSWORD, "csrf_token": _csrf(page)},
                           allow_redirects=False)
        assert r.status_code == 302, f"sign-in failed: {r.status_code}"

    @property
    def cookie(self) -> str:
        return "; ".join(f"{c.name}={c.value}" for c in self.http.cookies)

    def new_workshop(self, school: str = "Bench Academy") -> int:
        page = self.http.get(f"{self.base}/workshops/new")
        r = self.http.post(f"{self.base}/workshops/new", allow_redirects=False,
                           data={"school": school, "focus": "Load", "date": "2026-11-26", "csrf_token": _csrf(page)})
        assert r.status_code == 302, r.status_code
        return int(r.headers["Location"].split("/w/")[1].split("/")[0])


def join_one(base: str, code: str, workshop_id: int, name: str) -> str:
    """A phone joins by code and returns its participant token (the wt_<id> cookie)."""
    http = requests.Session()
    page = http.get(f"{base}/j/{code}")
    r = http.post(f"{base}/j/{code}", data={"name": name, "csrf_token": _csrf(page)}, allow_redirects=False)
    assert r.status_code == 302, f"join failed: {r.status_code} {r.text[:200]}"
    return http.cookies[f"wt_{workshop_id}"]


def join_many(base: str, code: str, workshop_id: int, n: int, prefix: str = "Phone") -> list[str]:
    with ThreadPoolExecutor(8) as pool:
        return list(pool.map(lambda i: join_one(base, code, workshop_id, f"{prefix} {i + 1}"), range(n)))


def loadavg() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]
