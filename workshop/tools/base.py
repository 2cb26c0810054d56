"""What every tool shares: the error type, input checks, and the activity's stage.

Pure: no flask, socketio or sqlalchemy here. Reducers never read the clock or make ids;
the engine stamps each intent with ``at`` (server ms) and ``seq`` (the version it will make).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any


class ToolError(Exception):
    """A rejected intent: a closed-set ``code`` and a message for the person who sent it."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Actor:
    """Who sends an intent. For role "participant", ``participant`` is who they are in this
    activity: their participant id when it is named, a pseudonym ("a…", engine.identity) when it
    is anonymous (``name`` is then None). Tools compare it and key votes by ``str()`` of it."""

    role: str  # "facilitator" | "participant"
    participant: int | str | None = None
    name: str | None = None
    # A table (one phone for several people, participants.kind "table"): how many people it
    # speaks for, and its name for results by table (tools.tables). A person: 1 and None. The
    # engine logs the weight with the event (events.weight) so replay gives the same tallies.
    weight: int = 1
    table: str | None = None

    @property
    def is_facilitator(self) -> bool:
        return self.role == "facilitator"


def require_facilitator(actor: Actor) -> None:
    if not actor.is_facilitator:
        raise ToolError("forbidden", "Only the facilitator can do that.")


def text_field(payload: dict, key: str, *, limit: int, what: str, required: bool = True) -> str:
    """A trimmed user text, 1..limit characters, or a clear error."""
    value = payload.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str):
        raise ToolError("bad_request", f"{what} must be text.")
    value = " ".join(value.split())  # short texts: one line, no stray spaces
    if required and not value:
        raise ToolError("empty", f"{what} can't be empty.")
    if len(value) > limit:
        raise ToolError("too_long", f"{what} can be at most {limit} characters.")
    return value


ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def when_field(payload: dict, *, limit: int, what: str) -> str:
    """An action's "when": free words ("By Easter", "Termly") or a date; something written as a
    date (2027-02-30) must be a real one, since exports and the head's tracking sort by it."""
    value = text_field(payload, "when", limit=limit, what=what, required=False)
    if ISO_DATE.fullmatch(value):
        try:
            date.fromisoformat(value)
        except ValueError:
            raise ToolError("bad_request", f"{value} is not a real date; use a date like 2027-03-31.") from None
    return value


def id_field(payload: dict, key: str, what: str) -> str:
    value = payload.get(key)
    if not isinstance(value, str) or not value or len(value) > 40:
        raise ToolError("bad_request", f"Say which {what}.")
    return value


def check_keys(payload: dict, allowed, kind: str) -> None:
    """Refuse fields an intent does not take (a typo'd field would otherwise be silently ignored)."""
    unknown = set(payload) - set(allowed)
    if unknown:
        takes = ", ".join(sorted(allowed)) or "no fields"
        raise ToolError("bad_request", f"Unknown field(s) for {kind}: {', '.join(sorted(map(str, unknown)))[:80]} "
                                       f"(it takes {takes}).")


def check_own_allowance(entries: list[dict], actor: Actor, allowance: int, noun: str) -> None:
    """A participant adds at most `allowance` entries to one activity (their `author` is who they
    are in it), so a few people, or one script joined many times, can't fill an activity for
    everyone. Their deleted or tidied-away entries count too: they stay in the stored state, and
    adding and deleting must not grow it without bound. The facilitator has no allowance."""
    if actor.is_facilitator or actor.participant is None:
        return
    if sum(1 for entry in entries if entry.get("author") == actor.participant) >= allowance:
        raise ToolError("limit", f"You have added {allowance} {noun} here, the most one person can add "
                                 "to one activity. Edit one of yours instead.")


def bool_field(payload: dict, key: str) -> bool:
    value = payload.get(key)
    if not isinstance(value, bool):
        raise ToolError("bad_request", f"'{key}' must be true or false.")
    return value


def titled_list(given: object, existing: list[dict], *, new_id: str, sizes: range, too_many: str,
                limit: int, what: str, plural: str) -> list[dict]:
    """A facilitator's new list of named groups (an idea wall's columns, a fishbone's bones):
    [{"id"?, "title"}], in order. An entry without an id is new (id `new_id`-n); one with an id
    keeps an existing group (its cards stay). Refused: unknown ids, a group twice, a count
    outside `sizes`."""
    if not isinstance(given, list) or not all(isinstance(g, dict) for g in given):
        raise ToolError("bad_request", f"{plural} must be a list of {{title}}.")
    if len(given) not in sizes:
        raise ToolError("limit", too_many)
    known = {g["id"] for g in existing}
    groups, seen = [], set()
    for n, group in enumerate(given):
        title = text_field(group, "title", limit=limit, what=f"A {what} title")
        group_id = group.get("id")
        if group_id is None:
            group_id = f"{new_id}-{n}"
        elif not isinstance(group_id, str):
            raise ToolError("bad_request", f"A {what} id must be text.")
        elif group_id not in known:
            raise ToolError("not_found", f"That {what} does not exist.")
        if group_id in seen:
            raise ToolError("conflict", f"A {what} is listed twice.")
        seen.add(group_id)
        groups.append({"id": group_id, "title": title})
    return groups


def anonymity_field(state: dict, payload: dict, *, votes_cast: bool) -> bool:
    """The facilitator's `anonymous` setting. People are someone else in an anonymous activity
    (a pseudonym, engine.identity) than in a named one, and votes are filed under who they are:
    switching during a vote would hand everyone a second ballot, so the switch waits for it."""
    anonymous = bool_field(payload, "anonymous")
    if anonymous != state["anonymous"] and votes_cast:
        raise ToolError("conflict", "People have already voted here; change names or anonymity before "
                                    "the voting starts, or after clearing it.")
    return anonymous


# --- the stage every activity has: is input open, are results revealed -------------------

STAGE_INTENTS = {
    "activity.open": ("open", True),
    "activity.close": ("open", False),
    "activity.reveal": ("revealed", True),
    "activity.conceal": ("revealed", False),
}


def initial_stage() -> dict[str, Any]:
    return {"open": False, "revealed": False}


def apply_stage(state: dict, intent_type: str, actor: Actor) -> dict:
    require_facilitator(actor)
    key, value = STAGE_INTENTS[intent_type]
    return {**state, key: value}


def new_card(card_id: str, text: str, *, author: int | None, author_name: str | None,
             anonymous: bool, at: int, source: dict | None = None, **extra: Any) -> dict:
    """A card: the unit that flows between activities.

    ``author`` (a participant id) stays on the server: views decide who may see a name.
    ``source`` links a card brought in from an earlier activity: {"activity", "card"}.
    """
    return {"id": card_id, "text": text, "author": author,
            "author_name": None if anonymous else author_name,
            "anonymous": anonymous, "at": at, "source": source, **extra}


def incoming_cards(payload: dict, intent: dict, *, limit: int) -> list[tuple[str, str, str | None, dict | None]]:
    """The cards an import brings, as (new id, text cut to `limit`, author name, source).
    Another tool may allow longer texts, so an import trims rather than refuses."""
    incoming = payload.get("cards")
    if not isinstance(incoming, list) or not incoming:
        raise ToolError("bad_request", "Nothing to bring in.")
    cards = []
    for n, card in enumerate(incoming):
        if not isinstance(card, dict):
            raise ToolError("bad_request", "Each card must be an object.")
        text = " ".join(str(card.get("text") or "").split())[:limit]
        if not text:
            raise ToolError("empty", "A card to bring in has no text.")
        cards.append((f"c{intent['seq']}-{n}", text, card.get("author_name"), card.get("source")))
    return cards
