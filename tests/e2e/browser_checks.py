"""axe-core (vendored from npm under vendor/axe-core/) run inside a Playwright page, and jsQR (vendor/jsqr/)
to read the QR code a page shows."""
from __future__ import annotations

from pathlib import Path

VENDOR = Path(__file__).resolve().parent / "vendor"
AXE = VENDOR / "axe-core" / "axe.min.js"
JSQR = VENDOR / "jsqr" / "jsQR.js"
BLOCKING = ("serious", "critical")


def axe_violations(page, only: list[str] | None = None, context: str | None = None) -> list[dict]:
    """Run axe on the page as it is now; returns its violations (each with impact, id, nodes)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    options = {"runOnly": {"type": "rule", "values": only}} if only else {}
    return page.evaluate("([ctx, opts]) => axe.run(ctx || document, opts).then(r => r.violations)",
                         [context, options])


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"[{v['impact']}] {v['id']}: {v['help']}")
        for node in v["nodes"][:6]:
            lines.append(f"    {node['target']}: {node.get('failureSummary', '').splitlines()[-1:]}")
            lines.append(f"      {node['html'][:160]}")
    return "\n".join(lines)


def assert_accessible(page, where: str, only: list[str] | None = None, context: str | None = None) -> None:
    """No serious or critical axe violation on the page (or on its `context` selector)."""
    bad = [v for v in axe_violations(page, only, context) if v["impact"] in BLOCKING]
    assert not bad, f"{where}: {len(bad)} serious/critical axe violation(s)\n{describe(bad)}"


def read_qr(page, selector: str) -> str | None:
    """Decode the QR code an <img> on the page shows (drawn on a canvas, read by jsQR)."""
    if not page.evaluate("typeof window.jsQR !== 'undefined'"):
        page.add_script_tag(path=str(JSQR))
    return page.evaluate("""async (sel) => {
        const img = document.querySelector(sel);
        if (!img.complete) await new Promise(r => img.addEventListener('load', r, {once: true}));
        const size = 600, pad = 40;  // a quiet zone around the code, scaled up for a clean read
        const c = document.createElement('canvas'); c.width = c.height = size + 2 * pad;
        const g = c.getContext('2d'); g.fillStyle = '#fff'; g.fillRect(0, 0, c.width, c.height);
        g.imageSmoothingEnabled = false; g.drawImage(img, pad, pad, size, size);
        const data = g.getImageData(0, 0, c.width, c.height);
        const code = jsQR(data.data, c.width, c.height);
        return code ? code.data : null;
    }""", selector)


LOW_CONTRAST_JS = """(root) => {
  // Every visible text on the page against the solid background behind it (WCAG 2.x contrast):
  // below 4.5:1, or 3:1 for large text (24px, or 18.66px bold), is reported.
  const parse = (c) => { const m = c.match(/rgba?\\(([^)]+)\\)/); if (!m) return null;
    const p = m[1].split(/[ ,/]+/).filter(Boolean).map(Number); return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1]; };
  const lum = ([r, g, b]) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
  const over = (top, under) => { const a = top[3]; return [0, 1, 2].map((i) => top[i] * a + under[i] * (1 - a)).concat(1); };
  const background = (el) => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const s = getComputedStyle(e);
      if (s.backgroundImage !== 'none') return null;  // a gradient or picture: axe's job
      const c = parse(s.backgroundColor);
      if (c && c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
    }
    let bg = [255, 255, 255, 1];
    for (const c of layers.reverse()) bg = over(c, bg);
    return bg;
  };
  const found = [];
  const walker = document.createTreeWalker(document.querySelector(root) || document.body, NodeFilter.SHOW_TEXT);
  const seen = new Set();
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!n.textContent.trim() || seen.has(el)) continue;
    seen.add(el);
    const box = el.getBoundingClientRect();
    const s = getComputedStyle(el);
    if (!box.width || !box.height || s.visibility === 'hidden' || el.closest('[hidden],[aria-hidden=true]')) continue;
    let opacity = 1;
    for (let e = el; e; e = e.parentElement) opacity *= Number(getComputedStyle(e).opacity);
    if (opacity === 0) continue;
    const bg = background(el); if (!bg) continue;
    const fg = parse(s.color); fg[3] *= opacity;
    const L1 = lum(over(fg, bg)), L2 = lum(bg);
    const ratio = (Math.max(L1, L2) + 0.05) / (Math.min(L1, L2) + 0.05);
    const size = parseFloat(s.fontSize), bold = Number(s.fontWeight) >= 700;
    const need = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
    if (ratio < need) found.push(`${ratio.toFixed(2)}:1 < ${need}:1 "${n.textContent.trim().slice(0, 60)}" (${s.color} on rgb(${bg.slice(0, 3).map(Math.round)}))`);
  }
  return found;
}"""


def low_contrast_texts(page, root: str = "body") -> list[str]:
    """Texts below WCAG AA contrast against a solid background (a second opinion beside axe's rule:
    it also reads muted and faded texts, e.g. "Input is closed", whatever their opacity)."""
    return page.evaluate(LOW_CONTRAST_JS, root)


BROKEN_WORDS = """(root) => {
  const out = [];
  const walker = document.createTreeWalker(document.querySelector(root), NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const words = /[^\\s\\-\\/–]{4,}/g;
    for (let m; (m = words.exec(node.textContent));) {
      const range = document.createRange();
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0.5).map((r) => Math.round(r.top)));
      if (lines.size > 1) out.push(m[0]);
    }
  }
  return out;
}"""


def broken_words(page, root: str = "body") -> list[str]:
    """Words split over two lines inside `root` ("passpo" / "rts"): a board never does that."""
    return page.evaluate(BROKEN_WORDS, root)
