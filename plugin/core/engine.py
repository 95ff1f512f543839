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

Network (road) coverage, :func:`network_coverage`, is cut the same way: each département is solved
on the roads and places within a border buffer of it, and each point's answer is proved on its
piece to be the whole network's (else solved again on a wider piece): the table is the single
run's (see the function).

Headless: ``python -m plugin.core.engine --addresses a.parquet --services s.csv --out table.csv
[--scheduler tcp://host:8786 | --workers 4] [--roads extract.osm.pbf [--band 15 --band 30]]``.
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


# -- network coverage ----------------------------------------------------------------------------

def _edge_boxes(g):
    """(x0, x1, y0, y1) per edge: the box of its two nodes and of its shape points."""
    x0 = np.minimum(g.node_x[g.edge_u], g.node_x[g.edge_v])
    x1 = np.maximum(g.node_x[g.edge_u], g.node_x[g.edge_v])
    y0 = np.minimum(g.node_y[g.edge_u], g.node_y[g.edge_v])
    y1 = np.maximum(g.node_y[g.edge_u], g.node_y[g.edge_v])
    if g.shape_x is not None and len(g.shape_x):
        np.minimum.at(x0, g.shape_edge, g.shape_x)
        np.maximum.at(x1, g.shape_edge, g.shape_x)
        np.minimum.at(y0, g.shape_edge, g.shape_y)
        np.maximum.at(y1, g.shape_edge, g.shape_y)
    return x0, x1, y0, y1


def _box_gap(b, x0, x1, y0, y1):
    """(nearest, farthest) distance from the box ``b`` = (bx0, bx1, by0, by1) to any point of each
    box (x0..x1, y0..y1): the farthest is at a corner, distance to a box being convex."""
    bx0, bx1, by0, by1 = b
    dx = np.maximum(np.maximum(x0 - bx1, bx0 - x1), 0.0)
    dy = np.maximum(np.maximum(y0 - by1, by0 - y1), 0.0)
    fx = np.maximum(np.maximum(bx0 - x0, x1 - bx1), 0.0)
    fy = np.maximum(np.maximum(by0 - y0, y1 - by1), 0.0)
    return np.hypot(dx, dy), np.hypot(fx, fy)


def _network_cut(g, boxes, usable, px, py, sx, sy, radius: float, max_snap_m: float | None):
    """The piece of road graph ``g`` a set of points is solved on, with a border buffer of
    ``radius`` metres around the points' box: the services within ``radius`` of the box, the
    usable roads within ``radius + max_snap_m`` (so every kept service and every point joins the
    same road as in the whole graph), and where a trip may leave the piece (see
    :func:`_network_part`): the nodes of kept roads that touch a road left out, and the kept roads
    reaching farther than ``radius - max_snap_m`` (a service left out may join one of those).
    Only the roads within ``max_snap_m`` of the points' box or of a kept place are sampled for the
    snap (``RoadGraph.snap_edges``): the others cannot be anyone's nearest road.
    Returns (subgraph or None, service rows, escape nodes, escape edges) — ids in the subgraph."""
    fin = np.isfinite(px) & np.isfinite(py)
    sok = np.isfinite(sx) & np.isfinite(sy)
    if not fin.any():
        return None, np.empty(0, np.int64), np.empty(0, np.int64), np.zeros(0, bool)
    b = (px[fin].min(), px[fin].max(), py[fin].min(), py[fin].max())
    near = None
    if not np.isfinite(radius) or max_snap_m is None:
        keep = usable
        outer = np.zeros(g.n_edges, bool)
        srows = np.flatnonzero(sok)
    else:
        near, far = _box_gap(b, *boxes)
        keep = usable & (near <= radius + max_snap_m)
        outer = keep & (far > radius - max_snap_m)
        sd, _ = _box_gap(b, sx, sx, sy, sy)
        srows = np.flatnonzero(sok & (sd <= radius))
    if not keep.any():
        return None, srows, np.empty(0, np.int64), np.zeros(0, bool)
    dropped = usable & ~keep
    touched = np.zeros(g.n_nodes, bool)
    touched[g.edge_u[dropped]] = True
    touched[g.edge_v[dropped]] = True
    touched[g.edge_u[outer]] = True
    touched[g.edge_v[outer]] = True
    used = np.zeros(g.n_nodes, bool)
    used[g.edge_u[keep]] = True
    used[g.edge_v[keep]] = True
    new_id = np.cumsum(used) - 1
    escape = new_id[np.flatnonzero(used & touched)]
    sub = g.subgraph(keep)
    if max_snap_m is not None:
        # the roads a point or a kept place may join (within max_snap_m of it): sampled for the snap
        if near is None:
            near, _ = _box_gap(b, *boxes)
        snap = near[keep] <= max_snap_m
        if len(srows):
            from scipy.spatial import cKDTree
            x0, x1, y0, y1 = (v[keep] for v in boxes)
            d, _ = cKDTree(np.column_stack([sx[srows], sy[srows]])).query(
                np.column_stack([(x0 + x1) / 2, (y0 + y1) / 2]), k=1)
            snap |= d - np.hypot(x1 - x0, y1 - y0) / 2 <= max_snap_m
        sub.snap_edges = snap
    return sub, srows, escape, outer[keep]


def _network_part(sub, px, py, sx, sy, escape_nodes, escape_edges, mode, weight, max_snap_m, radius):
    """One piece on a worker: :func:`indicators.network.graph_costs` on the subgraph, and which
    points it gives exactly the whole graph's answer (``exact``). A point is exact when

    * it is off the graph (farther than ``max_snap_m`` from every kept road, hence from every road);
    * or its nearest service as the crow flies is within ``radius`` (so the nearest places on and
      off the graph, which decide SERVICE_OFF_GRAPH, are the whole run's) and: its place has no
      time (SERVICE_OFF_GRAPH), or its cost is at most the cost of leaving the piece (a cheaper
      trip of the whole graph would have to leave it: reach an escape node or road, one more
      multi-source Dijkstra from them), or it has no path and cannot leave the piece either.

    No assumption on the edge costs (lengths against straight lines, speeds): the escape cost is
    measured on the graph itself. Returns (cost, status, service_on_graph, exact, seconds)."""
    import time

    from scipy.sparse.csgraph import dijkstra

    from .indicators import network as net
    from .indicators.coverage import nearest_distance
    t0 = time.perf_counter()
    r = net.graph_costs(sub, px, py, sx, sy, mode, weight, max_snap_m)
    cost, status, pa = r["cost"], r["status"], r["attach"]
    fin = np.isfinite(sx) & np.isfinite(sy)
    dstar = nearest_distance(px, py, sx[fin], sy[fin])[0] if fin.any() else np.full(len(px), np.inf)
    if len(escape_nodes):
        d = dijkstra(net._graph_matrix(sub, mode, weight), directed=True, indices=escape_nodes, min_only=True)
    else:
        d = np.full(sub.n_nodes, np.inf)
    with np.errstate(invalid="ignore"):
        leave = np.fmin(pa["to_u"] + d[pa["u"]], pa["to_v"] + d[pa["v"]])
        on_escape = (pa["edge"] >= 0) & escape_edges[np.maximum(pa["edge"], 0)]
        leave = np.where(on_escape, 0.0, leave) + net._snap_cost(pa["dist"], weight)
        exact = (status == net.OUTSIDE_GRAPH) | ((dstar <= radius) & (
            (status == net.SERVICE_OFF_GRAPH) | ((status == net.ON_GRAPH) & (cost <= leave))
            | ((status == net.UNREACHABLE) & ~np.isfinite(leave))))
    return cost, status, r["service_on_graph"], exact, time.perf_counter() - t0


def network_coverage(addresses, services, graph, mode: str = "drive", weight: str = "time", bands=(15, 30),
                     category=None, communes=None, feedback=None, *, demand=None,
                     max_snap_m: float | None = 1000.0, engine: str = "inprocess", scheduler: str | None = None,
                     workers: int = 2, processes: bool | None = None, client=None, buffer_m: float | None = None,
                     certify: bool = True) -> tuple[pd.DataFrame, dict]:
    """:func:`indicators.network.network_coverage_by_commune`, in process or partitioned by
    département on Dask: the same table and metadata (plus ``meta["engine"]``).

    Each département is solved on a piece of the road graph: its points, the services within a
    border buffer of its box — at first ``buffer_m``, by default the catchment: the largest band
    at the graph's top speed (minutes) or the largest band (metres) — and the roads within that
    buffer plus ``max_snap_m``. Each point's answer is checked exact on the piece itself
    (:func:`_network_part`: its cost is no more than the cost of leaving the piece, and its
    nearest place as the crow flies lies in the buffer); the points that are not are solved
    again with the buffer doubled, up to the whole graph. The per-point costs and statuses are
    then the whole graph's (the same shortest-path cost; summed along another path of equal
    cost, the last bits may differ), and the table is built from them as a single run builds it.
    One exception, left as is: a point exactly as far from two points sampled along different
    roads joins either (the KD-tree's tie), and a piece may break that tie the other way.
    The first buffer is only a start: a straight-line bound (network cost >= distance / top
    speed) would not be exact on read OSM graphs, whose nodes are rounded to 1 cm (a straight line
    between two nodes can be a few millimetres longer than the road's length).
    ``certify=False`` keeps every first answer (for tests: a too small buffer then shows)."""
    from .indicators import network as net
    from .indicators.coverage import _select_services, make_demand, service_points
    from .progress import ensure
    if engine not in ENGINES:
        raise ParameterError(f"unknown engine {engine!r}", hint=f"use one of {ENGINES}")
    if engine == "inprocess":
        return net.network_coverage_by_commune(addresses, services, graph, mode, weight, bands, category, communes,
                                               feedback, demand=demand, max_snap_m=max_snap_m)
    if max_snap_m is not None and not (np.isfinite(max_snap_m) and max_snap_m >= 0):
        raise ParameterError(f"the largest distance to the road graph must be >= 0 metres (got {max_snap_m})",
                             hint="e.g. 1000")
    require_dask()
    fb = ensure(feedback)
    bl = sorted(float(b) for b in (bands if np.ndim(bands) else [bands]))
    if not bl or bl[0] <= 0:
        raise ParameterError("bands must be positive", hint="e.g. 15, 30 (minutes)")
    svc = _select_services(services, category)
    dem = make_demand(addresses, communes, demand=demand)
    sx, sy, szone = service_points(svc, dem)
    groups, labels, _ = dem.grouped()
    point_dep = np.asarray(departement(labels), dtype=object)[groups]
    n = len(dem)
    cost = np.full(n, np.nan)
    status = np.full(n, net.OUTSIDE_GRAPH, dtype=np.int8)
    s_on = np.full(len(sx), -1, dtype=np.int8)              # -1: seen by no piece yet
    # the pieces: one road graph per territory, its points cut by département
    if dem.zone is None:
        pieces = {None: (graph, np.arange(n), np.arange(len(sx)))}
        graph_meta = {"nodes": graph.n_nodes, "edges": graph.n_edges, "crs": graph.crs}
    else:
        from . import territories
        graphs = territories.split_graphs(graph)
        zone, sz = np.asarray(dem.zone, dtype=object), np.asarray(szone, dtype=object)
        keys = sorted(set(zone.tolist()) - {""})
        pieces = {k: (graphs[k], np.flatnonzero(zone == k), np.flatnonzero(sz == k)) for k in keys if k in graphs}
        used = {k: {"nodes": g.n_nodes, "edges": g.n_edges, "crs": g.crs} for k, (g, _, _) in pieces.items()}
        graph_meta = {"nodes": sum(v["nodes"] for v in used.values()), "edges": sum(v["edges"] for v in used.values()),
                      "crs": sorted({v["crs"] for v in used.values()}), "territories": used,
                      "territories_without_graph": sorted(set(keys) - set(used))}
    prep = {}
    for k, (g, pts, srows) in pieces.items():
        net._check_graph(g, mode)
        if max_snap_m is None:       # a service joins the graph from any distance: the whole graph
            r0 = np.inf
        elif buffer_m is not None:
            r0 = float(buffer_m)
        else:
            r0 = max(bl) * (60.0 * net._max_speed_ms(g, mode) if weight == "time" else 1.0)
        allx = np.concatenate([g.node_x, dem.x[pts][np.isfinite(dem.x[pts])]])
        ally = np.concatenate([g.node_y, dem.y[pts][np.isfinite(dem.y[pts])]])
        extent = float(np.hypot(np.ptp(allx), np.ptp(ally))) + (max_snap_m or 0.0)
        prep[k] = (g, _edge_boxes(g), g.usable(mode), pts, srows, r0, extent)
    fb.set_progress(5)

    own = client is None
    cluster = None
    if own:
        client, cluster = _client(scheduler, workers, processes)
    timing: dict = {}
    rounds = 0
    try:
        import uuid

        from distributed import as_completed
        futures: dict = {}
        run = uuid.uuid4().hex[:8]

        def submit(k, dep, rows, radius):
            g, boxes, usable, pts, srows, _, _ = prep[k]
            px, py = dem.x[rows], dem.y[rows]
            sub, keep_s, esc, esc_e = _network_cut(g, boxes, usable, px, py, sx[srows], sy[srows], radius, max_snap_m)
            keep_s = srows[keep_s]
            if sub is None:        # no road within reach of the points: all of them off the graph
                cost[rows] = np.nan
                status[rows] = net.OUTSIDE_GRAPH
                return None
            fut = client.submit(_network_part, sub, px, py, sx[keep_s], sy[keep_s], esc, esc_e, mode, weight,
                                max_snap_m, radius, retries=RETRIES, pure=False,
                                key=f"terridiag-network-{run}-{k}-{dep}-{radius}")
            futures[fut] = (k, dep, rows, radius, keep_s, sub.n_nodes, sub.n_edges)
            return fut

        first = []
        for k, (g, _, _, pts, _, r0, _) in prep.items():
            deps, inv = np.unique(point_dep[pts].astype(str), return_inverse=True)
            for i, dep in enumerate(deps):
                f = submit(k, dep, pts[inv == i], r0)
                if f is not None:
                    first.append(f)
        total = len(first)
        ac = as_completed(first)
        done = 0
        for fut in ac:
            if fb.is_canceled():
                client.cancel(list(futures))
                fb.check()
            k, dep, rows, radius, keep_s, nn, ne = futures.pop(fut)
            c, st, son, exact, secs = fut.result()
            s_on[keep_s] = son
            rec = timing.setdefault(f"{k}:{dep}" if k else dep, {"seconds": 0.0, "rounds": 0, "points": len(rows)})
            rec["seconds"] += secs
            rec["rounds"] += 1
            rec.setdefault("pieces", []).append({"buffer_m": radius, "points": len(rows), "nodes": nn,
                                                 "edges": ne, "services": len(keep_s),
                                                 "seconds": round(secs, 3)})
            if not certify or not np.isfinite(radius):     # the whole graph: exact by definition
                exact = np.ones(len(rows), bool)
            cost[rows[exact]] = c[exact]
            status[rows[exact]] = st[exact]
            if not exact.all():
                extent = prep[k][6]
                wider = 2.0 * radius if 2.0 * radius < extent else np.inf
                rounds += 1
                f = submit(k, dep, rows[~exact], wider)
                if f is not None:
                    ac.add(f)
                    total += 1
                continue
            done += 1
            fb.set_progress(5 + 90 * min(done / max(total, 1), 1.0))
    finally:
        if own:
            client.close()
            if cluster is not None:
                cluster.close()

    unseen = np.flatnonzero(s_on < 0)
    for k, (g, boxes, usable, _, srows, _, _) in prep.items():
        rows = np.intersect1d(unseen, srows)
        ok = np.isfinite(sx[rows]) & np.isfinite(sy[rows])
        s_on[rows[~ok]] = 0
        rows = rows[ok]
        if len(rows):          # services near no point: on the graph or not, as the whole run says
            b = (sx[rows].min(), sx[rows].max(), sy[rows].min(), sy[rows].max())
            lim = np.inf if max_snap_m is None else max_snap_m
            keep = usable & (_box_gap(b, *boxes)[0] <= lim)
            if keep.any():
                d = g.subgraph(keep).snap(sx[rows], sy[rows], mode)[0]
                s_on[rows] = np.isfinite(d) & (d <= lim)
            else:
                s_on[rows] = 0
    s_on[s_on < 0] = 0
    r = {"cost": cost, "status": status, "service_on_graph": s_on.astype(bool)}
    table, meta = net.network_coverage_by_commune(addresses, services, graph, mode, weight, bands, category,
                                                  communes, None, demand=dem, max_snap_m=max_snap_m,
                                                  point_costs=(r, graph_meta))
    meta["engine"] = {"name": "dask", "partition_by": "département", "partitions": len(timing),
                      "scheduler": scheduler or f"LocalCluster({workers})", "rounds_widened": rounds,
                      "border_buffer_m": "the services within the buffer of each département's box and the roads "
                                         "within it plus max_snap_m; first the catchment (largest band at the "
                                         "graph's top speed), doubled for the points whose answer the piece "
                                         "cannot prove exact",
                      "certified": bool(certify), "per_departement": timing}
    table.attrs["network"] = meta
    fb.set_progress(100)
    return table, meta


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
    ap.add_argument("--roads", help="OpenStreetMap extract (.osm / .osm.pbf): coverage along the road network")
    ap.add_argument("--mode", choices=("drive", "walk"), default="drive", help="with --roads")
    ap.add_argument("--weight", choices=("time", "distance"), default="time",
                    help="with --roads: minutes, or metres (then --band is in metres)")
    ap.add_argument("--band", type=float, action="append", help="with --roads (repeatable; default 15 and 30)")
    ap.add_argument("--max-snap", type=float, default=1000.0, help="with --roads: metres (default 1000)")
    ap.add_argument("--epsg", type=int, default=2154, help="with --roads: CRS of the x, y columns (default 2154)")
    a = ap.parse_args(argv)

    def read(path):
        return pd.read_parquet(path) if str(path).endswith(".parquet") else pd.read_csv(path, dtype={"code_insee": str})
    if a.roads:
        from .sources.roads import read_osm_roads
        graph = read_osm_roads(a.roads, epsg=a.epsg).data
        table, _ = network_coverage(read(a.addresses), read(a.services), graph, a.mode, a.weight, a.band or [15, 30],
                                    max_snap_m=a.max_snap, engine=a.engine, scheduler=a.scheduler or None,
                                    workers=a.workers)
    else:
        table = coverage(read(a.addresses), read(a.services), a.threshold or [5], weighting="none",
                         engine=a.engine, scheduler=a.scheduler or None, workers=a.workers)
    table.to_csv(a.out, index=False)
    print(f"{len(table)} communes -> {a.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
