"""The web map opened in headless Chromium with the network cut (proxy to a closed port).

Checks that the communes and the service places are drawn (SVG paths after Leaflet ran), that
hostile place names stay text (no injected element runs), and keeps a screenshot.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "support"))
import chromium  # noqa: E402
import export_samples as S  # noqa: E402
from chromium import CHROMIUM  # noqa: E402

from terridiag.plugin.core.export.webmap import write_web_map  # noqa: E402

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (apt-get install chromium)")


def _chromium(tmp_path, *args, url):
    return chromium.run(tmp_path, *args, url=url)


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("webmap")
    path = write_web_map(tmp / "map.html", S.communes(), S.services(), S.metadata(), "share_within",
                         areas=S.areas())
    return tmp, path


def test_map_draws_communes_and_places_offline(page):
    tmp, path = page
    dom = _chromium(tmp, "--dump-dom", url=path.as_uri())
    # 9 communes, 7 areas and the 4 places of the headline categories (France Services, mediation),
    # each one SVG path drawn by Leaflet; town hall, library and post office are off until switched on
    assert len(re.findall(r'<path[^>]*class="[^"]*td-commune', dom)) == 9
    assert len(re.findall(r'<path[^>]*class="[^"]*td-place', dom)) == 4
    assert len(re.findall(r"<path", dom)) == 9 + 7 + 4
    assert not re.search(r'<path[^>]*class="[^"]*td-cat-townhall', dom)
    # one commune is masked for this indicator and drawn hatched
    assert len(re.findall(r'<path[^>]*class="[^"]*td-masked', dom)) == 2
    # the communes fill the map: paths have real extents, not a collapsed 0 x 0 map
    d_attrs = re.findall(r'<path[^>]*class="[^"]*td-commune[^"]*"[^>]*d="M([\d.]+) ([\d.]+)', dom) or \
        re.findall(r'<path[^>]* d="M([\d.]+) ([\d.]+)[^"]*"[^>]*class="[^"]*td-commune', dom)
    xs = sorted(float(x) for x, _ in d_attrs)
    assert xs and xs[-1] - xs[0] > 200
    # commune labels were made from the data, as text
    assert "Dompierre" in dom and "Éclans" in dom
    # the synthetic banner and the legend classes
    assert 'id="td-synthetic"' in dom
    assert "masked (confidentiality)" in dom


def test_link_to_a_hidden_place_switches_its_layer_on(page):
    tmp, path = page
    dom = _chromium(tmp, "--dump-dom", url=path.as_uri() + "#place=3")     # row 3: the town hall
    assert len(re.findall(r'<path[^>]*class="[^"]*td-cat-townhall', dom)) == 1
    popup = dom.split('class="leaflet-popup-content"', 1)[1][:2000]
    assert "Mairie d'Isle" in popup or "Mairie d&#39;Isle" in popup
    assert re.search(r'class="td-row td-cat" data-cat="townhall"', dom)   # its legend row no longer greyed


def test_hostile_names_stay_text(page):
    tmp, path = page
    # open the popup of the place whose name is a <script> (row 1 of the services table)
    dom = _chromium(tmp, "--dump-dom", url=path.as_uri() + "#place=1")
    assert "data-pwned" not in dom.split("<body", 1)[1].split(">", 1)[0]  # nothing ran
    assert "&lt;script&gt;document.body.setAttribute('data-pwned','1')&lt;/script&gt;" in dom
    assert 'class="leaflet-popup-content"' in dom
    popup = dom.split('class="leaflet-popup-content"', 1)[1][:2000]
    assert "&lt;script&gt;" in popup and "2 rue &lt;b&gt;Haute&lt;/b&gt;" in popup
    dom2 = _chromium(tmp, "--dump-dom", url=path.as_uri() + "#place=4")
    assert "data-pwned" not in dom2.split("<body", 1)[1].split(">", 1)[0]
    assert "&lt;img src=x onerror=" in dom2
    assert "<img src=\"x\"" not in dom2 and "<img src=x" not in dom2


def test_screenshot(page, artifacts):
    tmp, path = page
    shot = artifacts / "webmap.png"
    if shot.exists():
        shot.unlink()
    _chromium(tmp, f"--screenshot={shot}", url=path.as_uri())
    from PIL import Image

    img = Image.open(shot).convert("RGB")
    assert img.size == (1280, 900)
    colours = img.getcolors(1280 * 900)
    # the choropleth and markers are there: many colours, and some of the ramp's dark red
    assert len(colours) > 50
    reds = sum(n for n, (r, g, b) in colours if r > 150 and g < 80 and b < 80)
    assert reds > 2000


def test_large_map_is_drawn_on_a_canvas_without_error(tmp_path, artifacts):
    """A large run (4,000 synthetic communes here; the bench opens 35,000: bench/bench_webmap.py)
    is drawn on one canvas, every commune on it, and the page throws nothing. No timing here."""
    import national_map

    communes = national_map.national_communes(4000, seed=5)
    path = write_web_map(tmp_path / "large.html", communes, None, {"title": "France (synthetic)"}, "share_within")
    with chromium.Page(tmp_path) as page:
        page.navigate(path.as_uri())
        assert page.wait_attr("data-td-drawn") is not None, page.errors
        assert page.evaluate("document.documentElement.getAttribute('data-td-communes')") == "4000"
        assert page.evaluate("document.documentElement.getAttribute('data-td-renderer')") == "canvas"
        assert page.evaluate("document.querySelectorAll('canvas.leaflet-zoom-animated').length") >= 1
        assert page.evaluate("document.querySelectorAll('path.td-commune').length") == 0      # no SVG path each
        # only the 400 most populated names are labels (not one per commune)
        assert page.evaluate("document.querySelectorAll('.td-label').length") <= 400
        shot = artifacts / "webmap_large.png"
        page.screenshot(shot)
        assert page.errors == []
    from PIL import Image
    colours = Image.open(shot).convert("RGB").getcolors(1280 * 900)
    assert len(colours) > 50


def test_small_map_stays_svg(page):
    tmp, path = page
    with chromium.Page(tmp) as p:
        p.navigate(path.as_uri())
        assert p.wait_attr("data-td-drawn") is not None
        assert p.evaluate("document.documentElement.getAttribute('data-td-renderer')") == "svg"
        assert p.evaluate("document.documentElement.getAttribute('data-td-communes')") == "9"
        assert p.errors == []
