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
