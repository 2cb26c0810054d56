"""The scale tests' workshop: set up through the engine, and the server's truth read from the
database (what a fresh `state` would say now), to compare every client with."""
from __future__ import annotations

import json
import secrets
from collections import Counter
from datetime import date

from sqlalchemy import func, select

from cluster import PUBLIC_URL, SECRET, comparable, digest
from support import make_app
from workshop import accounts, workshops
from workshop.db import db
from workshop.engine import identity, push, replay, service, views
from workshop.engine.envelope import Principal
from workshop.models import Activity, Event, Participant, Workshop

EMAIL, PASSWORD = "ic@example.org", "a long enough password"
ITEMS = ["One-page pupil profiles", "TA planning time", "Department SEND leads", "Share the data termly",
         "Adaptive teaching CPD", "Parent updates each term"]


class Truth:
    """The test's own view of the shared database (no message queue: it pushes to nobody)."""

    def __init__(self, folder, database_url: str):
        self.app = make_app(folder / "truth.db", DATABASE_URL=database_url, PUBLIC_URL=PUBLIC_URL,
                            SECRET_KEY=SECRET)

    def close(self) -> None:
        db.engine.dispose()

    # --- set-up ---------------------------------------------------------------------------

    def dot_vote(self, dots: int = 10) -> dict:
        """An open workshop on a dot vote (six options, `dots` each, all on one option allowed),
        input open. Returns its ids, join code and board key."""
        with db.session(write=True) as s:
            user = accounts.find_user(s, EMAIL) or accounts.create_user(s, EMAIL, "Priya Shah", PASSWORD)
            ws = workshops.create(s, user, {"school": "Riverside Academy", "date": date(2026, 11, 26),
                                            "ics": "", "focus": "KS3 SEND", "key_messages": ""})
        ic = Principal("facilitator", user_id=user.id)
        step = self.stepper(ws.id, ic)
        step("workshop.open")
        step("agenda.add", {"tool": "dotocracy", "title": "Which first?", "prompt": "Place your dots",
                            "section": "Part 3", "after": None,
                            "config": {"dots": dots, "per_item": dots, "items": ITEMS}})
        with db.session() as s:
            activity = s.scalar(select(Activity).where(Activity.workshop_id == ws.id, Activity.tool == "dotocracy")
                                .order_by(Activity.id.desc()).limit(1))  # ours, not the agenda's own
            workshop = s.get(Workshop, ws.id)
            info = {"workshop": ws.id, "activity": activity.id, "items": [i["id"] for i in activity.state["items"]],
                    "code": workshop.join_code, "board_key": workshop.board_key, "user": user.id}
        step("control.goto", {"activity": info["activity"]})
        step("activity.open", activity=info["activity"])
        return info

    def idea_wall(self) -> dict:
        """The same, on the agenda's first idea wall."""
        info = self.dot_vote()
        step = self.stepper(info["workshop"], Principal("facilitator", user_id=info["user"]))
        with db.session() as s:
            wall = s.scalar(select(Activity.id).where(Activity.workshop_id == info["workshop"],
                                                      Activity.tool == "idea_wall").order_by(Activity.position))
        step("control.goto", {"activity": wall})
        step("activity.open", activity=wall)
        return {**info, "wall": wall}

    @staticmethod
    def stepper(workshop_id: int, who: Principal):
        def step(kind, payload=None, activity=None):
            ack = service.submit(workshop_id, who, {"intent_id": f"setup-{secrets.token_hex(8)}", "type": kind,
                                                    "activity": activity, "payload": payload or {}})
            assert ack["ok"] and not ack["duplicate"], ack
            return ack
        return step

    # --- reading the truth ------------------------------------------------------------------

    def snapshot(self, workshop_id: int):
        with self.app.app_context():
            return push.snapshot(workshop_id)

    def expected(self, snap, client) -> tuple[str, str | None]:
        """The digests of the state (and, for a phone, the private part) the server would send."""
        role = client.auth["role"]
        state = comparable(json.loads(json.dumps(views.state_for(snap, role, 0))))
        private = None
        if role == "participant":
            p = json.loads(json.dumps(views.private_for(snap, client.participant_id)))
            private = digest({"activity": p["activity"], "private": p["private"]})
        return digest(state), private

    @staticmethod
    def held(client) -> tuple[str | None, str | None]:
        with client.lock:
            state = digest(comparable(client.state)) if client.state else None
            private = None
            if client.auth["role"] == "participant" and client.private:
                private = digest({"activity": client.private["activity"], "private": client.private["private"]})
        return state, private

    def diverged(self, workshop_id: int, clients) -> list[str]:
        """Names of the clients whose state (or private part) differs from the server's now."""
        snap = self.snapshot(workshop_id)
        return [c.name for c in clients if self.held(c) != self.expected(snap, c)]

    def intent_counts(self, workshop_id: int, intent_ids) -> Counter:
        ids = list(intent_ids)
        with db.session() as s:
            found = s.execute(select(Event.intent_id, func.count()).where(
                Event.workshop_id == workshop_id, Event.intent_id.in_(ids)).group_by(Event.intent_id)).all()
        return Counter(dict(found))

    def log_is_whole(self, workshop_id: int) -> bool:
        """Versions 1..N, each once: no lost and no doubled step."""
        with db.session() as s:
            versions = list(s.scalars(select(Event.version).where(Event.workshop_id == workshop_id)
                                      .order_by(Event.version)))
            top = s.get(Workshop, workshop_id).version
        return versions == list(range(1, top + 1))

    def activity_state(self, activity_id: int) -> dict:
        with db.session() as s:
            return s.get(Activity, activity_id).state

    def dots_by_participant(self, activity_id: int) -> dict[int, int]:
        """Each participant's dots placed: a vote is filed under the voter's pseudonym in this
        activity (engine.identity), which only the server's keys turn back into a person."""
        with db.session() as s:
            act = s.get(Activity, activity_id)
            keys = dict(s.execute(select(Participant.pseudonym_key, Participant.id)
                                  .where(Participant.workshop_id == act.workshop_id)).all())
            who = {identity.pseudonym(key, activity_id): pid for key, pid in keys.items()}
            return {who[k]: sum(v.values()) for k, v in act.state["dots"].items()}

    def replays_exactly(self, activity_id: int) -> bool:
        with db.session() as s:
            act = s.get(Activity, activity_id)
            return replay.activity(s, act) == json.loads(json.dumps(act.state))
