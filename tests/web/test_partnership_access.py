"""Who sees and changes a partnership, and who may name it on a workshop (workshop/partnerships.py,
workshop/web/partnership.py, the engine's workshop.update).

The people: the partnership's lead, a member IC, the lead of another partnership, an IC running a
workshop of the partnership who is not a member, and someone signed out. Non-members get 404 (ids
can't be probed); a member IC may look at the settings but a change is 403 (they know the
partnership exists already, so "only its lead can" is the clearer answer)."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from support import Facilitator
from workshop import partnerships
from workshop.db import db
from workshop.models import Partnership, User, Workshop


def _create(ic: Facilitator, name: str, schools: str) -> int:
    response = ic.http.post("/partnerships", data={"name": name, "schools": schools})
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(re.search(r"/partnerships/(\d+)/settings", response.headers["Location"]).group(1))


def _schools(pid: int) -> dict[str, int]:
    with db.session() as s:
        return {school.name: school.id for school in s.get(Partnership, pid).schools}


def _members(pid: int) -> dict[str, str]:
    with db.session() as s:
        return {m.user.email: m.role for m in s.get(Partnership, pid).members}


def _link(wid: int) -> tuple[int | None, int | None]:
    with db.session() as s:
        ws = s.get(Workshop, wid)
        return ws.partnership_id, ws.partner_school_id


@pytest.fixture
def people(app):
    lead = Facilitator(app, "lead@example.org", "Lena Lead")
    member = Facilitator(app, "member@example.org", "Mo Member")
    other = Facilitator(app, "other@example.org", "Olu Other")
    outsider = Facilitator(app, "outsider@example.org", "Ola Outsider")  # runs a workshop of it, not a member
    pid = _create(lead, "North Star Partnership", "Riverside Academy\nHillview Primary\n\nriverside academy\nOak Lane School")
    assert lead.http.post(f"/partnerships/{pid}/members", data={"email": "Member@Example.org "}).status_code == 302
    other_pid = _create(other, "Southern Partnership", "Bay School")
    wid = outsider.create_workshop("Riverside Academy")
    with db.session(write=True) as s:  # attached by an IC no longer a member (or by a member, before)
        ws = s.get(Workshop, wid)
        ws.partnership_id, ws.partner_school_id = pid, _schools(pid)["Riverside Academy"]
    return {"lead": lead, "member": member, "other": other, "outsider": outsider, "pid": pid,
            "other_pid": other_pid, "wid": wid}


def test_create_makes_the_creator_lead_with_its_schools_once_each(people):
    pid = people["pid"]
    assert sorted(_schools(pid)) == ["Hillview Primary", "Oak Lane School", "Riverside Academy"]
    assert _members(pid) == {"lead@example.org": "lead", "member@example.org": "ic"}
    bad = people["lead"].http.post("/partnerships", data={"name": "  ", "schools": "A"})
    assert bad.status_code == 400 and "Enter the partnership&#39;s name." in bad.get_data(as_text=True)


def test_list_shows_only_ones_own_partnerships_with_role_and_page_link(people, app):
    pid, other_pid = people["pid"], people["other_pid"]
    lead_list = people["lead"].http.get("/partnerships").get_data(as_text=True)
    assert "North Star Partnership" in lead_list and "Southern Partnership" not in lead_list
    assert "Partnership lead" in lead_list and f'href="/partnerships/{pid}"' in lead_list
    assert "Hillview Primary, Oak Lane School, Riverside Academy" in lead_list
    member_list = people["member"].http.get("/partnerships").get_data(as_text=True)
    assert "North Star Partnership" in member_list and "Improvement Champion" in member_list
    other_list = people["other"].http.get("/partnerships").get_data(as_text=True)
    assert "Southern Partnership" in other_list and "North Star Partnership" not in other_list
    outsider_list = people["outsider"].http.get("/partnerships").get_data(as_text=True)
    assert "North Star Partnership" not in outsider_list and "not a member of a partnership yet" in outsider_list
    signed_out = app.test_client().get("/partnerships")
    assert signed_out.status_code == 302 and "/login" in signed_out.headers["Location"]
    assert 'data-testid="partnerships-link"' in people["lead"].http.get("/workshops").get_data(as_text=True)


def test_settings_visible_to_members_only(people, app):
    pid = people["pid"]
    assert people["lead"].http.get(f"/partnerships/{pid}/settings").status_code == 200
    member_view = people["member"].http.get(f"/partnerships/{pid}/settings")
    assert member_view.status_code == 200
    html = member_view.get_data(as_text=True)
    assert 'data-testid="view-only"' in html and 'data-testid="add-member"' not in html and "Mo Member" in html
    for who in ("other", "outsider"):
        assert people[who].http.get(f"/partnerships/{pid}/settings").status_code == 404
    assert people["lead"].http.get("/partnerships/999999/settings").status_code == 404  # same as not a member
    signed_out = app.test_client().get(f"/partnerships/{pid}/settings")
    assert signed_out.status_code == 302 and "/login" in signed_out.headers["Location"]


CHANGES = [("settings", {"name": "Renamed"}), ("schools", {"name": "New School"}),
           ("members", {"email": "outsider@example.org"})]


@pytest.mark.parametrize("path,data", CHANGES)
def test_only_a_lead_changes_the_settings(people, path, data):
    pid = people["pid"]
    before = (_schools(pid), _members(pid))
    assert people["member"].http.post(f"/partnerships/{pid}/{path}", data=data).status_code == 403
    for who in ("other", "outsider"):
        assert people[who].http.post(f"/partnerships/{pid}/{path}", data=data).status_code == 404
    with db.session() as s:
        assert s.get(Partnership, pid).name == "North Star Partnership"
    assert (_schools(pid), _members(pid)) == before
    assert people["lead"].http.post(f"/partnerships/{pid}/{path}", data=data).status_code == 302
    with db.session() as s:
        renamed = s.get(Partnership, pid).name == "Renamed"
    assert (renamed, _schools(pid), _members(pid)) != (False, *before)


def test_member_ic_cannot_remove_promote_or_rename_a_school(people):
    pid, lead_id = people["pid"], people["lead"].user.id
    school = _schools(pid)["Oak Lane School"]
    member = people["member"].http
    assert member.post(f"/partnerships/{pid}/members/{lead_id}/remove").status_code == 403
    assert member.post(f"/partnerships/{pid}/members/{people['member'].user.id}/lead").status_code == 403
    assert member.post(f"/partnerships/{pid}/schools/{school}", data={"name": "X"}).status_code == 403
    assert _members(pid) == {"lead@example.org": "lead", "member@example.org": "ic"}
    assert "Oak Lane School" in _schools(pid)


def test_lead_manages_schools_and_members(people):
    pid, lead = people["pid"], people["lead"].http
    oak = _schools(pid)["Oak Lane School"]
    assert lead.post(f"/partnerships/{pid}/schools/{oak}", data={"name": "Oak Lane Academy"}).status_code == 302
    assert "Oak Lane Academy" in _schools(pid)
    taken = lead.post(f"/partnerships/{pid}/schools", data={"name": "HILLVIEW primary"})
    assert taken.status_code == 400 and "already one of the partnership" in taken.get_data(as_text=True)
    other_school = _schools(people["other_pid"])["Bay School"]  # another partnership's: not found here
    assert lead.post(f"/partnerships/{pid}/schools/{other_school}", data={"name": "Mine"}).status_code == 404
    nobody = lead.post(f"/partnerships/{pid}/members", data={"email": "nobody@example.org"})
    assert nobody.status_code == 400 and "No account uses nobody@example.org" in nobody.get_data(as_text=True)
    again = lead.post(f"/partnerships/{pid}/members", data={"email": "member@example.org"})
    assert again.status_code == 400 and "already a member" in again.get_data(as_text=True)
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(User)) == 4  # no account was made here


def test_never_the_last_lead(people):
    pid, lead, lead_id = people["pid"], people["lead"].http, people["lead"].user.id
    alone = lead.post(f"/partnerships/{pid}/members/{lead_id}/remove")
    assert alone.status_code == 400 and "only lead" in alone.get_data(as_text=True)
    assert _members(pid)["lead@example.org"] == "lead"
    member_id = people["member"].user.id
    assert lead.post(f"/partnerships/{pid}/members/{member_id}/lead").status_code == 302
    assert _members(pid)["member@example.org"] == "lead"
    left = lead.post(f"/partnerships/{pid}/members/{lead_id}/remove")  # another lead now: may leave
    assert left.status_code == 302 and left.headers["Location"].endswith("/partnerships")
    assert _members(pid) == {"member@example.org": "lead"}
    assert lead.get(f"/partnerships/{pid}/settings").status_code == 404
    assert people["member"].http.post(f"/partnerships/{pid}/members/{lead_id}/remove").status_code == 404


# --- naming a partnership on a workshop -------------------------------------------------------

def test_engine_names_only_ones_own_partnership_and_its_schools(people):
    pid, other_pid, lead = people["pid"], people["other_pid"], people["lead"]
    wid = lead.create_workshop("Hillview Primary")
    hill = _schools(pid)["Hillview Primary"]
    ack = lead.step(wid, "workshop.update", {"partnership": other_pid})
    assert not ack["ok"] and ack["error"] == "not_found"
    bay = _schools(other_pid)["Bay School"]  # a school of another partnership
    ack = lead.step(wid, "workshop.update", {"partnership": pid, "partner_school": bay})
    assert not ack["ok"] and ack["error"] == "not_found" and "not one of the partnership" in ack["message"]
    ack = lead.step(wid, "workshop.update", {"partner_school": hill})  # a school with no partnership
    assert not ack["ok"] and ack["error"] == "bad_request"
    for bad in ("1", True, 0, 2**40):
        ack = lead.step(wid, "workshop.update", {"partnership": bad})
        assert not ack["ok"] and ack["error"] == "bad_request", bad
    assert _link(wid) == (None, None)
    assert lead.step(wid, "workshop.update", {"partnership": pid, "partner_school": hill})["ok"]
    assert _link(wid) == (pid, hill)
    assert lead.step(wid, "workshop.update", {"focus": "Reading"})["ok"]  # not named: kept
    assert _link(wid) == (pid, hill)
    assert lead.step(wid, "workshop.update", {"partnership": None})["ok"]
    assert _link(wid) == (None, None)


def test_a_non_member_keeps_the_workshops_partnership_but_cannot_choose_it(people):
    pid, wid, outsider = people["pid"], people["wid"], people["outsider"]
    riverside = _schools(pid)["Riverside Academy"]
    assert outsider.step(wid, "workshop.update", {"partnership": pid, "partner_school": riverside,
                                                  "focus": "Writing"})["ok"]
    assert _link(wid) == (pid, riverside)
    oak = _schools(pid)["Oak Lane School"]
    assert outsider.step(wid, "workshop.update", {"partner_school": oak})["ok"]  # within the kept one
    assert outsider.step(wid, "workshop.update", {"partnership": None})["ok"]
    ack = outsider.step(wid, "workshop.update", {"partnership": pid})  # gone: not theirs to choose
    assert not ack["ok"] and ack["error"] == "not_found"
    own = outsider.create_workshop("Bay School")
    ack = outsider.step(own, "workshop.update", {"partnership": people["other_pid"]})
    assert not ack["ok"] and ack["error"] == "not_found"


def test_details_form_offers_own_partnerships_and_preselects_the_host_school(people):
    pid, lead = people["pid"], people["lead"]
    wid = lead.create_workshop("Oak Lane School")
    html = lead.http.get(f"/w/{wid}/edit").get_data(as_text=True)
    assert f'<option value="{pid}">North Star Partnership</option>' in html
    assert "Southern Partnership" not in html
    assert lead.step(wid, "workshop.update", {"partnership": pid})["ok"]
    html = lead.http.get(f"/w/{wid}/edit").get_data(as_text=True)
    oak = _schools(pid)["Oak Lane School"]
    assert f'<option value="{oak}" selected>Oak Lane School</option>' in html
    form = {"school": "Oak Lane School", "partnership": str(pid), "partner_school": str(oak)}
    assert lead.http.post(f"/w/{wid}/edit", data=form).status_code == 302
    assert _link(wid) == (pid, oak)
    wrong = lead.http.post(f"/w/{wid}/edit", data={**form, "partnership": str(people["other_pid"])})
    assert wrong.status_code == 400 and "no partnership" in wrong.get_data(as_text=True)
    assert _link(wid) == (pid, oak)
    # The outsider's own form lists none of theirs, and keeps the workshop's on saving.
    outsider, owid = people["outsider"], people["wid"]
    html = outsider.http.get(f"/w/{owid}/edit").get_data(as_text=True)
    assert f'<option value="{pid}" selected>North Star Partnership</option>' in html
    riverside = _schools(pid)["Riverside Academy"]
    assert outsider.http.post(f"/w/{owid}/edit", data={"school": "Riverside Academy", "partnership": str(pid),
                                                       "partner_school": str(riverside)}).status_code == 302
    assert _link(owid) == (pid, riverside)
    assert 'data-testid="no-partnership"' in outsider.http.get("/workshops/new").get_data(as_text=True)


def test_new_workshop_names_a_partnership_and_duplicate_keeps_it(people):
    pid, lead = people["pid"], people["lead"]
    hill = _schools(pid)["Hillview Primary"]
    made = lead.http.post("/workshops/new", data={"school": "Hillview Primary", "partnership": str(pid),
                                                  "partner_school": str(hill)})
    assert made.status_code == 302
    wid = int(made.headers["Location"].split("/w/")[1].split("/")[0])
    assert _link(wid) == (pid, hill)
    copied = lead.http.post(f"/w/{wid}/duplicate")
    copy = int(copied.headers["Location"].split("/w/")[1].split("/")[0])
    assert copy != wid and _link(copy) == (pid, hill)
    refused = people["other"].http.post("/workshops/new", data={"school": "Bay", "partnership": str(pid)})
    assert refused.status_code == 400 and "no partnership" in refused.get_data(as_text=True)
    bad = lead.http.post("/workshops/new", data={"school": "X", "partnership": "abc"})
    assert bad.status_code == 400 and "Choose the partnership from the list." in bad.get_data(as_text=True)


def test_backup_does_not_carry_the_partnership(people):
    wid, outsider = people["wid"], people["outsider"]
    doc = outsider.http.get(f"/w/{wid}/record.json").get_json()
    assert not {"partnership", "partnership_id", "partner_school", "partner_school_id"} & set(doc["workshop"])


def test_can_manage_is_the_lead_only(people):
    with db.session() as s:
        assert partnerships.can_manage(s, people["pid"], people["lead"].user.id)
        assert not partnerships.can_manage(s, people["pid"], people["member"].user.id)
        assert not partnerships.can_manage(s, people["pid"], people["other"].user.id)
