"""Server processes for the benchmarks and their set-up over HTTP, as a real facilitator and real
phones would do it: the `workshop` CLI creates the account, `workshop serve` runs the server in
its own process (own WORKSHOP_INSTANCE and SECRET_KEY), requests signs in and creates the
workshop, and each phone joins with POST /j/<code> and keeps its `wt_<id>` token.

Setups (`start_stack`): `1proc` is one process on SQLite, clients connecting straight to it;
`1proc-pg` and `2proc` are one and two processes on a fresh PostgreSQL database with Redis as the
message queue, behind nginx running deploy/nginx/workshop.conf (https, throwaway certificate), as a
deployment runs — so 2proc is compared with the same stack on one process."""
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
import urllib3

# Behind nginx the benchmark talks https to its own throwaway certificate on 127.0.0.1.
urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
SETUPS = ("1proc", "1proc-pg", "2proc")
JOIN_LIMIT = "100000 per 10 minutes"
# Servers that exited before the benchmark stopped them (run_all marks that run failed).
EXITED: list[str] = []
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
        if self.proc.poll() is not None:  # it died during the run: that run's figures are not to be trusted
            EXITED.append(f"{self.folder.name} exited with {self.proc.returncode}: {self.log.read_text()[-500:]}")
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
               PYTHONPATH=str(ROOT),
               # Every bench phone joins from 127.0.0.1: the default limit (120 joins a workshop per
               # address per 10 minutes, against a script joining hundreds) would stop fanout200 and
               # the vote burst at the 121st phone. Real phones come from many addresses.
               WORKSHOP_JOIN_LIMIT=JOIN_LIMIT)
    return env


def start_workshop(mode: str, folder: Path | None = None, extra_env: dict | None = None,
                   create_user: bool = True) -> ServerProcess:
    """`workshop create-user`, then `workshop serve --async-mode MODE` on a free port."""
    folder = folder or Path(tempfile.mkdtemp(prefix=f"bench-{mode}-"))
    env = {**_env(folder, mode), **(extra_env or {})}
    if create_user:
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


def cleanup(server) -> None:
    if isinstance(server, Stack):
        server.stop()
        return
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
        # nginx's throwaway certificate (loopback only); trust_env off, or REQUESTS_CA_BUNDLE would win
        self.http.verify, self.http.trust_env = False, False
        # as a browser's form post does: over https Flask-WTF checks the Referer is this site
        self.http.headers["Referer"] = f"{base}/"
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
    http.verify, http.trust_env = False, False
    http.headers["Referer"] = f"{base}/j/{code}"  # over https Flask-WTF checks it, as a browser sends it
    page = http.get(f"{base}/j/{code}")
    r = http.post(f"{base}/j/{code}", data={"name": name, "csrf_token": _csrf(page)}, allow_redirects=False)
    assert r.status_code == 302, f"join failed: {r.status_code} {r.text[:200]}"
    return http.cookies[f"wt_{workshop_id}"]


def join_many(base: str, code: str, workshop_id: int, n: int, prefix: str = "Phone") -> list[str]:
    with ThreadPoolExecutor(8) as pool:
        return list(pool.map(lambda i: join_one(base, code, workshop_id, f"{prefix} {i + 1}"), range(n)))


def loadavg() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


# --- setups: one process on SQLite, or one or two processes on PostgreSQL + Redis behind nginx ----

PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
REDIS_URL = "redis://127.0.0.1:6379/0"
NGINX_SITE = ROOT / "deploy" / "nginx" / "workshop.conf"
# nginx's main file around the shipped site: its own prefix folder, room for capacity's ~1,040
# sockets twice over (browser side and process side), and a log of which process served each request.
NGINX_MAIN = """
worker_processes 1;
worker_rlimit_nofile 16384;
pid {dir}/nginx.pid;
error_log {dir}/error.log;
events {{ worker_connections 8192; }}
http {{
  log_format routed '$request_uri|$upstream_addr|$status';
  access_log {dir}/access.log routed;
  client_body_temp_path {dir}/body; proxy_temp_path {dir}/proxy; fastcgi_temp_path {dir}/fastcgi;
  uwsgi_temp_path {dir}/uwsgi; scgi_temp_path {dir}/scgi;
  include {dir}/site.conf;
}}
"""
_RUNS = iter(range(1, 1_000_000))


def nginx_site(ports: list[int], http_port: int, https_port: int, folder: Path) -> str:
    """The shipped site with these processes, ports and a throwaway certificate (as
    tests/scale/test_nginx.py adapts it)."""
    site = NGINX_SITE.read_text()
    servers = "".join(f"    server 127.0.0.1:{p} max_fails=0;\n" for p in ports)
    site = re.sub(r"(    (?:# )?server 127\.0\.0\.1:500\d max_fails=0;.*\n)+", servers, site)
    site = re.sub(r"listen \[::\]:\d+[^;]*;\n", "", site)
    site = site.replace("listen 80;", f"listen 127.0.0.1:{http_port};")
    site = site.replace("listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;")
    site = site.replace("/etc/ssl/certs/workshop.example.gov.uk.pem", str(folder / "cert.pem"))
    return site.replace("/etc/ssl/private/workshop.example.gov.uk.key", str(folder / "key.pem"))


def _pg(sql: str) -> None:
    import psycopg2  # a dependency of workshop (PostgreSQL deployments)

    conn = psycopg2.connect(PG_ADMIN)
    conn.autocommit = True  # CREATE/DROP DATABASE cannot run in a transaction
    try:
        with conn.cursor() as cur:
            cur.execute(sql)
    finally:
        conn.close()


class Stack:
    """`processes` × `workshop serve` on a fresh PostgreSQL database (created here, dropped on
    stop) and a run-unique Redis channel, behind nginx. Looks like a ServerProcess to the
    scenarios: `url` (nginx's https address), `cpu_seconds()` and `rss()` summed over the
    workshop processes (nginx's own CPU is `proxy_cpu_seconds()`)."""

    def __init__(self, mode: str, processes: int, extra_env: dict | None = None):
        n = next(_RUNS)
        self.database = f"bench_{os.getpid()}_{n}"
        self.folder = Path(tempfile.mkdtemp(prefix=f"bench-{mode}-{processes}proc-"))
        self.servers: list[ServerProcess] = []
        self.nginx: subprocess.Popen | None = None
        _pg(f"CREATE DATABASE {self.database}")
        try:
            env = {"WORKSHOP_DATABASE_URL": f"postgresql://postgres@127.0.0.1:5432/{self.database}",
                   "WORKSHOP_MESSAGE_QUEUE": REDIS_URL,
                   "WORKSHOP_MESSAGE_QUEUE_CHANNEL": f"bench-{os.getpid()}-{n}",
                   "WORKSHOP_TRUSTED_PROXIES": "1", **(extra_env or {})}
            for k in range(processes):
                # one instance folder each (as on separate hosts); the first creates the account, which
                # also migrates the shared database before any server starts
                folder = self.folder / f"p{k}"
                folder.mkdir()
                self.servers.append(start_workshop(mode, folder, env, create_user=k == 0))
            self._start_nginx()
        except BaseException:
            self.stop()
            raise

    def _start_nginx(self) -> None:
        binary = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin")
        if binary is None:
            raise RuntimeError("nginx is not installed (Debian: nginx-light)")
        folder = self.folder / "nginx"
        folder.mkdir()
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
                        "/CN=127.0.0.1", "-keyout", str(folder / "key.pem"), "-out", str(folder / "cert.pem")],
                       check=True, capture_output=True)
        self.port = free_port()
        (folder / "site.conf").write_text(nginx_site([s.port for s in self.servers], free_port(), self.port, folder))
        (folder / "nginx.conf").write_text(NGINX_MAIN.format(dir=folder))
        self.nginx_folder = folder
        self.nginx = subprocess.Popen([binary, "-p", str(folder), "-c", str(folder / "nginx.conf"), "-g", "daemon off;"],
                                      stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        self.url = f"https://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 20
        while True:
            try:
                if requests.get(self.url + "/login", verify=False, timeout=1).status_code == 200:
                    return
            except requests.RequestException:
                pass
            if self.nginx.poll() is not None or time.monotonic() > deadline:
                err = folder / "error.log"
                raise RuntimeError(f"nginx did not answer: {err.read_text()[-2000:] if err.exists() else ''}")
            time.sleep(0.1)

    def rss(self) -> int:
        return sum(s.rss() for s in self.servers)

    def cpu_seconds(self) -> float:
        return sum(s.cpu_seconds() for s in self.servers)

    def proxy_cpu_seconds(self) -> float:
        try:
            ps = psutil.Process(self.nginx.pid)
            return sum(p.cpu_times().user + p.cpu_times().system for p in [ps, *ps.children()])
        except (psutil.Error, AttributeError):
            return 0.0

    def spread(self) -> dict[str, int]:
        """Socket.IO connections (handshakes) each process was given by nginx."""
        counts: dict[str, int] = {}
        log = getattr(self, "nginx_folder", self.folder) / "access.log"
        if log.exists():
            for line in log.read_text().splitlines():
                uri, upstream, _status = line.rsplit("|", 2)
                if uri.startswith("/socket.io/") and "sid=" not in uri:
                    counts[upstream] = counts.get(upstream, 0) + 1
        return counts

    def stop(self) -> None:
        if self.nginx is not None and self.nginx.poll() is None:
            self.proxy_cpu_s = round(self.proxy_cpu_seconds(), 2)
            self.nginx.terminate()
            self.nginx.wait(10)
            # nginx logs a WebSocket when it closes: read the log only once nginx has stopped
            self.connections_per_process = self.spread()
        for s in self.servers:
            s.stop()
        try:
            _pg(f"DROP DATABASE IF EXISTS {self.database} WITH (FORCE)")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)


def start_stack(setup: str, mode: str, extra_env: dict | None = None):
    """The server side of a run: a ServerProcess (1proc) or a Stack (1proc-pg, 2proc)."""
    if setup == "1proc":
        return start_workshop(mode, extra_env=extra_env)
    if setup in ("1proc-pg", "2proc"):
        return Stack(mode, 1 if setup == "1proc-pg" else 2, extra_env)
    raise ValueError(f"unknown setup {setup!r} (one of {', '.join(SETUPS)})")


def stack_info(server) -> dict:
    """What a result records about the setup: processes, and how nginx spread the connections."""
    if isinstance(server, Stack):  # after cleanup(): the spread is read from nginx's log once it stopped
        return {"processes": len(server.servers), "database": "postgresql", "message_queue": "redis",
                "proxy": "nginx (deploy/nginx/workshop.conf, https)",
                "connections_per_process": getattr(server, "connections_per_process", None),
                "proxy_cpu_s_since_start": getattr(server, "proxy_cpu_s", None)}
    return {"processes": 1, "database": "sqlite", "message_queue": None, "proxy": None}
