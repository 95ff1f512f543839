"""Benchmark: 2SFCA and E2SFCA end to end — ``terridiag:accessibility_2sfca`` against PySAL
``access``, each from the same two GeoPackages to a result layer on disk.

    .venv/bin/python bench/bench_2sfca.py [--demand 20000] [--supply 2000] [--runs 3]

TerriDiag: ``processing.run("terridiag:accessibility_2sfca", DEMAND, SERVICES, POPULATION_FIELD=pop,
CAPACITY_FIELD=capacity, …, OUTPUT=….gpkg)``; 2SFCA with a 10 km catchment, E2SFCA with the
algorithm's default steps 5:1, 10:0.68, 15:0.22 (km). PySAL access, in .venv-modern (a child
process per run, reading the same files): ``geopandas.read_file``, ``Access``, its own cost builder
``create_euclidean_distance(threshold=…)`` (it cross-joins every demand point with every place, which
is why the default size is 20 k x 2 k: 40 M rows, 2.3 GB; 100 k x 2 k would need about 10 GB),
``two_stage_fca`` / ``enhanced_two_stage_fca``, ``to_file``. Nothing is extrapolated. The child
warms up on 200 points before its timed run; TerriDiag has one untimed run. The benchmark fails
unless both layers give every demand point the same value (relative 1e-9; a point with no place in
reach is 0 for TerriDiag and NULL for access).
"""
from __future__ import annotations

import argparse
import json
import subprocess

import numpy as np

import common

STEPS = "5:1,10:0.68,15:0.22"


def terridiag_side(processing, d, s, out, method):
    params = {"DEMAND": str(d), "POPULATION_FIELD": "pop", "SERVICES": [str(s)], "CAPACITY_FIELD": "capacity",
              "METHOD": 0 if method == "2sfca" else 1, "MAX_DISTANCE_KM": 10.0, "STEPS": STEPS,
              "OUTPUT": str(out)}

    def run():
        if out.exists():
            out.unlink()
        processing.run("terridiag:accessibility_2sfca", params)
        return out
    return run


def access_side(d, s, out, method):
    km = "10" if method == "2sfca" else "15"

    def run():
        if out.exists():
            out.unlink()
        proc = subprocess.run([str(common.MODERN_PY), str(common.HERE / "peer_access.py"), str(d), str(s), str(out),
                               method, km, STEPS], capture_output=True, text=True, check=True)
        return json.loads(proc.stdout.strip().splitlines()[-1])
    return run


def check_equal(td_path, acc_path) -> dict:
    from osgeo import gdal, ogr
    gdal.PushErrorHandler("CPLQuietErrorHandler")     # geopandas writes GeoPackage 1.4, GDAL 3.6 knows 1.3
    ds = ogr.Open(str(td_path))
    ours = np.array([f.GetField("fsca") for f in ds.GetLayer(0)], float)
    ds = ogr.Open(str(acc_path))
    rows = sorted((f.GetField("id"), f.GetField("fsca")) for f in ds.GetLayer(0))
    theirs = np.array([np.nan if v is None else v for _, v in rows], float)
    gdal.PopErrorHandler()
    assert len(ours) == len(theirs), "not the same number of demand points"
    theirs = np.where(np.isnan(theirs), 0.0, theirs)        # access: NaN where no place is in reach
    rel = np.abs(ours - theirs) / np.maximum(np.abs(theirs), 1e-300)
    rel = np.where((ours == 0) & (theirs == 0), 0.0, rel)
    worst = float(rel.max()) if rel.size else 0.0
    assert worst <= 1e-9, f"2SFCA values differ (max relative difference {worst:.1e})"
    return {"points": int(len(ours)), "max_rel_diff": worst, "zero_points": int((ours == 0).sum())}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--demand", type=int, default=20_000)
    ap.add_argument("--supply", type=int, default=2000)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args(argv)
    d, s = common.fsca_inputs(args.demand, args.supply)
    processing = common.qgis()
    payload = {"what": f"terridiag:accessibility_2sfca vs PySAL access end to end (read, costs, compute, "
                       f"write), {args.demand:,} demand points x {args.supply:,} places",
               "sizes": {"demand": args.demand, "supply": args.supply}}
    for method in ("2sfca", "e2sfca"):
        td_out = common.OUT / f"fsca_{method}_terridiag.gpkg"
        acc_out = common.OUT / f"fsca_{method}_access.gpkg"
        timed = common.compare({"terridiag": terridiag_side(processing, d, s, td_out, method),
                                "access": access_side(d, s, acc_out, method)}, runs=args.runs,
                               warmup={"terridiag"})
        check = check_equal(td_out, acc_out)
        td, ac = timed["terridiag"], timed["access"]
        payload[method] = {"terridiag": td.to_dict(), "access": ac.to_dict(),
                           "access_peak_rss_mb": max(0, ac.last["peak_rss_mb"]), "access_pairs": ac.last["pairs"],
                           "access_versions": ac.last.get("versions", {}),
                           "ratio_median": ac.median / td.median, "ratio_min": ac.min / td.min, "equal": check}
        print(f"{method}: TerriDiag min {td.min:.2f} s median {td.median:.2f} s; access min {ac.min:.1f} s "
              f"median {ac.median:.1f} s ({ac.last['peak_rss_mb']:.0f} MB); ratio {ac.median / td.median:.1f}x; "
              f"{check}")
    common.record("2sfca", payload)


if __name__ == "__main__":
    main()
