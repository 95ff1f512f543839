"""The diagnosis by IRIS, for the communes split into IRIS: the access figures of the commune table
computed over each IRIS's addresses (or, without addresses, its population at one point inside it),
the statistical confidentiality applied to IRIS as to communes, and the labels an IRIS sheet
needs (``nom``: the IRIS's name with its commune's). The fragility scores come from the fragility
stage (:mod:`.fragility_stage`)."""
from __future__ import annotations

import numpy as np
import pandas as pd

IRIS_ID_FIELDS = ("code_iris", "nom_iris", "typ_iris", "code_insee", "nom_commune", "nom")


def iris_labels(iris: pd.DataFrame, communes=None) -> pd.DataFrame:
    """``nom`` of each IRIS: "Commune — IRIS" for a commune split into IRIS, the commune's name for
    a commune that is one IRIS; ``nom_commune`` filled from the communes table when missing."""
    out = iris.copy()
    if "nom_commune" not in out.columns:
        out["nom_commune"] = ""
    if communes is not None and "nom" in communes.columns:
        names = communes.drop_duplicates("code_insee").set_index("code_insee")["nom"].astype(str)
        empty = out["nom_commune"].isna() | out["nom_commune"].astype(str).eq("")
        out.loc[empty, "nom_commune"] = out.loc[empty, "code_insee"].astype(str).map(names).fillna("")
    iris_name = out["nom_iris"].fillna("").astype(str) if "nom_iris" in out.columns else pd.Series("", index=out.index)
    commune = out["nom_commune"].fillna("").astype(str)
    whole = out["code_iris"].astype(str).str.endswith("0000") | iris_name.eq("") | iris_name.eq(commune)
    out["nom"] = np.where(whole, commune.where(commune.ne(""), iris_name), commune + " — " + iris_name)
    return out


def access_by_iris(iris, addresses, services, params: dict, feedback=None) -> tuple[pd.DataFrame, dict]:
    """Coverage as the crow flies per IRIS (the diagnosis's thresholds and categories), masked
    where an IRIS has fewer addresses than the confidentiality threshold. ``iris``: GeoDataFrame with
    ``code_iris`` and ``population`` (polygons, metric CRS). Returns one row per IRIS."""
    from ..compat import points_in_polygons
    from .confidentiality import mask_small_counts
    from .coverage import coverage_by_commune

    units = iris[["code_iris", "geometry"]].rename(columns={"code_iris": "code_insee"})
    pop = pd.to_numeric(iris["population"], errors="coerce") if "population" in iris.columns else None
    if pop is not None:
        units["population"] = pop.to_numpy(float)
    meta: dict = {"units": int(len(iris))}
    addr = None
    if addresses is not None and len(addresses):
        where = points_in_polygons(addresses["x"].to_numpy(float), addresses["y"].to_numpy(float), iris.geometry)
        inside = where >= 0
        addr = pd.DataFrame({"x": addresses["x"].to_numpy(float)[inside], "y": addresses["y"].to_numpy(float)[inside],
                             "code_insee": iris["code_iris"].astype(str).to_numpy()[where[inside]]})
        meta["addresses_outside_iris"] = int((~inside).sum())
    population = (pd.Series(pop.to_numpy(float), index=iris["code_iris"].astype(str).to_numpy())
                  if pop is not None else None)
    cov = coverage_by_commune(addr, services, thresholds_km=params["thresholds_km"], category=params["category"],
                              population=population, communes=units, feedback=feedback)
    cov = cov.rename(columns={"code_insee": "code_iris"})
    if "demand_source" in cov.columns:      # a unit without address is an IRIS here, not a commune
        cov["demand_source"] = cov["demand_source"].replace({"commune": "iris"})
    cov, mmeta = mask_small_counts(cov, params["confidentiality_threshold"])
    # an IRIS without inhabitants nor addresses (activity zones, woods): its access figures describe nobody
    if population is not None:
        from .catalog import confidential_fields
        nobody = (cov["code_iris"].map(population).fillna(0).to_numpy(float) <= 0)
        if "n_addresses" in cov.columns:
            nobody &= pd.to_numeric(cov["n_addresses"], errors="coerce").fillna(0).to_numpy(float) == 0
        for c in confidential_fields(cov.columns):
            if c != "n_addresses":
                cov[c] = cov[c].where(~nobody)
        meta["iris_without_inhabitants"] = cov.loc[nobody, "code_iris"].astype(str).tolist()
    meta["confidentiality"] = mmeta
    meta["demand"] = "addresses in each IRIS" if addr is not None else "one point per IRIS carrying its population"
    return cov, meta


def iris_table(iris, iris_scores, addresses, services, params: dict, communes=None, feedback=None):
    """The diagnosis's table by IRIS: the fragility scores (``iris_scores``, when the variables were by
    IRIS) and the access figures of each IRIS, with its labels and QPV flags; (None, {}) without IRIS
    polygons. ``iris``: the IRIS polygons given to the diagnosis (``code_iris``)."""
    import geopandas as gpd

    polys = None
    if iris_scores is not None and isinstance(iris_scores, gpd.GeoDataFrame) and iris_scores.geometry.notna().any():
        polys = iris_scores
    elif iris is not None and "code_iris" in iris.columns and len(iris):
        polys = iris
    if polys is None:
        return None, {}
    polys = polys[polys.geometry.notna()].copy()
    polys["code_iris"] = polys["code_iris"].astype(str)
    if "code_insee" not in polys.columns:
        polys["code_insee"] = polys["code_iris"].str[:5]
    if "population" not in polys.columns and iris is not None and "population" in iris.columns:
        src = iris.assign(code_iris=iris["code_iris"].astype(str)).drop_duplicates("code_iris").set_index("code_iris")
        polys["population"] = polys["code_iris"].map(src["population"])
    acc, meta = access_by_iris(polys, addresses, services, params, feedback=feedback)
    base = iris_scores if iris_scores is not None else polys
    if iris_scores is not None and not isinstance(iris_scores, gpd.GeoDataFrame):
        base = gpd.GeoDataFrame(iris_scores.merge(polys[["code_iris", "geometry"]], on="code_iris", how="left"),
                                geometry="geometry", crs=polys.crs)
    keep = [c for c in acc.columns if c == "code_iris" or c not in base.columns]
    table = base.merge(acc[keep], on="code_iris", how="left")
    if iris is not None:        # the labels and QPV flags of the IRIS layer given (import_iris writes them)
        extra = [c for c in ("qpv", "qpv_share", "qpv_codes", "nom_iris", "typ_iris") if c in iris.columns]
        if extra:
            src = iris.assign(code_iris=iris["code_iris"].astype(str)).drop_duplicates("code_iris").set_index("code_iris")
            for c in extra:
                table[c] = table["code_iris"].map(src[c])
        if "qpv" in table.columns:
            table["qpv"] = table["qpv"].map(lambda v: bool(v) if v == v and v is not None else False)
    table = iris_labels(table, communes)
    table = gpd.GeoDataFrame(table, geometry="geometry", crs=polys.crs)
    meta["iris_with_qpv"] = int(table["qpv"].fillna(False).astype(bool).sum()) if "qpv" in table.columns else None
    return table, meta
