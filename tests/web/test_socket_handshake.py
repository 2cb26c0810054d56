"""The Socket.IO handshake's Origin rule as docs/protocol.md §1 states it: the server's own
origin or none at all (a non-browser client) is accepted; another origin is refused over HTTP."""
from __future__ import annotations

import pytest

HANDSHAKE = "/socket.io/?EIO=4&transport=polling"


@pytest.mark.parametrize("origin,status", [
    (None, 200),                       # a script, a test, an app: no Origin header
    ("http://localhost", 200),         # the server's own origin
    ("https://evil.example", 400),     # any other
])
def test_handshake_origin(app, origin, status):
    headers = {"Origin": origin} if origin else {}
    response = app.test_client().get(HANDSHAKE, headers=headers)
    assert response.status_code == status, response.data
    if status == 200:
        assert b'"sid"' in response.data  # the Engine.IO open packet
    else:
        assert b"Not an accepted origin" in response.data
