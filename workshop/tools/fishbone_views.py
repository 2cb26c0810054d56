"""The fishbone's initial state, what each audience sees, and its outcomes (pure)."""
from __future__ import annotations

from .base import ToolError, initial_stage

DEFAULT_CATEGORIES = ["Teaching and learning", "Curriculum", "Pupils", "Staff and CPD",
                      "Leadership and systems", "Resources and environment", "Parents and community"]
MODES = ("vote", "pick")
MAX_TEXT = 160
MAX_PROBLEM = 300
MAX_BONES = 8
MAX_BONE_TITLE = 40
MAX_BUDGET = 10
DEFAULT_BUDGET = 3


def _config_text(value, limit: int, what: str) -> str:
    if not isinstance(value, str):
        raise ToolError("bad_request", f"{what} must be text.")
    value = " ".join(value.split())
    if len(value) > limit:
        raise ToolError("too_long", f"{what} can be at most {limit} characters.")
    return value


def initial_state(config: dict | None = None) -> dict:
    config = config or {}
    categories = config.get("categories", DEFAULT_CATEGORIES)
    if not isinstance(categories, list) or not 1 <= len(categories) <= MAX_BONES:
        raise ToolError("bad_request", f"categories must be a list of 1 to {MAX_BONES} titles.")
    titles = [_config_text(t, MAX_BONE_TITLE, "A category") for t in categories]
    if not all(titles):
        raise ToolError("empty", "A category can't be empty.")
    mode = config.get("mode", "vote")
    if mode not in MODES:
        raise ToolError("bad_request", "mode must be 'vote' or 'pick'.")
    budget = config.get("budget", DEFAULT_BUDGET)
    if type(budget) is not int or not 1 <= budget <= MAX_BUDGET:
        raise ToolError("bad_request", f"budget must be a whole number from 1 to {MAX_BUDGET}.")
    return {**initial_stage(),
            "problem": _config_text(config.get("problem", ""), MAX_PROBLEM, "The problem"),
            "anonymous": bool(config.get("anonymous", True)),
            "mode": mode, "budget": budget, "marking": False,
            "bones": [{"id": f"b{n + 1}", "title": t} for n, t in enumerate(titles)],
            "causes": [], "marks": {}, "roots": [], "focus": None}


# --- reading the state -----------------------------------------------------------------

def live(cause: dict) -> bool:
    return not cause["deleted"] and cause["merged_into"] is None


def find(state: dict, cause_id: str) -> dict:
    for cause in state["causes"]:
        if cause["id"] == cause_id and not cause["deleted"]:
            return cause
    raise ToolError("not_found", "That cause no longer exists.")


def _by_id(state: dict) -> dict[str, dict]:
    return {c["id"]: c for c in state["causes"]}


def visible(state: dict, cause: dict, by_id: dict | None = None) -> bool:
    """On the board: live, not hidden, and (for a sub-cause) its cause on the board too."""
    if not live(cause) or cause["hidden"]:
        return False
    if cause["parent"] is None:
        return True
    parent = (by_id or _by_id(state)).get(cause["parent"])
    return parent is not None and live(parent) and not parent["hidden"]


def vote_targets(state: dict, marked: list[str], by_id: dict | None = None) -> list[str]:
    """The causes on the board that a person's marks count for (a mark on a duplicate counts
    for the cause it was merged into; marks on deleted or hidden causes count for nothing)."""
    by_id = by_id or _by_id(state)
    targets = []
    for cause_id in marked:
        cause = by_id.get(cause_id)
        if cause is None or cause["deleted"]:
            continue
        if cause["merged_into"] is not None:
            cause = by_id.get(cause["merged_into"])
        if cause is not None and visible(state, cause, by_id) and cause["id"] not in targets:
            targets.append(cause["id"])
    return targets


def votes(state: dict) -> dict[str, int]:
    by_id = _by_id(state)
    counts: dict[str, int] = {}
    for marked in state["marks"].values():
        for target in vote_targets(state, marked, by_id):
            counts[target] = counts.get(target, 0) + 1
    return counts


def _ranked_roots(state: dict, counts: dict[str, int], facilitator: bool) -> list[dict]:
    by_id = _by_id(state)
    order = {c["id"]: n for n, c in enumerate(state["causes"])}
    roots = [by_id[r] for r in state["roots"] if r in by_id and live(by_id[r])
             and (facilitator or visible(state, by_id[r], by_id))]
    return sorted(roots, key=lambda c: (-counts.get(c["id"], 0), order[c["id"]]))


# --- views -----------------------------------------------------------------------------

def view(state: dict, audience: str) -> dict:
    facilitator = audience == "facilitator"
    results = facilitator or state["revealed"]
    by_id = _by_id(state)
    counts = votes(state) if results else {}
    shown = [c for c in state["causes"] if (live(c) if facilitator else visible(state, c, by_id))]
    shown_ids = {c["id"] for c in shown}
    merged: dict[str, list[str]] = {}
    for c in state["causes"]:
        if c["merged_into"] in shown_ids and not c["deleted"] and (facilitator or not c["hidden"]):
            merged.setdefault(c["merged_into"], []).append(c["id"])
    roots = set(state["roots"])
    causes = []
    for c in shown:
        item = {"id": c["id"], "text": c["text"], "bone": c["bone"], "parent": c["parent"],
                "author": c["author_name"], "merged": merged.get(c["id"], []), "source": c["source"],
                "root": c["id"] in roots}
        if results:
            item["votes"] = counts.get(c["id"], 0)
        if facilitator:
            item["hidden"] = c["hidden"]
            item["shown"] = visible(state, c, by_id)
        causes.append(item)
    per_bone: dict[str, int] = {}
    for c in causes:
        per_bone[c["bone"]] = per_bone.get(c["bone"], 0) + 1
    result = {"problem": state["problem"], "anonymous": state["anonymous"], "mode": state["mode"],
              "budget": state["budget"], "marking": state["marking"], "results": results,
              "bones": [{**b, "count": per_bone.get(b["id"], 0)} for b in state["bones"]],
              "causes": causes, "count": len(causes),
              "roots": [c["id"] for c in _ranked_roots(state, counts, facilitator)],
              "focus": state.get("focus")}  # .get: states saved before focus existed
    if facilitator:
        result["marked_by"] = sum(1 for m in state["marks"].values() if vote_targets(state, m, by_id))
    return result


def private_view(state: dict, participant: int) -> dict:
    mine = [c["id"] for c in state["causes"] if c["author"] == participant and not c["deleted"]]
    marks = vote_targets(state, state["marks"].get(str(participant), []))
    return {"mine": mine, "marks": marks, "budget": state["budget"], "left": max(0, state["budget"] - len(marks))}


def outcomes(state: dict) -> list[dict]:
    """The confirmed root causes still on the board, most votes first, then in the order added."""
    counts = votes(state)
    titles = {b["id"]: b["title"] for b in state["bones"]}
    return [{"id": c["id"], "text": c["text"], "author_name": c["author_name"], "group": titles.get(c["bone"]),
             "source": c["source"], "votes": counts.get(c["id"], 0)}
            for c in _ranked_roots(state, counts, facilitator=False)]


def has_contributions(state: dict) -> bool:
    return bool(state["causes"]) or bool(state["marks"])
