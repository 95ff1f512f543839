"""Itinerant services (France Services bus, mobile mediators): stops that count for the time
they are there.

A stop of a bus route is a service place present only part of the time. It gets a *presence
weight* in 0..1:

* ``weeks_per_year`` given: weeks served / 52 (a stop served every other week: 26/52 = 0.5);
* ``days_per_week`` given (or ``days``, a list of weekdays such as ``"lundi|jeudi"``):
  days / 5, the working week of a fixed France Services (capped at 1: a Saturday stop on top of
  five weekdays does not count as more than a fixed place);
* both given: the product (2 days a week during 26 weeks: 2/5 × 26/52 = 0.2);
* ``presence`` given: used as is;
* none: ``default`` (one day a week, 1/5 = 0.2: the usual pattern of bus routes in the
  national list, one stop per weekday).

Fixed places have weight 1. How coverage-type computations use the weight:

* covering (what-if, optimal placement): a demand point within reach of places of presence
  p₁, p₂… is covered at level max(pₖ) — the best presence within reach, not a sum (two buses on
  the same Monday do not make a full week); a new fixed place raises it to 1;
* 2SFCA: the supply of a stop is capacity × presence (fractional supply);
* distances (p-median, mean distance) ignore the weight: a stop is a place.
"""
from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ..errors import InputDataError
from ..presentation.vocabulary import true_mask

DEFAULT_PRESENCE = 1.0 / 5.0
WEEKS_PER_YEAR = 52.0
DAYS_PER_WEEK = 5.0
_DAY_NAMES = {
    "lundi": 0, "mardi": 1, "mercredi": 2, "jeudi": 3, "vendredi": 4, "samedi": 5, "dimanche": 6,
    "lun": 0, "mar": 1, "mer": 2, "jeu": 3, "ven": 4, "sam": 5, "dim": 6,
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6, "mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6,
    "mo": 0, "tu": 1, "we": 2, "th": 3, "fr": 4, "sa": 5, "su": 6,
}


def count_days(text) -> float:
    """Number of distinct weekdays named in ``text`` ("lundi|jeudi", "Mo,Th", "mardis et
    vendredis"); NaN when none is recognised."""
    if text is None or (isinstance(text, float) and np.isnan(text)):
        return np.nan
    words = re.findall(r"[a-zà-ÿ]+", str(text).lower())
    days = {_DAY_NAMES[w.rstrip("s")] for w in words if w.rstrip("s") in _DAY_NAMES}
    days |= {_DAY_NAMES[w] for w in words if w in _DAY_NAMES}
    return float(len(days)) if days else np.nan


def _numeric(frame: pd.DataFrame, col: str, lo: float, hi: float) -> np.ndarray:
    if col not in frame.columns:
        return np.full(len(frame), np.nan)
    v = pd.to_numeric(frame[col], errors="coerce").to_numpy(float)
    bad = np.isfinite(v) & ((v < lo) | (v > hi))
    if bad.any():
        k = int(np.flatnonzero(bad)[0])
        raise InputDataError(f"{col} = {v[k]:g} on stop {k + 1} is outside {lo:g}..{hi:g}",
                             column=col, hint=f"give {col} between {lo:g} and {hi:g}")
    return v


def presence_weight(stops: pd.DataFrame, default: float = DEFAULT_PRESENCE) -> np.ndarray:
    """Presence weight 0..1 of each stop (rules in the module docstring)."""
    n = len(stops)
    direct = _numeric(stops, "presence", 0.0, 1.0)
    weeks = _numeric(stops, "weeks_per_year", 0.0, 53.0)
    days = _numeric(stops, "days_per_week", 0.0, 7.0)
    if "days" in stops.columns:  # a few rows per route: a Python loop here is fine
        named = np.array([count_days(t) for t in stops["days"].tolist()], float)
        days = np.where(np.isfinite(days), days, named)
    fw = np.minimum(weeks / WEEKS_PER_YEAR, 1.0)
    fd = np.minimum(days / DAYS_PER_WEEK, 1.0)
    out = np.full(n, float(default))
    both = np.isfinite(fw) & np.isfinite(fd)
    out = np.where(np.isfinite(fw), fw, out)
    out = np.where(np.isfinite(fd), fd, out)
    out = np.where(both, fw * fd, out)
    return np.where(np.isfinite(direct), direct, out)


def services_presence(services: pd.DataFrame, default: float = DEFAULT_PRESENCE) -> np.ndarray:
    """Presence weight of every row of a services table: 1 for fixed places, the stop weight for
    rows with ``mobile`` true (or a ``presence`` column, which wins when filled)."""
    n = len(services)
    if n == 0:
        return np.zeros(0)
    mobile = np.zeros(n, bool)
    if "mobile" in services.columns:
        mobile = true_mask(services["mobile"], also=("itinérant", "itinerant", "bus"))
    w = np.ones(n)
    if mobile.any():
        w[mobile] = presence_weight(services[mobile], default)
    if "presence" in services.columns:
        direct = _numeric(services, "presence", 0.0, 1.0)
        w = np.where(np.isfinite(direct), direct, w)
    return w


def mobile_services(stops: pd.DataFrame, *, route: str = "", category: str = "france_services",
                    capacity: float = 1.0, default: float = DEFAULT_PRESENCE) -> pd.DataFrame:
    """The stops of an itinerant service as rows of a services table (``mobile`` true,
    ``presence`` its weight, ``capacity`` = capacity × presence for 2SFCA)."""
    for col in ("x", "y"):
        if col not in stops.columns:
            raise InputDataError(f"the stops table has no column '{col}'", column=col,
                                 hint="give the stop coordinates in the territory's metric CRS")
    w = presence_weight(stops, default)
    name = (stops["name"].astype(str).to_numpy() if "name" in stops.columns
            else np.array([f"{route or 'bus'} stop {k + 1}" for k in range(len(stops))], dtype=object))
    return pd.DataFrame({
        "name": name,
        "category": category,
        "source": "mobile route" + (f" {route}" if route else ""),
        "mobile": True,
        "presence": w,
        "capacity": float(capacity) * w,
        "x": pd.to_numeric(stops["x"], errors="coerce").to_numpy(float),
        "y": pd.to_numeric(stops["y"], errors="coerce").to_numpy(float),
    })
