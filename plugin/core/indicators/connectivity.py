"""Connectivity per commune: fixed broadband shares (ARCEP), mobile sites density, and the share
of addresses / population inside good or very good mobile coverage.

ARCEP speed classes are cumulative counts of premises (eligible to *at least* this speed), so
each share is simply count / premises; "not eligible to good broadband" is premises − elig_bhd8.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..compat import points_in_polygons  # noqa: F401 (used here, and by callers of this module)
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


# why an indicator is absent when no table given has what it needs (meta["steps"]["connectivity"])
ABSENT_REASONS = {
    "share_ftth": "no count of premises connectable to FttH in the ARCEP data given: 'Ma connexion internet' "
                  "(commune_debit) counts premises by speed class (elig_thd30, elig_thd100, elig_thd1g), not by "
                  "technology; the FttH share needs the ARCEP FttH observatory ('locaux raccordables') with its "
                  "commune information file (logements + établissements) for the premises",
    "share_thd30": "no count of premises eligible to 30 Mbit/s or more (elig_thd30) in the ARCEP data given",
    "share_thd100": "no count of premises eligible to 100 Mbit/s or more (elig_thd100) in the ARCEP data given",
    "share_thd1g": "no count of premises eligible to 1 Gbit/s (elig_thd1g) in the ARCEP data given",
    "share_no_bhd": "no count of premises eligible to 8 Mbit/s or more (elig_bhd8) in the ARCEP data given",
}
GENERATION_ABSENT = ("the mobile sites layer has no {g} flag (lists published before 5G opened in France, "
                     "in November 2020, have none): no {g} indicator")


def fixed_connectivity_of(tables, names=None) -> tuple[pd.DataFrame, dict]:
    """:func:`fixed_connectivity` of one or several ARCEP tables (e.g. 'Ma connexion internet' and
    the FttH observatory): each share is computed within its own table (its own premises and
    vintage), then per commune the first table that has it gives it. An indicator no table has is
    left out, with its reason in the metadata (``absent``); ``from`` says which table gave what."""
    if isinstance(tables, pd.DataFrame):
        tables = [tables]
    names = list(names or [f"table {i + 1}" for i in range(len(tables))])
    parts = [fixed_connectivity(t) for t in tables]
    codes = pd.Index(sorted(set().union(*[set(p["code_insee"]) for p in parts])), dtype=object)
    out = pd.DataFrame({"code_insee": codes.to_numpy()})
    fields = ["premises", *FIXED_SHARES, "share_no_bhd"]
    given: dict[str, list[str]] = {}
    for field in fields:
        values = np.full(len(codes), np.nan)
        for name, part in zip(names, parts):
            v = part.drop_duplicates("code_insee").set_index("code_insee")[field].reindex(codes).to_numpy(float)
            fill = np.isnan(values) & np.isfinite(v)
            if fill.any():
                values[fill] = v[fill]
                given.setdefault(field, []).append(name)
        out[field] = values
    absent = {f: ABSENT_REASONS.get(f, "not in the ARCEP data given") for f in fields[1:] if f not in given}
    out = out.drop(columns=list(absent))
    meta = {"fixed": "ARCEP counts of premises per commune, cumulative classes; each share within its own table",
            "from": given, "absent": absent}
    return out, meta


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
    from .. import territories
    area_km2 = (territories.legal_areas_km2(communes) if territories.is_zoned(communes)
                else np.asarray(communes.geometry.area, float) / 1e6)
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
    out.attrs["generations"] = [g for g in GENERATIONS if f"has_{g}" in sites.columns]
    out.attrs["absent"] = {f"{g}": GENERATION_ABSENT.format(g=g.upper()) for g in GENERATIONS
                           if f"has_{g}" not in sites.columns}
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
