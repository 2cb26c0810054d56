"""A real server on 127.0.0.1 (its own process, eventlet) and Debian's Chromium driven by Playwright."""
from __future__ import annotations

import os
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
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
from support import E2E_EMAIL as EMAIL, E2E_PASSWORD as PASSWORD


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module", params=["eventlet", "gevent", "threading"])
def server(request, tmp_path_factory):
    """The app in its own process, in each async mode it supports (eventlet is the default)."""
    instance = tmp_path_factory.mktemp("instance")
    env = {**os.environ, "WORKSHOP_INSTANCE": str(instance), "SECRET_KEY": "e2e-secret"}
    env.pop("WORKSHOP_DATABASE_URL", None)
    cli = [sys.executable, "-m", "workshop.cli"]
    subprocess.run([*cli, "create-user", "--email", EMAIL, "--name", "Priya Shah", "--password", PASSWORD],
                   env=env, check=True, capture_output=True)
    port = free_port()
    log = open(instance / "server.log", "w")
    proc = subprocess.Popen([*cli, "serve", "--host", "127.0.0.1", "--port", str(port),
                             "--async-mode", request.param], env=env,
                            stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 30
    while True:
        try:
            urllib.request.urlopen(base + "/", timeout=1)
            break
        except OSError:
            if proc.poll() is not None or time.time() > deadline:
                raise RuntimeError(f"server did not start: {(instance / 'server.log').read_text()}")
            time.sleep(0.2)
    yield base
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "Chromium is missing: scripts/test.sh installs it (apt-get install chromium)"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def shot():
    """Save a screenshot as a test artifact: shot(page, "board-1920")."""
    ARTIFACTS.mkdir(exist_ok=True)

    def take(page, name: str) -> None:
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"))

    return take
