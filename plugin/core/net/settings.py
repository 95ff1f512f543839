"""Network settings read by the core: geocoder base URL, download cache folder, producer bases.

Order of precedence: a value set with :func:`set_override` (the GUI settings page calls it
from QgsSettings), then an environment variable, then the default. The core never reads
QgsSettings itself.
"""
from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # read when QGIS starts (the settings page hands its values over): pathlib when used
    from pathlib import Path

DEFAULT_GEOCODER_URL = "https://data.geopf.fr/geocodage"
LEGACY_GEOCODER_URL = "https://api-adresse.data.gouv.fr"

_overrides: dict[str, str] = {}


def set_override(name: str, value: str | None) -> None:
    """Set (or clear with None/"") a setting: ``geocoder_url``, ``cache_dir`` or ``base:<key>``."""
    if value:
        _overrides[name] = str(value)
    else:
        _overrides.pop(name, None)


def _get(name: str, env: str, default: str) -> str:
    value = _overrides.get(name) or os.environ.get(env, "").strip()
    return value or default


def geocoder_base_url() -> str:
    """Base of the BAN geocoder (``…/search/`` and ``…/search/csv/`` are appended)."""
    return _get("geocoder_url", "TERRIDIAG_GEOCODER_URL", DEFAULT_GEOCODER_URL).rstrip("/")


def cache_dir() -> Path:
    """Folder where downloads are cached between runs."""
    from pathlib import Path

    default = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "terridiag" / "downloads"
    return Path(_get("cache_dir", "TERRIDIAG_CACHE_DIR", str(default)))


def base_url_override(key: str) -> str | None:
    """Replacement base URL for a producer (catalog key, e.g. ``ban``), or None.
    Env: ``TERRIDIAG_BASE_BAN=http://127.0.0.1:8000``."""
    value = _overrides.get(f"base:{key}") or os.environ.get(f"TERRIDIAG_BASE_{key.upper()}", "").strip()
    return value.rstrip("/") or None
