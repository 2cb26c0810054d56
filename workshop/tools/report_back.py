"""Reporting back and reviewing the experience: how the outcomes reach staff who were not there,
governors and the partnership; how the ICs will follow up; and three reflection questions.

State:
    {"open", "revealed", "anonymous": bool, "sections": [section ids in order], "current": id,
     "answers": [answer...]}
An answer (see base.new_card): also "section", "hidden", "deleted".
Phones add answers to the current section; the facilitator may add to, move between and hide in any.
"""
from __future__ import annotations

from .base import (Actor, ToolError, bool_field, check_own_allowance, id_field, initial_stage, new_card,
                   require_facilitator, text_field)

name = "report_back"
title = "Reporting back and review"
when = "At the close: agree how the outcomes reach those who were not here, who follows up, and how the day went."
prefix = "report."

SECTIONS = {
    "report": "How will we report the outcomes back to staff who were not here, governors and the partnership?",
    "follow_up": "How will the Improvement Champions follow up the actions with us?",
    "experience": "How was the experience of peer review?",
    "well": "What did we do well?",
    "change": "What would we change next time?",
}
SHORT_TITLES = {"report": "Reporting back", "follow_up": "Follow-up by the ICs",
                "experience": "The experience of peer review", "well": "What we did well",
                "change": "What we would change"}
MAX_TEXT = 280
MAX_ANSWERS = 2000  # answers shown (deleted and hidden ones make room again)
PER_PERSON_ANSWERS = 40  # answers one participant may add to one activity, all sections together


def _config_sections(config: dict) -> list[str]:
    given = config.get("sections")
    if not isinstance(given, list):
        return list(SECTIONS)
    chosen = [s for s in SECTIONS if s in given]  # the format's order, whatever the config's
    return chosen or list(SECTIONS)


def initial_state(config: dict | None = None) -> dict:
    config = config or {}
    sections = _config_sections(config)
    return {**initial_stage(), "anonymous": bool(config.get("anonymous", True)), "sections": sections,
            "current": sections[0], "answers": []}


# --- helpers ---------------------------------------------------------------------------

def _live(answer: dict) -> bool:
    return not answer["deleted"]


def _find(state: dict, payload: dict) -> dict:
    answer_id = id_field(payload, "answer", "answer")
    for answer in state["answers"]:
        if answer["id"] == answer_id and _live(answer):
            return answer
    raise ToolError("not_found", "That answer no longer exists.")


def _section(state: dict, payload: dict, *, default: str | None = None) -> str:
    value = payload.get("section", default)
    if not isinstance(value, str) or value not in state["sections"]:
        raise ToolError("not_found", "That section is not part of this activity.")
    return value


def _replace(state: dict, answer_id: str, **changes) -> dict:
    return {**state, "answers": [{**a, **changes} if a["id"] == answer_id else a for a in state["answers"]]}


def _own_or_facilitator(answer: dict, actor: Actor) -> None:
    if not actor.is_facilitator:
        if answer["author"] != actor.participant:
            raise ToolError("forbidden", "You can only change your own answers.")
        if answer["hidden"]:
            raise ToolError("closed", "The facilitator has tidied that answer away; it can't be changed now.")


def _room(state: dict, n: int = 1) -> None:
    shown = sum(1 for a in state["answers"] if _live(a) and not a["hidden"])
    if shown + n > MAX_ANSWERS:
        raise ToolError("limit", "This activity is full.")


# --- intents ---------------------------------------------------------------------------

def _add(state, payload, actor, intent):
    text = text_field(payload, "text", limit=MAX_TEXT, what="An answer")
    section = _section(state, payload, default=state["current"])
    if not actor.is_facilitator and section != state["current"]:
        raise ToolError("closed", f"The group has moved on to “{SECTIONS[state['current']]}”.")
    _room(state)
    check_own_allowance(state["answers"], actor, PER_PERSON_ANSWERS, "answers")
    answer = new_card(f"c{intent['seq']}", text, author=actor.participant, author_name=actor.name,
                      anonymous=state["anonymous"], at=intent["at"], section=section, hidden=False, deleted=False)
    return {**state, "answers": [*state["answers"], answer]}


def _edit(state, payload, actor, intent):
    answer = _find(state, payload)
    _own_or_facilitator(answer, actor)
    return _replace(state, answer["id"], text=text_field(payload, "text", limit=MAX_TEXT, what="An answer"))


def _delete(state, payload, actor, intent):
    answer = _find(state, payload)
    _own_or_facilitator(answer, actor)
    return _replace(state, answer["id"], deleted=True)


def _set_hidden(hidden: bool):
    def handler(state, payload, actor, intent):
        require_facilitator(actor)
        return _replace(state, _find(state, payload)["id"], hidden=hidden)
    return handler


def _move(state, payload, actor, intent):
    require_facilitator(actor)
    answer = _find(state, payload)
    return _replace(state, answer["id"], section=_section(state, payload))


def _current(state, payload, actor, intent):
    require_facilitator(actor)
    if "section" not in payload:
        raise ToolError("bad_request", "Say which section.")
    return {**state, "current": _section(state, payload)}


def _settings(state, payload, actor, intent):
    require_facilitator(actor)
    return {**state, "anonymous": bool_field(payload, "anonymous")}


def _import(state, payload, actor, intent):
    """Cards from an earlier activity become answers in a section (option "section", else the current)."""
    require_facilitator(actor)
    incoming = payload.get("cards")
    if not isinstance(incoming, list) or not all(isinstance(c, dict) for c in incoming):
        raise ToolError("bad_request", "Nothing to bring in.")
    section = _section(state, payload, default=state["current"])
    _room(state, len(incoming))
    added = [new_card(f"c{intent['seq']}-{n}", text_field(card, "text", limit=10_000, what="A card")[:MAX_TEXT],
                      author=None, author_name=card.get("author_name"), anonymous=card.get("author_name") is None,
                      at=intent["at"], source=card.get("source"), section=section, hidden=False, deleted=False)
             for n, card in enumerate(incoming)]
    return {**state, "answers": [*state["answers"], *added]}


HANDLERS = {
    "report.add": _add, "report.edit": _edit, "report.delete": _delete,
    "report.hide": _set_hidden(True), "report.unhide": _set_hidden(False), "report.move": _move,
    "report.section": _current, "report.settings": _settings, "report.import": _import,
}
# The fields each intent's payload may carry: any other is refused (tools.check_payload).
PAYLOAD_KEYS = {
    "report.add": {"text", "section"}, "report.edit": {"answer", "text"}, "report.delete": {"answer"},
    "report.hide": {"answer"}, "report.unhide": {"answer"}, "report.move": {"answer", "section"},
    "report.section": {"section"}, "report.settings": {"anonymous"}, "report.import": {"cards", "section"},
}
FACILITATOR_ONLY = {"report.hide", "report.unhide", "report.move", "report.section", "report.settings",
                    "report.import"}


def apply(state: dict, intent: dict, actor: Actor) -> dict:
    handler = HANDLERS.get(intent["type"])
    if handler is None:
        raise ToolError("unknown_intent", f"Reporting back has no '{intent['type']}'.")
    payload = intent.get("payload", {})
    if not isinstance(payload, dict):
        raise ToolError("bad_request", "The payload must be an object.")
    return handler(state, payload, actor, intent)


# --- views -----------------------------------------------------------------------------

def view(state: dict, audience: str) -> dict:
    facilitator = audience == "facilitator"
    answers = []
    for a in state["answers"]:
        if _live(a) and (facilitator or not a["hidden"]):
            shown = {"id": a["id"], "section": a["section"], "text": a["text"], "author": a["author_name"],
                     "source": a["source"]}
            if facilitator:
                shown["hidden"] = a["hidden"]
            answers.append(shown)
    return {"anonymous": state["anonymous"], "current": state["current"],
            "sections": [{"id": s, "title": SHORT_TITLES[s], "question": SECTIONS[s]} for s in state["sections"]],
            "answers": answers, "count": len(answers)}


def private_view(state: dict, participant: int) -> dict:
    return {"mine": [a["id"] for a in state["answers"] if a["author"] == participant and _live(a)]}


def outcomes(state: dict) -> list[dict]:
    """Visible answers, section by section (in the sections' order), each in the order added."""
    return [{"id": a["id"], "text": a["text"], "author_name": a["author_name"], "group": s,
             "section_title": SECTIONS[s], "source": a["source"]}
            for s in state["sections"] for a in state["answers"]
            if a["section"] == s and _live(a) and not a["hidden"]]


def has_contributions(state: dict) -> bool:
    return bool(state["answers"])
