"""Problem Solving Team Building (PSTB): one person's problem, worked on by the team inside a time
contract, ending in actions the problem owner takes away.

A time contract (20, 30 or 45 minutes, fixed once it starts) is split into six stages, each with
its planned minutes; the facilitator moves between them (forward one stage at a time, back to
any earlier one):
  1. statement  the problem owner writes the problem as "How to …?"
  2. ideas      the team suggests ideas; the owner only listens
  3. selection  the owner picks the 1-3 most promising ideas
  4. benefits   the team gives benefits and concerns for each picked idea
  5. critical   anyone marks a concern critical; the owner or facilitator decides whether each
                critical concern is overcome (with a note) or eliminates its idea
  6. actions    everyone plans actions (what, who, when) for the ideas still standing
then "done" stops the clocks.

Why PSTB is a *named* activity (``anonymous`` is always False): its roles name people. The problem
owner is a person the room knows and addresses, who alone may state and choose, so the server must
know who they are: the owner is stored as a participant id (or "facilitator") and each phone
learns from its private view whether it is the owner. Participants therefore act as themselves
(engine.identity), not under a pseudonym. The team's words still show no author on the board or
on phones unless the facilitator turns names on (``names``): the ideas stage works best when ideas
belong to the team, not to whoever said them. The facilitator's console always shows who wrote
what, to moderate. No participant id leaves the server except in the facilitator's view (which
already lists the people).

State:
    {"open", "revealed", "anonymous": False, "names": bool, "contract": 20 | 30 | 45,
     "stage": None | stage id | "done", "started_at": ms | None, "stage_since": ms | None,
     "spent": {stage id: ms}, "owner": participant id | "facilitator" | None, "owner_name": str | None,
     "statement": str, "items": [item...]}
An item: {"id", "kind": "idea" | "benefit" | "concern" | "action", "text", "idea" (the idea a
benefit, concern or action is about; None for an idea), "author", "author_name", "at",
"hidden", "deleted", and per kind: "selected" (idea), "critical", "decision" (None | "overcome" |
"eliminates"), "resolution" (concern), "who", "when" (action)}.
Deleted items stay (marked) so they keep counting against their author's allowance.
Views, outcomes and the clocks live in pstb_views.py.
"""
from __future__ import annotations

import re

from .base import (Actor, ToolError, bool_field, check_own_allowance, id_field, initial_stage, require_facilitator,
                   text_field, when_field)
from .pstb_views import (CHOOSE_MOST, CONTRACTS, DONE, STAGE_IDS, STAGES, eliminated, has_contributions, live_items,  # noqa: F401
                         outcomes, planned_minutes, private_view, selected_ideas, surviving_ideas, view)

name = "pstb"
title = "Problem Solving Team Building (PSTB)"
when = "To help one person with a problem they own: the team's ideas become their action plan, in a set time."
prefix = "pstb."

FACILITATOR = "facilitator"
MAX_TEXT = 200
MAX_STATEMENT = 200
MAX_RESOLUTION = 200
MAX_WHO = 120
MAX_WHEN = 60
MAX_OWNER_NAME = 60
MAX_IDEAS = 150  # ideas in one PSTB, deleted ones included
MAX_NOTES = 300  # benefits and concerns together
MAX_ACTIONS = 60
PER_PERSON_IDEAS = 25
PER_PERSON_NOTES = 25  # benefits and concerns one participant may give, all ideas together
PER_PERSON_ACTIONS = 10
CONTRACT = 30
PREFIX_WORDS = "How to "
NOTE_KINDS = ("benefit", "concern")


def initial_state(config: dict | None = None) -> dict:
    config = config or {}
    contract = config.get("contract", CONTRACT)
    contract = contract if type(contract) is int and contract in CONTRACTS else CONTRACT
    return {**initial_stage(), "anonymous": False, "names": config.get("names") is True, "contract": contract,
            "stage": None, "started_at": None, "stage_since": None, "spent": {},
            "owner": None, "owner_name": None, "statement": "", "items": []}


# --- who is who -----------------------------------------------------------------------------

def is_owner(state: dict, actor: Actor) -> bool:
    if state["owner"] is None:
        return False
    if actor.is_facilitator:
        return state["owner"] == FACILITATOR
    return actor.participant is not None and actor.participant == state["owner"]


def _in_stage(state: dict, stage: str, doing: str) -> None:
    if state["stage"] != stage:
        title = dict((s[0], s[1]) for s in STAGES)[stage]
        raise ToolError("closed", f"{doing} happens in the “{title}” stage; the facilitator moves the stages.")


def _owner_or_facilitator(state: dict, actor: Actor, doing: str) -> None:
    if not (actor.is_facilitator or is_owner(state, actor)):
        raise ToolError("forbidden", f"Only the problem owner or the facilitator can {doing}.")


def _team(state: dict, actor: Actor, listening: str) -> None:
    """The team's turn: the owner listens."""
    if is_owner(state, actor):
        raise ToolError("forbidden", f"You're the problem owner: {listening}")


# --- helpers ---------------------------------------------------------------------------------

def _find(state: dict, payload: dict, key: str = "item", what: str = "item") -> dict:
    item_id = id_field(payload, key, what)
    for item in state["items"]:
        if item["id"] == item_id and not item["deleted"]:
            return item
    raise ToolError("not_found", f"That {what} no longer exists.")


def _idea(state: dict, payload: dict) -> dict:
    idea = _find(state, payload, "idea", "idea")
    if idea["kind"] != "idea":
        raise ToolError("not_found", "That idea no longer exists.")
    return idea


def _replace(state: dict, item_id: str, **changes) -> dict:
    return {**state, "items": [{**i, **changes} if i["id"] == item_id else i for i in state["items"]]}


def _count(state: dict, kinds) -> int:
    return sum(1 for i in state["items"] if i["kind"] in kinds)


def _room(state: dict, kinds, cap: int, noun: str) -> None:
    if _count(state, kinds) >= cap:
        raise ToolError("limit", f"This PSTB has taken as many {noun} as it can ({cap}).")


def _new(state: dict, intent: dict, actor: Actor, kind: str, text: str, idea: str | None, **extra) -> dict:
    return {"id": f"c{intent['seq']}", "kind": kind, "text": text, "idea": idea, "author": actor.participant,
            "author_name": actor.name if not actor.is_facilitator else None, "at": intent["at"],
            "hidden": False, "deleted": False, **extra}


def _add(state: dict, item: dict) -> dict:
    return {**state, "items": [*state["items"], item]}


def how_to(text: str) -> str:
    """The problem as a "How to …?" question, whatever way it was typed."""
    text = text.strip()
    match = re.match(r"how\s+to\b[\s,:]*", text, re.I)
    if match:
        rest = text[match.end():]
    else:
        rest = text
        if len(rest) > 1 and rest[0].isupper() and not rest[1].isupper():  # "Improve…" but not "SEND…"
            rest = rest[0].lower() + rest[1:]
    rest = rest.rstrip(" .!?…").rstrip()
    if not rest:
        raise ToolError("empty", "Say what the problem is after “How to”.")
    return f"{PREFIX_WORDS}{rest}?"


def _when(payload: dict) -> str:
    return when_field(payload, limit=MAX_WHEN, what="When")


def _who(payload: dict) -> str:
    return text_field(payload, "who", limit=MAX_WHO, what="Who", required=False)


# --- the facilitator's set-up ------------------------------------------------------------------

def _contract(state, payload, actor, intent):
    require_facilitator(actor)
    minutes = payload.get("minutes")
    if type(minutes) is not int or minutes not in CONTRACTS:
        raise ToolError("bad_request", "The time contract is 20, 30 or 45 minutes.")
    if state["started_at"] is not None:
        raise ToolError("conflict", "The time contract is agreed before PSTB starts; it can't change now.")
    return {**state, "contract": minutes}


def _owner(state, payload, actor, intent):
    require_facilitator(actor)
    owner = payload.get("owner")
    if owner == FACILITATOR:
        return {**state, "owner": FACILITATOR, "owner_name": None}
    if owner is None:
        if state["started_at"] is not None:
            raise ToolError("conflict", "PSTB has started: name another problem owner instead of none.")
        return {**state, "owner": None, "owner_name": None}
    if type(owner) is not int or owner < 1:
        raise ToolError("bad_request", "The owner is a participant's id, or \"facilitator\".")
    owner_name = text_field(payload, "name", limit=MAX_OWNER_NAME, what="The owner's name")
    return {**state, "owner": owner, "owner_name": owner_name}


def _settings(state, payload, actor, intent):
    require_facilitator(actor)
    return {**state, "names": bool_field(payload, "names")}


def _stage(state, payload, actor, intent):
    """Move to the next stage, or back to an earlier one; the clocks run on the `at` stamps."""
    require_facilitator(actor)
    target = payload.get("stage")
    order = [*STAGE_IDS, DONE]
    if target not in order:
        raise ToolError("bad_request", f"'stage' is one of {', '.join(order)}.")
    current = state["stage"]
    here = order.index(current) if current is not None else -1
    there = order.index(target)
    if there == here:
        raise ToolError("conflict", "PSTB is already at that stage.")
    if there > here + 1:
        raise ToolError("conflict", "Stages go forward one at a time.")
    if there > here:
        _ready_to_leave(state, current)
    at = intent["at"]
    spent = dict(state["spent"])
    if current is not None and current != DONE and state["stage_since"] is not None:
        spent[current] = spent.get(current, 0) + max(0, at - state["stage_since"])
    return {**state, "stage": target, "spent": spent, "stage_since": at if target != DONE else None,
            "started_at": state["started_at"] if state["started_at"] is not None else at}


def _ready_to_leave(state: dict, current: str | None) -> None:
    """What each stage must have before the next one makes sense."""
    if current is None and state["owner"] is None:
        raise ToolError("conflict", "Name the problem owner before starting.")
    if current == "statement" and not state["statement"]:
        raise ToolError("conflict", "The problem owner hasn't stated the problem yet.")
    if current == "selection" and not selected_ideas(state):
        raise ToolError("conflict", f"The problem owner chooses 1 to {CHOOSE_MOST} ideas first.")
    if current == "critical":
        if any(n["critical"] and n["decision"] is None for n in live_items(state, "concern")
               if n["idea"] in {i["id"] for i in selected_ideas(state)}):
            raise ToolError("conflict", "Decide each critical concern first: overcome it, or let it eliminate its idea.")
        if not surviving_ideas(state):
            raise ToolError("conflict", "Every chosen idea has been eliminated: go back and choose another.")


# --- stage 1: the statement ----------------------------------------------------------------------

def _statement(state, payload, actor, intent):
    if not actor.is_facilitator:
        if not is_owner(state, actor):
            raise ToolError("forbidden", "Only the problem owner states the problem.")
        _in_stage(state, "statement", "Stating the problem")
    text = text_field(payload, "text", limit=MAX_STATEMENT, what="The problem")
    return {**state, "statement": how_to(text)}


# --- stage 2: ideas --------------------------------------------------------------------------------

def _idea_add(state, payload, actor, intent):
    _team(state, actor, "in this stage you listen while the team suggests ideas.")
    _in_stage(state, "ideas", "Suggesting ideas")
    text = text_field(payload, "text", limit=MAX_TEXT, what="An idea")
    _room(state, {"idea"}, MAX_IDEAS, "ideas")
    check_own_allowance([i for i in state["items"] if i["kind"] == "idea"], actor, PER_PERSON_IDEAS, "ideas")
    return _add(state, _new(state, intent, actor, "idea", text, None, selected=False))


# --- stage 3: selection ----------------------------------------------------------------------------

def _select(state, payload, actor, intent):
    if not is_owner(state, actor):
        raise ToolError("forbidden", "Only the problem owner chooses the ideas to work on.")
    _in_stage(state, "selection", "Choosing ideas")
    idea = _idea(state, payload)
    chosen = bool_field(payload, "selected")
    if chosen and not idea["selected"]:
        if idea["hidden"]:
            raise ToolError("conflict", "That idea is hidden; the facilitator can show it again first.")
        if len(selected_ideas(state)) >= CHOOSE_MOST:
            raise ToolError("limit", f"Choose at most {CHOOSE_MOST} ideas: unselect one first.")
    return _replace(state, idea["id"], selected=chosen)


# --- stage 4: benefits and concerns --------------------------------------------------------------

def _chosen_idea(state: dict, payload: dict) -> dict:
    idea = _idea(state, payload)
    if not idea["selected"]:
        raise ToolError("conflict", "That idea wasn't chosen by the problem owner.")
    return idea


def _note(state, payload, actor, intent):
    _team(state, actor, "in this stage you listen while the team gives benefits and concerns.")
    _in_stage(state, "benefits", "Giving benefits and concerns")
    kind = payload.get("kind")
    if kind not in NOTE_KINDS:
        raise ToolError("bad_request", "'kind' is 'benefit' or 'concern'.")
    idea = _chosen_idea(state, payload)
    text = text_field(payload, "text", limit=MAX_TEXT, what=f"A {kind}")
    _room(state, set(NOTE_KINDS), MAX_NOTES, "benefits and concerns")
    check_own_allowance([i for i in state["items"] if i["kind"] in NOTE_KINDS], actor, PER_PERSON_NOTES,
                        "benefits and concerns")
    extra = {"critical": False, "decision": None, "resolution": ""} if kind == "concern" else {}
    return _add(state, _new(state, intent, actor, kind, text, idea["id"], **extra))


# --- stage 5: critical concerns ------------------------------------------------------------------

def _concern(state: dict, payload: dict) -> dict:
    concern = _find(state, payload, "item", "concern")
    if concern["kind"] != "concern":
        raise ToolError("conflict", "Only a concern can be critical.")
    return concern


def _critical(state, payload, actor, intent):
    _in_stage(state, "critical", "Marking critical concerns")
    concern = _concern(state, payload)
    critical = bool_field(payload, "critical")
    if concern["hidden"]:
        raise ToolError("conflict", "That concern is hidden.")
    if not critical and concern["decision"] is not None and not (actor.is_facilitator or is_owner(state, actor)):
        raise ToolError("forbidden", "A decision has been made on that concern; only the owner or facilitator can undo it.")
    changes = {"critical": critical} if critical else {"critical": False, "decision": None, "resolution": ""}
    return _replace(state, concern["id"], **changes)


def _decide(state, payload, actor, intent):
    _owner_or_facilitator(state, actor, "decide on a critical concern")
    _in_stage(state, "critical", "Deciding on critical concerns")
    concern = _concern(state, payload)
    if not concern["critical"]:
        raise ToolError("conflict", "Mark the concern critical first.")
    decision = payload.get("decision")
    if decision == "overcome":
        note = text_field(payload, "text", limit=MAX_RESOLUTION, what="How it is overcome")
        return _replace(state, concern["id"], decision="overcome", resolution=note)
    if "text" in payload:
        raise ToolError("bad_request", "Only an overcome concern takes a note ('text').")
    if decision == "eliminates":
        return _replace(state, concern["id"], decision="eliminates", resolution="")
    if decision is None:
        return _replace(state, concern["id"], decision=None, resolution="")
    raise ToolError("bad_request", "'decision' is 'overcome' (with a note in 'text'), 'eliminates' or null.")


# --- stage 6: actions ------------------------------------------------------------------------------

def _action(state, payload, actor, intent):
    _in_stage(state, "actions", "Planning actions")
    idea = _chosen_idea(state, payload)
    if eliminated(state, idea["id"]):
        raise ToolError("conflict", "A critical concern eliminated that idea; plan actions for the others.")
    text = text_field(payload, "text", limit=MAX_TEXT, what="What will be done")
    who, when_ = _who(payload), _when(payload)
    _room(state, {"action"}, MAX_ACTIONS, "actions")
    check_own_allowance([i for i in state["items"] if i["kind"] == "action"], actor, PER_PERSON_ACTIONS, "actions")
    return _add(state, _new(state, intent, actor, "action", text, idea["id"], who=who, when=when_))


# --- moderation and your own words ----------------------------------------------------------------

def _yours(item: dict, actor: Actor) -> None:
    if actor.is_facilitator:
        return
    if item["author"] is None or item["author"] != actor.participant:
        raise ToolError("forbidden", "You can only change what you wrote yourself.")
    if item["hidden"]:
        raise ToolError("closed", "The facilitator has taken that off the board; it can't be changed now.")


def _edit(state, payload, actor, intent):
    item = _find(state, payload)
    _yours(item, actor)
    changes = {}
    if "text" in payload:
        changes["text"] = text_field(payload, "text", limit=MAX_TEXT, what="The text")
    if "who" in payload or "when" in payload:
        if item["kind"] != "action":
            raise ToolError("bad_request", "Only an action has 'who' and 'when'.")
        if "who" in payload:
            changes["who"] = _who(payload)
        if "when" in payload:
            changes["when"] = _when(payload)
    if not changes:
        raise ToolError("bad_request", "Say what to change: text (and for an action who or when).")
    return _replace(state, item["id"], **changes)


def _hide(state, payload, actor, intent):
    require_facilitator(actor)
    item = _find(state, payload)
    hidden = bool_field(payload, "hidden")
    changes = {"hidden": hidden}
    if hidden and item["kind"] == "idea":
        changes["selected"] = False  # a hidden idea is not one of the owner's choices
    return _replace(state, item["id"], **changes)


def _delete(state, payload, actor, intent):
    item = _find(state, payload)
    _yours(item, actor)
    changes = {"deleted": True}
    if item["kind"] == "idea":
        changes["selected"] = False
    return _replace(state, item["id"], **changes)


HANDLERS = {
    "pstb.contract": _contract, "pstb.owner": _owner, "pstb.settings": _settings, "pstb.stage": _stage,
    "pstb.statement": _statement, "pstb.idea": _idea_add, "pstb.select": _select, "pstb.note": _note,
    "pstb.critical": _critical, "pstb.decide": _decide, "pstb.action": _action,
    "pstb.edit": _edit, "pstb.hide": _hide, "pstb.delete": _delete,
}
# The fields each intent's payload may carry: any other is refused (tools.check_payload).
PAYLOAD_KEYS = {
    "pstb.contract": {"minutes"}, "pstb.owner": {"owner", "name"}, "pstb.settings": {"names"},
    "pstb.stage": {"stage"}, "pstb.statement": {"text"}, "pstb.idea": {"text"},
    "pstb.select": {"idea", "selected"}, "pstb.note": {"idea", "kind", "text"},
    "pstb.critical": {"item", "critical"}, "pstb.decide": {"item", "decision", "text"},
    "pstb.action": {"idea", "text", "who", "when"}, "pstb.edit": {"item", "text", "who", "when"},
    "pstb.hide": {"item", "hidden"}, "pstb.delete": {"item"},
}
FACILITATOR_ONLY = {"pstb.contract", "pstb.owner", "pstb.settings", "pstb.stage", "pstb.hide"}


def time_contract(state: dict) -> int:
    """The minutes this PSTB keeps (its contract): the engine plans its agenda item with them."""
    return state["contract"]


def apply(state: dict, intent: dict, actor: Actor) -> dict:
    handler = HANDLERS.get(intent["type"])
    if handler is None:
        raise ToolError("unknown_intent", f"PSTB has no '{intent['type']}'.")
    payload = intent.get("payload", {})
    if not isinstance(payload, dict):
        raise ToolError("bad_request", "The payload must be an object.")
    return handler(state, payload, actor, intent)
