"""Acting on someone's behalf (issue 12), for every tool: only a facilitator may, only for a paper
participant of the workshop still in, and only with that person's rights. A phone or a board that
names someone in `on_behalf` changes nothing, whatever the intent; the facilitator's own steps are
never run as someone; and entering for a paper participant a tool's facilitator-only step is
refused as it is for any phone."""
from __future__ import annotations

from support import Phone, activities, board, intent, last_state
from test_authorisation_matrix import ENGINE_ONLY, app, facilitator_only, room, snapshot  # noqa: F401  (fixtures)

from workshop import tools


def as_for(client, pid, kind, payload, activity):
    return client.emit("intent", {**intent(kind, payload, activity), "on_behalf": pid}, callback=True)


def test_nobody_but_a_facilitator_acts_for_anyone_in_any_tool(app, ic, room):  # noqa: F811
    wid, by_tool = room
    console = ic.socket(wid)
    added = console.emit("intent", intent("participant.add_paper", {"name": "Pat Lowe"}), callback=True)
    pat = added["created"][0]
    phone, screen = Phone(app, wid, "Sam"), board(app, wid)
    sam = [p["id"] for p in last_state(console)["participants"] if p["name"] == "Sam"][0]
    for name, activity in by_tool.items():
        assert ic.step(wid, "control.goto", {"activity": activity})["ok"]
        ic.step(wid, "activity.open", activity=activity)  # diamond nine may refuse: fine, still tested
        before = snapshot(wid)
        tool = tools.get(name)
        kinds = sorted(getattr(tool, "HANDLERS", {}))
        only_facilitator = facilitator_only(tool)
        for kind in kinds:
            for client in (phone.socket, screen):
                ack = as_for(client, pat, kind, {}, activity)
                assert ack["error"] == "forbidden", (name, kind, ack)
            # Sam has a phone of their own: nobody enters for them.
            assert as_for(console, sam, kind, {}, activity)["error"] == "forbidden", (name, kind)
            if kind in only_facilitator:
                ack = as_for(console, pat, kind, {}, activity)
                assert not ack["ok"] and ack["error"] in {"forbidden", "closed"}, (name, kind, ack)
        assert snapshot(wid) == before, name
    before = snapshot(wid)
    first = next(iter(by_tool.values()))
    for kind in ENGINE_ONLY:
        payload = {"activity": first, "participant": pat}
        activity = first if kind.startswith("activity.") or kind.startswith("agenda.") and kind != "agenda.add" else None
        ack = as_for(console, pat, kind, payload, activity)
        assert ack["error"] == "forbidden", (kind, ack)
    assert snapshot(wid) == before
    assert [p["id"] for p in last_state(console)["participants"]] == [pat, sam]


def test_another_workshops_paper_participant_is_not_found(app, ic, room):  # noqa: F811
    wid, by_tool = room
    other = ic.create_workshop(school="Hillside School")
    assert ic.step(other, "workshop.open")["ok"]
    theirs = ic.socket(other).emit("intent", intent("participant.add_paper", {"name": "Kim Hale"}), callback=True)
    kim = theirs["created"][0]
    wall = by_tool["idea_wall"]
    assert ic.step(wid, "control.goto", {"activity": wall})["ok"]
    assert ic.step(wid, "activity.open", activity=wall)["ok"]
    before = snapshot(wid)
    console = ic.socket(wid)
    assert as_for(console, kim, "idea.add", {"text": "from elsewhere"}, wall)["error"] == "not_found"
    assert console.emit("sync", {"version": 0, "on_behalf": kim}, callback=True)["error"] == "not_found"
    assert snapshot(wid) == before
    assert activities(other)  # untouched too
