"""Secrets a page shows once (a new co-facilitator's password, a new plan link) never travel in
the session cookie, which anyone holding it can read without the key (issue 11 §5)."""
from __future__ import annotations

import re

from session_cookie import read_session
from support import Facilitator
from workshop.db import db
from workshop.models import ShownOnce


def cookie_text(client) -> str:
    return repr(read_session(client.get_cookie("session").value))


def kept_rows() -> int:
    with db.session() as s:
        return s.query(ShownOnce).count()


def test_a_new_co_facilitators_password_is_shown_once_and_never_in_the_cookie(app, ic):
    wid = ic.create_workshop()
    made = ic.http.post(f"/w/{wid}/facilitators", data={"email": "tom@example.org", "name": "Tom"})
    assert made.status_code == 302
    assert kept_rows() == 1
    page = ic.http.get(f"/w/{wid}/edit").data.decode()
    password = re.search(r'data-testid="new-password">.*?<code>([^<]+)</code>', page, re.S)[1]
    assert len(password) >= 12
    assert password not in made.headers["Location"]
    held = cookie_text(ic.http)
    assert password not in held and "tom@example.org" in page
    tom = app.test_client()
    assert tom.post("/login", data={"email": "tom@example.org", "password": password}).status_code == 302
    # Shown once: the row is gone, and the page no longer shows it.
    assert kept_rows() == 0
    assert password not in ic.http.get(f"/w/{wid}/edit").data.decode()


def test_the_cookie_between_the_post_and_the_page_holds_no_secret(app, ic):
    """Read the cookie right after each form, before the page that shows the secret."""
    wid = ic.create_workshop()
    ic.http.post(f"/w/{wid}/facilitators", data={"email": "ann@example.org", "name": "Ann"})
    handle_only = read_session(ic.http.get_cookie("session").value)
    with db.session() as s:
        kept = s.query(ShownOnce).one().text
    assert kept.split("\n")[1] not in repr(handle_only)

    for kind in ("view", "update"):
        assert ic.http.post(f"/w/{wid}/record/link/{kind}").status_code == 302
        held = cookie_text(ic.http)
        assert "/plan/" not in held
        page = ic.http.get(f"/w/{wid}/record").data.decode()
        url = re.search(rf'data-testid="link-url-{kind}">([^<]+)<', page)[1]
        token = url.rsplit("/plan/", 1)[1]
        assert token not in held and token not in cookie_text(ic.http)
        assert app.test_client().get(f"/plan/{token}").status_code == 200
        assert f'data-testid="link-url-{kind}"' not in ic.http.get(f"/w/{wid}/record").data.decode()


def test_a_kept_secret_is_for_its_user_only(app, ic):
    """A session cookie copied from the IC into another account's browser shows nothing: the
    handle is bound to the user it was kept for (and a copied cookie is revoked on sign-out)."""
    wid = ic.create_workshop()
    ic.http.post(f"/w/{wid}/facilitators", data={"email": "bo@example.org", "name": "Bo"})
    from workshop import shown_once

    handle = read_session(ic.http.get_cookie("session").value)[f"once_new_password_{wid}"]
    other = Facilitator(app, "other@example.org", "Other")
    with app.test_request_context():
        from flask import session

        session[f"once_new_password_{wid}"] = handle
        assert shown_once.take(other.user.id, f"new_password_{wid}") is None
    assert kept_rows() == 0  # and it is spent
