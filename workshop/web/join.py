"""Joining from a phone: the code (typed or from the QR code), an optional name, then the phone page."""
from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_wtf.csrf import generate_csrf

from .. import join_codes, participants, workshops
from ..db import db
from ..engine import service
from ..engine.control import joins_open
from ..engine.service import JOINS_STOPPED
from ..extensions import limiter
from ..security import client_address
from ..tools.base import ToolError
from ..models import Workshop

bp = Blueprint("join", __name__)
COOKIE_DAYS = 30
WRONG_CODE = "That code doesn't match an open workshop. Check the code on the screen."

# Wrong codes count against the client address, shared by the form and /j/<code>: after
# JOIN_CODE_LIMIT (10 a minute) every code, right or wrong, gets a 429 until the window moves on.
# See security.py and docs/security.md for why guessing stays hopeless.
wrong_codes_limited = limiter.shared_limit(lambda: current_app.config["JOIN_CODE_LIMIT"], scope="join-code",
                                           deduct_when=lambda response: response.status_code == 404)

# People joining one workshop from one address (security.JOIN_LIMIT): counted per address and
# code, only for a join form that got someone in (the redirect to the phone page).
JOINS_FROM_ONE_ADDRESS = ("So many people have joined this workshop from your network in the last few "
                          "minutes that it has stopped taking more from it. Wait a few minutes and try "
                          "again, or ask the facilitator.")


def _address_and_code() -> str:
    return f"{client_address()}|{join_codes.normalise_code((request.view_args or {}).get('code', ''))}"


joins_per_address_limited = limiter.limit(lambda: current_app.config["JOIN_LIMIT"], key_func=_address_and_code,
                                          methods=["POST"], scope="join-person",
                                          error_message=JOINS_FROM_ONE_ADDRESS,
                                          deduct_when=lambda response: response.status_code == 302)


@bp.app_context_processor
def _table_people() -> dict:
    """How many people a table may have (the join form's number field; the phone's correction
    takes the server's word: its ack refuses another number with the range)."""
    return {"table_people": (participants.MIN_TABLE_PEOPLE, participants.MAX_TABLE_PEOPLE)}


@bp.route("/", methods=["GET"])
def home():
    return render_template("join.html", code="", error=None)


@bp.route("/join", methods=["GET", "POST"])
@wrong_codes_limited
def join_form():
    code = join_codes.normalise_code(request.values.get("code", ""))
    if request.method == "GET" and not code:
        return render_template("join.html", code="", error=None)
    with db.session() as s:
        workshop = workshops.by_join_code(s, code)
    if workshop is None:
        return render_template("join.html", code=join_codes.format_code(code), error=WRONG_CODE), 404
    return redirect(url_for("join.by_code", code=code))


def _current_participant(session, workshop: Workshop):
    token = request.cookies.get(participants.cookie_name(workshop.id))
    person = participants.by_token(session, workshop.id, token)
    return person if person is not None and not person.removed else None


@bp.route("/j/<code>", methods=["GET", "POST"])
@wrong_codes_limited
@joins_per_address_limited
def by_code(code: str):
    code = join_codes.normalise_code(code)
    with db.session() as s:
        workshop = workshops.by_join_code(s, code)
        if workshop is None:
            return render_template("join.html", code=join_codes.format_code(code),
                                   error="That code doesn't match an open workshop. "
                                   "It may have closed; check the code on the screen."), 404
        if _current_participant(s, workshop) is not None:  # already joined on this phone: same person
            return redirect(url_for("join.phone", workshop_id=workshop.id))
        if request.method == "GET" and not joins_open(workshop.control):
            return _not_taking_people(workshop, code)  # a form sent again still joins (service.join)
    if request.method == "GET":
        return render_template("join_name.html", workshop=workshop, code=code, error=None,
                               join_key=participants.new_join_key())
    # The form's one-time key makes a resent form (the response was lost, the phone retried) the
    # same person, with the same cookie. A form without one (a page from before keys) still joins.
    join_key = request.form.get("join_key")
    token = participants.token_for_key(current_app.config["SECRET_KEY"], workshop.id, join_key)
    if token is None:
        join_key = participants.new_join_key()
        token = participants.token_for_key(current_app.config["SECRET_KEY"], workshop.id, join_key)
    as_table = request.form.get("kind") == "table"
    try:
        if as_table:  # one phone for the people at a table: its name and how many they are
            name, heads = participants.clean_table(request.form.get("table_name"), request.form.get("head_count"))
            _, token = service.join(workshop.id, name, token, table=heads)
        else:
            # a role without a name is dropped (participants.clean_role), as the form's hint says
            _, token = service.join(workshop.id, request.form.get("name"), token, role=request.form.get("role"))
    except ValueError as exc:
        return render_template("join_name.html", workshop=workshop, code=code, error=str(exc),
                               join_key=join_key, form=request.form), 400
    except ToolError as exc:
        if exc.code == "joins_stopped":  # stopped between the page and the form
            return _not_taking_people(workshop, code)
        return render_template("join.html", code=join_codes.format_code(code), error=exc.message), 409
    response = redirect(url_for("join.phone", workshop_id=workshop.id))
    response.set_cookie(participants.cookie_name(workshop.id), token, max_age=COOKIE_DAYS * 86400, httponly=True,
                        samesite="Lax", secure=current_app.config["SESSION_COOKIE_SECURE"])
    return response


def _not_taking_people(workshop: Workshop, code: str):
    return render_template("join_name.html", workshop=workshop, code=code, error=None, join_key=None,
                           not_taking=JOINS_STOPPED), 403


@bp.route("/w/<int:workshop_id>/phone")
def phone(workshop_id: int):
    with db.session() as s:
        workshop = s.get(Workshop, workshop_id)
        person = _current_participant(s, workshop) if workshop else None
    if person is None:
        flash("Join with the code on the screen.", "info")
        return redirect(url_for("join.home"))
    boot = {"workshop": workshop.id, "role": "participant", "key": None, "join_url": None, "qr_url": None,
            "csrf": generate_csrf(), "participant": {"id": person.id, "name": person.name, "kind": person.kind,
                                                     "head_count": person.head_count}}
    return render_template("phone.html", workshop=workshop, boot=boot)
