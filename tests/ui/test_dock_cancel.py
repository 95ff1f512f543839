"""The dock in a French QGIS: a cancelled run says "Annulé", adds nothing and leaves no folder
(issue 16). The run is a real import of the 77 k national mobile sites, cancelled while it runs."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.qgis


def test_cancelled_import_says_annule(dock, qtbot, french, shared_data):
    from qgis.core import QgsProject

    from terridiag.plugin.gui import tasks

    sites = shared_data / "national" / "sites_mobiles_2G_3G_4G_2018-01_metropole_L93.csv"
    run_dir = tasks.new_run_dir("cancel-test")
    results = []
    before = set(QgsProject.instance().mapLayers())
    dock.submit("terridiag:import_connectivity", {"INPUT": str(sites), "OUTPUT": str(run_dir / "sites.gpkg")},
                "import des sites mobiles", callback=lambda ok, res, msg: results.append((ok, msg)),
                run_dir=run_dir)
    qtbot.waitUntil(lambda: dock.current is not None and dock.current.task is not None, timeout=30_000)
    qtbot.waitUntil(lambda: dock.body.progressBar.value() > 0 or dock.current is None, timeout=60_000)
    assert dock.current is not None, "the import ended before it could be cancelled"
    dock.body.cancelButton.click()
    qtbot.waitUntil(lambda: not dock.busy(), timeout=60_000)
    assert results == [(False, "Annulé.")]
    assert dock.body.statusLabel.text() == "Annulé\u00a0: import des sites mobiles. Rien n’a été ajouté au projet."
    assert set(QgsProject.instance().mapLayers()) == before and not run_dir.exists()
