"""Radiant thinking's initial state, reading the tree, what each audience sees, and its outcomes (pure)."""
from __future__ import annotations

from .base import ToolError, initial_stage

MAX_TEXT = 120  # an idea on the map: short, it is drawn on a projected map
MAX_THEME = 200
# How deep the map goes: branch, sub-branch, sub-sub-branch. A shape, not a count a client caps a form
# with: clients read it from the view (`max_depth`), which is why it is not among the limits (§8).
LEVELS = 3


def initial_state(config: dict | None = None) -> dict:
    config = config or {}
    theme = config.get("theme", "")
    if not isinstance(theme, str):
        raise ToolError("bad_request", "The theme must be text.")
    theme = " ".join(theme.split())
    if len(theme) > MAX_THEME:
        raise ToolError("too_long", f"The theme can be at most {MAX_THEME} characters.")
    return {**initial_stage(), "anonymous": bool(config.get("anonymous", True)), "theme": theme, "nodes": []}


# --- reading the tree ------------------------------------------------------------------

def live(node: dict) -> bool:
    return not node["deleted"] and node["merged_into"] is None


def find(state: dict, node_id: str) -> dict:
    for node in state["nodes"]:
        if node["id"] == node_id and not node["deleted"]:
            return node
    raise ToolError("not_found", "That idea is no longer on the map.")


def by_id(state: dict) -> dict[str, dict]:
    return {n["id"]: n for n in state["nodes"]}


def children(state: dict, node_id: str | None) -> list[dict]:
    """The live nodes that branch straight off `node_id` (None: the centre), in the order added."""
    return [n for n in state["nodes"] if n["parent"] == node_id and live(n)]


def ancestors(state: dict, node: dict, nodes: dict | None = None) -> list[dict]:
    """The node's parent, grandparent, … up to its branch (a tree never has cycles: moves refuse them)."""
    nodes = nodes or by_id(state)
    found, parent = [], node["parent"]
    while parent is not None and parent in nodes and len(found) < LEVELS:
        found.append(nodes[parent])
        parent = nodes[parent]["parent"]
    return found


def depth(state: dict, node: dict | None) -> int:
    """0 for the centre, 1 for a branch, 2 for a sub-branch, 3 for a sub-sub-branch."""
    return 0 if node is None else 1 + len(ancestors(state, node))


def height(state: dict, node_id: str) -> int:
    """How many levels the node's subtree takes, itself included (hidden ones count: unhiding
    must not make the map deeper than it may be)."""
    below = [height(state, n["id"]) for n in children(state, node_id)]
    return 1 + max(below, default=0)


def is_within(state: dict, node_id: str, root_id: str) -> bool:
    """Whether `node_id` is `root_id` or branches off it, however deep."""
    nodes = by_id(state)
    node = nodes.get(node_id)
    return node is not None and (node_id == root_id or any(a["id"] == root_id for a in ancestors(state, node, nodes)))


def visible(state: dict, node: dict, nodes: dict | None = None) -> bool:
    """On the map for the room: live, not hidden, and nothing above it hidden."""
    if not live(node) or node["hidden"]:
        return False
    return all(live(a) and not a["hidden"] for a in ancestors(state, node, nodes))


def on_the_map(state: dict) -> int:
    """What counts against the map's size: nodes not deleted or hidden, so tidying makes room."""
    return sum(1 for n in state["nodes"] if not n["deleted"] and not n["hidden"])


def _tree_order(state: dict, keep) -> list[tuple[dict, int, str]]:
    """(node, depth, branch id) for the nodes `keep` accepts, depth first: each branch followed
    by what branches off it, siblings in the order added."""
    kids: dict[str | None, list[dict]] = {}
    for n in state["nodes"]:
        if live(n):
            kids.setdefault(n["parent"], []).append(n)
    order: list[tuple[dict, int, str]] = []

    def walk(parent: str | None, level: int, branch: str | None) -> None:
        for n in kids.get(parent, []):
            if keep(n):
                order.append((n, level, branch or n["id"]))
                walk(n["id"], level + 1, branch or n["id"])
    walk(None, 1, None)
    return order


# --- views -----------------------------------------------------------------------------

def view(state: dict, audience: str) -> dict:
    facilitator = audience == "facilitator"
    nodes = by_id(state)
    order = _tree_order(state, (lambda n: True) if facilitator else (lambda n: not n["hidden"]))
    shown_ids = {n["id"] for n, _, _ in order}
    merged: dict[str, list[str]] = {}
    for n in state["nodes"]:
        if n["merged_into"] in shown_ids and not n["deleted"] and (facilitator or not n["hidden"]):
            merged.setdefault(n["merged_into"], []).append(n["id"])
    items = []
    for n, level, branch in order:
        item = {"id": n["id"], "text": n["text"], "parent": n["parent"], "depth": level, "branch": branch,
                "author": n["author_name"], "merged": merged.get(n["id"], []), "source": n["source"]}
        if facilitator:
            item["hidden"] = n["hidden"]
            item["shown"] = visible(state, n, nodes)
        items.append(item)
    return {"theme": state["theme"], "anonymous": state["anonymous"], "max_depth": LEVELS,
            "nodes": items, "count": len(items)}


def private_view(state: dict, participant) -> dict:
    return {"mine": [n["id"] for n in state["nodes"] if n["author"] == participant and not n["deleted"]]}


def outcomes(state: dict) -> list[dict]:
    """One card per branch on the map, in the map's order: the branch's text, and its sub-ideas
    in `ideas` (sub-branches in order, each followed by its own sub-branches as "sub: subsub")
    and `detail` (them as one line: "sub (subsub, subsub); sub")."""
    order = _tree_order(state, lambda n: not n["hidden"])
    cards, current = [], None
    for node, level, _ in order:
        if level == 1:
            current = {"id": node["id"], "text": node["text"], "author_name": node["author_name"],
                       "source": node["source"], "ideas": [], "detail": "", "_subs": []}
            cards.append(current)
        elif level == 2:
            current["_subs"].append((node["text"], []))
            current["ideas"].append(node["text"])
        else:
            current["_subs"][-1][1].append(node["text"])
            current["ideas"].append(f"{current['_subs'][-1][0]}: {node['text']}")
    for card in cards:
        subs = card.pop("_subs")
        card["detail"] = "; ".join(f"{text} ({', '.join(below)})" if below else text for text, below in subs)
    return cards


def has_contributions(state: dict) -> bool:
    return bool(state["nodes"])
