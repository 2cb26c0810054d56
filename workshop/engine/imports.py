"""What `activity.import` brings: an earlier activity's outcome cards (all, its top N without
cutting a tie, or the ones named), or the review's key messages from the workshop's details.
steps._import applies them through the receiving tool's own `<prefix>import`."""
from __future__ import annotations

from .. import tools
from ..models import Activity
from ..tools import ties
from ..tools.base import ToolError

MAX_IMPORT = 200  # cards one import may bring in
MAX_GROUPS = 8  # groups one import may name
MAX_DETAILED = 1000  # the longest text a card with its detail (a branch and its sub-ideas) brings
KEY_MESSAGES = "key_messages"  # the source name for the workshop's own key messages
# Payload fields that say what to bring; the rest are the receiving tool's options (e.g. a bone).
CHOOSING = {"activity": ("from", "top", "cards", "ties", "group"), KEY_MESSAGES: ("from", "top", "cards")}


def key_messages(text: str | None) -> list[str]:
    """The key messages as the details hold them: one a line, list marks and blank lines dropped."""
    return [m for m in (" ".join(line.strip(" -•*\t").split()) for line in (text or "").splitlines()) if m]


def top_of(payload: dict) -> int | None:
    top = payload.get("top")
    if top is not None and (type(top) is not int or not 1 <= top <= MAX_IMPORT):
        raise ToolError("bad_request", f"'top' must be a whole number from 1 to {MAX_IMPORT}.")
    return top


def import_type(activity: Activity, elsewhere: str) -> str:
    """The receiving tool's import intent, or unknown_intent when it takes no cards."""
    tool = tools.get(activity.tool)
    if f"{tool.prefix}import" not in getattr(tool, "HANDLERS", {}):
        raise ToolError("unknown_intent", f"{tool.title} can't take cards from {elsewhere}.")
    return f"{tool.prefix}import"


def options(payload: dict, kind: str) -> dict:
    return {k: v for k, v in payload.items() if k not in CHOOSING[kind]}


def outcome_cards(source: Activity, payload: dict, top: int | None) -> list[dict]:
    """The chosen outcome cards of `source`, each linked to where it came from."""
    cards = [{"text": _with_detail(c), "author_name": c.get("author_name"),
              "source": {"activity": source.id, "card": c["id"]}, **_who_and_when(c)}
             for c in _chosen(source, payload, top)]
    if not cards:
        raise ToolError("conflict", f"That activity has no “{_named(payload['group'])}” to bring in."
                        if payload.get("group") else "That activity has no cards to bring in yet.")
    return cards


def _who_and_when(card: dict) -> dict:
    """An action planned elsewhere (a PSTB's) keeps its owner and date: a receiving tool whose rows
    have such fields (the action plan) fills them; the others take only the text."""
    return {k: card[k] for k in ("who", "when") if isinstance(card.get(k), str) and card[k].strip()}


def _with_detail(card: dict) -> str:
    """The card's text, with its `detail` (a radiant map's branch carries its sub-ideas there) after
    a colon, so the sub-ideas travel with the branch; the receiving tool cuts what is too long."""
    detail = " ".join(str(card.get("detail") or "").split())
    if not detail:
        return card["text"]
    text = f"{card['text']}: {detail}"
    return text if len(text) <= MAX_DETAILED else text[:MAX_DETAILED - 1].rstrip() + "…"


def _named(group: str | list[str]) -> str:
    return group if isinstance(group, str) else " or ".join(group)


def key_message_cards(text: str | None, top: int | None) -> list[dict]:
    """The review's key messages as cards (no source), so nobody retypes them."""
    cards = [{"text": m, "author_name": None, "source": None} for m in key_messages(text)][:top]
    if not cards:
        raise ToolError("conflict", "The workshop has no key messages yet: add them under Details.")
    return cards


def _chosen(source: Activity, payload: dict, top: int | None) -> list[dict]:
    """All the source's outcome cards, its first `top` (never cutting through a tie unless
    `ties: "include"`), or the ones the facilitator named in `cards` (ids, e.g. after a tie)."""
    groups = _groups(payload.get("group"))
    outcomes = [c for c in tools.get(source.tool).outcomes(source.state) if groups is None or c.get("group") in groups]
    if "cards" in payload:
        if top is not None or "ties" in payload:
            raise ToolError("bad_request", "Give either 'top' or a list of 'cards', not both.")
        return ties.pick(outcomes, payload["cards"], "cards")
    if top is None:
        if "ties" in payload:
            raise ToolError("bad_request", "'ties' goes with 'top'.")
        return outcomes
    return ties.take_top(outcomes, ties.RANKED_BY.get(source.tool), top, payload.get("ties"), "cards")


def _groups(group: object) -> set[str] | None:
    """Which groups of the source's cards to take: one name (e.g. only a response round's "Key
    messages", not the responses) or several (e.g. a SWOT analysis's Weaknesses and Threats)."""
    if group is None:
        return None
    if isinstance(group, str):
        return {group}
    if isinstance(group, list) and group and len(group) <= MAX_GROUPS and all(isinstance(g, str) for g in group):
        return set(group)
    raise ToolError("bad_request", "'group' must name a group of cards, or give a list of them.")
