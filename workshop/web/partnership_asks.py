"""The partnership page (its schools, their workshops, and their asks with the offers made against
them), offers recorded and agreed by its lead or ICs, and a partner head's secret link (no account)
to offer support from their school. Only the partnership's lead and member ICs see the page: anyone
else gets the same 404 as for a partnership that doesn't exist (partnerships.get_visible)."""
from __future__ import annotations

from datetime import date, timedelta
from urllib.parse import urlencode

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from werkzeug.routing import BuildError

from .. import offers as offering
from .. import partnerships, shown_once
from ..db import db
from ..models import PartnerSchool
from ..record import build
from ..tools.framing import HOW
from .plan_links import _plan_headers

bp = Blueprint("partnership_asks", __name__)

# The ways of working within the partnership (level b of the menu), and "other": an ask none of them fits.
WAYS = {**{k: label for k, (level, label) in HOW.items() if level == partnerships.PARTNERSHIP_LEVEL},
        "other": "Another way"}
STAGES = {"planned": "Planned", "run": "Run", "checkin": "At check-in"}
CHECKIN_SOON = timedelta(days=14)


def stage(workshop_date: date | None, record, today: date) -> str:
    """Where a workshop is: "planned" (no actions agreed yet, and no date yet or a date to come),
    "checkin" (progress has been recorded, or the 90-day check-in is at most two weeks away or past),
    else "run". Agreed actions mean it was held, whatever date it carries."""
    if not record.actions and (workshop_date is None or workshop_date > today):
        return "planned"
    if record.has_progress or (record.checkin is not None and record.checkin - today <= CHECKIN_SOON):
        return "checkin"
    return "run"


def ways_of(ask) -> set[str]:
    """The filter's ways an ask matches: its ways within the partnership, and "other" when it names
    another way or none of them."""
    found = {k for k in ask.action.how if k in WAYS}
    if ask.action.how_other or not found:
        found.add("other")
    return found


def _filters(args, schools) -> dict:
    """The filters from the query string; a value that isn't one of the choices counts as "all"."""
    school = args.get("school", "")
    return {"school": school if school in {str(s["id"]) for s in schools if s["id"]} else "",
            "way": args.get("way", "") if args.get("way", "") in WAYS else "",
            "status": args.get("status", "") if args.get("status", "") in partnerships.STATUSES else ""}


def _shown(asks, filters) -> list:
    return [a for a in asks
            if (not filters["school"] or str(a.school_id) == filters["school"])
            and (not filters["way"] or filters["way"] in ways_of(a))
            and (not filters["status"] or a.status == filters["status"])]


def picture_url(partnership_id: int) -> str:
    """The 90-day picture's page (its own blueprint; the plain path if that isn't registered)."""
    try:
        return url_for("partnership_picture.picture", partnership_id=partnership_id)
    except BuildError:
        return f"/partnerships/{partnership_id}/picture"


def settings_url(partnership_id: int) -> str:
    try:
        return url_for("partnership.settings", partnership_id=partnership_id)
    except BuildError:
        return f"/partnerships/{partnership_id}/settings"


def anchor(ask_key: str) -> str:
    return "ask-" + ask_key.replace(":", "-")


def _visible(session, partnership_id: int):
    try:
        return partnerships.get_visible(session, partnership_id, current_user.id)
    except partnerships.NotFound:
        abort(404)


def _render_page(partnership_id: int, errors: dict | None = None, values: dict | None = None, status: int = 200):
    """The page, with a refused offer's error and what was typed kept in that ask's form."""
    today = date.today()
    with db.session() as s:
        partnership = _visible(s, partnership_id)
        role = partnerships.member_role(s, partnership_id, current_user.id)
        schools = [{"id": sc.id, "name": sc.name, "link_made": sc.head_link_created_at if sc.head_token_hash else None}
                   for sc in partnership.schools]
        by_school: dict = {}
        records = {}  # each workshop's record, built once for its stage and its asks
        for workshop in partnerships.workshops_of(s, partnership_id):
            record = records[workshop.id] = build(s, workshop.id)
            by_school.setdefault(workshop.partner_school_id or workshop.school, []).append(
                {"date": record.date_label, "stage": stage(workshop.date, record, today), "school": workshop.school})
        asks = partnerships.asks(s, partnership_id, records)
        offering_to = {a.key: [{"id": sc.id, "name": sc.name} for sc in offering.offering_schools(partnership, a)]
                       for a in asks}
        name = partnership.name
    for row in schools:
        row["workshops"] = by_school.pop(row["id"], [])
        # The address of a link just made, shown this once (only its hash is stored).
        row["link_url"] = shown_once.take(current_user.id, f"head_link_{row['id']}") if role == "lead" else None
    # Workshops of the partnership whose school was not picked from its list: shown by their own name.
    schools += [{"id": None, "name": ws[0]["school"], "workshops": ws, "link_made": None, "link_url": None}
                for ws in by_school.values()]
    filters = _filters(request.args, schools)
    chosen = {k: v for k, v in filters.items() if v}
    page = render_template(
        "partnership.html", partnership_id=partnership_id, name=name, role=role, schools=schools, asks=asks,
        shown=_shown(asks, filters), filters=filters, ways=WAYS, statuses=partnerships.STATUSES, stages=STAGES,
        offering_to=offering_to, errors=errors or {}, values=values or {}, anchor=anchor,
        query="?" + urlencode(chosen) if chosen else "",
        lost=[e for k, e in (errors or {}).items() if k not in {a.key for a in asks}],
        picture_url=picture_url(partnership_id), settings_url=settings_url(partnership_id), limits=_limits())
    return page, status


def _limits() -> dict:
    return {"who": offering.WHO_LIMIT, "what": offering.WHAT_LIMIT, "when": offering.WHEN_LIMIT,
            "by": offering.BY_LIMIT}


def _back(partnership_id: int, ask_key: str = "") -> Response:
    """Back to the page, with the filters the form was sent from, at the ask."""
    filters = {k: v for k, v in request.args.items() if k in ("school", "way", "status") and v}
    at = f"#{anchor(ask_key)}" if ask_key else ""
    return redirect(url_for(".page", partnership_id=partnership_id, **filters) + at)


@bp.route("/partnerships/<int:partnership_id>")
@login_required
def page(partnership_id: int):
    return _render_page(partnership_id)


@bp.post("/partnerships/<int:partnership_id>/offers")
@login_required
def offer(partnership_id: int):
    ask_key = request.form.get("ask", "")
    with db.session(write=True) as s:
        partnership = _visible(s, partnership_id)
        via = partnerships.member_role(s, partnership_id, current_user.id)
        try:
            offering.add_offer(s, partnership, ask_key, request.form, via=via, by=current_user.name)
        except offering.OfferError as exc:
            error = str(exc)
        else:
            error = None
    if error:
        return _render_page(partnership_id, errors={ask_key: error}, values={ask_key: request.form}, status=400)
    flash("The offer was recorded.", "info")
    return _back(partnership_id, ask_key)


@bp.post("/partnerships/<int:partnership_id>/offers/<int:offer_id>/agree")
@login_required
def agree(partnership_id: int, offer_id: int):
    agreed = request.form.get("agreed") == "1"
    with db.session(write=True) as s:
        partnership = _visible(s, partnership_id)
        try:
            found = offering.set_agreed(s, partnership, offer_id, agreed)
        except offering.OfferError:
            abort(404)
        ask_key = f"{found.workshop_id}:{found.action_key}"
    flash("The offer is agreed." if agreed else "The offer is no longer marked as agreed.", "info")
    return _back(partnership_id, ask_key)


# --- a partner head's link: made, replaced and withdrawn by the partnership's lead ---------------

def _lead_school(session, partnership_id: int, school_id: int) -> PartnerSchool:
    _visible(session, partnership_id)
    if partnerships.member_role(session, partnership_id, current_user.id) != "lead":
        abort(403)  # a member IC sees the page, but the heads' links are the lead's to give
    school = session.get(PartnerSchool, school_id)
    if school is None or school.partnership_id != partnership_id:
        abort(404)
    return school


@bp.post("/partnerships/<int:partnership_id>/schools/<int:school_id>/head-link")
@login_required
def make_head_link(partnership_id: int, school_id: int):
    with db.session(write=True) as s:
        school = _lead_school(s, partnership_id, school_id)
        token = offering.new_head_link(school)
        shown_once.keep(s, current_user.id, f"head_link_{school_id}", url_for(".head", token=token, _external=True))
        name = school.name
    flash(f"A new link for the head of {name} was made. Their earlier link, if there was one, no longer works.", "info")
    return redirect(url_for(".page", partnership_id=partnership_id) + f"#school-{school_id}")


@bp.post("/partnerships/<int:partnership_id>/schools/<int:school_id>/head-link/revoke")
@login_required
def revoke_head_link(partnership_id: int, school_id: int):
    with db.session(write=True) as s:
        school = _lead_school(s, partnership_id, school_id)
        offering.revoke_head_link(school)
        name = school.name
    flash(f"The link for the head of {name} was withdrawn: it no longer opens anything.", "info")
    return redirect(url_for(".page", partnership_id=partnership_id) + f"#school-{school_id}")


# --- the page a head's link opens: no account -----------------------------------------------------

def _no_link() -> Response:
    return _plan_headers(Response(render_template("partner_head_missing.html"), status=404))


def _head_page(token: str, errors: dict | None = None, values: dict | None = None, status: int = 200) -> Response:
    with db.session() as s:
        school = offering.school_by_token(s, token)
        if school is None:
            return _no_link()
        asks = offering.asks_for_head(s, school)
        page = render_template("partner_head.html", school=school, partnership=school.partnership, asks=asks,
                               token=token, errors=errors or {}, values=values or {}, anchor=anchor,
                               lost=[e for k, e in (errors or {}).items() if k not in {a.key for a in asks}],
                               limits=_limits())
    return _plan_headers(Response(page, status=status))


@bp.route("/ph/<token>")
def head(token: str):
    return _head_page(token)


@bp.post("/ph/<token>/offer")
def head_offer(token: str):
    ask_key = request.form.get("ask", "")
    with db.session(write=True) as s:
        school = offering.school_by_token(s, token)
        if school is None:
            return _no_link()
        try:
            if ask_key not in {a.key for a in offering.asks_for_head(s, school)}:
                raise offering.OfferError("That ask is not one your school can offer to (it may have been removed). "
                                          "Reload the page.")
            offering.add_offer(s, school.partnership, ask_key, request.form, via="head",
                               by=request.form.get("by") or "", school_id=school.id)
        except offering.OfferError as exc:
            error = str(exc)
        else:
            error = None
    if error:
        return _head_page(token, errors={ask_key: error}, values={ask_key: request.form}, status=400)
    flash("Thank you: your offer was saved. The partnership's lead will be in touch to agree it.", "info")
    return _plan_headers(redirect(url_for(".head", token=token) + f"#{anchor(ask_key)}"))
