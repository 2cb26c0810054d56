"""Patches between two pushed states: small, exact, or not sent at all."""
from __future__ import annotations

import copy

import jsonpatch
from hypothesis import given, settings
from hypothesis import strategies as st
from support import make_app

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


# Any two JSON documents: the patch, applied by an independent RFC 6902 implementation, gives
# exactly the second (bools and numbers are kept apart: see the caveat in patches.py).
LEAVES = st.one_of(st.none(), st.integers(-5, 5), st.text(max_size=4))
JSON = st.recursive(LEAVES, lambda inner: st.one_of(st.lists(inner, max_size=6),
                                                     st.dictionaries(st.text(max_size=3), inner, max_size=5)),
                    max_leaves=25)


@settings(max_examples=400, deadline=None)
@given(a=JSON, b=JSON)
def test_any_patch_rebuilds_the_target_exactly(a, b):
    ops: list = []
    patches._diff(a, b, "", ops)
    assert jsonpatch.apply_patch(a, ops) == b


@settings(max_examples=300, deadline=None)
@given(items=st.lists(st.text(max_size=3), max_size=12), data=st.data())
def test_list_edits_give_small_patches(items, data):
    """An insert, a removal or an edit anywhere in a list is one or two operations."""
    changed = list(items)
    where = data.draw(st.integers(0, len(items)))
    kind = data.draw(st.sampled_from(["insert", "remove", "edit"]))
    if kind == "insert":
        changed.insert(where, "new!")
    elif items and where < len(items):
        if kind == "remove":
            del changed[where]
        else:
            changed[where] = "edited!"
    ops: list = []
    patches._diff({"cards": items}, {"cards": changed}, "", ops)
    assert jsonpatch.apply_patch({"cards": items}, ops) == {"cards": changed}
    assert len(ops) <= 2


def test_keys_with_slashes_and_tildes_are_escaped():
    ops: list = []
    patches._diff({"a/b": 1, "c~d": [1]}, {"a/b": 2, "c~d": [1, 2]}, "", ops)
    assert {op["path"] for op in ops} == {"/a~1b", "/c~0d/1"}
    assert jsonpatch.apply_patch({"a/b": 1, "c~d": [1]}, ops) == {"a/b": 2, "c~d": [1, 2]}


def test_a_value_changing_type_is_replaced():
    ops: list = []
    patches._diff({"n": 1, "m": None}, {"n": True, "m": 0}, "", ops)
    assert jsonpatch.apply_patch({"n": 1, "m": None}, ops) == {"n": True, "m": 0}
    assert len(ops) == 2


def test_a_room_gets_a_patch_only_if_every_version_since_its_base_was_committed_here(db_path):
    """With several processes (WORKSHOP_MESSAGE_QUEUE) another one may push to the same room: a
    patch from this process's base would then start from a state the phones no longer hold."""
    app = make_app(db_path, PUSH_PATCHES=True)
    with app.app_context():
        patches.committed_here(1, 10)
        assert patches.for_room(1, "board", wall(10, 40))[0] == "state"  # nothing pushed here before
        patches.committed_here(1, 11)
        patches.committed_here(1, 12)
        event, message = patches.for_room(1, "board", wall(12, 42))  # 11 and 12 coalesced: both ours
        assert event == "patch" and message["from_version"] == 10
        patches.committed_here(1, 14)  # 13 came from another process, which pushed it
        assert patches.for_room(1, "board", wall(14, 44))[0] == "state"
        patches.committed_here(1, 15)
        assert patches.for_room(1, "board", wall(15, 45))[0] == "patch"  # from 14, ours again
        assert patches.for_room(2, "board", wall(15, 45))[0] == "state"  # another workshop


def test_patches_are_off_under_testing_unless_asked_for(db_path):
    with make_app(db_path).app_context():
        patches.committed_here(1, 1)
        patches.for_room(1, "board", wall(1, 40))
        patches.committed_here(1, 2)
        assert patches.for_room(1, "board", wall(2, 41))[0] == "state"
