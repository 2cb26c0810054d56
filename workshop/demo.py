"""`workshop demo`: a sign-in and a realistic sample workshop (our own words), prepared from its peer
review's findings and run from the first response to the agreed actions with every tool, so the
board, the record and its downloads all have something real to show.

Everything goes through the engine (`service.submit`), exactly as the console and phones would.
"""
from __future__ import annotations

import secrets
from datetime import date, timedelta

from werkzeug.security import generate_password_hash

from . import accounts, agenda, tools, workshops
from . import review as reviews
from .db import db
from .engine import service
from .engine.envelope import Principal
from .models import (Activity, ActionUpdate, Offer, Partnership, PartnershipMember, PartnerSchool, User, Workshop,
                     utcnow)
from .record import build as build_record
from .record.edits import apply_update

EMAIL = "demo@workshop.test"
PASSWORD = "demo-workshop"

DETAILS = {
    "school": "Riverside Academy (11-16)",
    "ics": "Priya Shah (Hillview School) and Tom Walsh (St Anne's)",
    "focus": "Pupils with SEND in Key Stage 3 do not yet make the progress they could, "
             "especially in lessons outside their specialist support.",
    "key_messages": "\n".join([
        "Pupils with SEND feel safe and well known by the learning support team.",
        "Adaptations seen in Year 7 and 8 lessons varied a lot from room to room.",
        "Pupil passports exist but few teachers said they use them when planning.",
        "Teaching assistants are often briefed at the door rather than before the lesson.",
        "Leaders track SEND attainment termly but the information rarely reaches departments.",
    ]),
}

# The review before the workshop, as its team wrote up the Review Findings (our own words). Long
# boxes keep the template's shapes: bullets written "- ", "What we found…" as paragraphs.
REVIEW_DAYS = 2  # a two-day review...
REVIEW_ENDS_BEFORE = 10  # ...ending ten days before the workshop (the handbook: one to two weeks)
REVIEW = {
    "team": "Helen Marsh (Oakfield School), Daniel Osei (Kingsmead Academy), Ruth Adeyemi (Northgate High School)",
    "lead_reviewer": "Helen Marsh (Oakfield School)",
    "ics_school": "Hillview School and St Anne's",
    "themes": "Progress of pupils with SEND in Key Stage 3; adapting teaching in mainstream lessons",
    "dimensions": ["impact", "inward"],
    "questions": "\n".join([
        "- How well do pupils with SEND in Years 7 to 9 progress in lessons away from the learning support base?",
        "- How consistently do teachers adapt their lessons, and what helps or hinders them?",
        "- How well are teaching assistants prepared for the lessons they support?",
        "- How does what the school knows about each pupil's needs and progress reach the teachers who plan?",
    ]),
    "evidence": "\n".join([
        "- Fourteen Year 7 to 9 lessons in six departments, visited jointly with senior leaders",
        "- Two groups of pupils with SEND, from Year 7 and Year 9",
        "- A discussion with eight teaching assistants",
        "- Meetings with the SENCo, the deputy head for curriculum and four heads of department",
        "- The books of twelve pupils on the SEND register",
        "- The school's termly SEND tracking and two years of Key Stage 3 assessment results",
        "- A sample of pupil passports, set beside the plans for the lessons we saw",
        "- A short staff survey on adapting lessons (31 replies)",
    ]),
    "found": "\n\n".join([
        "Evidence from data – The school's tracking shows pupils on the SEND register in Years 7 to 9 "
        "falling further behind their classmates each term in most subjects; the gap is widest in science "
        "and the humanities and narrowest in English, which runs its own reading support. Senior leaders "
        "know this; the heads of department we met did not.",
        "Evidence from lessons – Where lessons worked best for these pupils, teachers broke tasks into "
        "small steps, checked key words early and let pupils show their learning in more than one way. "
        "Elsewhere the whole class took one route through the task and pupils with SEND waited for an adult "
        "to help them start. The differences lay more between departments than between teachers.",
        "Evidence from pupils – Pupils told us they feel safe and that the learning support team know them "
        "well. Several would rather go without their support than use it in front of friends (a coloured "
        "overlay, a printed copy of the board). Year 9 pupils said they learn most when a teacher explains "
        "something a second way.",
        "Evidence from teaching assistants – The TAs are committed and know their pupils, but most find out "
        "what a lesson is about as they walk in. None has a regular time to talk with the teachers they "
        "support, and several work across six or more departments in a week.",
        "Evidence from teachers – In the survey most teachers said they feel confident adapting lessons, "
        "yet few had opened a pupil passport in the last month; many find the passports too long to use "
        "when planning. The last training on adapting lessons was an INSET day two years ago.",
        "Evidence from books – Books of pupils with SEND held more unfinished work and less extended "
        "writing than their classmates', except where tasks had been adapted, as in some English and "
        "maths books.",
    ]),
    "celebrate": "\n".join([
        "- Pupils with SEND feel safe, happy and well known by the learning support team.",
        "- The SENCo knows every pupil on the register and works closely with their families.",
        "- English and maths adapt tasks in ways other departments could borrow.",
        "- A committed team of teaching assistants whom pupils trust.",
        "- Leaders' honest self-evaluation: they had already named SEND progress as a priority.",
    ]),
    "recommend": "\n".join([
        "- Agree across departments what adapting a Key Stage 3 lesson looks like, with examples from the "
        "school's own classrooms.",
        "- Give teachers and TAs regular time to plan together before lessons.",
        "- Make pupil passports short enough to use when planning.",
        "- Share SEND progress with heads of department every term, not only with senior leaders.",
        "Focus for enquiry: How can pupils with SEND in Key Stage 3 make strong progress in every lesson, "
        "not only where they have specialist support?",
    ]),
}

PEOPLE = ["Jo", "Sam", "Aisha", "Siân", "Łukasz", None]  # None: joined without a name
# The roles some gave with their names (the record's attendees list them); Sam gave none.
ROLES = {"Jo": "Head of English", "Aisha": "SENCo", "Siân": "Teaching assistant", "Łukasz": "Head of maths"}
PAPER_ROLE = "Teaching assistant"
TABLE = ("Science table", 5)  # one phone for the five science teachers at a flip chart (a table)
PAPER = "Bev (no phone)"  # a teaching assistant without a phone: the IC enters her sheet for her

RESPONSES = [(2, "We knew about passports; the TA briefing point is fair."),
             (3, "Surprised how much lessons vary between departments."),
             (2, "Matches what pupils tell us in reviews."),
             (4, "I thought the data was reaching heads of department."),
             (3, "Good to hear the support team is valued."),
             (2, "")]

CAUSES = [("b1", "Adaptive teaching looks different in every department", None),
          ("b1", "Few shared examples of what good adaptation looks like", 0),
          ("b2", "Schemes of work assume one route through each unit", None),
          ("b3", "Some pupils won't use their support in front of friends", None),
          ("b4", "CPD on adaptive teaching was a one-off INSET two years ago", None),
          ("b4", "No shared time for teachers and TAs to plan together", None),
          ("b5", "SEND data goes to SLT, not to heads of department", None),
          ("b6", "Pupil passports are long and hard to use in a busy lesson", None),
          ("b7", "Parents hear about support plans once a year", None)]

SWOT = [("s", "The learning support team knows every pupil well"),
        ("s", "Pupils with SEND say they feel safe here"),
        ("w", "Adaptation depends on which department you are in"),
        ("w", "Teachers and TAs have no time to plan together"),
        ("w", "TAs and teachers never get to plan side by side"),  # the same point: the IC merges it
        ("w", "Pupil passports are rarely looked at when planning"),
        ("o", "A partner school offers to show us its TA deployment"),
        ("w", "The advisory teacher can visit each term"),  # an opportunity: the IC moves it
        ("t", "TA hours may be reduced in next year's budget"),
        ("t", "Recruiting science teachers is getting harder")]

MAP_THEME = "What would make adapting lessons easier?"
MAP = [("Time", None), ("Planning time with TAs", 0), ("Shorter pupil passports", 0),
       ("Know-how", None), ("Seeing colleagues adapt", 3), ("Coaching after CPD", 3),
       ("Coaching pairs across departments", 5),
       ("Resources", None), ("Adapted Year 7 units", 7), ("Reading-age checks", 7)]

PSTB = {"statement": "give teachers and TAs time to plan together",
        "ideas": ["Ten minutes of paid TA time before period 1",
                  "Share the week's lesson outlines with TAs on Friday",
                  "Pair each TA with two departments, not six"],
        "benefit": "TAs arrive knowing the lesson's aim",
        "concern": "Paid time costs money the budget may not have",
        "overcome": "Use the Tuesday staff-briefing slot instead of paid time",
        "actions": [("Move TA briefing into the Tuesday slot", "Deputy head", "2027-01-12"),
                    ("Template for Friday lesson outlines", "Head of science", "2027-01-08")]}

WHYS = ["Because TAs' paid hours start and end with the lessons",
        "Because TA hours were set to match the timetable exactly",
        "Because the TA contracts were written before the new curriculum"]

IDEAS = ["One-page pupil profiles instead of long passports",
         "Ten minutes of TA briefing time built into the timetable each week",
         "Department leads get SEND data at the same time as SLT",
         "A termly adaptive-teaching CPD cycle with coaching",
         "Shared bank of adapted resources for each Year 7 unit",
         "Pupil voice panel on what support feels like in lessons",
         "Partner school visit to see their TA deployment model",
         "Parent workshop on support plans each autumn",
         "SENCo drop-in at department meetings once a half term"]

ACTIONS = [  # (when, who, support) for the diamond's top six, in its order
    ("2027-01-08", "SENCo with the Year 7 form tutors", "a"),
    ("By February half term", "Deputy head (timetable)", "a"),
    ("From January, termly", "CPD lead with the partnership's SEND network", "b"),
    ("By Easter", "Data manager", "a"),
    ("Spring term", "CPD lead with coaches from partner schools", "b"),
    ("Summer term", "Local authority advisory teacher", "c")]

# How each of those actions will be addressed (the programme's ways), what will show it worked, and
# for partnership support the terms of engagement: what the IC records as each action is agreed.
FRAMING = [
    {"how": ["t2t_school"], "success": "By Easter every Year 7 pupil with SEND has a one-page profile, and in "
                                       "drop-ins most teachers can say how they used it in the lesson seen."},
    {"how": ["learning_walks"], "success": "Every TA is briefed before period 1 on Tuesdays; TAs say in the "
                                           "summer survey that they know the lesson's aim before it starts."},
    {"how": ["jpd", "t2t_partnership"],
     "success": "Twelve adapted Year 7 units in the shared bank by July, each used in at least two schools.",
     "terms": "Hillview's and St Anne's SENCos co-lead; one twilight a term, hosted in turn; resources shared "
              "under the partnership's agreement; the CPD leads report progress to the partnership meeting."},
    {"how": ["mentoring"], "success": "Heads of department get the SEND data in the same week as SLT from the "
                                      "spring data drop, and each department sets one SEND target from it."},
    {"how": ["lesson_study", "cpd_event"],
     "success": "Lesson study triads in three departments by the summer, with pupils' books showing "
                "adapted tasks in the lessons studied.",
     "terms": "Two coaches from partner schools, half a day each per cycle; release paid by the host; "
              "observations are developmental and never graded."},
    {"how": [], "how_other": "Local authority advisory teacher runs a pupil voice panel",
     "success": "A panel of eight pupils with SEND meets termly and its findings reach the SEND governor."},
]

# The follow-up the handbook describes: the lead reviewer's check-in and the staff meeting the ICs
# are invited to, where the school presents its progress.
STAFF_MEETING_NOTE = "Both ICs invited; Riverside presents what has changed for pupils with SEND since the workshop."
STAFF_MEETING_AFTER_DAYS = 105  # a staff meeting about three months after the workshop

REPORTS = {"report": ["Summary at the staff briefing on Monday", "Paper to governors' standards committee"],
           "follow_up": ["ICs meet the SENCo at 90 days to review progress"],
           "experience": ["Felt supportive rather than judged"],
           "well": ["Everyone spoke, not just the usual voices"],
           "change": ["Send the key messages out a week before the workshop"]}


def seed() -> dict:
    with db.session(write=True) as s:
        user = accounts.find_user(s, EMAIL)
        if user is None:
            user = accounts.create_user(s, EMAIL, "Demo Facilitator", PASSWORD)
        else:  # a rerun restores the demo password
            user.password_hash = generate_password_hash(PASSWORD)
        day = date.today() + timedelta(days=7)
        workshop = workshops.create(s, user, {**DETAILS, "date": day})
        workshop.review = review_for(day)
    run = _Run(workshop.id, Principal("facilitator", user_id=user.id))
    run.workshop()
    partnership = seed_partnership(user.id, workshop.id)
    with db.session() as s:
        fresh = s.get(type(workshop), workshop.id)
        return {"email": EMAIL, "password": PASSWORD, "workshop": fresh.id, "code": fresh.join_code,
                "board_key": fresh.board_key, "partnership": partnership}


def review_for(workshop_day: date) -> dict:
    """The demo's Review Findings, its two days ending REVIEW_ENDS_BEFORE days before the workshop."""
    end = workshop_day - timedelta(days=REVIEW_ENDS_BEFORE)
    start = end - timedelta(days=REVIEW_DAYS - 1)
    return {**reviews.empty(), **REVIEW, "start": start.isoformat(), "end": end.isoformat()}


class _Run:
    """The sample workshop, step by step."""

    def __init__(self, workshop_id: int, ic: Principal):
        self.id, self.ic = workshop_id, ic
        self.people: list[Principal] = []

    # --- plumbing ---------------------------------------------------------------------------

    def step(self, who: Principal, kind: str, payload: dict | None = None, activity: int | None = None) -> dict:
        ack = service.submit(self.id, who, {"intent_id": f"demo-{secrets.token_hex(8)}", "type": kind,
                                            "activity": activity, "payload": payload or {}})
        if not ack["ok"]:
            raise RuntimeError(f"demo step {kind} failed: {ack}")
        return ack

    def for_paper(self, kind: str, payload: dict, activity: int) -> dict:
        """The IC enters a step from the paper participant's sheet (it counts as hers)."""
        ack = service.submit(self.id, self.ic, {"intent_id": f"demo-{secrets.token_hex(8)}", "type": kind,
                                                "activity": activity, "payload": payload, "on_behalf": self.paper})
        if not ack["ok"]:
            raise RuntimeError(f"demo step {kind} for {PAPER} failed: {ack}")
        return ack

    def facilitate(self, kind: str, payload: dict | None = None, activity: int | None = None) -> dict:
        return self.step(self.ic, kind, payload, activity)

    def activities(self) -> dict[str, int]:
        """The first activity of each tool, by tool name."""
        with db.session() as s:
            found: dict[str, int] = {}
            for a in s.query(Activity).filter_by(workshop_id=self.id).order_by(Activity.position):
                found.setdefault(a.tool, a.id)
            return found

    def state(self, activity: int) -> dict:
        with db.session() as s:
            return s.get(Activity, activity).state

    def first(self, source: int, n: int) -> list[str]:
        """The ids of an activity's first n outcome cards: the IC names them, as a top n may split a
        tie (activity.import refuses that without a choice)."""
        with db.session() as s:
            a = s.get(Activity, source)
            return [c["id"] for c in tools.get(a.tool).outcomes(a.state)][:n]

    def add(self, tool: str, title: str, prompt: str, section: str, after: str, minutes: int) -> int:
        self.facilitate("agenda.add", {"tool": tool, "title": title, "prompt": prompt, "section": section,
                                       "after": self.activities()[after], "minutes": minutes})
        return self.activities()[tool]

    def replan(self, minutes_by_tool: dict[str, int]) -> None:
        """New planned minutes for the template's items, as an IC makes room for added ones."""
        ids = self.activities()
        for tool, minutes in minutes_by_tool.items():
            self.facilitate("agenda.update", {"minutes": minutes}, activity=ids[tool])

    def begin(self, activity: int) -> None:
        self.facilitate("control.goto", {"activity": activity})
        self.facilitate("activity.open", activity=activity)

    def finish(self, activity: int, reveal: bool = True) -> None:
        self.facilitate("activity.close", activity=activity)
        if reveal:
            self.facilitate("activity.reveal", activity=activity)

    # --- the workshop -----------------------------------------------------------------------

    def workshop(self) -> None:
        self.facilitate("workshop.open")
        for name in PEOPLE:
            pid = service.join(self.id, name, role=ROLES.get(name))[0]
            self.people.append(Principal("participant", participant_id=pid, name=name))
        # The table rates, adds and votes like the others (its votes count for its five people).
        pid = service.join(self.id, TABLE[0], table=TABLE[1])[0]
        self.people.append(Principal("participant", participant_id=pid, name=TABLE[0]))
        # A teaching assistant without a phone: the IC adds her and enters her sheet (on_behalf).
        self.paper = self.facilitate("participant.add_paper", {"name": PAPER, "role": PAPER_ROLE})["created"][0]
        # The 90-minute slot stays 90 minutes: the template's items shrink to fit the added seven
        # (a demo shows every tool; a real 90-minute session would pick four or five of them).
        self.replan({"response_round": 5, "fishbone": 5, "idea_wall": 5, "dotocracy": 5,
                     "action_plan": 10, "report_back": 5})
        self.add("rag_rating", "How well are we doing on each finding?",
                 "Red, amber or green: where are we now on each of the review's findings?",
                 agenda.PART1, after="response_round", minutes=5)
        self.add("swot", "Where do we stand?",
                 "One point per card: a strength, weakness, opportunity or threat for SEND in KS3.",
                 agenda.PART2, after="rag_rating", minutes=5)
        self.add("radiant", "Mind map: adapting lessons", "Add a branch, or an idea under one you see.",
                 agenda.PART2, after="swot", minutes=5)
        self.add("five_whys", "Five whys on planning time",
                 "Take the cause we marked first and keep asking why.", agenda.PART2,
                 after="fishbone", minutes=5)
        self.add("pstb", "PSTB: planning time", "The SENCo owns the problem; the team brings ideas.",
                 agenda.PART2, after="five_whys", minutes=20)
        self.add("diamond_nine", "Diamond nine", "Most important at the top.", agenda.PART3,
                 after="dotocracy", minutes=5)
        self.add("prioritisation_matrix", "Impact and effort", "How much difference, for how much effort?",
                 agenda.PART3, after="diamond_nine", minutes=5)
        a = self.activities()
        self.responses(a["response_round"])
        self.rag(a["rag_rating"], a["response_round"])
        self.swot(a["swot"])
        self.radiant(a["radiant"])
        self.fishbone(a["fishbone"])
        self.five_whys(a["five_whys"], a["fishbone"])
        self.pstb(a["pstb"])
        self.ideas(a["idea_wall"])
        self.dots(a["dotocracy"], a["idea_wall"])
        self.diamond(a["diamond_nine"], a["dotocracy"])
        self.matrix(a["prioritisation_matrix"], a["dotocracy"])
        self.actions(a["action_plan"], a["diamond_nine"])
        self.report_back(a["report_back"])
        self.follow_up()
        self.facilitate("control.goto", {"activity": a["action_plan"]})

    def follow_up(self) -> None:
        """Agreed at the end of the workshop: the lead reviewer visits for the 90-day check-in, and
        the ICs are invited to the staff meeting where the school presents its progress."""
        with db.session() as s:
            day = s.get(Workshop, self.id).date
        meeting = (day + timedelta(days=STAFF_MEETING_AFTER_DAYS)).isoformat() if day else ""
        self.facilitate("record.update", {"checkin_format": "visit",
                                          "staff_meeting": {"date": meeting, "note": STAFF_MEETING_NOTE}})

    def responses(self, activity: int) -> None:
        self.begin(activity)
        for person, (surprise, view) in zip(self.people, RESPONSES):
            self.step(person, "response.submit", {"surprise": surprise, "view": view}, activity)
        self.for_paper("response.submit", {"surprise": 3, "view": "TAs would love ten minutes with the teacher first."},
                       activity)
        self.finish(activity)
        self.facilitate("response.next", activity=activity)

    def rag(self, activity: int, source: int) -> None:
        for message in DETAILS["key_messages"].splitlines()[:4]:
            self.facilitate("rag.item_add", {"text": message}, activity)
        self.begin(activity)
        items = [i["id"] for i in self.state(activity)["items"]]
        ratings = ["green", "amber", "red", "amber"]
        for n, person in enumerate(self.people):
            for k, item in enumerate(items):
                rating = ratings[(k + (n % 3 == 2)) % 4]
                self.step(person, "rag.rate", {"item": item, "rating": rating}, activity)
        self.finish(activity)

    def swot(self, activity: int) -> None:
        self.begin(activity)
        ids = []
        for n, (quadrant, text) in enumerate(SWOT):
            self.step(self.people[n % len(self.people)], "swot.add", {"text": text, "quadrant": quadrant}, activity)
            ids.append(self.state(activity)["cards"][-1]["id"])
        self.facilitate("swot.merge", {"card": ids[4], "into": ids[3]}, activity)
        self.facilitate("swot.move", {"card": ids[7], "quadrant": "o"}, activity)
        self.finish(activity)

    def radiant(self, activity: int) -> None:
        self.facilitate("radiant.theme", {"text": MAP_THEME}, activity)
        self.begin(activity)
        ids: list[str] = []
        for n, (text, parent) in enumerate(MAP):
            self.step(self.people[n % len(self.people)], "radiant.add",
                      {"text": text, "parent": None if parent is None else ids[parent]}, activity)
            ids.append(self.state(activity)["nodes"][-1]["id"])
        self.finish(activity)

    def pstb(self, activity: int) -> None:
        owner = self.people[2]  # Aisha, the SENCo, owns the problem
        self.facilitate("pstb.contract", {"minutes": 20}, activity)
        self.facilitate("pstb.owner", {"owner": owner.participant_id, "name": owner.name}, activity)
        self.begin(activity)
        team = [p for p in self.people if p is not owner]
        self.facilitate("pstb.stage", {"stage": "statement"}, activity)
        self.step(owner, "pstb.statement", {"text": PSTB["statement"]}, activity)
        self.facilitate("pstb.stage", {"stage": "ideas"}, activity)
        ideas = [self.step(team[n], "pstb.idea", {"text": text}, activity)["created"][0]
                 for n, text in enumerate(PSTB["ideas"])]
        self.facilitate("pstb.stage", {"stage": "selection"}, activity)
        for idea in ideas[:2]:
            self.step(owner, "pstb.select", {"idea": idea, "selected": True}, activity)
        self.facilitate("pstb.stage", {"stage": "benefits"}, activity)
        self.step(team[0], "pstb.note", {"idea": ideas[0], "kind": "benefit", "text": PSTB["benefit"]}, activity)
        concern = self.step(team[1], "pstb.note", {"idea": ideas[0], "kind": "concern", "text": PSTB["concern"]},
                            activity)["created"][0]
        self.facilitate("pstb.stage", {"stage": "critical"}, activity)
        self.step(team[1], "pstb.critical", {"item": concern, "critical": True}, activity)
        self.step(owner, "pstb.decide", {"item": concern, "decision": "overcome", "text": PSTB["overcome"]}, activity)
        self.facilitate("pstb.stage", {"stage": "actions"}, activity)
        for idea, (text, who, when) in zip(ideas, PSTB["actions"]):
            self.step(owner, "pstb.action", {"idea": idea, "text": text, "who": who, "when": when}, activity)
        self.facilitate("pstb.stage", {"stage": "done"}, activity)
        self.finish(activity, reveal=False)

    def fishbone(self, activity: int) -> None:
        self.begin(activity)
        ids: list[str] = []
        for n, (bone, text, parent) in enumerate(CAUSES):
            person = self.people[n % len(self.people)]
            self.step(person, "fishbone.add", {"bone": bone, "text": text,
                                               "parent": None if parent is None else ids[parent]}, activity)
            ids.append(self.state(activity)["causes"][-1]["id"])
        self.facilitate("fishbone.settings", {"marking": True}, activity)
        for n, person in enumerate(self.people):
            for k in (5, 6, 7 if n % 2 else 0):
                self.step(person, "fishbone.mark", {"cause": ids[k]}, activity)
        self.finish(activity)
        self.facilitate("fishbone.roots", {"causes": [ids[5], ids[6], ids[7]]}, activity)

    def five_whys(self, activity: int, fishbone: int) -> None:
        self.facilitate("activity.import", {"from": fishbone, "cards": self.first(fishbone, 1), "as": "problem"}, activity)
        self.begin(activity)
        for n, text in enumerate(WHYS):
            self.step(self.people[n], "whys.answer", {"text": text}, activity)
            answer = self.state(activity)["answers"][-1]["id"]
            self.facilitate("whys.accept", {"answer": answer}, activity)
        self.facilitate("whys.root", {"answer": answer, "root": True}, activity)
        self.finish(activity, reveal=False)

    def ideas(self, activity: int) -> None:
        self.begin(activity)
        for n, text in enumerate(IDEAS):
            self.step(self.people[n % len(self.people)], "idea.add", {"text": text}, activity)
        self.finish(activity)

    def dots(self, activity: int, ideas: int) -> None:
        self.facilitate("activity.import", {"from": ideas}, activity)
        self.facilitate("dots.settings", {"by_table": True}, activity)  # the board shows the table's own dots
        self.begin(activity)
        items = [i["id"] for i in self.state(activity)["items"]]
        for n, person in enumerate(self.people):
            for k in (0, 1, 1, 2 + n % 3, 3 + n % 5):
                self.step(person, "dots.place", {"item": items[k]}, activity)
        for k in (1, 4):  # the dots on Bev's paper sheet
            self.for_paper("dots.place", {"item": items[k]}, activity)
        self.finish(activity)

    def diamond(self, activity: int, dots: int) -> None:
        self.facilitate("activity.import", {"from": dots, "cards": self.first(dots, 9)}, activity)
        self.begin(activity)
        items = [i["id"] for i in self.state(activity)["items"]]
        for n, person in enumerate(self.people):
            order = items[:]
            order[n % 3], order[n % 3 + 1] = order[n % 3 + 1], order[n % 3]  # people differ a little
            for slot, item in enumerate(order):
                self.step(person, "diamond.place", {"item": item, "slot": slot}, activity)
        self.finish(activity)
        self.facilitate("diamond.lock", activity=activity)

    def matrix(self, activity: int, dots: int) -> None:
        self.facilitate("activity.import", {"from": dots, "cards": self.first(dots, 6)}, activity)
        self.begin(activity)
        items = [i["id"] for i in self.state(activity)["items"]]
        for n, person in enumerate(self.people):
            for k, item in enumerate(items):
                impact, effort = 5 - k // 2, 1 + (k + n) % 5
                self.step(person, "matrix.rate", {"item": item, "x": effort, "y": impact}, activity)
        self.finish(activity)

    def actions(self, activity: int, diamond: int) -> None:
        self.facilitate("activity.import", {"from": diamond, "cards": self.first(diamond, len(ACTIONS))}, activity)
        self.begin(activity)
        self.step(self.people[3], "action.propose", {"text": "Invite the partnership's SEND lead to a department meeting"},
                  activity)
        drafts = [a["id"] for a in self.state(activity)["actions"]]
        for action, (when, who, support), framing in zip(drafts, ACTIONS, FRAMING):
            self.facilitate("action.update", {"action": action, "when": when, "who": who, "support": support,
                                              **framing}, activity)
            self.facilitate("action.confirm", {"action": action}, activity)
        self.step(self.people[0], "action.comment", {"action": drafts[0], "text": "Start with Year 7 tutor groups"},
                  activity)
        self.finish(activity, reveal=False)

    def report_back(self, activity: int) -> None:
        self.begin(activity)
        for section, answers in REPORTS.items():
            self.facilitate("report.section", {"section": section}, activity)
            for n, text in enumerate(answers):
                self.step(self.people[n + 1], "report.add", {"text": text}, activity)
        self.finish(activity, reveal=False)


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
