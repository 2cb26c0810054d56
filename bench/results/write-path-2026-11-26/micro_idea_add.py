"""In-process microbenchmark (docs/performance.md, 2026-11-26): one `idea.add` on a 400-card wall
in a workshop whose agenda holds three more 400-card walls (9 activities), SQLite, no clients.
Times the write (service._apply_once: load, reducer, flush, commit) and the push after it
(push._push: snapshot, three views, emits to empty rooms), 200 times after 20 warm-ups; counts
SQL statements and Activity rows loaded; then a facilitator's timer.start on the same workshop.

    ROOT=/path/to/a/checkout .venv/bin/python bench/results/write-path-2026-11-26/micro_idea_add.py [-v]

ROOT: the tree whose `workshop` package is measured (put it on PYTHONPATH too)."""
import os, sys, time, statistics, tempfile, pathlib  # noqa: E401
ROOT = os.environ.get("ROOT", "/work/main")
sys.path[:0] = [ROOT, ROOT + "/tests"]
from sqlalchemy import event, update
from support import make_app, Facilitator, walls, add_wall
from workshop.db import db
from workshop.engine import service, push
from workshop.engine.envelope import Principal
from workshop.models import Activity, Workshop

tmp = pathlib.Path(tempfile.mkdtemp()) / "w.db"
app = make_app(tmp)
ic = Facilitator(app, "ic@example.org", "Priya")
wid = ic.create_workshop()
assert ic.step(wid, "workshop.open")["ok"]
for k in range(3):
    add_wall(ic, wid, f"Wall {k}")
wall_ids = walls(wid)
first = wall_ids[0]
assert ic.step(wid, "control.goto", {"activity": first})["ok"]
assert ic.step(wid, "activity.open", activity=first)["ok"]
pids = []
for i in range(40):
    pid, _ = service.join(wid, f"P{i}")
    pids.append(pid)
for i in range(400):
    r = service.submit(wid, Principal("participant", participant_id=pids[i % 40]),
                       {"intent_id": f"seed-{i:06d}", "type": "idea.add", "activity": first,
                        "payload": {"text": f"Idea number {i}: " + "x" * 120}})
    assert r["ok"], r
with db.session(write=True) as s:
    state = s.get(Activity, first).state
    for other in wall_ids[1:4]:
        s.execute(update(Activity).where(Activity.id == other).values(state=state))
    n_acts = len(s.get(Workshop, wid).activities)
print("walls", len(wall_ids), "activities", n_acts, "cards", len(state["cards"]))

stmts, loads = [], []
event.listen(db.engine, "before_cursor_execute", lambda *a: stmts.append(a[2]))
event.listen(Activity, "load", lambda target, ctx: loads.append(target.id))

def one(i, phase):
    p = Principal("participant", participant_id=pids[i % 40])
    raw = {"intent_id": f"{phase}-{i:06d}", "type": "idea.add", "activity": first, "payload": {"text": f"More {i}"}}
    intent = service.envelope.parse(raw)
    stmts.clear(); loads.clear()
    t0 = time.perf_counter()
    with service._workshop_lock(wid):
        applied = service._apply_once(wid, p, intent)
    t1 = time.perf_counter()
    n_s, n_l = len(stmts), len(loads)
    stmts.clear(); loads.clear()
    fresh = getattr(applied, "fresh", None)  # the push right after the change (as service.submit does)
    push._push(wid, False, None, measure=True, **({"fresh": fresh} if fresh else {}))
    t2 = time.perf_counter()
    n_ps, n_pl = len(stmts), len(loads)
    push._push(wid, False, None, measure=True)  # a push that reads everything (end of a tick)
    t3 = time.perf_counter()
    return t1 - t0, t2 - t1, n_s, n_l, n_ps, n_pl, t3 - t2

with app.app_context():
    for i in range(20):
        one(i, "warm")
    res = [one(i, "run") for i in range(200)]
ap = [r[0] * 1000 for r in res]; pu = [r[1] * 1000 for r in res]
print(f"apply+commit ms: median {statistics.median(ap):.2f}  p90 {sorted(ap)[180]:.2f}")
print(f"push ms:         median {statistics.median(pu):.2f}  p90 {sorted(pu)[180]:.2f}  (right after the change)")
pr = [r[6] * 1000 for r in res]
print(f"push ms:         median {statistics.median(pr):.2f}  p90 {sorted(pr)[180]:.2f}  (re-reading: end of a tick)")
print("workshop module:", service.__file__)
print("apply: SQL statements", res[-1][2], "Activity loads", res[-1][3])
print("push:  SQL statements", res[-1][4], "Activity loads", res[-1][5])
if "-v" in sys.argv:
    with app.app_context():
        p = Principal("participant", participant_id=pids[0])
        intent = service.envelope.parse({"intent_id": "show-000001", "type": "idea.add", "activity": first, "payload": {"text": "x"}})
        stmts.clear()
        with service._workshop_lock(wid):
            service._apply_once(wid, p, intent)
        for s in stmts: print("  ", s[:150].replace("\n", " "))

# A facilitator's control step (the timer) on the same workshop: base checked the goto ids by
# loading every activity (and its state); now by one query of ids.
def control_step(i):
    intent = service.envelope.parse({"intent_id": f"timer-{i:06d}", "type": "timer.start", "activity": None,
                                     "payload": {"seconds": 60}})
    stmts.clear(); loads.clear()
    t0 = time.perf_counter()
    with service._workshop_lock(wid):
        service._apply_once(wid, Principal("facilitator", user_id=ic.user.id), intent)
    return time.perf_counter() - t0, len(loads)

with app.app_context():
    ct = [control_step(i) for i in range(100)]
print(f"timer.start apply+commit ms: median {statistics.median(c[0] * 1000 for c in ct):.2f}  Activity loads {ct[-1][1]}")
