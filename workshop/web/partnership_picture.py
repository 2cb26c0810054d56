"""The 90-day picture of a partnership, and its downloads: the picture as a PDF, the asks and
offers as CSV and XLSX. For the partnership's lead and member ICs only; anyone else gets the 404
that an unknown partnership gets (partnerships.get_visible), so ids can't be probed."""
from __future__ import annotations

import io

from flask import Blueprint, abort, current_app, render_template, send_file, url_for
from flask_login import current_user, login_required
from markupsafe import Markup

from .. import partnership_exports as exports
from .. import partnerships, picture90
from ..db import db
from ..record.drawing import to_svg
from .record import MIMETYPES

bp = Blueprint("partnership_picture", __name__)
PAGE_CHART_WIDTH = 220  # mm of the drawing; the page scales it to its width, so its text reads at a glance


def _visible(session, partnership_id: int):
    try:
        return partnerships.get_visible(session, partnership_id, current_user.id)
    except partnerships.NotFound:
        abort(404)


def _partnership_page(partnership_id: int) -> str | None:
    """The partnership's own page lives on another blueprint; link to it only once it is there."""
    if "partnership_asks.page" not in current_app.view_functions:
        return None
    return url_for("partnership_asks.page", partnership_id=partnership_id)


@bp.route("/partnerships/<int:partnership_id>/picture")
@login_required
def picture(partnership_id: int):
    with db.session() as s:
        partnership = _visible(s, partnership_id)
        pic = picture90.picture(s, partnership_id)
    words = picture90.chart_text(pic)
    svg = Markup(to_svg(picture90.chart(pic, PAGE_CHART_WIDTH), "Actions by progress (RAG), per school. " + "; ".join(words)))
    return render_template("partnership_picture.html", partnership=partnership, pic=pic, chart=svg,
                           chart_words=words, counts_text=picture90.counts_text, rag_order=picture90.RAG_ORDER,
                           rag_words=picture90.RAG_WORDS, back=_partnership_page(partnership_id))


def _send(data: bytes, fmt: str, name: str):
    response = send_file(io.BytesIO(data), mimetype=MIMETYPES[fmt], as_attachment=True, download_name=name)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/partnerships/<int:partnership_id>/asks.<fmt>")
@login_required
def asks_download(partnership_id: int, fmt: str):
    if fmt not in ("csv", "xlsx"):
        abort(404)
    with db.session() as s:
        partnership = _visible(s, partnership_id)
        asks = partnerships.asks(s, partnership_id)
    data = exports.to_csv(asks) if fmt == "csv" else exports.to_xlsx(asks)
    return _send(data, fmt, exports.filename(partnership.name, "asks-and-offers", fmt))


@bp.route("/partnerships/<int:partnership_id>/picture.pdf")
@login_required
def picture_pdf(partnership_id: int):
    with db.session() as s:
        partnership = _visible(s, partnership_id)
        pic = picture90.picture(s, partnership_id)
    return _send(exports.picture_pdf(pic), "pdf", exports.filename(partnership.name, "90-day-picture", "pdf"))
