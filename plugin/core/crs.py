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
