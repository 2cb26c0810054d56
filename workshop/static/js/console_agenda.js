// The agenda column of the console: go to an activity, and add, edit, move or remove one.
import { h, button, reconcile } from "./dom.js";
import { limit } from "./limits.js";
import { rowTime, summary } from "./time_plan.js";

const minutesInput = (id, value) => h("input", { type: "number", class: "input input-minutes", id, testid: id,
  min: limit("agenda.minutes_min"), max: limit("agenda.minutes_max"), step: 1, value: value ?? "", inputmode: "numeric" });
// An empty field is no plan (null); the server refuses anything out of range.
const minutesValue = (input) => (input.value.trim() === "" ? null : Number(input.value));

export function mountAgenda(nav, live) {
  const boot = live.boot;
  const ui = { editing: null, times: new Map() };
  const list = h("div", { class: "agenda-list", testid: "agenda" });
  const planLine = h("p", { class: "agenda-plan", testid: "agenda-plan", "aria-live": "off" });
  const addForm = buildAddForm(live, () => { addForm.hidden = true; addToggle.focus(); });
  addForm.hidden = true;
  const addToggle = button("+ Add activity", () => {
    addForm.hidden = !addForm.hidden;
    if (!addForm.hidden) {
      addForm.reset(live.state && live.state.activity ? live.state.activity.id : null);
      addForm.querySelector("#add-title").focus();
    }
  }, { class: "btn btn-small btn-secondary agenda-add-toggle", testid: "agenda-add" });
  nav.replaceChildren(h("h2", { class: "panel-head" }, "Agenda"), planLine, list, addToggle, addForm);

  // Planned against actual: the current item's time and the expected end move with the clock.
  function tickTimes() {
    const s = live.state;
    if (!s) return;
    const now = live.serverNow();
    planLine.textContent = summary(s, now);
    planLine.hidden = !planLine.textContent;
    for (const item of s.agenda || []) {
      const el = ui.times.get(item.id);
      if (!el) continue;
      const { text, over } = rowTime(item, now);
      if (el.textContent !== text) el.textContent = text;
      el.hidden = !text;
      el.classList.toggle("is-over", over);
    }
  }
  setInterval(tickTimes, 5000);

  function itemEl(item, index, agenda, currentId) {
    if (ui.editing && ui.editing.id === item.id) return ui.editing.el;
    const current = item.id === currentId;
    const toolTitle = (boot.tools || []).find((t) => t.name === item.tool)?.title || item.tool;
    const time = h("span", { class: "agenda-time", testid: "agenda-time" });
    ui.times.set(item.id, time);
    const go = h("button", { type: "button", class: "agenda-go", testid: "agenda-item",
      "aria-current": current ? "step" : false, dataset: { activity: item.id } },
      h("span", { class: "agenda-title" }, item.title),
      h("span", { class: "agenda-sub" }, toolTitle, time,
        item.open ? h("span", { class: "badge badge-open" }, "input open") : null,
        item.revealed ? h("span", { class: "badge" }, "revealed") : null));
    go.addEventListener("click", () => live.send("control.goto", { activity: item.id }));
    const move = (pos) => live.send("agenda.move", { position: pos }, item.id);
    return h("li", { class: `agenda-item${current ? " is-current" : ""}` }, go,
      h("span", { class: "agenda-tools" },
        button("↑", () => move(index - 1), { class: "icon-btn", "aria-label": `Move “${item.title}” up`, disabled: index === 0 }),
        button("↓", () => move(index + 1), { class: "icon-btn", "aria-label": `Move “${item.title}” down`, disabled: index === agenda.length - 1 }),
        button("✎", () => startEdit(item), { class: "icon-btn", "aria-label": `Edit “${item.title}”`, testid: "agenda-edit" }),
        button("✕", () => {
          if (confirm(`Remove “${item.title}” from the agenda?`)) live.send("agenda.remove", {}, item.id);
        }, { class: "icon-btn icon-danger", "aria-label": `Remove “${item.title}”`, testid: "agenda-remove" })));
  }

  async function startEdit(item) {
    const title = h("input", { class: "input", value: item.title, maxlength: limit("agenda.title"), id: `ed-title-${item.id}` });
    const prompt = h("textarea", { class: "input", rows: 3, maxlength: limit("agenda.prompt"), id: `ed-prompt-${item.id}` });
    const section = h("input", { class: "input", value: item.section || "", maxlength: limit("agenda.section"), id: `ed-section-${item.id}`, list: "agenda-sections" });
    const minutes = minutesInput(`ed-minutes-${item.id}`, item.minutes);
    const knownSections = h("datalist", { id: "agenda-sections" },
      [...new Set((live.state.agenda || []).map((a) => a.section).filter(Boolean))].map((n) => h("option", { value: n })));
    const known = live.state.activity && live.state.activity.id === item.id ? live.state.activity.prompt : null;
    const original = { title: item.title, section: item.section || "", prompt: known };
    if (known != null) prompt.value = known;
    const done = () => { ui.editing = null; render(); };
    const form = h("form", { class: "form agenda-edit", testid: "agenda-edit-form" },
      field("Title", title), field("Prompt", prompt), field("Section", section), knownSections,
      field("Planned minutes", minutes, "Leave empty for no plan."),
      h("div", { class: "actions" },
        h("button", { type: "submit", class: "btn btn-primary btn-small" }, "Save"),
        button("Cancel", done, { class: "btn btn-small btn-secondary" })));
    form.addEventListener("submit", (ev) => {
      ev.preventDefault();
      const payload = {};
      if (title.value.trim() && title.value.trim() !== original.title) payload.title = title.value.trim();
      if (section.value.trim() !== original.section) payload.section = section.value.trim();
      if (original.prompt !== null && prompt.value.trim() !== original.prompt) payload.prompt = prompt.value.trim();
      if (minutesValue(minutes) !== (item.minutes ?? null)) payload.minutes = minutesValue(minutes);
      if (Object.keys(payload).length) live.send("agenda.update", payload, item.id);
      done();
    });
    ui.editing = { id: item.id, el: h("li", { class: "agenda-item is-editing" }, form) };
    render();
    title.focus();
    if (known == null) {
      // The agenda carries no prompts; fetch this one so the field starts with the real text.
      prompt.placeholder = "Loading…";
      prompt.disabled = true;
      try {
        const res = await fetch(`${boot.urls.activities}${item.id}/view`, { credentials: "same-origin" });
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        const data = await res.json();
        original.prompt = data.prompt || "";
        prompt.value = original.prompt;
      } catch {
        prompt.placeholder = "Could not load the prompt; leave empty to keep it.";
      }
      prompt.disabled = false;
      if (prompt.placeholder === "Loading…") prompt.placeholder = "";
    }
  }

  function render() {
    const s = live.state;
    if (!s) return;
    const agenda = s.agenda || [];
    const currentId = s.activity ? s.activity.id : null;
    const nodes = [];
    ui.times.clear();
    let section = null;
    let ol = null;
    agenda.forEach((item, i) => {
      if (!ol || item.section !== section) {
        section = item.section;
        ol = h("ol", { class: "agenda-section-list" });
        nodes.push(h("section", { class: "agenda-section" },
          section ? h("h3", { class: "agenda-section-title" }, section) : null, ol));
      }
      ol.append(itemEl(item, i, agenda, currentId));
    });
    if (!agenda.length) nodes.push(h("p", { class: "muted" }, "No activities yet. Add one below."));
    const scrolled = nav.scrollTop;  // new rows must not move the agenda under the IC's eyes
    reconcile(list, nodes);
    nav.scrollTop = scrolled;
    tickTimes();
    addForm.update(agenda);
    // A long agenda scrolls: keep the activity on screen in view when it changes.
    if (currentId !== ui.shown) {
      ui.shown = currentId;
      list.querySelector(".is-current")?.scrollIntoView({ block: "nearest" });
    }
  }

  live.on("state", render);
  return { render };
}

function field(label, input, hint) {
  return h("div", { class: "field" }, h("label", { for: input.id }, label), input,
    hint ? h("p", { class: "hint" }, hint) : null);
}

const NEW_SECTION = "\u0000new";

// The add form. The section follows "Place after" (the section of the activity it goes after),
// and the IC may choose another of the agenda's sections or type a new one.
function buildAddForm(live, close) {
  const tool = h("select", { class: "select", id: "add-tool", testid: "add-tool", "aria-describedby": "add-tool-when" },
    (live.boot.tools || []).map((t) => h("option", { value: t.name }, t.title)));
  // What the chosen tool is for, in one plain line, so an IC can pick by purpose as well as by name.
  const toolWhen = h("p", { class: "hint", id: "add-tool-when", testid: "add-tool-when", "aria-live": "polite" });
  const showWhen = () => { toolWhen.textContent = (live.boot.tools || []).find((t) => t.name === tool.value)?.when || ""; };
  tool.addEventListener("change", showWhen);
  showWhen();
  const toolField = h("div", { class: "field" }, h("label", { for: "add-tool" }, "Tool"), tool, toolWhen);
  const title = h("input", { class: "input", id: "add-title", maxlength: limit("agenda.title"), required: true, testid: "add-title" });
  const prompt = h("textarea", { class: "input", id: "add-prompt", rows: 2, maxlength: limit("agenda.prompt"), testid: "add-prompt" });
  const section = h("select", { class: "select", id: "add-section", testid: "add-section" });
  const newSection = h("input", { class: "input", id: "add-new-section", maxlength: limit("agenda.section"), testid: "add-new-section",
    placeholder: "Name of the new section", "aria-label": "New section" });
  const after = h("select", { class: "select", id: "add-after", testid: "add-after" });
  const minutes = minutesInput("add-minutes");
  const form = h("form", { class: "form agenda-add-form", testid: "agenda-add-form" },
    toolField, field("Title", title), field("Prompt", prompt, "The question people answer."),
    field("Planned minutes", minutes, "How long it should take; leave empty for no plan."),
    field("Place after", after), field("Section", section), newSection,
    h("div", { class: "actions" },
      h("button", { type: "submit", class: "btn btn-primary btn-small", testid: "add-submit" }, "Add activity"),
      button("Cancel", close, { class: "btn btn-small btn-secondary" })));
  let agenda = [];
  const showNew = () => { newSection.hidden = section.value !== NEW_SECTION; };
  // The section of the place chosen: the activity it goes after, else (at the start) the first one.
  const followPlace = () => {
    const before = agenda.find((a) => String(a.id) === after.value);
    const place = after.value ? before : agenda[agenda.length - 1];
    section.value = place ? place.section || "" : "";
    showNew();
  };
  after.addEventListener("change", followPlace);
  section.addEventListener("change", () => { showNew(); if (!newSection.hidden) newSection.focus(); });
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    if (!title.value.trim()) { title.focus(); return; }
    const chosen = section.value === NEW_SECTION ? newSection.value.trim() : section.value;
    live.send("agenda.add", { tool: tool.value, title: title.value.trim(), prompt: prompt.value.trim(),
      section: chosen, after: after.value ? Number(after.value) : null, minutes: minutesValue(minutes) });
    title.value = "";
    minutes.value = "";
    prompt.value = "";
    newSection.value = "";
    close();
  });
  // Opening the form places the new activity after the one on screen (else at the end).
  form.reset = (currentId) => {
    after.value = agenda.some((a) => a.id === currentId) ? String(currentId) : "";
    followPlace();
  };
  form.update = (list) => {
    const sig = JSON.stringify(list.map((a) => [a.id, a.title, a.section]));
    if (form.dataset.sig === sig) return;
    form.dataset.sig = sig;
    agenda = list;
    const keep = [after.value, section.value];
    // after: null means "at the end" in the protocol, so the end is the empty choice.
    // Grouped by section, so the IC sees where each place is.
    const groups = [];
    for (const a of list) {
      if (!groups.length || groups[groups.length - 1].section !== (a.section || "")) groups.push({ section: a.section || "", items: [] });
      groups[groups.length - 1].items.push(a);
    }
    after.replaceChildren(...groups.map((g) => h("optgroup", { label: g.section || "(no section)" },
      g.items.map((a) => h("option", { value: a.id }, a.title)))), h("option", { value: "" }, "(at the end)"));
    const names = [...new Set(list.map((a) => a.section || ""))];
    section.replaceChildren(...names.map((n) => h("option", { value: n }, n || "(no section)")),
      h("option", { value: NEW_SECTION }, "New section…"));
    after.value = list.some((a) => String(a.id) === keep[0]) ? keep[0] : "";
    if (names.includes(keep[1]) || keep[1] === NEW_SECTION) section.value = keep[1]; else followPlace();
    showNew();
  };
  return form;
}
