"""What arrives before any handler: the socket's origin check and message size limit; and what
every page sends back: security headers, the Content-Security-Policy, cookie flags, CSRF."""
from __future__ import annotations

import json
import re

import pytest

from support import PASSWORD, Facilitator, join_code, make_app
from workshop.accounts import create_user
from workshop.db import db
from workshop.security import CONTENT_SECURITY_POLICY

HANDSHAKE = "/socket.io/?EIO=4&transport=polling"


def open_polling_session(client, origin=None) -> str:
    headers = {"Origin": origin} if origin else {}
    response = client.get(HANDSHAKE, headers=headers)
    assert response.status_code == 200, response.data
    return json.loads(response.data.decode()[1:])["sid"]


def test_a_foreign_origin_cannot_open_the_socket(app):
    anyone = app.test_client()
    refused = anyone.get(HANDSHAKE, headers={"Origin": "http://evil.example"})
    assert refused.status_code == 400 and b"Not an accepted origin" in refused.data
    assert anyone.get(HANDSHAKE, headers={"Origin": "http://localhost"}).status_code == 200  # our own
    assert open_polling_session(anyone)  # no Origin (not a browser): the handlers still authenticate


def test_listed_origins_are_allowed_and_others_still_refused(db_path):
    app = make_app(db_path, ALLOWED_ORIGINS=["https://workshops.example.org"])
    anyone = app.test_client()
    assert anyone.get(HANDSHAKE, headers={"Origin": "https://workshops.example.org"}).status_code == 200
    assert anyone.get(HANDSHAKE, headers={"Origin": "http://evil.example"}).status_code == 400


def _connect(base: str, code: str, transport: str):
    """A phone on the real server: joins over HTTP, then opens the socket with its token."""
    import requests
    import socketio

    http = requests.Session()
    form = http.get(f"{base}/j/{code}").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
    joined = http.post(f"{base}/j/{code}", data={"name": "Big sender", "csrf_token": token}, allow_redirects=False)
    assert joined.status_code == 302, joined.text
    workshop = int(joined.headers["Location"].split("/w/")[1].split("/")[0])
    client = socketio.Client(reconnection=False)
    client.connect(base, auth={"workshop": workshop, "role": "participant", "token": http.cookies[f"wt_{workshop}"]},
                   transports=[transport], wait_timeout=10)
    return client


@pytest.mark.parametrize("transport", ["websocket", "polling"])
def test_a_message_over_64k_closes_the_connection_before_any_handler(demo_server, transport):
    import socketio

    client = _connect(demo_server["base"], demo_server["code"], transport)
    big = {"intent_id": "big-000001", "type": "idea.add", "activity": None, "payload": {"text": "x" * 60_000}}
    ack = client.call("intent", big, timeout=10)  # under 64 KiB: reaches the handlers, refused there
    assert ack["ok"] is False and ack["error"] != "internal"
    huge = {**big, "intent_id": "huge-00001", "payload": {"text": "x" * 70_000}}
    with pytest.raises((socketio.exceptions.TimeoutError, socketio.exceptions.BadNamespaceError,
                        socketio.exceptions.DisconnectedError)):
        client.call("intent", huge, timeout=5)
    deadline = __import__("time").time() + 10
    while client.connected and __import__("time").time() < deadline:
        client.sleep(0.1)
    assert not client.connected
    client.disconnect()
    again = _connect(demo_server["base"], demo_server["code"], transport)  # the server is fine
    assert again.call("sync", {"version": 0}, timeout=10)["ok"]
    again.disconnect()


def test_a_foreign_origin_is_refused_by_the_real_server(demo_server):
    import socketio

    client = socketio.Client(reconnection=False)
    with pytest.raises(socketio.exceptions.ConnectionError):
        client.connect(demo_server["base"], headers={"Origin": "http://evil.example"},
                       auth={"workshop": demo_server["workshop"], "role": "board"}, transports=["websocket"],
                       wait_timeout=5)


def test_pages_carry_the_security_headers(app, ic, open_workshop):
    for url in ("/", "/join", "/login", f"/j/{join_code(open_workshop)}", "/static/css/app.css"):
        response = app.test_client().get(url)
        headers = response.headers
        assert headers["X-Content-Type-Options"] == "nosniff", url
        assert headers["X-Frame-Options"] == "DENY", url
        assert headers["Referrer-Policy"] == "same-origin", url
        csp = headers["Content-Security-Policy"]
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
        assert "unsafe-eval" not in csp
        script_src = re.search(r"script-src ([^;]*)", csp).group(1)
        assert script_src.strip() == "'self'"  # no inline script, no hashes, no other origin
        assert "Strict-Transport-Security" not in headers  # plain http on a school LAN
    console = ic.http.get(f"/w/{open_workshop}/run")
    assert console.status_code == 200 and "Content-Security-Policy" in console.headers
    assert CONTENT_SECURITY_POLICY["connect-src"] == "'self'"


def test_https_deployments_get_hsts_and_secure_cookies(db_path):
    app = make_app(db_path, SESSION_COOKIE_SECURE=True)
    with db.session() as s:
        create_user(s, "ic@example.org", "Priya", PASSWORD)
    browser = app.test_client()
    signed_in = browser.post("/login", data={"email": "ic@example.org", "password": PASSWORD},
                             base_url="https://localhost")
    assert signed_in.status_code == 302
    assert "max-age=" in signed_in.headers["Strict-Transport-Security"]
    cookies = {c.split("=", 1)[0]: c for c in signed_in.headers.getlist("Set-Cookie")}
    for name in ("session", "remember_token"):
        flags = cookies[name]
        assert "Secure" in flags and "HttpOnly" in flags and "SameSite=Lax" in flags, flags


def test_cookies_are_http_only_and_same_site(app, ic, open_workshop):
    browser = app.test_client()
    with db.session() as s:
        create_user(s, "co@example.org", "Co", PASSWORD)
    signed_in = browser.post("/login", data={"email": "co@example.org", "password": PASSWORD})
    cookies = {c.split("=", 1)[0]: c for c in signed_in.headers.getlist("Set-Cookie")}
    for name in ("session", "remember_token"):
        assert "HttpOnly" in cookies[name] and "SameSite=Lax" in cookies[name], cookies[name]
        assert "Secure" not in cookies[name]  # plain http unless WORKSHOP_SECURE_COOKIES=1
    phone = app.test_client()
    joined = phone.post(f"/j/{join_code(open_workshop)}", data={"name": "Jo"})
    token_cookie = next(c for c in joined.headers.getlist("Set-Cookie") if c.startswith(f"wt_{open_workshop}="))
    assert "HttpOnly" in token_cookie and "SameSite=Lax" in token_cookie and "Max-Age=" in token_cookie


def test_the_participant_cookie_is_secure_behind_https(db_path):
    app = make_app(db_path, SESSION_COOKIE_SECURE=True)
    ic = Facilitator(app, "ic@example.org", "Priya")
    wid = ic.create_workshop()
    assert ic.step(wid, "workshop.open")["ok"]
    joined = app.test_client().post(f"/j/{join_code(wid)}", data={"name": "Jo"})
    token_cookie = next(c for c in joined.headers.getlist("Set-Cookie") if c.startswith(f"wt_{wid}="))
    assert "Secure" in token_cookie and "HttpOnly" in token_cookie


def _post_routes(app) -> list[str]:
    urls = []
    for rule in app.url_map.iter_rules():
        if "POST" not in rule.methods or rule.endpoint == "static":
            continue
        values = {arg: 1 if arg.endswith("_id") else ("pdf" if arg == "fmt" else "ABCDEFGH") for arg in rule.arguments}
        urls.append(rule.build(values, append_unknown=False)[1])
    return sorted(urls)


def test_every_form_refuses_a_missing_csrf_token(db_path):
    app = make_app(db_path, WTF_CSRF_ENABLED=True)
    ic = Facilitator.__new__(Facilitator)  # signed in through the form, with its token
    with db.session() as s:
        ic.user = create_user(s, "ic@example.org", "Priya", PASSWORD)
    browser = app.test_client()
    token = re.search(r'name="csrf_token" value="([^"]+)"', browser.get("/login").data.decode()).group(1)
    assert browser.post("/login", data={"email": "ic@example.org", "password": PASSWORD,
                                        "csrf_token": token}).status_code == 302
    routes = _post_routes(app)
    assert {"/login", "/logout", "/setup", "/join", "/workshops/new"} <= set(routes)
    assert any(r.startswith("/j/") for r in routes)
    for url in routes:
        for client in (browser, app.test_client()):  # signed in, and a stranger
            refused = client.post(url, data={"name": "x", "school": "x", "code": "ABCDEFGH"})
            assert refused.status_code == 400, (url, refused.status_code)
            assert b"This form has expired" in refused.data
        forged = browser.post(url, data={"csrf_token": "forged"})
        assert forged.status_code == 400, url
    # The token from the page still works.
    assert browser.post("/logout", data={"csrf_token": token}).status_code == 302


@pytest.mark.parametrize("path", ["/", "/join", "/login"])
def test_pages_have_no_inline_scripts_or_handlers(app, path):
    page = app.test_client().get(path).data.decode()
    assert not re.search(r"<script(?![^>]*\b(src=|type=\"application/json\"))", page)
    assert not re.search(r"\son[a-z]+=", page)
