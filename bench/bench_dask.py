"""Scaling of the Dask engine (``core.engine``): crow-flies coverage partitioned by département on a
LocalCluster of 1, 2 and 4 worker processes, against the in-process run, on a synthetic France
(addresses in Gaussian towns over a 1,000 km square, communes spread over the 94 mainland
départements). Each figure carries the load average seen before and after it (the machine is
shared); the tables are checked equal to the in-process one.

    .venv/bin/python bench/bench_dask.py [--n 2000000] [--workers 1 2 4] [--runs 1]
"""
from __future__ import annotations

import argparse
import time

import numpy as np
import pandas as pd

import common
from terridiag.plugin.core import engine


def inputs(n: int, n_services: int = 10_000, n_communes: int = 35_000, seed: int = 5):
    x, y, com, _ = common.synthetic_territory(n, n_communes, seed, side=1_000_000.0, x0=100_000.0, y0=6_100_000.0)
    codes = common.commune_codes(n_communes)
    rng = np.random.default_rng(seed)
    addr = pd.DataFrame({"code_insee": pd.Categorical(codes[com]), "x": x, "y": y})
    svc = pd.DataFrame({"x": 100_000.0 + rng.uniform(0, 1e6, n_services),
                        "y": 6_100_000.0 + rng.uniform(0, 1e6, n_services)})
    return addr, svc


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=2_000_000)
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    ap.add_argument("--runs", type=int, default=1)
    a = ap.parse_args(argv)
    addr, svc = inputs(a.n)
    import distributed
    rows = []
    t0 = time.perf_counter()
    ref = engine.coverage(addr, svc, [5], weighting="none")
    rows.append({"engine": "in process", "workers": 0, "times_s": [time.perf_counter() - t0],
                 "load_before": common.load(), "load_after": common.load()})
    print(f"in process: {rows[-1]['times_s'][0]:.1f} s")
    for w in a.workers:
        cluster = distributed.LocalCluster(n_workers=w, threads_per_worker=1, processes=True,
                                           dashboard_address=":0")
        client = distributed.Client(cluster)
        try:
            before, times = common.load(), []
            for _ in range(a.runs):
                t0 = time.perf_counter()
                t = engine.coverage(addr, svc, [5], weighting="none", engine="dask", client=client)
                times.append(time.perf_counter() - t0)
            pd.testing.assert_frame_equal(t, ref, check_exact=True)
            parts = t.attrs["coverage"]["engine"]["partitions"]
        finally:
            client.close()
            cluster.close()
        rows.append({"engine": "dask LocalCluster", "workers": w, "times_s": times, "partitions": parts,
                     "load_before": before, "load_after": common.load()})
        print(f"dask {w} workers: {min(times):.1f} s ({parts} partitions), load {before} -> {common.load()}")
    common.record("dask", {"what": f"terridiag crow-flies coverage, {a.n:,} addresses x 10,000 services x "
                                   "35,000 communes in 94 départements, in memory (no file reading)",
                           "n": a.n, "rows": rows, "equal_to_in_process": True})


if __name__ == "__main__":
    main()
