"""The summary record: built from the workshop, edited through `record.update` (validated,
logged), shown to the facilitator, shared with the head by a revocable link, tracked after."""
from __future__ import annotations

import re

import pytest
from record_fixtures import ACTIONS, seed, version
from sqlalchemy import select

from workshop.db import db
from workshop.models import ActionUpdate, Event, Workshop
from workshop.record import SUPPORT_LEVELS, build
from workshop.tools import action_plan


def test_the_record_holds_the_details_attendees_edits_and_a_90_day_check_in(app, ic):
    wid = seed(app, ic)
    with db.session() as s:
        record = build(s, wid)
    assert (record.school, record.ics, record.attendees) == ("Ysgol Gwenllïan", "Siân Jones and Łukasz Nowak", 4)
    assert record.date.isoformat() == "2026-11-26" and record.checkin.isoformat() == "2027-02-24"
    assert record.focus == ["Progress of pupils with SEND in KS3"]  # prefilled from the details
    assert [a.support for a in record.actions] == ["a", "b", "c"]
    assert record.actions[2].when == "2027-01-31"  # a UK date is stored as a date
    assert record.actions[1].support_label == "b. Within the partnership"
    assert record.reporting == ["Staff briefing led by Gwenllïan"] and "focus" not in record.edited


def test_support_levels_come_from_the_action_plan_tool():
    assert SUPPORT_LEVELS is action_plan.SUPPORT_LEVELS or SUPPORT_LEVELS == action_plan.SUPPORT_LEVELS
    assert SUPPORT_LEVELS == {"a": "Within the reviewed school", "b": "Within the partnership",
                              "c": "Outside of the partnership"}


def test_key_outcomes_leave_out_a_priority_the_edited_action_table_already_holds(app, ic, monkeypatch):
    from workshop.tools import dotocracy
    wid = ic.create_workshop()
    monkeypatch.setattr(dotocracy, "outcomes", lambda state: [{"text": "Peer coaching in every department"}])
    monkeypatch.setattr(action_plan, "outcomes", lambda state: [])
    with db.session() as s:
        assert "A top priority: Peer coaching in every department." in build(s, wid).outcomes
    assert ic.step(wid, "record.update", {"actions": [{"text": "Peer coaching in every department",
                                                       "when": "by Easter", "support": "a"}]})["ok"]
    with db.session() as s:
        record = build(s, wid)
    assert [a.text for a in record.actions] == ["Peer coaching in every department"]
    assert not any("Peer coaching" in line for line in record.outcomes)  # said once, in the table


def test_prefill_takes_confirmed_actions_and_review_answers_from_the_tools(app, ic, monkeypatch):
    wid = ic.create_workshop()
    cards = [{"id": "c9", "text": "Peer coaching", "author_name": "Zoë", "group": SUPPORT_LEVELS["a"], "source": None,
              "when": "by Easter", "who": "Siân", "support": "a", "comments": ["Start in January", "Pairs"]}]
    monkeypatch.setattr(action_plan, "outcomes", lambda state: cards)
    with db.session() as s:
        record = build(s, wid)
    assert [a.fields() for a in record.actions] == [{"id": "c9", "text": "Peer coaching", "when": "by Easter",
                                                      "who": "Siân", "support": "a",
                                                      "comments": "Start in January; Pairs", "how": [],
                                                      "how_other": "", "success": "", "terms": ""}]


@pytest.mark.parametrize("payload, code, words", [
    ({"actions": [{**ACTIONS[0], "text": "  "}]}, "empty", "Action 1 can't be empty"),
    ({"actions": [{**ACTIONS[0], "support": "d"}]}, "bad_request", "support level"),
    ({"actions": [{**ACTIONS[0], "support": None}]}, "bad_request", "support level"),
    ({"actions": [{**ACTIONS[0], "when": "2027-02-30"}]}, "bad_request", "not a real date"),
    ({"actions": [{**ACTIONS[0], "when": "12/34"}]}, "bad_request", "write a date"),
    ({"actions": [{**ACTIONS[0], "when": "x" * 61}]}, "too_long", "at most 60"),
    ({"actions": [{**ACTIONS[0], "when": "???"}]}, "bad_request", "phrase"),
    ({"actions": [{**ACTIONS[0], "when": ""}]}, "empty", "can't be empty"),
    ({"actions": [{**ACTIONS[0], "colour": "red"}]}, "bad_request", "unknown field"),
    ({"actions": [ACTIONS[0]] * 31}, "limit", "at most 30"),
    ({"focus": ["x" * 301]}, "too_long", "at most 300"),
    ({"outcomes": ["ok"] * 13}, "limit", "at most 12"),
    ({"focus": "not a list"}, "bad_request", "list"),
    ({"checkin": "24/02/2027"}, "bad_request", "2027-02-24"),
    ({"checkin": "2026-01-01"}, "bad_request", "before the workshop"),
    ({"attendees": -1}, "bad_request", "whole number"),
    ({"attendees": True}, "bad_request", "whole number"),
    ({"colour": "red"}, "bad_request", "Unknown record field"),
    ({}, "bad_request", "Say what"),
])
def test_record_update_refuses_bad_input_and_changes_nothing(app, ic, payload, code, words):
    wid = seed(app, ic)
    before = version(wid)
    with db.session() as s:
        stored = s.get(Workshop, wid).record
    ack = ic.step(wid, "record.update", payload)
    assert ack["ok"] is False and ack["error"] == code and words.lower() in ack["message"].lower(), ack
    with db.session() as s:
        assert s.get(Workshop, wid).record == stored
    assert version(wid) == before


def test_record_update_is_logged_resettable_not_undoable_and_facilitator_only(app, ic):
    wid = seed(app, ic)
    assert ic.step(wid, "record.update", {"checkin": "2027-03-03", "attendees": 21})["ok"]
    with db.session() as s:
        last = s.scalars(select(Event).where(Event.workshop_id == wid).order_by(Event.version.desc())).first()
        assert (last.type, last.payload) == ("record.update", {"checkin": "2027-03-03", "attendees": 21})
        assert build(s, wid).attendees == 21
    undo = ic.step(wid, "undo")
    assert undo["ok"] is False and undo["error"] == "nothing_to_undo"
    assert ic.step(wid, "record.update", {"attendees": None})["ok"]  # back to those who joined
    with db.session() as s:
        assert build(s, wid).attendees == 4
    assert ic.step(wid, "record.update", {"attendees": 3}, activity=1)["error"] == "bad_request"


def _form(record_page: str) -> dict:
    """The record form's fields as the browser would post them."""
    data = dict(re.findall(r'<input type="(?:text|hidden|number|date)"[^>]*?name="([^"]+)"[^>]*?value="([^"]*)"',
                           record_page))
    data.update(re.findall(r'<textarea id="[^"]+" name="([^"]+)"[^>]*>([^<]*)</textarea>', record_page))
    for name, value in re.findall(r'<select id="[^"]+" name="([^"]+)">.*?(?:value="([a-c])" selected|</select>)',
                                  record_page, re.S):
        data[name] = value
    return {k: v.replace("&#39;", "'").replace("&#34;", '"').replace("&amp;", "&") for k, v in data.items()}


def test_the_record_page_shows_saves_and_refuses_with_a_clear_error(app, ic):
    wid = seed(app, ic)
    page = ic.http.get(f"/w/{wid}/record")
    html = page.data.decode()
    assert page.status_code == 200 and 'data-testid="record-doc"' in html
    assert all(name in html for name in ("Siân", "Łukasz", "Zoë", "Gwenllïan"))
    assert "b. Within the partnership" in html and "24 February 2027" in html
    note = re.search(r'<p class="hint" id="backup-note"[^>]*>(.*?)</p>', html, re.S).group(1)
    assert 'aria-describedby="backup-note"' in html and "never says who wrote anonymous contributions" in " ".join(note.split())
    form = _form(html)
    assert form["action-0-support"] == "a" and form["action-2-text"].startswith("Commission")
    unchanged = ic.http.post(f"/w/{wid}/record", data=form)
    assert unchanged.status_code == 302
    bad = ic.http.post(f"/w/{wid}/record", data={**form, "action-1-support": "z"})
    assert bad.status_code == 400 and b"Action 2: choose its support level" in bad.data
    assert b"Not saved." in bad.data
    added = ic.http.post(f"/w/{wid}/record", data={**form, "action-3-text": "Share the plan with governors",
                                                   "action-3-when": "by the spring term", "action-3-support": "a",
                                                   "action-0-delete": "1", "focus": "Reading\nWriting"})
    assert added.status_code == 302
    with db.session() as s:
        record = build(s, wid)
    assert [a.text for a in record.actions][-1] == "Share the plan with governors" and len(record.actions) == 3
    assert record.focus == ["Reading", "Writing"]
    assert b'data-testid="record-link"' in ic.http.get(f"/w/{wid}/run").data
    assert b'data-testid="record-link"' in ic.http.get("/workshops").data


def test_other_people_cannot_see_the_record(app, ic):
    from support import Facilitator
    wid = seed(app, ic)
    other = Facilitator(app, "other@example.org", "Other")
    assert other.http.get(f"/w/{wid}/record").status_code == 404
    assert other.http.get(f"/w/{wid}/record.pdf").status_code == 404
    assert app.test_client().get(f"/w/{wid}/record.csv").status_code == 302  # to sign in
    assert ic.http.get(f"/w/{wid}/record.exe").status_code == 404
    assert ic.http.get("/w/999/record").status_code == 404


def _make_link(ic, wid, kind: str = "view") -> str:
    response = ic.http.post(f"/w/{wid}/record/link/{kind}")
    assert response.status_code == 302
    page = ic.http.get(f"/w/{wid}/record").data.decode()
    link = re.search(rf'data-testid="link-url-{kind}">([^<]+)<', page)[1]
    assert "/plan/" in link and link not in ic.http.get(f"/w/{wid}/record").data.decode()  # shown once
    return "/plan/" + link.split("/plan/")[1]


def test_the_heads_link_opens_the_plan_without_an_account_until_revoked_or_replaced(app, ic):
    wid = seed(app, ic)
    link = _make_link(ic, wid)
    head = app.test_client()
    page = head.get(link)
    assert page.status_code == 200 and "Siân to coach colleagues" in page.data.decode()
    assert page.headers["Referrer-Policy"] == "no-referrer" and "no-store" in page.headers["Cache-Control"]
    assert b"Backup, for ICs only" not in page.data and b"Edit the record" not in page.data  # read-only
    pdf = head.get(f"{link}/download.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    assert head.get(f"{link}/checkin.xlsx").status_code == 200
    assert head.get(f"{link}/download.json").status_code == 404  # the backup is the ICs' only
    with db.session() as s:
        stored = s.get(Workshop, wid).plan_token_hash
    assert stored and stored not in link  # only a hash is kept

    newer = _make_link(ic, wid)
    assert head.get(link).status_code == 404  # the old link died
    assert head.get(newer).status_code == 200
    assert ic.http.post(f"/w/{wid}/record/link/view/revoke").status_code == 302
    gone = head.get(newer)
    assert gone.status_code == 404 and b"This plan link does not work" in gone.data
    assert head.get(f"{newer}/download.pdf").status_code == 404
    assert head.post(f"{newer}/progress/r1-1", data={"status": "done"}).status_code == 404
    assert head.get("/plan/not-a-real-token-at-all-123456").status_code == 404
    assert head.get("/plan/x").status_code == 404


def test_the_head_and_the_ics_record_dated_progress_for_the_check_in(app, ic):
    wid = seed(app, ic)
    link = _make_link(ic, wid, "update")
    with db.session() as s:
        first, second = [a.id for a in build(s, wid).actions][:2]
    head = app.test_client()
    ok = head.post(f"{link}/progress/{first}", data={"status": "in_progress", "rag": "amber",
                                                     "note": "Two coaching pairs started", "by": "Gwenllïan"})
    assert ok.status_code == 302
    assert head.post(f"{link}/progress/{first}", data={"status": "finished"}).status_code == 302
    assert head.post(f"{link}/progress/{first}", data={"status": "done", "rag": "purple"}).status_code == 302
    assert head.post(f"{link}/progress/nope", data={"status": "done"}).status_code == 302
    assert head.post(f"{link}/progress/{first}", data={"status": "done", "note": "x" * 1001}).status_code == 302
    assert ic.http.post(f"/w/{wid}/checkin/{second}", data={"status": "done", "rag": "green",
                                                          "note": "Visit made"}).status_code == 302
    with db.session() as s:
        rows = list(s.scalars(select(ActionUpdate).where(ActionUpdate.workshop_id == wid)))
        record = build(s, wid)
    assert [(r.action_key, r.status, r.rag, r.via, r.by) for r in rows] == [
        (first, "in_progress", "amber", "link", "Gwenllïan"), (second, "done", "green", "ic", "Priya Shah")]
    assert record.actions[0].status_label == "In progress" and record.actions[0].rag == "amber"
    page = head.get(link).data.decode()
    assert "Two coaching pairs started" in page and "Gwenllïan" in page
    checkin = ic.http.get(f"/w/{wid}/checkin").data.decode()
    assert "Visit made" in checkin and "Two coaching pairs started" in checkin
    csv = ic.http.get(f"/w/{wid}/checkin.csv").data.decode("utf-8-sig")
    assert 'Status,Progress (RAG),"Updates, newest first"' in csv.splitlines()[0]
    assert "In progress,Amber," in csv and "Done,Green," in csv


def test_forms_need_the_csrf_token(tmp_path):
    from support import make_app
    app = make_app(tmp_path / "csrf.db", WTF_CSRF_ENABLED=True)
    client = app.test_client()
    assert client.post("/plan/abcdefghijklmnopqrstuvwxyz/progress/x", data={"status": "done"}).status_code == 400


def test_migration_0002_upgrades_an_existing_sqlite_database_keeping_its_workshops(tmp_path):
    from alembic import command
    from alembic.config import Config
    from alembic.script import ScriptDirectory
    from sqlalchemy import inspect, text

    from workshop.db import MIGRATIONS, make_engine, upgrade

    engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO users (id, email, name, password_hash, created_at) "
                          "VALUES (1, 'a@b.c', 'Siân', 'x', '2026-11-01')"))
        conn.execute(text("INSERT INTO workshops (id, owner_id, school, ics, focus, key_messages, status, archived, "
                          "board_key, version, control, created_at) VALUES (1, 1, 'Ysgol Gwenllïan', '', '', '', "
                          "'closed', 0, 'k', 3, '{\"activity\": null}', '2026-11-01')"))
    upgrade(engine)
    with engine.connect() as conn:
        inspector = inspect(conn)
        assert "action_updates" in inspector.get_table_names()
        columns = {c["name"] for c in inspector.get_columns("workshops")}
        assert {"record", "plan_token_hash", "plan_link_created_at"} <= columns
        row = conn.execute(text("SELECT school, version, record, plan_token_hash FROM workshops")).one()
        assert tuple(row) == ("Ysgol Gwenllïan", 3, None, None)
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == \
            ScriptDirectory.from_config(cfg).get_current_head()
    with engine.begin() as conn:  # and back down again
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0001")
    with engine.connect() as conn:
        assert "action_updates" not in inspect(conn).get_table_names()
