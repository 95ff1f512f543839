"""Metric CRS per territory (legal CRS of metropolitan France and overseas territories)."""
from __future__ import annotations

LAMBERT93 = 2154
WGS84 = 4326

# Overseas départements and collectivities → legal projected CRS.
_OVERSEAS = {
    "971": 5490, "972": 5490, "977": 5490, "978": 5490,   # Antilles (RGAF09 / UTM 20N)
    "973": 2972,                                          # Guyane (RGFG95 / UTM 22N)
    "974": 2975,                                          # Réunion (RGR92 / UTM 40S)
    "976": 4471,                                          # Mayotte (RGM04 / UTM 38S)
    "975": 4467,                                          # Saint-Pierre-et-Miquelon (RGSPM06 / UTM 21N)
}

# Rough WGS84 bounding box of each territory, for "coordinates outside France" checks.
_BBOX = {
    LAMBERT93: (-5.5, 41.2, 10.0, 51.3),
    5490: (-63.2, 14.3, -60.7, 18.2),
    2972: (-54.7, 2.0, -51.5, 6.0),
    2975: (55.1, -21.5, 55.9, -20.8),
    4471: (44.9, -13.1, 45.4, -12.5),
    4467: (-56.6, 46.7, -56.1, 47.2),
}


def department_of(code_insee: str) -> str:
    """Département code of a commune INSEE code ("2A004" → "2A", "97411" → "974")."""
    code = str(code_insee).strip()
    return code[:3] if code.startswith("97") else code[:2]


def legal_crs(code: str) -> int:
    """EPSG code of the legal metric CRS for a département or commune code."""
    code = str(code).strip()
    dep = code[:3] if code.startswith("97") else code[:2]
    return _OVERSEAS.get(dep, LAMBERT93)


def wgs84_bbox(epsg: int) -> tuple[float, float, float, float]:
    """(min_lon, min_lat, max_lon, max_lat) of the territory a legal CRS covers."""
    return _BBOX.get(epsg, _BBOX[LAMBERT93])


def is_metric(epsg: int) -> bool:
    return epsg != WGS84
