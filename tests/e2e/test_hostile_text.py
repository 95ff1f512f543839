"""Hostile names and addresses in the web map and the report (issue 16): script, attribute
break-out, quotes, right-to-left override, emoji and a 10,000-character name show as text, run
nothing in headless Chromium (an alert() trap and the DOM say so), and keep the layout (the pages
are looked at: screenshots in test-artifacts/, PDF word boxes inside the page)."""
from __future__ import annotations

import html
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "support"))
import chromium  # noqa: E402
from hostile import ALERT_TRAP, IMG, LONG, PAYLOADS, RTL, SCRIPT, hostile_sample  # noqa: E402

from terridiag.plugin.core import display  # noqa: E402
from terridiag.plugin.core.export.report import write_report  # noqa: E402
from terridiag.plugin.core.export.webmap import write_web_map  # noqa: E402

pytestmark = pytest.mark.skipif(chromium.CHROMIUM is None,
                                reason="Debian's chromium is not installed (apt-get install chromium)")


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hostile")
    communes, services, meta = hostile_sample()
    web = write_web_map(tmp / "map.html", communes, services, meta, "share_within", lang="fr")
    rep = write_report(communes, services, meta, "share_within", html_path=tmp / "r.html", pdf_path=tmp / "r.pdf",
                       lang="fr")
    return tmp, web, rep, communes, services


def _trapped(path: Path) -> Path:
    """A copy of the page whose alert() marks the document instead of showing a dialog."""
    out = path.with_name("trapped-" + path.name)
    out.write_text(path.read_text(encoding="utf-8").replace("<head>", "<head>" + ALERT_TRAP, 1), encoding="utf-8")
    return out


class _Elements(HTMLParser):
    """Every element of a serialised DOM with its attributes (the parser, not a regex: an
    attribute *value* may well contain the words "onerror" or "src=x" as text)."""

    def __init__(self, dom):
        super().__init__()
        self.elements = []
        self.feed(dom)

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))


def _nothing_ran(dom: str, source: str) -> None:
    root = dom.split("<head", 1)[0]
    assert "data-alert" not in root, "a payload called alert()"
    elements = _Elements(dom).elements
    assert not [t for t, a in elements if any(k.startswith("on") for k in a)], "an element with a handler was added"
    assert not [t for t, a in elements if t == "img" and a.get("src") == "x"], "an <img src=x> element was added"
    scripts = [t for t, a in elements if t == "script"]
    own = [t for t, _ in _Elements(source).elements if t == "script"]      # the page's own scripts
    assert len(scripts) == len(own), "a script element was added"
    assert "<script>alert(1)</script>" not in dom


def _shown(text: str) -> str:
    """How a displayed text appears in Chromium's serialised DOM (a text node)."""
    return html.escape(display.text(text), quote=False)


def test_page_sources_hold_no_raw_payload(made):
    _, web, rep, _, _ = made
    for page in (web, rep["html"]):
        source = page.read_text(encoding="utf-8")
        assert "\u202e" not in source                  # the override never reaches a page
        assert LONG[:200] not in source                # nor 10,000 characters
        assert SCRIPT not in source and IMG not in source


@pytest.mark.parametrize("anchor", [f"place={i}" for i in range(7)] + [f"commune=01{k:03d}" for k in (1, 3, 5, 6, 8, 9)])
def test_web_map_popups_show_text_and_run_nothing(made, anchor):
    tmp, web, _, communes, services = made
    page = _trapped(web)
    dom = chromium.run(tmp, "--dump-dom", url=page.as_uri() + "#" + anchor)
    _nothing_ran(dom, page.read_text(encoding="utf-8"))
    assert 'class="leaflet-popup-content"' in dom, "the popup did not open"
    popup = dom.split('class="leaflet-popup-content"', 1)[1][:6000]
    if anchor.startswith("place"):
        name = services["name"].iloc[int(anchor.split("=")[1])]
    else:
        name = communes.set_index("code_insee").loc[anchor.split("=")[1], "nom"]
    assert _shown(name) in popup


def test_web_map_screenshot(made, artifacts):
    tmp, web, _, _, _ = made
    shot = artifacts / "hostile_webmap.png"
    chromium.run(tmp, f"--screenshot={shot}", url=_trapped(web).as_uri() + "#place=5")
    dom = chromium.run(tmp, "--dump-dom", url=_trapped(web).as_uri())
    _nothing_ran(dom, _trapped(web).read_text(encoding="utf-8"))
    # every text of the page (labels, legend, layer names) is short: no 10,000-character label
    body = re.sub(r"<script\b.*?</script>", "", dom.split("<body", 1)[1], flags=re.S)
    texts = re.findall(r">([^<>]{100,})<", body)
    assert not [t for t in texts if "Longnom" in t], [t[:120] for t in texts][:3]
    # the names are there, as text, with the override gone
    assert _shown(SCRIPT) in dom and "exe.GNP" in dom and "PNG.exe" not in dom


def test_report_html_shows_text_runs_nothing_and_keeps_its_width(made, artifacts):
    from PIL import Image

    tmp, _, rep, communes, services = made
    page = _trapped(rep["html"])
    dom = chromium.run(tmp, "--dump-dom", url=page.as_uri())
    _nothing_ran(dom, page.read_text(encoding="utf-8"))
    for name in communes["nom"]:
        assert _shown(name) in dom, name[:40]
    shot = artifacts / "hostile_report.png"
    chromium.run(tmp, f"--screenshot={shot}", url=page.as_uri(), size="1280,7000")
    img = Image.open(shot).convert("L")
    # the page is a centred column: nothing is drawn in the right margin (a long name would)
    right = img.crop((1080, 0, 1250, img.height))
    assert right.getextrema()[0] > 240, "something overflows the page column"


def test_report_pdf_words_stay_on_their_page(made):
    _, _, rep, communes, _ = made
    out = subprocess.run(["pdftotext", "-bbox", str(rep["pdf"]), "-"], capture_output=True,
                         check=True).stdout.decode("utf-8", "replace")
    pages = re.findall(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', out, re.S)
    assert len(pages) == len(communes) + 2              # the territory, one sheet per commune, sources
    for width, height, words in pages:
        for x0, y0, x1, y1, word in re.findall(
                r'<word xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)">(.*?)</word>', words):
            assert float(x0) >= -0.5 and float(x1) <= float(width) + 0.5, (word, x1, width)
            assert float(y0) >= -0.5 and float(y1) <= float(height) + 0.5, (word, y1, height)
    text = subprocess.run(["pdftotext", str(rep["pdf"]), "-"], capture_output=True,
                          check=True).stdout.decode("utf-8", "replace")
    assert SCRIPT in text and "exe.GNP" in text and "PNG.exe" not in text
    assert "Longnom0100" not in text                    # cut with "…" long before


def test_payloads_cover_the_issue():
    """The hostile strings are the issue's: script, attribute break-out, quotes, RTL, emoji, 10,000."""
    assert PAYLOADS["script"] == "<script>alert(1)</script>"
    assert PAYLOADS["img"] == '"><img src=x onerror=alert(1)>'
    assert "\u202e" in RTL and len(LONG) >= 10_000 and any(ord(ch) > 0xFFFF for ch in PAYLOADS["emoji"])
