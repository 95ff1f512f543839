"""Numbers typed by a user (parameters, comma-separated lists): finite, or a clear refusal.

``float()`` accepts "nan", "inf" and "-Infinity", and a NaN passes every ``min``/``max`` check
(all its comparisons are false): DISTANCE_KM=NaN once wrote fields named ``share_within_nankm``.
"""
from __future__ import annotations

import math

from .errors import ParameterError


def finite(value: float, what: str, example: str = "") -> float:
    """``value`` when it is a finite number; else a ParameterError naming ``what``."""
    if not math.isfinite(value):
        raise ParameterError(f"{what} is {value!r}: it must be a finite number",
                             hint=f"e.g. {example}" if example else "give a number")
    return value


def number(text: str, what: str, example: str = "") -> float:
    """A finite number from text ('5', '2,5' with a decimal comma, ' 7 ')."""
    raw = str(text).strip().replace(",", ".")
    try:
        value = float(raw)
    except ValueError:
        raise ParameterError(f"{what}: {str(text).strip()!r} is not a number",
                             hint=f"e.g. {example}" if example else "give a number") from None
    return finite(value, what, example)
