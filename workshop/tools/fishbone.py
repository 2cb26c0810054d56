"""Fishbone (Ishikawa): the problem at the head, cause categories as bones, causes and
sub-causes on each bone; then the group marks the most likely root causes.

State:
    {"open", "revealed", "problem": str, "anonymous": bool,
     "mode": "vote" | "pick", "budget": int, "marking": bool,
     "bones": [{"id", "title"}], "causes": [cause...],
     "marks": {"<participant id>": [cause ids, in the order marked]},
     "roots": [cause ids the facilitator confirmed as root causes],
     "focus": a bone id the board enlarges, or None for the whole diagram}
A cause (see base.new_card) here also has "bone", "parent" (a top-level cause id or None),
"hidden", "deleted" and "merged_into". Sub-causes are one level deep and always sit on their
parent's bone. "marks" is keyed by a string so the state survives a JSON round trip unchanged.

Bones that still hold causes are never dropped silently: fishbone.bones refuses to remove them
unless it is told where their causes go ("move_to").
"""
from __future__ import annotations

from .base import (Actor, ToolError, anonymity_field, bool_field, check_own_allowance, id_field, new_card,
                   require_facilitator, text_field, titled_list)
from .fishbone_views import (DEFAULT_CATEGORIES, MAX_BONE_TITLE, MAX_BONES, MAX_BUDGET, MAX_PROBLEM,
                             MAX_TEXT, MODES, find, has_contributions, initial_state, live, outcomes,
                             private_view, view, visible, vote_targets)
from .fishbone_views import votes as fishbone_votes
from . import ties

name = "fishbone"
title = "Fishbone"
when = "To dig into a problem: sort its possible causes into groups, then mark the likeliest root causes."
prefix = "fishbone."

MAX_CAUSES = 500  # causes on the board (deleted and hidden ones make room again)
PER_PERSON_CAUSES = 25  # causes and sub-causes one participant may add to one fishbone

__all__ = ["name", "title", "prefix", "HANDLERS", "initial_state", "apply", "view", "private_view",
           "outcomes", "has_contributions", "DEFAULT_CATEGORIES", "MAX_TEXT", "MAX_BONES"]


# --- helpers ---------------------------------------------------------------------------

def _bone(state: dict, bone_id) -> dict:
    if not isinstance(bone_id, str) or not bone_id:
        raise ToolError("bad_request", "Say which bone (category) the cause goes on.")
    for bone in state["bones"]:
        if bone["id"] == bone_id:
            return bone
    raise ToolError("not_found", "That bone (category) does not exist.")


def _cause(state: dict, payload: dict, key: str = "cause", what: str = "cause") -> dict:
    return find(state, id_field(payload, key, what))


def _replace(state: dict, changes: dict[str, dict]) -> dict:
    """Apply {cause id: {field: value}} to the causes, returning a new state."""
    causes = [{**c, **changes[c["id"]]} if c["id"] in changes else c for c in state["causes"]]
    return {**state, "causes": causes}


def _subs(state: dict, cause_id: str) -> list[dict]:
    return [c for c in state["causes"] if c["parent"] == cause_id and live(c)]


def _own_or_facilitator(cause: dict, actor: Actor) -> None:
    if not actor.is_facilitator and cause["author"] != actor.participant:
        raise ToolError("forbidden", "You can only change your own causes.")


def _not_tidied_for_participant(state: dict, cause: dict, actor: Actor) -> None:
    if not actor.is_facilitator and not visible(state, cause):
        raise ToolError("closed", "The facilitator has tidied that cause away; it can't be changed now.")


def _top_level_parent(state: dict, payload: dict, actor: Actor) -> dict | None:
    """The cause a sub-cause hangs from, or None for a cause straight on the bone."""
    parent_id = payload.get("parent")
    if parent_id is None:
        return None
    parent = find(state, id_field(payload, "parent", "cause this answers"))
    if parent["merged_into"] is not None:
        raise ToolError("closed", "That cause was merged into another; add your sub-cause there.")
    if not actor.is_facilitator and not visible(state, parent):
        raise ToolError("closed", "The facilitator has tidied that cause away.")
    if parent["parent"] is not None:
        raise ToolError("conflict", "Sub-causes go one level deep: add it under the main cause.")
    return parent


def _check_room(state: dict, adding: int) -> None:
    shown = sum(1 for c in state["causes"] if not c["deleted"] and not c["hidden"])
    if shown + adding > MAX_CAUSES:
        raise ToolError("limit", "This fishbone is full.")


# --- causes ----------------------------------------------------------------------------

def _add(state, payload, actor, intent):
    text = text_field(payload, "text", limit=MAX_TEXT, what="A cause")
    parent = _top_level_parent(state, payload, actor)
    if parent is None or payload.get("bone") is not None:
        bone = _bone(state, payload.get("bone"))["id"]
    if parent is not None:
        bone = parent["bone"]  # a sub-cause sits on its cause's bone, even if that moved meanwhile
    _check_room(state, 1)
    check_own_allowance(state["causes"], actor, PER_PERSON_CAUSES, "causes")
    cause = new_card(f"c{intent['seq']}", text, author=actor.participant,
                     author_name=actor.name if not actor.is_facilitator else None,
                     anonymous=state["anonymous"], at=intent["at"], bone=bone,
                     parent=parent["id"] if parent else None, hidden=False, deleted=False, merged_into=None)
    return {**state, "causes": [*state["causes"], cause]}


def _edit(state, payload, actor, intent):
    cause = _cause(state, payload)
    _own_or_facilitator(cause, actor)
    _not_tidied_for_participant(state, cause, actor)
    text = text_field(payload, "text", limit=MAX_TEXT, what="A cause")
    return _replace(state, {cause["id"]: {"text": text}})


def _delete(state, payload, actor, intent):
    cause = _cause(state, payload)
    _own_or_facilitator(cause, actor)
    _not_tidied_for_participant(state, cause, actor)
    if _subs(state, cause["id"]):
        raise ToolError("conflict", "This cause has sub-causes under it, so it can't be deleted; "
                                    "delete or move them first, or hide it.")
    if any(c["merged_into"] == cause["id"] and not c["deleted"] for c in state["causes"]):
        raise ToolError("conflict", "Other causes were merged into this one, so it can't be deleted; hide it instead.")
    return {**_replace(state, {cause["id"]: {"deleted": True}}),
            "roots": [r for r in state["roots"] if r != cause["id"]]}


def _set_hidden(hidden: bool):
    def handler(state, payload, actor, intent):
        require_facilitator(actor)
        cause = _cause(state, payload)
        return _replace(state, {cause["id"]: {"hidden": hidden}})
    return handler


def _move(state, payload, actor, intent):
    """To another bone (as a main cause, its sub-causes following) or under another cause."""
    require_facilitator(actor)
    cause = _cause(state, payload)
    if cause["merged_into"] is not None:
        raise ToolError("conflict", "That cause is merged into another; move that one instead.")
    parent = _top_level_parent(state, payload, actor)
    if parent is None:
        bone = _bone(state, payload.get("bone"))["id"]
        changes = {cause["id"]: {"bone": bone, "parent": None}}
    else:
        if parent["id"] == cause["id"]:
            raise ToolError("conflict", "A cause can't go under itself.")
        if _subs(state, cause["id"]):
            raise ToolError("conflict", "This cause has sub-causes of its own, so it can't become a sub-cause.")
        bone = parent["bone"]
        changes = {cause["id"]: {"bone": bone, "parent": parent["id"]}}
    for c in state["causes"]:  # sub-causes and merged-in duplicates travel with it
        if c["parent"] == cause["id"] or c["merged_into"] == cause["id"]:
            changes[c["id"]] = {"bone": bone}
    return _replace(state, changes)


def _merge(state, payload, actor, intent):
    require_facilitator(actor)
    cause = _cause(state, payload)
    into = _cause(state, payload, "into", "cause to merge into")
    if cause["id"] == into["id"]:
        raise ToolError("conflict", "A cause can't be merged into itself.")
    if cause["merged_into"] is not None or into["merged_into"] is not None:
        raise ToolError("conflict", "That cause is already merged into another.")
    subs = _subs(state, cause["id"])
    if into["parent"] == cause["id"]:
        raise ToolError("conflict", "A cause can't be merged into one of its own sub-causes.")
    if subs and into["parent"] is not None:
        raise ToolError("conflict", "This cause has sub-causes, so it can only be merged into a main cause.")
    changes = {cause["id"]: {"merged_into": into["id"], "bone": into["bone"]}}
    for c in state["causes"]:
        if c["merged_into"] == cause["id"]:  # a merge is never more than one level deep
            changes[c["id"]] = {"merged_into": into["id"], "bone": into["bone"]}
        elif c["parent"] == cause["id"]:
            changes[c["id"]] = {"parent": into["id"], "bone": into["bone"]}
    roots = [into["id"] if r == cause["id"] else r for r in state["roots"]]
    roots = [r for n, r in enumerate(roots) if r not in roots[:n]]
    return {**_replace(state, changes), "roots": roots}


# --- marking root causes ---------------------------------------------------------------

def _markable(state: dict, payload: dict, actor: Actor) -> dict:
    if actor.is_facilitator:
        raise ToolError("forbidden", "Marks are for participants; confirm root causes instead.")
    if state["mode"] != "vote":
        raise ToolError("forbidden", "In this activity the facilitator picks the root causes.")
    if not state["marking"]:
        raise ToolError("closed", "Marking root causes hasn't started yet.")
    cause = _cause(state, payload)
    if cause["merged_into"] is not None or not visible(state, cause):
        raise ToolError("closed", "The facilitator has tidied that cause away.")
    return cause


def _mark(state, payload, actor, intent):
    cause = _markable(state, payload, actor)
    key = str(actor.participant)
    mine = state["marks"].get(key, [])
    targets = vote_targets(state, mine)
    if cause["id"] in targets:
        raise ToolError("conflict", "You've already marked that cause.")
    if len(targets) >= state["budget"]:
        raise ToolError("limit", f"You can mark at most {state['budget']} causes; unmark one first.")
    return {**state, "marks": {**state["marks"], key: [*mine, cause["id"]]}}


def _unmark(state, payload, actor, intent):
    cause = _markable(state, payload, actor)
    key = str(actor.participant)
    mine = state["marks"].get(key, [])
    # A mark on a duplicate that was merged into this cause counts as a mark on this cause.
    keep = [m for m in mine if vote_targets(state, [m]) != [cause["id"]]]
    if len(keep) == len(mine):
        raise ToolError("not_found", "You haven't marked that cause.")
    marks = {**state["marks"], key: keep} if keep else {k: v for k, v in state["marks"].items() if k != key}
    return {**state, "marks": marks}


def _root(state, payload, actor, intent):
    require_facilitator(actor)
    cause = _cause(state, payload)
    if cause["merged_into"] is not None:
        raise ToolError("conflict", "That cause is merged into another; mark that one instead.")
    on = bool_field(payload, "root")
    roots = [r for r in state["roots"] if r != cause["id"]]
    return {**state, "roots": [*roots, cause["id"]] if on else roots}


def _top_marked(state: dict, payload: dict) -> list[str]:
    """The console's "confirm top N": the N most-marked causes on the board, never cutting
    through causes with equal marks unless `ties: "include"` (else a "tie" error saying which)."""
    top = payload.get("top")
    if type(top) is not int or not 1 <= top <= MAX_CAUSES:
        raise ToolError("bad_request", "'top' must be a whole number of root causes.")
    counts = fishbone_votes(state)
    marked = [{"id": c["id"], "text": c["text"], "votes": counts[c["id"]]}
              for c in state["causes"] if counts.get(c["id"]) and visible(state, c)]
    if not marked:
        raise ToolError("conflict", "Nobody has marked a cause yet.")
    marked.sort(key=lambda c: -c["votes"])  # stable: equal marks keep the order added (shown as a tie)
    return [c["id"] for c in ties.take_top(marked, "votes", top, payload.get("ties"), "causes")]


def _roots(state, payload, actor, intent):
    require_facilitator(actor)
    if "top" in payload:
        return {**state, "roots": _top_marked(state, payload)}
    given = payload.get("causes")
    if not isinstance(given, list):
        raise ToolError("bad_request", "causes must be a list of cause ids.")
    roots = []
    for cause_id in given:
        cause = find(state, id_field({"cause": cause_id}, "cause", "cause"))
        if cause["merged_into"] is not None:
            raise ToolError("conflict", "A merged cause can't be a root cause; use the one it was merged into.")
        if cause["id"] in roots:
            raise ToolError("conflict", "A cause is listed twice.")
        roots.append(cause["id"])
    return {**state, "roots": roots}


# --- the facilitator's set-up ----------------------------------------------------------

def _problem(state, payload, actor, intent):
    require_facilitator(actor)
    return {**state, "problem": text_field(payload, "text", limit=MAX_PROBLEM, what="The problem")}


def _bones(state, payload, actor, intent):
    require_facilitator(actor)
    bones = titled_list(payload.get("bones"), state["bones"], new_id=f"b{intent['seq']}",
                        sizes=range(1, MAX_BONES + 1), too_many=f"A fishbone has 1 to {MAX_BONES} bones.",
                        limit=MAX_BONE_TITLE, what="bone", plural="Bones")
    existing, seen = {b["id"] for b in state["bones"]}, {b["id"] for b in bones}
    stranded = [c for c in state["causes"] if not c["deleted"] and c["bone"] not in seen]
    move_to = payload.get("move_to")
    if move_to is not None and (not isinstance(move_to, str) or move_to not in seen or move_to not in existing):
        raise ToolError("not_found", "Causes can only move to a bone that stays.")
    if stranded and move_to is None:
        titles = {b["id"]: b["title"] for b in state["bones"]}
        gone = sorted({titles[c["bone"]] for c in stranded if c["bone"] in titles})
        raise ToolError("conflict", f"“{'”, “'.join(gone)}” still has causes; say which bone they move to, "
                                    "or move them first.")
    changes = {c["id"]: {"bone": move_to} for c in stranded}
    focus = state.get("focus") if state.get("focus") in seen else None  # a removed bone can't stay in focus
    return {**_replace(state, changes), "bones": bones, "focus": focus}


def _focus(state, payload, actor, intent):
    """The board enlarges one bone (all its causes readable) and shrinks the rest to titles."""
    require_facilitator(actor)
    if "bone" not in payload:
        raise ToolError("bad_request", "Say which bone to focus on, or null for the whole fishbone.")
    bone = payload["bone"]
    return {**state, "focus": None if bone is None else _bone(state, bone)["id"]}


def _settings(state, payload, actor, intent):
    require_facilitator(actor)
    known = {"anonymous", "mode", "budget", "marking"}
    if not payload or set(payload) - known:
        raise ToolError("bad_request", "Settings are anonymous, mode, budget and marking.")
    changes = {}
    if "marking" in payload:
        changes["marking"] = bool_field(payload, "marking")
    if "anonymous" in payload:
        changes["anonymous"] = anonymity_field(state, payload, votes_cast=any(state["marks"].values()))
    if "mode" in payload:
        if payload["mode"] not in MODES:
            raise ToolError("bad_request", "mode must be 'vote' or 'pick'.")
        changes["mode"] = payload["mode"]
    if "budget" in payload:
        budget = payload["budget"]
        if type(budget) is not int or not 1 <= budget <= MAX_BUDGET:
            raise ToolError("bad_request", f"Marks per person must be a whole number from 1 to {MAX_BUDGET}.")
        changes["budget"] = budget
    return {**state, **changes}


def _import(state, payload, actor, intent):
    """Cards from an earlier activity onto one bone (the first, if none is named)."""
    require_facilitator(actor)
    incoming = payload.get("cards")
    if not isinstance(incoming, list) or not all(isinstance(c, dict) and isinstance(c.get("text"), str)
                                                 for c in incoming):
        raise ToolError("bad_request", "Nothing to bring in.")
    bone = payload.get("bone")
    bone = _bone(state, bone)["id"] if bone is not None else state["bones"][0]["id"]
    _check_room(state, len(incoming))
    added = [new_card(f"c{intent['seq']}-{n}", card["text"], author=None, author_name=card.get("author_name"),
                      anonymous=card.get("author_name") is None, at=intent["at"], source=card.get("source"),
                      bone=bone, parent=None, hidden=False, deleted=False, merged_into=None)
             for n, card in enumerate(incoming)]
    return {**state, "causes": [*state["causes"], *added]}


HANDLERS = {
    "fishbone.add": _add, "fishbone.edit": _edit, "fishbone.delete": _delete,
    "fishbone.hide": _set_hidden(True), "fishbone.unhide": _set_hidden(False),
    "fishbone.move": _move, "fishbone.merge": _merge,
    "fishbone.mark": _mark, "fishbone.unmark": _unmark,
    "fishbone.root": _root, "fishbone.roots": _roots,
    "fishbone.problem": _problem, "fishbone.bones": _bones, "fishbone.settings": _settings,
    "fishbone.import": _import, "fishbone.focus": _focus,
}
# The fields each intent's payload may carry: any other is refused (tools.check_payload).
PAYLOAD_KEYS = {
    "fishbone.add": {"text", "parent", "bone"}, "fishbone.edit": {"cause", "text"}, "fishbone.delete": {"cause"},
    "fishbone.hide": {"cause"}, "fishbone.unhide": {"cause"}, "fishbone.move": {"cause", "parent", "bone"},
    "fishbone.merge": {"cause", "into"}, "fishbone.mark": {"cause"}, "fishbone.unmark": {"cause"},
    "fishbone.root": {"cause", "root"}, "fishbone.roots": {"causes", "top", "ties"}, "fishbone.problem": {"text"},
    "fishbone.bones": {"bones", "move_to"}, "fishbone.settings": {"anonymous", "mode", "budget", "marking"},
    "fishbone.import": {"cards", "bone"}, "fishbone.focus": {"bone"},
}
FACILITATOR_ONLY = {"fishbone.hide", "fishbone.unhide", "fishbone.move", "fishbone.merge", "fishbone.root",
                    "fishbone.roots", "fishbone.problem", "fishbone.bones", "fishbone.settings", "fishbone.import",
                    "fishbone.focus"}


def apply(state: dict, intent: dict, actor: Actor) -> dict:
    handler = HANDLERS.get(intent["type"])
    if handler is None:
        raise ToolError("unknown_intent", f"The fishbone has no '{intent['type']}'.")
    payload = intent.get("payload", {})
    if not isinstance(payload, dict):
        raise ToolError("bad_request", "The payload must be an object.")
    return handler(state, payload, actor, intent)
