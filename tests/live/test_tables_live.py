"""Tables through the live engine (issue 12): a table (one phone for 6 people) and two phones vote;
the board's tallies follow the facilitator's per-activity choice (per person or once); results by
table show tables only; the event log keeps each vote's weight, so undo (a replay) gives the same
tallies after the table corrects its head count; and a table is anonymous where a person is."""
from __future__ import annotations

import json

from support import Phone, board, join_code, last_state, send, start, states

from workshop.db import db
from workshop.engine import replay
from workshop.models import Activity, Event

from test_dotocracy_live import add_dotocracy

OPTIONS = ["More time to plan together", "Fewer data drops", "Coaching for new staff"]


class TablePhone(Phone):
    """A phone joined as a table."""

    def __init__(self, app, workshop_id: int, name: str, head_count: int):
        self.app, self.workshop_id = app, workshop_id
        self.http = app.test_client()
        response = self.http.post(f"/j/{join_code(workshop_id)}",
                                  data={"kind": "table", "table_name": name, "head_count": str(head_count)})
        assert response.status_code == 302, response.data
        self.token = self.http.get_cookie(f"wt_{workshop_id}").value
        self.socket = self.connect()


def latest(client) -> dict:
    got = states(client)
    if got:
        client.latest_state = got[-1]
    return client.latest_state


def tally(client) -> dict[str, int]:
    return {i["text"]: i.get("votes") for i in latest(client)["activity"]["view"]["items"]}


def vote_in(app, ic, wid):
    console, screen = ic.socket(wid), board(app, wid)
    dots = add_dotocracy(console, {"dots": 3, "per_item": 3, "items": OPTIONS})
    start(ic, wid, dots)
    ids = [i["id"] for i in latest(console)["activity"]["view"]["items"]]
    table = TablePhone(app, wid, "Table 3", 6)
    ann, ben = Phone(app, wid, "Ann"), Phone(app, wid, "Ben")
    assert send(table.socket, "dots.place", {"item": ids[0]}, dots)["ok"]
    for phone in (ann, ben):
        for _ in range(2):
            assert send(phone.socket, "dots.place", {"item": ids[1]}, dots)["ok"]
    return console, screen, dots, ids, table, ann, ben


def test_the_board_counts_a_tables_heads_and_its_dots_per_person_or_once(app, ic, open_workshop):
    wid = open_workshop
    console, screen, dots, ids, table, ann, ben = vote_in(app, ic, wid)
    ws = latest(screen)["workshop"]
    assert (ws["participant_count"], ws["people_count"], ws["table_count"]) == (3, 8, 1)
    people = latest(console)["participants"]
    assert [(p["name"], p.get("kind"), p.get("head_count")) for p in people] == \
        [("Table 3", "table", 6), ("Ann", "person", None), ("Ben", "person", None)]
    # per person (the default): the table's one dot speaks for 6
    assert tally(console)[OPTIONS[0]] == 6 and tally(console)[OPTIONS[1]] == 4
    assert latest(console)["activity"]["view"]["people_voted"] == 8
    assert send(console, "activity.reveal", None, dots)["ok"]
    assert tally(screen) == {OPTIONS[0]: 6, OPTIONS[1]: 4, OPTIONS[2]: 0}
    assert send(console, "dots.settings", {"table_counts": "once"}, dots)["ok"]
    assert tally(screen) == {OPTIONS[0]: 1, OPTIONS[1]: 4, OPTIONS[2]: 0}
    assert latest(screen)["activity"]["view"]["table_counts"] == "once"
    # the setting is the facilitator's alone
    refused = send(table.socket, "dots.settings", {"table_counts": "per_person"}, dots)
    assert refused["ok"] is False and refused["error"] == "forbidden"
    # the log keeps the table's weight with its vote, persons' votes carry none
    with db.session() as s:
        weights = [e.weight for e in s.query(Event).filter_by(workshop_id=wid, type="dots.place").order_by(Event.version)]
    assert weights == [6, None, None, None, None]


def test_results_by_table_show_the_table_only_once_revealed_and_never_a_person(app, ic, open_workshop):
    wid = open_workshop
    console, screen, dots, ids, table, ann, ben = vote_in(app, ic, wid)
    small = TablePhone(app, wid, "Window pair", 2)
    assert send(small.socket, "dots.place", {"item": ids[2]}, dots)["ok"]
    assert send(console, "dots.settings", {"by_table": True}, dots)["ok"]
    assert "tables" not in latest(screen)["activity"]["view"]  # hidden until the reveal, like the counts
    assert latest(console)["activity"]["view"]["tables"] == [{"name": "Table 3", "people": 6, "votes": {ids[0]: 1}}]
    assert send(console, "activity.reveal", None, dots)["ok"]
    view = latest(screen)["activity"]["view"]
    assert view["tables"] == [{"name": "Table 3", "people": 6, "votes": {ids[0]: 1}}]
    assert view["tables_folded"] == 1 and view["items"][2]["votes"] == 2  # the pair: in the room's total only
    for client in (screen, ann.socket):
        text = json.dumps(latest(client))
        assert "Window pair" not in text and "Ann" not in text and "Ben" not in text
    # the phones see it too (results shown), and a phone's private part is only its own dots
    assert latest(ann.socket)["activity"]["view"]["tables"][0]["name"] == "Table 3"


def test_a_table_corrects_its_head_count_and_undo_replays_the_old_weights(app, ic, open_workshop):
    wid = open_workshop
    console, screen, dots, ids, table, ann, ben = vote_in(app, ic, wid)
    ack = send(table.socket, "participant.table", {"head_count": 4})
    assert ack["ok"], ack
    assert latest(screen)["workshop"]["people_count"] == 6
    assert [p.get("head_count") for p in latest(console)["participants"]] == [4, None, None]
    for bad in (1, 21, "5", None, True, 4.5):
        refused = send(table.socket, "participant.table", {"head_count": bad})
        assert refused["ok"] is False and refused["error"] == "bad_request"
        assert "2 to 20" in refused["message"]
    assert send(table.socket, "participant.table", {"head_count": 4, "name": "x"})["error"] == "bad_request"
    person = send(ann.socket, "participant.table", {"head_count": 4})
    assert person["ok"] is False and person["error"] == "forbidden"
    facilitator = send(console, "participant.table", {"head_count": 4})
    assert facilitator["ok"] is False and facilitator["error"] == "forbidden"
    # the table's next dot is logged with 4; its ballot now weighs 4 (a ballot has one weight: its latest)
    assert send(table.socket, "dots.place", {"item": ids[2]}, dots)["ok"]
    assert tally(console) == {OPTIONS[0]: 4, OPTIONS[1]: 4, OPTIONS[2]: 4}
    with db.session() as s:
        kinds = [(e.type, e.weight) for e in s.query(Event).filter_by(workshop_id=wid).order_by(Event.version)
                 if e.type in ("participant.table", "dots.place")]
    assert kinds[0] == ("dots.place", 6) and ("participant.table", None) in kinds and kinds[-1] == ("dots.place", 4)
    # undo the facilitator's last step: the activity's state is rebuilt from the log with the
    # weights logged, not today's head count, so the tallies are exactly as before
    before = tally(console)
    assert send(console, "dots.settings", {"live": True}, dots)["ok"]
    assert send(console, "undo")["ok"]
    assert tally(console) == before
    with db.session() as s:  # the log is the truth: rebuilding it gives the stored state
        act = s.get(Activity, dots)
        assert replay.activity(s, act) == act.state


def test_a_table_is_anonymous_on_cards_where_a_person_is(app, ic, open_workshop):
    wid = open_workshop
    console = ic.socket(wid)
    wall = latest(console)["control"]["activity"]
    table = TablePhone(app, wid, "Table 3", 5)
    assert send(table.socket, "idea.add", {"text": "Quiet room for marking"}, wall)["ok"]
    screen = board(app, wid)
    assert "Table 3" not in json.dumps(latest(screen)["activity"]) and "Table 3" not in json.dumps(latest(console)["activity"])
    assert send(console, "idea.settings", {"anonymous": False}, wall)["ok"]
    assert latest(console)["activity"]["anonymous"] is False
    # a named activity shows the table's name on what it adds, as it shows a person's
    assert send(table.socket, "idea.add", {"text": "Shared drive tidy-up"}, wall)["ok"]
    authors = {c["text"]: c.get("author") for c in latest(screen)["activity"]["view"]["cards"]}
    assert authors["Shared drive tidy-up"] == "Table 3" and authors["Quiet room for marking"] is None
