"""Five whys as a pure reducer plus its views, private view and outcomes."""
from __future__ import annotations

import copy
import json

import pytest

from workshop import tools
from workshop.tools import five_whys
from workshop.tools.base import Actor, ToolError

FAC = Actor("facilitator")
SAM = Actor("participant", participant=5, name="Zebedee")  # a name no test text contains
ALEX = Actor("participant", participant=6, name="Alexandra")
KIM = Actor("participant", participant=7, name="Kimberley")
AUDIENCES = ("facilitator", "board", "participant")
PROBLEM = "KS3 pupils with SEND make less progress"


def intent(kind: str, payload=None, *, seq: int = 900, at: int = 50_000) -> dict:
    return {"type": kind, "payload": {} if payload is None else payload, "at": at, "seq": seq}


def act(state: dict, kind: str, payload=None, actor: Actor = FAC, *, seq: int = 900) -> dict:
    before = copy.deepcopy(state)
    after = tools.apply("five_whys", state, intent(kind, payload, seq=seq), actor)
    assert state == before, f"{kind} mutated the state it was given"
    json.dumps(after)
    return after


def answer(state: dict, text: str, actor: Actor = SAM, *, seq: int, parent=None) -> dict:
    payload = {"text": text} if parent is None else {"text": text, "parent": parent}
    return act(state, "whys.answer", payload, actor, seq=seq)


def whys(**config) -> dict:
    return five_whys.initial_state({"problem": PROBLEM, "anonymous": False, **config})  # named; the default is anonymous


def started() -> dict:
    """Problem set; c1 (Sam) and c2 (Alex) proposed to it; c1 accepted (current); c3 (Alex) proposed to c1."""
    s = act(whys(), "activity.open")
    s = answer(s, "adaptations vary from room to room", SAM, seq=1)
    s = answer(s, "TAs are briefed at the door", ALEX, seq=2)
    s = act(s, "whys.accept", {"answer": "c1"})
    s = answer(s, "pupil passports are not used", ALEX, seq=3)
    return s


def branched() -> dict:
    """started(), plus c2 accepted as a second branch (current stays c1), c3 accepted, c4 under c3
    accepted and marked root cause; c5 (Sam) proposed under c2, c6 (Kim) rejected under c2."""
    s = act(started(), "whys.accept", {"answer": "c2", "follow": False})
    s = act(s, "whys.accept", {"answer": "c3"})
    s = answer(s, "passports are twelve pages long", KIM, seq=4)
    s = act(s, "whys.accept", {"answer": "c4"})
    s = act(s, "whys.root", {"answer": "c4", "root": True})
    s = answer(s, "no time before lessons", SAM, seq=5, parent="c2")
    s = answer(s, "something unkind", KIM, seq=6, parent="c2")
    return act(s, "whys.reject", {"answer": "c6"})


def answers(state: dict, audience: str = "facilitator") -> dict[str, dict]:
    return {a["id"]: a for a in five_whys.view(state, audience)["answers"]}


def assert_rejected(state: dict, kind: str, payload, actor: Actor, code: str) -> None:
    before = copy.deepcopy(state)
    with pytest.raises(ToolError) as err:
        tools.apply("five_whys", state, {"type": kind, "payload": payload, "at": 60_000, "seq": 77}, actor)
    assert err.value.code == code, err.value.message
    assert err.value.message
    assert state == before, "a rejected intent mutated the state"


# --- initial state and config ----------------------------------------------------------------

def test_initial_state_from_config():
    s = five_whys.initial_state({"problem": "  Too   many  exclusions ", "anonymous": True, "target": 4})
    assert s == {"open": False, "revealed": False, "problem": "Too many exclusions", "problem_source": None,
                 "anonymous": True, "target": 4, "readback": False, "current": "problem",
                 "answers": [], "vote": None}
    blank = five_whys.initial_state(None)
    assert blank["problem"] == "" and blank["target"] == 5 and blank["anonymous"] is True
    assert five_whys.initial_state({"target": 99, "problem": 3})["target"] == 5
    assert not five_whys.has_contributions(s)


def test_view_of_a_fresh_activity_asks_why_one_of_the_problem():
    view = five_whys.view(whys(), "board")
    assert view["question"] == {"id": "problem", "text": PROBLEM, "why": 1, "root_cause": False}
    assert view["answers"] == [] and view["chains"] == [] and view["vote"] is None and view["count"] == 0


# --- proposing ------------------------------------------------------------------------------

def test_answer_goes_to_the_current_question():
    s = answer(whys(), "  adaptations   vary ", SAM, seq=12)
    assert answers(s, "board")["c12"] == {"id": "c12", "text": "adaptations vary", "parent": "problem",
                                          "status": "proposed", "level": 1, "author": "Zebedee",
                                          "source": None, "root_cause": False}
    assert five_whys.has_contributions(s)
    assert five_whys.view(s, "board")["count"] == 1
    s = answer(started(), "next level", SAM, seq=20)
    assert answers(s)["c20"]["parent"] == "c1" and answers(s)["c20"]["level"] == 2


def test_answer_to_a_named_question_lands_there_even_after_the_facilitator_moved_on():
    s = answer(started(), "late answer to the problem", KIM, seq=30, parent="problem")
    assert answers(s)["c30"]["parent"] == "problem"
    s = answer(branched(), "why 3 for branch one", KIM, seq=31, parent="c3")
    assert answers(s)["c31"]["level"] == 3


def test_anonymous_answers_have_no_author_for_anyone():
    s = act(whys(), "whys.settings", {"anonymous": True})
    s = answer(s, "quiet answer", SAM, seq=2)
    for audience in AUDIENCES:
        assert answers(s, audience)["c2"]["author"] is None
        assert "Zebedee" not in json.dumps(five_whys.view(s, audience))
    s = act(s, "whys.settings", {"anonymous": False})
    assert answers(s)["c2"]["author"] is None  # switching back does not reveal it
    assert "Zebedee" not in json.dumps(five_whys.outcomes(s))


def test_participant_edits_and_withdraws_own_proposal():
    s = act(started(), "whys.edit", {"answer": "c3", "text": "passports go unread"}, ALEX)
    assert answers(s)["c3"]["text"] == "passports go unread"
    s = act(s, "whys.withdraw", {"answer": "c3"}, ALEX)
    for audience in AUDIENCES:
        assert "c3" not in answers(s, audience)
    assert five_whys.private_view(s, 6)["mine"] == [
        {"id": "c2", "text": "TAs are briefed at the door", "parent": "problem", "status": "proposed",
         "root_cause": False}]


def test_facilitator_edits_proposals_and_accepted_answers():
    s = act(started(), "whys.edit", {"answer": "c1", "text": "adaptation varies a lot"})
    s = act(s, "whys.edit", {"answer": "c3", "text": "passports unused"})
    assert answers(s)["c1"]["text"] == "adaptation varies a lot" and answers(s)["c1"]["status"] == "accepted"
    assert five_whys.view(s, "board")["question"]["text"] == "adaptation varies a lot"


def test_facilitator_answers_have_no_author():
    s = answer(whys(), "from the front", FAC, seq=3)
    assert answers(s)["c3"]["author"] is None and five_whys.private_view(s, 5)["mine"] == []


# --- accepting, branching, stepping up ---------------------------------------------------------

def test_accept_makes_the_answer_the_next_why():
    s = started()
    view = five_whys.view(s, "board")
    assert view["current"] == "c1"
    assert view["question"] == {"id": "c1", "text": "adaptations vary from room to room", "why": 2, "root_cause": False}
    assert view["chains"] == [{"path": ["c1"], "root_cause": False}]
    assert answers(s)["c2"]["status"] == "proposed"


def test_accepting_two_answers_at_one_level_branches_and_each_branch_goes_on():
    s = branched()
    view = five_whys.view(s, "board")
    assert view["chains"] == [{"path": ["c1", "c3", "c4"], "root_cause": True},
                              {"path": ["c2"], "root_cause": False}]
    assert view["current"] == "c4" and view["question"]["root_cause"] is True
    s = act(s, "whys.current", {"node": "c2"})
    assert five_whys.view(s, "board")["question"] == {"id": "c2", "text": "TAs are briefed at the door",
                                                      "why": 2, "root_cause": False}
    s = answer(s, "no slot in the timetable", SAM, seq=40)
    s = act(s, "whys.accept", {"answer": "c40"})
    assert [c["path"] for c in five_whys.view(s, "board")["chains"]] == [["c1", "c3", "c4"], ["c2", "c40"]]
    s = act(s, "whys.current", {"node": "problem"})
    assert five_whys.view(s, "board")["question"]["why"] == 1


def test_accept_without_follow_keeps_the_current_question():
    s = act(started(), "whys.accept", {"answer": "c2", "follow": False})
    assert five_whys.view(s, "board")["current"] == "c1"


def test_up_moves_the_question_up_and_keeps_the_answer():
    s = act(started(), "whys.up")
    assert five_whys.view(s, "board")["current"] == "problem"
    assert answers(s)["c1"]["status"] == "accepted"


def test_unaccept_a_leaf_moves_up_and_sets_its_answers_aside():
    s = act(started(), "whys.unaccept", {"answer": "c1"})
    view = five_whys.view(s, "board")
    assert view["current"] == "problem" and view["chains"] == []
    assert answers(s)["c1"]["status"] == "proposed"
    assert "c3" not in answers(s)  # it answered c1, which is no longer in the chain
    assert five_whys.private_view(s, 6)["mine"][1]["status"] == "set_aside"
    s = act(s, "whys.accept", {"answer": "c1"})
    assert answers(s)["c3"]["status"] == "proposed"  # back with its question


def test_unaccept_another_leaf_keeps_the_current_question():
    s = act(branched(), "whys.unaccept", {"answer": "c2"})
    assert five_whys.view(s, "board")["current"] == "c4"
    assert answers(s)["c2"]["status"] == "proposed"


def test_unaccept_of_a_root_cause_clears_the_mark():
    s = act(branched(), "whys.unaccept", {"answer": "c4"})
    assert answers(s)["c4"]["root_cause"] is False and five_whys.outcomes(s) == []
    assert five_whys.view(s, "board")["current"] == "c3"


def test_mark_and_unmark_root_cause():
    s = act(started(), "whys.root", {"answer": "c1", "root": True})
    assert answers(s, "board")["c1"]["root_cause"] is True
    assert five_whys.view(s, "board")["chains"] == [{"path": ["c1"], "root_cause": True}]
    s = act(s, "whys.root", {"answer": "c1", "root": False})
    assert answers(s)["c1"]["root_cause"] is False and five_whys.outcomes(s) == []


def test_reject_and_restore():
    s = act(started(), "whys.reject", {"answer": "c2"})
    assert answers(s)["c2"]["status"] == "rejected"
    for audience in ("board", "participant"):
        assert "c2" not in answers(s, audience)
    assert five_whys.view(s, "board")["count"] == 1
    assert five_whys.private_view(s, 6)["mine"][0]["status"] == "rejected"
    s = act(s, "whys.restore", {"answer": "c2"})
    assert answers(s, "board")["c2"]["status"] == "proposed"


def test_readback_problem_and_settings():
    s = act(started(), "whys.readback", {"on": True})
    assert five_whys.view(s, "board")["readback"] is True
    s = act(s, "whys.problem", {"text": " Pupils with SEND   fall behind "})
    assert five_whys.view(s, "board")["problem"] == "Pupils with SEND fall behind"
    s = act(s, "whys.settings", {"target": 7})
    assert five_whys.view(s, "board")["target"] == 7
    s = act(s, "whys.readback", {"on": False})
    assert five_whys.view(s, "board")["readback"] is False


def test_problem_can_be_set_on_an_empty_activity_then_answered():
    s = act(five_whys.initial_state({}), "whys.problem", {"text": "Attendance dips on Fridays"})
    s = answer(s, "clubs are on Thursday nights", SAM, seq=3)
    assert answers(s)["c3"]["parent"] == "problem"


# --- votes -----------------------------------------------------------------------------

def voting() -> dict:
    """started(), with c7 (Kim) also under c1 and a vote on c3 and c7: Sam and Kim chose c7."""
    s = answer(started(), "staff don't know where passports are", KIM, seq=7)
    s = act(s, "activity.reveal")
    s = act(s, "whys.vote_start", seq=8)
    s = act(s, "whys.vote", {"answer": "c3"}, SAM)
    s = act(s, "whys.vote", {"answer": "c7"}, SAM)  # changed their mind
    return act(s, "whys.vote", {"answer": "c7"}, KIM)


def test_vote_start_takes_the_current_questions_proposals_and_starts_hidden():
    s = voting()
    assert s["revealed"] is False
    board = five_whys.view(s, "board")["vote"]
    assert board == {"id": "v8", "parent": "c1", "options": ["c3", "c7"], "open": True, "voters": 2, "tally": None}
    assert five_whys.view(s, "participant")["vote"]["tally"] is None
    assert five_whys.view(s, "facilitator")["vote"]["tally"] == {"c3": 0, "c7": 2}
    for audience in ("board", "participant"):
        assert '"ballots"' not in json.dumps(five_whys.view(s, audience))


def test_each_phone_sees_only_its_own_vote():
    s = voting()
    assert five_whys.private_view(s, 5)["vote"] == "c7"
    assert five_whys.private_view(s, 5)["vote_id"] == "v8"
    assert five_whys.private_view(s, 7)["vote"] == "c7"
    assert five_whys.private_view(s, 6)["vote"] is None
    s = act(s, "whys.vote", {"answer": None}, SAM)
    assert five_whys.private_view(s, 5)["vote"] is None
    assert five_whys.view(s, "facilitator")["vote"]["voters"] == 1


def test_reveal_shows_the_tally_and_accepting_closes_the_vote():
    s = act(act(voting(), "whys.vote_end"), "activity.reveal")
    assert five_whys.view(s, "board")["vote"]["tally"] == {"c3": 0, "c7": 2}
    assert five_whys.view(s, "board")["vote"]["open"] is False
    s = act(act(voting(), "whys.accept", {"answer": "c7"}), "activity.reveal")
    assert five_whys.view(s, "board")["vote"]["open"] is False
    assert five_whys.view(s, "board")["current"] == "c7"


def test_vote_with_chosen_options_and_clear():
    s = answer(voting(), "a third view", ALEX, seq=9)
    s = act(s, "whys.vote_clear")
    assert five_whys.view(s, "board")["vote"] is None
    s = act(s, "whys.vote_start", {"options": ["c9", "c3"]}, seq=10)
    assert five_whys.view(s, "board")["vote"]["options"] == ["c9", "c3"]


def test_unaccepting_the_question_of_a_running_vote_closes_it():
    s = act(voting(), "whys.unaccept", {"answer": "c1"})
    vote = five_whys.view(s, "facilitator")["vote"]
    assert vote["open"] is False and vote["options"] == []  # its options are set aside with c1
    assert_rejected(s, "whys.vote", {"answer": "c7"}, KIM, "closed")


def test_rejecting_an_option_drops_it_and_its_ballots():
    s = act(voting(), "whys.reject", {"answer": "c7"})
    vote = five_whys.view(s, "facilitator")["vote"]
    assert vote["options"] == ["c3"] and vote["tally"] == {"c3": 0} and vote["voters"] == 0
    assert five_whys.private_view(s, 5)["vote"] is None


# --- import and outcomes ------------------------------------------------------------------

INCOMING = [{"text": "from the fishbone", "author_name": "Zebedee", "source": {"activity": 3, "card": "c9"}},
            {"text": "anonymous cause " + "x" * 300, "author_name": None, "source": {"activity": 3, "card": "c11"}}]


def test_import_makes_proposed_answers_to_the_current_question_keeping_source():
    s = act(started(), "whys.import", {"cards": INCOMING}, seq=40)
    got = answers(s, "board")
    assert got["c40-0"] == {"id": "c40-0", "text": "from the fishbone", "parent": "c1", "status": "proposed",
                            "level": 2, "author": "Zebedee", "source": {"activity": 3, "card": "c9"},
                            "root_cause": False}
    assert got["c40-1"]["author"] is None and len(got["c40-1"]["text"]) == five_whys.MAX_TEXT
    assert got["c40-1"]["text"].endswith("…")
    assert five_whys.private_view(s, 5)["mine"][0]["id"] == "c1"  # imported answers are nobody's


def test_import_as_problem_sets_the_problem_with_its_source():
    s = act(five_whys.initial_state({}), "whys.import", {"cards": INCOMING, "as": "problem"})
    view = five_whys.view(s, "board")
    assert view["problem"] == "from the fishbone" and view["problem_source"] == {"activity": 3, "card": "c9"}
    assert view["answers"] == []


def test_an_imported_root_cause_keeps_its_source_in_the_outcomes():
    s = act(started(), "whys.import", {"cards": INCOMING[:1]}, seq=40)
    s = act(s, "whys.accept", {"answer": "c40-0"})
    s = act(s, "whys.root", {"answer": "c40-0", "root": True})
    assert five_whys.outcomes(s)[0]["source"] == {"activity": 3, "card": "c9"}


def test_outcomes_are_root_causes_with_their_chain_in_tree_order():
    s = act(branched(), "whys.accept", {"answer": "c5"})
    s = act(s, "whys.root", {"answer": "c5", "root": True})
    assert five_whys.outcomes(s) == [
        {"id": "c4", "text": "passports are twelve pages long", "author_name": "Kimberley", "group": PROBLEM,
         "source": None, "depth": 3, "branch": "adaptations vary from room to room",
         "chain": [PROBLEM, "adaptations vary from room to room", "pupil passports are not used",
                   "passports are twelve pages long"]},
        {"id": "c5", "text": "no time before lessons", "author_name": "Zebedee", "group": PROBLEM,
         "source": None, "depth": 2, "branch": "TAs are briefed at the door",
         "chain": [PROBLEM, "TAs are briefed at the door", "no time before lessons"]},
    ]


def test_private_view_lists_own_answers_with_status():
    s = branched()
    assert five_whys.private_view(s, 5) == {"vote": None, "vote_id": None, "mine": [
        {"id": "c1", "text": "adaptations vary from room to room", "parent": "problem", "status": "accepted",
         "root_cause": False},
        {"id": "c5", "text": "no time before lessons", "parent": "c2", "status": "proposed", "root_cause": False}]}
    assert five_whys.private_view(s, 7)["mine"][0]["root_cause"] is True
    assert five_whys.private_view(s, 99) == {"mine": [], "vote": None, "vote_id": None}


def test_views_never_carry_participant_ids_or_rejected_text_to_the_room():
    s = voting()
    s = act(s, "whys.reject", {"answer": "c2"})
    for audience in AUDIENCES:
        text = json.dumps(five_whys.view(s, audience))
        assert '"author": 5' not in text and "ballots" not in text
        assert ("TAs are briefed at the door" in text) is (audience == "facilitator")


@pytest.mark.parametrize("kind, key, value", [
    ("activity.open", "open", True), ("activity.close", "open", False),
    ("activity.reveal", "revealed", True), ("activity.conceal", "revealed", False)])
def test_stage_intents(kind, key, value):
    s = act({**branched(), "open": not value, "revealed": not value}, kind)
    assert s[key] is value


# --- rejections ----------------------------------------------------------------------------

REJECTIONS = [
    # text
    ("whys.answer", {"text": ""}, SAM, "empty"),
    ("whys.answer", {"text": "  \n "}, SAM, "empty"),
    ("whys.answer", {"text": "x" * 201}, SAM, "too_long"),
    ("whys.answer", {"text": 5}, SAM, "bad_request"),
    ("whys.answer", {}, SAM, "bad_request"),
    ("whys.edit", {"answer": "c5", "text": " "}, SAM, "empty"),
    ("whys.edit", {"answer": "c5", "text": "y" * 201}, SAM, "too_long"),
    ("whys.problem", {"text": ""}, FAC, "empty"),
    ("whys.problem", {"text": "p" * 301}, FAC, "too_long"),
    # questions that can't be answered
    ("whys.answer", {"text": "ok", "parent": "c99"}, SAM, "not_found"),
    ("whys.answer", {"text": "ok", "parent": "c5"}, SAM, "conflict"),  # c5 is only proposed
    ("whys.answer", {"text": "ok", "parent": "c6"}, SAM, "conflict"),  # rejected
    ("whys.answer", {"text": "ok", "parent": "c4"}, SAM, "conflict"),  # a root cause
    ("whys.answer", {"text": "ok", "parent": 4}, SAM, "bad_request"),
    # ownership, accepted and rejected answers
    ("whys.edit", {"answer": "c5", "text": "mine now"}, ALEX, "forbidden"),
    ("whys.withdraw", {"answer": "c5"}, ALEX, "forbidden"),
    ("whys.edit", {"answer": "c1", "text": "changed"}, SAM, "closed"),  # accepted
    ("whys.withdraw", {"answer": "c1"}, SAM, "closed"),
    ("whys.edit", {"answer": "c6", "text": "sneaky"}, KIM, "closed"),  # rejected
    ("whys.withdraw", {"answer": "c6"}, KIM, "closed"),
    ("whys.edit", {"answer": "c6", "text": "tidied"}, FAC, "conflict"),
    ("whys.accept", {"answer": "c6"}, FAC, "conflict"),
    ("whys.reject", {"answer": "c6"}, FAC, "conflict"),
    ("whys.withdraw", {"answer": "c1"}, FAC, "conflict"),
    # facilitator steps from a participant
    *[(kind, payload, SAM, "forbidden") for kind, payload in [
        ("whys.accept", {"answer": "c5"}), ("whys.reject", {"answer": "c5"}), ("whys.restore", {"answer": "c6"}),
        ("whys.unaccept", {"answer": "c2"}), ("whys.up", {}), ("whys.current", {"node": "c2"}),
        ("whys.root", {"answer": "c2", "root": True}), ("whys.readback", {"on": True}),
        ("whys.problem", {"text": "mine"}), ("whys.settings", {"anonymous": True}),
        ("whys.vote_start", {}), ("whys.vote_end", {}), ("whys.vote_clear", {}), ("whys.import", {"cards": []}),
        ("activity.reveal", {})]],
    # answers that are not there or not in a state for that step
    ("whys.accept", {"answer": "c99"}, FAC, "not_found"),
    ("whys.accept", {"answer": "c1"}, FAC, "conflict"),  # already accepted
    ("whys.accept", {}, FAC, "bad_request"),
    ("whys.accept", {"answer": "c5", "follow": "yes"}, FAC, "bad_request"),
    ("whys.restore", {"answer": "c5"}, FAC, "conflict"),
    ("whys.unaccept", {"answer": "c1"}, FAC, "conflict"),  # has answers below it
    ("whys.unaccept", {"answer": "c5"}, FAC, "conflict"),  # only proposed
    ("whys.current", {"node": "c5"}, FAC, "conflict"),
    ("whys.current", {"node": "c99"}, FAC, "not_found"),
    ("whys.current", {}, FAC, "bad_request"),
    # root causes: leaves of a chain only
    ("whys.root", {"answer": "c3", "root": True}, FAC, "conflict"),  # not a leaf
    ("whys.root", {"answer": "c1", "root": True}, FAC, "conflict"),
    ("whys.root", {"answer": "c5", "root": True}, FAC, "conflict"),  # not accepted
    ("whys.root", {"answer": "c99", "root": True}, FAC, "not_found"),
    ("whys.root", {"answer": "c2"}, FAC, "bad_request"),
    # settings
    ("whys.readback", {"on": "yes"}, FAC, "bad_request"),
    ("whys.settings", {}, FAC, "bad_request"),
    ("whys.settings", {"target": 0}, FAC, "bad_request"),
    ("whys.settings", {"target": 13}, FAC, "bad_request"),
    ("whys.settings", {"target": True}, FAC, "bad_request"),
    ("whys.settings", {"colour": "red"}, FAC, "bad_request"),
    # votes
    ("whys.vote", {"answer": "c5"}, SAM, "closed"),  # no vote running
    ("whys.vote_end", {}, FAC, "conflict"),
    ("whys.vote_clear", {}, FAC, "conflict"),
    ("whys.vote_start", {}, FAC, "conflict"),  # current c4 has no proposals
    # import
    ("whys.import", {"cards": []}, FAC, "bad_request"),
    ("whys.import", {"cards": "x"}, FAC, "bad_request"),
    ("whys.import", {"cards": INCOMING, "as": "bones"}, FAC, "bad_request"),
    ("whys.import", {"cards": INCOMING}, FAC, "conflict"),  # the current question is a root cause
    # unknown
    ("whys.explode", {}, FAC, "unknown_intent"),
    ("idea.add", {"text": "x"}, SAM, "unknown_intent"),
]


@pytest.mark.parametrize("kind, payload, actor, code", REJECTIONS,
                         ids=[f"{k}-{c}-{n}" for n, (k, _, _, c) in enumerate(REJECTIONS)])
def test_rejected_intents_change_nothing(kind, payload, actor, code):
    assert_rejected(branched(), kind, payload, actor, code)


VOTE_REJECTIONS = [
    ("whys.vote", {"answer": "c2"}, SAM, "conflict"),  # not an option
    ("whys.vote", {"answer": "c99"}, SAM, "not_found"),
    ("whys.vote", {"answer": "c3"}, FAC, "forbidden"),
    ("whys.vote_start", {}, FAC, "conflict"),  # already running
    ("whys.edit", {"answer": "c7", "text": "new"}, KIM, "conflict"),  # in the vote
    ("whys.withdraw", {"answer": "c7"}, KIM, "conflict"),
]


@pytest.mark.parametrize("kind, payload, actor, code", VOTE_REJECTIONS)
def test_rejected_vote_intents_change_nothing(kind, payload, actor, code):
    assert_rejected(voting(), kind, payload, actor, code)


@pytest.mark.parametrize("payload, code", [
    ({"options": ["c3"]}, "conflict"),  # one option is no vote
    ({"options": ["c3", "c2"]}, "conflict"),  # c2 answers another question
    ({"options": ["c3", "c99"]}, "not_found"),
    ({"options": "c3"}, "bad_request"),
])
def test_vote_start_checks_its_options(payload, code):
    s = answer(started(), "staff don't know where passports are", KIM, seq=7)
    assert_rejected(s, "whys.vote_start", payload, FAC, code)


def test_vote_after_it_ended_is_refused():
    assert_rejected(act(voting(), "whys.vote_end"), "whys.vote", {"answer": "c3"}, ALEX, "closed")


def test_no_answers_before_the_problem_is_set():
    assert_rejected(five_whys.initial_state({}), "whys.answer", {"text": "why not"}, SAM, "conflict")
    assert_rejected(five_whys.initial_state({}), "whys.import", {"cards": INCOMING}, FAC, "conflict")


def test_up_from_the_problem_is_refused():
    assert_rejected(whys(), "whys.up", {}, FAC, "conflict")


def test_accepting_under_a_set_aside_question_is_refused():
    s = act(started(), "whys.unaccept", {"answer": "c1"})
    assert_rejected(s, "whys.accept", {"answer": "c3"}, FAC, "conflict")


def test_accepting_below_a_root_cause_is_refused():
    s = answer(started(), "one more", SAM, seq=50)
    s = act(s, "whys.root", {"answer": "c1", "root": True})
    assert_rejected(s, "whys.accept", {"answer": "c50"}, FAC, "conflict")
