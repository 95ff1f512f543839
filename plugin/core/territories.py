"""Runs over several French territories: each territory computed in its own legal CRS, and no
place serving a point of another territory (Mayotte is not covered from La Réunion, nor
Martinique from Guadeloupe, though the Antilles share one CRS).

A run is *zoned* when its communes lie in more than one territory (``crs.TERRITORIES``) or come
in a geographic CRS. Its inputs arrive in one CRS (the run's: EPSG:4326 for a national run);
:func:`zone_points` gives each point its territory (its commune code, else its position) and
its coordinates in that territory's legal CRS. Coordinates of different territories are then in
different CRSs: the distance kernels (``indicators.coverage.nearest_by_zone``, the 2SFCA pairs,
the road network) work territory by territory and never compare them.
"""
from __future__ import annotations

import numpy as np

from . import crs as crsmod
from .errors import InputDataError


def epsg_of(frame) -> int | None:
    """EPSG code of a GeoDataFrame's CRS, else of ``attrs["crs"]``; None when unknown."""
    c = getattr(frame, "crs", None)
    if c is not None and not isinstance(c, (int, str)):
        e = c.to_epsg()
        return int(e) if e else None
    attrs = getattr(frame, "attrs", None) or {}
    return int(attrs["crs"]) if attrs.get("crs") else None


def territories_in(codes) -> list[str]:
    """The territories of commune codes, in ``crs.TERRITORIES`` order."""
    present = set(crsmod.territories_of_codes(codes).tolist())
    return [t.key for t in crsmod.TERRITORIES if t.key in present]


def is_zoned(communes) -> bool:
    """True when a run over these communes must be computed territory by territory."""
    if communes is None or not len(communes) or "code_insee" not in communes.columns:
        return False
    if len(territories_in(communes["code_insee"].astype(str).unique())) > 1:
        return True
    epsg = epsg_of(communes)
    return epsg is not None and not crsmod.is_projected(epsg)


def zone_points(x, y, src_epsg: int, codes=None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(x, y in the legal CRS of each point's territory, territory key) of points in ``src_epsg``.
    The territory is the commune code's when ``codes`` gives one, else the position's; a point in
    no territory gets "" and NaN coordinates."""
    x = np.asarray(x, float)
    y = np.asarray(y, float)
    if src_epsg is None:
        raise InputDataError("the points of a run over several territories have no CRS",
                             hint="give the communes layer its CRS")
    lon, lat = crsmod.transform(x, y, int(src_epsg), crsmod.WGS84)
    zone = crsmod.territories_of_lonlat(lon, lat)
    if codes is not None:
        by_code = crsmod.territories_of_codes(codes)
        zone = np.where(by_code != "", by_code, zone).astype(object)
    lx, ly = crsmod.to_legal(lon, lat, zone)
    return lx, ly, zone


def legal_areas_km2(communes) -> np.ndarray:
    """Area of each commune (km²) in the legal CRS of its territory (NaN when it has none)."""
    out = np.full(len(communes), np.nan)
    keys = crsmod.territories_of_codes(communes["code_insee"].astype(str).to_numpy(object))
    for key in set(keys.tolist()) - {""}:
        m = keys == key
        out[m] = np.asarray(communes.loc[m].to_crs(crsmod.BY_KEY[key].epsg).geometry.area, float) / 1e6
    return out


def split_graphs(roads) -> dict:
    """Territory key -> the road graph of that territory in its legal CRS, from one graph or a
    list of graphs (an extract of the Antilles gives Guadeloupe and Martinique apart: an edge
    joins two nodes of one territory or is left out)."""
    graphs = [g for g in (roads if isinstance(roads, (list, tuple)) else [roads]) if g is not None]
    out: dict = {}
    for g in graphs:
        lon, lat = crsmod.transform(g.node_x, g.node_y, g.crs, crsmod.WGS84)
        nz = crsmod.territories_of_lonlat(lon, lat)
        for key in [t.key for t in crsmod.TERRITORIES if t.key in set(nz.tolist())]:
            mask = (nz[g.edge_u] == key) & (nz[g.edge_v] == key)
            if not mask.any():
                continue
            if key in out:
                raise InputDataError(f"two road graphs cover {crsmod.BY_KEY[key].name}",
                                     hint="give one road extract per territory")
            out[key] = g.subgraph(mask).reprojected(crsmod.BY_KEY[key].epsg)
    return out


def names(keys) -> str:
    """"Guadeloupe, Mayotte" for messages."""
    return ", ".join(crsmod.BY_KEY[k].name for k in keys if k in crsmod.BY_KEY)
