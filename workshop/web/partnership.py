"""Partnerships for signed-in ICs: the list of one's own with a form to start one, and a
partnership's settings (its name, schools and members). Anyone who is not a member gets 404 (ids
can't be probed); a member IC may look at the settings, and only a lead changes them (403: they
already know the partnership exists, so a plain "only its lead can" is the clearer answer).
The partnership's own page (asks and offers) is on its own blueprint, partnership_asks."""
from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from werkzeug.routing import BuildError

from .. import partnerships
from ..db import db
from ..models import Partnership

bp = Blueprint("partnership", __name__)


def page_url(partnership_id: int) -> str:
    """The partnership's page (the partnership_asks blueprint); its path if that isn't registered."""
    try:
        return url_for("partnership_asks.page", partnership_id=partnership_id)
    except BuildError:
        return f"/partnerships/{partnership_id}"


def _visible(session, partnership_id: int) -> Partnership:
    try:
        return partnerships.get_visible(session, partnership_id, current_user.id)
    except partnerships.NotFound:
        abort(404)


def _managed(session, partnership_id: int) -> Partnership:
    partnership = _visible(session, partnership_id)
    if not partnerships.can_manage(session, partnership_id, current_user.id):
        abort(Response(render_template("error.html", title="Only its lead can change this", message=(
            f"Only a lead of {partnership.name} can change its name, schools and members. Ask them.")), 403))
    return partnership


@bp.route("/partnerships")
@login_required
def index(error: str | None = None):
    with db.session() as s:
        rows = [{"id": p.id, "name": p.name, "schools": [school.name for school in p.schools],
                 "role": partnerships.ROLES[partnerships.member_role(s, p.id, current_user.id)],
                 "page": page_url(p.id)} for p in partnerships.visible_to(s, current_user.id)]
    return render_template("partnerships.html", partnerships=rows, error=error,
                           form=request.form if error else None), 400 if error else 200


@bp.post("/partnerships")
@login_required
def create():
    try:
        with db.session(write=True) as s:
            schools = partnerships.school_names(request.form.get("schools", ""))
            partnership = partnerships.create(s, current_user.id, request.form.get("name", ""), schools)
            created = partnership.id
    except partnerships.Refused as exc:
        return index(str(exc))
    flash("The partnership was made, with you as its lead. Add its member ICs here.", "info")
    return redirect(url_for("partnership.settings", partnership_id=created))


@bp.get("/partnerships/<int:partnership_id>/settings")
@login_required
def settings(partnership_id: int, error: str | None = None):
    with db.session() as s:
        partnership = _visible(s, partnership_id)
        view = {"id": partnership.id, "name": partnership.name, "page": page_url(partnership.id),
                "schools": [(school.id, school.name) for school in partnership.schools],
                "members": sorted(({"id": m.user_id, "name": m.user.name, "email": m.user.email, "role": m.role,
                                    "role_label": partnerships.ROLES[m.role]} for m in partnership.members),
                                  key=lambda m: (m["role"] != "lead", m["name"].casefold())),
                "can_manage": partnerships.can_manage(s, partnership_id, current_user.id)}
    view["leads"] = sum(m["role"] == "lead" for m in view["members"])
    return render_template("partnership_settings.html", p=view, error=error), 400 if error else 200


def _change(partnership_id: int, change, done: str, anchor: str = "", back: str | None = None):
    """Runs a lead's change; a refusal shows the settings again with what was wrong."""
    try:
        with db.session(write=True) as s:
            change(s, _managed(s, partnership_id))
    except partnerships.Refused as exc:
        return settings(partnership_id, str(exc))
    except partnerships.NotFound:
        abort(404)
    flash(done, "info")
    return redirect(back or url_for("partnership.settings", partnership_id=partnership_id) + anchor)


@bp.post("/partnerships/<int:partnership_id>/settings")
@login_required
def rename(partnership_id: int):
    return _change(partnership_id, lambda s, p: partnerships.rename(p, request.form.get("name", "")),
                   "The partnership was renamed.")


@bp.post("/partnerships/<int:partnership_id>/schools")
@login_required
def add_school(partnership_id: int):
    return _change(partnership_id, lambda s, p: partnerships.add_school(s, p, request.form.get("name", "")),
                   "The school was added.", "#schools")


@bp.post("/partnerships/<int:partnership_id>/schools/<int:school_id>")
@login_required
def rename_school(partnership_id: int, school_id: int):
    return _change(partnership_id,
                   lambda s, p: partnerships.rename_school(p, school_id, request.form.get("name", "")),
                   "The school was renamed.", "#schools")


@bp.post("/partnerships/<int:partnership_id>/members")
@login_required
def add_member(partnership_id: int):
    return _change(partnership_id, lambda s, p: partnerships.add_member(s, p, request.form.get("email", "")),
                   "The IC was added: they see the partnership when they sign in.", "#members")


@bp.post("/partnerships/<int:partnership_id>/members/<int:user_id>/remove")
@login_required
def remove_member(partnership_id: int, user_id: int):
    leaving = user_id == current_user.id  # a lead who leaves no longer sees the settings
    return _change(partnership_id, lambda s, p: partnerships.remove_member(s, p, user_id),
                   "You left the partnership." if leaving else "The member was removed.", "#members",
                   url_for("partnership.index") if leaving else None)


@bp.post("/partnerships/<int:partnership_id>/members/<int:user_id>/lead")
@login_required
def make_lead(partnership_id: int, user_id: int):
    return _change(partnership_id, lambda s, p: partnerships.make_lead(s, p, user_id),
                   "They are now a lead of the partnership too.", "#members")
