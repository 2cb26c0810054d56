"""Every live test's socket clients are checked against docs/protocol.schema.json: each message
they send (intent, sync) and receive (state, patch, private, removed, acks, connect_error), and
each state a patch makes (issue 11 §3). A violation fails the test with the path and the reason."""
from __future__ import annotations

import pytest
from support import protocol_checked


@pytest.fixture(autouse=True)
def protocol_check():
    with protocol_checked() as checker:
        yield checker
