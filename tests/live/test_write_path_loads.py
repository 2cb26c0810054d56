"""The per-intent path reads only what the intent needs (docs/performance.md): applying an intent
to one activity decodes and writes that activity's JSON state alone, a push decodes only the
current activity's, and the push right after a change reuses the state the change made."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import event, select

from support import Phone, add_wall, board, intent, states, walls as walls_of
from workshop.db import db
from workshop.engine import push, service, views
from workshop.engine.envelope import Principal
from workshop.models import Activity, Participant

CARDS = 30  # per wall; enough to tell the walls apart, the size does not matter here


class Reads:
    """What the database gave back and was told, while `on`: each activity state decoded from
    JSON (told apart by their cards' text), the Activity rows loaded, the UPDATE statements."""

    def __init__(self):
        self.on, self.states, self.loaded, self.updates = False, [], [], []


@pytest.fixture
def reads(app, db_path):
    """A fresh engine whose JSON decoder is watched (set before its first query: SQLAlchemy keeps
    a column's decoder once it has built it)."""
    db.configure(f"sqlite:///{db_path}")
    seen = Reads()

    def loads(text):
        value = json.loads(text)
        if seen.on and isinstance(value, dict) and "cards" in value:
            seen.states.append({c["text"].split(":")[0] for c in value["cards"]})
        return value

    def loaded(target, _context):
        if seen.on:
            seen.loaded.append(target.id)

    def executed(_conn, _cursor, sql, *_args):
        if seen.on and sql.startswith("UPDATE activities"):
            seen.updates.append(sql)

    db.engine.dialect._json_deserializer = loads  # what create_engine(json_deserializer=...) sets
    event.listen(Activity, "load", loaded)
    event.listen(db.engine, "before_cursor_execute", executed)
    yield seen
    event.remove(Activity, "load", loaded)
    event.remove(db.engine, "before_cursor_execute", executed)


@pytest.fixture
def three_walls(reads, ic, open_workshop):
    """The workshop's first wall (current, open) and two more, each with CARDS cards "wN: ..."."""
    wid = open_workshop
    first = walls_of(wid)[0]
    others = [add_wall(ic, wid, f"Wall {n}") for n in (2, 3)]
    for n, wall in enumerate([first, *others], 1):
        for k in range(CARDS):
            assert ic.step(wid, "idea.add", {"text": f"w{n}: idea {k}"}, activity=wall)["ok"]
    return wid, [first, *others]


def test_an_idea_decodes_and_writes_only_its_own_wall(app, reads, three_walls):
    wid, walls = three_walls
    phone = Phone(app, wid, "Sam")
    principal = Principal("participant", participant_id=_participant(wid))
    reads.on = True
    ack = service.submit(wid, principal, intent("idea.add", {"text": "w1: one more"}, walls[0]))
    reads.on = False
    assert ack["ok"] and not ack["duplicate"]
    # decoded once, by the write; the push that followed reused the state it made
    assert reads.states == [{"w1"}]
    assert reads.loaded == [walls[0]]
    assert len(reads.updates) == 1
    assert states(phone.socket)[-1]["version"] == ack["version"]


def test_a_resent_intent_reads_only_its_own_activity(app, reads, three_walls):
    wid, walls = three_walls
    Phone(app, wid, "Sam")
    principal = Principal("participant", participant_id=_participant(wid))
    raw = intent("idea.add", {"text": "w1: once"}, walls[0])
    first = service.submit(wid, principal, raw)
    reads.on = True
    again = service.submit(wid, principal, raw)
    reads.on = False
    assert again == {**first, "duplicate": True}
    assert reads.loaded == [walls[0]] and reads.states == [{"w1"}] and reads.updates == []


def _apply(wid, ic, kind, payload, activity=None):
    """The write alone (no push), as the service runs it."""
    with service._workshop_lock(wid):
        service._apply_once(wid, Principal("facilitator", user_id=ic.user.id),
                            service.envelope.parse(intent(kind, payload, activity)))


@pytest.mark.parametrize("kind, payload", [("control.goto", {"activity": -1}), ("timer.start", {"seconds": 60}),
                                           ("undo", {})])
def test_workshop_steps_decode_no_activity_state(app, ic, reads, three_walls, kind, payload):
    wid, walls = three_walls
    if kind == "undo":
        assert ic.step(wid, "control.goto", {"activity": walls[2]})["ok"]
    reads.on = True
    _apply(wid, ic, kind, {"activity": walls[1]} if kind == "control.goto" else payload)
    reads.on = False
    if kind == "timer.start":
        assert reads.states == [] and reads.loaded == [] and reads.updates == []
    else:  # moving on closes the open wall it leaves (and undo reopens it): that one wall only
        assert reads.states == [{"w1"}] and reads.loaded == [walls[0]] and len(reads.updates) == 1


def test_moving_on_from_a_closed_activity_decodes_no_state(app, ic, reads, three_walls):
    wid, walls = three_walls
    assert ic.step(wid, "activity.close", activity=walls[0])["ok"]
    reads.on = True
    _apply(wid, ic, "control.goto", {"activity": walls[1]})
    reads.on = False
    assert reads.states == [] and reads.loaded == []


def test_moving_an_activity_reads_the_others_ids_and_positions_only(app, ic, reads, three_walls):
    wid, walls = three_walls
    before = [a for a in _agenda_ids(wid) if a != walls[2]]
    reads.on = True
    _apply(wid, ic, "agenda.move", {"position": 0}, walls[2])
    reads.on = False
    assert _agenda_ids(wid) == [walls[2], *before]
    assert reads.states == [{"w3"}]  # the activity the step names, whole
    assert reads.updates and all(sql.startswith("UPDATE activities SET position=") for sql in reads.updates)


def _agenda_ids(wid: int) -> list[int]:
    with db.session() as s:
        return list(s.scalars(select(Activity.id).where(Activity.workshop_id == wid).order_by(Activity.position)))


def test_a_push_decodes_only_the_current_activity(app, ic, reads, three_walls):
    wid, walls = three_walls
    assert ic.step(wid, "activity.open", activity=walls[2])["ok"]
    assert ic.step(wid, "activity.reveal", activity=walls[1])["ok"]
    reads.on = True
    snap = push.snapshot(wid)
    reads.on = False
    assert reads.states == [{"w1"}] and reads.loaded == []
    agenda = {a["id"]: (a["open"], a["revealed"]) for a in views.state_for(snap, "facilitator", 0)["agenda"]}
    with db.session() as s:
        assert agenda == {a.id: (a.state["open"], a.state["revealed"])
                          for a in s.query(Activity).filter_by(workshop_id=wid)}
    assert agenda[walls[0]] == (True, False) and agenda[walls[1]] == (False, True) and agenda[walls[2]] == (True, False)


def test_a_fresh_state_is_used_only_at_its_version(app, reads, three_walls):
    wid, walls = three_walls
    with db.session() as s:
        stored = s.get(Activity, walls[0]).state
    version = push.snapshot(wid).workshop.version
    made = {**stored}
    assert push.snapshot(wid, fresh=views.Fresh(version, walls[0], made)).current.state is made
    older = {**stored, "cards": []}  # what a change before the last one made: not what is committed now
    assert push.snapshot(wid, fresh=views.Fresh(version - 1, walls[0], older)).current.state == stored
    assert push.snapshot(wid, fresh=views.Fresh(version, walls[1], older)).current.state == stored


def test_pushed_states_are_what_the_database_holds(app, ic, open_workshop):
    """The push right after each change uses the state the change made; it must equal the state
    read back from the database, for every audience."""
    wid = open_workshop
    wall = walls_of(wid)[0]
    phone, screen, console = Phone(app, wid, "Sam"), board(app, wid), ic.socket(wid)

    def step(who, kind, payload) -> str:
        """Apply one change; every screen's last `state` must be the database's state then."""
        if who is ic:
            ack = ic.step(wid, kind, payload, activity=wall)
        else:
            ack = who.socket.emit("intent", intent(kind, payload, wall), callback=True)
        assert ack["ok"], (kind, ack)
        snap = push.snapshot(wid)
        for role, client in (("participant", phone.socket), ("board", screen), ("facilitator", console)):
            got = states(client)[-1]
            snap.join_url = got["workshop"]["join_url"]  # taken from the request, not the database
            assert got == json.loads(json.dumps(views.state_for(snap, role, got["server_now"]))), (kind, role)
        return f"c{ack['version']}"

    first = step(phone, "idea.add", {"text": "Ask the SENCo"})
    second = step(phone, "idea.add", {"text": "Peer observation"})
    step(phone, "idea.edit", {"card": first, "text": "Ask the SENCo first"})
    step(ic, "idea.merge", {"card": second, "into": first})
    step(ic, "idea.hide", {"card": first})
    step(ic, "activity.reveal", {})


def _participant(wid: int) -> int:
    with db.session() as s:
        return s.scalar(select(Participant.id).where(Participant.workshop_id == wid).order_by(Participant.id.desc()))
