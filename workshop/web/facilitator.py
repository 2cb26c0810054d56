"""The facilitator's pages: dashboard, workshop details, console, board, QR code."""
from __future__ import annotations

import io
import ipaddress
import secrets

import segno
from flask import Blueprint, Response, abort, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from flask_wtf.csrf import generate_csrf

from .. import accounts, agenda, partnerships, review, shown_once, tools, workshops
from ..db import db
from ..engine import imports, push, service
from ..engine.envelope import Principal
from ..engine.views import activity_view
from ..models import Activity, Facilitator, Workshop
from . import live

bp = Blueprint("facilitator", __name__)


def _facilitated(session, workshop_id: int) -> Workshop:
    """The workshop, if this user runs it. Someone else's answers exactly as a missing one (404),
    so ids can't be probed for which workshops exist."""
    workshop = session.get(Workshop, workshop_id)
    if workshop is None or not workshops.is_facilitator(session, workshop_id, current_user.id):
        abort(404)
    return workshop


def submit(workshop_id: int, kind: str, payload: dict | None = None, activity: int | None = None) -> dict:
    """A form's change takes the same path as a live intent."""
    return service.submit(workshop_id, Principal("facilitator", user_id=current_user.id), {
        "intent_id": f"http-{secrets.token_hex(8)}", "type": kind, "activity": activity, "payload": payload or {}})


@bp.route("/workshops")
@login_required
def dashboard():
    archived = request.args.get("archived") == "1"
    with db.session() as s:
        items = workshops.for_user(s, current_user.id, archived=archived)
        return render_template("dashboard.html", workshops=items, archived=archived)


def _to_fill(form) -> bool:
    """ "Fill the form from it" was pressed, or the form was saved with a pasted document in the
    box that was never used: it fills the form first (so a paste is never silently dropped). What
    is left after a fill matches no heading, so the next save saves."""
    return "fill" in form or any(review.parse_pasted(form.get("paste", ""))[0].values())


def _filled(form) -> tuple[dict, str]:
    """ "Fill the form from it": the form's values with what the pasted Review Findings say put in
    their fields (key messages and focus prepared from them when empty), and a note on what
    happened. The text that matched no heading stays in the paste box. Nothing is saved."""
    found, leftover = review.parse_pasted(form.get("paste", ""))
    values = {key: form.get(key, "") for key in form}
    values["dimensions"] = form.getlist("dimensions")
    for key, value in found.items():
        if value:
            values[workshops.REVIEW_DAYS.get(key, key)] = value
    values["paste"] = leftover
    workshops.prepared(values, workshops.review_from_form(values))
    if not any(found.values()):
        return values, ("Nothing in the paste matched the template's headings (such as “Host school:”, "
                        "“Review date:” or “What we found…”), so nothing was filled in.")
    note = ("The form was filled in from the paste: check it, then save." if "fill" in form else
            "The form was filled in from the pasted Review Findings first, and nothing was saved yet: "
            "check it, then save.")
    if leftover:
        note += " Some text matched no heading of the template: it is left in the paste box for you to place."
    return values, note


def _form_page(workshop, form, **context):
    """The details form; `rv` is the review as shown (the form's values, else the saved ones)."""
    rv = workshops.review_from_form(form) if form else review.of(workshop) if workshop else review.empty()
    return render_template("workshop_form.html", workshop=workshop, form=form, rv=rv,
                           dimensions=review.DIMENSIONS, review_fields=review.FIELDS,
                           partnership=_partnership_choice(workshop, form), **context)


def _partnership_choice(workshop, form) -> dict:
    """The partnership selects: this IC's partnerships (and the workshop's own, so a co-facilitator
    who is not a member keeps it on saving) with their schools, and what is selected. With a
    partnership and no school chosen, its school named like the host school is pre-selected."""
    current = workshop.partnership_id if workshop else None
    with db.session() as s:
        options = [{"id": p.id, "name": p.name, "schools": [(school.id, school.name) for school in p.schools]}
                   for p in partnerships.choices(s, current_user.id, current)]
    if form:
        chosen, school = form.get("partnership", ""), form.get("partner_school", "")
    else:
        chosen = str(current or "")
        school = str(workshop.partner_school_id or "") if workshop else ""
    host = ((form.get("school") if form else workshop.school if workshop else "") or "").strip().casefold()
    if chosen and not school:
        for option in options:
            if str(option["id"]) == chosen:
                school = next((str(i) for i, name in option["schools"] if name.casefold() == host), "")
    return {"options": options, "chosen": chosen, "school": school}


@bp.route("/workshops/new", methods=["GET", "POST"])
@login_required
def new():
    error = note = None
    form = request.form
    if request.method == "POST" and _to_fill(request.form):
        form, note = _filled(request.form)
    elif request.method == "POST":
        try:
            details = workshops.parse_details(request.form)
            template = workshops.parse_template(request.form)
            with db.session(write=True) as s:
                workshop = workshops.create(s, current_user, details, template)
        except (workshops.DetailsError, partnerships.Refused, partnerships.NotFound) as exc:
            error = str(exc)
        else:
            flash(f"Workshop created on the agenda for a {agenda.TEMPLATES[template].label.lower()}. "
                  "Adjust the agenda, then open it when you start.", "info")
            for warning in review.warnings(details["school"], details["date"], details["review"]):
                flash(warning, "warning")
            return redirect(url_for("facilitator.console", workshop_id=workshop.id))
    return _form_page(None, form, error=error, note=note, templates=agenda.choices(),
                      default_template=agenda.DEFAULT_TEMPLATE), 400 if error else 200


@bp.route("/w/<int:workshop_id>/edit", methods=["GET", "POST"])
@login_required
def edit(workshop_id: int):
    with db.session() as s:
        workshop = _facilitated(s, workshop_id)
        co = [f for f in workshop.facilitators]
        [f.user for f in co]
    new_password = shown_once.take(current_user.id, f"new_password_{workshop_id}")
    error = note = form = None
    if request.method == "POST" and _to_fill(request.form):
        form, note = _filled(request.form)
    elif request.method == "POST":
        try:
            details = workshops.parse_details(request.form)
        except workshops.DetailsError as exc:
            error = str(exc)
        else:
            details["date"] = details["date"].isoformat() if details["date"] else ""
            ack = submit(workshop_id, "workshop.update", details)
            if ack["ok"]:
                flash("Details saved.", "info")
                return redirect(url_for("facilitator.edit", workshop_id=workshop_id))
            error = ack["message"]
        form = request.form if error else None
    return _form_page(workshop, form, facilitators=co, error=error, note=note, new_password=new_password,
                      board_url=_board_url(workshop),
                      warnings=review.warnings(workshop.school, workshop.date, workshop.review)), 400 if error else 200


@bp.post("/w/<int:workshop_id>/duplicate")
@login_required
def duplicate(workshop_id: int):
    with db.session(write=True) as s:
        copy = workshops.duplicate(s, _facilitated(s, workshop_id), current_user)
    flash("A copy was made, with the same details and agenda and no contributions.", "info")
    return redirect(url_for("facilitator.edit", workshop_id=copy.id))


@bp.post("/w/<int:workshop_id>/archive")
@login_required
def archive(workshop_id: int):
    """Through the engine: an open workshop is closed, then archived, in one step (nothing is
    archived if the close fails); its board link dies with it."""
    with db.session() as s:
        _facilitated(s, workshop_id)
    restore = request.form.get("restore") == "1"
    ack = submit(workshop_id, "workshop.restore" if restore else "workshop.archive")
    if not ack["ok"]:
        flash(ack["message"], "error")
    elif restore:
        flash("Workshop restored. Its board has a new link (see its details).", "info")
    else:
        live.drop_key_boards(workshop_id, live.BOARD_ARCHIVED)
        flash("Workshop archived.", "info")
    return redirect(url_for("facilitator.dashboard", archived=1 if restore and not ack["ok"] else None))


@bp.post("/w/<int:workshop_id>/board/new-link")
@login_required
def new_board_link(workshop_id: int):
    """A new board key: the old link stops working at once, and boards open on it are closed."""
    with db.session(write=True) as s:
        workshop = _facilitated(s, workshop_id)
        workshop.board_key = workshops.new_board_key()
    live.drop_key_boards(workshop_id, live.BOARD_REPLACED)
    flash("A new board link was made. The old one no longer works, and boards open on it were closed.", "info")
    return redirect(url_for("facilitator.edit", workshop_id=workshop_id) + "#board")


@bp.post("/w/<int:workshop_id>/status")
@login_required
def set_status(workshop_id: int):
    with db.session() as s:
        _facilitated(s, workshop_id)
    kind = "workshop.open" if request.form.get("open") == "1" else "workshop.close"
    ack = submit(workshop_id, kind)
    flash(("Workshop opened: phones can join with the code." if kind == "workshop.open"
           else "Workshop closed: the join code no longer works.") if ack["ok"] else ack["message"],
          "info" if ack["ok"] else "error")
    return redirect(_local(request.form.get("back")) or url_for("facilitator.dashboard"))


def _local(target: str | None) -> str | None:
    """A path on this site to go back to, or None: never an address elsewhere ("//evil", "https://…")."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    return target


@bp.post("/w/<int:workshop_id>/facilitators")
@login_required
def add_facilitator(workshop_id: int):
    """The owner adds a co-facilitator; a new account gets a one-time password to pass on."""
    email = accounts.normalise_email(request.form.get("email", ""))
    with db.session(write=True) as s:
        workshop = _facilitated(s, workshop_id)
        if workshop.owner_id != current_user.id:
            abort(403)
        user = accounts.find_user(s, email)
        password = None
        if user is None:
            password = secrets.token_urlsafe(9)
            try:
                user = accounts.create_user(s, email, request.form.get("name", "") or email.split("@")[0], password)
            except accounts.AccountError as exc:
                flash(str(exc), "error")
                return redirect(url_for("facilitator.edit", workshop_id=workshop_id))
        if s.get(Facilitator, (workshop_id, user.id)) is None:
            s.add(Facilitator(workshop_id=workshop_id, user_id=user.id, role="co"))
        if password:  # shown once on the next page, kept on the server meanwhile (never in the cookie)
            shown_once.keep(s, current_user.id, f"new_password_{workshop_id}", f"{email}\n{password}")
    if password:
        flash(f"Account made for {email}. Their password is shown below, this once.", "info")
    else:
        flash(f"{email} can now run this workshop with you.", "info")
    return redirect(url_for("facilitator.edit", workshop_id=workshop_id))


def _board_url(workshop: Workshop) -> str:
    return url_for("facilitator.board", workshop_id=workshop.id, key=workshop.board_key, _external=True)


@bp.route("/w/<int:workshop_id>")
@bp.route("/w/<int:workshop_id>/run")
@login_required
def console(workshop_id: int):
    with db.session() as s:
        workshop = _facilitated(s, workshop_id)
    boot = {"workshop": workshop.id, "role": "facilitator", "key": None,
            "join_url": push.join_url(workshop.join_code),
            "qr_url": url_for("facilitator.qr", workshop_id=workshop.id, key=workshop.board_key),
            "csrf": generate_csrf(), "participant": None,
            "tools": [{"name": t.name, "title": t.title, "when": t.when} for t in tools.REGISTRY.values()],
            "urls": {"dashboard": url_for("facilitator.dashboard"),
                     "edit": url_for("facilitator.edit", workshop_id=workshop.id),
                     "board": _board_url(workshop),
                     # + "<id>/view": one activity's facilitator view (the agenda editor reads its prompt)
                     "activities": url_for("facilitator.activity_json", workshop_id=workshop.id,
                                           activity_id=0).removesuffix("0/view")},
            "key_messages": len(imports.key_messages(workshop.key_messages)),
            "loopback": _loopback_host()}
    return render_template("console.html", workshop=workshop, boot=boot)


def _loopback_host() -> str | None:
    """The address `workshop serve` listens on when phones cannot reach it (loopback only, and no
    WORKSHOP_PUBLIC_URL naming a proxy in front); else None."""
    host = current_app.config.get("SERVE_HOST")
    if not host or current_app.config.get("PUBLIC_URL"):
        return None
    try:
        return host if ipaddress.ip_address(host).is_loopback else None
    except ValueError:
        return host if host == "localhost" else None


def _board_allowed(session, workshop: Workshop) -> bool:
    """The board key opens the board until it is replaced or the workshop archived; its
    facilitators, signed in, always can."""
    if workshops.board_key_opens(workshop, request.args.get("key")):
        return True
    return current_user.is_authenticated and workshops.is_facilitator(session, workshop.id, current_user.id)


@bp.route("/w/<int:workshop_id>/board")
def board(workshop_id: int):
    with db.session() as s:
        workshop = s.get(Workshop, workshop_id)
        if workshop is None or not _board_allowed(s, workshop):
            abort(404)
    boot = {"workshop": workshop.id, "role": "board", "key": workshop.board_key,
            "join_url": push.join_url(workshop.join_code),
            "qr_url": url_for("facilitator.qr", workshop_id=workshop.id, key=workshop.board_key),
            "csrf": generate_csrf(), "participant": None}
    return render_template("board.html", workshop=workshop, boot=boot)


@bp.route("/w/<int:workshop_id>/qr.svg")
def qr(workshop_id: int):
    """The join URL as a QR code; blank while the workshop is not open."""
    with db.session() as s:
        workshop = s.get(Workshop, workshop_id)
        if workshop is None or not _board_allowed(s, workshop):
            abort(404)
    url = push.join_url(workshop.join_code) or request.host_url
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="svg", scale=10, border=2, dark="#000", light="#fff",
                                    xmldecl=False, svgns=True, title="Scan to join")
    return Response(out.getvalue(), mimetype="image/svg+xml", headers={"Cache-Control": "no-store"})


@bp.route("/w/<int:workshop_id>/activities/<int:activity_id>/view")
@login_required
def activity_json(workshop_id: int, activity_id: int):
    with db.session() as s:
        _facilitated(s, workshop_id)
        activity = s.get(Activity, activity_id)
        if activity is None or activity.workshop_id != workshop_id:
            abort(404)
        return jsonify(activity_view(activity, "facilitator"))
