"""docs/protocol.schema.json, the protocol's machine-readable form (issue 11 §3): a valid JSON
Schema, pointed to by docs/protocol.md, and complete: every intent the server accepts has a payload
schema taking exactly the fields the code takes, and every error code the server sends is in it."""
from __future__ import annotations

import pathlib
import re

import pytest
from jsonschema import Draft202012Validator
from support import SCHEMA_PATH, protocol_schema, protocol_violation

from workshop import tools
from workshop.engine import imports, steps
from workshop.record import edits
from workshop.tools.base import STAGE_INTENTS

ROOT = pathlib.Path(__file__).resolve().parents[2]


def server_intents() -> set[str]:
    """Every intent type the server applies: the workshop's own steps, the stage steps every
    activity has, and each tool's handlers."""
    kinds = set(steps.WORKSHOP_STEPS) | set(steps.PARTICIPANT_STEPS) | set(STAGE_INTENTS)
    for tool in tools.REGISTRY.values():
        kinds |= set(tool.HANDLERS)
    return kinds


def declared_fields(kind: str) -> set[str]:
    """The payload fields the code lets an intent carry."""
    if kind in STAGE_INTENTS:
        return set()
    if kind in steps.WORKSHOP_KEYS:
        return set(steps.WORKSHOP_KEYS[kind])
    if kind in steps.PARTICIPANT_KEYS:
        return set(steps.PARTICIPANT_KEYS[kind])
    if kind == "record.update":
        return set(edits.KEYS)
    if kind == "activity.import":
        options = set()
        for tool in tools.REGISTRY.values():
            options |= set(tool.PAYLOAD_KEYS.get(f"{tool.prefix}import", ())) - {"cards"}
        return set(imports.CHOOSING["activity"]) | options
    tool = next(t for t in tools.REGISTRY.values() if kind in t.HANDLERS)
    return set(tool.PAYLOAD_KEYS[kind])


def _named(definitions: dict, prefix: str) -> set[str]:
    """The names after `prefix` of the schema's definitions that have it ("payload:idea.add")."""
    return {name[len(prefix):] for name in definitions if name.startswith(prefix)}


def test_the_schema_is_a_valid_json_schema():
    Draft202012Validator.check_schema(protocol_schema())
    # every definition is a schema: a strict validator (ajv's, by default) refuses unknown keywords
    keywords = set(Draft202012Validator.VALIDATORS) | {"$schema", "$defs", "$comment", "title", "description"}
    for name, definition in protocol_schema()["$defs"].items():
        assert isinstance(definition, dict) and set(definition) <= keywords, (name, set(definition) - keywords)


def test_protocol_md_points_outside_clients_at_the_schema():
    doc = (ROOT / "docs" / "protocol.md").read_text(encoding="utf-8")
    assert pathlib.Path(SCHEMA_PATH).name in doc
    assert pathlib.Path(SCHEMA_PATH).exists()


def test_every_intent_the_server_accepts_has_a_payload_schema_and_nothing_else_does():
    schema = protocol_schema()["$defs"]
    assert _named(schema, "payload:") == server_intents()
    assert set(schema["intent"]["properties"]["type"]["enum"]) == server_intents()
    dispatched = {rule["if"]["properties"]["type"]["const"] for rule in schema["intent"]["allOf"]
                  if "const" in rule["if"]["properties"]["type"]}
    assert dispatched == server_intents()


@pytest.mark.parametrize("kind", sorted(server_intents()))
def test_each_payload_schema_takes_exactly_the_fields_the_code_takes(kind):
    payload = protocol_schema()["$defs"][f"payload:{kind}"]
    assert payload.get("additionalProperties") is False, f"{kind}: an unknown field is bad_request, so closed"
    assert set(payload.get("properties", {})) == declared_fields(kind)


def _codes_in_source() -> set[str]:
    """Every error code the server's code can send: ToolError("<code>", ...) and error("<code>", ...)."""
    found = set()
    for path in (ROOT / "workshop").rglob("*.py"):
        found |= set(re.findall(r"""(?:ToolError|error)\(\s*["']([a-z_]+)["']""", path.read_text(encoding="utf-8")))
    return found


def _codes_in_doc() -> set[str]:
    doc = (ROOT / "docs" / "protocol.md").read_text(encoding="utf-8")
    table = doc.split("## 6. Error codes", 1)[1].split("\n\n", 2)[1]
    return set(re.findall(r"^\| `([a-z_]+)` \|", table, re.M))


def test_error_codes_are_the_same_in_the_code_the_doc_and_the_schema():
    in_schema = set(protocol_schema()["$defs"]["errorCode"]["enum"])
    assert _codes_in_source() <= in_schema, "a code the server sends is missing from the schema"
    assert in_schema == _codes_in_doc()


def test_every_tool_has_a_view_per_audience_and_a_private_part():
    schema = protocol_schema()["$defs"]
    assert _named(schema, "private:") == set(tools.REGISTRY)
    assert _named(schema, "view:") == {f"{tool}:{audience}" for tool in tools.REGISTRY
                                        for audience in ("facilitator", "room")}
    assert set(schema["state"]["properties"]["agenda"]["items"]["properties"]["tool"]["enum"]) == set(tools.REGISTRY)


def test_each_activity_of_the_default_agenda_has_a_config_the_schema_takes():
    from workshop.agenda import default_activities

    assert _named(protocol_schema()["$defs"], "config:") == set(tools.REGISTRY)
    details = {"focus": "KS3 SEND progress", "key_messages": "Pupils feel safe\nData is not shared"}
    for step in default_activities(details):
        add = {"tool": step["tool"], "title": step["title"], "prompt": step["prompt"], "section": step["section"],
               "config": step["config"]}
        assert protocol_violation("payload:agenda.add", {**add, "minutes": step["minutes"]}) is None


@pytest.mark.parametrize("name", sorted(tools.REGISTRY))
def test_a_new_activitys_views_and_private_part_validate(name):
    """Each tool's views of its initial state, per audience, as a state's activity would carry them."""
    tool = tools.get(name)
    state = tool.initial_state({})
    for audience, definition in (("facilitator", "facilitator"), ("board", "room"), ("participant", "room")):
        assert protocol_violation(f"view:{name}:{definition}", tool.view(state, audience)) is None
    private = {"version": 3, "activity": 7, "private": tool.private_view(state, 5)}
    assert protocol_violation("private", private) is None


def test_the_schema_refuses_what_the_server_refuses():
    """A few shapes the doc calls bad_request, to show the schema is not a sieve."""
    good = {"intent_id": "abcdefgh1", "type": "idea.add", "activity": 3, "payload": {"text": "More time"}}
    assert protocol_violation("intent", good) is None
    for bad in ({**good, "payload": {"text": "x", "colour": "red"}},        # unknown field
                {**good, "type": "idea.shout"},                              # no such intent
                {**good, "intent_id": "short"},                              # intent_id too short
                {**good, "activity": None},                                  # a tool intent needs its activity
                {**good, "type": "timer.start", "payload": {"seconds": 30}},  # a timer takes no activity
                {**good, "extra": 1}):                                       # unknown envelope field
        assert protocol_violation("intent", bad) is not None, bad
    for kind, payload in (("activity.import", {"from": 4, "top": 3, "cards": ["c1"]}),  # not both
                          ("activity.import", {"from": 4, "ties": "include"}),            # ties go with top
                          ("activity.import", {"from": "key_messages", "group": "Key messages"}),
                          ("fishbone.roots", {}),                                          # causes or top
                          ("fishbone.roots", {"causes": [], "top": 2})):
        assert protocol_violation(f"payload:{kind}", payload) is not None, payload
    assert protocol_violation("payload:activity.import", {"from": 4, "top": 3, "ties": "include", "bone": "b2"}) is None
    assert protocol_violation("intentAck", {"ok": False, "error": "rate_limited", "message": "wait"}) is not None
    assert protocol_violation("intentAck", {"ok": False, "error": "rate_limited", "message": "wait",
                                            "retry_after": 3}) is None


# Where each limit the front end is given (GET /limits.json) shows in the schema: the two must agree.
LIMITS_IN_SCHEMA = {
    ("agenda", "title"): "payload:agenda.add/properties/title/maxLength",
    ("agenda", "prompt"): "payload:agenda.add/properties/prompt/maxLength",
    ("agenda", "section"): "payload:agenda.add/properties/section/maxLength",
    ("agenda", "minutes_min"): "planMinutes/minimum",
    ("agenda", "minutes_max"): "planMinutes/maximum",
    ("timer", "max_seconds"): "payload:timer.start/properties/seconds/maximum",
    ("import", "top"): "payload:activity.import/properties/top/maximum",
    ("idea_wall", "text"): "payload:idea.add/properties/text/maxLength",
    ("idea_wall", "columns"): "payload:idea.columns/properties/columns/maxItems",
    ("idea_wall", "column_title"): "titled/properties/title/maxLength",
    ("swot", "text"): "payload:swot.add/properties/text/maxLength",
    ("fishbone", "text"): "payload:fishbone.add/properties/text/maxLength",
    ("fishbone", "problem"): "payload:fishbone.problem/properties/text/maxLength",
    ("fishbone", "bones"): "payload:fishbone.bones/properties/bones/maxItems",
    ("fishbone", "bone_title"): "titled/properties/title/maxLength",
    ("fishbone", "budget"): "payload:fishbone.settings/properties/budget/maximum",
    ("five_whys", "text"): "payload:whys.answer/properties/text/maxLength",
    ("five_whys", "problem"): "payload:whys.problem/properties/text/maxLength",
    ("five_whys", "target_min"): "payload:whys.settings/properties/target/minimum",
    ("five_whys", "target_max"): "payload:whys.settings/properties/target/maximum",
    ("dotocracy", "text"): "payload:dots.item_add/properties/text/maxLength",
    ("dotocracy", "budget"): "payload:dots.settings/properties/dots/maximum",
    ("diamond_nine", "text"): "payload:diamond.item_add/properties/text/maxLength",
    ("prioritisation_matrix", "text"): "payload:matrix.item_add/properties/text/maxLength",
    ("prioritisation_matrix", "label"): "payload:matrix.axes/properties/x/maxLength",
    ("prioritisation_matrix", "score_min"): "payload:matrix.rate/properties/x/minimum",
    ("prioritisation_matrix", "score_max"): "payload:matrix.rate/properties/x/maximum",
    ("rag_rating", "text"): "payload:rag.item_add/properties/text/maxLength",
    ("rag_rating", "comment"): "payload:rag.rate/properties/comment/maxLength",
    ("action_plan", "text"): "payload:action.propose/properties/text/maxLength",
    ("action_plan", "when"): "payload:action.add/properties/when/maxLength",
    ("action_plan", "who"): "payload:action.add/properties/who/maxLength",
    ("action_plan", "comment"): "payload:action.comment/properties/text/maxLength",
    ("action_plan", "how_other"): "payload:action.add/properties/how_other/maxLength",
    ("action_plan", "success"): "payload:action.update/properties/success/maxLength",
    ("action_plan", "terms"): "payload:action.update/properties/terms/maxLength",
    ("report_back", "text"): "payload:report.add/properties/text/maxLength",
    ("response_round", "view"): "payload:response.submit/properties/view/maxLength",
    ("response_round", "messages"): "payload:response.messages/properties/messages/maxItems",
    ("response_round", "message"): "payload:response.messages/properties/messages/items/maxLength",
}


@pytest.mark.parametrize("area,key", sorted(LIMITS_IN_SCHEMA))
def test_the_schemas_bounds_are_the_limits_the_server_gives_clients(area, key):
    from workshop.engine.limits import client_limits

    found = protocol_schema()["$defs"]
    for part in LIMITS_IN_SCHEMA[area, key].split("/"):
        found = found[part]
    assert found == client_limits()[area][key]


def test_the_limits_the_server_gives_clients_fit_the_schema():
    from workshop.engine.limits import client_limits

    assert protocol_violation("limits", client_limits()) is None
