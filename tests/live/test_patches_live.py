"""`patch` pushes (protocol §3) through Flask-SocketIO's test client: every audience rebuilds the
exact state the server would send it whole, anonymity holds in the patches, and a client that
missed one gets the whole state back by `sync`."""
from __future__ import annotations

import json

import pytest

from support import Facilitator, Phone, board, make_app, patched, send, walls


@pytest.fixture
def app(db_path):
    return make_app(db_path, PUSH_PATCHES=True)


class Screen:
    """A client's view of the workshop, kept the way live.js keeps it."""

    def __init__(self, client):
        self.client, self.state, self.patches, self.syncs = client, None, [], 0

    def pull(self) -> dict:
        for message in self.client.get_received():
            data = message["args"][0]
            if message["name"] == "state" and (self.state is None or data["version"] >= self.state["version"]):
                self.state = data
            elif message["name"] == "patch":
                self.patches.append(data)
                rebuilt = patched(self.state, data)
                if rebuilt is None:  # missed one: ask for the whole state, as live.js does
                    self.syncs += 1
                    assert self.client.emit("sync", {"version": self.state["version"]}, callback=True)["ok"]
                    return self.pull()
                self.state = rebuilt
        return self.state


def whole(client) -> dict:
    """The state the server sends this client whole (on sync from version 0)."""
    client.get_received()
    assert client.emit("sync", {"version": 0}, callback=True)["ok"]
    return [m["args"][0] for m in client.get_received() if m["name"] == "state"][-1]


def same(a: dict, b: dict) -> bool:
    """Equal but for the clock and the join link's host (taken from whichever request pushed)."""
    def plain(state):
        return {**state, "server_now": 0, "workshop": {**state["workshop"], "join_url": None}}
    return plain(a) == plain(b)


def test_every_audience_rebuilds_exactly_the_whole_state(app, ic, open_workshop):
    wid, wall = open_workshop, walls(open_workshop)[0]
    phones = [Phone(app, wid, name) for name in ("Jo", "Sam", "Aisha")]
    screens = [Screen(c) for c in (ic.socket(wid), board(app, wid), *[p.socket for p in phones])]
    for screen in screens:
        screen.pull()
    for n in range(12):
        assert send(phones[n % 3].socket, "idea.add", {"text": f"Idea {n}: more time to plan with TAs"}, wall)["ok"]
    card = f"c{send(phones[0].socket, 'idea.add', {'text': 'Duplicate idea'}, wall)['version']}"
    assert ic.step(wid, "idea.hide", {"card": card}, wall)["ok"]
    assert ic.step(wid, "activity.close", activity=wall)["ok"]
    for screen in screens:
        held = screen.pull()
        assert screen.patches, "changes to a room go out as patches"
        assert all(p["ops"] and p["from_version"] < p["version"] for p in screen.patches)
        assert same(held, whole(screen.client))
        assert len(held["activity"]["view"]["cards"]) >= 12
    # A patch is far smaller than the state it makes.
    phone_screen = screens[2]
    last = phone_screen.patches[-1]
    assert len(json.dumps(last)) < len(json.dumps(phone_screen.state)) / 3


def test_patches_to_phones_never_carry_an_anonymous_author(app, ic, open_workshop):
    wid, wall = open_workshop, walls(open_workshop)[0]
    assert ic.step(wid, "idea.settings", {"anonymous": True}, wall)["ok"]
    author, other = Phone(app, wid, "Samira Quench"), Phone(app, wid, "Jo")
    screens = [Screen(c) for c in (other.socket, board(app, wid))]
    for screen in screens:
        screen.pull()
    for n in range(5):
        assert send(author.socket, "idea.add", {"text": f"We never see the data ({n})"}, wall)["ok"]
    for screen in screens:
        screen.pull()
        text = json.dumps(screen.patches)
        assert "We never see the data (4)" in text and "Samira Quench" not in text


def test_a_phone_that_missed_a_patch_syncs_and_catches_up(app, ic, open_workshop):
    wid, wall = open_workshop, walls(open_workshop)[0]
    jo, sam = Phone(app, wid, "Jo"), Phone(app, wid, "Sam")
    screen = Screen(sam.socket)
    screen.pull()
    assert send(jo.socket, "idea.add", {"text": "First"}, wall)["ok"]
    sam.socket.get_received()  # this push never reached Sam's phone
    assert send(jo.socket, "idea.add", {"text": "Second"}, wall)["ok"]
    held = screen.pull()
    assert screen.syncs == 1
    assert [c["text"] for c in held["activity"]["view"]["cards"]] == ["First", "Second"]
    assert same(held, whole(sam.socket))


def test_whole_states_when_patches_are_off(db_path):
    app = make_app(db_path, PUSH_PATCHES=False)
    ic = Facilitator(app, "ic@example.org", "Priya Shah")
    wid = ic.create_workshop()
    assert ic.step(wid, "workshop.open")["ok"]
    screen = board(app, wid)
    screen.get_received()
    assert ic.step(wid, "control.goto", {"activity": walls(wid)[0]})["ok"]
    assert ic.step(wid, "activity.open", activity=walls(wid)[0])["ok"]
    names = [m["name"] for m in screen.get_received()]
    assert "state" in names and "patch" not in names
