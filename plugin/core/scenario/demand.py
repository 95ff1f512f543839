"""Demand weight of each address for scenarios and placement.

* ``weight_field``: a column of the addresses holding each point's population (grid cells,
  households…), used as is (missing or negative -> 0);
* else ``population`` (commune code -> inhabitants): spread evenly over the commune's addresses;
* else 1 per address (counts of addresses).

Fragility weighting, so that the fragile count more: ``fragility`` maps a commune code to a
fragility index on base 100 (MedNum 2019 ``ifn_global``: 100 = the reference territory, higher =
more fragile); each weight is multiplied by (index / 100) ** ``power``. A commune without an
index keeps a factor 1 (it is neither favoured nor penalised) and is counted in ``attrs``.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import InputDataError, ParameterError


def _by_code(values, what: str) -> pd.Series:
    if isinstance(values, dict):
        s = pd.Series(values, dtype=float)
    else:
        s = pd.Series(pd.to_numeric(pd.Series(values), errors="coerce").to_numpy(float),
                      index=pd.Index(values.index).astype(str))
    s.index = s.index.astype(str)
    return s[~s.index.duplicated()]


def demand_weights(addresses: pd.DataFrame, population=None, weight_field: str | None = None,
                   fragility=None, power: float = 1.0) -> np.ndarray:
    """Weight of each address (rules in the module docstring)."""
    if weight_field:
        if weight_field not in addresses.columns:
            raise InputDataError(f"the addresses have no field '{weight_field}'", column=weight_field,
                                 hint="choose an existing numeric field or none")
        w = pd.to_numeric(addresses[weight_field], errors="coerce").to_numpy(float)
        w = np.where(np.isfinite(w) & (w > 0), w, 0.0)
    elif population is not None:
        pop = _by_code(population, "population")
        code = addresses["code_insee"].astype(str)
        cnt = code.map(code.value_counts()).to_numpy(float)
        cpop = pop.reindex(code.to_numpy()).to_numpy(float)
        if len(cpop) and not np.isfinite(cpop).any():
            raise InputDataError("no population is known for the communes of the addresses",
                                 column="code_insee",
                                 hint="give the populations per commune (INSEE codes as text), "
                                      "or no population to count addresses")
        w = np.where(np.isfinite(cpop), cpop / cnt, 0.0)
    else:
        w = np.ones(len(addresses))
    if fragility is not None:
        if not np.isfinite(power) or power < 0:
            raise ParameterError(f"the fragility power must be >= 0 (got {power})")
        if "code_insee" not in addresses.columns:
            raise InputDataError("the addresses have no column 'code_insee' to join the fragility index",
                                 column="code_insee")
        idx = _by_code(fragility, "fragility").reindex(addresses["code_insee"].astype(str).to_numpy())
        f = idx.to_numpy(float)
        bad = np.isfinite(f) & (f < 0)
        if bad.any():
            raise InputDataError(f"negative fragility index {f[bad][0]:g}",
                                 hint="give an index on base 100 (>= 0)")
        w = w * np.where(np.isfinite(f), (np.where(np.isfinite(f), f, 100.0) / 100.0) ** power, 1.0)
    return w
