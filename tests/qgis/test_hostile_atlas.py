"""Hostile names in QGIS's own drawings (issue 16): the atlas (A4 and poster) and the map labels
show them as plain, bounded text, without the right-to-left override, inside the page."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "support"))
from hostile import LONG, RTL, SCRIPT, hostile_sample  # noqa: E402

pytestmark = pytest.mark.qgis


def test_display_expression_equals_the_core_rule(qgis_app):
    from qgis.core import QgsExpression, QgsExpressionContext, QgsFeature, QgsField, QgsFields

    from terridiag.plugin.core import display
    from terridiag.plugin.qgis_bridge.compat import field_type

    fields = QgsFields()
    fields.append(QgsField("nom", field_type("string")))
    for name in (RTL, LONG, SCRIPT, "Belval", None):
        feat = QgsFeature(fields)
        feat.setAttributes([name])
        context = QgsExpressionContext()
        context.setFeature(feat)
        for limit in (60, display.NAME_LIMIT):
            expr = QgsExpression(display.qgis_expression('"nom"', limit))
            assert not expr.hasParserError(), expr.parserErrorString()
            assert expr.evaluate(context) == display.text(name, limit)


@pytest.fixture()
def hostile_layer(tmp_path, terridiag_provider):
    from qgis.core import QgsProject, QgsVectorLayer

    from terridiag.plugin.core.export.gpkg import write_geopackage

    communes, services, meta = hostile_sample()
    src = tmp_path / "h.gpkg"
    write_geopackage(src, {"communes": communes, "services": services}, meta)
    layer = QgsVectorLayer(f"{src}|layername=communes", "communes", "ogr")
    assert layer.isValid()
    yield layer, communes
    QgsProject.instance().addMapLayers([layer], False)
    QgsProject.instance().removeAllMapLayers()


@pytest.mark.parametrize("fmt", [0, 1])
def test_atlas_pages_keep_names_as_bounded_text(hostile_layer, tmp_path, fmt, artifacts):
    import processing

    layer, communes = hostile_layer
    out = tmp_path / f"atlas{fmt}.pdf"
    processing.run("terridiag:atlas", {"COMMUNES": layer, "INDICATOR": "share_within", "FORMAT": fmt,
                                       "OUTPUT": str(out)})
    raw = subprocess.run(["pdftotext", "-bbox", str(out), "-"], capture_output=True, check=True).stdout
    pages = re.findall(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', raw.decode("utf-8", "replace"), re.S)
    assert len(pages) == len(communes)
    for width, height, words in pages:
        for x0, y0, x1, y1, word in re.findall(
                r'<word xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)">(.*?)</word>', words):
            assert -0.5 <= float(x0) and float(x1) <= float(width) + 0.5, (word, x1, width)
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, check=True).stdout.decode("utf-8", "replace")
    assert SCRIPT in text and "exe.GNP" in text and "PNG.exe" not in text
    assert "Longnom0100" not in text
    if fmt == 0:
        # the long name's page: its (smaller, cut) title ends above the subtitle line
        page = next(w for _, _, w in pages if "(01009)" in w)
        boxes = re.findall(r'<word xMin="[\d.-]+" yMin="([\d.-]+)" xMax="[\d.-]+" yMax="([\d.-]+)">(.*?)</word>', page)
        title_bottom = max(float(y1) for y0, y1, w in boxes if w == "(01009)")
        subtitle_top = min(float(y0) for y0, y1, w in boxes if w == "Diagnostic")
        assert title_bottom <= subtitle_top
    subprocess.run(["pdftoppm", "-png", "-r", "40", "-f", "9", "-l", "9", str(out),
                    str(artifacts / f"hostile_atlas{fmt}")], check=True)
