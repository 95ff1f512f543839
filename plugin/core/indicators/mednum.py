"""The MedNum 2019 "indice de fragilité numérique" (first method), by IRIS or by commune.

Method (docs/DATA_SOURCES.md): eleven variables in four axes; each variable is compared with the
value of a reference territory, points = 100 × coefficient (base 100 = like the reference, higher
= more fragile); five equal-interval classes between the territory's minimum and maximum score.

* **Units.** MedNum's native unit is the IRIS (a commune not split into IRIS counts as one); any
  table of units with the variables (rates as fractions) or with the census counts they are made
  of (see :data:`RATE_COUNTS`) works. :func:`mednum_by_commune` gives each commune the
  population-weighted mean of its IRIS' scores.
* **References.** The reference of a share is the reference territory's own ratio, Σ numerators /
  Σ denominators over its units; with rates only, Σ (weight × rate) / Σ weight with the variable's
  denominator (or the population) as weight, which is the same number. For the median income, the
  official median of the reference territory when it is given (REFERENCE), otherwise the
  population-weighted median of the units' medians, an approximation the metadata states. The
  reference territory is the units given (the loaded territory), groups of them (EPCI,
  département, région: ``reference_by``), other units (``reference_units``) or a file of values.
* **Missing variables.** A variable absent from the data, or missing for a unit (INSEE secret: a
  blank or a median income of 0), is left out: each axis is the mean of the points of its variables
  present, the global scores the mean of all points present. The output says per unit how many
  variables entered (``ifn_n_variables``) and which were missing (``ifn_missing``); the metadata
  lists the variables used and missing with the reason, and the axes with no variable (NULL).
  A unit without population (an activity or "divers" IRIS) gets no score.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import InputDataError, ParameterError
from ..schema import MEDNUM_VARIABLES

# Axes of the 2019 method and the variables in each.
MEDNUM_AXES = {
    "ifn_interfaces": ("thd_coverage", "mobile_coverage", "poverty_rate", "median_income"),
    "ifn_information": ("single_parent_share", "one_person_household_share",
                        "public_services_per_capita"),
    "ifn_admin": ("unemployment_rate", "age_15_29_share"),
    "ifn_digital": ("age_65_plus_share", "low_diploma_share"),
}
# the two global axes and the overall score: the variables they average
GLOBAL_AXES = {
    "ifn_access": MEDNUM_AXES["ifn_interfaces"] + MEDNUM_AXES["ifn_information"],
    "ifn_skills": MEDNUM_AXES["ifn_admin"] + MEDNUM_AXES["ifn_digital"],
    "ifn_global": MEDNUM_VARIABLES,
}
# How each variable becomes a coefficient (see DATA_SOURCES.md).
COVERAGE_VARS = ("thd_coverage", "mobile_coverage")       # (1 − rate) / ref
INCOME_VARS = ("median_income",)                           # (ref − v) / ref + 1
SERVICES_VARS = ("public_services_per_capita",)            # max(0, 2 − ((v − ref)/ref + 1))
SCORE_FIELDS = ("ifn_interfaces", "ifn_information", "ifn_access", "ifn_admin", "ifn_digital",
                "ifn_skills", "ifn_global")
MEDNUM_OUTPUT = SCORE_FIELDS + ("ifn_global_class", "ifn_n_variables", "ifn_missing")

# variable -> (numerator, denominator): the counts a share is made of (names of sources.census;
# premises from ARCEP, public services counted from the service places)
RATE_COUNTS = {
    "age_15_29_share": ("pop_15_29", "population"),
    "age_65_plus_share": ("pop_65_plus", "population"),
    "low_diploma_share": ("nscol15p_low_diploma", "nscol15p"),
    "one_person_household_share": ("one_person_households", "households"),
    "single_parent_share": ("single_parent_families", "families"),
    "unemployment_rate": ("unemployed_15_64", "active_15_64"),
    "thd_coverage": ("premises_thd", "premises"),
    "public_services_per_capita": ("public_services", "population"),
}
# weight of each variable's reference: its denominator, else the population
WEIGHT_OF = {**{v: den for v, (_num, den) in RATE_COUNTS.items()},
             "poverty_rate": "population", "median_income": "population", "mobile_coverage": "population"}
# where each variable comes from (said when it is missing)
WHERE_FROM = {
    "thd_coverage": "ARCEP 'Ma connexion internet' per commune (import_connectivity; dataset arcep of "
                    "download_territory)",
    "mobile_coverage": "ARCEP mobile coverage maps (2G), as a rate per unit",
    "poverty_rate": "INSEE Filosofi by IRIS (DISP_TP60) or by commune (TP60) (import_census; dataset "
                    "filosofi of download_territory)",
    "median_income": "INSEE Filosofi by IRIS (DISP_MED) or by commune (MED) (import_census; dataset filosofi "
                     "of download_territory)",
    "single_parent_share": "INSEE census couples-familles-menages, C_FAMMONO / C_FAM (import_census; dataset "
                           "census of download_territory)",
    "one_person_household_share": "INSEE census couples-familles-menages, C_MENPSEUL / C_MEN (import_census; "
                                  "dataset census of download_territory)",
    "public_services_per_capita": "public service places per inhabitant (BPE town halls and post offices, "
                                  "France Services: import_services; dataset bpe of download_territory)",
    "unemployment_rate": "INSEE census activite-residents, P_CHOM1564 / P_ACT1564 (import_census; dataset "
                         "census of download_territory)",
    "age_15_29_share": "INSEE census evol-struct-pop, P_POP1529 / P_POP (import_census; dataset census of "
                       "download_territory)",
    "age_65_plus_share": "INSEE census evol-struct-pop, P_POP65P / P_POP (import_census; dataset census of "
                         "download_territory)",
    "low_diploma_share": "INSEE census diplomes-formation, P_NSCOL15P_DIPLMIN (+ BEPC) / P_NSCOL15P "
                         "(import_census; dataset census of download_territory)",
}
INCOME_APPROXIMATION = ("population-weighted median of the units' median incomes (an approximation of the "
                        "reference territory's median: give the official Filosofi median in REFERENCE)")


def add_rates(frame: pd.DataFrame) -> tuple[pd.DataFrame, dict]:
    """The variables a frame lacks but whose counts it has (numerator / denominator; NaN where the
    denominator is 0 or missing). Returns a copy and {variable: formula} of what was computed."""
    out = frame.copy()
    made = {}
    for var, (num, den) in RATE_COUNTS.items():
        if var in out.columns and pd.to_numeric(out[var], errors="coerce").notna().any():
            continue
        if num in out.columns and den in out.columns:
            n = pd.to_numeric(out[num], errors="coerce").to_numpy(float)
            d = pd.to_numeric(out[den], errors="coerce").to_numpy(float)
            with np.errstate(divide="ignore", invalid="ignore"):
                out[var] = np.where(d > 0, n / d, np.nan)
            made[var] = f"{num} / {den}"
    return out, made


def _values(frame: pd.DataFrame, var: str) -> np.ndarray:
    if var not in frame.columns:
        return np.full(len(frame), np.nan)
    x = pd.to_numeric(frame[var], errors="coerce").to_numpy(float).copy()
    if var in INCOME_VARS:
        x[x <= 0] = np.nan           # a median income of 0 is INSEE secret, not a real income
    return x


def _weights(frame: pd.DataFrame, var: str) -> tuple[np.ndarray, str]:
    for col in (WEIGHT_OF.get(var), "population"):
        if col and col in frame.columns:
            w = pd.to_numeric(frame[col], errors="coerce").to_numpy(float)
            if np.isfinite(w).any():
                return w, col
    return np.ones(len(frame)), ""


def weighted_median(x: np.ndarray, w: np.ndarray) -> float:
    """The value below which half the weight lies; on an exact half, the mean of the two values
    around it (so equal weights give numpy's median)."""
    ok = np.isfinite(x) & np.isfinite(w) & (w > 0)
    if not ok.any():
        return float("nan")
    order = np.argsort(x[ok], kind="stable")
    xs, cw = x[ok][order], np.cumsum(w[ok][order])
    half = cw[-1] / 2.0
    i = int(np.searchsorted(cw, half))
    if i + 1 < len(xs) and np.isclose(cw[i], half, rtol=1e-12, atol=0.0):
        return float((xs[i] + xs[i + 1]) / 2.0)
    return float(xs[i])


def reference_value(var: str, x: np.ndarray, w: np.ndarray) -> float:
    """Σ w·x / Σ w over the units with a value (Σ numerators / Σ denominators for a share); the
    weighted median for income."""
    ok = np.isfinite(x) & np.isfinite(w) & (w > 0)
    if not ok.any():
        return float("nan")
    if var in INCOME_VARS:
        return weighted_median(x, w)
    return float(np.sum(w[ok] * x[ok]) / np.sum(w[ok]))


def _check_rates(vals: dict[str, np.ndarray]) -> None:
    for v, x in vals.items():
        if v in INCOME_VARS or v in SERVICES_VARS:
            continue
        if np.nanmax(x, initial=0) > 1.0 + 1e-9:
            raise InputDataError(f"variable {v} has values above 1 (max {np.nanmax(x):g})", column=v,
                                 hint="rates are fractions 0–1: divide percentages by 100")


def points(var: str, x: np.ndarray, ref) -> np.ndarray:
    """100 × the coefficient of the method (``ref`` a number or one per unit)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        if var in COVERAGE_VARS:
            coef = (1.0 - x) / ref
        elif var in INCOME_VARS:
            coef = (ref - x) / ref + 1.0
        elif var in SERVICES_VARS:
            coef = np.maximum(0.0, 2.0 - ((x - ref) / ref + 1.0))
        else:
            coef = (x - ref) / ref + 1.0
    return 100.0 * coef


def mednum_points(vals: dict[str, np.ndarray], refs: dict[str, float]) -> dict[str, np.ndarray]:
    """Points (100 × coefficient) of each variable of ``vals``."""
    return {v: points(v, x, refs[v]) for v, x in vals.items()}


def equal_interval_class(score: np.ndarray, n: int = 5) -> tuple[np.ndarray, list[float]]:
    """Class 1..n of equal width between min and max; a value on a break goes to the upper
    class, the maximum to class n. All scores equal -> the middle class. NaN -> 0."""
    s = np.asarray(score, float)
    ok = np.isfinite(s)
    cls = np.zeros(len(s), dtype=np.int64)
    if not ok.any():
        return cls, []
    lo, hi = float(s[ok].min()), float(s[ok].max())
    if hi == lo:
        cls[ok] = (n + 1) // 2
        return cls, [lo, hi]
    width = (hi - lo) / n
    cls[ok] = np.clip(np.floor((s[ok] - lo) / width).astype(np.int64) + 1, 1, n)
    return cls, [lo + k * width for k in range(n + 1)]


def no_variable_error(present_columns) -> InputDataError:
    """The refusal when none of the eleven variables (nor their counts) is in the data: what is
    needed and where it comes from."""
    sources = sorted({WHERE_FROM[v].split(" (")[0] for v in MEDNUM_VARIABLES})
    return InputDataError(
        "none of the eleven variables of the MedNum 2019 index is in the data (nor the census counts they "
        "are made of); columns found: " + ", ".join(list(present_columns)[:12]),
        hint="import the INSEE census and Filosofi files by IRIS or by commune with 'Import census and "
             "income' (terridiag:import_census), or download them with terridiag:download_territory; the "
             "variables come from: " + "; ".join(sources))


def mednum2019(frame: pd.DataFrame, references: dict | None = None, keep_points: bool = False, *,
               reference_units: pd.DataFrame | None = None, reference_by: str | None = None,
               population: str = "population") -> tuple[pd.DataFrame, dict]:
    """The MedNum 2019 index of each unit of ``frame`` (IRIS or communes).

    ``references``: given values {variable: value} (e.g. read by ``read_reference_csv``); they
    replace the computed ones. ``reference_units``: the units the references are computed on
    (default: ``frame``). ``reference_by``: a column (``epci_siren``, ``code_dep``, ``code_reg``)
    of both tables: each unit is compared with the references of its group.
    Returns a copy of ``frame`` with :data:`MEDNUM_OUTPUT` (and ``pts_{variable}`` if
    ``keep_points``) and the metadata."""
    out, made = add_rates(frame)
    ref_frame = out if reference_units is None else add_rates(reference_units)[0]
    given = dict(references or {})
    unknown = sorted(set(given) - set(MEDNUM_VARIABLES))
    if unknown:
        raise ParameterError(f"unknown reference variables {unknown}",
                             hint=f"use names among {', '.join(MEDNUM_VARIABLES)}")
    bad = sorted(k for k, v in given.items() if not np.isfinite(float(v)) or float(v) == 0)
    if bad:
        raise ParameterError(f"reference value is zero or missing for {bad}",
                             hint="give non-zero references (REFERENCE file)")
    missing: dict[str, str] = {}
    vals: dict[str, np.ndarray] = {}
    for v in MEDNUM_VARIABLES:
        if v not in out.columns:
            missing[v] = "absent from the data"
            continue
        x = _values(out, v)
        if not np.isfinite(x).any():
            missing[v] = "no value in the data (all missing or secret)"
            continue
        vals[v] = x
    if not vals:
        raise no_variable_error([c for c in frame.columns if c != "geometry"])
    _check_rates(vals)

    # references, one per variable (or one per group of units)
    if reference_by and (reference_by not in out.columns or reference_by not in ref_frame.columns):
        raise ParameterError(f"the reference territory is given by '{reference_by}', which the units lack",
                             column=reference_by,
                             hint="add the commune's EPCI / département / région to the units, or compare "
                                  "with the whole territory")
    groups = (pd.Series([""] * len(out)) if not reference_by
              else out[reference_by].fillna("").astype(str).reset_index(drop=True))
    ref_groups = (pd.Series([""] * len(ref_frame)) if not reference_by
                  else ref_frame[reference_by].fillna("").astype(str).reset_index(drop=True))
    refs_out: dict[str, object] = {}
    methods: dict[str, str] = {}
    ref_arrays: dict[str, np.ndarray] = {}
    for v in list(vals):
        if v in given:
            ref_arrays[v] = np.full(len(out), float(given[v]))
            refs_out[v] = float(given[v])
            methods[v] = "given (REFERENCE)"
            continue
        x_ref = _values(ref_frame, v)
        w_ref, wname = _weights(ref_frame, v)
        per_group = {}
        for g in pd.unique(groups):
            m = (ref_groups == g).to_numpy()
            per_group[g] = reference_value(v, x_ref[m], w_ref[m])
        arr = np.array(groups.map(per_group).to_numpy(float), dtype=float)   # writable (pandas 3)
        if not np.isfinite(arr).any() or np.all(arr[np.isfinite(arr)] == 0):
            missing[v] = ("the reference value is 0: no unit of the reference territory has any"
                          if any(val == 0 for val in per_group.values()) else
                          "no value in the reference territory")
            del vals[v]
            continue
        arr[arr == 0] = np.nan       # a group whose reference is 0 cannot score this variable
        ref_arrays[v] = arr
        refs_out[v] = per_group[""] if not reference_by else {k: val for k, val in per_group.items()}
        if v in INCOME_VARS:
            methods[v] = INCOME_APPROXIMATION if wname else "median of the units' median incomes (unweighted)"
        elif wname:
            num_den = RATE_COUNTS.get(v)
            methods[v] = (f"sum({num_den[0]}) / sum({num_den[1]}) of the reference territory"
                          if num_den and wname == num_den[1] else
                          f"mean of the units weighted by {wname}")
        else:
            methods[v] = "unweighted mean of the units (no population to weight with)"
    if not vals:
        raise no_variable_error([c for c in frame.columns if c != "geometry"])

    # units without inhabitants get no score
    n = len(out)
    if population in out.columns:
        pop = pd.to_numeric(out[population], errors="coerce").to_numpy(float)
        unpopulated = np.isfinite(pop) & (pop <= 0)
    else:
        unpopulated = np.zeros(n, bool)
    pts = {}
    for v, x in vals.items():
        p = points(v, x, ref_arrays[v])
        p[unpopulated] = np.nan
        pts[v] = p
    if keep_points:
        for v in MEDNUM_VARIABLES:
            out[f"pts_{v}"] = pts.get(v, np.full(n, np.nan))

    def mean_of(names) -> np.ndarray:
        stack = [pts[v] for v in names if v in pts]
        if not stack:
            return np.full(n, np.nan)
        a = np.vstack(stack)
        cnt = np.isfinite(a).sum(axis=0)
        with np.errstate(invalid="ignore"):
            return np.where(cnt > 0, np.nansum(a, axis=0) / np.maximum(cnt, 1), np.nan)

    for axis, names in MEDNUM_AXES.items():
        out[axis] = mean_of(names)
    for axis, names in GLOBAL_AXES.items():
        out[axis] = mean_of(names)
    entered = np.vstack([np.isfinite(pts[v]) for v in MEDNUM_VARIABLES if v in pts])
    out["ifn_n_variables"] = entered.sum(axis=0).astype(np.int64)
    names_used = [v for v in MEDNUM_VARIABLES if v in pts]
    miss_unit = []
    for i in range(n):             # one short string per unit (a territory has a few thousand at most)
        if unpopulated[i]:
            miss_unit.append("no population")
        else:
            miss_unit.append(", ".join([v for v in MEDNUM_VARIABLES if v not in pts]
                                       + [v for k, v in enumerate(names_used) if not entered[k, i]]))
    out["ifn_missing"] = pd.Series(miss_unit, index=out.index, dtype=object)
    cls, breaks = equal_interval_class(out["ifn_global"].to_numpy(float))
    out["ifn_global_class"] = cls
    axes_null = {axis: "none of its variables is in the data (" + ", ".join(names) + ")"
                 for axis, names in MEDNUM_AXES.items() if not any(v in pts for v in names)}
    meta = {
        "method": "MedNum 2019 indice de fragilité numérique (first method)",
        "units": int(n),
        "units_scored": int(np.isfinite(out["ifn_global"].to_numpy(float)).sum()),
        "units_without_population": int(unpopulated.sum()),
        "variables_used": names_used,
        "variables_missing": {v: missing[v] for v in MEDNUM_VARIABLES if v in missing},
        "where_to_get_missing": {v: WHERE_FROM[v] for v in MEDNUM_VARIABLES if v in missing},
        "variables_from_counts": made,
        "axes_without_variable": axes_null,
        "references": refs_out,
        "references_method": methods,
        "references_source": ("given" if given and set(given) >= set(names_used) else
                              "given and computed" if given else "computed"),
        "reference_territory": (f"{'given units' if reference_units is not None else 'the units loaded'}"
                                + (f", grouped by {reference_by}" if reference_by else "")),
        "coefficients": {
            "coverage (thd_coverage, mobile_coverage)": "(1 - rate) / ref",
            "median_income": "(ref - value) / ref + 1",
            "public_services_per_capita": "max(0, 2 - ((value - ref) / ref + 1))",
            "other variables": "(value - ref) / ref + 1",
        },
        "points": "100 x coefficient",
        "axes": {k: list(v) for k, v in MEDNUM_AXES.items()},
        "global": "each axis, ifn_access (interfaces + information), ifn_skills (admin + digital) and "
                  "ifn_global (all) are the mean of the points of their variables present for the unit "
                  "(with the eleven variables: all points / 11, base 100, higher = more fragile)",
        "missing_values": "a variable absent or missing for a unit (INSEE secret, a median income of 0) is "
                          "left out of the means, never counted as 0; ifn_missing lists them per unit",
        "classes": "5 equal intervals between the territory's min and max ifn_global; a value on a "
                   "break goes to the upper class; 0 = not computable",
        "class_breaks": breaks,
        "n_incomplete": int((out["ifn_n_variables"].to_numpy() < len(MEDNUM_VARIABLES)).sum()),
    }
    return out, meta


def mednum_by_commune(units: pd.DataFrame, population: str = "population") -> tuple[pd.DataFrame, dict]:
    """Commune scores from scored IRIS: each score is the mean of the commune's IRIS scores weighted
    by their population (IRIS without a score or without inhabitants do not count); the classes are
    made again over the communes. Returns one row per ``code_insee`` and the metadata."""
    if "code_insee" not in units.columns:
        raise InputDataError("the scored units have no 'code_insee'", column="code_insee",
                             hint="the IRIS table needs the code of its commune")
    codes = units["code_insee"].astype(str).to_numpy()
    has_pop = population in units.columns
    w_all = (pd.to_numeric(units[population], errors="coerce").to_numpy(float) if has_pop
             else np.ones(len(units)))
    uniq, inv = np.unique(codes, return_inverse=True)
    res = pd.DataFrame({"code_insee": uniq})
    for f in SCORE_FIELDS:
        s = units[f].to_numpy(float)
        ok = np.isfinite(s) & np.isfinite(w_all) & (w_all > 0)
        num = np.bincount(inv, weights=np.where(ok, s * w_all, 0.0), minlength=len(uniq))
        den = np.bincount(inv, weights=np.where(ok, w_all, 0.0), minlength=len(uniq))
        with np.errstate(invalid="ignore", divide="ignore"):
            res[f] = np.where(den > 0, num / den, np.nan)
    res["ifn_n_units"] = np.bincount(inv, minlength=len(uniq)).astype(np.int64)
    scored = np.isfinite(units["ifn_global"].to_numpy(float))
    res["ifn_n_units_scored"] = np.bincount(inv, weights=scored.astype(float), minlength=len(uniq)).astype(np.int64)
    if has_pop:
        res[population] = np.bincount(inv, weights=np.nan_to_num(w_all), minlength=len(uniq))
    res["ifn_n_variables"] = (pd.Series(units["ifn_n_variables"].to_numpy()).groupby(inv).max()
                              .reindex(range(len(uniq))).fillna(0).astype(np.int64).to_numpy())
    miss = pd.Series(units["ifn_missing"].fillna("").astype(str).to_numpy()).groupby(inv).agg(
        lambda s: ", ".join(sorted({p.strip() for t in s for p in t.split(",") if p.strip()
                                    and p.strip() != "no population"})))
    res["ifn_missing"] = miss.reindex(range(len(uniq))).fillna("").to_numpy(dtype=object)
    cls, breaks = equal_interval_class(res["ifn_global"].to_numpy(float))
    res["ifn_global_class"] = cls
    meta = {"aggregation": f"population-weighted mean of the IRIS scores of each commune (weight: {population})"
            if has_pop else "mean of the IRIS scores of each commune (no population to weight with)",
            "communes": int(len(res)), "communes_scored": int(np.isfinite(res["ifn_global"]).sum()),
            "class_breaks": breaks}
    return res, meta


def mednum_references(frame: pd.DataFrame, given: dict | None = None) -> dict[str, float]:
    """The references :func:`mednum2019` would use over ``frame`` (one reference territory)."""
    return mednum2019(frame, references=given)[1]["references"]
