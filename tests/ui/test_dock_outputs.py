"""The Web map / Report / Export / Atlas buttons of the Results panel against the real algorithms."""
from __future__ import annotations

import csv
import json
import re
import sqlite3
from pathlib import Path

import pytest

pytestmark = pytest.mark.qgis


def _click_and_wait(dock, qtbot, button, kind):
    from qgis.PyQt.QtCore import Qt

    assert button.isEnabled(), button.toolTip()
    dock.outputs.pop(kind, None)
    qtbot.mouseClick(button, Qt.LeftButton)
    qtbot.waitUntil(lambda: not dock.busy(), timeout=180_000)
    assert kind in dock.outputs, dock.body.statusLabel.text()
    return dock.outputs[kind]


def _names(layer):
    return sorted(f["nom"] for f in layer.getFeatures())


def test_web_map_button(diagnosed, qtbot):
    dock = diagnosed
    panel = dock.results_panel
    panel.indicatorCombo.setCurrentIndex(panel.indicatorCombo.findData("dist_mean_m"))
    res = _click_and_wait(dock, qtbot, panel.webMapButton, "web_map")
    path = Path(res["OUTPUT"])
    assert path.name == "web_map.html" and path.parent.parent.name == "terridiag_results"
    text = path.read_text(encoding="utf-8")
    layer = dock.result_layer()
    assert all(name in text for name in _names(layer))          # every commune is on the map
    # coloured by the indicator chosen in the panel: each unmasked commune's mapped value is a distance
    values = re.findall(r'"m":\s*false,\s*"v":\s*"([^"]*)"', text)
    n_masked = sum(1 for f in layer.getFeatures() if f["masked"])
    assert len(values) == 30 - n_masked and all(re.search(r"\d\s(k?m)$", v) for v in values), values
    assert "<script" in text and "http://" not in text.split("<body")[0].replace("http://www.w3.org", "")
    assert str(path) in dock.body.statusLabel.text()


def test_report_button(diagnosed, qtbot):
    dock = diagnosed
    res = _click_and_wait(dock, qtbot, dock.results_panel.reportButton, "report")
    html_path, pdf_path = Path(res["OUTPUT_HTML"]), Path(res["OUTPUT_PDF"])
    text = html_path.read_text(encoding="utf-8")
    layer = dock.result_layer()
    assert all(name in text for name in _names(layer))          # a sheet per commune
    # the diagnosis's metadata reached the report: the demo data are said to be synthetic
    meta = json.loads(Path(dock.result_metadata).read_text(encoding="utf-8"))
    assert meta.get("parameters")
    assert "synth" in text.lower() or "SYNTH" in text
    assert pdf_path.read_bytes()[:5] == b"%PDF-" and pdf_path.stat().st_size > 20_000


def test_export_button(diagnosed, qtbot):
    dock = diagnosed
    layer = dock.result_layer()
    res = _click_and_wait(dock, qtbot, dock.results_panel.exportButton, "export")
    gpkg, csv_path, xlsx = Path(res["OUTPUT_GPKG"]), Path(res["OUTPUT_CSV"]), Path(res["OUTPUT_XLSX"])
    con = sqlite3.connect(str(gpkg))
    try:
        tables = {r[0] for r in con.execute("SELECT table_name FROM gpkg_contents")}
        assert {"communes", "services"} <= tables
        assert con.execute("SELECT count(*) FROM communes").fetchone()[0] == 30
        # the 14 demo places (France Services + mediation, merged for the diagnosis)
        assert con.execute("SELECT count(*) FROM services").fetchone()[0] == 14
        meta = json.loads(con.execute("SELECT value FROM terridiag_metadata WHERE key='metadata'").fetchone()[0])
        assert meta["parameters"] and meta.get("sources")
        # the communes keep the style they have in the project (rule-based, by the mapped indicator)
        style = con.execute("SELECT styleQML FROM layer_styles WHERE f_table_name='communes'").fetchone()[0]
        assert 'type="RuleBasedRenderer"' in style or "RuleRenderer" in style
        assert "share_within" in style
    finally:
        con.close()
    with open(csv_path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh, delimiter=";"))
    assert len(rows) == 31 and "code_insee" in rows[0]
    codes = sorted(r[rows[0].index("code_insee")] for r in rows[1:])
    assert codes == sorted(f["code_insee"] for f in layer.getFeatures())
    import openpyxl

    wb = openpyxl.load_workbook(xlsx, read_only=True)
    assert len(wb.sheetnames) >= 2        # communes and the data dictionary


def test_outputs_disabled_without_results(dock):
    panel = dock.results_panel
    for button in (panel.webMapButton, panel.reportButton, panel.exportButton, panel.atlasButton):
        assert not button.isEnabled()
