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


def test_random_paper_names_and_on_behalf_envelopes_get_documented_acks(db_path):
    """Random participant.add_paper payloads and on_behalf values, from every sender: each ack is
    ok or a documented refusal, a refused one adds nobody, and only a facilitator adds anyone."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from fuzzing import JSONISH, documented_error_codes
    from support import Facilitator, make_app

    codes = documented_error_codes() - {"internal"}
    app = make_app(db_path, SOCKET_LIMITS={role: "100000 per second" for role in ("participant", "board", "facilitator")})
    ic = Facilitator(app, "ic@example.org", "Priya Shah")
    wid = ic.create_workshop()
    assert ic.step(wid, "workshop.open")["ok"]
    wall = activities(wid)[0]
    assert ic.step(wid, "control.goto", {"activity": wall})["ok"]
    assert ic.step(wid, "activity.open", activity=wall)["ok"]
    senders = {"facilitator": ic.socket(wid), "phone": Phone(app, wid, "Sam").socket, "board": board(app, wid)}

    def people() -> list[dict]:
        from sqlalchemy import select

        from workshop.db import db
        from workshop.models import Participant
        with db.session() as s:
            return [{"id": p.id, "kind": p.kind} for p in s.scalars(select(Participant).where(
                Participant.workshop_id == wid, Participant.removed.is_(False)).order_by(Participant.id))]

    @settings(max_examples=80, deadline=None, derandomize=True, database=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    @given(who=st.sampled_from(sorted(senders)), payload=st.one_of(
        st.fixed_dictionaries({"name": st.from_regex(r"[A-Za-z][A-Za-z .'-]{0,50}", fullmatch=True)}),
        st.fixed_dictionaries({"name": st.one_of(st.text(max_size=80), JSONISH)}),
        st.dictionaries(st.sampled_from(["name", "kind", "participant"]), JSONISH, max_size=3), JSONISH),
        on_behalf=st.one_of(st.none(), st.none(), st.integers(-5, 2**32), JSONISH))
    def run(who, payload, on_behalf):
        client = senders[who]
        before = len(people())
        raw = intent("participant.add_paper", payload)
        if on_behalf is not None:
            raw["on_behalf"] = on_behalf
        ack = client.emit("intent", raw, callback=True)
        assert isinstance(ack, dict), ack
        seen.add("added" if ack.get("ok") else ack["error"])
        if ack.get("ok"):
            assert who == "facilitator" and on_behalf is None, (who, raw, ack)
            assert len(people()) == before + 1 and people()[-1]["kind"] == "paper"
        else:
            assert ack["error"] in codes and ack["message"], (who, raw, ack)
            assert len(people()) == before
        idea = client.emit("intent", {**intent("idea.add", {"text": "x"}, wall), "on_behalf": on_behalf}, callback=True)
        assert isinstance(idea, dict) and (idea.get("ok") or idea["error"] in codes), idea
        if idea.get("ok"):
            assert who == "facilitator" and any(p["id"] == on_behalf and p["kind"] == "paper" for p in people())

    seen: set[str] = set()
    run()
    assert {"added", "forbidden", "bad_request"} <= seen, seen  # the fuzz reached both sides
