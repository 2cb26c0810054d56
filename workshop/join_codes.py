"""Join codes: what people read off the projector and type on a phone.

No 0/O, 1/I/L: nothing to misread on a projector. 31 letters, 8 of them: 31**8 = 852,891,037,441
codes. Wrong codes are limited to 10 a minute per client address (security.JOIN_CODE_LIMIT), so
with 1,000 workshops open at once a guesser hits one of them once in 31**8 / 1,000 = 853 million
guesses on average: 85 million minutes, about 162 years from one address; 1,000 addresses
together still need about 59 days, while a workshop is open for a few hours. Six characters
(31**6 = 887,503,681) would fall in 62 days from one address and in 15 hours from 100, so the
code is eight. It is shown and typed in two groups of four (K7M2-QX4P); spaces, dashes and case
do not matter.
"""
from __future__ import annotations

import secrets
import unicodedata

JOIN_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
JOIN_CODE_LENGTH = 8
JOIN_CODE_GROUP = 4


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def normalise_code(code: str) -> str:
    """What people type: any case, with spaces or dashes (K7M2-QX4P, k7m2 qx4p, K7M2QX4P)."""
    code = unicodedata.normalize("NFKC", code if isinstance(code, str) else "")  # full-width letters too
    return "".join(ch for ch in code.upper() if ch.isascii() and ch.isalnum())[:12]


def format_code(code: str | None) -> str:
    """A code as people read it: groups of four joined by a dash (K7M2-QX4P)."""
    code = normalise_code(code or "")
    return "-".join(code[i:i + JOIN_CODE_GROUP] for i in range(0, len(code), JOIN_CODE_GROUP))
