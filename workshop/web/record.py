"""The summary record: the facilitator's page and downloads, the secret plan links (read-only, and
one that can record progress) and the 90-day check-in. Edits of the record go through the engine
(`record.update`)."""
from __future__ import annotations

import io
import re
from datetime import date

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user, login_required

from .. import review as reviews
from ..db import db
from ..record import RAGS, STATUSES, SUPPORT_LEVELS, build, sections, tracking
from ..record.build import nice_date
from ..record.edits import LISTS, MAX_ACTIONS, STAFF_MEETING_NOTE_LIMIT
from ..record.sections import filename
from ..tools.framing import TEXTS as FRAMING_TEXTS, how_groups
from .facilitator import _facilitated, submit

bp = Blueprint("record", __name__)
PLAN_FORMATS = ("pdf", "docx", "csv", "xlsx")
MIMETYPES = {"pdf": "application/pdf", "csv": "text/csv; charset=utf-8", "json": "application/json",
             "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
             "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
MAX_FORM_ROWS = MAX_ACTIONS + 10
FOLLOW_UP_FIELDS = ("checkin_format", "staff_meeting_date", "staff_meeting_note")  # the form's names

def render_file(record, fmt: str, checkin: bool = False) -> bytes:
    """The record (or the check-in) in one of the download formats."""
    if fmt == "pdf":
        from ..record import pdf
        return pdf.render(record, checkin)
    if fmt == "docx":
        from ..record import word
        return word.render(record, checkin)
    from ..record import sheets
    return sheets.to_csv(record, checkin) if fmt == "csv" else sheets.to_xlsx(record, checkin)


def _download(record, fmt: str, checkin: bool = False) -> Response:
    response = send_file(io.BytesIO(render_file(record, fmt, checkin)), mimetype=MIMETYPES[fmt], as_attachment=True,
                         download_name=filename(record, fmt, checkin))
    response.headers["Cache-Control"] = "no-store"
    return response


def _common() -> dict:
    return {"support_levels": SUPPORT_LEVELS, "statuses": STATUSES, "rags": RAGS, "lists": LISTS,
            "how_groups": how_groups(), "framing": FRAMING_TEXTS, "sections": sections}


# --- the facilitator's record page ------------------------------------------------------

def _form_from_record(record) -> dict:
    values = {key: "\n".join(getattr(record, key)) for key in LISTS}
    values.update(checkin=record.checkin.isoformat() if record.checkin else "", attendees=str(record.attendees),
                  actions=[a.fields() for a in record.actions], checkin_format=record.checkin_format,
                  staff_meeting_date=record.staff_meeting.get("date", ""),
                  staff_meeting_note=record.staff_meeting.get("note", ""))
    return values


def follow_up(record) -> dict:
    """What the record page says beside the follow-up fields: where the default check-in date comes
    from (the handbook: about 90 days after the review's last day) and who leads the check-in."""
    last = reviews.last_day(record.review)
    due = reviews.checkin_due(record.review, record.date)
    if last:
        hint = f"About 90 days after the review's last day ({nice_date(last)}): {nice_date(due)}."
    elif due:
        hint = f"90 days after the workshop: {nice_date(due)}. Add the review's dates on the details page to count from the review."
    else:
        hint = "90 days after the workshop, once its date is set on the details page."
    return {"checkin_hint": hint, "formats": reviews.CHECKIN_FORMATS, "note_limit": STAFF_MEETING_NOTE_LIMIT}


def checkin_facts(record) -> list[tuple[str, str]]:
    """The 90-day check-in at a glance, the same on the ICs' and the lead reviewer's check-in pages."""
    lead = record.lead_reviewer
    facts = [("Date", record.checkin_label), ("Format", record.checkin_format_label or "To be agreed"),
             ("Led by", f"{lead}, the lead reviewer" if lead else "To be agreed")]
    meeting = record.staff_meeting
    if meeting.get("date") or meeting.get("note"):
        try:
            day = nice_date(date.fromisoformat(meeting.get("date") or ""))
        except ValueError:
            day = ""
        facts.append(("Staff meeting on progress", " · ".join(x for x in (day, meeting.get("note")) if x)))
    return facts


def _form_actions(form) -> list[dict]:
    rows = []
    for n in range(min(int(form.get("action_count") or 0) if (form.get("action_count") or "").isdigit() else 0,
                       MAX_FORM_ROWS)):
        row = {key: (form.get(f"action-{n}-{key}") or "").strip()
               for key in ("id", "text", "when", "who", "support", "comments", "how_other", "success", "terms")}
        row["how"] = form.getlist(f"action-{n}-how")  # one checkbox per way ticked; the engine checks them
        if form.get(f"action-{n}-delete") or not any(row[k] for k in ("text", "when", "who", "comments", "how",
                                                                       "how_other", "success", "terms")):
            continue
        if not row["id"]:
            del row["id"]
        rows.append(row)
    return rows


def _payload(form, record) -> dict:
    """The form as a record.update payload; a part equal to what the activities give drops its edit."""
    pre = record.prefilled
    payload = {}
    for key in LISTS:
        value = [line.strip().lstrip("•·*-– ").strip() for line in (form.get(key) or "").splitlines()]
        value = [v for v in value if v]
        payload[key] = None if value == pre[key] else value
    actions = _form_actions(form)
    payload["actions"] = None if actions == [{k: v for k, v in a.items()} for a in pre["actions"]] else actions
    checkin = (form.get("checkin") or "").strip()
    payload["checkin"] = None if checkin == (pre["checkin"] or "") else checkin
    attendees = (form.get("attendees") or "").strip()
    attendees = int(attendees) if re.fullmatch(r"\d{1,6}", attendees) else attendees
    payload["attendees"] = None if attendees == pre["attendees"] else attendees
    payload["checkin_format"] = (form.get("checkin_format") or "").strip() or None
    meeting = {"date": (form.get("staff_meeting_date") or "").strip(), "note": (form.get("staff_meeting_note") or "").strip()}
    payload["staff_meeting"] = meeting if meeting["date"] or meeting["note"] else None
    return payload


def _record_page(workshop, record, values, error=None, status=200):
    return render_template("record.html", workshop=workshop, record=record, values=values, error=error,
                           links=plan_links.links(workshop, record), follow_up=follow_up(record), **_common()), status


@bp.route("/w/<int:workshop_id>/record", methods=["GET", "POST"])
@login_required
def page(workshop_id: int):
    with db.session() as s:
        workshop = _facilitated(s, workshop_id)
        record = build(s, workshop_id)
    if request.method == "GET":
        return _record_page(workshop, record, _form_from_record(record))
    payload = _payload(request.form, record)
    changes = {k: v for k, v in payload.items() if v is not None or k in record.edited}
    if changes:
        ack = submit(workshop_id, "record.update", changes)
        if not ack["ok"]:
            values = {key: request.form.get(key, "") for key in (*LISTS, "checkin", "attendees", *FOLLOW_UP_FIELDS)}
            values["actions"] = _form_actions(request.form)
            return _record_page(workshop, record, values, error=ack["message"], status=400)
    flash("Summary record saved." if changes else "Nothing changed.", "info")
    return redirect(url_for("record.page", workshop_id=workshop_id))


@bp.route("/w/<int:workshop_id>/record.<fmt>")
@login_required
def download(workshop_id: int, fmt: str):
    with db.session() as s:
        _facilitated(s, workshop_id)  # 404 unless this user facilitates it
        if fmt == "json":
            from ..record import backup
            doc = backup.export(s, workshop_id)
            record = build(s, workshop_id)
        elif fmt in PLAN_FORMATS or fmt == "html":
            record = build(s, workshop_id)
        else:
            abort(404)
    if fmt == "html":
        return render_template("record_print.html", record=record, checkin=False, **_common())
    if fmt == "json":
        return send_file(io.BytesIO(backup.dumps(doc)), mimetype=MIMETYPES["json"], as_attachment=True,
                         download_name=filename(record, "json").replace("workshop-summary", "workshop-backup"))
    return _download(record, fmt)


# --- the 90-day check-in (ICs) ----------------------------------------------------------

@bp.route("/w/<int:workshop_id>/checkin")
@login_required
def checkin(workshop_id: int):
    with db.session() as s:
        workshop = _facilitated(s, workshop_id)
        record = build(s, workshop_id)
    return render_template("record_checkin.html", workshop=workshop, record=record, facts=checkin_facts(record),
                           **_common())


@bp.post("/w/<int:workshop_id>/checkin/<action_key>")
@login_required
def checkin_update(workshop_id: int, action_key: str):
    with db.session(write=True) as s:
        _facilitated(s, workshop_id)
        try:
            tracking.add_update(s, build(s, workshop_id), action_key, request.form, via="ic", by=current_user.name)
        except tracking.ProgressError as exc:
            flash(str(exc), "error")
        else:
            flash("Progress saved.", "info")
    return redirect(url_for("record.checkin", workshop_id=workshop_id) + f"#action-{action_key}")


@bp.route("/w/<int:workshop_id>/checkin.<fmt>")
@login_required
def checkin_download(workshop_id: int, fmt: str):
    if fmt not in PLAN_FORMATS:
        abort(404)
    with db.session() as s:
        _facilitated(s, workshop_id)
        record = build(s, workshop_id)
    return _download(record, fmt, checkin=True)


from . import plan_links  # noqa: E402,F401  (its routes are on this blueprint)
