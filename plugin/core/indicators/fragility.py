"""Digital-fragility indices.

* :func:`mednum2019` — the first MedNum "indice de fragilité numérique" (2019), by IRIS or by
  commune, with references weighted by population and missing variables left out (see
  :mod:`.mednum`, which implements it; :func:`mednum_by_commune` aggregates IRIS to communes).
* :func:`ifn5` — the current IFN's five indicators, each scored 1–10 by deciles of a reference
  territory, combined with editable weights (the exact official normalisation is not published:
  the choices are returned in the metadata).
* :func:`custom_composite` — user-chosen indicators, directions and weights.

Rates are fractions (0–1). Every function returns ``(frame, metadata)``; the metadata says how
each number was made.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import InputDataError, InputFormatError, ParameterError
from ..schema import IFN_VARIABLES
from .mednum import (COVERAGE_VARS, INCOME_VARS, MEDNUM_AXES, MEDNUM_OUTPUT, SERVICES_VARS,  # noqa: F401
                     add_rates, equal_interval_class, mednum2019, mednum_by_commune, mednum_points,
                     mednum_references)


def read_reference_csv(path) -> dict[str, float]:
    """A reference file: columns ``variable,value`` (``;`` or ``,``; decimal comma accepted)."""
    import csv
    from pathlib import Path
    from ..sources.textio import read_text

    p = Path(path)
    try:
        text = read_text(p)       # UTF-8 (BOM) or Windows-1252; binary data refused by line and column
    except OSError as exc:
        raise InputFormatError(f"cannot read the reference file ({exc.strerror})", path=str(p)) from exc
    lines = text.splitlines()
    if not lines:
        raise InputFormatError("the reference file is empty", path=str(p),
                               hint="write a header 'variable,value' then one line per variable")
    sep = ";" if lines[0].count(";") > lines[0].count(",") else ","
    rows = list(csv.reader(lines, delimiter=sep))
    header = [h.strip().lower() for h in rows[0]]
    if "variable" not in header or "value" not in header:
        shown = ", ".join(h[:40] for h in rows[0][:6]) + ("…" if len(rows[0]) > 6 else "")
        raise InputFormatError(f"the header is '{shown}', expected columns 'variable' and 'value'",
                               path=str(p), line=1, hint="write a header 'variable,value'")
    iv, ival = header.index("variable"), header.index("value")
    out: dict[str, float] = {}
    for n, row in enumerate(rows[1:], start=2):
        if not row or all(not c.strip() for c in row):
            continue
        if len(row) <= max(iv, ival):
            raise InputFormatError("missing value", path=str(p), line=n, hint="write 'variable,value'")
        name, raw = row[iv].strip(), row[ival].strip().replace(" ", "")
        if sep == ";":
            raw = raw.replace(",", ".")
        try:
            out[name] = float(raw)
        except ValueError:
            raise InputFormatError(f"value {row[ival]!r} of {name!r} is not a number", path=str(p),
                                   line=n, column="value", hint="write a number, e.g. 0.85") from None
    return out


def _numeric(frame: pd.DataFrame, names, what: str) -> dict[str, np.ndarray]:
    missing = [v for v in names if v not in frame.columns]
    if missing:
        raise InputDataError(f"the {what} table lacks the variables {missing}", column=missing[0],
                             hint=f"give one column per variable: {', '.join(names)} (rates as fractions)")
    return {v: pd.to_numeric(frame[v], errors="coerce").to_numpy(float) for v in names}


def _check_rates(vals: dict[str, np.ndarray], names) -> None:
    for v in names:
        x = vals[v]
        if np.nanmax(x, initial=0) > 1.0 + 1e-9:
            raise InputDataError(f"variable {v} has values above 1 (max {np.nanmax(x):g})", column=v,
                                 hint="rates are fractions 0–1: divide percentages by 100")


def decile_scores(values: np.ndarray, reference: np.ndarray) -> tuple[np.ndarray, list[float]]:
    """Score 1..10: 1 + the number of reference deciles D1..D9 strictly below the value
    (numpy "linear" quantiles of the reference). NaN -> NaN."""
    ref = np.asarray(reference, float)
    ref = ref[np.isfinite(ref)]
    if ref.size == 0:
        raise InputDataError("the reference territory has no value for an IFN indicator",
                             hint="give a reference with values")
    breaks = np.quantile(ref, np.arange(1, 10) / 10.0)
    v = np.asarray(values, float)
    score = (np.searchsorted(breaks, v, side="left") + 1).astype(float)
    score[~np.isfinite(v)] = np.nan
    return score, [float(b) for b in breaks]


def ifn5(frame: pd.DataFrame, weights: dict | None = None,
         reference: pd.DataFrame | None = None) -> tuple[pd.DataFrame, dict]:
    """The five IFN indicators, each scored 1 (low risk) to 10 (high risk) by the deciles of
    the reference territory (default: the input), combined by a weighted mean (default equal
    weights). Adds ``ifn5_{variable}`` scores, ``ifn5_score`` (1–10) and ``ifn5_class`` (1–5,
    pairs of deciles: 1–2 → 1 … 9–10 → 5)."""
    vals = _numeric(frame, IFN_VARIABLES, "fragility")
    _check_rates(vals, IFN_VARIABLES)
    refvals = vals if reference is None else _numeric(reference, IFN_VARIABLES, "reference")
    w = {v: 1.0 for v in IFN_VARIABLES}
    if weights:
        unknown = sorted(set(weights) - set(IFN_VARIABLES))
        if unknown:
            raise ParameterError(f"unknown IFN weights {unknown}", hint=f"use {', '.join(IFN_VARIABLES)}")
        w.update({k: float(x) for k, x in weights.items()})
    if any(x < 0 for x in w.values()) or sum(w.values()) <= 0:
        raise ParameterError("IFN weights must be >= 0 and not all zero")
    out = frame.copy()
    total = np.zeros(len(frame))
    breaks = {}
    for v in IFN_VARIABLES:
        sc, breaks[v] = decile_scores(vals[v], refvals[v])
        out[f"ifn5_{v}"] = sc
        total = total + w[v] * sc
    out["ifn5_score"] = total / sum(w.values())
    sc = out["ifn5_score"].to_numpy(float)
    cls = np.zeros(len(sc), dtype=np.int64)
    ok = np.isfinite(sc)
    cls[ok] = np.clip(np.ceil(sc[ok] / 2.0).astype(np.int64), 1, 5)
    out["ifn5_class"] = cls
    meta = {
        "method": "IFN five indicators (TerriDiag implementation; the official normalisation is "
                  "not published)",
        "variables": list(IFN_VARIABLES),
        "direction": "higher value = higher risk for all five",
        "scoring": "1 + number of reference deciles D1..D9 strictly below the value (1..10)",
        "reference_territory": "input" if reference is None else f"{len(reference)} given units",
        "decile_breaks": breaks,
        "weights": w,
        "combination": "weighted mean of the five scores (1..10); class = ceil(score / 2)",
    }
    return out, meta


def custom_composite(frame: pd.DataFrame, indicators: dict, normalisation: str = "minmax",
                     name: str = "composite_score") -> tuple[pd.DataFrame, dict]:
    """Weighted composite of user-chosen indicators.

    ``indicators``: {field: (direction, weight)} with direction "higher_is_worse" or
    "higher_is_better". Normalisation "minmax": (v − min) / (max − min) in 0..1, flipped
    (1 − x) for higher_is_better, score = 100 × Σ w·x / Σ w (0 = best commune on every
    indicator, 100 = worst). "zscore": (v − mean) / std (population std), sign flipped for
    higher_is_better, score = Σ w·z / Σ w (0 = average). Higher score = more fragile.
    """
    if not indicators:
        raise ParameterError("no indicator chosen for the custom composite",
                             hint="pick at least one field with its direction and weight")
    if normalisation not in ("minmax", "zscore"):
        raise ParameterError(f"unknown normalisation {normalisation!r}", hint='"minmax" or "zscore"')
    spec = {}
    for f, dw in indicators.items():
        direction, weight = (dw, 1.0) if isinstance(dw, str) else dw
        if direction not in ("higher_is_worse", "higher_is_better"):
            raise ParameterError(f"direction of {f} is {direction!r}",
                                 hint='"higher_is_worse" or "higher_is_better"')
        spec[f] = (direction, float(weight))
    vals = _numeric(frame, list(spec), "composite")
    total = np.zeros(len(frame))
    wsum = sum(w for _, w in spec.values())
    if wsum <= 0:
        raise ParameterError("composite weights sum to zero")
    stats = {}
    out = frame.copy()
    for f, (direction, w) in spec.items():
        x = vals[f]
        if normalisation == "minmax":
            lo, hi = np.nanmin(x), np.nanmax(x)
            z = (x - lo) / (hi - lo) if hi > lo else np.where(np.isfinite(x), 0.5, np.nan)
            if direction == "higher_is_better":
                z = 1.0 - z
            stats[f] = {"min": float(lo), "max": float(hi)}
        else:
            mu, sd = np.nanmean(x), np.nanstd(x)
            z = (x - mu) / sd if sd > 0 else np.where(np.isfinite(x), 0.0, np.nan)
            if direction == "higher_is_better":
                z = -z
            stats[f] = {"mean": float(mu), "std": float(sd)}
        total = total + w * z
    out[name] = total / wsum * (100.0 if normalisation == "minmax" else 1.0)
    meta = {"method": "custom composite", "normalisation": normalisation,
            "indicators": {f: {"direction": d, "weight": w} for f, (d, w) in spec.items()},
            "statistics": stats,
            "formula": ("100 x sum(w x minmax) / sum(w)" if normalisation == "minmax"
                        else "sum(w x zscore) / sum(w)")}
    return out, meta
