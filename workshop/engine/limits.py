"""The limits a client needs to shape its forms (max lengths, max counts, number ranges).

Read from the very constants the reducers and steps check, so a client given this dict can never
drift from what the server refuses. Pages that run live JS embed it once as a JSON data block
(`<script type="application/json" id="limits">`, see base.html) and `GET /limits.json` serves it
to outside clients; docs/protocol.md ("Limits") describes the keys.
"""
from __future__ import annotations

from .. import participants, tools
from . import control, imports, plan, steps

# For each tool: the key a client reads -> the name of the constant in the tool's module.
TOOL_LIMITS: dict[str, dict[str, str]] = {
    "idea_wall": {"text": "MAX_TEXT", "cards": "MAX_CARDS", "per_person": "PER_PERSON_CARDS",
                  "columns": "MAX_COLUMNS", "column_title": "MAX_COLUMN_TITLE"},
    "swot": {"text": "MAX_TEXT", "cards": "MAX_CARDS", "per_person": "PER_PERSON_CARDS"},
    "radiant": {"text": "MAX_TEXT", "theme": "MAX_THEME", "nodes": "MAX_NODES", "per_person": "PER_PERSON_NODES"},
    "fishbone": {"text": "MAX_TEXT", "problem": "MAX_PROBLEM", "causes": "MAX_CAUSES",
                 "per_person": "PER_PERSON_CAUSES", "bones": "MAX_BONES", "bone_title": "MAX_BONE_TITLE",
                 "budget": "MAX_BUDGET"},
    "five_whys": {"text": "MAX_TEXT", "problem": "MAX_PROBLEM", "answers": "MAX_ANSWERS",
                  "per_person": "PER_PERSON_ANSWERS", "target_min": "MIN_TARGET", "target_max": "MAX_TARGET"},
    "pstb": {"text": "MAX_TEXT", "statement": "MAX_STATEMENT", "resolution": "MAX_RESOLUTION", "who": "MAX_WHO",
             "when": "MAX_WHEN", "owner_name": "MAX_OWNER_NAME", "ideas": "MAX_IDEAS", "notes": "MAX_NOTES",
             "actions": "MAX_ACTIONS", "per_person_ideas": "PER_PERSON_IDEAS", "per_person_notes": "PER_PERSON_NOTES",
             "per_person_actions": "PER_PERSON_ACTIONS"},
    "dotocracy": {"text": "MAX_TEXT", "items": "MAX_ITEMS", "budget": "MAX_BUDGET"},
    "diamond_nine": {"text": "MAX_TEXT", "items": "MAX_ITEMS"},
    "prioritisation_matrix": {"text": "MAX_TEXT", "items": "MAX_ITEMS", "label": "MAX_LABEL",
                              "score_min": "LOW", "score_max": "HIGH"},
    "rag_rating": {"text": "MAX_TEXT", "comment": "MAX_COMMENT", "items": "MAX_ITEMS"},
    "action_plan": {"text": "MAX_TEXT", "when": "MAX_WHEN", "who": "MAX_WHO", "comment": "MAX_COMMENT",
                    "actions": "MAX_ACTIONS", "comments": "MAX_COMMENTS", "per_person": "PER_PERSON_PROPOSALS",
                    "per_person_comments": "PER_PERSON_COMMENTS", "how_other": "MAX_HOW_OTHER",
                    "success": "MAX_SUCCESS", "terms": "MAX_TERMS"},
    "report_back": {"text": "MAX_TEXT", "answers": "MAX_ANSWERS", "per_person": "PER_PERSON_ANSWERS"},
    "response_round": {"view": "MAX_VIEW", "messages": "MAX_MESSAGES", "message": "MAX_MESSAGE",
                       "responses": "MAX_RESPONSES"},
}


def client_limits() -> dict[str, dict[str, int]]:
    """Every limit a client mirrors, by area: the workshop's own steps, then one entry per tool
    (keyed by the tool's name). Texts are measured in characters after trimming."""
    return {
        "agenda": {**steps.AGENDA_LIMITS, "minutes_min": plan.MIN_MINUTES, "minutes_max": plan.MAX_MINUTES},
        "timer": {"max_seconds": control.MAX_TIMER_S},
        "import": {"top": imports.MAX_IMPORT},
        "participant": {"name": participants.MAX_NAME, "role": participants.MAX_ROLE,
                        "table_name": participants.MAX_TABLE_NAME},
        **{tool: {key: getattr(tools.get(tool), constant) for key, constant in names.items()}
           for tool, names in TOOL_LIMITS.items()},
    }
