"""What the workshop's activities say, as first drafts of the record's bullets and actions.

Each tool's ``outcomes(state)`` gives cards; this picks the few a summary needs. A tool that
fails is skipped (logged): the record must always open.
"""
from __future__ import annotations

import logging
import re

from .. import tools
from ..models import Activity, Workshop
from ..review import HOW, HOW_OTHER_LIMIT, SUCCESS_LIMIT, TERMS_LIMIT
from .edits import BULLET_LIMIT, MAX_ACTIONS, UK_DATE
from .levels import SUPPORT_LEVELS

log = logging.getLogger(__name__)

ANALYSIS = ("fishbone", "five_whys")
PRIORITISING = ("dotocracy", "diamond_nine", "prioritisation_matrix")
MAX_FOCUS, MAX_OUTCOMES, MAX_PER_TOOL, MAX_OTHER = 6, 8, 3, 8
# A SWOT analysis gives each quadrant's most agreed card, labelled with the quadrant.
SWOT_LABELS = {"s": "Strength", "w": "Weakness", "o": "Opportunity", "t": "Threat"}
# A radiant map gives its most developed branches (most sub-ideas first), each with its sub-ideas.
RADIANT_LABEL = "Branch"
REVIEW_GROUPS = {"report": "reporting", "follow_up": "follow_up", "experience": "experience", "well": "well",
                 "change": "change"}


def _clip_to(text: str, limit: int) -> str:
    text = " ".join(str(text or "").split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def _clip(text: str) -> str:
    return _clip_to(text, BULLET_LIMIT)


def outcomes_of(activity: Activity) -> list[dict]:
    try:
        return list(tools.get(activity.tool).outcomes(activity.state))
    except Exception:  # noqa: BLE001 - a tool's bug must not stop the record opening
        log.exception("outcomes of activity %s (%s) failed", activity.id, activity.tool)
        return []


def _add(into: list[str], text: str, limit: int) -> None:
    text = _clip(text)
    if text and len(into) < limit and text.casefold() not in {t.casefold() for t in into}:
        into.append(text)


def focus(workshop: Workshop) -> list[str]:
    bullets: list[str] = []
    for line in (workshop.focus or "").splitlines():
        _add(bullets, line.strip().lstrip("-•*· ").strip(), MAX_FOCUS)
    for activity in workshop.activities:
        if activity.tool in ANALYSIS:
            problem = (activity.config or {}).get("problem") or (activity.state or {}).get("problem")
            if isinstance(problem, str) and problem.strip() and " ".join(problem.split()).casefold() not in {
                    b.casefold() for b in bullets}:
                _add(bullets, f"The problem we explored: {problem.strip()}", MAX_FOCUS)
    return bullets


def key_outcomes(workshop: Workshop) -> list[str]:
    """Root causes, then quick wins and top priorities, a PSTB's problem statement and agreed
    actions (activity by activity, in agenda order), then each SWOT quadrant's most agreed card and
    each radiant map's most developed branches (with their sub-ideas); an item that several tools
    agreed on appears once, under the first label it earned."""
    bullets: list[str] = []
    seen: set[str] = set()
    swot_points: list[tuple[str, dict]] = []
    branches: list[dict] = []

    def add(label: str, card: dict) -> None:
        key = " ".join(str(card["text"]).split()).casefold()
        if key not in seen:
            seen.add(key)
            _add(bullets, f"{label}: {card['text']}", MAX_OUTCOMES)

    for activity in workshop.activities:
        cards = outcomes_of(activity)
        if activity.tool in ANALYSIS:
            for card in cards[:MAX_PER_TOOL]:
                add("Root cause", card)
        elif activity.tool in PRIORITISING:
            quick = [c for c in cards if "quick" in str(c.get("group") or "").lower()]
            for card in quick[:MAX_PER_TOOL]:
                add("Quick win", card)
            for card in [c for c in cards if c not in quick][:MAX_PER_TOOL]:
                add("Top priority", card)
        elif activity.tool == "pstb":  # the problem worked on, then every action agreed for it
            statement = (activity.state or {}).get("statement")
            if isinstance(statement, str) and statement.strip():
                add("Problem worked on (PSTB)", {"text": statement})
            for card in cards:
                add("Agreed action", {"text": _action_line(card)})
        elif activity.tool == "swot":
            swot_points += [(label, card) for quadrant, label in SWOT_LABELS.items()
                            for card in [c for c in cards if c.get("quadrant") == quadrant][:1]]
        elif activity.tool == "radiant":
            ranked = sorted(enumerate(cards), key=lambda nc: (-len(nc[1].get("ideas") or []), nc[0]))
            branches += [_with_detail(card) for _, card in ranked[:MAX_PER_TOOL]]
    # A SWOT analysis says where the school stands: the record keeps it in the room that
    # root causes and priorities leave.
    for label, card in swot_points:
        add(label, card)
    for card in branches:
        add(RADIANT_LABEL, card)
    return bullets


def _action_line(card: dict) -> str:
    """A PSTB action as the record says it: what (who, by when)."""
    extra = ", ".join(" ".join(str(card.get(k) or "").split()) for k in ("who", "when") if card.get(k))
    return f"{card['text']} ({extra})" if extra else card["text"]


def _with_detail(card: dict) -> dict:
    """A radiant branch as one bullet: the branch, then its sub-ideas in brackets."""
    detail = " ".join(str(card.get("detail") or "").split())
    return {**card, "text": f"{card['text']} ({detail})" if detail else card["text"]}


def _when(value) -> str:
    text = " ".join(str(value or "").split())
    uk = UK_DATE.fullmatch(text)
    return f"{uk[3]}-{int(uk[2]):02d}-{int(uk[1]):02d}" if uk else text


def actions(workshop: Workshop) -> list[dict]:
    found = []
    for activity in workshop.activities:
        if activity.tool != "action_plan":
            continue
        for card in outcomes_of(activity):
            comments = card.get("comments") or []
            if isinstance(comments, str):
                comments = [comments]
            support = str(card.get("support") or "").lower()
            found.append({"id": re.sub(r"[^A-Za-z0-9_-]", "-", f"{card.get('id') or len(found)}")[:40],
                          "text": _clip(card.get("text")), "when": _when(card.get("when")),
                          "who": " ".join(str(card.get("who") or "").split())[:120],
                          "support": support if support in SUPPORT_LEVELS else "",
                          "comments": _clip_to("; ".join(" ".join(str(c).split()) for c in comments if c), 1000),
                          "how": [k for k in card.get("how") or [] if k in HOW],
                          "how_other": _clip_to(card.get("how_other"), HOW_OTHER_LIMIT),
                          "success": _clip_to(card.get("success"), SUCCESS_LIMIT),
                          "terms": _clip_to(card.get("terms"), TERMS_LIMIT)})
    return found[:MAX_ACTIONS]


def _review_key(activity: Activity, card: dict) -> str | None:
    group = str(card.get("group") or "")
    if group in REVIEW_GROUPS:
        return REVIEW_GROUPS[group]
    text = f"{group} {activity.title}".lower() if group else activity.title.lower()
    if "experience" in group.lower():
        return "experience"
    if "well" in group.lower():
        return "well"
    if "change" in group.lower():
        return "change"
    if "follow" in text:
        return "follow_up"
    if "reporting back" in text or "report back" in text:
        return "reporting"
    return None


def review(workshop: Workshop) -> dict[str, list[str]]:
    """Reporting back, follow-up and the three review questions, from report_back (or idea walls)."""
    found: dict[str, list[str]] = {key: [] for key in set(REVIEW_GROUPS.values())}
    for activity in workshop.activities:
        if activity.tool not in ("report_back", "idea_wall") or (
                activity.tool == "idea_wall" and not activity.section.lower().startswith("reporting back")):
            continue
        for card in outcomes_of(activity):
            key = _review_key(activity, card)
            if key:
                _add(found[key], card["text"], MAX_OTHER)
    return found
