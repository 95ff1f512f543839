"""Coverage along the road network (OSM graph): travel time or distance to the nearest service.

Method:

1. demand points and services are snapped to the nearest graph node usable by the mode
   (KD-tree on the nodes); the snap distance is walked (4.5 km/h) and added to the cost — but
   only up to ``max_snap_m`` (1 km by default): a point farther from the graph (outside a partial
   OSM extract) gets no travel time rather than a walk of tens of kilometres, and a service
   farther from it is left out (a point it could be nearer to gets no time either);
2. one shortest-path pass gives every node's cost to its nearest service: a virtual source
   node is linked to every service's node with the service's own snap cost, and one Dijkstra
   (scipy.sparse.csgraph) runs from it on the REVERSED graph — so for driving, one-way streets
   are followed in the direction a resident drives to the service; walking ignores direction;
3. per demand point: node cost + snap cost; per commune: mean, median, 90th percentile, share
   within each band, weighted by population (points without a time — off the graph, nearest
   place off the graph, or no path at all — are left out and counted);
4. service areas: see :func:`service_areas`.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import InputDataError, ParameterError
from ..graph import MAX_DRIVE_SPEED_KMH, WALK_SPEED_KMH
from ..progress import ensure

WALK_MS = WALK_SPEED_KMH / 3.6


def _usable_nodes(graph, mode: str) -> np.ndarray:
    mask = graph.usable(mode)
    used = np.zeros(graph.n_nodes, dtype=bool)
    used[graph.edge_u[mask]] = True
    used[graph.edge_v[mask]] = True
    return np.flatnonzero(used)


def _check_graph(graph, mode: str) -> None:
    if not graph.usable(mode).any():
        raise InputDataError(f"the road graph has no edge usable for mode {mode!r}",
                             hint="load the roads of the territory (OSM highways)")


def attach(graph, x, y, mode: str = "drive", weight: str = "time") -> dict:
    """How each point joins the graph: its nearest point on a usable road (``RoadGraph.snap``),
    ``dist`` (m, straight line to the road, walked), and the two ends of that road piece:
    ``u``/``v`` with ``to_u``/``to_v`` (cost of going from the point's place on the road to that
    node) and ``from_u``/``from_v`` (from that node to the place). Going against a one-way road
    costs inf (pedestrians ignore one-way roads). Also ``edge`` and ``frac`` (canonical: the
    lower-numbered edge of a two-way piece, so that two points on one piece compare)."""
    _check_graph(graph, mode)
    d, e, t, r = graph.snap(x, y, mode)
    ok = e >= 0
    ee = np.maximum(e, 0)
    if mode == "walk":
        r = np.where(ok, np.where(r >= 0, r, e), -1)
    c = graph.cost(mode, weight)
    rr = np.maximum(r, 0)
    has_r = r >= 0
    fwd = np.where(ok, c[ee], np.inf)
    back = np.where(ok & has_r, c[rr], np.inf)
    with np.errstate(invalid="ignore"):          # 0 x inf: at a node, nothing to drive
        out = {"dist": np.where(ok, d, np.nan),
               "u": graph.edge_u[ee], "v": graph.edge_v[ee],
               "to_v": np.where(t >= 1, 0.0, (1 - t) * fwd), "from_u": np.where(t <= 0, 0.0, t * fwd),
               "to_u": np.where(t <= 0, 0.0, t * back), "from_v": np.where(t >= 1, 0.0, (1 - t) * back)}
    # canonical piece: the lower of the two edges, its fraction measured from its own start
    canon = np.where(has_r & (r < e), r, e)
    out["edge"] = np.where(ok, canon, -1)
    out["frac"] = np.where(canon == e, t, 1 - t)
    out["canon_fwd"] = np.where(ok, c[np.maximum(canon, 0)], np.inf)
    other = np.where(canon == e, r, e)
    out["canon_back"] = np.where(ok & (other >= 0), c[np.maximum(other, 0)], np.inf)
    return out


def snap(graph, x, y, mode: str = "drive", tree_nodes=None) -> tuple[np.ndarray, np.ndarray]:
    """Nearest end node of the nearest road of each point and the straight-line distance to
    that road (metres; NaN for NaN coordinates). ``tree_nodes`` is ignored (kept for callers)."""
    a = attach(graph, x, y, mode, "distance")
    node = np.where(a["from_u"] <= a["from_v"], a["u"], a["v"])
    return node, a["dist"]


def _same_piece(pa: dict, sa: dict, sok: np.ndarray):
    """Cost from each point to a service on the same road piece without leaving it (inf when
    none), and that service. One pass per piece that carries a service (few)."""
    n = len(pa["dist"])
    best = np.full(n, np.inf)
    which = np.full(n, -1, dtype=np.int64)
    sidx = np.flatnonzero(sok & (sa["edge"] >= 0))
    if not len(sidx) or not n:
        return best, which
    pieces = np.unique(sa["edge"][sidx])
    hit = np.flatnonzero(np.isin(pa["edge"], pieces))
    if not len(hit):
        return best, which
    order = hit[np.argsort(pa["edge"][hit], kind="stable")]
    pe = pa["edge"][order]
    for piece in pieces:
        lo, hi = np.searchsorted(pe, piece, "left"), np.searchsorted(pe, piece, "right")
        if lo == hi:
            continue
        pts = order[lo:hi]
        svs = sidx[sa["edge"][sidx] == piece]
        dt = sa["frac"][svs][None, :] - pa["frac"][pts][:, None]          # > 0: ahead on the piece
        with np.errstate(invalid="ignore"):
            c = np.where(dt >= 0, dt * pa["canon_fwd"][pts][:, None], -dt * pa["canon_back"][pts][:, None])
        c = c + sa["walk"][svs][None, :]
        j = np.argmin(c, axis=1)
        cj = c[np.arange(len(pts)), j]
        better = cj < best[pts]
        best[pts[better]] = cj[better]
        which[pts[better]] = svs[j[better]]
    return best, which


def _snap_cost(dist_m: np.ndarray, weight: str) -> np.ndarray:
    return dist_m / WALK_MS if weight == "time" else dist_m


def _graph_matrix(graph, mode: str, weight: str):
    """CSR matrix for "cost from a node to the services" searches from the services."""
    m = graph.csr(mode, weight, reverse=True)
    if mode == "walk":  # pedestrians use every way in both directions
        m = _sym_min(m)
    return m


def _sym_min(m):
    """Symmetric matrix keeping the cheaper of (i,j) and (j,i) where both exist."""
    from scipy.sparse import coo_matrix
    c = m.tocoo()
    u = np.concatenate([c.row, c.col])
    v = np.concatenate([c.col, c.row])
    w = np.concatenate([c.data, c.data])
    order = np.lexsort((w, v, u))
    u, v, w = u[order], v[order], w[order]
    keep = np.ones(len(u), bool)
    keep[1:] = (u[1:] != u[:-1]) | (v[1:] != v[:-1])
    return coo_matrix((w[keep], (u[keep], v[keep])), shape=m.shape).tocsr()


def node_costs(graph, svc_x, svc_y, mode: str = "drive", weight: str = "time",
               limit: float | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Cost (seconds or metres) from every node to its nearest service, snap walks included,
    and the index (in svc_x) of that service (-1 when unreachable)."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import dijkstra
    if mode not in ("walk", "drive"):
        raise ParameterError(f"unknown mode {mode!r}", hint='"walk" or "drive"')
    if weight not in ("time", "distance"):
        raise ParameterError(f"unknown weight {weight!r}", hint='"time" or "distance"')
    n = graph.n_nodes
    sa = attach(graph, svc_x, svc_y, mode, weight)
    ok = np.isfinite(sa["dist"])
    if not ok.any():
        raise InputDataError("no service point with coordinates")
    walk = _snap_cost(sa["dist"], weight)
    # each service is reached from both ends of its road piece (from the far end only where the
    # road is two-way); per node, the service it reaches most cheaply
    ids = np.flatnonzero(ok)
    snode = np.concatenate([sa["u"][ids], sa["v"][ids]])
    scost = np.concatenate([walk[ids] + sa["from_u"][ids], walk[ids] + sa["from_v"][ids]])
    sidx = np.concatenate([ids, ids])
    fin = np.isfinite(scost)
    snode, scost, sidx = snode[fin], scost[fin], sidx[fin]
    order = np.lexsort((scost, snode))
    sn, sc, sid = snode[order], scost[order], sidx[order]
    first = np.ones(len(sn), bool)
    first[1:] = sn[1:] != sn[:-1]
    sn, sc, sid = sn[first], sc[first], sid[first]
    base = _graph_matrix(graph, mode, weight).tocoo()
    # virtual source n -> service nodes (tiny positive cost so zero snaps stay edges)
    row = np.concatenate([base.row, np.full(len(sn), n)])
    col = np.concatenate([base.col, sn])
    dat = np.concatenate([base.data, np.maximum(sc, 1e-9)])
    m = coo_matrix((dat, (row, col)), shape=(n + 1, n + 1)).tocsr()
    dist, pred = dijkstra(m, directed=True, indices=n, return_predecessors=True,
                          limit=np.inf if limit is None else float(limit))
    dist = dist[:n]
    # nearest service: follow predecessors up to the node linked to the virtual source
    # (pointer jumping: log2(depth) vectorised passes instead of a walk per node)
    p = pred[:n].astype(np.int64)
    anchor = np.arange(n)
    reach = p >= 0
    root = reach & (p == n)
    p = np.where(reach & ~root, p, anchor)
    while True:
        q = p[p]
        if np.array_equal(q, p):
            break
        p = q
    svc_of_node = np.full(n, -1, dtype=np.int64)
    svc_of_node[sn] = sid
    nearest = np.where(np.isfinite(dist), svc_of_node[p], -1)
    return dist, nearest


# status of each demand point in :func:`graph_costs`
ON_GRAPH, OUTSIDE_GRAPH, UNREACHABLE, SERVICE_OFF_GRAPH = 0, 1, 2, 3
DEFAULT_MAX_SNAP_M = 1000.0


def _max_speed_ms(graph, mode: str) -> float:
    """The fastest speed of the graph's usable edges (m/s): no trip can beat it."""
    if mode == "walk":
        return WALK_MS
    sp = np.minimum(graph.speed_kmh[graph.usable(mode)].astype(float), MAX_DRIVE_SPEED_KMH)
    return max(float(np.nanmax(sp)) if sp.size else 0.0, WALK_SPEED_KMH) / 3.6


def graph_costs(graph, px, py, sx, sy, mode: str = "drive", weight: str = "time",
                max_snap_m: float | None = DEFAULT_MAX_SNAP_M, limit: float | None = None) -> dict:
    """Cost (seconds or metres) from each point to its nearest service along the graph, only
    where the graph can tell it.

    * a point farther than ``max_snap_m`` from the graph gets NaN (status OUTSIDE_GRAPH): its
      trip would be mostly a walk to a distant road, not a travel time;
    * a service farther than ``max_snap_m`` from the graph is left out of the search
      (``service_on_graph`` False); a point whose nearest place as the crow flies is such a
      service gets NaN too (status SERVICE_OFF_GRAPH): the graph cannot give the time to its
      nearest place (a strict bound — the off-graph place at the graph's top speed — would void
      nearly every point of a partial extract, since snap walks alone take minutes);
    * a point on the graph with no path to a service gets +inf (status UNREACHABLE).

    ``max_snap_m=None`` keeps every point and service (snap walks of any length).
    Points and services join the graph at their nearest point on a road (:func:`attach`): the
    straight line to it is walked, then the road is followed to either end of its piece.
    Returns a dict: cost, service (index in sx, -1 when none), status, snap_m (points),
    service_on_graph, service_snap_m, node_cost, max_speed_ms.
    """
    px, py = np.asarray(px, float), np.asarray(py, float)
    sx, sy = np.asarray(sx, float), np.asarray(sy, float)
    limit_m = np.inf if max_snap_m is None else float(max_snap_m)
    sa = attach(graph, sx, sy, mode, weight)
    sdist = sa["dist"]
    s_on = np.isfinite(sdist) & (sdist <= limit_m)
    pa = attach(graph, px, py, mode, weight)
    adist = pa["dist"]
    if s_on.any():
        on_idx = np.flatnonzero(s_on)
        ncost, nsvc = node_costs(graph, sx[on_idx], sy[on_idx], mode, weight, limit)
        nsvc = np.where(nsvc >= 0, on_idx[np.maximum(nsvc, 0)], -1)
    else:
        ncost = np.full(graph.n_nodes, np.inf)
        nsvc = np.full(graph.n_nodes, -1, dtype=np.int64)
    # from the point's place on its road to either end of the road piece, then the node's cost
    via_u = pa["to_u"] + ncost[pa["u"]]
    via_v = pa["to_v"] + ncost[pa["v"]]
    use_v = via_v <= via_u
    cost = np.where(use_v, via_v, via_u)
    service = np.where(use_v, nsvc[pa["v"]], nsvc[pa["u"]]).astype(np.int64)
    # a service on the same road piece is reached along it, without going round by a node
    sa["walk"] = _snap_cost(sdist, weight)
    same, which = _same_piece(pa, sa, s_on)
    closer = same < cost
    cost = np.where(closer, same, cost)
    service = np.where(closer, which, service)
    cost = cost + _snap_cost(adist, weight)
    status = np.full(len(px), ON_GRAPH, dtype=np.int8)
    outside = ~(adist <= limit_m)                   # NaN coordinates are outside too
    status[outside] = OUTSIDE_GRAPH
    cost[outside] = np.nan
    service[outside] = -1
    service[~np.isfinite(cost)] = -1
    unreach = ~outside & ~np.isfinite(cost)
    status[unreach] = UNREACHABLE
    vmax = _max_speed_ms(graph, mode)
    off = np.isfinite(sx) & np.isfinite(sy) & ~s_on
    if off.any():
        from .coverage import nearest_distance
        d_off, _ = nearest_distance(px, py, sx[off], sy[off])
        d_on = nearest_distance(px, py, sx[s_on], sy[s_on])[0] if s_on.any() else np.full(len(px), np.inf)
        doubt = (status != OUTSIDE_GRAPH) & np.isfinite(d_off) & (d_off < d_on)
        status[doubt] = SERVICE_OFF_GRAPH
        cost[doubt] = np.nan
        service[doubt] = -1
    return {"cost": cost, "service": service, "status": status, "snap_m": adist,
            "service_on_graph": s_on, "service_snap_m": sdist, "node_cost": ncost, "max_speed_ms": vmax,
            "attach": pa}


def graph_costs_by_zone(roads, px, py, pzone, sx, sy, szone, mode: str = "drive", weight: str = "time",
                        max_snap_m: float | None = DEFAULT_MAX_SNAP_M, limit: float | None = None):
    """:func:`graph_costs` territory by territory: each territory's points and places on its own
    road graph (``territories.split_graphs`` of ``roads``, one graph or a list). Points of a
    territory without a graph are OUTSIDE_GRAPH; a place is on the graph of its territory or on
    none. Returns (the dict of :func:`graph_costs` without node costs, the graphs' metadata)."""
    from .. import territories
    graphs = territories.split_graphs(roads)
    px, py, sx, sy = (np.asarray(v, float) for v in (px, py, sx, sy))
    pzone, szone = np.asarray(pzone, dtype=object), np.asarray(szone, dtype=object)
    n = len(px)
    out = {"cost": np.full(n, np.nan), "service": np.full(n, -1, dtype=np.int64),
           "status": np.full(n, OUTSIDE_GRAPH, dtype=np.int8), "snap_m": np.full(n, np.nan),
           "service_on_graph": np.zeros(len(sx), bool), "service_snap_m": np.full(len(sx), np.nan),
           "node_cost": None, "max_speed_ms": 0.0}
    used = {}
    for key in sorted(set(pzone.tolist()) - {""}):
        g = graphs.get(key)
        if g is None:
            continue
        p = np.flatnonzero(pzone == key)
        s = np.flatnonzero(szone == key)
        r = graph_costs(g, px[p], py[p], sx[s], sy[s], mode, weight, max_snap_m, limit)
        out["cost"][p] = r["cost"]
        if len(s):
            out["service"][p] = np.where(r["service"] >= 0, s[np.maximum(r["service"], 0)], -1)
        out["status"][p] = r["status"]
        out["snap_m"][p] = r["snap_m"]
        out["service_on_graph"][s] = r["service_on_graph"]
        out["service_snap_m"][s] = r["service_snap_m"]
        out["max_speed_ms"] = max(out["max_speed_ms"], r["max_speed_ms"])
        used[key] = {"nodes": g.n_nodes, "edges": g.n_edges, "crs": g.crs}
    meta = {"nodes": sum(v["nodes"] for v in used.values()), "edges": sum(v["edges"] for v in used.values()),
            "crs": sorted({v["crs"] for v in used.values()}), "territories": used,
            "territories_without_graph": sorted(set(pzone.tolist()) - {""} - set(used))}
    return out, meta


def address_costs(graph, addr_x, addr_y, svc_x, svc_y, mode: str = "drive", weight: str = "time",
                  limit: float | None = None, max_snap_m: float | None = DEFAULT_MAX_SNAP_M):
    """Per point: cost to the nearest service (seconds or metres; +inf when unreachable, NaN when
    the graph cannot tell: see :func:`graph_costs`), the service index, and the node costs (for
    service areas)."""
    r = graph_costs(graph, addr_x, addr_y, svc_x, svc_y, mode, weight, max_snap_m, limit)
    return r["cost"], r["service"], r["node_cost"]


def network_coverage_by_commune(addresses, services, graph, mode: str = "drive", weight: str = "time",
                                bands=(15, 30), category=None, communes=None, feedback=None, *,
                                demand=None, max_snap_m: float | None = DEFAULT_MAX_SNAP_M,
                                point_costs: tuple[dict, dict] | None = None) -> tuple[pd.DataFrame, dict]:
    """Per commune: n_addresses, n_unreachable, n_outside_graph, network_known_share and, for
    weight="time", time_mean_min, time_median_min, time_p90_min, share_within_{b}min per band
    (minutes); for weight="distance", netdist_mean_m, netdist_median_m, netdist_p90_m,
    share_within_{b}m (bands in metres).

    Demand: ``demand`` (:mod:`demand`), else the addresses (communes without: one point each).
    Only demand the graph can tell about counts (:func:`graph_costs`): a point off the graph,
    whose nearest place is off the graph, or with no path at all (a road cut off at the edge of
    an extract) has no time and is left out of the statistics and the shares
    (``network_known_share`` is the share of the commune's demand that has one; a commune with
    none has empty values). Statistics and shares are weighted by population when it is known. The metadata records what was left out
    (``outside_graph``, ``graph_covers_share``, ``services_off_graph``).

    ``point_costs``: (the per-point ``cost``, ``status`` and per-service ``service_on_graph`` of
    :func:`graph_costs` for this demand, the graph's metadata) computed elsewhere — the Dask engine
    (``core.engine.network_coverage``) solves them by département — and turned into the table here,
    as a single run turns its own."""
    from .coverage import _select_services, fmt_km, group_stats, make_demand, service_points, territory_stats
    fb = ensure(feedback)
    bands = sorted(float(b) for b in (bands if np.ndim(bands) else [bands]))
    if not bands or bands[0] <= 0:
        raise ParameterError("bands must be positive", hint="e.g. 15, 30 (minutes)")
    if max_snap_m is not None and not (np.isfinite(max_snap_m) and max_snap_m >= 0):
        raise ParameterError(f"the largest distance to the road graph must be >= 0 metres (got {max_snap_m})",
                             hint="e.g. 1000")
    svc = _select_services(services, category)
    dem = make_demand(addresses, communes, demand=demand)
    groups, labels, source = dem.grouped()
    fb.set_progress(10)
    sx, sy, szone = service_points(svc, dem)
    if point_costs is not None:
        r, graph_meta = point_costs
    elif dem.zone is None:
        r = graph_costs(graph, dem.x, dem.y, sx, sy, mode, weight, max_snap_m)
        graph_meta = {"nodes": graph.n_nodes, "edges": graph.n_edges, "crs": graph.crs}
    else:
        r, graph_meta = graph_costs_by_zone(graph, dem.x, dem.y, dem.zone, sx, sy, szone, mode, weight,
                                            max_snap_m)
    fb.check()
    fb.set_progress(80)
    scale = 60.0 if weight == "time" else 1.0           # seconds -> minutes
    status = r["status"]
    # no path at all: in France nearly always a hole in the data (a road cut off at the edge of an
    # extract), not people who cannot reach anything: left out of the shares, like off-graph points
    val = np.where(status == UNREACHABLE, np.nan, r["cost"] / scale)
    weighted = dem.meta.get("weighting") == "population"
    w = dem.weight if weighted else None
    st = group_stats(groups, len(labels), val, thresholds=bands, weights=w, weighted=weighted)
    n = len(labels)
    cnt = np.bincount(groups, minlength=n)
    wt = np.where(np.isfinite(dem.weight), dem.weight, 0.0) if weighted else np.ones(len(val))
    wall = np.bincount(groups, weights=wt, minlength=n)
    known = ~np.isnan(val)
    wknown = np.bincount(groups, weights=wt * known, minlength=n)
    out = pd.DataFrame({"code_insee": labels.astype(str),
                        "n_addresses": np.where(source == "addresses", cnt, 0).astype(np.int64),
                        "demand_source": source,
                        "n_unreachable": np.bincount(groups, weights=(status == UNREACHABLE),
                                                     minlength=n).astype(np.int64),
                        "n_outside_graph": np.bincount(groups, weights=(status == OUTSIDE_GRAPH),
                                                       minlength=n).astype(np.int64),
                        "network_known_share": np.where(wall > 0, wknown / np.where(wall > 0, wall, 1),
                                                        st["n_known"] / np.maximum(cnt, 1))})
    pre, unit = ("time", "min") if weight == "time" else ("netdist", "m")
    out[f"{pre}_mean_{unit}"] = st["mean"]
    out[f"{pre}_median_{unit}"] = st["q50"]
    out[f"{pre}_p90_{unit}"] = st["q90"]
    for b in bands:
        out[f"share_within_{fmt_km(b)}{unit}"] = st[f"share_{b}"]
    # what the graph could not tell, for the texts ("12 communes hors de l'extrait OSM")
    off_pts = status == OUTSIDE_GRAPH
    doubt = status == SERVICE_OFF_GRAPH
    wsum = float(wt.sum())
    n_near = np.bincount(groups, weights=~off_pts, minlength=n)
    s_on = r["service_on_graph"]
    unreach = status == UNREACHABLE
    outside = {"max_snap_m": float(max_snap_m) if max_snap_m is not None else None,
               "points": int(off_pts.sum()),
               "population": float(wt[off_pts].sum()) if weighted else None,
               "communes": out.loc[n_near == 0, "code_insee"].tolist(),
               "communes_partly": out.loc[(n_near > 0) & (n_near < cnt), "code_insee"].tolist(),
               "communes_without_time": out.loc[st["n_known"] == 0, "code_insee"].tolist(),
               "nearer_service_off_graph": {"points": int(doubt.sum()),
                                            "population": float(wt[doubt].sum()) if weighted else None},
               "unreachable": {"points": int(unreach.sum()),
                               "population": float(wt[unreach].sum()) if weighted else None}}
    within = ~off_pts
    meta = {"method": "multi-source Dijkstra (scipy.sparse.csgraph) from the services on the "
                      "reversed road graph; demand and services snapped to the nearest usable node, "
                      f"snap distance walked at {WALK_SPEED_KMH} km/h; points and services farther "
                      "than max_snap_m from the graph get no travel time",
            "mode": mode, "weight": weight, "bands": bands, "unit": unit,
            "graph": graph_meta,
            "speeds": "OSM maxspeed or the default of the highway class (graph.DEFAULT_DRIVE_SPEED_KMH)"
                      if mode == "drive" else f"{WALK_SPEED_KMH} km/h",
            "max_snap_m": outside["max_snap_m"],
            "n_unreachable": int(np.sum(status == UNREACHABLE)),
            "outside_graph": outside,
            "graph_covers_share": float(wt[within].sum() / wsum) if wsum > 0 else None,
            "services_off_graph": {"count": int((~s_on).sum()), "of": int(len(s_on))},
            "demand": dem.meta.get("source")}
    whole = territory_stats(val, bands, w)
    meta["territory"] = {f"{pre}_mean_{unit}": whole["mean"], f"{pre}_median_{unit}": whole["q50"],
                         f"{pre}_p90_{unit}": whole["q90"],
                         **{f"share_within_{fmt_km(b)}{unit}": whole[f"share_{b}"] for b in bands},
                         "network_known_share": float((wt * known).sum() / wsum) if wsum > 0 else None}
    fb.set_progress(100)
    return out, meta


def on_graph(graph, x, y, mode: str = "drive", max_snap_m: float | None = DEFAULT_MAX_SNAP_M) -> np.ndarray:
    """True where a point is within ``max_snap_m`` of a road usable by ``mode``."""
    _, d = snap(graph, x, y, mode)
    return np.isfinite(d) & (d <= (np.inf if max_snap_m is None else float(max_snap_m)))


def network_pairs(graph, demand_x, demand_y, supply_x, supply_y, max_cost: float, mode: str = "drive",
                  weight: str = "time", chunk: int = 16, max_snap_m: float | None = DEFAULT_MAX_SNAP_M):
    """(demand index, supply index, cost) of every pair whose network cost (seconds or metres,
    snap walks included) is <= ``max_cost`` — the cost pairs of a 2SFCA by travel time
    (``fsca.two_step_fca``). One Dijkstra per place on the reversed graph, bounded by
    ``max_cost``, by chunks of ``chunk`` places to bound memory (chunk x nodes floats). Demand
    points and places farther than ``max_snap_m`` from the graph are in no pair."""
    from scipy.sparse.csgraph import dijkstra
    m = _graph_matrix(graph, mode, weight)
    pa = attach(graph, demand_x, demand_y, mode, weight)
    sa = attach(graph, supply_x, supply_y, mode, weight)
    adist, sdist = pa["dist"], sa["dist"]
    if max_snap_m is not None:
        adist = np.where(adist <= max_snap_m, adist, np.nan)
        sdist = np.where(sdist <= max_snap_m, sdist, np.nan)
    acost, scost = _snap_cost(adist, weight), _snap_cost(sdist, weight)
    dok = np.flatnonzero(np.isfinite(acost))
    out_i, out_j, out_c = [], [], []
    sok = np.flatnonzero(np.isfinite(scost))
    au, av = pa["u"][dok], pa["v"][dok]
    to_u, to_v = pa["to_u"][dok], pa["to_v"][dok]
    for start in range(0, len(sok), chunk):
        js = sok[start:start + chunk]
        # each place is entered from both ends of its road piece
        eu = scost[js] + sa["from_u"][js]
        ev = scost[js] + sa["from_v"][js]
        lim = max_cost - np.nanmin(np.fmin(eu, ev))
        if not lim >= 0:
            continue
        k = len(js)
        d = dijkstra(m, directed=True, indices=np.concatenate([sa["u"][js], sa["v"][js]]), limit=lim)
        ds = np.fmin(eu[:, None] + d[:k], ev[:, None] + d[k:])          # node -> place j
        c = np.fmin(to_u[None, :] + ds[:, au], to_v[None, :] + ds[:, av])
        # along the same road piece, without going round by a node
        same = sa["edge"][js][:, None] == pa["edge"][dok][None, :]
        if same.any():
            dt = sa["frac"][js][:, None] - pa["frac"][dok][None, :]
            with np.errstate(invalid="ignore"):
                direct = np.where(dt >= 0, dt * pa["canon_fwd"][dok][None, :], -dt * pa["canon_back"][dok][None, :])
            c = np.where(same, np.fmin(c, direct + scost[js][:, None]), c)
        c = c + acost[dok][None, :]
        r, kk = np.nonzero(c <= max_cost)
        out_i.append(dok[kk])
        out_j.append(js[r])
        out_c.append(c[r, kk])
    if not out_i:
        return np.empty(0, np.int64), np.empty(0, np.int64), np.empty(0, float)
    return np.concatenate(out_i), np.concatenate(out_j), np.concatenate(out_c)


def service_areas(graph, node_cost: np.ndarray, bands, mode: str = "drive", weight: str = "time",
                  cell: float = 100.0, buffer_cells: int = 1, crs=None):
    """Service-area polygons per band, disjoint between bands.

    The usable edges are sampled every cell/2 metres; the cost of a sample is the cheaper of
    going through either end of its edge (node cost + the part of the edge cost). Samples are
    rasterised at ``cell`` metres, each cell taking the LOWEST band any of its samples reaches;
    the raster is widened by ``buffer_cells`` (a cell next to a road belongs to that road's band)
    and polygonised (rasterio.features.shapes). Because every cell has one band, bands never
    overlap; band k covers the area reached in (band_{k-1}, band_k]. ``bands`` and the
    returned labels are in minutes for weight="time", metres for "distance".
    """
    import geopandas as gpd
    from rasterio import features
    from rasterio.transform import from_origin
    from scipy import ndimage
    from shapely.geometry import shape

    bands = sorted(float(b) for b in bands)
    scale = 60.0 if weight == "time" else 1.0
    limits = np.array(bands) * scale
    mask = graph.usable(mode)
    u, v = graph.edge_u[mask], graph.edge_v[mask]
    ec = graph.cost(mode, weight)[mask]
    cu, cv = node_cost[u], node_cost[v]
    ok = np.isfinite(cu) | np.isfinite(cv)
    u, v, ec, cu, cv = u[ok], v[ok], ec[ok], cu[ok], cv[ok]
    length = graph.length_m[mask][ok]
    step = cell / 2.0
    k = np.ceil(length / step).astype(np.int64) + 1           # samples per edge, ends included
    rep = np.repeat(np.arange(len(u)), k)
    start = np.concatenate([[0], np.cumsum(k)[:-1]])
    t = (np.arange(rep.size) - start[rep]) / np.maximum(k[rep] - 1, 1)
    px = graph.node_x[u][rep] * (1 - t) + graph.node_x[v][rep] * t
    py = graph.node_y[u][rep] * (1 - t) + graph.node_y[v][rep] * t
    pc = np.fmin(cu[rep] + t * ec[rep], cv[rep] + (1 - t) * ec[rep])
    band = np.searchsorted(limits, pc, side="left")
    keep = band < len(bands)
    px, py, band = px[keep], py[keep], band[keep]
    cols = ["band", "band_from", "band_to", "label", "area_km2", "geometry"]
    if px.size == 0:
        return gpd.GeoDataFrame({c: [] for c in cols[:-1]}, geometry=[], crs=crs or graph.crs)
    pad = (buffer_cells + 1) * cell
    x0, y1 = px.min() - pad, py.max() + pad
    ncol = int(np.ceil((px.max() + pad - x0) / cell))
    nrow = int(np.ceil((y1 - (py.min() - pad)) / cell))
    col = ((px - x0) // cell).astype(np.int64)
    row = ((y1 - py) // cell).astype(np.int64)
    nodata = 255
    grid = np.full((nrow, ncol), nodata, dtype=np.uint8)
    order = np.argsort(-band, kind="stable")                  # last write wins = lowest band
    grid[row[order], col[order]] = band[order].astype(np.uint8)
    if buffer_cells > 0:
        grid = ndimage.grey_erosion(grid, size=(2 * buffer_cells + 1, 2 * buffer_cells + 1))
    transform = from_origin(x0, y1, cell, cell)
    geoms, vals = [], []
    for geom, val in features.shapes(grid, mask=grid != nodata, transform=transform):
        geoms.append(shape(geom))
        vals.append(int(val))
    parts = gpd.GeoDataFrame({"band": vals}, geometry=geoms, crs=crs or graph.crs)
    out = parts.dissolve(by="band").reset_index()
    unit = "min" if weight == "time" else "m"
    lo = [0.0] + bands[:-1]
    out["band_from"] = [lo[b] for b in out["band"]]
    out["band_to"] = [bands[b] for b in out["band"]]
    out["label"] = [f"{lo[b]:g}-{bands[b]:g} {unit}" for b in out["band"]]
    out["area_km2"] = np.asarray(out.geometry.area, float) / 1e6
    return out[cols]
