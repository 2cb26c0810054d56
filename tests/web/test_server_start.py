"""`workshop serve` as an operator starts it: gevent unless told otherwise, and nothing but the
banner on the terminal — no deprecation notice (eventlet, still supported, prints one on import)."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from workshop.config import DEFAULT_ASYNC_MODE


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start_and_read(tmp_path, *mode_args: str) -> str:
    """Start the server, load a page (the first request imports the rest), stop it; its output."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WORKSHOP_", "PYTHONWARNINGS"))}
    env.update(WORKSHOP_INSTANCE=str(tmp_path), SECRET_KEY="start-test")
    port = _free_port()
    log = tmp_path / "serve.log"
    with open(log, "w") as out:
        proc = subprocess.Popen([sys.executable, "-m", "workshop.cli", "serve", "--host", "127.0.0.1",
                                 "--port", str(port), *mode_args], env=env, stdout=out, stderr=subprocess.STDOUT)
        try:
            deadline = time.time() + 30
            while True:
                try:
                    assert urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=2).status == 200
                    break
                except OSError:
                    assert proc.poll() is None and time.time() < deadline, log.read_text()
                    time.sleep(0.2)
        finally:
            proc.terminate()
            proc.wait(timeout=10)
    return log.read_text()


def test_the_default_mode_is_gevent_and_starts_without_warnings(tmp_path):
    assert DEFAULT_ASYNC_MODE == "gevent"
    output = _start_and_read(tmp_path)
    assert f"Workshop is running ({DEFAULT_ASYNC_MODE}) on 127.0.0.1:" in output, output
    assert "Warning" not in output and "deprecated" not in output.lower(), output


@pytest.mark.parametrize("mode", ["eventlet", "gevent", "threading"])
def test_every_supported_mode_starts_without_a_deprecation_notice(tmp_path, mode):
    output = _start_and_read(tmp_path, "--async-mode", mode)
    assert f"Workshop is running ({mode})" in output, output
    assert "deprecat" not in output.lower(), output
