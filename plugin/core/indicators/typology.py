"""Typology of communes: access × fragility, so a council sees where to act first.

A commune is "far" when its access indicator is on the wrong side of the access threshold and
"fragile" when its fragility score is above the fragility threshold:
priority = far and fragile, far, fragile, served; unknown when either value is missing.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import InputDataError, ParameterError
from ..presentation.vocabulary import TypologyClass

# code: (id, English, French) — the words are the vocabulary's (French with its no-break spaces)
CLASSES = {m.code: (m.value, m.label("en"), m.label("fr")) for m in TypologyClass}
DEFAULTS = {
    "access_field": "share_within", "access_threshold": 0.8, "access_direction": "higher_is_better",
    "fragility_field": "ifn_global", "fragility_threshold": 100.0,
}


def typology(table: pd.DataFrame, access_field: str = DEFAULTS["access_field"],
             access_threshold: float = DEFAULTS["access_threshold"],
             access_direction: str = DEFAULTS["access_direction"],
             fragility_field: str = DEFAULTS["fragility_field"],
             fragility_threshold: float = DEFAULTS["fragility_threshold"]) -> tuple[pd.DataFrame, dict]:
    """Adds ``typology`` (id), ``typology_fr`` and ``typology_code`` (4..0).

    Defaults: far = fewer than 80 % of addresses within the distance threshold
    (``share_within`` < 0.8); fragile = MedNum global score above 100 (more fragile than the
    reference territory). With ``access_direction="higher_is_worse"`` (e.g. ``dist_median_m``),
    far means value > threshold.
    """
    for f in (access_field, fragility_field):
        if f not in table.columns:
            raise InputDataError(f"the table has no field {f!r} for the typology", column=f,
                                 hint="compute the access and fragility indicators first, or choose other fields")
    if access_direction not in ("higher_is_better", "higher_is_worse"):
        raise ParameterError(f"access direction {access_direction!r}",
                             hint='"higher_is_better" or "higher_is_worse"')
    a = pd.to_numeric(table[access_field], errors="coerce").to_numpy(float)
    f = pd.to_numeric(table[fragility_field], errors="coerce").to_numpy(float)
    far = a < access_threshold if access_direction == "higher_is_better" else a > access_threshold
    fragile = f > fragility_threshold
    code = np.where(far & fragile, 4, np.where(far, 3, np.where(fragile, 2, 1)))
    code = np.where(np.isfinite(a) & np.isfinite(f), code, 0)
    out = table.copy()
    out["typology"] = [CLASSES[c][0] for c in code]
    out["typology_fr"] = [CLASSES[c][2] for c in code]
    out["typology_code"] = code.astype(np.int64)
    meta = {"access_field": access_field, "access_threshold": access_threshold,
            "access_direction": access_direction, "fragility_field": fragility_field,
            "fragility_threshold": fragility_threshold,
            "rule": ("far = access on the wrong side of its threshold; fragile = fragility > threshold; "
                     "priority = far and fragile"),
            "counts": {CLASSES[c][0]: int((code == c).sum()) for c in CLASSES}}
    return out, meta
