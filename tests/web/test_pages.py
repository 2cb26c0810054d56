"""The HTTP side: first-run set-up, sign-in, dashboard, joining, escaping, CSRF, QR code."""
from __future__ import annotations

from support import PASSWORD, Facilitator, Phone, add_wall, join_code, make_app

from workshop.db import db
from workshop.models import Participant, Workshop


def test_setup_page_exists_only_until_the_first_account(app):
    client = app.test_client()
    assert client.get("/login").headers["Location"].endswith("/setup")
    short = client.post("/setup", data={"name": "Priya", "email": "p@example.org", "password": "short"})
    assert short.status_code == 400 and b"at least 10 characters" in short.data
    made = client.post("/setup", data={"name": "Priya", "email": "p@example.org", "password": PASSWORD})
    assert made.status_code == 302 and made.headers["Location"].endswith("/workshops")
    assert client.get("/workshops").status_code == 200  # signed in straight away
    again = app.test_client().get("/setup")
    assert again.status_code == 302 and again.headers["Location"].endswith("/login")


def test_sign_in_rejects_a_wrong_password_and_guards_pages(app, ic):
    client = app.test_client()
    assert client.get("/workshops").status_code == 302
    bad = client.post("/login", data={"email": "ic@example.org", "password": "nope"})
    assert bad.status_code == 401 and b"don&#39;t match" in bad.data
    assert client.post("/login", data={"email": "IC@example.org ", "password": PASSWORD}).status_code == 302
    assert client.get("/workshops").status_code == 200


def test_a_new_workshop_starts_on_the_spp_agenda_and_can_be_duplicated_and_archived(app, ic):
    wid = ic.create_workshop(school="Riverside Academy")
    with db.session() as s:
        workshop = s.get(Workshop, wid)
        sections = [a.section for a in workshop.activities]
    assert sections[0].startswith("Part 1") and any(x.startswith("Part 2") for x in sections)
    assert any(x.startswith("Part 3") for x in sections) and sections[-1].startswith("Reporting back")
    assert b"Riverside Academy" in ic.http.get("/workshops").data

    copy = ic.http.post(f"/w/{wid}/duplicate")
    copy_id = int(copy.headers["Location"].split("/w/")[1].split("/")[0])
    with db.session() as s:
        assert len(s.get(Workshop, copy_id).activities) == len(sections)
        assert s.get(Workshop, copy_id).status == "draft"

    assert ic.http.post(f"/w/{wid}/archive").status_code == 302
    listing = ic.http.get("/workshops").data.decode()
    assert listing.count('data-testid="workshop-row"') == 1
    assert "Riverside Academy" in ic.http.get("/workshops?archived=1").data.decode()


def test_details_are_validated_and_saved_through_the_engine(app, ic):
    wid = ic.create_workshop()
    missing = ic.http.post("/workshops/new", data={"school": "  "})
    assert missing.status_code == 400 and b"Enter the host school" in missing.data
    bad_date = ic.http.post(f"/w/{wid}/edit", data={"school": "X", "date": "next tuesday"})
    assert bad_date.status_code == 400
    ok = ic.http.post(f"/w/{wid}/edit", data={"school": "Hillview", "date": "2026-12-01", "focus": "Reading"})
    assert ok.status_code == 302
    with db.session() as s:
        workshop = s.get(Workshop, wid)
        assert (workshop.school, workshop.date.isoformat(), workshop.version) == ("Hillview", "2026-12-01", 1)


def test_other_facilitators_cannot_see_a_workshop(app, ic):
    wid = ic.create_workshop()
    other = Facilitator(app, "other@example.org", "Other")
    assert other.http.get(f"/w/{wid}/run").status_code == 404  # as if it did not exist
    assert other.http.post(f"/w/{wid}/duplicate").status_code == 404
    assert other.http.get(f"/w/{wid}/board").status_code == 404


def test_joining_by_code_and_coming_back_as_the_same_person(app, ic, open_workshop):
    wid = open_workshop
    code = join_code(wid)
    assert len(code) == 8
    phone = app.test_client()
    typed = phone.post("/join", data={"code": f" {code[:3].lower()}-{code[3:]} "})
    assert typed.status_code == 302 and typed.headers["Location"].endswith(f"/j/{code}")
    assert b"Your name (optional)" in phone.get(f"/j/{code}").data
    joined = phone.post(f"/j/{code}", data={"name": "Jo"})
    assert joined.headers["Location"].endswith(f"/w/{wid}/phone")
    cookie = phone.get_cookie(f"wt_{wid}")
    assert cookie.http_only
    assert phone.get(f"/w/{wid}/phone").status_code == 200
    again = phone.get(f"/j/{code}")  # scanning the QR code again: same person, no second join
    assert again.headers["Location"].endswith(f"/w/{wid}/phone")
    with db.session() as s:
        assert s.query(Participant).filter_by(workshop_id=wid).count() == 1


def test_wrong_and_dead_codes_say_so(app, ic, open_workshop):
    phone = app.test_client()
    wrong = phone.post("/join", data={"code": "ZZZZZZ"})
    assert wrong.status_code == 404 and b"doesn&#39;t match an open workshop" in wrong.data
    code = join_code(open_workshop)
    assert ic.step(open_workshop, "workshop.close")["ok"]
    assert phone.get(f"/j/{code}").status_code == 404
    assert app.test_client().get(f"/w/{open_workshop}/phone").status_code == 302
    too_long = app.test_client()
    assert ic.step(open_workshop, "workshop.open")["ok"]
    response = too_long.post(f"/j/{join_code(open_workshop)}", data={"name": "x" * 61})
    assert response.status_code == 400 and b"at most 60 characters" in response.data


def test_reopening_gives_a_fresh_code_unique_among_open_workshops(ic):
    codes = set()
    for _ in range(5):
        wid = ic.create_workshop()
        assert ic.step(wid, "workshop.open")["ok"]
        codes.add(join_code(wid))
    assert len(codes) == 5
    first = join_code(wid)
    assert ic.step(wid, "workshop.close")["ok"] and join_code(wid) is None
    assert ic.step(wid, "workshop.open")["ok"] and join_code(wid) not in (None, first)


def test_user_text_is_escaped_in_pages(app, ic):
    wid = ic.create_workshop(school="<script>alert(1)</script>", focus="<b>bold</b>")
    assert ic.step(wid, "workshop.open")["ok"]
    page = app.test_client().get(f"/j/{join_code(wid)}").data.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<b>bold</b>" not in page
    console = ic.http.get(f"/w/{wid}/run").data.decode()
    assert "<script>alert(1)</script>" not in console


def test_forms_need_a_csrf_token(db_path):
    app = make_app(db_path, WTF_CSRF_ENABLED=True)
    client = app.test_client()
    response = client.post("/setup", data={"name": "P", "email": "p@example.org", "password": PASSWORD})
    assert response.status_code == 400
    with db.session() as s:
        from workshop.accounts import any_user

        assert not any_user(s)


def test_the_board_and_qr_code_need_the_board_key(app, ic, open_workshop):
    wid = open_workshop
    with db.session() as s:
        key = s.get(Workshop, wid).board_key
    anyone = app.test_client()
    assert anyone.get(f"/w/{wid}/board").status_code == 404
    assert anyone.get(f"/w/{wid}/board?key={key}").status_code == 200
    qr = anyone.get(f"/w/{wid}/qr.svg?key={key}")
    assert qr.status_code == 200 and qr.mimetype == "image/svg+xml" and b"<svg" in qr.data
    assert anyone.get(f"/w/{wid}/qr.svg").status_code == 404


def test_the_facilitator_can_read_any_activity_view(app, ic, open_workshop):
    wid = open_workshop
    second = add_wall(ic, wid)
    view = ic.http.get(f"/w/{wid}/activities/{second}/view").get_json()
    assert view["id"] == second and view["tool"] == "idea_wall" and "cards" in view["view"]
    assert app.test_client().get(f"/w/{wid}/activities/{second}/view").status_code == 302


def test_a_removed_phone_is_sent_back_to_the_join_page(app, ic, open_workshop):
    phone = Phone(app, open_workshop, "Jo")
    with db.session() as s:
        pid = s.query(Participant).filter_by(workshop_id=open_workshop).one().id
    assert ic.step(open_workshop, "participant.remove", {"participant": pid})["ok"]
    assert phone.http.get(f"/w/{open_workshop}/phone").status_code == 302
