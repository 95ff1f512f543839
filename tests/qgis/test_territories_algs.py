"""A diagnosis over communes of two territories through Processing (issue 17): Guadeloupe and
Corse-du-Sud with the national France Services file — read and written in EPSG:4326, each
territory computed in its legal CRS, the same figures as the core run."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

pytestmark = pytest.mark.qgis


def test_diagnosis_over_guadeloupe_and_corsica(terridiag_provider, shared_data, tmp_path):
    import geopandas as gpd
    import processing

    from terridiag.plugin.core.indicators.diagnosis import run_diagnosis
    from terridiag.plugin.core.sources.services import read_services

    parts = [gpd.read_file(shared_data / "boundaries" / n)
             for n in ("communes-971-guadeloupe.geojson", "communes-2A-corse-du-sud.geojson")]
    communes = gpd.GeoDataFrame(pd.concat(parts, ignore_index=True).rename(columns={"code": "code_insee"}),
                                geometry="geometry", crs=4326)
    path = tmp_path / "communes_971_2A.gpkg"
    communes.to_file(path, layer="communes", driver="GPKG")
    fs = shared_data / "national" / "france_services_liste-fs-20240801.csv"
    places = processing.run("terridiag:import_services", {"INPUT": str(fs), "OUTPUT": "memory:"})["OUTPUT"]
    res = processing.run("terridiag:diagnosis", {"COMMUNES": f"{path}|layername=communes", "SERVICES": places,
                                                 "OUTPUT": "memory:"})
    layer = res["OUTPUT"]
    assert layer.crs().authid() == "EPSG:4326" and layer.featureCount() == 156
    meta = json.loads(res["METADATA"])
    assert {k: v["crs"] for k, v in meta["territories"]["by_territory"].items()} == {"metropole": 2154, "971": 5490}
    got = {f["code_insee"]: f["dist_mean_m"] for f in layer.getFeatures()}
    svc, _ = read_services(fs)
    core, _ = run_diagnosis(communes, None, svc)
    want = dict(zip(core["code_insee"], core["dist_mean_m"]))
    assert set(got) == set(want)
    np.testing.assert_allclose([got[c] for c in sorted(want)], [want[c] for c in sorted(want)], rtol=1e-9)
    assert max(v for c, v in got.items() if c.startswith("971")) < 60_000     # in Guadeloupe (Martinique: 120 km)
