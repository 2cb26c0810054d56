"""Issue 11 §2: every `patch` carries `check`, the CRC-32 of the state it makes, computed the same
way by the server (engine/patches.py) and the phone (static/js/state_check.js, run here in node);
a client whose state after the patch does not match asks for the whole state."""
from __future__ import annotations

import copy
import json
import subprocess
from pathlib import Path

import pytest

from support import Phone, make_app, patched, send, walls

from workshop.db import db
from workshop.engine import patches, push, views
from workshop.models import Workshop

ROOT = Path(__file__).resolve().parents[2]
CHECK_JS = ROOT / "workshop" / "static" / "js" / "state_check.js"
EDGES = [{"mean": 3.0, "neg": -2.0, "zero": -0.0, "tiny": 1e-05, "small": 0.000123, "big": 1.5e16, "half": 2.5,
          "list": [1.0, 10.0, 0.1, 100.0], "int": 1764300000000, "nothing": None, "yes": True, "no": False},
         {"text": 'a "quoted" 1.0, and 2.0] in a string \\ with \n lines, tabs\t, \u0001 and émoji 🙂',
          "b": {"z": 1, "a": [], "é": {}, "A": "x"}},
         {}]


def js_checks(states: list) -> list[str]:
    """state_check.js's stateCheck for each state, as a browser would compute it (node)."""
    script = ("import { stateCheck } from %s;\n"
              "let input = ''; process.stdin.on('data', (d) => input += d);\n"
              "process.stdin.on('end', () => console.log(JSON.stringify(JSON.parse(input).map(stateCheck))));"
              % json.dumps(CHECK_JS.as_uri()))
    done = subprocess.run(["node", "--input-type=module", "-e", script], input=json.dumps(states),
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def demo_states(tmp_path) -> list[dict]:
    """Every audience's state of every activity of the demo workshop (all tools, after a session)."""
    from workshop import demo

    app = make_app(tmp_path / "demo.db")
    with app.test_request_context(base_url="http://workshop.test"):
        info = demo.seed()
        with db.session() as s:
            ids = [a.id for a in s.get(Workshop, info["workshop"]).activities]
        out = []
        for activity in ids:
            with db.session(write=True) as s:
                workshop = s.get(Workshop, info["workshop"])
                workshop.control = {**workshop.control, "activity": activity}
            snap = push.snapshot(info["workshop"])
            out += [views.state_for(snap, role, 1764300000000) for role in ("facilitator", "board", "participant")]
    return out


def test_the_phone_and_the_server_compute_the_same_check(tmp_path):
    states = demo_states(tmp_path) + EDGES
    assert "3.0" in json.dumps(states)  # integral floats (the demo's mean rows) are there to be got wrong
    server = [patches.check(s) for s in states]
    assert js_checks(states) == server
    assert len(set(server)) == len({json.dumps(s, sort_keys=True) for s in states})  # and they tell states apart


def test_the_check_changes_with_any_value_and_ignores_key_order():
    state = {"version": 4, "activity": {"view": {"cards": [{"id": "c1", "text": "Plan time"}], "mean": 2.0}}}
    reordered = {"activity": {"view": {"mean": 2, "cards": [{"text": "Plan time", "id": "c1"}]}}, "version": 4}
    assert patches.check(state) == patches.check(reordered)
    changed = copy.deepcopy(state)
    changed["activity"]["view"]["cards"][0]["text"] = "Plan tim"
    assert patches.check(changed) != patches.check(state)


@pytest.fixture
def app(db_path):
    return make_app(db_path, PUSH_PATCHES=True)


def test_a_patch_made_from_a_base_the_phone_does_not_hold_makes_it_sync(app, open_workshop):
    wid, wall = open_workshop, walls(open_workshop)[0]
    jo, sam = Phone(app, wid, "Jo"), Phone(app, wid, "Sam")
    assert send(jo.socket, "idea.add", {"text": "First"}, wall)["ok"]
    held = None
    for message in sam.socket.get_received():  # the state on connect, then the pushes since
        if message["name"] == "state":
            held = message["args"][0]
        elif message["name"] == "patch":
            held = patched(held, message["args"][0])
    assert [c["text"] for c in held["activity"]["view"]["cards"]] == ["First"]

    assert send(jo.socket, "idea.add", {"text": "Second"}, wall)["ok"]
    patch = [m["args"][0] for m in sam.socket.get_received() if m["name"] == "patch"][-1]

    made = patched(held, patch)
    assert made is not None and patch["check"] == patches.check(made)
    assert [c["text"] for c in made["activity"]["view"]["cards"]] == ["First", "Second"]
    # the same patch on a state labelled with the same version but not what the server based it on
    # (what READ COMMITTED could do: version V holding a later change) is refused, not applied
    wrong = copy.deepcopy(held)
    wrong["activity"]["view"]["cards"][0]["text"] = "First, edited later"
    assert patched(wrong, patch) is None
