// Runs static/js/live.js in node against a stand-in for Socket.IO's long-polling transport:
// everything emitted between two requests goes out in one POST, and a POST of more than 16
// packets is refused the way python-engineio refuses it ("Too many packets in payload"), which
// drops the connection. The phone starts with QUEUED intents saved in localStorage (a phone back
// from a dead spot). Prints what happened as JSON (tests/unit/test_live_queue_window.py).
import { register } from "node:module";

const [liveUrl, queued] = [process.argv[2], Number(process.argv[3])];
const busySyncs = Number(process.argv[4] || 0);  // the first syncs answered `busy` (a reconnect storm)
const MAX_PACKETS = 16;   // engineio.payload.Payload.max_decode_packets
const MAX_CONNECTS = 20;  // past this the phone is looping

const module = (text) => "data:text/javascript," + encodeURIComponent(text);
const FAKE_IO = module("export const io = (options) => globalThis.fakeIo(options);");
const NOTICE = module("export const toast = () => {}; export const stoppedBanner = () => {};");
register(module(`
export async function resolve(specifier, context, next) {
  if (specifier.endsWith("socket.io.esm.min.js")) return { url: ${JSON.stringify(FAKE_IO)}, shortCircuit: true };
  if (specifier === "./notice.js") return { url: ${JSON.stringify(NOTICE)}, shortCircuit: true };
  return next(specifier, context);
}`));

const stored = new Map();
globalThis.localStorage = { getItem: (k) => stored.get(k) ?? null, setItem: (k, v) => stored.set(k, String(v)) };
const boot = { workshop: 1, role: "participant", participant: { id: 7 } };
const queue = [];
for (let n = 0; n < queued; n++) {
  queue.push({ intent_id: `queued-${n}`, type: "idea.add", activity: 3, payload: { text: `idea ${n}` },
               created: Date.now(), sentAt: 0 });
}
stored.set("workshop.queue.v1:1:participant:7", JSON.stringify(queue));

const seen = { posts: [], refused: 0, connects: 0, received: {}, order: [], syncs: [] };
let version = 0;

globalThis.fakeIo = () => {
  const handlers = {};
  let buffer = [];
  let flushing = false;
  const fire = (name, ...args) => (handlers[name] || []).forEach((fn) => fn(...args));
  const socket = {
    connected: false,
    active: true,
    on(name, fn) { (handlers[name] ||= []).push(fn); },
    emit(event, data, ack) {
      buffer.push({ event, data, ack });
      if (!flushing) { flushing = true; setTimeout(flush, 0); }
    },
    connect() { setTimeout(open, 0); },
    disconnect() { socket.connected = false; socket.active = false; },
  };
  function open() {
    if (seen.connects >= MAX_CONNECTS) return;
    seen.connects++;
    socket.connected = true;
    fire("connect");
  }
  function flush() {
    flushing = false;
    const post = buffer;
    buffer = [];
    if (!socket.connected) return;
    seen.posts.push(post.length);
    if (post.length > MAX_PACKETS) {  // HTTP 400: the transport closes, Socket.IO reconnects
      seen.refused++;
      socket.connected = false;
      fire("disconnect", "transport error");
      setTimeout(open, 0);
      return;
    }
    setTimeout(() => post.forEach(answer), 2);  // the server's answers come back on the next poll
  }
  function answer({ event, data, ack }) {
    if (event === "sync") {
      seen.syncs.push(Date.now());
      if (seen.syncs.length <= busySyncs) return ack({ ok: false, error: "busy", retry_after: 1 });
      return ack({ ok: true, version });
    }
    const id = data.intent_id;
    const first = !(id in seen.received);
    seen.received[id] = (seen.received[id] || 0) + 1;
    if (first) { version++; seen.order.push(id); }
    ack({ ok: true, duplicate: !first, version });
  }
  setTimeout(open, 0);
  return socket;
};

const { createLive } = await import(liveUrl);
const live = createLive(boot);
const settled = {};
live.on("ack", (record) => { settled[record.entry.intent_id] = (settled[record.entry.intent_id] || 0) + 1; });

const deadline = Date.now() + 10000;
const timer = setInterval(() => {
  const done = live.queue.length === 0 && seen.syncs.length > busySyncs;
  if (done || seen.connects >= MAX_CONNECTS || Date.now() > deadline) {
    clearInterval(timer);
    console.log(JSON.stringify({ ...seen, settled, left: live.queue.length, stored: JSON.parse(stored.get("workshop.queue.v1:1:participant:7")).length }));
    process.exit(0);
  }
}, 5);
