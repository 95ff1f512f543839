"""Demand: where the people whose access is measured live, and how many they are.

Each commune takes the finest population source there is for it, in this order:

1. ``addresses`` — BAN/BAL address points; the commune's population is spread evenly over them;
2. ``grid`` — INSEE 200 m grid cells (Filosofi "carreaux") with a population, one point per cell;
3. ``iris`` — IRIS polygons with a population, one point per IRIS;
4. ``commune`` — one point per commune carrying the whole commune population.

For sources 2 and 3 the units say *where* inside the commune people live; the commune's own
population (when the communes layer has one) says *how many*: the units' weights are scaled so
that they add up to it, which keeps every population figure consistent with the ``population``
column (IRIS counts of 2016 and legal populations of another year differ by a few per cent).

What "population-weighted" can honestly mean at the commune level: no data at hand says where
inside a commune its inhabitants live (no address, no cell, no IRIS), so the point is the
polygon's representative point (always inside it, unlike a centroid) and the weighting is
*between* communes: each commune counts with its population, so territory shares are shares of
inhabitants, not of communes — but a commune is wholly within a distance or wholly beyond it.
The metadata says so (``meta["demand"]["commune_point"]``).

A unit's point is its centroid when that lies inside it (grid squares, most IRIS), else its
representative point. A unit is given to a commune by the commune code it carries (``code_insee``
or INSEE's ``COM``/``DEPCOM``) when that code is a commune of the territory, else by the commune
polygon its point falls in; units in no commune are left out and counted.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .. import territories
from ..errors import InputDataError, ParameterError

SOURCES = ("addresses", "grid", "iris", "commune")
UNIT_SOURCES = ("grid", "iris", "units")
# fields that carry the commune code of a population unit (INSEE names included)
CODE_FIELDS = ("code_insee", "COM", "com", "DEPCOM", "depcom", "INSEE_COM", "code_commune")
IRIS_FIELDS = ("code_iris", "IRIS", "iris", "CODE_IRIS", "DCOMIRIS")
GRID_FIELDS = ("idcar_200m", "Idcar_200m", "IdINSPIRE", "idinspire", "idcar")
COMMUNE_POINT = ("the representative point of the commune polygon (no address, grid cell or IRIS "
                 "says where inside the commune its inhabitants live)")


@dataclass
class Demand:
    """Demand points: commune code, metric x/y, inhabitants per point (NaN: unknown) and the
    source of each point. ``meta`` is the run's ``meta["demand"]`` record. In a run over several
    territories (``core.territories``) ``zone`` holds each point's territory, x/y are in its legal
    CRS, and ``crs`` is the CRS the run's inputs came in (services are zoned from it)."""
    code: np.ndarray
    x: np.ndarray
    y: np.ndarray
    weight: np.ndarray
    source: np.ndarray
    meta: dict = field(default_factory=dict)
    zone: np.ndarray | None = None
    crs: int | None = None
    # (group of each point, sorted labels, source per label) when build_demand knows them: hashing
    # a million code strings again costs more than the whole coverage computation
    _groups: tuple | None = field(default=None, repr=False, compare=False)

    def __len__(self) -> int:
        return int(self.x.shape[0])

    def __post_init__(self):
        # ``code`` and ``source`` may be given as functions making them: a million Python strings
        # (0.02 s) that a crow-flies run never reads (it groups by ``_groups``) are made on first use
        for name in ("code", "source"):
            value = self.__dict__.get(name)
            if callable(value):
                self.__dict__.pop(name)
                self.__dict__["_make_" + name] = value

    def __getattr__(self, name):
        make = self.__dict__.get("_make_" + name) if name in ("code", "source") else None
        if make is None:
            raise AttributeError(name)
        value = make()
        self.__dict__[name] = value
        del self.__dict__["_make_" + name]
        return value

    def grouped(self):
        """(group of each point, commune labels (sorted), source per label)."""
        if self._groups is not None:
            return self._groups
        from .groups import group_codes
        groups, labels = group_codes(pd.Series(self.code, dtype=object))
        src = pd.Series(self.source).groupby(groups).first()
        return groups, labels, src.reindex(range(len(labels))).to_numpy(object)

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame({"code_insee": self.code, "x": self.x, "y": self.y,
                             "population": self.weight, "demand_source": self.source})


def _factorized(values) -> tuple[np.ndarray, np.ndarray]:
    """(integer code of each row, distinct labels as ``str``) of a code column, equal to
    ``values.astype(str)`` row by row: a categorical column (the BAN reader and the GeoPackage
    reader make one) is used through its categories, never by hashing a string per row."""
    s = values if isinstance(values, pd.Series) else pd.Series(values)
    if isinstance(s.dtype, pd.CategoricalDtype):
        codes = s.cat.codes.to_numpy().astype(np.int64)
        labels = np.asarray(s.cat.categories.astype(str), dtype=object)
        if (codes < 0).any():                       # a missing value reads "nan", as astype(str) says
            labels = np.append(labels, "nan").astype(object)
            codes = np.where(codes < 0, len(labels) - 1, codes)
        merged, uniq = pd.factorize(pd.Series(labels, dtype=object))
        if len(uniq) != len(labels):                # categories 1 and "1" are one code
            codes, labels = merged[codes], np.asarray(uniq, dtype=object)
        return codes, labels
    codes, uniq = pd.factorize(s.astype(str))
    return codes.astype(np.int64), np.asarray(uniq, dtype=object)


def _isin(values, allowed) -> np.ndarray:
    """``np.isin`` for text codes by hashing: numpy compares every pair when either side holds
    Python objects (35,000 communes against 35,000 codes: 29 s)."""
    return pd.Series(np.asarray(values, dtype=object)).isin(pd.Series(np.asarray(list(allowed), dtype=object))).to_numpy()


def _sorted_codes(codes: np.ndarray, labels: np.ndarray):
    """``np.unique(labels[codes], return_inverse=True, return_counts=True)`` computed on the
    integer codes (the labels used, sorted; each row's position among them; counts)."""
    present = np.flatnonzero(np.bincount(codes, minlength=len(labels)) > 0)
    used = labels[present]
    order = np.argsort(used, kind="stable")
    rank = np.full(len(labels), -1, dtype=np.int64)
    rank[present[order]] = np.arange(len(present))
    inv = rank[codes]
    return used[order], inv, np.bincount(inv, minlength=len(present))


def _commune_population(communes) -> pd.Series:
    if communes is None or "population" not in communes.columns:
        return pd.Series(dtype=float)
    pop = pd.Series(pd.to_numeric(communes["population"], errors="coerce").to_numpy(float),
                    index=communes["code_insee"].astype(str).to_numpy())
    return pop[~pop.index.duplicated()]


def population_kind(units, kind: str = "auto") -> str:
    """"grid", "iris" or "units" (population units that are neither, e.g. a user's own points).

    Auto: an IRIS code field -> iris; a grid-cell id field, or polygons that are all squares of
    one size up to 1 km² -> grid."""
    if kind != "auto":
        if kind not in UNIT_SOURCES:
            raise ParameterError(f"unknown population kind {kind!r}", hint="grid, iris or units")
        return kind
    cols = set(units.columns)
    if cols & set(IRIS_FIELDS):
        return "iris"
    if cols & set(GRID_FIELDS):
        return "grid"
    geom = units.geometry
    if len(geom) and geom.notna().all() and set(geom.geom_type.unique()) <= {"Polygon", "MultiPolygon"}:
        area = np.asarray(geom.area, float)
        b = geom.bounds
        bbox = (b["maxx"] - b["minx"]).to_numpy(float) * (b["maxy"] - b["miny"]).to_numpy(float)
        side = np.sqrt(area)
        if (np.allclose(area, bbox, rtol=1e-3) and np.allclose(side, side.mean(), rtol=1e-3)
                and side.mean() <= 1000.0):
            return "grid"
    return "units"


def population_field_of(columns, wanted: str | None = None) -> str:
    """The population field of a population layer: ``wanted`` when given, else the first of
    ``population``, an INSEE census count ``Pyy_POP``, or Filosofi's ``Ind`` (individuals per
    grid cell). Raises InputDataError naming the fields when there is none."""
    import re
    cols = [str(c) for c in columns]
    if wanted:
        if wanted not in cols:
            raise InputDataError(f"the population layer has no field {wanted!r}", column=wanted,
                                 hint=f"its fields are {', '.join(c for c in cols if c != 'geometry')}")
        return wanted
    for c in cols:
        if c.lower() == "population":
            return c
    for c in cols:
        if re.fullmatch(r"P\d\d_POP", c):
            return c
    for c in cols:
        if c.lower() in ("ind", "pop"):
            return c
    raise InputDataError("the population layer has no population field",
                         hint="name it (POPULATION_FIELD); its fields are "
                              + ", ".join(c for c in cols if c != "geometry"))


def unit_points(units, population_field: str = "population"):
    """(x, y, population, commune code or None) of population units (polygons or points)."""
    if population_field not in units.columns:
        raise InputDataError(f"the population layer has no field {population_field!r}",
                             column=population_field,
                             hint="name its population field (POPULATION_FIELD), e.g. population or P16_POP")
    pop = pd.to_numeric(units[population_field], errors="coerce").to_numpy(float)
    if units.geometry.isna().all():
        raise InputDataError("the population layer has no geometry",
                             hint="give IRIS or grid polygons (or points) with a population field")
    geom = units.geometry
    ok = geom.notna().to_numpy() & ~geom.is_empty.to_numpy()
    x = np.full(len(units), np.nan)
    y = np.full(len(units), np.nan)
    if ok.any():
        g = geom[ok]
        cent = g.centroid
        pts = cent
        if not set(g.geom_type.unique()) <= {"Point"}:
            inside = np.asarray(cent.within(g), bool)
            if not inside.all():
                rep = g[~inside].representative_point()
                pts = cent.copy()
                pts[~inside] = rep
        x[ok] = np.asarray(pts.x, float)
        y[ok] = np.asarray(pts.y, float)
    code = None
    for f in CODE_FIELDS:
        if f in units.columns:
            code = units[f].map(lambda v: "" if v is None or (isinstance(v, float) and np.isnan(v))
                                else str(v)).to_numpy(object)
            break
    return x, y, pop, code


def _assign_communes(x, y, code, communes) -> np.ndarray:
    """Commune code of each unit point: its own code when it is a commune of the territory,
    else the commune polygon containing the point ("" when none)."""
    ccodes = communes["code_insee"].astype(str).to_numpy()
    out = np.full(len(x), "", dtype=object)
    if code is not None:
        known = _isin(code.astype(str), ccodes)
        out[known] = code[known]
    todo = np.flatnonzero((out == "") & np.isfinite(x) & np.isfinite(y))
    if todo.size:
        from ..compat import points_in_polygons
        hit = points_in_polygons(x[todo], y[todo], communes.geometry.values)
        ok = hit >= 0
        out[todo[ok]] = ccodes[hit[ok]]
    return out


def build_demand(communes=None, addresses=None, population=None,
                 population_field: str | None = None, kind: str = "auto", *,
                 commune_population=None, address_weight_field: str | None = None) -> Demand:
    """Demand points of every commune (rules in the module docstring).

    ``communes``: GeoDataFrame with ``code_insee`` (and ``population``), metric CRS, or None (then
    only the addresses' own communes exist). ``addresses``: DataFrame code_insee/x/y or None.
    ``population``: GeoDataFrame of population units (IRIS, grid cells, points) in the same CRS,
    with ``population_field`` (None: found by :func:`population_field_of`); or None. ``kind``: "auto", "grid", "iris" or "units".
    ``commune_population``: a Series code -> inhabitants instead of the communes' field (False:
    none, points count equally). ``address_weight_field``: each address's own population.
    """
    from .groups import check_xy
    if commune_population is False:
        cpop = pd.Series(dtype=float)
    elif commune_population is not None:
        cpop = pd.Series(commune_population, dtype=float)
        cpop.index = cpop.index.astype(str)
        cpop = cpop[~cpop.index.duplicated()]
    else:
        cpop = _commune_population(communes)
    have_communes = communes is not None and len(communes) > 0
    ccodes = (pd.unique(communes["code_insee"].astype(str)) if have_communes
              else np.empty(0, dtype=object))
    parts = []      # (codes, x, y, weight, source, (sorted labels, position of each row among them))
    by_source: dict[str, dict] = {}
    meta: dict = {}

    # 1. addresses
    addr_codes = set()
    n_addr = 0
    if addresses is not None and len(addresses):
        check_xy(addresses, "addresses")
        if "code_insee" not in addresses.columns:
            raise InputDataError("the addresses table has no 'code_insee' column", column="code_insee",
                                 hint="give the INSEE code of the commune of each address")
        # integer codes throughout: np.isin / np.unique on a million strings took 8 s
        rows, labels = _factorized(addresses["code_insee"])
        known = _isin(labels, ccodes) if have_communes else None
        if known is not None and not known.all():
            keep = known[rows]
            meta["addresses_outside_communes"] = int((~keep).sum())
            if not keep.all():
                meta["codes_outside_communes"] = [str(c) for c in labels[pd.unique(rows[~keep])[:10]]]
        else:                    # every code is a commune's: no per-row mask
            keep = None
            if have_communes:
                meta["addresses_outside_communes"] = 0
        # every address kept (the usual case): the columns as they are, no copy of a million rows
        every = keep is None or bool(keep.all())
        if not every:
            rows = rows[keep]
        code = _Rows(labels, rows)
        ax = addresses["x"].to_numpy(float)
        ay = addresses["y"].to_numpy(float)
        if not every:
            ax, ay = ax[keep], ay[keep]
        uniq, inv, cnt = _sorted_codes(rows, labels)
        if address_weight_field:
            w = pd.to_numeric(addresses[address_weight_field], errors="coerce").to_numpy(float)
            if not every:
                w = w[keep]
        else:
            w = (cpop.reindex(uniq).to_numpy(float) / cnt)[inv]
        parts.append((code, ax, ay, w, "addresses", (uniq, inv)))
        addr_codes = set(uniq)
        n_addr = int(len(ax))

    # 2-3. population units, for the communes without addresses
    unit_codes = set()
    unit_kind = None
    if population is not None and len(population):
        if not have_communes:
            raise ParameterError("population units need the communes layer",
                                 hint="give the communes (polygons with code_insee) with the population layer")
        population_field = population_field_of(population.columns, population_field)
        unit_kind = population_kind(population, kind)
        ux, uy, upop, ucode = unit_points(population, population_field)
        ucom = _assign_communes(ux, uy, ucode, communes)
        valid = np.isfinite(ux) & np.isfinite(uy) & np.isfinite(upop) & (upop > 0)
        inside = ucom != ""
        meta["units_outside_communes"] = int((valid & ~inside).sum())
        meta["units_without_population"] = int((np.isfinite(ux) & ~(np.isfinite(upop) & (upop > 0))).sum())
        use = valid & inside & ~_isin(ucom, addr_codes)
        ucom, ux, uy, upop = ucom[use], ux[use], uy[use], upop[use]
        if len(ucom):
            uniq, inv = np.unique(ucom.astype(str), return_inverse=True)
            tot = np.bincount(inv, weights=upop)
            target = cpop.reindex(uniq).to_numpy(float)
            scale = np.where(np.isfinite(target) & (tot > 0), target / np.where(tot > 0, tot, 1), 1.0)
            parts.append((ucom.astype(object), ux, uy, upop * scale[inv], unit_kind, (uniq.astype(object), inv)))
            unit_codes = set(uniq)
            meta["unit_population_total"] = float(tot.sum())

    # 4. one point per remaining commune
    if have_communes:
        rest = communes[~communes["code_insee"].astype(str).isin(addr_codes | unit_codes)]
        rest = rest.drop_duplicates("code_insee")
        rest = rest[rest.geometry.notna()]
        if len(rest):
            from ..compat import representative_xy
            rx, ry = representative_xy(rest.geometry)
            rcode = rest["code_insee"].astype(str).to_numpy(object)
            rl, ri, _ = _sorted_codes(*_factorized(pd.Series(rcode, dtype=object)))
            parts.append((rcode, rx, ry, cpop.reindex(rcode).to_numpy(float), "commune", (rl, ri)))
    if not parts:
        raise InputDataError("no demand point: no address, no population unit and no commune polygon",
                             hint="load addresses, or the communes (with IRIS or grid populations if you have them)")

    # one copy at most (a million Python strings are slow to copy twice); the text columns (code,
    # source) are made when first read (Demand.__post_init__)
    code = _Codes(parts)
    x, y, w = (np.concatenate([p[k] for p in parts], dtype=float) if len(parts) > 1
               else np.asarray(parts[0][k], float) for k in (1, 2, 3))
    src = _Sources(parts)
    finite = np.isfinite(w)
    all_finite = bool(finite.all())
    groups, glabels, gsource = _groups_of(parts)
    n_groups = len(glabels)
    for name in (s for s in ("addresses", "grid", "iris", "units", "commune") if any(p[4] == s and len(p[1])
                                                                                       for p in parts)):
        if len(parts) == 1:          # one source: its rows are all the rows (no mask, no copies)
            by_source[name] = {"communes": len(parts[0][5][0]),    # its sorted labels are the ones used
                               "units": int(len(groups)),
                               "population": float(w.sum() if all_finite else w[finite].sum())}
            continue
        sel = np.concatenate([np.full(len(p[1]), p[4] == name) for p in parts])
        by_source[name] = {"communes": int((np.bincount(groups[sel], minlength=n_groups) > 0).sum()),
                           "units": int(sel.sum()), "population": float(w[sel & finite].sum())}
    weighting = "population" if finite.any() else "none"
    if by_source:
        key = "population" if weighting == "population" else "units"
        main = max(by_source, key=lambda s: (by_source[s][key], -list(by_source).index(s)))
    else:  # pragma: no cover - parts is never empty here
        main = "commune"
    meta.update({
        "source": main,
        "units": int(len(x)),
        "addresses": n_addr,
        "population": float(w.sum() if all_finite else w[finite].sum()),
        "weighting": weighting,
        "by_source": by_source,
        "population_field": population_field if population is not None else None,
        "population_kind": unit_kind,
        "commune_point": COMMUNE_POINT if "commune" in by_source else None,
        "communes_without_population": (0 if all_finite else
                                        int((np.bincount(groups[~finite], minlength=n_groups) > 0).sum())),
    })
    meta["description"] = describe(meta)
    zone = run_crs = None
    if have_communes and territories.is_zoned(communes):
        # each territory in its legal CRS: the points were placed in the run's CRS above
        run_crs = territories.epsg_of(communes)
        code = code()
        x, y, zone = territories.zone_points(x, y, run_crs, code)
        keys, counts = np.unique(zone.astype(str), return_counts=True)
        meta["territories"] = {str(k): int(c) for k, c in zip(keys, counts) if k}
    return Demand(code=code, x=x, y=y, weight=w, source=src, meta=meta, zone=zone, crs=run_crs,
                  _groups=(groups, glabels, gsource))


class _Rows:
    """The text column ``labels[rows]``, made when called."""

    def __init__(self, labels, rows):
        self.labels, self.rows = labels, rows

    def __call__(self):
        return self.labels[self.rows]


class _Codes:
    """The commune code of every demand point (the parts' codes one after the other), made when
    called."""

    def __init__(self, parts):
        self.parts = [p[0] for p in parts]

    def __call__(self):
        cols = [c() if isinstance(c, _Rows) else c for c in self.parts]
        return np.concatenate(cols, dtype=object) if len(cols) > 1 else np.asarray(cols[0], object)


class _Sources:
    """The source of every demand point ("addresses", "iris"…), made when called."""

    def __init__(self, parts):
        self.kinds = [p[4] for p in parts]
        self.sizes = [len(p[1]) for p in parts]

    def __call__(self):
        return np.repeat(np.array(self.kinds, dtype=object), self.sizes)


def _groups_of(parts):
    """(group of each point, sorted commune labels, source per label) of the demand's parts, from
    each part's own sorted labels and positions: what ``group_codes`` gives on the whole code
    column. A commune has one source (addresses, units and commune points exclude each other)."""
    labels = np.concatenate([p[5][0] for p in parts]).astype(object)
    glabels = np.unique(labels) if len(labels) else np.empty(0, dtype=object)
    groups, gsource = [], np.full(len(glabels), None, dtype=object)
    for p in parts:
        at = np.searchsorted(glabels, p[5][0]).astype(np.int64) if len(p[5][0]) else np.empty(0, np.int64)
        # one part (addresses everywhere): its positions are the groups already, no gather
        same = len(parts) == 1 and np.array_equal(at, np.arange(len(at))) and p[5][1].dtype == np.int64
        groups.append(p[5][1] if same else at[p[5][1]])
        fresh = at[pd.isna(gsource[at])] if len(at) else at
        gsource[fresh] = p[4]
    groups = np.concatenate(groups) if groups else np.empty(0, np.int64)
    return groups.astype(np.int64, copy=False), glabels, gsource


UNIT_WORDS = {"addresses": "addresses", "grid": "200 m grid cells", "iris": "IRIS",
              "units": "population units", "commune": "communes (one point each)"}


def describe(meta: dict) -> str:
    """The demand of a run in plain English (the algorithms log a translated version)."""
    parts = []
    for s, d in meta.get("by_source", {}).items():
        word = UNIT_WORDS.get(s, s)
        if s == "addresses":
            parts.append(f"{d['units']} addresses in {d['communes']} communes")
        elif s == "commune":
            parts.append(f"{d['communes']} communes, each at one point")
        else:
            parts.append(f"{d['units']} {word} in {d['communes']} communes")
    weighted = ("weighted by their population" if meta.get("weighting") == "population"
                else "unweighted (no population known)")
    text = "Demand: " + "; ".join(parts) + f", {weighted}"
    if not meta.get("addresses"):
        text += " — no address file was used"
    return text + "."
