"""deploy/nginx/workshop.conf, as shipped, in front of two processes: https, WebSocket upgrade,
and sticky routing that keeps Socket.IO's long-polling on one process (without it every polling
connection fails with "Invalid session")."""
from __future__ import annotations

import re
import shutil
import subprocess
from collections import defaultdict

import pytest

import services
from cluster import ROOT, LiveClient, free_port, join_browser, login, wait_until
from scenario import EMAIL, PASSWORD
from test_cluster import cluster  # noqa: F401  (the fixture: two processes on PostgreSQL and Redis)
from test_crash import participant_id

SITE = ROOT / "deploy" / "nginx" / "workshop.conf"
pytestmark = pytest.mark.filterwarnings("ignore::urllib3.exceptions.InsecureRequestWarning")

MAIN = """
worker_processes 1;
pid {dir}/nginx.pid;
error_log {dir}/error.log;
events {{ worker_connections 1024; }}
http {{
  log_format routed '$request_uri|$cookie_workshop_route|$upstream_addr|$status';
  access_log {dir}/access.log routed;
  client_body_temp_path {dir}/body; proxy_temp_path {dir}/proxy; fastcgi_temp_path {dir}/fastcgi;
  uwsgi_temp_path {dir}/uwsgi; scgi_temp_path {dir}/scgi;
  include {dir}/site.conf;
}}
"""


def site_for(ports: list[int], http_port: int, https_port: int, folder) -> str:
    """The shipped site with this test's processes, ports and a throwaway certificate."""
    site = SITE.read_text()
    servers = "".join(f"    server 127.0.0.1:{p} max_fails=0;\n" for p in ports)
    site = re.sub(r"(    (?:# )?server 127\.0\.0\.1:500\d max_fails=0;.*\n)+", servers, site)
    site = re.sub(r"listen \[::\]:\d+[^;]*;\n", "", site)
    site = site.replace("listen 80;", f"listen 127.0.0.1:{http_port};")
    site = re.sub(r"listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;", site)
    site = site.replace("/etc/ssl/certs/workshop.example.gov.uk.pem", str(folder / "cert.pem"))
    return site.replace("/etc/ssl/private/workshop.example.gov.uk.key", str(folder / "key.pem"))


@pytest.fixture
def nginx(cluster, tmp_path):  # noqa: F811
    binary = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin")
    if binary is None:
        services.absent("nginx", "not installed (scripts/test.sh installs Debian's nginx-light)")
    a, b, truth, clients = cluster
    folder = tmp_path / "nginx"
    folder.mkdir()
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
                    "/CN=127.0.0.1", "-keyout", str(folder / "key.pem"), "-out", str(folder / "cert.pem")],
                   check=True, capture_output=True)
    https_port = free_port()
    (folder / "site.conf").write_text(site_for([a.port, b.port], free_port(), https_port, folder))
    (folder / "nginx.conf").write_text(MAIN.format(dir=folder))
    proc = subprocess.Popen([binary, "-p", str(folder), "-c", str(folder / "nginx.conf"), "-g", "daemon off;"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"https://127.0.0.1:{https_port}"
    try:
        import requests

        wait_until(lambda: proc.poll() is not None or _answers(requests, base), 20, "nginx answers")
        assert proc.poll() is None, proc.stdout.read().decode()
        yield base, folder, cluster
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def _answers(requests, base: str) -> bool:
    try:
        return requests.get(base + "/", verify=False, timeout=1).status_code == 200
    except requests.RequestException:
        return False


def test_phones_through_nginx_stick_to_one_process_and_share_the_room(nginx):
    base, folder, (a, b, truth, clients) = nginx
    info = truth.dot_vote(dots=3)
    wid, activity = info["workshop"], info["activity"]
    console = LiveClient(base, {"workshop": wid, "role": "facilitator"}, http=login(base, EMAIL, PASSWORD),
                         name="console", transports=("polling", "websocket")).connect()
    board = LiveClient(base, {"workshop": wid, "role": "board", "key": info["board_key"]}, name="board",
                       transports=("polling",)).connect()
    phones = []
    for n in range(10):
        _, token, browser = join_browser(base, info["code"], f"Teacher {n}")
        # Half stay on long-polling (a school network that blocks WebSockets), half upgrade.
        phone = LiveClient(base, {"workshop": wid, "role": "participant", "token": token}, http=browser, name=f"p{n}",
                           transports=("polling",) if n % 2 else ("polling", "websocket"))
        phone.participant_id = participant_id(wid, token)
        phones.append(phone.connect())
    clients += [console, board, *phones]
    upgrading = phones[::2]  # the others stay on long-polling
    wait_until(lambda: all(p.sio.transport() == "websocket" for p in upgrading), 10,
               lambda: f"the upgrades happened ({[p.sio.transport() for p in phones]})")
    assert {p.sio.transport() for p in phones} == {"polling", "websocket"}

    for p in phones:
        for item in info["items"][:3]:
            p.send("dots.place", {"item": item}, activity)
    wait_until(lambda: all(p.settled() for p in phones), 20, "every vote acknowledged")
    assert all(a.get("ok") for p in phones for a in p.acks.values())
    wait_until(lambda: not truth.diverged(wid, clients), 10,
               f"every client holds the server's state (still different: {truth.diverged(wid, clients)})")

    # The routing cookie spread browsers over both processes and kept each on one.
    upstreams = defaultdict(set)
    for line in (folder / "access.log").read_text().splitlines():
        uri, cookie, upstream, status = line.split("|")
        if uri.startswith("/socket.io/"):
            assert status != "400", line  # "Invalid session": a polling request on the wrong process
            if cookie != "-":
                upstreams[cookie].add(upstream)
    assert len(upstreams) >= 11 and all(len(u) == 1 for u in upstreams.values()), upstreams
    assert {u for us in upstreams.values() for u in us} == {f"127.0.0.1:{a.port}", f"127.0.0.1:{b.port}"}
