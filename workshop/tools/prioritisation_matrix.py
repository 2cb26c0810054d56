"""Prioritisation matrix: everyone rates each item on two axes (1-5); the grid shows where they sit.

State:
    {"open", "revealed",
     "axes": {"preset", "x", "y", "x_better": "low" | "high", "quadrants": {key: name}, "order": [key...]},
     "items": [{"id", "text", "author_name", "source", "at"}],
     "ratings": {"<participant id>": {"<item id>": [x, y]}},      whole numbers 1..5
     "overrides": {"<item id>": [x, y]},                           the facilitator's placement, 1..5
     "tables"?, "table_counts"?, "by_table"?}  (only once a table rates / the facilitator sets them: tools.tables)
A table's ratings count for each person at it (its head count), or once, as the activity is set.

x runs left to right (low to high), y bottom to top. Quadrant keys name the corners:
"top_left", "top_right", "bottom_left", "bottom_right"; the midpoint 3 counts as low.
Means, spreads, quadrants and outcomes are in prioritisation_matrix_views.
"""
from __future__ import annotations

from . import tables
from .base import Actor, ToolError, id_field, incoming_cards, initial_stage, require_facilitator, text_field
from .prioritisation_matrix_views import LOW, HIGH, outcomes, private_view, view  # noqa: F401

name = "prioritisation_matrix"
title = "Prioritisation matrix"
when = "To weigh ideas on two scales, such as impact against effort, and spot the quick wins."
prefix = "matrix."

MAX_TEXT = 280
MAX_ITEMS = 40
MAX_LABEL = 40
CORNERS = ("top_left", "top_right", "bottom_left", "bottom_right")

PRESETS = {
    # x = effort: low effort is better, so quick wins sit top left.
    "impact_effort": {"x": "Effort", "y": "Impact", "x_better": "low",
                      "quadrants": {"top_left": "Quick wins", "top_right": "Major projects",
                                    "bottom_left": "Fill-ins", "bottom_right": "Thankless tasks"},
                      "order": ["top_left", "top_right", "bottom_left", "bottom_right"]},
    # x = urgency: important and urgent (top right) first.
    "importance_urgency": {"x": "Urgency", "y": "Importance", "x_better": "high",
                           "quadrants": {"top_right": "Do now", "top_left": "Plan",
                                         "bottom_right": "Delegate", "bottom_left": "Drop"},
                           "order": ["top_right", "top_left", "bottom_right", "bottom_left"]},
}
CUSTOM_ORDER = ["top_right", "top_left", "bottom_right", "bottom_left"]


def axes_from(spec: dict) -> dict:
    """Axes from {"preset", "x"?, "y"?, "quadrants"?: {corner: name}} or a clear error."""
    preset = spec.get("preset", "impact_effort")
    if isinstance(preset, str) and preset in PRESETS:
        base = PRESETS[preset]
        names = dict(base["quadrants"])
        given = spec.get("quadrants") or {}
        if not isinstance(given, dict) or any(k not in CORNERS for k in given):
            raise ToolError("bad_request", f"Quadrant names are given per corner: {', '.join(CORNERS)}.")
        for corner in given:
            names[corner] = text_field(given, corner, limit=MAX_LABEL, what="A quadrant name")
        return {"preset": preset, "x": base["x"], "y": base["y"], "x_better": base["x_better"],
                "quadrants": names, "order": list(base["order"])}
    if preset != "custom":
        raise ToolError("bad_request", "Axes are 'impact_effort', 'importance_urgency' or 'custom'.")
    x = text_field(spec, "x", limit=MAX_LABEL, what="The across (x) axis label")
    y = text_field(spec, "y", limit=MAX_LABEL, what="The up (y) axis label")
    given = spec.get("quadrants") or {}
    if not isinstance(given, dict) or any(k not in CORNERS for k in given):
        raise ToolError("bad_request", f"Quadrant names are given per corner: {', '.join(CORNERS)}.")
    neutral = {"top_left": f"High {y}, low {x}", "top_right": f"High {y}, high {x}",
               "bottom_left": f"Low {y}, low {x}", "bottom_right": f"Low {y}, high {x}"}
    names = {c: text_field(given, c, limit=MAX_LABEL, what="A quadrant name") if c in given else neutral[c]
             for c in CORNERS}
    return {"preset": "custom", "x": x, "y": y, "x_better": "high", "quadrants": names, "order": list(CUSTOM_ORDER)}


def initial_state(config: dict | None = None) -> dict:
    config = config or {}
    spec = {"preset": config.get("axes", "impact_effort"), "x": config.get("x"), "y": config.get("y"),
            "quadrants": config.get("quadrants")}
    try:
        axes = axes_from(spec)
    except ToolError:
        axes = axes_from({})  # a config the tool can't read falls back to impact x effort
    return {**initial_stage(), "axes": axes, "items": [], "ratings": {}, "overrides": {}}


# --- helpers ---------------------------------------------------------------------------

def _find(state: dict, payload: dict) -> dict:
    item_id = id_field(payload, "item", "item")
    for item in state["items"]:
        if item["id"] == item_id:
            return item
    raise ToolError("not_found", "That item is not on this matrix.")


def _score(payload: dict, key: str, label: str) -> int:
    value = payload.get(key)
    if type(value) is not int or not LOW <= value <= HIGH:
        raise ToolError("bad_request", f"Rate {label} with a whole number from {LOW} to {HIGH}.")
    return value


def _position(payload: dict, key: str, label: str) -> float:
    value = payload.get(key)
    if type(value) not in (int, float) or not LOW <= value <= HIGH:
        raise ToolError("bad_request", f"Place it on {label} between {LOW} and {HIGH}.")
    return round(float(value), 2)


def _add_items(state: dict, new: list[tuple], at: int) -> dict:
    if len(state["items"]) + len(new) > MAX_ITEMS:
        raise ToolError("limit", f"A matrix can hold at most {MAX_ITEMS} items, to stay readable.")
    added = [{"id": i, "text": t, "author_name": a, "source": s, "at": at} for i, t, a, s in new]
    return {**state, "items": [*state["items"], *added]}


def _participant(state: dict, actor: Actor) -> str:
    if actor.is_facilitator or actor.participant is None:
        raise ToolError("forbidden", "Only participants rate; the facilitator can place an item instead.")
    if not state["open"]:
        raise ToolError("closed", "Rating is closed for this activity.")
    return str(actor.participant)


# --- items (facilitator) --------------------------------------------------------------------

def _import(state, payload, actor, intent):
    require_facilitator(actor)
    return _add_items(state, incoming_cards(payload, intent, limit=MAX_TEXT), intent["at"])


def _item_add(state, payload, actor, intent):
    require_facilitator(actor)
    text = text_field(payload, "text", limit=MAX_TEXT, what="An item")
    return _add_items(state, [(f"c{intent['seq']}", text, None, None)], intent["at"])


def _item_edit(state, payload, actor, intent):
    require_facilitator(actor)
    item = _find(state, payload)
    text = text_field(payload, "text", limit=MAX_TEXT, what="An item")
    return {**state, "items": [{**i, "text": text} if i["id"] == item["id"] else i for i in state["items"]]}


def _item_remove(state, payload, actor, intent):
    """Removes the item with its ratings and placement."""
    require_facilitator(actor)
    gone = _find(state, payload)["id"]
    ratings = {pid: {k: v for k, v in mine.items() if k != gone} for pid, mine in state["ratings"].items()}
    return {**state, "items": [i for i in state["items"] if i["id"] != gone],
            "ratings": {pid: mine for pid, mine in ratings.items() if mine},
            "overrides": {k: v for k, v in state["overrides"].items() if k != gone}}


def _axes(state, payload, actor, intent):
    """Choose the axes; once people have rated, only the quadrant names may change."""
    require_facilitator(actor)
    if not isinstance(payload.get("preset"), str):
        raise ToolError("bad_request", "Say which axes: 'impact_effort', 'importance_urgency' or 'custom'.")
    axes = axes_from(payload)
    old = state["axes"]
    if state["ratings"] and (axes["preset"], axes["x"], axes["y"]) != (old["preset"], old["x"], old["y"]):
        raise ToolError("conflict", "People have already rated against these axes, so they can't change now "
                                    "(quadrant names can).")
    return {**state, "axes": axes}


# --- ratings (participants) and placements (facilitator) ------------------------------------

def _rate(state, payload, actor, intent):
    pid = _participant(state, actor)
    item = _find(state, payload)
    x = _score(payload, "x", state["axes"]["x"].lower())
    y = _score(payload, "y", state["axes"]["y"].lower())
    mine = {**state["ratings"].get(pid, {}), item["id"]: [x, y]}
    return {**tables.note(state, pid, actor), "ratings": {**state["ratings"], pid: mine}}


def _clear(state, payload, actor, intent):
    pid = _participant(state, actor)
    item = _find(state, payload)
    mine = {k: v for k, v in state["ratings"].get(pid, {}).items() if k != item["id"]}
    ratings = {k: v for k, v in state["ratings"].items() if k != pid}
    if mine:
        ratings[pid] = mine
    return {**tables.note(state, pid, actor), "ratings": ratings}


def _place(state, payload, actor, intent):
    require_facilitator(actor)
    item = _find(state, payload)
    x = _position(payload, "x", state["axes"]["x"].lower())
    y = _position(payload, "y", state["axes"]["y"].lower())
    return {**state, "overrides": {**state["overrides"], item["id"]: [x, y]}}


def _unplace(state, payload, actor, intent):
    require_facilitator(actor)
    item = _find(state, payload)
    return {**state, "overrides": {k: v for k, v in state["overrides"].items() if k != item["id"]}}


def _settings(state, payload, actor, intent):
    """The table settings (tools.tables): `table_counts`, `by_table`; any time, they change only the
    tally and what is shown."""
    require_facilitator(actor)
    if not payload or set(payload) - tables.SETTINGS:
        raise ToolError("bad_request", "Settings are 'table_counts' (\"per_person\" or \"once\") and 'by_table'.")
    return tables.settings(state, payload)


HANDLERS = {
    "matrix.settings": _settings,
    "matrix.import": _import, "matrix.item_add": _item_add, "matrix.item_edit": _item_edit,
    "matrix.item_remove": _item_remove, "matrix.axes": _axes,
    "matrix.rate": _rate, "matrix.clear": _clear, "matrix.place": _place, "matrix.unplace": _unplace,
}
# The fields each intent's payload may carry: any other is refused (tools.check_payload).
PAYLOAD_KEYS = {
    "matrix.import": {"cards"}, "matrix.item_add": {"text"}, "matrix.item_edit": {"item", "text"},
    "matrix.item_remove": {"item"}, "matrix.axes": {"preset", "x", "y", "quadrants"},
    "matrix.rate": {"item", "x", "y"}, "matrix.clear": {"item"}, "matrix.place": {"item", "x", "y"},
    "matrix.unplace": {"item"}, "matrix.settings": tables.SETTINGS,
}
PARTICIPANT_INTENTS = {"matrix.rate", "matrix.clear"}


def apply(state: dict, intent: dict, actor: Actor) -> dict:
    handler = HANDLERS.get(intent["type"])
    if handler is None:
        raise ToolError("unknown_intent", f"The prioritisation matrix has no '{intent['type']}'.")
    payload = intent.get("payload", {})
    if not isinstance(payload, dict):
        raise ToolError("bad_request", "The payload must be an object.")
    return handler(state, payload, actor, intent)


def has_contributions(state: dict) -> bool:
    return bool(state["items"] or state["ratings"])
