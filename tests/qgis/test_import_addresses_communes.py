"""terridiag:import_addresses and terridiag:import_communes through Processing, on the real files."""
from __future__ import annotations

import csv
import hashlib

import pytest

pytestmark = pytest.mark.qgis

BAL = "samples/bal_54084_mont-bonvillers_csv-bal.csv"
GEO90 = "territoire_90/communes_90_admin-express-2018_simplifie.geojson"
TERR90 = "territoire_90/communes_90_cog_population_epci.csv"
DEC = "national/decoupage-administratif-6.0.0_communes.json"


def _run(alg, params):
    import processing
    return processing.run(f"terridiag:{alg}", params)


def _field_types(layer):
    from qgis.PyQt.QtCore import QVariant
    return {f.name(): f.type() == QVariant.String for f in layer.fields()}


def test_import_bal(terridiag_provider, shared_data):
    path = shared_data / BAL
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    result = _run("import_addresses", {"INPUT": str(path), "OUTPUT": "memory:"})
    layer = result["OUTPUT"]
    assert layer.featureCount() == 486 and result["ROWS_REJECTED"] == 0
    assert result["FORMAT_DETECTED"] == "bal_csv"
    assert layer.crs().authid() == "EPSG:2154"
    assert _field_types(layer)["code_insee"] is True
    feats = {f["id"]: f for f in layer.getFeatures()}
    first = feats["54084_0200_00001"]
    assert first["code_insee"] == "54084" and first["numero"] == "1"
    pt = first.geometry().asPoint()
    assert (round(pt.x(), 2), round(pt.y(), 2)) == (906010.92, 6917321.29)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_import_address_table_with_mapping(terridiag_provider, shared_data, tmp_path):
    with open(shared_data / BAL, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter=";"))[:25]
    path = tmp_path / "points.csv"
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("insee,lon,lat\n")
        for r in rows:
            fh.write(f"{r['commune_insee']},{r['long']},{r['lat']}\n")
    result = _run("import_addresses", {"INPUT": str(path), "FORMAT": 3, "CODE_FIELD": "insee",
                                       "LON_FIELD": "lon", "LAT_FIELD": "lat", "OUTPUT": "memory:"})
    layer = result["OUTPUT"]
    assert layer.featureCount() == 25 and result["FORMAT_DETECTED"] == "address_table"
    pt = next(layer.getFeatures()).geometry().asPoint()
    assert abs(pt.x() - 906010.92) < 0.5 and abs(pt.y() - 6917321.29) < 0.5


def test_import_addresses_wrong_file(terridiag_provider, shared_data):
    from qgis.core import QgsProcessingException
    path = shared_data / "territoire_90/france_services_90_20240801.csv"
    with pytest.raises(QgsProcessingException) as exc:
        _run("import_addresses", {"INPUT": str(path), "OUTPUT": "memory:"})
    assert "france_services_90_20240801.csv" in str(exc.value)
    assert "not a BAN or BAL address file" in str(exc.value)


def test_import_communes_with_cog_population_epci(terridiag_provider, shared_data):
    result = _run("import_communes", {
        "INPUT": str(shared_data / GEO90), "COG": str(shared_data / DEC),
        "POPULATION": str(shared_data / TERR90),
        "EPCI": str(shared_data / "territoire_90/epci_90.json"), "OUTPUT": "memory:"})
    layer = result["OUTPUT"]
    assert layer.featureCount() == 101 and result["ROWS_READ"] == 102
    assert layer.crs().authid() == "EPSG:2154"
    assert _field_types(layer)["code_insee"] is True
    with open(shared_data / TERR90, encoding="utf-8") as fh:
        expected = {r["code_insee"]: float(r["population"]) for r in csv.DictReader(fh)}
    got = {f["code_insee"]: f["population"] for f in layer.getFeatures()}
    assert got == expected
    merged = next(f for f in layer.getFeatures() if f["code_insee"] == "90068")
    assert merged["nom"] == "Meroux-Moval" and merged["epci_nom"] == "CA Grand Belfort"


def test_import_communes_truncated(terridiag_provider, shared_data, tmp_path):
    from qgis.core import QgsProcessingException
    raw = (shared_data / GEO90).read_bytes()
    cut = tmp_path / "cut.geojson"
    cut.write_bytes(raw[: len(raw) // 3])
    with pytest.raises(QgsProcessingException, match="cannot read it as a vector layer"):
        _run("import_communes", {"INPUT": str(cut), "OUTPUT": "memory:"})


def test_communes_of_two_territories_are_imported_whole_then_measured_each_in_its_crs(
        terridiag_provider, shared_data, tmp_path):
    """Guadeloupe (971) and Corse-du-Sud (2A) in one file (issue 17): the import keeps all 156
    communes in EPSG:4326 (it used to reject the 32 of Guadeloupe, and all 156 with CRS=EPSG:4326),
    and a coverage run on that layer serves each commune from places of its own territory."""
    import json

    feats = []
    for name in ("communes-971-guadeloupe.geojson", "communes-2A-corse-du-sud.geojson"):
        feats += json.loads((shared_data / "boundaries" / name).read_text("utf-8"))["features"]
    both = tmp_path / "971_2A.geojson"
    both.write_text(json.dumps({"type": "FeatureCollection", "features": feats}), "utf-8")
    for crs in (None, "EPSG:4326"):
        params = {"INPUT": str(both), "OUTPUT": str(tmp_path / f"c{bool(crs)}.gpkg")}
        if crs:
            params["CRS"] = crs
        result = _run("import_communes", params)
        assert (result["ROWS_READ"], result["ROWS_KEPT"], result["ROWS_REJECTED"]) == (156, 156, 0)
    from qgis.core import QgsVectorLayer
    communes = QgsVectorLayer(result["OUTPUT"], "communes", "ogr")
    assert communes.crs().authid() == "EPSG:4326" and communes.featureCount() == 156
    # forcing Lambert-93 keeps Corsica and says what keeps both
    forced = _run("import_communes", {"INPUT": str(both), "CRS": "EPSG:2154", "OUTPUT": "memory:"})
    assert forced["ROWS_KEPT"] == 124 and forced["ROWS_REJECTED"] == 32
    svc = _run("import_services", {"INPUT": str(shared_data / "national/france_services_liste-fs-20240801.csv"),
                                   "OUTPUT": str(tmp_path / "fs.gpkg")})
    cov = _run("coverage", {"SERVICES": svc["OUTPUT"], "COMMUNES": result["OUTPUT"], "DISTANCE_KM": 20,
                            "MIN_COUNT": 0, "OUTPUT": "memory:"})["OUTPUT"]
    dist = {f["code_insee"]: f["dist_mean_m"] for f in cov.getFeatures()}
    assert len(dist) == 156 and all(d is not None and d > 0 for d in dist.values())
    # no commune of Guadeloupe is 6,700 km away (a place of the mainland): each is served from its
    # own islands (the exact distances are checked against pyproj in tests/unit/test_territories.py)
    assert max(d for c, d in dist.items() if c.startswith("971")) < 100_000
    assert max(d for c, d in dist.items() if c.startswith("2A")) < 100_000
