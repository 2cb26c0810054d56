"""Radiant thinking: a mind map. One theme in the centre; people add branches, sub-branches under
them and sub-sub-branches under those (three levels at most); the facilitator regroups, merges,
hides and renames, and sets the theme.

State:
    {"open", "revealed", "anonymous": bool, "theme": str, "nodes": [node...]}
A node (base.new_card) here also has "parent" (a node id, or None for a branch straight off the
centre), "hidden", "deleted" and "merged_into". A node's depth is 1 for a branch, 2 for a
sub-branch, 3 for a sub-sub-branch; no node is ever deeper than LEVELS. Moves keep a node's
whole subtree with it, and a merge hands the merged node's children to the node it merged into,
so a merge is never more than one level deep and no live node ever hangs from a merged one.

What each audience sees and the outcomes are in radiant_views.
"""
from __future__ import annotations

from .base import (Actor, ToolError, bool_field, check_own_allowance, id_field, incoming_cards, new_card,
                   require_facilitator, text_field)
from .radiant_views import (LEVELS, MAX_TEXT, MAX_THEME, children, depth, find, has_contributions,
                            height, initial_state, is_within, live, on_the_map, outcomes, private_view, view,
                            visible)

name = "radiant"
title = "Radiant thinking"
when = "To map everything connected to one theme, branching out from the centre."
prefix = "radiant."

MAX_NODES = 300  # nodes on the map (deleted and hidden ones make room again)
PER_PERSON_NODES = 40  # nodes one participant may add to one map
NOUN = "idea"

__all__ = ["name", "title", "when", "prefix", "HANDLERS", "PAYLOAD_KEYS", "FACILITATOR_ONLY", "initial_state",
           "apply", "view", "private_view", "outcomes", "has_contributions", "MAX_TEXT", "MAX_THEME", "LEVELS",
           "MAX_NODES", "PER_PERSON_NODES"]

# --- helpers ---------------------------------------------------------------------------

def _node(state: dict, payload: dict, key: str = "node", what: str = "idea on the map") -> dict:
    return find(state, id_field(payload, key, what))

def _replace(state: dict, changes: dict[str, dict]) -> dict:
    nodes = [{**n, **changes[n["id"]]} if n["id"] in changes else n for n in state["nodes"]]
    return {**state, "nodes": nodes}

def _check_room(state: dict, adding: int) -> None:
    if on_the_map(state) + adding > MAX_NODES:
        raise ToolError("limit", f"This map is full ({MAX_NODES} ideas); hide or merge some to make room.")

def _yours_to_change(state: dict, payload: dict, actor: Actor) -> dict:
    node = _node(state, payload)
    if not actor.is_facilitator:
        if node["author"] != actor.participant:
            raise ToolError("forbidden", "You can only change your own ideas.")
        if not visible(state, node):
            raise ToolError("closed", "The facilitator has tidied that idea away; it can't be changed now.")
    return node

def _parent(state: dict, payload: dict, actor: Actor) -> dict | None:
    """The node a new node hangs from (None: the centre). It must stand on the map for a
    participant, be unmerged, and leave room for one more level under it."""
    if payload.get("parent") is None:
        return None
    parent = _node(state, payload, "parent", "idea to add under")
    if parent["merged_into"] is not None:
        raise ToolError("closed", "That idea was merged into another; add yours there.")
    if not actor.is_facilitator and not visible(state, parent):
        raise ToolError("closed", "The facilitator has tidied that idea away.")
    if depth(state, parent) >= LEVELS:
        raise ToolError("conflict", f"The map goes {LEVELS} levels deep; add it under the idea above instead.")
    return parent

# --- people's ideas --------------------------------------------------------------------

def _add(state, payload, actor, intent):
    text = text_field(payload, "text", limit=MAX_TEXT, what="An idea")
    parent = _parent(state, payload, actor)
    _check_room(state, 1)
    check_own_allowance(state["nodes"], actor, PER_PERSON_NODES, "ideas")
    node = new_card(f"c{intent['seq']}", text, author=actor.participant,
                    author_name=actor.name if not actor.is_facilitator else None, anonymous=state["anonymous"],
                    at=intent["at"], parent=parent["id"] if parent else None, hidden=False, deleted=False,
                    merged_into=None)
    return {**state, "nodes": [*state["nodes"], node]}

def _edit(state, payload, actor, intent):
    node = _yours_to_change(state, payload, actor)
    return _replace(state, {node["id"]: {"text": text_field(payload, "text", limit=MAX_TEXT, what="An idea")}})

def _delete(state, payload, actor, intent):
    node = _yours_to_change(state, payload, actor)
    if children(state, node["id"]):
        raise ToolError("conflict", "Other ideas branch off this one, so it can't be deleted; "
                                    "move them first, or hide it.")
    if any(n["merged_into"] == node["id"] and not n["deleted"] for n in state["nodes"]):
        raise ToolError("conflict", "Other ideas were merged into this one, so it can't be deleted; hide it instead.")
    return _replace(state, {node["id"]: {"deleted": True}})

# --- the facilitator's tidying ---------------------------------------------------------

def _set_hidden(hidden: bool):
    def handler(state, payload, actor, intent):
        require_facilitator(actor)
        node = _node(state, payload)
        return _replace(state, {node["id"]: {"hidden": hidden}})
    return handler

def _move(state, payload, actor, intent):
    """Under another node, or (parent null) straight off the centre; its subtree comes along."""
    require_facilitator(actor)
    node = _node(state, payload)
    if node["merged_into"] is not None:
        raise ToolError("conflict", "That idea is merged into another; move that one instead.")
    if "parent" not in payload:
        raise ToolError("bad_request", "Say where it goes: an idea's id as 'parent', or null for the centre.")
    target = None
    if payload["parent"] is not None:
        target = _node(state, payload, "parent", "idea to move it under")
        if target["merged_into"] is not None:
            raise ToolError("conflict", "That idea is merged into another; move it there instead.")
        if is_within(state, target["id"], node["id"]):
            raise ToolError("conflict", "An idea can't go under itself or one of the ideas that branch off it.")
    if depth(state, target) + height(state, node["id"]) > LEVELS:
        raise ToolError("conflict", f"There it would go deeper than {LEVELS} levels; move it higher up, "
                                    "or move the ideas under it first.")
    return _replace(state, {node["id"]: {"parent": target["id"] if target else None}})

def _merge(state, payload, actor, intent):
    """A duplicate into another node: what branched off the duplicate now branches off `into`."""
    require_facilitator(actor)
    node = _node(state, payload)
    into = _node(state, payload, "into", "idea to merge into")
    if node["id"] == into["id"]:
        raise ToolError("conflict", "An idea can't be merged into itself.")
    if node["merged_into"] is not None or into["merged_into"] is not None:
        raise ToolError("conflict", "That idea is already merged into another.")
    if is_within(state, into["id"], node["id"]):
        raise ToolError("conflict", "An idea can't be merged into one of the ideas that branch off it.")
    if depth(state, into) + height(state, node["id"]) - 1 > LEVELS:
        raise ToolError("conflict", f"Its ideas would then go deeper than {LEVELS} levels; "
                                    "merge it into an idea higher up, or move its ideas first.")
    changes = {node["id"]: {"merged_into": into["id"]}}
    for n in state["nodes"]:
        if n["merged_into"] == node["id"] and not n["deleted"]:  # a merge is never more than one level deep
            changes[n["id"]] = {"merged_into": into["id"]}
        elif n["parent"] == node["id"] and live(n):
            changes[n["id"]] = {"parent": into["id"]}
    return _replace(state, changes)

def _theme(state, payload, actor, intent):
    require_facilitator(actor)
    return {**state, "theme": text_field(payload, "text", limit=MAX_THEME, what="The theme")}

def _settings(state, payload, actor, intent):
    require_facilitator(actor)
    return {**state, "anonymous": bool_field(payload, "anonymous")}

def _import(state, payload, actor, intent):
    """Cards from an earlier activity (e.g. a brainstorm) become branches, or ideas under `parent`."""
    require_facilitator(actor)
    parent = _parent(state, payload, actor)
    incoming = incoming_cards(payload, intent, limit=MAX_TEXT)
    _check_room(state, len(incoming))
    added = [new_card(card_id, text, author=None, author_name=author_name, anonymous=author_name is None,
                      at=intent["at"], source=source, parent=parent["id"] if parent else None, hidden=False,
                      deleted=False, merged_into=None)
             for card_id, text, author_name, source in incoming]
    return {**state, "nodes": [*state["nodes"], *added]}

HANDLERS = {
    "radiant.add": _add, "radiant.edit": _edit, "radiant.delete": _delete,
    "radiant.hide": _set_hidden(True), "radiant.unhide": _set_hidden(False),
    "radiant.move": _move, "radiant.merge": _merge, "radiant.theme": _theme,
    "radiant.settings": _settings, "radiant.import": _import,
}
# The fields each intent's payload may carry: any other is refused (tools.check_payload).
PAYLOAD_KEYS = {
    "radiant.add": {"text", "parent"}, "radiant.edit": {"node", "text"}, "radiant.delete": {"node"},
    "radiant.hide": {"node"}, "radiant.unhide": {"node"}, "radiant.move": {"node", "parent"},
    "radiant.merge": {"node", "into"}, "radiant.theme": {"text"}, "radiant.settings": {"anonymous"},
    "radiant.import": {"cards", "parent"},
}
FACILITATOR_ONLY = {"radiant.hide", "radiant.unhide", "radiant.move", "radiant.merge", "radiant.theme",
                    "radiant.settings", "radiant.import"}

def apply(state: dict, intent: dict, actor: Actor) -> dict:
    handler = HANDLERS.get(intent["type"])
    if handler is None:
        raise ToolError("unknown_intent", f"Radiant thinking has no '{intent['type']}'.")
    payload = intent.get("payload", {})
    if not isinstance(payload, dict):
        raise ToolError("bad_request", "The payload must be an object.")
    return handler(state, payload, actor, intent)

