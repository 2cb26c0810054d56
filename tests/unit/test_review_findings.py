"""The Review Findings read from a paste, checked, turned into timing advice and into the
workshop's key messages and focus (workshop/review.py, agenda._from_details)."""
from __future__ import annotations

from datetime import date

import pytest

from workshop import agenda, review
from workshop.tools.base import ToolError

# A completed template as a head might paste it from a Word file: Windows newlines, odd spacing
# and case, three kinds of bullet, "..." for "…", ticks beside two dimensions, and a line above
# the template.
PASTE = "\r\n".join([
    "Sent by Ana on 8 March, as agreed.",
    "REVIEW FINDINGS TEMPLATE",
    "Host school:   Brookfield Primary School",
    "Our Impact   √",
    "Review date: 3-5 March 2027",
    "Looking Forward",
    "Review team: Ana Costa (Hillside Academy), Ben Okafor (St Luke's CE Primary)",
    "Lead reviewer:  Ana Costa",
    "ICs: Dev Patel and Jo Marsh",
    "Looking Inward ✔",
    "Looking Outward",
    "Theme(s): Reading for pleasure in Key Stage 2",
    "",
    "WHAT WERE OUR SPECIFIC ENQUIRY QUESTIONS?",
    "• How far do pupils in Years 3-6 choose to read beyond lessons?",
    "• Does the reading curriculum build stamina?",
    "What evidence did we gather?",
    "o Conversations with twelve pupils from Years 4 and 6",
    "o Book corner audit and library loan records",
    "What we found...",
    "• Pupils speak warmly about class novels and can name favourite authors.",
    "• Few pupils in Year 5 read at home more than twice a week;",
    "  reading records are patchy.",
    "• Staff share an approach to guided reading, but time for independent reading is often squeezed.",
    "What we celebrate and want to share …",
    "The class novel programme in Year 6 is a real strength.",
    "What we recommend for further development and a possible enquiry focus for the improvement workshop...",
    "- Build daily protected time for independent reading across KS2. Link it to the library.",
    "- Involve families in home reading.",
    "",
])


def test_a_pasted_template_fills_every_field_and_keeps_what_matched_no_heading():
    fields, leftover = review.parse_pasted(PASTE)
    assert fields["school"] == "Brookfield Primary School"
    assert (fields["start"], fields["end"]) == ("2027-03-03", "2027-03-05")
    assert fields["team"] == "Ana Costa (Hillside Academy), Ben Okafor (St Luke's CE Primary)"
    assert fields["lead_reviewer"] == "Ana Costa"
    assert fields["ics"] == "Dev Patel and Jo Marsh"
    assert fields["themes"] == "Reading for pleasure in Key Stage 2"
    assert fields["dimensions"] == ["impact", "inward"]
    assert fields["questions"] == ("- How far do pupils in Years 3-6 choose to read beyond lessons?\n"
                                   "- Does the reading curriculum build stamina?")
    assert fields["evidence"].splitlines() == ["- Conversations with twelve pupils from Years 4 and 6",
                                               "- Book corner audit and library loan records"]
    assert fields["found"].count("\n- ") == 2 and "\r" not in fields["found"]
    assert fields["celebrate"] == "The class novel programme in Year 6 is a real strength."
    assert fields["recommend"].startswith("- Build daily protected time")
    assert "focus" not in fields
    assert leftover == "Sent by Ana on 8 March, as agreed."  # above every heading: placed by hand
    assert review.clean({k: v for k, v in fields.items() if k in review.empty()})  # what it reads is storable


def test_a_pdf_copied_as_text_puts_ticks_after_their_labels_and_breaks_names():
    fields, leftover = review.parse_pasted(
        "Focus for enquiry: How do we stretch our most able mathematicians?\n"
        "Host school:\nOur Impact\n\n√\n\nReview date:\n12/03/2027\n\nLooking\nForward\n\nLooking\nInward\n\n"
        "ICs:\n√\n\nLooking\nOutward\n\nWhat we found…\nMost able pupils finish early.\n")
    assert fields["dimensions"] == ["impact", "inward"]
    assert fields["focus"] == "How do we stretch our most able mathematicians?"
    assert (fields["start"], fields["end"]) == ("2027-03-12", "")
    assert fields["found"] == "Most able pupils finish early."
    assert fields["ics"] == "" and leftover == ""


def test_words_that_only_begin_like_a_heading_are_not_one():
    fields, leftover = review.parse_pasted("ICs are welcome to stay.\nWhat we found was surprising.")
    assert fields == {} and leftover == "ICs are welcome to stay.\nWhat we found was surprising."


def test_spacing_is_no_obstacle_and_no_trap():
    fields, _ = review.parse_pasted("Lead\u00a0reviewer :\tAna   Costa\nOur Impact" + " " * 50000 + "zz")
    assert fields["lead_reviewer"] == "Ana Costa"  # and at once: long runs of spaces are not backtracked over
    blank = "\n  " * 30000
    assert review.key_messages({"found": f"One.{blank}Two."}) == ["One.", "Two."]
    assert review.focus({"recommend": f"{blank}Focus for enquiry: Why?{blank}"}) == "Why?"


def test_a_review_date_that_does_not_parse_is_left_for_the_person():
    fields, leftover = review.parse_pasted("Review date: the week after half term\nLead reviewer: Sam")
    assert (fields["start"], fields["end"]) == ("", "")
    assert leftover == "Review date: the week after half term" and fields["lead_reviewer"] == "Sam"


@pytest.mark.parametrize("text, days", [
    ("12-14 March 2027", ("2027-03-12", "2027-03-14")),
    ("12th – 14th March 2027", ("2027-03-12", "2027-03-14")),
    ("30 March to 2 April 2027", ("2027-03-30", "2027-04-02")),
    ("3 - 5 March, 2027", ("2027-03-03", "2027-03-05")),
    ("Tuesday 4 and Wednesday 5 March 2027", ("2027-03-04", "2027-03-05")),
    ("Monday, 3 March 2027 to Wednesday, 5 March 2027", ("2027-03-03", "2027-03-05")),
    ("12 March 2027", ("2027-03-12", "")),
    ("1st May 2018", ("2018-05-01", "")),
    ("12/03/2027", ("2027-03-12", "")),
    ("12/03/2027 - 13/03/2027", ("2027-03-12", "2027-03-13")),
    ("2027-03-12", ("2027-03-12", "")),
    ("31/02/2027", ("", "")),
    ("next spring", ("", "")),
])
def test_review_dates(text, days):
    assert review.parse_dates(text) == days


def test_clean_fills_every_key_and_trims():
    out = review.clean({"team": "  Ana  ", "start": "2027-03-03", "end": "2027-03-03",
                        "dimensions": ["outward", "impact", "impact"]})
    assert out == {**review.empty(), "team": "Ana", "start": "2027-03-03", "end": "",
                   "dimensions": ["impact", "outward"]}
    assert review.clean(out) == out


@pytest.mark.parametrize("value, code, words", [
    ([], "bad_request", "must be an object"),
    ({"colour": "red"}, "bad_request", "Unknown review field(s): colour"),
    ({"team": 3}, "bad_request", "Review team must be text"),
    ({"found": None}, "bad_request", "What we found… must be text"),
    ({"end": None}, "bad_request", "last day must be text"),
    ({"found": "x" * 12001}, "too_long", "What we found can be at most 12000 characters"),
    ({"start": "12/03/2027"}, "bad_request", "first day must be a real date"),
    ({"start": "2027-02-30"}, "bad_request", "first day must be a real date"),
    ({"end": "2027-03-03"}, "bad_request", "Give the review's first day too"),
    ({"start": "2027-03-05", "end": "2027-03-03"}, "bad_request", "last day is before its first day"),
    ({"dimensions": ["upward"]}, "bad_request", "Unknown dimension(s): upward"),
    ({"dimensions": "impact"}, "bad_request", "must be a list"),
])
def test_clean_refuses_with_a_clear_message(value, code, words):
    with pytest.raises(ToolError) as caught:
        review.clean(value)
    assert caught.value.code == code and words in caught.value.message


REVIEW = {**review.empty(), "start": "2027-03-03", "end": "2027-03-05"}


@pytest.mark.parametrize("day, words", [
    (date(2027, 3, 15), None),  # ten days after: as planned
    (date(2027, 3, 9), None),  # four days: "about" a week
    (date(2027, 3, 22), None),  # seventeen: "about" two weeks
    (date(2027, 3, 4), "before the review has finished"),
    (date(2027, 3, 6), "1 day after the review's last day"),
    (date(2027, 4, 20), "46 days after the review's last day"),
])
def test_warnings_on_timing(day, words):
    got = review.warnings("Brookfield Primary School", day, REVIEW)
    assert (got == []) if words is None else (len(got) == 1 and words in got[0])


def test_no_timing_warning_without_both_dates():
    assert review.warnings("Brookfield", None, REVIEW) == []
    assert review.warnings("Brookfield", date(2027, 9, 1), review.empty()) == []


@pytest.mark.parametrize("host, ics_school, same", [
    ("Brookfield Primary School", "brookfield  primary", True),
    ("The Brookfield Academy", "Brookfield", True),
    ("St. Mary's & St John's School", "St Marys and St Johns", True),
    ("St Mary's School", "St Mary's", True),
    ("Brookfield Primary School", "Brookfield Secondary School", False),
    ("Brookfield Primary School", "Brookfield", False),
    ("Brookfield Primary School", "", False),
])
def test_warning_when_the_ics_come_from_the_host_school(host, ics_school, same):
    got = review.warnings(host, None, {**review.empty(), "ics_school": ics_school})
    assert bool(got) == same and all("ICs' school is the host school" in w for w in got)


FOUND = ("- Pupils speak warmly about class novels.\n- Few pupils in Year 5 read at home;\n  records are patchy.\n"
         + "".join(f"- Point {n} " + "word " * 80 + "\n" for n in range(12)))


def test_key_messages_are_the_points_of_what_we_found():
    got = review.key_messages({"found": FOUND})
    assert got[:2] == ["Pupils speak warmly about class novels.", "Few pupils in Year 5 read at home; records are patchy."]
    assert len(got) == agenda.MESSAGES_LIMIT and all(len(m) <= 280 for m in got)
    assert got[2].endswith("…")
    assert review.key_messages({"found": "First finding.\n\nSecond finding,\nover two lines."}) == [
        "First finding.", "Second finding, over two lines."]


def test_the_focus_is_the_first_recommendation_or_the_focus_for_enquiry():
    assert review.focus({"recommend": "- Build daily reading time. Link it to the library.\n- Involve families."}) \
        == "Build daily reading time."
    assert review.focus({"recommend": "- Involve families.\nFocus for enquiry: How can reading become a habit?"}) \
        == "How can reading become a habit?"
    assert len(review.focus({"recommend": "word " * 100})) <= agenda.PROBLEM_LIMIT
    assert review.focus({}) == ""


def test_the_agenda_is_prepared_from_the_review_when_the_ic_left_them_empty():
    details = {"focus": "", "key_messages": "", "review": {"found": FOUND, "recommend": "- Build daily reading time."}}
    made = {a["tool"]: a["config"] for a in agenda.default_activities(details, "small_group")}
    assert made["response_round"]["messages"][0] == "Pupils speak warmly about class novels."
    assert made["rag_rating"]["items"] == made["response_round"]["messages"]
    assert made["fishbone"]["problem"] == "Build daily reading time."
    own = {**details, "focus": "Our own focus", "key_messages": "Our own message"}
    made = {a["tool"]: a["config"] for a in agenda.default_activities(own, "small_group")}
    assert made["fishbone"]["problem"] == "Our own focus" and made["response_round"]["messages"] == ["Our own message"]
