"""The idea wall's console in a real browser at 1366x768: hide, move to a column and merge, the
controls it shares with the SWOT console (tools/card_wall_console.js) with the wall's own move
select (columns) and Save button. Seeded over Socket.IO in test_swot_in_the_browser's room."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect
from test_swot_in_the_browser import room  # noqa: F401  (the fixture: a live workshop with a console and two phones)

pytestmark = pytest.mark.parametrize("server", ["gevent"], indirect=True)

IDEAS = ["Shorter pupil passports", "One planning slot a week with TAs", "Peer visits between classrooms",
         "Shared passport template"]


def idea_wall(room) -> int:
    console = room["console"]
    version = console.send("agenda.add", {"tool": "idea_wall", "title": "What could we change?",
                                          "prompt": "One idea per card.", "section": "Part 3", "after": None,
                                          "config": {"columns": ["Quick wins", "Bigger changes"]}})["version"]
    state = console.wait(lambda s: s["version"] >= version, "the new activity")
    wall = [a["id"] for a in state["agenda"] if a["tool"] == "idea_wall"][-1]
    console.send("control.goto", {"activity": wall})
    console.send("activity.open", activity=wall)
    return wall


def test_the_idea_wall_console_hides_moves_and_merges(room, browser):  # noqa: F811
    wall = idea_wall(room)
    ids = {}
    for n, text in enumerate(IDEAS):
        ack = room["phones"][n % 2].send("idea.add", {"text": text}, wall)
        ids[text] = ack["private"]["mine"][-1]
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    context.add_cookies([{"name": c.name, "value": c.value, "url": room["server"]} for c in room["http"].cookies])
    page = context.new_page()
    page.goto(room["console_url"])
    expect(page.locator("[data-testid=wall] [data-testid=card]")).to_have_count(len(IDEAS))
    console = room["console"]

    peers = page.locator(f"[data-card={ids['Peer visits between classrooms']}]")
    peers.get_by_test_id("card-hide").click()
    console.wait(lambda s: any(c["id"] == ids["Peer visits between classrooms"] and c["hidden"]
                               for c in s["activity"]["view"]["cards"]), "the hidden idea")
    expect(peers.get_by_test_id("card-hidden")).to_be_visible()
    expect(peers.get_by_test_id("card-unhide")).to_be_visible()

    planning = ids["One planning slot a week with TAs"]
    page.locator(f"[data-card={planning}]").get_by_test_id("card-move").select_option("k2")
    console.wait(lambda s: any(c["id"] == planning and c["column"] == "k2" for c in s["activity"]["view"]["cards"]),
                 "the moved idea")
    expect(page.locator(".fwall-group", has_text="Bigger changes").locator(f"[data-card={planning}]")).to_be_visible()

    template = ids["Shared passport template"]
    page.locator(f"[data-card={template}]").get_by_test_id("card-merge").click()
    page.get_by_test_id("merge-into").select_option(ids["Shorter pupil passports"])
    page.locator(f"[data-card={template}] button[type=submit]", has_text="Save").click()
    expect(page.locator(f"[data-card={template}]")).to_have_count(0)
    expect(page.locator(f"[data-card={ids['Shorter pupil passports']}] .card-merged")).to_have_text("×2")
    context.close()
