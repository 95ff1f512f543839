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


def points_in_polygons(x, y, polygons) -> np.ndarray:
    """Index (in ``polygons``, a GeoSeries) of the polygon containing each point, -1 when none
    (the first one when polygons overlap). An STRtree, no spatial-index package needed."""
    from shapely.geometry import Point
    from shapely.strtree import STRtree

    x = np.asarray(x, float)
    y = np.asarray(y, float)
    out = np.full(len(x), -1, dtype=np.int64)
    geoms = list(polygons.values) if hasattr(polygons, "values") else list(polygons)
    keep = [i for i, g in enumerate(geoms) if g is not None and not g.is_empty]
    if not keep or not len(x):
        return out
    if SHAPELY2:
        tree = STRtree([geoms[i] for i in keep])
        pts = shapely.points(x, y)
        pi, gi = tree.query(pts, predicate="within")
        order = np.lexsort((gi, pi))
        pi, gi = pi[order], gi[order]
        first = np.r_[True, pi[1:] != pi[:-1]] if len(pi) else np.empty(0, bool)
        out[pi[first]] = np.asarray(keep)[gi[first]]
        return out
    import warnings
    with warnings.catch_warnings():              # 1.8 announces 2.0's different STRtree
        warnings.simplefilter("ignore")
        tree = STRtree([geoms[i] for i in keep])
    ids = {id(geoms[i]): i for i in keep}       # shapely 1.8: query gives the geometries
    for k in range(len(x)):
        if not (np.isfinite(x[k]) and np.isfinite(y[k])):
            continue
        p = Point(x[k], y[k])
        for g in tree.query(p):
            if p.within(g):
                out[k] = ids[id(g)]
                break
    return out
