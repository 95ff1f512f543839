"""Road network from an OSM extract, as the ``RoadGraph`` the network indicators use.

Highways come from the ``lines`` layer of GDAL's OSM driver (``other_tags`` holds oneway,
maxspeed, junction, area). Every way is cut at the vertices it shares with another way (and at
its ends), nodes are deduplicated on coordinates rounded to the centimetre in the metric CRS
(``np.unique``), and each piece becomes one edge per allowed direction. All of it is vectorised
over the vertices; no Python loop per way.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..crs import infer_epsg, transform
from ..errors import InputDataError
from ..graph import DEFAULT_DRIVE_SPEED_KMH, SNAP_STEP_M, RoadGraph
from ..progress import ensure
from ..provenance import ReadReport, ReadResult
from .osm import hstore_get, osm_provenance, read_osm_layer, wkb_lines_coords

# highway=* values that are not (or not yet) usable ways
NOT_ROADS = ("proposed", "construction", "abandoned", "disused", "razed", "platform", "raceway",
             "bus_stop", "rest_area", "services", "elevator", "no", "emergency_bay")
# speed (km/h) used for classes without a driving default (footways, paths...), which a car
# cannot use anyway (graph.NO_DRIVE)
OTHER_CLASS_SPEED_KMH = 20.0
# French implicit limits written as maxspeed=FR:*
_ZONE_SPEED = {"fr:urban": 50.0, "fr:rural": 80.0, "fr:motorway": 130.0, "fr:zone30": 30.0,
               "fr:walk": 6.0, "fr:living_street": 20.0, "walk": 6.0, "none": 130.0}
NODE_PRECISION_M = 0.01


def parse_maxspeed(values: pd.Series) -> np.ndarray:
    """km/h from OSM maxspeed text ("50", "30 mph", "FR:urban"); NaN when absent or unreadable."""
    s = pd.Series(values, dtype=object).fillna("").astype(str).str.strip().str.lower()
    num = pd.to_numeric(s.str.extract(r"^(\d+(?:\.\d+)?)", expand=False), errors="coerce").to_numpy(float)
    mph = s.str.contains("mph").to_numpy()
    num = np.where(mph, num * 1.609344, num)
    zone = s.map(_ZONE_SPEED).to_numpy(dtype=float)
    return np.where(np.isfinite(num), num, zone)


def _shape_samples(x, y, seg, seg_len, piece, first_seg, real, length, f, b, step: float = SNAP_STEP_M):
    """Points along the real shape of every road piece, at most ``step`` apart, with the directed
    edge they lie on and their distance from its start: the places points snap onto (a piece is
    one straight edge between two crossings, its shape is not)."""
    keep = real[piece]
    s_idx = seg[keep]
    s_len = seg_len[keep]
    old_piece = piece[keep]
    newid = np.cumsum(real) - 1
    q = newid[old_piece]
    cum = np.cumsum(seg_len)
    start_of_piece = cum[first_seg] - seg_len[first_seg]
    s_start = (cum[keep] - s_len) - start_of_piece[old_piece]
    k = np.maximum(np.ceil(s_len / step).astype(np.int64), 1)
    rep = np.repeat(np.arange(len(s_idx)), k)
    offs = np.concatenate([[0], np.cumsum(k)[:-1]]) if len(k) else np.empty(0, np.int64)
    t = (np.arange(rep.size) - offs[rep]) / k[rep]
    i0, i1 = s_idx[rep], s_idx[rep] + 1
    sx = x[i0] + t * (x[i1] - x[i0])
    sy = y[i0] + t * (y[i1] - y[i0])
    pos = s_start[rep] + t * s_len[rep]
    sq = q[rep]
    # the end of each piece (its last vertex)
    last = np.flatnonzero(np.r_[q[1:] != q[:-1], True]) if len(q) else np.empty(0, np.int64)
    sx = np.concatenate([sx, x[s_idx[last] + 1]])
    sy = np.concatenate([sy, y[s_idx[last] + 1]])
    pos = np.concatenate([pos, length[q[last]]])
    sq = np.concatenate([sq, q[last]])
    nf = int(f.sum())
    fwd_edge = np.cumsum(f) - 1
    bwd_edge = nf + np.cumsum(b) - 1
    edge = np.where(f[sq], fwd_edge[sq], bwd_edge[sq]).astype(np.int64)
    pos = np.where(f[sq], pos, length[sq] - pos)
    return sx.astype(float), sy.astype(float), edge, np.clip(pos, 0.0, None)


def _direction(oneway: pd.Series, junction: pd.Series, highway: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(forward allowed, backward allowed) per way. Roundabouts and motorways are one-way unless
    tagged otherwise (OSM convention)."""
    ow = oneway.str.lower().str.strip()
    implied = junction.str.lower().isin(["roundabout", "circular"]) | highway.isin(["motorway"])
    yes = ow.isin(["yes", "true", "1"]) | (implied & ~ow.isin(["no", "false", "0", "-1", "reverse"]))
    rev = ow.isin(["-1", "reverse"])
    forward = ~rev.to_numpy()
    backward = ~yes.to_numpy()
    return forward, backward


def read_osm_roads(path, epsg: int | None = None, feedback=None) -> ReadResult:
    """Highways of an .osm/.osm.pbf extract as a directed ``RoadGraph`` in a metric CRS.

    ``epsg``: the metric CRS (default: the legal CRS of the territory the extract lies in).
    Lengths are planar metres in that CRS; speed is maxspeed, else
    ``graph.DEFAULT_DRIVE_SPEED_KMH`` of the class.
    """
    fb = ensure(feedback)
    report = ReadReport(str(path), "osm_roads", osm_provenance(path))
    attrs, wkb = read_osm_layer(path, "lines", ["osm_id", "highway", "other_tags"])
    fb.set_progress(40)
    fb.check()
    highway = attrs["highway"].astype(str).str.strip()
    other = attrs["other_tags"]
    area = hstore_get(other, "area").str.lower() == "yes"
    keep = ((highway != "") & ~highway.isin(NOT_ROADS) & ~area).to_numpy()
    report.rows_read = int((highway != "").sum())
    if not keep.any():
        raise InputDataError("no highway in this OpenStreetMap extract", path=str(path),
                             hint="choose an extract that covers the roads of the territory")
    hw = highway[keep].reset_index(drop=True)
    tags = other[keep].reset_index(drop=True)
    osm_id = attrs["osm_id"][keep].reset_index(drop=True)
    lon, lat, way = wkb_lines_coords(wkb[keep])
    n_ways = int(keep.sum())
    if epsg is None:
        epsg = infer_epsg(None, lon, lat)
    x, y = transform(lon, lat, 4326, int(epsg))
    fb.set_progress(60)

    # -- nodes: unique rounded coordinates
    key = np.stack([np.round(x / NODE_PRECISION_M), np.round(y / NODE_PRECISION_M)], axis=1).astype(np.int64)
    uniq, vid = np.unique(key, axis=0, return_inverse=True)
    vid = np.asarray(vid).reshape(-1)
    nv = len(vid)
    first = np.ones(nv, bool)
    first[1:] = way[1:] != way[:-1]
    last = np.ones(nv, bool)
    last[:-1] = way[1:] != way[:-1]
    # a vertex is a graph node where ways meet (shared by 2+ vertex positions) or at a way end
    is_node = (np.bincount(vid, minlength=len(uniq))[vid] >= 2) | first | last
    # closed ways touching nothing else would give a loop edge u == u: cut them in the middle
    starts = np.flatnonzero(first)
    ends = np.flatnonzero(last)
    closed = vid[starts] == vid[ends]
    mid = (starts + (ends - starts) // 2)[closed & (ends - starts >= 2)]
    is_node[mid] = True

    # -- pieces between consecutive nodes along each way
    seg = np.flatnonzero(~last)                      # segment k: vertex k -> k + 1
    seg_len = np.hypot(x[seg + 1] - x[seg], y[seg + 1] - y[seg])
    for attempt in range(3):
        piece = np.cumsum(is_node[seg]) - 1          # every way starts with a node
        first_seg = np.flatnonzero(np.r_[True, piece[1:] != piece[:-1]]) if len(piece) else piece
        last_seg = np.r_[first_seg[1:] - 1, len(seg) - 1] if len(piece) else piece
        pu = vid[seg[first_seg]]
        pv = vid[seg[last_seg] + 1]
        # a piece coming back to its start (a way touching itself): cut it at its middle vertex
        loop = (pu == pv) & (last_seg > first_seg)
        if not loop.any() or attempt == 2:
            break
        is_node[seg[first_seg[loop] + (last_seg[loop] - first_seg[loop] + 1) // 2]] = True
    n_pieces = len(first_seg)
    length = np.bincount(piece, weights=seg_len, minlength=n_pieces)
    pway = way[seg[first_seg]]
    # what is left with u == v is a repeated vertex (zero length): no edge
    real = pu != pv
    pu, pv, pway, length = pu[real], pv[real], pway[real], length[real]
    n_pieces = int(real.sum())
    # renumber the graph nodes 0..n-1
    used, inv = np.unique(np.concatenate([pu, pv]), return_inverse=True)
    inv = np.asarray(inv).reshape(-1)
    pu, pv = inv[:n_pieces], inv[n_pieces:]
    node_x = uniq[used, 0] * NODE_PRECISION_M
    node_y = uniq[used, 1] * NODE_PRECISION_M
    fb.set_progress(80)

    # -- attributes per way, then directed edges
    fwd, bwd = _direction(hstore_get(tags, "oneway"), hstore_get(tags, "junction"), hw)
    maxspeed = parse_maxspeed(hstore_get(tags, "maxspeed"))
    default = hw.map(DEFAULT_DRIVE_SPEED_KMH).fillna(OTHER_CLASS_SPEED_KMH).to_numpy(float)
    speed = np.where(np.isfinite(maxspeed) & (maxspeed > 0), maxspeed, default)
    hw_arr = hw.to_numpy(dtype=object)
    f, b = fwd[pway], bwd[pway]
    edge_u = np.concatenate([pu[f], pv[b]]).astype(np.int64)
    edge_v = np.concatenate([pv[f], pu[b]]).astype(np.int64)
    shape = _shape_samples(x, y, seg, seg_len, piece, first_seg, real, length, f, b)
    graph = RoadGraph(
        node_x=node_x.astype(float), node_y=node_y.astype(float), edge_u=edge_u, edge_v=edge_v,
        length_m=np.concatenate([length[f], length[b]]),
        highway=np.concatenate([hw_arr[pway[f]], hw_arr[pway[b]]]),
        speed_kmh=np.concatenate([speed[pway[f]], speed[pway[b]]]),
        crs=int(epsg), shape_x=shape[0], shape_y=shape[1], shape_edge=shape[2], shape_pos=shape[3],
        meta={
            "source": str(path), "provenance": report.provenance.to_dict(), "ways": n_ways,
            "vertices": int(nv), "pieces": n_pieces, "oneway_ways": int((~(fwd & bwd)).sum()),
            "length_m": float(length.sum()),
            "maxspeed_tagged": int(np.isfinite(maxspeed).sum()),
            "way_ids": osm_id.to_numpy(dtype=object),
        },
    )
    report.rows_kept = n_ways
    skipped = report.rows_read - n_ways
    if skipped:
        report.warnings.append(f"{skipped} highway lines left out (areas, proposed, under construction, platforms…)")
    report.crs = f"EPSG:{int(epsg)}"
    fb.set_progress(100)
    return ReadResult(graph, report)


def count_road_ways(path: str) -> dict:
    """Ways of an OpenStreetMap file: those with a highway tag, those the road network keeps (as
    ``core.sources.roads`` does: not planned, disused, platforms or areas), and the file's
    provenance. The dock's Data tab shows them when a file is chosen (in a worker thread for a large file)."""
    from osgeo import gdal, ogr

    from .. import provenance

    # counted by OGR's SQL in C (a département's extract has hundreds of thousands of ways)
    not_roads = ", ".join(f"'{h}'" for h in NOT_ROADS)
    gdal.PushErrorHandler("CPLQuietErrorHandler")
    try:
        ds = ogr.Open(str(path), 0)
        layer = ds.GetLayerByName("lines") if ds is not None else None
        if layer is None:
            raise ValueError(gdal.GetLastErrorMsg() or "not an OpenStreetMap file")
        counts = []
        for where in ("highway IS NOT NULL AND highway <> ''",
                      f"highway IS NOT NULL AND highway <> '' AND highway NOT IN ({not_roads}) "
                      "AND (other_tags IS NULL OR other_tags NOT ILIKE '%\"area\"=>\"yes\"%')"):
            sql = ds.ExecuteSQL(f"SELECT COUNT(*) FROM lines WHERE {where}")
            counts.append(int(sql.GetNextFeature().GetField(0)))
            ds.ReleaseResultSet(sql)
        tagged, roads = counts
        ds = None
    finally:
        gdal.PopErrorHandler()
    prov = provenance.resolve(osm_provenance(path), path)
    return {"tagged": tagged, "roads": roads, "provenance": prov.to_dict()}
