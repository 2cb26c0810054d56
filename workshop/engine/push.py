"""Pushing fresh views to a workshop's room after a commit: one encode per audience."""
from __future__ import annotations

from flask import current_app, has_app_context, has_request_context, url_for

from ..db import db
from ..extensions import socketio
from . import views
from .clock import now_ms

ROLES = ("facilitator", "board", "participant")


def room(workshop_id: int, role: str) -> str:
    return f"w{workshop_id}:{role}"


def participant_room(participant_id: int) -> str:
    return f"p{participant_id}"


def join_url(code: str | None) -> str | None:
    """The URL phones open; WORKSHOP_PUBLIC_URL wins, else the address this request came to."""
    if not code:
        return None
    base = current_app.config.get("PUBLIC_URL") if has_app_context() else None
    if base:
        return f"{base.rstrip('/')}/j/{code}"
    if has_request_context():
        return url_for("join.by_code", code=code, _external=True)
    return f"/j/{code}"


def snapshot(workshop_id: int) -> views.Snapshot | None:
    with db.session() as s:
        snap = views.load(s, workshop_id)
        if snap is not None:
            snap.join_url = join_url(snap.workshop.join_code)
        return snap


def publish(workshop_id: int, *, removed_participant: int | None = None, everyone_private: bool = False) -> None:
    snap = snapshot(workshop_id)
    if snap is None:
        return
    now = now_ms()
    for role in ROLES:
        socketio.emit("state", views.state_for(snap, role, now), to=room(workshop_id, role))
    if everyone_private:  # the current activity changed: each phone needs its own part of the new one
        for person in snap.participants:
            socketio.emit("private", views.private_for(snap, person.id), to=participant_room(person.id))
    if removed_participant is not None:
        socketio.emit("removed", {"code": "removed", "message": "The facilitator removed you from this workshop."},
                      to=participant_room(removed_participant))
        socketio.close_room(participant_room(removed_participant))


def send_to(sid: str, workshop_id: int, role: str, participant_id: int | None) -> int | None:
    """The whole picture for one connection (on connect and on sync). Returns the version sent."""
    snap = snapshot(workshop_id)
    if snap is None:
        return None
    socketio.emit("state", views.state_for(snap, role, now_ms()), to=sid)
    if participant_id is not None:
        socketio.emit("private", views.private_for(snap, participant_id), to=sid)
    return snap.workshop.version
