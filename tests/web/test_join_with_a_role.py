"""Attendees' roles (issue 13): a person joining from a phone may give a role with their name
("Head of science"); it is kept only beside a name, never for a table, and the record's
attendees list it as "Jo (Head of science)". The JSON backup carries it, checked as the join does."""
from __future__ import annotations

import json

import pytest
from support import join_code

from workshop.db import db
from workshop.engine.limits import client_limits
from workshop.models import Event, Participant, User
from workshop.record import backup, sections
from workshop.record.build import build as record_of

LONGEST = client_limits()["participant"]["role"]


def people_of(wid):
    with db.session() as s:
        return [(p.name, p.kind, p.role) for p in s.query(Participant).filter_by(workshop_id=wid).order_by(Participant.id)]


def attendees(wid) -> list[str]:
    with db.session() as s:
        return sections.attendees_text(record_of(s, wid))


def test_the_join_page_asks_for_a_role_under_the_name_with_the_servers_limit(app, ic, open_workshop):
    page = app.test_client().get(f"/j/{join_code(open_workshop)}").data.decode()
    assert "Your role (optional)" in page and f'name="role" maxlength="{LONGEST}"' in page
    assert page.index('name="name"') < page.index('name="role"') < page.index('name="table_name"')
    assert "Kept only if you give your name too." in page


def test_a_person_joins_with_a_role_and_the_record_lists_it_beside_their_name(app, ic, open_workshop):
    wid = open_workshop
    joined = app.test_client().post(f"/j/{join_code(wid)}", data={"name": "Jo", "role": "  Head of   science "})
    assert joined.status_code == 302 and joined.headers["Location"].endswith(f"/w/{wid}/phone")
    app.test_client().post(f"/j/{join_code(wid)}", data={"name": "Sam"})
    app.test_client().post(f"/j/{join_code(wid)}", data={"kind": "table", "table_name": "Science table",
                                                        "head_count": "5", "role": "SENCo"})
    assert people_of(wid) == [("Jo", "person", "Head of science"), ("Sam", "person", None),
                              ("Science table", "table", None)]  # a table has no role
    with db.session() as s:
        logged = [e.payload for e in s.query(Event).filter_by(workshop_id=wid, type="participant.join").order_by(Event.version)]
    assert logged == [{"name": "Jo", "role": "Head of science"}, {"name": "Sam"},
                      {"name": "Science table", "kind": "table", "head_count": 5}]
    assert "Named: Jo (Head of science), Sam, Science table (5)." in attendees(wid)


def test_a_role_without_a_name_is_dropped(app, ic, open_workshop):
    wid = open_workshop
    # even one too long: it is never kept, so it is never refused either
    for role in ("SENCo", "x" * (LONGEST + 1)):
        assert app.test_client().post(f"/j/{join_code(wid)}", data={"name": "  ", "role": role}).status_code == 302
    assert people_of(wid) == [(None, "person", None), (None, "person", None)]
    with db.session() as s:
        assert all("role" not in e.payload for e in s.query(Event).filter_by(workshop_id=wid, type="participant.join"))
    assert attendees(wid)[1:] == ["2 people took part without giving a name."]


def test_a_role_too_long_is_refused_and_the_form_keeps_what_was_typed(app, ic, open_workshop):
    wid = open_workshop
    typed = "R" * (LONGEST + 1)
    response = app.test_client().post(f"/j/{join_code(wid)}", data={"name": "Jo", "role": typed})
    assert response.status_code == 400
    page = response.data.decode()
    assert f"A role can be at most {LONGEST} characters." in page
    assert 'value="Jo"' in page and f'value="{typed}"' in page
    assert people_of(wid) == []
    # exactly the limit is fine
    assert app.test_client().post(f"/j/{join_code(wid)}", data={"name": "Jo", "role": "R" * LONGEST}).status_code == 302


def test_a_resent_form_is_the_same_person_with_the_first_role(app, ic, open_workshop):
    wid = open_workshop
    form = app.test_client().get(f"/j/{join_code(wid)}").data.decode()
    key = form.split('name="join_key" value="')[1].split('"')[0]
    first = app.test_client().post(f"/j/{join_code(wid)}", data={"name": "Jo", "role": "TA", "join_key": key})
    again = app.test_client().post(f"/j/{join_code(wid)}", data={"name": "Jo B", "role": "SENCo", "join_key": key})
    assert first.status_code == again.status_code == 302
    assert first.headers["Set-Cookie"].split(";")[0] == again.headers["Set-Cookie"].split(";")[0]
    assert people_of(wid) == [("Jo", "person", "TA")]  # the name is kept as it was, and so is the role


def test_the_phone_and_the_board_never_carry_the_role(app, ic, open_workshop):
    wid = open_workshop
    phone = app.test_client()
    phone.post(f"/j/{join_code(wid)}", data={"name": "Jo", "role": "Head of science"})
    assert "Head of science" not in phone.get(f"/w/{wid}/phone").data.decode()


def test_the_backup_keeps_roles_and_checks_them_as_the_join_does(app, ic, open_workshop):
    wid = open_workshop
    app.test_client().post(f"/j/{join_code(wid)}", data={"name": "Jo", "role": "Head of science"})
    app.test_client().post(f"/j/{join_code(wid)}", data={"name": "Sam"})
    original = json.loads(ic.http.get(f"/w/{wid}/record.json").data)
    assert [(p["name"], p.get("role")) for p in original["participants"]] == [("Jo", "Head of science"), ("Sam", None)]
    assert "role" not in original["participants"][1]  # an entry without one stays as it was

    def restore(doc):
        with db.session(write=True) as s:
            return backup.import_workshop(s, backup.loads(json.dumps(doc).encode()), s.get(User, ic.user.id)).id

    restored = restore(original)
    again = json.loads(ic.http.get(f"/w/{restored}/record.json").data)
    assert again["participants"] == original["participants"]
    assert "Named: Jo (Head of science), Sam." in attendees(restored)

    # A role beside no name (or on a table) is dropped, as on the join form; one too long or not text refused.
    edited = json.loads(json.dumps(original))
    edited["participants"][0]["name"] = None
    edited["participants"][1].update(kind="table", head_count=4, role="SENCo")
    dropped = restore(edited)
    assert [p.get("role") for p in json.loads(ic.http.get(f"/w/{dropped}/record.json").data)["participants"]] == [None, None]
    for bad, message in (("R" * (LONGEST + 1), f"A role can be at most {LONGEST} characters"), (7, "A role is text")):
        broken = json.loads(json.dumps(original))
        broken["participants"][0]["role"] = bad
        with pytest.raises(backup.BackupError, match=f"participant 1: {message}"):
            restore(broken)
