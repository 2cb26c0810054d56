"""PSTB as a pure reducer: the time contract, the roles, each stage's rules, the clocks from the
`at` stamps, moderation, the views per audience, the private view and the outcomes."""
from __future__ import annotations

import copy
import json

import pytest
from support import protocol_violation

from workshop import tools
from workshop.tools import pstb
from workshop.tools.base import Actor, ToolError

FAC = Actor("facilitator")
OWNER = Actor("participant", participant=5, name="Zebedee")  # names no test text contains
ALEX = Actor("participant", participant=6, name="Alexandra")
KIM = Actor("participant", participant=7, name="Kimberley")
MINUTE = 60_000


class Run:
    """A PSTB driven intent by intent, each with its own seq and an `at` the test moves on."""

    def __init__(self, **config):
        self.state = pstb.initial_state(config)
        self.seq = 100
        self.at = 1_000_000

    def __call__(self, kind: str, payload=None, actor: Actor = FAC, *, later: int = 0) -> dict:
        self.seq += 1
        self.at += later
        before = copy.deepcopy(self.state)
        after = tools.apply("pstb", self.state, {"type": kind, "payload": payload or {}, "at": self.at,
                                                 "seq": self.seq}, actor)
        assert self.state == before, f"{kind} mutated the state it was given"
        json.dumps(after)
        self.state = after
        return after

    def refused(self, kind: str, payload=None, actor: Actor = FAC) -> ToolError:
        before = copy.deepcopy(self.state)
        with pytest.raises(ToolError) as exc:
            tools.apply("pstb", self.state, {"type": kind, "payload": payload or {}, "at": self.at,
                                             "seq": self.seq + 1}, actor)
        assert self.state == before
        return exc.value

    def last(self) -> str:
        return self.state["items"][-1]["id"]

    def to(self, stage: str, later: int = 0):
        return self("pstb.stage", {"stage": stage}, later=later)


def started(**config) -> Run:
    run = Run(**config)
    run("pstb.owner", {"owner": 5, "name": "Zebedee"})
    run.to("statement")
    return run


def with_ideas() -> tuple[Run, list[str]]:
    run = started()
    run("pstb.statement", {"text": "get parents to read the homework diary"}, OWNER)
    run.to("ideas")
    ids = []
    for n, text in enumerate(["A weekly text message", "Sign it at parents' evening", "A homework app",
                              "A reading café"]):
        run("pstb.idea", {"text": text}, ALEX if n % 2 else KIM)
        ids.append(run.last())
    return run, ids


def at_critical() -> tuple[Run, list[str], str]:
    run, ids = with_ideas()
    run.to("selection")
    run("pstb.select", {"idea": ids[0], "selected": True}, OWNER)
    run("pstb.select", {"idea": ids[2], "selected": True}, OWNER)
    run.to("benefits")
    run("pstb.note", {"idea": ids[0], "kind": "benefit", "text": "Cheap and quick"}, ALEX)
    run("pstb.note", {"idea": ids[2], "kind": "concern", "text": "Not every family has a phone"}, KIM)
    concern = run.last()
    run.to("critical")
    return run, ids, concern


# --- set-up -----------------------------------------------------------------------------------

def test_a_new_pstb_is_named_not_started_with_a_thirty_minute_contract():
    state = pstb.initial_state({})
    assert state["anonymous"] is False and state["stage"] is None and state["contract"] == 30
    assert pstb.initial_state({"contract": 45, "names": True})["contract"] == 45
    assert pstb.initial_state({"contract": 25})["contract"] == 30  # not a contract: the default
    assert pstb.initial_state({"anonymous": True})["anonymous"] is False  # roles name people


@pytest.mark.parametrize("contract", [20, 30, 45])
def test_each_contracts_stages_add_up_to_it(contract):
    view = pstb.view(pstb.initial_state({"contract": contract}), "board")
    assert sum(s["minutes"] for s in view["stages"]) == contract
    assert [s["id"] for s in view["stages"]] == ["statement", "ideas", "selection", "benefits", "critical", "actions"]
    assert all(s["minutes"] >= 1 for s in view["stages"])


def test_the_contract_changes_before_the_start_and_not_after():
    run = Run()
    run("pstb.contract", {"minutes": 20})
    assert run.state["contract"] == 20
    for bad in (25, "30", 30.0, True, None):
        assert run.refused("pstb.contract", {"minutes": bad}).code == "bad_request"
    assert run.refused("pstb.contract", {"minutes": 45}, ALEX).code == "forbidden"
    run("pstb.owner", {"owner": "facilitator"})
    run.to("statement")
    err = run.refused("pstb.contract", {"minutes": 45})
    assert err.code == "conflict" and "before" in err.message


def test_starting_needs_an_owner():
    run = Run()
    err = run.refused("pstb.stage", {"stage": "statement"})
    assert err.code == "conflict" and "owner" in err.message


def test_the_facilitator_names_the_owner_a_participant_or_themself():
    run = Run()
    run("pstb.owner", {"owner": 5, "name": "Zebedee"})
    assert (run.state["owner"], run.state["owner_name"]) == (5, "Zebedee")
    assert pstb.view(run.state, "board")["owner"] == {"facilitator": False, "name": "Zebedee"}
    assert pstb.view(run.state, "facilitator")["owner_id"] == 5
    assert "owner_id" not in pstb.view(run.state, "board")
    run("pstb.owner", {"owner": "facilitator"})
    assert pstb.view(run.state, "participant")["owner"] == {"facilitator": True, "name": None}
    assert run.refused("pstb.owner", {"owner": 5}).code == "bad_request"  # a participant comes with their name
    assert run.refused("pstb.owner", {"owner": 5, "name": " "}).code == "empty"
    for bad in ("5", 0, -1, 2.5, True, ["x"]):
        assert run.refused("pstb.owner", {"owner": bad, "name": "X"}).code == "bad_request"
    assert run.refused("pstb.owner", {"owner": 6, "name": "Alexandra"}, ALEX).code == "forbidden"


def test_private_view_tells_a_phone_whether_it_is_the_owner():
    run = started()
    assert pstb.private_view(run.state, 5) == {"owner": True, "mine": []}
    assert pstb.private_view(run.state, 6)["owner"] is False
    run("pstb.owner", {"owner": "facilitator"})
    assert pstb.private_view(run.state, 5)["owner"] is False


# --- stages and clocks ----------------------------------------------------------------------

def test_stages_go_forward_one_at_a_time_and_back_to_any_earlier():
    run, ids = with_ideas()
    assert run.refused("pstb.stage", {"stage": "benefits"}).code == "conflict"
    assert run.refused("pstb.stage", {"stage": "ideas"}).code == "conflict"  # already there
    assert run.refused("pstb.stage", {"stage": "later"}).code == "bad_request"
    assert run.refused("pstb.stage", {"stage": "selection"}, ALEX).code == "forbidden"
    run.to("statement")
    run.to("ideas")
    assert run.state["stage"] == "ideas"


def test_a_stage_waits_for_what_the_next_needs():
    run = started()
    assert "stated" in run.refused("pstb.stage", {"stage": "ideas"}).message
    run("pstb.statement", {"text": "How to cut late arrivals"}, OWNER)
    run.to("ideas")
    run("pstb.idea", {"text": "Breakfast club"}, ALEX)
    run.to("selection")
    assert run.refused("pstb.stage", {"stage": "benefits"}).code == "conflict"  # nothing chosen


def test_clocks_come_from_the_at_stamps_of_stage_changes():
    run = Run()
    run("pstb.owner", {"owner": "facilitator"})
    run.to("statement")
    start = run.at
    run("pstb.statement", {"text": "tidy the staffroom"})
    run.to("ideas", later=2 * MINUTE)
    stages = {s["id"]: s for s in pstb.view(run.state, "board")["stages"]}
    assert stages["statement"] == {**stages["statement"], "spent_ms": 2 * MINUTE, "since": None}
    assert stages["ideas"]["since"] == start + 2 * MINUTE and stages["ideas"]["spent_ms"] == 0
    run.to("statement", later=5 * MINUTE)  # back: its clock goes on from where it was
    run.to("ideas", later=MINUTE)
    stages = {s["id"]: s for s in pstb.view(run.state, "board")["stages"]}
    assert stages["statement"]["spent_ms"] == 3 * MINUTE and stages["ideas"]["spent_ms"] == 5 * MINUTE
    assert pstb.view(run.state, "board")["started_at"] == start


def test_done_stops_every_clock():
    run, ids, concern = at_critical()
    run.to("actions")
    run.to("done", later=4 * MINUTE)
    view = pstb.view(run.state, "board")
    assert view["stage"] == "done" and all(s["since"] is None for s in view["stages"])
    assert {s["id"]: s["spent_ms"] for s in view["stages"]}["actions"] == 4 * MINUTE
    run.to("actions")  # and back, should the group need more time
    assert run.state["stage"] == "actions"


# --- 1. statement -----------------------------------------------------------------------------

@pytest.mark.parametrize("typed, stored", [
    ("get parents to read the homework diary", "How to get parents to read the homework diary?"),
    ("How to get parents involved?", "How to get parents involved?"),
    ("how to get parents involved.", "How to get parents involved?"),
    ("HOW TO: get parents involved", "How to get parents involved?"),
    ("Improve attendance on Fridays", "How to improve attendance on Fridays?"),
    ("SEND pupils' passports used in planning!", "How to SEND pupils' passports used in planning?"),
    ("  make   TAs part of planning  ", "How to make TAs part of planning?"),
])
def test_the_statement_reads_as_how_to(typed, stored):
    run = started()
    run("pstb.statement", {"text": typed}, OWNER)
    assert run.state["statement"] == stored


def test_only_the_owner_states_the_problem_in_its_stage_and_the_facilitator_any_time():
    run = started()
    assert run.refused("pstb.statement", {"text": "x"}, ALEX).code == "forbidden"
    assert run.refused("pstb.statement", {"text": "How to ?"}, OWNER).code == "empty"
    assert run.refused("pstb.statement", {"text": "   "}, OWNER).code == "empty"
    assert run.refused("pstb.statement", {"text": "x" * 201}, OWNER).code == "too_long"
    run("pstb.statement", {"text": "x" * 200}, OWNER)
    run.to("ideas")
    assert run.refused("pstb.statement", {"text": "later"}, OWNER).code == "closed"
    run("pstb.statement", {"text": "tidy wording"})  # the facilitator corrects it
    assert run.state["statement"] == "How to tidy wording?"


# --- 2. ideas ---------------------------------------------------------------------------------

def test_the_team_adds_ideas_and_the_owner_listens():
    run, ids = with_ideas()
    err = run.refused("pstb.idea", {"text": "Mine"}, OWNER)
    assert err.code == "forbidden" and "listen" in err.message
    run("pstb.idea", {"text": "From the facilitator"})
    assert len(pstb.view(run.state, "board")["ideas"]) == 5
    run.to("selection")
    assert run.refused("pstb.idea", {"text": "Too late"}, ALEX).code == "closed"


def test_an_owner_who_is_the_facilitator_listens_too():
    run = Run()
    run("pstb.owner", {"owner": "facilitator"})
    run.to("statement")
    run("pstb.statement", {"text": "x"})
    run.to("ideas")
    assert run.refused("pstb.idea", {"text": "Mine"}).code == "forbidden"
    run("pstb.idea", {"text": "Theirs"}, ALEX)


def test_each_person_has_an_allowance_of_ideas_and_the_tool_a_cap():
    run, ids = with_ideas()
    for n in range(pstb.PER_PERSON_IDEAS - 2):
        run("pstb.idea", {"text": f"Idea {n}"}, ALEX)
    err = run.refused("pstb.idea", {"text": "one more"}, ALEX)
    assert err.code == "limit" and str(pstb.PER_PERSON_IDEAS) in err.message
    run("pstb.delete", {"item": run.last()}, ALEX)  # deleting does not give the allowance back
    assert run.refused("pstb.idea", {"text": "one more"}, ALEX).code == "limit"
    run("pstb.idea", {"text": "Kim still can"}, KIM)
    crowded = {**run.state, "items": [*run.state["items"], *[
        {**run.state["items"][0], "id": f"x{n}", "author": 100 + n} for n in range(pstb.MAX_IDEAS)]]}
    err = pytest.raises(ToolError, tools.apply, "pstb", crowded,
                        {"type": "pstb.idea", "payload": {"text": "no room"}, "at": 1, "seq": 5000}, KIM).value
    assert err.code == "limit"


# --- 3. selection -----------------------------------------------------------------------------

def test_the_owner_selects_one_to_three_ideas():
    run, ids = with_ideas()
    run.to("selection")
    assert run.refused("pstb.select", {"idea": ids[0], "selected": True}, ALEX).code == "forbidden"
    err = run.refused("pstb.select", {"idea": ids[0], "selected": True})
    assert err.code == "forbidden"  # the facilitator chooses only when they are the owner
    for idea in ids[:3]:
        run("pstb.select", {"idea": idea, "selected": True}, OWNER)
    err = run.refused("pstb.select", {"idea": ids[3], "selected": True}, OWNER)
    assert err.code == "limit" and "3" in err.message
    run("pstb.select", {"idea": ids[0], "selected": False}, OWNER)
    run("pstb.select", {"idea": ids[3], "selected": True}, OWNER)
    assert pstb.view(run.state, "board")["selected"] == ids[1:]
    assert run.refused("pstb.select", {"idea": "nope", "selected": True}, OWNER).code == "not_found"
    assert run.refused("pstb.select", {"idea": ids[0], "selected": "yes"}, OWNER).code == "bad_request"


def test_a_facilitator_owner_selects_and_selection_waits_for_its_stage():
    run = Run()
    run("pstb.owner", {"owner": "facilitator"})
    run.to("statement")
    run("pstb.statement", {"text": "x"})
    run.to("ideas")
    run("pstb.idea", {"text": "An idea"}, ALEX)
    assert run.refused("pstb.select", {"idea": run.last(), "selected": True}).code == "closed"
    run.to("selection")
    run("pstb.select", {"idea": run.last(), "selected": True})
    assert run.state["items"][-1]["selected"] is True


# --- 4. benefits and concerns -------------------------------------------------------------------

def test_the_team_gives_benefits_and_concerns_on_chosen_ideas_only():
    run, ids = with_ideas()
    run.to("selection")
    run("pstb.select", {"idea": ids[0], "selected": True}, OWNER)
    run.to("benefits")
    run("pstb.note", {"idea": ids[0], "kind": "benefit", "text": "Cheap"}, ALEX)
    run("pstb.note", {"idea": ids[0], "kind": "concern", "text": "Phones"}, KIM)
    assert run.refused("pstb.note", {"idea": ids[1], "kind": "benefit", "text": "x"}, ALEX).code == "conflict"
    assert run.refused("pstb.note", {"idea": ids[0], "kind": "benefit", "text": "x"}, OWNER).code == "forbidden"
    assert run.refused("pstb.note", {"idea": ids[0], "kind": "idea", "text": "x"}, ALEX).code == "bad_request"
    assert run.refused("pstb.note", {"idea": ids[0], "kind": "benefit", "text": ""}, ALEX).code == "empty"
    notes = pstb.view(run.state, "board")["notes"]
    assert [(n["kind"], n["text"], n["critical"]) for n in notes] == [("benefit", "Cheap", False),
                                                                      ("concern", "Phones", False)]
    for n in range(pstb.PER_PERSON_NOTES - 1):
        run("pstb.note", {"idea": ids[0], "kind": "benefit", "text": f"b{n}"}, ALEX)
    assert run.refused("pstb.note", {"idea": ids[0], "kind": "concern", "text": "x"}, ALEX).code == "limit"


# --- 5. critical concerns -----------------------------------------------------------------------

def test_anyone_marks_a_concern_critical_and_the_owner_or_facilitator_decides():
    run, ids, concern = at_critical()
    benefit = next(i["id"] for i in run.state["items"] if i["kind"] == "benefit")
    assert run.refused("pstb.critical", {"item": benefit, "critical": True}, ALEX).code == "conflict"
    run("pstb.critical", {"item": concern, "critical": True}, OWNER)
    assert run.refused("pstb.decide", {"item": concern, "decision": "eliminates"}, ALEX).code == "forbidden"
    assert run.refused("pstb.stage", {"stage": "actions"}).code == "conflict"  # undecided
    assert run.refused("pstb.decide", {"item": concern, "decision": "overcome"}, OWNER).code == "bad_request"
    assert run.refused("pstb.decide", {"item": concern, "decision": "eliminates", "text": "x"}).code == "bad_request"
    assert run.refused("pstb.decide", {"item": concern, "decision": "maybe"}).code == "bad_request"
    run("pstb.decide", {"item": concern, "decision": "overcome", "text": "Paper copies for families without"}, OWNER)
    note = next(n for n in pstb.view(run.state, "board")["notes"] if n["id"] == concern)
    assert (note["decision"], note["resolution"]) == ("overcome", "Paper copies for families without")
    assert pstb.view(run.state, "board")["surviving"] == [ids[0], ids[2]]
    run("pstb.decide", {"item": concern, "decision": "eliminates"})
    view = pstb.view(run.state, "board")
    assert view["surviving"] == [ids[0]]
    assert next(i for i in view["ideas"] if i["id"] == ids[2])["eliminated"] is True
    run("pstb.critical", {"item": concern, "critical": False})  # un-marking clears the decision
    assert pstb.view(run.state, "board")["surviving"] == [ids[0], ids[2]]


def test_a_participant_cannot_undo_a_decision_by_unmarking():
    run, ids, concern = at_critical()
    run("pstb.critical", {"item": concern, "critical": True}, ALEX)
    run("pstb.decide", {"item": concern, "decision": "eliminates"}, OWNER)
    assert run.refused("pstb.critical", {"item": concern, "critical": False}, ALEX).code == "forbidden"


def test_actions_wait_while_every_chosen_idea_is_eliminated():
    run, ids, concern = at_critical()
    run("pstb.critical", {"item": concern, "critical": True}, KIM)
    run("pstb.decide", {"item": concern, "decision": "eliminates"}, OWNER)
    run.to("benefits")
    run("pstb.note", {"idea": ids[0], "kind": "concern", "text": "Costs money"}, KIM)
    worry = run.last()
    run.to("critical")
    run("pstb.critical", {"item": worry, "critical": True}, KIM)
    run("pstb.decide", {"item": worry, "decision": "eliminates"})
    err = run.refused("pstb.stage", {"stage": "actions"})
    assert err.code == "conflict" and "eliminated" in err.message


# --- 6. actions, outcomes -------------------------------------------------------------------------

def test_everyone_plans_actions_for_surviving_ideas_and_they_are_the_outcomes():
    run, ids, concern = at_critical()
    run("pstb.critical", {"item": concern, "critical": True}, KIM)
    run("pstb.decide", {"item": concern, "decision": "eliminates"}, OWNER)
    run.to("actions")
    run("pstb.action", {"idea": ids[0], "text": "Draft the text message", "who": "Zebedee", "when": "2027-01-15"},
        OWNER)
    run("pstb.action", {"idea": ids[0], "text": "Ask the office for numbers"}, ALEX)
    run("pstb.action", {"idea": ids[0], "text": "Check the budget", "who": "Business manager", "when": "next week"})
    assert run.refused("pstb.action", {"idea": ids[2], "text": "x"}, ALEX).code == "conflict"  # eliminated
    assert run.refused("pstb.action", {"idea": ids[1], "text": "x"}, ALEX).code == "conflict"  # not chosen
    assert run.refused("pstb.action", {"idea": ids[0], "text": "x", "when": "2027-02-30"}).code == "bad_request"
    assert run.refused("pstb.action", {"idea": ids[0], "text": "x", "who": "y" * 121}).code == "too_long"
    out = pstb.outcomes(run.state)
    assert [(c["text"], c["who"], c["when"], c["group"]) for c in out] == [
        ("Draft the text message", "Zebedee", "2027-01-15", "A weekly text message"),
        ("Ask the office for numbers", "", "", "A weekly text message"),
        ("Check the budget", "Business manager", "next week", "A weekly text message")]
    assert all(c["author_name"] is None for c in out)  # names off
    run("pstb.settings", {"names": True})
    assert pstb.outcomes(run.state)[1]["author_name"] == "Alexandra"
    for n in range(pstb.PER_PERSON_ACTIONS - 1):
        run("pstb.action", {"idea": ids[0], "text": f"a{n}"}, ALEX)
    assert run.refused("pstb.action", {"idea": ids[0], "text": "x"}, ALEX).code == "limit"


# --- moderation --------------------------------------------------------------------------------

def test_the_facilitator_hides_edits_and_deletes_anything_and_a_person_their_own():
    run, ids = with_ideas()
    run("pstb.hide", {"item": ids[0], "hidden": True})
    assert ids[0] not in [i["id"] for i in pstb.view(run.state, "board")["ideas"]]
    assert next(i for i in pstb.view(run.state, "facilitator")["ideas"] if i["id"] == ids[0])["hidden"] is True
    assert run.refused("pstb.hide", {"item": ids[1], "hidden": True}, ALEX).code == "forbidden"
    run("pstb.edit", {"item": ids[1], "text": "Sign it at the door"})
    run("pstb.edit", {"item": ids[1], "text": "Sign it at the gate"}, ALEX)  # Alex wrote it
    assert run.refused("pstb.edit", {"item": ids[2], "text": "mine now"}, ALEX).code == "forbidden"
    assert run.refused("pstb.edit", {"item": ids[0], "text": "x"}, KIM).code == "closed"  # hidden
    assert run.refused("pstb.edit", {"item": ids[1], "who": "x"}).code == "bad_request"  # not an action
    assert run.refused("pstb.edit", {"item": ids[1]}).code == "bad_request"
    run("pstb.delete", {"item": ids[2]})
    assert run.refused("pstb.delete", {"item": ids[2]}).code == "not_found"
    assert run.refused("pstb.delete", {"item": ids[3]}, KIM).code == "forbidden"
    texts = [i["text"] for i in pstb.view(run.state, "board")["ideas"]]
    assert texts == ["Sign it at the gate", "A reading café"]
    assert pstb.private_view(run.state, 6)["mine"] == [ids[1], ids[3]]


def test_hiding_or_deleting_a_chosen_idea_unchooses_it_and_takes_its_notes_off_the_board():
    run, ids, concern = at_critical()
    run("pstb.hide", {"item": ids[2], "hidden": True})
    view = pstb.view(run.state, "board")
    assert view["selected"] == [ids[0]] and all(n["idea"] != ids[2] for n in view["notes"])
    run("pstb.delete", {"item": ids[0]})
    assert pstb.view(run.state, "board")["selected"] == []


# --- views ------------------------------------------------------------------------------------

def test_the_board_shows_no_authors_unless_names_are_on_and_never_ids():
    run, ids = with_ideas()
    board = pstb.view(run.state, "board")
    assert all(i["author"] is None for i in board["ideas"])
    assert "Alexandra" in json.dumps(pstb.view(run.state, "facilitator"))
    run("pstb.settings", {"names": True})
    assert [i["author"] for i in pstb.view(run.state, "participant")["ideas"]][:2] == ["Kimberley", "Alexandra"]
    assert run.refused("pstb.settings", {"names": "yes"}).code == "bad_request"
    assert run.refused("pstb.settings", {"names": False}, ALEX).code == "forbidden"
    room = json.dumps(pstb.view(run.state, "board"))
    assert '"author": 6' not in room and "owner_id" not in room


def test_every_view_and_private_part_fits_the_schema_through_a_whole_run():
    run, ids, concern = at_critical()
    run("pstb.critical", {"item": concern, "critical": True}, KIM)
    run("pstb.decide", {"item": concern, "decision": "overcome", "text": "Paper copies"}, OWNER)
    run("pstb.hide", {"item": ids[3], "hidden": True})
    run.to("actions")
    run("pstb.action", {"idea": ids[0], "text": "Draft it", "who": "Zebedee", "when": "2027-01-15"}, OWNER)
    run.to("done")
    for audience, definition in (("facilitator", "facilitator"), ("board", "room"), ("participant", "room")):
        assert protocol_violation(f"view:pstb:{definition}", pstb.view(run.state, audience)) is None
    for who in (5, 6):
        assert protocol_violation("private", {"version": 1, "activity": 2,
                                              "private": pstb.private_view(run.state, who)}) is None


def test_unknown_intents_and_bad_payloads_are_refused_clearly():
    run = Run()
    assert run.refused("pstb.fly").code == "unknown_intent"
    err = pytest.raises(ToolError, pstb.apply, run.state, {"type": "pstb.idea", "payload": [], "at": 1, "seq": 2},
                        ALEX).value
    assert err.code == "bad_request"
    assert not pstb.has_contributions(run.state)


def test_an_action_plan_takes_a_pstb_actions_who_and_when_cut_to_fit():
    from workshop.tools import action_plan

    cards = [{"text": "Draft it", "who": "Zebedee", "when": "2027-01-15"},
             {"text": "Check it", "who": "x" * 200, "when": "2027-02-30"},  # not a real date: left to the group
             {"text": "Plain card"}]
    state = tools.apply("action_plan", action_plan.initial_state({}),
                        {"type": "action.import", "payload": {"cards": cards}, "at": 5, "seq": 9}, FAC)
    got = [(a["text"], a["who"], a["when"]) for a in state["actions"]]
    assert got == [("Draft it", "Zebedee", "2027-01-15"), ("Check it", "x" * action_plan.MAX_WHO, ""),
                   ("Plain card", "", "")]
