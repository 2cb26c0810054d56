// The live connection shared by board, console and phone (protocol v1).
// The server is authoritative: we only send intents and render the states it pushes back.
// Unacknowledged intents live in localStorage so a reload, a locked phone or a dropped
// Wi-Fi resends them with the same intent_id, and the server applies each at most once.
import { io } from "../vendor/socket.io/socket.io.esm.min.js";
import { applyPatch } from "../vendor/fast-json-patch/core.mjs";
import { stateCheck } from "./state_check.js";
import { toast, stoppedBanner } from "./notice.js";

const SLOW_MS = 5000;        // after this an unacked change says "not saved yet — retrying"
const RESEND_MS = 10000;     // a connected socket that got no ack by then sends the intent again
const SETTLED_KEEP_MS = 15000;
// Intents awaiting their ack at once, per connection. On long-polling everything emitted between
// two requests goes in one POST, and the server refuses a POST of more than 16 packets ("Too many
// packets in payload") by dropping the connection: a phone back with 50 queued intents would
// reconnect and resend them all again, for ever. So the queue goes out in a window: each answer
// lets the next intent go.
const MAX_IN_FLIGHT = 10;
// Refusals that may heal by themselves (workshop reopened, server restarted); others are final.
const TRANSIENT = new Set(["closed", "busy", "internal"]);
const ID_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

export function readBoot() {
  return JSON.parse(document.getElementById("boot").textContent);
}

// crypto.randomUUID exists only in secure contexts; schools serve the app over plain-http LAN.
export function newIntentId() {
  const bytes = crypto.getRandomValues(new Uint8Array(20));
  let id = "";
  for (const b of bytes) id += ID_CHARS[b % ID_CHARS.length];
  return id;
}

function storageKey(boot) {
  const who = boot.participant ? `:${boot.participant.id}` : "";
  return `workshop.queue.v1:${boot.workshop}:${boot.role}${who}`;
}

function loadQueue(key) {
  try {
    const list = JSON.parse(localStorage.getItem(key) || "[]");
    return Array.isArray(list) ? list.filter((e) => e && e.intent_id && e.type) : [];
  } catch {
    return [];
  }
}

export function createLive(boot) {
  const key = storageKey(boot);
  const handlers = {};
  const live = {
    boot,
    state: null,
    version: -1,
    private: null,          // {activity, ...tool private data}
    privateVersion: -1,
    offset: 0,              // server clock minus local clock, in ms
    status: "connecting",
    statusDetail: "",
    stopped: false,
    queue: loadQueue(key),  // [{intent_id, type, activity, payload, created, sentAt}]
    settled: new Map(),     // intent_id -> {entry, ok, error, message, at, before, after}
    on(name, fn) { (handlers[name] ||= []).push(fn); },
    serverNow: () => Date.now() + live.offset,
    send,
    pending,
    stop,
    syncFor,
  };

  const fire = (name, arg) => (handlers[name] || []).forEach((fn) => fn(arg));
  const persist = () => {
    try { localStorage.setItem(key, JSON.stringify(live.queue)); } catch { /* private mode */ }
  };
  const setStatus = (status, detail = "") => {
    live.status = status;
    live.statusDetail = detail;
    fire("status");
  };

  const inFlight = new Set();  // intent_ids sent on this connection and not answered yet
  const socket = io({
    // A phone coming out of a dead spot should be back within seconds, not the default 5 s.
    reconnectionDelayMax: 3000,
    // A function so every reconnect reports the latest version we hold.
    auth: (cb) => cb({
      workshop: boot.workshop,
      role: boot.role,
      ...(boot.key ? { key: boot.key } : {}),
      version: Math.max(live.version, 0),
    }),
  });
  live.socket = socket;

  socket.on("connect", () => {
    setStatus("connected");
    resync();
    inFlight.clear();  // answers to the last connection's sends never come: resend them all, in order
    for (const entry of live.queue) entry.sentAt = 0;
    pump();
  });

  socket.on("disconnect", (reason) => {
    inFlight.clear();
    if (live.stopped) return;
    setStatus("reconnecting");
    // The client gives up after a server-side disconnect; a restart or redeploy should not.
    if (reason === "io server disconnect") setTimeout(() => !live.stopped && socket.connect(), 3000);
  });

  socket.on("connect_error", (err) => {
    const data = err && err.data;
    if (data && data.code && !TRANSIENT.has(data.code)) return stop(data.message || data.code);
    setStatus("reconnecting", data && data.message ? data.message : "");
    // A refusal by the server leaves the socket inactive; transport errors retry by themselves.
    if (!socket.active) setTimeout(() => !live.stopped && socket.connect(), 5000);
  });

  socket.on("removed", (data) => stop((data && data.message) || "You were removed from this workshop."));

  function acceptState(state) {
    live.version = state.version;
    live.offset = state.server_now - Date.now();
    live.state = state;
    fire("state", state);
  }
  // A sync answered `busy` (queued too long behind a reconnect storm, or the database restarting)
  // is asked again after the server's retry_after, with jitter, while this connection lasts.
  const resync = () => socket.emit("sync", { version: Math.max(live.version, 0) }, (ack) => {
    if (!ack || ack.error !== "busy") return;
    const wait = Math.min(Math.max(Number(ack.retry_after) || 1, 1), 60) * 1000 + Math.random() * 2000;
    setTimeout(() => socket.connected && !live.stopped && resync(), wait);
  });

  socket.on("state", (state) => {
    if (!state || state.version < live.version) return;
    acceptState(state);
  });

  // What changed since the state we hold (protocol §3): applied to a copy; if we don't hold the
  // state it starts from (a push missed while reconnecting), ask for the whole state instead.
  socket.on("patch", (msg) => {
    if (!msg || msg.version <= live.version) return;
    if (!live.state || msg.from_version !== live.version) return resync();
    let state;
    try {
      state = applyPatch(live.state, msg.ops, false, false).newDocument;
    } catch {
      return resync();
    }
    // made from a base we don't hold after all: the whole state instead of a wrong screen
    if (msg.check && stateCheck(state) !== msg.check) return resync();
    acceptState(state);
  });

  socket.on("private", (msg) => {
    if (msg) applyPrivate(msg.version, msg.activity, msg.private || {});
  });

  function applyPrivate(version, activity, data) {
    if (version < live.privateVersion) return false;
    live.privateVersion = version;
    live.private = { ...data, activity };
    fire("private", live.private);
    return true;
  }

  // `onBehalf`: a paper participant's id, when the console enters this for them (console_behalf.js).
  function send(type, payload = {}, activity = null, onBehalf = null) {
    const entry = { intent_id: newIntentId(), type, payload, created: Date.now(), sentAt: 0 };
    if (activity != null) entry.activity = activity;
    if (onBehalf != null) entry.on_behalf = onBehalf;
    live.queue.push(entry);
    persist();
    fire("pending");
    pump();
    return entry.intent_id;
  }

  // Send the queue's due intents, oldest first, while fewer than MAX_IN_FLIGHT await an answer.
  function pump() {
    if (!socket.connected || live.stopped) return;  // resent from the queue on (re)connect
    const now = Date.now();
    for (const entry of live.queue) {
      if (inFlight.size >= MAX_IN_FLIGHT) break;
      if (!inFlight.has(entry.intent_id) && now - entry.sentAt >= RESEND_MS) transmit(entry);
    }
  }

  function transmit(entry) {
    entry.sentAt = Date.now();
    inFlight.add(entry.intent_id);
    const msg = { intent_id: entry.intent_id, type: entry.type, payload: entry.payload };
    if (entry.activity != null) msg.activity = entry.activity;
    if (entry.on_behalf != null) msg.on_behalf = entry.on_behalf;
    socket.emit("intent", msg, (ack) => {
      inFlight.delete(entry.intent_id);
      settle(entry, ack);
      pump();
    });
  }

  function settle(entry, ack) {
    const idx = live.queue.findIndex((e) => e.intent_id === entry.intent_id);
    if (idx < 0) return;  // an earlier copy was already answered
    // Not applied, but worth another try: stays queued ("not saved yet") and is resent after the
    // server's retry_after (busy: a contended workshop or a database restarting), with jitter so
    // a room's phones don't all come back in the same instant.
    if (ack && (ack.error === "busy" || ack.error === "rate_limited")) {
      const wait = Math.min(Math.max(Number(ack.retry_after) || 1, 1), 60) * 1000;
      entry.sentAt = Date.now() - RESEND_MS + wait + Math.random() * 2000;
      return;
    }
    live.queue.splice(idx, 1);
    persist();
    const ok = !!(ack && ack.ok);
    const record = { entry, ok, at: Date.now(), version: ack && ack.version };
    if (ok && ack.created) record.created = ack.created;  // what the step made (e.g. the paper participant added)
    if (ok && ack.private && entry.on_behalf != null) {
      record.private = { version: ack.version, ...ack.private };  // that person's, not ours: console_behalf.js takes it
    } else if (ok && ack.private) {
      const { activity, ...data } = ack.private;
      record.before = live.private;
      if (applyPrivate(ack.version, activity, data)) record.after = live.private;
    }
    if (!ok) {
      record.error = (ack && ack.error) || "internal";
      record.message = (ack && ack.message) || "That change could not be saved.";
      if (ack && ack.tie) record.tie = ack.tie;  // where a "top N" would split a tie (console_ties.js)
      // A tie gets the console's own dialog; every phone tool says a refusal next to what was
      // refused, so a toast on top would say it twice and cover where the next tap goes.
      // Entered for someone: the phone screen the console shows for them says it, as a phone would.
      if (record.error !== "tie" && boot.role !== "participant" && entry.on_behalf == null) toast(record.message);
    }
    live.settled.set(entry.intent_id, record);
    fire(ok ? "ack" : "rejected", record);
    fire("pending");
  }

  // Which of the queued intents are still "saving…" and which are late enough to say so. For one
  // activity: only ours, or (onBehalf) only those entered for that paper participant.
  function pending(activity, onBehalf = null) {
    const now = Date.now();
    return live.queue
      .filter((e) => activity === undefined || (e.activity === activity && (e.on_behalf ?? null) === onBehalf))
      .map((e) => ({ ...e, status: now - e.created >= SLOW_MS ? "retrying" : "saving" }));
  }

  // What paper participant `id`'s phone would show (a sync with on_behalf): resolves to the ack,
  // {ok, version, participant, state, private} or a refusal.
  function syncFor(id) {
    return new Promise((resolve) => {
      if (!socket.connected || live.stopped) return resolve({ ok: false, error: "busy", message: "Not connected." });
      socket.emit("sync", { version: Math.max(live.version, 0), on_behalf: id }, (ack) => resolve(ack || {}));
    });
  }

  function stop(message) {
    live.stopped = true;
    socket.disconnect();
    setStatus("stopped", message);
    stoppedBanner(message);
  }

  // One slow tick: flips "saving…" to "retrying" at 5 s, resends lost intents, forgets old news.
  setInterval(() => {
    const now = Date.now();
    let changed = false;
    for (const e of live.queue) {
      const age = now - e.created;
      if (age >= SLOW_MS && age < SLOW_MS + 1000) changed = true;
      if (now - e.sentAt >= RESEND_MS) inFlight.delete(e.intent_id);  // no answer: lost, send again
    }
    pump();
    for (const [id, r] of live.settled) if (now - r.at > SETTLED_KEEP_MS) live.settled.delete(id);
    if (changed) fire("pending");
  }, 1000);

  // Intents restored from a previous page load are shown as pending before we even connect.
  if (live.queue.length) setTimeout(() => fire("pending"), 0);
  return live;
}
