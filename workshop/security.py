"""Abuse limits and security headers, set up once in create_app (init_app).

- HTTP rate limits (Flask-Limiter on the `limits` library): wrong join codes and failed sign-ins
  per client address. In memory by default; shared through Redis when WORKSHOP_RATELIMIT_STORAGE
  (or a redis:// WORKSHOP_MESSAGE_QUEUE) is set, so several processes count together.
- A per-connection limit on live events (a moving window, in this process's memory: a
  socket lives in one process): a script flooding intents gets `rate_limited` acks, nobody else
  notices, and a phone's fast taps or its resend-after-reconnect burst stay well inside it.
- Security headers (Flask-Talisman), with a Content-Security-Policy that our pages live within.
- Cookie flags for the session and the remember-me cookie.

Join codes: 8 characters of a 31-letter alphabet, guessed at most 10 wrong a minute per address
(see join_codes.JOIN_CODE_LENGTH and docs/security.md for the arithmetic).
"""
from __future__ import annotations

import ipaddress
import math
import os
import threading
import time
from collections import deque

from flask import Flask, current_app, render_template, request
from flask_wtf.csrf import CSRFError
from limits import RateLimitItem, parse_many

from .extensions import limiter, talisman

# Wrong join codes per client address (shared by the join form and /j/<code>).
JOIN_CODE_LIMIT = "10 per minute"
# People joining one workshop from one client address. A whole school's staff behind its one
# public address (NAT) must get in at once, late-comers and phones that lost their cookie
# included; a script with the code must not add hundreds of people in seconds (the facilitator
# stops new joins and removes the extras in bulk). Only joins that got someone in count.
JOIN_LIMIT = "120 per 10 minutes"
# Failed sign-ins per client address.
LOGIN_LIMIT = "10 per minute"
# Live events (intents, syncs) per connection, by role. A phone tapping dots fast sends a few a
# second; after a reconnect it resends what it queued offline at once. A script sending 100 a
# second passes the first 40 and is then refused until its window moves on.
SOCKET_LIMITS = {
    "participant": "40 per 10 seconds; 150 per minute",
    "board": "40 per 10 seconds; 150 per minute",
    "facilitator": "120 per 10 seconds; 600 per minute",
}

# What the browser may load: our own scripts (ES modules), styles and images, and the socket.
# The boot data is <script type="application/json">, which is never executed, so CSP leaves it
# alone. Style attributes: the tools' views set presentational custom properties (e.g.
# style="--cols:3") through dom.js, so style-src allows inline styles; no user text ever
# reaches HTML (text nodes only), so this opens no door for scripts.
CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:"],
    "font-src": "'self'",
    "connect-src": "'self'",  # the Socket.IO polling and websocket transports, same origin
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def client_address() -> str:
    """The key HTTP limits count by: the client address, IPv6 by its /64 (one home or phone
    network gets a whole /64, so counting single addresses would let one device rotate)."""
    addr = request.remote_addr or "unknown"
    try:
        ip = ipaddress.ip_address(addr)
    except ValueError:
        return addr
    if ip.version == 4:
        return str(ip)
    if ip.ipv4_mapped is not None:
        return str(ip.ipv4_mapped)
    return str(ipaddress.ip_network(f"{ip}/64", strict=False))


def _storage_uri(app: Flask) -> str:
    explicit = app.config.get("RATELIMIT_STORAGE_URI") or os.environ.get("WORKSHOP_RATELIMIT_STORAGE")
    if explicit:
        return explicit
    queue = app.config.get("MESSAGE_QUEUE") or ""
    if queue.startswith(("redis://", "rediss://")):
        return queue
    return "memory://"


class SocketLimiter:
    """Per-connection live-event limits: a moving window per limit, in this process's memory.

    Each key keeps the times of its recent events in a deque per limit (at most the limit's
    count): a hit is O(1) and nothing runs in the background. `limits`' MemoryStorage (which
    the HTTP limits use) does the same job, but its sweeper walks every key every 10 ms: 16 %
    of a core at 1,000 connections (docs/performance.md). The limits are parsed by `limits`.
    """

    PRUNE_EVERY = 30.0  # seconds between sweeps of keys idle for longer than the longest window

    def __init__(self, limits_by_role: dict[str, str]):
        self.items: dict[str, list[RateLimitItem]] = {role: parse_many(v) for role, v in limits_by_role.items()}
        self.windows: dict[str, list[deque[float]]] = {}
        self.longest = max(item.get_expiry() for items in self.items.values() for item in items)
        self.pruned_at = time.monotonic()
        self.lock = threading.Lock()

    def hit(self, role: str, key: str) -> int | None:
        """Count one event; None if it is allowed, else the seconds until it would be."""
        items = self.items.get(role) or self.items["participant"]
        now = time.monotonic()
        with self.lock:
            self._prune(now)
            windows = self.windows.setdefault(key, [deque() for _ in items])
            wait = 0.0
            for item, events in zip(items, windows):
                while events and events[0] <= now - item.get_expiry():
                    events.popleft()
                if len(events) >= item.amount:
                    wait = max(wait, events[0] + item.get_expiry() - now)
            if wait:
                return max(1, math.ceil(wait))
            for events in windows:
                events.append(now)
            return None

    def forget(self, key: str) -> None:
        with self.lock:
            self.windows.pop(key, None)

    def _prune(self, now: float) -> None:
        if now - self.pruned_at < self.PRUNE_EVERY:
            return
        self.pruned_at = now
        idle = [key for key, windows in self.windows.items()
                if all(not events or events[-1] <= now - self.longest for events in windows)]
        for key in idle:
            del self.windows[key]


def socket_limiter() -> SocketLimiter:
    return current_app.extensions["workshop_socket_limiter"]


def _too_many(error):
    """429: the join form says so plainly (wrong codes), other pages in the error page."""
    retry = getattr(error, "retry_after", None) or 60
    message = ("Too many wrong codes from this network. Wait a minute, then check the code on the "
               "screen and try again.")
    if request.blueprint == "join":
        # A limit with its own message (joins per address) says it; wrong codes say the above.
        if getattr(getattr(error, "limit", None), "error_message", None):
            message = error.description
        response = current_app.make_response((render_template("join.html", code="", error=message), 429))
    elif request.endpoint == "auth.login":
        message = "Too many attempts to sign in from this network. Wait a minute and try again."
        response = current_app.make_response((render_template("error.html", title="Too many attempts",
                                                               message=message), 429))
    else:
        response = current_app.make_response((render_template(
            "error.html", title="Too many requests", message="Too many requests. Wait a minute and try again."), 429))
    response.headers["Retry-After"] = str(retry)
    return response


# Over https Flask-WTF also checks the Referer header against this site (a form posted from
# elsewhere); browsers send it, scripts often don't, and "expired" would send them looking at tokens.
REFERRER_REASONS = ("The referrer header is missing.", "The referrer does not match the host.")


def _csrf_failed(error: CSRFError):
    if error.description in REFERRER_REASONS:
        return render_template("error.html", title="This form needs a Referer header from this site",
                               message="Over https, sign-in (or any form) from a script must send a Referer "
                                       "header matching this site, e.g. the address of the page it took the "
                                       "csrf_token from (browsers do this)."), 400
    return render_template("error.html", title="This form has expired",
                           message="The page was open too long or came from elsewhere. Go back, reload "
                                   "the page and try again."), 400


def init_app(app: Flask) -> None:
    # The remember-me cookie (Flask-Login) takes the session cookie's flags.
    app.config.setdefault("REMEMBER_COOKIE_SECURE", app.config.get("SESSION_COOKIE_SECURE", False))
    app.config.setdefault("REMEMBER_COOKIE_HTTPONLY", True)
    app.config.setdefault("REMEMBER_COOKIE_SAMESITE", "Lax")

    app.config.setdefault("RATELIMIT_ENABLED", True)  # said each time: the extension keeps the last app's
    app.config.setdefault("RATELIMIT_STORAGE_URI", _storage_uri(app))
    app.config.setdefault("RATELIMIT_STRATEGY", "moving-window")
    app.config.setdefault("RATELIMIT_SWALLOW_ERRORS", True)  # a Redis outage must not stop joining
    app.config.setdefault("RATELIMIT_IN_MEMORY_FALLBACK_ENABLED", True)
    app.config.setdefault("RATELIMIT_HEADERS_ENABLED", False)
    app.config.setdefault("JOIN_CODE_LIMIT", os.environ.get("WORKSHOP_JOIN_CODE_LIMIT") or JOIN_CODE_LIMIT)
    app.config.setdefault("JOIN_LIMIT", os.environ.get("WORKSHOP_JOIN_LIMIT") or JOIN_LIMIT)
    app.config.setdefault("LOGIN_LIMIT", os.environ.get("WORKSHOP_LOGIN_LIMIT") or LOGIN_LIMIT)
    app.config.setdefault("SOCKET_LIMITS", SOCKET_LIMITS)
    limiter.init_app(app)
    app.extensions["workshop_socket_limiter"] = SocketLimiter(app.config["SOCKET_LIMITS"])

    talisman.init_app(
        app,
        force_https=False,  # school LANs serve plain http; HTTPS is the proxy's job
        strict_transport_security=app.config.get("SESSION_COOKIE_SECURE", False),
        session_cookie_secure=app.config.get("SESSION_COOKIE_SECURE", False),
        session_cookie_http_only=True,
        session_cookie_samesite=app.config.get("SESSION_COOKIE_SAMESITE", "Lax"),
        frame_options="DENY",
        content_security_policy=CONTENT_SECURITY_POLICY,
        referrer_policy="same-origin",
        permissions_policy={"camera": "()", "microphone": "()", "geolocation": "()", "interest-cohort": "()"},
    )
    app.register_error_handler(429, _too_many)
    app.register_error_handler(CSRFError, _csrf_failed)
