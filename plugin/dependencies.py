"""Check the Python packages the engine needs without importing them (``find_spec`` only: QGIS
start-up stays light).

Kept free of qgis imports so it can be tested anywhere; the plugin turns the result into a
message-bar warning. requirements.txt at the plugin root lists the same packages for QPIP (a test
keeps the two in step).
"""
from __future__ import annotations

import importlib.util

# import name -> (pip name, Debian package or None)
REQUIRED = {
    "numpy": ("numpy", "python3-numpy"),
    "pandas": ("pandas", "python3-pandas"),
    "scipy": ("scipy", "python3-scipy"),
    "shapely": ("shapely", "python3-shapely"),
    "pyproj": ("pyproj", "python3-pyproj"),
    "geopandas": ("geopandas", "python3-geopandas"),
}
OPTIONAL = {
    "rasterio": ("rasterio", "python3-rasterio"),
    "folium": ("folium", "python3-folium"),
    "matplotlib": ("matplotlib", "python3-matplotlib"),
    "openpyxl": ("openpyxl", "python3-openpyxl"),
    "opening_hours": ("opening-hours-py", None),   # not packaged by Debian: pip only
}


QPIP_FOLDER = "a00_qpip"  # the folder (plugin id) of QPIP, whose metadata name is "qpip"


def missing(packages: dict[str, tuple[str, str]] | None = None) -> list[str]:
    """Import names of the packages that cannot be found (``REQUIRED`` by default)."""
    return [name for name in (REQUIRED if packages is None else packages)
            if importlib.util.find_spec(name) is None]


def install_hint(names: list[str]) -> str:
    pairs = [REQUIRED.get(n, OPTIONAL.get(n, (n, "python3-" + n))) for n in names]
    pip_names = " ".join(pip for pip, _deb in pairs)
    debian = " ".join(deb for _pip, deb in pairs if deb)
    pip_only = " ".join(pip for pip, deb in pairs if not deb)   # what Debian does not package
    debian_hint = " and ".join(([f"'sudo apt install {debian}'"] if debian else [])
                               + ([f"'python3 -m pip install --user {pip_only}'"] if pip_only else []))
    return ("Windows: open the OSGeo4W Shell (or the QGIS installer's shell) and run "
            f"'python -m pip install {pip_names}'. Debian/Ubuntu: {debian_hint}. "
            f"macOS: '/Applications/QGIS.app/Contents/MacOS/bin/python3 -m pip install {pip_names}'. "
            "Then restart QGIS.")
