"""Coverage along the road network (OSM graph): travel time or distance to the nearest service.

Method:

1. demand points and services are snapped to the nearest graph node usable by the mode
   (KD-tree on the nodes); the snap distance is walked (4.5 km/h) and added to the cost;
2. one shortest-path pass gives every node's cost to its nearest service: a virtual source
   node is linked to every service's node with the service's own snap cost, and one Dijkstra
   (scipy.sparse.csgraph) runs from it on the REVERSED graph — so for driving, one-way streets
   are followed in the direction a resident drives to the service; walking ignores direction;
3. per address: node cost + snap cost; per commune: mean, median, 90th percentile, share
   within each band (unreachable addresses count as outside and are counted);
4. service areas: see :func:`service_areas`.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import InputDataError, ParameterError
from ..graph import WALK_SPEED_KMH
from ..progress import ensure

WALK_MS = WALK_SPEED_KMH / 3.6


def _usable_nodes(graph, mode: str) -> np.ndarray:
    mask = graph.usable(mode)
    used = np.zeros(graph.n_nodes, dtype=bool)
    used[graph.edge_u[mask]] = True
    used[graph.edge_v[mask]] = True
    return np.flatnonzero(used)


def snap(graph, x, y, mode: str = "drive", tree_nodes=None) -> tuple[np.ndarray, np.ndarray]:
    """Nearest usable node of each point and the straight-line snap distance (metres)."""
    from scipy.spatial import cKDTree
    nodes = _usable_nodes(graph, mode) if tree_nodes is None else tree_nodes
    if nodes.size == 0:
        raise InputDataError(f"the road graph has no edge usable for mode {mode!r}",
                             hint="load the roads of the territory (OSM highways)")
    tree = cKDTree(np.column_stack([graph.node_x[nodes], graph.node_y[nodes]]))
    pts = np.column_stack([np.asarray(x, float), np.asarray(y, float)])
    bad = ~np.isfinite(pts).all(axis=1)
    pts[bad] = 0.0
    d, i = tree.query(pts, k=1, workers=-1)
    d[bad] = np.nan
    return nodes[np.minimum(i, nodes.size - 1)], d


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
    snode, sdist = snap(graph, svc_x, svc_y, mode)
    ok = np.isfinite(sdist)
    if not ok.any():
        raise InputDataError("no service point with coordinates")
    scost = _snap_cost(sdist, weight)
    # per node, the service with the cheapest snap
    order = np.lexsort((scost[ok], snode[ok]))
    sn, sc, sid = snode[ok][order], scost[ok][order], np.flatnonzero(ok)[order]
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


def address_costs(graph, addr_x, addr_y, svc_x, svc_y, mode: str = "drive", weight: str = "time",
                  limit: float | None = None):
    """Per point: cost to the nearest service (seconds or metres; inf when unreachable), the
    service index, and the node costs (for service areas)."""
    ncost, nsvc = node_costs(graph, svc_x, svc_y, mode, weight, limit)
    anode, adist = snap(graph, addr_x, addr_y, mode)
    cost = ncost[anode] + _snap_cost(adist, weight)
    cost[~np.isfinite(adist)] = np.nan
    return cost, nsvc[anode], ncost


def network_coverage_by_commune(addresses, services, graph, mode: str = "drive", weight: str = "time",
                                bands=(15, 30), category=None, communes=None, feedback=None) -> tuple[pd.DataFrame, dict]:
    """Per commune: n_addresses, n_unreachable and, for weight="time", time_mean_min,
    time_median_min, time_p90_min, share_within_{b}min per band (minutes); for
    weight="distance", netdist_mean_m, netdist_median_m, netdist_p90_m, share_within_{b}m
    (bands in metres). Statistics of time/distance are over reachable addresses; shares are
    over all addresses."""
    from .coverage import _select_services, demand_points, fmt_km, group_stats
    fb = ensure(feedback)
    bands = sorted(float(b) for b in (bands if np.ndim(bands) else [bands]))
    if not bands or bands[0] <= 0:
        raise ParameterError("bands must be positive", hint="e.g. 15, 30 (minutes)")
    svc = _select_services(services, category)
    groups, labels, x, y, source = demand_points(addresses, communes)
    fb.set_progress(10)
    cost, _, _ = address_costs(graph, x, y, svc["x"].to_numpy(float), svc["y"].to_numpy(float),
                               mode, weight)
    fb.check()
    fb.set_progress(80)
    scale = 60.0 if weight == "time" else 1.0           # seconds -> minutes
    val = cost / scale
    st = group_stats(groups, len(labels), val, thresholds=bands)
    cnt = np.bincount(groups, minlength=len(labels))
    out = pd.DataFrame({"code_insee": labels.astype(str),
                        "n_addresses": np.where(source == "addresses", cnt, 0).astype(np.int64),
                        "demand_source": source,
                        "n_unreachable": (st["count"] - st["n_valid"]).astype(np.int64)})
    pre, unit = ("time", "min") if weight == "time" else ("netdist", "m")
    out[f"{pre}_mean_{unit}"] = st["mean"]
    out[f"{pre}_median_{unit}"] = st["q50"]
    out[f"{pre}_p90_{unit}"] = st["q90"]
    for b in bands:
        out[f"share_within_{fmt_km(b)}{unit}"] = st[f"share_{b}"]
    meta = {"method": "multi-source Dijkstra (scipy.sparse.csgraph) from the services on the "
                      "reversed road graph; demand and services snapped to the nearest usable node, "
                      f"snap distance walked at {WALK_SPEED_KMH} km/h",
            "mode": mode, "weight": weight, "bands": bands, "unit": unit,
            "graph": {"nodes": graph.n_nodes, "edges": graph.n_edges, "crs": graph.crs},
            "speeds": "OSM maxspeed or the default of the highway class (graph.DEFAULT_DRIVE_SPEED_KMH)"
                      if mode == "drive" else f"{WALK_SPEED_KMH} km/h",
            "n_unreachable": int(np.sum(~np.isfinite(val)))}
    fb.set_progress(100)
    return out, meta


def network_pairs(graph, demand_x, demand_y, supply_x, supply_y, max_cost: float, mode: str = "drive",
                  weight: str = "time", chunk: int = 16):
    """(demand index, supply index, cost) of every pair whose network cost (seconds or metres,
    snap walks included) is <= ``max_cost`` — the cost pairs of a 2SFCA by travel time
    (``fsca.two_step_fca``). One Dijkstra per place on the reversed graph, bounded by
    ``max_cost``, by chunks of ``chunk`` places to bound memory (chunk x nodes floats)."""
    from scipy.sparse.csgraph import dijkstra
    m = _graph_matrix(graph, mode, weight)
    nodes = _usable_nodes(graph, mode)
    anode, adist = snap(graph, demand_x, demand_y, mode, nodes)
    snode, sdist = snap(graph, supply_x, supply_y, mode, nodes)
    acost, scost = _snap_cost(adist, weight), _snap_cost(sdist, weight)
    dok = np.flatnonzero(np.isfinite(acost))
    out_i, out_j, out_c = [], [], []
    sok = np.flatnonzero(np.isfinite(scost))
    for start in range(0, len(sok), chunk):
        js = sok[start:start + chunk]
        lim = max_cost - scost[js].min()
        if lim < 0:
            continue
        d = dijkstra(m, directed=True, indices=snode[js], limit=lim)
        c = d[:, anode[dok]] + scost[js][:, None] + acost[dok][None, :]
        r, k = np.nonzero(c <= max_cost)
        out_i.append(dok[k])
        out_j.append(js[r])
        out_c.append(c[r, k])
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
