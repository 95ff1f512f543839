"""What an indicator is called, in which unit, and which indicators the outputs show.

The indicator catalogue (``core.indicators.catalog``) holds one entry per field: labels, unit,
description, direction, source. This module reads it for people: a label that states its
threshold and what it counts ("Part de la population à moins de 5 km" rather than "Part à moins du
seuil"), the unit said once, and a fallback (the field name, a unit guessed from it) for a field
the catalogue does not describe, so an output never fails on a new column.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .language import NBSP, lang_of
from .numbers import km_text, norm_unit

# Indicator columns the outputs show, in this order, when the communes table has them.
KEY_FIELDS = (
    "population", "n_addresses", "dist_mean_m", "dist_median_m", "dist_p90_m", "share_within",
    "share_within_5km", "pop_share_within_5km", "time_mean_min", "time_median_min", "fsca_per_10k", "fsca_norm",
    "share_ftth", "share_thd30", "ftth_share", "thd30_share", "share_good_mobile",
    "ifn_global", "ifn_global_class", "ifn5_score", "ifn5_class", "composite_score", "typology",
)
# Columns that identify a commune rather than measure it.
ID_FIELDS = ("code_insee", "nom", "code_dep", "epci_siren", "epci_nom", "masked", "geometry")

HIGHER_BETTER, LOWER_BETTER, NEUTRAL = "higher_better", "lower_better", ""


@dataclass
class FieldInfo:
    name: str
    label: str
    unit: str = ""            # see numbers.norm_unit: "share", "m", "min", "count", "index", "class", "" …
    description: str = ""
    direction: str = ""       # HIGHER_BETTER, LOWER_BETTER or NEUTRAL
    source: str = ""
    confidential: bool = True  # masked for small communes (unknown fields: assume so, to be safe)
    unit_text: str = ""       # the catalogue's unit as written in the output's language ("places par habitant")
    group: str = ""


def _describe(name: str):
    from ..indicators.catalog import describe
    return describe(name)


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
    if name.startswith(("dist", "time", "ifn")):
        return LOWER_BETTER
    if "share" in name:
        return HIGHER_BETTER
    return NEUTRAL


def _direction(value) -> str:
    d = str(value or "").strip().lower()
    if d in ("higher_is_better", "higher_better", "+"):
        return HIGHER_BETTER
    if d in ("higher_is_worse", "lower_better", "-"):
        return LOWER_BETTER
    return NEUTRAL


# -- thresholds and what a share counts --------------------------------------------------------

_SHARE_KM = re.compile(r"^share_within_(\d+(?:_\d+)?)km$")


def threshold_km(metadata: dict | None = None, columns=()) -> float | None:
    """The first distance threshold of the run (km): from the metadata's parameters, else from a
    ``share_within_{k}km`` column of the table; None when neither says."""
    params = (metadata or {}).get("parameters") or {}
    for value in params.get("thresholds_km") or ():
        try:
            return float(value)
        except (TypeError, ValueError):
            break
    for c in (columns if columns is not None else ()):
        m = _SHARE_KM.match(str(c))
        if m:
            return float(m.group(1).replace("_", "."))
    return None


def share_subject(metadata: dict | None = None, communes=None) -> str:
    """What a share within a distance counts: "addresses" when the demand points were addresses
    and unweighted, "communes" when they were one unweighted point per commune (no population
    known: a share of communes, not of people), "population" otherwise (IRIS, grid cells or
    commune points carrying people); "" when unknown."""
    from .demand import demand_of

    demand = demand_of(metadata, communes)
    if not demand:
        return ""
    if demand.get("source") == "addresses" and demand.get("weighting") != "population":
        return "addresses"
    if demand.get("source") == "commune" and demand.get("weighting") == "none":
        return "communes"
    return "population"


_SUBJECT = {"addresses": {"en": "Share of addresses", "fr": "Part des adresses"},
            "population": {"en": "Share of the population", "fr": "Part de la population"},
            "communes": {"en": "Share of the communes", "fr": "Part des communes"},
            "": {"en": "Share", "fr": "Part"}}


def _share_label(km: float | None, subject: str, lang: str, suffix: str = "") -> str | None:
    if km is None:
        return None
    head = _SUBJECT.get(subject, _SUBJECT[""])["fr" if lang == "fr" else "en"]
    word = "à moins de" if lang == "fr" else "within"
    return f"{head} {word} {km_text(km, lang)}{suffix}"


def label(name: str, lang: str = "en", metadata: dict | None = None, columns=(), communes=None) -> str:
    """The label of a field in ``lang``, its threshold stated when the run says it:
    share_within -> "Part de la population à moins de 5 km" (or "Part des adresses …" when the
    demand was addresses)."""
    lang = lang_of(lang)
    if communes is not None and len(columns) == 0:
        columns = getattr(communes, "columns", ())
    km = None
    if name == "share_within" or name.startswith("share_within_"):
        km = threshold_km(metadata, columns)
    subject = share_subject(metadata, communes) if km is not None or _SHARE_KM.match(name) else ""
    if name == "share_within":
        text = _share_label(km, subject, lang)
        if text:
            return text
    m = _SHARE_KM.match(name)
    if m:
        return _share_label(float(m.group(1).replace("_", ".")), subject, lang)
    m = re.match(r"^share_within_(\w+)$", name)
    if m and km is not None and not name.endswith(("min", "m")):
        from .vocabulary import Category
        cat = Category.get(m.group(1))
        if cat is not None:
            return _share_label(km, subject, lang, f" {cat.of_one(lang)}")
    entry = _describe(name)
    if entry is None:
        return name
    return entry.label_for(lang)


def field_info(name: str, lang: str = "en", metadata: dict | None = None, columns=(), communes=None) -> FieldInfo:
    """Label, unit, description, direction, source of a field in ``lang``."""
    lang = lang_of(lang)
    info = FieldInfo(name=name, label=name, unit=_guess_unit(name), direction=_guess_direction(name),
                     confidential=name not in ID_FIELDS and name != "population")
    entry = _describe(name)
    if entry is not None:
        info.unit = norm_unit(entry.unit) if entry.unit else info.unit
        info.unit_text = entry.unit_for(lang)
        # English text in a French output reads as a bug: only a description in the output's language
        info.description = entry.description_for(lang) if (lang == "en" or entry.description_fr) else ""
        info.direction = _direction(entry.direction)
        info.source = entry.source_for(lang)
        info.confidential = bool(entry.confidential)
        info.group = entry.group
    info.label = label(name, lang, metadata, columns, communes)
    described = _share_description(name, lang, metadata, columns, communes)
    if described:
        info.description = described
    return info


_DESC_HEAD = {"addresses": {"en": "Share of the addresses", "fr": "Part des adresses"},
              "population": {"en": "Share of the population", "fr": "Part de la population"},
              "communes": {"en": "Share of the communes (one point each, no population known)",
                           "fr": "Part des communes (un point chacune, population inconnue)"}}


def _share_description(name, lang, metadata, columns, communes) -> str:
    """The description of a share within a distance as the run computed it (what it counts, the
    threshold, the places); "" when the run does not say (the catalogue's text is kept)."""
    m = _SHARE_KM.match(name)
    if name != "share_within" and not m:
        return ""
    km = float(m.group(1).replace("_", ".")) if m else threshold_km(metadata, columns)
    subject = share_subject(metadata, communes)
    if km is None or not subject:
        return ""
    from .language import fr_typography
    from .vocabulary import Category

    cats = ((metadata or {}).get("parameters") or {}).get("category") or []
    cats = [cats] if isinstance(cats, str) else list(cats)
    names = [Category.get(c).in_sentence(lang) if Category.get(c) else str(c) for c in cats]
    places = f" ({', '.join(names)})" if names else ""
    head = _DESC_HEAD[subject][lang]
    text = {"en": f"{head} less than {km_text(km, lang)} as the crow flies from a place that helps with digital "
                  f"life{places}",
            "fr": f"{head} à moins de {km_text(km, lang)} à vol d’oiseau d’un lieu d’aide au numérique{places}"}[lang]
    return fr_typography(text, lang)


def present_fields(columns, extra=(), table=None) -> list[str]:
    """The key indicator fields a table has, in display order, then ``extra`` ones; with the
    ``table``, a ``share_within_{k}km`` equal to ``share_within`` (the same threshold) is said once."""
    cols = list(columns)
    out = [f for f in KEY_FIELDS if f in cols]
    out += [f for f in extra if f in cols and f not in out]
    if table is not None and "share_within" in out:
        import numpy as np
        import pandas as pd

        a = pd.to_numeric(table["share_within"], errors="coerce").to_numpy(float)
        for f in [f for f in out if _SHARE_KM.match(f) and f not in extra]:
            b = pd.to_numeric(table[f], errors="coerce").to_numpy(float)
            if np.allclose(a, b, equal_nan=True):
                out.remove(f)
    return out


# -- units ---------------------------------------------------------------------------------------

# Units a printed value carries itself ("83 %", "2,0 km", "12 min") or that need no word (a count):
# every other unit goes with the label, see :func:`label_with_unit`.
SELF_UNITS = ("m", "share", "min", "km²", "count", "", "bool")


def unit_label(info: FieldInfo) -> str:
    """The unit to put after an axis or legend title: "%", "km", "min", or the catalogue's unit in
    the output's language ("base 100", "rapport à la moyenne du territoire"); "" for a count or a
    text."""
    if info.unit in ("share", "m", "min", "km²"):
        return {"share": "%", "m": "km"}.get(info.unit, info.unit)
    if info.unit in ("count", "", "bool"):
        return ""
    return info.unit_text or ""


_PER_CLAUSE = re.compile(r"\s(?:per|pour|par)\s.+$", re.IGNORECASE)


def split_label_unit(label_text: str, unit: str) -> tuple[str, str]:
    """The label and the unit to print after it, the unit said once: a unit already in the label
    is dropped ("Score (base 100)" + "base 100" -> no unit) and a label that ends with the unit's
    "per ..." clause loses it ("Accessibilité pour 10 000 habitants" + "places pour 10 000
    habitants" -> "Accessibilité", "places pour 10 000 habitants")."""
    label_text, unit = str(label_text).strip(), str(unit or "").strip()
    if not unit or re.search(r"(?<!\w)" + re.escape(unit) + r"(?!\w)", label_text, re.IGNORECASE):
        return label_text, ""
    if unit == "km" and re.search(r"\d\s*km\b", label_text.replace(NBSP, " ")):
        return label_text, ""
    per = _PER_CLAUSE.search(unit)
    if per and unit != per.group(0).strip():
        clause = per.group(0).strip()
        if label_text.lower().endswith(clause.lower()) and len(label_text) > len(clause):
            return label_text[: -len(clause)].rstrip(" ,"), unit
    return label_text, unit


def with_unit(label_text: str, unit: str) -> str:
    """"label (unit)", the unit said once (see :func:`split_label_unit`); a label that ends with a
    bracket takes the unit inside it: "IFN score (5 indicators)" -> "IFN score (5 indicators, 1-10)"."""
    label_text, unit = split_label_unit(label_text, unit)
    if not unit:
        return label_text
    if label_text.endswith(")"):
        return f"{label_text[:-1]}, {unit})"
    return f"{label_text} ({unit})"


def label_with_unit(info: FieldInfo) -> str:
    """The label, followed by the unit in brackets when the printed value does not show it:
    "Digital fragility score (base 100)", "Relative accessibility (ratio to territory mean)"."""
    if info.unit in SELF_UNITS:
        return info.label
    return with_unit(info.label, info.unit_text)


def title(info: FieldInfo) -> str:
    """A legend or axis title: the label with the unit values are drawn in ("Part … à moins de
    5 km (%)", "Distance médiane … (km)"); counts and texts need none."""
    return with_unit(info.label, unit_label(info))


def format_field(name: str, value, lang: str = "en", missing: str = "—") -> str:
    """A value of field ``name`` as people read it, in the field's unit ("83 %", "1,2 km")."""
    from .numbers import format_value

    return format_value(value, field_info(name, lang).unit, lang, missing=missing)
