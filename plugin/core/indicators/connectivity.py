"""Connectivity per commune: fixed broadband shares (ARCEP), mobile sites density, and the share
of addresses / population inside good or very good mobile coverage.

ARCEP speed classes are cumulative counts of premises (eligible to *at least* this speed), so
each share is simply count / premises; "not eligible to good broadband" is premises − elig_bhd8.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import InputDataError

FIXED_SHARES = {  # output field: (numerator column, note)
    "share_ftth": "elig_ftth",
    "share_thd30": "elig_thd30",
    "share_thd100": "elig_thd100",
    "share_thd1g": "elig_thd1g",
}
GENERATIONS = ("2g", "3g", "4g", "5g")
GOOD_LEVELS = ("TBC", "BC")


def fixed_connectivity(connectivity: pd.DataFrame) -> pd.DataFrame:
    """Per commune: premises, share_ftth, share_thd30, share_thd100, share_thd1g, share_no_bhd
    (fractions; NaN when the file lacks the column or the commune has no premises)."""
    if "code_insee" not in connectivity.columns or "premises" not in connectivity.columns:
        raise InputDataError("the connectivity table needs 'code_insee' and 'premises'",
                             column="premises", hint="read an ARCEP commune_debit file")
    prem = pd.to_numeric(connectivity["premises"], errors="coerce").to_numpy(float)
    den = np.where(prem > 0, prem, np.nan)
    out = pd.DataFrame({"code_insee": connectivity["code_insee"].astype(str).to_numpy(),
                        "premises": prem})

    def col(name):
        if name not in connectivity.columns:
            return np.full(len(prem), np.nan)
        return pd.to_numeric(connectivity[name], errors="coerce").to_numpy(float)

    for field, src in FIXED_SHARES.items():
        out[field] = col(src) / den
    out["share_no_bhd"] = (prem - col("elig_bhd8")) / den
    # several rows per commune (e.g. old codes remapped) -> sum the counts, then divide
    if out["code_insee"].duplicated().any():
        counts = pd.DataFrame({"code_insee": out["code_insee"], "premises": prem})
        for field, src in FIXED_SHARES.items():
            counts[src] = col(src)
        counts["elig_bhd8"] = col("elig_bhd8")
        g = counts.groupby("code_insee", sort=True).sum(min_count=1)
        p = g["premises"].where(g["premises"] > 0)
        out = pd.DataFrame({"code_insee": g.index.astype(str), "premises": g["premises"].to_numpy(float)})
        for field, src in FIXED_SHARES.items():
            out[field] = (g[src] / p).to_numpy(float)
        out["share_no_bhd"] = ((g["premises"] - g["elig_bhd8"]) / p).to_numpy(float)
    return out.reset_index(drop=True)


def points_in_polygons(x, y, geoms) -> np.ndarray:
    """Position (in ``geoms``) of the first polygon containing each point, -1 if none.

    shapely 2: one STRtree query for all points (predicate "intersects": a point on a border
    goes to the first polygon). shapely 1.8 without a spatial-index backend (Debian 12 has
    neither rtree nor pygeos): a loop over the POLYGONS, each testing only the points of its
    bounding box (points pre-sorted by x) with ``shapely.vectorized.contains`` — vectorised over
    points; points exactly on a border are then outside."""
    from ..compat import SHAPELY2
    x = np.asarray(x, float)
    y = np.asarray(y, float)
    geoms = list(geoms)
    out = np.full(len(x), -1, dtype=np.int64)
    if not len(x) or not geoms:
        return out
    if SHAPELY2:
        import shapely
        tree = shapely.STRtree(np.asarray(geoms, dtype=object))
        pi, gi = tree.query(shapely.points(x, y), predicate="intersects")
        order = np.lexsort((gi, pi))
        pi, gi = pi[order], gi[order]
        first = np.ones(len(pi), bool)
        first[1:] = pi[1:] != pi[:-1]
        out[pi[first]] = gi[first]
        return out
    from shapely import vectorized
    xorder = np.argsort(x, kind="stable")
    xs = x[xorder]
    for k, g in enumerate(geoms):
        if g is None or g.is_empty:
            continue
        minx, miny, maxx, maxy = g.bounds
        lo, hi = np.searchsorted(xs, minx, "left"), np.searchsorted(xs, maxx, "right")
        cand = xorder[lo:hi]
        cand = cand[(y[cand] >= miny) & (y[cand] <= maxy) & (out[cand] < 0)]
        if cand.size:
            inside = vectorized.contains(g, x[cand], y[cand])
            out[cand[inside]] = k
    return out


def _point_commune(x, y, communes) -> np.ndarray:
    return points_in_polygons(x, y, communes.geometry.values)


def mobile_sites_by_commune(sites: pd.DataFrame, communes) -> pd.DataFrame:
    """Per commune: n_sites_{g}, sites_{g}_per_km2 and sites_{g}_per_1000 (per 1,000
    inhabitants) for each generation present (has_2g … has_5g). A site is a row of the ARCEP
    list, i.e. one operator at one location. Points are placed in communes by a spatial join."""
    for c in ("x", "y"):
        if c not in sites.columns:
            raise InputDataError(f"the mobile sites table has no column {c!r}", column=c,
                                 hint="read an ARCEP mobile sites file")
    pos = _point_commune(sites["x"].to_numpy(float), sites["y"].to_numpy(float), communes)
    n = len(communes)
    area_km2 = np.asarray(communes.geometry.area, float) / 1e6
    pop = (pd.to_numeric(communes["population"], errors="coerce").to_numpy(float)
           if "population" in communes.columns else np.full(n, np.nan))
    out = pd.DataFrame({"code_insee": communes["code_insee"].astype(str).to_numpy(), "area_km2": area_km2})
    inside = pos >= 0
    for g in GENERATIONS:
        col = f"has_{g}"
        if col not in sites.columns:
            continue
        flag = sites[col].fillna(False).astype(bool).to_numpy() & inside
        cnt = np.bincount(pos[flag], minlength=n).astype(float)
        out[f"n_sites_{g}"] = cnt
        out[f"sites_{g}_per_km2"] = np.where(area_km2 > 0, cnt / np.where(area_km2 > 0, area_km2, 1), np.nan)
        out[f"sites_{g}_per_1000"] = np.where(pop > 0, 1000.0 * cnt / np.where(pop > 0, pop, 1), np.nan)
    out.attrs["sites_outside"] = int((~inside).sum())
    return out


def good_mobile_coverage(addresses: pd.DataFrame, coverage, levels=GOOD_LEVELS,
                         population=None) -> pd.DataFrame:
    """Per commune (addresses' ``code_insee``): n_addresses, share_good_mobile (addresses inside
    at least one polygon whose ``niveau`` is in ``levels``, any operator) and, with a
    population per commune, pop_share_good_mobile (population spread evenly over addresses — per
    commune the same number; it differs once communes are summed) and pop_good_mobile."""
    from .groups import group_codes
    if "niveau" not in coverage.columns:
        raise InputDataError("the mobile coverage layer has no 'niveau' field", column="niveau",
                             hint="use an ARCEP coverage GeoPackage (niveau = TBC/BC/CL)")
    good = coverage[coverage["niveau"].astype(str).str.upper().isin([lv.upper() for lv in levels])]
    x, y = addresses["x"].to_numpy(float), addresses["y"].to_numpy(float)
    covered = np.zeros(len(x), dtype=bool)
    if len(good) and len(x):
        covered = points_in_polygons(x, y, good.geometry.values) >= 0
    groups, labels = group_codes(addresses["code_insee"])
    n = len(labels)
    cnt = np.bincount(groups, minlength=n).astype(float)
    cov = np.bincount(groups, weights=covered.astype(float), minlength=n)
    out = pd.DataFrame({"code_insee": labels.astype(str), "n_addresses": cnt.astype(np.int64),
                        "share_good_mobile": np.where(cnt > 0, cov / np.maximum(cnt, 1), np.nan)})
    if population is not None:
        pop = pd.Series(population, dtype=float)
        pop.index = pop.index.astype(str)
        p = pop.reindex(out["code_insee"]).to_numpy(float)
        out["pop_good_mobile"] = p * out["share_good_mobile"].to_numpy(float)
        out["pop_share_good_mobile"] = out["share_good_mobile"].where(np.isfinite(p))
    out.attrs["covered"] = covered
    return out
