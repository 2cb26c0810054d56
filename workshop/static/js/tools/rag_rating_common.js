// Shared by the RAG rating's three screens.
import { h } from "../dom.js";

export const RATINGS = ["red", "amber", "green"];
export const LABEL = { red: "Red", amber: "Amber", green: "Green" };

// A stacked bar: one segment per rating with its count written in it.
export function spreadBar(item) {
  const dist = item.distribution || { red: 0, amber: 0, green: 0 };
  const total = RATINGS.reduce((n, r) => n + dist[r], 0);
  if (!total) return h("span", { class: "rag-spread is-empty" }, "No ratings");
  return h("span", { class: "rag-spread", role: "img",
    "aria-label": RATINGS.map((r) => `${LABEL[r]} ${dist[r]}`).join(", ") },
  RATINGS.filter((r) => dist[r] > 0).map((r) => h("span", {
    class: `rag-seg rag-${r}`, style: `flex-grow:${dist[r]}`, testid: `rag-seg-${r}`,
  }, String(dist[r]))));
}

export function ragBadge(rating, agreed) {
  if (!rating) return h("span", { class: "rag-badge rag-none" }, "—");
  return h("span", { class: `rag-badge rag-${rating}`, testid: "rag-badge", title: agreed ? "Agreed" : "Most common so far" },
    LABEL[rating], agreed ? h("span", { class: "rag-agreed-mark", "aria-label": "agreed" }, " ✓") : null);
}

