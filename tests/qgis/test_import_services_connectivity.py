"""terridiag:import_services and terridiag:import_connectivity through Processing, on the real files."""
from __future__ import annotations

import csv
import hashlib

import pytest

pytestmark = pytest.mark.qgis

T90 = "territoire_90/"


def _run(alg, params):
    import processing
    return processing.run(f"terridiag:{alg}", params)


def _string_fields(layer):
    from qgis.PyQt.QtCore import QVariant
    return {f.name(): f.type() == QVariant.String for f in layer.fields()}


def test_import_france_services(terridiag_provider, shared_data):
    path = shared_data / T90 / "france_services_90_20240801.csv"
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    result = _run("import_services", {"INPUT": str(path), "OUTPUT": "memory:"})
    layer = result["OUTPUT"]
    assert layer.featureCount() == 4 and result["ROWS_REJECTED"] == 0
    assert result["FORMAT_DETECTED"] == "france_services" and layer.crs().authid() == "EPSG:2154"
    types = _string_fields(layer)
    assert types["code_insee"] and types["category"] and types["name"]
    with open(path, encoding="utf-8") as fh:
        names = {r["insee_com"]: r["lib_fs"] for r in csv.DictReader(fh)}
    got = {f["code_insee"]: f["name"] for f in layer.getFeatures()}
    assert got == names
    assert {f["category"] for f in layer.getFeatures()} == {"france_services"}
    assert "2024-08-01" in result["PROVENANCE"]
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_import_osm_townhall_forced_format(terridiag_provider, shared_data):
    path = shared_data / T90 / "osm_sud_territoire_de_belfort_2011_josm.osm"
    result = _run("import_services", {"INPUT": str(path), "FORMAT": 4, "OUTPUT": "memory:"})   # "osm"
    layer = result["OUTPUT"]
    assert result["FORMAT_DETECTED"] == "osm" and layer.featureCount() == 1
    feat = next(layer.getFeatures())
    assert feat["category"] == "townhall" and feat["id"] == "way/79077766"


def test_import_services_wrong_file(terridiag_provider, shared_data):
    from qgis.core import QgsProcessingException
    path = shared_data / T90 / "sites_mobiles_2G_3G_4G_90_2018-01.csv"
    with pytest.raises(QgsProcessingException) as exc:
        _run("import_services", {"INPUT": str(path), "OUTPUT": "memory:"})
    assert "sites_mobiles_2G_3G_4G_90_2018-01.csv" in str(exc.value)
    assert "not a known service-place file" in str(exc.value)


def test_import_connectivity_commune_table(terridiag_provider, shared_data):
    path = shared_data / T90 / "arcep_maconnexioninternet_commune_debit_90_2022-12-31.csv"
    result = _run("import_connectivity", {"INPUT": str(path), "OUTPUT": "memory:"})
    layer = result["OUTPUT"]
    assert layer.featureCount() == 101 and result["FORMAT_DETECTED"] == "arcep_commune_debit"
    assert _string_fields(layer)["code_insee"]
    with open(path, encoding="utf-8") as fh:
        expected = {r["code_insee"]: float(r["elig_thd30"]) for r in csv.DictReader(fh)}
    assert {f["code_insee"]: f["elig_thd30"] for f in layer.getFeatures()} == expected


def test_import_connectivity_mobile_sites(terridiag_provider, shared_data):
    path = shared_data / T90 / "sites_mobiles_2G_3G_4G_90_2018-01.csv"
    result = _run("import_connectivity", {"INPUT": str(path), "OUTPUT": "memory:"})
    layer = result["OUTPUT"]
    assert layer.featureCount() == 130 and layer.crs().authid() == "EPSG:2154"
    with open(path, encoding="utf-8") as fh:
        first = next(csv.DictReader(fh))
    feat = next(layer.getFeatures())
    pt = feat.geometry().asPoint()
    assert (pt.x(), pt.y()) == (float(first["x_l93"]), float(first["y_l93"]))
    assert feat["operator"] == "Orange"


def test_import_national_france_services_whole_and_per_territory(terridiag_provider, shared_data, tmp_path):
    """The national list through Processing: one complete layer in EPSG:4326, and one layer per
    territory in its legal CRS (counts by the csv module, per insee_dep)."""
    from collections import Counter

    from qgis.core import QgsVectorLayer

    path = shared_data / "national" / "france_services_liste-fs-20240801.csv"
    with open(path, encoding="utf-8", newline="") as fh:
        deps = Counter(r["insee_dep"] if r["insee_dep"].startswith("97") else "metropole" for r in csv.DictReader(fh))
    gpkg = tmp_path / "fs_by_territory.gpkg"
    result = _run("import_services", {"INPUT": str(path), "OUTPUT": "memory:", "TERRITORIES": 1,
                                      "OUTPUT_TERRITORIES": str(gpkg)})
    layer = result["OUTPUT"]
    assert layer.featureCount() == result["ROWS_KEPT"] == 2845 and result["ROWS_REJECTED"] == 0
    assert layer.crs().authid() == "EPSG:4326"
    legal = {"metropole": "EPSG:2154", "971": "EPSG:5490", "972": "EPSG:5490", "973": "EPSG:2972",
             "974": "EPSG:2975", "976": "EPSG:4471", "978": "EPSG:5490"}
    got = {}
    for uri in result["TERRITORY_LAYERS"]:
        part = QgsVectorLayer(uri, "part", "ogr")
        assert part.isValid(), uri
        key = uri.split("layername=places_")[1]
        got[key] = part.featureCount()
        assert part.crs().authid() == legal[key]
        codes = {f["code_insee"][:3] if f["code_insee"].startswith("97") else "metropole" for f in part.getFeatures()}
        assert codes == {key}
    assert got == dict(deps)


def test_import_national_france_services_in_lambert93_rejects_overseas(terridiag_provider, shared_data):
    path = shared_data / "national" / "france_services_liste-fs-20240801.csv"
    result = _run("import_services", {"INPUT": str(path), "OUTPUT": "memory:", "CRS": "EPSG:2154"})
    assert result["ROWS_KEPT"] == 2726 and result["ROWS_REJECTED"] == 119
    assert result["OUTPUT"].crs().authid() == "EPSG:2154" and not result.get("TERRITORY_LAYERS")
