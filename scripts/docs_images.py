#!/usr/bin/env python3
"""Regenerate the README pictures of the outputs from a demo-output folder (`make demo` first):

- docs/images/webmap.png: the demo web map in headless Chromium (1200 × 800), network cut;
- docs/images/report_page1.png: the first page of the demo report PDF (pdftoppm, 90 dpi: legible dashes and small print).

Usage: python scripts/docs_images.py [DEMO_OUTPUT] [IMAGES_DIR]
(defaults: demo-output and docs/images of this checkout). Needs Debian's chromium and poppler-utils.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
WINDOW = (1200, 800)


def _tool(*names: str) -> str:
    for name in names:
        path = shutil.which(name)
        if path:
            return path
    raise SystemExit(f"docs_images: {names[0]} is not installed (apt-get install "
                     f"{'chromium' if 'chromium' in names[0] else 'poppler-utils'})")


def webmap_png(html: Path, png: Path) -> Path:
    """Screenshot of the web map as a visitor first sees it. The network is cut (proxy to a closed
    port, as in tests/e2e/test_webmap_chromium.py): the picture proves the map works offline."""
    chromium = _tool("chromium", "chromium-browser")
    with tempfile.TemporaryDirectory(prefix="terridiag-chromium-") as profile:
        tmp_png = Path(profile) / "shot.png"
        cmd = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-extensions",
               "--hide-scrollbars", f"--user-data-dir={profile}/profile", "--proxy-server=127.0.0.1:9",
               "--proxy-bypass-list=<-loopback>", f"--window-size={WINDOW[0]},{WINDOW[1]}",
               "--virtual-time-budget=4000", f"--screenshot={tmp_png}", html.resolve().as_uri()]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
        if proc.returncode != 0 or not tmp_png.exists():
            raise SystemExit(f"docs_images: chromium failed ({proc.returncode}): {proc.stderr[-2000:]}")
        png.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(tmp_png, png)
    return png


def report_page1_png(pdf: Path, png: Path, dpi: int = 90) -> Path:
    """The report's first page (the territory page) as a PNG."""
    pdftoppm = _tool("pdftoppm")
    with tempfile.TemporaryDirectory(prefix="terridiag-pdftoppm-") as tmp:
        stem = Path(tmp) / "page"
        proc = subprocess.run([pdftoppm, "-png", "-r", str(dpi), "-f", "1", "-l", "1", "-singlefile",
                               str(pdf), str(stem)], capture_output=True, text=True, timeout=120)
        out = stem.with_suffix(".png")
        if proc.returncode != 0 or not out.exists():
            raise SystemExit(f"docs_images: pdftoppm failed ({proc.returncode}): {proc.stderr[-2000:]}")
        png.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(out, png)
    return png


def main(argv: list[str]) -> int:
    demo = Path(argv[0]) if argv else REPO / "demo-output"
    images = Path(argv[1]) if len(argv) > 1 else REPO / "docs" / "images"
    html, pdf = demo / "web_map.html", demo / "report.pdf"
    missing = [str(p) for p in (html, pdf) if not p.is_file()]
    if missing:
        print(f"docs_images: missing {', '.join(missing)}: run `make demo` first", file=sys.stderr)
        return 2
    for made in (webmap_png(html, images / "webmap.png"), report_page1_png(pdf, images / "report_page1.png")):
        print(f"docs_images: wrote {made}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
