"""Connectivity: ARCEP shares by hand and on the real Territoire de Belfort file, mobile sites
per commune against the file's own commune codes, good mobile coverage shares."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

gpd = pytest.importorskip("geopandas")
from shapely.geometry import box  # noqa: E402

from terridiag.plugin.core.errors import InputDataError  # noqa: E402
from terridiag.plugin.core.indicators.connectivity import (  # noqa: E402
    fixed_connectivity, good_mobile_coverage, mobile_sites_by_commune)


def test_fixed_shares_by_hand():
    c = pd.DataFrame({"code_insee": ["01001", "01002", "01003"], "premises": [200.0, 50.0, 0.0],
                      "elig_ftth": [150.0, np.nan, 0.0], "elig_thd30": [180.0, 10.0, 0.0],
                      "elig_thd100": [150.0, 5.0, 0.0], "elig_thd1g": [100.0, 0.0, 0.0],
                      "elig_bhd8": [190.0, 20.0, 0.0], "inel_hd": [0.0, 20.0, 0.0]})
    t = fixed_connectivity(c).set_index("code_insee")
    # 01001: 150/200, 180/200, 150/200, 100/200, (200-190)/200
    assert list(t.loc["01001", ["share_ftth", "share_thd30", "share_thd100", "share_thd1g", "share_no_bhd"]]) \
        == [0.75, 0.9, 0.75, 0.5, 0.05]
    # 01002: no FttH figure -> NaN (not 0) ; (50-20)/50 = 0.6 without good broadband
    assert np.isnan(t.loc["01002", "share_ftth"]) and t.loc["01002", "share_no_bhd"] == 0.6
    # no premises -> NaN shares
    assert t.loc["01003"].drop("premises").isna().all()
    with pytest.raises(InputDataError):
        fixed_connectivity(pd.DataFrame({"code_insee": ["1"]}))


def test_fixed_shares_duplicated_codes_are_summed():
    c = pd.DataFrame({"code_insee": ["90068", "90068"], "premises": [100.0, 300.0],
                      "elig_thd30": [50.0, 250.0], "elig_bhd8": [100.0, 280.0]})
    t = fixed_connectivity(c)
    # (50 + 250) / 400 = 0.75 ; (400 - 380) / 400 = 0.05
    assert len(t) == 1 and t.share_thd30[0] == 0.75 and t.share_no_bhd[0] == pytest.approx(0.05)


def test_real_arcep_file_belfort(shared_data):
    raw = pd.read_csv(shared_data / "territoire_90" / "arcep_maconnexioninternet_commune_debit_90_2022-12-31.csv",
                      dtype={"code_insee": str})
    c = raw.rename(columns={"nbr": "premises"})
    t = fixed_connectivity(c).set_index("code_insee")
    assert len(t) == 101
    # Andelnans 90001: 599 premises, 558 at >= 100 Mbit/s, all 599 at >= 8 Mbit/s
    assert t.loc["90001", "share_thd100"] == pytest.approx(558 / 599)
    assert t.loc["90001", "share_no_bhd"] == 0
    assert t["share_thd30"].between(0, 1).all()


def _squares():
    # two communes: 10 km x 10 km (100 km², pop 2000) and 10 km x 5 km (50 km², pop 500)
    return gpd.GeoDataFrame({"code_insee": ["A", "B"], "population": [2000.0, 500.0]},
                            geometry=[box(0, 0, 10000, 10000), box(10000, 0, 20000, 5000)], crs=2154)


def test_mobile_sites_by_hand():
    sites = pd.DataFrame({"operator": ["o", "f", "s", "b", "o"],
                          "x": [1000.0, 1000.0, 15000.0, 15000.0, 50000.0],
                          "y": [1000.0, 1000.0, 1000.0, 2000.0, 0.0],
                          "has_2g": [True, True, True, False, True],
                          "has_4g": [True, False, True, True, True]})
    t = mobile_sites_by_commune(sites, _squares()).set_index("code_insee")
    # A: two 2G and one 4G sites; 100 km² -> 0.02 2G/km² ; 2000 inh -> 1 2G site per 1,000
    assert t.loc["A", "n_sites_2g"] == 2 and t.loc["A", "n_sites_4g"] == 1
    assert t.loc["A", "sites_2g_per_km2"] == pytest.approx(0.02)
    assert t.loc["A", "sites_2g_per_1000"] == pytest.approx(1.0)
    # B: one 2G, two 4G; 50 km², 500 inh -> 0.04 4G/km², 4 4G sites per 1,000
    assert t.loc["B", "sites_4g_per_km2"] == pytest.approx(0.04)
    assert t.loc["B", "sites_4g_per_1000"] == pytest.approx(4.0)
    assert "sites_3g_per_km2" not in t.columns            # generation absent from the file
    assert mobile_sites_by_commune(sites, _squares()).attrs["sites_outside"] == 1


def test_real_mobile_sites_match_file_commune_codes(shared_data):
    d = shared_data / "territoire_90"
    communes = gpd.read_file(d / "communes_90_admin-express-2018_simplifie.geojson").to_crs(2154)
    communes = communes.rename(columns={"code": "code_insee"})
    raw = pd.read_csv(d / "sites_mobiles_2G_3G_4G_90_2018-01.csv", dtype={"code_insee_2018": str})
    sites = pd.DataFrame({"x": raw.x_l93.astype(float), "y": raw.y_l93.astype(float),
                          "has_2g": raw["2G"] == 1, "has_4g": raw["4G"] == 1})
    t = mobile_sites_by_commune(sites, communes).set_index("code_insee")
    expected = raw[raw["4G"] == 1].groupby("code_insee_2018").size()
    got = t["n_sites_4g"]
    assert got.sum() == len(raw[raw["4G"] == 1]) == expected.sum()
    # the file's commune codes were derived from the same polygons: identical counts
    pd.testing.assert_series_equal(got[got > 0].astype(int).sort_index(), expected.sort_index(),
                                   check_names=False, check_index_type=False)


def test_good_mobile_coverage_shares():
    cov = gpd.GeoDataFrame({"niveau": ["TBC", "BC", "CL"]},
                           geometry=[box(0, 0, 5000, 10000), box(5000, 0, 7000, 10000),
                                     box(7000, 0, 20000, 10000)], crs=2154)
    addr = pd.DataFrame({"code_insee": ["A", "A", "A", "A", "B"],
                         "x": [1000.0, 6000.0, 8000.0, 9000.0, 15000.0],
                         "y": [500.0, 500.0, 500.0, 500.0, 500.0]})
    t = good_mobile_coverage(addr, cov, population={"A": 400.0, "B": 10.0}).set_index("code_insee")
    # A: addresses in TBC and BC (2 of 4) -> 0.5 ; the CL ones do not count ; B: 0
    assert t.loc["A", "share_good_mobile"] == 0.5 and t.loc["B", "share_good_mobile"] == 0
    assert t.loc["A", "pop_good_mobile"] == 200.0
    with pytest.raises(InputDataError, match="niveau"):
        good_mobile_coverage(addr, cov.drop(columns=["niveau"]))
