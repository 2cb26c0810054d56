"""Five whys: the tree of accepted answers, the views per audience, the private view and outcomes.

Privacy: no participant ids leave the server; an anonymous answer has no author for anyone;
rejected answers reach only the facilitator; vote tallies reach the board and phones only once
the activity is revealed (each phone learns its own ballot from the private view).
"""
from __future__ import annotations

PROBLEM = "problem"  # the id of the question at the top: the problem statement


def children(state: dict, node_id: str) -> list[str]:
    """The accepted answers to a question, in the order they were proposed."""
    return [a["id"] for a in state["answers"] if a["parent"] == node_id and a["status"] == "accepted"]


def attached(state: dict, answer: dict) -> bool:
    """Does this answer hang under a question still in the chain (the problem or an accepted answer)?
    Answers to a question that was un-accepted wait, set aside, until it is accepted again."""
    if answer["parent"] == PROBLEM:
        return True
    return any(a["id"] == answer["parent"] and a["status"] == "accepted" for a in state["answers"])


def _levels(state: dict) -> dict[str, int]:
    """The 'why' number each accepted answer answers: 1 for answers to the problem."""
    levels = {PROBLEM: 0}
    accepted = [a for a in state["answers"] if a["status"] == "accepted"]
    changed = True
    while changed:  # parents may come after children in the list (an earlier proposal accepted later)
        changed = False
        for a in accepted:
            if a["id"] not in levels and a["parent"] in levels:
                levels[a["id"]] = levels[a["parent"]] + 1
                changed = True
    return levels


def chains(state: dict) -> list[list[str]]:
    """Every path of accepted answers from the problem down to a last answer, depth first."""
    found: list[list[str]] = []

    def walk(node: str, path: list[str]) -> None:
        below = children(state, node)
        if not below and path:
            found.append(path)
        for child in below:
            walk(child, [*path, child])

    walk(PROBLEM, [])
    return found


def _shown(state: dict, answer: dict, facilitator: bool) -> bool:
    if answer["status"] == "accepted":
        return True
    if answer["status"] == "proposed" or (facilitator and answer["status"] == "rejected"):
        return attached(state, answer)
    return False


def _answer_view(answer: dict, level: int) -> dict:
    return {"id": answer["id"], "text": answer["text"], "parent": answer["parent"], "status": answer["status"],
            "level": level, "author": answer["author_name"], "source": answer["source"],
            "root_cause": answer["root_cause"]}


def _vote_view(state: dict, shown: set[str], facilitator: bool) -> dict | None:
    vote = state["vote"]
    if vote is None:
        return None
    options = [o for o in vote["options"] if o in shown]
    results = facilitator or state["revealed"]
    tally = None
    if results:
        tally = {o: 0 for o in options}
        for choice in vote["ballots"].values():
            if choice in tally:
                tally[choice] += 1
    return {"id": vote["id"], "parent": vote["parent"], "options": options, "open": vote["open"],
            "voters": sum(1 for c in vote["ballots"].values() if c in shown), "tally": tally}


def view(state: dict, audience: str) -> dict:
    facilitator = audience == "facilitator"
    levels = _levels(state)
    answers = [_answer_view(a, levels.get(a["parent"], 0) + 1) for a in state["answers"]
               if _shown(state, a, facilitator)]
    shown = {a["id"] for a in answers if a["status"] != "rejected"}
    by_id = {a["id"]: a for a in answers}
    current = state["current"]
    node = by_id.get(current)
    question = {"id": current, "text": node["text"] if node else state["problem"],
                "why": levels.get(current, 0) + 1, "root_cause": bool(node and node["root_cause"])}
    return {"problem": state["problem"], "problem_source": state["problem_source"],
            "anonymous": state["anonymous"], "target": state["target"], "readback": state["readback"],
            "current": current, "question": question, "answers": answers,
            "chains": [{"path": path, "root_cause": by_id[path[-1]]["root_cause"]} for path in chains(state)],
            "vote": _vote_view(state, shown, facilitator),
            "count": sum(1 for a in answers if a["status"] == "proposed")}


def private_view(state: dict, participant: int) -> dict:
    mine = []
    for a in state["answers"]:
        if a["author"] != participant or a["status"] == "withdrawn":
            continue
        status = a["status"] if a["status"] != "proposed" or attached(state, a) else "set_aside"
        mine.append({"id": a["id"], "text": a["text"], "parent": a["parent"], "status": status,
                     "root_cause": a["root_cause"]})
    vote = state["vote"]
    ballot = vote["ballots"].get(str(participant)) if vote else None
    # The vote's id lets a phone tell its ballot in this vote from one in an earlier vote.
    return {"mine": mine, "vote": ballot, "vote_id": vote["id"] if vote else None}


def outcomes(state: dict) -> list[dict]:
    """Each root cause, in the order of the tree, with its chain from the problem down to it."""
    by_id = {a["id"]: a for a in state["answers"]}
    cards = []
    for n, path in enumerate(chains(state)):
        leaf = by_id[path[-1]]
        if not leaf["root_cause"]:
            continue
        cards.append({"id": leaf["id"], "text": leaf["text"], "author_name": leaf["author_name"],
                      "group": state["problem"], "source": leaf["source"],
                      "chain": [state["problem"], *[by_id[i]["text"] for i in path]],
                      "branch": by_id[path[0]]["text"], "depth": len(path)})
    return cards


def has_contributions(state: dict) -> bool:
    return bool(state["answers"])
