"""Runs that outgrow one machine: coverage partitioned by département on Dask.

The demand is built once (as a single run builds it), cut by département (INSEE code: two
characters, three for the overseas 97x), and each partition is sent to a Dask worker with the
service places within a **border buffer** of its extent: the catchment distance, widened to a
bound of every point's nearest distance (the smallest distance from a place to the partition's
farthest corner, see :func:`_services_near`). Every point's true nearest place is then in its
partition, so the per-point distances and the per-commune figures equal the single-machine run
(bit for bit; population-weighted medians and p90 to 1e-12, their running sums of weights start
at another commune), and no partition is sent twice.

Scheduling, retries and progress are Dask's (``client.submit(..., retries=)``, ``as_completed``);
``dask.distributed`` is imported only when the Dask engine is asked. ``scheduler``: empty for a
``LocalCluster`` of ``workers`` processes, else the address of an existing cluster
(``tcp://host:8786``) deployed by Dask's own tools (``dask scheduler``/``dask worker`` over SSH,
dask-kubernetes, dask-jobqueue).

Headless: ``python -m plugin.core.engine --addresses a.parquet --services s.csv --out table.csv
[--scheduler tcp://host:8786 | --workers 4]``.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .errors import MissingDependency, ParameterError

ENGINES = ("inprocess", "dask")
RETRIES = 2


def departement(codes) -> np.ndarray:
    """Département of each INSEE commune code: its first two characters, three for 97x."""
    c = pd.Series(np.asarray(codes, dtype=object)).astype(str)
    return np.where(c.str.startswith("97"), c.str[:3], c.str[:2]).astype(object)


def require_dask():
    try:
        import distributed  # noqa: F401
    except ImportError as exc:
        raise MissingDependency(
            "the Dask engine needs dask.distributed, which is not installed",
            hint="install python3-distributed (Debian) or `pip install distributed`, "
                 "or choose the in-process engine") from exc
    return distributed


def _subset(dem, rows: np.ndarray):
    from dataclasses import replace
    return replace(dem, code=dem.code[rows], x=dem.x[rows], y=dem.y[rows], weight=dem.weight[rows],
                   source=dem.source[rows], zone=None if dem.zone is None else dem.zone[rows],
                   _groups=None)


def _services_near(dem_part, sx, sy, szone, buffer_m: float) -> tuple[np.ndarray, float]:
    """(rows of the services within the border buffer of the partition's extent, that buffer).

    Per territory when the run spans several. The buffer is the catchment ``buffer_m``, widened
    when needed to a bound of every point's nearest distance: for any place s, a point of the box
    is no farther from s than the box's farthest corner (distance is convex), so the nearest place
    of every point lies within min over s of that corner distance. A place is kept when its
    distance to the box is within the buffer: every point's true nearest place is then kept."""
    ok = np.isfinite(sx) & np.isfinite(sy)
    if not np.isfinite(buffer_m):
        return np.flatnonzero(ok), np.inf
    keep = np.zeros(len(sx), bool)
    widest = float(buffer_m)
    zones = [None] if dem_part.zone is None else sorted(set(dem_part.zone.tolist()) - {""})
    for z in zones:
        m = np.ones(len(dem_part), bool) if z is None else dem_part.zone == z
        px, py = dem_part.x[m], dem_part.y[m]
        fin = np.isfinite(px) & np.isfinite(py)
        cand = ok if szone is None else ok & (szone == z)
        if not fin.any() or not cand.any():
            continue
        x0, x1, y0, y1 = px[fin].min(), px[fin].max(), py[fin].min(), py[fin].max()
        cx, cy = sx[cand], sy[cand]
        corner = np.sqrt(np.maximum((cx - x0) ** 2, (cx - x1) ** 2) + np.maximum((cy - y0) ** 2, (cy - y1) ** 2))
        buf = max(float(buffer_m), float(corner.min()))
        dx = np.maximum(np.maximum(x0 - sx, sx - x1), 0.0)
        dy = np.maximum(np.maximum(y0 - sy, sy - y1), 0.0)
        keep |= cand & (np.hypot(dx, dy) <= buf)
        widest = max(widest, buf)
    return np.flatnonzero(keep), widest


def _run_partition(dem_part, services, thresholds_km, population, weighting, weight_field):
    """One partition on a worker: the coverage table, each point's distance and weight."""
    from .indicators.coverage import coverage_by_commune
    table, dist, weights = coverage_by_commune(
        None, services, thresholds_km, None, population, weighting, None, weight_field,
        demand=dem_part, workers=1, return_distances=True)
    return table, dist, weights


def _client(scheduler: str | None, workers: int, processes: bool | None):
    distributed = require_dask()
    if processes is None:
        # worker processes start sys.executable: inside QGIS desktop that is QGIS, so threads there
        import os
        import sys
        processes = os.path.basename(sys.executable or "").startswith("python")
    if scheduler:
        return distributed.Client(scheduler), None
    cluster = distributed.LocalCluster(n_workers=max(1, int(workers)), threads_per_worker=1,
                                       processes=processes, dashboard_address=":0")
    return distributed.Client(cluster), cluster


def coverage(addresses, services, thresholds_km=(5,), category=None, population=None,
             weighting: str = "commune", communes=None, weight_field: str | None = None, *,
             demand=None, engine: str = "inprocess", scheduler: str | None = None, workers: int = 2,
             processes: bool | None = None, client=None, feedback=None) -> pd.DataFrame:
    """:func:`indicators.coverage.coverage_by_commune`, in process or partitioned by département
    on Dask (same table, same attributes)."""
    from .indicators import coverage as cov
    from .progress import ensure
    if engine not in ENGINES:
        raise ParameterError(f"unknown engine {engine!r}", hint=f"use one of {ENGINES}")
    if engine == "inprocess":
        return cov.coverage_by_commune(addresses, services, thresholds_km, category, population,
                                       weighting, communes, weight_field, demand=demand, feedback=feedback)
    require_dask()
    fb = ensure(feedback)
    thr = cov.checked_inputs(addresses, thresholds_km)
    svc = cov._select_services(services, category)
    dem = cov.make_demand(addresses, communes, population, weighting, weight_field, demand)
    pop = cov._population_map(population, communes) if weighting == "commune" and not weight_field else None
    sx, sy, szone = cov.service_points(svc, dem)
    groups, labels, _ = dem.grouped()
    dep_codes, deps = pd.factorize(departement(labels))
    point_dep = dep_codes[groups]
    order = np.argsort(point_dep, kind="stable")
    bounds = np.searchsorted(point_dep[order], np.arange(len(deps) + 1))
    parts = {deps[i]: order[bounds[i]:bounds[i + 1]] for i in range(len(deps))}
    buffer0 = max(thr) * 1000.0
    fb.set_progress(5)

    own = client is None
    cluster = None
    if own:
        client, cluster = _client(scheduler, workers, processes)
    try:
        def submit(key, buffer_m):
            sub = _subset(dem, parts[key])
            rows, buffer_m = _services_near(sub, sx, sy, szone, buffer_m)
            p = pop.reindex(pd.unique(sub.code)) if pop is not None else population
            fut = client.submit(_run_partition, sub, svc.iloc[rows], thr, p, weighting, weight_field,
                                retries=RETRIES, pure=False, key=f"terridiag-coverage-{key}-{buffer_m}")
            futures[fut] = (key, buffer_m)
            return fut

        from distributed import as_completed
        futures: dict = {}
        ac = as_completed([submit(k, buffer0) for k in parts])
        done: dict = {}
        for fut in ac:
            if fb.is_canceled():
                client.cancel(list(futures))
                fb.check()
            key, buffer_m = futures.pop(fut)
            table, dist, w = fut.result()
            fin = dist[np.isfinite(dist)]
            far = float(fin.max()) if len(fin) else 0.0
            if far > buffer_m + 1e-6 * max(1.0, far):     # never, by the bound: kept as a guard
                ac.add(submit(key, np.inf))
                continue
            done[key] = (table, dist, w)
            fb.set_progress(5 + 90 * len(done) / len(parts))
    finally:
        if own:
            client.close()
            if cluster is not None:
                cluster.close()

    keys = sorted(done)
    out = pd.concat([done[k][0] for k in keys], ignore_index=True)
    out = out.sort_values("code_insee", kind="stable").reset_index(drop=True)
    dist = np.concatenate([done[k][1] for k in keys])
    weights = None if done[keys[0]][2] is None else np.concatenate([done[k][2] for k in keys])
    thr_m = [t * 1000.0 for t in thr]
    whole = cov.territory_stats(dist, thr_m, weights)
    attrs = dict(done[keys[0]][0].attrs.get("coverage", {}))
    attrs.update({
        "category": category if category else "all",
        "n_services": int(len(svc)),
        "territory_share_within": {cov.fmt_km(t): whole[f"share_{tm}"] for t, tm in zip(thr, thr_m)},
        "territory": {**{f"share_within_{cov.fmt_km(t)}km": whole[f"share_{tm}"] for t, tm in zip(thr, thr_m)},
                      "dist_mean_m": whole["mean"], "dist_median_m": whole["q50"], "dist_p90_m": whole["q90"]},
        "engine": {"name": "dask", "partitions": len(parts), "partition_by": "département",
                   "border_buffer_m": "the catchment, widened where a point may be farther from every place "
                                      f"(at least {buffer0:g} m)", "scheduler": scheduler or f"LocalCluster({workers})"},
    })
    if dem.zone is not None:
        served = set(szone.tolist())
        attrs["territories_without_service"] = [k for k in dem.meta.get("territories", {}) if k not in served]
    else:
        attrs.pop("territories_without_service", None)
    out.attrs["coverage"] = attrs
    out.attrs["demand"] = dem.meta
    fb.set_progress(100)
    return out


def main(argv=None) -> int:
    """Headless coverage for servers: addresses and services from files, the table to a CSV."""
    import argparse
    ap = argparse.ArgumentParser(prog="python -m plugin.core.engine", description=__doc__.split("\n")[0])
    ap.add_argument("--addresses", required=True, help="CSV or Parquet: code_insee, x, y (metric CRS)")
    ap.add_argument("--services", required=True, help="CSV or Parquet: x, y [, category]")
    ap.add_argument("--out", required=True, help="CSV of the table by commune")
    ap.add_argument("--threshold", type=float, action="append", help="km (repeatable; default 5)")
    ap.add_argument("--engine", choices=ENGINES, default="dask")
    ap.add_argument("--scheduler", default="", help="tcp://host:8786; empty: a LocalCluster")
    ap.add_argument("--workers", type=int, default=2, help="LocalCluster workers")
    a = ap.parse_args(argv)

    def read(path):
        return pd.read_parquet(path) if str(path).endswith(".parquet") else pd.read_csv(path, dtype={"code_insee": str})
    table = coverage(read(a.addresses), read(a.services), a.threshold or [5], weighting="none",
                     engine=a.engine, scheduler=a.scheduler or None, workers=a.workers)
    table.to_csv(a.out, index=False)
    print(f"{len(table)} communes -> {a.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
