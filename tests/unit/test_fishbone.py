"""The fishbone, as a pure reducer plus its views (docs/protocol-drafts/fishbone.md)."""
from __future__ import annotations

import copy
import json

import pytest

from workshop import tools
from workshop.tools import fishbone
from workshop.tools.base import Actor, ToolError

FAC = Actor("facilitator")
SAM = Actor("participant", participant=5, name="Zebedee")  # a name no test text contains
ALEX = Actor("participant", participant=6, name="Alexandra")
KIM = Actor("participant", participant=7, name="Kimberley")
AUDIENCES = ("facilitator", "board", "participant")


# --- helpers -------------------------------------------------------------------------------

def intent(kind: str, payload=None, *, seq: int = 900, at: int = 50_000) -> dict:
    return {"type": kind, "payload": {} if payload is None else payload, "at": at, "seq": seq}


def act(state: dict, kind: str, payload=None, actor: Actor = FAC, *, seq: int = 900, at: int = 50_000) -> dict:
    before = copy.deepcopy(state)
    after = tools.apply("fishbone", state, intent(kind, payload, seq=seq, at=at), actor)
    assert state == before, f"{kind} mutated the state it was given"
    assert json.loads(json.dumps(after)) == after, "the state must survive a JSON round trip"
    return after


def add(state: dict, text: str, actor: Actor = SAM, *, seq: int, bone="b1", parent=None) -> dict:
    return act(state, "fishbone.add", {"bone": bone, "text": text, "parent": parent}, actor, seq=seq)


def fish(**config) -> dict:
    return fishbone.initial_state({"anonymous": False, **config})  # named, to see names; the default is anonymous


def busy() -> dict:
    """Problem set; input open; marking open (vote mode, budget 3):

    c1 Sam on b1 (live, root)          c2 Alex on b4 (live; c5 merged into it)
    c3 Sam on b1, hidden               c4 Sam, deleted
    c5 Sam on b4, merged into c2       c6 Alex, sub-cause of c1
    c7 Sam, sub-cause of c3 (its parent is hidden)
    """
    s = act(fish(problem="SEND pupils make less progress in KS3"), "activity.open")
    s = add(s, "Pupil passports too long", SAM, seq=1, bone="b1")
    s = add(s, "No joint planning time with TAs", ALEX, seq=2, bone="b4")
    s = add(s, "something rude", SAM, seq=3, bone="b1")
    s = add(s, "withdrawn cause", SAM, seq=4, bone="b2")
    s = act(s, "fishbone.delete", {"cause": "c4"}, SAM)
    s = add(s, "TAs not in planning", SAM, seq=5, bone="b4")
    s = act(s, "fishbone.merge", {"cause": "c5", "into": "c2"})
    s = add(s, "Nobody owns the passport template", ALEX, seq=6, bone="b1", parent="c1")
    s = add(s, "under a hidden one", SAM, seq=7, bone="b1", parent="c3")
    s = act(s, "fishbone.hide", {"cause": "c3"})
    s = act(s, "fishbone.root", {"cause": "c1", "root": True})
    s = act(s, "fishbone.settings", {"marking": True})
    return s


def causes(state: dict, audience: str = "facilitator") -> dict[str, dict]:
    return {c["id"]: c for c in fishbone.view(state, audience)["causes"]}


def ids(state: dict, audience: str) -> list[str]:
    return [c["id"] for c in fishbone.view(state, audience)["causes"]]


def assert_rejected(state: dict, kind: str, payload, actor: Actor, code: str) -> None:
    before = copy.deepcopy(state)
    with pytest.raises(ToolError) as err:
        tools.apply("fishbone", state, {"type": kind, "payload": payload, "at": 60_000, "seq": 77}, actor)
    assert err.value.code == code, err.value.message
    assert err.value.message
    assert state == before, "a rejected intent mutated the state"


def everything_sent(state: dict) -> str:
    parts = [fishbone.view(state, a) for a in AUDIENCES]
    parts += [fishbone.private_view(state, p) for p in (5, 6, 7)]
    parts.append(fishbone.outcomes(state))
    return json.dumps(parts)


# --- initial state -------------------------------------------------------------------------

def test_default_bones_in_order():
    s = fish()
    assert s["bones"] == [{"id": "b1", "title": "Teaching and learning"}, {"id": "b2", "title": "Curriculum"},
                          {"id": "b3", "title": "Pupils"}, {"id": "b4", "title": "Staff and CPD"},
                          {"id": "b5", "title": "Leadership and systems"},
                          {"id": "b6", "title": "Resources and environment"},
                          {"id": "b7", "title": "Parents and community"}]
    assert s["open"] is False and s["revealed"] is False
    assert s["problem"] == "" and s["anonymous"] is False
    assert s["mode"] == "vote" and s["budget"] == 3 and s["marking"] is False
    assert not fishbone.has_contributions(s)
    assert fishbone.initial_state(None)["bones"] == s["bones"]
    assert fishbone.initial_state(None)["anonymous"] is True  # voice without fear: anonymous unless chosen


def test_config_sets_problem_categories_anonymity_and_marking():
    s = fish(problem="  Too   few SEND pupils  thrive ", categories=["People", "Places"], anonymous=True,
             mode="pick", budget=5)
    assert s["problem"] == "Too few SEND pupils thrive"
    assert s["bones"] == [{"id": "b1", "title": "People"}, {"id": "b2", "title": "Places"}]
    assert (s["anonymous"], s["mode"], s["budget"]) == (True, "pick", 5)


@pytest.mark.parametrize("config, code", [
    ({"categories": []}, "bad_request"),
    ({"categories": [f"C{n}" for n in range(9)]}, "bad_request"),
    ({"categories": "Teaching"}, "bad_request"),
    ({"categories": [""]}, "empty"),
    ({"categories": ["x" * 41]}, "too_long"),
    ({"categories": [3]}, "bad_request"),
    ({"mode": "lottery"}, "bad_request"),
    ({"budget": 0}, "bad_request"),
    ({"budget": 11}, "bad_request"),
    ({"budget": True}, "bad_request"),
    ({"problem": 5}, "bad_request"),
    ({"problem": "p" * 301}, "too_long"),
])
def test_bad_config_is_refused(config, code):
    with pytest.raises(ToolError) as err:
        fishbone.initial_state(config)
    assert err.value.code == code


# --- causes --------------------------------------------------------------------------------

def test_add_a_cause_with_the_demo_payload():
    s = act(fish(), "fishbone.add", {"bone": "b4", "text": "CPD on adaptive teaching was a one-off", "parent": None},
            SAM, seq=12)
    assert fishbone.view(s, "board")["causes"] == [
        {"id": "c12", "text": "CPD on adaptive teaching was a one-off", "bone": "b4", "parent": None,
         "author": "Zebedee", "merged": [], "source": None, "root": False}]
    assert fishbone.view(s, "board")["bones"][3] == {"id": "b4", "title": "Staff and CPD", "count": 1}
    assert fishbone.private_view(s, 5)["mine"] == ["c12"]
    assert fishbone.has_contributions(s)
    assert s["causes"][0]["at"] == 50_000


def test_sub_cause_sits_under_its_cause_on_its_bone():
    s = add(fish(), "Passports too long", seq=1, bone="b3")
    s = add(s, "Template written for primary", ALEX, seq=2, bone="b3", parent="c1")
    assert causes(s, "board")["c2"]["parent"] == "c1" and causes(s, "board")["c2"]["bone"] == "b3"
    # the bone may be left out for a sub-cause, and a stale one is overridden by the parent's
    s = act(s, "fishbone.add", {"text": "No time to read them", "parent": "c1"}, KIM, seq=3)
    s = act(s, "fishbone.move", {"cause": "c1", "bone": "b5"})
    s = add(s, "Sent from an old screen", KIM, seq=4, bone="b3", parent="c1")
    assert {c["id"]: c["bone"] for c in fishbone.view(s, "board")["causes"]} == {
        "c1": "b5", "c2": "b5", "c3": "b5", "c4": "b5"}


def test_facilitator_adds_without_a_name():
    s = add(fish(), "from the front", FAC, seq=4)
    assert causes(s)["c4"]["author"] is None
    assert fishbone.private_view(s, 5)["mine"] == []


def test_text_is_trimmed_and_limited_after_trimming():
    s = add(fish(), "  a \n  b\t", seq=1)
    assert causes(s)["c1"]["text"] == "a b"
    s = add(s, "  " + "y" * fishbone.MAX_TEXT + " ", seq=2)
    assert causes(s)["c2"]["text"] == "y" * fishbone.MAX_TEXT


def test_participant_edits_and_deletes_own_cause():
    s = act(busy(), "fishbone.edit", {"cause": "c1", "text": " Passports   far too long "}, SAM)
    assert causes(s)["c1"]["text"] == "Passports far too long"
    s = add(s, "spare", SAM, seq=20)
    s = act(s, "fishbone.delete", {"cause": "c20"}, SAM)
    assert "c20" not in ids(s, "facilitator")
    assert "c20" not in fishbone.private_view(s, 5)["mine"]


def test_facilitator_edits_any_cause_even_hidden():
    s = act(busy(), "fishbone.edit", {"cause": "c3", "text": "reworded"})
    assert causes(s)["c3"]["text"] == "reworded"
    assert causes(s)["c3"]["author"] == "Zebedee"


def test_deleting_a_cause_with_sub_causes_is_refused_until_they_go():
    s = busy()
    assert_rejected(s, "fishbone.delete", {"cause": "c1"}, SAM, "conflict")
    assert_rejected(s, "fishbone.delete", {"cause": "c1"}, FAC, "conflict")
    s = act(s, "fishbone.delete", {"cause": "c6"})
    s = act(s, "fishbone.delete", {"cause": "c1"})
    assert "c1" not in ids(s, "facilitator") and s["roots"] == []


def test_deleting_a_cause_others_were_merged_into_is_refused():
    assert_rejected(busy(), "fishbone.delete", {"cause": "c2"}, FAC, "conflict")


def test_hide_and_unhide():
    s = busy()
    assert causes(s)["c3"]["hidden"] is True
    s = act(s, "fishbone.unhide", {"cause": "c3"})
    assert "c3" in ids(s, "board") and "c7" in ids(s, "board")
    s = act(s, "fishbone.hide", {"cause": "c1"})
    assert "c1" not in ids(s, "board")
    assert "c6" not in ids(s, "board"), "a sub-cause of a hidden cause leaves the board with it"
    assert causes(s)["c6"]["hidden"] is False and causes(s)["c6"]["shown"] is False


def test_move_to_another_bone_takes_sub_causes_and_duplicates_along():
    s = act(busy(), "fishbone.move", {"cause": "c2", "bone": "b6"})
    assert causes(s)["c2"]["bone"] == "b6"
    s = act(s, "fishbone.move", {"cause": "c1", "bone": "b3"})
    assert causes(s)["c1"]["bone"] == "b3" and causes(s)["c6"]["bone"] == "b3"
    assert next(c for c in s["causes"] if c["id"] == "c5")["bone"] == "b6"


def test_move_a_sub_cause_out_to_a_bone_and_a_cause_under_another():
    s = act(busy(), "fishbone.move", {"cause": "c6", "bone": "b2", "parent": None})
    assert (causes(s)["c6"]["bone"], causes(s)["c6"]["parent"]) == ("b2", None)
    s = act(s, "fishbone.move", {"cause": "c6", "parent": "c2"})
    assert (causes(s)["c6"]["bone"], causes(s)["c6"]["parent"]) == ("b4", "c2")


def test_merge_moves_sub_causes_marks_and_root_to_the_target():
    s = act(busy(), "fishbone.mark", {"cause": "c1"}, KIM)
    s = add(s, "passports are long", ALEX, seq=30, bone="b2")
    s = act(s, "fishbone.mark", {"cause": "c30"}, ALEX)
    s = act(s, "fishbone.merge", {"cause": "c1", "into": "c30"})
    assert "c1" not in ids(s, "facilitator")
    assert causes(s)["c30"]["merged"] == ["c1"]
    assert causes(s)["c6"]["parent"] == "c30" and causes(s)["c6"]["bone"] == "b2"
    assert causes(s)["c30"]["root"] is True and s["roots"] == ["c30"]
    assert causes(s)["c30"]["votes"] == 2
    assert fishbone.private_view(s, 7)["marks"] == ["c30"]


def test_merge_into_a_cause_already_root_does_not_list_it_twice():
    s = act(busy(), "fishbone.root", {"cause": "c2", "root": True})
    s = add(s, "dup", ALEX, seq=31)
    s = act(s, "fishbone.root", {"cause": "c31", "root": True})
    s = act(s, "fishbone.merge", {"cause": "c31", "into": "c2"})
    assert s["roots"] == ["c1", "c2"]


def test_merging_a_cause_whose_duplicates_follow():
    s = add(busy(), "third copy", KIM, seq=40, bone="b5")
    s = act(s, "fishbone.merge", {"cause": "c2", "into": "c40"})
    assert causes(s)["c40"]["merged"] == ["c2", "c5"]


def test_a_sub_cause_merged_into_its_parent():
    s = act(busy(), "fishbone.merge", {"cause": "c6", "into": "c1"})
    assert causes(s)["c1"]["merged"] == ["c6"] and "c6" not in ids(s, "board")


# --- bones, problem, settings --------------------------------------------------------------

def test_set_the_problem():
    s = act(fish(), "fishbone.problem", {"text": "  KS3 SEND   progress lags  "})
    for audience in AUDIENCES:
        assert fishbone.view(s, audience)["problem"] == "KS3 SEND progress lags"


def test_bones_rename_reorder_add():
    s = act(busy(), "fishbone.bones", {"bones": [
        {"id": "b4", "title": "Staff"}, {"id": "b1", "title": "Teaching"}, {"title": "Time"},
        {"id": "b2", "title": "Curriculum"}, {"id": "b3", "title": "Pupils"}, {"id": "b5", "title": "Leaders"},
        {"id": "b6", "title": "Resources"}, {"id": "b7", "title": "Parents"}]}, seq=50)
    bones = fishbone.view(s, "board")["bones"]
    assert [b["id"] for b in bones] == ["b4", "b1", "b50-2", "b2", "b3", "b5", "b6", "b7"]
    assert bones[0] == {"id": "b4", "title": "Staff", "count": 1}
    assert causes(s)["c1"]["bone"] == "b1"
    assert fishbone.outcomes(s)[0]["group"] == "Teaching"


def test_removing_an_empty_bone():
    s = act(busy(), "fishbone.bones", {"bones": [{"id": "b1", "title": "T"}, {"id": "b4", "title": "S"}]})
    assert [b["id"] for b in s["bones"]] == ["b1", "b4"]


def test_removing_a_bone_with_causes_is_refused_unless_they_move():
    s = busy()
    keep_b4 = {"bones": [{"id": "b4", "title": "Staff and CPD"}]}
    assert_rejected(s, "fishbone.bones", keep_b4, FAC, "conflict")
    s = act(s, "fishbone.bones", {**keep_b4, "move_to": "b4"})
    assert {c["bone"] for c in s["causes"] if not c["deleted"]} == {"b4"}
    # even the hidden one and the sub-cause under it were kept
    assert {"c3", "c7", "c1", "c6"} <= set(ids(s, "facilitator"))


def test_deleted_causes_do_not_block_removing_their_bone():
    s = act(busy(), "fishbone.bones", {"bones": [{"id": bid, "title": "x"} for bid in ("b1", "b3", "b4")]})
    assert [b["id"] for b in s["bones"]] == ["b1", "b3", "b4"]  # c4 on b2 was deleted


def test_settings_each_on_its_own():
    s = act(fish(), "fishbone.settings", {"anonymous": True})
    s = act(s, "fishbone.settings", {"mode": "pick", "budget": 2})
    s = act(s, "fishbone.settings", {"marking": True})
    view = fishbone.view(s, "board")
    assert (view["anonymous"], view["mode"], view["budget"], view["marking"]) == (True, "pick", 2, True)


def test_import_lands_on_the_named_bone_keeping_source():
    incoming = [{"text": "from the wall", "author_name": "Zebedee", "source": {"activity": 3, "card": "c9"}},
                {"text": "x" * 280, "author_name": None, "source": {"activity": 3, "card": "c11"}}]
    s = act(fish(), "fishbone.import", {"cards": incoming, "bone": "b2"}, seq=40)
    assert fishbone.view(s, "board")["causes"] == [
        {"id": "c40-0", "text": "from the wall", "bone": "b2", "parent": None, "author": "Zebedee", "merged": [],
         "source": {"activity": 3, "card": "c9"}, "root": False},
        {"id": "c40-1", "text": "x" * 280, "bone": "b2", "parent": None, "author": None, "merged": [],
         "source": {"activity": 3, "card": "c11"}, "root": False}]
    assert fishbone.private_view(s, 5)["mine"] == []
    s = act(s, "fishbone.import", {"cards": incoming[:1]}, seq=41)
    assert causes(s)["c41-0"]["bone"] == "b1"  # no bone named: the first bone


# --- marking root causes -------------------------------------------------------------------

def test_marks_up_to_the_budget_and_private_view():
    s = add(busy(), "third", KIM, seq=20, bone="b2")
    s = add(s, "fourth", KIM, seq=21, bone="b2")
    for cause in ("c1", "c2", "c20"):
        s = act(s, "fishbone.mark", {"cause": cause}, SAM)
    assert fishbone.private_view(s, 5) == {"mine": ["c1", "c3", "c5", "c7"], "marks": ["c1", "c2", "c20"],
                                           "budget": 3, "left": 0}
    assert_rejected(s, "fishbone.mark", {"cause": "c21"}, SAM, "limit")
    s = act(s, "fishbone.unmark", {"cause": "c2"}, SAM)
    s = act(s, "fishbone.mark", {"cause": "c21"}, SAM)
    assert fishbone.private_view(s, 5)["marks"] == ["c1", "c20", "c21"]


def test_a_mark_on_a_merged_duplicate_counts_once_for_its_target():
    s = act(busy(), "fishbone.mark", {"cause": "c2"}, SAM)
    assert_rejected(s, "fishbone.mark", {"cause": "c2"}, SAM, "conflict")
    assert causes(s)["c2"]["votes"] == 1
    s = act(s, "fishbone.unmark", {"cause": "c2"}, SAM)
    assert s["marks"] == {}


def test_counts_are_hidden_from_the_room_until_revealed():
    s = busy()
    for actor, cause in ((SAM, "c2"), (ALEX, "c2"), (KIM, "c1"), (KIM, "c6")):
        s = act(s, "fishbone.mark", {"cause": cause}, actor)
    for audience in ("board", "participant"):
        view = fishbone.view(s, audience)
        assert view["results"] is False
        assert all("votes" not in c for c in view["causes"])
        assert "marked_by" not in view
    assert fishbone.private_view(s, 6)["marks"] == ["c2"]  # each phone sees only its own
    assert causes(s)["c2"]["votes"] == 2 and fishbone.view(s, "facilitator")["marked_by"] == 3
    s = act(s, "activity.reveal")
    for audience in ("board", "participant"):
        got = causes(s, audience)
        assert (got["c2"]["votes"], got["c1"]["votes"], got["c6"]["votes"]) == (2, 1, 1)
        assert fishbone.view(s, audience)["results"] is True


def test_room_sees_root_order_without_votes_before_reveal():
    s = busy()
    s = act(s, "fishbone.root", {"cause": "c2", "root": True})
    s = act(s, "fishbone.mark", {"cause": "c2"}, SAM)
    assert fishbone.view(s, "board")["roots"] == ["c1", "c2"]  # order added: nothing given away
    assert fishbone.view(s, "facilitator")["roots"] == ["c2", "c1"]
    s = act(s, "activity.reveal")
    assert fishbone.view(s, "board")["roots"] == ["c2", "c1"]


def test_marks_on_hidden_or_deleted_causes_free_the_budget():
    s = act(busy(), "fishbone.mark", {"cause": "c2"}, SAM)
    s = act(s, "fishbone.hide", {"cause": "c2"})
    assert fishbone.private_view(s, 5)["left"] == 3
    s = act(s, "fishbone.unhide", {"cause": "c2"})
    assert fishbone.private_view(s, 5)["left"] == 2


def test_facilitator_roots_one_at_a_time_and_all_at_once():
    s = act(busy(), "fishbone.root", {"cause": "c6", "root": True})
    assert s["roots"] == ["c1", "c6"] and causes(s, "board")["c6"]["root"] is True
    s = act(s, "fishbone.root", {"cause": "c1", "root": False})
    assert s["roots"] == ["c6"]
    s = act(s, "fishbone.roots", {"causes": ["c2", "c1"]})
    assert s["roots"] == ["c2", "c1"]
    s = act(s, "fishbone.roots", {"causes": []})
    assert s["roots"] == [] and fishbone.outcomes(s) == []


def test_pick_mode_phones_cannot_mark():
    s = act(busy(), "fishbone.settings", {"mode": "pick"})
    assert_rejected(s, "fishbone.mark", {"cause": "c1"}, SAM, "forbidden")


# --- outcomes ------------------------------------------------------------------------------

def test_outcomes_are_visible_roots_by_votes_then_order_with_their_bone():
    s = add(busy(), "third", KIM, seq=20, bone="b7")
    s = act(s, "fishbone.roots", {"causes": ["c20", "c6", "c2", "c1", "c3"]})
    s = act(s, "fishbone.mark", {"cause": "c2"}, SAM)
    s = act(s, "fishbone.mark", {"cause": "c2"}, ALEX)
    s = act(s, "fishbone.mark", {"cause": "c20"}, KIM)
    assert fishbone.outcomes(s) == [
        {"id": "c2", "text": "No joint planning time with TAs", "author_name": "Alexandra", "group": "Staff and CPD",
         "source": None, "votes": 2},
        {"id": "c20", "text": "third", "author_name": "Kimberley", "group": "Parents and community",
         "source": None, "votes": 1},
        {"id": "c1", "text": "Pupil passports too long", "author_name": "Zebedee", "group": "Teaching and learning",
         "source": None, "votes": 0},
        {"id": "c6", "text": "Nobody owns the passport template", "author_name": "Alexandra",
         "group": "Teaching and learning", "source": None, "votes": 0},
    ]  # c3 is hidden: not an outcome


# --- privacy -------------------------------------------------------------------------------

def test_anonymous_causes_never_carry_a_name():
    s = act(fish(), "fishbone.settings", {"anonymous": True})
    s = add(s, "quiet cause", SAM, seq=2)
    s = act(s, "fishbone.edit", {"cause": "c2", "text": "quieter cause"}, SAM)
    s = act(s, "fishbone.root", {"cause": "c2", "root": True})
    assert "Zebedee" not in everything_sent(s)
    s = act(s, "fishbone.settings", {"anonymous": False})
    assert "Zebedee" not in everything_sent(s)
    s = add(s, "loud cause", SAM, seq=4)
    assert "Zebedee" in json.dumps(fishbone.view(s, "board"))


def test_hidden_deleted_and_merged_causes_stay_off_the_board():
    s = busy()
    for audience in ("board", "participant"):
        assert ids(s, audience) == ["c1", "c2", "c6"]
        sent = json.dumps(fishbone.view(s, audience))
        assert "something rude" not in sent and "under a hidden one" not in sent
        assert all("hidden" not in c for c in fishbone.view(s, audience)["causes"])
        assert fishbone.view(s, audience)["count"] == 3
    assert ids(s, "facilitator") == ["c1", "c2", "c3", "c6", "c7"]
    assert "withdrawn cause" not in everything_sent(s)
    assert "TAs not in planning" not in json.dumps([fishbone.view(s, a) for a in AUDIENCES])
    assert fishbone.view(s, "board")["bones"][0]["count"] == 2


def test_views_never_carry_participant_ids():
    s = act(busy(), "fishbone.mark", {"cause": "c2"}, SAM)
    for audience in AUDIENCES:
        view = fishbone.view(s, audience)
        assert "marks" not in view
        for cause in view["causes"]:
            assert set(cause) <= {"id", "text", "bone", "parent", "author", "merged", "source", "root", "votes",
                                  "hidden", "shown"}


# --- rejections ----------------------------------------------------------------------------

REJECTIONS = [
    ("fishbone.add", {"bone": "b4", "text": "", "parent": None}, SAM, "empty"),
    ("fishbone.add", {"bone": "b4", "text": "  \n ", "parent": None}, SAM, "empty"),
    ("fishbone.add", {"bone": "b4", "text": "x" * (fishbone.MAX_TEXT + 1), "parent": None}, SAM, "too_long"),
    ("fishbone.add", {"bone": "b4", "text": 7, "parent": None}, SAM, "bad_request"),
    ("fishbone.add", {"bone": "b9", "text": "ok", "parent": None}, SAM, "not_found"),
    ("fishbone.add", {"bone": None, "text": "ok", "parent": None}, SAM, "bad_request"),
    ("fishbone.add", {"text": "ok"}, SAM, "bad_request"),
    ("fishbone.add", {"bone": 4, "text": "ok"}, SAM, "bad_request"),
    ("fishbone.add", {"bone": "b9", "text": "ok", "parent": "c1"}, SAM, "not_found"),
    ("fishbone.add", {"bone": "b1", "text": "ok", "parent": "c99"}, SAM, "not_found"),
    ("fishbone.add", {"bone": "b1", "text": "ok", "parent": "c4"}, SAM, "not_found"),  # deleted
    ("fishbone.add", {"bone": "b1", "text": "ok", "parent": "c3"}, SAM, "closed"),  # hidden
    ("fishbone.add", {"bone": "b1", "text": "ok", "parent": "c7"}, SAM, "closed"),  # under a hidden one
    ("fishbone.add", {"bone": "b4", "text": "ok", "parent": "c5"}, SAM, "closed"),  # merged away
    ("fishbone.add", {"bone": "b1", "text": "ok", "parent": "c6"}, SAM, "conflict"),  # too deep
    ("fishbone.add", {"bone": "b1", "text": "ok", "parent": 1}, SAM, "bad_request"),
    ("fishbone.edit", {"cause": "c1", "text": ""}, SAM, "empty"),
    ("fishbone.edit", {"cause": "c1", "text": "x" * (fishbone.MAX_TEXT + 1)}, SAM, "too_long"),
    ("fishbone.edit", {"cause": "c2", "text": "mine now"}, SAM, "forbidden"),
    ("fishbone.delete", {"cause": "c2"}, SAM, "forbidden"),
    ("fishbone.edit", {"cause": "c3", "text": "sneaky"}, SAM, "closed"),
    ("fishbone.delete", {"cause": "c3"}, SAM, "closed"),
    ("fishbone.edit", {"cause": "c7", "text": "sneaky"}, SAM, "closed"),
    ("fishbone.edit", {"cause": "c5", "text": "sneaky"}, SAM, "closed"),
    ("fishbone.edit", {"cause": "c99", "text": "x"}, FAC, "not_found"),
    ("fishbone.edit", {"cause": "c4", "text": "back"}, FAC, "not_found"),
    ("fishbone.delete", {"cause": "c4"}, SAM, "not_found"),
    ("fishbone.edit", {"text": "which?"}, FAC, "bad_request"),
    # facilitator steps from a phone
    ("fishbone.hide", {"cause": "c1"}, SAM, "forbidden"),
    ("fishbone.unhide", {"cause": "c3"}, SAM, "forbidden"),
    ("fishbone.move", {"cause": "c1", "bone": "b2"}, SAM, "forbidden"),
    ("fishbone.merge", {"cause": "c1", "into": "c2"}, SAM, "forbidden"),
    ("fishbone.root", {"cause": "c1", "root": True}, SAM, "forbidden"),
    ("fishbone.roots", {"causes": []}, SAM, "forbidden"),
    ("fishbone.problem", {"text": "mine"}, SAM, "forbidden"),
    ("fishbone.bones", {"bones": [{"title": "x"}]}, SAM, "forbidden"),
    ("fishbone.settings", {"marking": False}, SAM, "forbidden"),
    ("fishbone.import", {"cards": []}, SAM, "forbidden"),
    ("fishbone.focus", {"bone": "b1"}, SAM, "forbidden"),
    ("activity.reveal", {}, SAM, "forbidden"),
    # hide, move, merge
    ("fishbone.hide", {"cause": "c99"}, FAC, "not_found"),
    ("fishbone.hide", {"cause": 3}, FAC, "bad_request"),
    ("fishbone.move", {"cause": "c1", "bone": "b9"}, FAC, "not_found"),
    ("fishbone.move", {"cause": "c1"}, FAC, "bad_request"),
    ("fishbone.move", {"cause": "c99", "bone": "b2"}, FAC, "not_found"),
    ("fishbone.move", {"cause": "c5", "bone": "b2"}, FAC, "conflict"),
    ("fishbone.move", {"cause": "c1", "parent": "c1"}, FAC, "conflict"),
    ("fishbone.move", {"cause": "c1", "parent": "c2"}, FAC, "conflict"),  # c1 has a sub-cause
    ("fishbone.move", {"cause": "c2", "parent": "c6"}, FAC, "conflict"),  # too deep
    ("fishbone.merge", {"cause": "c1", "into": "c1"}, FAC, "conflict"),
    ("fishbone.merge", {"cause": "c1", "into": "c5"}, FAC, "conflict"),
    ("fishbone.merge", {"cause": "c5", "into": "c1"}, FAC, "conflict"),
    ("fishbone.merge", {"cause": "c1", "into": "c6"}, FAC, "conflict"),  # into its own sub-cause
    ("fishbone.merge", {"cause": "c1", "into": "c7"}, FAC, "conflict"),  # has subs, into a sub-cause
    ("fishbone.merge", {"cause": "c1", "into": "c99"}, FAC, "not_found"),
    ("fishbone.merge", {"cause": "c1", "into": "c4"}, FAC, "not_found"),
    # marks
    ("fishbone.mark", {"cause": "c99"}, SAM, "not_found"),
    ("fishbone.mark", {"cause": "c3"}, SAM, "closed"),
    ("fishbone.mark", {"cause": "c7"}, SAM, "closed"),
    ("fishbone.mark", {"cause": "c5"}, SAM, "closed"),
    ("fishbone.mark", {"cause": "c1"}, FAC, "forbidden"),
    ("fishbone.mark", {}, SAM, "bad_request"),
    ("fishbone.unmark", {"cause": "c1"}, SAM, "not_found"),  # not marked
    ("fishbone.root", {"cause": "c1", "root": "yes"}, FAC, "bad_request"),
    ("fishbone.root", {"cause": "c5", "root": True}, FAC, "conflict"),
    ("fishbone.root", {"cause": "c99", "root": True}, FAC, "not_found"),
    ("fishbone.roots", {"causes": ["c1", "c1"]}, FAC, "conflict"),
    ("fishbone.roots", {"causes": ["c99"]}, FAC, "not_found"),
    ("fishbone.roots", {"causes": ["c5"]}, FAC, "conflict"),
    ("fishbone.roots", {"causes": "c1"}, FAC, "bad_request"),
    ("fishbone.roots", {"causes": [1]}, FAC, "bad_request"),
    # problem, bones, settings, import
    ("fishbone.problem", {"text": ""}, FAC, "empty"),
    ("fishbone.problem", {"text": "p" * 301}, FAC, "too_long"),
    ("fishbone.problem", {}, FAC, "bad_request"),
    ("fishbone.bones", {"bones": []}, FAC, "limit"),
    ("fishbone.bones", {"bones": [{"title": f"B{n}"} for n in range(9)]}, FAC, "limit"),
    ("fishbone.bones", {"bones": [{"id": "b1", "title": "A"}, {"id": "b1", "title": "B"}]}, FAC, "conflict"),
    ("fishbone.bones", {"bones": [{"id": "b9", "title": "Nowhere"}]}, FAC, "not_found"),
    ("fishbone.bones", {"bones": [{"title": ""}]}, FAC, "empty"),
    ("fishbone.bones", {"bones": [{"title": "t" * 41}]}, FAC, "too_long"),
    ("fishbone.bones", {"bones": ["Teaching"]}, FAC, "bad_request"),
    ("fishbone.bones", {"bones": [{"id": 1, "title": "x"}]}, FAC, "bad_request"),
    ("fishbone.bones", {}, FAC, "bad_request"),
    ("fishbone.bones", {"bones": [{"id": "b1", "title": "T"}]}, FAC, "conflict"),  # b4 still has causes
    ("fishbone.bones", {"bones": [{"id": "b1", "title": "T"}], "move_to": "b4"}, FAC, "not_found"),
    ("fishbone.bones", {"bones": [{"title": "New"}], "move_to": "b1"}, FAC, "not_found"),
    ("fishbone.settings", {}, FAC, "bad_request"),
    ("fishbone.settings", {"colour": "red"}, FAC, "bad_request"),
    ("fishbone.settings", {"anonymous": "yes"}, FAC, "bad_request"),
    ("fishbone.settings", {"mode": "raffle"}, FAC, "bad_request"),
    ("fishbone.settings", {"budget": 0}, FAC, "bad_request"),
    ("fishbone.settings", {"budget": 11}, FAC, "bad_request"),
    ("fishbone.settings", {"budget": 2.0}, FAC, "bad_request"),
    ("fishbone.settings", {"marking": 1}, FAC, "bad_request"),
    ("fishbone.import", {}, FAC, "bad_request"),
    ("fishbone.import", {"cards": "c1"}, FAC, "bad_request"),
    ("fishbone.import", {"cards": [{"text": 5}]}, FAC, "bad_request"),
    ("fishbone.import", {"cards": [{"text": "t", "source": None}], "bone": "b9"}, FAC, "not_found"),
    ("fishbone.focus", {"bone": "b9"}, FAC, "not_found"),
    ("fishbone.focus", {"bone": 1}, FAC, "bad_request"),
    ("fishbone.focus", {"bone": ""}, FAC, "bad_request"),
    ("fishbone.focus", {}, FAC, "bad_request"),
    # intent types and payload shape
    ("idea.add", {"text": "x"}, SAM, "unknown_intent"),
    ("fishbone.frobnicate", {}, FAC, "unknown_intent"),
    ("fishbone.add", "text", SAM, "bad_request"),
    ("fishbone.hide", 7, FAC, "bad_request"),
]


@pytest.mark.parametrize("kind, payload, actor, code", REJECTIONS,
                         ids=[f"{k}-{a.role[0]}-{c}-{n}" for n, (k, _, a, c) in enumerate(REJECTIONS)])
def test_rejections(kind, payload, actor, code):
    assert_rejected(busy(), kind, payload, actor, code)


def test_marking_closed_and_over_budget():
    s = act(busy(), "fishbone.settings", {"marking": False})
    assert_rejected(s, "fishbone.mark", {"cause": "c1"}, SAM, "closed")
    s = act(s, "fishbone.settings", {"marking": True, "budget": 1})
    s = act(s, "fishbone.mark", {"cause": "c1"}, SAM)
    assert_rejected(s, "fishbone.mark", {"cause": "c2"}, SAM, "limit")


def test_another_participant_cannot_touch_sams_hidden_cause():
    assert_rejected(busy(), "fishbone.edit", {"cause": "c3", "text": "x"}, ALEX, "forbidden")


def test_a_full_fishbone_refuses_more():
    s = busy()
    filler = {**copy.deepcopy(s["causes"][0]), "author": None}
    shown = sum(1 for c in s["causes"] if not c["deleted"] and not c["hidden"])  # deleted and hidden make room
    s = {**s, "causes": s["causes"] + [{**filler, "id": f"f{n}"} for n in range(fishbone.MAX_CAUSES - shown)]}
    assert_rejected(s, "fishbone.add", {"bone": "b1", "text": "one more", "parent": None}, SAM, "limit")
    assert_rejected(s, "fishbone.import", {"cards": [{"text": "t", "author_name": None, "source": None}]}, FAC, "limit")


@pytest.mark.parametrize("kind, payload, actor", [
    ("fishbone.add", {"bone": "b2", "text": "new", "parent": None}, SAM),
    ("fishbone.add", {"bone": "b1", "text": "why", "parent": "c1"}, ALEX),
    ("fishbone.edit", {"cause": "c1", "text": "changed"}, SAM),
    ("fishbone.delete", {"cause": "c6"}, ALEX),
    ("fishbone.hide", {"cause": "c1"}, FAC),
    ("fishbone.unhide", {"cause": "c3"}, FAC),
    ("fishbone.move", {"cause": "c1", "bone": "b2"}, FAC),
    ("fishbone.merge", {"cause": "c6", "into": "c2"}, FAC),
    ("fishbone.mark", {"cause": "c1"}, SAM),
    ("fishbone.root", {"cause": "c2", "root": True}, FAC),
    ("fishbone.roots", {"causes": ["c2"]}, FAC),
    ("fishbone.problem", {"text": "new problem"}, FAC),
    ("fishbone.bones", {"bones": [{"title": "Only"}], "move_to": None}, None),
    ("fishbone.settings", {"budget": 5}, FAC),
    ("fishbone.import", {"cards": [{"text": "t", "author_name": None, "source": {"activity": 1, "card": "c1"}}],
                         "bone": "b3"}, FAC),
    ("fishbone.focus", {"bone": "b4"}, FAC),
])
def test_accepted_intents_change_a_copy(kind, payload, actor):
    state = busy()
    if actor is None:  # bones: replace them all, moving every cause onto the one that stays
        actor, payload = FAC, {"bones": [{"id": "b1", "title": "Only"}], "move_to": "b1"}
    before = copy.deepcopy(state)
    after = tools.apply("fishbone", state, intent(kind, payload), actor)
    assert state == before
    assert after != before


def test_views_are_json_serialisable():
    s = busy()
    for audience in AUDIENCES:
        json.dumps(fishbone.view(s, audience))
    json.dumps(fishbone.outcomes(s))
    json.dumps(fishbone.private_view(s, 5))


# --- focus: the board enlarges one bone ------------------------------------------------------

def test_focus_on_a_bone_and_back_to_the_whole_fishbone():
    s = busy()
    assert all(fishbone.view(s, a)["focus"] is None for a in AUDIENCES)
    s = act(s, "fishbone.focus", {"bone": "b4"})
    assert all(fishbone.view(s, a)["focus"] == "b4" for a in AUDIENCES)
    assert fishbone.view(s, "board")["causes"] == fishbone.view(busy(), "board")["causes"]  # only the board's layout
    s = act(s, "fishbone.focus", {"bone": "b1"})
    assert fishbone.view(s, "board")["focus"] == "b1"
    s = act(s, "fishbone.focus", {"bone": None})
    assert fishbone.view(s, "board")["focus"] is None


def test_removing_the_focused_bone_ends_the_focus_and_renaming_keeps_it():
    s = act(busy(), "fishbone.focus", {"bone": "b4"})
    bones = [{"id": b["id"], "title": b["title"]} for b in s["bones"]]
    renamed = act(s, "fishbone.bones", {"bones": [{**b, "title": "Staff"} if b["id"] == "b4" else b for b in bones]})
    assert fishbone.view(renamed, "board")["focus"] == "b4"
    gone = act(s, "fishbone.bones", {"bones": [b for b in bones if b["id"] != "b4"], "move_to": "b1"})
    assert fishbone.view(gone, "board")["focus"] is None


def test_a_state_saved_before_focus_existed_still_has_a_view():
    s = {k: v for k, v in busy().items() if k != "focus"}
    assert fishbone.view(s, "board")["focus"] is None
    assert act(s, "fishbone.focus", {"bone": "b2"})["focus"] == "b2"
