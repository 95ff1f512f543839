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


# The "long" files INSEE publishes since Filosofi 2021 (Melodi: ``DS_FILOSOFI_CC_data.csv``): one
# row per (territory, measure), ``GEO, GEO_OBJECT (COM, ARM, EPCI, DEP, REG…), FILOSOFI_MEASURE,
# TIME_PERIOD, OBS_VALUE``. MED_SL is the median standard of living (disposable income per
# consumption unit), PR_MD60 the poverty rate at 60 % of the national median (%).
LONG_COLUMNS = ("GEO", "FILOSOFI_MEASURE", "OBS_VALUE")
LONG_MEASURES = {"MED_SL": ("median_income", 1.0), "PR_MD60": ("poverty_rate", 100.0)}
REFERENCE_OBJECTS = ("EPCI", "DEP", "REG", "FRANCE", "FR", "PAYS")


def is_long(header) -> bool:
    names = {str(h).strip().upper() for h in header}
    return all(c in names for c in LONG_COLUMNS)


def pivot_long(frame, numbers) -> tuple:
    """(communes, official, vintage): ``communes`` one row per commune code (GEO_OBJECT COM or ARM)
    with median_income and poverty_rate; ``official`` {(object, code): {variable: value}} for the
    EPCI, départements and régions the file holds (the official values of a reference territory);
    ``numbers`` parses INSEE text (secret markers -> NaN)."""
    import pandas as pd

    cols = {str(c).strip().upper(): c for c in frame.columns}
    geo = frame[cols["GEO"]].astype(str).str.strip()
    obj = (frame[cols["GEO_OBJECT"]].astype(str).str.strip().str.upper() if "GEO_OBJECT" in cols
           else pd.Series("COM", index=frame.index))
    measure = frame[cols["FILOSOFI_MEASURE"]].astype(str).str.strip().str.upper()
    period = frame[cols["TIME_PERIOD"]].astype(str).str.strip() if "TIME_PERIOD" in cols else pd.Series("", index=frame.index)
    keep = measure.isin(list(LONG_MEASURES))
    if "TIME_PERIOD" in cols and keep.any():
        latest = period[keep].max()            # a file may hold several vintages: the latest one
        keep &= period.eq(latest)
        vintage = latest[:4]
    else:
        vintage = ""
    sub = pd.DataFrame({"geo": geo[keep], "obj": obj[keep], "measure": measure[keep],
                        "value": numbers(frame.loc[keep, cols["OBS_VALUE"]])})
    sub["variable"] = sub["measure"].map(lambda m: LONG_MEASURES[m][0])
    sub["value"] = sub["value"] / sub["measure"].map(lambda m: LONG_MEASURES[m][1])
    sub.loc[(sub["variable"] == "median_income") & ~(sub["value"] > 0), "value"] = float("nan")
    wide = sub.pivot_table(index=["obj", "geo"], columns="variable", values="value", aggfunc="first",
                           dropna=False)
    wide = wide.reset_index()
    com = wide[wide["obj"].isin(["COM", "ARM"])].drop(columns="obj").rename(columns={"geo": "code"})
    official = {}
    for _, row in wide[wide["obj"].isin(REFERENCE_OBJECTS)].iterrows():
        official[(row["obj"], row["geo"])] = {v: float(row[v]) for v in ("median_income", "poverty_rate")
                                              if v in wide.columns and row[v] == row[v]}
    return com.reset_index(drop=True), official, vintage
