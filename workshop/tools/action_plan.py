"""Group action planning (Part 3): priorities become agreed actions — what, when, who, and the
support level that will deliver each (a. within the reviewed school, b. within the partnership,
c. outside of the partnership).

State:
    {"open", "revealed", "anonymous": bool, "actions": [action...]}
An action: {"id", "text", "when", "who", "support": "a"|"b"|"c"|None, "status": "proposed"|"confirmed",
            "how": [keys of framing.HOW], "how_other", "success", "terms",
            "comments": [{"text", "author", "author_name", "at"}], "source", "author", "author_name",
            "anonymous", "at"}
How it will be addressed (the programme's menu, and another way as free text), the success measure
and, for partnership support, the terms of engagement frame an action (tools.framing); none is
needed to confirm it. A state saved before they existed lacks them: views read them with defaults.
The list order is the facilitator's order; views and outcomes group it by support level.
"""
from __future__ import annotations

from . import framing
from .base import (Actor, ToolError, bool_field, check_own_allowance, id_field, initial_stage, require_facilitator,
                   text_field, when_field)

name = "action_plan"
title = "Group action planning"
when = "To turn the chosen priorities into agreed actions: what, who, by when, and with what support."
prefix = "action."

SUPPORT_LEVELS = {"a": "Within the reviewed school", "b": "Within the partnership", "c": "Outside of the partnership"}
UNASSIGNED = "Support not yet agreed"
MAX_TEXT = 280
MAX_WHEN = 60
MAX_WHO = 120
MAX_COMMENT = 280
MAX_ACTIONS = 100
MAX_COMMENTS = 50
PER_PERSON_PROPOSALS = 10  # actions one participant may propose in one action plan
PER_PERSON_COMMENTS = 30  # comments one participant may make in one action plan, all actions together
MAX_HOW_OTHER = framing.HOW_OTHER_LIMIT
MAX_SUCCESS = framing.SUCCESS_LIMIT
MAX_TERMS = framing.TERMS_LIMIT
FIELDS = ("text", "when", "who", "support", *framing.KEYS)
REQUIRED = {"text": "the action", "when": "timings and deadlines", "who": "who will deliver it",
            "support": "the support level"}


def initial_state(config: dict | None = None) -> dict:
    config = config or {}
    return {**initial_stage(), "anonymous": bool(config.get("anonymous", True)), "actions": []}


# --- helpers ---------------------------------------------------------------------------

def _find(state: dict, payload: dict) -> dict:
    action_id = id_field(payload, "action", "action")
    for action in state["actions"]:
        if action["id"] == action_id:
            return action
    raise ToolError("not_found", "That action no longer exists.")


def _replace(state: dict, action_id: str, **changes) -> dict:
    return {**state, "actions": [{**a, **changes} if a["id"] == action_id else a for a in state["actions"]]}


def _when(payload: dict) -> str:
    return when_field(payload, limit=MAX_WHEN, what="Timings and deadlines")


def _support(payload: dict) -> str | None:
    value = payload.get("support")
    if value is not None and value not in SUPPORT_LEVELS:
        raise ToolError("bad_request", "The support level must be a, b or c (or none while a draft).")
    return value


def _fields(payload: dict, keys) -> dict:
    """The given action fields, checked; "" clears when/who, None clears support (and how, the
    other way, the success measure and the terms)."""
    out = framing.clean({k: payload[k] for k in keys if k in framing.KEYS})
    for key in keys:
        if key == "text":
            out[key] = text_field(payload, "text", limit=MAX_TEXT, what="An action")
        elif key == "when":
            out[key] = _when(payload)
        elif key == "who":
            out[key] = text_field(payload, "who", limit=MAX_WHO, what="Who will deliver it", required=False)
        elif key == "support":
            out[key] = _support(payload)
    return out


def _missing(action: dict) -> list[str]:
    return [label for key, label in REQUIRED.items() if not action[key]]


def _new(action_id: str, text: str, actor_participant, author_name, anonymous: bool, at: int,
         source=None, **fields) -> dict:
    return {"id": action_id, "text": text, "when": fields.get("when", ""), "who": fields.get("who", ""),
            "support": fields.get("support"), "status": "proposed",
            **framing.of(fields), "comments": [], "source": source,
            "author": actor_participant, "author_name": None if anonymous else author_name,
            "anonymous": anonymous, "at": at}


def _room(state: dict, n: int = 1) -> None:
    if len(state["actions"]) + n > MAX_ACTIONS:
        raise ToolError("limit", f"An action plan holds at most {MAX_ACTIONS} actions.")


# --- intents ---------------------------------------------------------------------------

def _propose(state, payload, actor, intent):
    """A phone proposes an action, and may say what would show it worked."""
    text = text_field(payload, "text", limit=MAX_TEXT, what="An action")
    success = framing.clean_text("success", payload.get("success"))
    _room(state)
    check_own_allowance(state["actions"], actor, PER_PERSON_PROPOSALS, "actions")
    action = _new(f"c{intent['seq']}", text, actor.participant, actor.name, state["anonymous"], intent["at"],
                  success=success)
    return {**state, "actions": [*state["actions"], action]}


def _add(state, payload, actor, intent):
    require_facilitator(actor)
    unknown = set(payload) - set(FIELDS)
    if unknown:
        raise ToolError("bad_request", f"Unknown field(s): {', '.join(sorted(unknown))}.")
    fields = _fields(payload, [k for k in FIELDS if k in payload or k == "text"])
    _room(state)
    action = _new(f"c{intent['seq']}", fields.pop("text"), None, None, True, intent["at"], **fields)
    return {**state, "actions": [*state["actions"], action]}


def _update(state, payload, actor, intent):
    require_facilitator(actor)
    action = _find(state, payload)
    unknown = set(payload) - {"action", *FIELDS}
    if unknown:
        raise ToolError("bad_request", f"Unknown field(s): {', '.join(sorted(unknown))}.")
    keys = [k for k in FIELDS if k in payload]
    if not keys:
        raise ToolError("bad_request", "Say what to change: text, when, who, support, how, how_other, success or terms.")
    changes = _fields(payload, keys)
    if action["status"] == "confirmed":
        cleared = _missing({**action, **changes})
        if cleared:
            raise ToolError("conflict", f"A confirmed action needs {' and '.join(cleared)}; reopen it first to clear that.")
    return _replace(state, action["id"], **changes)


def _confirm(state, payload, actor, intent):
    require_facilitator(actor)
    action = _find(state, payload)
    if action["status"] == "confirmed":
        raise ToolError("conflict", "That action is already confirmed.")
    missing = _missing(action)
    if missing:
        raise ToolError("empty", f"Before confirming, add {', '.join(missing[:-1])}"
                                 f"{' and ' if len(missing) > 1 else ''}{missing[-1]}.")
    return _replace(state, action["id"], status="confirmed")


def _reopen(state, payload, actor, intent):
    require_facilitator(actor)
    action = _find(state, payload)
    if action["status"] != "confirmed":
        raise ToolError("conflict", "That action is not confirmed.")
    return _replace(state, action["id"], status="proposed")


def _remove(state, payload, actor, intent):
    require_facilitator(actor)
    action = _find(state, payload)
    return {**state, "actions": [a for a in state["actions"] if a["id"] != action["id"]]}


def _move(state, payload, actor, intent):
    require_facilitator(actor)
    action = _find(state, payload)
    position = payload.get("position")
    last = len(state["actions"]) - 1
    if type(position) is not int or not 0 <= position <= last:
        raise ToolError("bad_request", f"position must be a whole number from 0 to {last}.")
    rest = [a for a in state["actions"] if a["id"] != action["id"]]
    return {**state, "actions": [*rest[:position], action, *rest[position:]]}


def _comment(state, payload, actor, intent):
    action = _find(state, payload)
    text = text_field(payload, "text", limit=MAX_COMMENT, what="A comment")
    if len(action["comments"]) >= MAX_COMMENTS:
        raise ToolError("limit", f"An action holds at most {MAX_COMMENTS} comments.")
    check_own_allowance([c for a in state["actions"] for c in a["comments"]], actor, PER_PERSON_COMMENTS, "comments")
    comment = {"text": text, "author": actor.participant, "at": intent["at"],
               "author_name": None if state["anonymous"] or actor.is_facilitator else actor.name}
    return _replace(state, action["id"], comments=[*action["comments"], comment])


def _settings(state, payload, actor, intent):
    require_facilitator(actor)
    return {**state, "anonymous": bool_field(payload, "anonymous")}


def _import(state, payload, actor, intent):
    """Cards from earlier activities become draft actions; option "support" presets their level.
    A card that brings "who" and "when" (a PSTB's actions) fills them, cut to fit; a "when" that
    looks like a date but isn't one is left for the group to fill."""
    require_facilitator(actor)
    incoming = payload.get("cards")
    if not isinstance(incoming, list) or not all(isinstance(c, dict) for c in incoming):
        raise ToolError("bad_request", "Nothing to bring in.")
    support = _support(payload)
    _room(state, len(incoming))
    added = []
    for n, card in enumerate(incoming):
        text = text_field(card, "text", limit=10_000, what="A card")[:MAX_TEXT]
        added.append(_new(f"c{intent['seq']}-{n}", text, None, card.get("author_name"),
                          card.get("author_name") is None, intent["at"], source=card.get("source"),
                          support=support, **_carried(card)))
    return {**state, "actions": [*state["actions"], *added]}


def _carried(card: dict) -> dict:
    """The who and when an imported card brings, as this tool would take them typed."""
    out = {}
    for key, limit in (("who", MAX_WHO), ("when", MAX_WHEN)):
        value = card.get(key)
        if isinstance(value, str):
            value = " ".join(value.split())[:limit]
            if key == "when":
                try:
                    value = _when({"when": value})
                except ToolError:
                    value = ""
            if value:
                out[key] = value
    return out


HANDLERS = {
    "action.propose": _propose, "action.add": _add, "action.update": _update, "action.confirm": _confirm,
    "action.reopen": _reopen, "action.remove": _remove, "action.move": _move, "action.comment": _comment,
    "action.settings": _settings, "action.import": _import,
}
# The fields each intent's payload may carry: any other is refused (tools.check_payload).
PAYLOAD_KEYS = {
    "action.propose": {"text", "success"}, "action.add": set(FIELDS), "action.update": {"action", *FIELDS},
    "action.confirm": {"action"}, "action.reopen": {"action"}, "action.remove": {"action"},
    "action.move": {"action", "position"}, "action.comment": {"action", "text"},
    "action.settings": {"anonymous"}, "action.import": {"cards", "support"},
}
FACILITATOR_ONLY = set(HANDLERS) - {"action.propose", "action.comment"}


def apply(state: dict, intent: dict, actor: Actor) -> dict:
    handler = HANDLERS.get(intent["type"])
    if handler is None:
        raise ToolError("unknown_intent", f"The action plan has no '{intent['type']}'.")
    payload = intent.get("payload", {})
    if not isinstance(payload, dict):
        raise ToolError("bad_request", "The payload must be an object.")
    return handler(state, payload, actor, intent)


# --- views -----------------------------------------------------------------------------

def ordered(actions: list[dict]) -> list[dict]:
    """Grouped by support level a, b, c, then drafts without one; the facilitator's order within."""
    rank = {key: n for n, key in enumerate([*SUPPORT_LEVELS, None])}
    return sorted(actions, key=lambda a: rank[a["support"]])


def _action_view(a: dict) -> dict:
    return {"id": a["id"], "text": a["text"], "when": a["when"], "who": a["who"], "support": a["support"],
            "status": a["status"], **framing.of(a), "author": a["author_name"], "source": a["source"],
            "comments": [{"text": c["text"], "author_name": c["author_name"], "at": c["at"]} for c in a["comments"]]}


def view(state: dict, audience: str) -> dict:
    actions = [_action_view(a) for a in state["actions"]]
    return {"anonymous": state["anonymous"],
            "support_levels": [{"id": k, "label": v} for k, v in SUPPORT_LEVELS.items()],
            "how_menu": framing.how_groups(),
            "actions": actions, "count": len(actions),
            "confirmed": sum(1 for a in actions if a["status"] == "confirmed")}


def private_view(state: dict, participant: int) -> dict:
    return {"mine": [a["id"] for a in state["actions"] if a["author"] == participant]}


def outcomes(state: dict) -> list[dict]:
    """The confirmed actions, grouped by support level (a, b, c), in the facilitator's order within."""
    return [{"id": a["id"], "text": a["text"], "author_name": a["author_name"], "group": SUPPORT_LEVELS[a["support"]],
             "source": a["source"], "when": a["when"], "who": a["who"], "support": a["support"], **framing.of(a),
             "comments": [c["text"] for c in a["comments"]]}
            for a in ordered(state["actions"]) if a["status"] == "confirmed"]


def has_contributions(state: dict) -> bool:
    return bool(state["actions"])
