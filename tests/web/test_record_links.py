"""The two plan links, each made, withdrawn and replaced on its own: a read-only one (the head,
governors, the partnership: plan, downloads, progress, no forms, posts refused) and an update one
(can record progress). Only hashes of their tokens are stored, and the backup exports neither."""
from __future__ import annotations

import hashlib
import html
import json
import re
from urllib.parse import parse_qs, urlsplit

from record_fixtures import seed
from sqlalchemy import select

from workshop.db import db
from workshop.models import ActionUpdate, Workshop
from workshop.record import build
from workshop.record.backup import dumps, export


def make(ic, wid, kind: str) -> tuple[str, str]:
    """Make a link of this kind on the record page: (its path, the record page just after)."""
    assert ic.http.post(f"/w/{wid}/record/link/{kind}").status_code == 302
    page = ic.http.get(f"/w/{wid}/record").data.decode()
    url = re.search(rf'data-testid="link-url-{kind}">([^<]+)<', page)[1]
    return "/plan/" + url.split("/plan/")[1], page


def hashes(wid: int) -> tuple[str | None, str | None]:
    with db.session() as s:
        ws = s.get(Workshop, wid)
        return ws.plan_token_hash, ws.plan_update_token_hash


def sha(path: str) -> str:
    return hashlib.sha256(path.rsplit("/", 1)[1].encode()).hexdigest()


def first_action(wid: int) -> str:
    with db.session() as s:
        return build(s, wid).actions[0].id


def updates(wid: int) -> list[tuple]:
    with db.session() as s:
        return [(u.status, u.via, u.by) for u in s.scalars(select(ActionUpdate).where(ActionUpdate.workshop_id == wid))]


def test_the_read_only_link_shows_the_plan_and_progress_but_refuses_to_record(app, ic):
    wid = seed(app, ic)
    key = first_action(wid)
    view, _ = make(ic, wid, "view")
    head = app.test_client()
    page = head.get(view)
    text = page.data.decode()
    assert page.status_code == 200 and "Siân to coach colleagues" in text
    assert "A read-only link" in " ".join(text.split())
    assert 'data-testid="progress-card"' in text and 'data-testid="progress-form"' not in text  # no forms
    assert "Update progress" not in text
    refused = head.post(f"{view}/progress/{key}", data={"status": "done", "note": "Sneaky"})
    assert refused.status_code == 403
    said = " ".join(refused.data.decode().split())
    assert "This link can't record progress" in said and "ask the Improvement Champions" in said
    assert "Nothing was saved" in said and refused.headers["Referrer-Policy"] == "no-referrer"
    assert updates(wid) == []
    assert head.get(f"{view}/download.pdf").data.startswith(b"%PDF")  # downloads still work
    assert head.get(f"{view}/checkin.pdf").data.startswith(b"%PDF")


def test_the_update_link_records_progress_and_says_what_it_is(app, ic):
    wid = seed(app, ic)
    key = first_action(wid)
    update, _ = make(ic, wid, "update")
    head = app.test_client()
    text = " ".join(head.get(update).data.decode().split())
    assert "With this link you can record progress" in text and 'data-testid="progress-form"' in text
    saved = head.post(f"{update}/progress/{key}", data={"status": "in_progress", "rag": "green", "by": "Gwenllïan"})
    assert saved.status_code == 302 and saved.headers["Location"].endswith(f"{update}#action-{key}")
    assert updates(wid) == [("in_progress", "link", "Gwenllïan")]
    assert "Thank you: the progress was saved." in head.get(update).data.decode()


def test_each_kind_is_made_replaced_and_withdrawn_on_its_own(app, ic):
    wid = seed(app, ic)
    key = first_action(wid)
    head = app.test_client()
    view, page = make(ic, wid, "view")
    assert "No update link yet." in page and "A read-only link is working" not in page  # shown once, above
    update, page = make(ic, wid, "update")
    assert head.get(view).status_code == 200  # making the update link left the read-only one alone
    assert re.search(r"A read-only link is working \(made", page)
    assert "Making a new read-only link withdraws" in " ".join(page.split())  # said before

    newer_view, page = make(ic, wid, "view")
    assert "This new link replaces the earlier read-only link: that one no longer works." in " ".join(page.split())
    assert head.get(view).status_code == 404 and head.get(newer_view).status_code == 200
    assert head.post(f"{update}/progress/{key}", data={"status": "done"}).status_code == 302  # untouched

    newer_update, _ = make(ic, wid, "update")
    assert head.post(f"{update}/progress/{key}", data={"status": "dropped"}).status_code == 404
    assert head.get(newer_view).status_code == 200

    withdrawn = ic.http.post(f"/w/{wid}/record/link/update/revoke", follow_redirects=True).data.decode()
    assert "The update link was withdrawn: it no longer opens the plan." in withdrawn
    assert head.get(newer_update).status_code == 404 and head.get(newer_view).status_code == 200
    assert hashes(wid)[1] is None
    assert ic.http.post(f"/w/{wid}/record/link/view/revoke").status_code == 302
    assert head.get(newer_view).status_code == 404 and hashes(wid) == (None, None)
    assert updates(wid) == [("done", "link", "")]
    page = ic.http.get(f"/w/{wid}/record").data.decode()
    assert "No read-only link yet." in page and "No update link yet." in page


def test_links_are_the_facilitators_and_unknown_kinds_are_refused(app, ic):
    from support import Facilitator
    wid = seed(app, ic)
    other = Facilitator(app, "other@example.org", "Other")
    assert other.http.post(f"/w/{wid}/record/link/update").status_code == 404
    assert other.http.post(f"/w/{wid}/record/link/view/revoke").status_code == 404
    assert ic.http.post(f"/w/{wid}/record/link/admin").status_code == 404
    assert ic.http.post(f"/w/{wid}/record/link/admin/revoke").status_code == 404
    assert app.test_client().post(f"/w/{wid}/record/link/view").status_code == 302  # to sign in
    assert hashes(wid) == (None, None)


def test_tokens_are_stored_only_as_hashes_and_never_backed_up(app, ic):
    wid = seed(app, ic)
    view, _ = make(ic, wid, "view")
    update, _ = make(ic, wid, "update")
    assert hashes(wid) == (sha(view), sha(update))
    with db.session() as s:
        doc = dumps(export(s, wid)).decode()
        ws = s.get(Workshop, wid)
        columns = [str(getattr(ws, c.key)) for c in Workshop.__table__.columns]
    for token in (view.rsplit("/", 1)[1], update.rsplit("/", 1)[1]):
        assert not any(token in value for value in columns)
    for secret in (*hashes(wid), view.rsplit("/", 1)[1], update.rsplit("/", 1)[1]):
        assert secret not in doc
    assert not any("token" in key or "link" in key for key in json.loads(doc)["workshop"])


def test_the_record_page_offers_copy_and_an_email_naming_the_school_and_what_the_link_allows(app, ic):
    wid = seed(app, ic)
    view, page = make(ic, wid, "view")
    assert 'data-copy="link-view-url"' in page and 'src="/static/js/copy_link.js"' in page
    assert "onclick" not in page  # the CSP allows no inline handler
    mailto = html.unescape(re.search(r'href="(mailto:[^"]+)" data-testid="email-view"', page)[1])
    query = parse_qs(urlsplit(mailto).query)
    assert query["subject"] == ["Action plan for Ysgol Gwenllïan: read-only link"]
    body = query["body"][0]
    assert "Ysgol Gwenllïan" in body and "26 November 2026" in body and "not change anything" in body
    assert f"http://localhost{view}" in body and "\r\n" in body
    update, page = make(ic, wid, "update")
    mailto = html.unescape(re.search(r'href="(mailto:[^"]+)" data-testid="email-update"', page)[1])
    body = parse_qs(urlsplit(mailto).query)["body"][0]
    assert "record progress on each action" in body and update in body and view not in body
    assert 'data-testid="email-view"' not in page  # the read-only link's address is not shown again


def test_downloads_are_labelled_for_what_they_are_and_the_logo_goes_nowhere_on_plan_pages(app, ic):
    wid = seed(app, ic)
    view, record_page = make(ic, wid, "view")

    def labels(page: str) -> list[str]:
        return re.findall(r'<a class="btn[^"]*" href="[^"]+\.(?:pdf|docx|xlsx|csv|json)"[^>]*>([^<]+)</a>', page)

    assert labels(record_page) == ["Summary record (PDF)", "Summary record (Word)", "Actions (Excel)",
                                   "Actions (CSV)", "Backup, for ICs only (JSON)"]
    plan = app.test_client().get(view).data.decode()
    assert labels(plan) == ["Summary record (PDF)", "Summary record (Word)", "Actions (Excel)", "Actions (CSV)",
                            "Progress report (PDF)"]
    checkin = ic.http.get(f"/w/{wid}/checkin").data.decode()
    assert labels(checkin)[0] == "Progress report (PDF)" and "Progress report (Word)" in labels(checkin)
    assert 'class="topbar-brand" href="/"' in record_page  # the ICs' pages keep the link
    for page in (plan, app.test_client().get("/plan/not-a-real-token-at-all-123456").data.decode(),
                 app.test_client().post(f"{view}/progress/x", data={"status": "done"}).data.decode()):
        assert '<span class="topbar-brand">Workshop</span>' in page and 'class="topbar-brand" href' not in page


def test_migration_0004_keeps_an_existing_link_working_as_the_update_link(tmp_path):
    from alembic import command
    from alembic.config import Config
    from alembic.script import ScriptDirectory
    from sqlalchemy import inspect, text

    from workshop.db import MIGRATIONS, make_engine, upgrade
    from workshop.record import tracking

    engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    before = ScriptDirectory.from_config(cfg).get_revision("0004").down_revision
    token = "an-old-link-made-before-0004"
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, before)
        conn.execute(text("INSERT INTO users (id, email, name, password_hash, created_at) "
                          "VALUES (1, 'a@b.c', 'Siân', 'x', '2026-11-01')"))
        for wid, digest in ((1, hashlib.sha256(token.encode()).hexdigest()), (2, None)):
            conn.execute(text("INSERT INTO workshops (id, owner_id, school, ics, focus, key_messages, status, "
                              "archived, board_key, version, control, created_at, plan_token_hash, "
                              "plan_link_created_at) VALUES (:id, 1, 'Ysgol Gwenllïan', '', '', '', 'closed', 0, "
                              ":key, 3, '{}', '2026-11-01', :hash, :made)"),
                         {"id": wid, "key": f"k{wid}", "hash": digest,
                          "made": "2026-11-27 09:00:00" if digest else None})
    upgrade(engine)
    with engine.connect() as conn:
        indexes = {i["name"]: i["unique"] for i in inspect(conn).get_indexes("workshops")}
        assert bool(indexes["ix_workshops_plan_update_token_hash"]) is True
        rows = conn.execute(text("SELECT plan_token_hash, plan_link_created_at, plan_update_token_hash, "
                                 "plan_update_link_created_at FROM workshops ORDER BY id")).all()
    assert rows[0][:2] == (None, None) and rows[0][2] == hashlib.sha256(token.encode()).hexdigest()
    assert str(rows[0][3]).startswith("2026-11-27 09:00") and tuple(rows[1]) == (None,) * 4
    from sqlalchemy.orm import Session
    with Session(engine) as s:
        workshop, kind = tracking.by_token(s, token)
        assert (workshop.id, kind) == (1, "update")  # it could record progress before: it still can
    with engine.begin() as conn:  # down again: the update link goes back to the one old link
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, before)
    with engine.connect() as conn:
        assert "plan_update_token_hash" not in {c["name"] for c in inspect(conn).get_columns("workshops")}
        assert conn.execute(text("SELECT plan_token_hash FROM workshops WHERE id = 1")).scalar() == \
            hashlib.sha256(token.encode()).hexdigest()
