"""What the workshop's activities say, as first drafts of the record's bullets and actions.

Each tool's ``outcomes(state)`` gives cards; this picks the few a summary needs. A tool that
fails is skipped (logged): the record must always open.
"""
from __future__ import annotations

import logging
import re
from datetime import date

from .. import tools
from ..models import Activity, Workshop
from ..review import HOW, HOW_OTHER_LIMIT, SUCCESS_LIMIT, TERMS_LIMIT
from .edits import BULLET_LIMIT, MAX_ACTIONS, UK_DATE
from .levels import SUPPORT_LEVELS

log = logging.getLogger(__name__)

ANALYSIS = ("fishbone", "five_whys")
PRIORITISING = ("dotocracy", "diamond_nine", "prioritisation_matrix")
MAX_FOCUS, MAX_OUTCOMES, MAX_PER_TOOL, MAX_OTHER = 6, 8, 3, 8
# Each key outcome reads as a sentence a head can take in: a short lead-in, then the point itself.
ROOT_LABEL = "A root cause we found"
QUICK_LABEL = "A quick win"
PRIORITY_LABEL = "A top priority"
PSTB_LABEL = "The problem we solved as a team (PSTB)"
PSTB_ACTION_LABEL = "An action the team agreed"
RAG_WEAKEST_LABEL = "Most in need of attention (rated {rag})"
RAG_STRONGEST_LABEL = "Where we are strongest (rated green)"
# A SWOT analysis gives each quadrant's most agreed card, with the quadrant in its lead-in.
SWOT_LABELS = {"s": "A strength to build on", "w": "A weakness to address", "o": "An opportunity to take",
               "t": "A threat to plan for"}
# A radiant map gives its most developed branches (most sub-ideas first), each with its sub-ideas.
RADIANT_LABEL = "From the mind map"
# A five-whys answer starts "Because …": as a root cause on its own, the cause is what follows.
BECAUSE = re.compile(r"because(\s+of)?\b[\s,:;–-]*", re.IGNORECASE)
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


def _norm(text) -> str:
    """A text as compared for repeats: case, punctuation and spacing aside."""
    return " ".join(re.sub(r"[^\w\s]", " ", str(text or "")).casefold().split())


def _sentence(label: str, text: str) -> str:
    """"Label: Text." with the text's first letter capitalised and a full stop unless it has an ending."""
    text = " ".join(str(text).split())
    text = text[:1].upper() + text[1:]
    return f"{label}: {text}" if text.endswith((".", "!", "?", "…")) else f"{label}: {text}."


def _cause(text: str) -> str:
    """A root cause without the "Because" of the answer it was ("Because of X" -> "X")."""
    text = " ".join(str(text).split())
    rest = BECAUSE.sub("", text, count=1) if BECAUSE.match(text) else text
    return rest or text  # a bare "Because" stays as it is rather than vanish


def _problems(workshop: Workshop) -> set[str]:
    """The problems the analysis tools explored, normalised (the focus already names them)."""
    found = set()
    for activity in workshop.activities:
        if activity.tool in ANALYSIS:
            problem = (activity.config or {}).get("problem") or (activity.state or {}).get("problem")
            if isinstance(problem, str) and problem.strip():
                found.add(_norm(problem))
    return found


def _rag_points(cards: list[dict]) -> list[tuple[str, dict]]:
    """The item the room rated worst (red, else amber) and the one it rated best (green): among
    items with the same rating, the one most people gave that rating to (by share), first in order
    on a tie."""
    def most(rating: str) -> dict | None:
        rated = [c for c in cards if c.get("rag") == rating]
        return max(rated, default=None,
                   key=lambda c: (c.get("distribution") or {}).get(rating, 0) / (c.get("responses") or 1))

    points = []
    weakest = most("red") or most("amber")
    if weakest:
        points.append((RAG_WEAKEST_LABEL.format(rag=weakest["rag"]), weakest))
    strongest = most("green")
    if strongest:
        points.append((RAG_STRONGEST_LABEL, strongest))
    return points


def key_outcomes(workshop: Workshop, agreed: list[dict] | None = None) -> list[str]:
    """Key outcomes as sentences, activity by activity in agenda order: a RAG rating's weakest and
    strongest items, root causes (not the problem explored itself), quick wins and top priorities
    (not those already in the action table: ``agreed``, else the action plans' actions), a PSTB's
    problem statement and the actions agreed for it; then each SWOT quadrant's most agreed card
    and each radiant map's most developed branches (with their sub-ideas). An item that several
    tools agreed on appears once, under the first lead-in it earned."""
    bullets: list[str] = []
    problems = _problems(workshop)
    in_table = {_norm(_clip(a.get("text"))) for a in (actions(workshop) if agreed is None else agreed)}
    seen: set[str] = set()
    swot_points: list[tuple[str, dict]] = []
    branches: list[dict] = []

    def add(label: str, text: str) -> None:
        key = _norm(text)
        if key and key not in seen:
            seen.add(key)
            _add(bullets, _sentence(label, text), MAX_OUTCOMES)

    def add_new(label: str, card: dict) -> None:
        """A card unless the action table already has it."""
        if _norm(_clip(card["text"])) not in in_table:
            add(label, card["text"])

    for activity in workshop.activities:
        cards = outcomes_of(activity)
        if activity.tool == "rag_rating":
            for label, card in _rag_points(cards):
                add(label, card["text"])
        elif activity.tool in ANALYSIS:
            causes = [_cause(c["text"]) for c in cards]
            for cause in [c for c in causes if _norm(c) not in problems][:MAX_PER_TOOL]:
                add(ROOT_LABEL, cause)
        elif activity.tool in PRIORITISING:
            quick = [c for c in cards if "quick" in str(c.get("group") or "").lower()]
            for card in quick[:MAX_PER_TOOL]:
                add_new(QUICK_LABEL, card)
            for card in [c for c in cards if c not in quick][:MAX_PER_TOOL]:
                add_new(PRIORITY_LABEL, card)
        elif activity.tool == "pstb":  # the problem worked on, then every action agreed for it
            statement = (activity.state or {}).get("statement")
            if isinstance(statement, str) and statement.strip():
                add(PSTB_LABEL, statement)
            for card in cards:
                if _norm(_clip(card["text"])) not in in_table:
                    add(PSTB_ACTION_LABEL, _action_line(card))
        elif activity.tool == "swot":
            swot_points += [(label, card) for quadrant, label in SWOT_LABELS.items()
                            for card in [c for c in cards if c.get("quadrant") == quadrant][:1]]
        elif activity.tool == "radiant":
            ranked = sorted(enumerate(cards), key=lambda nc: (-len(nc[1].get("ideas") or []), nc[0]))
            branches += [_with_detail(card) for _, card in ranked[:MAX_PER_TOOL]]
    # A SWOT analysis says where the school stands: the record keeps it in the room that
    # root causes and priorities leave.
    for label, card in swot_points:
        add(label, card["text"])
    for card in branches:
        add(RADIANT_LABEL, card["text"])
    return bullets


def _long_date(text: str) -> str:
    """An ISO date as a head writes it ("12 January 2027"); anything else as it is."""
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return text
    return f"{day.day} {day:%B %Y}"


def _action_line(card: dict) -> str:
    """A PSTB action as the record says it: what (who, by when)."""
    who = " ".join(str(card.get("who") or "").split())
    when = " ".join(str(card.get("when") or "").split())
    if when and _long_date(when) != when:
        when = f"by {_long_date(when)}"
    extra = ", ".join(part for part in (who, when) if part)
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
