"""A real server (its own process, gevent, loopback only) seeded by `workshop demo`, and
Debian's Chromium: for what only a real transport or a real browser shows."""
from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory):
    """{"base", "email", "password", "workshop", "code", "board"}: the demo workshop on a server."""
    instance = tmp_path_factory.mktemp("abuse-instance")
    env = {**os.environ, "WORKSHOP_INSTANCE": str(instance), "SECRET_KEY": "abuse-secret"}
    for name in ("WORKSHOP_DATABASE_URL", "WORKSHOP_MESSAGE_QUEUE", "WORKSHOP_RATELIMIT_STORAGE"):
        env.pop(name, None)
    cli = [sys.executable, "-m", "workshop.cli"]
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    out = subprocess.run([*cli, "demo", "--base-url", base], env=env, check=True, capture_output=True,
                         text=True).stdout
    log = open(instance / "server.log", "w")
    proc = subprocess.Popen([*cli, "serve", "--host", "127.0.0.1", "--port", str(port), "--async-mode", "gevent"],
                            env=env, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.time() + 30
    while True:
        try:
            urllib.request.urlopen(base + "/", timeout=1)
            break
        except OSError:
            if proc.poll() is not None or time.time() > deadline:
                raise RuntimeError(f"server did not start: {(instance / 'server.log').read_text()}")
            time.sleep(0.2)
    links = dict(re.findall(r"^\s+([A-Z][a-z]+):\s+(http\S+)", out, re.M))
    creds = re.search(r"email (\S+)\s+password (\S+)", out)
    yield {"base": base, "email": creds.group(1), "password": creds.group(2),
           "workshop": int(re.search(r"/w/(\d+)/", links["Facilitator"]).group(1)),
           "code": re.search(r"type code ([\w-]+)", out).group(1), "board": links["Board"],
           "log": instance / "server.log"}
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture(scope="module")
def chromium():
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "Chromium is missing: scripts/test.sh installs it (apt-get install chromium)"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()
