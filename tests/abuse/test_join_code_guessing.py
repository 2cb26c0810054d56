"""Guessing join codes: wrong codes are limited per client address, codes are long enough."""
from __future__ import annotations

import re

from support import Facilitator, Phone, join_code, make_app
from workshop import join_codes
from workshop.db import db
from workshop.models import Participant
from workshop.participants import MAX_PARTICIPANTS
from workshop.security import JOIN_CODE_LIMIT

LIMIT = int(JOIN_CODE_LIMIT.split()[0])


def client(app, address="203.0.113.7"):
    """A browser at `address` (the test client's requests come from there)."""
    browser = app.test_client()
    browser.environ_base["REMOTE_ADDR"] = address
    return browser


def test_new_codes_are_eight_unambiguous_characters_shown_in_two_groups():
    codes = {join_codes.new_join_code() for _ in range(500)}
    assert len(codes) == 500
    assert all(re.fullmatch(r"[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8}", c) for c in codes)
    assert join_codes.format_code("K7M2QX4P") == "K7M2-QX4P"
    # The arithmetic in join_codes.py: 1,000 open workshops, 10 wrong guesses a minute.
    minutes = len(join_codes.JOIN_ALPHABET) ** join_codes.JOIN_CODE_LENGTH / 1000 / LIMIT
    assert minutes / (60 * 24 * 365) > 100  # a century from one address


def test_codes_are_typed_any_way_a_phone_allows():
    for typed in ("k7m2-qx4p", " K7M2 QX4P ", "K7M2–QX4P", "ｋ７ｍ２ｑｘ４ｐ", "K7M2\u200bQX4P", "k-7-m-2-q-x-4-p"):
        assert join_codes.normalise_code(typed) == "K7M2QX4P", typed
    assert join_codes.normalise_code(None) == "" and join_codes.normalise_code("x" * 100) == "X" * 12


def test_the_join_form_accepts_a_grouped_code_with_dashes_or_spaces(app, ic, open_workshop):
    code = join_code(open_workshop)
    grouped = join_codes.format_code(code)
    for typed in (grouped.lower(), grouped.replace("-", " "), f" {code} "):
        response = client(app).post("/join", data={"code": typed})
        assert response.status_code == 302 and response.headers["Location"].endswith(f"/j/{code}")
    assert client(app).get(f"/j/{grouped}").status_code == 200  # a link with the dash works too


def test_ten_wrong_codes_a_minute_then_429_on_the_form_and_on_the_link(app, ic, open_workshop):
    guesser = client(app)
    for n in range(LIMIT):
        wrong = guesser.post("/join", data={"code": f"ZZZZZZZ{n % 10}"}) if n % 2 else guesser.get(f"/j/ZZZZZZ{n}Z")
        assert wrong.status_code == 404
    # The eleventh try is refused, whichever route, even with the right code.
    refused = guesser.post("/join", data={"code": "ZZZZZZZZ"})
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
    page = refused.data.decode()
    assert "Too many wrong codes" in page and 'role="alert"' in page and 'data-testid="join-form"' in page
    right = join_code(open_workshop)
    assert guesser.post("/join", data={"code": right}).status_code == 429
    assert guesser.get(f"/j/{right}").status_code == 429
    assert guesser.post(f"/j/{right}", data={"name": "Guesser"}).status_code == 429
    assert guesser.get("/join?code=ZZZZZZZZ").status_code == 429
    # Someone else in the room, on another address, is unaffected.
    neighbour = client(app, "203.0.113.8")
    assert neighbour.post("/join", data={"code": right}).status_code == 302
    assert neighbour.post(f"/j/{right}", data={"name": "Jo"}).status_code == 302


def test_right_codes_and_the_start_page_do_not_count(app, ic, open_workshop):
    room = client(app, "198.51.100.1")  # a whole staff room behind one address
    code = join_code(open_workshop)
    for n in range(3 * LIMIT):
        person = client(app, "198.51.100.1")
        assert person.post(f"/j/{code}", data={"name": f"Teacher {n}"}).status_code == 302
        assert room.get("/").status_code == 200 and room.get("/join").status_code == 200
    for _ in range(LIMIT - 1):  # a few typos still leave room
        assert room.post("/join", data={"code": "AAAAAAAA"}).status_code == 404
    assert room.post("/join", data={"code": code}).status_code == 302


def test_ipv6_clients_are_counted_by_their_64(app, ic, open_workshop):
    for n in range(LIMIT):
        assert client(app, f"2001:db8:1:2::{n + 1:x}").post("/join", data={"code": "ZZZZZZZZ"}).status_code == 404
    assert client(app, "2001:db8:1:2:ffff::9").post("/join", data={"code": "ZZZZZZZZ"}).status_code == 429
    assert client(app, "2001:db8:1:3::1").post("/join", data={"code": "ZZZZZZZZ"}).status_code == 404


def test_failed_sign_ins_are_limited_too(app, ic):
    guesser = client(app)
    for _ in range(LIMIT):
        assert guesser.post("/login", data={"email": "ic@example.org", "password": "wrong"}).status_code == 401
    refused = guesser.post("/login", data={"email": "ic@example.org", "password": "wrong"})
    assert refused.status_code == 429 and b"Too many attempts to sign in" in refused.data
    assert client(app, "203.0.113.99").get("/login").status_code == 200
    assert Facilitator(app, "co@example.org", "Co Facilitator")  # signs in from the test address


def test_the_limit_is_configurable_and_can_be_switched_off(db_path):
    app = make_app(db_path, JOIN_CODE_LIMIT="2 per minute")
    guesser = client(app)
    assert [guesser.post("/join", data={"code": "ZZZZZZZZ"}).status_code for _ in range(3)] == [404, 404, 429]
    relaxed = make_app(db_path, RATELIMIT_ENABLED=False)
    guesser = client(relaxed)
    assert {guesser.post("/join", data={"code": "ZZZZZZZZ"}).status_code for _ in range(LIMIT + 5)} == {404}
    again = make_app(db_path)  # the next app is limited again
    guesser = client(again)
    assert [guesser.post("/join", data={"code": "ZZZZZZZZ"}).status_code for _ in range(LIMIT + 1)][-1] == 429


def test_a_phone_that_already_joined_is_not_held_up(app, ic, open_workshop):
    phone = Phone(app, open_workshop, "Jo")
    assert phone.http.get(f"/w/{open_workshop}/phone").status_code == 200


def _behind_the_proxy(app, phone_address: str):
    """A phone at `phone_address` reaching the app through nginx at 127.0.0.1."""
    browser = client(app, "127.0.0.1")
    browser.environ_base["HTTP_X_FORWARDED_FOR"] = phone_address
    return browser


def test_behind_a_trusted_proxy_each_phone_is_counted_by_its_own_address(db_path):
    app = make_app(db_path, TRUSTED_PROXIES=1)
    for _ in range(LIMIT):
        assert _behind_the_proxy(app, "198.51.100.20").post("/join", data={"code": "ZZZZZZZZ"}).status_code == 404
    assert _behind_the_proxy(app, "198.51.100.20").post("/join", data={"code": "ZZZZZZZZ"}).status_code == 429
    assert _behind_the_proxy(app, "198.51.100.21").post("/join", data={"code": "ZZZZZZZZ"}).status_code == 404


def test_without_a_trusted_proxy_a_forged_forwarded_for_changes_nothing(db_path):
    app = make_app(db_path)
    for n in range(LIMIT):
        assert _behind_the_proxy(app, f"198.51.100.{n}").post("/join", data={"code": "ZZZZZZZZ"}).status_code == 404
    assert _behind_the_proxy(app, "198.51.100.99").post("/join", data={"code": "ZZZZZZZZ"}).status_code == 429


def test_a_workshop_holds_at_most_max_participants_and_removing_makes_room(app, ic, open_workshop):
    """Someone who reads the code off the projector can't script thousands of people in."""
    with db.session(write=True) as s:
        for n in range(MAX_PARTICIPANTS - 1):
            s.add(Participant(workshop_id=open_workshop, token_hash=f"{n:064x}", name=f"Bot {n}"))
    code = join_code(open_workshop)
    last = client(app, "198.51.100.30").post(f"/j/{code}", data={"name": "Last in"})
    assert last.status_code == 302
    refused = client(app, "198.51.100.31").post(f"/j/{code}", data={"name": "One too many"})
    assert refused.status_code == 409 and f"already has {MAX_PARTICIPANTS} people" in refused.data.decode()
    with db.session() as s:
        assert s.query(Participant).filter_by(workshop_id=open_workshop).count() == MAX_PARTICIPANTS
        bot = s.query(Participant).filter_by(workshop_id=open_workshop, name="Bot 0").one().id
    assert ic.step(open_workshop, "participant.remove", {"participant": bot})["ok"]
    assert client(app, "198.51.100.31").post(f"/j/{code}", data={"name": "Now there is room"}).status_code == 302
