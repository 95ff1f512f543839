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


def locate_points(x, y, polygons) -> np.ndarray:
    """Index (0-based position in ``polygons``, a GeoSeries) of the polygon holding each point, -1
    when none: a loop over the polygons, vectorised over the points they may hold (no spatial index
    needed: geopandas 0.12 without rtree has none)."""
    x, y = np.asarray(x, float), np.asarray(y, float)
    out = np.full(len(x), -1, dtype=np.int64)
    if not len(x) or polygons is None or not len(polygons):
        return out
    bounds = np.asarray(polygons.bounds, float)
    if SHAPELY2:
        import shapely
        contains = shapely.contains_xy
    else:
        from shapely.vectorized import contains
    for k, geom in enumerate(polygons):
        if geom is None or geom.is_empty:
            continue
        x0, y0, x1, y1 = bounds[k]
        cand = np.flatnonzero((out < 0) & (x >= x0) & (x <= x1) & (y >= y0) & (y <= y1))
        if not len(cand):
            continue
        inside = np.asarray(contains(geom, x[cand], y[cand]), dtype=bool)
        out[cand[inside]] = k
    return out
