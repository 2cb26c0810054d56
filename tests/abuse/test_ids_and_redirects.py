"""Ids past 32 bits and where a form may send the browser back to (issue 11 §5): a huge id is
"not found", never a server error or a socket held open; `back=` stays on this site."""
from __future__ import annotations

import re

import pytest
from support import Facilitator

from workshop.extensions import socketio

HUGE = 10**30


@pytest.mark.parametrize("path", ["/w/99999999999999999999999/board", f"/w/{2**31}/console",
                                  f"/w/{HUGE}/record", f"/w/{2**31}/phone"])
def test_an_id_beyond_32_bits_in_a_url_is_not_found(app, path):
    ic = Facilitator(app, "ids@example.org", "Ids")
    assert ic.http.get(path).status_code == 404


@pytest.mark.parametrize("workshop", [HUGE, 2**31, 0, -1, True, "1"])
def test_a_socket_naming_an_impossible_workshop_is_refused(app, workshop):
    client = socketio.test_client(app, auth={"workshop": workshop, "role": "board", "key": "x"})
    assert not client.is_connected()


@pytest.mark.parametrize("back, lands", [("https://evil.example/", "/workshops"), ("//evil.example/x", "/workshops"),
                                         ("/\\evil.example", "/workshops"), ("/w/{wid}/console", "/w/{wid}/console")])
def test_the_status_form_goes_back_only_to_this_site(app, back, lands):
    ic = Facilitator(app, "back@example.org", "Back")
    wid = ic.create_workshop()
    page = ic.http.get(f"/w/{wid}/console").data.decode()
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    data = {"open": "1", "back": back.format(wid=wid)}
    if token:
        data["csrf_token"] = token.group(1)
    done = ic.http.post(f"/w/{wid}/status", data=data)
    assert done.status_code == 302
    assert done.headers["Location"].split("localhost", 1)[-1] == lands.format(wid=wid)
