"""The diagnosis's fragility stage: which index the data allows, on which units (IRIS or
communes), with which reference territory, and what the run says when it cannot compute one.

Fragility inputs by IRIS (a table with ``code_iris``, as written by ``import_census`` or
``import_iris``) are scored by IRIS, MedNum's native level, and each commune gets the
population-weighted mean of its IRIS; inputs by commune are scored by commune. Variables the
diagnosis computes itself are added where the input lacks them: the THD coverage from ARCEP
(an IRIS takes its commune's rate) and the public services per inhabitant from the service
places (town halls, post offices, France Services) counted in the unit, when town halls or post
offices are among the places (France Services alone are too few to stand for them).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .. import crs as crsmod
from ..errors import ParameterError
from ..schema import IFN_VARIABLES, MEDNUM_VARIABLES
from .mednum import RATE_COUNTS, WHERE_FROM, add_rates

# service categories counted as "public service access points" for public_services_per_capita
PUBLIC_SERVICE_CATEGORIES = ("france_services", "townhall", "post_office")
REFERENCE_LEVELS = {"territory": None, "epci": "epci_siren", "departement": "code_dep", "region": "code_reg"}
_LABELS = ("nom", "nom_commune", "nom_iris", "typ_iris", "source", "geometry", "fid")


def _numeric_columns(frame: pd.DataFrame, keep=("code_insee", "code_iris")) -> pd.DataFrame:
    """Variables as numbers (a CSV read by OGR gives text); labels stay aside."""
    out = frame[[c for c in keep if c in frame.columns]].copy()
    for c in frame.columns:
        if c in keep or c in _LABELS:
            continue
        num = pd.to_numeric(frame[c], errors="coerce")
        if num.notna().any():
            out[c] = num.astype(float)
    return out


def fragility_level(population_vars) -> str | None:
    if population_vars is None or not len(population_vars):
        return None
    if "code_iris" in population_vars.columns and population_vars["code_iris"].astype(str).str.len().eq(9).any():
        return "iris"
    return "commune"


def _count_services(services, polygons, key: str) -> pd.Series | None:
    """Public service places per polygon (point in polygon), or None without such places."""
    if services is None or "category" not in services.columns or polygons is None:
        return None
    cats = services["category"].astype(str)
    # France Services alone are too few to stand for the public services of a territory: the count
    # is made when the town halls or post offices (BPE, OSM) are loaded too
    if not cats.isin(("townhall", "post_office")).any():
        return None
    sel = services[cats.isin(PUBLIC_SERVICE_CATEGORIES)]
    if sel.empty or "geometry" not in getattr(polygons, "columns", ()):
        return None
    from ..compat import points_in_polygons
    where = points_in_polygons(sel["x"].to_numpy(float), sel["y"].to_numpy(float), polygons.geometry)
    keys = polygons[key].astype(str).to_numpy()[where[where >= 0]]
    return pd.Series(keys).value_counts()


def _add_group_columns(units: pd.DataFrame, communes: pd.DataFrame) -> pd.DataFrame:
    units = units.copy()
    codes = units["code_insee"].astype(str)
    if "code_dep" not in units.columns:
        units["code_dep"] = codes.map(crsmod.department_of)
    if "code_reg" not in units.columns:
        units["code_reg"] = codes.map(crsmod.region_of)
    if "epci_siren" not in units.columns and "epci_siren" in communes.columns:
        units["epci_siren"] = codes.map(communes.drop_duplicates("code_insee")
                                        .set_index("code_insee")["epci_siren"]).fillna("")
    return units


def run_fragility(out, population_vars, params: dict, services=None, iris=None, feedback=None):
    """The fragility stage on the commune table ``out``. Returns ``(out, meta, method, iris_scores)``:
    ``meta`` describes the index (or why none was computed: ``meta["skipped"]``, None when none was
    asked); ``iris_scores`` the scored IRIS (with their polygons when ``iris`` or the inputs have
    them) or None."""
    from .fragility import custom_composite, ifn5, mednum2019, mednum_by_commune

    method = params.get("fragility_method", "auto")
    level = fragility_level(population_vars)
    reference_by = REFERENCE_LEVELS.get(params.get("fragility_reference") or "territory", "missing")
    if reference_by == "missing":
        raise ParameterError(f"unknown reference territory {params.get('fragility_reference')!r}",
                             hint="territory, epci, departement or region")
    derived: dict[str, str] = {}
    units = None
    if level == "iris":
        units = _numeric_columns(population_vars)
        units["code_iris"] = population_vars["code_iris"].astype(str).to_numpy()
        units["code_insee"] = (population_vars["code_insee"].astype(str).to_numpy()
                               if "code_insee" in population_vars.columns else units["code_iris"].str[:5])
        for c in ("nom_iris", "typ_iris", "nom_commune"):
            if c in population_vars.columns:
                units[c] = population_vars[c].to_numpy()
        polygons = None
        if iris is not None and "code_iris" in iris.columns:
            polygons = iris
        elif "geometry" in population_vars.columns and population_vars.geometry.notna().any():
            polygons = population_vars
        units = units.drop_duplicates("code_iris").reset_index(drop=True)
    elif level == "commune":
        # rates from the table's own counts first: its population is the census's, not the legal one
        pv, _made = add_rates(_numeric_columns(population_vars))
        pv["code_insee"] = pv["code_insee"].astype(str)
        pv = pv[[c for c in pv.columns if c == "code_insee" or c not in out.columns]]
        out = out.merge(pv.drop_duplicates("code_insee"), on="code_insee", how="left")
    target = units if units is not None else out

    # variables the diagnosis supplies itself
    if "share_thd30" in out.columns and "thd_coverage" not in target.columns:
        share = out.drop_duplicates("code_insee").set_index("code_insee")["share_thd30"]
        target["thd_coverage"] = target["code_insee"].astype(str).map(share).to_numpy(float)
        if units is None and "premises" in out.columns:
            target["premises_thd"] = out["share_thd30"].to_numpy(float) * out["premises"].to_numpy(float)
        derived["thd_coverage"] = ("share_thd30 (ARCEP, >= 30 Mbit/s) of the commune"
                                   + (", given to each of its IRIS" if units is not None else ""))
    if "thd_non_coverage" not in out.columns and "share_thd30" in out.columns:
        out["thd_non_coverage"] = 1.0 - out["share_thd30"]
        derived["thd_non_coverage"] = "1 - share_thd30"
    if "public_services_per_capita" not in target.columns and "population" in target.columns:
        if units is None:
            counts = _count_services(services, out, "code_insee")
            key = "code_insee"
        else:
            counts = _count_services(services, polygons, "code_iris") if polygons is not None else None
            key = "code_iris"
        if counts is not None:
            target["public_services"] = target[key].astype(str).map(counts).fillna(0.0).to_numpy(float)
            derived["public_services_per_capita"] = (
                "service places of the categories " + ", ".join(PUBLIC_SERVICE_CATEGORIES)
                + f" counted in the {'IRIS' if units is not None else 'commune'} / population")

    if method == "auto":
        has_mednum = level is not None and (
            any(v in population_vars.columns for v in MEDNUM_VARIABLES)
            or any(num in population_vars.columns for num, _den in RATE_COUNTS.values())
            or "median_income" in target.columns)
        method = ("mednum2019" if has_mednum else
                  "ifn5" if all(v in out.columns for v in IFN_VARIABLES) else None)
        if method is None:
            missing = [v for v in MEDNUM_VARIABLES if v not in target.columns]
            meta = {"skipped": "no fragility variable in the data" if level is None else
                    "the fragility table has none of the index's variables",
                    "variables_missing": missing,
                    "where_to_get_missing": {v: WHERE_FROM[v] for v in missing},
                    "hint": "import the INSEE census and Filosofi files with 'Import census and income' "
                            "(terridiag:import_census) or download them with terridiag:download_territory, "
                            "then give them as the fragility variables"}
            if feedback is not None:
                feedback.warning("Fragility index not computed: " + meta["skipped"] + ". Missing: "
                                 + ", ".join(missing) + ". " + meta["hint"] + ".")
            return out, meta, None, None
    frag_meta = None
    iris_scores = None
    if method == "mednum2019":
        if units is not None:
            scored_units = _add_group_columns(units, out) if reference_by else units
            scored, frag_meta = mednum2019(scored_units, references=params.get("fragility_references"),
                                           reference_by=reference_by)
            by_com, com_meta = mednum_by_commune(scored)
            frag_meta["level"] = "iris"
            frag_meta["by_commune"] = com_meta
            keep = [c for c in by_com.columns if c not in ("population",)]
            out = out.drop(columns=[c for c in keep if c != "code_insee" and c in out.columns])
            out = out.merge(by_com[keep], on="code_insee", how="left")
            absent = out["ifn_n_units"].isna().to_numpy()
            out["ifn_n_units"] = out["ifn_n_units"].fillna(0).astype("int64")
            out.loc[absent, "ifn_missing"] = "no IRIS of this commune in the fragility data"
            if absent.any():
                frag_meta["communes_without_iris"] = out.loc[absent, "code_insee"].astype(str).tolist()
            iris_scores = scored
            if polygons is not None:
                import geopandas as gpd
                geo = polygons.drop_duplicates("code_iris").set_index("code_iris").geometry
                iris_scores = gpd.GeoDataFrame(scored, geometry=scored["code_iris"].map(geo).to_numpy(),
                                               crs=polygons.crs)
                extra = [c for c in ("qpv", "qpv_share", "qpv_codes") if c in polygons.columns
                         and c not in iris_scores.columns]
                for c in extra:
                    iris_scores[c] = scored["code_iris"].map(polygons.drop_duplicates("code_iris")
                                                             .set_index("code_iris")[c]).to_numpy()
        else:
            target = _add_group_columns(out, out) if reference_by else out
            out, frag_meta = mednum2019(target, references=params.get("fragility_references"),
                                        reference_by=reference_by)
            frag_meta["level"] = "commune"
        frag_meta["reference_level"] = params.get("fragility_reference") or "territory"
    elif method == "ifn5":
        out, frag_meta = ifn5(out, weights=params.get("ifn_weights"))
    elif method == "custom":
        out, frag_meta = custom_composite(out, params.get("custom_indicators") or {},
                                          params.get("custom_normalisation", "minmax"))
    elif method is not None:
        raise ParameterError(f"unknown fragility method {method!r}", hint="mednum2019, ifn5, custom or None")
    if frag_meta is not None:
        frag_meta["derived_variables"] = derived
        if feedback is not None and frag_meta.get("variables_missing"):
            feedback.warning("Fragility index computed without " + ", ".join(frag_meta["variables_missing"])
                             + " (each axis is the mean of its variables present; see the metadata for "
                               "where to get the others)")
    return out, frag_meta, method, iris_scores
