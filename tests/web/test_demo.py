"""`workshop demo` runs a whole workshop through the engine: every tool, ending in an action plan."""
from __future__ import annotations

from support import make_app

from workshop import demo, tools
from workshop.db import db
from workshop.models import Activity, Participant, Workshop


def test_the_demo_uses_every_tool_and_ends_with_actions_at_every_support_level(tmp_path):
    make_app(tmp_path / "workshop.db")
    seeded = demo.seed()

    with db.session() as s:
        workshop = s.get(Workshop, seeded["workshop"])
        assert workshop.status == "open" and workshop.join_code == seeded["code"]
        by_tool = {a.tool: a for a in workshop.activities}
        assert set(by_tool) == set(tools.REGISTRY)
        for name, activity in by_tool.items():
            assert tools.get(name).outcomes(activity.state), f"{name} has no outcome in the demo"
        actions = tools.get("action_plan").outcomes(by_tool["action_plan"].state)
        assert len(actions) >= 6 and {a["support"] for a in actions} == {"a", "b", "c"}
        assert all(a["source"] for a in actions)  # each came from a prioritised card
        root = tools.get("five_whys").outcomes(by_tool["five_whys"].state)[0]
        assert len(root["chain"]) == 4
        assert workshop.control["activity"] == by_tool["action_plan"].id
        names = {p.name for p in s.query(Participant).filter_by(workshop_id=workshop.id)}
        assert {"Siân", "Łukasz", None} <= names


def test_a_second_demo_is_a_second_workshop_for_the_same_sign_in(tmp_path):
    make_app(tmp_path / "workshop.db")
    first, second = demo.seed(), demo.seed()
    assert first["email"] == second["email"] and first["workshop"] != second["workshop"]
    with db.session() as s:
        assert s.query(Activity).filter_by(workshop_id=second["workshop"]).count() == len(tools.REGISTRY)


def test_the_demo_record_names_each_key_outcome_once(tmp_path):
    from workshop.record import build

    make_app(tmp_path / "workshop.db")
    seeded = demo.seed()
    with db.session() as s:
        record = build(s, seeded["workshop"])
    outcomes = record.outcomes
    texts = [bullet.split(": ", 1)[1] for bullet in outcomes]
    assert outcomes and len(texts) == len(set(texts))
    assert any(b.startswith("A root cause we found: ") for b in outcomes)


def test_the_demo_plans_every_activity_and_fits_ninety_minutes(tmp_path):
    from workshop.engine import plan

    make_app(tmp_path / "workshop.db")
    seeded = demo.seed()
    with db.session() as s:
        workshop = s.get(Workshop, seeded["workshop"])
        planned = {a.title: plan.planned_minutes(a.config) for a in workshop.activities}
    assert all(minutes for minutes in planned.values()), planned
    assert sum(planned.values()) <= 90


def test_the_demo_has_a_table_that_rates_adds_and_votes_for_its_people(tmp_path):
    make_app(tmp_path / "workshop.db")
    seeded = demo.seed()
    with db.session() as s:
        workshop = s.get(Workshop, seeded["workshop"])
        table = s.query(Participant).filter_by(workshop_id=workshop.id, kind="table").one()
        assert (table.name, table.head_count) == demo.TABLE
        by_tool = {a.tool: a for a in workshop.activities}
        dots = by_tool["dotocracy"].state
        assert dots["by_table"] is True and len(dots["tables"]) == 1
        (ballot, entry), = dots["tables"].items()
        assert entry == {"name": "Science table", "people": 5} and sum(dots["dots"][ballot].values()) == 5
        view = tools.get("dotocracy").view(dots, "board")
        assert view["people_voted"] == 6 + 1 + 5 and view["tables"][0]["name"] == "Science table"
        assert "tables" in by_tool["rag_rating"].state
        # the table's dots weigh its five people in the room's tally
        persons = sum(sum(m.values()) for who, m in dots["dots"].items() if who != ballot)
        assert sum(i["votes"] for i in view["items"]) == persons + 5 * 5
        from workshop.models import Event
        assert s.query(Event).filter(Event.workshop_id == workshop.id, Event.weight == 5).count() > 0


def test_the_demo_records_its_attendees_with_the_tables_heads(tmp_path):
    from workshop.record import build

    make_app(tmp_path / "workshop.db")
    seeded = demo.seed()
    with db.session() as s:
        assert build(s, seeded["workshop"]).attendees == len(demo.PEOPLE) + 1 + demo.TABLE[1]  # + Bev on paper


def test_the_demo_enters_a_paper_sheet_and_runs_the_mind_map_and_a_pstb(tmp_path):
    from sqlalchemy import select

    from workshop.models import Event

    make_app(tmp_path / "workshop.db")
    seeded = demo.seed()
    with db.session() as s:
        workshop = s.get(Workshop, seeded["workshop"])
        bev = s.query(Participant).filter_by(workshop_id=workshop.id, kind="paper").one()
        assert bev.name == demo.PAPER
        entered = s.scalars(select(Event).where(Event.workshop_id == workshop.id, Event.entered_by.is_not(None))).all()
        # her join, her response and her two dots, each entered by the IC (her dots go under a pseudonym)
        assert sorted(e.type for e in entered) == ["dots.place", "dots.place", "participant.join", "response.submit"]
        by_tool = {a.tool: a for a in workshop.activities}
        branches = tools.get("radiant").outcomes(by_tool["radiant"].state)
        assert [b["text"] for b in branches] == ["Time", "Know-how", "Resources"]
        pstb = by_tool["pstb"].state
        assert pstb["statement"] == "How to give teachers and TAs time to plan together?"
        actions = tools.get("pstb").outcomes(pstb)
        assert [(a["who"], a["when"]) for a in actions] == [(who, when) for _, who, when in demo.PSTB["actions"]]


def test_the_demo_comes_from_a_two_day_review_with_every_part_of_the_findings(tmp_path):
    from datetime import date, timedelta

    from workshop import review

    make_app(tmp_path / "workshop.db")
    seeded = demo.seed()
    with db.session() as s:
        workshop = s.get(Workshop, seeded["workshop"])
        found = review.of(workshop)
        day = workshop.date
    assert set(workshop.review) == set(review.empty())
    start, end = date.fromisoformat(found["start"]), date.fromisoformat(found["end"])
    assert end - start == timedelta(days=1) and day - end == timedelta(days=10)
    low, high = review.WORKSHOP_AFTER_REVIEW_DAYS
    assert low <= (day - end).days <= high
    assert all(found[key] for key in review.FIELDS), [key for key in review.FIELDS if not found[key]]
    assert all(len(found[key]) <= limit for key, (_, limit) in review.FIELDS.items())
    assert found["dimensions"] and set(found["dimensions"]) <= set(review.DIMENSIONS)
    assert len(found["team"].split("), ")) == 3 and found["lead_reviewer"].split(" (")[0] in found["team"]
    assert "Riverside" not in found["ics_school"] and "Hillview" in found["ics_school"]
    lines = lambda key: [line for line in found[key].splitlines() if line.startswith("- ")]  # noqa: E731
    assert 3 <= len(lines("questions")) <= 4 and 6 <= len(lines("evidence")) <= 8
    assert 4 <= len(lines("celebrate")) <= 5 and 3 <= len(lines("recommend")) <= 4
    assert "Focus for enquiry: " in found["recommend"]
    paragraphs = found["found"].split("\n\n")
    assert 5 <= len(paragraphs) <= 6 and all(p.startswith("Evidence from ") for p in paragraphs)


def test_the_demo_records_key_outcomes_read_as_sentences(tmp_path):
    import re

    from workshop.record import build, prefill

    make_app(tmp_path / "workshop.db")
    seeded = demo.seed()
    with db.session() as s:
        record = build(s, seeded["workshop"])
        workshop = s.get(Workshop, seeded["workshop"])
        problem = next(a.state["problem"] for a in workshop.activities if a.tool == "five_whys")
    outcomes = record.outcomes
    norm = lambda text: " ".join(re.sub(r"[^\w\s]", " ", text).casefold().split())  # noqa: E731
    said = [norm(b.split(": ", 1)[1]) for b in outcomes]
    assert not [b for b in outcomes if re.search(r"\bbecause\b", b, re.I)]
    assert norm(problem) not in said  # the focus names the problem explored; it is not its own root cause
    assert not set(said) & {norm(a.text) for a in record.actions}  # the action table has those
    assert outcomes[0].startswith("Most in need of attention (rated red): Pupil passports")
    assert outcomes[1].startswith("Where we are strongest (rated green): Pupils with SEND feel safe")
    assert all(b.endswith((".", "?")) for b in outcomes) and len(outcomes) <= prefill.MAX_OUTCOMES


def test_the_demo_frames_its_actions_and_follow_up_and_its_exports_and_backup_carry_them(tmp_path):
    """Issue 13's whole cycle on the demo: each action says how it will be addressed and what will
    show it worked (partnership ones their terms); the check-in is a visit about 90 days after the
    review's last day, led by the lead reviewer; the ICs' staff-meeting invitation is recorded; every
    export carries it, and the JSON backup restores all of it."""
    import io
    from datetime import timedelta

    from docx import Document
    from openpyxl import load_workbook
    from pypdf import PdfReader

    from workshop import review
    from workshop.models import User
    from workshop.record import backup, build, pdf, sheets, word

    make_app(tmp_path / "workshop.db")
    seeded = demo.seed()
    with db.session() as s:
        record = build(s, seeded["workshop"])
        doc = backup.export(s, seeded["workshop"])
    assert all(a.how_labels and a.success for a in record.actions)
    assert all(a.terms for a in record.actions if a.support == "b")
    assert record.checkin == review.last_day(record.review) + timedelta(days=90)
    assert (record.checkin_format_label, record.lead_reviewer) == ("A visit", demo.REVIEW["lead_reviewer"])
    assert record.staff_meeting["note"] == demo.STAFF_MEETING_NOTE and record.staff_meeting["date"]
    assert {"Aisha (SENCo)", "Sam", "Science table (5)", f"{demo.PAPER} ({demo.PAPER_ROLE})"} <= set(record.people.names)

    framed = record.actions[2]  # shared resources: joint practice development across the partnership
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf.render(record))).pages)
    docx = "\n".join(p.text for p in Document(io.BytesIO(word.render(record))).paragraphs)
    docx += "\n".join(c.text for t in Document(io.BytesIO(word.render(record))).tables for r in t.rows for c in r.cells)
    book = load_workbook(io.BytesIO(sheets.to_xlsx(record)))
    cells = " ".join(str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value)
    csv = sheets.to_csv(record).decode("utf-8-sig")
    for name, out in {"pdf": text, "docx": docx, "xlsx": cells, "csv": csv}.items():
        for part in (framed.text, "Joint practice development", framed.success[:40]):
            assert part in " ".join(out.split()), (name, part)
    for name, out in {"pdf": text, "docx": docx, "xlsx": cells}.items():
        for part in (demo.REVIEW["lead_reviewer"], "A visit", demo.STAFF_MEETING_NOTE[:40]):
            assert part in " ".join(out.split()), (name, part)

    with db.session(write=True) as s:
        owner = s.get(Workshop, seeded["workshop"]).owner_id
        restored = backup.import_workshop(s, backup.loads(backup.dumps(doc)), s.get(User, owner))
    with db.session() as s:
        again = build(s, restored.id)
    assert again.review == record.review
    assert [a.fields() for a in again.actions] == [a.fields() for a in record.actions]
    assert (again.checkin, again.checkin_format, again.staff_meeting, again.outcomes) == (
        record.checkin, record.checkin_format, record.staff_meeting, record.outcomes)
