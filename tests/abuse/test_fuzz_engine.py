"""Fuzzing the engine through the Socket.IO test client: random envelopes of every intent type,
aimed at real and foreign activities, from the facilitator, phones and the board.

Every ack is {ok: true} or a documented error code (never `internal`, never an exception), and
afterwards the event log replays to every activity's stored state and to the control state."""
from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fuzzing import JSONISH, SCALAR, all_intent_types, documented_error_codes, field_names, ids_in
from support import Facilitator, Phone, activities, board, make_app
from workshop import demo, tools
from workshop.extensions import socketio
from workshop.db import db
from workshop.engine import replay, steps
from workshop.models import Workshop
from workshop.tools.base import STAGE_INTENTS, Actor, ToolError

CODES = documented_error_codes() - {"internal"}
ENGINE_KEYS = ["tool", "title", "prompt", "section", "after", "config", "position", "participant", "from", "top",
               "seconds", "ms", "duration", "activity", "school", "date", "focus", "ics", "key_messages", "code",
               "version", "text", "cards"]
KEYS = sorted({*ENGINE_KEYS, *(k for t in tools.REGISTRY.values() for k in field_names(t))})
TYPES = all_intent_types()
STAGE = ["activity.open", "activity.close", "activity.reveal", "activity.conceal", "control.goto"]
ENGINE_FUZZ = settings(max_examples=200, deadline=None, derandomize=True, database=None,
                       suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                              HealthCheck.data_too_large])


def state_ids(workshop_id: int) -> list:
    with db.session() as s:
        ws = s.get(Workshop, workshop_id)
        return ids_in([a.state for a in ws.activities])[:200]


def pick(data, pool: list, label: str):
    """One of the pool, drawn as an index: the same draws whatever the pool holds (the database
    changes between examples, and hypothesis needs to replay draws)."""
    n = data.draw(st.integers(0, 999), label=label)
    return pool[n % len(pool)] if pool else None


def choose(data, label: str, *options):
    """One of the options, the first ones likelier (hypothesis favours small numbers)."""
    n = data.draw(st.integers(0, len(options) + 2), label=label)
    return options[n if n < len(options) else 0]()


# Each intent's own field names: the server refuses unknown fields (bad_request), so payloads built
# only from every tool's names would almost never get past that check to the reducers.
# The stage steps take none: their payload is {} (random keys would only ever be refused).
OWN_KEYS = {kind: sorted(keys) for tool in tools.REGISTRY.values()
            for kind, keys in getattr(tool, "PAYLOAD_KEYS", {}).items()} | {
    kind: sorted(keys) for kind, keys in steps.WORKSHOP_KEYS.items()} | {kind: [] for kind in STAGE_INTENTS}


def keys_from(data, names: list[str]) -> list[str]:
    """Up to six of the names, drawn as indexes like `pick`: the same draws whichever intent (and so
    whichever list of names) the state led to. Drawing from the list itself made the shape of the
    draws depend on the database, which hypothesis reports as a flaky strategy."""
    chosen: list[str] = []
    for _ in range(data.draw(st.integers(0, 6), label="key count")):
        key = pick(data, names, "key")
        if key is not None and key not in chosen:
            chosen.append(key)
    return chosen


def envelope(data, ours: list[int], theirs: list[int], ids: list, kinds: dict[int, list[str]]) -> object:
    activity = choose(data, "activity", lambda: pick(data, ours, "ours"), lambda: pick(data, theirs, "theirs"),
                      lambda: None, lambda: data.draw(SCALAR, label="activity"))
    kind = choose(data, "type", lambda: pick(data, kinds.get(activity) or TYPES, "type"),
                  lambda: pick(data, TYPES, "type"),
                  lambda: data.draw(st.text(max_size=20), label="type"))
    names = choose(data, "names", lambda: OWN_KEYS[kind] if kind in OWN_KEYS else KEYS, lambda: KEYS)
    fields = {}
    for key in keys_from(data, names):
        fields[key] = choose(data, "shape", lambda: pick(data, ids, "an id"),
                             lambda: data.draw(SCALAR, label="v"), lambda: pick(data, ours + theirs, "an activity"),
                             lambda: [pick(data, ids, "an id") for _ in range(data.draw(st.integers(0, 9), label="n"))],
                             lambda: data.draw(JSONISH, label="v"))
    body = choose(data, "payload", lambda: fields,
                  lambda: data.draw(st.dictionaries(st.text(max_size=8), JSONISH, max_size=3), label="junk"),
                  lambda: data.draw(SCALAR, label="junk"),
                  lambda: {})  # what undo, the stage steps and the timer's controls take
    intent = {"intent_id": choose(data, "intent_id",
                                  lambda: data.draw(st.from_regex(r"[A-Za-z0-9_-]{8,20}", fullmatch=True), label="id"),
                                  lambda: data.draw(JSONISH, label="id")),
              "type": kind, "activity": activity, "payload": body}
    return choose(data, "envelope", lambda: intent, lambda: {k: v for k, v in intent.items() if k != "type"},
                  lambda: {**intent, "extra": 1}, lambda: data.draw(JSONISH, label="raw"))


def logged_steps(workshop_id: int) -> list[dict]:
    """The demo's own steps, as they were sent: resent (by anyone, to anywhere the draw picks), they
    reach real changes in every tool whatever the pool of random types holds. Without them, whether
    the derandomized draws ever got past the checks was luck: each new intent type reshuffled them."""
    from sqlalchemy import select

    from workshop.models import Event

    with db.session() as s:
        rows = s.scalars(select(Event).where(Event.workshop_id == workshop_id, Event.type.in_(TYPES))
                         .order_by(Event.version)).all()
        return [{"type": e.type, "activity": e.activity_id, "payload": e.payload} for e in rows]


def resent(data, steps_sent: list[dict]) -> dict:
    step = pick(data, steps_sent, "a logged step")
    return {**step, "intent_id": data.draw(st.from_regex(r"[A-Za-z0-9_-]{8,20}", fullmatch=True), label="id")}


def check_replay(workshop_id: int) -> None:
    with db.session() as s:
        ws = s.get(Workshop, workshop_id)
        assert replay.control(s, ws) == ws.control
        for act in ws.activities:
            try:
                again = replay.activity(s, act)
            except ToolError as exc:
                raise AssertionError(f"activity {act.id} ({act.tool}) does not replay: {exc.message}\n"
                                     + _log(s, act)) from None
            assert json.dumps(again, sort_keys=True) == json.dumps(act.state, sort_keys=True), \
                f"activity {act.id} ({act.tool}) replays to another state\n" + _log(s, act)


def _log(s, act) -> str:
    """The activity's log up to the first event that no longer applies, for the failure message."""
    from sqlalchemy import select

    from workshop.models import Event

    rows = s.scalars(select(Event).where(Event.workshop_id == act.workshop_id, Event.activity_id == act.id,
                                         Event.undone.is_(False)).order_by(Event.version)).all()
    state, shown = tools.get(act.tool).initial_state(act.config), []
    for e in rows:
        shown.append(f"  v{e.version} {e.actor} {e.type} {json.dumps(e.payload)[:300]}")
        if e.type.startswith(replay.NOT_TOOL_STATE) or e.type == "activity.import":
            continue
        actor = Actor("participant", int(e.actor[1:])) if e.actor.startswith("p") else Actor("facilitator")
        try:
            state = tools.apply(act.tool, state, {"type": e.type, "payload": e.payload, "at": e.at,
                                                  "seq": e.version}, actor)
        except ToolError as exc:
            shown.append(f"  ^ fails on replay: {exc.code}: {exc.message}")
            break
    return "\n".join(shown[-10:])


def test_random_envelopes_get_a_documented_ack_and_the_log_replays(db_path):
    app = make_app(db_path, SOCKET_LIMITS={"participant": "100000 per second", "board": "100000 per second",
                                           "facilitator": "100000 per second"})
    with app.test_request_context():
        seeded = demo.seed()  # every tool, with real contributions to aim at
    wid = seeded["workshop"]
    ic_http = app.test_client()
    assert ic_http.post("/login", data={"email": seeded["email"], "password": seeded["password"]}).status_code == 302
    other = Facilitator(app, "other@example.org", "Other IC")
    theirs = activities(other.create_workshop(school="Other School"))
    senders = {"facilitator": socketio.test_client(app, flask_test_client=ic_http,
                                                   auth={"workshop": wid, "role": "facilitator"}),
               "phone 1": Phone(app, wid, "Sam").socket, "phone 2": Phone(app, wid, None).socket,
               "board": board(app, wid)}
    logged = logged_steps(wid)
    seen_ok: set[str] = set()
    errors: dict[str, int] = {}

    @ENGINE_FUZZ
    @given(data=st.data())
    def run(data):
        ours = activities(wid)
        ids = state_ids(wid)
        with db.session() as s:
            kinds = {a.id: sorted(getattr(tools.get(a.tool), "HANDLERS", {})) + STAGE + ["activity.import"]
                     for a in s.get(Workshop, wid).activities}
        for _ in range(data.draw(st.integers(1, 12), label="count")):
            who = choose(data, "who", *(lambda w=w: w for w in ("facilitator", "phone 1", "phone 2", "board")))
            raw = choose(data, "source", lambda: envelope(data, ours, theirs, ids, kinds), lambda: resent(data, logged))
            ack = senders[who].emit("intent", raw, callback=True)
            assert isinstance(ack, dict), ack
            if ack.get("ok"):
                assert isinstance(ack["version"], int)
                seen_ok.add(raw["type"])
            else:
                errors[ack["error"]] = errors.get(ack["error"], 0) + 1
                assert ack["error"] in CODES, (who, raw, ack)
                assert isinstance(ack["message"], str) and ack["message"]
        check_replay(wid)

    run()
    check_replay(wid)
    assert len(seen_ok) >= 12, (seen_ok, errors)  # the fuzz reached real changes, not only refusals
