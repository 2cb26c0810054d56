"""Response round (Part 1): everyone responds to the review's key messages, then the room hears
every response in turn — a response, not a debate.

State:
    {"open", "revealed", "anonymous": bool, "messages": [str], "summary_id": str | None,
     "current": response id | None, "responses": [response...]}
A response: {"id", "author" (participant id), "author_name", "anonymous", "surprise": 1-5,
             "view": str (may be ""), "at", "hidden": bool}
Resubmitting replaces the participant's own response in place (same id, same turn);
withdrawing removes it. The board and phones see only how many have responded until the
facilitator reveals; then the current response ("3 of 11") and the surprise distribution.
"""
from __future__ import annotations

from .base import Actor, ToolError, bool_field, id_field, initial_stage, require_facilitator, text_field

name = "response_round"
title = "Response round"
when = "At the start: everyone says how the review's key messages land, then the room hears each response in turn."
prefix = "response."

MAX_VIEW = 280
MAX_MESSAGES = 12
MAX_MESSAGE = 500
MAX_RESPONSES = 500
SCALE = (1, 2, 3, 4, 5)
SCALE_LABELS = {"1": "Not at all", "5": "Completely"}
SURPRISE_QUESTION = "How much of this is a surprise to us?"
VIEW_QUESTION = "What's our view of these messages?"
VIEW_GROUP = "Our view of the key messages"
SURPRISE_GROUP = "How much of this is a surprise to us?"
MESSAGES_GROUP = "Key messages"


def _clean_messages(given, *, strict: bool) -> list[str]:
    if not isinstance(given, list) or not all(isinstance(m, str) for m in given):
        if strict:
            raise ToolError("bad_request", "Messages must be a list of texts.")
        return []
    messages = []
    for n, raw in enumerate(given):
        text = " ".join(raw.split())
        if not text:
            continue
        if len(text) > MAX_MESSAGE:
            if strict:
                raise ToolError("too_long", f"Key message {n + 1} can be at most {MAX_MESSAGE} characters.")
            text = text[:MAX_MESSAGE]
        messages.append(text)
    if len(messages) > MAX_MESSAGES:
        if strict:
            raise ToolError("limit", f"At most {MAX_MESSAGES} key messages.")
        messages = messages[:MAX_MESSAGES]
    return messages


def initial_state(config: dict | None = None) -> dict:
    config = config or {}
    return {**initial_stage(), "anonymous": bool(config.get("anonymous", True)),
            "messages": _clean_messages(config.get("messages", []), strict=False),
            "summary_id": None, "current": None, "responses": []}


# --- helpers ---------------------------------------------------------------------------

def _visible(state: dict) -> list[dict]:
    return [r for r in state["responses"] if not r["hidden"]]


def _find(state: dict, response_id: str) -> dict:
    for r in state["responses"]:
        if r["id"] == response_id:
            return r
    raise ToolError("not_found", "That response no longer exists.")


def _current_id(state: dict) -> str | None:
    """The response on show: the chosen one while visible, else the first visible one."""
    visible = _visible(state)
    if any(r["id"] == state["current"] for r in visible):
        return state["current"]
    return visible[0]["id"] if visible else None


def _repoint(state: dict, leaving: str) -> str | None:
    """Where the turn goes when the response on show leaves the round: the next one, else the one before."""
    if _current_id(state) != leaving:
        return state["current"]
    visible = _visible(state)
    i = next(n for n, r in enumerate(visible) if r["id"] == leaving)
    rest = visible[i + 1:] or visible[:i][-1:]
    return rest[0]["id"] if rest else None


def _surprise(payload: dict) -> int:
    value = payload.get("surprise")
    if type(value) is not int or value not in SCALE:
        raise ToolError("bad_request", "Choose how surprising it is, from 1 (not at all) to 5 (completely).")
    return value


def distribution(responses: list[dict]) -> list[int]:
    return [sum(1 for r in responses if r["surprise"] == n) for n in SCALE]


def median(values: list[int]) -> float | int | None:
    if not values:
        return None
    ordered = sorted(values)
    mid = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[mid]
    m = (ordered[mid - 1] + ordered[mid]) / 2
    return int(m) if m == int(m) else m


def summary_text(responses: list[dict]) -> str:
    counts = distribution(responses)
    top = max(counts)
    modes = [str(n) for n, c in zip(SCALE, counts) if c == top]
    n = len(responses)
    return f"Surprise: mostly {' and '.join(modes)} of 5 ({n} {'response' if n == 1 else 'responses'})"


# --- intents ---------------------------------------------------------------------------

def _submit(state, payload, actor, intent):
    if actor.participant is None:
        raise ToolError("forbidden", "Responses come from the participants' phones.")
    surprise = _surprise(payload)
    view_text = text_field(payload, "view", limit=MAX_VIEW, what="Your view", required=False)
    anonymous = state["anonymous"]
    changes = {"surprise": surprise, "view": view_text, "at": intent["at"], "anonymous": anonymous,
               "author_name": None if anonymous else actor.name}
    if any(r["author"] == actor.participant for r in state["responses"]):
        responses = [{**r, **changes} if r["author"] == actor.participant else r for r in state["responses"]]
        return {**state, "responses": responses}
    if len(state["responses"]) >= MAX_RESPONSES:
        raise ToolError("limit", "This round is full.")
    response = {"id": f"c{intent['seq']}", "author": actor.participant, "hidden": False, **changes}
    return {**state, "responses": [*state["responses"], response],
            "summary_id": state["summary_id"] or f"c{intent['seq']}-surprise"}


def _withdraw(state, payload, actor, intent):
    mine = next((r for r in state["responses"] if actor.participant is not None
                 and r["author"] == actor.participant), None)
    if mine is None:
        raise ToolError("not_found", "You have no response to withdraw.")
    current = _repoint(state, mine["id"])
    return {**state, "current": current, "responses": [r for r in state["responses"] if r is not mine]}


def _step(delta: int):
    def handler(state, payload, actor, intent):
        require_facilitator(actor)
        visible = _visible(state)
        if not visible:
            raise ToolError("conflict", "There are no responses to show yet.")
        i = [r["id"] for r in visible].index(_current_id(state)) + delta
        if not 0 <= i < len(visible):
            raise ToolError("conflict", "That was the last response." if delta > 0 else "This is the first response.")
        return {**state, "current": visible[i]["id"]}
    return handler


def _show(state, payload, actor, intent):
    require_facilitator(actor)
    response = _find(state, id_field(payload, "response", "response"))
    if response["hidden"]:
        raise ToolError("conflict", "That response is hidden; unhide it first.")
    return {**state, "current": response["id"]}


def _set_hidden(hidden: bool):
    def handler(state, payload, actor, intent):
        require_facilitator(actor)
        response = _find(state, id_field(payload, "response", "response"))
        current = _repoint(state, response["id"]) if hidden and not response["hidden"] else state["current"]
        responses = [{**r, "hidden": hidden} if r["id"] == response["id"] else r for r in state["responses"]]
        return {**state, "current": current, "responses": responses}
    return handler


def _messages(state, payload, actor, intent):
    require_facilitator(actor)
    return {**state, "messages": _clean_messages(payload.get("messages"), strict=True)}


def _settings(state, payload, actor, intent):
    require_facilitator(actor)
    return {**state, "anonymous": bool_field(payload, "anonymous")}


def _import(state, payload, actor, intent):
    """Cards from an earlier activity become key messages (appended)."""
    require_facilitator(actor)
    incoming = payload.get("cards")
    if not isinstance(incoming, list) or not all(isinstance(c, dict) and isinstance(c.get("text"), str)
                                                 for c in incoming):
        raise ToolError("bad_request", "Nothing to bring in.")
    messages = _clean_messages([*state["messages"], *(c["text"] for c in incoming)], strict=False)
    if len(state["messages"]) + len(incoming) > MAX_MESSAGES:
        raise ToolError("limit", f"At most {MAX_MESSAGES} key messages; bring fewer cards (use 'top').")
    return {**state, "messages": messages}


HANDLERS = {
    "response.submit": _submit, "response.withdraw": _withdraw,
    "response.next": _step(1), "response.previous": _step(-1), "response.show": _show,
    "response.hide": _set_hidden(True), "response.unhide": _set_hidden(False),
    "response.messages": _messages, "response.settings": _settings, "response.import": _import,
}
# The fields each intent's payload may carry: any other is refused (tools.check_payload).
PAYLOAD_KEYS = {
    "response.submit": {"surprise", "view"}, "response.withdraw": set(), "response.next": set(),
    "response.previous": set(), "response.show": {"response"}, "response.hide": {"response"},
    "response.unhide": {"response"}, "response.messages": {"messages"}, "response.settings": {"anonymous"},
    "response.import": {"cards"},
}
FACILITATOR_ONLY = {"response.next", "response.previous", "response.show", "response.hide", "response.unhide",
                    "response.messages", "response.settings", "response.import"}


def apply(state: dict, intent: dict, actor: Actor) -> dict:
    handler = HANDLERS.get(intent["type"])
    if handler is None:
        raise ToolError("unknown_intent", f"The response round has no '{intent['type']}'.")
    payload = intent.get("payload", {})
    if not isinstance(payload, dict):
        raise ToolError("bad_request", "The payload must be an object.")
    return handler(state, payload, actor, intent)


# --- views -----------------------------------------------------------------------------

def _response_view(r: dict, facilitator: bool) -> dict:
    shown = {"id": r["id"], "surprise": r["surprise"], "view": r["view"], "author": r["author_name"]}
    if facilitator:
        shown["hidden"] = r["hidden"]
    return shown


def view(state: dict, audience: str) -> dict:
    facilitator = audience == "facilitator"
    visible = _visible(state)
    base = {"anonymous": state["anonymous"], "messages": list(state["messages"]),
            "questions": {"surprise": SURPRISE_QUESTION, "view": VIEW_QUESTION},
            "scale": {"min": 1, "max": 5, "labels": dict(SCALE_LABELS)},
            "count": len(state["responses"])}
    if not (facilitator or state["revealed"]):
        return {**base, "responses": [], "total": None, "current": None, "position": None,
                "distribution": None, "median": None}
    current = _current_id(state)
    ids = [r["id"] for r in visible]
    return {**base,
            "responses": [_response_view(r, facilitator) for r in (state["responses"] if facilitator else visible)],
            "total": len(visible), "current": current,
            "position": ids.index(current) + 1 if current else None,
            "distribution": distribution(visible), "median": median([r["surprise"] for r in visible])}


def private_view(state: dict, participant: int) -> dict:
    mine = next((r for r in state["responses"] if r["author"] == participant), None)
    return {"mine": None if mine is None else {"id": mine["id"], "surprise": mine["surprise"], "view": mine["view"]}}


def outcomes(state: dict) -> list[dict]:
    """One card summarising the surprise, then each visible view (in turn order), then the key
    messages themselves (group "Key messages"), so a later RAG rating can rate them as they are."""
    messages = [{"id": f"m{n}", "text": m, "author_name": None, "group": MESSAGES_GROUP, "source": None}
                for n, m in enumerate(state["messages"])]
    visible = _visible(state)
    if not visible:
        return messages
    summary = {"id": state["summary_id"], "text": summary_text(visible), "author_name": None,
               "group": SURPRISE_GROUP, "source": None, "distribution": distribution(visible),
               "median": median([r["surprise"] for r in visible])}
    views = [{"id": r["id"], "text": r["view"], "author_name": r["author_name"], "group": VIEW_GROUP,
              "source": None, "surprise": r["surprise"]} for r in visible if r["view"]]
    return [summary, *views, *messages]


def has_contributions(state: dict) -> bool:
    return bool(state["responses"])
