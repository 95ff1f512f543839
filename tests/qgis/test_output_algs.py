"""Output algorithms through Processing: web map, report and export from real QGIS layers."""
from __future__ import annotations

import json
import re
import sqlite3
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit"))
import export_samples as S  # noqa: E402

pytestmark = pytest.mark.qgis


def _run(alg, params):
    import processing
    return processing.run(alg, params)


@pytest.fixture()
def layers(tmp_path, terridiag_provider):
    """The sample diagnosis as QGIS layers read from a GeoPackage (as a user would load it)."""
    from qgis.core import QgsVectorLayer

    from terridiag.plugin.core.export.gpkg import write_geopackage

    src = tmp_path / "diag.gpkg"
    write_geopackage(src, {"communes": S.communes(), "services": S.services()}, S.metadata())
    communes = QgsVectorLayer(f"{src}|layername=communes", "communes", "ogr")
    services = QgsVectorLayer(f"{src}|layername=services", "services", "ogr")
    assert communes.isValid() and services.isValid() and communes.featureCount() == 9
    yield communes, services, src
    # the project owns them from here: QGIS deletes them in its own order (a Python-side delete of
    # an OGR layer at fixture teardown can crash the test process)
    from qgis.core import QgsProject
    QgsProject.instance().addMapLayers([communes, services], False)
    QgsProject.instance().removeAllMapLayers()


def test_web_map_alg(layers, tmp_path):
    communes, services, _ = layers
    out = tmp_path / "map.html"
    res = _run("terridiag:web_map", {"COMMUNES": communes, "SERVICES": services, "INDICATOR": "dist_mean_m",
                                     "LANGUAGE": 1, "OUTPUT": str(out)})
    assert res["OUTPUT"] == str(out)
    html = out.read_text(encoding="utf-8")
    payload = json.loads(re.search(r"terridiagMap\(map_\w+, (\{.*?\}), \{communes:", html, re.S).group(1))
    assert len(payload["communes"]["features"]) == 9
    assert sum(len(v["lat"]) for v in payload["services"].values()) == 7
    # metadata read back from the GeoPackage the communes came from: title, sources, synthetic
    assert "Pays &lt;de&gt; Test" in html and 'id="td-synthetic"' in html and 'id="td-odbl"' in html
    # the masked flag survived the trip through a QGIS layer
    masked = [f["properties"]["code"] for f in payload["communes"]["features"] if f["properties"]["m"]]
    assert masked == ["01003", "01006"]


def test_report_alg(layers, tmp_path):
    communes, services, _ = layers
    meta = json.dumps({"title": "Rapport test", "sources": [{"source": "BAN", "vintage": "2024-08", "licence": "LO 2.0"}]})
    res = _run("terridiag:report", {"COMMUNES": communes, "SERVICES": services, "INDICATOR": "share_within",
                                    "METADATA": meta, "CODES": "01002, 01003", "LANGUAGE": 0,
                                    "OUTPUT_HTML": str(tmp_path / "r.html"), "OUTPUT_PDF": str(tmp_path / "r.pdf")})
    pdf = Path(res["OUTPUT_PDF"])
    assert pdf.read_bytes()[:5] == b"%PDF-"
    assert len(re.findall(rb"/Type\s*/Page\b", pdf.read_bytes())) == 4     # territory + 2 sheets + sources
    html = Path(res["OUTPUT_HTML"]).read_text(encoding="utf-8")
    assert "Rapport test" in html and "BAN — millésime 2024-08 — LO 2.0" in html
    assert html.count('class="page sheet"') == 2 and "Belval" in html


def test_export_alg(layers, tmp_path):
    import geopandas as gpd
    from qgis.core import QgsApplication  # noqa: F401

    communes, services, _ = layers
    res = _run("terridiag:export", {"COMMUNES": communes, "SERVICES": services, "LANGUAGE": 1,
                                    "OUTPUT_GPKG": str(tmp_path / "out.gpkg"), "OUTPUT_CSV": str(tmp_path / "c.csv"),
                                    "OUTPUT_XLSX": str(tmp_path / "c.xlsx")})
    gpkg = Path(res["OUTPUT_GPKG"])
    assert len(gpd.read_file(gpkg, layer="communes")) == 9
    con = sqlite3.connect(gpkg)
    meta = json.loads(con.execute("SELECT value FROM terridiag_metadata WHERE key='metadata'").fetchone()[0])
    styles = sorted(r[0] for r in con.execute("SELECT f_table_name FROM layer_styles WHERE useAsDefault"))
    con.close()
    assert meta["title"] == S.metadata()["title"] and len(meta["sources"]) == 3
    assert styles == ["communes", "services"]                          # the layers' QGIS styles travel too
    assert Path(res["OUTPUT_CSV"]).read_bytes()[:3] == b"\xef\xbb\xbf"
    from openpyxl import load_workbook
    assert "data_dictionary" in load_workbook(res["OUTPUT_XLSX"]).sheetnames


def test_bad_input_is_a_message(layers, tmp_path):
    from qgis.core import QgsProcessingException

    communes, _, _ = layers
    with pytest.raises(QgsProcessingException, match="not valid JSON"):
        _run("terridiag:web_map", {"COMMUNES": communes, "INDICATOR": "share_within", "METADATA": "{oops",
                                   "OUTPUT": str(tmp_path / "m.html")})
    with pytest.raises(QgsProcessingException, match="no output file"):
        _run("terridiag:export", {"COMMUNES": communes})
    assert not (tmp_path / "m.html").exists()


@pytest.mark.parametrize("fmt, size", [(0, "595 x 842 pts (A4)"), (1, "1191 x 842 pts (A3)")])
def test_atlas_alg(layers, tmp_path, artifacts, fmt, size):
    import shutil
    import subprocess

    import numpy as np
    from PIL import Image

    communes, _, _ = layers
    out = tmp_path / "atlas.pdf"
    res = _run("terridiag:atlas", {"COMMUNES": communes, "INDICATOR": "share_within", "FORMAT": fmt,
                                   "CODES": "01001,01002,01003", "LANGUAGE": 0, "OUTPUT": str(out),
                                   "TEMPLATE": str(tmp_path / "atlas.qpt")})
    assert res["OUTPUT"] == str(out)
    assert "<Layout" in Path(res["TEMPLATE"]).read_text(encoding="utf-8")
    if shutil.which("pdfinfo") is None:
        pytest.skip("poppler-utils is not installed")
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True).stdout
    assert re.search(r"Pages:\s+3\b", info)
    assert size in info                                            # A4 portrait / A3 landscape
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True).stdout
    pages = text.split("\f")
    assert "Aubiac" in pages[0] and "Belval" in pages[1]
    assert re.search(r"masqué\s+\(secret\s+statistique\)", pages[2])   # the masked commune stays masked
    assert "%" not in " ".join(pages[2].split()).split("Part des adresses à moins de 5 km")[1][:60]
    assert "DONNÉES SYNTHÉTIQUES" in pages[0]
    subprocess.run(["pdftoppm", "-r", "50", "-png", "-f", "1", "-l", "1", str(out), str(tmp_path / "p")], check=True)
    png = next(tmp_path.glob("p-*.png"))
    rgb = np.asarray(Image.open(png).convert("RGB")).astype(int)
    assert (rgb.sum(axis=2) < 600).mean() > 0.05                   # map and text drawn, not a blank page
    shutil.copy(png, artifacts / f"atlas_{'a4' if fmt == 0 else 'poster'}.png")


def test_atlas_default_title_names_the_territory(tmp_path, terridiag_provider):
    """No TITLE and no title in the metadata: the atlas says "Diagnostic numérique — <territory>" as the
    web map and the report do (here the one EPCI of the communes); French labels with no-break spaces."""
    import shutil
    import subprocess

    from qgis.core import QgsFeatureRequest, QgsLayoutItemLabel, QgsProject, QgsVectorLayer

    from terridiag.plugin.core.export.gpkg import write_geopackage
    from terridiag.plugin.qgis_bridge.atlas import build_layout

    meta = {k: v for k, v in S.metadata().items() if k != "title"}
    src = tmp_path / "diag.gpkg"
    write_geopackage(src, {"communes": S.communes().assign(epci_nom="CC du Val de Test")}, meta)
    communes = QgsVectorLayer(f"{src}|layername=communes", "communes", "ogr")
    assert communes.isValid()
    out = tmp_path / "atlas.pdf"
    _run("terridiag:atlas", {"COMMUNES": communes, "INDICATOR": "share_within", "FORMAT": 0, "CODES": "01001",
                             "LANGUAGE": 0, "OUTPUT": str(out)})
    if shutil.which("pdftotext") is not None:
        text = " ".join(subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout.split())
        assert "Diagnostic numérique — CC du Val de Test" in text

    project = QgsProject()
    layer = communes.materialize(QgsFeatureRequest())
    project.addMapLayer(layer)
    layout = build_layout(project, layer, "share_within", meta, fmt="a4", lang="fr")
    texts = [item.text() for item in layout.items() if isinstance(item, QgsLayoutItemLabel)]
    assert any(t_.startswith("Diagnostic numérique — CC du Val de Test") for t_ in texts), texts
    assert any(t_.startswith("Typologie\u00a0: ") for t_ in texts), texts
    assert any("Part des adresses à moins de 5\u00a0km\u00a0: " in t_ for t_ in texts), texts   # threshold stated
    assert not any(" : " in t_ for t_ in texts), texts
    en = build_layout(project, layer, "share_within", {**meta, "synthetic": True, "sources": []}, fmt="poster",
                      lang="en")
    en_texts = [item.text() for item in en.items() if isinstance(item, QgsLayoutItemLabel)]
    assert "Digital diagnosis — CC du Val de Test" in en_texts, en_texts
    en.atlas().setCoverageLayer(None)
    layout.atlas().setCoverageLayer(None)
    del en, layout
    project.removeAllMapLayers()
    QgsProject.instance().addMapLayers([communes], False)
    QgsProject.instance().removeAllMapLayers()


def test_atlas_outlines_the_page_commune_on_the_map_not_in_the_legend(tmp_path, terridiag_provider):
    """The page's commune gets the thick dark outline on the map; the legend draws its swatches
    with the atlas feature as context feature, and they keep the thin grey outline."""
    from qgis.core import (QgsExpressionContextUtils, QgsFeatureRequest, QgsLayoutItemLegend, QgsLayoutItemMap,
                           QgsProject, QgsSymbolLayer, QgsVectorLayer)

    from terridiag.plugin.core.export.gpkg import write_geopackage
    from terridiag.plugin.core.presentation.classification import HIGHLIGHT
    from terridiag.plugin.qgis_bridge.atlas import build_layout

    src = tmp_path / "diag.gpkg"
    write_geopackage(src, {"communes": S.communes()}, S.metadata())
    project = QgsProject()
    layer = QgsVectorLayer(f"{src}|layername=communes", "communes", "ogr").materialize(QgsFeatureRequest())
    project.addMapLayer(layer)
    layout = build_layout(project, layer, "share_within", S.metadata(), fmt="a4", lang="fr")
    atlas = layout.atlas()
    atlas.beginRender()
    atlas.seekTo(1)
    page = layout.reportContext().feature()
    other = next(f for f in layer.getFeatures() if f.id() != page.id())
    mapitem = next(i for i in layout.items() if isinstance(i, QgsLayoutItemMap))
    legend = next(i for i in layout.items() if isinstance(i, QgsLayoutItemLegend))
    rule = layer.renderer().rootRule().children()[0]
    fill = next(rule.symbol().symbolLayer(k) for k in range(rule.symbol().symbolLayerCount())
                if rule.symbol().symbolLayer(k).layerType() == "SimpleFill")
    colour = fill.dataDefinedProperties().property(QgsSymbolLayer.Property.PropertyStrokeColor)

    def stroke(item, feature):
        ctx = item.createExpressionContext()
        ctx.appendScope(QgsExpressionContextUtils.layerScope(layer))
        ctx.setFeature(feature)
        return colour.valueAsString(ctx, "")[0]

    assert stroke(mapitem, page) == HIGHLIGHT
    assert stroke(mapitem, other) == "#555555"
    assert stroke(legend, page) == "#555555"
    atlas.endRender()
    atlas.setCoverageLayer(None)
    del layout
    project.removeAllMapLayers()
