"""The Scenario panel on the demo territory: a place clicked on the map and who gains (checked
against a direct nearest-distance count), closing a place, and the best N sites with their gains
(checked against the what-if of the same sites)."""
from __future__ import annotations

import numpy as np
import pytest

pytestmark = pytest.mark.qgis

KM = 2.0


def _xy(layer):
    pts = [f.geometry().asPoint() for f in layer.getFeatures() if f.hasGeometry()]
    return np.array([(p.x(), p.y()) for p in pts], dtype=float)


def _click_map(qtbot, canvas, point):
    """A real left click on the canvas at a map position (the panel's map tool gets it)."""
    from qgis.PyQt.QtCore import QPoint, Qt

    pixel = canvas.getCoordinateTransform().transform(point)
    qtbot.mouseClick(canvas.viewport(), Qt.LeftButton, pos=QPoint(round(pixel.x()), round(pixel.y())))


def _wait(dock, qtbot):
    qtbot.waitUntil(lambda: not dock.busy(), timeout=180_000)


def test_place_on_map_who_gains_and_best_sites(diagnosed, qtbot, monkeypatch, tmp_path):
    from qgis.core import QgsPointXY, QgsProject, QgsVectorLayer
    from qgis.PyQt.QtCore import Qt
    from scipy.spatial import cKDTree

    dock = diagnosed
    panel = dock.scenario_panel
    dock.body.tabs.setCurrentWidget(dock.body.tabs.widget(3))
    assert dock.body.tabs.tabText(3) == "Scenarios"
    panel.distanceSpin.setValue(KM)
    assert not panel.whatIfButton.isEnabled()          # nothing to try yet

    communes = dock.result_layer()
    canvas = dock.iface.mapCanvas()
    canvas.resize(800, 800)
    canvas.setDestinationCrs(communes.crs())
    canvas.setExtent(communes.extent())
    canvas.refresh()
    # the commune furthest from help (largest mean distance), a point inside it
    far = max((f for f in communes.getFeatures() if not f["masked"]), key=lambda f: f["dist_mean_m"])
    target = far.geometry().pointOnSurface().asPoint()

    addresses = QgsVectorLayer(dock.data_panel.inputs("addresses")[0], "a", "ogr")
    places = QgsVectorLayer(dock.result_services, "p", "ogr")
    axy = _xy(addresses)
    mobile = np.array([bool(f["mobile"]) for f in places.getFeatures()])
    pxy = _xy(places)
    d_fixed = cKDTree(pxy[~mobile]).query(axy)[0]
    d_mobile = cKDTree(pxy[mobile]).query(axy)[0] if mobile.any() else np.full(len(axy), np.inf)

    qtbot.mouseClick(panel.addOnMapButton, Qt.LeftButton)
    assert canvas.mapTool() is panel.tool
    _click_map(qtbot, canvas, target)
    assert panel.points("added") == 1 and panel.changeList.count() == 1
    added = QgsProject.instance().mapLayer(panel.layers["added"])
    clicked = next(added.getFeatures()).geometry().asPoint()
    assert clicked.distance(target) < 3 * canvas.mapUnitsPerPixel()
    qtbot.mouseClick(panel.addOnMapButton, Qt.LeftButton)      # stop picking
    assert canvas.mapTool() is not panel.tool

    # oracle: addresses within KM of the new place and beyond KM of every existing place
    d_new = np.hypot(axy[:, 0] - clicked.x(), axy[:, 1] - clicked.y())
    reach = d_new <= KM * 1000
    assert not (reach & (d_fixed > KM * 1000) & (d_mobile <= KM * 1000)).any()   # no partial (mobile) level
    expected = int((reach & (d_fixed > KM * 1000)).sum())
    assert expected > 50, "the demo's furthest commune must gain from a place at its heart"

    assert panel.whatIfButton.isEnabled()
    from terridiag.plugin.gui import tasks
    submitted = []
    real_run = tasks.AlgorithmRun

    class Recording(real_run):
        def __init__(self, alg_id, parameters, *args, **kwargs):
            submitted.append((alg_id, dict(parameters)))
            super().__init__(alg_id, parameters, *args, **kwargs)

    monkeypatch.setattr(tasks, "AlgorithmRun", Recording)
    qtbot.mouseClick(panel.whatIfButton, Qt.LeftButton)
    _wait(dock, qtbot)
    res = panel.what_if_results
    assert res, dock.body.statusLabel.text()
    assert res["totals"]["PEOPLE_GAINED"] == pytest.approx(expected)
    rows = res["rows"]
    assert sum(r["people_gained"] for r in rows) == pytest.approx(expected)
    assert rows[0]["people_gained"] == max(r["people_gained"] for r in rows)     # largest gain first
    # the table says it per commune, the summary in words
    assert panel.whatIfTable.rowCount() == len(rows) == 30
    assert panel.whatIfTable.item(0, 1).text().replace("\u202f", "") == f"{rows[0]['people_gained']:.0f}"
    assert f"{expected:,}".replace(",", "\u202f") in panel.whatIfSummary.text()
    assert "inhabitants" in panel.whatIfSummary.text()
    # a map of the gains: the communes coloured by the addresses gained
    gains = QgsProject.instance().mapLayer(panel.gains_layer_id)
    assert gains.featureCount() == 30
    by_code = {f["code_insee"]: f["people_gained"] for f in gains.getFeatures()}
    assert sum(by_code.values()) == pytest.approx(expected)
    legend = [r.label() for r in gains.renderer().rootRule().children()]
    assert legend[-1] == "No change" and any(label.startswith("+") for label in legend)
    # the inhabitants behind the gained addresses, from the diagnosis's population per address
    ratio = {f["code_insee"]: f["population"] / f["n_addresses"] for f in communes.getFeatures()
             if f["n_addresses"] and f["population"]}
    inhabitants = sum((by_code.get(code) or 0) * r for code, r in ratio.items())
    assert res["totals"]["INHABITANTS_GAINED"] == pytest.approx(inhabitants)
    assert f"about {round(inhabitants):,}".replace(",", "\u202f") in panel.whatIfSummary.text()

    # the what-if is one Processing call, and qgis_process gives the same map of the gains
    monkeypatch.setattr(tasks, "AlgorithmRun", real_run)
    assert [a for a, _ in submitted] == ["terridiag:what_if"]
    params = submitted[0][1]
    assert "COMMUNES" in params and params["OUTPUT_GAINS"] == gains.source().split("|")[0]
    import qgis_cli
    if qgis_cli.available():
        import json

        cli_gains = tmp_path / "cli_gains.gpkg"
        run = qgis_cli.run("terridiag:what_if", dict(params, OUTPUT=str(tmp_path / "cli.gpkg"),
                                                     OUTPUT_GAINS=str(cli_gains)), tmp_path)
        assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
        cli = QgsVectorLayer(str(cli_gains), "cli", "ogr")
        fields = [f.name() for f in gains.fields() if f.name() != "fid"]
        assert fields == [f.name() for f in cli.fields() if f.name() != "fid"]

        def table(layer):
            return sorted((tuple(f[n] for n in fields), f.geometry().asWkt(1)) for f in layer.getFeatures())
        assert table(cli) == table(gains)
        totals = json.loads(run.stdout)["results"]
        assert totals["INHABITANTS_GAINED"] == pytest.approx(res["totals"]["INHABITANTS_GAINED"])

    # closing the place nearest to a click: it is matched to that place, and nobody gains
    panel.clear()
    assert panel.changeList.count() == 0 and not panel.whatIfButton.isEnabled()
    fixed = [f for f in places.getFeatures() if not f["mobile"]]
    # the place furthest from the others (two places of one town can share a spot)
    spread = cKDTree(pxy).query(pxy, k=2)[0][:, 1]
    order = [f["name"] for f in places.getFeatures()]
    victim = max(fixed, key=lambda f: spread[order.index(f["name"])])
    fixed = [victim] + [f for f in fixed if f.id() != victim.id()]
    near = victim.geometry().asPoint()
    qtbot.mouseClick(panel.removeOnMapButton, Qt.LeftButton)
    _click_map(qtbot, canvas, QgsPointXY(near.x() + 80, near.y() + 60))
    qtbot.mouseClick(panel.removeOnMapButton, Qt.LeftButton)
    assert panel.changeList.item(0).text() == "− " + victim["name"]
    qtbot.mouseClick(panel.whatIfButton, Qt.LeftButton)
    _wait(dock, qtbot)
    d_without = cKDTree(np.array([(f.geometry().asPoint().x(), f.geometry().asPoint().y())
                                  for f in fixed[1:]])).query(axy)[0]
    lost_fixed = (d_fixed <= KM * 1000) & (d_without > KM * 1000)
    assert panel.what_if_results["totals"]["PEOPLE_GAINED"] < 0
    assert panel.what_if_results["totals"]["PEOPLE_GAINED"] >= -lost_fixed.sum()   # mobile stops may soften it
    panel.clear()

    # the best 2 sites (1 per address, a 1 km grid), then the same sites tried in the what-if
    panel.countSpin.setValue(2)
    panel.weightCombo.setCurrentIndex(panel.weightCombo.findData("address"))
    panel.gridSpin.setValue(1.0)
    submitted.clear()
    monkeypatch.setattr(tasks, "AlgorithmRun", Recording)
    qtbot.mouseClick(panel.optimalButton, Qt.LeftButton)
    _wait(dock, qtbot)
    monkeypatch.setattr(tasks, "AlgorithmRun", real_run)
    opt = panel.optimal_results
    assert opt, dock.body.statusLabel.text()
    assert panel.sitesTable.rowCount() == 2 and len(panel.sites) == 2
    assert sum(opt["gains"]) == pytest.approx(opt["objective"] - opt["baseline"])
    assert opt["objective"] - opt["baseline"] >= expected        # at least as good as our hand-placed one
    assert opt["method"] and opt["gap"] is not None and opt["gap"] >= 0
    shown = [panel.sitesTable.item(i, 3).text() for i in range(2)]
    assert all(shown)                                                  # each site's commune is named
    sites = QgsProject.instance().mapLayer(panel.sites_layer_id)
    assert sites.featureCount() == 2 and sites.labelsEnabled()
    # the commune named is the one holding the site (QGIS's own point-in-polygon test on the diagnosis)
    from qgis.core import QgsCoordinateTransform, QgsGeometry
    to_communes = QgsCoordinateTransform(sites.crs(), communes.crs(), QgsProject.instance())
    ranked = sorted(sites.getFeatures(), key=lambda f: int(f["rank"]))
    holding = [next(c["nom"] for c in communes.getFeatures()
                    if c.geometry().contains(QgsGeometry.fromPointXY(to_communes.transform(f.geometry().asPoint()))))
               for f in ranked]
    assert shown == holding
    # the best sites are one Processing call (the communes only name the sites: the demand is 1 per
    # address), and qgis_process names the same commune for each site
    assert [a for a, _ in submitted] == ["terridiag:optimal_sites"]
    params = submitted[0][1]
    assert "COMMUNES_FOR_LABELS" in params and "COMMUNES" not in params
    if qgis_cli.available():
        cli_sites = tmp_path / "cli_sites.gpkg"
        run = qgis_cli.run("terridiag:optimal_sites", dict(params, OUTPUT=str(cli_sites)), tmp_path)
        assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
        cli = sorted(QgsVectorLayer(str(cli_sites), "cli", "ogr").getFeatures(), key=lambda f: int(f["rank"]))
        assert [(f["code_insee"], f["nom"]) for f in cli] == [(f["code_insee"], f["nom"]) for f in ranked]
        assert [f["nom"] for f in cli] == shown
        assert [f.geometry().asWkt(1) for f in cli] == [f.geometry().asWkt(1) for f in ranked]
    qtbot.mouseClick(panel.trySitesButton, Qt.LeftButton)
    assert panel.points("added") == 2
    qtbot.mouseClick(panel.whatIfButton, Qt.LeftButton)
    _wait(dock, qtbot)
    assert panel.what_if_results["totals"]["PEOPLE_GAINED"] == pytest.approx(opt["objective"] - opt["baseline"])


def _demo_loaded(dock, qtbot):
    from qgis.PyQt.QtCore import Qt

    qtbot.mouseClick(dock.data_panel.demoButton, Qt.LeftButton)
    qtbot.waitUntil(lambda: not dock.busy() and not dock.data_panel.busy(), timeout=120_000)


def test_layer_of_places_to_try(dock, qtbot):
    """The layer combo next to "Add its points" starts on no layer, never offers the addresses (40,000
    places in one click), and a layer of too many points is refused at once with a message."""

    from qgis.core import QgsFeature, QgsGeometry, QgsPointXY, QgsProject, QgsVectorLayer
    from qgis.PyQt.QtCore import Qt

    from terridiag.plugin.gui.scenario_panel import MAX_TRY_POINTS

    panel = dock.scenario_panel
    _demo_loaded(dock, qtbot)
    combo = panel.pointLayerCombo
    assert combo.currentLayer() is None and combo.currentText() == "(choose a point layer…)"
    assert not panel.addLayerButton.isEnabled()
    offered = {combo.layer(i).id() for i in range(combo.count()) if combo.layer(i) is not None}
    data = dock.data_panel.datasets
    assert data["addresses"].layers and not offered & set(data["addresses"].layers)
    assert not offered & set(data["connectivity"].layers)          # mobile antennas are not places
    assert set(data["services"].layers) <= offered                 # the places are

    # a big point layer (as the addresses read by hand): refused at once, nothing added
    big = QgsVectorLayer("Point?crs=EPSG:2154&field=nom:string", "big points", "memory")
    feats = []
    for i in range(MAX_TRY_POINTS + 1):
        f = QgsFeature(big.fields())
        f.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(650000 + i, 6860000)))
        f.setAttributes([f"point {i}"])
        feats.append(f)
    big.dataProvider().addFeatures(feats)
    QgsProject.instance().addMapLayer(big)
    combo.setLayer(big)
    assert panel.addLayerButton.isEnabled()
    qtbot.mouseClick(panel.addLayerButton, Qt.LeftButton)       # refused before reading a feature
    assert panel.changeList.count() == 0 and panel.points("added") == 0
    status = dock.body.statusLabel.text()
    assert status.startswith("⚠ “big points” has 501 points: too many places for a what-if (at most 500)"), status
    # its selected points can be tried: named after the layer's name field
    big.selectByIds(sorted(f.id() for f in big.getFeatures())[:2])
    qtbot.mouseClick(panel.addLayerButton, Qt.LeftButton)
    assert panel.points("added") == 2
    assert sorted(panel.changeList.item(i).text() for i in range(2)) == ["+ point 0", "+ point 1"]
    # the scenario's own layer is not offered either
    offered = {combo.layer(i).id() for i in range(combo.count()) if combo.layer(i) is not None}
    assert panel.layers["added"] not in offered
    # a layer of places: every point, once each, with its name
    panel.clear()
    services = QgsProject.instance().mapLayer(data["services"].layers[0])
    combo.setLayer(services)
    qtbot.mouseClick(panel.addLayerButton, Qt.LeftButton)
    labels = [panel.changeList.item(i).text() for i in range(panel.changeList.count())]
    assert len(labels) == services.featureCount() == panel.points("added")
    assert len(set(labels)) == len(labels) and all(not label.startswith("+ new place") for label in labels)
    assert dock.body.statusLabel.text() == f"{services.featureCount()} places of “{services.name()}” added to try."
