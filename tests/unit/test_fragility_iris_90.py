"""The MedNum index on the real IRIS of the Territoire de Belfort (INSEE RP2016 counts, Filosofi
2015 incomes, 123 IRIS), checked against an independent computation written here with the csv
module and plain Python: references = Σ numerators / Σ denominators over the populated IRIS, the
income reference = the population-weighted median of the IRIS medians, points = 100 × the method's
coefficients, each axis the mean of its variables present, a secret income left out.

Before: the index refused to run (five variables absent), then gave NULL everywhere, and took
unweighted means of the IRIS shares as references."""
from __future__ import annotations

import csv

import numpy as np
import pytest

from terridiag.plugin.core.indicators.fragility import mednum2019, mednum_by_commune
from terridiag.plugin.core.sources.census import read_fragility_inputs
from terridiag.plugin.core.sources.iris import join_census, read_iris

IFN90 = "territoire_90/iris_90_fragility_inputs_rp2016.csv"
IRIS90 = "territoire_90/iris_90_rp2016.geojson"
# variable -> (numerator column, denominator column) of the upstream file
SHARES = {"single_parent_share": ("C16_FAMMONO", "C16_FAM"),
          "one_person_household_share": ("C16_MENPSEUL", "C16_MEN"),
          "age_15_29_share": ("P16_POP1529", "P16_POP"),
          "age_65_plus_share": ("P16_POP65P", "P16_POP"),
          "low_diploma_share": ("P16_NSCOL15P_DIPLMIN", "P16_NSCOL15P")}
AXES = {"ifn_interfaces": ["median_income"],
        "ifn_information": ["single_parent_share", "one_person_household_share"],
        "ifn_admin": ["age_15_29_share"],
        "ifn_digital": ["age_65_plus_share", "low_diploma_share"]}


def oracle(path):
    """Scores per IRIS computed from the file with plain Python."""
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    f = lambda r, c: float(r[c]) if r[c] != "" else None  # noqa: E731
    populated = [r for r in rows if f(r, "P16_POP") and f(r, "P16_POP") > 0]
    refs = {}
    for var, (num, den) in SHARES.items():
        refs[var] = sum(f(r, num) for r in populated) / sum(f(r, den) for r in populated)
    incomes = sorted((f(r, "MED15_IRIS"), f(r, "P16_POP")) for r in populated if f(r, "MED15_IRIS"))
    half, acc = sum(w for _, w in incomes) / 2, 0.0
    for value, w in incomes:
        acc += w
        if acc >= half:
            refs["median_income"] = value
            break
    scores = {}
    for r in populated:
        pts = {}
        for var, (num, den) in SHARES.items():
            if f(r, den):
                pts[var] = 100 * ((f(r, num) / f(r, den) - refs[var]) / refs[var] + 1)
        income = f(r, "MED15_IRIS")
        if income:                    # 0 is INSEE secret: left out
            pts["median_income"] = 100 * ((refs["median_income"] - income) / refs["median_income"] + 1)
        s = {axis: (sum(pts[v] for v in vs if v in pts) / sum(1 for v in vs if v in pts)
                    if any(v in pts for v in vs) else None) for axis, vs in AXES.items()}
        s["ifn_global"] = sum(pts.values()) / len(pts)
        acc_vars = [v for v in AXES["ifn_interfaces"] + AXES["ifn_information"] if v in pts]
        s["ifn_access"] = sum(pts[v] for v in acc_vars) / len(acc_vars)
        s["n"] = len(pts)
        scores[r["IRIS"]] = (s, f(r, "P16_POP"), r["COM"])
    return refs, scores, rows


@pytest.fixture(scope="module")
def scored(shared_data):
    census, _ = read_fragility_inputs([shared_data / IFN90])
    iris, report = read_iris(shared_data / IRIS90)
    units = join_census(iris, census, report)
    out, meta = mednum2019(units)
    return out, meta, units


def test_every_populated_iris_is_scored_from_the_variables_present(shared_data, scored):
    out, meta, units = scored
    refs, scores, rows = oracle(shared_data / IFN90)
    assert len(out) == 123 and len(scores) == 121
    assert meta["units_scored"] == 121 and meta["units_without_population"] == 2
    t = out.set_index("code_iris")
    assert set(t.index[t["ifn_global"].notna()]) == set(scores)
    # the two IRIS without inhabitants (Alstom-Technopole, Salbert) have no score, and say why
    assert set(t.index[t["ifn_global"].isna()]) == {"900100205", "900100104"}
    assert (t.loc[["900100205", "900100104"], "ifn_missing"] == "no population").all()
    for code, (s, _pop, _com) in scores.items():
        for axis in ("ifn_interfaces", "ifn_information", "ifn_admin", "ifn_digital", "ifn_global", "ifn_access"):
            if s[axis] is None:
                assert np.isnan(t.loc[code, axis])
            else:
                assert t.loc[code, axis] == pytest.approx(s[axis], rel=1e-9), (code, axis)
        assert t.loc[code, "ifn_n_variables"] == s["n"]
    # Lamadeleine-Val-des-Anges: income 0 upstream = secret -> 5 variables, income listed as missing
    lam = t.loc["900610000"]
    assert lam.ifn_n_variables == 5 and "median_income" in lam.ifn_missing
    assert lam.ifn_interfaces != lam.ifn_interfaces        # NaN: its only variable here is missing
    assert np.isfinite(lam.ifn_global)


def test_references_are_population_weighted_ratios(shared_data, scored):
    out, meta, units = scored
    refs, _, rows = oracle(shared_data / IFN90)
    for var, value in refs.items():
        assert meta["references"][var] == pytest.approx(value, rel=1e-12), var
    assert meta["references_method"]["age_65_plus_share"] == \
        "sum(pop_65_plus) / sum(population) of the reference territory"
    assert "approximation" in meta["references_method"]["median_income"]
    # the unweighted mean of the IRIS shares (what the index did before) is off
    shares = [float(r["P16_POP65P"]) / float(r["P16_POP"]) for r in rows if float(r["P16_POP"]) > 0]
    assert abs(np.mean(shares) - refs["age_65_plus_share"]) > 0.01
    # which variables entered, which are missing and why, and where to get them
    assert meta["variables_used"] == ["median_income", "single_parent_share", "one_person_household_share",
                                      "age_15_29_share", "age_65_plus_share", "low_diploma_share"]
    assert sorted(meta["variables_missing"]) == sorted(["thd_coverage", "mobile_coverage", "poverty_rate",
                                                        "public_services_per_capita", "unemployment_rate"])
    assert "activite-residents" in meta["where_to_get_missing"]["unemployment_rate"]
    assert meta["axes_without_variable"] == {}
    # classes: five equal intervals over the IRIS scored
    g = out["ifn_global"].to_numpy(float)
    assert meta["class_breaks"][0] == pytest.approx(np.nanmin(g)) and meta["class_breaks"][-1] == pytest.approx(np.nanmax(g))
    assert set(out.loc[out["ifn_global"].notna(), "ifn_global_class"]) <= {1, 2, 3, 4, 5}


def test_communes_aggregate_their_iris_by_population(shared_data, scored):
    out, meta, units = scored
    _, scores, _ = oracle(shared_data / IFN90)
    com, cmeta = mednum_by_commune(out)
    by = {}
    for code, (s, pop, commune) in scores.items():
        by.setdefault(commune, []).append((s["ifn_global"], pop))
    assert len(com) == 101 and cmeta["communes_scored"] == 101
    t = com.set_index("code_insee")
    for commune, vals in by.items():
        expected = sum(g * p for g, p in vals) / sum(p for _, p in vals)
        assert t.loc[commune, "ifn_global"] == pytest.approx(expected, rel=1e-9), commune
    belfort = t.loc["90010"]
    assert belfort.ifn_n_units == 20 and belfort.ifn_n_units_scored == 18
    assert set(com["ifn_global_class"]) <= {1, 2, 3, 4, 5}


def test_reference_by_departement_equals_the_territory_here(scored):
    out, meta, units = scored
    units = units.assign(code_dep="90")
    again, meta2 = mednum2019(units, reference_by="code_dep")
    np.testing.assert_allclose(again["ifn_global"], out["ifn_global"], equal_nan=True)
    assert meta2["references"]["age_65_plus_share"] == {"90": pytest.approx(meta["references"]["age_65_plus_share"])}
    # a given official median replaces the approximation, and is said so
    again, meta3 = mednum2019(units, references={"median_income": 19500.0})
    assert meta3["references"]["median_income"] == 19500.0
    assert meta3["references_method"]["median_income"] == "given (REFERENCE)"


def test_diagnosis_supplies_thd_and_public_services_per_iris(shared_data):
    """The diagnosis adds the two variables it can compute: the THD coverage of each IRIS is its
    commune's ARCEP rate; the public services per inhabitant count the real OSM town halls (and the
    France Services) in each IRIS polygon."""
    import pandas as pd
    from shapely.geometry import Point

    from terridiag.plugin.core.indicators.diagnosis import run_diagnosis
    from terridiag.plugin.core.sources.communes import read_communes
    from terridiag.plugin.core.sources.connectivity import read_connectivity
    from terridiag.plugin.core.sources.osm import read_osm_services
    from terridiag.plugin.core.sources.services import read_france_services

    t90 = shared_data / "territoire_90"
    communes, _ = read_communes(t90 / "communes_90_admin-express-2018_simplifie.geojson")
    fs, _ = read_france_services(t90 / "france_services_90_20240801.csv")
    osm, _ = read_osm_services(t90 / "osm_sud_territoire_de_belfort_2011_josm.osm")
    services = pd.concat([fs, osm], ignore_index=True)
    conn, _ = read_connectivity(t90 / "arcep_maconnexioninternet_commune_debit_90_2022-12-31.csv")
    census, _ = read_fragility_inputs([shared_data / IFN90])
    iris, report = read_iris(shared_data / IRIS90)
    units = join_census(iris, census, report)
    got = {}
    out, meta = run_diagnosis(communes, None, services, connectivity=conn, population_vars=pd.DataFrame(
        units.drop(columns="geometry")), iris=iris, params={"fsca": False}, units_out=got)
    frag = meta["steps"]["fragility"]
    assert frag["level"] == "iris" and "thd_coverage" in frag["variables_used"]
    assert "public_services_per_capita" in frag["variables_used"]
    scored = got["iris"].set_index("code_iris")
    # THD: the commune's elig_thd30 / nbr, given to each of its IRIS
    with open(t90 / "arcep_maconnexioninternet_commune_debit_90_2022-12-31.csv", encoding="utf-8") as fh:
        rate = {r["code_insee"]: float(r["elig_thd30"]) / float(r["nbr"]) for r in csv.DictReader(fh)}
    for code, row in scored.iterrows():
        if row.code_insee in rate:
            assert row.thd_coverage == pytest.approx(rate[row.code_insee])
    # public services: places of the categories counted, one by one, in the IRIS polygons
    kept = services[services["category"].isin(["france_services", "townhall", "post_office"])]
    polys = iris.set_index("code_iris").geometry
    expected = {c: 0 for c in polys.index}
    for x, y in zip(kept["x"], kept["y"]):
        for code, poly in polys.items():
            if poly.contains(Point(x, y)):
                expected[code] += 1
                break
    assert sum(expected.values()) > 4                          # town halls of the OSM extract + France Services
    for code, n in expected.items():
        assert scored.loc[code, "public_services"] == n
    assert set(frag["derived_variables"]) >= {"thd_coverage", "public_services_per_capita"}
    assert scored["ifn_n_variables"].max() == 8
