"""What the outputs say about a field: label, unit, description, direction, and how to print it.

The indicator catalog (``core/indicators/catalog.py``) is the reference. This module reads it when it
is there and falls back to the field name (with a unit guessed from the name) for any field it does
not describe, so an output never fails because a new indicator has no catalog entry yet.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np

# Indicator columns the outputs show, in this order, when the communes table has them.
KEY_FIELDS = (
    "population", "n_addresses", "dist_mean_m", "dist_median_m", "dist_p90_m", "share_within",
    "share_within_5km", "pop_share_within_5km", "time_mean_min", "fsca_per_10k",
    "share_ftth", "share_thd30", "ftth_share", "thd30_share", "share_good_mobile",
    "ifn_global", "ifn_global_class", "ifn5_score", "ifn5_class", "composite_score", "typology",
)
# Columns that identify a commune rather than measure it.
ID_FIELDS = ("code_insee", "nom", "code_dep", "epci_siren", "epci_nom", "masked", "geometry")


@dataclass
class FieldInfo:
    name: str
    label: str
    unit: str = ""            # "m", "share" (0..1), "count", "index", "class", "" (text)
    description: str = ""
    direction: str = ""       # "higher_better", "lower_better" or ""
    source: str = ""
    confidential: bool = True  # masked for small communes (unknown fields: assume so, to be safe)
    unit_text: str = ""       # the catalog's unit as written in the output's language ("places par habitant")


def _catalog():
    try:
        from ..indicators import catalog  # written by the indicator engineer
    except ImportError:
        return None
    return catalog


def _entry(catalog, name: str):
    """The catalog's entry for ``name``, whatever shape the catalog gives it."""
    for fn in ("describe", "field", "get", "info", "lookup"):
        func = getattr(catalog, fn, None)
        if callable(func):
            try:
                entry = func(name)
            except (KeyError, LookupError, ValueError):
                entry = None
            if entry is not None:
                return entry
    for attr in ("FIELDS", "CATALOG", "INDICATORS", "catalog"):
        table = getattr(catalog, attr, None)
        if isinstance(table, dict) and name in table:
            return table[name]
        if isinstance(table, (list, tuple)):
            for entry in table:
                if _get(entry, "name") == name or _get(entry, "field") == name:
                    return entry
    return None


def _get(entry, key: str, lang: str | None = None):
    """entry[key] / entry.key, trying ``key_<lang>`` and ``{lang: ...}`` dicts for text."""
    keys = ([f"{key}_{lang}"] if lang else []) + [key]
    for k in keys:
        value = entry.get(k) if isinstance(entry, dict) else getattr(entry, k, None)
        if value is None:
            continue
        if isinstance(value, dict) and lang:
            value = value.get(lang) or value.get("en") or next(iter(value.values()), None)
        if value is not None:
            return value
    return None


def _guess_unit(name: str) -> str:
    if name.endswith("_m") or name.startswith("dist"):
        return "m"
    if "share" in name or name.endswith(("_rate", "_pct")):
        return "share"
    if name.startswith("n_") or name == "population":
        return "count"
    if name.endswith("_class") or name == "typology":
        return "class"
    if name.startswith(("ifn", "index")):
        return "index"
    return ""


def _guess_direction(name: str) -> str:
    if name.startswith("dist"):
        return "lower_better"
    if name.startswith("ifn"):          # fragility index: higher is more fragile
        return "lower_better"
    if "share" in name:
        return "higher_better"
    return ""


def field_info(name: str, lang: str = "en") -> FieldInfo:
    info = FieldInfo(name=name, label=name, unit=_guess_unit(name), direction=_guess_direction(name),
                     confidential=name not in ID_FIELDS and name != "population")
    catalog = _catalog()
    entry = _entry(catalog, name) if catalog is not None else None
    if entry is not None:
        info.label = str(_get(entry, "label", lang) or name)
        unit = _get(entry, "unit")
        info.unit = _norm_unit(str(unit)) if unit is not None else info.unit
        info.unit_text = str(_get(entry, "unit", lang) or "")
        # English text in a French map reads as a bug: only a description in the map's language
        has_lang = lang == "en" or _get(entry, f"description_{lang}") is not None
        info.description = str(_get(entry, "description", lang) or "") if has_lang else ""
        direction = _get(entry, "direction")
        info.direction = _norm_direction(direction) if direction is not None else info.direction
        info.source = str(_get(entry, "source", lang) or "")
        conf = _get(entry, "confidential")
        info.confidential = bool(conf) if conf is not None else info.confidential
    return info


def _norm_unit(unit: str) -> str:
    u = unit.strip().lower()
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
    if u in ("1-5", "1-10", "0-4"):
        return "class"
    if u in ("base 100", "index"):
        return "index"
    return u


def _norm_direction(direction) -> str:
    d = str(direction).strip().lower()
    if d in ("+", "1", "higher_better", "higher_is_better", "higher is better", "up", "positive"):
        return "higher_better"
    if d in ("-", "-1", "lower_better", "higher_is_worse", "lower is better", "down", "negative"):
        return "lower_better"
    return d


def present_fields(columns, extra=()) -> list[str]:
    """The key indicator fields a table has, in display order, then ``extra`` ones."""
    cols = list(columns)
    out = [f for f in KEY_FIELDS if f in cols]
    out += [f for f in extra if f in cols and f not in out]
    return out


# -- printing -----------------------------------------------------------------------------------

UNIT_TEXT = {"m": "m", "share": "%", "count": "", "index": "", "class": "", "min": "min", "km²": "km²"}
# Units a printed value carries itself ("83 %", "2,0 km", "12 min") or that need no word
# (a count of addresses): every other unit goes with the label, see :func:`label_with_unit`.
SELF_UNITS = ("m", "share", "min", "km²", "count", "")


def unit_label(info: FieldInfo) -> str:
    """The unit to put after an axis title or a legend title: "%", "km", "min", or the catalog's
    unit in the output's language ("base 100", "rapport à la moyenne du territoire"); "" for a count
    or a text."""
    if info.unit in ("share", "m", "min", "km²"):
        return {"share": "%", "m": "km"}.get(info.unit, info.unit)
    if info.unit in ("count", ""):
        return ""
    return info.unit_text or ""


_PER_CLAUSE = re.compile(r"\s(?:per|pour|par)\s.+$", re.IGNORECASE)


def split_label_unit(label: str, unit: str) -> tuple[str, str]:
    """The label and the unit to print after it, the unit said once: ("", unit) parts already in
    the label are dropped ("Score (base 100)" + "base 100" -> no unit) and a label that ends with
    the unit's "per ..." clause loses it ("Accessibilité pour 10 000 habitants" + "places pour
    10 000 habitants" -> "Accessibilité", "places pour 10 000 habitants")."""
    label, unit = str(label).strip(), str(unit or "").strip()
    if not unit or re.search(r"(?<!\w)" + re.escape(unit) + r"(?!\w)", label, re.IGNORECASE):
        return label, ""
    per = _PER_CLAUSE.search(unit)
    if per and unit != per.group(0).strip():
        clause = per.group(0).strip()
        if label.lower().endswith(clause.lower()) and len(label) > len(clause):
            return label[: -len(clause)].rstrip(" ,"), unit
    return label, unit


def with_unit(label: str, unit: str) -> str:
    """"label (unit)", the unit said once (see :func:`split_label_unit`); a label that ends with a
    bracket takes the unit inside it: "IFN score (5 indicators)" -> "IFN score (5 indicators, 1-10)"."""
    label, unit = split_label_unit(label, unit)
    if not unit:
        return label
    if label.endswith(")"):
        return f"{label[:-1]}, {unit})"
    return f"{label} ({unit})"


def label_with_unit(info: FieldInfo) -> str:
    """The label, followed by the unit in brackets when the printed value does not show it:
    "Digital fragility score (base 100)", "Relative accessibility (ratio to territory mean)"."""
    if info.unit in SELF_UNITS:
        return info.label
    return with_unit(info.label, info.unit_text)


def _num(value: float, decimals: int, lang: str) -> str:
    text = f"{value:,.{decimals}f}"
    if lang == "fr":  # 1 234,5 (narrow no-break space for thousands)
        text = text.replace(",", "\u202f").replace(".", ",")
    return text


def is_missing(value) -> bool:
    if value is None:
        return True
    try:
        return bool(isinstance(value, float) and math.isnan(value)) or (
            not isinstance(value, str) and bool(np.isnan(value)))
    except (TypeError, ValueError):
        return False


def format_value(value, unit: str, lang: str = "en", missing: str = "—") -> str:
    """A value as people read it: 0.834 share -> "83 %", 1234 m -> "1.2 km"."""
    if is_missing(value):
        return missing
    if isinstance(value, str):
        return value
    try:
        v = float(value)
    except (TypeError, ValueError):
        return str(value)
    if unit == "share":
        return _num(100 * v, 0 if abs(v) >= 0.1 or v == 0 else 1, lang) + "\u00a0%"
    if unit == "m":
        if abs(v) >= 1000:
            return _num(v / 1000, 1, lang) + "\u00a0km"
        return _num(v, 0, lang) + "\u00a0m"
    if unit == "count":
        return _num(v, 0, lang)
    if unit == "min":
        return _num(v, 0 if abs(v) >= 10 else 1, lang) + "\u00a0min"
    if unit == "km²":
        return _num(v, 1 if abs(v) < 100 else 0, lang) + "\u00a0km²"
    if unit == "class":
        return _num(v, 0, lang) if v == int(v) else _num(v, 2, lang)
    if v == int(v) and abs(v) >= 100:
        return _num(v, 0, lang)
    return _num(v, 1 if unit == "index" and abs(v) >= 10 else 2, lang)


def nice_breaks(values, unit: str, n: int = 5) -> list[float]:
    """Class limits (n+1 values, min..max) from quantiles of the finite values, rounded so the
    legend reads well (whole percents, 100 m steps, two significant digits)."""
    v = np.asarray(values, dtype=float)
    v = v[np.isfinite(v)]
    if v.size == 0:
        return []
    lo, hi = float(v.min()), float(v.max())
    if lo == hi:
        return [lo, hi]
    if unit == "share":
        # fixed limits that mean something (80 % is the typology's access threshold) and compare
        # across territories; quantiles only when the values sit inside one or two of them
        fixed = [b for b in (0.5, 0.7, 0.8, 0.9, 0.95)[: n - 1 if n > 1 else 1] if lo < b < hi]
        if len(fixed) >= 2:
            return [lo] + fixed + [hi]
    inner = np.quantile(v, np.linspace(0, 1, n + 1)[1:-1])
    if unit == "share":
        inner = np.round(inner, 2)
    elif unit == "m":
        inner = np.round(inner, -2) if hi - lo > 500 else np.round(inner, -1)
    else:
        span = hi - lo
        digits = -int(math.floor(math.log10(span))) + 1
        inner = np.round(inner, digits)
    inner = [b for b in sorted(set(float(b) for b in inner)) if lo < b < hi]
    return [lo] + inner + [hi]


def class_of(values, breaks: list[float]) -> np.ndarray:
    """Class index (0..len(breaks)-2) of each value, -1 for NaN. Upper limits are inclusive."""
    v = np.asarray(values, dtype=float)
    out = np.full(v.shape, -1, dtype=int)
    if len(breaks) < 2:
        return out
    ok = np.isfinite(v)
    idx = np.searchsorted(np.asarray(breaks[1:-1]), v[ok], side="left")
    out[ok] = np.clip(idx, 0, len(breaks) - 2)
    return out
