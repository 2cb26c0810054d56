"""Five whys: a problem, then "why?" answered and asked again until a root cause.

State:
    {"open", "revealed", "problem": str, "problem_source": {"activity", "card"} | None,
     "anonymous": bool, "target": int (the guide depth, 5), "readback": bool,
     "current": "problem" | answer id (the question being asked now),
     "answers": [answer...], "vote": None | vote}
An answer (see base.new_card) also has "parent" ("problem" or an accepted answer's id),
"status" ("proposed" | "accepted" | "rejected" | "withdrawn") and "root_cause" (bool).
Accepted answers form a tree under the problem; accepting two answers to one question branches
it. A vote: {"id", "parent", "options": [answer ids], "open": bool, "ballots": {participant: answer}}.
Views, outcomes and the tree helpers live in five_whys_views.py.
"""
from __future__ import annotations

from .base import (Actor, ToolError, anonymity_field, bool_field, check_own_allowance, id_field, initial_stage,
                   new_card, require_facilitator, text_field)
from .five_whys_views import (PROBLEM, attached, children, has_contributions, outcomes, private_view,  # noqa: F401
                              view)

name = "five_whys"
title = "Five whys"
when = 'To get from a problem to its root cause by asking "why?" again and again, about five times.'
prefix = "whys."

MAX_TEXT = 200
MAX_PROBLEM = 300
MAX_ANSWERS = 600  # answers in play (rejected and withdrawn ones make room again)
PER_PERSON_ANSWERS = 30  # answers one participant may give in one five whys
MIN_TARGET, MAX_TARGET, TARGET = 1, 12, 5


def _target(value) -> int:
    if type(value) is not int or not MIN_TARGET <= value <= MAX_TARGET:
        raise ToolError("bad_request", f"The depth guide must be a whole number from {MIN_TARGET} to {MAX_TARGET}.")
    return value


def initial_state(config: dict | None = None) -> dict:
    config = config or {}
    problem = config.get("problem")
    problem = " ".join(problem.split())[:MAX_PROBLEM] if isinstance(problem, str) else ""
    target = config.get("target", TARGET)
    target = target if type(target) is int and MIN_TARGET <= target <= MAX_TARGET else TARGET
    return {**initial_stage(), "problem": problem, "problem_source": None,
            "anonymous": bool(config.get("anonymous", True)), "target": target, "readback": False,
            "current": PROBLEM, "answers": [], "vote": None}


# --- helpers ---------------------------------------------------------------------------

def _find(state: dict, answer_id: str) -> dict:
    for answer in state["answers"]:
        if answer["id"] == answer_id and answer["status"] != "withdrawn":
            return answer
    raise ToolError("not_found", "That answer no longer exists.")


def _answer(state: dict, payload: dict, key: str = "answer") -> dict:
    return _find(state, id_field(payload, key, "answer"))


def _replace(state: dict, answer_id: str, **changes) -> dict:
    return {**state, "answers": [{**a, **changes} if a["id"] == answer_id else a for a in state["answers"]]}


def _question(state: dict, node_id: str) -> str:
    """A question that can be asked: the problem or an accepted answer."""
    if node_id == PROBLEM:
        return PROBLEM
    node = _find(state, node_id)
    if node["status"] != "accepted":
        raise ToolError("conflict", "Only the problem or an accepted answer can be asked 'why?'.")
    return node_id


def _in_open_vote(state: dict, answer_id: str) -> bool:
    vote = state["vote"]
    return bool(vote and vote["open"] and answer_id in vote["options"])


def _drop_from_vote(state: dict, answer_id: str) -> dict:
    """An option that leaves the running vote takes its ballots with it."""
    vote = state["vote"]
    if not vote or answer_id not in vote["options"]:
        return state
    ballots = {p: a for p, a in vote["ballots"].items() if a != answer_id}
    options = [o for o in vote["options"] if o != answer_id]
    return {**state, "vote": {**vote, "options": options, "ballots": ballots}}


def _proposal_for_participant(answer: dict, actor: Actor, state: dict) -> None:
    """A participant may change only their own answers, and only while they are proposals."""
    if actor.is_facilitator:
        return
    if answer["author"] != actor.participant:
        raise ToolError("forbidden", "You can only change your own answers.")
    if answer["status"] == "accepted":
        raise ToolError("closed", "That answer has been accepted; only the facilitator can change it now.")
    if answer["status"] == "rejected":
        raise ToolError("closed", "The facilitator has set that answer aside; it can't be changed now.")
    if _in_open_vote(state, answer["id"]):
        raise ToolError("conflict", "That answer is in a vote right now; it can't be changed until the vote ends.")


def _not_rejected(answer: dict) -> None:
    if answer["status"] == "rejected":
        raise ToolError("conflict", "That answer was rejected; restore it first.")


# --- intents: proposing --------------------------------------------------------------------

def _parent(state: dict, payload: dict) -> str:
    """The question an answer is for: the one named in the payload (what the phone saw), else
    the current one."""
    parent = payload.get("parent")
    if parent is None:
        parent = state["current"]
    elif parent != PROBLEM:
        parent = id_field(payload, "parent", "question")
    return _open_question(state, parent)


def _open_question(state: dict, parent: str) -> str:
    if not state["problem"]:
        raise ToolError("conflict", "The facilitator hasn't set the problem yet.")
    parent = _question(state, parent)
    if parent != PROBLEM and _find(state, parent)["root_cause"]:
        raise ToolError("conflict", "That chain ends at a root cause; there is no further 'why?' to answer.")
    return parent


def _new_answer(state, card_id, text, *, parent, author, author_name, anonymous, at, source=None) -> dict:
    return new_card(card_id, text, author=author, author_name=author_name, anonymous=anonymous, at=at,
                    source=source, parent=parent, status="proposed", root_cause=False)


def _in_play(state: dict) -> int:
    """What counts against MAX_ANSWERS: answers not rejected or withdrawn."""
    return sum(1 for a in state["answers"] if a["status"] in ("proposed", "accepted"))


def _answer_intent(state, payload, actor, intent):
    text = text_field(payload, "text", limit=MAX_TEXT, what="An answer")
    parent = _parent(state, payload)
    if _in_play(state) >= MAX_ANSWERS:
        raise ToolError("limit", "This activity has taken as many answers as it can.")
    check_own_allowance(state["answers"], actor, PER_PERSON_ANSWERS, "answers")
    answer = _new_answer(state, f"c{intent['seq']}", text, parent=parent, author=actor.participant,
                         author_name=actor.name, anonymous=state["anonymous"], at=intent["at"])
    return {**state, "answers": [*state["answers"], answer]}


def _edit(state, payload, actor, intent):
    answer = _answer(state, payload)
    _proposal_for_participant(answer, actor, state)
    _not_rejected(answer)
    return _replace(state, answer["id"], text=text_field(payload, "text", limit=MAX_TEXT, what="An answer"))


def _withdraw(state, payload, actor, intent):
    answer = _answer(state, payload)
    _proposal_for_participant(answer, actor, state)
    if answer["status"] != "proposed":
        raise ToolError("conflict", "Only a proposed answer can be withdrawn; step back up to un-accept one.")
    return _drop_from_vote(_replace(state, answer["id"], status="withdrawn"), answer["id"])


# --- intents: the facilitator's steps -----------------------------------------------------

def _proposal(state: dict, payload: dict) -> dict:
    answer = _answer(state, payload)
    _not_rejected(answer)
    if answer["status"] != "proposed":
        raise ToolError("conflict", "That answer has already been accepted.")
    return answer


def _reject(state, payload, actor, intent):
    require_facilitator(actor)
    answer = _proposal(state, payload)
    return _drop_from_vote(_replace(state, answer["id"], status="rejected"), answer["id"])


def _restore(state, payload, actor, intent):
    require_facilitator(actor)
    answer = _answer(state, payload)
    if answer["status"] != "rejected":
        raise ToolError("conflict", "Only a rejected answer can be restored.")
    return _replace(state, answer["id"], status="proposed")


def _accept(state, payload, actor, intent):
    require_facilitator(actor)
    answer = _proposal(state, payload)
    follow = payload.get("follow", True)
    if not isinstance(follow, bool):
        raise ToolError("bad_request", "'follow' must be true or false.")
    if not attached(state, answer):
        raise ToolError("conflict", "The question this answers is no longer in the chain; accept that first.")
    if answer["parent"] != PROBLEM and _find(state, answer["parent"])["root_cause"]:
        raise ToolError("conflict", "The answer above is marked as a root cause; unmark it to go deeper.")
    new = _replace(state, answer["id"], status="accepted")
    vote = new["vote"]
    if vote and vote["open"] and vote["parent"] == answer["parent"]:
        new = {**new, "vote": {**vote, "open": False}}  # the question is answered: ballots close
    return {**new, "current": answer["id"]} if follow else new


def _accepted(state: dict, payload: dict) -> dict:
    answer = _answer(state, payload)
    if answer["status"] != "accepted":
        raise ToolError("conflict", "That answer is not part of a chain (it hasn't been accepted).")
    return answer


def _leaf(state: dict, answer: dict, doing: str) -> None:
    if children(state, answer["id"]):
        raise ToolError("conflict", f"Only the last answer of a chain can be {doing}; this one has answers below it.")


def _unaccept(state, payload, actor, intent):
    require_facilitator(actor)
    answer = _accepted(state, payload)
    _leaf(state, answer, "un-accepted")
    new = _replace(state, answer["id"], status="proposed", root_cause=False)
    vote = new["vote"]
    if vote and vote["open"] and vote["parent"] == answer["id"]:
        new = {**new, "vote": {**vote, "open": False}}  # its question is gone: ballots close
    return {**new, "current": answer["parent"]} if state["current"] == answer["id"] else new


def _up(state, payload, actor, intent):
    require_facilitator(actor)
    if state["current"] == PROBLEM:
        raise ToolError("conflict", "This is already the problem: there is no level above it.")
    return {**state, "current": _find(state, state["current"])["parent"]}


def _current(state, payload, actor, intent):
    require_facilitator(actor)
    node = payload.get("node")
    return {**state, "current": _question(state, node if node == PROBLEM else id_field(payload, "node", "question"))}


def _root(state, payload, actor, intent):
    require_facilitator(actor)
    answer = _accepted(state, payload)
    root = bool_field(payload, "root")
    if root:
        _leaf(state, answer, "marked as a root cause")
    return _replace(state, answer["id"], root_cause=root)


def _readback(state, payload, actor, intent):
    require_facilitator(actor)
    return {**state, "readback": bool_field(payload, "on")}


def _problem(state, payload, actor, intent):
    require_facilitator(actor)
    text = text_field(payload, "text", limit=MAX_PROBLEM, what="The problem")
    return {**state, "problem": text, "problem_source": None}


def _settings(state, payload, actor, intent):
    require_facilitator(actor)
    unknown = set(payload) - {"anonymous", "target"}
    if unknown or not payload:
        raise ToolError("bad_request", "Settings are 'anonymous' and 'target'.")
    new = dict(state)
    if "anonymous" in payload:
        vote = state["vote"]
        new["anonymous"] = anonymity_field(state, payload, votes_cast=bool(vote and vote["open"] and vote["ballots"]))
    if "target" in payload:
        new["target"] = _target(payload["target"])
    return new


# --- votes -----------------------------------------------------------------------------

def _vote_start(state, payload, actor, intent):
    require_facilitator(actor)
    if state["vote"] and state["vote"]["open"]:
        raise ToolError("conflict", "A vote is already running; end it first.")
    question = state["current"]
    proposals = [a["id"] for a in state["answers"] if a["parent"] == question and a["status"] == "proposed"]
    given = payload.get("options")
    if given is None:
        options = proposals
    elif not isinstance(given, list) or not all(isinstance(o, str) for o in given):
        raise ToolError("bad_request", "Options must be a list of answer ids.")
    else:
        for option in given:
            if option not in proposals:
                _proposal(state, {"answer": option})  # not_found, rejected or accepted: say which
                raise ToolError("conflict", "Every option must be a proposed answer to the current question.")
        options = list(dict.fromkeys(given))
    if len(options) < 2:
        raise ToolError("conflict", "A vote needs at least two proposed answers to the current question.")
    vote = {"id": f"v{intent['seq']}", "parent": question, "options": options, "open": True, "ballots": {}}
    return {**state, "vote": vote, "revealed": False}  # a new vote starts hidden


def _vote(state, payload, actor, intent):
    if actor.is_facilitator or actor.participant is None:
        raise ToolError("forbidden", "Only participants vote, on their phones.")
    vote = state["vote"]
    if not vote or not vote["open"]:
        raise ToolError("closed", "There is no vote running right now.")
    choice = payload.get("answer")
    ballots = dict(vote["ballots"])
    if choice is None:
        ballots.pop(str(actor.participant), None)
    else:
        answer = _answer(state, payload)
        if answer["id"] not in vote["options"]:
            raise ToolError("conflict", "That answer is not one of the choices in this vote.")
        ballots[str(actor.participant)] = answer["id"]
    return {**state, "vote": {**vote, "ballots": ballots}}


def _vote_end(state, payload, actor, intent):
    require_facilitator(actor)
    if not state["vote"] or not state["vote"]["open"]:
        raise ToolError("conflict", "There is no vote running.")
    return {**state, "vote": {**state["vote"], "open": False}}


def _vote_clear(state, payload, actor, intent):
    require_facilitator(actor)
    if not state["vote"]:
        raise ToolError("conflict", "There is no vote to clear.")
    return {**state, "vote": None}


# --- import ----------------------------------------------------------------------------

def _fit(text, limit: int) -> str:
    """Long cards from other tools are cut to fit rather than refused."""
    text = " ".join(text.split()) if isinstance(text, str) else ""
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _import(state, payload, actor, intent):
    """Cards from an earlier activity: proposed answers to the current question (or, with
    "as": "problem", the first card becomes the problem statement)."""
    require_facilitator(actor)
    incoming = payload.get("cards")
    if not isinstance(incoming, list) or not incoming:
        raise ToolError("bad_request", "Nothing to bring in.")
    mode = payload.get("as", "answers")
    if mode == "problem":
        card = incoming[0]
        text = _fit(card.get("text"), MAX_PROBLEM)
        if not text:
            raise ToolError("empty", "That card has no text to use as the problem.")
        return {**state, "problem": text, "problem_source": card.get("source")}
    if mode != "answers":
        raise ToolError("bad_request", "'as' must be 'answers' or 'problem'.")
    parent = _parent(state, payload)
    if _in_play(state) + len(incoming) > MAX_ANSWERS:
        raise ToolError("limit", "This activity has taken as many answers as it can.")
    added = []
    for n, card in enumerate(incoming):
        text = _fit(card.get("text"), MAX_TEXT)
        if not text:
            continue
        added.append(_new_answer(state, f"c{intent['seq']}-{n}", text, parent=parent, author=None,
                                 author_name=card.get("author_name"), anonymous=card.get("author_name") is None,
                                 at=intent["at"], source=card.get("source")))
    return {**state, "answers": [*state["answers"], *added]}


HANDLERS = {
    "whys.answer": _answer_intent, "whys.edit": _edit, "whys.withdraw": _withdraw,
    "whys.reject": _reject, "whys.restore": _restore, "whys.accept": _accept, "whys.unaccept": _unaccept,
    "whys.up": _up, "whys.current": _current, "whys.root": _root, "whys.readback": _readback,
    "whys.problem": _problem, "whys.settings": _settings,
    "whys.vote_start": _vote_start, "whys.vote": _vote, "whys.vote_end": _vote_end, "whys.vote_clear": _vote_clear,
    "whys.import": _import,
}
# The fields each intent's payload may carry: any other is refused (tools.check_payload).
PAYLOAD_KEYS = {
    "whys.answer": {"text", "parent"}, "whys.edit": {"answer", "text"}, "whys.withdraw": {"answer"},
    "whys.reject": {"answer"}, "whys.restore": {"answer"}, "whys.accept": {"answer", "follow"},
    "whys.unaccept": {"answer"}, "whys.up": set(), "whys.current": {"node"}, "whys.root": {"answer", "root"},
    "whys.readback": {"on"}, "whys.problem": {"text"}, "whys.settings": {"anonymous", "target"},
    "whys.vote_start": {"options"}, "whys.vote": {"answer"}, "whys.vote_end": set(), "whys.vote_clear": set(),
    "whys.import": {"cards", "as", "parent"},
}
PARTICIPANT_INTENTS = {"whys.answer", "whys.edit", "whys.withdraw", "whys.vote"}


def apply(state: dict, intent: dict, actor: Actor) -> dict:
    handler = HANDLERS.get(intent["type"])
    if handler is None:
        raise ToolError("unknown_intent", f"Five whys has no '{intent['type']}'.")
    payload = intent.get("payload", {})
    if not isinstance(payload, dict):
        raise ToolError("bad_request", "The payload must be an object.")
    return handler(state, payload, actor, intent)
