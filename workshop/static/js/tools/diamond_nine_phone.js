// The diamond nine on a phone: tap a statement, then tap a slot. No dragging.
import { h, button, reconcile } from "../dom.js";
import { ROWS, ROW_SLOTS, SAVE_TEXT, diamondShape, lettersFor, agreementBadge, hereText, freshRejection } from "./diamond_nine_common.js";

// The confirmed diamond with the changes still on their way applied on top (and marked).
function withPending(confirmed, pending) {
  const slots = [...confirmed];
  const touched = new Map();
  for (const p of pending) {
    const { item, slot } = p.payload || {};
    if (p.type === "diamond.place") {
      const was = slots.indexOf(item);
      if (was >= 0) { slots[was] = slots[slot]; touched.set(was, p.status); }
      slots[slot] = item;
      touched.set(slot, p.status);
    } else if (p.type === "diamond.clear") {
      slots[slot] = null;
      touched.set(slot, p.status);
    }
  }
  return { slots, touched };
}

function build(el) {
  const ui = { picked: null, seen: new Set(), error: "" };
  ui.group = h("section", { class: "d9-phone-group", testid: "d9-phone-group" });
  ui.help = h("p", { class: "d9-help", "aria-live": "polite", testid: "d9-help" });
  ui.diamond = h("div", { class: "d9-phone-diamond" });
  ui.actions = h("div", { class: "d9-actions" });
  ui.status = h("p", { class: "d9-status", testid: "save-status", "aria-live": "polite" });
  ui.error = h("p", { class: "error", role: "alert", testid: "d9-error" });
  ui.trayHead = h("h2", { class: "list-head" });
  ui.tray = h("div", { class: "d9-tray", testid: "d9-tray" });
  ui.waiting = h("p", { class: "waiting waiting-small", testid: "d9-waiting" });
  el.replaceChildren(ui.waiting, ui.group, ui.help, ui.diamond, ui.actions, ui.status, ui.error, ui.trayHead, ui.tray);
  // Slots and tray buttons are made once and updated in place: a button replaced between finger
  // down and finger up (any push from the room redraws) gets no click, and the tap is lost.
  ui.slots = Array.from({ length: 9 }, (_, k) => h("button", { type: "button", testid: "d9-slot",
    dataset: { slot: String(k), focus: `slot-${k}` }, onclick: () => ui.tapSlot(k) }));
  ui.diamond.append(diamondShape((k) => ui.slots[k], { testid: "d9-my-diamond", role: "group", "aria-label": "Your diamond" }));
  ui.trayEls = new Map();
  return ui;
}

function focusKey() {
  const a = document.activeElement;
  return a && a.dataset ? a.dataset.focus : null;
}

function restoreFocus(root, key) {
  if (!key) return;
  const el = root.querySelector(`[data-focus="${CSS.escape(key)}"]`);
  if (el) el.focus();
}

function groupResult(view, letters, byId) {
  if (!view.diamond) return [];
  return [h("h2", { class: "list-head" }, view.locked ? "The group's agreed diamond" : "The group's diamond"),
    h("ol", { class: "d9-result-list" }, ROW_SLOTS.map((slots, r) => h("li", { class: "d9-result-row" },
      h("span", { class: "d9-result-rowno" }, `Row ${r + 1}`),
      h("ul", null, slots.map((k) => {
        const s = view.diamond[k];
        const item = byId.get(s.item);
        return h("li", { class: "d9-result-item" },
          h("span", { class: "d9-letter" }, letters.get(s.item)), " ", item ? item.text : "",
          h("span", { class: "d9-result-meta" }, agreementBadge(s), " ", hereText(s)));
      })))))];
}

export function phone(el, activity, ctx) {
  const ui = el.__d9Phone || (el.__d9Phone = build(el));
  // A redraw after a send must use the context of the render that send caused (it holds the
  // new pending change), not this one's: else the change vanishes on screen until its ack.
  ui.ctx = ctx;
  const rerender = () => phone(el, activity, ui.ctx);
  const view = activity.view || {};
  const items = view.items || [];
  const byId = new Map(items.map((i) => [i.id, i]));
  const letters = lettersFor(items);
  const keep = focusKey();

  ui.waiting.hidden = !!view.ready;
  ui.waiting.textContent = "The facilitator is choosing the nine statements to rank…";
  for (const part of [ui.help, ui.diamond, ui.actions, ui.status, ui.trayHead, ui.tray]) part.hidden = !view.ready;
  ui.group.replaceChildren(...groupResult(view, letters, byId));
  ui.group.hidden = !view.diamond;
  if (!view.ready) return;

  const confirmed = (ctx.private && ctx.private.diamond) || Array(9).fill(null);
  const { slots, touched } = withPending(confirmed, ctx.pending);
  const canEdit = !!activity.open && !view.locked;
  if (ui.picked && !byId.has(ui.picked)) ui.picked = null;
  if (!canEdit) ui.picked = null;

  const rejected = freshRejection(ctx, ["diamond.place", "diamond.clear"], ui.seen);
  if (rejected) ui.error.textContent = rejected.message;

  const pick = (id, scroll) => {
    ui.picked = ui.picked === id ? null : id;
    ui.error.textContent = "";
    rerender();
    // From the tray below, bring the diamond into view for the second tap.
    if (scroll && ui.picked && ui.help.getBoundingClientRect().top < 48) ui.help.scrollIntoView({ block: "start" });
  };
  const tapSlot = (k) => {
    if (!canEdit) return;
    ui.error.textContent = "";
    if (ui.picked) {
      if (slots[k] !== ui.picked) ctx.send("diamond.place", { item: ui.picked, slot: k });
      ui.picked = null;
    } else if (slots[k]) {
      ui.picked = slots[k];
    }
    rerender();
  };

  const pickedText = ui.picked ? `${letters.get(ui.picked)}: ${byId.get(ui.picked).text}` : "";
  ui.help.textContent = !canEdit
    ? (view.locked ? "The group's diamond is agreed. Yours is kept as you left it." : "Ranking is closed. This is your diamond.")
    : ui.picked ? `Now tap a slot for ${pickedText.length > 60 ? pickedText.slice(0, 59) + "…" : pickedText}`
      : "Tap a statement, then tap a slot. Most important at the top.";

  ui.tapSlot = tapSlot;
  ui.slots.forEach((btn, k) => {
    const id = slots[k];
    const item = id ? byId.get(id) : null;
    btn.className = `d9-slot${item ? " is-full" : ""}${id && id === ui.picked ? " is-picked" : ""}${touched.get(k) ? " is-pending" : ""}${ui.picked && canEdit ? " is-target" : ""}`;
    btn.setAttribute("aria-label", item ? `Row ${ROWS[k]}: ${letters.get(id)}, ${item.text}` : `Row ${ROWS[k]}: empty slot`);
    btn.setAttribute("aria-pressed", id && id === ui.picked ? "true" : "false");
    btn.disabled = !canEdit;
    btn.dataset.item = id || "";
    setContent(btn, item ? [h("span", { class: "d9-letter" }, letters.get(id)), h("span", { class: "d9-slot-text" }, item.text)]
      : [h("span", { class: "d9-slot-empty" }, `Row ${ROWS[k]}`)], item ? `${letters.get(id)}|${item.text}` : "");
  });

  const pickedSlot = ui.picked ? slots.indexOf(ui.picked) : -1;
  ui.actions.replaceChildren(...(ui.picked ? [
    pickedSlot >= 0 ? button("Take out of the diamond", () => {
      ctx.send("diamond.clear", { slot: pickedSlot });
      ui.picked = null;
      rerender();
    }, { class: "btn btn-secondary", testid: "d9-take-out", dataset: { focus: "take-out" } }) : null,
    button("Cancel", () => pick(ui.picked), { class: "btn btn-secondary", dataset: { focus: "cancel" } }),
  ].filter(Boolean) : []));
  ui.actions.hidden = !ui.picked;

  const placed = slots.filter(Boolean).length;
  const worst = [...touched.values()].includes("retrying") ? "retrying" : touched.size ? "saving" : placed ? "saved" : null;
  ui.status.replaceChildren(...[h("span", null, `${placed} of 9 placed`),
    worst ? h("span", { class: `save save-${worst}` }, ` · ${SAVE_TEXT[worst]}`) : null].filter(Boolean));

  const tray = items.filter((i) => !slots.includes(i.id));
  ui.trayHead.textContent = tray.length ? `Still to place (${tray.length})` : "All nine placed — move any by tapping it";
  ui.pick = pick;
  reconcile(ui.tray, tray.map((i) => {
    let btn = ui.trayEls.get(i.id);
    if (!btn) {
      btn = h("button", { type: "button", testid: "d9-tray-item", dataset: { item: i.id, focus: `tray-${i.id}` },
        onclick: () => ui.pick(i.id, true) });
      ui.trayEls.set(i.id, btn);
    }
    btn.className = `d9-tray-item${ui.picked === i.id ? " is-picked" : ""}`;
    btn.disabled = !canEdit;
    btn.setAttribute("aria-pressed", String(ui.picked === i.id));
    setContent(btn, [h("span", { class: "d9-letter" }, letters.get(i.id)), h("span", { class: "d9-tray-text" }, i.text)],
      `${letters.get(i.id)}|${i.text}`);
    return btn;
  }));
  restoreFocus(el, keep);
}

// New children only when what they say changed (so a tap on the text inside is not lost either).
function setContent(btn, children, sig) {
  if (btn.dataset.sig === sig && btn.firstChild) return;
  btn.dataset.sig = sig;
  btn.replaceChildren(...children);
}
