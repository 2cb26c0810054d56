"""Tools are pure: no web, socket or database code, nothing from the rest of the app.

So every tool can be tested (and replayed) as plain functions on plain data.
"""
from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

import workshop.tools
from workshop import tools

TOOLS_DIR = Path(workshop.tools.__file__).parent
FORBIDDEN_TOP = {"flask", "flask_socketio", "flask_login", "flask_wtf", "socketio", "engineio",
                 "sqlalchemy", "alembic", "eventlet", "gevent"}
TOOL_API = ("name", "title", "prefix", "initial_state", "apply", "view", "private_view", "outcomes",
            "has_contributions")
AUDIENCES = ("facilitator", "board", "participant")


def _package_of(path: Path) -> list[str]:
    """The dotted package a file in workshop/tools/ belongs to, as parts."""
    rel = path.relative_to(TOOLS_DIR).parent.parts
    return ["workshop", "tools", *rel]


def impure_imports(source: str, package: list[str]) -> list[str]:
    """Modules imported by ``source`` (living in ``package``) that a tool may not use."""
    bad = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                if node.level > len(package):
                    bad.append("." * node.level + (node.module or ""))
                    continue
                base = package[:len(package) - (node.level - 1)]
                modules = [".".join([*base, *([node.module] if node.module else [])])]
            else:
                modules = [node.module or ""]
        else:
            continue
        for module in modules:
            top = module.split(".")[0]
            if top in FORBIDDEN_TOP:
                bad.append(module)
            elif top == "workshop" and not (module == "workshop.tools" or module.startswith("workshop.tools.")):
                bad.append(module)
    return bad


def tool_files() -> list[Path]:
    return sorted(TOOLS_DIR.rglob("*.py"))


def test_there_are_tool_files_to_check():
    names = {p.name for p in tool_files()}
    assert {"__init__.py", "base.py", "idea_wall.py"} <= names


@pytest.mark.parametrize("path", tool_files(), ids=lambda p: str(p.relative_to(TOOLS_DIR)))
def test_tool_module_imports_nothing_impure(path):
    assert impure_imports(path.read_text(encoding="utf-8"), _package_of(path)) == []


# the checker itself must catch what it is meant to catch
@pytest.mark.parametrize("source", [
    "import flask",
    "from flask import request",
    "import flask_socketio",
    "from flask_login import current_user",
    "import socketio",
    "import engineio.server",
    "from sqlalchemy.orm import Session",
    "import workshop.models",
    "from workshop.engine import control",
    "from workshop import db",
    "import workshop",
    "from .. import models",
    "from ..engine import control",
    "from ...outside import x",
    "def f():\n    import sqlalchemy\n",
])
def test_checker_flags_impure_imports(source):
    assert impure_imports(source, ["workshop", "tools"])


@pytest.mark.parametrize("source", [
    "from .base import ToolError",
    "from . import idea_wall",
    "import json, re",
    "from dataclasses import dataclass",
    "from workshop.tools.base import Actor",
    "from workshop.tools import base",
    "from __future__ import annotations",
])
def test_checker_allows_pure_imports(source):
    assert impure_imports(source, ["workshop", "tools"]) == []


def test_checker_resolves_relative_imports_from_subpackages():
    assert impure_imports("from ..base import Actor", ["workshop", "tools", "sub"]) == []
    assert impure_imports("from ...engine import control", ["workshop", "tools", "sub"])


# --- the registry ----------------------------------------------------------------------------

REGISTERED = sorted(tools.REGISTRY.items())


def test_registry_has_the_idea_wall():
    assert tools.REGISTRY["idea_wall"] is workshop.tools.idea_wall
    assert tools.get("idea_wall") is workshop.tools.idea_wall


@pytest.mark.parametrize("name, module", REGISTERED, ids=[n for n, _ in REGISTERED])
def test_registered_tool_has_the_full_api(name, module):
    missing = [attr for attr in TOOL_API if not hasattr(module, attr)]
    assert missing == []
    assert module.name == name
    assert isinstance(module.title, str) and module.title
    assert isinstance(module.prefix, str) and module.prefix.endswith(".")
    for attr in TOOL_API[3:]:
        assert callable(getattr(module, attr)), attr


def test_prefixes_are_unique_and_not_engine_namespaces():
    prefixes = [m.prefix for m in tools.REGISTRY.values()]
    assert len(prefixes) == len(set(prefixes))
    reserved = ("workshop.", "control.", "timer.", "activity.", "agenda.", "participant.", "undo")
    assert not any(p.startswith(reserved) for p in prefixes)


@pytest.mark.parametrize("name, module", REGISTERED, ids=[n for n, _ in REGISTERED])
def test_initial_state_and_views_are_json(name, module):
    state = module.initial_state({})
    assert json.loads(json.dumps(state)) == state
    assert state["open"] is False and state["revealed"] is False
    for audience in AUDIENCES:
        view = module.view(state, audience)
        assert isinstance(view, dict)
        json.dumps(view)
    json.dumps(module.private_view(state, 1))
    assert module.outcomes(state) == []
    assert module.has_contributions(state) is False
