"""Who may do what: every facilitator-only intent (the engine's and every tool's) is refused to a
participant and to a board; nobody reaches into another workshop."""
from __future__ import annotations

import json
import re

import pytest

from refusals import refusals  # noqa: F401  (fixture)
from support import Facilitator, Phone, activities, board, join_code, make_app, send
from workshop import tools
from workshop.db import db
from workshop.engine import control, steps
from workshop.models import Workshop
from workshop.tools import base
from workshop.tools.base import Actor, ToolError

ENGINE_ONLY = sorted(set(steps.WORKSHOP_STEPS) | set(base.STAGE_INTENTS) | set(control.CONTROL_TYPES))


def facilitator_only(tool) -> set[str]:
    """The tool's FACILITATOR_ONLY when it declares one, and every handler that refuses a
    participant before looking at the payload."""
    declared = set(getattr(tool, "FACILITATOR_ONLY", set()))
    state = tool.initial_state({})
    state = {**state, "open": True}
    refused = set()
    for kind in getattr(tool, "HANDLERS", {}):
        try:
            tool.apply(state, {"type": kind, "payload": {}, "at": 1, "seq": 2}, Actor("participant", 1, "P"))
        except ToolError as exc:
            if exc.code == "forbidden":
                refused.add(kind)
    return declared | refused


def snapshot(workshop_id: int) -> str:
    with db.session() as s:
        ws = s.get(Workshop, workshop_id)
        return json.dumps([ws.version, ws.status, ws.control, [(a.id, a.title, a.state) for a in ws.activities]],
                          sort_keys=True, default=str)


@pytest.fixture
def app(db_path):
    """The matrix sends hundreds of refused intents from one phone: no rate limit in the way."""
    return make_app(db_path, SOCKET_LIMITS={role: "100000 per second" for role in ("participant", "board",
                                                                                  "facilitator")})


@pytest.fixture
def room(app, ic):
    """An open workshop with one activity of every tool, the first current and open."""
    wid = ic.create_workshop()
    assert ic.step(wid, "workshop.open")["ok"]
    by_tool = {}
    for name in tools.REGISTRY:
        ack = ic.step(wid, "agenda.add", {"tool": name, "title": f"{name} here", "prompt": "?", "after": None})
        assert ack["ok"], ack
        by_tool[name] = activities(wid)[-1]
    return wid, by_tool


def test_declared_facilitator_intents_refuse_participants_before_anything_else():
    for tool in tools.REGISTRY.values():
        assert set(getattr(tool, "FACILITATOR_ONLY", set())) <= facilitator_only(tool), tool.name


def test_participants_and_boards_cannot_send_any_facilitator_intent(app, ic, room):
    wid, by_tool = room
    phone, screen = Phone(app, wid, "Sam"), board(app, wid)
    for name, activity in by_tool.items():
        assert ic.step(wid, "control.goto", {"activity": activity})["ok"]
        ic.step(wid, "activity.open", activity=activity)  # diamond nine may refuse: fine, still tested
        before = snapshot(wid)
        for kind in sorted(facilitator_only(tools.get(name))):
            ack = send(phone.socket, kind, {}, activity)
            assert not ack["ok"] and ack["error"] in {"forbidden", "closed"}, (name, kind, ack)
            assert send(screen, kind, {}, activity)["error"] == "forbidden"
        assert snapshot(wid) == before, name
    before = snapshot(wid)
    first = next(iter(by_tool.values()))
    for kind in ENGINE_ONLY:
        payload = {"activity": first, "tool": "idea_wall", "title": "x", "from": first, "participant": 1,
                   "seconds": 60, "position": 0, "school": "Taken over"}
        activity = None if kind in control.CONTROL_TYPES or kind.startswith(("workshop.", "record.")) else first
        ack = send(phone.socket, kind, payload, activity)
        # activity.* on an activity that is not the current one is refused as `closed` first.
        allowed = {"forbidden", "closed"} if kind in base.STAGE_INTENTS else {"forbidden"}
        assert ack["ok"] is False and ack["error"] in allowed, (kind, ack)
        assert send(screen, kind, payload, activity)["error"] == "forbidden", kind
    assert snapshot(wid) == before


def test_a_participant_cannot_touch_another_workshop(app, ic):
    a, b = ic.create_workshop(school="School A"), ic.create_workshop(school="School B")
    for wid in (a, b):
        assert ic.step(wid, "workshop.open")["ok"]
        first = activities(wid)[0]
        assert ic.step(wid, "control.goto", {"activity": first})["ok"]
        assert ic.step(wid, "activity.open", activity=first)["ok"]
    phone = Phone(app, a, "Sam")
    before = snapshot(b)
    for activity in activities(b):  # intents naming B's activities over A's connection
        ack = send(phone.socket, "idea.add", {"text": "from A"}, activity)
        assert not ack["ok"] and ack["error"] in {"not_found", "unknown_intent", "closed"}, ack
    assert snapshot(b) == before
    # A's token, or A's cookie, does not open B.
    from workshop.extensions import socketio

    for auth in ({"workshop": b, "role": "participant", "token": phone.token}, {"workshop": b, "role": "participant"}):
        other = socketio.test_client(app, flask_test_client=phone.http, auth=auth)
        assert not other.is_connected()
    assert phone.http.get(f"/w/{b}/phone").status_code == 302  # back to the join page
    # The board key of A does not show B.
    with db.session() as s:
        key_a = s.get(Workshop, a).board_key
    assert app.test_client().get(f"/w/{b}/board?key={key_a}").status_code == 404
    assert not socketio.test_client(app, auth={"workshop": b, "role": "board", "key": key_a}).is_connected()
    assert join_code(a) != join_code(b)


MISSING = 2**31 - 1  # a valid id no workshop has


def answer(response) -> tuple:
    """What a request tells its sender: status, where it redirects, and the page (but for the
    sign-out form's CSRF token, signed with the time)."""
    page = re.sub(r'name="csrf_token" value="[^"]+"', "", response.data.decode())
    return response.status_code, response.headers.get("Location"), page


def test_another_facilitators_workshop_answers_exactly_as_a_missing_one(app, ic, refusals):
    """Every route with a workshop id, and the socket: someone else's workshop is 404, word for
    word what an id no workshop has gets, so ids can't be probed for which workshops exist."""
    wid = ic.create_workshop()
    assert ic.step(wid, "workshop.open")["ok"]
    activity = activities(wid)[0]
    other = Facilitator(app, "other@example.org", "Other IC")
    other.create_workshop(school="Their own")  # an account that runs workshops, just not this one
    urls = []
    for rule in app.url_map.iter_rules():
        if "workshop_id" not in rule.arguments:
            continue
        values = {"activity_id": activity, "fmt": "pdf", "action_key": "a1", "kind": "view"}
        build = {k: v for k, v in values.items() if k in rule.arguments}
        urls.append((rule, *(rule.build({**build, "workshop_id": w}, append_unknown=False)[1] for w in (wid, MISSING))))
    assert len(urls) >= 10
    before = snapshot(wid)
    for rule, url, missing_url in urls:
        for method in ("GET", "POST") if "POST" in rule.methods else ("GET",):
            call = getattr(other.http, method.lower())
            form = {"school": "Taken over", "name": "x", "email": "x@example.org"} if method == "POST" else None
            other.http.get("/workshops")  # shows (and so clears) what the previous request flashed
            got = call(url, data=form)
            other.http.get("/workshops")
            missing = call(missing_url, data=form)
            assert answer(got) == answer(missing), (method, url)
            if rule.endpoint == "join.phone":  # the phone page sends non-participants to the join page
                assert got.status_code == 302 and got.headers["Location"].endswith("/"), url
            else:
                assert got.status_code in (404, 405), (method, url, got.status_code)
    assert snapshot(wid) == before

    assert not other.socket(wid).is_connected() and not other.socket(MISSING).is_connected()
    assert refusals[-2] == refusals[-1] == ("not_found", "That workshop does not exist.")
    from workshop.extensions import socketio

    for auth in ({"role": "board", "key": "not-the-key"}, {"role": "board"}):
        for w in (wid, MISSING):
            assert not socketio.test_client(app, auth={**auth, "workshop": w}).is_connected()
        assert refusals[-2] == refusals[-1] and refusals[-1][0] == "not_found"
    anyone = app.test_client()
    for url in (f"/w/{wid}/run", f"/w/{MISSING}/run"):  # not signed in: to sign in, either way
        assert anyone.get(url).status_code == 302
    for w in (wid, MISSING):
        assert not socketio.test_client(app, auth={"workshop": w, "role": "facilitator"}).is_connected()
    assert refusals[-2] == refusals[-1] == ("not_signed_in", "Sign in to run this workshop.")


def test_a_co_facilitator_who_is_not_the_owner_is_told_so(app, ic):
    """Someone who runs the workshop knows it exists: adding facilitators is the owner's, a 403."""
    wid = ic.create_workshop()
    co = Facilitator(app, "co@example.org", "Co IC")
    assert ic.http.post(f"/w/{wid}/facilitators", data={"email": "co@example.org"}).status_code == 302
    assert co.http.get(f"/w/{wid}/run").status_code == 200
    assert co.http.post(f"/w/{wid}/facilitators", data={"email": "x@example.org", "name": "X"}).status_code == 403


def test_signed_out_sessions_and_replaced_board_keys_open_nothing(app, ic):
    """The rows the matrix adds for revocable credentials (details in test_sessions and
    test_board_key): after sign-out the old session opens no page or socket; a replaced or archived
    workshop's board key opens no board."""
    from support import board as key_board

    wid = ic.create_workshop()
    stolen = ic.http.get_cookie("session").value
    assert ic.http.post("/logout").status_code == 302
    thief = app.test_client()
    thief.set_cookie("session", stolen)
    from workshop.extensions import socketio

    assert thief.get(f"/w/{wid}/run").status_code == 302
    assert not socketio.test_client(app, flask_test_client=thief,
                                    auth={"workshop": wid, "role": "facilitator"}).is_connected()
    ic.http.post("/login", data={"email": "ic@example.org", "password": "correct horse battery"})
    with db.session() as s:
        old = s.get(Workshop, wid).board_key
    assert ic.http.post(f"/w/{wid}/board/new-link").status_code == 302
    assert app.test_client().get(f"/w/{wid}/board?key={old}").status_code == 404
    assert key_board(app, wid).is_connected()  # the new key
    assert ic.http.post(f"/w/{wid}/archive").status_code == 302
    assert not key_board(app, wid).is_connected()
