// "Enter for…": the console's side panel for staff without phones (issue 12). The facilitator
// picks a paper participant (or adds one) and gets that person's phone screen of the current
// activity — the very phone module of the tool (tools/<tool>_phone.js, through surface.js), so
// every tool works here — whose intents go out with `on_behalf`. The server runs them as that
// person (their allowance, their pseudonym) and logs who entered them (protocol §2).
//
// What the phone shows comes from a sync with on_behalf (that person's participant view and
// private part), asked again whenever the console's own state moves on; the acks of what is
// entered carry that person's private part too (live.js keeps it apart from the console's).
import { h, button } from "./dom.js";
import { limit } from "./limits.js";
import { renderTool, STATUS_TEXT } from "./surface.js";

export function mountBehalf(console_, live) {
  let open = false;
  let who = null;          // {id, name} of the paper participant being entered for
  let view = null;         // that person's participant-audience state, from the last sync
  let priv = null;         // their private part: {activity, ...}
  let privVersion = -1;
  let syncing = false, again = false, problem = "";
  let adding = null;       // the intent_id of our participant.add_paper, to pick the new person
  let wanted = null;       // the person it made, chosen once a state lists them

  const toggle = button("Enter for…", () => setOpen(!open), {
    class: "btn btn-small btn-secondary behalf-toggle", testid: "behalf-toggle", "aria-expanded": "false",
    title: "Enter ideas, votes and ratings for someone without a phone (their paper sheet)",
  });

  const pick = h("select", { class: "behalf-pick", testid: "behalf-person", id: "behalf-person" });
  pick.addEventListener("change", () => choose(pick.value ? Number(pick.value) : null));
  const name = h("input", { type: "text", id: "behalf-name", testid: "behalf-name", autocomplete: "off",
    maxlength: limit("participant.name"), placeholder: "Add someone: their name", "aria-label": "Name of someone without a phone, to add" });
  // Optional, shown beside their name in the People panel and the record's attendees ("TA").
  const role = h("input", { type: "text", id: "behalf-role", testid: "behalf-role", autocomplete: "off",
    maxlength: limit("participant.role"), placeholder: "Role (optional)", "aria-label": "Their role (optional), e.g. TA" });
  const addForm = h("form", { class: "behalf-add", testid: "behalf-add-form" }, name, role,
    h("button", { type: "submit", class: "btn btn-small btn-secondary", testid: "behalf-add" }, "Add"));
  addForm.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const text = name.value.trim();
    if (!text) { name.focus(); return; }
    const given = role.value.trim();
    adding = live.send("participant.add_paper", given ? { name: text, role: given } : { name: text });
    addError.hidden = true;
    name.value = role.value = "";
  });
  const pickRow = h("div", { class: "behalf-pick-row" },
    h("label", { for: "behalf-person", class: "behalf-label" }, "Whose sheet"), pick);
  const addError = h("p", { class: "behalf-error", testid: "behalf-add-error", role: "alert", hidden: true });
  const intro = h("p", { class: "behalf-intro muted", testid: "behalf-intro" },
    "For someone without a phone: add them by name, then enter what is on their sheet. It counts as theirs.");
  const banner = h("p", { class: "behalf-who", testid: "behalf-who" });
  const saved = h("p", { class: "behalf-saved", testid: "behalf-saved", role: "status" });
  let savedTimer = null;
  const note = h("p", { class: "behalf-note", role: "status" });
  const head = {
    section: h("p", { class: "phone-section" }),
    title: h("h3", { class: "phone-title", testid: "behalf-activity-title" }),
    prompt: h("p", { class: "phone-prompt" }),
  };
  const headEl = h("header", { class: "behalf-act" }, head.section, head.title, head.prompt);
  const holder = h("div", { class: "phone-tool", testid: "behalf-tool" });
  const screen = h("div", { class: "phone behalf-phone" }, note, headEl, holder);
  const close = button("✕", () => setOpen(false), { class: "icon-btn behalf-close", testid: "behalf-close",
    "aria-label": "Close: stop entering for someone", title: "Close" });
  const drawer = h("aside", { class: "behalf-drawer", testid: "behalf-drawer", "aria-label": "Enter for someone without a phone", hidden: true },
    h("div", { class: "behalf-top" },
      h("div", { class: "behalf-title-row" }, h("h2", { class: "panel-head" }, "Enter for someone"), close),
      pickRow, addForm, addError, intro),
    banner, saved, screen);
  console_.append(drawer);

  // A proxy of the live connection, as that person's phone sees it: surface.js and the tool's
  // phone module read state, private, boot, send, pending and settled from it.
  const proxy = {
    get boot() { return { ...live.boot, role: "participant", participant: who }; },
    get state() { return view; },
    get private() { return priv; },
    get settled() {
      return new Map([...live.settled].filter(([, r]) => who && r.entry.on_behalf === who.id));
    },
    send: (type, payload, activity) => live.send(type, payload, activity, who.id),
    pending: (activity) => live.pending(activity, who ? who.id : null),
    serverNow: () => live.serverNow(),
    on: () => {},
  };

  function setOpen(value) {
    open = value;
    drawer.hidden = !open;
    toggle.setAttribute("aria-expanded", String(open));
    toggle.classList.toggle("is-on", open);
    console_.classList.toggle("is-behalf", open);
    if (open) {
      render();
      refresh();
      (pick.options.length > 1 ? pick : name).focus();
    }
  }

  function paper() {
    return (live.state?.participants || []).filter((p) => p.kind === "paper");
  }

  function choose(id) {
    const person = paper().find((p) => p.id === id) || null;
    if ((person && person.id) === (who && who.id)) return;
    who = person ? { id: person.id, name: person.name } : null;
    view = priv = null;
    privVersion = -1;
    problem = "";
    holder.replaceChildren();  // nothing half-typed for one person is left for the next
    saved.textContent = "";
    render();
    refresh();
  }

  // One sync at a time; a change meanwhile asks again once it is answered.
  async function refresh() {
    if (!open || !who) return;
    if (syncing) { again = true; return; }
    syncing = true;
    const asked = who.id;
    const ack = await live.syncFor(asked);
    syncing = false;
    if (who && who.id === asked) {
      if (ack.ok) {
        view = ack.state;
        if (ack.version >= privVersion) {
          privVersion = ack.version;
          priv = { ...ack.private.private, activity: ack.private.activity };
        }
        who = { id: ack.participant.id, name: ack.participant.name };
        problem = "";
      } else {
        problem = ack.message || "Could not load their screen.";
      }
      render();
    }
    if (again) { again = false; refresh(); }
  }

  function takePrivate(record) {
    if (!record.private || !who || record.entry.on_behalf !== who.id) return;
    if (record.private.version < privVersion) return;
    const { version, activity, ...data } = record.private;
    privVersion = version;
    priv = { ...data, activity };
  }

  function renderPick(people) {
    const want = [["", people.length ? "Choose someone…" : "Nobody added yet"], ...people.map((p) => [String(p.id), p.name || `#${p.id}`])];
    const have = [...pick.options].map((o) => [o.value, o.textContent]);
    if (JSON.stringify(want) !== JSON.stringify(have)) {
      pick.replaceChildren(...want.map(([value, text]) => h("option", { value }, text)));
    }
    pick.value = who ? String(who.id) : "";
  }

  function render() {
    if (!open || !live.state) return;
    const people = paper();
    if (who && !people.some((p) => p.id === who.id)) {  // removed (by anyone): stop entering for them
      who = view = priv = null;
      holder.replaceChildren();
    }
    renderPick(people);
    intro.hidden = !!who;
    banner.hidden = !who;
    screen.hidden = !who;
    if (!who) return;
    banner.replaceChildren(h("span", { class: "behalf-who-label" }, "Entering for"), " ",
      h("strong", { testid: "behalf-who-name" }, who.name || `#${who.id}`));
    const a = view && view.activity;
    const ws = view && view.workshop;
    const closed = ws && ws.status !== "open";
    note.textContent = problem || (!view ? "Loading their screen…"
      : closed ? (STATUS_TEXT[ws.status] || "This workshop is not taking input.")
      : !a ? "No activity on screen: nothing to enter yet." : "");
    note.hidden = !note.textContent;
    headEl.hidden = !a || closed;
    if (a && !closed) {
      head.section.textContent = a.section || "";
      head.title.textContent = a.title;
      head.prompt.textContent = a.prompt || "";
      head.prompt.hidden = !a.prompt;
    }
    renderTool(holder, a && !closed ? a : null, "phone", proxy);
  }

  // The person just added is chosen as soon as a state lists them (before or after the ack).
  function chooseWanted() {
    if (wanted != null && paper().some((p) => p.id === wanted)) {
      const id = wanted;
      wanted = null;
      choose(id);
      return true;
    }
    return false;
  }

  live.on("state", () => { if (!chooseWanted()) { render(); refresh(); } });
  live.on("ack", (record) => {
    if (record.entry.intent_id === adding && record.created) {
      adding = null;
      wanted = record.created[0];
      if (chooseWanted()) return;
    }
    takePrivate(record);
    if (who && record.entry.on_behalf === who.id) {
      saved.textContent = `✓ Saved for ${who.name || `#${who.id}`}`;
      clearTimeout(savedTimer);
      savedTimer = setTimeout(() => { saved.textContent = ""; }, 6000);
    }
    render();
  });
  live.on("rejected", (record) => {
    if (record.entry.intent_id === adding) {
      adding = null;
      addError.textContent = record.message;
      addError.hidden = false;
    }
    render();
  });
  live.on("pending", render);

  return { toggle, render };
}
