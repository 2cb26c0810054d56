// The server's limits (max lengths, counts, ranges), embedded once in every live page as
// <script type="application/json" id="limits"> from workshop/engine/limits.py. Read them here,
// never copy a number: limit("idea_wall.text") -> 280.
let limits = null;

export function limit(path) {
  limits ||= JSON.parse(document.getElementById("limits").textContent);
  const value = path.split(".").reduce((at, key) => (at == null ? undefined : at[key]), limits);
  if (typeof value !== "number") throw new Error(`The server gives no limit called ${path}`);
  return value;
}
