"""README's "Deploying for a local authority", followed as written (issue 11 §6).

The commands marked `<!-- deploy-test: NAME -->` in README.md are read from it and run, with only
this machine's names put in (a role and database of this test's own, a settings file in a
temporary folder instead of /etc/workshop, this checkout instead of /srv/workshop, free ports):
the PostgreSQL role and database made as the postgres user, the password percent-encoded into
the database URL, a settings file made from deploy/workshop.env, the first account made with
`--env-file`, two processes through deploy/run.sh, and nginx with deploy/'s site in front. Then a
phone joins and adds an idea through nginx and the board sees it. If the README drifts from what
works, this fails."""
from __future__ import annotations

import os
import re
import secrets
import shlex
import shutil
import signal
import socket
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests

import services
from cluster import ROOT, LiveClient, free_port, wait_until
from test_nginx import MAIN, site_for

README = ROOT / "README.md"
MARKED = re.compile(r"<!-- deploy-test: ([\w-]+) -->\s*\n\s*```\w*\n(.*?)\n\s*```", re.S)
SETTINGS_FILE, APP_DIR = "/etc/workshop/workshop.env", "/srv/workshop"
EMAIL, PASSWORD = "ic@example.org", "a long enough password"
# A database password with characters a URL must carry percent-encoded.
DB_PASSWORD = "Tr1cky@pass/word:%42"
pytestmark = pytest.mark.filterwarnings("ignore::urllib3.exceptions.InsecureRequestWarning")


def readme_blocks() -> dict[str, list[str]]:
    return {name: [line.strip() for line in body.splitlines() if line.strip()]
            for name, body in MARKED.findall(README.read_text())}


def clean_environment() -> dict:
    """This process's environment without any Workshop setting: only the settings file counts."""
    return {k: v for k, v in os.environ.items() if not k.startswith("WORKSHOP_") and k != "SECRET_KEY"}


def as_postgres(line: str, pg: dict) -> list[str]:
    """`sudo -u postgres CMD`: CMD as PostgreSQL's postgres user, reached as the tests reach it."""
    prefix = "sudo -u postgres "
    assert line.startswith(prefix), line
    done = subprocess.run(shlex.split(line[len(prefix):]), env={**os.environ, **pg}, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, f"{line}\n{done.stderr}"
    return done.stdout


def set_setting(text: str, line: str) -> str:
    key = line.split("=", 1)[0]
    pattern = re.compile(rf"^{re.escape(key)}=.*$", re.M)
    return pattern.sub(lambda _: line, text) if pattern.search(text) else f"{text.rstrip()}\n{line}\n"


def two_free_ports() -> int:
    while True:
        first = free_port()
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", first + 1))
                return first
            except OSError:
                continue


def answers(url: str) -> bool:
    try:
        return requests.get(url, verify=False, timeout=1, allow_redirects=False).status_code < 500
    except requests.RequestException:
        return False


def browser(base: str) -> requests.Session:
    """A script posting forms over https: it sends a Referer from the site (docs/security.md)."""
    http = requests.Session()
    http.verify, http.trust_env = False, False
    http.headers["Referer"] = f"{base}/"
    return http


def csrf(page: requests.Response) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)


@pytest.fixture
def postgres_admin():
    services.need_postgres()
    import psycopg2

    admin = psycopg2.connect(services.POSTGRES)
    admin.autocommit = True
    yield admin
    admin.close()


def test_the_readme_deployment_serves_a_phone_and_a_board_through_nginx(tmp_path, postgres_admin):
    services.need_redis()
    nginx_binary = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin")
    if nginx_binary is None:
        services.absent("nginx", "not installed (scripts/test.sh installs Debian's nginx-light)")
    blocks = readme_blocks()
    assert {"postgres", "encode-password", "settings", "first-account", "run"} <= set(blocks), blocks

    name = f"workshop_readme_{secrets.token_hex(4)}"  # this test's role and database
    pg_url = urlsplit(services.POSTGRES)
    pg = {"PGHOST": pg_url.hostname or "127.0.0.1", "PGPORT": str(pg_url.port or 5432),
          "PGUSER": pg_url.username or "postgres"}
    settings = tmp_path / "workshop.env"
    first_port, https_port, http_port = two_free_ports(), free_port(), free_port()
    public = f"https://127.0.0.1:{https_port}"

    def ours(line: str) -> str:
        """A README command with this machine's paths."""
        return line.replace(APP_DIR, str(ROOT)).replace(SETTINGS_FILE, str(settings))

    def named(line: str) -> str:
        """A PostgreSQL line with this test's role and database for the README's `workshop`."""
        return re.sub(r"\bworkshop\b", name, line)

    run_sh = nginx = None
    clients: list[LiveClient] = []
    try:
        # 1. PostgreSQL: the role, its password, its database.
        for line in blocks["postgres"]:
            as_postgres(named(line).replace("the-database-password", DB_PASSWORD), pg)

        # 2. The settings file, from deploy/workshop.env and the README's lines.
        [encode] = blocks["encode-password"]
        encoded = subprocess.run(shlex.split(encode.replace("the-database-password", DB_PASSWORD)),
                                 capture_output=True, text=True, check=True).stdout.strip()
        assert "@" not in encoded and "/" not in encoded and ":" not in encoded
        text = (ROOT / "deploy" / "workshop.env").read_text()
        for line in blocks["settings"]:
            line = named(line).replace("the-encoded-password", encoded)
            line = line.replace("127.0.0.1:5432", f"{pg['PGHOST']}:{pg['PGPORT']}")
            line = line.replace("redis://127.0.0.1:6379/0", services.REDIS)
            text = set_setting(text, line)
        for line in (f"SECRET_KEY={secrets.token_urlsafe(32)}", f"WORKSHOP_INSTANCE={tmp_path / 'instance'}",
                     f"WORKSHOP_MESSAGE_QUEUE_CHANNEL={services.redis_channel()}", f"WORKSHOP_PUBLIC_URL={public}"):
            text = set_setting(text, line)
        settings.write_text(text)
        assert f"postgresql://{name}:{encoded}@" in text

        # The first account, through the CLI with the settings file (the password from the environment).
        made = subprocess.run(["bash", "-euc", "\n".join(ours(line) for line in blocks["first-account"])],
                              input=f"{EMAIL}\nPriya Shah\n", capture_output=True, text=True, timeout=120,
                              env={**clean_environment(), "WORKSHOP_PASSWORD": PASSWORD})
        assert made.returncode == 0, made.stderr + made.stdout
        assert f"Created facilitator {EMAIL}" in made.stdout and "no database" not in made.stderr

        # 3. Two processes through deploy/run.sh.
        script = "\n".join(ours(line).replace("5001", str(first_port)) for line in blocks["run"])
        assert f"deploy/run.sh 2 {first_port}" in script
        log = open(tmp_path / "run.log", "w")
        run_sh = subprocess.Popen(["bash", "-euc", script], env=clean_environment(), stdout=log,
                                  stderr=subprocess.STDOUT, start_new_session=True)
        ports = [first_port, first_port + 1]
        wait_until(lambda: run_sh.poll() is not None or all(answers(f"http://127.0.0.1:{p}/") for p in ports),
                   90, "both processes answer")
        assert run_sh.poll() is None, (tmp_path / "run.log").read_text()
        banners = (tmp_path / "run.log").read_text()
        for port in ports:  # each start banner gives the public address, and no database password
            assert f"Workshop is running (gevent) on 127.0.0.1:{port}, at {public}/" in banners, banners
        assert encoded not in banners and DB_PASSWORD not in banners

        # 4. nginx with the site file.
        folder = tmp_path / "nginx"
        folder.mkdir()
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
                        "/CN=127.0.0.1", "-keyout", str(folder / "key.pem"), "-out", str(folder / "cert.pem")],
                       check=True, capture_output=True)
        site = site_for(ports, http_port, https_port, folder)
        assert 'set $https_port_suffix "";' in site
        (folder / "site.conf").write_text(site.replace('set $https_port_suffix "";',
                                                       f'set $https_port_suffix ":{https_port}";'))
        (folder / "nginx.conf").write_text(MAIN.format(dir=folder))
        nginx = subprocess.Popen([nginx_binary, "-p", str(folder), "-c", str(folder / "nginx.conf"),
                                  "-g", "daemon off;"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        wait_until(lambda: nginx.poll() is not None or answers(public + "/"), 20, "nginx answers")
        assert nginx.poll() is None, nginx.stdout.read().decode()

        # The http redirect keeps the https port; the routing cookie comes with an error answer too.
        moved = requests.get(f"http://127.0.0.1:{http_port}/join?x=1", allow_redirects=False, timeout=5)
        assert moved.status_code == 301 and moved.headers["Location"] == f"{public}/join?x=1"
        missing = requests.get(f"{public}/no-such-page", verify=False, timeout=5)
        assert missing.status_code == 404 and "workshop_route=" in missing.headers.get("Set-Cookie", "")

        # A facilitator signs in (a script: with a Referer), makes a workshop and opens its idea wall.
        ic = browser(public)
        signed_in = ic.post(f"{public}/login", data={"email": EMAIL, "password": PASSWORD,
                                                     "csrf_token": csrf(ic.get(f"{public}/login", timeout=10))},
                            allow_redirects=False, timeout=10)
        assert signed_in.status_code == 302, signed_in.text[:300]
        new = ic.post(f"{public}/workshops/new", allow_redirects=False, timeout=10,
                      data={"school": "Riverside Academy", "focus": "KS3 SEND", "date": "2026-11-26",
                            "csrf_token": csrf(ic.get(f"{public}/workshops/new", timeout=10))})
        assert new.status_code == 302, new.text[:300]
        wid = int(new.headers["Location"].split("/w/")[1].split("/")[0])
        console = LiveClient(public, {"workshop": wid, "role": "facilitator"}, http=ic, name="console",
                             transports=("polling", "websocket")).connect()
        clients.append(console)
        assert console.call("workshop.open")["ok"]
        wait_until(lambda: console.state and console.state["agenda"], 10, "the console's state")
        wall = next(a["id"] for a in console.state["agenda"] if a["tool"] == "idea_wall")
        assert console.call("control.goto", {"activity": wall})["ok"]
        assert console.call("activity.open", activity=wall)["ok"]
        code = wait_until(lambda: console.state["workshop"]["join_code"], 10, "a join code")

        # The projector's board (the facilitator's laptop, signed in) stays on long-polling.
        board = LiveClient(public, {"workshop": wid, "role": "board"}, http=ic, name="board",
                           transports=("polling",))
        clients.append(board.connect())

        # A phone joins by code and adds an idea.
        phone_http = browser(public)
        form = phone_http.get(f"{public}/j/{code}", timeout=10)
        joined = phone_http.post(f"{public}/j/{code}", data={"name": "Jo", "csrf_token": csrf(form)},
                                 allow_redirects=False, timeout=10)
        assert joined.status_code == 302, joined.text[:300]
        token = next(c.value for c in phone_http.cookies if c.name == f"wt_{wid}")
        phone = LiveClient(public, {"workshop": wid, "role": "participant", "token": token}, http=phone_http,
                           name="phone", transports=("polling", "websocket")).connect()
        clients.append(phone)
        assert phone.call("idea.add", {"text": "Share the data termly"}, wall)["ok"]

        def board_cards() -> list[str]:
            state = board.state or {}
            return [c["text"] for c in ((state.get("activity") or {}).get("view") or {}).get("cards", [])]

        wait_until(lambda: board_cards() == ["Share the data termly"], 10, "the board shows the phone's idea")

        # The CLI sees the same database through the settings file.
        listed = subprocess.run([str(ROOT / ".venv" / "bin" / "workshop"), "--env-file", str(settings), "list"],
                                capture_output=True, text=True, timeout=60, env=clean_environment(), cwd=ROOT)
        assert listed.returncode == 0 and listed.stdout.startswith(f"{wid}\topen\t"), listed.stderr
    finally:
        for client in clients:
            client.close()
        if nginx is not None:
            nginx.terminate()
            nginx.wait(timeout=10)
        if run_sh is not None and run_sh.poll() is None:
            os.killpg(run_sh.pid, signal.SIGTERM)  # run.sh stops its processes on TERM
            try:
                run_sh.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(run_sh.pid, signal.SIGKILL)
                run_sh.wait(timeout=10)
        with postgres_admin.cursor() as cur:
            cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            cur.execute(f'DROP ROLE IF EXISTS "{name}"')
