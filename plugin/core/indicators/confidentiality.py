"""Statistical confidentiality: never show an address-based indicator computed on too few units.

A commune whose indicators rest on fewer than ``threshold`` addresses (or households) gets
those indicators set to NaN, ``masked = True`` and a ``mask_reason`` that says why — so a map
shows "masked", never a silently empty or a stigmatising figure. Communes whose demand is not
addresses (IRIS or grid populations, already published by INSEE under its own secrecy rules, or
one point per commune) are not masked: no count of a few households is shown.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import ParameterError
from .catalog import confidential_fields

DEFAULT_THRESHOLD = 11


def mask_small_counts(table: pd.DataFrame, threshold: int = DEFAULT_THRESHOLD,
                      count_field: str = "n_addresses", fields=None,
                      households_field: str | None = None) -> tuple[pd.DataFrame, dict]:
    """Copy of ``table`` with ``fields`` (default: every address-based field of the catalogue)
    set to NaN where ``count_field`` (or ``households_field`` when given) is below
    ``threshold``; adds ``masked`` (bool) and ``mask_reason`` (str, "" when shown)."""
    if threshold is None or int(threshold) < 0:
        raise ParameterError(f"confidentiality threshold {threshold!r} must be >= 0")
    threshold = int(threshold)
    out = table.copy()
    by = households_field or count_field
    if by not in out.columns:
        raise ParameterError(f"no column {by!r} to apply the confidentiality threshold",
                             hint="compute coverage first, or name the count column")
    counts = pd.to_numeric(out[by], errors="coerce").to_numpy(float)
    small = np.isfinite(counts) & (counts < threshold)
    if "demand_source" in out.columns:   # only address counts describe few households
        small &= out["demand_source"].astype(str).to_numpy() == "addresses"
    cols = list(fields) if fields is not None else confidential_fields(out.columns)
    cols = [c for c in cols if c in out.columns and c != by]
    for c in cols:
        vals = pd.to_numeric(out[c], errors="coerce").to_numpy(float).copy()
        vals[small] = np.nan
        out[c] = vals
    unit = "households" if households_field else "addresses"
    reason = np.where(small, f"fewer than {threshold} {unit}", "").astype(object)
    out["masked"] = small
    out["mask_reason"] = pd.Series(reason, index=out.index, dtype=object)
    meta = {"threshold": threshold, "count_field": by, "masked_fields": cols,
            "n_masked": int(small.sum()),
            "rule": f"indicators computed on fewer than {threshold} {unit} are set to empty and flagged"}
    return out, meta
