"""The fast paths of the coverage statistics give what the plain ones give: quantiles selected in
bins (core.indicators.quantiles) against the sorting method and pandas, the demand's integer
grouping against grouping its code strings."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from terridiag.plugin.core.indicators import coverage as cv
from terridiag.plugin.core.indicators.demand import Demand, build_demand
from terridiag.plugin.core.indicators.quantiles import binned_weighted_quantiles


@pytest.mark.parametrize("seed", range(12))
def test_binned_quantiles_equal_the_sorting_method(seed):
    rng = np.random.default_rng(seed)
    n, groups = int(rng.integers(50, 30_000)), int(rng.integers(1, 400))
    g = rng.integers(0, groups, n)
    v = [rng.gamma(2, 1500, n), rng.uniform(-50, 50, n), np.r_[rng.normal(0, 1, n - 1), 1e6],
         np.full(n, 3.0)][seed % 4]
    w = [rng.uniform(0, 5, n), np.ones(n), np.where(rng.random(n) < 0.3, 0.0, rng.integers(1, 4, n) * 1.0)][seed % 3]
    ref = cv._weighted_quantiles(g, v, w, groups, (0.5, 0.9))
    got = binned_weighted_quantiles(g, v, w, groups, (0.5, 0.9))
    assert got is not None
    for k in ref:
        np.testing.assert_allclose(got[k], ref[k], rtol=1e-9, atol=1e-9 * max(1.0, float(np.abs(v).max())))


def test_group_stats_on_a_million_values_equal_pandas():
    rng = np.random.default_rng(3)
    n, groups = 1_000_000, 500
    g = rng.integers(0, groups, n)
    v = rng.gamma(2, 1500, n)
    v[rng.random(n) < 0.01] = np.inf               # unreachable
    v[rng.random(n) < 0.01] = np.nan               # unknown
    st = cv.group_stats(g, groups, v, thresholds=[5000.0])
    df = pd.DataFrame({"g": g, "v": v})
    fin = df[np.isfinite(df.v)]
    np.testing.assert_allclose(st["q50"], fin.groupby("g").v.quantile(0.5).to_numpy(), rtol=1e-12)
    np.testing.assert_allclose(st["q90"], fin.groupby("g").v.quantile(0.9).to_numpy(), rtol=1e-12)
    np.testing.assert_allclose(st["mean"], fin.groupby("g").v.mean().to_numpy(), rtol=1e-12)
    known = df[df.v.notna()]
    np.testing.assert_allclose(st["share_5000.0"], (known.v <= 5000).groupby(known.g).mean().to_numpy(), rtol=1e-12)
    np.testing.assert_array_equal(st["n_known"], known.groupby("g").size().to_numpy())


def test_weighted_group_stats_with_equal_weights_per_group_equal_the_plain_ones():
    rng = np.random.default_rng(5)
    n, groups = 400_000, 300
    g = rng.integers(0, groups, n)
    v = rng.gamma(2, 1500, n)
    w = rng.uniform(1, 9, groups)[g]                 # a commune's population spread evenly
    a = cv.group_stats(g, groups, v, thresholds=[5000.0], weights=w, weighted=True)
    b = cv.group_stats(g, groups, v, thresholds=[5000.0])
    for k in ("mean", "q50", "q90", "share_5000.0"):
        np.testing.assert_allclose(a[k], b[k], rtol=1e-9)


def test_demand_grouping_equals_grouping_the_codes():
    import geopandas as gpd
    from shapely.geometry import box
    rng = np.random.default_rng(7)
    codes = ["90010", "90011", "2A004", "90012", "90013"]
    communes = gpd.GeoDataFrame({"code_insee": codes, "population": [100, 50, 30, 0, 20]},
                                geometry=[box(i, 0, i + 1, 1) for i in range(5)], crs=2154)
    k = rng.integers(0, 4, 5000)
    cat = pd.Categorical.from_codes(k, ["90011", "2A004", "90010", "99999"])   # 99999: outside
    addr = pd.DataFrame({"code_insee": cat, "x": rng.uniform(0, 3, 5000), "y": rng.uniform(0, 1, 5000)})
    for frame in (addr, addr.assign(code_insee=addr["code_insee"].astype(str))):
        d = build_demand(communes, frame)
        groups, labels, source = d.grouped()
        plain = Demand(code=d.code, x=d.x, y=d.y, weight=d.weight, source=d.source, meta=d.meta)
        g2, l2, s2 = plain.grouped()                 # the string-grouping path
        np.testing.assert_array_equal(groups, g2)
        assert list(labels) == list(l2) and list(source) == list(s2)
        assert d.meta["addresses_outside_communes"] == int((k == 3).sum())
        assert d.meta["codes_outside_communes"] == ["99999"]
        assert d.meta["by_source"]["addresses"]["communes"] == 3
        assert d.meta["by_source"]["commune"]["communes"] == 2
        # a commune's population spread evenly over its addresses
        n10 = int((k == 2).sum())
        np.testing.assert_allclose(d.weight[d.code == "90010"], 100 / n10)


def test_territory_figures_computed_beside_the_communes_equal_the_plain_ones(monkeypatch):
    """From PARALLEL_STATS_MIN points the territory's statistics run on a second thread while the
    communes' are computed: the same figures as computed one after the other, and an error there
    is the run's error."""
    rng = np.random.default_rng(11)
    n = cv.PARALLEL_STATS_MIN + 5000
    addr = pd.DataFrame({"code_insee": rng.choice(["90001", "90002", "90003"], n),
                         "x": rng.uniform(0, 3e4, n), "y": rng.uniform(0, 3e4, n)})
    svc = pd.DataFrame({"x": rng.uniform(0, 3e4, 40), "y": rng.uniform(0, 3e4, 40)})
    pop = {"90001": 1000.0, "90002": 500.0, "90003": 20.0}
    table, dist, w = cv.coverage_by_commune(addr, svc, thresholds_km=(2, 5), population=pop, return_distances=True)
    plain = cv.territory_stats(dist, [2000.0, 5000.0], w)
    terr = table.attrs["coverage"]["territory"]
    assert terr["dist_median_m"] == plain["q50"] and terr["dist_p90_m"] == plain["q90"]
    assert terr["dist_mean_m"] == plain["mean"] and terr["share_within_5km"] == plain["share_5000.0"]
    monkeypatch.setattr(cv, "territory_stats", lambda *a: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        cv.coverage_by_commune(addr, svc, thresholds_km=(2, 5), population=pop)
