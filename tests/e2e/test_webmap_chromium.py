"""The web map opened in headless Chromium with the network cut (proxy to a closed port).

Checks that the communes and the service places are drawn (SVG paths after Leaflet ran), that
hostile place names stay text (no injected element runs), and keeps a screenshot.
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import numpy as np
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
    is drawn on one canvas, every commune on it, with no Leaflet layer or label per commune, and the
    page throws nothing. The colours on screen are the classes' (shared classification), a click
    opens the sheet of the commune under the pointer (shapely says which), a hover names it, a
    #commune= link opens its sheet, and the names layer, when shown, names at most 400. No timing here."""
    import national_map
    from pyproj import Transformer

    from terridiag.plugin.core.export.classes import commune_colours

    communes = national_map.national_communes(4000, seed=5)
    path = write_web_map(tmp_path / "large.html", communes, None, {"title": "France (synthetic)"}, "share_within")
    map_var = re.search(r"var (map_\w+) = L\.map\(", path.read_text(encoding="utf-8")).group(1)
    colours, hidden, _classes, _info = commune_colours(communes, "share_within")
    # a point well inside each commune (3.5 km from its edges: a pixel is about 1.2 km at this zoom)
    inner = communes.geometry.buffer(-3500)
    ok = np.flatnonzero(~inner.is_empty.to_numpy() & ~hidden)
    pts = inner.iloc[ok].representative_point()
    lon, lat = Transformer.from_crs(2154, 4326, always_xy=True).transform(pts.x.to_numpy(), pts.y.to_numpy())
    with chromium.Page(tmp_path) as page:
        page.navigate(path.as_uri())
        assert page.wait_attr("data-td-drawn") is not None, page.errors
        assert page.evaluate("document.documentElement.getAttribute('data-td-communes')") == "4000"
        assert page.evaluate("document.documentElement.getAttribute('data-td-renderer')") == "canvas"
        assert page.evaluate("document.querySelectorAll('canvas.leaflet-zoom-animated').length") >= 1
        assert page.evaluate("document.querySelectorAll('path.td-commune').length") == 0      # no SVG path each
        assert page.evaluate(f"Object.keys({map_var}._layers).length") < 20               # nor a layer each
        assert page.evaluate("document.querySelectorAll('.td-label').length") == 0    # names layer off: none made
        screen = page.evaluate(f"JSON.stringify({json.dumps(np.column_stack([lat, lon]).tolist())}.map("
                               f"function (p) {{ var c = {map_var}.latLngToContainerPoint(p); return [c.x, c.y]; }}))")
        shot = artifacts / "webmap_large.png"
        page.screenshot(shot)
        from PIL import Image
        img = np.asarray(Image.open(shot).convert("RGB")).astype(int)
        # fill opacity 0.8 over the page's background #f7f9fb
        bg = np.array([0xf7, 0xf9, 0xfb])
        checked = 0
        for k, (x, y) in enumerate(json.loads(screen)):
            if not (150 <= x < 900 and 100 <= y < 700):      # clear of the title, legend and switcher
                continue
            want = 0.8 * np.array([int(colours[ok[k]][i:i + 2], 16) for i in (1, 3, 5)]) + 0.2 * bg
            assert np.abs(img[int(y), int(x)] - want).max() <= 3, (communes["code_insee"].iloc[ok[k]], x, y)
            checked += 1
        assert checked > 30

        # a click opens the sheet of the commune under the pointer, a hover names it
        k = next(k for k, (x, y) in enumerate(json.loads(screen)) if 300 <= x < 700 and 200 <= y < 600)
        x, y = json.loads(screen)[k]
        code, name = communes["code_insee"].iloc[ok[k]], communes["nom"].iloc[ok[k]]
        page.send("Input.dispatchMouseEvent", session=True, type="mouseMoved", x=x, y=y)
        assert page.evaluate("document.querySelector('.leaflet-tooltip').textContent").startswith(name + " — ")
        for kind in ("mousePressed", "mouseReleased"):
            page.send("Input.dispatchMouseEvent", session=True, type=kind, x=x, y=y, button="left", clickCount=1)
        sheet = page.evaluate("document.querySelector('.leaflet-popup-content').textContent")
        assert sheet.startswith(name + code) and "Share within threshold" in sheet
        # a link to another commune
        other = communes["code_insee"].iloc[ok[k + 1]]
        page.evaluate(f"window.location.hash = '#commune={other}'")
        import time
        time.sleep(0.3)
        assert other in page.evaluate("document.querySelector('.leaflet-popup-content').textContent")
        # the names layer switched on: the most populated communes are named, 400 at most
        page.evaluate("Array.prototype.find.call(document.querySelectorAll('.leaflet-control-layers-overlays label'),"
                      " function (l) { return /names/.test(l.textContent); }).querySelector('input').click()")
        n_labels = page.evaluate("document.querySelectorAll('.td-label').length")
        assert 0 < n_labels <= 400
        top = communes["nom"].iloc[int(communes["population"].to_numpy().argmax())]
        assert top in page.evaluate("Array.prototype.map.call(document.querySelectorAll('.td-label'),"
                                    " function (l) { return l.textContent; }).join('|')").split("|")
        assert page.errors == []


def test_small_map_stays_svg(page):
    tmp, path = page
    with chromium.Page(tmp) as p:
        p.navigate(path.as_uri())
        assert p.wait_attr("data-td-drawn") is not None
        assert p.evaluate("document.documentElement.getAttribute('data-td-renderer')") == "svg"
        assert p.evaluate("document.documentElement.getAttribute('data-td-communes')") == "9"
        assert p.errors == []
