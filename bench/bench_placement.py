"""Benchmark of optimal placement on a synthetic département.

1,000,000 addresses in 500 towns (cluster sizes from a Zipf-like law, plus 5 % scattered
houses) over an 80 km × 75 km territory, 30 existing places in the largest towns, 5,000 random
candidate sites, N = 10 new sites, 5 km covering distance, one person per address.

Reports: demand aggregation (time, rows), then time and covered demand of
  - the plain greedy baseline,
  - greedy + interchange (the heuristic),
  - the exact MILP (HiGHS, time limit) on the aggregated instance,
with each method's upper bound and gap (``--raw-milp``: HiGHS on the whole aggregated instance,
without the Lagrangian reduction, for comparison). Usage:
    .venv/bin/python bench/bench_placement.py [--addresses 1000000] [--candidates 5000]
        [--sites 10] [--time-limit 300] [--pmedian]
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
    ap.add_argument("--raw-milp", action="store_true",
                    help="also run HiGHS on the whole aggregated instance (no Lagrangian reduction)")
    a = ap.parse_args(argv)

    xy, w, cand, ex = synthetic(a.addresses, a.candidates, a.existing)
    print(f"synthetic département: {len(xy):,} addresses, {len(cand):,} candidates, "
          f"{len(ex)} existing places, N = {a.sites}, {a.km:g} km")
    t = time.perf_counter()
    inst = coverage_instance(xy, w, cand, a.km * 1000.0, existing_xy=ex)
    t_agg = time.perf_counter() - t
    print(f"aggregation: {t_agg:.1f} s; {int((inst.group_of >= 0).sum()):,} uncovered addresses with a "
          f"candidate in reach -> {inst.n_groups:,} rows ({inst.cover.nnz:,} nonzeros); "
          f"already covered {inst.covered_existing:,.0f} / {inst.total_demand:,.0f} "
          f"({inst.covered_existing / inst.total_demand:.1%})")
    rows = []
    for label, kw in (("greedy (baseline)", dict(method="greedy", lagrangian_iters=0)),
                      ("greedy+interchange", dict(method="heuristic")),
                      ("exact MILP", dict(method="exact", time_limit_s=a.time_limit,
                                          exact_max_groups=10**9, exact_max_nnz=10**10))):
        t = time.perf_counter()
        r = solve_mclp(inst, a.sites, **kw)
        dt = time.perf_counter() - t
        rows.append((label, r, dt))
        print(f"{label:20s} {dt:8.2f} s  covered {r.objective:12,.0f} ({r.objective / r.total_demand:.3%}) "
              f"added {r.objective - r.baseline:10,.0f}  bound {r.bound:12,.0f}  gap {r.gap:.3%}  "
              f"method {r.method}")
        for note in r.notes:
            print(f"{'':22s}{note}")
    if a.raw_milp:
        from terridiag.plugin.core.scenario.placement import _mclp_milp
        t = time.perf_counter()
        sol, ub, optimal = _mclp_milp(inst.cover, inst.residual, a.sites, a.time_limit)
        dt = time.perf_counter() - t
        added = (inst.residual[np.asarray(inst.cover[:, sol].sum(axis=1)).ravel() > 0].sum()
                 if sol else float("nan"))
        print(f"{'raw MILP (no reduction)':20s} {dt:8.2f} s  added {added:10,.0f}  bound on added {ub:10,.0f}  "
              f"{'optimal' if optimal else 'stopped (time limit)'}")
    base = rows[0][1].objective - rows[0][1].baseline
    for label, r, dt in rows[1:]:
        print(f"  {label}: added demand {100 * ((r.objective - r.baseline) / base - 1):+.3f} % vs greedy, "
              f"time x{dt / max(rows[0][2], 1e-9):.1f} (plus {t_agg:.1f} s aggregation for all)")
    if a.pmedian:
        t = time.perf_counter()
        r = p_median(xy, w, cand, a.sites, existing_xy=ex, method="heuristic", max_matrix=10_000_000)
        print(f"p-median greedy+interchange {time.perf_counter() - t:.1f} s  mean distance "
              f"{r.objective:,.0f} m (existing only {r.baseline:,.0f} m)  lower bound {r.bound:,.0f} m "
              f"gap {r.gap:.2%}  {r.notes}")
    print(f"peak memory {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MB")


if __name__ == "__main__":
    main()
