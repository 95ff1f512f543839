"""Row groups shared by the indicators: commune codes as integer groups, and the check that a
point table has coordinates. (Its own module so that coverage and demand need not import each
other.)"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import InputDataError


def group_codes(codes) -> tuple[np.ndarray, np.ndarray]:
    """(integer group of each row, unique labels) — categorical codes are used as they are."""
    if isinstance(codes, pd.Series) and isinstance(codes.dtype, pd.CategoricalDtype):
        cat = codes.cat.remove_unused_categories()
        return cat.cat.codes.to_numpy().astype(np.int64), np.asarray(cat.cat.categories.astype(str))
    g, uniq = pd.factorize(pd.Series(codes).astype(str), sort=True)
    return g.astype(np.int64), np.asarray(uniq, dtype=object)


def check_xy(frame: pd.DataFrame, what: str) -> None:
    """InputDataError unless ``frame`` has x and y columns."""
    missing = [c for c in ("x", "y") if c not in frame.columns]
    if missing:
        raise InputDataError(f"the {what} table has no column {', '.join(missing)}",
                             column=missing[0], hint="give point coordinates in a metric CRS")
