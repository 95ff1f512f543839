"""End to end in the real QGIS desktop (Xvfb, fresh profile, French locale): the dock opens, the demo
territory loads, the diagnosis runs in the background, the result layers appear styled; screenshots
of the dock and the map are saved to test-artifacts/ (and, with TERRIDIAG_UPDATE_DOCS=1, the README's pictures to docs/images/)."""
from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "support"))
import qgis_desktop  # noqa: E402

pytestmark = [pytest.mark.e2e,
              pytest.mark.skipif(not qgis_desktop.available(), reason="qgis.bin or xvfb-run not installed")]

REPO = Path(__file__).resolve().parents[2]

BODY = """
import time
from qgis.core import QgsApplication, QgsProject
from qgis.PyQt.QtCore import QTimer, Qt
from qgis.utils import plugins

plugin = plugins["terridiag"]
plugin.action.trigger()
dock = plugin.dock
main = iface.mainWindow()
main.resize(1600, 1000)
dock.setFloating(False)
main.resizeDocks([dock], [470], Qt.Horizontal)
QgsProject.instance().setFileName(str(artifacts / "e2e_project" / "diagnosis.qgz"))
result["tabs"] = [dock.body.tabs.tabText(i) for i in range(dock.body.tabs.count())]
result["run_button"] = dock.indicators_panel.runButton.text()

def shot(widget, name, width=None):
    img = widget.grab().toImage()
    if width and img.width() > width:
        img = img.scaledToWidth(width, Qt.SmoothTransformation)
    img.save(str(artifacts / name))
    return str(artifacts / name)

def wait_then(check, then, deadline, what):
    def poll():
        try:
            if check():
                then()
            elif time.time() > deadline:
                result["error"] = "timed out waiting for " + what + ": " + dock.body.statusLabel.text()
                finish()
            else:
                QTimer.singleShot(200, poll)
        except Exception:
            import traceback
            result["error"] = traceback.format_exc()
            finish()
    QTimer.singleShot(200, poll)

def step_loaded():
    panel = dock.data_panel
    result["datasets"] = {r: d.rows_kept for r, d in panel.datasets.items()}
    result["errors"] = [d.error for d in panel.datasets.values() if d.error]
    # the demo gives every dataset but the IRIS/grid population (it has addresses everywhere)
    result["data_rows"] = [[panel.items[r].text(c) for c in range(panel.datasetTree.columnCount())]
                           for r in panel.items if r != "demand_population"]
    result["data_progress"] = dock.body.progressBar.text()
    result["loaded_status"] = dock.body.statusLabel.text()
    result["point_layer"] = dock.scenario_panel.pointLayerCombo.currentText()
    panel.datasetTree.setCurrentItem(panel.items["addresses"])
    dock.body.tabs.setCurrentIndex(0)
    QgsApplication.processEvents()
    shot(dock, "dock_data.png")
    dock.body.tabs.setCurrentIndex(1)
    QgsApplication.processEvents()
    shot(dock, "dock_indicators.png")
    dock.indicators_panel.runButton.click()
    wait_then(lambda: not dock.busy() and dock.result_layer() is not None, step_diagnosed, time.time() + 240,
              "the diagnosis")

def step_diagnosed():
    layer = dock.result_layer()
    result["layer_name"] = layer.name()
    result["features"] = layer.featureCount()
    result["renderer"] = layer.renderer().type()
    result["legend"] = [r.label() for r in layer.renderer().rootRule().children()]
    result["group"] = dock.result_group.name()
    result["group_layers"] = [n.layer().name() for n in dock.result_group.findLayers()]
    result["aliases"] = layer.attributeAlias(layer.fields().indexOf("share_within"))
    panel = dock.results_panel
    far = max((f for f in layer.getFeatures() if not f["masked"]), key=lambda f: f["dist_mean_m"])
    panel.select_code(far["code_insee"])
    result["sheet"] = panel.sheetBrowser.toPlainText()
    result["sheet_raw"] = panel.sheetBrowser.document().toRawText()     # keeps non-breaking spaces
    result["status"] = dock.body.statusLabel.text()
    result["headers"] = [panel.model.headerData(i, Qt.Horizontal) for i in range(panel.model.columnCount())]
    canvas = iface.mapCanvas()
    canvas.setExtent(canvas.mapSettings().layerExtentToOutputExtent(layer, layer.extent()))
    canvas.refresh()
    wait_then(lambda: not canvas.isDrawing(), step_drawn, time.time() + 60, "the map")

def step_drawn():
    QgsApplication.processEvents()
    shot(dock, "dock_results.png")
    shot(main, "desktop_results.png", width=1600)
    panel = dock.results_panel
    panel.helpButton.click()
    result["help"] = panel.sheetBrowser.toPlainText()
    dock.body.tabs.setCurrentIndex(3)
    QgsApplication.processEvents()
    shot(dock, "dock_scenario.png")
    finish()

dock.data_panel.demoButton.click()
wait_then(lambda: not dock.busy() and not dock.data_panel.busy() and not dock.data_panel.missing_required(),
          step_loaded, time.time() + 180, "the demo territory")
"""


def _readme_picture(src: Path, dest: Path, max_bytes: int = 400_000) -> None:
    """Copy a screenshot for the README, scaled down until it is under max_bytes."""
    from PIL import Image

    img = Image.open(src).convert("RGB")
    width = img.width
    while True:
        out = img if width == img.width else img.resize((width, round(img.height * width / img.width)),
                                                         Image.LANCZOS)
        out.save(dest, optimize=True)
        if dest.stat().st_size < max_bytes or width < 300:
            return
        width = int(width * 0.85)


def test_desktop_diagnosis_french(tmp_path, artifacts):
    result = qgis_desktop.run_in_qgis(BODY, tmp_path, artifacts, locale="fr_FR", timeout=600)
    assert "error" not in result, result.get("error")
    assert [t.replace("&&", "&") for t in result["tabs"]] == ["Territoire & données", "Indicateurs", "Résultats", "Scénarios"]
    assert result["run_button"] == "Lancer le &diagnostic"
    assert result["datasets"]["communes"] == 30 and result["datasets"]["addresses"] == 40000
    assert not result["errors"]
    # the data table: counts, rejections and the vintage of every dataset (the demo says it is synthetic)
    assert result["data_progress"] == "100%"
    # the status line sums up what was loaded (not the last import), the what-if offers no layer yet
    assert result["loaded_status"] == "Territoire de démonstration chargé\u00a0: 6 jeux de données, 40\u202f000 adresses."
    assert result["point_layer"] == "(choisir une couche de points…)"
    for row in result["data_rows"]:
        if row[0].startswith("IRIS"):          # the demo territory has no IRIS: not chosen
            assert row[1] == "—" and row[2] == row[3] == "", row
            continue
        assert row[1] and row[2] == "0" and row[3] == "données synthétiques", row
    # the styled result: rule-based classes with French units, masked communes hatched, in one group
    assert result["features"] == 30 and result["renderer"] == "RuleRenderer"
    assert result["layer_name"].startswith("Part")
    # the classes of the presentation core, French numbers (no decimal point, no-break space before %)
    assert re.fullmatch(r"\d+(,\d)?\u00a0% – \d+(,\d)?\u00a0%", result["legend"][0]), result["legend"]
    assert not any("." in label for label in result["legend"])
    assert "Masqué\u00a0: moins de 11 adresses (secret statistique)" in result["legend"]
    assert result["legend"][-1] == "Pas de donnée"
    assert result["group"].startswith("TerriDiag — Diagnostic")
    assert result["group_layers"].count("Lieux de service et de médiation") == 1
    # no English unit or category id left in the French table headers
    headers = " ".join(result["headers"])
    for word in ("inhabitant", "count", "ratio", "per ", "france_services", "(mediation)"):
        assert word not in headers, (word, result["headers"])
    assert "Accessibilité relative (rapport à la moyenne du territoire)" in result["headers"]
    assert result["aliases"].startswith("Part")
    assert "Territoire" in result["sheet"]
    assert "Population\u00a0: " in result["sheet_raw"]              # French punctuation
    assert "Pourquoi c'est important" in result["help"] or "Pourquoi" in result["help"]
    assert "Diagnostic terminé" in result["status"]
    for name in ("dock_data.png", "dock_indicators.png", "dock_results.png", "dock_scenario.png",
                 "desktop_results.png"):
        assert (artifacts / name).stat().st_size > 10_000, name
    # the README's pictures are refreshed only on request, so a test run never changes the checkout
    images = REPO / "docs" / "images" if os.environ.get("TERRIDIAG_UPDATE_DOCS") == "1" else artifacts / "readme"
    images.mkdir(parents=True, exist_ok=True)
    for name in ("dock_data.png", "dock_results.png", "dock_scenario.png"):
        _readme_picture(artifacts / name, images / name)
        assert (images / name).stat().st_size < 400_000
