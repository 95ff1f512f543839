"""Scaling of the Dask engine (``core.engine``): crow-flies coverage partitioned by département on a
LocalCluster of 1, 2 and 4 worker processes, against the in-process run, on a synthetic France
(addresses in Gaussian towns over a 1,000 km square, communes spread over the 94 mainland
départements). Each figure carries the load average seen before and after it (the machine is
shared); the tables are checked equal to the in-process one.

    .venv/bin/python bench/bench_dask.py [--n 2000000] [--workers 1 2 4] [--runs 1]

``--network``: network (road) coverage by département (``engine.network_coverage``) on a synthetic
road grid of DEPS x DEPS départements of DEP_KM km (roads every SPACING m, lengths 1-1.3 x the
straight line, speeds 30-90 km/h, one road in ten missing), against the in-process run; the time
of each département (its pieces on the worker, widenings included) and the total, with the first
border buffer at the catchment (default) and at ``--buffer`` metres:

    .venv/bin/python bench/bench_dask.py --network [--n 400000] [--workers 1 2] [--buffer 5000]
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


NOTE = ("Each département is solved on its roads plus a border buffer (at first the catchment: the largest band "
        "at the top speed), so the pieces together repeat part of the single run's work; the Dask engine is for "
        "graphs too big for one machine's memory (each worker holds one piece at a time) and for clusters of "
        "several machines.")


def road_grid(deps: int = 4, dep_km: float = 30.0, spacing: float = 300.0, n: int = 400_000,
              n_services: int = 200, seed: int = 5):
    """(graph, addresses, services): départements 01.. as dep_km squares on a deps x deps board,
    10 communes each (vertical strips), a road grid over the board, places uniform."""
    from terridiag.plugin.core.graph import RoadGraph
    rng = np.random.default_rng(seed)
    side = deps * dep_km * 1000.0
    k = int(round(side / spacing)) + 1
    gx, gy = np.meshgrid(np.arange(k) * spacing, np.arange(k) * spacing, indexing="ij")
    nid = np.arange(k * k).reshape(k, k)
    a = np.concatenate([nid[:-1, :].ravel(), nid[:, :-1].ravel()])
    b = np.concatenate([nid[1:, :].ravel(), nid[:, 1:].ravel()])
    keep = rng.random(len(a)) >= 0.1
    a, b = a[keep], b[keep]
    nx, ny = gx.ravel() + 700_000.0, gy.ravel() + 6_500_000.0
    length = np.hypot(nx[a] - nx[b], ny[a] - ny[b]) * rng.uniform(1.0, 1.3, len(a))
    speed = rng.choice([30.0, 50.0, 70.0, 90.0], len(a))
    graph = RoadGraph(nx, ny, np.r_[a, b], np.r_[b, a], np.r_[length, length],
                      np.full(2 * len(a), "secondary", dtype=object), np.r_[speed, speed])
    x, y = rng.uniform(0, side, n), rng.uniform(0, side, n)
    dep = (np.minimum(x // (dep_km * 1000), deps - 1) * deps + np.minimum(y // (dep_km * 1000), deps - 1) + 1)
    com = np.minimum((x % (dep_km * 1000)) // (dep_km * 100), 9) + 1
    codes = pd.Series(dep.astype(int)).map("{:02d}".format) + pd.Series(com.astype(int)).map("{:03d}".format)
    addr = pd.DataFrame({"code_insee": codes, "x": x + 700_000.0, "y": y + 6_500_000.0})
    svc = pd.DataFrame({"x": rng.uniform(0, side, n_services) + 700_000.0,
                        "y": rng.uniform(0, side, n_services) + 6_500_000.0})
    return graph, addr, svc


def network(a):
    import distributed

    from terridiag.plugin.core.indicators import network as net
    graph, addr, svc = road_grid(n=a.n)
    bands = (10, 20)
    print(f"road grid: {graph.n_nodes:,} nodes, {graph.n_edges:,} edges, {len(addr):,} addresses, "
          f"{len(svc)} places, 16 départements, bands {bands} min")
    rows = []
    before = common.load()
    t0 = time.perf_counter()
    ref, _ = net.network_coverage_by_commune(addr, svc, graph, bands=bands)
    rows.append({"engine": "in process", "workers": 0, "buffer": "—", "total_s": time.perf_counter() - t0,
                 "load_before": before, "load_after": common.load()})
    print(f"in process: {rows[-1]['total_s']:.1f} s")
    for w in a.workers:
        cluster = distributed.LocalCluster(n_workers=w, threads_per_worker=1, processes=True,
                                           dashboard_address=":0")
        client = distributed.Client(cluster)
        try:
            for buffer in (None, a.buffer):
                before = common.load()
                t0 = time.perf_counter()
                t, meta = engine.network_coverage(addr, svc, graph, bands=bands, engine="dask", client=client,
                                                  buffer_m=buffer)
                total = time.perf_counter() - t0
                pd.testing.assert_frame_equal(t, ref, check_exact=False, rtol=1e-12, atol=1e-12)
                e = meta["engine"]
                per = {k: {"seconds": round(v["seconds"], 2), "rounds": v["rounds"], "points": v["points"],
                           "first_piece_edges": v["pieces"][0]["edges"]}
                       for k, v in sorted(e["per_departement"].items())}
                label = "catchment" if buffer is None else f"{buffer:g} m"
                rows.append({"engine": "dask LocalCluster", "workers": w, "buffer": label, "total_s": total,
                             "widened": e["rounds_widened"], "per_departement": per,
                             "load_before": before, "load_after": common.load()})
                print(f"dask {w} workers, first buffer {label}: total {total:.1f} s, {e['rounds_widened']} pieces "
                      f"widened, load {before} -> {common.load()}")
                for k, v in per.items():
                    print(f"  {k}: {v['seconds']:.2f} s ({v['rounds']} piece(s), first {v['first_piece_edges']:,} "
                          f"edges, {v['points']:,} addresses)")
        finally:
            client.close()
            cluster.close()
    common.record("dask_network", {"what": f"terridiag network coverage (driving time, bands {bands} min), "
                                           f"{len(addr):,} addresses x {len(svc)} places, synthetic road grid of "
                                           f"{graph.n_nodes:,} nodes / {graph.n_edges:,} edges over 16 départements "
                                           "of 30 km, in memory",
                                   "n": len(addr), "rows": rows, "equal_to_in_process": True, "note": NOTE})


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=None)
    ap.add_argument("--workers", type=int, nargs="+", default=None)
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--network", action="store_true", help="network coverage on a road grid")
    ap.add_argument("--buffer", type=float, default=5000.0, help="--network: a smaller first border buffer (m)")
    a = ap.parse_args(argv)
    if a.network:
        a.n = a.n or 400_000
        a.workers = a.workers or [1, 2]
        return network(a)
    a.n = a.n or 2_000_000
    a.workers = a.workers or [1, 2, 4]
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
