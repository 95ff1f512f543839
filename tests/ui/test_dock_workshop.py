"""The workshop buttons of the Results panel: pick a commune in the table, then "Workshop sheet"
(two actions, one A4 page); "Workshop bundle" writes the USB folder. Against the real algorithms,
on the demo territory the dock loads."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

pytestmark = pytest.mark.qgis
pytest.importorskip("opening_hours", reason="opening-hours-py is an optional dependency (scripts/setup.sh)")


def _click_and_wait(dock, qtbot, button, kind):
    from qgis.PyQt.QtCore import Qt

    assert button.isEnabled(), button.toolTip()
    dock.outputs.pop(kind, None)
    qtbot.mouseClick(button, Qt.LeftButton)
    qtbot.waitUntil(lambda: not dock.busy(), timeout=300_000)
    assert kind in dock.outputs, dock.body.statusLabel.text()
    return dock.outputs[kind]


def test_sheet_of_the_commune_picked_in_two_actions(diagnosed, qtbot):
    dock = diagnosed
    panel = dock.results_panel
    layer = dock.result_layer()
    feature = next(iter(layer.getFeatures()))
    code, name = str(feature["code_insee"]), str(feature["nom"])
    assert panel.select_code(code)                                    # action 1: pick a commune
    res = _click_and_wait(dock, qtbot, panel.sheetButton, "workshop_sheet")     # action 2
    pdf, html = Path(res["OUTPUT_PDF"]), Path(res["OUTPUT_HTML"])
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert re.search(r"Pages:\s+1\b", info)                          # one A4 page, this commune's
    text = html.read_text(encoding="utf-8")
    assert f"— {name}" in text and text.count('class="sheet"') == 1
    assert str(pdf) in dock.body.statusLabel.text()


def test_bundle_button_writes_the_usb_folder(diagnosed, qtbot):
    dock = diagnosed
    res = _click_and_wait(dock, qtbot, dock.results_panel.bundleButton, "workshop_bundle")
    folder = Path(res["FOLDER"])
    assert (folder / "index.html").is_file() and (folder / "carte.html").is_file()
    assert len(list((folder / "fiches").glob("*.html"))) == dock.result_layer().featureCount()
    assert (folder / "cartopartie" / "liste.html").is_file()          # the demo loads an OSM extract


def test_workshop_buttons_disabled_without_results(dock):
    assert not dock.results_panel.sheetButton.isEnabled()
    assert not dock.results_panel.bundleButton.isEnabled()
