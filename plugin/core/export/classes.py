"""Classes and colours of a commune indicator, shared by the web map and the report maps, so the
same commune has the same colour everywhere."""
from __future__ import annotations

import numpy as np
import pandas as pd

from .fields import class_of, field_info, format_value, nice_breaks
from .wording import fr_typography

# ColorBrewer YlOrRd: the darkest class is the one that needs attention.
RAMP = ("#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026")
NO_DATA = "#f0f0f0"
MASKED = "#bdbdbd"


TRUE_TEXT = {"1", "true", "t", "yes", "y", "oui", "vrai"}


def masked_flags(communes) -> np.ndarray:
    """The ``masked`` column as booleans, whatever a layer made of it (bool, 0/1, "true")."""
    if "masked" not in communes.columns:
        return np.zeros(len(communes), dtype=bool)
    s = communes["masked"]
    if pd.api.types.is_bool_dtype(s):
        return s.fillna(False).to_numpy(dtype=bool)
    if pd.api.types.is_numeric_dtype(s):
        return (pd.to_numeric(s, errors="coerce").fillna(0).to_numpy(float) != 0)
    return s.map(lambda v: str(v).strip().lower() in TRUE_TEXT if v is not None else False).to_numpy(dtype=bool)


def legend_classes(values, info, lang) -> tuple[list[float], list[dict]]:
    breaks = nice_breaks(values, info.unit, n=len(RAMP))
    if len(breaks) < 2:
        return breaks, []
    n = len(breaks) - 1
    colours = ramp(n, info.direction)
    classes = []
    for k in range(n):
        lo, hi = format_value(breaks[k], info.unit, lang), format_value(breaks[k + 1], info.unit, lang)
        label = lo if breaks[k] == breaks[k + 1] else f"{lo} – {hi}"
        classes.append({"colour": colours[k], "label": label})
    return breaks, classes


def ramp(n: int, direction: str) -> list[str]:
    idx = np.linspace(0, len(RAMP) - 1, n).round().astype(int) if n > 1 else np.array([len(RAMP) // 2])
    colours = [RAMP[i] for i in idx]
    # higher-is-better indicators: low values are the worrying ones, so they get the dark end
    return colours[::-1] if direction == "higher_better" else colours


def masked_values(communes, field: str, values=None) -> np.ndarray:
    """True where a value is hidden by confidentiality: masked commune and no value shown."""
    if values is None:
        values = pd.to_numeric(communes[field], errors="coerce").to_numpy(dtype=float)
    return masked_flags(communes) & ~np.isfinite(values)


def display_column(communes, field: str, lang: str) -> str:
    """The column to print for ``field`` (the French typology labels in French)."""
    if lang == "fr" and f"{field}_fr" in communes.columns:
        return f"{field}_fr"
    return field


def typology_labels(lang: str) -> dict:
    """Typology id -> label in ``lang`` (from the indicator module; ids as they are otherwise)."""
    try:
        from ..indicators.typology import CLASSES
    except ImportError:
        return {}
    return {ident: (fr if lang == "fr" else en) for ident, en, fr in CLASSES.values()}


def display_series(communes, field: str, lang: str) -> pd.Series:
    """The values to print for ``field``: typology ids become labels in the report's language."""
    col = display_column(communes, field, lang)
    values = communes[col]
    if field == "typology" and col == "typology":
        labels = typology_labels(lang)
        values = values.map(lambda v: labels.get(v, v))
    if field == "typology" and lang == "fr":   # layers written before the labels had "\u00a0:"
        values = values.map(lambda v: fr_typography(v, lang) if isinstance(v, str) else v)
    return values


def commune_colours(communes, indicator: str, lang: str = "en"):
    """Fill colour of each commune, which are hidden (masked), and the legend classes."""
    info = field_info(indicator, lang)
    values = pd.to_numeric(communes[indicator], errors="coerce").to_numpy(dtype=float)
    hidden = masked_values(communes, indicator, values)
    breaks, classes = legend_classes(values[~hidden], info, lang)
    cls = class_of(values, breaks) if breaks else np.full(len(values), -1)
    colours = np.array([classes[c]["colour"] if c >= 0 else NO_DATA for c in cls], dtype=object)
    colours[hidden] = MASKED
    return colours, hidden, classes, info
