"""How TerriDiag prints a number, in English and in French — the one formatter of the panels,
the QGIS legends, the web map, the report, the atlas and the tables.

Units are those of :func:`norm_unit`: ``share`` (a fraction 0–1, printed in %), ``m`` (printed in m
or km), ``min``, ``km²``, ``count``, ``index``, ``class``, or ``""`` (a plain number).
"""
from __future__ import annotations

import math

from .language import NBSP, NNBSP, lang_of

MISSING = "—"


def norm_unit(unit) -> str:
    """A unit as the catalogue or a caller writes it -> one of the units this module prints."""
    u = str(unit or "").strip().lower()
    if u in ("%", "share", "ratio", "fraction", "proportion", "0-1"):
        return "share"
    if u in ("m", "metre", "meter", "metres", "meters"):
        return "m"
    if u in ("min", "minute", "minutes", "mn"):
        return "min"
    if u in ("km²", "km2", "sq km"):
        return "km²"
    if u in ("count", "inhabitants", "premises"):
        return "count"
    if u in ("1-5", "1-10", "0-4", "class"):
        return "class"
    if u in ("base 100", "index"):
        return "index"
    return u


def is_missing(value) -> bool:
    """None, NaN, NA, or a text that says NULL."""
    if value is None:
        return True
    if isinstance(value, str):
        return value.strip().upper() in ("NULL", "NAN")
    try:
        return math.isnan(float(value))
    except (TypeError, ValueError):
        return str(value) in ("NULL", "<NA>", "NaT")


def number(value: float, decimals: int = 0, lang: str = "en") -> str:
    """A number with thousands separators: 1,234.5 in English, 1 234,5 in French (narrow no-break
    space); "—" when missing."""
    if is_missing(value):
        return MISSING
    text = f"{float(value):,.{decimals}f}"
    if lang_of(lang) == "fr":
        text = text.replace(",", NNBSP).replace(".", ",")
    return text


def _plain(v: float, unit: str, lang: str) -> str:
    if unit == "class":
        return number(v, 0 if v == int(v) else 2, lang)
    if v == int(v) and abs(v) >= 100:
        return number(v, 0, lang)
    return number(v, 1 if unit == "index" and abs(v) >= 10 else 2, lang)


def format_value(value, unit: str = "", lang: str = "en", missing: str = MISSING, with_unit: bool = True) -> str:
    """A value as people read it: 0.834 share -> "83 %", 1234 m -> "1.2 km" ("1,2 km" in French),
    12.5 min -> "12 min", 1234 count -> "1,234". Text is returned as it is; ``missing`` stands for
    None/NaN. ``with_unit=False`` leaves the unit out (a legend's lower class limit)."""
    if is_missing(value):
        return missing
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return str(value)
    try:
        v = float(value)
    except (TypeError, ValueError):
        return str(value)
    unit = norm_unit(unit)
    sep = NBSP

    def tail(symbol):
        return sep + symbol if with_unit else ""

    if unit == "share":
        return number(100 * v, 0 if abs(v) >= 0.1 or v == 0 else 1, lang) + tail("%")
    if unit == "m":
        if abs(v) >= 1000:
            return number(v / 1000, 1, lang) + tail("km")
        return number(v, 0, lang) + tail("m")
    if unit == "min":
        return number(v, 0 if abs(v) >= 10 else 1, lang) + tail("min")
    if unit == "km²":
        return number(v, 1 if abs(v) < 100 else 0, lang) + tail("km²")
    if unit == "count":
        return number(v, 0, lang)
    return _plain(v, unit, lang)


def km_text(km, lang: str = "en") -> str:
    """A distance threshold in km as a sentence writes it: 5 -> "5 km", 2.5 -> "2,5 km" in French."""
    k = float(km)
    text = f"{k:g}"
    return (text.replace(".", ",") if lang_of(lang) == "fr" else text) + NBSP + "km"


def plain_number(v, lang: str = "en") -> str:
    """A parameter as a sentence writes it: 5.5 -> "5,5" in French, 100.0 -> "100"."""
    text = f"{float(v):g}"
    return text.replace(".", ",") if lang_of(lang) == "fr" else text
