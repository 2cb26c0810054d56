// The check a `patch` carries (protocol §3): CRC-32 of the state it makes, as engine/patches.py
// computes it. A client that applied a patch compares it with its own state's; a mismatch means the
// patch was made from a base this client does not hold, and it asks for the whole state instead.
// The canonical text: JSON, keys sorted, no spaces, numbers written as Python writes floats
// (1e-05, 1.5e+16) except integral ones below 1e16, written as integers (the server drops their ".0").

const TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes) {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function number(x) {
  if (Object.is(x, -0)) return "-0";
  // from 1e16 on JSON can't tell a Python int from a float: taken as a float (views hold no such int)
  if (Number.isInteger(x) && Math.abs(x) < 1e16) return String(x);
  // Python's repr: the same shortest digits, in exponent form below 1e-4 and from 1e16 on
  const [digits, exp] = x.toExponential().split("e");
  const e = Number(exp);
  if (e < -4 || e >= 16) return `${digits}e${e < 0 ? "-" : "+"}${String(Math.abs(e)).padStart(2, "0")}`;
  return String(x);
}

export function canonical(value) {
  if (typeof value === "number") return number(value);
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(",")}}`;
}

export function stateCheck(state) {
  return crc32(new TextEncoder().encode(canonical(state))).toString(16).padStart(8, "0");
}
