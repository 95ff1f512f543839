"""Hostile names in the dock (issue 16): the communes table and the commune sheet show them as
plain, bounded text — no markup rendered, no image element, no right-to-left override."""
from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "support"))
from hostile import IMG, LONG, RTL, SCRIPT, hostile_sample  # noqa: E402

pytestmark = pytest.mark.qgis


def test_table_and_sheet_show_text(dock, tmp_path, qtbot, artifacts):
    from qgis.core import QgsProject, QgsVectorLayer
    from qgis.PyQt.QtCore import Qt

    from terridiag.plugin.core import display
    from terridiag.plugin.core.export.gpkg import write_geopackage

    communes, services, meta = hostile_sample()
    src = tmp_path / "h.gpkg"
    write_geopackage(src, {"communes": communes}, meta)
    layer = QgsVectorLayer(f"{src}|layername=communes", "communes", "ogr")
    QgsProject.instance().addMapLayer(layer)
    panel = dock.results_panel
    panel.set_layer(layer)
    model = panel.model
    name_col = model.columns.index("nom")
    shown = [model.data(model.index(r, name_col), Qt.ItemDataRole.DisplayRole) for r in range(model.rowCount())]
    assert sorted(shown) == sorted(display.text(n) for n in communes["nom"])
    assert max(len(s) for s in shown) <= display.NAME_LIMIT and not any("\u202e" in s for s in shown)
    for code, name in zip(communes["code_insee"], communes["nom"]):
        assert panel.select_code(code)
        doc = panel.sheetBrowser.document()
        heading = doc.toPlainText().splitlines()[0]
        assert heading == f"{display.text(name)} ({code})"          # the markup is text, not tags
        images = re.findall(r'<img src="([^"]*)"', doc.toHtml())
        assert all(src.startswith("terridiag://chart/") for src in images), images   # only the sheet's chart
    dock.resize(480, 900)
    dock.body.tabs.setCurrentIndex(2)                           # the Results tab
    dock.grab().save(str(artifacts / "hostile_dock.png"))       # looked at: the long name's sheet
    assert {SCRIPT, IMG} <= set(communes["nom"]) and RTL in set(communes["nom"]) and LONG in set(communes["nom"])
