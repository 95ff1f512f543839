"""Matplotlib drawings for the report (Agg backend: no display needed, no QGIS).

Each function draws into an ``Axes`` so the same drawing goes into the PDF page layout and into
the PNG images of the HTML report.
"""
from __future__ import annotations

import io

import numpy as np
import pandas as pd

from ..presentation.classification import HIGHLIGHT, MASKED
from ..presentation.indicators import field_info, unit_label, with_unit
from ..presentation.numbers import format_value
from ..presentation.vocabulary import Category, TypologyClass
from ..presentation.vocabulary import word as t
from .classes import commune_colours

TERRITORY_COLOUR = "#9e9e9e"
COMMUNE_COLOUR = "#2171b5"


def new_figure(size, dpi: int = 100):
    """A matplotlib Figure on the Agg canvas, without pyplot: no global backend switch (QGIS has
    its own), no figure manager to close."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=size, dpi=dpi)
    FigureCanvasAgg(fig)
    return fig


def _path_of(geom):
    """A matplotlib Path for a (multi)polygon, holes included."""
    from matplotlib.path import Path as MPath

    polys = list(getattr(geom, "geoms", [geom]))
    parts = []
    for poly in polys:
        if poly.is_empty or not hasattr(poly, "exterior"):
            continue
        for ring in [poly.exterior, *poly.interiors]:
            xy = np.asarray(ring.coords)[:, :2]
            if len(xy) >= 3:
                codes = np.full(len(xy), MPath.LINETO, dtype=MPath.code_type)
                codes[0], codes[-1] = MPath.MOVETO, MPath.CLOSEPOLY
                parts.append(MPath(xy, codes))
    return MPath.make_compound_path(*parts) if parts else None


class MapData:
    """Commune outlines as matplotlib paths with their colours, computed once per report."""

    def __init__(self, communes, indicator: str, lang: str = "en", metadata=None, colouring=None):
        """``colouring``: (colours, hidden, classes, info) of these communes from
        :func:`commune_colours` over a larger table (a département's map in the classes of the whole
        run), else computed on ``communes``."""
        self.colours, self.hidden, classes, info = colouring or commune_colours(communes, indicator, lang, metadata)
        self.classes = classes
        self.paths = [_path_of(g) if g is not None else None for g in communes.geometry]
        b = communes.geometry.bounds
        self.bounds = b[["minx", "miny", "maxx", "maxy"]].to_numpy(float)
        self.codes = communes["code_insee"].astype(str).to_numpy() if "code_insee" in communes else None
        self.title = info.label
        self.lang = lang
        self.handles_spec = ([(c["colour"], c["label"], False) for c in classes.classes] +
                             ([(MASKED, t("masked", lang), True)] if self.hidden.any() else []))


def draw_map(ax, data: MapData, *, highlight: str | None = None, services=None, legend: bool = True,
             zoom: bool = False):
    """Communes coloured by the indicator (same classes and colours as the web map), masked ones
    hatched, ``highlight`` (a code_insee) outlined; ``zoom`` frames that commune and its
    neighbours. Returns the legend handles and title."""
    from matplotlib.collections import PatchCollection
    from matplotlib.patches import Patch, PathPatch

    sel = np.array([p is not None for p in data.paths])
    target = None
    if highlight is not None and data.codes is not None:
        hits = np.flatnonzero(data.codes == str(highlight))
        target = hits[0] if hits.size else None
    if zoom and target is not None:
        minx, miny, maxx, maxy = data.bounds[target]
        pad = max(maxx - minx, maxy - miny) * 0.6
        window = (minx - pad, miny - pad, maxx + pad, maxy + pad)
        b = data.bounds
        sel &= (b[:, 2] >= window[0]) & (b[:, 0] <= window[2]) & (b[:, 3] >= window[1]) & (b[:, 1] <= window[3])
    else:
        b = data.bounds[sel]
        window = (b[:, 0].min(), b[:, 1].min(), b[:, 2].max(), b[:, 3].max())
    idx = np.flatnonzero(sel)
    plain = [i for i in idx if not data.hidden[i]]
    ax.add_collection(PatchCollection([PathPatch(data.paths[i]) for i in plain],
                                      facecolors=list(data.colours[plain]), edgecolors="#555555", linewidths=0.4))
    masked = [i for i in idx if data.hidden[i]]
    if masked:
        ax.add_collection(PatchCollection([PathPatch(data.paths[i]) for i in masked], facecolors=MASKED,
                                          edgecolors="#6e6e6e", linewidths=0.3, hatch="////"))
    if target is not None and data.paths[target] is not None:
        ax.add_patch(PathPatch(data.paths[target], facecolor="none", edgecolor=HIGHLIGHT, linewidth=2.2, zorder=4))
    if services is not None and len(services) and {"x", "y"} <= set(services.columns):
        x = pd.to_numeric(services["x"], errors="coerce").to_numpy(float)
        y = pd.to_numeric(services["y"], errors="coerce").to_numpy(float)
        cats = services["category"].astype(str).to_numpy() if "category" in services else np.array(["other"] * len(x))
        inside = (x >= window[0]) & (x <= window[2]) & (y >= window[1]) & (y <= window[3])
        cols = [Category.colour_of(c) for c in cats[inside]]
        ax.scatter(x[inside], y[inside], s=26 if not zoom else 34, c=cols, edgecolors="white", linewidths=0.7,
                   zorder=5)
        places = _place_handles(cats, data.lang)
    else:
        places = []
    ax.set_xlim(window[0], window[2])
    ax.set_ylim(window[1], window[3])
    ax.set_aspect("equal")
    ax.set_axis_off()
    handles = [Patch(facecolor=c, edgecolor="#555555", hatch="////" if h else None, label=lab)
               for c, lab, h in data.handles_spec] + places
    if legend and handles:
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=7, frameon=False,
                  title=data.title, title_fontsize=7.5)
    return handles, data.title


def place_categories(cats) -> list[str]:
    """The categories of ``cats`` in legend order (the known ones first, as on the web map)."""
    known = Category.ids()
    return sorted({str(c) for c in cats}, key=lambda c: (c not in known, known.index(c) if c in known else 0, c))


def _place_handles(cats, lang):
    """Legend entries for the place markers: every category of the places given (not only those
    in the window), so each page's legend says what the dots are."""
    from matplotlib.lines import Line2D

    return [Line2D([], [], linestyle="none", marker="o", markersize=6, markerfacecolor=Category.colour_of(c),
                   markeredgecolor="white", label=Category.label_of(c, lang))
            for c in place_categories(cats)]


def draw_comparison(ax, row, territory: dict, fields: list[str], lang: str = "en",
                    missing: dict | None = None, metadata=None):
    """Horizontal bars: the commune against the territory for shares (0-100 %)."""
    labels, mine, theirs = [], [], []
    for f in fields:
        info = field_info(f, lang, metadata, columns=fields)
        labels.append(info.label)
        v = row.get(f)
        mine.append(float(v) * 100 if v is not None and np.isfinite(float(v)) else np.nan)
        tv = territory.get(f)
        theirs.append(float(tv) * 100 if tv is not None and np.isfinite(float(tv)) else np.nan)
    y = np.arange(len(fields))
    ax.barh(y + 0.2, np.nan_to_num(theirs), height=0.38, color=TERRITORY_COLOUR, label=t("territory", lang))
    ax.barh(y - 0.2, np.nan_to_num(mine), height=0.38, color=COMMUNE_COLOUR, label=t("commune", lang))
    for f, yi, v in zip(fields, y, mine):
        text = (missing or {}).get(f, "—") if np.isnan(v) else format_value(v / 100, "share", lang)
        ax.text((0 if np.isnan(v) else v) + 1.5, yi - 0.2, text, va="center", fontsize=7)
    ax.set_yticks(y)
    ax.set_yticklabels([_wrap(lab, 26) for lab in labels], fontsize=7)
    ax.invert_yaxis()
    ax.set_xlim(0, 112)
    ax.set_xticks([0, 25, 50, 75, 100])
    ax.set_xticklabels(["0", "25", "50", "75", "100 %"], fontsize=7)
    # above the bars, never on a value written at a bar's end
    ax.legend(fontsize=7, loc="lower right", bbox_to_anchor=(1.0, 1.0), ncol=2, frameon=False, borderaxespad=0.2)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def draw_distribution(ax, communes, indicator: str, highlight_value=None, lang: str = "en", metadata=None):
    """Histogram of the indicator over the communes, the commune's value marked."""
    info = field_info(indicator, lang, metadata, communes=communes)
    values = pd.to_numeric(communes[indicator], errors="coerce").to_numpy(float)
    values = values[np.isfinite(values)]
    scale = 100.0 if info.unit == "share" else (0.001 if info.unit == "m" else 1.0)
    unit = unit_label(info)     # m are drawn in km (scale above)
    if values.size:
        ax.hist(values * scale, bins=min(20, max(5, values.size // 3)), color="#bdbdbd", edgecolor="white")
    if highlight_value is not None and np.isfinite(highlight_value):
        ax.axvline(highlight_value * scale, color=COMMUNE_COLOUR, linewidth=2)
    ax.set_xlabel(_wrap(with_unit(info.label, unit), 60), fontsize=7)
    ax.set_ylabel(t("communes", lang), fontsize=7)
    ax.tick_params(labelsize=7)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def draw_typology(ax, communes, lang: str = "en"):
    """Number of communes in each typology class."""
    from .classes import display_series

    ids = communes["typology"].astype(str)
    labels = display_series(communes, "typology", lang).astype(str)
    known = TypologyClass.ids()
    order = [k for k in known if k in set(ids)] + sorted(set(ids) - set(known))
    counts = [int((ids == k).sum()) for k in order]
    names = [labels[ids == k].iloc[0] for k in order]
    y = np.arange(len(order))
    ax.barh(y, counts, color=[TypologyClass.get(k).colour if TypologyClass.get(k) else "#969696" for k in order])
    for yi, c in zip(y, counts):
        ax.text(c + 0.1, yi, str(c), va="center", fontsize=7)
    ax.set_yticks(y)
    ax.set_yticklabels([_wrap(n, 28) for n in names], fontsize=7)
    ax.invert_yaxis()
    ax.set_xlabel(t("communes", lang), fontsize=7)
    ax.tick_params(labelsize=7)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def _wrap(text: str, width: int) -> str:
    import textwrap
    return "\n".join(textwrap.wrap(str(text), width)) or str(text)


def figure_png(draw, size=(5.0, 3.2), dpi: int = 110, rect=(0.35, 0.18, 0.6, 0.75)) -> bytes:
    """Run ``draw(ax)`` on a new figure (axes at ``rect``, figure fractions) and return PNG bytes.
    Fixed margins rather than a tight bounding box: half the drawing time."""
    fig = new_figure(size, dpi)
    ax = fig.add_axes(rect)
    draw(ax)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi)
    return buf.getvalue()
