"""What the idea wall and the SWOT analysis share: a wall of short cards that people add and
the facilitator tidies (hides, merges), and how each audience sees it.

A wall's state holds "cards"; each card (base.new_card) also has "hidden", "deleted" and
"merged_into". `noun` names a card in messages ("idea", "card"); `what` names its text
("An idea") for text_field's messages.
"""
from __future__ import annotations

from .base import Actor, ToolError, bool_field, id_field, new_card, require_facilitator, text_field


def live(card: dict) -> bool:
    return not card["deleted"] and card["merged_into"] is None


def on_the_wall(state: dict) -> int:
    """What counts against a wall's size limit: cards everyone sees, so deleting or hiding makes room."""
    return sum(1 for c in state["cards"] if not c["deleted"] and not c["hidden"])


def find(state: dict, card_id: str, noun: str) -> dict:
    for card in state["cards"]:
        if card["id"] == card_id and not card["deleted"]:
            return card
    raise ToolError("not_found", f"That {noun} no longer exists.")


def replace(state: dict, card_id: str, **changes) -> dict:
    cards = [{**c, **changes} if c["id"] == card_id else c for c in state["cards"]]
    return {**state, "cards": cards}


def own_or_facilitator(card: dict, actor: Actor, noun: str) -> None:
    if not actor.is_facilitator and card["author"] != actor.participant:
        raise ToolError("forbidden", f"You can only change your own {noun}s.")


def not_hidden_for_participant(card: dict, actor: Actor, noun: str) -> None:
    if not actor.is_facilitator and (card["hidden"] or card["merged_into"]):
        raise ToolError("closed", f"The facilitator has tidied that {noun} away; it can't be changed now.")


def yours_to_change(state: dict, payload: dict, actor: Actor, noun: str) -> dict:
    """The card the payload names, if this actor may still change it."""
    card = find(state, id_field(payload, "card", noun), noun)
    own_or_facilitator(card, actor, noun)
    not_hidden_for_participant(card, actor, noun)
    return card


def with_new_card(state: dict, actor: Actor, intent: dict, text: str, **placement) -> dict:
    """The state with the actor's new card, placed by `placement` (a column or a quadrant)."""
    card = new_card(f"c{intent['seq']}", text, author=actor.participant, author_name=actor.name,
                    anonymous=state["anonymous"], at=intent["at"],
                    **placement, hidden=False, deleted=False, merged_into=None)
    return {**state, "cards": [*state["cards"], card]}


def imported(incoming: list[tuple], intent: dict, **placement) -> list[dict]:
    """New cards for base.incoming_cards' tuples, placed by `placement` (a column or a quadrant)."""
    return [new_card(card_id, text, author=None, author_name=author_name, anonymous=author_name is None,
                     at=intent["at"], source=source, **placement, hidden=False, deleted=False, merged_into=None)
            for card_id, text, author_name, source in incoming]


def dispatcher(handlers: dict, wall: str):
    """A tool's apply(): the handler for the intent's type; `wall` names the tool in the refusal."""
    def apply(state: dict, intent: dict, actor: Actor) -> dict:
        handler = handlers.get(intent["type"])
        if handler is None:
            raise ToolError("unknown_intent", f"The {wall} has no '{intent['type']}'.")
        payload = intent.get("payload", {})
        if not isinstance(payload, dict):
            raise ToolError("bad_request", "The payload must be an object.")
        return handler(state, payload, actor, intent)
    return apply


# --- handlers both walls take as they are --------------------------------------------------

def settings(state, payload, actor, intent):
    require_facilitator(actor)
    return {**state, "anonymous": bool_field(payload, "anonymous")}


def edit_handler(max_text: int, noun: str, what: str):
    def edit(state, payload, actor, intent):
        card = yours_to_change(state, payload, actor, noun)
        return replace(state, card["id"], text=text_field(payload, "text", limit=max_text, what=what))
    return edit


def delete_handler(noun: str):
    def delete(state, payload, actor, intent):
        card = yours_to_change(state, payload, actor, noun)
        if any(c["merged_into"] == card["id"] and not c["deleted"] for c in state["cards"]):
            # Deleting it would take other people's merged cards with it.
            raise ToolError("conflict", f"Other {noun}s were merged into this one, so it can't be deleted; "
                                        "hide it instead.")
        return replace(state, card["id"], deleted=True)
    return delete


def hide_handler(hidden: bool, noun: str):
    def set_hidden(state, payload, actor, intent):
        require_facilitator(actor)
        card = find(state, id_field(payload, "card", noun), noun)
        return replace(state, card["id"], hidden=hidden)
    return set_hidden


def merge_handler(noun: str):
    def merge(state, payload, actor, intent):
        require_facilitator(actor)
        card = find(state, id_field(payload, "card", noun), noun)
        into = find(state, id_field(payload, "into", f"{noun} to merge into"), noun)
        if card["id"] == into["id"]:
            raise ToolError("conflict", f"An {noun} can't be merged into itself." if noun[0] in "aeiou"
                            else f"A {noun} can't be merged into itself.")
        if into["merged_into"] is not None or card["merged_into"] is not None:
            raise ToolError("conflict", f"That {noun} is already merged into another.")
        # Cards already merged into `card` follow it, so a merge is never more than one level deep.
        cards = [{**c, "merged_into": into["id"]} if c["id"] == card["id"] or c["merged_into"] == card["id"]
                 else c for c in state["cards"]]
        return {**state, "cards": cards}
    return merge


# --- views ---------------------------------------------------------------------------------

def shown(state: dict, facilitator: bool) -> list[tuple[dict, list[str]]]:
    """The live cards this audience sees, each with the ids of the cards merged into it
    (hidden ones only for the facilitator)."""
    merged: dict[str, list[str]] = {}
    for card in state["cards"]:
        if card["merged_into"] and not card["deleted"] and (facilitator or not card["hidden"]):
            merged.setdefault(card["merged_into"], []).append(card["id"])
    return [(c, merged.get(c["id"], [])) for c in state["cards"] if live(c) and (facilitator or not c["hidden"])]


def card_view(card: dict, merged: list[str], facilitator: bool, grouping: str) -> dict:
    """One card as an audience sees it; `grouping` is the key of its place ("column", "quadrant")."""
    view = {"id": card["id"], "text": card["text"], grouping: card[grouping],
            "author": card["author_name"], "merged": merged, "source": card["source"]}
    if facilitator:
        view["hidden"] = card["hidden"]
    return view


def card_views(state: dict, audience: str, grouping: str) -> list[dict]:
    facilitator = audience == "facilitator"
    return [card_view(c, merged, facilitator, grouping) for c, merged in shown(state, facilitator)]


def mine(state: dict, participant) -> list[str]:
    return [c["id"] for c in state["cards"] if c["author"] == participant and not c["deleted"]]


def visible_outcomes(state: dict) -> list[dict]:
    """Cards that stand on the wall: not deleted, merged away or hidden."""
    return [c for c in state["cards"] if live(c) and not c["hidden"]]
