"""One address filling a workshop: joins are limited per address and workshop, generously enough
for a whole staff behind one school address, tightly enough that a script can't fill the room."""
from __future__ import annotations

from limits import parse

from support import join_code, make_app
from workshop.db import db
from workshop.models import Participant
from workshop.security import JOIN_LIMIT
from workshop.web.join import JOINS_FROM_ONE_ADDRESS

SCHOOL = "203.0.113.50"  # the school's one public address: every phone in the staff room shares it


def browser(app, address=SCHOOL):
    """A phone that has not joined yet (no cookie) at `address`."""
    phone = app.test_client()
    phone.environ_base["REMOTE_ADDR"] = address
    return phone


def join(app, workshop_id: int, name: str, address=SCHOOL):
    return browser(app, address).post(f"/j/{join_code(workshop_id)}", data={"name": name})


def present(workshop_id: int) -> int:
    with db.session() as s:
        return s.query(Participant).filter_by(workshop_id=workshop_id, removed=False).count()


def test_a_whole_staff_behind_one_address_gets_in_and_a_flood_stops_at_the_limit(app, ic, open_workshop):
    limit = parse(JOIN_LIMIT)
    assert limit.amount >= 100 and limit.get_expiry() <= 600  # a big staff room at once; the window moves on
    statuses = [join(app, open_workshop, f"Teacher {n}").status_code for n in range(limit.amount + 30)]
    assert statuses[:limit.amount] == [302] * limit.amount  # the whole room is in
    assert set(statuses[limit.amount:]) == {429}  # the script's extra people are not
    assert present(open_workshop) == limit.amount


def test_a_refused_join_says_why_in_words_with_retry_after(db_path):
    app = make_app(db_path, JOIN_LIMIT="3 per 10 minutes")
    from support import Facilitator, walls

    ic = Facilitator(app, "ic@example.org", "Priya Shah")
    wid = ic.create_workshop()
    assert ic.step(wid, "workshop.open")["ok"]
    assert [join(app, wid, f"P{n}").status_code for n in range(3)] == [302] * 3
    refused = join(app, wid, "One too many")
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
    page = refused.data.decode()
    assert JOINS_FROM_ONE_ADDRESS.split(" the ")[0] in page and 'role="alert"' in page
    assert "wrong codes" not in page
    assert present(wid) == 3 and walls(wid)  # nothing half-made; the workshop goes on


def test_the_join_limit_is_per_address_and_per_workshop(db_path):
    app = make_app(db_path, JOIN_LIMIT="2 per 10 minutes")
    from support import Facilitator

    ic = Facilitator(app, "ic@example.org", "Priya Shah")
    first, second = ic.create_workshop(), ic.create_workshop(school="Hillside School")
    for wid in (first, second):
        assert ic.step(wid, "workshop.open")["ok"]
    assert [join(app, first, f"P{n}").status_code for n in range(3)] == [302, 302, 429]
    assert join(app, first, "From another network", address="198.51.100.9").status_code == 302
    assert join(app, second, "Same address, another workshop").status_code == 302


def test_only_joins_count_not_visits_wrong_codes_or_a_phone_coming_back(db_path):
    app = make_app(db_path, JOIN_LIMIT="2 per 10 minutes")
    from support import Facilitator

    ic = Facilitator(app, "ic@example.org", "Priya Shah")
    wid = ic.create_workshop()
    assert ic.step(wid, "workshop.open")["ok"]
    code = join_code(wid)
    looker = browser(app)
    for _ in range(5):  # opening the name page (a QR scanned twice) is not joining
        assert looker.get(f"/j/{code}").status_code == 200
    assert looker.post(f"/j/{code}", data={"name": "Jo"}).status_code == 302
    for _ in range(3):  # Jo's phone comes back with its cookie: still Jo, and not another join
        assert looker.get(f"/j/{code}").status_code == 302
        assert looker.get(f"/w/{wid}/phone").status_code == 200
    assert join(app, wid, "Sam").status_code == 302
    assert join(app, wid, "A third").status_code == 429
    assert present(wid) == 2
