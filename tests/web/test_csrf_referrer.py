"""Behind https Flask-WTF's CSRF check also wants a Referer from this site. Browsers send one; a
script that doesn't is told so, not that its form "has expired" (issue 11 §6)."""
from __future__ import annotations

import re

from support import PASSWORD, make_app

from workshop.accounts import create_user
from workshop.db import db

HTTPS = "https://workshop.test"


def _signin_form(client) -> str:
    page = client.get("/login", base_url=HTTPS).data.decode()
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def _sign_in(client, token: str, **headers):
    return client.post("/login", base_url=HTTPS, headers=headers,
                       data={"email": "ic@example.org", "password": PASSWORD, "csrf_token": token})


def test_a_script_signing_in_over_https_without_a_referer_is_told_to_send_one(db_path):
    app = make_app(db_path, WTF_CSRF_ENABLED=True)
    with db.session(write=True) as s:
        create_user(s, "ic@example.org", "Priya", PASSWORD)
    script = app.test_client()
    token = _signin_form(script)

    refused = _sign_in(script, token)
    assert refused.status_code == 400
    text = refused.data.decode()
    assert "Referer header matching this site" in text and "expired" not in text

    elsewhere = _sign_in(script, token, Referer="https://evil.example/login")
    assert elsewhere.status_code == 400 and "Referer header matching this site" in elsewhere.data.decode()

    signed_in = _sign_in(script, token, Referer=f"{HTTPS}/login")
    assert signed_in.status_code == 302


def test_a_missing_token_still_says_the_form_expired(db_path):
    app = make_app(db_path, WTF_CSRF_ENABLED=True)
    refused = app.test_client().post("/login", base_url=HTTPS, headers={"Referer": f"{HTTPS}/login"},
                                     data={"email": "ic@example.org", "password": PASSWORD})
    assert refused.status_code == 400 and "This form has expired" in refused.data.decode()
