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

