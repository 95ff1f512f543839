"""Benchmark of optimal placement on a synthetic département.

1,000,000 addresses in 500 towns (cluster sizes from a Zipf-like law, plus 5 % scattered
houses) over an 80 km × 75 km territory, 30 existing places in the largest towns, 5,000 random
candidate sites, N = 10 new sites, 5 km covering distance, one person per address.

Reports the time and covered demand of
  - the plain greedy baseline,
  - greedy + interchange (the heuristic),
  - the exact MILP (HiGHS, time limit) on the aggregated instance,
each timed with the demand aggregation included (what the user waits for), one warm-up run each,
then ``--runs`` rounds in alternating order (min, median), with each method's upper bound and gap.
The covered demand is recounted on the raw addresses (KD-tree): the benchmark fails if a method's
objective differs or if exact < heuristic < greedy is broken. Usage:
    .venv/bin/python bench/bench_placement.py [--addresses 1000000] [--candidates 5000]
        [--sites 10] [--time-limit 300] [--runs 3] [--pmedian]
"""
from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / ".build" / "pkg"))
if not (ROOT / ".build" / "pkg" / "terridiag").exists():
    (ROOT / ".build" / "pkg").mkdir(parents=True, exist_ok=True)
    os.symlink(ROOT, ROOT / ".build" / "pkg" / "terridiag")

sys.path.insert(0, str(ROOT / "bench"))
import common  # noqa: E402
from terridiag.plugin.core.scenario.aggregate import coverage_instance  # noqa: E402
from terridiag.plugin.core.scenario.placement import p_median, solve_mclp  # noqa: E402


def synthetic(n_addr: int, n_cand: int, n_exist: int, seed: int = 42):
    rng = np.random.default_rng(seed)
    W, H = 80_000.0, 75_000.0
    n_towns = 500
    size = 1.0 / np.arange(1, n_towns + 1) ** 0.9
    n_scatter = int(0.05 * n_addr)
    counts = rng.multinomial(n_addr - n_scatter, size / size.sum())
    towns = rng.uniform([0, 0], [W, H], (n_towns, 2))
    spread = 300 + 1500 * np.sqrt(counts / counts.max())
    xy = np.repeat(towns, counts, axis=0) + rng.normal(size=(counts.sum(), 2)) * np.repeat(spread, counts)[:, None]
    xy = np.vstack([xy, rng.uniform([0, 0], [W, H], (n_scatter, 2))])
    existing = towns[:n_exist]                         # places in the largest towns
    cand = rng.uniform([0, 0], [W, H], (n_cand, 2))
    return xy, np.ones(len(xy)), cand, existing


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--addresses", type=int, default=1_000_000)
    ap.add_argument("--candidates", type=int, default=5000)
    ap.add_argument("--existing", type=int, default=30)
    ap.add_argument("--sites", type=int, default=10)
    ap.add_argument("--km", type=float, default=5.0)
    ap.add_argument("--time-limit", type=float, default=300.0)
    ap.add_argument("--pmedian", action="store_true", help="also run p-median (grid-aggregated)")
    ap.add_argument("--runs", type=int, default=3)
    a = ap.parse_args(argv)

    xy, w, cand, ex = synthetic(a.addresses, a.candidates, a.existing)
    print(f"synthetic département: {len(xy):,} addresses, {len(cand):,} candidates, "
          f"{len(ex)} existing places, N = {a.sites}, {a.km:g} km")
    methods = {"greedy (baseline)": dict(method="greedy", lagrangian_iters=0),
               "greedy+interchange": dict(method="heuristic"),
               "exact MILP": dict(method="exact", time_limit_s=a.time_limit, exact_max_groups=10**9,
                                  exact_max_nnz=10**10)}

    def side(kw):
        # the demand aggregation is part of every method's time: it is what a user waits for
        def run():
            inst = coverage_instance(xy, w, cand, a.km * 1000.0, existing_xy=ex)
            return solve_mclp(inst, a.sites, **kw)
        return run

    timed = common.compare({k: side(kw) for k, kw in methods.items()}, runs=a.runs, warmup=True)
    # oracle: the demand within reach of the existing + chosen places, counted on the raw addresses
    from scipy.spatial import cKDTree
    results = {}
    for label, t in timed.items():
        r = t.last
        places = np.vstack([ex, cand[r.chosen]])
        d, _ = cKDTree(places).query(xy, workers=-1)
        covered = float(w[d <= a.km * 1000.0].sum())
        assert abs(covered - r.objective) <= 1e-6 * max(covered, 1.0), f"{label}: objective {r.objective} != {covered}"
        results[label] = {**t.to_dict(), "covered": covered, "share": covered / float(w.sum()),
                          "added": covered - r.baseline, "bound": float(r.bound), "gap": float(r.gap),
                          "method": r.method}
        print(f"{label:20s} min {t.min:7.2f} s median {t.median:7.2f} s  covered {covered:12,.0f} "
              f"({covered / w.sum():.3%}) added {covered - r.baseline:10,.0f} gap {r.gap:.3%} ({r.method})")
    g = results["greedy (baseline)"]["added"]
    assert results["exact MILP"]["covered"] >= results["greedy+interchange"]["covered"] - 1e-6
    assert results["greedy+interchange"]["covered"] >= results["greedy (baseline)"]["covered"] - 1e-6
    common.record("placement", {
        "what": f"maximal covering, {len(xy):,} addresses, {len(cand):,} candidates, N = {a.sites}, {a.km:g} km "
                f"(demand aggregation inside every timing)",
        "sizes": {"addresses": len(xy), "candidates": len(cand), "sites": a.sites, "km": a.km},
        "methods": results,
        "exact_vs_greedy_added_pct": 100 * (results["exact MILP"]["added"] / g - 1) if g else None,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024})
    if a.pmedian:
        t = time.perf_counter()
        r = p_median(xy, w, cand, a.sites, existing_xy=ex, method="heuristic", max_matrix=10_000_000)
        print(f"p-median greedy+interchange {time.perf_counter() - t:.1f} s  mean distance "
              f"{r.objective:,.0f} m (existing only {r.baseline:,.0f} m)  lower bound {r.bound:,.0f} m "
              f"gap {r.gap:.2%}  {r.notes}")
    print(f"peak memory {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MB")


if __name__ == "__main__":
    main()
