"""Agenda templates, one per workshop format the handbook describes. Each step names the tools it
would like, best first; a step whose tools are not built yet is left out, so a template improves
as tools land. A template's planned minutes fill its format's slot; the SPP whole-staff session
(the usual 90 minutes) is the default."""
from __future__ import annotations

from dataclasses import dataclass

from . import review, tools

PART1 = "Part 1 – Review feedback"
PART2 = "Part 2 – Exploring the findings"
PART3 = "Part 3 – Recording and agreeing actions"
CLOSE = "Reporting back and review"

SPP_TEMPLATE = [
    {"section": PART1, "minutes": 15, "title": "Our response to the key messages",
     "prompt": "How much of this is a surprise to us? What's our view of these messages? One response each.",
     "tools": {"response_round": {},
               "idea_wall": {"columns": ["How much is a surprise?", "Our view of the messages"]}}},
    {"section": PART2, "minutes": 20, "title": "What lies behind it?",
     "prompt": "Add the causes you see behind the problem. One idea per card.",
     "tools": {"fishbone": {}, "five_whys": {},
               "idea_wall": {"columns": ["Teaching and learning", "Curriculum", "Pupils", "Staff and CPD",
                                         "Leadership and systems", "Resources and environment",
                                         "Parents and community"]}}},
    {"section": PART3, "minutes": 15, "title": "Ideas for action",
     "prompt": "What could we do about the root causes? Short, practical ideas.",
     "tools": {"idea_wall": {}}},
    {"section": PART3, "minutes": 10, "title": "Prioritise the ideas",
     "prompt": "Which of these would make the biggest difference?",
     "tools": {"dotocracy": {}, "diamond_nine": {}, "prioritisation_matrix": {}}},
    {"section": PART3, "minutes": 20, "title": "Agree the actions",
     "prompt": "Who will do what, by when, and with what support?",
     "tools": {"action_plan": {}}},
    {"section": CLOSE, "minutes": 10, "title": "Reporting back and review",
     "prompt": "How will we share this with staff who are not here, governors and the partnership? "
               "And looking back: how was the peer review, what went well, what would we change?",
     "tools": {"report_back": {},
               "idea_wall": {"columns": ["Reporting back", "Following up", "How was the peer review?",
                                         "What did we do well?", "What would we change next time?"]}}},
]


# The small group (the head and a cross-section of staff, up to two hours) has time to look at
# where the school stands before digging into causes, and to agree actions around the table.
SMALL_GROUP_TEMPLATE = [
    {**SPP_TEMPLATE[0], "minutes": 15},
    {"section": PART1, "minutes": 5, "title": "Where are we now on each finding?",
     "prompt": "Red, amber or green: how far along are we on each of the review's messages?",
     "tools": {"rag_rating": {}}},
    {"section": PART2, "minutes": 20, "title": "Where do we stand?",
     "prompt": "One point per card: a strength, weakness, opportunity or threat for our focus.",
     "tools": {"swot": {}}},
    {**SPP_TEMPLATE[1], "minutes": 20},
    {"section": PART2, "minutes": 10, "title": "Why, and why again?",
     "prompt": "Take the cause that matters most and keep asking why until we reach its root.",
     "tools": {"five_whys": {}}},
    {**SPP_TEMPLATE[2], "minutes": 15},
    {**SPP_TEMPLATE[3], "minutes": 10, "tools": {"diamond_nine": {}, "dotocracy": {}}},
    {**SPP_TEMPLATE[4], "minutes": 15},
    {**SPP_TEMPLATE[5], "minutes": 10},
]

# A focused group (e.g. the middle leaders, or one phase) works on one finding in an hour: straight
# to its root cause, then ideas weighed by impact and effort, then who does what.
FOCUSED_GROUP_TEMPLATE = [
    {**SPP_TEMPLATE[0], "minutes": 10},
    {**SPP_TEMPLATE[1], "minutes": 15, "title": "Why is this happening?",
     "prompt": "Start from the problem and keep asking why until we reach a root cause.",
     "tools": {"five_whys": {}, "fishbone": {}}},
    {**SPP_TEMPLATE[2], "minutes": 10},
    {**SPP_TEMPLATE[3], "minutes": 10, "tools": {"prioritisation_matrix": {}, "dotocracy": {}}},
    {**SPP_TEMPLATE[4], "minutes": 10},
    {**SPP_TEMPLATE[5], "minutes": 5},
]


@dataclass(frozen=True)
class Template:
    label: str  # plain words for the new-workshop form
    minutes: int  # the format's slot, which the steps' planned minutes fill
    steps: list[dict]


TEMPLATES: dict[str, Template] = {
    "whole_staff": Template("Whole-staff session", 90, SPP_TEMPLATE),
    "small_group": Template("Small group with the head, up to 2 hours", 120, SMALL_GROUP_TEMPLATE),
    "focused_group": Template("Focused group, e.g. middle leaders", 60, FOCUSED_GROUP_TEMPLATE),
}
DEFAULT_TEMPLATE = "whole_staff"


def default_activities(details: dict | None = None, template: str = DEFAULT_TEMPLATE) -> list[dict]:
    """The template's steps that have a built tool: section, title, prompt, tool, minutes, config.
    The workshop's details fill in what the review already said (its focus, its key messages).
    An unknown template is a KeyError: callers check the name with TEMPLATES first."""
    chosen = []
    for step in TEMPLATES[template].steps:
        for name, config in step["tools"].items():
            if name in tools.REGISTRY:
                chosen.append({"section": step["section"], "title": step["title"], "prompt": step["prompt"],
                               "tool": name, "minutes": step["minutes"],
                               "config": {**config, **_from_details(name, details or {})}})
                break
    return chosen


def choices() -> list[tuple[str, str, int]]:
    """(name, label, planned minutes in total) for each template, the default first."""
    ordered = [DEFAULT_TEMPLATE, *(name for name in TEMPLATES if name != DEFAULT_TEMPLATE)]
    return [(name, TEMPLATES[name].label, sum(a["minutes"] for a in default_activities(template=name)))
            for name in ordered]


PROBLEM_LIMIT = 200  # a problem statement is one sentence
MESSAGES_LIMIT = 12


def _from_details(tool: str, details: dict) -> dict:
    """Config a tool takes from the workshop's details: the focus frames the problem; the
    review's key messages (one per line) are what Part 1 responds to. Left empty, they come from
    the review's findings ("What we found…") and its recommended enquiry focus."""
    found = details.get("review") or {}
    focus = " ".join((details.get("focus") or "").split()) or review.focus(found)
    if tool in ("fishbone", "five_whys") and focus:
        return {"problem": focus[:PROBLEM_LIMIT]}
    messages = [line.strip(" -•*\t") for line in (details.get("key_messages") or "").splitlines()]
    listed = [m[:280] for m in messages if m][:MESSAGES_LIMIT] or review.key_messages(found, MESSAGES_LIMIT)
    if tool == "response_round" and listed:
        return {"messages": listed}
    if tool == "rag_rating" and listed:  # each of the review's messages is a finding to rate
        return {"items": listed}
    return {}
