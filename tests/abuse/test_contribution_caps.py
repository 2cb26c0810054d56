"""How much one person may add (issue 11 §5): a participant adds at most a tool's allowance to one
activity, so a few people (or one script joined many times) can't fill it for everyone; and a
tool's size counts only what is shown, so deleted and tidied-away entries never keep it full."""
from __future__ import annotations

import pytest

from support import Facilitator, Phone, make_app, send, start, walls
from workshop import tools
from workshop.tools import action_plan, fishbone, five_whys, idea_wall, report_back, swot
from workshop.tools.base import Actor, ToolError

FAC = Actor("facilitator")
JO = Actor("participant", participant=5, name="Jo")
SAM = Actor("participant", participant=6, name="Sam")


class Activity:
    """One activity's state, changed through its tool as the engine would (each step a new seq)."""

    def __init__(self, tool: str, config: dict | None = None):
        self.tool, self.seq = tool, 100
        self.state = tools.get(tool).initial_state(config or {})

    def act(self, kind: str, payload: dict, actor: Actor = FAC) -> dict:
        self.seq += 1
        self.state = tools.apply(self.tool, self.state, {"type": kind, "payload": payload, "at": self.seq,
                                                          "seq": self.seq}, actor)
        return self.state

    def refused(self, kind: str, payload: dict, actor: Actor) -> ToolError:
        before = self.state
        with pytest.raises(ToolError) as err:
            self.act(kind, payload, actor)
        self.seq -= 1
        assert self.state is before
        return err.value


def wall() -> Activity:
    activity = Activity("idea_wall")
    activity.act("activity.open", {})
    return activity


def test_one_person_adds_at_most_their_allowance_of_ideas_then_hears_why():
    w = wall()
    for n in range(idea_wall.PER_PERSON_CARDS):
        w.act("idea.add", {"text": f"idea {n}"}, JO)
    error = w.refused("idea.add", {"text": "one too many"}, JO)
    assert error.code == "limit"
    assert f"{idea_wall.PER_PERSON_CARDS} ideas" in error.message and "one person" in error.message
    w.act("idea.add", {"text": "someone else"}, SAM)  # others still add
    w.act("idea.add", {"text": "the facilitator"}, FAC)  # the facilitator has no allowance
    w.act("idea.edit", {"card": w.state["cards"][0]["id"], "text": "edited"}, JO)  # Jo can still edit


def test_deleting_ones_own_ideas_does_not_give_more_allowance():
    """Adding and deleting over and over would otherwise grow the stored wall without end."""
    w = wall()
    for n in range(idea_wall.PER_PERSON_CARDS):
        card = w.act("idea.add", {"text": f"idea {n}"}, JO)["cards"][-1]["id"]
        w.act("idea.delete", {"card": card}, JO)
    assert w.refused("idea.add", {"text": "again"}, JO).code == "limit"
    assert len(w.state["cards"]) == idea_wall.PER_PERSON_CARDS


def test_each_anonymous_author_has_their_own_allowance():
    w = wall()
    ann, bob = Actor("participant", participant="a1f3"), Actor("participant", participant="a9c2")
    for n in range(idea_wall.PER_PERSON_CARDS):
        w.act("idea.add", {"text": f"idea {n}"}, ann)
    assert w.refused("idea.add", {"text": "more"}, ann).code == "limit"
    w.act("idea.add", {"text": "mine"}, bob)


def facilitators_card(card_id: str, *, hidden: bool = False, deleted: bool = False) -> dict:
    return {"id": card_id, "text": "an idea", "author": None, "author_name": None, "anonymous": True, "at": 0,
            "source": None, "column": None, "hidden": hidden, "deleted": deleted, "merged_into": None}


def full_wall(hidden: int, deleted: int) -> Activity:
    """A wall showing MAX_CARDS cards, and holding hidden and deleted ones besides."""
    w = wall()
    w.state = {**w.state, "cards": [*(facilitators_card(f"h{n}", hidden=True) for n in range(hidden)),
                                    *(facilitators_card(f"d{n}", deleted=True) for n in range(deleted)),
                                    *(facilitators_card(f"s{n}") for n in range(idea_wall.MAX_CARDS))]}
    return w


def test_a_full_wall_counts_only_the_cards_it_shows():
    w = full_wall(hidden=30, deleted=300)
    assert w.refused("idea.add", {"text": "no room"}, JO).code == "limit"
    w.act("idea.delete", {"card": "s0"}, FAC)  # a deleted card makes room again
    w.act("idea.add", {"text": "now there is room"}, JO)
    assert w.refused("idea.add", {"text": "full again"}, SAM).code == "limit"
    w.act("idea.hide", {"card": "s1"}, FAC)  # and so does a hidden one
    w.act("idea.add", {"text": "room again"}, SAM)
    assert w.refused("idea.import", {"cards": [{"text": "t", "source": None}]}, FAC).code == "limit"


def test_fishbone_causes_are_capped_per_person_and_counted_when_shown():
    fb = Activity("fishbone")
    fb.act("activity.open", {})
    bone = fb.state["bones"][0]["id"]
    for n in range(fishbone.PER_PERSON_CAUSES):
        fb.act("fishbone.add", {"bone": bone, "text": f"cause {n}", "parent": None}, JO)
    assert fb.refused("fishbone.add", {"bone": bone, "text": "more", "parent": None}, JO).code == "limit"
    fb.act("fishbone.add", {"bone": bone, "text": "Sam's", "parent": None}, SAM)
    hidden = [{**c, "id": f"h{n}", "hidden": True, "author": None} for n, c in enumerate([fb.state["causes"][0]]
                                                                                        * fishbone.MAX_CAUSES)]
    fb.state = {**fb.state, "causes": fb.state["causes"] + hidden}
    fb.act("fishbone.add", {"bone": bone, "text": "hidden ones leave room", "parent": None}, FAC)


def test_five_whys_answers_are_capped_per_person_and_rejected_ones_make_room():
    fw = Activity("five_whys")
    fw.act("whys.problem", {"text": "KS3 pupils with SEND make less progress"})
    fw.act("activity.open", {})
    for n in range(five_whys.PER_PERSON_ANSWERS):
        fw.act("whys.answer", {"text": f"because {n}"}, JO)
    assert fw.refused("whys.answer", {"text": "and more"}, JO).code == "limit"
    fw.act("whys.answer", {"text": "Sam's"}, SAM)
    rejected = [{**a, "id": f"r{n}", "status": "rejected", "author": None}
                for n, a in enumerate([fw.state["answers"][0]] * five_whys.MAX_ANSWERS)]
    fw.state = {**fw.state, "answers": fw.state["answers"] + rejected}
    fw.act("whys.answer", {"text": "rejected answers leave room"}, FAC)


def test_report_back_answers_are_capped_per_person_across_sections():
    rb = Activity("report_back")
    rb.act("activity.open", {})
    for n in range(report_back.PER_PERSON_ANSWERS):
        rb.act("report.add", {"text": f"point {n}"}, JO)
    assert rb.refused("report.add", {"text": "more"}, JO).code == "limit"
    rb.act("report.add", {"text": "Sam's"}, SAM)
    gone = [{**a, "id": f"g{n}", "author": None, "deleted": n % 2 == 0, "hidden": n % 2 == 1}
            for n, a in enumerate([rb.state["answers"][0]] * report_back.MAX_ANSWERS)]
    rb.state = {**rb.state, "answers": rb.state["answers"] + gone}
    rb.act("report.add", {"text": "deleted and hidden answers leave room"}, FAC)
    shown = [{**a, "id": f"s{n}", "author": None} for n, a in enumerate([rb.state["answers"][0]] * report_back.MAX_ANSWERS)]
    rb.state = {**rb.state, "answers": rb.state["answers"] + shown}
    assert rb.refused("report.add", {"text": "now it is full"}, FAC).code == "limit"


def test_action_plan_proposals_and_comments_are_capped_per_person():
    ap = Activity("action_plan")
    ap.act("activity.open", {})
    for n in range(action_plan.PER_PERSON_PROPOSALS):
        ap.act("action.propose", {"text": f"action {n}"}, JO)
    assert ap.refused("action.propose", {"text": "more"}, JO).code == "limit"
    ap.act("action.propose", {"text": "Sam's"}, SAM)
    first, second = ap.state["actions"][0]["id"], ap.state["actions"][1]["id"]
    for n in range(action_plan.PER_PERSON_COMMENTS):
        ap.act("action.comment", {"action": first if n % 2 else second, "text": f"comment {n}"}, SAM)
    assert ap.refused("action.comment", {"action": first, "text": "more"}, SAM).code == "limit"
    ap.act("action.comment", {"action": first, "text": "Jo's"}, JO)


def test_swot_cards_are_capped_per_person_across_quadrants_and_counted_when_shown():
    sw = Activity("swot")
    sw.act("activity.open", {})
    for n in range(swot.PER_PERSON_CARDS):
        sw.act("swot.add", {"text": f"point {n}", "quadrant": "swot"[n % 4]}, JO)
    mine = sw.state["cards"][0]["id"]
    sw.act("swot.delete", {"card": mine}, JO)  # deleting one's own does not give more
    refused = sw.refused("swot.add", {"text": "more", "quadrant": "t"}, JO)
    assert refused.code == "limit" and f"{swot.PER_PERSON_CARDS} cards" in refused.message
    sw.act("swot.add", {"text": "Sam's", "quadrant": "o"}, SAM)
    gone = [{**c, "id": f"g{n}", "author": None, "deleted": n % 2 == 0, "hidden": n % 2 == 1}
            for n, c in enumerate([sw.state["cards"][1]] * swot.MAX_CARDS)]
    sw.state = {**sw.state, "cards": sw.state["cards"] + gone}
    sw.act("swot.add", {"text": "deleted and hidden cards leave room", "quadrant": "s"}, FAC)
    shown = [{**c, "id": f"s{n}", "author": None} for n, c in enumerate([sw.state["cards"][1]] * swot.MAX_CARDS)]
    sw.state = {**sw.state, "cards": sw.state["cards"] + shown}
    assert sw.refused("swot.add", {"text": "now it is full", "quadrant": "s"}, FAC).code == "limit"


def test_through_the_engine_a_phone_past_its_allowance_gets_limit_and_others_carry_on(db_path):
    """A script joined as one person and kept under the connection's rate limit (relaxed here, so
    the allowance is what stops it) on an anonymous wall, where people act under pseudonyms."""
    app = make_app(db_path, SOCKET_LIMITS={role: "1000 per 10 seconds" for role in ("participant", "board",
                                                                                     "facilitator")})
    ic = Facilitator(app, "ic@example.org", "Priya Shah")
    wid = ic.create_workshop()
    assert ic.step(wid, "workshop.open")["ok"]
    first = walls(wid)[0]
    start(ic, wid, first)
    assert ic.step(wid, "idea.settings", {"anonymous": True}, first)["ok"]
    script, jo = Phone(app, wid, "Script"), Phone(app, wid, "Jo")
    acks = [send(script.socket, "idea.add", {"text": f"spam {n}"}, first) for n in range(idea_wall.PER_PERSON_CARDS)]
    assert all(ack["ok"] for ack in acks)
    refused = send(script.socket, "idea.add", {"text": "spam again"}, first)
    assert refused["ok"] is False and refused["error"] == "limit" and "one person" in refused["message"]
    assert send(jo.socket, "idea.add", {"text": "a real idea"}, first)["ok"]
    assert ic.step(wid, "idea.add", {"text": "the facilitator's"}, first)["ok"]
