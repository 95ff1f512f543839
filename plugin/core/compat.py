"""Small shims so the engine runs on Debian 12 (geopandas 0.12, shapely 1.8, pandas 1.5) and on
current releases (geopandas 1.x, shapely 2.x, pandas 2+)."""
from __future__ import annotations

import numpy as np

try:  # shapely >= 2
    import shapely
    SHAPELY2 = int(shapely.__version__.split(".")[0]) >= 2
except ImportError:  # pragma: no cover - shapely is a hard dependency of the core
    SHAPELY2 = False


def points_from_xy(x, y, crs=None):
    """A GeoSeries of points, vectorised on both shapely versions."""
    import geopandas as gpd
    return gpd.GeoSeries(gpd.points_from_xy(np.asarray(x, float), np.asarray(y, float)), crs=crs)


def points_xy(geoseries) -> tuple[np.ndarray, np.ndarray]:
    """x and y arrays of a GeoSeries of points, without a per-geometry Python loop."""
    return np.asarray(geoseries.x, float), np.asarray(geoseries.y, float)


def representative_xy(geoseries) -> tuple[np.ndarray, np.ndarray]:
    """A point inside each geometry (for polygons: representative point)."""
    pts = geoseries.representative_point()
    return points_xy(pts)


def union_all(geoseries):
    """geoseries.union_all() on geopandas >= 1, unary_union before."""
    if hasattr(geoseries, "union_all"):
        return geoseries.union_all()
    return geoseries.unary_union


def points_in_polygons(x, y, geoms) -> np.ndarray:
    """Position (in ``geoms``: a GeoSeries or a sequence of polygons) of the first polygon
    containing each point, -1 if none.

    shapely 2: one STRtree query for all points (predicate "intersects": a point on a border
    goes to the first polygon). shapely 1.8 without a spatial-index backend (Debian 12 has
    neither rtree nor pygeos): a loop over the POLYGONS, each testing only the points of its
    bounding box (points pre-sorted by x) with ``shapely.vectorized.contains`` — vectorised over
    points; points exactly on a border are then outside."""
    x = np.asarray(x, float)
    y = np.asarray(y, float)
    geoms = list(geoms.values) if hasattr(geoms, "values") else list(geoms)
    out = np.full(len(x), -1, dtype=np.int64)
    if not len(x) or not geoms:
        return out
    if SHAPELY2:
        import shapely
        tree = shapely.STRtree(np.asarray(geoms, dtype=object))
        pi, gi = tree.query(shapely.points(x, y), predicate="intersects")
        order = np.lexsort((gi, pi))
        pi, gi = pi[order], gi[order]
        first = np.ones(len(pi), bool)
        first[1:] = pi[1:] != pi[:-1]
        out[pi[first]] = gi[first]
        return out
    from shapely import vectorized
    xorder = np.argsort(x, kind="stable")
    xs = x[xorder]
    for k, g in enumerate(geoms):
        if g is None or g.is_empty:
            continue
        minx, miny, maxx, maxy = g.bounds
        lo, hi = np.searchsorted(xs, minx, "left"), np.searchsorted(xs, maxx, "right")
        cand = xorder[lo:hi]
        cand = cand[(y[cand] >= miny) & (y[cand] <= maxy) & (out[cand] < 0)]
        if cand.size:
            inside = vectorized.contains(g, x[cand], y[cand])
            out[cand[inside]] = k
    return out
