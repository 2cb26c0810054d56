"""A real server on 127.0.0.1 (its own process, gevent by default) and Debian's Chromium driven by Playwright."""
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
from workshop.config import DEFAULT_ASYNC_MODE


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server(str):
    """The server's base URL (a str, as the tests use it) that also knows its process's environment:
    `server.env["WORKSHOP_INSTANCE"]` is its instance folder, where `workshop demo` can seed."""

    env: dict
    instance: Path


def start_server(instance: Path, mode: str = DEFAULT_ASYNC_MODE, user: bool = True):
    """Start `workshop serve` on a free loopback port; returns (Server, process)."""
    env = {**os.environ, "WORKSHOP_INSTANCE": str(instance), "SECRET_KEY": "e2e-secret"}
    env.pop("WORKSHOP_DATABASE_URL", None)
    cli = [sys.executable, "-m", "workshop.cli"]
    if user:
        subprocess.run([*cli, "create-user", "--email", EMAIL, "--name", "Priya Shah", "--password", PASSWORD],
                       env=env, check=True, capture_output=True)
    port = free_port()
    log = open(instance / "server.log", "w")
    proc = subprocess.Popen([*cli, "serve", "--host", "127.0.0.1", "--port", str(port),
                             "--async-mode", mode], env=env,
                            stdout=log, stderr=subprocess.STDOUT)
    base = Server(f"http://127.0.0.1:{port}")
    base.env, base.instance = env, instance
    deadline = time.time() + 30
    while True:
        try:
            urllib.request.urlopen(base + "/", timeout=1)
            break
        except OSError:
            if proc.poll() is not None or time.time() > deadline:
                raise RuntimeError(f"server did not start: {(instance / 'server.log').read_text()}")
            time.sleep(0.2)
    return base, proc


def stop_server(proc) -> None:
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture(scope="module", params=["eventlet", "gevent", "threading"])
def server(request, tmp_path_factory):
    """The app in its own process, in each async mode it supports (gevent is the default).
    Scenarios that need only the default mode: @pytest.mark.parametrize("server", ["gevent"], indirect=True)."""
    base, proc = start_server(tmp_path_factory.mktemp("instance"), request.param)
    yield base
    stop_server(proc)


@pytest.fixture(scope="module")
def bare_server(tmp_path_factory):
    """The app (default mode) on an instance with no account yet: /setup is open."""
    base, proc = start_server(tmp_path_factory.mktemp("instance"), user=False)
    yield base
    stop_server(proc)


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
