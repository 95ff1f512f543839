"""Accessibility surface: a GeoTIFF of the distance (or network time) to the nearest service
over the territory, for a continuous map.

Cell centres are the demand points: crow-flies distance by KD-tree, or network time (centre
snapped to the nearest usable node, snap walked). Cells outside every commune are nodata
(rasterio.features.geometry_mask). The file is written to a temporary name then renamed, so
a failure never leaves half a raster; the tags carry the sources and parameters.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np

from ..errors import InputDataError, ParameterError
from ..progress import ensure

NODATA = -9999.0
MAX_CELLS = 200_000_000


def surface_grid(communes, cell_size: float):
    """(transform, width, height, inside-mask) of a grid covering the communes."""
    from rasterio.features import geometry_mask
    from rasterio.transform import from_origin
    if cell_size is None or cell_size <= 0:
        raise ParameterError(f"cell size {cell_size!r} must be positive metres", hint="e.g. 200")
    x0, y0, x1, y1 = communes.total_bounds
    width = max(1, int(np.ceil((x1 - x0) / cell_size)))
    height = max(1, int(np.ceil((y1 - y0) / cell_size)))
    if width * height > MAX_CELLS:
        raise ParameterError(f"{width} x {height} cells is too many for cell size {cell_size:g} m",
                             hint="choose a larger cell size")
    transform = from_origin(x0, y1, cell_size, cell_size)
    inside = geometry_mask(list(communes.geometry.values), out_shape=(height, width),
                           transform=transform, invert=True)
    return transform, width, height, inside


def access_surface(services, communes, path, cell_size: float = 200.0, mode: str = "distance",
                   graph=None, network_mode: str = "drive", category=None, tags: dict | None = None,
                   feedback=None) -> dict:
    """Write the surface to ``path`` (GeoTIFF, float32, nodata -9999). ``mode``: "distance"
    (crow flies, metres) or "time" (road network, minutes; needs ``graph``). Returns metadata."""
    import rasterio
    from .coverage import _select_services, nearest_distance
    fb = ensure(feedback)
    if communes is None or len(communes) == 0:
        raise InputDataError("no commune polygon to cover", hint="load the communes first")
    if mode not in ("distance", "time"):
        raise ParameterError(f"unknown surface mode {mode!r}", hint='"distance" or "time"')
    if mode == "time" and graph is None:
        raise ParameterError("a travel-time surface needs the road graph", hint="load OSM roads")
    svc = _select_services(services, category)
    transform, width, height, inside = surface_grid(communes, cell_size)
    rows, cols = np.nonzero(inside)
    xs = transform.c + (cols + 0.5) * transform.a
    ys = transform.f + (rows + 0.5) * transform.e
    fb.set_progress(20)
    if mode == "distance":
        val, _ = nearest_distance(xs, ys, svc["x"].to_numpy(float), svc["y"].to_numpy(float))
        unit = "m"
    else:
        from .network import address_costs
        val, _, _ = address_costs(graph, xs, ys, svc["x"].to_numpy(float), svc["y"].to_numpy(float),
                                  network_mode, "time")
        val = val / 60.0
        unit = "min"
    fb.check()
    fb.set_progress(80)
    band = np.full((height, width), NODATA, dtype=np.float32)
    val = np.where(np.isfinite(val), val, NODATA).astype(np.float32)
    band[rows, cols] = val
    crs = communes.crs
    meta = {"quantity": "distance to the nearest service" if mode == "distance"
            else f"travel time to the nearest service ({network_mode})",
            "unit": unit, "cell_size_m": float(cell_size), "width": width, "height": height,
            "method": "cell centres; KD-tree nearest service" if mode == "distance"
            else "cell centres snapped to the road graph; Dijkstra from the services",
            "category": category or "all", "n_services": int(len(svc)), "nodata": NODATA,
            "unreachable_cells": int(np.sum(val == NODATA))}
    all_tags = {"TERRIDIAG_" + k.upper(): (v if isinstance(v, str) else json.dumps(v))
                for k, v in {**meta, **(tags or {})}.items()}
    path = Path(path)
    tmp = path.with_name(path.name + ".part")
    profile = dict(driver="GTiff", width=width, height=height, count=1, dtype="float32",
                   nodata=NODATA, transform=transform, compress="deflate", tiled=width >= 256 and height >= 256)
    if crs is not None:
        profile["crs"] = crs.to_wkt() if hasattr(crs, "to_wkt") else crs
    try:
        with rasterio.open(tmp, "w", **profile) as dst:
            dst.write(band, 1)
            dst.update_tags(**all_tags)
            dst.set_band_description(1, f"{meta['quantity']} ({unit})")
        os.replace(tmp, path)
    except Exception:
        if tmp.exists():
            tmp.unlink()
        raise
    fb.set_progress(100)
    meta["path"] = str(path)
    return meta
