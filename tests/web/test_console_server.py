"""The console page's server side: the activity-view URL it is given, the warning when phones can't
reach a loopback-only server, and bringing the review's key messages into a RAG rating."""
from __future__ import annotations

import html
import json
import re

import pytest
from support import activities_of, add_activity

from workshop.db import db
from workshop.models import Activity


def boot_of(page: bytes) -> dict:
    found = re.search(rb'<script type="application/json" id="boot">(.*?)</script>', page, re.S)
    return json.loads(html.unescape(found.group(1).decode()))


def test_the_console_reads_a_prompt_from_the_url_it_is_given(ic):
    wid = ic.create_workshop()
    page = ic.http.get(f"/w/{wid}/run").data
    boot = boot_of(page)
    fishbone = activities_of(wid, "fishbone")[0]
    assert boot["urls"]["activities"] == f"/w/{wid}/activities/"
    got = ic.http.get(f"{boot['urls']['activities']}{fishbone}/view")
    assert got.status_code == 200
    with db.session() as s:
        assert got.get_json()["prompt"] == s.get(Activity, fishbone).prompt != ""
    # The old address (under /run) never existed.
    assert b"/run/activities/" not in page
    assert ic.http.get(f"/w/{wid}/run/activities/{fishbone}/view").status_code == 404


@pytest.mark.parametrize("host, public, warned", [
    ("127.0.0.1", None, True), ("::1", None, True), ("localhost", None, True),
    ("127.0.0.1", "https://workshop.example.org", False),  # a proxy in front takes the phones in
    ("0.0.0.0", None, False), ("192.168.1.20", None, False), (None, None, False),  # not `workshop serve`
])
def test_a_loopback_server_warns_that_phones_cannot_reach_it(app, ic, host, public, warned):
    wid = ic.create_workshop()
    app.config.update(SERVE_HOST=host, PUBLIC_URL=public)
    page = ic.http.get(f"/w/{wid}/run").data.decode()
    assert ('data-testid="reach-warning"' in page) is warned
    assert boot_of(page.encode())["loopback"] == (host if warned else None)
    if warned:
        assert "--host 0.0.0.0" in page and "WORKSHOP_PUBLIC_URL" in page and f"only on {host}" in page


def rated(activity: int) -> list[tuple[str, dict | None]]:
    with db.session() as s:
        return [(i["text"], i["source"]) for i in s.get(Activity, activity).state["items"] if not i["removed"]]


def test_a_rag_rating_takes_the_workshops_key_messages(ic):
    wid = ic.create_workshop()
    rag = add_activity(ic, wid, "rag_rating", "How are we doing?")
    none = ic.step(wid, "activity.import", {"from": "key_messages"}, rag)
    assert (none["ok"], none["error"]) == (False, "conflict") and "Details" in none["message"]
    details = "- Pupils feel safe.\n\n* Adaptations vary.\n3. Passports\n"
    assert ic.step(wid, "workshop.update", {"key_messages": details})["ok"]
    assert ic.step(wid, "activity.import", {"from": "key_messages", "top": 1}, rag)["ok"]
    assert rated(rag) == [("Pupils feel safe.", None)]
    assert ic.step(wid, "activity.import", {"from": "key_messages"}, rag)["ok"]  # the first is not twice
    assert rated(rag) == [("Pupils feel safe.", None), ("Adaptations vary.", None), ("3. Passports", None)]
    again = ic.step(wid, "activity.import", {"from": "key_messages"}, rag)
    assert (again["ok"], again["error"]) == (False, "conflict")
    bad = ic.step(wid, "activity.import", {"from": "key_messages", "top": 0}, rag)
    assert bad["error"] == "bad_request"
    assert ic.step(wid, "undo")["ok"]  # replays without the step
    assert rated(rag) == [("Pupils feel safe.", None)]


def test_a_rag_rating_takes_a_response_rounds_key_messages_not_only_its_responses(ic):
    wid = ic.create_workshop()
    rr = activities_of(wid, "response_round")[0]
    assert ic.step(wid, "response.messages", {"messages": ["Pupils feel safe.", "Adaptations vary."]}, rr)["ok"]
    rag = add_activity(ic, wid, "rag_rating", "How are we doing?")
    assert ic.step(wid, "activity.import", {"from": rr, "group": "Key messages"}, rag)["ok"]
    assert rated(rag) == [("Pupils feel safe.", {"activity": rr, "card": "m0"}),
                               ("Adaptations vary.", {"activity": rr, "card": "m1"})]
    views = ic.step(wid, "activity.import", {"from": rr, "group": "Our view of the key messages"}, rag)
    assert (views["ok"], views["error"]) == (False, "conflict")  # nobody has responded yet
    assert "Our view of the key messages" in views["message"]
    bad = ic.step(wid, "activity.import", {"from": rr, "group": 3}, rag)
    assert bad["error"] == "bad_request"
    # The same messages from the workshop's details are already here: not brought in twice.
    assert ic.step(wid, "workshop.update", {"key_messages": "Pupils feel safe.\nAdaptations vary."})["ok"]
    twice = ic.step(wid, "activity.import", {"from": "key_messages"}, rag)
    assert (twice["ok"], twice["error"]) == (False, "conflict")
