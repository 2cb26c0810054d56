"""What each phone does in a phase: realistic, seeded (the real and the bare run do the same).

A person types an idea in 10-30 s, so ideas arrive spread over the phase's window, one at a time
per phone (the next after the previous was saved); dots are taps, a few a second.
"""
from __future__ import annotations

import asyncio
import random
import time

WORDS = ("more time for planning shared marking moderation across departments pupils with SEND "
         "feel known reading ages homework club parents evening feedback loops attendance data "
         "teaching assistants deployment quality first teaching scaffolds vocabulary oracy "
         "transition from year six behaviour policy consistency staff training coaching").split()


def sentence(rng: random.Random, low: int = 25, high: int = 140) -> str:
    target = rng.randint(low, high)
    words: list[str] = []
    while len(" ".join(words)) < target:
        words.append(rng.choice(WORDS))
    text = " ".join(words)[:high]
    return text[0].upper() + text[1:]


async def _until(t: float) -> None:
    delay = t - time.monotonic()
    if delay > 0:
        await asyncio.sleep(delay)


def _rng(params: dict, index: int) -> random.Random:
    return random.Random(params.get("seed", 1) * 100_003 + index)


async def ideas(client, index: int, params: dict, start_at: float) -> list[dict]:
    """`ideas` ideas each, at random moments of a `window`-second phase, one at a time."""
    rng = _rng(params, index)
    activity = params["activities"][str(client.workshop)]
    moments = sorted(rng.uniform(0, params["window"]) for _ in range(params.get("ideas", 2)))
    records = []
    for m in moments:
        await _until(start_at + m)
        records.append(await client.intent("idea.add", activity, {"text": sentence(rng), "column": None}))
    return records


def dot_plan(rng: random.Random, items: list[str], dots: int, per_item: int) -> list[str]:
    plan: list[str] = []
    while len(plan) < dots:
        item = rng.choice(items)
        if plan.count(item) < per_item:
            plan.append(item)
    return plan


async def dots(client, index: int, params: dict, start_at: float) -> list[dict]:
    """A burst of taps: `dots` dots, the first within `window` s, then one every 0.25-0.6 s."""
    rng = _rng(params, index)
    activity = params["activities"][str(client.workshop)]
    plan = dot_plan(rng, params["items"], params.get("dots", 5), params.get("per_item", 3))
    t = start_at + rng.uniform(0, params["window"])
    records = []
    for item in plan:
        await _until(t)
        records.append(await client.intent("dots.place", activity, {"item": item}))
        t = max(t, time.monotonic()) + rng.uniform(*params.get("gap", (0.25, 0.6)))
    return records


async def vote(client, index: int, params: dict, start_at: float) -> list[dict]:
    """One dot within the `window`; some phones resend it with the same intent_id, as a phone does
    when its ack was lost (the server must say `duplicate` and count it once)."""
    rng = _rng(params, index)
    activity = params["activities"][str(client.workshop)]
    item = rng.choice(params["items"])
    await _until(start_at + rng.uniform(0, params["window"]))
    intent_id = f"vote-{params.get('seed', 1)}-{index}-{rng.getrandbits(32):08x}"
    records = [await client.intent("dots.place", activity, {"item": item}, intent_id=intent_id)]
    if rng.random() < params.get("resend", 0.0):
        again = await client.intent("dots.place", activity, {"item": item}, intent_id=intent_id)
        again["resend"] = True
        records.append(again)
    return records


async def steady(client, index: int, params: dict, start_at: float) -> list[dict]:
    """One idea every `period` s (first at a random phase) until `duration` s have passed."""
    rng = _rng(params, index)
    activity = params["activities"][str(client.workshop)]
    t = start_at + rng.uniform(0, params["period"])
    records = []
    while t < start_at + params["duration"]:
        await _until(t)
        records.append(await client.intent("idea.add", activity, {"text": sentence(rng), "column": None}))
        t += params["period"]
    return records


SCRIPTS = {"ideas": ideas, "dots": dots, "vote": vote, "steady": steady}
