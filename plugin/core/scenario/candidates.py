"""Candidate sites when the user gives none: a regular grid of points inside the territory.

Cell centres of a square grid aligned on multiples of the cell size (so two runs over
neighbouring territories share their grid), kept when inside a commune polygon; each point
carries the ``code_insee`` of its commune. The point-in-polygon test is vectorised per polygon
(``shapely.contains_xy`` on shapely 2, ``shapely.vectorized.contains`` on 1.8), over the grid
points inside that polygon's bounding box only.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import InputDataError, ParameterError

MAX_POINTS = 500_000


def _contains_fn():
    try:
        from shapely import contains_xy  # shapely >= 2
        return contains_xy
    except ImportError:
        from shapely.vectorized import contains
        return contains


def grid_candidates(polygons, cell_m: float, *, max_points: int = MAX_POINTS) -> pd.DataFrame:
    """Grid points (``x``, ``y``, ``code_insee`` when the polygons have it) every ``cell_m``
    metres inside ``polygons`` (a GeoDataFrame in a metric CRS)."""
    if polygons is None or len(polygons) == 0:
        raise InputDataError("no polygon to draw candidate sites in",
                             hint="give commune polygons or a layer of candidate sites")
    if not np.isfinite(cell_m) or cell_m <= 0:
        raise ParameterError(f"the grid cell must be a positive distance (got {cell_m})",
                             hint="e.g. 1000 for one candidate per km²")
    geoms = polygons.geometry
    x0, y0, x1, y1 = (float(v) for v in geoms.total_bounds)
    nx = int(np.floor(x1 / cell_m) - np.floor(x0 / cell_m)) + 1
    ny = int(np.floor(y1 / cell_m) - np.floor(y0 / cell_m)) + 1
    if nx * ny > 20 * max_points:
        raise ParameterError(f"a {cell_m:g} m grid over this territory has {nx * ny:,} cells",
                             hint="choose a larger cell size")
    xs = (np.floor(x0 / cell_m) + np.arange(nx) + 0.5) * cell_m
    ys = (np.floor(y0 / cell_m) + np.arange(ny) + 0.5) * cell_m
    contains = _contains_fn()
    codes = (polygons["code_insee"].astype(str).to_numpy() if "code_insee" in polygons.columns
             else None)
    out_x, out_y, out_c = [], [], []
    taken = np.zeros((ny, nx), bool)
    for k, geom in enumerate(geoms):  # one vectorised test per polygon, not per point
        if geom is None or geom.is_empty:
            continue
        bx0, by0, bx1, by1 = geom.bounds
        i0, i1 = np.searchsorted(xs, bx0), np.searchsorted(xs, bx1, side="right")
        j0, j1 = np.searchsorted(ys, by0), np.searchsorted(ys, by1, side="right")
        if i0 >= i1 or j0 >= j1:
            continue
        gx, gy = np.meshgrid(xs[i0:i1], ys[j0:j1])
        inside = np.asarray(contains(geom, gx, gy), bool) & ~taken[j0:j1, i0:i1]
        if not inside.any():
            continue
        taken[j0:j1, i0:i1] |= inside
        out_x.append(gx[inside])
        out_y.append(gy[inside])
        if codes is not None:
            out_c.append(np.full(int(inside.sum()), codes[k], dtype=object))
    n = int(sum(len(a) for a in out_x))
    if n > max_points:
        raise ParameterError(f"a {cell_m:g} m grid gives {n:,} candidate sites (limit {max_points:,})",
                             hint="choose a larger cell size")
    if n == 0:
        raise InputDataError(f"no {cell_m:g} m grid point falls inside the polygons",
                             hint="choose a smaller cell size")
    frame = pd.DataFrame({"x": np.concatenate(out_x), "y": np.concatenate(out_y)})
    if codes is not None:
        frame["code_insee"] = np.concatenate(out_c).astype(object)
    frame.attrs["grid_cell_m"] = float(cell_m)
    if "crs" in getattr(polygons, "attrs", {}):
        frame.attrs["crs"] = polygons.attrs["crs"]
    elif getattr(polygons, "crs", None) is not None:
        epsg = polygons.crs.to_epsg()
        if epsg:
            frame.attrs["crs"] = int(epsg)
    return frame


def grid_from_points(x, y, cell_m: float, *, max_points: int = MAX_POINTS) -> pd.DataFrame:
    """Without polygons: the centres of the grid cells that hold at least one demand point
    (same alignment as :func:`grid_candidates`), so no candidate lands where nobody lives."""
    if not np.isfinite(cell_m) or cell_m <= 0:
        raise ParameterError(f"the grid cell must be a positive distance (got {cell_m})",
                             hint="e.g. 1000 for one candidate per km²")
    x = np.asarray(x, float)
    y = np.asarray(y, float)
    ok = np.isfinite(x) & np.isfinite(y)
    if not ok.any():
        raise InputDataError("no demand point with coordinates to draw candidate sites from")
    i = np.floor(x[ok] / cell_m).astype(np.int64)
    j = np.floor(y[ok] / cell_m).astype(np.int64)
    cells = np.unique(np.column_stack([i, j]), axis=0)
    if len(cells) > max_points:
        raise ParameterError(f"a {cell_m:g} m grid gives {len(cells):,} candidate sites "
                             f"(limit {max_points:,})", hint="choose a larger cell size")
    frame = pd.DataFrame({"x": (cells[:, 0] + 0.5) * cell_m, "y": (cells[:, 1] + 0.5) * cell_m})
    frame.attrs["grid_cell_m"] = float(cell_m)
    return frame


def communes_at(x, y, polygons) -> pd.DataFrame:
    """The commune holding each point (``x``, ``y`` in the polygons' CRS): a frame of ``code_insee``
    and ``nom``, one row per point in their order, empty texts where no polygon holds the point (or
    where the polygons have no such field). A point on a border goes to the first polygon in the
    layer's order, as a grid point does in :func:`grid_candidates`."""
    x = np.asarray(x, float).reshape(-1)
    y = np.asarray(y, float).reshape(-1)
    n = len(x)
    out = {c: np.full(n, "", dtype=object) for c in ("code_insee", "nom")}
    if polygons is None or len(polygons) == 0 or n == 0:
        return pd.DataFrame(out)
    fields = {c: (polygons[c].astype(object).where(polygons[c].notna(), "").astype(str).to_numpy()
                  if c in polygons.columns else None) for c in out}
    contains = _contains_fn()
    found = np.zeros(n, bool)
    for k, geom in enumerate(polygons.geometry):
        if found.all():
            break
        if geom is None or geom.is_empty:
            continue
        bx0, by0, bx1, by1 = geom.bounds
        near = ~found & (x >= bx0) & (x <= bx1) & (y >= by0) & (y <= by1)
        if not near.any():
            continue
        idx = np.flatnonzero(near)
        inside = idx[np.asarray(contains(geom, x[idx], y[idx]), bool)]
        for c, values in fields.items():
            if values is not None:
                out[c][inside] = values[k]
        found[inside] = True
    return pd.DataFrame(out)
