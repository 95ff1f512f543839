"""TerriDiag preferences, kept in QgsSettings under ``terridiag/``.

The settings page (``options.py``) edits them; the panels read the defaults from here; ``apply()``
pushes the network ones to the headless core (``core.net.settings.set_override``), which never
reads QgsSettings itself.
"""
from __future__ import annotations

from dataclasses import dataclass, fields

from qgis.core import QgsSettings

from ..core.net import settings as net_settings
from ..log import LEVELS as LOG_LEVELS
from ..log import passes as should_log  # noqa: F401  (the settings page's name for it)

PREFIX = "terridiag/"


@dataclass
class Preferences:
    geocoder_url: str = net_settings.DEFAULT_GEOCODER_URL
    cache_dir: str = ""                 # empty = the core's default (~/.cache/terridiag/downloads)
    distance_km: float = 5.0            # the seed documents' target: help within 5 km of every home
    extra_distances_km: str = "10"      # further thresholds reported at once, comma separated
    minutes: float = 15.0
    extra_minutes: str = "30"
    confidentiality: int = 11           # INSEE practice: fewer than 11 addresses are masked
    log_level: str = "info"


def load() -> Preferences:
    s = QgsSettings()
    prefs = Preferences()
    for f in fields(Preferences):
        default = getattr(prefs, f.name)
        value = s.value(PREFIX + f.name, default)
        if value is None or (value == "" and not isinstance(default, str)):
            value = default
        try:
            value = type(default)(value)
        except (TypeError, ValueError):
            value = default
        setattr(prefs, f.name, value)
    if prefs.log_level not in LOG_LEVELS:
        prefs.log_level = "info"
    return prefs


def save(prefs: Preferences) -> None:
    s = QgsSettings()
    for f in fields(Preferences):
        s.setValue(PREFIX + f.name, getattr(prefs, f.name))
    apply(prefs)


def apply(prefs: Preferences | None = None) -> None:
    """Hand the network settings to the core (called at plugin start and after each save)."""
    prefs = prefs or load()
    url = prefs.geocoder_url.strip()
    net_settings.set_override("geocoder_url", "" if url == net_settings.DEFAULT_GEOCODER_URL else url)
    net_settings.set_override("cache_dir", prefs.cache_dir.strip())


def parse_numbers(text: str) -> list[float]:
    """'10, 20' -> [10.0, 20.0]; blanks ignored; a bad item raises ValueError naming it."""
    out = []
    for item in str(text).replace(";", ",").split(","):
        item = item.strip().replace(" ", "")
        if not item:
            continue
        try:
            value = float(item.replace(",", "."))
        except ValueError:
            raise ValueError(item) from None
        if value <= 0:
            raise ValueError(item)
        out.append(value)
    return out
