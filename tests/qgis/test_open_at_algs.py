"""Hours-aware access through Processing, on the real files of the Territoire de Belfort: the
coverage and diagnosis algorithms with OPEN_AT, the places layer with its opening status (styled
by status when loaded), the road network of the real OSM extract."""
from __future__ import annotations

import csv
import json

import numpy as np
import pytest

pytestmark = pytest.mark.qgis
pytest.importorskip("opening_hours", reason="opening-hours-py is an optional dependency (scripts/setup.sh)")

WEEK = "2024-09-02"


def _run(alg, params, context=None):
    import processing
    return processing.run(alg, params, context=context) if context is not None else processing.run(alg, params)


def _features(layer):
    import pandas as pd
    from qgis.core import QgsVectorLayer
    if isinstance(layer, str):
        layer = QgsVectorLayer(layer, "l", "ogr")
    names = [f.name() for f in layer.fields()]
    return pd.DataFrame([{n: (None if f[n] is None or str(f[n]) == "NULL" else f[n]) for n in names}
                         for f in layer.getFeatures()])


@pytest.fixture(scope="module")
def imported_90(shared_data, tmp_path_factory):
    """France Services, mediation places and communes of 90 through the import algorithms."""
    from qgis.core import QgsApplication  # noqa: F401 - the provider fixture starts QGIS
    tmp = tmp_path_factory.mktemp("open90")
    d = shared_data / "territoire_90"
    return d, tmp


def _imports(d, tmp):
    fs = _run("terridiag:import_services", {"INPUT": str(d / "france_services_90_20240801.csv"),
                                             "OUTPUT": str(tmp / "fs.gpkg")})["OUTPUT"]
    med = _run("terridiag:import_services", {"INPUT": str(d / "lieux_mediation_numerique_cnfs_90_2022-07.csv"),
                                              "OUTPUT": str(tmp / "med.gpkg")})["OUTPUT"]
    com = _run("terridiag:import_communes", {"INPUT": str(d / "communes_90_admin-express-2018_simplifie.geojson"),
                                             "POPULATION": str(d / "communes_90_cog_population_epci.csv"),
                                             "OUTPUT": str(tmp / "communes.gpkg")})["OUTPUT"]
    return fs, med, com


def test_coverage_open_on_saturday_morning(terridiag_provider, imported_90):
    import geopandas as gpd

    from terridiag.plugin.core.indicators.opening import coverage_open_at
    from terridiag.plugin.core.sources.services import read_france_services, read_mediation
    d, tmp = imported_90
    fs, med, com = _imports(d, tmp)
    res = _run("terridiag:coverage", {"SERVICES": [fs, med], "COMMUNES": com, "DISTANCE_KM": 5, "MIN_COUNT": 0,
                                      "OPEN_AT": 1, "OPEN_WEEK": WEEK, "OUTPUT": str(tmp / "cov.gpkg"),
                                      "OUTPUT_PLACES": str(tmp / "places.gpkg")})
    places = _features(res["OUTPUT_PLACES"])
    # the csv module's reading of h_samedi (>= 60 minutes between 9:00 and 12:00) and the one
    # mediation place that opens on Saturday
    with open(d / "france_services_90_20240801.csv", encoding="utf-8", newline="") as fh:
        fs_sat = {r["lib_fs"] for r in csv.DictReader(fh) if r["h_samedi"].strip()}
    assert fs_sat == {"France services Marianne", "France services de Grandvillars"}
    assert set(places.loc[places["hours_status"] == "open", "name"]) == fs_sat | {"COMMUNE DE GRANDVILLARS"}
    assert (places["hours_status"] == "closed").sum() == 12 - 3
    # the per-commune shares are the core's on the same inputs
    communes = gpd.read_file(str(tmp / "communes.gpkg"))
    svc = __import__("pandas").concat([read_france_services(d / "france_services_90_20240801.csv").data,
                                       read_mediation(d / "lieux_mediation_numerique_cnfs_90_2022-07.csv").data],
                                      ignore_index=True)
    table, rec, _ = coverage_open_at(None, svc, "saturday_morning", thresholds_km=(5,), communes=communes, week=WEEK)
    out = _features(res["OUTPUT"]).set_index("code_insee")
    exp = table.set_index("code_insee")["open_share_within_5km"]
    np.testing.assert_allclose(out.loc[exp.index, "open_share_within_5km"].to_numpy(float), exp.to_numpy(float))
    # fewer communes near a place open on Saturday morning than near any place
    assert (out["open_share_within_5km"] <= out["share_within_5km"]).all()
    assert (out["open_share_within_5km"] < out["share_within_5km"]).any()


def test_output_places_needs_a_window(terridiag_provider, imported_90):
    from qgis.core import QgsProcessingException
    d, tmp = imported_90
    fs, _med, com = _imports(d, tmp)
    with pytest.raises(QgsProcessingException, match="time window"):
        _run("terridiag:coverage", {"SERVICES": [fs], "COMMUNES": com, "OUTPUT": "memory:",
                                    "OUTPUT_PLACES": "memory:"})
    with pytest.raises(QgsProcessingException, match="neither a preset"):
        _run("terridiag:coverage", {"SERVICES": [fs], "COMMUNES": com, "OUTPUT": "memory:", "OPEN_AT": 4,
                                    "OPEN_WINDOW": "samedi matin"})


def test_places_layer_is_styled_by_status_when_loaded(terridiag_provider, imported_90):
    from qgis.core import QgsProcessingContext, QgsProcessingFeedback, QgsProject
    d, tmp = imported_90
    fs, med, com = _imports(d, tmp)
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    feedback = QgsProcessingFeedback()
    import processing
    res = processing.runAndLoadResults("terridiag:coverage", {
        "SERVICES": [fs, med], "COMMUNES": com, "OPEN_AT": 2, "OPEN_WEEK": WEEK, "OUTPUT": "memory:",
        "OUTPUT_PLACES": str(tmp / "styled.gpkg")}, feedback=feedback, context=context)
    layer = QgsProject.instance().mapLayer(res["OUTPUT_PLACES"]) if isinstance(res["OUTPUT_PLACES"], str) else None
    if layer is None:
        layer = next(lyr for lyr in QgsProject.instance().mapLayers().values()
                     if lyr.source().startswith(str(tmp / "styled.gpkg")))
    renderer = layer.renderer()
    assert renderer.type() == "categorizedSymbol" and renderer.classAttribute() == "hours_status"
    assert [c.value() for c in renderer.categories()][:3] == ["open", "closed", "unknown"]
    shapes = {c.value(): c.symbol().symbolLayer(0).shape() for c in renderer.categories()}
    assert len(set(shapes.values())) >= 3          # told apart by shape, not only by colour
    QgsProject.instance().removeAllMapLayers()


def test_diagnosis_open_after_18h_with_the_real_osm_roads(terridiag_provider, imported_90):
    d, tmp = imported_90
    fs, med, com = _imports(d, tmp)
    res = _run("terridiag:diagnosis", {"COMMUNES": com, "SERVICES": [fs, med], "MIN_COUNT": 0, "FSCA": False,
                                       "ROADS": str(d / "osm_sud_territoire_de_belfort_2011_josm.osm"),
                                       "OPEN_AT": 2, "OPEN_WEEK": WEEK, "OUTPUT": str(tmp / "diag.gpkg"),
                                       "OUTPUT_SERVICES": str(tmp / "used.gpkg")})
    meta = json.loads(res["METADATA"])
    step = meta["steps"]["open_at"]
    assert step["open_at"] == "weekday_evening" and step["week_start"] == WEEK
    # after 18:00 only Grandvillars: the France services (Th 12:00-19:00) and the médiathèque
    # (Tu 14:00-20:00)
    assert step["places"] == {"open": 2, "closed": 10, "unknown": 0}
    used = _features(res["OUTPUT_SERVICES"])
    assert sorted(used.loc[used["hours_status"] == "open", "name"]) == ["COMMUNE DE GRANDVILLARS",
                                                                        "France services de Grandvillars"]
    out = _features(res["OUTPUT"]).set_index("code_insee")
    for f in ("open_share_within_5km", "open_or_unknown_share_within_5km", "open_share_within_15min",
              "open_share_within_30min"):
        assert f in out.columns, f
    assert (out["open_share_within_5km"] <= out["share_within_5km"] + 1e-12).all()
    known = out["open_share_within_15min"].notna() & out["share_within_15min"].notna()
    assert known.any()
    assert (out.loc[known, "open_share_within_15min"] <= out.loc[known, "share_within_15min"] + 1e-12).all()
    # Grandvillars itself is within 5 km of an open place, Giromagny (north, 30 km away) is not
    assert out.loc["90053", "open_share_within_5km"] == 1.0
    assert out.loc["90052", "open_share_within_5km"] == 0.0
    assert meta["territory"]["open_share_within_5km"] < meta["territory"]["share_within_5km"]
    fields = {f["id"] for f in meta["fields"]}
    assert "open_share_within_15min" in fields and "open_or_unknown_share_within_5km" in fields
