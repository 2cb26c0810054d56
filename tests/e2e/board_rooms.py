"""A full, real-sized workshop for the board readability test: every tool on the agenda with the
kind of sentences staff actually write, results revealed, plus the big rooms (a 50-card wall, a
24-option dot vote with ties around any cut-off, a 30-response round, a long reporting-back prompt).

Run in its own process against the server's instance (`python board_rooms.py`, env of the server):
everything goes through the engine like `workshop demo`; prints JSON with the workshop, its board
key and, per room, the activity id and the texts the board must show."""
from __future__ import annotations

import json
import secrets
from datetime import date

EMAIL = "ic@example.org"  # tests/support.E2E_EMAIL: the server's own facilitator
PART1, PART2, PART3 = "Part 1 – Review feedback", "Part 2 – Exploring the findings", "Part 3 – Recording and agreeing actions"
FOCUS = ("Pupils with SEND in Key Stage 3 do not yet make the progress they could, "
         "especially in lessons outside their specialist support.")
MESSAGES = [
    "Pupils with SEND say they feel safe and well known by the learning support team, and parents agree.",
    "Adaptations seen in Year 7 and Year 8 lessons varied a great deal from one classroom to the next.",
    "Pupil passports exist for every pupil on the register, but few teachers said they use them when planning.",
    "Teaching assistants are often briefed at the classroom door rather than before the lesson starts.",
    "Leaders track SEND attainment every term, but the information rarely reaches heads of department.",
    "Homework is rarely adapted, so some pupils depend on help at home that not every family can give.",
    "Pupils in the nurture group make strong progress in English but lose ground when they move to mainstream sets.",
]
VIEWS = [
    "We knew about the passports, but the point about TAs being briefed at the door really landed with us.",
    "Honestly I was surprised how much lessons vary between departments; we assumed our own practice was typical.",
    "This matches what pupils tell us in their annual reviews, so it is good to see it written down at last.",
    "I thought the tracking data was already reaching heads of department every term; clearly it is not.",
    "It is good to hear the support team is valued, and we should say so to them at the next briefing.",
    "Not a surprise for the English department, but I don't think maths and science staff knew about it.",
    "The homework point stung a bit. We set the same task for everyone and then wonder why it comes back blank.",
    "",
]
IDEAS = [
    "One-page pupil profiles that replace the long passports, written with the pupil and their parents",
    "Ten minutes of TA briefing time built into the timetable every week, not taken from break",
    "Heads of department get the SEND tracking data at the same time as the senior leadership team",
    "A termly adaptive-teaching CPD cycle with coaching, instead of a single INSET day each year",
    "A shared bank of adapted resources for each Year 7 and Year 8 unit, kept on the staff drive",
    "A pupil voice panel on what support feels like in lessons, meeting once every half term",
    "A visit to our partner school to see how they deploy their teaching assistants across a day",
    "An autumn workshop for parents on support plans and how they can help with homework",
    "SENCo drop-in at each department meeting once a half term to look at planning together",
    "Paired observations between departments, looking only at how lessons are adapted for SEND",
    "A short checklist of adaptations on the back of every seating plan, updated each term",
    "Homework that comes in two versions for Key Stage 3, so nobody depends on help at home",
]
CAUSES = [("b1", "Adaptive teaching looks different in every department"),
          ("b1", "Few shared examples of what good adaptation looks like in our own lessons"),
          ("b2", "Schemes of work assume one route through each unit for every pupil"),
          ("b3", "Some pupils won't use their support in front of their friends"),
          ("b4", "CPD on adaptive teaching was a one-off INSET two years ago"),
          ("b4", "No shared time for teachers and TAs to plan lessons together"),
          ("b5", "SEND data goes to senior leaders, not to heads of department"),
          ("b6", "Pupil passports are long and hard to use in a busy lesson"),
          ("b7", "Parents hear about support plans only once a year at the review")]
PSTB_STATEMENT = "make sure teaching assistants are briefed before the lesson, not at the door"
PSTB_IDEAS = ["A ten-minute TA briefing slot in the timetable each week",
              "Teachers share lesson plans with TAs the day before",
              "A shared planning sheet for each class, kept on the staff drive",
              "TAs join department meetings once a half term",
              "Briefing cards left on the TA's desk at the start of the day"]
PSTB_NOTES = [(0, "benefit", "Protected time, so it actually happens"),
              (0, "concern", "The timetable is already full"),
              (1, "benefit", "Costs nothing to start tomorrow"),
              (1, "concern", "Not every teacher plans that far ahead"),
              (2, "benefit", "Everyone can see it, cover staff too"),
              (2, "concern", "Another document to keep up to date")]
PSTB_OVERCOME = "Use the first ten minutes of Monday's staff briefing"
WHYS = ["Because teaching assistants' paid hours start and end with the lessons themselves",
        "Because TA hours were set to match the timetable exactly when budgets were cut",
        "Because the TA contracts were written before the new curriculum and never revisited"]
WHY_PROPOSALS = ["Because nobody has been asked to review the contracts since the restructure in 2021",
                 "Because changing contracts needs a consultation and HR time the school does not have",
                 "Because governors see TA pay only as a cost line, not as part of the SEND provision",
                 "Because we have not shown what the extra planning time would buy for the pupils"]
SWOT = [("s", "The learning support team knows every pupil and their family well"),
        ("s", "Pupils with SEND say they feel safe and listened to"),
        ("s", "Strong English results for the nurture group"),
        ("w", "Adaptation in lessons depends on which department you are in"),
        ("w", "Teachers and TAs have no time to plan lessons together"),
        ("w", "Pupil passports are rarely looked at when planning"),
        ("o", "A partner school has offered to show us how it deploys its TAs"),
        ("o", "The local authority advisory teacher can visit every term"),
        ("o", "Parents want to help with reading at home"),
        ("t", "TA hours may be reduced in next year's budget"),
        ("t", "Recruiting science and maths teachers keeps getting harder"),
        ("t", "Building works will close the library for a term")]
RAG_ITEMS = MESSAGES[:6]

# A radiant map in full flow: 8 branches, 60 ideas in all, three levels deep, in the short phrases
# a mind map gathers (18 characters on average, the longest 31).
RADIANT_THEME = "Reading for pleasure in KS3"
RADIANT = [
    ("Library", [("Open at lunch and after school", ["Sixth-form helpers", "A quiet corner"]),
                 ("More graphic novels", ["Pupils choose what to buy"]),
                 ("Books in form rooms", []),
                 ("Audiobooks", ["On the school app"])]),
    ("Time to read", [("Reading in tutor time", ["Staff read too", "Quiet registers"]),
                      ("Real books for homework", []),
                      ("Drop everything and read", []),
                      ("Reading in every subject", ["Key texts read aloud", "Science articles"])]),
    ("Staff as readers", [("Share what we read", ["Posters on doors", "Book talk in assemblies"]),
                          ("CPD on reading aloud", []),
                          ("A book from each department", ["Maths and science too"])]),
    ("Pupils with SEND", [("Grown-up decodable books", ["Chosen with the SENCo"]),
                          ("Year 10 reading buddies", ["Buddy training", "Same pairs all term"]),
                          ("Overlays and large print", []),
                          ("Reading ages each term", ["Shared with all staff"])]),
    ("Families", [("Book bags to take home", []),
                  ("Librarian at parents' evening", []),
                  ("Tips in the newsletter", ["Plain English", "Translated for EAL families"])]),
    ("Choice and voice", [("Pupil book reviewers", ["Reviews on the website"]),
                          ("Pupil-run book clubs", ["Manga club", "Football fiction"]),
                          ("Pupils pick class readers", [])]),
    ("Celebrating reading", [("World Book Week", []),
                             ("Rewards that aren't sweets", ["A book to keep", "Lunch with an author"]),
                             ("A yearly author visit", [])]),
    ("Partners", [("Library cards for Year 7", ["Trip to sign up"]),
                  ("Bookshop book fair", []),
                  ("Newspapers in the library", []),
                  ("Shared lists with primaries", ["Summer reading for Year 6"])]),
]


def radiant_texts() -> list[str]:
    return [text for branch, subs in RADIANT for text in (branch, *(t for sub, below in subs for t in (sub, *below)))]


ACTIONS = [("2027-01-08", "Deputy head (timetable) with the SENCo", "a"),
           ("By February half term", "SENCo and all heads of department", "a"),
           ("From January, then every term", "CPD lead with the partnership's SEND network", "b"),
           ("By Easter", "Heads of English, maths and science with partner schools", "b"),
           ("Spring term", "Data manager and the assessment lead", "a"),
           ("Summer term", "Local authority advisory teacher for SEND", "c")]
REPORT_PROMPT = ("Before we finish: how will we share what we agreed today with the staff who were not in the "
                 "room, with governors at the next standards committee and with the partnership? Then, looking "
                 "back on the whole peer review, tell us honestly how it felt to be reviewed, what went well "
                 "and what we should change next time. One answer per card; short is fine.")
REPORTS = ["A five-minute summary at Monday's staff briefing, led by the SENCo and a class teacher together",
           "A paper for the governors' standards committee in January, with the action plan attached",
           "Heads of department take the actions to their next department meeting and report back in March",
           "A one-page summary in the staff bulletin with the three actions everyone is involved in",
           "Share the action plan with our partner schools at the next heads' meeting of the partnership",
           "Tell pupils on the voice panel what we are changing because of what they said"]


def wall_cards(n: int) -> list[str]:
    """n different cards, each a real sentence of 60-100 characters (up to 50)."""
    stems = ["Trial one-page pupil profiles in {d} before every department uses them",
             "Give the {d} team ten minutes of TA briefing time at the start of each week",
             "Send the termly SEND tracking data straight to the head of {d}",
             "Build a bank of adapted resources for the first unit taught in {d}",
             "Pair a {d} teacher with a TA to plan one lesson together each half term",
             "Ask pupils with SEND what helps them most in {d} lessons, and act on it",
             "Film a short example of an adapted starter in {d} for the staff drive",
             "Make adaptive teaching the focus of the next {d} department meeting",
             "Set {d} homework in two versions, so nobody depends on help at home",
             "Invite the SENCo to a {d} planning session once a half term"]
    subjects = ["maths", "English", "science", "geography", "design and technology"]
    return [stems[i % 10].format(d=subjects[i // 10]) for i in range(n)]


def dot_options(n: int) -> list[str]:
    return [f"Option {i + 1}: {text}" for i, text in enumerate((IDEAS + wall_cards(n))[:n])]


# Votes for the 24 options: ties straddle every plausible cut-off (rows 8-10, 12-15, 18-21).
BIG_VOTES = [9, 8, 8, 7, 6, 6, 5, 4, 4, 4, 3, 3, 3, 3, 2, 2, 2, 2, 2, 1, 1, 1, 0, 0]


class Run:
    def __init__(self, workshop_id, ic):
        from workshop.engine import service

        self.service, self.id, self.ic, self.people = service, workshop_id, ic, []

    def step(self, who, kind, payload=None, activity=None) -> dict:
        ack = self.service.submit(self.id, who, {"intent_id": f"rd-{secrets.token_hex(8)}", "type": kind,
                                                 "activity": activity, "payload": payload or {}})
        if not ack["ok"]:
            raise RuntimeError(f"{kind} {payload} failed: {ack}")
        return ack

    def f(self, kind, payload=None, activity=None) -> dict:
        return self.step(self.ic, kind, payload, activity)

    def state(self, activity: int) -> dict:
        from workshop.db import db
        from workshop.models import Activity

        with db.session() as s:
            return s.get(Activity, activity).state

    def add(self, tool, title, prompt, section, config=None) -> int:
        from workshop.db import db
        from workshop.models import Activity

        self.f("agenda.add", {"tool": tool, "title": title, "prompt": prompt, "section": section, "after": None,
                              "config": config or {}})
        with db.session() as s:
            return max(a.id for a in s.query(Activity).filter_by(workshop_id=self.id))

    def begin(self, activity):
        self.f("control.goto", {"activity": activity})
        self.f("activity.open", activity=activity)

    def finish(self, activity, reveal=True):
        self.f("activity.close", activity=activity)
        if reveal:
            self.f("activity.reveal", activity=activity)

    def items(self, activity, key="items") -> list[str]:
        return [i["id"] for i in self.state(activity)[key]]


def build() -> dict:
    from workshop import accounts, workshops
    from workshop.db import db
    from workshop.engine.envelope import Principal

    with db.session(write=True) as s:
        user = accounts.find_user(s, EMAIL)
        workshop = workshops.create(s, user, {"school": "Riverside Academy (11-16)", "focus": FOCUS,
                                              "ics": "Priya Shah and Tom Walsh", "date": date(2026, 12, 3),
                                              "key_messages": "\n".join(MESSAGES)})
    run = Run(workshop.id, Principal("facilitator", user_id=user.id))
    run.f("workshop.open")
    for n in range(30):
        pid = run.service.join(run.id, f"Staff {n + 1}")[0]
        run.people.append(Principal("participant", participant_id=pid, name=f"Staff {n + 1}"))
    staff = run.people[:8]
    rooms = {}

    def room(label, activity, texts, **extra):
        rooms[label] = {"activity": activity, "texts": texts, **extra}

    # Response round: the key messages while people answer, then a revealed round of 8 and of 30.
    msgs = run.add("response_round", "Our response to the key messages",
                   "How much of this is a surprise to us? What's our view of these messages?", PART1,
                   {"messages": MESSAGES})
    run.begin(msgs)
    for person, view in zip(staff[:3], VIEWS):
        run.step(person, "response.submit", {"surprise": 3, "view": view}, msgs)
    room("response_round_messages", msgs, MESSAGES)
    for label, people in (("response_round", staff), ("response_round_30", run.people)):
        rr = run.add("response_round", "Our response to the key messages",
                     "How much of this is a surprise to us? What's our view of these messages?", PART1,
                     {"messages": MESSAGES})
        run.begin(rr)
        for n, person in enumerate(people):
            run.step(person, "response.submit", {"surprise": 1 + (n * 3) % 5, "view": VIEWS[n % len(VIEWS)]}, rr)
        run.finish(rr)
        run.f("response.next", activity=rr)
        shown = next(r for r in run.state(rr)["responses"] if r["id"] == run.state(rr)["current"])
        room(label, rr, [shown["view"]], total=len(people))

    rag = run.add("rag_rating", "How well are we doing on each finding?",
                  "Red, amber or green: where are we now on each of the review's findings?", PART1)
    for text in RAG_ITEMS:
        run.f("rag.item_add", {"text": text}, rag)
    run.begin(rag)
    for n, person in enumerate(staff):
        for k, item in enumerate(run.items(rag)):
            run.step(person, "rag.rate", {"item": item, "rating": ["green", "amber", "red"][(k + n // 3) % 3]}, rag)
    run.finish(rag)
    room("rag_rating", rag, RAG_ITEMS)

    fb = run.add("fishbone", "What lies behind it?", "Add the causes you see behind the problem. One idea per card.",
                 PART2, {"problem": FOCUS})
    run.begin(fb)
    for n, (bone, text) in enumerate(CAUSES):
        run.step(staff[n % 8], "fishbone.add", {"bone": bone, "text": text, "parent": None}, fb)
    run.finish(fb)
    room("fishbone", fb, [text for _, text in CAUSES])

    swot = run.add("swot", "Where do we stand?", "One point per card, in the quadrant where it belongs.", PART2)
    run.begin(swot)
    for n, (quadrant, text) in enumerate(SWOT):
        run.step(staff[n % 8], "swot.add", {"text": text, "quadrant": quadrant}, swot)
    run.finish(swot)
    room("swot", swot, ["Strengths", "Weaknesses", "Opportunities", "Threats", *(text for _, text in SWOT)])

    rt = run.add("radiant", "Everything connected to reading", "Add a branch, or an idea under any branch.", PART2,
                 {"theme": RADIANT_THEME})
    run.begin(rt)
    n = 0
    for branch, subs in RADIANT:
        def add(text, parent):
            nonlocal n
            n += 1
            return run.step(run.people[n % 12], "radiant.add", {"text": text, "parent": parent}, rt)["private"]["mine"][-1]
        top = add(branch, None)
        for sub, below in subs:
            middle = add(sub, top)
            for text in below:
                add(text, middle)
    run.finish(rt)
    room("radiant", rt, [RADIANT_THEME, *radiant_texts()])

    fw = run.add("five_whys", "Five whys on planning time", "Take the cause we marked first and keep asking why.",
                 PART2)
    run.f("whys.problem", {"text": CAUSES[5][1]}, fw)
    run.begin(fw)
    for n, text in enumerate(WHYS):
        run.step(staff[n], "whys.answer", {"text": text}, fw)
        run.f("whys.accept", {"answer": run.state(fw)["answers"][-1]["id"]}, fw)
    for n, text in enumerate(WHY_PROPOSALS):
        run.step(staff[n + 3], "whys.answer", {"text": text}, fw)
    room("five_whys", fw, [CAUSES[5][1], *WHYS, *WHY_PROPOSALS])

    # PSTB at its busiest stage: three chosen ideas, their concerns marked critical and decided.
    ps = run.add("pstb", "Solve it as a team", "One person's problem, the team's ideas, their action plan.", PART3,
                 {"contract": 30})
    run.begin(ps)
    owner = staff[0]
    run.f("pstb.owner", {"owner": owner.participant_id, "name": owner.name}, ps)
    run.f("pstb.stage", {"stage": "statement"}, ps)
    run.step(owner, "pstb.statement", {"text": PSTB_STATEMENT}, ps)
    run.f("pstb.stage", {"stage": "ideas"}, ps)
    for n, text in enumerate(PSTB_IDEAS):
        run.step(staff[1 + n % 7], "pstb.idea", {"text": text}, ps)
    chosen = [i["id"] for i in run.state(ps)["items"]][:3]
    run.f("pstb.stage", {"stage": "selection"}, ps)
    for idea in chosen:
        run.step(owner, "pstb.select", {"idea": idea, "selected": True}, ps)
    run.f("pstb.stage", {"stage": "benefits"}, ps)
    for n, (idea, kind, text) in enumerate(PSTB_NOTES):
        run.step(staff[1 + n % 7], "pstb.note", {"idea": chosen[idea], "kind": kind, "text": text}, ps)
    run.f("pstb.stage", {"stage": "critical"}, ps)
    concerns = [i["id"] for i in run.state(ps)["items"] if i["kind"] == "concern"]
    run.step(staff[2], "pstb.critical", {"item": concerns[0], "critical": True}, ps)
    run.step(owner, "pstb.decide", {"item": concerns[0], "decision": "overcome", "text": PSTB_OVERCOME}, ps)
    run.step(staff[3], "pstb.critical", {"item": concerns[2], "critical": True}, ps)
    run.step(owner, "pstb.decide", {"item": concerns[2], "decision": "eliminates"}, ps)
    room("pstb", ps, ["How to " + PSTB_STATEMENT + "?", *PSTB_IDEAS[:3],
                      *(text for _, kind, text in PSTB_NOTES if kind == "concern"), PSTB_OVERCOME])

    wall = run.add("idea_wall", "Ideas for action", "What could we do about the root causes? Short, practical ideas.",
                   PART3)
    run.begin(wall)
    for n, text in enumerate(IDEAS):
        run.step(staff[n % 8], "idea.add", {"text": text}, wall)
    run.finish(wall)
    room("idea_wall", wall, IDEAS)
    big_wall = run.add("idea_wall", "Ideas for action", "What could we do about the root causes? Short, practical ideas.",
                       PART3)
    run.begin(big_wall)
    for n, text in enumerate(wall_cards(50)):
        run.step(run.people[n % 30], "idea.add", {"text": text}, big_wall)
    run.finish(big_wall)
    room("idea_wall_50", big_wall, wall_cards(50))

    # Part 2's wall with its seven columns, three causes in each.
    bones = ["Teaching and learning", "Curriculum", "Pupils", "Staff and CPD", "Leadership and systems",
             "Resources and environment", "Parents and community"]
    cols = run.add("idea_wall", "What lies behind it?", "Add the causes you see behind the problem. One idea per card.",
                   PART2, {"columns": bones})
    run.begin(cols)
    column_ids = [c["id"] for c in run.state(cols)["columns"]]
    causes = [text for _, text in CAUSES] + WHYS + WHY_PROPOSALS + IDEAS[:5]
    for n, text in enumerate(causes[:21]):
        run.step(run.people[n], "idea.add", {"text": text, "column": column_ids[n % 7]}, cols)
    run.finish(cols)
    room("idea_wall_columns", cols, [*bones, *causes[:21]])

    dots = run.add("dotocracy", "Prioritise the ideas", "Which of these would make the biggest difference?", PART3)
    run.f("activity.import", {"from": wall}, dots)
    run.begin(dots)
    voter = 0
    for item, votes in zip(run.items(dots), [8, 7, 6, 5, 5, 4, 3, 3, 2, 1, 1, 0]):
        for _ in range(votes):
            run.step(run.people[voter % 30], "dots.place", {"item": item}, dots)
            voter += 1
    run.finish(dots)
    room("dotocracy", dots, IDEAS)
    big_dots = run.add("dotocracy", "Prioritise the ideas", "Which of these would make the biggest difference?", PART3)
    for text in dot_options(24):
        run.f("dots.item_add", {"text": text}, big_dots)
    run.f("dots.settings", {"dots": 10, "per_item": 1}, big_dots)
    run.begin(big_dots)
    voter = 0
    for item, votes in zip(run.items(big_dots), BIG_VOTES):
        for _ in range(votes):
            run.step(run.people[voter % 30], "dots.place", {"item": item}, big_dots)
            voter += 1
    run.finish(big_dots)
    room("dotocracy_24", big_dots, dot_options(24), votes=dict(zip(dot_options(24), BIG_VOTES)))

    # The same 24 options while people vote: hidden counts, every option on the board in turn.
    voting = run.add("dotocracy", "Prioritise the ideas", "Which of these would make the biggest difference?", PART3)
    for text in dot_options(24):
        run.f("dots.item_add", {"text": text}, voting)
    run.begin(voting)
    for person, item in zip(run.people[:5], run.items(voting)):
        run.step(person, "dots.place", {"item": item}, voting)
    room("dotocracy_24_voting", voting, dot_options(24))

    d9 = run.add("diamond_nine", "Diamond nine", "Most important at the top.", PART3)
    run.f("activity.import", {"from": dots, "top": 9}, d9)
    run.begin(d9)
    nine = run.items(d9)
    for n, person in enumerate(staff):
        order = nine[:]
        order[n % 3], order[n % 3 + 1] = order[n % 3 + 1], order[n % 3]
        for slot, item in enumerate(order):
            run.step(person, "diamond.place", {"item": item, "slot": slot}, d9)
    run.finish(d9)
    run.f("diamond.lock", activity=d9)
    room("diamond_nine", d9, [i["text"] for i in run.state(d9)["items"]])

    pm = run.add("prioritisation_matrix", "Impact and effort", "How much difference, for how much effort?", PART3)
    run.f("activity.import", {"from": dots, "top": 8}, pm)
    run.begin(pm)
    for n, person in enumerate(staff):
        for k, item in enumerate(run.items(pm)):
            run.step(person, "matrix.rate", {"item": item, "x": 1 + (k + n) % 5, "y": 5 - k // 2}, pm)
    run.finish(pm)
    room("prioritisation_matrix", pm, [i["text"] for i in run.state(pm)["items"]])

    ap = run.add("action_plan", "Agree the actions", "Who will do what, by when, and with what support?", PART3)
    run.f("activity.import", {"from": d9, "top": len(ACTIONS)}, ap)
    run.begin(ap)
    run.step(staff[3], "action.propose", {"text": "Invite the partnership's SEND lead to a department meeting"}, ap)
    for action, (when, who, support) in zip(run.items(ap, "actions"), ACTIONS):
        run.f("action.update", {"action": action, "when": when, "who": who, "support": support}, ap)
        run.f("action.confirm", {"action": action}, ap)
    run.step(staff[0], "action.comment", {"action": run.items(ap, "actions")[0], "text": "Start with Year 7"}, ap)
    room("action_plan", ap, [a["text"] for a in run.state(ap)["actions"]] + [w for _, w, _ in ACTIONS])

    rb = run.add("report_back", "Reporting back and review", REPORT_PROMPT, "Reporting back and review")
    run.begin(rb)
    for n, text in enumerate(REPORTS):
        run.step(staff[n], "report.add", {"text": text}, rb)
    room("report_back", rb, [REPORT_PROMPT, *REPORTS])
    run.f("control.goto", {"activity": None})
    with db.session() as s:
        fresh = s.get(type(workshop), workshop.id)
        return {"workshop": fresh.id, "board_key": fresh.board_key, "rooms": rooms}


if __name__ == "__main__":
    from workshop import create_app

    app = create_app({"ASYNC_MODE": "threading"})
    with app.test_request_context():
        print(json.dumps(build()))
