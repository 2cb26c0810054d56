"""`workshop demo`: a sign-in and a realistic sample workshop (our own words), ready to project."""
from __future__ import annotations

import secrets
from datetime import date, timedelta

from werkzeug.security import generate_password_hash

from . import accounts, workshops
from .db import db
from .engine import service
from .engine.envelope import Principal

EMAIL = "demo@workshop.test"
PASSWORD = "demo-workshop"

DETAILS = {
    "school": "Riverside Academy (11-16)",
    "ics": "Priya Shah (Hillview School) and Tom Walsh (St Anne's)",
    "focus": "Pupils with SEND in Key Stage 3 do not yet make the progress they could, "
             "especially in lessons outside their specialist support.",
    "key_messages": "\n".join([
        "Pupils with SEND feel safe and well known by the learning support team.",
        "Adaptations seen in Year 7 and 8 lessons varied a lot from room to room.",
        "Pupil passports exist but few teachers said they use them when planning.",
        "Teaching assistants are often briefed at the door rather than before the lesson.",
        "Leaders track SEND attainment termly but the information rarely reaches departments.",
    ]),
}

SAMPLE_IDEAS = [
    ("Jo", "Pupil passports are long and hard to use in a busy lesson", "k4"),
    ("Sam", "No shared time for teachers and TAs to plan together", "k4"),
    (None, "CPD on adaptive teaching was a one-off INSET two years ago", "k4"),
    ("Aisha", "Department schemes of work assume one route through each unit", "k2"),
    (None, "SEND data goes to SLT, not to heads of department", "k5"),
    ("Jo", "Some pupils won't use their support in front of friends", "k3"),
]


def seed() -> dict:
    with db.session(write=True) as s:
        user = accounts.find_user(s, EMAIL)
        if user is None:
            user = accounts.create_user(s, EMAIL, "Demo Facilitator", PASSWORD)
        else:  # a rerun restores the demo password
            user.password_hash = generate_password_hash(PASSWORD)
        workshop = workshops.create(s, user, {**DETAILS, "date": date.today() + timedelta(days=7)})
    ic = Principal("facilitator", user_id=user.id)

    def step(principal: Principal, kind: str, payload: dict | None = None, activity: int | None = None) -> dict:
        ack = service.submit(workshop.id, principal, {"intent_id": f"demo-{secrets.token_hex(8)}", "type": kind,
                                                       "activity": activity, "payload": payload or {}})
        assert ack["ok"], ack
        return ack

    causes = next(a for a in workshop.activities if a.tool == "idea_wall")
    step(ic, "workshop.open")
    people = {name: service.join(workshop.id, name)[0] for name in ("Jo", "Sam", "Aisha", None)}
    step(ic, "control.goto", {"activity": causes.id})
    step(ic, "activity.open", activity=causes.id)
    for name, text, column in SAMPLE_IDEAS:
        step(Principal("participant", participant_id=people[name], name=name), "idea.add",
             {"text": text}, causes.id)
    with db.session() as s:
        fresh = s.get(type(workshop), workshop.id)
        return {"email": EMAIL, "password": PASSWORD, "workshop": fresh.id, "code": fresh.join_code,
                "board_key": fresh.board_key}
