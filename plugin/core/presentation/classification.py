"""One classification of an indicator: the class limits and colours every output draws it with —
the QGIS style, the web map, the report's maps and the atlas — so the same commune has the same
colour everywhere.

Rules: the darkest colour is always the one that needs attention (for a "higher is better"
indicator the ramp is reversed; an indicator with no direction gets a blue ramp); classes are
closed above (a value on a limit goes to the lower class); the highest value of a "higher is
better" indicator is always in the lightest class (a commune at 100 % is never drawn as the
worst); when the values hold only one to three distinct values each gets its own class ("0 %",
"100 %"), never one class "0 – 100 %"; shares use the limits that mean something (50, 70, 80 — the
typology's threshold —, 90, 95 %) when the values span them, else rounded quantiles.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .indicators import HIGHER_BETTER, LOWER_BETTER, field_info
from .numbers import format_value

if TYPE_CHECKING:  # numpy is imported where classes are computed: QGIS start-up stays light
    import numpy as np

# ColorBrewer (colorbrewer2.org), colour-blind safe. YlOrRd: the darkest class needs attention.
RAMP = ("#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026")
RAMP_NEUTRAL = ("#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c")   # Blues: no value judgement
RAMP_GAIN = ("#c7e9c0", "#74c476", "#31a354", "#006d2c")                 # Greens: darker = more people reached
GAIN = "gain"             # the "direction" of a scenario's gains (people brought within reach)
NO_DATA = "#f0f0f0"      # a commune without a value
MASKED = "#bdbdbd"       # a commune whose value is hidden (statistical confidentiality), hatched
OUTLINE = "#4d4d4d"
HIGHLIGHT = "#08306b"    # the outline of the commune a page or a sheet is about
SHARE_LIMITS = (0.5, 0.7, 0.8, 0.9, 0.95)
FEW_VALUES = 3            # up to this many distinct values, one class each
CLASSES = 5


@dataclass
class Classification:
    """Classes of an indicator: ``breaks`` (n + 1 ascending limits; class k holds the values in
    (breaks[k], breaks[k+1]], the first one closed below too), a colour and a label per class."""

    breaks: list[float] = field(default_factory=list)
    colours: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    unit: str = ""
    direction: str = ""

    def __len__(self) -> int:
        return len(self.colours)

    @property
    def classes(self) -> list[dict]:
        return [{"colour": c, "label": lab, "lower": self.breaks[k], "upper": self.breaks[k + 1]}
                for k, (c, lab) in enumerate(zip(self.colours, self.labels))]

    def class_of(self, values) -> np.ndarray:
        """Class index of each value (0 … n-1), -1 for a missing value."""
        import numpy as np

        v = np.asarray(values, dtype=float)
        out = np.full(v.shape, -1, dtype=int)
        if len(self.breaks) < 2:
            return out
        ok = np.isfinite(v)
        idx = np.searchsorted(np.asarray(self.breaks[1:-1], dtype=float), v[ok], side="left")
        out[ok] = np.clip(idx, 0, len(self.colours) - 1)
        return out

    def colour_of(self, values) -> np.ndarray:
        """Fill colour of each value (``NO_DATA`` for a missing one)."""
        import numpy as np

        cls = self.class_of(values)
        palette = np.array(list(self.colours) + [NO_DATA], dtype=object)
        return palette[np.where(cls >= 0, cls, len(self.colours))]


def ramp(n: int, direction: str) -> list[str]:
    """``n`` colours from light to dark spread over the ramp, in increasing value order: reversed
    for a "higher is better" indicator (its low values are the worrying ones)."""
    import numpy as np

    base = RAMP if direction in (HIGHER_BETTER, LOWER_BETTER) else RAMP_GAIN if direction == GAIN else RAMP_NEUTRAL
    if n <= 0:
        return []
    idx = np.linspace(0, len(base) - 1, n).round().astype(int) if n > 1 else np.array([len(base) // 2])
    colours = [base[i] for i in idx]
    return colours[::-1] if direction == HIGHER_BETTER else colours


def _round(values, unit: str, lo: float, hi: float) -> list[float]:
    """Inner limits rounded so a legend reads well: whole percents, 10 or 100 m, two significant
    digits of the span otherwise."""
    import numpy as np

    v = np.asarray(values, dtype=float)
    if unit == "share":
        v = np.round(v, 2)
    elif unit == "m":
        v = np.round(v, -2) if hi - lo > 500 else np.round(v, -1)
    else:
        span = hi - lo
        digits = -int(math.floor(math.log10(span))) + 1 if span > 0 else 0
        v = np.round(v, digits)
    return [b for b in sorted(set(float(b) for b in v)) if lo < b < hi]


def breaks_of(values, unit: str = "", n: int = CLASSES) -> list[float]:
    """Class limits (see the module's rules) of the finite ``values``; [] when there is none,
    [v, v] when they are all equal."""
    import numpy as np

    v = np.asarray(values, dtype=float)
    v = v[np.isfinite(v)]
    if v.size == 0:
        return []
    distinct = np.unique(v)
    lo, hi = float(distinct[0]), float(distinct[-1])
    if distinct.size == 1:
        return [lo, hi]
    if distinct.size <= FEW_VALUES:
        # one class per value: [u0, u0], (u0, u1], (u1, u2]
        return [lo] + [float(u) for u in distinct]
    if unit == "share":
        fixed = [b for b in SHARE_LIMITS[: max(1, n - 1)] if lo < b < hi]
        if len(fixed) >= 2:
            return [lo] + fixed + [hi]
    inner = _round(np.quantile(v, np.linspace(0, 1, n + 1)[1:-1]), unit, lo, hi)
    if not inner:     # quantiles all on a few repeated values: equal intervals instead
        inner = _round(np.linspace(lo, hi, n + 1)[1:-1], unit, lo, hi)
    if not inner:
        inner = [(lo + hi) / 2]
    return [lo] + inner + [hi]


def _single_colour(value: float, unit: str, direction: str) -> str:
    """Colour of a map where every commune has the same value: a share is placed on the fixed
    share scale (100 % is the lightest, 0 % the darkest), anything else gets the middle colour."""
    import numpy as np

    if unit == "share" and direction in (HIGHER_BETTER, LOWER_BETTER):
        limits = [0.0, *SHARE_LIMITS[:-1], 1.0]
        k = int(np.clip(np.searchsorted(limits[1:-1], value, side="left"), 0, len(limits) - 2))
        return ramp(len(limits) - 1, direction)[k]
    return ramp(1, direction)[0]


def classify(values, unit: str = "", direction: str = "", lang: str = "en", n: int = CLASSES) -> Classification:
    """The classification of ``values`` (one indicator over the communes of a run)."""
    import numpy as np

    breaks = breaks_of(values, unit, n)
    if len(breaks) < 2:
        return Classification([], [], [], unit, direction)
    k = len(breaks) - 1
    if breaks[0] == breaks[-1]:
        colours = [_single_colour(breaks[0], unit, direction)]
    else:
        colours = ramp(k, direction)
    distinct = np.unique(np.asarray(values, dtype=float)[np.isfinite(np.asarray(values, dtype=float))])
    labels = []
    for i in range(k):
        lo, hi = breaks[i], breaks[i + 1]
        inside = distinct[(distinct >= lo) & (distinct <= hi)] if i == 0 else distinct[(distinct > lo) & (distinct <= hi)]
        if lo == hi or (inside.size == 1 and len(distinct) <= FEW_VALUES):
            labels.append(format_value(hi, unit, lang))
        else:
            labels.append(f"{format_value(lo, unit, lang)} – {format_value(hi, unit, lang)}")
    return Classification(list(map(float, breaks)), colours, labels, unit, direction)


def classify_field(values, field_name: str, lang: str = "en", metadata: dict | None = None) -> Classification:
    """The classification of an indicator field: its unit and direction from the catalogue."""
    info = field_info(field_name, lang, metadata)
    return classify(values, info.unit, info.direction, lang)
