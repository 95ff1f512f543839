"""Web map HTML (no browser here; tests/e2e/test_webmap_chromium.py opens it in Chromium)."""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import numpy as np
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
    rows = dict(zip(data["communes"]["fields"], by_code["01003"]["vals"]))   # labels once, values per commune
    assert rows["Digital fragility score"] == "140"
    assert rows["Share of addresses within 5\u00a0km"] == "masked (confidentiality)"   # its threshold stated
    assert rows["Typology"] == "Unknown (missing data)"
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


# -- what the reviewer of the demo map found (title, credits, layers, labels, opening hours) ----

def _demo_like_metadata():
    """Seven files of the synthetic demo territory: one source, a module name as its producer."""
    src = {"source": "TerriDiag demo territory (SYNTHETIC data, not a real place)",
           "producer": "terridiag.plugin.core.demo.generator", "vintage": "",
           "licence": "synthetic data generated by TerriDiag (no licence restriction)", "synthetic": True}
    return {"synthetic": True, "parameters": {"category": ["france_services", "mediation"]},
            "sources": [{**src, "url": f"/tmp/demo/data/demo_{k}.csv"} for k in range(7)]}


def _attribution_of(html):
    return _payload(html)["attribution"]


def test_title_default_names_the_territory():
    meta = _demo_like_metadata()
    html = build_web_map_html(S.communes(), None, meta, "share_within", lang="fr")
    assert "<title>Diagnostic numérique — territoire de démonstration</title>" in html
    assert "<h1>Diagnostic numérique — territoire de démonstration</h1>" in html
    # one EPCI for all the communes: its name
    com = S.communes().assign(epci_nom="CC du Val <d'Or>")
    html = build_web_map_html(com, None, {}, "share_within", lang="en")
    assert "<title>Digital diagnosis — CC du Val &lt;d&#x27;Or&gt;</title>" in html
    # a given title wins
    assert "<h1>Diagnostic numérique — Pays &lt;de&gt; Test</h1>" in build_web_map_html(
        S.communes(), None, S.metadata(), "share_within")


def test_attribution_credits_each_producer_once_and_no_module():
    html = build_web_map_html(S.communes(), None, _demo_like_metadata(), "share_within", lang="fr")
    credit = _attribution_of(html)
    assert credit == "Territoire de démonstration TerriDiag, données synthétiques"
    assert "terridiag.plugin" not in html                       # nowhere in the page
    assert html.count("Territoire de démonstration TerriDiag (données SYNTHÉTIQUES") == 1   # sources panel: once
    assert "/tmp/demo/data" not in html                         # local paths mean nothing to the reader
    # real data: producers split on " / " and credited once each, OSM with its licence
    real = {"sources": [
        {"source": "BAN", "producer": "IGN / DINUM", "licence": "Licence Ouverte 2.0 (Etalab)"},
        {"source": "Liste des structures France services", "producer": "ANCT"},
        {"source": "Lieux de médiation numérique", "producer": "ANCT / La MedNum"},
        {"source": "ARCEP commune_debit", "producer": "ARCEP"},
        {"source": "ARCEP commune_debit", "producer": "ARCEP"},
        {"source": "OpenStreetMap", "producer": "OpenStreetMap contributors", "licence": "ODbL 1.0"}]}
    credit = _attribution_of(build_web_map_html(S.communes(), None, real, "share_within", lang="en"))
    assert credit == "IGN, DINUM, ANCT, La MedNum, ARCEP — © OpenStreetMap contributors (ODbL)"
    # synthetic data imitating real producers' formats credits none of them
    credit = _attribution_of(build_web_map_html(S.communes(), None, S.metadata(), "share_within", lang="fr"))
    assert "IGN" not in credit and "ANCT" not in credit
    assert credit.startswith("Territoire de démonstration TerriDiag, données synthétiques")


def _group_vars(html):
    m = re.search(r"services:\{(.*?)\}\}\);", html)
    return dict(re.findall(r'"(\w+)":(feature_group_\w+)', m.group(1)))


def _on_when_opened(html, var):
    """Folium either leaves a hidden group off the map or adds it and removes it after the layer
    switcher is built (depending on its version: `L.featureGroup({}).addTo(map)` or a separate
    `group.addTo(map)`)."""
    added = (re.search(rf"var {var} = L\.featureGroup\(\s*\{{\s*\}}\s*\)\.addTo\(", html) is not None
             or f"{var}.addTo(" in html)
    return added and f"{var}.remove();" not in html


def test_only_headline_places_are_on_when_the_map_opens():
    html = build_web_map_html(S.communes(), S.services(), S.metadata(), "share_within", lang="fr")
    groups = _group_vars(html)
    assert sorted(groups) == ["france_services", "library", "mediation", "post_office", "townhall"]
    for cat, var in groups.items():
        assert _on_when_opened(html, var) == (cat in ("france_services", "mediation")), cat
    # the legend lists every category, the hidden ones greyed until switched on
    rows = {cat: off for off, cat in re.findall(r'class="td-row td-cat( td-off)?" data-cat="(\w+)"', html)}
    assert rows == {"france_services": "", "mediation": "", "library": " td-off", "post_office": " td-off",
                    "townhall": " td-off"}
    # the diagnosis's own headline categories win
    meta = {**S.metadata(), "parameters": {"category": ["library"]}}
    html = build_web_map_html(S.communes(), S.services(), meta, "share_within")
    assert [c for c, v in _group_vars(html).items() if _on_when_opened(html, v)] == ["library"]
    # no headline category among the places: all of them are shown
    only_halls = S.services().assign(category="townhall")
    html = build_web_map_html(S.communes(), only_halls, S.metadata(), "share_within")
    assert all(_on_when_opened(html, v) for v in _group_vars(html).values())


def test_commune_labels_have_a_placing_order():
    data = _payload(build_web_map_html(S.communes(), None, S.metadata(), "share_within"))
    by_name = {f["properties"]["nom"]: f["properties"]["pr"] for f in data["communes"]["features"]}
    assert sorted(by_name.values()) == list(range(9))
    assert by_name["Dompierre"] == 0 and by_name["Fontenoy"] == 8     # most / least populated


def test_opening_hours_in_the_map_language():
    data = _payload(build_web_map_html(S.communes(), S.services(), S.metadata(), "share_within", lang="fr"))
    wj = "\u2060\u2013\u2060"
    assert data["services"]["france_services"]["opening_hours"] == [f"lun.{chr(0x2013)}ven. 9h{wj}17h"]
    assert data["services"]["library"]["opening_hours"] == [f"mar., jeu. 14h{wj}18h"]
    data = _payload(build_web_map_html(S.communes(), S.services(), S.metadata(), "share_within", lang="en"))
    assert data["services"]["post_office"]["opening_hours"] == [f"Mon{chr(0x2013)}Sat 09:00{wj}12:00"]


def test_polyline_round_trip():
    from terridiag.plugin.core.export.webmap import polyline_decode, polyline_encode
    rng = np.random.default_rng(1)
    values = np.concatenate([rng.integers(-2**31, 2**31, 500), rng.integers(-40, 40, 500),
                             [0, 1, -1, 15, 16, -16, -17, 31, 32, 2**20 - 1, 2**20, -2**20, 2**30, -2**30]])
    text = polyline_encode(values)
    assert polyline_decode(text) == values.tolist()
    assert all(63 <= ord(ch) <= 126 for ch in text)
    # Google's reference example: 38.5 -120.2 at 1e-5 degrees
    assert polyline_encode([3850000, -12020000]) == "_p~iF~ps|U"


def _national_data(communes, **kw):
    html = build_web_map_html(communes, None, {"title": "France (synthetic)"}, "share_within", **kw)
    m = re.search(r'<script type="application/json" id="td-data">(.*?)</script>', html, re.S)
    return html, json.loads(m.group(1))


def test_large_map_sends_compact_communes():
    """From LARGE_FROM communes on, the communes travel as columns and one encoded string of integer
    Web Mercator coordinates: decoding them gives back each commune's simplified outline, and each
    commune's colour is its class's in the shared classification."""
    from pyproj import Transformer
    from shapely.geometry import Point, Polygon

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "support"))
    import national_map
    from terridiag.plugin.core.export import webmap
    from terridiag.plugin.core.export.classes import commune_colours
    from terridiag.plugin.core.export.webmap import LARGE_FROM, polyline_decode

    communes = national_map.national_communes(LARGE_FROM, seed=7)
    communes.loc[3, "nom"] = "{{ x }} {% y %} " + S.HOSTILE     # stays text, and is no template
    html, data = _national_data(communes)
    c = data["communes"]
    assert c["n"] == len(c["code"]) == len(c["rings"]) == LARGE_FROM
    assert "terridiagMap(" in html and 'JSON.parse(document.getElementById("td-data")' in html
    assert S.HOSTILE not in html and html.count("</script>") == html.count("<script")
    assert c["nom"][3].startswith("{{ x }} {% y %} " + S.HOSTILE[:20])
    assert c["code"] == communes["code_insee"].tolist() and c["nom"] == communes["nom"].tolist()
    # colours: the classification every output uses (masked communes: the masked grey, hatched by the page)
    colours, hidden, _classes, _info = commune_colours(communes, "share_within")
    assert [c["colours"][k] for k in c["cls"]] == list(colours)
    assert [k == c["masked_cls"] for k in c["cls"]] == list(hidden) and hidden.any()
    # texts sent once per column
    values = [c["v"]["u"][k] for k in c["v"]["i"]]
    assert values[0] == webmap.format_value(communes["share_within"].iloc[0], "%", "en")
    assert {values[k] for k in np.flatnonzero(hidden)} == {"masked (confidentiality)"}
    pop = c["vals"][c["fields"].index("Population")]
    unit = webmap.field_info("population", "en").unit
    assert [pop["u"][k] for k in pop["i"]] == [webmap.format_value(v, unit, "en") for v in communes["population"]]
    # geometry: decode as the page does, back to Lambert-93, against the 100 m simplification
    ints = np.cumsum(np.array(polyline_decode(c["xy"]), dtype=np.int64).reshape(-1, 2), axis=0)
    assert len(ints) == sum(c["pts"])
    x = c["origin"][0] + ints[:, 0] * c["unit"]
    y = c["origin"][1] - ints[:, 1] * c["unit"]
    lx, ly = Transformer.from_crs(3857, 2154, always_xy=True).transform(x, y)
    simplified = communes.simplify(webmap.SIMPLIFY_LARGE_M, preserve_topology=True)
    starts = np.concatenate([[0], np.cumsum(c["pts"])])
    ring = 0
    for i in range(0, LARGE_FROM, 97):
        ring = sum(c["rings"][:i])
        outline = Polygon(np.column_stack([lx[starts[ring]:starts[ring + 1]], ly[starts[ring]:starts[ring + 1]]]))
        assert outline.exterior.is_ccw      # holes the other way round: the page fills them "nonzero"
        # integers of 10 m of Web Mercator (about 7 m here): the outline within 10 m of the simplified one
        assert outline.symmetric_difference(simplified.iloc[i]).area < 10 * simplified.iloc[i].length
        lab = np.cumsum(np.array(polyline_decode(c["lab"]), dtype=np.int64).reshape(-1, 2), axis=0)[i]
        px, py = Transformer.from_crs(3857, 2154, always_xy=True).transform(
            c["origin"][0] + lab[0] * c["unit"], c["origin"][1] - lab[1] * c["unit"])
        assert communes.geometry.iloc[i].distance(Point(px, py)) < 20
    # the 400 most populated communes are named, most populated first
    assert [communes["population"].iloc[k] for k in c["labels"]] == sorted(communes["population"], reverse=True)[:400]
    (south, west), (north, east) = c["bounds"]
    wgs = communes.to_crs(4326).total_bounds
    assert abs(west - wgs[0]) < 0.01 and abs(south - wgs[1]) < 0.01 and abs(east - wgs[2]) < 0.01


def test_small_map_keeps_geojson():
    html = build_web_map_html(S.communes(), None, S.metadata(), "share_within")
    assert 'id="td-data"' not in html and _payload(html)["communes"]["type"] == "FeatureCollection"


def test_rings_are_oriented_for_nonzero_filling():
    """The page fills each commune with the "nonzero" rule: outer rings one way, holes the other."""
    from shapely.geometry import LinearRing, MultiPolygon, Polygon

    from terridiag.plugin.core.export.webmap import _rings
    outer = [(0, 0), (0, 10), (10, 10), (10, 0)]              # clockwise
    hole = [(2, 2), (4, 2), (4, 4), (2, 4)]                   # counter-clockwise
    island = [(20, 0), (21, 0), (21, 1), (20, 1)]             # counter-clockwise already
    rings = _rings(MultiPolygon([Polygon(outer, [hole]), Polygon(island)]))
    assert [len(r) for r in rings] == [4, 4, 4]
    assert [LinearRing(r).is_ccw for r in rings] == [True, False, True]
    assert sorted(map(tuple, rings[0])) == sorted(outer) and sorted(map(tuple, rings[1])) == sorted(hole)
    assert _rings(Polygon()) == [] and _rings(None) == []
