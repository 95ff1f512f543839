"""One vocabulary: the same commune shows the same word, the same number and the same colour in the
dock (the results panel's table and sheet), the QGIS map (the layer's renderer), the web map, the
report and the atlas — and the QGIS legend, the web map's legend, the report's and the atlas's list
the same classes. Checked in French (the translated dock) on the hand-made sample diagnosis."""
from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit"))
import export_samples as S  # noqa: E402

CODE = "01002"                      # Belval: 64 % within 5 km, far and fragile
FIELD = "share_within"
NB = "\u00a0"


def _metadata():
    return {**S.metadata(), "parameters": {"thresholds_km": [5.0], "category": ["france_services", "mediation"]},
            "demand": {"source": "addresses", "units": 5035, "addresses": 5035, "population": 10190.0,
                       "weighting": "population"}}


def _renderer_of(layer, feature):
    """(fill colour, legend label) the layer's rule-based renderer gives ``feature``."""
    from qgis.core import QgsExpression, QgsExpressionContext, QgsExpressionContextUtils

    context = QgsExpressionContext(QgsExpressionContextUtils.globalProjectLayerScopes(layer))
    context.setFeature(feature)
    for rule in layer.renderer().rootRule().children():
        if rule.isElse():
            continue
        if QgsExpression(rule.filterExpression()).evaluate(context):
            return rule.symbol().color().name(), rule.label()
    return None, None


def _class_labels(layer) -> list[str]:
    return [r.label() for r in layer.renderer().rootRule().children()
            if not r.isElse() and "masked" not in r.filterExpression()]


@pytest.fixture()
def sample_layer(tmp_path, qgis_app):
    from qgis.core import QgsProject, QgsVectorLayer

    from terridiag.plugin.core.export.gpkg import write_geopackage

    src = tmp_path / "diag.gpkg"
    write_geopackage(src, {"communes": S.communes()}, _metadata())
    layer = QgsVectorLayer(f"{src}|layername=communes", "communes", "ogr")
    assert layer.isValid() and layer.featureCount() == 9
    QgsProject.instance().addMapLayer(layer)
    yield layer
    QgsProject.instance().removeMapLayer(layer.id())


def test_same_word_number_and_colour_everywhere(dock, french, sample_layer, tmp_path):
    from qgis.core import QgsFeatureRequest, QgsProject

    from terridiag.plugin.core.export.charts import MapData
    from terridiag.plugin.core.export.report import build_report
    from terridiag.plugin.core.export.webmap import build_web_map_html
    from terridiag.plugin.core.presentation.indicators import present_fields
    from terridiag.plugin.core.presentation.vocabulary import TypologyClass
    from terridiag.plugin.qgis_bridge import styles
    from terridiag.plugin.qgis_bridge.atlas import build_layout

    meta = _metadata()
    communes = S.communes()
    word = TypologyClass.PRIORITY.label("fr")
    number = f"64{NB}%"
    assert styles.language() == "fr"                          # the French translation is installed

    # the dock: the table's cells and the commune's sheet
    dock.result_metadata = str(tmp_path / "metadata.json")
    Path(dock.result_metadata).write_text(__import__("json").dumps(meta), encoding="utf-8")
    panel = dock.results_panel
    panel.set_layer(sample_layer)
    model = panel.model
    row = next(r for r in range(model.rowCount()) if model.value(r, "code_insee") == CODE)
    cell = model.data(model.index(row, model.columns.index(FIELD)))
    typ_cell = model.data(model.index(row, model.columns.index("typology")))
    sheet, _img, _url = panel.sheet_html(row)
    dock_texts = (cell, typ_cell)
    assert number in sheet and word in sheet

    # the QGIS map: the dock's style of the layer
    dock.result_layer_id = sample_layer.id()
    dock.style_results(FIELD)
    feature = next(sample_layer.getFeatures(QgsFeatureRequest().setFilterExpression(f"\"code_insee\" = '{CODE}'")))
    qgis_colour, qgis_class = _renderer_of(sample_layer, feature)
    qgis_classes = _class_labels(sample_layer)

    # the web map
    html = build_web_map_html(communes, S.services(), meta, FIELD, lang="fr")
    payload = __import__("json").loads(re.search(r"terridiagMap\(map_\w+, (\{.*?\}), \{communes:", html, re.S).group(1))
    web = next(f["properties"] for f in payload["communes"]["features"] if f["properties"]["code"] == CODE)
    shown = present_fields(communes.columns, extra=[FIELD])
    web_pairs = list(zip(payload["communes"]["fields"], web["vals"]))     # popup labels once, values per commune
    web_value = web_pairs[shown.index(FIELD)]
    web_rows = dict(web_pairs)
    web_classes = [lab for _c, lab in re.findall(r'td-swatch" style="background: (#[0-9a-f]{6})"></span><span>([^<]+)<',
                                                 html)]

    # the report: the commune's sheet, its map colour, the legend
    report = build_report(communes, S.services(), meta, FIELD, lang="fr", codes=[CODE])
    sheet_r = report.sheets[0]
    report_value = dict((f, v) for f, (_l, v, _t) in zip(sheet_r.fields, sheet_r.rows))[FIELD]
    data = MapData(communes, FIELD, "fr", meta)
    report_colour = data.colours[list(data.codes).index(CODE)]
    report_classes = [lab for _c, lab, hatched in data.handles_spec if not hatched]

    # the atlas: a copy of the layer styled and labelled by build_layout
    project = QgsProject()
    copy = sample_layer.materialize(QgsFeatureRequest())
    project.addMapLayer(copy)
    layout = build_layout(project, copy, FIELD, meta, fmt="a4", lang="fr", codes=[CODE])
    afeat = next(copy.getFeatures(QgsFeatureRequest().setFilterExpression(f"\"code_insee\" = '{CODE}'")))
    atlas_colour, atlas_class = _renderer_of(copy, afeat)
    atlas_texts = (afeat["_txt_share_within"], afeat["_txt_typology"])
    atlas_classes = _class_labels(copy)
    layout.atlas().setCoverageLayer(None)
    del layout
    project.removeAllMapLayers()

    # the same number and word
    assert dock_texts == atlas_texts == (number, word)
    assert web["v"] == web_value[1] == report_value == number
    assert web_rows["Typologie"] == sheet_r.typology == word
    # the same colour, the same class
    assert qgis_colour == atlas_colour == web["c"] == report_colour
    assert qgis_class == atlas_class
    assert qgis_classes == atlas_classes == web_classes == report_classes
    assert qgis_class in web_classes
    # and the label states its threshold and what it counts, wherever it is printed
    title = f"Part de la population à moins de 5{NB}km"
    assert sample_layer.name().startswith(title) and report.sheets[0].rows[sheet_r.fields.index(FIELD)][0] == title
    assert web_value[0] == title
