"""Benchmark: how ``terridiag:coverage`` grows with the number of addresses (time and memory), and
the national run.

    .venv/bin/python bench/bench_growth.py [--sizes 100000 1000000 4000000] [--runs 3]
    .venv/bin/python bench/bench_growth.py --national [--national-n 26000000]     (make bench-national)

Each size runs in its own QGIS process (a child of this one), so that its peak memory is its own:
the child starts QGIS with the TerriDiag provider, warms up on the 100 k-address file, notes its
resident memory, then runs ``processing.run("terridiag:coverage", …)`` from the GeoPackages to a
commune-polygon GeoPackage ``--runs`` times. Reported: min and median time, the process's peak
resident memory and its growth over the warmed-up process. The exponent b of time ~ n^b and
memory ~ n^b is fitted (least squares in log-log) over the sizes.

National: 26 M addresses in 35,000 communes with 10,000 services over a 1,000 km square (made once
in bench/output, about 2.5 GB, without R-tree), crow flies, through Processing as above. Targets:
under 3 minutes and 8 GB.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time

import numpy as np

import common


def child(args):
    """Runs in the child process: prints one JSON line."""
    processing = common.qgis()
    warm = common.coverage_inputs(100_000)
    out = common.OUT / f"growth_{os.getpid()}.gpkg"

    def run(paths):
        if out.exists():
            out.unlink()
        processing.run("terridiag:coverage", {"ADDRESSES": str(paths[0]), "SERVICES": [str(paths[1])],
                                              "COMMUNES": str(paths[2]), "OUTPUT": str(out)})

    run(warm)
    base = common.rss_mb()
    paths = common.national_inputs(args.n) if args.national else common.coverage_inputs(args.n)
    times = []
    for _ in range(args.runs):
        t0 = time.perf_counter()
        run(paths)
        times.append(time.perf_counter() - t0)
    rows = common.read_layer(out, ["code_insee"])
    out.unlink()
    print(json.dumps({"n": args.n, "times_s": times, "base_rss_mb": base, "peak_rss_mb": common.peak_rss_mb(),
                      "communes": len(rows)}))


def run_child(n, runs, national=False):
    cmd = [sys.executable, __file__, "--child", "--n", str(n), "--runs", str(runs)] + (["--national"] if national else [])
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode:
        raise RuntimeError(f"child for n={n} failed:\n{proc.stderr[-3000:]}")
    res = json.loads(proc.stdout.strip().splitlines()[-1])
    t = common.Timed(f"{n}")
    t.times = res["times_s"]
    res["min_s"], res["median_s"] = t.min, t.median
    res["growth_mb"] = res["peak_rss_mb"] - res["base_rss_mb"]
    return res


def exponent(ns, vals) -> float:
    return float(np.polyfit(np.log(ns), np.log(vals), 1)[0])


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000, 4_000_000])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--national", action="store_true")
    ap.add_argument("--national-n", type=int, default=26_000_000)
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--n", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        return child(args)
    if args.national:
        # the inputs are made here first (minutes), not inside the timed child
        common.national_inputs(args.national_n)
        res = run_child(args.national_n, args.runs, national=True)
        res.update(load_start=common.load())
        common.record("national", {"what": f"terridiag:coverage, {args.national_n:,} addresses x 10,000 services x "
                                           f"35,000 communes, GeoPackage in and out, crow flies", **res})
        print(f"national: {args.national_n:,} addresses: min {res['min_s']:.1f} s median {res['median_s']:.1f} s, "
              f"peak RSS {res['peak_rss_mb'] / 1024:.2f} GB (targets < 180 s, < 8 GB)")
        return None
    rows = []
    for n in args.sizes:
        common.coverage_inputs(n)
        rows.append(run_child(n, args.runs))
        r = rows[-1]
        print(f"{n:>10,} addresses: min {r['min_s']:.2f} s median {r['median_s']:.2f} s, peak RSS "
              f"{r['peak_rss_mb']:.0f} MB (+{r['growth_mb']:.0f} MB over the warmed-up QGIS process)")
    ns = [r["n"] for r in rows]
    fit = {"time_exponent": exponent(ns, [r["median_s"] for r in rows]),
           "memory_exponent": exponent(ns, [max(r["growth_mb"], 1.0) for r in rows]),
           "bytes_per_address_at_largest": rows[-1]["growth_mb"] * 2 ** 20 / rows[-1]["n"]}
    print(f"fitted: time ~ n^{fit['time_exponent']:.2f}, memory growth ~ n^{fit['memory_exponent']:.2f}, "
          f"{fit['bytes_per_address_at_largest']:.0f} bytes per address at {ns[-1]:,}")
    common.record("growth", {"what": "terridiag:coverage at several sizes (500 communes, 2,000 services)",
                             "sizes": rows, "fit": fit})
    return None


if __name__ == "__main__":
    main()
