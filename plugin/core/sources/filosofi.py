"""INSEE Filosofi (income and poverty) columns of the per-commune and per-IRIS tables.

Commune files (``base-cc-filosofi-20yy``, ``FILO20yy_DISP_COM``): ``MED{yy}`` (median disposable
income per consumption unit, €) and ``TP60{yy}`` (poverty rate at 60 % of the median, %). IRIS files
(``BASE_TD_FILO_DISP_IRIS_20yy``): ``DISP_MED{yy}``, ``DISP_TP60{yy}``; the declared-income
``DEC_MED{yy}`` is not the disposable median and is not used. The IRIS export behind the IFN tools
writes ``MED{yy}_IRIS`` (the IRIS median where INSEE publishes one, else the commune's) and
``MED{yy}_COM``. Values under the secret threshold are blank, a marker (``s``, ``nd``) or 0: all
are missing, never 0 €.
"""
from __future__ import annotations

import re

import numpy as np

FILOSOFI_URL = "https://www.insee.fr/fr/metadonnees/source/serie/s1172"

# normalised name -> patterns of the source column, best first ({yy} = two digits of the vintage)
_PATTERNS = {
    "median_income": (r"DISP_MED(\d{2})", r"MED(\d{2})", r"MED(\d{2})_IRIS", r"MED(\d{2})_COM"),
    "poverty_rate": (r"DISP_TP60(\d{2})", r"TP60(\d{2})"),
}


def filosofi_columns(header) -> dict[str, tuple[str, str]]:
    """{normalised name: (source column, vintage "20yy")} for the Filosofi columns of a header;
    the most recent vintage of the best pattern wins."""
    found = {}
    upper = {str(h).strip().upper(): str(h) for h in header}
    for name, patterns in _PATTERNS.items():
        for pattern in patterns:
            hits = sorted(((m.group(1), col) for u, col in upper.items()
                           for m in [re.fullmatch(pattern, u)] if m), reverse=True)
            if hits:
                yy, col = hits[0]
                found[name] = (col, "20" + yy)
                break
    return found


def clean_income(values: np.ndarray) -> np.ndarray:
    """A median income of 0 (or below) is INSEE secret, not a real income: NaN."""
    v = np.asarray(values, float).copy()
    v[v <= 0] = np.nan
    return v
