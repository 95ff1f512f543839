"""Benchmark: per-commune crow-flies coverage, TerriDiag vs the QGIS chain a GIS officer uses
(native:joinbynearest then native:aggregate by commune), on the same GeoPackage.

    .venv/bin/python bench/bench_coverage.py [--points 1000000] [--services 2000] [--national]

Data: ``--points`` random points in 500 Gaussian clusters (one commune code per cluster) and
``--services`` random services over a 100 km square (Lambert-93), written once to
bench/output/ (git-ignored) as GeoPackages. TerriDiag reads the coordinates through GDAL's Arrow
interface (no per-feature Python objects), then runs ``coverage_by_commune``. The QGIS chain
runs in-process. Distances are compared to 1 m. ``--national`` also times 26 M synthetic
addresses over 35,000 communes in memory (the issue's national target: < 3 min, < 8 GB).
Run sparingly: the machine is shared.
"""
from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
OUT = HERE / "output"
sys.path.insert(0, str(HERE.parent / ".build" / "pkg"))
X0, Y0, SIDE = 900000.0, 6700000.0, 100000.0


def _link():
    pkg = HERE.parent / ".build" / "pkg"
    pkg.mkdir(parents=True, exist_ok=True)
    if not (pkg / "terridiag").exists():
        (pkg / "terridiag").symlink_to(HERE.parent, target_is_directory=True)


def make_points(n, n_clusters=500, seed=1):
    rng = np.random.default_rng(seed)
    cx = X0 + rng.uniform(0, SIDE, n_clusters)
    cy = Y0 + rng.uniform(0, SIDE, n_clusters)
    k = rng.integers(0, n_clusters, n)
    x = cx[k] + rng.normal(0, 1500, n)
    y = cy[k] + rng.normal(0, 1500, n)
    codes = np.array([f"{90000 + i:05d}" for i in range(n_clusters)])
    return x, y, codes[k]


def make_services(m, seed=2):
    rng = np.random.default_rng(seed)
    return X0 + rng.uniform(0, SIDE, m), Y0 + rng.uniform(0, SIDE, m)


def write_gpkg(path, x, y, fields):
    """Points to a GeoPackage with OGR in one transaction (fast, no shapely)."""
    from osgeo import ogr, osr
    if path.exists():
        return
    drv = ogr.GetDriverByName("GPKG")
    ds = drv.CreateDataSource(str(path))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(2154)
    lyr = ds.CreateLayer(path.stem, srs, ogr.wkbPoint)
    for name, values in fields.items():
        lyr.CreateField(ogr.FieldDefn(name, ogr.OFTString))
    defn = lyr.GetLayerDefn()
    lyr.StartTransaction()
    for i in range(len(x)):
        f = ogr.Feature(defn)
        for name, values in fields.items():
            f.SetField(name, str(values[i]))
        g = ogr.Geometry(ogr.wkbPoint)
        g.AddPoint_2D(float(x[i]), float(y[i]))
        f.SetGeometry(g)
        lyr.CreateFeature(f)
    lyr.CommitTransaction()
    ds = None


def read_points_arrow(path, fields=()):
    """x, y and attribute columns of a point GeoPackage through GDAL's Arrow/numpy interface."""
    from osgeo import gdal, ogr
    gdal.UseExceptions()
    ds = ogr.Open(str(path))
    lyr = ds.GetLayer(0)
    stream = lyr.GetArrowStreamAsNumPy(options=["USE_MASKED_ARRAYS=NO", "MAX_FEATURES_IN_BATCH=500000"])
    xs, ys, cols = [], [], {f: [] for f in fields}
    geom_name = lyr.GetGeometryColumn() or "geom"
    for batch in stream:
        wkb = batch[geom_name]
        # 2D point geometries have a fixed size: one join of the blobs (in C), then x/y are
        # the last 16 bytes of each (little-endian WKB)
        if wkb.dtype.kind == "V":      # GDAL gives fixed-size WKB as a numpy void array: no copy
            arr = wkb.view(np.uint8).reshape(len(wkb), -1)
        else:
            size = len(wkb[0]) if len(wkb) else 21
            arr = np.frombuffer(b"".join(wkb), dtype=np.uint8).reshape(-1, size)
        xy = np.ascontiguousarray(arr[:, -16:]).view("<f8").reshape(-1, 2)
        xs.append(xy[:, 0])
        ys.append(xy[:, 1])
        for f in fields:
            cols[f].append(batch[f])
    df = pd.DataFrame({f: np.concatenate(v).astype(str) for f, v in cols.items()})
    df["x"] = np.concatenate(xs)
    df["y"] = np.concatenate(ys)
    return df


def terridiag_run(addr_path, svc_path):
    from terridiag.plugin.core.indicators.coverage import coverage_by_commune
    t0 = time.perf_counter()
    addr = read_points_arrow(addr_path, ["code_insee"])
    addr["code_insee"] = addr["code_insee"].astype("category")
    svc = read_points_arrow(svc_path, [])
    t1 = time.perf_counter()
    table = coverage_by_commune(addr, svc, thresholds_km=(5,), weighting="none")
    t2 = time.perf_counter()
    return table, addr, svc, t1 - t0, t2 - t1


def qgis_run(addr_path, svc_path):
    from qgis.core import QgsApplication
    QgsApplication.setPrefixPath("/usr", True)
    app = QgsApplication([], False)
    app.initQgis()
    sys.path.append("/usr/share/qgis/python/plugins")
    import processing
    from processing.core.Processing import Processing
    Processing.initialize()
    from qgis.analysis import QgsNativeAlgorithms
    QgsApplication.processingRegistry().addProvider(QgsNativeAlgorithms())
    joined = OUT / "qgis_joined.gpkg"
    agg = OUT / "qgis_aggregate.gpkg"
    for p in (joined, agg):
        if p.exists():
            p.unlink()
    t0 = time.perf_counter()
    processing.run("native:joinbynearest", {"INPUT": str(addr_path), "INPUT_2": str(svc_path), "NEIGHBORS": 1,
                                            "FIELDS_TO_COPY": [], "OUTPUT": str(joined)})
    t1 = time.perf_counter()
    processing.run("native:aggregate", {
        "INPUT": str(joined), "GROUP_BY": '"code_insee"',
        "AGGREGATES": [
            {"aggregate": "first_value", "delimiter": ",", "input": '"code_insee"', "length": 0,
             "name": "code_insee", "precision": 0, "type": 10},
            {"aggregate": "count", "delimiter": ",", "input": '"distance"', "length": 0, "name": "n",
             "precision": 0, "type": 4},
            {"aggregate": "mean", "delimiter": ",", "input": '"distance"', "length": 0, "name": "dist_mean",
             "precision": 0, "type": 6},
            {"aggregate": "median", "delimiter": ",", "input": '"distance"', "length": 0, "name": "dist_median",
             "precision": 0, "type": 6},
            {"aggregate": "sum", "delimiter": ",", "input": 'if("distance" <= 5000, 1, 0)', "length": 0,
             "name": "n_within", "precision": 0, "type": 4}],
        "OUTPUT": str(agg)})
    t2 = time.perf_counter()
    # the same through TerriDiag's Processing algorithm (what a QGIS user runs)
    from terridiag.plugin.processing.provider import TerriDiagProvider
    provider = TerriDiagProvider()          # keep a reference: Python owns the provider
    QgsApplication.processingRegistry().addProvider(provider)
    t3 = time.perf_counter()
    res = processing.run("terridiag:coverage", {"ADDRESSES": str(addr_path), "SERVICES": str(svc_path),
                                                "DISTANCE_KM": 5, "MIN_COUNT": 0, "OUTPUT": "memory:"})
    t4 = time.perf_counter()
    print(f"terridiag:coverage through Processing: {t4 - t3:.2f} s ({res['OUTPUT'].featureCount()} communes)")
    return joined, agg, t1 - t0, t2 - t1


def read_qgis_distances(joined):
    from osgeo import ogr
    ds = ogr.Open(str(joined))
    lyr = ds.GetLayer(0)
    stream = lyr.GetArrowStreamAsNumPy(options=["USE_MASKED_ARRAYS=NO", "INCLUDE_FID=NO"])
    d, c = [], []
    for batch in stream:
        d.append(np.asarray(batch["distance"], float))
        c.append(np.asarray(batch["code_insee"]).astype(str))
    return np.concatenate(d), np.concatenate(c)


def national(n=26_000_000, n_communes=35_000, n_services=10_000):
    """26 M addresses in memory (categorical codes, as the BAN reader keeps them), per-commune
    coverage; reports time and peak RSS."""
    from terridiag.plugin.core.indicators.coverage import coverage_by_commune
    rng = np.random.default_rng(5)
    side = 1_000_000.0
    cx = 100000 + rng.uniform(0, side, n_communes)
    cy = 6_100_000 + rng.uniform(0, side, n_communes)
    k = rng.integers(0, n_communes, n).astype(np.int32)
    x = cx[k] + rng.normal(0, 1500, n)
    y = cy[k] + rng.normal(0, 1500, n)
    cats = pd.Index([f"{10000 + i:05d}" for i in range(n_communes)])
    code = pd.Categorical.from_codes(k, categories=cats)
    del k
    addr = pd.DataFrame({"code_insee": code, "x": x, "y": y})
    del x, y
    svc = pd.DataFrame({"x": 100000 + rng.uniform(0, side, n_services), "y": 6_100_000 + rng.uniform(0, side, n_services)})
    t0 = time.perf_counter()
    table = coverage_by_commune(addr, svc, thresholds_km=(5, 10))
    dt = time.perf_counter() - t0
    rss_gb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 ** 2
    return dt, rss_gb, len(table)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--points", type=int, default=1_000_000)
    ap.add_argument("--services", type=int, default=2_000)
    ap.add_argument("--national", action="store_true")
    ap.add_argument("--national-only", action="store_true")
    ap.add_argument("--national-n", type=int, default=26_000_000)
    args = ap.parse_args()
    _link()
    OUT.mkdir(exist_ok=True)
    if not args.national_only:
        addr_path = OUT / f"addresses_{args.points}.gpkg"
        svc_path = OUT / f"services_{args.services}.gpkg"
        t = time.perf_counter()
        x, y, codes = make_points(args.points)
        write_gpkg(addr_path, x, y, {"code_insee": codes})
        sx, sy = make_services(args.services)
        write_gpkg(svc_path, sx, sy, {})
        print(f"data ready in {time.perf_counter() - t:.1f} s: {addr_path.name}, {svc_path.name}")

        table, addr, svc, t_read, t_comp = terridiag_run(addr_path, svc_path)
        ours = t_read + t_comp
        print(f"TerriDiag: read {t_read:.2f} s + coverage {t_comp:.2f} s = {ours:.2f} s ({len(table)} communes)")
        joined, agg, t_join, t_agg = qgis_run(addr_path, svc_path)
        qgis = t_join + t_agg
        print(f"QGIS chain: joinbynearest {t_join:.2f} s + aggregate {t_agg:.2f} s = {qgis:.2f} s")
        print(f"ratio QGIS / TerriDiag = {qgis / ours:.1f}x (target >= 20x)")

        from terridiag.plugin.core.indicators.coverage import nearest_distance
        qd, qcode = read_qgis_distances(joined)
        # same points in the same order (GeoPackage fid order); recompute ours per point
        d, _ = nearest_distance(addr.x, addr.y, svc.x, svc.y)
        print(f"max |distance difference| = {np.abs(d - qd).max():.2e} m over {len(d)} points (must be < 1 m)")
        q = pd.DataFrame({"code_insee": qcode, "d": qd}).groupby("code_insee")["d"].mean()
        mine = table.set_index("code_insee")["dist_mean_m"].reindex(q.index)
        print(f"max |commune mean difference| = {np.abs(mine.to_numpy() - q.to_numpy()).max():.2e} m")
    if args.national or args.national_only:
        dt, rss, nc = national(args.national_n)
        print(f"national: {args.national_n / 1e6:.0f} M addresses, {nc} communes: {dt:.1f} s, "
              f"peak RSS {rss:.2f} GB (targets < 180 s, < 8 GB)")


if __name__ == "__main__":
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    main()
