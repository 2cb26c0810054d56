"""Removing many people at once: everyone who joined after someone, everyone without a name, or a
list; each is cut off at once like a single removal, in one change and one push."""
from __future__ import annotations

from sqlalchemy import func, select

from support import Phone, last_state, send, walls
from workshop.db import db
from workshop.models import Event, Workshop


def ids_by_name(ic, wid) -> dict[str, int]:
    return {p["name"]: p["id"] for p in last_state(ic.socket(wid))["participants"]}


def cut_off(phone) -> bool:
    return any(m["name"] == "removed" for m in phone.socket.queue) and not phone.socket.is_connected()


def version(wid) -> int:
    with db.session() as s:
        return s.get(Workshop, wid).version


def test_everyone_who_joined_after_someone_is_removed_and_cut_off_at_once(app, ic, open_workshop):
    wid, wall = open_workshop, walls(open_workshop)[0]
    staff = [Phone(app, wid, name) for name in ("Jo", "Sam", "Aisha")]
    flood = [Phone(app, wid, f"bot{n}") for n in range(5)]
    assert send(flood[0].socket, "idea.add", {"text": "spam"}, wall)["ok"]
    before = version(wid)

    ack = ic.step(wid, "participant.remove_many", {"after": ids_by_name(ic, wid)["Aisha"]})

    assert ack["ok"] and ack["version"] == before + 1  # one change
    assert all(cut_off(bot) for bot in flood)
    assert not any(cut_off(person) for person in staff)
    assert send(staff[0].socket, "idea.add", {"text": "said after the bots left"}, wall)["ok"]
    assert all("said after the bots left" not in str(bot.socket.queue) for bot in flood)
    assert not flood[1].connect().is_connected()
    state = last_state(ic.socket(wid))
    assert [p["name"] for p in state["participants"]] == ["Jo", "Sam", "Aisha"]
    assert state["workshop"]["participant_count"] == 3
    with db.session() as s:
        event = s.scalar(select(Event).where(Event.workshop_id == wid, Event.version == ack["version"]))
        assert event.type == "participant.remove_many" and len(event.payload["removed"]) == 5


def test_everyone_without_a_name_is_removed(app, ic, open_workshop):
    wid = open_workshop
    named, unnamed = Phone(app, wid, "Jo"), [Phone(app, wid) for _ in range(3)]
    assert ic.step(wid, "participant.remove_many", {"unnamed": True})["ok"]
    assert all(cut_off(phone) for phone in unnamed) and not cut_off(named)
    assert [p["name"] for p in last_state(ic.socket(wid))["participants"]] == ["Jo"]
    assert ic.step(wid, "participant.remove_many", {"unnamed": True})["error"] == "not_found"  # nobody left


def test_a_list_is_removed_whole_or_not_at_all(app, ic, open_workshop):
    wid = open_workshop
    phones = {name: Phone(app, wid, name) for name in ("Jo", "Sam", "Aisha")}
    ids = ids_by_name(ic, wid)
    before = version(wid)
    refused = ic.step(wid, "participant.remove_many", {"participants": [ids["Sam"], 999_999]})
    assert refused["error"] == "not_found" and version(wid) == before
    assert not any(cut_off(phone) for phone in phones.values())

    assert ic.step(wid, "participant.remove_many", {"participants": [ids["Sam"], ids["Aisha"]]})["ok"]
    assert cut_off(phones["Sam"]) and cut_off(phones["Aisha"]) and not cut_off(phones["Jo"])


def test_bad_bulk_removals_are_refused_by_name(app, ic, open_workshop):
    wid = open_workshop
    jo = Phone(app, wid, "Jo")
    jo_id = ids_by_name(ic, wid)["Jo"]
    other = ic.create_workshop(school="Hillside School")
    assert ic.step(other, "workshop.open")["ok"]
    stranger = Phone(app, other, "Elsewhere")
    before = version(wid)
    for payload in ({}, {"after": jo_id, "unnamed": True}, {"unnamed": False}, {"participants": []},
                    {"participants": "all"}, {"participants": [True]}, {"after": "Jo"}, {"everyone": True}):
        assert ic.step(wid, "participant.remove_many", payload)["error"] == "bad_request", payload
    assert ic.step(wid, "participant.remove_many", {"after": 2**31 - 1})["error"] == "not_found"
    stranger_id = ids_by_name(ic, other)["Elsewhere"]
    assert ic.step(wid, "participant.remove_many", {"after": stranger_id})["error"] == "not_found"
    assert ic.step(wid, "participant.remove_many", {"participants": [stranger_id]})["error"] == "not_found"
    assert send(jo.socket, "participant.remove_many", {"unnamed": True})["error"] == "forbidden"
    assert version(wid) == before and not cut_off(jo) and not cut_off(stranger)
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Event).where(
            Event.workshop_id == wid, Event.type == "participant.remove_many")) == 0
