"""The classification of a commune table for the web map and the report's maps: which communes are
masked, the text to print for a field, and each commune's colour — from the presentation core's one
classification (the QGIS style and the atlas use the same), so the same commune has the same colour
everywhere."""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..presentation.classification import MASKED, Classification, classify
from ..presentation.indicators import field_info
from ..presentation.language import fr_typography
from ..presentation.vocabulary import TRUE_WORDS, TypologyClass


def masked_flags(communes) -> np.ndarray:
    """The ``masked`` column as booleans, whatever a layer made of it (bool, 0/1, "true")."""
    if "masked" not in communes.columns:
        return np.zeros(len(communes), dtype=bool)
    s = communes["masked"]
    if pd.api.types.is_bool_dtype(s):
        return s.fillna(False).to_numpy(dtype=bool)
    if pd.api.types.is_numeric_dtype(s):
        return (pd.to_numeric(s, errors="coerce").fillna(0).to_numpy(float) != 0)
    return s.map(lambda v: str(v).strip().lower() in TRUE_WORDS if v is not None else False).to_numpy(dtype=bool)


def masked_values(communes, field: str, values=None) -> np.ndarray:
    """True where a value is hidden by confidentiality: masked commune and no value shown."""
    if values is None:
        values = pd.to_numeric(communes[field], errors="coerce").to_numpy(dtype=float)
    return masked_flags(communes) & ~np.isfinite(values)


def display_series(communes, field: str, lang: str) -> pd.Series:
    """The values to print for ``field``: typology ids become the vocabulary's labels in ``lang``
    (a layer's own ``typology_fr`` text is used only for an id the vocabulary does not know)."""
    values = communes[field]
    if field == "typology":
        fallback = communes["typology_fr"] if lang == "fr" and "typology_fr" in communes.columns else values
        values = pd.Series([TypologyClass.get(v).label(lang) if TypologyClass.get(v) is not None else
                            (fr_typography(f, lang) if isinstance(f, str) else f)
                            for v, f in zip(values, fallback)], index=communes.index, dtype=object)
    return values


def commune_classes(communes, indicator: str, lang: str = "en", metadata=None) -> tuple[Classification, object]:
    """The classification of ``indicator`` over the communes (masked values are missing values)."""
    info = field_info(indicator, lang, metadata, communes=communes)
    values = pd.to_numeric(communes[indicator], errors="coerce").to_numpy(dtype=float)
    return classify(values, info.unit, info.direction, lang), info


def commune_colours(communes, indicator: str, lang: str = "en", metadata=None):
    """Fill colour of each commune, which are hidden (masked), the classification and the field's
    description."""
    classes, info = commune_classes(communes, indicator, lang, metadata)
    values = pd.to_numeric(communes[indicator], errors="coerce").to_numpy(dtype=float)
    hidden = masked_values(communes, indicator, values)
    colours = classes.colour_of(values)
    colours[hidden] = MASKED
    return colours, hidden, classes, info
