"""Voice without fear: contributing tools start anonymous, and an anonymous contribution is linked
to its author nowhere but in the live server's memory of who may edit it: not in any view, not
in the event log, not in the JSON backup. Replay, undo and exactly-once keep working."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import select
from support import Phone, add_activity, send, start, walls

from workshop import tools
from workshop.db import db
from workshop.engine import identity, replay
from workshop.models import Activity, Event, Participant
from workshop.record import backup
from workshop.tools.base import Actor

CONTRIBUTING = {  # tool: (config, intent that adds someone's own words, its payload)
    "idea_wall": ({}, "idea.add", {"text": "Interventions clash with PE"}),
    "fishbone": ({"problem": "SEND pupils fall behind in KS3"}, "fishbone.add",
                 {"bone": "b1", "text": "Adaptations vary from room to room"}),
    "five_whys": ({"problem": "SEND pupils fall behind in KS3"}, "whys.answer", {"text": "Plans are not read"}),
    "report_back": ({}, "report.add", {"text": "Tell governors in March"}),
    "action_plan": ({}, "action.propose", {"text": "Weekly TA planning slot"}),
    "response_round": ({}, "response.submit", {"surprise": 2, "view": "We knew most of it"}),
}


@pytest.mark.parametrize("tool", sorted(CONTRIBUTING))
def test_every_contributing_tool_starts_anonymous(tool):
    assert tools.get(tool).initial_state(CONTRIBUTING[tool][0])["anonymous"] is True


@pytest.mark.parametrize("tool", sorted(CONTRIBUTING))
def test_a_new_activity_is_anonymous_and_its_log_and_backup_name_nobody(app, ic, open_workshop, tool):
    wid = open_workshop
    config, kind, payload = CONTRIBUTING[tool]
    activity = add_activity(ic, wid, tool, f"A {tool}", config)
    start(ic, wid, activity)
    jo = Phone(app, wid, "Jo Quill")
    ack = send(jo.socket, kind, payload, activity, intent_id="jo-first-words")
    assert ack["ok"], ack
    assert send(jo.socket, kind, payload, activity, intent_id="jo-first-words")["duplicate"] is True

    with db.session() as s:
        person = s.scalar(select(Participant).where(Participant.name == "Jo Quill"))
        state = s.get(Activity, activity).state
        logged = s.scalar(select(Event).where(Event.intent_id == "jo-first-words"))
        assert logged.actor == identity.pseudonym(person.pseudonym_key, activity) != f"p{person.id}"
        assert "Jo" not in json.dumps(state)
        assert person.id not in _authors(state)
        assert replay.activity(s, s.get(Activity, activity)) == state
        doc = backup.export(s, wid)
    assert ack["private"]["mine"]  # the phone still knows its own contribution (to edit or withdraw it)

    text = json.dumps(doc)
    assert "pseudonym_key" not in text and person.pseudonym_key not in text
    jo_ref = next(p["ref"] for p in doc["participants"] if p["name"] == "Jo Quill")
    entry = next(e for e in doc["events"] if e["intent_id"] == "jo-first-words")
    assert entry["actor"] != f"p{jo_ref}" and entry["actor"].startswith("a")
    exported = next(a["state"] for a in doc["activities"] if a["title"] == f"A {tool}")
    assert jo_ref not in _authors(exported) and "Jo" not in json.dumps(exported)


def _authors(state: dict) -> set:
    found = set()

    def walk(obj):
        if isinstance(obj, dict):
            for key, value in obj.items():
                if key == "author":
                    found.add(value)
                walk(value)
        elif isinstance(obj, list):
            for value in obj:
                walk(value)
    walk(state)
    return found


def test_each_activity_has_its_own_pseudonym_so_anonymous_words_dont_link_across_activities(app, ic, open_workshop):
    wid = open_workshop
    first, second = walls(wid)[0], add_activity(ic, wid, "idea_wall", "Second wall")
    jo = Phone(app, wid, "Jo")
    for wall in (first, second):
        start(ic, wid, wall)
        assert send(jo.socket, "idea.add", {"text": "Same person"}, wall)["ok"]
    with db.session() as s:
        actors = {e.activity_id: e.actor for e in s.scalars(select(Event).where(Event.type == "idea.add"))}
    assert actors[first] != actors[second]
    assert all(a.startswith("a") and len(a) == 21 for a in actors.values())


def test_switching_to_named_names_only_what_comes_after_and_never_reveals_earlier_cards(app, ic, open_workshop):
    wid, wall = open_workshop, walls(open_workshop)[0]
    start(ic, wid, wall)
    jo = Phone(app, wid, "Jo Quill")
    hidden_hand = send(jo.socket, "idea.add", {"text": "Said without my name"}, wall)["private"]["mine"][-1]
    assert ic.step(wid, "idea.settings", {"anonymous": False}, wall)["ok"]
    named = send(jo.socket, "idea.add", {"text": "Said with my name"}, wall)
    assert named["ok"]
    with db.session() as s:
        person = s.scalar(select(Participant).where(Participant.name == "Jo Quill"))
        cards = {c["id"]: c for c in s.get(Activity, wall).state["cards"]}
        actors = [e.actor for e in s.scalars(select(Event).where(Event.type == "idea.add").order_by(Event.version))]
        assert replay.activity(s, s.get(Activity, wall)) == s.get(Activity, wall).state
    assert cards[hidden_hand]["author_name"] is None and cards[hidden_hand]["author"] != person.id
    latest = named["private"]["mine"][-1]
    assert cards[latest]["author_name"] == "Jo Quill" and cards[latest]["author"] == person.id
    assert actors == [identity.pseudonym(person.pseudonym_key, wall), f"p{person.id}"]
    # Jo is now someone else here: the anonymous card is handed in, not theirs to edit by name
    assert named["private"]["mine"] == [latest]
    assert send(jo.socket, "idea.edit", {"card": hidden_hand, "text": "edited"}, wall)["error"] == "forbidden"


def test_anonymity_cant_change_while_people_are_voting(app, ic, open_workshop):
    """Votes are filed under who people are in the activity; a switch mid-vote would give a second ballot."""
    wid = open_workshop
    fb = add_activity(ic, wid, "fishbone", "Causes", {"problem": "SEND pupils fall behind"})
    start(ic, wid, fb)
    jo = Phone(app, wid, "Jo")
    cause = send(jo.socket, "fishbone.add", {"bone": "b1", "text": "No shared planning"}, fb)["private"]["mine"][-1]
    assert ic.step(wid, "fishbone.settings", {"marking": True}, fb)["ok"]
    assert send(jo.socket, "fishbone.mark", {"cause": cause}, fb)["ok"]
    refused = ic.step(wid, "fishbone.settings", {"anonymous": False}, fb)
    assert refused["error"] == "conflict" and "voted" in refused["message"]


def test_a_restored_backup_replays_to_the_same_states(app, ic, open_workshop):
    wid, wall = open_workshop, walls(open_workshop)[0]
    start(ic, wid, wall)
    jo, sam = Phone(app, wid, "Jo"), Phone(app, wid, "Sam")
    mine = send(jo.socket, "idea.add", {"text": "Anonymous thought"}, wall)["private"]["mine"][-1]
    assert send(jo.socket, "idea.edit", {"card": mine, "text": "Anonymous thought, edited"}, wall)["ok"]
    assert send(sam.socket, "idea.add", {"text": "Another"}, wall)["ok"]
    with db.session() as s:
        doc = backup.export(s, wid)
    with db.session(write=True) as s:
        from workshop.models import User
        restored = backup.import_workshop(s, backup.loads(backup.dumps(doc)), s.scalar(select(User)))
        new_id = restored.id
    with db.session() as s:
        for activity in s.scalars(select(Activity).where(Activity.workshop_id == new_id)):
            assert replay.activity(s, activity) == activity.state


def test_replay_rebuilds_the_actor_each_event_was_applied_with():
    key = "0123456789abcdef0123456789abcdef"
    alias = identity.pseudonym(key, 7)
    assert identity.pseudonym(key, 7) == alias != identity.pseudonym(key, 8)
    anon = identity.participant_actor(5, "Jo", key, 7, {"anonymous": True})
    named = identity.participant_actor(5, "Jo", key, 7, {"anonymous": False})
    voting = identity.participant_actor(5, "Jo", key, 7, {"open": True})  # tools without names: votes only
    assert anon == voting == Actor("participant", alias, None) and named == Actor("participant", 5, "Jo")
    for actor in (anon, named):
        assert identity.from_event(identity.event_actor(actor), {5: "Jo"}) == actor
    assert identity.from_event("u3", {}) == Actor("facilitator")
