"""The dock on the demo territory: load the data, run the diagnosis, read a commune, cancel."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.qgis


def _load_demo(dock, qtbot):
    from qgis.PyQt.QtCore import Qt

    qtbot.mouseClick(dock.data_panel.demoButton, Qt.LeftButton)
    qtbot.waitUntil(lambda: not dock.busy(), timeout=120_000)


def _run(dock, qtbot):
    from qgis.PyQt.QtCore import Qt

    qtbot.mouseClick(dock.indicators_panel.runButton, Qt.LeftButton)
    qtbot.waitUntil(lambda: not dock.busy(), timeout=180_000)


def test_demo_diagnosis_and_commune_sheet(dock, qtbot):
    from qgis.core import QgsProject, QgsRuleBasedRenderer

    from terridiag.plugin.qgis_bridge import styles

    _load_demo(dock, qtbot)
    ds = dock.data_panel.datasets
    # the demo territory: 30 communes, 40,000 addresses, every row kept; 14 places in two files
    assert (ds["communes"].rows_kept, ds["addresses"].rows_read, ds["addresses"].rows_kept) == (30, 40000, 40000)
    assert ds["services"].rows_kept == 14 and len(ds["services"].layers) == 2
    assert not any(d.error for d in ds.values())
    # the demo files are in the BAN format but synthetic: either way the source and licence are listed
    assert ds["addresses"].provenance.startswith(("BAN", "TerriDiag demo territory")) and ds["addresses"].licence
    assert dock.indicators_panel.runButton.isEnabled()

    # cancelling a diagnosis leaves no layer, no group and no output folder
    from terridiag.plugin.gui import dock as dock_module

    before = set(QgsProject.instance().mapLayers())
    groups_before = len(QgsProject.instance().layerTreeRoot().children())
    dock.indicators_panel.runButton.click()
    qtbot.waitUntil(lambda: dock.current is not None and dock.current.alg_id == dock_module.DIAGNOSIS,
                    timeout=60_000)
    run_dir = dock.current.run_dir
    assert dock.body.cancelButton.isEnabled()
    dock.body.cancelButton.click()
    qtbot.waitUntil(lambda: not dock.busy(), timeout=60_000)
    assert set(QgsProject.instance().mapLayers()) == before
    assert len(QgsProject.instance().layerTreeRoot().children()) == groups_before
    assert not run_dir.exists()
    assert dock.result_layer() is None and not dock.body.cancelButton.isEnabled()
    assert "Cancelled" in dock.body.statusLabel.text()

    _run(dock, qtbot)
    layer = dock.result_layer()
    assert layer is not None, dock.body.statusLabel.text()
    assert layer.featureCount() == 30
    # one group per run, holding the styled commune layer and the places
    group = dock.result_group
    assert group.name().startswith("TerriDiag")
    assert layer.id() in [n.layerId() for n in group.findLayers()]
    # (the test keeps this wrapper while the dock restyles the layer below: that used to corrupt the
    # heap, see styles.style_communes, and crash Qt when the dock was deleted)
    renderer = layer.renderer()
    assert isinstance(renderer, QgsRuleBasedRenderer)
    labels = [r.label() for r in renderer.rootRule().children()]
    # the layer's title states the threshold and what the share counts, as every output does
    assert layer.name() == styles.indicator_title("share_within", None, dock.run_metadata(), layer.fields().names())
    assert layer.name() == "Share of the population within 5\u00a0km (%)"   # addresses carry the population
    assert all(label.endswith("%") for label in labels[:-2])          # classes carry values and units
    masked = [f for f in layer.getFeatures() if f["masked"]]
    assert masked, "the demo territory has tiny communes that must be masked"
    assert any("confidentiality" in label for label in labels)
    assert layer.fields().indexOf("share_within") >= 0 and layer.attributeAlias(layer.fields().indexOf("share_within"))

    panel = dock.results_panel
    assert panel.model.rowCount() == 30 and panel.proxy.rowCount() == 30
    # search by name without accents, then by INSEE code
    feat = next(f for f in layer.getFeatures() if not f["masked"])
    panel.searchEdit.setText(feat["code_insee"])
    assert panel.proxy.rowCount() == 1
    panel.searchEdit.clear()
    assert panel.select_code(feat["code_insee"])
    html = panel.sheetBrowser.toHtml()
    assert feat["nom"] in html
    assert styles.format_value("share_within", feat["share_within"]).replace("\u00a0", "&nbsp;") in html \
        or styles.format_value("share_within", feat["share_within"]) in html
    assert layer.selectedFeatureIds() == [feat.id()]
    # the territory's figure is the report's: the diagnosis's own figure over the whole territory (its
    # population, masked communes included), not the mean of the communes' shares
    import json
    from pathlib import Path

    meta = json.loads(Path(dock.result_metadata).read_text(encoding="utf-8"))
    whole = meta["territory"]["share_within_5km"]
    shown = [f for f in layer.getFeatures() if not f["masked"]]
    unmasked = sum(f["share_within"] * f["population"] for f in shown) / sum(f["population"] for f in shown)
    assert abs(whole - unmasked) < 0.02                     # the masked communes' few inhabitants
    value, lo, hi = panel.territory_value("share_within")
    assert value == pytest.approx(whole, abs=1e-12)
    assert (lo, hi) == (min(f["share_within"] for f in shown), max(f["share_within"] for f in shown))
    assert styles.format_value("share_within", whole).replace("\u00a0", "&nbsp;") in html \
        or styles.format_value("share_within", whole) in html
    extent = dock.iface.mapCanvas().extent()
    assert extent.contains(feat.geometry().boundingBox().center())
    # a masked commune: its address-based figures read "masked" in the table
    small = masked[0]
    assert panel.select_code(small["code_insee"])
    row = panel.model.fids.index(small.id())
    col = panel.model.columns.index("share_within")
    assert panel.model.index(row, col).data() == "masked"
    # sorting by a column sorts by value
    panel.communeTable.sortByColumn(col, 0)
    rows = [panel.proxy.mapToSource(panel.proxy.index(r, 0)).row() for r in range(panel.proxy.rowCount())]
    shown = [panel.model.value(r, "share_within") for r in rows if not panel.model.masked[r]]
    assert shown == sorted(shown) and len(shown) == 30 - len(masked)
    # choosing another indicator restyles the map
    i = panel.indicatorCombo.findData("dist_mean_m")
    panel.indicatorCombo.setCurrentIndex(i)
    assert layer.name() == styles.indicator_title("dist_mean_m")
    assert layer.customProperty("terridiag/style_field") == "dist_mean_m"
    # help of the indicator: definition, source, licence, shown in the sheet pane after a sheet
    panel.helpButton.click()
    text = panel.sheetBrowser.toPlainText()
    assert "straight-line distance" in text and "Licence" in text and "Why it matters" in text
    assert QgsProject.instance().mapLayer(layer.id()) is not None


