"""What-if: add, move or remove service places and see who gains, per address and per commune.

Before and after are computed by the same indicator code (``indicators.coverage`` for the
distance statistics, ``indicators.fsca`` for 2SFCA), so a what-if never disagrees with the
diagnosis. On top of them, each address gets a coverage *level* 0..1 (1 within the threshold of a
fixed place, the presence weight of the best mobile stop within reach otherwise, see
:mod:`.mobile`); "people within" sums weight × level, so a bus stop one day a week counts for a
fifth of the people around it.

Demand weight of an address: see :mod:`.demand` (``weight_field``, else the commune's population
spread over its addresses, else 1; optionally multiplied by a fragility index).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy.spatial import cKDTree

from ..errors import InputDataError, ParameterError
from ..indicators import coverage as _coverage
from ..indicators import fsca as _fsca
from ..progress import Feedback, ensure
from .aggregate import existing_level
from .demand import demand_weights
from .mobile import services_presence


@dataclass
class WhatIfResult:
    communes: pd.DataFrame          # one row per commune, before / after / delta
    addresses: pd.DataFrame         # one row per address: distances, levels, gain
    totals: dict                    # territory totals before / after / delta
    services_after: pd.DataFrame    # the service places of the scenario
    params: dict = field(default_factory=dict)


def _points(frame, what: str) -> pd.DataFrame:
    if frame is None:
        return None
    if not isinstance(frame, pd.DataFrame):
        arr = np.asarray(frame, float).reshape(-1, 2)
        frame = pd.DataFrame({"x": arr[:, 0], "y": arr[:, 1]})
    for col in ("x", "y"):
        if col not in frame.columns:
            raise InputDataError(f"the {what} points have no column '{col}'", column=col,
                                 hint="give x/y in the territory's metric CRS")
    xy = frame[["x", "y"]].apply(pd.to_numeric, errors="coerce").to_numpy(float)
    bad = ~np.isfinite(xy).all(axis=1)
    if bad.any():
        raise InputDataError(f"{what} point {int(np.flatnonzero(bad)[0]) + 1} has no coordinates",
                             hint="remove it or give its x/y")
    return frame


def _match(services: pd.DataFrame, pts: pd.DataFrame, tol_m: float, what: str) -> np.ndarray:
    """Row positions in ``services`` of the places nearest to ``pts`` (each within ``tol_m``)."""
    sxy = services[["x", "y"]].to_numpy(float)
    if len(sxy) == 0:
        raise InputDataError(f"no existing service place to {what}")
    d, i = cKDTree(sxy).query(pts[["x", "y"]].to_numpy(float), k=1)
    far = d > tol_m
    if far.any():
        k = int(np.flatnonzero(far)[0])
        raise ParameterError(f"{what} point {k + 1} is {d[k]:.0f} m from the nearest service place "
                             f"(tolerance {tol_m:g} m)",
                             hint="pick an existing place (snap to it) or raise the tolerance")
    return i


def apply_changes(services: pd.DataFrame, add=None, move=None, remove=None,
                  tolerance_m: float = 1.0) -> pd.DataFrame:
    """The services table of a scenario.

    ``add``: points (DataFrame with x, y and optionally category, capacity, mobile, presence,
    days_per_week, weeks_per_year, name); ``remove``: points matched to the nearest place within
    ``tolerance_m``; ``move``: DataFrame with ``from_x, from_y, x, y`` (the place nearest to
    from_x/from_y moves to x/y, keeping its attributes)."""
    svc = services.copy()
    svc["_scenario"] = "kept"
    drop = np.zeros(len(svc), bool)
    if remove is not None and len(remove):
        rm = _points(remove, "removed")
        drop[_match(svc, rm, tolerance_m, "removed")] = True
    if move is not None and len(move):
        mv = _points(move, "moved")
        for col in ("from_x", "from_y"):
            if col not in mv.columns:
                raise InputDataError(f"the moved places have no column '{col}'", column=col,
                                     hint="give from_x/from_y (where the place is) and x/y (where it goes)")
        src = pd.DataFrame({"x": mv["from_x"].to_numpy(float), "y": mv["from_y"].to_numpy(float)})
        pos = _match(svc, src, tolerance_m, "moved")
        if len(np.unique(pos)) < len(pos):
            raise ParameterError("two moves start from the same service place")
        if drop[pos].any():
            raise ParameterError("a place is both removed and moved")
        xcol, ycol = svc.columns.get_loc("x"), svc.columns.get_loc("y")
        svc.iloc[pos, xcol] = mv["x"].to_numpy(float)
        svc.iloc[pos, ycol] = mv["y"].to_numpy(float)
        svc.iloc[pos, svc.columns.get_loc("_scenario")] = "moved"
    svc = svc[~drop]
    if add is not None and len(add):
        new = _points(add, "added").copy()
        new["_scenario"] = "added"
        if "capacity" not in new.columns and "capacity" in svc.columns:
            new["capacity"] = 1.0
        if "category" not in new.columns and "category" in svc.columns:
            new["category"] = "new"
        svc = pd.concat([svc, new], ignore_index=True, sort=False)
    return svc.reset_index(drop=True)


def what_if(addresses: pd.DataFrame, services_before: pd.DataFrame, add=None, move=None,
            remove=None, threshold_km: float = 5.0, population=None, *,
            weight_field: str | None = None, fragility=None, tolerance_m: float = 1.0,
            fsca_catchment_km: float | None = None, fsca_steps=None,
            feedback: Feedback | None = None) -> WhatIfResult:
    """Before / after / delta of coverage and 2SFCA when places are added, moved or removed.

    ``threshold_km``: the coverage threshold (5 km target). 2SFCA: plain, catchment
    ``fsca_catchment_km`` (default: the threshold), or E2SFCA with ``fsca_steps`` (metres,
    weight); supply = capacity (default 1) × presence."""
    fb = ensure(feedback)
    if not np.isfinite(threshold_km) or threshold_km <= 0:
        raise ParameterError(f"the distance threshold must be positive (got {threshold_km})",
                             hint="e.g. 5 for the 5 km target")
    for col in ("code_insee", "x", "y"):
        if col not in addresses.columns:
            raise InputDataError(f"the addresses table has no column '{col}'", column=col)
    if len(addresses) == 0:
        raise InputDataError("no address: nothing to measure a scenario on")
    for col in ("x", "y"):
        if col not in services_before.columns:
            raise InputDataError(f"the services table has no column '{col}'", column=col,
                                 hint="give x/y in the territory's metric CRS")
    located = np.isfinite(services_before[["x", "y"]].apply(pd.to_numeric, errors="coerce")
                          .to_numpy(float)).all(axis=1)
    if not located.all():  # places without coordinates cannot be measured: say so, go on
        fb.warning(f"{int((~located).sum())} service place(s) without coordinates left out")
        services_before = services_before[located].reset_index(drop=True)
    after = apply_changes(services_before, add, move, remove, tolerance_m)
    if len(after) == 0:
        raise ParameterError("the scenario removes every service place",
                             hint="keep or add at least one place")
    before = services_before.copy()
    thr_m = threshold_km * 1000.0
    addr = addresses.reset_index(drop=True)
    w = demand_weights(addr, population, weight_field, fragility)
    axy = addr[["x", "y"]].to_numpy(float)
    fb.set_progress(5)

    def state(svc: pd.DataFrame, p0: float):
        fb.check()
        pres = services_presence(svc)
        sxy = svc[["x", "y"]].to_numpy(float)
        dist, _ = _coverage.nearest_distance(axy[:, 0], axy[:, 1], sxy[:, 0], sxy[:, 1])
        level = existing_level(axy, sxy, thr_m, pres)
        cap = (pd.to_numeric(svc["capacity"], errors="coerce").fillna(1.0).to_numpy(float)
               if "capacity" in svc.columns else np.ones(len(svc)))
        if fsca_steps is not None:
            acc, _ = _fsca.fsca_points(axy[:, 0], axy[:, 1], w, sxy[:, 0], sxy[:, 1], cap * pres,
                                       steps=fsca_steps)
        else:
            catch = (fsca_catchment_km or threshold_km) * 1000.0
            acc, _ = _fsca.fsca_points(axy[:, 0], axy[:, 1], w, sxy[:, 0], sxy[:, 1], cap * pres,
                                       max_cost=catch)
        table = _coverage.coverage_by_commune(addr, svc, [threshold_km], population=population,
                                              weighting="commune" if population is not None else "none",
                                              weight_field=weight_field)
        fb.set_progress(p0 + 40)
        return dist, level, acc, table

    d0, l0, a0, t0 = state(before, 5)
    d1, l1, a1, t1 = state(after, 45)

    per_addr = pd.DataFrame({
        "code_insee": addr["code_insee"].astype(str).to_numpy(),
        "x": axy[:, 0], "y": axy[:, 1], "weight": w,
        "dist_before_m": d0, "dist_after_m": d1, "gain_m": d0 - d1,
        "level_before": l0, "level_after": l1,
        "people_gained": w * (l1 - l0),
        "fsca_before": a0, "fsca_after": a1,
    })
    communes = _commune_table(per_addr, t0, t1)
    tw = float(w.sum())
    totals = {
        "population": tw,
        "n_addresses": int(len(addr)),
        "people_within_before": float(np.dot(w, l0)),
        "people_within_after": float(np.dot(w, l1)),
        "people_gained": float(np.dot(w, l1 - l0)),
        "share_within_before": float(np.dot(w, l0) / tw) if tw > 0 else np.nan,
        "share_within_after": float(np.dot(w, l1) / tw) if tw > 0 else np.nan,
        "addresses_closer": int((d1 < d0 - 1e-9).sum()),
        "addresses_farther": int((d1 > d0 + 1e-9).sum()),
        "dist_mean_before_m": float(np.dot(w, d0) / tw) if tw > 0 else np.nan,
        "dist_mean_after_m": float(np.dot(w, d1) / tw) if tw > 0 else np.nan,
        "fsca_before": float(np.dot(w, a0) / tw) if tw > 0 else np.nan,
        "fsca_after": float(np.dot(w, a1) / tw) if tw > 0 else np.nan,
    }
    totals["dist_mean_delta_m"] = totals["dist_mean_after_m"] - totals["dist_mean_before_m"]
    totals["fsca_delta"] = totals["fsca_after"] - totals["fsca_before"]
    params = {"threshold_km": float(threshold_km),
              "weighting": weight_field or ("commune population" if population is not None else "1 per address"),
              "fsca": ({"method": "E2SFCA", "steps_m": [list(s) for s in fsca_steps]} if fsca_steps is not None
                       else {"method": "2SFCA", "catchment_km": float(fsca_catchment_km or threshold_km)}),
              "supply": "capacity (default 1) x presence (mobile stops, see scenario.mobile)",
              "coverage level": "1 within the threshold of a fixed place, else the best mobile presence",
              "added": int((after["_scenario"] == "added").sum()),
              "moved": int((after["_scenario"] == "moved").sum()),
              "removed": int(len(before) - (after["_scenario"] != "added").sum())}
    communes.attrs["what_if"] = params
    fb.set_progress(100)
    return WhatIfResult(communes=communes, addresses=per_addr, totals=totals,
                        services_after=after, params=params)


def _commune_table(per_addr: pd.DataFrame, t0: pd.DataFrame, t1: pd.DataFrame) -> pd.DataFrame:
    g = per_addr.assign(wl0=per_addr["weight"] * per_addr["level_before"],
                        wl1=per_addr["weight"] * per_addr["level_after"],
                        wa0=per_addr["weight"] * per_addr["fsca_before"],
                        wa1=per_addr["weight"] * per_addr["fsca_after"],
                        closer=(per_addr["gain_m"] > 1e-9).astype(np.int64))
    agg = g.groupby("code_insee", sort=True).agg(
        n_addresses=("weight", "size"), population=("weight", "sum"),
        people_within_before=("wl0", "sum"), people_within_after=("wl1", "sum"),
        wa0=("wa0", "sum"), wa1=("wa1", "sum"), addresses_closer=("closer", "sum"))
    agg["people_gained"] = agg["people_within_after"] - agg["people_within_before"]
    pop = agg["population"].to_numpy(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        agg["pop_share_within_before"] = np.where(pop > 0, agg["people_within_before"] / pop, np.nan)
        agg["pop_share_within_after"] = np.where(pop > 0, agg["people_within_after"] / pop, np.nan)
        agg["fsca_before"] = np.where(pop > 0, agg["wa0"] / pop, np.nan)
        agg["fsca_after"] = np.where(pop > 0, agg["wa1"] / pop, np.nan)
    agg["fsca_delta"] = agg["fsca_after"] - agg["fsca_before"]
    agg = agg.drop(columns=["wa0", "wa1"]).reset_index()
    agg["code_insee"] = agg["code_insee"].astype(str)
    cols = ["dist_mean_m", "dist_median_m", "dist_p90_m", "share_within"]
    b = t0.set_index(t0["code_insee"].astype(str))[cols]
    a = t1.set_index(t1["code_insee"].astype(str))[cols]
    for c in cols:
        base = c[:-2] if c.endswith("_m") else c
        suffix = "_m" if c.endswith("_m") else ""
        before = b[c].reindex(agg["code_insee"]).to_numpy(float)
        after = a[c].reindex(agg["code_insee"]).to_numpy(float)
        agg[f"{base}_before{suffix}"] = before
        agg[f"{base}_after{suffix}"] = after
        agg[f"{base}_delta{suffix}"] = after - before
    return agg


GAINS_FIELDS = ("people_gained", "share_within_before", "share_within_after", "dist_mean_delta_m")


def gains_by_commune(communes: pd.DataFrame, table: pd.DataFrame, per_address: bool = True):
    """The map of who gains: every commune of ``communes`` (a GeoDataFrame with code_insee, and nom,
    population, n_addresses when it has them) carrying its row of the what-if's commune table
    (``WhatIfResult.communes``): code_insee, nom (the code when there is no name), people_gained,
    share_within_before / _after, dist_mean_delta_m (empty for a commune without any address), and
    inhabitants_gained.

    inhabitants_gained is the addresses gained times the commune's inhabitants per address
    (population / n_addresses of ``communes``, else / its addresses in the what-if); it is only
    computed when ``per_address`` (each address weighs 1) and ``communes`` has a population.
    Returns the GeoDataFrame and the territory's total of inhabitants gained (None when not computed;
    a commune without a population counts for nothing)."""
    codes = communes["code_insee"].map(lambda v: "" if v is None else str(v)).to_numpy(object)
    rows = table.assign(code_insee=table["code_insee"].astype(str)).drop_duplicates("code_insee") \
        .set_index("code_insee")
    names = communes["nom"].to_numpy(object) if "nom" in communes.columns else codes
    out = pd.DataFrame({"code_insee": codes,
                        "nom": [c if n is None or pd.isna(n) or str(n) == "" else str(n) for n, c in zip(names, codes)]})
    for col in GAINS_FIELDS:
        out[col] = rows[col].reindex(codes).to_numpy(float) if col in rows.columns else np.nan
    total = None
    if per_address and "population" in communes.columns:
        pop = pd.to_numeric(communes["population"], errors="coerce").to_numpy(float)
        if "n_addresses" in communes.columns:
            n = pd.to_numeric(communes["n_addresses"], errors="coerce").to_numpy(float)
        else:
            n = rows["n_addresses"].reindex(codes).to_numpy(float)
        with np.errstate(invalid="ignore", divide="ignore"):
            ratio = np.where((n > 0) & np.isfinite(pop), pop / n, np.nan)
        out["inhabitants_gained"] = out["people_gained"].to_numpy(float) * ratio
        total = float(np.nansum(out["inhabitants_gained"].to_numpy(float)))
    geometry = communes.geometry.to_numpy() if hasattr(communes, "geometry") else None
    if geometry is not None:
        import geopandas as gpd

        out = gpd.GeoDataFrame(out, geometry=list(geometry), crs=communes.crs)
    return out, total
