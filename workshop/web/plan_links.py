"""The secret links to a workshop's plan, for people with no account: a read-only one (the head,
governors, the partnership), one that can also record progress, and the lead reviewer's, which
opens the 90-day check-in page and records progress there. The ICs make, email and withdraw them
on the record page; the routes are on the record blueprint."""
from __future__ import annotations

from urllib.parse import quote, urlencode

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from .. import shown_once
from ..db import db
from ..record import build, tracking
from .facilitator import _facilitated
from .record import PLAN_FORMATS, _common, _download, bp, checkin_facts

# The three kinds of plan link (tracking.LINK_COLUMNS), as the record page and the emails name them.
LINKS = {
    "view": {"name": "read-only link", "for": "the head, governors and the partnership",
             "allows": "read and download the plan and see progress on each action, but not change anything"},
    "update": {"name": "update link", "for": "whoever records progress on the actions",
               "allows": "read and download the plan and record progress on each action"},
    "checkin": {"name": "lead reviewer's link", "for": "the lead reviewer, who leads the 90-day check-in",
                "allows": "open the check-in page, record progress on each action and download the plan"},
}


def _mailto(kind: str, url: str, record) -> str:
    """An email with the link, saying whose plan it is and what the link allows (RFC 6068)."""
    when = ""
    if kind == "checkin":  # the lead reviewer needs the check-in's date and format first
        how = f" ({record.checkin_format_label.lower()})" if record.checkin_format_label else ""
        when = f" The 90-day check-in: {record.checkin_label}{how}."
    body = (f"Here is a private link to the action plan agreed at the improvement workshop at {record.school}"
            f" on {record.date_label}.{when}\r\n\r\nWith this link you can {LINKS[kind]['allows']}. No account"
            f" is needed.\r\n\r\n{url}\r\n\r\nPlease keep it to those who need it: the Improvement Champions"
            " can withdraw it at any time.")
    subject = f"Action plan for {record.school}: {LINKS[kind]['name']}"
    return "mailto:?" + urlencode({"subject": subject, "body": body}, quote_via=quote)


def links(workshop, record) -> list[dict]:
    """Each kind of link for the record page: when the live one was made, and a new one's address
    (shown once, right after it was made: only its hash is stored, and the address waits on the
    server for that one showing, never in the readable session cookie)."""
    out = []
    for kind, text in LINKS.items():
        url = shown_once.take(current_user.id, f"plan_link_{workshop.id}_{kind}")
        if kind == "checkin" and record.lead_reviewer:
            text = {**text, "for": f"the lead reviewer, {record.lead_reviewer}, who leads the 90-day check-in"}
        out.append({**text, "kind": kind, "made": tracking.link_made(workshop, kind), "url": url,
                    "mailto": _mailto(kind, url, record) if url else None})
    return out


@bp.post("/w/<int:workshop_id>/record/link/<kind>")
@login_required
def create_link(workshop_id: int, kind: str):
    if kind not in LINKS:
        abort(404)
    with db.session(write=True) as s:
        token = tracking.new_link(_facilitated(s, workshop_id), kind)
        shown_once.keep(s, current_user.id, f"plan_link_{workshop_id}_{kind}",
                        url_for("record.plan", token=token, _external=True))
    name = LINKS[kind]["name"]
    flash(f"A new {name} was made. The earlier {name}, if there was one, no longer works.", "info")
    return redirect(url_for("record.page", workshop_id=workshop_id) + f"#link-{kind}")


@bp.post("/w/<int:workshop_id>/record/link/<kind>/revoke")
@login_required
def revoke_link(workshop_id: int, kind: str):
    if kind not in LINKS:
        abort(404)
    with db.session(write=True) as s:
        tracking.revoke_link(_facilitated(s, workshop_id), kind)
    flash(f"The {LINKS[kind]['name']} was withdrawn: it no longer opens the plan.", "info")
    return redirect(url_for("record.page", workshop_id=workshop_id) + f"#link-{kind}")


# --- the pages the links open: no account; read-only, or recording progress too --------

def _plan_headers(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"  # the token is in the address
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _plan_record(token: str):
    with db.session() as s:
        workshop, kind = tracking.by_token(s, token)
        if workshop is None:
            return None, None, None
        return workshop, kind, build(s, workshop.id)


def _no_plan() -> Response:
    response = Response(render_template("plan_missing.html"), status=404)
    return _plan_headers(response)


def _read_only(token: str) -> Response:
    """A read-only link can't record progress: say so, and how to get the link that can."""
    response = Response(render_template("plan_missing.html", read_only=True, token=token), status=403)
    return _plan_headers(response)


@bp.route("/plan/<token>")
def plan(token: str):
    workshop, kind, record = _plan_record(token)
    if workshop is None:
        return _no_plan()
    if kind == "checkin":
        page = render_template("plan_checkin.html", workshop=workshop, record=record, token=token,
                               facts=checkin_facts(record), **_common())
    else:
        page = render_template("plan.html", workshop=workshop, record=record, token=token,
                               can_update=kind in tracking.RECORDS_VIA, **_common())
    return _plan_headers(Response(page))


@bp.post("/plan/<token>/progress/<action_key>")
def plan_update(token: str, action_key: str):
    with db.session(write=True) as s:
        workshop, kind = tracking.by_token(s, token)
        if workshop is None:
            return _no_plan()
        if kind not in tracking.RECORDS_VIA:
            return _read_only(token)
        try:
            tracking.add_update(s, build(s, workshop.id), action_key, request.form, via=tracking.RECORDS_VIA[kind],
                                by=request.form.get("by") or "")
        except tracking.ProgressError as exc:
            flash(str(exc), "error")
        else:
            flash("Thank you: the progress was saved.", "info")
    return _plan_headers(redirect(url_for("record.plan", token=token) + f"#action-{action_key}"))


@bp.route("/plan/<token>/download.<fmt>")
@bp.route("/plan/<token>/checkin.<fmt>", endpoint="plan_checkin_download")
def plan_download(token: str, fmt: str):
    workshop, _kind, record = _plan_record(token)
    if workshop is None or fmt not in PLAN_FORMATS:
        return _no_plan()
    return _plan_headers(_download(record, fmt, checkin=request.path.rsplit("/", 1)[1].startswith("checkin")))
