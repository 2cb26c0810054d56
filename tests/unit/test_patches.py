"""Patches between two pushed states: small, exact, or not sent at all."""
from __future__ import annotations

import copy

import jsonpatch

from workshop.engine import patches


def wall(version: int, n: int) -> dict:
    cards = [{"id": f"c{i}", "text": f"Idea number {i} about planning time and TAs", "author": "Jo"} for i in range(n)]
    return {"protocol": 1, "version": version, "server_now": 1000 + version, "role": "board",
            "activity": {"id": 3, "view": {"cards": cards, "count": n}}}


def test_one_more_card_is_a_small_patch_that_rebuilds_the_new_state_exactly():
    before, after = wall(10, 400), wall(11, 401)
    message = patches.between(before, after)
    assert message["from_version"] == 10 and message["version"] == 11 and message["protocol"] == 1
    assert patches.encoded_size(message) < patches.encoded_size(after) / 50
    assert jsonpatch.apply_patch(before, message["ops"]) == after


def test_edits_removals_and_reorders_rebuild_exactly():
    before = wall(10, 60)
    after = copy.deepcopy(before) | {"version": 14, "server_now": 2000}
    cards = after["activity"]["view"]["cards"]
    cards[5]["text"] = "Edited ✓ — naïve café"
    del cards[7]
    cards.insert(0, cards.pop(30))
    after["activity"]["view"]["count"] = len(cards)
    message = patches.between(before, after)
    assert message is not None and jsonpatch.apply_patch(before, message["ops"]) == after


def test_no_patch_without_a_base_from_an_older_version_or_when_it_would_be_as_big():
    assert patches.between(None, wall(1, 3)) is None
    assert patches.between(wall(5, 3), wall(5, 3)) is None
    assert patches.between(wall(6, 3), wall(5, 3)) is None
    other_activity = wall(8, 40) | {"activity": {"id": 4, "view": {"items": ["a", "b"]}}}
    assert patches.between(wall(7, 40), other_activity) is None  # nearly everything changed
