"""Attendees' roles over the socket (issue 13): the facilitator adds a paper participant with an
optional role; the console's people carry each named person's role, and the board, phones and
activities never do (every message here is checked against docs/protocol.schema.json)."""
from __future__ import annotations

from support import Phone, Seen, board, join_code, send

from workshop.db import db
from workshop.extensions import socketio
from workshop.engine.limits import client_limits
from workshop.models import Event, Participant
from workshop.record import sections
from workshop.record.build import build as record_of

LONGEST = client_limits()["participant"]["role"]


def test_a_paper_participant_may_have_a_role_and_only_the_console_sees_roles(app, ic, open_workshop):
    wid = open_workshop
    console, screen = Seen(ic.socket(wid)), Seen(board(app, wid))
    jo_http = app.test_client()
    jo_http.post(f"/j/{join_code(wid)}", data={"name": "Jo", "role": "Head of science"})
    jo = Seen(socketio.test_client(app, flask_test_client=jo_http, auth={"workshop": wid, "role": "participant"}))
    Phone(app, wid, "Sam")

    ack = send(console.client, "participant.add_paper", {"name": "Pat Lowe", "role": "  Teaching   assistant "})
    assert ack["ok"], ack
    pat = ack["created"][0]
    plain = send(console.client, "participant.add_paper", {"name": "Alex Moss", "role": "  "})["created"][0]
    people = {p["name"]: p for p in console.state()["participants"]}
    assert people["Jo"]["role"] == "Head of science" and people["Pat Lowe"]["role"] == "Teaching assistant"
    assert "role" not in people["Sam"] and "role" not in people["Alex Moss"]
    with db.session() as s:
        assert s.get(Participant, plain).role is None
        logged = {e.actor: e.payload for e in s.query(Event).filter_by(workshop_id=wid, type="participant.join")}
    assert logged[f"p{pat}"] == {"name": "Pat Lowe", "kind": "paper", "role": "Teaching assistant"}
    assert logged[f"p{plain}"] == {"name": "Alex Moss", "kind": "paper"}

    # Roles go where names go on the console only: never to the board or a phone (not even their own).
    assert "Head of science" in console.text()
    for seen in (screen, jo):
        assert seen.state()["workshop"]["participant_count"] == 4
        assert "Head of science" not in seen.text() and "Teaching assistant" not in seen.text()

    for bad, code in (({"name": "Kim", "role": "R" * (LONGEST + 1)}, "too_long"), ({"name": "Kim", "role": 7}, "bad_request"),
                      ({"role": "TA"}, "empty")):
        refused = send(console.client, "participant.add_paper", bad)
        assert refused["error"] == code, (bad, refused)
    assert send(console.client, "participant.add_paper", {"name": "Kim", "role": "R" * LONGEST})["ok"]
    assert len(console.state()["participants"]) == 5
    with db.session() as s:
        named = sections.attendees_text(record_of(s, wid))[1]
    assert named == (f"Named: Jo (Head of science), Sam, Pat Lowe (Teaching assistant), Alex Moss, Kim ({'R' * LONGEST}).")
