"""Benchmark: crow-flies coverage per commune — ``terridiag:coverage`` against the QGIS chain a GIS
officer runs in Processing, both from GeoPackages in to a commune-polygon GeoPackage out.

    .venv/bin/python bench/bench_coverage.py [--addresses 1000000] [--services 2000] [--communes 500]
                                             [--runs 3] [--name coverage]

TerriDiag: ``processing.run("terridiag:coverage", ADDRESSES, SERVICES, COMMUNES, OUTPUT=…gpkg)`` with
the algorithm's defaults (5 km, demand weighted by the communes' population, MIN_COUNT 11).
QGIS: ``native:joinbynearest`` (addresses -> nearest service, distance) to a memory layer, then
``native:aggregate`` by code_insee (count, mean and median distance, share within 5 km) to a memory
layer, then ``native:joinattributestable`` onto the commune polygons to a GeoPackage: the same
output on disk. Both sides: one warm-up run, then ``--runs`` rounds in alternating order; min and
median. The benchmark fails (AssertionError) unless every commune has the same address count, mean
and median distance (to 1 mm) and share within 5 km (to 1e-9) on both sides.

Data (bench/output, generated once): addresses in Gaussian towns, each in the Voronoi cell of its
town's centre (the commune polygons), services uniform over the 100 km square, Lambert-93.
"""
from __future__ import annotations

import argparse
import time

import numpy as np
import pandas as pd

import common

KM = 5.0


def terridiag_side(processing, a, s, c, out):
    def run():
        if out.exists():
            out.unlink()
        processing.run("terridiag:coverage", {"ADDRESSES": str(a), "SERVICES": [str(s)], "COMMUNES": str(c),
                                              "OUTPUT": str(out)})
        return out
    return run


def qgis_side(processing, a, s, c, out, steps):
    def run():
        if out.exists():
            out.unlink()
        t0 = time.perf_counter()
        joined = processing.run("native:joinbynearest", {
            "INPUT": str(a), "INPUT_2": str(s), "FIELDS_TO_COPY": [], "DISCARD_NONMATCHING": False,
            "PREFIX": "", "NEIGHBORS": 1, "OUTPUT": "memory:"})["OUTPUT"]
        t1 = time.perf_counter()
        agg = processing.run("native:aggregate", {
            "INPUT": joined, "GROUP_BY": '"code_insee"',
            "AGGREGATES": [
                {"aggregate": "first_value", "delimiter": ",", "input": '"code_insee"', "length": 0,
                 "name": "code_insee", "precision": 0, "type": 10},
                {"aggregate": "count", "delimiter": ",", "input": '"distance"', "length": 0, "name": "n",
                 "precision": 0, "type": 4},
                {"aggregate": "mean", "delimiter": ",", "input": '"distance"', "length": 0, "name": "dist_mean",
                 "precision": 0, "type": 6},
                {"aggregate": "median", "delimiter": ",", "input": '"distance"', "length": 0,
                 "name": "dist_median", "precision": 0, "type": 6},
                {"aggregate": "mean", "delimiter": ",", "input": f'if("distance" <= {KM * 1000:.0f}, 1, 0)',
                 "length": 0, "name": "share_within", "precision": 0, "type": 6}],
            "OUTPUT": "memory:"})["OUTPUT"]
        t2 = time.perf_counter()
        processing.run("native:joinattributestable", {
            "INPUT": str(c), "FIELD": "code_insee", "INPUT_2": agg, "FIELD_2": "code_insee",
            "FIELDS_TO_COPY": ["n", "dist_mean", "dist_median", "share_within"], "METHOD": 1,
            "DISCARD_NONMATCHING": False, "PREFIX": "", "OUTPUT": str(out)})
        t3 = time.perf_counter()
        steps.append({"joinbynearest_s": t1 - t0, "aggregate_s": t2 - t1, "joinattributestable_s": t3 - t2})
        del joined, agg
        return out
    return run


def check_equal(td_path, qg_path) -> dict:
    """Per commune, both outputs agree; returns the largest differences."""
    td = common.read_layer(td_path).set_index("code_insee").sort_index()
    qg = common.read_layer(qg_path).set_index("code_insee").sort_index()
    assert list(td.index) == list(qg.index), "not the same communes"
    has = qg["n"].notna() & (qg["n"].fillna(0) > 0)
    # communes without address: TerriDiag measures their one representative point, QGIS has no row
    assert (td.loc[~has, "n_addresses"].fillna(0) == 0).all()
    assert (td.loc[has, "n_addresses"].astype(int) == qg.loc[has, "n"].astype(int)).all(), "address counts differ"
    shown = has & ~td["masked"].astype(bool)
    masked = has & td["masked"].astype(bool)
    assert (qg.loc[masked, "n"] < 11).all(), "a masked commune has 11 addresses or more"
    diffs = {}
    for ours, theirs, tol in (("dist_mean_m", "dist_mean", 1e-3), ("dist_median_m", "dist_median", 1e-3),
                              ("share_within", "share_within", 1e-9)):
        d = np.abs(td.loc[shown, ours].astype(float).to_numpy() - qg.loc[shown, theirs].astype(float).to_numpy())
        diffs[ours] = float(d.max()) if d.size else 0.0
        assert diffs[ours] <= tol, f"{ours} differs by {diffs[ours]} (> {tol})"
    return {"communes": int(len(td)), "compared": int(shown.sum()), "masked": int(masked.sum()),
            "max_abs_diff": diffs}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--addresses", type=int, default=1_000_000)
    ap.add_argument("--services", type=int, default=2000)
    ap.add_argument("--communes", type=int, default=500)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--name", default="coverage")
    args = ap.parse_args(argv)
    a, s, c = common.coverage_inputs(args.addresses, args.services, args.communes)
    processing = common.qgis()
    td_out = common.OUT / f"{args.name}_terridiag.gpkg"
    qg_out = common.OUT / f"{args.name}_qgis.gpkg"
    steps = []
    sides = {"terridiag": terridiag_side(processing, a, s, c, td_out),
             "qgis": qgis_side(processing, a, s, c, qg_out, steps)}
    timed = common.compare(sides, runs=args.runs, warmup=True)
    check = check_equal(td_out, qg_out)
    td, qg = timed["terridiag"], timed["qgis"]
    peer_steps = {k: float(np.median([st[k] for st in steps[1:]])) for k in steps[0]}
    payload = {
        "what": f"terridiag:coverage vs native:joinbynearest + native:aggregate (+ joinattributestable), "
                f"{args.addresses:,} addresses x {args.services:,} services x {args.communes} communes",
        "sizes": {"addresses": args.addresses, "services": args.services, "communes": args.communes},
        "terridiag": td.to_dict(), "qgis": qg.to_dict(), "qgis_steps_median_s": peer_steps,
        "ratio_median": qg.median / td.median, "ratio_min": qg.min / td.min,
        "terridiag_s_per_million": td.median / (args.addresses / 1e6),
        "equal": check,
    }
    common.record(args.name, payload)
    print(f"{args.name}: TerriDiag min {td.min:.2f} s median {td.median:.2f} s; QGIS chain min {qg.min:.1f} s "
          f"median {qg.median:.1f} s (joinbynearest {peer_steps['joinbynearest_s']:.1f} s); "
          f"ratio {payload['ratio_median']:.1f}x (medians); {check}")


if __name__ == "__main__":
    main()
