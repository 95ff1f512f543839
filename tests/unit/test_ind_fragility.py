"""Fragility indices: MedNum 2019 worked examples computed by hand from the method in
DATA_SOURCES.md, IFN decile scores, custom composites, reference files."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from terridiag.plugin.core.errors import InputDataError, InputFormatError, ParameterError
from terridiag.plugin.core.indicators.fragility import (
    custom_composite, equal_interval_class, ifn5, mednum2019, read_reference_csv)
from terridiag.plugin.core.schema import IFN_VARIABLES, MEDNUM_VARIABLES

REFS = {"thd_coverage": 0.8, "mobile_coverage": 0.9, "poverty_rate": 0.15, "median_income": 20000,
        "single_parent_share": 0.10, "one_person_household_share": 0.35,
        "public_services_per_capita": 0.002, "unemployment_rate": 0.10, "age_15_29_share": 0.16,
        "age_65_plus_share": 0.20, "low_diploma_share": 0.30}


def _communes():
    a = dict(thd_coverage=0.6, mobile_coverage=0.9, poverty_rate=0.18, median_income=18000,
             single_parent_share=0.12, one_person_household_share=0.35, public_services_per_capita=0.001,
             unemployment_rate=0.08, age_15_29_share=0.12, age_65_plus_share=0.30, low_diploma_share=0.45)
    b = dict(REFS)  # exactly the reference values
    c = dict(thd_coverage=1.0, mobile_coverage=1.0, poverty_rate=0.30, median_income=30000,
             single_parent_share=0.05, one_person_household_share=0.70, public_services_per_capita=0.005,
             unemployment_rate=0.20, age_15_29_share=0.16, age_65_plus_share=0.10, low_diploma_share=0.15)
    df = pd.DataFrame([a, b, c])
    df.insert(0, "code_insee", ["90001", "90002", "90003"])
    return df


def test_mednum2019_worked_example_explicit_references():
    out, meta = mednum2019(_communes(), references=REFS, keep_points=True)
    a, b, c = (out.iloc[k] for k in range(3))
    # Commune A, points = 100 x coefficient:
    #  thd (1-0.6)/0.8 = 0.5 -> 50 ; mobile (1-0.9)/0.9 = 0.1111 -> 11.111
    #  poverty 0.18/0.15 = 1.2 -> 120 ; income (20000-18000)/20000 + 1 = 1.1 -> 110
    #  interfaces = (50 + 11.111 + 120 + 110) / 4 = 291.111 / 4 = 72.778
    assert a.pts_thd_coverage == pytest.approx(50)
    assert a.pts_mobile_coverage == pytest.approx(11.1111, abs=1e-3)
    assert a.ifn_interfaces == pytest.approx(291.1111 / 4, abs=1e-3)
    #  single parent 0.12/0.10 -> 120 ; one person 0.35/0.35 -> 100 ;
    #  services max(0, 2 - 0.001/0.002) = 1.5 -> 150 ; information = 370 / 3 = 123.333
    assert a.pts_public_services_per_capita == pytest.approx(150)
    assert a.ifn_information == pytest.approx(370 / 3)
    #  access = (291.111 + 370) / 7 = 94.444
    assert a.ifn_access == pytest.approx(661.1111 / 7, abs=1e-3)
    #  unemployment 0.08/0.10 -> 80 ; 15-29 0.12/0.16 -> 75 ; admin = 155 / 2 = 77.5
    assert a.ifn_admin == pytest.approx(77.5)
    #  65+ 0.30/0.20 -> 150 ; low diploma 0.45/0.30 -> 150 ; digital = 150
    assert a.ifn_digital == pytest.approx(150)
    #  skills = (155 + 300) / 4 = 113.75 ; global = (661.111 + 455) / 11 = 101.465
    assert a.ifn_skills == pytest.approx(113.75)
    assert a.ifn_global == pytest.approx(1116.1111 / 11, abs=1e-3)
    # Commune B = the references: every "ratio" variable gives 100; coverage gives
    #  thd (1-0.8)/0.8 = 25, mobile 0.1/0.9 = 11.111 -> interfaces (25+11.111+100+100)/4 = 59.028
    #  information 100, admin 100, digital 100, global (236.111 + 300 + 400)/11 = 85.101
    assert b.ifn_interfaces == pytest.approx(236.1111 / 4, abs=1e-3)
    assert b.ifn_information == pytest.approx(100) and b.ifn_admin == pytest.approx(100)
    assert b.ifn_global == pytest.approx(936.1111 / 11, abs=1e-3)
    # Commune C: thd 0, mobile 0, poverty 200, income (20000-30000)/20000+1 = 0.5 -> 50
    #  interfaces 250/4 = 62.5 ; single 50, one person 200, services max(0, 2-2.5) = 0
    #  information 250/3 ; access 500/7 ; admin (200+100)/2 = 150 ; digital (50+50)/2 = 50
    #  skills 400/4 = 100 ; global 900/11 = 81.818
    assert c.pts_public_services_per_capita == 0
    assert c.ifn_interfaces == pytest.approx(62.5)
    assert c.ifn_access == pytest.approx(500 / 7)
    assert c.ifn_admin == pytest.approx(150) and c.ifn_digital == pytest.approx(50)
    assert c.ifn_global == pytest.approx(900 / 11)
    # classes: min 81.818 (C), max 101.465 (A), width 3.929; B at (85.101-81.818)/3.929 = 0.84 -> 1
    assert list(out.ifn_global_class) == [5, 1, 1]
    assert meta["references"]["median_income"] == 20000
    assert meta["references_source"] == "given"
    assert list(out.columns[:2]) == ["code_insee", "thd_coverage"]   # input fields kept


def test_mednum2019_computed_references():
    df = _communes().iloc[[0, 2]].reset_index(drop=True)
    out, meta = mednum2019(df, keep_points=True)
    refs = meta["references"]
    # poverty: mean(0.18, 0.30) = 0.24 -> points 75 and 125
    assert refs["poverty_rate"] == pytest.approx(0.24)
    np.testing.assert_allclose(out.pts_poverty_rate, [75, 125])
    # income: median(18000, 30000) = 24000 -> (24000-18000)/24000+1 = 1.25 -> 125 ; 0.75 -> 75
    assert refs["median_income"] == pytest.approx(24000)
    np.testing.assert_allclose(out.pts_median_income, [125, 75])
    # thd: ref mean 0.8 -> (1-0.6)/0.8 = 50 and (1-1)/0.8 = 0
    np.testing.assert_allclose(out.pts_thd_coverage, [50, 0])
    # services: ref 0.003 -> max(0, 2 - 1/3) = 1.6667 -> 166.67 ; max(0, 2 - 5/3) = 0.3333 -> 33.33
    np.testing.assert_allclose(out.pts_public_services_per_capita, [500 / 3, 100 / 3])
    # two communes: one is the min (class 1), the other the max (class 5)
    assert sorted(out.ifn_global_class) == [1, 5]


def test_mednum_missing_value_is_left_out_not_zero():
    df = _communes()
    df.loc[1, "poverty_rate"] = np.nan                        # secret for commune B
    out, meta = mednum2019(df, references=REFS, keep_points=True)
    # B equals the references: thd 25, mobile 11.111, income 100 -> interfaces = mean of the three present
    assert out.ifn_interfaces[1] == pytest.approx((25 + 100 / 9 + 100) / 3)
    assert np.isnan(out.pts_poverty_rate[1])
    # global = mean of the ten points present: (25 + 11.111 + 100 + 7 x 100) / 10
    assert out.ifn_global[1] == pytest.approx((25 + 100 / 9 + 800) / 10)
    assert out.ifn_information[1] == pytest.approx(100)
    assert out.ifn_n_variables.tolist() == [11, 10, 11]
    assert out.ifn_missing.tolist() == ["", "poverty_rate", ""]
    assert out.ifn_global_class[1] > 0 and meta["n_incomplete"] == 1
    assert meta["variables_missing"] == {}                  # the variable itself is in the data
    # a median income of 0 is INSEE secret, not a real 0 (it would score 200)
    df = _communes()
    df.loc[2, "median_income"] = 0
    out, meta = mednum2019(df, references=REFS, keep_points=True)
    assert np.isnan(out.pts_median_income[2]) and out.ifn_missing[2] == "median_income"
    assert out.ifn_interfaces[2] == pytest.approx((0 + 0 + 200) / 3)
    bad = _communes()
    bad["poverty_rate"] = bad["poverty_rate"] * 100           # percentages instead of fractions
    with pytest.raises(InputDataError, match="fractions"):
        mednum2019(bad)
    with pytest.raises(ParameterError, match="zero"):
        mednum2019(_communes(), references={"poverty_rate": 0})


def test_mednum_missing_variables_axes_and_global():
    # the five variables absent from the IRIS file of 90: thd, mobile, poverty, unemployment, services
    gone = ["thd_coverage", "mobile_coverage", "poverty_rate", "unemployment_rate", "public_services_per_capita"]
    df = _communes().drop(columns=gone)
    out, meta = mednum2019(df, references=REFS, keep_points=True)
    a = out.iloc[0]
    # A: income 110 alone in interfaces; information (120 + 100) / 2; admin 75 alone; digital 150
    assert a.ifn_interfaces == pytest.approx(110)
    assert a.ifn_information == pytest.approx(110)
    assert a.ifn_admin == pytest.approx(75)
    assert a.ifn_digital == pytest.approx(150)
    assert a.ifn_access == pytest.approx((110 + 120 + 100) / 3)
    assert a.ifn_skills == pytest.approx((75 + 150 + 150) / 3)
    assert a.ifn_global == pytest.approx((110 + 120 + 100 + 75 + 150 + 150) / 6)
    assert meta["variables_used"] == ["median_income", "single_parent_share", "one_person_household_share",
                                      "age_15_29_share", "age_65_plus_share", "low_diploma_share"]
    assert sorted(meta["variables_missing"]) == sorted(gone)
    assert set(meta["variables_missing"].values()) == {"absent from the data"}
    assert "Filosofi" in meta["where_to_get_missing"]["poverty_rate"]
    assert meta["axes_without_variable"] == {}
    assert out.ifn_missing[0] == ", ".join(v for v in MEDNUM_VARIABLES if v in gone)
    # an axis with no variable at all is NULL and says why
    out, meta = mednum2019(df.drop(columns=["age_15_29_share"]), references=REFS)
    assert out.ifn_admin.isna().all() and "unemployment_rate" in meta["axes_without_variable"]["ifn_admin"]
    assert out.ifn_skills.notna().all()
    # nothing at all: a refusal that says where the data comes from
    with pytest.raises(InputDataError, match="none of the eleven") as e:
        mednum2019(pd.DataFrame({"code_insee": ["1"], "x": [1.0]}))
    assert "import_census" in str(e.value) and "Filosofi" in str(e.value)


def test_equal_interval_classes():
    # min 0, max 100, width 20: 0 -> 1, 10 -> 1, 20 (on a break) -> 2, 50 -> 3, 79.9 -> 4, 100 -> 5
    cls, breaks = equal_interval_class(np.array([0, 10, 20, 50, 79.9, 100, np.nan]))
    assert list(cls) == [1, 1, 2, 3, 4, 5, 0]
    assert breaks == [0, 20, 40, 60, 80, 100]
    cls, _ = equal_interval_class(np.array([3.0, 3.0]))
    assert list(cls) == [3, 3]


def test_ifn5_decile_scores_and_weights():
    # reference: ten units with values 0.1 … 1.0 for every variable; numpy linear deciles
    # D_k = 0.1 + 0.9 k / 10 -> 0.19, 0.28, …, 0.91
    ref = pd.DataFrame({v: np.arange(1, 11) / 10 for v in IFN_VARIABLES})
    df = pd.DataFrame({"code_insee": ["a", "b", "c"],
                       "thd_non_coverage": [0.10, 0.25, 1.00],      # 0 / 1 / 9 breaks below -> 1, 2, 10
                       "mobile_4g_non_coverage": [0.20, 0.50, 0.95],  # 1 / 4 (.19 .28 .37 .46) / 9 -> 2, 5, 10
                       "age_65_plus_share": [0.0, 0.30, 0.90],        # 0 / 2 / 8 (.19 … .82; .91 not below) -> 1, 3, 9
                       "low_diploma_share": [0.15, 0.15, 0.15],       # below D1 -> 1
                       "poverty_rate": [0.60, 0.60, 0.60]})           # 0.19..0.55 below -> 5 -> 6
    out, meta = ifn5(df, reference=ref)
    assert list(out.ifn5_thd_non_coverage) == [1, 2, 10]
    assert list(out.ifn5_mobile_4g_non_coverage) == [2, 5, 10]
    assert list(out.ifn5_age_65_plus_share) == [1, 3, 9]
    assert list(out.ifn5_low_diploma_share) == [1, 1, 1]
    assert list(out.ifn5_poverty_rate) == [6, 6, 6]
    # equal weights: a = (1+2+1+1+6)/5 = 2.2 ; b = (2+5+3+1+6)/5 = 3.4 ; c = (10+10+9+1+6)/5 = 7.2
    np.testing.assert_allclose(out.ifn5_score, [2.2, 3.4, 7.2])
    assert list(out.ifn5_class) == [2, 2, 4]                           # ceil(score / 2)
    np.testing.assert_allclose(meta["decile_breaks"]["poverty_rate"], 0.1 + 0.09 * np.arange(1, 10))
    # poverty weighted 3: a = (1+2+1+1+18)/7 = 23/7
    out2, meta2 = ifn5(df, weights={"poverty_rate": 3}, reference=ref)
    assert out2.ifn5_score[0] == pytest.approx(23 / 7)
    assert meta2["weights"]["poverty_rate"] == 3
    with pytest.raises(ParameterError):
        ifn5(df, weights={"nope": 1})


def test_custom_composite_minmax_and_zscore():
    df = pd.DataFrame({"a": [0.0, 5.0, 10.0], "b": [1.0, 2.0, 3.0]})
    ind = {"a": ("higher_is_worse", 1), "b": ("higher_is_better", 3)}
    out, meta = custom_composite(df, ind)
    # a -> 0, .5, 1 ; b -> 0, .5, 1 flipped to 1, .5, 0 ; 100 (1 a + 3 b) / 4 = 75, 50, 25
    np.testing.assert_allclose(out.composite_score, [75, 50, 25])
    out, meta = custom_composite(df, ind, normalisation="zscore")
    # z(a) = (-1.2247, 0, 1.2247) ; z(b) flipped = (1.2247, 0, -1.2247) ; (z_a + 3 z_b)/4
    z = np.sqrt(1.5)
    np.testing.assert_allclose(out.composite_score, [z / 2, 0, -z / 2])
    assert meta["indicators"]["b"] == {"direction": "higher_is_better", "weight": 3.0}
    with pytest.raises(ParameterError):
        custom_composite(df, {"a": ("up", 1)})
    with pytest.raises(InputDataError):
        custom_composite(df, {"zz": ("higher_is_worse", 1)})


def test_reference_csv(tmp_path):
    p = tmp_path / "ref.csv"
    p.write_text("variable;value\npoverty_rate;0,145\nmedian_income;21 500\n", encoding="utf-8")
    assert read_reference_csv(p) == {"poverty_rate": 0.145, "median_income": 21500.0}
    p2 = tmp_path / "bad.csv"
    p2.write_text("variable,value\npoverty_rate,0.1\nmedian_income,lots\n", encoding="utf-8")
    with pytest.raises(InputFormatError) as e:
        read_reference_csv(p2)
    assert e.value.line == 3 and "lots" in str(e.value)
    p3 = tmp_path / "hdr.csv"
    p3.write_text("name,val\nx,1\n", encoding="utf-8")
    with pytest.raises(InputFormatError, match="header"):
        read_reference_csv(p3)


def test_all_mednum_variables_are_used():
    # every one of the eleven variables moves ifn_global: raising any "ratio" variable of B by 10 %
    # adds 10 points / 11 (or removes them for income and services; coverage moves by 100*0.08/0.8)
    base, _ = mednum2019(_communes(), references=REFS)
    for v in MEDNUM_VARIABLES:
        df = _communes()
        df.loc[1, v] = df.loc[1, v] * 1.1
        out, _ = mednum2019(df, references=REFS)
        assert out.ifn_global[1] != pytest.approx(base.ifn_global[1]), v
