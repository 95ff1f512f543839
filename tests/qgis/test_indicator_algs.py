"""Indicator algorithms through Processing: our distances equal native:joinbynearest's, and every
terridiag indicator algorithm runs once on small layers with checked values."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

pytestmark = pytest.mark.qgis

RNG_SEED = 42
# Belfort area, Lambert-93
X0, Y0 = 990000.0, 6720000.0


def _run(alg, params):
    import processing
    return processing.run(alg, params)


def _points_layer(df, fields, name="pts"):
    from qgis.core import QgsFeature, QgsField, QgsGeometry, QgsPointXY, QgsVectorLayer
    from qgis.PyQt.QtCore import QVariant
    layer = QgsVectorLayer("Point?crs=EPSG:2154", name, "memory")
    pr = layer.dataProvider()
    types = {str: QVariant.String, float: QVariant.Double, int: QVariant.Int, bool: QVariant.Bool}
    pr.addAttributes([QgsField(f, types[t]) for f, t in fields.items()])
    layer.updateFields()
    feats = []
    for row in df.itertuples(index=False):
        f = QgsFeature(layer.fields())
        f.setAttributes([getattr(row, k) if t is not bool else bool(getattr(row, k)) for k, t in fields.items()])
        f.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(row.x, row.y)))
        feats.append(f)
    pr.addFeatures(feats)
    return layer


def _polygon_layer(rows, fields, name="communes"):
    from qgis.core import QgsFeature, QgsField, QgsGeometry, QgsVectorLayer
    from qgis.PyQt.QtCore import QVariant
    layer = QgsVectorLayer("MultiPolygon?crs=EPSG:2154", name, "memory")
    pr = layer.dataProvider()
    types = {str: QVariant.String, float: QVariant.Double}
    pr.addAttributes([QgsField(f, types[t]) for f, t in fields.items()])
    layer.updateFields()
    feats = []
    for attrs, wkt in rows:
        f = QgsFeature(layer.fields())
        f.setAttributes(attrs)
        f.setGeometry(QgsGeometry.fromWkt(wkt))
        feats.append(f)
    pr.addFeatures(feats)
    return layer


def _box(x0, y0, x1, y1):
    return f"POLYGON(({x0} {y0},{x1} {y0},{x1} {y1},{x0} {y1},{x0} {y0}))"


def _table_layer(df, name="table"):
    from qgis.core import QgsFeature, QgsField, QgsVectorLayer
    from qgis.PyQt.QtCore import QVariant
    layer = QgsVectorLayer("None", name, "memory")
    pr = layer.dataProvider()
    pr.addAttributes([QgsField(c, QVariant.String if df[c].dtype == object else QVariant.Double)
                      for c in df.columns])
    layer.updateFields()
    feats = []
    for row in df.itertuples(index=False):
        f = QgsFeature(layer.fields())
        f.setAttributes([v if isinstance(v, str) else float(v) for v in row])
        feats.append(f)
    pr.addFeatures(feats)
    return layer


def _territory():
    """Three 10 km communes side by side; 300 addresses in 90001-90002, 5 in 90003; 3 services."""
    rng = np.random.default_rng(RNG_SEED)
    n = 605
    code = np.array(["90001"] * 300 + ["90002"] * 300 + ["90003"] * 5)
    off = {"90001": 0.0, "90002": 10000.0, "90003": 20000.0}
    x = np.array([X0 + off[c] for c in code]) + rng.uniform(0, 10000, n)
    y = Y0 + rng.uniform(0, 10000, n)
    addr = pd.DataFrame({"code_insee": code, "x": x, "y": y})
    svc = pd.DataFrame({"category": ["france_services", "mediation", "library"],
                        "x": [X0 + 2000.0, X0 + 9000.0, X0 + 15000.0], "y": [Y0 + 5000.0, Y0 + 1000.0, Y0 + 8000.0],
                        "capacity": [1.0, 2.0, 1.0]})
    communes = [(["90001", "Un", 1500.0], _box(X0, Y0, X0 + 10000, Y0 + 10000)),
                (["90002", "Deux", 800.0], _box(X0 + 10000, Y0, X0 + 20000, Y0 + 10000)),
                (["90003", "Trois", 60.0], _box(X0 + 20000, Y0, X0 + 30000, Y0 + 10000))]
    return addr, svc, communes


def _layers():
    addr, svc, communes = _territory()
    al = _points_layer(addr, {"code_insee": str}, "addresses")
    sl = _points_layer(svc, {"category": str, "capacity": float}, "services")
    cl = _polygon_layer(communes, {"code_insee": str, "nom": str, "population": float})
    return addr, svc, al, sl, cl


def _features(layer):
    names = [f.name() for f in layer.fields()]

    def py(v):  # QVariant NULL -> None
        return None if v is None or (hasattr(v, "isNull") and v.isNull()) else v
    return pd.DataFrame([dict(zip(names, map(py, f.attributes()))) for f in layer.getFeatures()])


def _is_null(layer, code, field):
    """The attribute is a real NULL in the QGIS layer (not a NaN double, not 0)."""
    for f in layer.getFeatures():
        if f["code_insee"] == code:
            v = f[field]
            return v is None or (hasattr(v, "isNull") and v.isNull())
    raise KeyError(code)


def test_distances_equal_native_joinbynearest(terridiag_provider):
    from terridiag.plugin.core.indicators.coverage import nearest_distance
    addr, svc, al, sl, _ = _layers()
    res = _run("native:joinbynearest", {"INPUT": al, "INPUT_2": sl, "FIELDS_TO_COPY": ["category"],
                                        "NEIGHBORS": 1, "OUTPUT": "memory:"})
    q = res["OUTPUT"]
    qx = np.array([f.geometry().asPoint().x() for f in q.getFeatures()])
    qy = np.array([f.geometry().asPoint().y() for f in q.getFeatures()])
    qd = np.array([f["distance"] for f in q.getFeatures()], float)
    ours, idx = nearest_distance(qx, qy, svc.x, svc.y)
    assert len(qd) == len(addr)
    np.testing.assert_allclose(ours, qd, atol=1.0)            # the issue asks for 1 m; it is exact
    assert np.abs(ours - qd).max() < 1e-6
    qcat = np.array([f["category"] for f in q.getFeatures()])
    assert (svc.category.to_numpy()[idx] == qcat).all()


def test_coverage_algorithm_matches_qgis_chain(terridiag_provider):
    addr, svc, al, sl, cl = _layers()
    q = _run("native:joinbynearest", {"INPUT": al, "INPUT_2": sl, "NEIGHBORS": 1, "OUTPUT": "memory:"})["OUTPUT"]
    qdf = _features(q)
    expected = qdf.groupby("code_insee")["distance"].agg(["count", "mean", "median"])
    res = _run("terridiag:coverage", {"ADDRESSES": al, "SERVICES": sl, "COMMUNES": cl, "DISTANCE_KM": 5,
                                      "OUTPUT": "memory:"})
    out = _features(res["OUTPUT"]).set_index("code_insee")
    assert res["OUTPUT"].geometryType() == 2                     # polygons
    for code in ("90001", "90002"):
        assert out.loc[code, "n_addresses"] == expected.loc[code, "count"]
        assert out.loc[code, "dist_mean_m"] == pytest.approx(expected.loc[code, "mean"], abs=1.0)
        assert out.loc[code, "dist_median_m"] == pytest.approx(expected.loc[code, "median"], abs=1.0)
        share = (qdf[qdf.code_insee == code].distance <= 5000).mean()
        assert out.loc[code, "share_within"] == pytest.approx(share)
        assert 0 < out.loc[code, "dist_p90_m"] and out.loc[code, "masked"] in (False, 0)
    # 90003 has 5 addresses < 11: masked, flagged, never shown
    assert out.loc["90003", "masked"] and _is_null(res["OUTPUT"], "90003", "dist_mean_m")
    assert out.loc["90003", "mask_reason"] == "fewer than 11 addresses"
    # without communes: a table grouped by code_insee, category filter
    res = _run("terridiag:coverage", {"ADDRESSES": al, "SERVICES": sl, "DISTANCE_KM": 3, "CATEGORY": "library",
                                      "MIN_COUNT": 0, "OUTPUT": "memory:"})
    t = _features(res["OUTPUT"]).set_index("code_insee")
    a = addr[addr.code_insee == "90003"]
    d = np.hypot(a.x - (X0 + 15000), a.y - (Y0 + 8000))
    assert t.loc["90003", "dist_mean_m"] == pytest.approx(d.mean(), abs=1e-3)



def test_coverage_algorithm_on_dask_equals_in_process(terridiag_provider):
    pytest.importorskip("distributed", reason="dask.distributed not installed (python3-distributed)")
    addr, svc, al, sl, cl = _layers()
    base = {"ADDRESSES": al, "SERVICES": sl, "COMMUNES": cl, "DISTANCE_KM": 2, "MIN_COUNT": 0, "OUTPUT": "memory:"}
    a = _features(_run("terridiag:coverage", base)["OUTPUT"]).set_index("code_insee").sort_index()
    b = _features(_run("terridiag:coverage", {**base, "ENGINE": 1, "WORKERS": 1})["OUTPUT"])
    b = b.set_index("code_insee").sort_index()
    num = [c for c in a.columns if c.startswith(("dist_", "share_", "n_", "pop"))]
    assert num and len(a) == len(b) == 3
    pd.testing.assert_frame_equal(a[num], b[num], check_exact=False, rtol=1e-12)


def _tiny_osm(path):
    """A 3 km residential street along y = Y0 + 5000 (Lambert-93) written as OSM XML in WGS84."""
    from pyproj import Transformer
    tr = Transformer.from_crs(2154, 4326, always_xy=True)
    xs = X0 + np.arange(0, 20001, 1000.0)
    lon, lat = tr.transform(xs, np.full(len(xs), Y0 + 5000.0))
    nodes = "".join(f'<node id="{i + 1}" version="1" lat="{la:.8f}" lon="{lo:.8f}"/>'
                    for i, (lo, la) in enumerate(zip(lon, lat)))
    refs = "".join(f'<nd ref="{i + 1}"/>' for i in range(len(xs)))
    path.write_text(f'<?xml version="1.0" encoding="UTF-8"?><osm version="0.6" generator="test">{nodes}'
                    f'<way id="100" version="1">{refs}<tag k="highway" v="residential"/>'
                    f'<tag k="maxspeed" v="30"/></way></osm>', encoding="utf-8")


def test_network_coverage_algorithm(terridiag_provider, tmp_path):
    addr, svc, al, sl, cl = _layers()
    osm = tmp_path / "road.osm"
    _tiny_osm(osm)
    res = _run("terridiag:network_coverage", {"ADDRESSES": al, "SERVICES": sl, "ROADS": str(osm), "COMMUNES": cl,
                                              "MODE": 1, "BANDS": "30,90", "OUTPUT": "memory:",
                                              "OUTPUT_AREAS": "memory:"})
    out = _features(res["OUTPUT"]).set_index("code_insee")
    assert {"time_mean_min", "time_median_min", "time_p90_min", "share_within_30min", "share_within_90min",
            "n_outside_graph", "network_known_share"} <= set(out.columns)
    # oracle by hand: one straight 20 km street along y = Y0 + 5000; only the France Services place
    # (on the street) is within 1 km of it. An address within 1 km of the street whose nearest place
    # as the crow flies is that one walks to the street, then along it: (|dy| + |dx|) / 1.25 m/s.
    # Everything else has no time (farther than 1 km from the street, or nearest place off it).
    dy = np.abs(addr.y - (Y0 + 5000.0))
    on = (dy <= 1000.0) & (addr.x <= X0 + 20000.0)
    crow = np.hypot(addr.x.to_numpy()[:, None] - svc.x.to_numpy()[None], addr.y.to_numpy()[:, None] - svc.y.to_numpy()[None])
    known = on & (crow.argmin(axis=1) == 0)
    minutes = (dy + np.abs(addr.x - (X0 + 2000.0))) / 1.25 / 60
    assert out.loc["90003", "masked"]           # 5 addresses: below the confidentiality threshold
    for code in ("90001", "90002"):
        mine = (addr.code_insee == code).to_numpy()
        sel = mine & known.to_numpy()
        assert out.loc[code, "n_outside_graph"] == int((mine & ~on.to_numpy()).sum())
        assert out.loc[code, "network_known_share"] == pytest.approx(sel.sum() / mine.sum())
        if not sel.any():      # 90002: the library or the mediation place is nearer, off the street
            assert _is_null(res["OUTPUT"], code, "time_mean_min")
            assert _is_null(res["OUTPUT"], code, "share_within_30min")
            continue
        # snapping onto points 25 m apart along the street: within 10 s per address
        assert out.loc[code, "time_mean_min"] == pytest.approx(minutes[sel].mean(), abs=10 / 60)
        assert out.loc[code, "share_within_30min"] == pytest.approx((minutes[sel] <= 30).mean(), abs=0.02)
    assert known[(addr.code_insee == "90001").to_numpy()].sum() > 20
    areas = _features(res["OUTPUT_AREAS"])
    assert list(areas["band"]) == [0, 1] and list(areas["label"]) == ["0-30 min", "30-90 min"]
    # the old behaviour on demand: every point snapped whatever its distance (MAX_SNAP_M large)
    res = _run("terridiag:network_coverage", {"ADDRESSES": al, "SERVICES": sl, "ROADS": str(osm), "COMMUNES": cl,
                                              "MODE": 1, "BANDS": "30,90", "MAX_SNAP_M": 100000, "OUTPUT": "memory:"})
    far = _features(res["OUTPUT"]).set_index("code_insee")
    assert far.loc["90001", "network_known_share"] == 1.0 and far.loc["90001", "time_mean_min"] > 20


def test_network_coverage_algorithm_on_dask_equals_in_process(terridiag_provider, tmp_path):
    pytest.importorskip("distributed", reason="dask.distributed not installed (python3-distributed)")
    addr, svc, al, sl, cl = _layers()
    osm = tmp_path / "road.osm"
    _tiny_osm(osm)
    base = {"ADDRESSES": al, "SERVICES": sl, "ROADS": str(osm), "COMMUNES": cl, "MODE": 1, "BANDS": "30,90",
            "MIN_COUNT": 0, "OUTPUT": "memory:"}
    a = _features(_run("terridiag:network_coverage", base)["OUTPUT"]).set_index("code_insee").sort_index()
    b = _features(_run("terridiag:network_coverage", {**base, "ENGINE": 1, "WORKERS": 1})["OUTPUT"])
    b = b.set_index("code_insee").sort_index()
    num = [c for c in a.columns if c.startswith(("time_", "share_", "n_", "network_"))]
    assert len(num) >= 7 and len(a) == len(b) == 3 and a["time_mean_min"].notna().any()
    pd.testing.assert_frame_equal(a[num], b[num], check_exact=False, rtol=1e-12)


def test_accessibility_2sfca_algorithm(terridiag_provider):
    from terridiag.plugin.core.indicators.fsca import fsca_points
    addr, svc, al, sl, cl = _layers()
    res = _run("terridiag:accessibility_2sfca", {"DEMAND": al, "SERVICES": sl, "CAPACITY_FIELD": "capacity",
                                                 "COMMUNES": cl, "METHOD": 0, "MAX_DISTANCE_KM": 8,
                                                 "OUTPUT": "memory:", "OUTPUT_COMMUNES": "memory:"})
    pts = _features(res["OUTPUT"])
    cnt = addr.code_insee.value_counts()
    popmap = {"90001": 1500.0, "90002": 800.0, "90003": 60.0}
    pop = addr.code_insee.map(lambda c: popmap[c] / cnt[c]).to_numpy()
    a, _ = fsca_points(addr.x, addr.y, pop, svc.x, svc.y, svc.capacity, max_cost=8000)
    np.testing.assert_allclose(np.sort(pts["fsca"].to_numpy(float)), np.sort(a), rtol=1e-9)
    com = _features(res["OUTPUT_COMMUNES"]).set_index("code_insee")
    assert com.loc["90001", "fsca"] > 0


def test_connectivity_algorithm(terridiag_provider):
    _, _, _, _, cl = _layers()
    conn = pd.DataFrame({"code_insee": ["90001", "90002", "90003"], "premises": [600.0, 300.0, 40.0],
                         "elig_thd30": [600.0, 150.0, 0.0], "elig_thd100": [500.0, 90.0, 0.0],
                         "elig_thd1g": [400.0, 30.0, 0.0], "elig_bhd8": [600.0, 240.0, 10.0],
                         "elig_ftth": [400.0, 30.0, 0.0]})
    sites = pd.DataFrame({"x": [X0 + 100, X0 + 200, X0 + 15000], "y": [Y0 + 100, Y0 + 200, Y0 + 100],
                          "has_2g": [True, True, False], "has_4g": [True, False, True]})
    res = _run("terridiag:connectivity", {"CONNECTIVITY": _table_layer(conn), "COMMUNES": cl,
                                          "MOBILE_SITES": _points_layer(sites, {"has_2g": bool, "has_4g": bool}),
                                          "OUTPUT": "memory:"})
    out = _features(res["OUTPUT"]).set_index("code_insee")
    assert out.loc["90002", "share_thd30"] == pytest.approx(0.5)
    assert out.loc["90002", "share_no_bhd"] == pytest.approx(0.2)      # (300 - 240) / 300
    # 90001: 10 km x 10 km = 100 km², two 2G sites -> 0.02 per km², 2 / 1500 * 1000 per 1,000 inh.
    assert out.loc["90001", "sites_2g_per_km2"] == pytest.approx(0.02)
    assert out.loc["90001", "sites_2g_per_1000"] == pytest.approx(2 / 1.5)
    assert out.loc["90002", "n_sites_4g"] == 1


def _fragility_table():
    from terridiag.plugin.core.schema import MEDNUM_VARIABLES
    rng = np.random.default_rng(3)
    df = pd.DataFrame({v: rng.uniform(0.1, 0.5, 3) for v in MEDNUM_VARIABLES})
    df["median_income"] = [20000.0, 18000.0, 24000.0]
    df["thd_non_coverage"] = [0.1, 0.4, 0.2]
    df["mobile_4g_non_coverage"] = [0.05, 0.3, 0.1]
    df.insert(0, "code_insee", ["90001", "90002", "90003"])
    return df


def test_fragility_index_algorithm(terridiag_provider, tmp_path):
    from terridiag.plugin.core.indicators.fragility import mednum2019
    df = _fragility_table()
    ref = tmp_path / "ref.csv"
    ref.write_text("variable,value\npoverty_rate,0.2\n", encoding="utf-8")
    res = _run("terridiag:fragility_index", {"INPUT": _table_layer(df), "METHOD": 0, "REFERENCE": str(ref),
                                             "OUTPUT": "memory:"})
    out = _features(res["OUTPUT"]).set_index("code_insee")
    exp, _ = mednum2019(df, references={"poverty_rate": 0.2})
    exp = exp.set_index("code_insee")
    for f in ("ifn_interfaces", "ifn_information", "ifn_access", "ifn_admin", "ifn_digital", "ifn_skills",
              "ifn_global"):
        np.testing.assert_allclose(out[f].astype(float), exp[f], rtol=1e-12)
    assert list(out["ifn_global_class"]) == list(exp["ifn_global_class"])
    assert "median_income" in out.columns                              # input fields kept
    assert json.loads(res["METADATA"])["references"]["poverty_rate"] == 0.2
    res = _run("terridiag:fragility_index", {"INPUT": _table_layer(df), "METHOD": 1,
                                             "WEIGHTS": "poverty_rate:2", "OUTPUT": "memory:"})
    assert _features(res["OUTPUT"])["ifn5_score"].between(1, 10).all()
    # a reference territory of ten units 0.1 … 1.0: deciles 0.19, 0.28 … 0.91
    from terridiag.plugin.core.schema import IFN_VARIABLES
    ref_units = pd.DataFrame({v: np.arange(1, 11) / 10 for v in IFN_VARIABLES})
    ref_units.insert(0, "code_insee", [f"r{k}" for k in range(10)])
    res = _run("terridiag:fragility_index", {"INPUT": _table_layer(df), "METHOD": 1,
                                             "REFERENCE_UNITS": _table_layer(ref_units), "OUTPUT": "memory:"})
    o = _features(res["OUTPUT"]).set_index("code_insee")
    # thd_non_coverage 0.1 / 0.4 / 0.2 -> 0 / 3 / 1 deciles below -> scores 1, 4, 2
    assert list(o["ifn5_thd_non_coverage"].astype(float)) == [1, 4, 2]
    res = _run("terridiag:fragility_index", {"INPUT": _table_layer(df), "METHOD": 2,
                                             "INDICATORS": "poverty_rate:higher_is_worse:1,median_income:higher_is_better:1",
                                             "OUTPUT": "memory:"})
    s = _features(res["OUTPUT"]).set_index("code_insee")["composite_score"].astype(float)
    assert s.max() <= 100 and s.min() >= 0


def test_typology_algorithm(terridiag_provider):
    t = pd.DataFrame({"code_insee": ["a", "b", "c"], "share_within": [0.5, 0.95, 0.5],
                      "ifn_global": [120.0, 120.0, 80.0]})
    res = _run("terridiag:typology", {"INPUT": _table_layer(t), "ACCESS_FIELD": "share_within",
                                      "FRAGILITY_FIELD": "ifn_global", "OUTPUT": "memory:"})
    out = _features(res["OUTPUT"])
    assert list(out["typology"]) == ["priority", "fragile", "far"]


def test_access_surface_algorithm(terridiag_provider, tmp_path):
    import rasterio
    _, _, _, sl, cl = _layers()
    path = tmp_path / "surface.tif"
    _run("terridiag:access_surface", {"SERVICES": sl, "COMMUNES": cl, "CELL_SIZE": 1000, "OUTPUT": str(path)})
    with rasterio.open(path) as r:
        a = r.read(1)
        assert a.shape == (10, 30)
        # the cell whose centre is (X0 + 2500, Y0 + 5500) is 707 m from the France services at (X0+2000, Y0+5000)
        assert a[4, 2] == pytest.approx(np.hypot(500, 500), rel=1e-5)


def test_diagnosis_algorithm(terridiag_provider):
    addr, svc, al, sl, cl = _layers()
    conn = pd.DataFrame({"code_insee": ["90001", "90002", "90003"], "premises": [600.0, 300.0, 40.0],
                         "elig_thd30": [600.0, 150.0, 0.0], "elig_thd100": [500.0, 90.0, 0.0],
                         "elig_thd1g": [400.0, 30.0, 0.0], "elig_bhd8": [600.0, 240.0, 10.0]})
    sites = pd.DataFrame({"x": [X0 + 100, X0 + 200], "y": [Y0 + 100, Y0 + 200], "has_4g": [True, False]})
    res = _run("terridiag:diagnosis", {"COMMUNES": cl, "ADDRESSES": al, "SERVICES": sl,
                                       "CONNECTIVITY": _table_layer(conn), "VARIABLES": _table_layer(_fragility_table()),
                                       "MOBILE_SITES": _points_layer(sites, {"has_4g": bool}), "OUTPUT": "memory:"})
    out = _features(res["OUTPUT"]).set_index("code_insee")
    meta = json.loads(res["METADATA"])
    assert res["OUTPUT"].featureCount() == 3
    for f in ("n_addresses", "dist_mean_m", "share_within", "share_thd30", "fsca", "ifn_global", "typology",
              "masked"):
        assert f in out.columns, f
    assert out.loc["90003", "masked"] and _is_null(res["OUTPUT"], "90003", "dist_mean_m")
    assert not _is_null(res["OUTPUT"], "90003", "share_thd30")
    assert out.loc["90002", "share_thd30"] == pytest.approx(0.5)
    assert out.loc["90001", "sites_4g_per_km2"] == pytest.approx(0.01)      # one 4G site on 100 km²
    assert meta["parameters"]["fragility_method"] == "mednum2019" and meta["synthetic"] is False
    assert any(f["id"] == "ifn_global" and f["label_fr"] for f in meta["fields"])


def test_coverage_fast_read_of_a_geopackage_gives_the_same_table(terridiag_provider, tmp_path):
    """A GeoPackage layer is read through GDAL's Arrow interface; same result as the feature iterator."""
    from osgeo import ogr, osr
    addr, svc, al, sl, cl = _layers()
    path = tmp_path / "addresses.gpkg"
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(str(path))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(2154)
    lyr = ds.CreateLayer("addresses", srs, ogr.wkbPoint)
    lyr.CreateField(ogr.FieldDefn("code_insee", ogr.OFTString))
    for row in addr.itertuples():
        f = ogr.Feature(lyr.GetLayerDefn())
        f.SetField("code_insee", row.code_insee)
        g = ogr.Geometry(ogr.wkbPoint)
        g.AddPoint_2D(row.x, row.y)
        f.SetGeometry(g)
        lyr.CreateFeature(f)
    ds = None
    from qgis.core import QgsVectorLayer
    gl = QgsVectorLayer(str(path), "addresses", "ogr")
    assert gl.isValid() and gl.featureCount() == len(addr)
    from terridiag.plugin.processing.algorithms.indicators import CoverageAlgorithm
    alg = CoverageAlgorithm()
    alg.initAlgorithm()
    from qgis.core import QgsProcessingContext
    ctx = QgsProcessingContext()
    fast = __import__("terridiag.plugin.processing.algorithms.indicators",
                      fromlist=["_fast_points"])._fast_points(alg, {"ADDRESSES": gl}, "ADDRESSES", ctx, 2154,
                                                              ["code_insee"])
    assert fast is not None and len(fast) == len(addr)                 # the fast path was taken
    np.testing.assert_array_equal(fast["x"].to_numpy(), addr["x"].to_numpy())
    assert list(fast["code_insee"].astype(str)) == list(addr["code_insee"])
    a = _features(_run("terridiag:coverage", {"ADDRESSES": gl, "SERVICES": sl, "COMMUNES": cl,
                                              "OUTPUT": "memory:"})["OUTPUT"]).set_index("code_insee")
    b = _features(_run("terridiag:coverage", {"ADDRESSES": al, "SERVICES": sl, "COMMUNES": cl,
                                              "OUTPUT": "memory:"})["OUTPUT"]).set_index("code_insee")
    pd.testing.assert_frame_equal(a.sort_index(), b.sort_index())


def test_accessibility_2sfca_by_driving_time(terridiag_provider, tmp_path):
    from terridiag.plugin.core.indicators.fsca import two_step_fca
    from terridiag.plugin.core.indicators.network import network_pairs
    from terridiag.plugin.core.sources.roads import read_osm_roads
    addr, svc, al, sl, _ = _layers()
    osm = tmp_path / "road.osm"
    _tiny_osm(osm)
    res = _run("terridiag:accessibility_2sfca", {"DEMAND": al, "SERVICES": sl, "METHOD": 0, "ROADS": str(osm),
                                                 "MAX_TIME_MIN": 120, "OUTPUT": "memory:"})
    pts = _features(res["OUTPUT"])
    g, _ = read_osm_roads(osm, epsg=2154)
    i, j, c = network_pairs(g, addr.x, addr.y, svc.x, svc.y, 7200.0)
    a, _ = two_step_fca(np.ones(len(addr)), np.ones(len(svc)), i, j, c / 60.0, max_cost=120)
    # only addresses within 1 km of the only road (y = Y0 + 5000, up to X0 + 20 km) have a value:
    # the others would walk up to 67 min to it, which is no driving time
    near = ((np.abs(addr.y - (Y0 + 5000.0)) <= 1000.0) & (addr.x <= X0 + 20000.0)).to_numpy()
    got = pts["fsca"].to_numpy(float)
    assert np.isnan(got[~near]).all() and np.isfinite(got[near]).all() and (got[near] > 0).sum() > 50
    np.testing.assert_allclose(np.sort(got[near]), np.sort(a[near]), rtol=1e-9)


def test_diagnosis_flags_synthetic_inputs(terridiag_provider, tmp_path):
    """A provenance.json saying synthetic next to an input file marks the whole diagnosis synthetic."""
    _, _, al, sl, cl = _layers()
    csv = tmp_path / "fragilite.csv"
    _fragility_table().to_csv(csv, index=False)
    (tmp_path / "provenance.json").write_text('{"synthetic": true, "title": "demo territory"}', encoding="utf-8")
    res = _run("terridiag:diagnosis", {"COMMUNES": cl, "ADDRESSES": al, "SERVICES": sl, "VARIABLES": str(csv),
                                       "DISTANCES_KM": "2, 10", "FRAGILITY_METHOD": 2,
                                       "WEIGHTS": "poverty_rate:3", "OUTPUT": "memory:"})
    meta = json.loads(res["METADATA"])
    assert meta["synthetic"] is True and meta["sources"][0]["source"] == "demo territory"
    out = _features(res["OUTPUT"]).set_index("code_insee")
    # the CSV read by OGR gives text; the variables are used as numbers
    assert out["ifn5_score"].notna().all() and meta["steps"]["fragility"]["weights"]["poverty_rate"] == 3
    assert meta["parameters"]["thresholds_km"] == [5.0, 2.0, 10.0]
    assert {"share_within_2km", "share_within_10km", "share_within_5km"} <= set(out.columns)


def test_metric_crs_from_codes_and_clear_errors(terridiag_provider, tmp_path):
    from qgis.core import QgsProcessingContext, QgsProcessingException, QgsVectorLayer
    from terridiag.plugin.processing.algorithms.indicators import CoverageAlgorithm, _epsg
    # WGS84 points of Réunion: the legal CRS (EPSG:2975) is chosen from the code 97411
    layer = QgsVectorLayer("Point?crs=EPSG:4326&field=code_insee:string", "reunion", "memory")
    from qgis.core import QgsFeature, QgsGeometry, QgsPointXY
    f = QgsFeature(layer.fields())
    f.setAttributes(["97411"])
    f.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(55.45, -20.88)))
    layer.dataProvider().addFeatures([f])
    alg = CoverageAlgorithm()
    alg.initAlgorithm()
    ctx = QgsProcessingContext()
    src = alg.parameterAsSource({"ADDRESSES": layer}, "ADDRESSES", ctx)
    assert _epsg(alg, {"ADDRESSES": layer}, ctx, src) == 2975
    # addresses without code_insee: the message names the field and what to do
    _, svc, _, sl, _ = _layers()
    bad = _points_layer(svc, {"category": str}, "no_code")
    with pytest.raises(QgsProcessingException, match="code_insee"):
        _run("terridiag:coverage", {"ADDRESSES": bad, "SERVICES": sl, "OUTPUT": "memory:"})
    # a reference file with a bad number: file, line and value in the message
    ref = tmp_path / "ref.csv"
    ref.write_text("variable,value\npoverty_rate,abc\n", encoding="utf-8")
    with pytest.raises(QgsProcessingException, match=r"ref\.csv, line 2.*abc"):
        _run("terridiag:fragility_index", {"INPUT": _table_layer(_fragility_table()), "METHOD": 0,
                                           "REFERENCE": str(ref), "OUTPUT": "memory:"})
    with pytest.raises(QgsProcessingException, match="BANDS"):
        _, _, al, sl, _ = _layers()
        osm = tmp_path / "r.osm"
        _tiny_osm(osm)
        _run("terridiag:network_coverage", {"ADDRESSES": al, "SERVICES": sl, "ROADS": str(osm), "BANDS": "a,b",
                                            "OUTPUT": "memory:"})


def test_coverage_warns_about_points_outside_the_communes(terridiag_provider):
    import processing
    from qgis.core import QgsProcessingFeedback

    class Capture(QgsProcessingFeedback):
        def __init__(self):
            super().__init__()
            self.errors = []

        def reportError(self, error, fatalError=False):  # noqa: N802, N803
            self.errors.append(error)

    addr, svc, _, sl, cl = _layers()
    addr.loc[:11, "code_insee"] = "99999"                      # 12 points of an unknown commune
    al = _points_layer(addr, {"code_insee": str}, "addresses")
    fb = Capture()
    res = processing.run("terridiag:coverage", {"ADDRESSES": al, "SERVICES": sl, "COMMUNES": cl,
                                                "OUTPUT": "memory:"}, feedback=fb)
    assert res["OUTPUT"].featureCount() == 3
    assert any("99999" in e and "12 points" in e for e in fb.errors), fb.errors


def test_diagnosis_carries_the_provenance_of_imported_layers(terridiag_provider, shared_data, tmp_path):
    """Layers written by the imports carry their sources; the diagnosis lists them and records them."""
    from terridiag.plugin.core import layer_provenance
    d = shared_data / "territoire_90"
    fs = _run("terridiag:import_services", {"INPUT": str(d / "france_services_90_20240801.csv"),
                                             "OUTPUT": str(tmp_path / "fs.gpkg")})["OUTPUT"]
    conn = _run("terridiag:import_connectivity", {
        "INPUT": str(d / "arcep_maconnexioninternet_commune_debit_90_2022-12-31.csv"),
        "OUTPUT": str(tmp_path / "conn.gpkg")})["OUTPUT"]
    com = _run("terridiag:import_communes", {"INPUT": str(d / "communes_90_admin-express-2018_simplifie.geojson"),
                                             "OUTPUT": str(tmp_path / "communes.gpkg")})["OUTPUT"]
    out = tmp_path / "diag.gpkg"
    res = _run("terridiag:diagnosis", {"COMMUNES": com, "SERVICES": fs, "CONNECTIVITY": conn, "OUTPUT": str(out)})
    meta = json.loads(res["METADATA"])
    vintages = {s["vintage"] for s in meta["sources"]}
    assert any(v.startswith("2024") for v in vintages) and any(v.startswith("2022") for v in vintages)
    assert meta["synthetic"] is False
    assert layer_provenance.read(str(out)) == meta["sources"]
    from qgis.core import QgsVectorLayer
    layer = res["OUTPUT"] if not isinstance(res["OUTPUT"], str) else QgsVectorLayer(res["OUTPUT"], "d", "ogr")
    t = _features(layer).set_index("code_insee")
    # 101 communes, no address loaded: every commune uses a point inside it; Belfort (90010) hosts a France services
    assert len(t) >= 101 and (t["demand_source"] == "commune").all()
    assert t.loc["90010", "share_thd30"] > 0.5


def test_several_service_layers_are_one_parameter(terridiag_provider):
    """SERVICES takes several layers: the same result as the places in one layer, the places used
    come back in OUTPUT_SERVICES with the layer each came from, and SERVICE_CATEGORIES keeps kinds."""
    addr, svc, al, sl, cl = _layers()
    fs = _points_layer(svc.iloc[[0]], {"category": str, "capacity": float}, "fs")
    other = _points_layer(svc.iloc[[1, 2]], {"category": str, "capacity": float}, "others")
    one = _run("terridiag:diagnosis", {"COMMUNES": cl, "ADDRESSES": al, "SERVICES": sl, "OUTPUT": "memory:"})
    two = _run("terridiag:diagnosis", {"COMMUNES": cl, "ADDRESSES": al, "SERVICES": [fs, other],
                                       "OUTPUT": "memory:", "OUTPUT_SERVICES": "memory:"})
    a = _features(one["OUTPUT"]).set_index("code_insee").sort_index()
    b = _features(two["OUTPUT"]).set_index("code_insee").sort_index()
    for f in ("dist_mean_m", "share_within", "dist_library_m", "fsca"):
        np.testing.assert_allclose(a[f].to_numpy(float), b[f].to_numpy(float), rtol=1e-12)
    used = _features(two["OUTPUT_SERVICES"])
    assert sorted(used["input_layer"]) == ["fs", "others", "others"]
    kept = _run("terridiag:diagnosis", {"COMMUNES": cl, "ADDRESSES": al, "SERVICES": [fs, other],
                                        "SERVICE_CATEGORIES": "france_services,library",
                                        "OUTPUT": "memory:", "OUTPUT_SERVICES": "memory:"})
    assert sorted(_features(kept["OUTPUT_SERVICES"])["category"]) == ["france_services", "library"]
    k = _features(kept["OUTPUT"]).set_index("code_insee")
    assert "dist_mediation_m" not in k.columns and "dist_library_m" in k.columns
    # the headline indicators measure France Services only now (mediation left out): by hand
    d = np.hypot(addr.x - svc.x[0], addr.y - svc.y[0])
    mean1 = d[addr.code_insee == "90001"].mean()
    assert k.loc["90001", "dist_mean_m"] == pytest.approx(mean1, rel=1e-9)
