"""The dock's diagnosis is one Processing call: on the real data of Territoire de Belfort (no
addresses, IRIS populations, France Services and mediation places in two files), the dock runs
without addresses, says what it uses instead, and its result equals the same call made with
``processing.run`` and with ``qgis_process``."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

pytestmark = pytest.mark.qgis

REPO = Path(__file__).resolve().parents[2]
QGIS_PROCESS = "/usr/bin/qgis_process.bin"
T90 = "territoire_90"


def _iris_population(shared_data, tmp_path) -> str:
    """IRIS polygons joined with their RP2016 population (until an IRIS import algorithm exists)."""
    gpd = pytest.importorskip("geopandas")
    import pandas as pd

    iris = gpd.read_file(shared_data / T90 / "iris_90_rp2016.geojson")
    pop = pd.read_csv(shared_data / T90 / "iris_90_fragility_inputs_rp2016.csv", dtype={"IRIS": str})
    iris = iris.merge(pop[["IRIS", "P16_POP"]], on="IRIS", how="left").rename(columns={"P16_POP": "population"})
    path = tmp_path / "iris_population.gpkg"
    iris.to_file(path, driver="GPKG")
    return str(path)


def _table(path: str):
    import geopandas as gpd

    frame = gpd.read_file(path.split("|")[0])
    return frame.drop(columns=[c for c in ("fid", "geometry") if c in frame.columns]) \
        .sort_values("code_insee").reset_index(drop=True)


def test_dock_diagnosis_is_one_processing_call(dock, qtbot, shared_data, tmp_path, monkeypatch):
    import pandas as pd
    import processing
    from qgis.PyQt.QtCore import Qt

    from terridiag.plugin.gui import dock as dock_module

    panel = dock.data_panel
    panel.set_sources("communes", [str(shared_data / T90 / "communes_90_admin-express-2018_simplifie.geojson")],
                      extra_params={"POPULATION": str(shared_data / T90 / "communes_90_cog_population_epci.csv")})
    panel.set_sources("services", [str(shared_data / T90 / "france_services_90_20240801.csv"),
                                   str(shared_data / T90 / "lieux_mediation_numerique_cnfs_90_2022-07.json")])
    panel.set_sources("demand_population", [_iris_population(shared_data, tmp_path)])
    panel.set_sources("connectivity", [str(shared_data / T90 / "arcep_maconnexioninternet_commune_debit_90_2022-12-31.csv"),
                                       str(shared_data / T90 / "sites_mobiles_2G_3G_4G_90_2018-01.csv")])
    qtbot.waitUntil(lambda: not dock.busy() and not panel.busy(), timeout=120_000)
    assert not any(d.error for d in panel.datasets.values()), [d.error for d in panel.datasets.values()]

    # no address: the dock does not ask for them, says what it uses instead, and lets it run
    assert panel.missing_required() == []
    hint = dock.indicators_panel.runHintLabel.text()
    assert "Without addresses" in hint and "IRIS" in hint
    assert dock.indicators_panel.runButton.isEnabled()

    submitted = []
    real_run = dock_module.tasks.AlgorithmRun

    class Recording(real_run):
        def __init__(self, alg_id, parameters, *args, **kwargs):
            submitted.append((alg_id, dict(parameters)))
            super().__init__(alg_id, parameters, *args, **kwargs)

    monkeypatch.setattr(dock_module.tasks, "AlgorithmRun", Recording)
    qtbot.mouseClick(dock.indicators_panel.runButton, Qt.LeftButton)
    qtbot.waitUntil(lambda: not dock.busy(), timeout=180_000)
    assert dock.result_layer() is not None, dock.body.statusLabel.text()
    # one call, the diagnosis: no merge, no extract
    assert [a for a, _ in submitted] == [dock_module.DIAGNOSIS]
    params = submitted[0][1]
    assert len(params["SERVICES"]) == 2 and "POPULATION" in params and "ADDRESSES" not in params
    # the ARCEP table goes to CONNECTIVITY, the mobile sites (points) to MOBILE_SITES
    assert len(params["CONNECTIVITY"]) == 1 and params["MOBILE_SITES"]
    # the demand in plain words: in the status, and whole in the help of each access indicator
    status = dock.body.statusLabel.text()
    assert "Demand: 121 IRIS in 101 communes" in status and "address" not in status.lower()
    from terridiag.plugin.gui.results_panel import indicator_help
    help_text = indicator_help("share_within", "", dock.results_panel.run_metadata())
    assert "Measured on" in help_text and "No address file was used" in help_text
    assert "Measured on" not in indicator_help("share_thd30", "", dock.results_panel.run_metadata())
    dock_table = _table(params["OUTPUT"])

    # the same parameters through processing.run
    again = dict(params, OUTPUT=str(tmp_path / "again.gpkg"), OUTPUT_SERVICES=str(tmp_path / "again_services.gpkg"))
    res = processing.run(dock_module.DIAGNOSIS, again)
    pd.testing.assert_frame_equal(dock_table, _table(res["OUTPUT"]))
    meta = json.loads(res["METADATA"])
    assert meta["demand"]["source"] == "iris" and meta["demand"]["addresses"] == 0
    # only the indicators the data supports: no 5G in January 2018, no FttH column in 'Ma connexion
    # internet' — both absent with their reason
    assert "share_thd30" in dock_table.columns and "sites_4g_per_km2" in dock_table.columns
    assert not [c for c in dock_table.columns if "5g" in c or "ftth" in c]
    absent = meta["steps"]["connectivity"]["absent"]
    assert "5G" in absent["5g"] and "FttH observatory" in absent["share_ftth"]
    assert len(_table(res["OUTPUT_SERVICES"]).index) == 12     # 4 France Services + 8 mediation places

    # and through qgis_process, as a user would type it (a repeated key for each service layer)
    if not os.path.exists(QGIS_PROCESS):
        pytest.skip("qgis_process.bin not installed")
    import qgis_cli
    run = qgis_cli.run(dock_module.DIAGNOSIS, dict(params, OUTPUT=str(tmp_path / "cli.gpkg"),
                                                   OUTPUT_SERVICES=str(tmp_path / "cli_services.gpkg")), tmp_path)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    pd.testing.assert_frame_equal(dock_table, _table(str(tmp_path / "cli.gpkg")))
