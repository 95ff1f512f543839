"""Invalid polygons: found, described and repaired once, where they enter.

A self-intersecting commune (a "bow tie", a ring touching itself) makes overlays and
point-in-polygon tests wrong or fail. The imports repair such polygons with ``make_valid``
(keeping only their polygonal parts) and list each one repaired; the algorithms that take a layer
made elsewhere find them with :func:`invalid_positions` and follow the Processing setting
(stop, skip, or use as is).

Works with shapely 1.8 (Debian's, one geometry at a time) and 2.x (vectorised).
"""
from __future__ import annotations

import numpy as np


def _is_valid(geoms) -> np.ndarray:
    try:
        import shapely
        return np.asarray(shapely.is_valid(np.asarray(geoms, dtype=object)), dtype=bool)   # shapely 2
    except (ImportError, AttributeError, TypeError):
        return np.array([g is None or g.is_valid for g in geoms], dtype=bool)


def invalid_positions(geoms) -> np.ndarray:
    """Positions of the geometries that are present, not empty and not valid (GEOS rules, as QGIS)."""
    geoms = list(geoms)
    if not geoms:
        return np.empty(0, dtype=np.int64)
    present = np.array([g is not None and not g.is_empty for g in geoms], dtype=bool)
    return np.flatnonzero(present & ~_is_valid(geoms))


def explain(geom) -> str:
    """GEOS's reason, e.g. 'Self-intersection[990500 6720500]' (coordinates rounded to the metre)."""
    from shapely.validation import explain_validity

    import re

    text = explain_validity(geom)
    return re.sub(r"(-?\d+\.\d+)", lambda m: f"{float(m.group(1)):.0f}", text)


def _polygonal(geom):
    """The polygonal part of a repaired geometry (make_valid may add lines or points)."""
    from shapely.geometry import MultiPolygon, Polygon

    if geom is None or geom.is_empty:
        return None
    if isinstance(geom, (Polygon, MultiPolygon)):
        return geom
    parts = []
    for part in getattr(geom, "geoms", ()):
        if isinstance(part, Polygon):
            parts.append(part)
        elif isinstance(part, MultiPolygon):
            parts.extend(part.geoms)
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else MultiPolygon(parts)


def repair_polygons(geoms):
    """``(repaired geometries as a list, positions repaired, reasons)``.

    Each invalid polygon becomes ``make_valid``'s polygonal part; a polygon with no area left
    (a flat ring) becomes None, for the caller to reject.
    """
    from shapely.validation import make_valid

    out = list(geoms)
    positions = invalid_positions(out)
    reasons = []
    for i in positions:
        reasons.append(explain(out[i]))
        out[i] = _polygonal(make_valid(out[i]))
    return out, positions, reasons


def describe(labels, positions, reasons, limit: int = 5) -> str:
    """'feature 2 (90002 Bow): Self-intersection[990500 6720500]; …' for a message."""
    items = [f"{labels[i]}: {r}" for i, r in zip(list(positions)[:limit], reasons[:limit])]
    more = len(positions) - limit
    return "; ".join(items) + (f"; and {more} more" if more > 0 else "")
