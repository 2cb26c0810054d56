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
from .models import Activity, Workshop

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
    from .demo_partnership import seed_partnership  # it reads this module's DETAILS
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
