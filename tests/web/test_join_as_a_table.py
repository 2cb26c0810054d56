"""Joining as a table (issue 12): one phone for the people at a flip chart gives the table's name
and how many sit at it; bad names and head counts get a clear error and nothing is written."""
from __future__ import annotations

import pytest
from support import join_code

from workshop.db import db
from workshop.models import Event, Participant


def participants_of(wid):
    with db.session() as s:
        return [(p.name, p.kind, p.head_count) for p in s.query(Participant).filter_by(workshop_id=wid)
                .order_by(Participant.id)]


def test_the_join_page_offers_just_me_or_a_table(app, ic, open_workshop):
    page = app.test_client().get(f"/j/{join_code(open_workshop)}").data.decode()
    assert "Just me" in page and "A table" in page
    assert 'name="table_name"' in page and 'name="head_count"' in page
    assert 'min="2"' in page and 'max="20"' in page and 'maxlength="30"' in page


def test_a_table_joins_with_its_name_and_head_count(app, ic, open_workshop):
    wid = open_workshop
    phone = app.test_client()
    joined = phone.post(f"/j/{join_code(wid)}", data={"kind": "table", "table_name": "  Table   3 ", "head_count": "6",
                                                      "name": "ignored"})
    assert joined.status_code == 302 and joined.headers["Location"].endswith(f"/w/{wid}/phone")
    assert participants_of(wid) == [("Table 3", "table", 6)]
    page = phone.get(f"/w/{wid}/phone").data.decode()
    assert '"kind": "table"' in page and '"head_count": 6' in page
    with db.session() as s:
        event = s.query(Event).filter_by(workshop_id=wid, type="participant.join").one()
        assert event.payload == {"name": "Table 3", "kind": "table", "head_count": 6}
    # a person still joins as before: kind person, one head
    app.test_client().post(f"/j/{join_code(wid)}", data={"name": "Jo", "table_name": "x", "head_count": "9"})
    assert participants_of(wid)[1] == ("Jo", "person", 1)


@pytest.mark.parametrize("head_count", ["1", "21", "0", "-3", "six", "", "2.5", "1e1"])
def test_a_bad_head_count_is_refused_clearly_and_nobody_joins(app, ic, open_workshop, head_count):
    wid = open_workshop
    response = app.test_client().post(f"/j/{join_code(wid)}",
                                      data={"kind": "table", "table_name": "Table 3", "head_count": head_count})
    assert response.status_code == 400
    assert b"a whole number from 2 to 20" in response.data
    assert b'value="Table 3"' in response.data  # what was typed stays in the form
    assert participants_of(wid) == []


@pytest.mark.parametrize(("name", "message"), [("", b"Give the table a name"), ("   ", b"Give the table a name"),
                                               ("T" * 31, b"at most 30 characters")])
def test_a_table_needs_a_short_name(app, ic, open_workshop, name, message):
    wid = open_workshop
    response = app.test_client().post(f"/j/{join_code(wid)}", data={"kind": "table", "table_name": name, "head_count": "5"})
    assert response.status_code == 400 and message in response.data
    assert participants_of(wid) == []


def test_two_tables_present_cannot_share_a_name(app, ic, open_workshop):
    wid = open_workshop
    first = app.test_client()
    assert first.post(f"/j/{join_code(wid)}", data={"kind": "table", "table_name": "Table 3", "head_count": "5"}).status_code == 302
    twin = app.test_client().post(f"/j/{join_code(wid)}", data={"kind": "table", "table_name": "table 3", "head_count": "4"})
    assert twin.status_code == 400 and b"already joined" in twin.data
    # once the facilitator removes the old one, the name is free again
    with db.session() as s:
        old = s.query(Participant).filter_by(workshop_id=wid).one().id
    assert ic.step(wid, "participant.remove", {"participant": old})["ok"]
    again = app.test_client().post(f"/j/{join_code(wid)}", data={"kind": "table", "table_name": "Table 3", "head_count": "4"})
    assert again.status_code == 302


def test_the_backup_keeps_a_table_and_the_weight_of_its_votes(app, ic, open_workshop):
    import json

    from support import add_activity, intent, start

    from workshop.engine import service
    from workshop.engine.envelope import Principal
    from workshop.models import User
    from workshop.record import backup

    wid = open_workshop
    app.test_client().post(f"/j/{join_code(wid)}", data={"kind": "table", "table_name": "Table 3", "head_count": "6"})
    with db.session() as s:
        table = s.query(Participant).filter_by(workshop_id=wid).one().id
    dots = add_activity(ic, wid, "dotocracy", "Vote", {"items": ["A", "B"]})
    start(ic, wid, dots)
    ack = service.submit(wid, Principal("participant", participant_id=table), intent("dots.place", {"item": "c0-1"}, dots))
    assert ack["ok"], ack
    original = json.loads(ic.http.get(f"/w/{wid}/record.json").data)
    assert original["participants"] == [{"ref": 1, "name": "Table 3", "joined_at": original["participants"][0]["joined_at"],
                                         "removed": False, "kind": "table", "head_count": 6}]
    placed = [e for e in original["events"] if e["type"] == "dots.place"]
    assert [e.get("weight") for e in placed] == [6]
    assert all("weight" not in e for e in original["events"] if e["type"] != "dots.place")
    with db.session(write=True) as s:
        restored = backup.import_workshop(s, backup.loads(json.dumps(original).encode()), s.get(User, ic.user.id))
    again = json.loads(ic.http.get(f"/w/{restored.id}/record.json").data)
    for part in ("participants", "events", "activities"):  # (the workshop itself comes back closed)
        assert again[part] == original[part]
