"""A phone on long-polling coming back with 50 queued intents (issue 11 §6). Engine.IO refuses a
POST of more than 16 packets ("Too many packets in payload") and drops the connection, so a client
that resends its whole queue at once reconnects and resends it again, for ever. live.js resends
it in a window (at most 10 unanswered, the next sent as answers come back); this phone does the
same against a real server process, on polling only."""
from __future__ import annotations

import threading
import time
from collections import Counter

from cluster import LiveClient, Server, join_browser, wait_until
from scenario import EMAIL, PASSWORD, Truth

QUEUED = 50
EARLIER, ADDED = 5, 30  # ideas the phone added before the dead spot, and in it (the rest are edits)
WINDOW = 10  # live.js MAX_IN_FLIGHT


class WindowedPhone(LiveClient):
    """Resends its queue as live.js does: oldest first, at most WINDOW awaiting an answer; a
    `rate_limited` answer waits its retry_after."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.in_flight: set[str] = set()
        self.not_before: dict[str, float] = {}
        self.ok_answers: Counter = Counter()
        self.timers: list[threading.Timer] = []

    def _on_connect(self):
        self.connects += 1
        with self.lock:
            version = max(self.version, 0)
            self.in_flight.clear()
        self.sio.emit("sync", {"version": version}, callback=lambda *_: None)
        self._pump()

    def _transmit(self, data: dict) -> None:  # a new intent joins the queue's window
        self._pump()

    def _pump(self) -> None:
        if self.connects == 0:
            return  # not connected yet: the queue goes out on connect
        with self.lock:
            now = time.monotonic()
            ready = [d for i, d in self.queue.items() if i not in self.in_flight and self.not_before.get(i, 0) <= now]
            ready = ready[:max(0, WINDOW - len(self.in_flight))]
            self.in_flight.update(d["intent_id"] for d in ready)
        for data in ready:
            try:
                self.sio.emit("intent", data, callback=lambda ack, i=data["intent_id"]: self._on_ack(i, ack))
            except Exception:  # noqa: BLE001 - cut off meanwhile: resent on the next connect
                with self.lock:
                    self.in_flight.discard(data["intent_id"])

    def _on_ack(self, intent_id: str, ack: dict) -> None:
        with self.lock:
            self.in_flight.discard(intent_id)
            if ack.get("ok"):
                self.ok_answers[intent_id] += 1
            if ack.get("error") == "rate_limited":  # a phone's allowance is 40 events per 10 s
                wait = float(ack.get("retry_after") or 1)
                self.not_before[intent_id] = time.monotonic() + wait
                timer = threading.Timer(wait, self._pump)
                timer.daemon = True
                self.timers.append(timer)
                timer.start()
        super()._on_ack(intent_id, ack)
        self._pump()


def test_a_polling_phone_with_50_queued_intents_gets_each_acked_once_without_reconnecting(tmp_path):
    database_url = f"sqlite:///{tmp_path / 'workshop.db'}"
    server = Server(tmp_path, {"WORKSHOP_DATABASE_URL": database_url})
    server.cli("create-user", "--email", EMAIL, "--name", "Priya Shah", "--password", PASSWORD)
    truth = Truth(tmp_path, database_url)
    phone = None
    try:
        info = truth.idea_wall()
        wid, wall = info["workshop"], info["wall"]
        server.start()
        _, token, browser = join_browser(server.base, info["code"], "Jo")
        phone = WindowedPhone(server.base, {"workshop": wid, "role": "participant", "token": token}, http=browser,
                              name="jo", transports=("polling",))
        phone.connect()
        assert phone.sio.transport() == "polling"
        mine = [phone.call("idea.add", {"text": f"Earlier idea {n}"}, wall)["created"][0] for n in range(EARLIER)]
        phone.disconnect()
        wait_until(lambda: not phone.connected, 10, "the phone is cut off")

        # Typed in a dead spot (new ideas, and edits of its earlier ones, under the per-person cap
        # of ideas): all queued before the connection comes back.
        sent = [phone.send("idea.add", {"text": f"Idea {n} from the car park"}, wall) for n in range(ADDED)]
        sent += [phone.send("idea.edit", {"card": mine[n % EARLIER], "text": f"Earlier idea, edit {n}"}, wall)
                 for n in range(QUEUED - ADDED)]
        assert len(phone.queue) == QUEUED
        phone.connect()

        wait_until(lambda: phone.settled(), 60, "every queued intent answered")

        assert {i: phone.ok_answers[i] for i in sent} == {i: 1 for i in sent}  # each acknowledged ok, once
        assert truth.intent_counts(wid, sent) == Counter({i: 1 for i in sent})  # and applied once
        cards = truth.activity_state(wall)["cards"]
        assert sum(1 for c in cards if c["text"].endswith("from the car park")) == ADDED
        assert phone.connected and phone.connects == 2, "no disconnect and reconnect on the way"
        assert "Too many packets" not in server.log()
    finally:
        if phone is not None:
            for timer in phone.timers:
                timer.cancel()
            phone.close()
        server.stop()
        truth.close()
