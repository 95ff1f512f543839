"""What the dock shows in a narrow dock, in English and in French: the data table (vintage,
counts, provenance without a doubled marker, columns that fit), the progress bar after a
successful run, the import log without repeated lines, combo boxes that elide and carry their
full text as tooltip, short table headers with the full text in tooltips, French punctuation."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.qgis

DOCK_WIDTH = 470        # the width of the README screenshots


def _demo_roles():
    """The datasets the demo territory gives: every one but the IRIS/grid population (the demo has
    addresses everywhere, so it needs none) and the IRIS (the demo has none)."""
    from terridiag.plugin.gui.data_panel import ROLES
    return [r for r in ROLES if r not in ("demand_population", "iris")]


def _load_demo(dock, qtbot):
    from qgis.PyQt.QtCore import Qt

    dock.resize(DOCK_WIDTH, 900)
    qtbot.mouseClick(dock.data_panel.demoButton, Qt.LeftButton)
    qtbot.waitUntil(lambda: not dock.busy() and not dock.data_panel.busy(), timeout=120_000)


def _fits(tree_or_table) -> bool:
    """Every column is within the visible width (no horizontal scrolling to reach one)."""
    from qgis.PyQt.QtWidgets import QApplication

    QApplication.processEvents()
    header = tree_or_table.header() if hasattr(tree_or_table, "header") else tree_or_table.horizontalHeader()
    return header.length() <= tree_or_table.viewport().width() + 1



def test_data_table_after_the_demo(dock, qtbot):
    from terridiag.plugin.gui.data_panel import COL_NAME, COL_REJECTED, COL_ROWS, COL_VINTAGE, ROLES

    _load_demo(dock, qtbot)
    panel = dock.data_panel
    # the bar says the work ended well
    bar = dock.body.progressBar
    assert bar.value() == 100 and bar.text() == "100%"
    tree = panel.datasetTree
    assert [tree.headerItem().text(c) for c in range(tree.columnCount())] == ["Data", "Rows", "Rejected", "Vintage"]
    for role in _demo_roles():
        ds, item = panel.datasets[role], panel.items[role]
        # the demo is synthetic: its vintage says so; every row has a count and its rejections (0)
        assert ds.synthetic, role
        assert item.text(COL_VINTAGE) == "synthetic data", role
        assert item.text(COL_ROWS) and item.text(COL_ROWS)[0].isdigit(), (role, item.text(COL_ROWS))
        assert item.text(COL_REJECTED) == "0", role
        assert ds.provenance and ds.licence, role
        assert "[SYNTHETIC]" not in ds.provenance
        assert tr_source(panel, ds).count("SYNTHETIC") == 1, tr_source(panel, ds)
        # the full text is in the tooltips
        assert ROLES[role][0] in item.toolTip(COL_NAME)
        assert item.toolTip(COL_VINTAGE) == item.text(COL_VINTAGE)
    # the road network: its ways counted from the file (the roads the network keeps)
    roads = panel.datasets["roads"]
    assert roads.rows_kept > 100 and roads.rows_read >= roads.rows_kept and roads.rejected == 0
    # the four columns fit the dock
    assert _fits(tree), [tree.header().sectionSize(c) for c in range(4)]
    for role in _demo_roles():
        panel.datasetTree.setCurrentItem(panel.items[role])
        text = panel.reportBrowser.toPlainText()
        assert "Vintage" in text and "synthetic data" in text, text
        assert "[SYNTHETIC]" not in text
        log = text.split("\nReport\n", 1)[1].splitlines() if "\nReport\n" in text else []
        assert len(log) == len(set(log)), log                       # no line twice
        assert len(panel.log_lines(panel.datasets[role])) == len(set(panel.log_lines(panel.datasets[role])))


def tr_source(panel, ds) -> str:
    return panel.source_text(ds)


def test_progress_bar_after_a_failure_is_empty(dock, qtbot):
    dock.submit("terridiag:import_addresses", {"INPUT": "/nonexistent/file.csv", "OUTPUT": "TEMPORARY_OUTPUT"},
                "failing")
    qtbot.waitUntil(lambda: not dock.busy(), timeout=60_000)
    assert dock.body.progressBar.value() == 0 and dock.body.progressBar.text() == ""


def test_combos_elide_and_say_their_full_text(dock, qtbot):
    from qgis.core import QgsProject
    from qgis.PyQt.QtWidgets import QComboBox

    dock.resize(DOCK_WIDTH, 900)
    dock.body.tabs.setCurrentIndex(3)
    _load_demo(dock, qtbot)
    panel = dock.scenario_panel
    # no candidate layer: the combo says the grid is used
    assert panel.candidatesCombo.currentLayer() is None
    assert panel.candidatesCombo.currentText() == "(regular grid)"
    assert panel.objectiveCombo.currentText() == "Cover the most people"
    for combo in (panel.pointLayerCombo, panel.objectiveCombo, panel.weightCombo, panel.candidatesCombo,
                  dock.results_panel.indicatorCombo):
        assert combo.sizeAdjustPolicy() == QComboBox.AdjustToMinimumContentsLengthWithIcon
        if combo.currentText():
            assert combo.currentText() in combo.toolTip(), (combo.objectName(), combo.toolTip())
        combo.grab()                                   # the eliding painter paints without error
    # a long layer name fits the combo only elided: the tooltip has it whole
    services = QgsProject.instance().mapLayer(dock.data_panel.datasets["services"].layers[0])
    panel.pointLayerCombo.setLayer(services)
    layer_name = panel.pointLayerCombo.currentText()
    assert layer_name == services.name() and layer_name in panel.pointLayerCombo.toolTip()
    # the scenario tables: short headers, the full text in their tooltips, every column visible
    for table in (panel.whatIfTable, panel.sitesTable):
        for col in range(table.columnCount()):
            item = table.horizontalHeaderItem(col)
            assert item.toolTip(), item.text()
        assert _fits(table), [table.horizontalHeader().sectionSize(c) for c in range(table.columnCount())]


def _no_sideways_scrolling(dock) -> list:
    """The tabs whose panel is wider than the dock (it would scroll sideways, its text cut)."""
    from qgis.PyQt.QtWidgets import QApplication

    tabs, wide = dock.body.tabs, []
    for i in range(tabs.count()):
        tabs.setCurrentIndex(i)
        QApplication.processEvents()
        scroll = tabs.widget(i)
        if scroll.horizontalScrollBar().maximum() > 0:
            wide.append((tabs.tabText(i), scroll.widget().minimumSizeHint().width(), scroll.viewport().width()))
    return wide


def test_status_after_the_demo_sums_it_up(dock, qtbot):
    _load_demo(dock, qtbot)
    # not the last import ("Done: TerriDiag: reading demo_sites_mobiles…") but what was loaded
    assert dock.body.statusLabel.text() == "Demo territory loaded: 6 datasets, 40\u202f000 addresses."
    assert not dock.body.statusLabel.styleSheet()            # not an error
    # a failed dataset is named
    panel = dock.data_panel
    panel.datasets["roads"].error = "bad file"
    text, failed = panel.loaded_summary("", list(panel.datasets))
    assert failed and text.startswith("Demo territory loaded: 5 datasets, 40\u202f000 addresses. Could not be read: "
                                      "Road network (OSM)"), text
    assert panel.loaded_summary("23", ["communes"])[0] == "Territory 23 loaded: 1 dataset."


def test_every_panel_fits_the_dock(dock, qtbot):
    """No panel scrolls sideways in the README's dock width (rows of buttons wrap, long combo texts
    are elided), before and after loading the demo."""
    dock.resize(DOCK_WIDTH, 900)
    assert not _no_sideways_scrolling(dock)
    _load_demo(dock, qtbot)
    assert not _no_sideways_scrolling(dock)
    # the tab titles are elided rather than hidden behind scroll arrows
    assert not dock.body.tabs.usesScrollButtons()


def test_french_dock(french, dock, qtbot):
    from terridiag.plugin.gui.data_panel import COL_VINTAGE, ROLES
    from terridiag.plugin.gui.widgets import labelled

    # French punctuation comes from the translation: a non-breaking space before ":"
    assert labelled("Population", "114") == "Population\u00a0: 114"
    panel = dock.scenario_panel
    assert "Utilisez les adresses" in panel.introLabel.text()
    assert panel.candidatesCombo.currentText() == "(grille régulière)"
    assert panel.whatIfButton.text().endswith("\u202f?")
    dock.resize(DOCK_WIDTH, 900)
    assert not _no_sideways_scrolling(dock)
    _load_demo(dock, qtbot)
    assert not _no_sideways_scrolling(dock)
    assert dock.body.statusLabel.text() == \
        "Territoire de démonstration chargé\u00a0: 6 jeux de données, 40\u202f000 adresses."
    assert panel.pointLayerCombo.currentText() == "(choisir une couche de points…)"
    data = dock.data_panel
    assert [data.datasetTree.headerItem().text(c) for c in range(4)] == ["Données", "Lignes", "Rejetées", "Millésime"]
    for role in _demo_roles():
        ds = data.datasets[role]
        assert data.items[role].text(COL_VINTAGE) == "données synthétiques", role
        source = data.source_text(ds)
        assert source == "Territoire de démonstration TerriDiag (données SYNTHÉTIQUES, aucun lieu réel)", source
        assert data.licence_text(ds).startswith("données synthétiques générées par TerriDiag"), role
    assert _fits(data.datasetTree)
    data.datasetTree.setCurrentItem(data.items["population"])
    text = data.reportBrowser.toPlainText()
    assert "Millésime" in text and "Source" in text and "Licence" in text
    # a licence with an official French name
    from terridiag.plugin.core.provenance import LICENCE_OUVERTE, ODBL
    from terridiag.plugin.gui.data_panel import Dataset

    assert data.licence_text(Dataset("addresses", licence=LICENCE_OUVERTE)) == \
        "Licence Ouverte 2.0 (Etalab)"        # the presentation core's name, as every output prints it
    assert data.licence_text(Dataset("roads", licence=ODBL)).startswith("ODbL 1.0")
    # a real vintage is shown as it is
    assert data.vintage_text(Dataset("addresses", vintage="2024-08-01")) == "2024-08-01"
