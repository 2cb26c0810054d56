"""Reading a Flask session cookie as anyone holding it can: no key needed (it is signed, not
encrypted)."""
from __future__ import annotations

import json
import zlib

from itsdangerous import base64_decode


def read_session(cookie_value: str) -> dict:
    compressed = cookie_value.startswith(".")
    payload = base64_decode(cookie_value.lstrip(".").split(".")[0])
    return json.loads(zlib.decompress(payload) if compressed else payload)
