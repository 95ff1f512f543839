"""Done when of issue 12, in the dock: a user types a département code, one download brings
everything (producers served on 127.0.0.1 from the real files of ../shared/data), and the diagnosis
gives the fragility index by IRIS and by commune, the BPE places and network access.

Expected values are made here from the served files (csv/json modules) or by the core function
the Processing algorithm wraps, run on the files the dock produced."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "support"))
from dock_download import download as _download  # noqa: E402

pytestmark = [pytest.mark.qgis, pytest.mark.network]


def _features(path_or_layer):
    from qgis.core import QgsVectorLayer
    layer = QgsVectorLayer(str(path_or_layer), "x", "ogr") if isinstance(path_or_layer, (str, Path)) \
        else path_or_layer
    names = [f.name() for f in layer.fields()]

    def py(v):
        return None if v is None or (hasattr(v, "isNull") and v.isNull()) else v
    return [dict(zip(names, map(py, f.attributes()))) for f in layer.getFeatures()]


def test_one_download_then_the_diagnosis_by_iris_and_commune(download_dock, qtbot, tmp_path, artifacts):
    from qgis.PyQt.QtCore import Qt

    dock, srv, facts, submitted = download_dock
    _download(dock, qtbot, "90")
    ds = dock.data_panel.datasets
    assert not [d.error for d in ds.values() if d.error]
    assert ds["iris"].rows_kept == 123 and ds["roads"].rows_kept > 300

    dock.indicators_panel.networkRadio.setChecked(True)
    # the served BAN has 1 to 4 addresses per commune (a test file, not the real BAN): without this, every
    # commune's address-based figures would be masked by the confidentiality rule
    dock.indicators_panel.confidentialitySpin.setValue(0)
    qtbot.mouseClick(dock.indicators_panel.runButton, Qt.LeftButton)
    qtbot.waitUntil(lambda: not dock.busy(), timeout=300_000)
    layer = dock.result_layer()
    assert layer is not None, dock.body.statusLabel.text()
    params = next(p for alg, p in submitted if alg == "terridiag:diagnosis")
    params = params() if callable(params) else params
    # one call: the IRIS layer is the fragility table, the IRIS map and the demand's population
    assert params["VARIABLES"] == params["IRIS"] == params["POPULATION"]
    assert Path(params["ROADS"]).name == "roads-dep-90.osm"
    meta = json.loads(Path(dock.result_metadata).read_text(encoding="utf-8"))

    # fragility by IRIS: every populated IRIS scored, from the variables present
    frag = meta["steps"]["fragility"]
    assert frag["level"] == "iris" and frag["units_scored"] == 121
    iris = _features(params["OUTPUT_IRIS"])
    assert len(iris) == 123 and sum(1 for f in iris if f["ifn_global"] is not None) == 121
    assert {f["code_iris"] for f in iris if f["ifn_global"] is None} == {"900100104", "900100205"}
    # …and these are exactly the IRIS without inhabitants in the downloaded census (P16_POP)
    populated = {f["code_iris"] for f in iris if (f["population"] or 0) > 0}
    assert populated == {f["code_iris"] for f in iris if f["ifn_global"] is not None}
    # the variables: census and Filosofi from the download, THD from ARCEP, public services from the BPE
    assert set(frag["variables_used"]) >= {"median_income", "age_65_plus_share", "low_diploma_share",
                                           "thd_coverage", "public_services_per_capita"}
    assert "unemployment_rate" in frag["variables_missing"]          # no activity counts in ../shared/data
    assert "approximation" in frag["references_method"]["median_income"]   # no official value served
    # each IRIS carries its QPV flag
    assert sum(1 for f in iris if f["qpv"]) == 5
    # by commune: the population-weighted mean of its IRIS, for the 101 communes
    communes = {f["code_insee"]: f for f in _features(layer)}
    assert len(communes) == 101 and all(c["ifn_global"] is not None for c in communes.values())
    for code, commune in communes.items():
        mine = [f for f in iris if f["code_insee"] == code and f["ifn_global"] is not None]
        assert mine, code
        expected = sum(f["ifn_global"] * f["population"] for f in mine) / sum(f["population"] for f in mine)
        assert commune["ifn_global"] == pytest.approx(expected, rel=1e-9), code
    assert communes["90010"]["ifn_n_units"] == 20
    # the BPE places are among the places the diagnosis used
    places = _features(dock.result_services)
    bpe = [p for p in places if str(p.get("source")) == "bpe"]
    assert len(bpe) == 1 and bpe[0]["category"] == "townhall"
    # network access where the road extract is: Delle (in the OSM extract) has a travel time, Belfort
    # (outside it) none, and the run says how much of the territory the roads cover
    net = meta["steps"]["network"]
    assert communes["90033"]["time_median_min"] is not None
    assert communes["90010"]["time_median_min"] is None and "90010" in net["outside_graph"]["communes"]
    assert 0 < net["graph_covers_share"] < 0.5
    outside = set(net["outside_graph"]["communes"])
    timed = {c for c, f in communes.items() if f["time_median_min"] is not None}
    assert timed and not timed & outside, sorted(timed & outside)
    # every commune without a time is said so, and why: off the roads, no path (a road cut at the edge
    # of the extract), or its nearest place is off the roads (its points are not counted, not guessed)
    assert set(communes) - timed == set(net["outside_graph"]["communes_without_time"])
    on_roads = set(communes) - timed - outside
    unreachable = sum(int(communes[c]["n_unreachable"]) for c in on_roads)
    doubt = sum(int(communes[c]["n_addresses"]) for c in on_roads) - unreachable
    assert 0 <= doubt <= net["outside_graph"]["nearer_service_off_graph"]["points"]
    assert unreachable <= net["outside_graph"]["unreachable"]["points"]
    # the IRIS map is in the result group, with the IRIS in a QPV drawn over it
    names = [n.name() for n in dock.result_group.findLayers()]
    assert any(n.startswith("IRIS — ") for n in names), names
    assert "IRIS in a priority neighbourhood (QPV)" in names
    # the results panel: the communes, then the IRIS, each with its sheet
    panel = dock.results_panel
    assert panel.unitCombo.isVisible() and panel.model.rowCount() == 101
    panel.unitCombo.setCurrentIndex(panel.unitCombo.findData("iris"))
    assert panel.is_iris() and panel.model.rowCount() == 123
    assert panel.model.columns[:3] == ["nom", "code_iris", "code_insee"]
    assert panel.select_code("900100503")
    sheet = panel.sheetBrowser.toPlainText()
    assert "Belfort — Glacis du Château (900100503)" in sheet and "priority neighbourhood (QPV)" in sheet
    glacis = next(f for f in iris if f["code_iris"] == "900100503")
    assert glacis["qpv"] and glacis["share_within"] is not None         # its own figures (its population point)
    # the IRIS map follows the indicator chosen
    panel.indicatorCombo.setCurrentIndex(panel.indicatorCombo.findData("ifn_global"))
    assert dock.result_iris().customProperty("terridiag/style_field") in (None, "ifn_global")
    dock.resize(470, 900)
    qtbot.wait(100)
    assert dock.grab().save(str(artifacts / "dock_territory_90_iris_sheet.png"))
