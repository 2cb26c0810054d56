// Toasts, the connection indicator and the "you have been disconnected for good" banner.
import { h } from "./dom.js";

let region = null;

function toastRegion() {
  if (!region) {
    region = h("div", { class: "toasts", role: "status", "aria-live": "polite", testid: "toasts" });
    document.body.append(region);
  }
  return region;
}

export function toast(message, kind = "error", ms = 6000) {
  const el = h("div", { class: `toast toast-${kind}`, testid: "toast" }, message);
  const close = h("button", { type: "button", class: "toast-close", "aria-label": "Dismiss" }, "×");
  close.addEventListener("click", () => el.remove());
  el.append(close);
  toastRegion().append(el);
  setTimeout(() => el.remove(), ms);
}

const LABELS = {
  connecting: "Connecting…",
  connected: "Connected",
  reconnecting: "Reconnecting…",
  stopped: "Disconnected",
};

// One indicator per page; `withText` false keeps only the dot (board, phone header).
export function statusIndicator(el, live, { withText = true } = {}) {
  el.classList.add("conn");
  el.dataset.testid = "connection";
  el.setAttribute("role", "status");
  const dot = h("span", { class: "conn-dot", "aria-hidden": "true" });
  const label = h("span", { class: withText ? "conn-label" : "visually-hidden" });
  el.replaceChildren(dot, label);
  const update = () => {
    el.dataset.state = live.status;
    label.textContent = live.statusDetail || LABELS[live.status] || live.status;
    el.title = label.textContent;
  };
  live.on("status", update);
  update();
}

export function stoppedBanner(message) {
  document.querySelector(".stopped-banner")?.remove();
  const el = h("div", { class: "stopped-banner", role: "alert", testid: "stopped" }, message);
  document.body.prepend(el);
}
