// Tiny DOM helpers. Everything user-supplied goes through text nodes or attributes,
// never through innerHTML, so a card text like "<img onerror=...>" stays plain text.

const PROPS = new Set(["value", "checked", "disabled", "selected", "hidden"]);

export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (v == null || v === false) continue;
    if (k === "class") el.className = v;
    else if (k === "text") el.textContent = v;
    else if (k === "testid") el.dataset.testid = v;
    else if (k === "dataset") Object.assign(el.dataset, v);
    else if (k.startsWith("on") && typeof v === "function") el.addEventListener(k.slice(2), v);
    else if (PROPS.has(k)) el[k] = v;
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c == null || c === false) continue;
    el.append(c instanceof Node ? c : String(c));
  }
}

// Replace an element's children while leaving an element that holds focus in place:
// re-rendering on every state push must not yank the caret out of a field being typed in.
export function reconcile(parent, nodes) {
  const keep = new Set(nodes);
  for (const child of [...parent.childNodes]) if (!keep.has(child)) child.remove();
  let cursor = parent.firstChild;
  for (const node of nodes) {
    if (node === cursor) { cursor = cursor.nextSibling; continue; }
    parent.insertBefore(node, cursor);
  }
}

export function button(label, onclick, props = {}) {
  return h("button", { type: "button", class: "btn", ...props, onclick }, label);
}

export function pad2(n) {
  return String(n).padStart(2, "0");
}

export function truncate(text, n) {
  return text.length > n ? text.slice(0, n - 1) + "…" : text;
}

// Host part of an absolute URL, shown to people who type it on a phone.
export function hostOf(url) {
  try { return new URL(url).host; } catch { return location.host; }
}
