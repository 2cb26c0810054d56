"""PSTB: the stages and their planned minutes, the views per audience, the private view, outcomes.

Privacy: the board and phones get no participant ids, no hidden or deleted items, and an author
name only when the facilitator has turned names on; the facilitator's view has every item not
deleted (hidden ones marked), every author, and the owner's participant id for the owner picker.
Clocks: each stage's `spent_ms` (its earlier visits) and, for the current stage, `since` (the
server's `at` stamp of the stage change); a screen adds now - since on the server's clock.
"""
from __future__ import annotations

CONTRACTS = (20, 30, 45)
CHOOSE_MOST = 3  # ideas the owner may choose; the view says so ("choose")
DONE = "done"
# (id, title, what happens) in order.
STAGES = (
    ("statement", "Problem statement", 'The problem owner states the problem as "How to …?"'),
    ("ideas", "Ideas", "The team suggests ideas; the problem owner listens"),
    ("selection", "Selection", "The problem owner chooses the 1 to 3 most promising ideas"),
    ("benefits", "Benefits and concerns", "The team gives benefits and concerns for each chosen idea"),
    ("critical", "Critical concerns", "Is a concern critical? Overcome it, or it eliminates the idea"),
    ("actions", "Action planning", "Everyone plans actions for the ideas still standing: what, who, when"),
)
STAGE_IDS = tuple(s[0] for s in STAGES)
# The planned minutes of each stage, per contract: they add up to the contract.
PLANS = {
    20: (2, 5, 2, 4, 3, 4),
    30: (3, 7, 3, 6, 5, 6),
    45: (4, 10, 4, 9, 8, 10),
}


def planned_minutes(contract: int) -> dict[str, int]:
    return dict(zip(STAGE_IDS, PLANS[contract]))


def live_items(state: dict, kind: str | None = None) -> list[dict]:
    return [i for i in state["items"] if not i["deleted"] and (kind is None or i["kind"] == kind)]


def selected_ideas(state: dict) -> list[dict]:
    return [i for i in live_items(state, "idea") if i["selected"] and not i["hidden"]]


def eliminated(state: dict, idea_id: str) -> bool:
    return any(n["idea"] == idea_id and n["critical"] and n["decision"] == "eliminates" and not n["hidden"]
               for n in live_items(state, "concern"))


def surviving_ideas(state: dict) -> list[dict]:
    return [i for i in selected_ideas(state) if not eliminated(state, i["id"])]


def _stages(state: dict) -> list[dict]:
    plan = planned_minutes(state["contract"])
    return [{"id": sid, "title": title, "what": what, "minutes": plan[sid], "spent_ms": state["spent"].get(sid, 0),
             "since": state["stage_since"] if state["stage"] == sid else None} for sid, title, what in STAGES]


def view(state: dict, audience: str) -> dict:
    facilitator = audience == "facilitator"
    shown = [i for i in live_items(state) if facilitator or not i["hidden"]]
    ids = {i["id"] for i in shown}
    # What hangs on an idea the room can't see goes with it.
    shown = [i for i in shown if i["idea"] is None or i["idea"] in ids]

    def author(item: dict) -> str | None:
        return item["author_name"] if facilitator or state["names"] else None

    ideas = [{"id": i["id"], "text": i["text"], "author": author(i), "selected": i["selected"],
              "eliminated": eliminated(state, i["id"]), "hidden": i["hidden"]} for i in shown if i["kind"] == "idea"]
    notes = [{"id": n["id"], "idea": n["idea"], "kind": n["kind"], "text": n["text"], "author": author(n),
              "critical": n.get("critical", False), "decision": n.get("decision"),
              "resolution": n.get("resolution", ""), "hidden": n["hidden"]}
             for n in shown if n["kind"] in ("benefit", "concern")]
    actions = [{"id": a["id"], "idea": a["idea"], "text": a["text"], "who": a["who"], "when": a["when"],
                "author": author(a), "hidden": a["hidden"]} for a in shown if a["kind"] == "action"]
    owner = None
    if state["owner"] is not None:
        owner = {"facilitator": state["owner"] == "facilitator", "name": state["owner_name"]}
    out = {"anonymous": False, "names": state["names"], "contract": state["contract"], "contracts": list(CONTRACTS),
           "choose": CHOOSE_MOST, "stage": state["stage"], "started_at": state["started_at"], "stages": _stages(state),
           "owner": owner, "statement": state["statement"], "ideas": ideas, "notes": notes, "actions": actions,
           "selected": [i["id"] for i in selected_ideas(state) if i["id"] in ids],
           "surviving": [i["id"] for i in surviving_ideas(state) if i["id"] in ids]}
    if facilitator:
        out["owner_id"] = state["owner"]
    return out


def private_view(state: dict, participant) -> dict:
    owner = state["owner"] is not None and state["owner"] != "facilitator" and state["owner"] == participant
    return {"owner": owner,
            "mine": [i["id"] for i in live_items(state) if i["author"] is not None and i["author"] == participant]}


def outcomes(state: dict) -> list[dict]:
    """The actions planned for the ideas still standing, ready for an action plan: what (text), who,
    when, grouped under their idea."""
    standing = {i["id"]: i for i in surviving_ideas(state)}
    return [{"id": a["id"], "text": a["text"], "who": a["who"], "when": a["when"],
             "author_name": a["author_name"] if state["names"] else None, "group": standing[a["idea"]]["text"],
             "source": None, "statement": state["statement"]}
            for a in live_items(state, "action") if not a["hidden"] and a["idea"] in standing]


def has_contributions(state: dict) -> bool:
    return bool(state["statement"] or state["items"])
