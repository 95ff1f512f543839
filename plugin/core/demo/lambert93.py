"""Lambert-93 (EPSG:2154) <-> geographic RGF93/WGS84 lon/lat, vectorised, without PROJ.

The demo generator must give byte-identical files on every machine, and Debian's pyproj cannot
find its data directory inside a venv; the closed formulas (IOGP guidance note 7-2, Lambert
conic conformal 2SP) avoid both problems. RGF93 and WGS84 are taken as identical, as PROJ does.
Tests compare with pyproj.
"""
from __future__ import annotations

import numpy as np

_A = 6378137.0
_F = 1 / 298.257222101          # GRS80
_E2 = _F * (2 - _F)
_E = np.sqrt(_E2)
_LAT1, _LAT2, _LAT0, _LON0 = np.radians([49.0, 44.0, 46.5, 3.0])
_X0, _Y0 = 700000.0, 6600000.0


def _m(phi):
    return np.cos(phi) / np.sqrt(1 - _E2 * np.sin(phi) ** 2)


def _t(phi):
    es = _E * np.sin(phi)
    return np.tan(np.pi / 4 - phi / 2) / ((1 - es) / (1 + es)) ** (_E / 2)


_N = (np.log(_m(_LAT1)) - np.log(_m(_LAT2))) / (np.log(_t(_LAT1)) - np.log(_t(_LAT2)))
_AF = _A * _m(_LAT1) / (_N * _t(_LAT1) ** _N)
_R0 = _AF * _t(_LAT0) ** _N


def to_lonlat(x, y):
    """Lambert-93 metres -> (lon, lat) degrees."""
    dx = np.asarray(x, float) - _X0
    dy = _R0 - (np.asarray(y, float) - _Y0)
    r = np.hypot(dx, dy)
    t = (r / _AF) ** (1 / _N)
    lon = np.arctan2(dx, dy) / _N + _LON0
    phi = np.pi / 2 - 2 * np.arctan(t)
    for _ in range(12):  # converges to 1e-15 rad in < 8 iterations at French latitudes
        es = _E * np.sin(phi)
        phi = np.pi / 2 - 2 * np.arctan(t * ((1 - es) / (1 + es)) ** (_E / 2))
    return np.degrees(lon), np.degrees(phi)


def from_lonlat(lon, lat):
    """(lon, lat) degrees -> Lambert-93 metres."""
    phi = np.radians(np.asarray(lat, float))
    theta = _N * (np.radians(np.asarray(lon, float)) - _LON0)
    r = _AF * _t(phi) ** _N
    return _X0 + r * np.sin(theta), _Y0 + _R0 - r * np.cos(theta)
