"""The record's agreed actions framed as the programme asks: how each will be addressed, its success
measure and its terms of engagement, edited on the record page and checked as the action plan
tool checks them (the same words)."""
from __future__ import annotations

import html as htmllib
import re

import pytest
from record_fixtures import ACTIONS, seed
from support import protocol_violation

from werkzeug.datastructures import MultiDict

from workshop import review
from workshop.db import db
from workshop.record import SUPPORT_LEVELS, build
from workshop.tools import action_plan
from workshop.tools.base import Actor, ToolError

FRAMING = {"how": ["jpd", "mentoring", "jpd"], "how_other": "An adviser from the trust",
           "success": "Reading ages up 6 months for the target group by July",
           "terms": "Fortnightly visits; the JPD protocol; Thursdays 3.30-4.30"}


def form_of(page: str) -> list[tuple[str, str]]:
    """The record form as a browser would post it: text fields, selected options, ticked boxes."""
    form = page[page.index('data-testid="record-form"'):]
    data = re.findall(r'<input type="(?:text|hidden|number|date)"[^>]*?name="([^"]+)"[^>]*?value="([^"]*)"', form)
    data += re.findall(r'<textarea id="[^"]+" name="([^"]+)"[^>]*>([^<]*)</textarea>', form)
    data += [(name, value or "") for name, value in
             re.findall(r'<select id="[^"]+" name="([^"]+)">.*?(?:value="([a-c])" selected|</select>)', form, re.S)]
    data += re.findall(r'<input type="checkbox" name="(action-\d+-how)" value="([a-z_0-9]+)" checked>', form)
    return [(name, htmllib.unescape(value)) for name, value in data]


def post(ic, wid, fields: list[tuple[str, str]]):
    return ic.http.post(f"/w/{wid}/record", data=MultiDict(fields))


def test_framing_through_record_update_is_stored_in_the_menus_order(app, ic):
    wid = seed(app, ic)
    framed = [{**ACTIONS[0], **FRAMING}, ACTIONS[1], ACTIONS[2]]
    assert ic.step(wid, "record.update", {"actions": framed})["ok"]
    assert protocol_violation("payload:record.update", {"actions": framed}) is None
    assert protocol_violation("payload:record.update", {"actions": [{**ACTIONS[0], "how": ["bake_sale"]}]})
    with db.session() as s:
        first, second = build(s, wid).actions[:2]
    assert (first.how, first.how_other, first.success, first.terms) == (
        ["mentoring", "jpd"], FRAMING["how_other"], FRAMING["success"], FRAMING["terms"])
    assert first.how_labels == ["Mentoring and coaching", "Joint practice development", "An adviser from the trust"]
    assert (second.how, second.how_other, second.success, second.terms) == ([], "", "", "")


def tool_message(payload: dict) -> str:
    """What the action plan tool says to the same framing."""
    state = action_plan.initial_state({})
    with pytest.raises(ToolError) as err:
        action_plan.apply(state, {"type": "action.add", "payload": {"text": "x", **payload}, "seq": 1, "at": 1},
                          Actor("facilitator"))
    return err.value.message


@pytest.mark.parametrize("bad, code", [
    ({"how": ["jpd", "bake_sale"]}, "bad_request"), ({"how": "jpd"}, "bad_request"),
    ({"how_other": "x" * (review.HOW_OTHER_LIMIT + 1)}, "too_long"),
    ({"success": "x" * (review.SUCCESS_LIMIT + 1)}, "too_long"),
    ({"terms": "x" * (review.TERMS_LIMIT + 1)}, "too_long"), ({"terms": 7}, "bad_request"),
])
def test_the_record_refuses_a_bad_framing_in_the_tools_words(app, ic, bad, code):
    wid = seed(app, ic)
    ack = ic.step(wid, "record.update", {"actions": [ACTIONS[0], {**ACTIONS[1], **bad}]})
    assert (ack["ok"], ack["error"]) == (False, code)
    assert ack["message"] == f"Action 2: {tool_message(bad)}"
    if "how" in bad and isinstance(bad["how"], list):
        assert "bake_sale" in ack["message"]


def test_the_record_page_edits_each_actions_framing_and_keeps_it_on_a_refusal(app, ic):
    wid = seed(app, ic)
    page = ic.http.get(f"/w/{wid}/record").data.decode()
    fieldset = page[page.index("<legend>Agreed actions</legend>"):page.index("<legend>Reporting back")]
    for words in ("How will it be addressed?", "Within school (a)", "Within or between partnerships (b)",
                  "Other / outside the partnership", "What will show it worked?", "Terms of engagement",
                  *(label for level, label in review.HOW.values())):
        assert words in fieldset, words
    assert f'maxlength="{review.SUCCESS_LIMIT}"' in fieldset and f'maxlength="{review.TERMS_LIMIT}"' in fieldset
    form = [f for f in form_of(page) if f[0] not in ("action-1-success", "action-1-how_other")]
    form += [("action-1-how", "t2t_partnership"), ("action-1-how", "mentoring"),
             ("action-1-how_other", "Local authority SEND team"), ("action-1-success", "  Pupil passports  used in every lesson "),
             ("action-1-terms", "Two visits a term")]
    form = [f for f in form if f != ("action-1-terms", "")]
    assert post(ic, wid, form).status_code == 302
    with db.session() as s:
        action = build(s, wid).actions[1]
    assert (action.how, action.how_other, action.success, action.terms) == (
        ["mentoring", "t2t_partnership"], "Local authority SEND team", "Pupil passports used in every lesson",
        "Two visits a term")

    # The page shows them again: ticked, filled, and posted back unchanged they stay.
    page = ic.http.get(f"/w/{wid}/record").data.decode()
    again = form_of(page)
    assert [v for k, v in again if k == "action-1-how"] == ["mentoring", "t2t_partnership"]
    assert ("action-1-terms", "Two visits a term") in again and not [v for k, v in again if k == "action-0-how"]
    assert post(ic, wid, again).status_code == 302
    with db.session() as s:
        assert build(s, wid).actions[1].how == ["mentoring", "t2t_partnership"]

    # A way not on the menu is refused in words, and what was typed stays on the page.
    again = [f for f in again if f[0] != "action-2-success"]
    refused = post(ic, wid, [*again, ("action-2-how", "coffee_morning"), ("action-2-success", "Quotes by January")])
    body = refused.data.decode()
    assert refused.status_code == 400 and "Action 3: How it will be addressed: coffee_morning is not on the menu" in body
    assert "Quotes by January" in body
    assert re.search(r'name="action-1-how" value="t2t_partnership" checked', body)


def test_framed_actions_from_the_plan_post_back_unchanged_without_becoming_an_edit(app, ic, monkeypatch):
    wid = ic.create_workshop()
    cards = [{"id": "c9", "text": "Peer coaching", "author_name": None, "group": SUPPORT_LEVELS["b"], "source": None,
              "when": "by Easter", "who": "Siân", "support": "b", "comments": [],
              "how": ["mentoring", "jpd"], "how_other": "", "success": "Coaching logs show 3 cycles", "terms": "Termly"}]
    monkeypatch.setattr(action_plan, "outcomes", lambda state: cards)
    page = ic.http.get(f"/w/{wid}/record").data.decode()
    assert post(ic, wid, form_of(page)).status_code == 302
    with db.session() as s:
        record = build(s, wid)
    assert "actions" not in record.edited
    assert (record.actions[0].how, record.actions[0].terms) == (["mentoring", "jpd"], "Termly")
