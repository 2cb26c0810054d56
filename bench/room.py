"""One workshop made ready for load: open, an idea wall and a dotocracy activity on its agenda,
N phones joined (tokens), and the facilitator's and the board's sockets."""
from __future__ import annotations

import asyncio
import json
import os
import platform
import time
from dataclasses import dataclass, field

import psutil

from . import harness
from .clients import Client

DOT_OPTIONS = ["Shared planning time each half term", "Coaching for teaching assistants",
               "Reading ages on every class list", "One behaviour script for all staff",
               "Parent workshops on homework", "Pupil voice panel each term", "Moderation across departments",
               "Oracy in every lesson", "Transition visits from year six", "Vocabulary lists per unit",
               "Attendance mentors", "Quality first teaching checklist"]
DOTS_CONFIG = {"dots": 5, "per_item": 3, "live": False, "items": DOT_OPTIONS}


@dataclass
class Room:
    workshop: int
    wall: int
    dots: int
    items: list[str]
    tokens: list[str] = field(default_factory=list)
    facilitator: Client | None = None
    board: Client | None = None

    def phones(self, first_index: int = 0) -> list[dict]:
        return [{"index": first_index + i, "workshop": self.workshop, "token": t} for i, t in enumerate(self.tokens)]


async def setup_room(server: harness.ServerProcess, fac: harness.Facilitation, n: int, label: str = "") -> Room:
    loop = asyncio.get_running_loop()
    wid = await loop.run_in_executor(None, fac.new_workshop, f"Bench Academy {label}".strip())
    f = Client(server.url, "facilitator", {"workshop": wid, "role": "facilitator"}, cookie=fac.cookie,
               label=f"f{label}", workshop=wid, measure_sizes=True)
    await f.connect()
    for step in (await f.intent("workshop.open"),
                 await f.intent("agenda.add", None, {"tool": "dotocracy", "title": "Which actions first?",
                                                    "prompt": "Place your dots", "after": None,
                                                    "section": "Part 3 – Recording and agreeing actions",
                                                    "config": DOTS_CONFIG})):
        assert step["ok"], step
    await f.wait_version(step["version"], 30)
    state = f.last
    agenda = state["agenda"]
    wall = next(a["id"] for a in agenda if a["tool"] == "idea_wall")
    dots = [a["id"] for a in agenda if a["tool"] == "dotocracy"][-1]
    code = state["workshop"]["join_code"]
    tokens = await loop.run_in_executor(None, harness.join_many, server.url, code, wid, n)
    items = [f"c0-{i}" for i in range(len(DOT_OPTIONS))]
    board = Client(server.url, "board", {"workshop": wid, "role": "board"}, cookie=fac.cookie,
                   label=f"b{label}", workshop=wid, measure_sizes=True)
    await board.connect()
    return Room(wid, wall, dots, items, tokens, f, board)


def machine() -> dict:
    return {"cpus": os.cpu_count(), "cpu_model": _cpu_model(), "memory_gib": round(psutil.virtual_memory().total / 2**30, 1),
            "python": platform.python_version(), "platform": platform.platform(),
            "date": time.strftime("%Y-%m-%d %H:%M:%S %Z")}


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


def write_json(path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, sort_keys=False) + "\n")
