"""`workshop demo`'s partnership: Riverside (the main demo workshop) and three partner schools,
their workshops at different stages, progress at a check-in, and offers against their asks.
Written to the database directly (the partnership has no live engine), checked as the forms check."""
from __future__ import annotations

import secrets
from datetime import date, timedelta

from . import accounts, workshops
from . import review as reviews
from .db import db
from .demo import DETAILS
from .models import ActionUpdate, Offer, Partnership, PartnershipMember, PartnerSchool, User, Workshop, utcnow
from .record import build as build_record
from .record.edits import apply_update

# --- the partnership ----------------------------------------------------------------------------
# Riverside (the workshop above) and three partner schools, their workshops at different stages:
# Northgate's is planned, Riverside's has run, St Anne's is at its 90-day check-in and Hillview ran
# one a fortnight ago. Level b of each plan becomes the partnership's asks; offers answer some.

PARTNERSHIP = "Riverside and Vale Partnership"
RIVERSIDE, HILLVIEW, ST_ANNES, NORTHGATE = (DETAILS["school"], "Hillview School", "St Anne's C of E Primary",
                                            "Northgate High School")
# A second IC of the partnership (Riverside's workshop names her): a member, not the lead. Her account
# gets a random password: she would set her own; the demo signs in as its lead.
MEMBER = ("priya.shah@workshop.test", "Priya Shah")

# A partnership workshop: its school, its days relative to today, the details and the review.
# Only for the ones that have run: "actions", "outcomes" and "attendees" as record.update takes them,
# and "updates" (action index -> [(days ago, status, RAG, note, via, by)]). Deadlines and notes say
# "this term", never a month: the days move with today.
CHECKIN_LEAD = "Anita Rao (Riverside Academy)"
OTHERS = [
    {"school": NORTHGATE, "day": 12, "review_end": -2, "status": "draft",
     "details": {"ics": "Priya Shah (Hillview School) and Grace Lee (St Anne's)",
                 "focus": "Disadvantaged pupils in Years 9 and 10 miss more school than their classmates, "
                          "and the gap has widened since Year 7."},
     "review": {"team": "Anita Rao (Riverside Academy), Mark Fenton (Hillview School)",
                "lead_reviewer": "Anita Rao (Riverside Academy)", "ics_school": "Hillview School and St Anne's",
                "themes": "Attendance of disadvantaged pupils in Key Stage 4", "dimensions": ["impact", "outward"],
                "questions": "- Why do disadvantaged pupils in Years 9 and 10 miss more days than others?\n"
                             "- How well do families hear from the school before absence becomes a pattern?",
                "evidence": "- Attendance data for three years, by year group and by pupil premium\n"
                            "- Two groups of Year 9 and 10 pupils\n- Calls with six families\n"
                            "- Meetings with the attendance officer and the heads of year",
                "found": "Absence climbs sharply in the spring of Year 9 for pupils eligible for the pupil premium. "
                         "Heads of year follow up absence well once it is persistent, but first absences often "
                         "go without a call home.\n\nPupils said they miss days when they are behind with "
                         "coursework and worry about being singled out in lessons.",
                "celebrate": "- Heads of year know their pupils and their families well.\n"
                             "- The breakfast club is well used and valued by pupils.",
                "recommend": "- Call home on the first day of any absence for pupils at risk.\n"
                             "- Give pupils who fall behind a quiet way to catch up.\n"
                             "Focus for enquiry: How can we help disadvantaged pupils in Years 9 and 10 come "
                             "to school every day?"}},
    {"school": ST_ANNES, "day": -90, "review_end": -100, "status": "closed", "attendees": 16,
     "details": {"ics": "Mark Fenton (Hillview School) and Ruth Adeyemi (Northgate High School)",
                 "focus": "Pupils who fall behind in phonics in Year 1 rarely catch up by the end of Year 2."},
     "review": {"team": f"{CHECKIN_LEAD}, Ruth Adeyemi (Northgate High School)", "lead_reviewer": CHECKIN_LEAD,
                "ics_school": "Hillview School and Northgate High School",
                "themes": "Early reading in Key Stage 1", "dimensions": ["impact", "inward"],
                "questions": "- How quickly do pupils who miss the phonics check catch up?\n"
                             "- How well do reading books match the sounds pupils know?",
                "evidence": "- Phonics tracking for Years 1 and 2\n- Pupils reading aloud to us, in Years 1 and 2\n"
                            "- Six phonics lessons and two catch-up groups\n- A meeting with the reading lead",
                "found": "Phonics lessons are lively and well paced. Pupils who fall behind get catch-up "
                         "sessions, but these are often cancelled when staff cover classes.\n\nMany reading "
                         "books sent home hold sounds the pupils have not yet learnt.",
                "celebrate": "- Pupils love stories and talk about the books read to them.\n"
                             "- A reading lead with a clear picture of every pupil.",
                "recommend": "- Protect catch-up phonics time every day.\n"
                             "- Match home reading books to the sounds each pupil knows.\n"
                             "Focus for enquiry: How can every pupil who falls behind in phonics catch up "
                             "by the end of Year 2?"},
     "outcomes": ["Staff agreed that catch-up phonics is cancelled too often to work.",
                  "A root cause we found: home reading books don't match what pupils can read yet.",
                  "Families want to help with reading but are unsure how."],
     "actions": [
         {"text": "Daily catch-up phonics for every Year 2 pupil who did not pass the check, never cancelled "
                  "for cover", "when": "Within three weeks", "who": "Reading lead with two TAs", "support": "a",
          "how": ["t2t_school"], "success": "Most of the group secure on the sounds of phase 5 by the spring."},
         {"text": "Home reading books matched to the sounds each group has learnt", "when": "This term",
          "who": "English lead", "support": "a", "how": ["learning_walks"],
          "success": "In book looks, pupils can read nearly every word of the book they take home."},
         {"text": "Train TAs to run small-group reading interventions with a partner school's literacy team",
          "when": "This term", "who": "Headteacher and reading lead", "support": "b", "how": ["jpd"],
          "success": "Every TA who runs a group follows the same routine, seen in two drop-ins.",
          "terms": "Two twilight sessions, one at each school; materials shared; no cost to either school."},
         {"text": "Year 2 and Year 7 teachers visit each other to agree what secure reading looks like at each age",
          "when": "Next term", "who": "Year 2 teacher", "support": "b", "how": ["t2t_partnership"],
          "success": "A shared one-page description of secure reading used by both schools.",
          "terms": "One visit each way; cover paid by the visiting school; notes shared with both heads."},
         {"text": "Family reading mornings each half term", "when": "Next term",
          "who": "Reading lead and family support worker", "support": "a", "how": [],
          "how_other": "Mornings run by the school for parents and carers",
          "success": "Families of most pupils in the catch-up group come to at least one morning."},
         {"text": "Speech and language screening for pupils in Reception", "when": "Next term", "who": "SENCo",
          "support": "c", "how": [], "how_other": "The local authority's speech and language service",
          "success": "Every Reception pupil screened and those who need it seen by the summer."},
     ],
     "updates": {0: [(45, "in_progress", "amber", "Sessions have begun; nine of fourteen pupils come every day.",
                      "ic", "Mark Fenton"),
                     (10, "in_progress", "green", "Sessions run every day now; eleven of fourteen are secure on "
                                                  "the phase 3 sounds.", "lead", CHECKIN_LEAD)],
                 1: [(30, "in_progress", "amber", "New books in Year 1; Year 2's are on order.", "link",
                      "Helen Price, headteacher")],
                 2: [(10, "done", "green", "Both twilights held; TAs now run their groups the same way.", "lead",
                      CHECKIN_LEAD)],
                 3: [(10, "in_progress", "amber", "One visit each way so far; the second is booked.", "lead",
                      CHECKIN_LEAD)],
                 4: [(10, "not_started", "red", "The first morning was postponed twice; a new date is set.", "lead",
                      CHECKIN_LEAD)],
                 5: [(40, "in_progress", "amber", "Screening booked with the local authority.", "ic",
                      "Ruth Adeyemi")]}},
    {"school": HILLVIEW, "day": -14, "review_end": -26, "status": "closed", "attendees": 54,
     "details": {"ics": "Tom Walsh (St Anne's) and Ruth Adeyemi (Northgate High School)",
                 "focus": "Year 7 pupils lose ground in maths in their first term, especially with fractions "
                          "and written methods."},
     "review": {"team": "Claire Byrne (Northgate High School), Sarah Okafor (St Anne's)",
                "lead_reviewer": "Claire Byrne (Northgate High School)",
                "ics_school": "St Anne's and Northgate High School",
                "themes": "Maths at the move from primary to secondary", "dimensions": ["impact", "outward"],
                "questions": "- What do Year 7 pupils already know about fractions when they arrive?\n"
                             "- How well does Year 7 maths build on the methods pupils learnt in primary?",
                "evidence": "- Autumn assessment results for Year 7, set beside their Key Stage 2 results\n"
                            "- Eight Year 7 maths lessons\n- A group of Year 7 pupils\n"
                            "- A meeting with the head of maths",
                "found": "Year 7 units start from the beginning whatever pupils already know, and pupils who "
                         "did well in Year 6 said they were bored by October.\n\nTeachers use different "
                         "written methods from the ones pupils were taught in primary, and some pupils stop "
                         "using methods they had mastered.",
                "celebrate": "- Pupils feel well supported by their maths teachers.\n"
                             "- Strong teaching of problem solving in the top sets.",
                "recommend": "- Learn which methods partner primaries teach and build on them.\n"
                             "Focus for enquiry: How can Year 7 maths build on what pupils learnt in Year 6?"},
     "outcomes": ["Year 7 teachers were surprised how much pupils knew about fractions in Year 6.",
                  "A root cause we found: different written methods in Year 6 and Year 7."],
     "actions": [
         {"text": "A short check of fractions in the first week of Year 7, used to set the starting point",
          "when": "Next September", "who": "Head of maths", "support": "a", "how": ["t2t_school"],
          "success": "Every Year 7 class starts fractions from what its check shows."},
         {"text": "Year 7 maths teachers watch Year 6 maths lessons in a partner primary",
          "when": "By Easter", "who": "Head of maths", "support": "b", "how": ["t2t_partnership"],
          "success": "Year 7 teachers can show the written methods pupils learnt in Year 6.",
          "terms": "Two half-day visits; the visiting school pays cover; notes shared with the primary."},
         {"text": "A partnership TeachMeet on teaching fractions from Year 5 to Year 8", "when": "Summer term",
          "who": "Head of maths", "support": "b", "how": ["teachmeet"],
          "success": "Teachers from every school in the partnership take part and share one idea each."},
         {"text": "Join the local maths hub's work group on teaching for mastery", "when": "Next year",
          "who": "Second in maths", "support": "c", "how": [], "how_other": "The local maths hub's work group",
          "success": "Two Year 7 units rewritten with the work group's help."},
     ]},
]

# Offers against the asks: (school of the ask, its n-th ask, offering school, who, what, when, via, by,
# agreed, days ago). "by" None is the demo user (the lead records it).
OFFERS = [
    (RIVERSIDE, 0, ST_ANNES, "Grace Lee, SENCo", "Our adapted Year 6 reading resources, to start the shared bank",
     "Within six weeks", "head", "Helen Price, headteacher", False, 3),
    (RIVERSIDE, 0, HILLVIEW, "Mark Fenton, head of science", "Five adapted Year 7 science units for the bank",
     "Next term", "ic", "Priya Shah", False, 2),
    (RIVERSIDE, 1, NORTHGATE, "Ruth Adeyemi, lead practitioner", "Coach one lesson study triad for a full cycle",
     "Next term", "lead", None, True, 1),
    (ST_ANNES, 0, NORTHGATE, "Northgate's literacy coordinator", "Two twilight sessions on reading interventions "
     "for TAs", "This term", "lead", None, True, 80),
    (ST_ANNES, 1, HILLVIEW, "Hillview's head of English", "Host two visits to Year 7 English and return one",
     "This term", "ic", "Mark Fenton", True, 70),
    (HILLVIEW, 0, ST_ANNES, "Year 6 teacher", "Two visits to Year 6 maths lessons, with our calculation policy",
     "This term", "head", "Helen Price, headteacher", False, 5),
]


def seed_partnership(user_id: int, main_workshop_id: int) -> int:
    """A partnership of four schools led by the demo user, with the main demo workshop as Riverside's,
    three more workshops at other stages, progress at St Anne's check-in and offers: its id.
    A rerun makes a new one, as it makes a new main workshop."""
    today, now = date.today(), utcnow()
    with db.session(write=True) as s:
        user = s.get(User, user_id)
        member = accounts.find_user(s, MEMBER[0]) or accounts.create_user(s, *MEMBER, secrets.token_urlsafe(16))
        partnership = Partnership(name=PARTNERSHIP)
        partnership.schools = [PartnerSchool(name=name) for name in (RIVERSIDE, HILLVIEW, ST_ANNES, NORTHGATE)]
        partnership.members = [PartnershipMember(user_id=user.id, role="lead"),
                               PartnershipMember(user_id=member.id, role="ic")]
        s.add(partnership)
        s.flush()
        school_ids = {school.name: school.id for school in partnership.schools}
        main = s.get(Workshop, main_workshop_id)
        main.partnership_id, main.partner_school_id = partnership.id, school_ids[RIVERSIDE]
        ids = {RIVERSIDE: main.id}
        for other in OTHERS:
            day, end = today + timedelta(days=other["day"]), today + timedelta(days=other["review_end"])
            review = reviews.clean({**other["review"], "start": (end - timedelta(days=1)).isoformat(),
                                    "end": end.isoformat()})
            details = workshops.prepared({"school": other["school"], "date": day, "key_messages": "",
                                          **other["details"]}, review)
            workshop = workshops.create(s, user, {**details, "review": review})
            workshop.status = other["status"]
            workshop.partnership_id, workshop.partner_school_id = partnership.id, school_ids[other["school"]]
            if "actions" in other:
                # Checked as record.update checks the IC's edits (ids r1-1, r1-2, ...).
                workshop.record, _ = apply_update(None, {"actions": other["actions"], "outcomes": other["outcomes"],
                                                         "attendees": other["attendees"],
                                                         "checkin_format": "visit"}, day, seq=1)
            s.flush()
            ids[other["school"]] = workshop.id
            for n, updates in other.get("updates", {}).items():
                for days_ago, status, rag, note, via, by in updates:
                    s.add(ActionUpdate(workshop_id=workshop.id, action_key=workshop.record["actions"][n]["id"],
                                       status=status, rag=rag, note=note, by=by, via=via,
                                       created_at=now - timedelta(days=days_ago)))
        asks = {school: [a.id for a in build_record(s, workshop_id).actions if a.support == "b"]
                for school, workshop_id in ids.items()}
        for school, n, offering, who, what, when, via, by, agreed, days_ago in OFFERS:
            s.add(Offer(workshop_id=ids[school], action_key=asks[school][n], school_id=school_ids[offering],
                        who=who, what=what, when=when, by=by or user.name, via=via, agreed=agreed,
                        created_at=now - timedelta(days=days_ago)))
        return partnership.id
