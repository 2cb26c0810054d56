"""Issue 11 §2: a push's state is read at one moment. Another writer commits between the snapshot's
statements (after it read the workshop's version, before it read the people and the activity);
the push must still be exactly the state of the version it is labelled with."""
from __future__ import annotations

import threading

import pytest
from sqlalchemy import event

from support import Facilitator, intent, make_app, walls

from workshop.db import db
from workshop.engine import push, service
from workshop.engine.envelope import Principal


@pytest.fixture(params=["sqlite", "postgres"])
def any_database(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'workshop.db'}"
    else:
        yield request.getfixturevalue("postgres_url")


def test_a_push_holds_the_state_of_its_version_while_others_write(any_database, tmp_path):
    app = make_app(tmp_path / "workshop.db", DATABASE_URL=any_database)
    try:
        ic = Facilitator(app, "ic@example.org", "Priya Shah")
        wid = ic.create_workshop()
        assert ic.step(wid, "workshop.open")["ok"]
        wall = walls(wid)[0]
        assert ic.step(wid, "control.goto", {"activity": wall})["ok"]
        assert ic.step(wid, "activity.open", activity=wall)["ok"]
        jo, _ = service.join(wid, "Jo")
        assert service.submit(wid, Principal("participant", participant_id=jo),
                              intent("idea.add", {"text": "First idea"}, wall))["ok"]

        reader = threading.current_thread()
        wrote: list[int] = []

        def write_in_between():
            """Another writer (its own connection): one more person, one more idea."""
            late, _ = service.join(wid, "Late")
            ack = service.submit(wid, Principal("participant", participant_id=late),
                                 intent("idea.add", {"text": "Written meanwhile"}, wall))
            wrote.append(ack["version"])

        def between_statements(conn, cursor, statement, *_):
            if threading.current_thread() is reader and not wrote and "FROM participants" in statement:
                writer = threading.Thread(target=write_in_between)
                writer.start()
                writer.join()

        event.listen(db.engine, "before_cursor_execute", between_statements)
        try:
            with app.app_context():
                snap = push.snapshot(wid)
        finally:
            event.remove(db.engine, "before_cursor_execute", between_statements)

        assert wrote, "the other writer ran"
        assert snap.workshop.version == wrote[0] - 2  # read before the join and the idea
        assert [p.name for p in snap.participants] == ["Jo"]
        assert [c["text"] for c in snap.current.state["cards"]] == ["First idea"]
        with app.app_context():  # and the next push has both
            after = push.snapshot(wid)
        assert after.workshop.version == wrote[0]
        assert [p.name for p in after.participants] == ["Jo", "Late"]
        assert [c["text"] for c in after.current.state["cards"]] == ["First idea", "Written meanwhile"]
    finally:
        db.engine.dispose()
