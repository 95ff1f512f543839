"""Benchmark: network coverage on a département-sized road graph (about 1 M directed edges).

    .venv/bin/python bench/bench_network.py [--side 500] [--points 1000000] [--services 2000]

A grid of side x side nodes 200 m apart (a 100 km square), every street two-way except one in
ten (one-way), highway classes drawn at random (residential … primary); 1 M addresses in 500
communes, 2,000 services. Times: graph build (CSR), snapping, Dijkstra, per-commune statistics,
and the service-area polygons (15/30 min). Target: coverage < 30 s. Run sparingly.
"""
from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / ".build" / "pkg"))


def grid_graph(side, spacing=200.0, seed=0):
    from terridiag.plugin.core.graph import DEFAULT_DRIVE_SPEED_KMH, RoadGraph
    rng = np.random.default_rng(seed)
    ii, jj = np.meshgrid(np.arange(side), np.arange(side), indexing="ij")
    nid = (ii * side + jj).ravel()
    x = 900000.0 + jj.ravel() * spacing + rng.normal(0, 20, nid.size)
    y = 6700000.0 + ii.ravel() * spacing + rng.normal(0, 20, nid.size)
    right_u = (ii[:, :-1] * side + jj[:, :-1]).ravel()
    right_v = right_u + 1
    up_u = (ii[:-1, :] * side + jj[:-1, :]).ravel()
    up_v = up_u + side
    su = np.concatenate([right_u, up_u])
    sv = np.concatenate([right_v, up_v])
    classes = np.array(["residential", "tertiary", "secondary", "primary", "unclassified"], dtype=object)
    hw_seg = classes[rng.choice(len(classes), su.size, p=[0.55, 0.2, 0.12, 0.05, 0.08])]
    oneway = rng.random(su.size) < 0.1
    u = np.concatenate([su, sv[~oneway]])
    v = np.concatenate([sv, su[~oneway]])
    hw = np.concatenate([hw_seg, hw_seg[~oneway]])
    length = np.hypot(x[u] - x[v], y[u] - y[v])
    # class -> speed without a Python loop per edge
    lut = {h: DEFAULT_DRIVE_SPEED_KMH[h] for h in classes}
    speed = pd.Series(hw).map(lut).to_numpy(float)
    return RoadGraph(x, y, u.astype(np.int64), v.astype(np.int64), length, hw, speed, crs=2154)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--side", type=int, default=500)
    ap.add_argument("--points", type=int, default=1_000_000)
    ap.add_argument("--services", type=int, default=2_000)
    args = ap.parse_args()
    pkg = HERE.parent / ".build" / "pkg"
    pkg.mkdir(parents=True, exist_ok=True)
    if not (pkg / "terridiag").exists():
        (pkg / "terridiag").symlink_to(HERE.parent, target_is_directory=True)
    from terridiag.plugin.core.indicators.network import network_coverage_by_commune, node_costs, service_areas

    g = grid_graph(args.side)
    print(f"graph: {g.n_nodes} nodes, {g.n_edges} directed edges")
    rng = np.random.default_rng(1)
    ext = (args.side - 1) * 200.0
    k = rng.integers(0, 500, args.points)
    addr = pd.DataFrame({"code_insee": pd.Categorical.from_codes(k, [f"{90000 + i}" for i in range(500)]),
                         "x": 900000.0 + rng.uniform(0, ext, args.points),
                         "y": 6700000.0 + rng.uniform(0, ext, args.points)})
    svc = pd.DataFrame({"x": 900000.0 + rng.uniform(0, ext, args.services),
                        "y": 6700000.0 + rng.uniform(0, ext, args.services)})
    t0 = time.perf_counter()
    table, meta = network_coverage_by_commune(addr, svc, g, mode="drive", bands=(15, 30))
    t1 = time.perf_counter()
    print(f"network coverage (drive, {args.points} addresses, {args.services} services): {t1 - t0:.1f} s "
          f"(target < 30 s); unreachable {meta['n_unreachable']}; "
          f"mean of commune medians {table.time_median_min.mean():.2f} min")
    t0 = time.perf_counter()
    ncost, _ = node_costs(g, svc.x.to_numpy(), svc.y.to_numpy(), "drive", "time")
    areas = service_areas(g, ncost, (5, 10), mode="drive", cell=200.0)
    t1 = time.perf_counter()
    print(f"service areas 5/10 min at 200 m cells: {t1 - t0:.1f} s, {len(areas)} bands, "
          f"areas {', '.join(f'{a:.0f}' for a in areas.area_km2)} km²")
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 ** 2:.2f} GB")


if __name__ == "__main__":
    main()
