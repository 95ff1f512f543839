"""Real-data acceptance tests of the engine: the chain import -> diagnosis through Processing on
three real cases, checked by properties computed independently (not snapshots).

* Territoire de Belfort (90): no address, IRIS populations, an OSM extract of the south-east only;
* CA du Sicoval (31): no OSM, no address, no infra-communal population;
* Mont-Bonvillers (54084): its whole BAL against the national France Services file.

Properties: the recorded demand source is the expected one; no travel time where the road graph
cannot give one (checked against the roads' own geometry, read with OGR); each travel time is
consistent with its straight-line distance (not faster than 130 km/h, not slower than walking);
the territory figures equal the per-commune values recomputed with population weights; distances
and shares equal a brute-force computation from the source files.
"""
from __future__ import annotations

import csv
import json

import numpy as np
import pytest

pytestmark = pytest.mark.qgis

T90, SIC = "territoire_90", "sicoval_31"
OSM90 = "osm_sud_territoire_de_belfort_2011_josm.osm"
WALK_MS, FAST_MS = 4.5 / 3.6, 130 / 3.6


def _run(alg, params):
    import processing
    return processing.run(f"terridiag:{alg}", params)


def _table(layer_or_path):
    import geopandas as gpd
    import pandas as pd

    if isinstance(layer_or_path, str):
        frame = gpd.read_file(layer_or_path.split("|")[0])
        return pd.DataFrame(frame.drop(columns=["geometry"]))
    names = [f.name() for f in layer_or_path.fields()]

    def py(v):
        return None if v is None or (hasattr(v, "isNull") and v.isNull()) else v
    return pd.DataFrame([dict(zip(names, map(py, f.attributes()))) for f in layer_or_path.getFeatures()])


def _lambert93(lon, lat):
    from pyproj import Transformer
    return Transformer.from_crs(4326, 2154, always_xy=True).transform(np.asarray(lon, float), np.asarray(lat, float))


def _places(path, lon="longitude", lat="latitude"):
    """Lambert-93 x, y of the places of a CSV or JSON file, read with the csv/json modules."""
    if str(path).endswith(".json"):
        rows = json.loads(path.read_text(encoding="utf-8"))
    else:
        with open(path, encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
    ok = [r for r in rows if str(r.get(lat) or "").strip() and str(r.get(lon) or "").strip()]
    return _lambert93([float(r[lon]) for r in ok], [float(r[lat]) for r in ok])


def _nearest(px, py, sx, sy):
    d = np.hypot(np.asarray(px)[:, None] - np.asarray(sx)[None], np.asarray(py)[:, None] - np.asarray(sy)[None])
    return d.min(axis=1), d.argmin(axis=1)


def _weighted_territory(table, field, weight="population"):
    v = table[field].to_numpy(float)
    w = table[weight].to_numpy(float)
    ok = np.isfinite(v) & np.isfinite(w) & (w > 0)
    return float((v[ok] * w[ok]).sum() / w[ok].sum())


# -- Territoire de Belfort --------------------------------------------------------------------------
@pytest.fixture(scope="module")
def belfort(shared_data, tmp_path_factory, qgis_app, qgis_processing):
    """The 90 chain: imports, an IRIS population layer (the IRIS geojson joined with P16_POP — no
    IRIS import algorithm yet), then the diagnosis with the OSM extract."""
    import sys
    from pathlib import Path

    import geopandas as gpd
    import pandas as pd

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "support"))
    from provider_registry import registered_provider
    registered_provider()
    d, tmp = shared_data / T90, tmp_path_factory.mktemp("belfort")
    communes = _run("import_communes", {"INPUT": str(d / "communes_90_admin-express-2018_simplifie.geojson"),
                                        "POPULATION": str(d / "communes_90_cog_population_epci.csv"),
                                        "COG": str(shared_data / "national/decoupage-administratif-6.0.0_communes.json"),
                                        "OUTPUT": str(tmp / "communes.gpkg")})["OUTPUT"]
    fs = _run("import_services", {"INPUT": str(d / "france_services_90_20240801.csv"),
                                  "OUTPUT": str(tmp / "fs.gpkg")})["OUTPUT"]
    med = _run("import_services", {"INPUT": str(d / "lieux_mediation_numerique_cnfs_90_2022-07.json"),
                                   "OUTPUT": str(tmp / "med.gpkg")})["OUTPUT"]
    iris = gpd.read_file(d / "iris_90_rp2016.geojson")
    pop = pd.read_csv(d / "iris_90_fragility_inputs_rp2016.csv", dtype={"IRIS": str, "COM": str})
    iris = iris.merge(pop[["IRIS", "P16_POP"]], on="IRIS", how="left")
    iris.to_file(tmp / "iris.gpkg", driver="GPKG")
    res = _run("diagnosis", {"COMMUNES": communes, "SERVICES": [fs, med], "POPULATION": str(tmp / "iris.gpkg"),
                             "POPULATION_FIELD": "P16_POP", "ROADS": str(d / OSM90),
                             "OUTPUT": str(tmp / "diagnosis.gpkg"), "OUTPUT_SERVICES": str(tmp / "places.gpkg")})
    return {"table": _table(res["OUTPUT"]), "meta": json.loads(res["METADATA"]), "iris": iris, "dir": d,
            "communes": gpd.read_file(communes.split("|")[0]), "places": _table(res["OUTPUT_SERVICES"])}


def test_belfort_demand_is_the_iris(belfort):
    meta, t = belfort["meta"], belfort["table"]
    d = meta["demand"]
    assert d["source"] == "iris" and d["addresses"] == 0 and d["weighting"] == "population"
    # every commune of 2026 has its IRIS (Moval, merged into Meroux-Moval in 2019, included)
    assert d["by_source"]["iris"]["communes"] == len(t) == 101
    assert d["units"] == int(belfort["iris"]["P16_POP"].gt(0).sum())
    assert set(t["demand_source"]) == {"iris"} and (t["n_addresses"] == 0).all()
    # the IRIS weights add up to the communes' legal population
    assert d["population"] == pytest.approx(float(t["population"].sum()))
    # both place layers, each with its source
    assert sorted(belfort["places"]["input_layer"].value_counts()) == [4, 8]
    producers = {s["source"] for s in meta["sources"]}
    assert any("France" in s for s in producers) and any("médiation" in s.lower() or "cnfs" in s.lower()
                                                         for s in producers), producers


def test_belfort_distances_by_hand(belfort):
    """Belfort's population-weighted distance to the nearest France Services, from the IRIS centres
    and the ANCT file read with the csv module."""
    t = belfort["table"].set_index("code_insee")
    iris = belfort["iris"].to_crs(2154)
    bel = iris[iris["COM"] == "90010"]
    sx, sy = _places(belfort["dir"] / "france_services_90_20240801.csv")
    c = bel.geometry.centroid
    inside = c.within(bel.geometry.reset_index(drop=True).set_axis(c.index))
    assert inside.all()          # Belfort's IRIS centres lie in their IRIS: they are the demand points
    dist, _ = _nearest(c.x.to_numpy(), c.y.to_numpy(), sx, sy)
    w = bel["P16_POP"].to_numpy(float)
    assert t.loc["90010", "dist_france_services_m"] == pytest.approx(float((w * dist).sum() / w.sum()), rel=1e-6)
    # a France Services within 5 km of every IRIS of Belfort: the whole population
    assert t.loc["90010", "share_within_france_services"] == pytest.approx(float((w * (dist <= 5000)).sum() / w.sum()))
    assert t.loc["90010", "dist_france_services_m"] < 2000


def test_belfort_no_travel_time_off_the_road_graph(belfort):
    """A commune all of whose demand points are more than 1 km from every OSM road (measured on the
    roads' own lines read with OGR) has no travel time; Belfort, Lepuix and Andelnans are outside
    the extract."""
    from osgeo import ogr, osr
    from shapely import wkb
    from shapely.ops import unary_union

    t = belfort["table"].set_index("code_insee")
    ds = ogr.Open(str(belfort["dir"] / OSM90))
    lyr = ds.GetLayerByName("lines")
    to93 = osr.CoordinateTransformation(lyr.GetSpatialRef(), _srs(2154))
    lines = []
    for f in lyr:
        if f.GetField("highway"):
            g = f.GetGeometryRef().Clone()
            g.Transform(to93)
            lines.append(wkb.loads(bytes(g.ExportToWkb())))
    roads = unary_union(lines)
    iris = belfort["iris"].to_crs(2154)
    iris = iris[iris["P16_POP"] > 0]
    near = {}
    for com, geom in zip(iris["COM"], iris.geometry):
        c = geom.centroid if geom.centroid.within(geom) else geom.representative_point()
        near.setdefault(com, []).append(c.distance(roads) <= 1000.0)
    far = sorted(c for c, v in near.items() if not any(v) and c in t.index)
    assert len(far) > 50 and {"90010", "90065", "90001"} <= set(far)
    for code in far:
        assert t.loc[code, "time_mean_min"] is None or np.isnan(t.loc[code, "time_mean_min"]), code
        assert t.loc[code, "network_known_share"] == 0.0, code
    og = belfort["meta"]["steps"]["network"]["outside_graph"]
    assert set(far) <= set(og["communes"]) and og["max_snap_m"] == 1000.0
    assert 0 < belfort["meta"]["steps"]["network"]["graph_covers_share"] < 0.5
    # no travel time anywhere is a walk of tens of minutes: every time is below an hour
    times = t["time_mean_min"].dropna().to_numpy(float)
    assert len(times) >= 5 and times.max() < 30


def _srs(epsg):
    from osgeo import osr
    s = osr.SpatialReference()
    s.ImportFromEPSG(epsg)
    s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return s


def test_belfort_travel_times_agree_with_the_crow_flies(belfort):
    """Where all of a commune's demand has a time, its mean time lies between the mean straight-line
    distance at 130 km/h and the same distance walked (same points, same weights)."""
    t = belfort["table"]
    full = t[(t["network_known_share"] == 1.0) & t["time_mean_min"].notna()]
    assert len(full) >= 3
    seconds = full["time_mean_min"].to_numpy(float) * 60
    crow = full["dist_mean_m"].to_numpy(float)
    assert (seconds >= crow / FAST_MS - 1e-6).all(), full[["code_insee", "time_mean_min", "dist_mean_m"]]
    assert (seconds <= crow / WALK_MS + 1e-6).all(), full[["code_insee", "time_mean_min", "dist_mean_m"]]


def test_belfort_territory_figures_are_the_communes_weighted(belfort):
    t, terr = belfort["table"], belfort["meta"]["territory"]
    assert terr["share_within_5km"] == pytest.approx(_weighted_territory(t, "share_within"), rel=1e-9)
    assert terr["dist_mean_m"] == pytest.approx(_weighted_territory(t, "dist_mean_m"), rel=1e-9)
    # travel times: over the population that has one
    t = t.assign(known_pop=t["population"] * t["network_known_share"])
    assert terr["share_within_15min"] == pytest.approx(_weighted_territory(t, "share_within_15min", "known_pop"),
                                                       rel=1e-9)
    assert terr["time_mean_min"] == pytest.approx(_weighted_territory(t, "time_mean_min", "known_pop"), rel=1e-9)
    assert terr["network_known_share"] == pytest.approx(
        float(t["known_pop"].sum() / t["population"].sum()), rel=1e-9)
    assert terr["fsca"] == pytest.approx(_weighted_territory(t, "fsca"), rel=1e-9)


# -- CA du Sicoval ----------------------------------------------------------------------------------
def test_sicoval_one_point_per_commune(shared_data, terridiag_provider, tmp_path):
    import geopandas as gpd

    d = shared_data / SIC
    communes = _run("import_communes", {"INPUT": str(d / "communes_sicoval_admin-express-2018_simplifie.geojson"),
                                        "POPULATION": str(d / "communes_sicoval_cog_population_epci.csv"),
                                        "OUTPUT": str(tmp_path / "communes.gpkg")})["OUTPUT"]
    fs = _run("import_services", {"INPUT": str(d / "france_services_sicoval_20240801.csv"),
                                  "OUTPUT": str(tmp_path / "fs.gpkg")})["OUTPUT"]
    med = _run("import_services", {"INPUT": str(d / "lieux_mediation_numerique_cnfs_sicoval_2022-07.json"),
                                   "OUTPUT": str(tmp_path / "med.gpkg")})["OUTPUT"]
    res = _run("diagnosis", {"COMMUNES": communes, "SERVICES": [fs, med], "OUTPUT": str(tmp_path / "d.gpkg")})
    meta, t = json.loads(res["METADATA"]), _table(res["OUTPUT"])
    assert meta["demand"]["source"] == "commune" and meta["demand"]["addresses"] == 0
    assert meta["demand"]["units"] == len(t) == 36 and meta["demand"]["weighting"] == "population"
    assert "network" not in meta["steps"] and "time_mean_min" not in t.columns
    # one point per commune: each commune is wholly within 5 km or wholly beyond
    assert set(t["share_within"].round(12)) <= {0.0, 1.0}
    # the point is inside the commune (shapely's representative point, in Lambert-93): its distance
    # to the nearest place, read from the files with csv/json, is the commune's distance
    geo = gpd.read_file(communes.split("|")[0]).set_index("code_insee").to_crs(2154)
    pts = geo.geometry.representative_point()
    fx, fy = _places(d / "france_services_sicoval_20240801.csv")
    mx, my = _places(d / "lieux_mediation_numerique_cnfs_sicoval_2022-07.json")
    dist, _ = _nearest(pts.x.to_numpy(), pts.y.to_numpy(), np.r_[fx, mx], np.r_[fy, my])
    by = dict(zip(geo.index, dist))
    for code, value, share in zip(t["code_insee"], t["dist_mean_m"], t["share_within"]):
        assert value == pytest.approx(by[code], rel=1e-9), code
        assert share == (1.0 if by[code] <= 5000 else 0.0), code
    pop = t.set_index("code_insee")["population"]
    expected = sum(pop[c] for c in by if by[c] <= 5000) / pop.sum()
    assert meta["territory"]["share_within_5km"] == pytest.approx(expected, rel=1e-9)


# -- Mont-Bonvillers (54084), its BAL against the national France Services ---------------------------
def test_bal_54084_against_the_national_france_services(shared_data, terridiag_provider, tmp_path):
    """The commune's 486 addresses; its boundary is not in the data (no 54 boundaries), so the
    commune polygon is the hull of its addresses, 100 m around — only its area depends on it."""
    from qgis.core import QgsFeature, QgsField, QgsGeometry, QgsVectorLayer
    from qgis.PyQt.QtCore import QVariant

    bal = shared_data / "samples/bal_54084_mont-bonvillers_csv-bal.csv"
    addresses = _run("import_addresses", {"INPUT": str(bal), "OUTPUT": str(tmp_path / "a.gpkg")})["OUTPUT"]
    fs = _run("import_services", {"INPUT": str(shared_data / "national/france_services_liste-fs-20240801.csv"),
                                  "OUTPUT": str(tmp_path / "fs.gpkg")})["OUTPUT"]
    communes = json.loads((shared_data / "national/decoupage-administratif-6.0.0_communes.json").read_text("utf-8"))
    population = next(c["population"] for c in communes if c["code"] == "54084" and c["type"] == "commune-actuelle")
    with open(bal, encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh, delimiter=";")]
    ax, ay = np.array([float(r["x"]) for r in rows]), np.array([float(r["y"]) for r in rows])
    from shapely.geometry import MultiPoint
    hull = MultiPoint(list(zip(ax, ay))).convex_hull.buffer(100)
    layer = QgsVectorLayer("MultiPolygon?crs=EPSG:2154", "communes", "memory")
    layer.dataProvider().addAttributes([QgsField("code_insee", QVariant.String), QgsField("population", QVariant.Double)])
    layer.updateFields()
    feat = QgsFeature(layer.fields())
    feat.setAttributes(["54084", float(population)])
    feat.setGeometry(QgsGeometry.fromWkt(hull.wkt))
    layer.dataProvider().addFeature(feat)
    res = _run("diagnosis", {"COMMUNES": layer, "ADDRESSES": addresses, "SERVICES": fs, "OUTPUT": "memory:"})
    meta, t = json.loads(res["METADATA"]), _table(res["OUTPUT"]).set_index("code_insee")
    assert meta["demand"]["source"] == "addresses" and meta["demand"]["addresses"] == len(rows) == 486
    assert meta["demand"]["population"] == pytest.approx(population)
    assert t.loc["54084", "demand_source"] == "addresses" and t.loc["54084", "n_addresses"] == 486
    # brute force from the files: BAL x/y (Lambert-93) against every France Services of France
    sx, sy = _places(shared_data / "national/france_services_liste-fs-20240801.csv")
    dist, _ = _nearest(ax, ay, sx, sy)
    assert t.loc["54084", "dist_mean_m"] == pytest.approx(dist.mean(), rel=1e-6)
    assert t.loc["54084", "dist_median_m"] == pytest.approx(np.median(dist), rel=1e-6)
    assert t.loc["54084", "dist_p90_m"] == pytest.approx(np.quantile(dist, 0.9), rel=1e-6)
    share = float((dist <= 5000).mean())
    assert t.loc["54084", "share_within"] == pytest.approx(share)
    assert meta["territory"]["share_within_5km"] == pytest.approx(share)
    assert meta["territory"]["address_share_within_5km"] == pytest.approx(share)
    assert t.loc["54084", "pop_within_5km"] == pytest.approx(share * population)


# -- only the indicators the data supports ----------------------------------------------------------
def test_belfort_connectivity_only_what_the_files_hold(shared_data, terridiag_provider, tmp_path):
    """No 5G indicator from the mobile sites of January 2018 (no 5G column); no FttH share from
    'Ma connexion internet' (speed classes only) — both absent with their reason — and the FttH share
    from the FttH observatory: premises connectable at T1 2018 / (dwellings + business premises),
    read here with the csv module."""
    d = shared_data / T90
    communes = _run("import_communes", {"INPUT": str(d / "communes_90_admin-express-2018_simplifie.geojson"),
                                        "POPULATION": str(d / "communes_90_cog_population_epci.csv"),
                                        "OUTPUT": str(tmp_path / "communes.gpkg")})["OUTPUT"]
    fs = _run("import_services", {"INPUT": str(d / "france_services_90_20240801.csv"),
                                  "OUTPUT": str(tmp_path / "fs.gpkg")})["OUTPUT"]
    debit = _run("import_connectivity", {"INPUT": str(d / "arcep_maconnexioninternet_commune_debit_90_2022-12-31.csv"),
                                         "OUTPUT": str(tmp_path / "debit.gpkg")})["OUTPUT"]
    ftth = _run("import_connectivity", {"INPUT": str(d / "arcep_observatoire_ftth_deploiement_90_2017T3-2018T1.csv"),
                                        "INFOS": str(d / "arcep_observatoire_ftth_infos_communes_90_2018T1.csv"),
                                        "OUTPUT": str(tmp_path / "ftth.gpkg")})["OUTPUT"]
    sites = _run("import_connectivity", {"INPUT": str(d / "sites_mobiles_2G_3G_4G_90_2018-01.csv"),
                                         "OUTPUT": str(tmp_path / "sites.gpkg")})["OUTPUT"]
    base = {"COMMUNES": communes, "SERVICES": fs, "MOBILE_SITES": sites, "FSCA": False}
    res = _run("diagnosis", dict(base, CONNECTIVITY=[debit], OUTPUT="memory:"))
    t, meta = _table(res["OUTPUT"]), json.loads(res["METADATA"])
    assert not [c for c in t.columns if "5g" in c or "ftth" in c], list(t.columns)
    assert "sites_4g_per_km2" in t.columns and "share_thd30" in t.columns
    absent = meta["steps"]["connectivity"]["absent"]
    assert "5G" in absent["5g"] and "Ma connexion internet" in absent["share_ftth"]
    assert meta["steps"]["connectivity"]["mobile_generations"] == ["2g", "3g", "4g"]

    res = _run("diagnosis", dict(base, CONNECTIVITY=[debit, ftth], OUTPUT="memory:"))
    t, meta = _table(res["OUTPUT"]).set_index("code_insee"), json.loads(res["METADATA"])
    assert meta["steps"]["connectivity"]["from"]["share_ftth"] == ["ftth"]
    assert meta["steps"]["connectivity"]["from"]["share_thd30"] == ["debit"]

    def number(text):
        text = text.replace(" ", "").replace("\xa0", "").strip()
        return 0.0 if text in ("", "-") else float(text)
    with open(d / "arcep_observatoire_ftth_deploiement_90_2017T3-2018T1.csv", encoding="utf-8") as fh:
        connectable = {r["Code commune"]: number(r["T1 2018"]) for r in csv.DictReader(fh)
                       if r["Champ"].startswith("Locaux Raccordables")}
    with open(d / "arcep_observatoire_ftth_infos_communes_90_2018T1.csv", encoding="utf-8") as fh:
        premises = {r["Code commune"]: number(r["Logements"]) + number(r["Établissements"]) for r in csv.DictReader(fh)}
    checked = 0
    for code in t.index:
        if code in connectable and premises.get(code):
            assert t.loc[code, "share_ftth"] == pytest.approx(connectable[code] / premises[code]), code
            checked += 1
    assert checked >= 95
    assert t.loc["90010", "share_ftth"] == pytest.approx(11266 / (27420 + 1433))
