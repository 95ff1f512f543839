"""Web map HTML (no browser here; tests/e2e/test_webmap_chromium.py opens it in Chromium)."""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import export_samples as S  # noqa: E402

from terridiag.plugin.core.errors import InputDataError, ParameterError  # noqa: E402
from terridiag.plugin.core.export import leaflet_assets  # noqa: E402
from terridiag.plugin.core.export.webmap import build_web_map_html, safe_json, write_web_map  # noqa: E402


def _payload(html):
    m = re.search(r"terridiagMap\(map_\w+, (\{.*?\}), \{communes:", html, re.S)
    return json.loads(m.group(1))


def test_offline_page_fetches_nothing(tmp_path):
    html = build_web_map_html(S.communes(), S.services(), S.metadata(), "share_within", areas=S.areas())
    assert "L.map(" in html and "leaflet" in html.lower()
    # no external script, stylesheet or image: every src/href that loads something is inline
    assert not re.search(r"<script[^>]+src=", html)
    assert not re.search(r"<link[^>]+stylesheet", html)
    assert not re.search(r"url\((?!data:|#)", html.split("<body", 1)[0])
    assert "tile" not in "".join(re.findall(r"L\.tileLayer\([^)]*\)", html))
    # Leaflet comes from Debian's package (the image has libjs-leaflet)
    assets = leaflet_assets.find_leaflet()
    if assets.offline:
        assert assets.js[:200] in html
        assert 'id="td-cdn"' not in html


def test_cdn_fallback_is_said_on_the_map():
    cdn = leaflet_assets.LeafletAssets(js=None, css=None, origin=leaflet_assets.CDN_JS)
    html = build_web_map_html(S.communes(), S.services(), S.metadata(synthetic=False), "share_within", leaflet=cdn)
    assert f'<script src="{leaflet_assets.CDN_JS}"></script>' in html
    assert 'id="td-cdn"' in html and "needs a network connection" in html
    assert 'id="td-synthetic"' not in html


def test_find_leaflet_reads_a_given_folder(tmp_path, monkeypatch):
    monkeypatch.setattr(leaflet_assets, "SYSTEM_DIRS", ())
    monkeypatch.setattr(leaflet_assets, "PYTHON_PACKAGES", ())
    monkeypatch.delenv("TERRIDIAG_LEAFLET_DIR", raising=False)
    assert not leaflet_assets.find_leaflet().offline
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "layers.png").write_bytes(b"\x89PNG fake")
    (tmp_path / "leaflet.js").write_text('var L={};L.version="1.9.4";\n//# sourceMappingURL=leaflet.js.map\n')
    (tmp_path / "leaflet.css").write_text(".leaflet-control-layers-toggle{background-image:url(images/layers.png)}")
    assets = leaflet_assets.find_leaflet([tmp_path])
    assert assets.offline and assets.version == "1.9.4"
    assert "sourceMappingURL" not in assets.js
    assert "url(data:image/png;base64,iVBORyBmYWtl)" in assets.css


def test_data_in_the_page(tmp_path):
    html = build_web_map_html(S.communes(), S.services(), S.metadata(), "share_within", areas=S.areas())
    data = _payload(html)
    feats = data["communes"]["features"]
    assert len(feats) == 9
    by_code = {f["properties"]["code"]: f["properties"] for f in feats}
    # 92 % shown as text; masked commune flagged, grey, labelled; WGS84 coordinates near 45.6 N 4.9 E
    assert by_code["01001"]["v"] == "92\u00a0%"
    assert by_code["01003"]["m"] is True and by_code["01003"]["v"] == "masked (confidentiality)"
    lon, lat = feats[0]["geometry"]["coordinates"][0][0]
    assert 4.8 < lon < 5.1 and 45.5 < lat < 45.8
    # ifn_global is not confidential: shown even for the masked commune
    rows = dict(by_code["01003"]["rows"])
    assert rows["Digital fragility score"] == "140"
    assert rows["Share within threshold"] == "masked (confidentiality)"
    assert rows["Typology"] == "Unknown"
    # services grouped by category, with their input row for #place links
    svc = data["services"]
    assert sorted(svc) == ["france_services", "library", "mediation", "post_office", "townhall"]
    assert svc["mediation"]["row"] == [1, 4, 6]
    assert svc["mediation"]["name"][0] == S.HOSTILE
    assert len(data["areas"]["features"]) == 7
    # the raw hostile string never appears in the HTML source: the JSON escapes '<'
    assert S.HOSTILE not in html and S.HOSTILE_IMG not in html
    assert "Pays &lt;de&gt; Test" in html          # title escaped by the template
    assert 'href="javascript:' not in html          # a non-http URL is not made a link
    assert "ODbL" in html and 'id="td-odbl"' in html
    assert 'id="td-synthetic"' in html


def test_legend_classes_follow_direction():
    html = build_web_map_html(S.communes(), None, S.metadata(osm=False), "share_within")
    swatches = re.findall(r'td-swatch" style="background: (#[0-9a-f]{6})"></span><span>([^<]+)<', html)
    labels = [lab for _, lab in swatches]
    assert labels[0].startswith("55") and labels[-1].endswith("99\u00a0%")
    # higher is better: the lowest class gets the darkest colour
    assert swatches[0][0] == "#bd0026" and swatches[-1][0] == "#ffffb2"
    assert "ODbL" not in html
    html_d = build_web_map_html(S.communes(), None, S.metadata(), "dist_mean_m", lang="fr")
    sw = re.findall(r'td-swatch" style="background: (#[0-9a-f]{6})"></span><span>([^<]+)<', html_d)
    assert sw[0][1].startswith("900\u00a0m") and sw[-1][0] == "#bd0026"   # far = dark
    assert "masqué (secret statistique)" in html_d and '<html lang="fr">' in html_d


def test_safe_json_cannot_close_the_script():
    text = safe_json({"a": "</script><script>x()</script>", "b": "\u2028&"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text)["a"] == "</script><script>x()</script>"


def test_bad_input_is_a_clear_error_and_writes_nothing(tmp_path):
    out = tmp_path / "map.html"
    with pytest.raises(ParameterError, match="no indicator column 'nope'.*share_within"):
        write_web_map(out, S.communes(), S.services(), S.metadata(), indicator="nope")
    with pytest.raises(InputDataError, match="empty"):
        write_web_map(out, S.communes().iloc[0:0], None, {}, indicator="share_within")
    with pytest.raises(ParameterError, match="must end in .html"):
        write_web_map(tmp_path / "map.pdf", S.communes(), None, {})
    assert list(tmp_path.iterdir()) == []
    # an existing map is replaced only by a complete new one
    out.write_text("old")
    with pytest.raises(ParameterError):
        write_web_map(out, S.communes(), None, {}, indicator="nope")
    assert out.read_text() == "old"
    write_web_map(out, S.communes(), None, {}, indicator="share_within")
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert [p.name for p in tmp_path.iterdir()] == ["map.html"]
