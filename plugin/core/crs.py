"""The one home of CRS choices: the French territories, their legal CRS, which territory a point or
a commune code lies in, coordinate transforms, and the metric CRS a computation runs in.

Legal CRS (décret n° 2000-1276 as amended in 2006 and 2019): Lambert-93 (EPSG:2154) for
metropolitan France and Corsica; RGAF09 / UTM 20N (EPSG:5490) for Guadeloupe, Martinique,
Saint-Barthélemy and Saint-Martin; RGFG95 / UTM 22N (EPSG:2972) for Guyane; RGR92 / UTM 40S
(EPSG:2975) for La Réunion; RGM04 / UTM 38S (EPSG:4471) for Mayotte; RGSPM06 / UTM 21N
(EPSG:4467) for Saint-Pierre-et-Miquelon. The Pacific collectivities (984-989) are not handled.

This module imports numpy and pyproj only inside the functions that need them: the Processing
and GUI layers read its constants at start-up.

A *territory* is a piece of France that no service crosses: the Antilles share one CRS but a
place in Guadeloupe never serves Martinique, so territories, not CRSs, partition computations.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable

if TYPE_CHECKING:
    import numpy as np


LAMBERT93 = 2154
WGS84 = 4326
DEFAULT_EPSG = LAMBERT93      # when nothing says which territory a computation is in


@dataclass(frozen=True)
class Territory:
    key: str                       # "metropole" or the département / collectivity code
    name: str
    epsg: int                      # legal projected CRS
    bbox: tuple                    # rough WGS84 box (min lon, min lat, max lon, max lat)


# Order matters: metropolitan France first (it wins ties); boxes keep a margin of ~5-10 km
# around the land (islets, piers) and never overlap.
TERRITORIES = (
    Territory("metropole", "France métropolitaine", LAMBERT93, (-5.5, 41.2, 10.0, 51.3)),
    Territory("971", "Guadeloupe", 5490, (-61.9, 15.75, -60.9, 16.6)),
    Territory("972", "Martinique", 5490, (-61.3, 14.35, -60.75, 14.95)),
    Territory("973", "Guyane", 2972, (-54.7, 2.0, -51.5, 6.0)),
    Territory("974", "La Réunion", 2975, (55.1, -21.5, 55.9, -20.8)),
    Territory("975", "Saint-Pierre-et-Miquelon", 4467, (-56.6, 46.7, -56.1, 47.2)),
    Territory("976", "Mayotte", 4471, (44.9, -13.1, 45.4, -12.5)),
    Territory("977", "Saint-Barthélemy", 5490, (-62.97, 17.85, -62.76, 17.99)),
    Territory("978", "Saint-Martin", 5490, (-63.17, 18.0, -62.95, 18.14)),
)
BY_KEY = {t.key: t for t in TERRITORIES}
# every legal CRS, metropolitan first
LEGAL_EPSGS = tuple(dict.fromkeys(t.epsg for t in TERRITORIES))
CRS_NAMES = {LAMBERT93: "Lambert-93", 5490: "RGAF09 / UTM 20N", 2972: "RGFG95 / UTM 22N",
             2975: "RGR92 / UTM 40S", 4471: "RGM04 / UTM 38S", 4467: "RGSPM06 / UTM 21N",
             WGS84: "WGS 84 longitude/latitude"}


def department_of(code_insee: str) -> str:
    """Département code of a commune INSEE code ("2A004" → "2A", "97411" → "974")."""
    code = str(code_insee).strip()
    return code[:3] if code.startswith("97") else code[:2]


def territory_key(code: str) -> str:
    """Territory of a commune or département code ("" when it is no French territory known here)."""
    code = str(code).strip().upper()
    if not code:
        return ""
    dep = department_of(code)
    if dep in BY_KEY:
        return dep
    if code.startswith(("97", "98")):
        return ""
    return "metropole" if len(dep) == 2 and (dep.isdigit() or dep in ("2A", "2B")) else ""


def legal_crs(code: str) -> int:
    """EPSG code of the legal metric CRS for a département or commune code."""
    key = territory_key(code)
    return BY_KEY[key].epsg if key else LAMBERT93


def crs_label(epsg: int) -> str:
    """"EPSG:5490 (RGAF09 / UTM 20N)" — for messages."""
    name = CRS_NAMES.get(int(epsg))
    return f"EPSG:{int(epsg)}" + (f" ({name})" if name else "")


def territories_of_codes(codes) -> np.ndarray:
    """Territory key of each commune code (vectorised over the distinct codes; "" when unknown)."""
    import numpy as np
    import pandas as pd

    raw, uniq = pd.factorize(pd.Series(codes, dtype=object).fillna("").astype(str))
    keys = np.array([territory_key(u) for u in uniq] + [""], dtype=object)
    return keys[np.where(raw < 0, len(uniq), raw)]


def territories_of_lonlat(lon, lat) -> np.ndarray:
    """Territory key of each WGS84 point ("" outside every French territory, or NaN)."""
    import numpy as np

    lon = np.asarray(lon, float)
    lat = np.asarray(lat, float)
    out = np.full(lon.shape, "", dtype=object)
    for t in reversed(TERRITORIES):          # metropolitan France written last: it wins ties
        x0, y0, x1, y1 = t.bbox
        with np.errstate(invalid="ignore"):
            out[(lon >= x0) & (lon <= x1) & (lat >= y0) & (lat <= y1)] = t.key
    return out


def wgs84_bbox(epsg: int) -> tuple[float, float, float, float]:
    """(min lon, min lat, max lon, max lat) of the territories a legal CRS covers (their union)."""
    boxes = [t.bbox for t in TERRITORIES if t.epsg == int(epsg)] or [BY_KEY["metropole"].bbox]
    return (min(b[0] for b in boxes), min(b[1] for b in boxes),
            max(b[2] for b in boxes), max(b[3] for b in boxes))


def in_crs_territory(lon, lat, epsg: int) -> np.ndarray:
    """True where a WGS84 point lies in a territory whose legal CRS is ``epsg`` (any French
    territory for EPSG:4326)."""
    import numpy as np

    keys = territories_of_lonlat(lon, lat)
    if int(epsg) == WGS84:
        return keys != ""
    return np.isin(keys, [t.key for t in TERRITORIES if t.epsg == int(epsg)])


@functools.lru_cache(maxsize=64)
def transformer(src: int, dst: int):
    """pyproj's Transformer from ``src`` to ``dst`` (x = easting or longitude), cached."""
    from pyproj import Transformer
    return Transformer.from_crs(int(src), int(dst), always_xy=True)


def transform(x, y, src: int, dst: int) -> tuple[np.ndarray, np.ndarray]:
    """Coordinates from EPSG ``src`` to ``dst`` (x = easting or longitude)."""
    import numpy as np

    x = np.asarray(x, float)
    y = np.asarray(y, float)
    if int(src) == int(dst) or len(x) == 0:
        return x.copy(), y.copy()
    tx, ty = transformer(int(src), int(dst)).transform(x, y)
    return np.asarray(tx, float), np.asarray(ty, float)


@functools.lru_cache(maxsize=64)
def metric_bbox(epsg: int) -> tuple[float, float, float, float]:
    """The box of :func:`wgs84_bbox` in the CRS itself (a rough 'is it in France?' test)."""
    return tuple(transformer(WGS84, int(epsg)).transform_bounds(*wgs84_bbox(epsg), densify_pts=21))


def to_legal(lon, lat, keys) -> tuple[np.ndarray, np.ndarray]:
    """WGS84 points -> metric x/y, each in the legal CRS of its territory ``keys`` (NaN where
    the key is "")."""
    import numpy as np

    lon = np.asarray(lon, float)
    lat = np.asarray(lat, float)
    keys = np.asarray(keys, dtype=object)
    x = np.full(lon.shape, np.nan)
    y = np.full(lon.shape, np.nan)
    for key in set(keys.tolist()):
        if key:
            m = keys == key
            x[m], y[m] = transform(lon[m], lat[m], WGS84, BY_KEY[key].epsg)
    return x, y


def main_legal_crs(keys) -> int | None:
    """The legal CRS of most territory ``keys`` (ties: the first of ``LEGAL_EPSGS``); None
    when no key is a territory."""
    import numpy as np

    vals, cnt = np.unique(np.asarray(keys, dtype=object).astype(str), return_counts=True)
    per_epsg: dict[int, int] = {}
    for v, c in zip(vals.tolist(), cnt.tolist()):
        if v in BY_KEY:
            per_epsg[BY_KEY[v].epsg] = per_epsg.get(BY_KEY[v].epsg, 0) + int(c)
    if not per_epsg:
        return None
    best = max(per_epsg.values())
    return next(e for e in LEGAL_EPSGS if per_epsg.get(e) == best)


def infer_epsg(codes=None, lon=None, lat=None) -> int:
    """The legal CRS of most rows: from the commune codes when given, else from WGS84 points,
    else Lambert-93."""
    found = main_legal_crs(territories_of_codes(codes)) if codes is not None else None
    if found is None and lon is not None:
        found = main_legal_crs(territories_of_lonlat(lon, lat))
    return found or DEFAULT_EPSG


@functools.lru_cache(maxsize=64)
def is_projected(epsg: int) -> bool:
    """True for a projected (metric) CRS; False for a geographic one or an unknown code."""
    if int(epsg) in LEGAL_EPSGS:
        return True
    try:
        from pyproj import CRS
        return bool(CRS.from_epsg(int(epsg)).is_projected)
    except Exception:  # pyproj's CRSError, or no pyproj at all
        return False


def is_metric(epsg: int) -> bool:
    return is_projected(epsg)


def metric_crs(requested: int | None = None, sources: Iterable = (), codes: Iterable = ()) -> int:
    """The metric CRS a computation runs in — the one rule every algorithm and output uses:

    1. ``requested`` (an explicit CRS parameter; it must be projected);
    2. else the first projected CRS among ``sources`` (the input layers' EPSG codes);
    3. else the legal CRS of the territory of the first commune code among ``codes``;
    4. else Lambert-93.
    """
    from .errors import ParameterError
    if requested is not None:
        if not is_projected(int(requested)):
            raise ParameterError(f"EPSG:{int(requested)} is not a metric CRS",
                                 hint="choose a projected CRS, e.g. the legal CRS of the territory "
                                      "(EPSG:2154 in metropolitan France)")
        return int(requested)
    for e in sources:
        if e and is_projected(int(e)):
            return int(e)
    for c in codes:
        if c is not None and territory_key(c):
            return legal_crs(c)
    return DEFAULT_EPSG


# Région (INSEE code, regions of 2016) of each département.
_REGIONS = {
    "84": "01 03 07 15 26 38 42 43 63 69 73 74", "27": "21 25 39 58 70 71 89 90", "53": "22 29 35 56",
    "24": "18 28 36 37 41 45", "94": "2A 2B", "44": "08 10 51 52 54 55 57 67 68 88",
    "32": "02 59 60 62 80", "11": "75 77 78 91 92 93 94 95", "28": "14 27 50 61 76",
    "75": "16 17 19 23 24 33 40 47 64 79 86 87", "76": "09 11 12 30 31 32 34 46 48 65 66 81 82",
    "52": "44 49 53 72 85", "93": "04 05 06 13 83 84",
    "01": "971", "02": "972", "03": "973", "04": "974", "06": "976",
}
REGION_OF_DEPARTMENT = {dep: reg for reg, deps in _REGIONS.items() for dep in deps.split()}


def region_of(code: str) -> str:
    """INSEE région code of a commune or département code ("" when unknown)."""
    return REGION_OF_DEPARTMENT.get(department_of(code) if len(str(code).strip()) > 3 else str(code).strip(), "")
