"""Crow-flies coverage: hand-checked distances and per-commune statistics, and equality with a
brute-force / pandas computation on random data."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from terridiag.plugin.core.errors import InputDataError, ParameterError
from terridiag.plugin.core.indicators.coverage import (
    address_distances, coverage_by_commune, group_stats, nearest_distance, territory_summary)


def _services():
    # two services: A at the origin, B at (10 km, 0)
    return pd.DataFrame({"category": ["france_services", "library"], "x": [0.0, 10000.0],
                         "y": [0.0, 0.0], "capacity": [1.0, 1.0]})


def _addresses():
    # commune 01001: three addresses at 3 km, 4 km (3-4-5 triangle: 5 km) and 1 km from A
    # commune 01002: two addresses, 2 km and 7 km from B (B is nearer than A for both)
    return pd.DataFrame({
        "code_insee": ["01001", "01001", "01001", "01002", "01002"],
        "x": [3000.0, 3000.0, 0.0, 8000.0, 10000.0],
        "y": [0.0, 4000.0, 1000.0, 0.0, 7000.0],
    })


def test_nearest_distance_hand_values():
    a = _addresses()
    s = _services()
    d, i = nearest_distance(a.x, a.y, s.x, s.y)
    # (3000,0): A 3000, B 7000 -> 3000/A ; (3000,4000): A 5000, B sqrt(7000²+4000²)=8062 -> 5000/A
    # (0,1000): A 1000 ; (8000,0): B 2000 ; (10000,7000): B 7000, A sqrt(1e8+4.9e7)=12207 -> 7000/B
    np.testing.assert_allclose(d, [3000, 5000, 1000, 2000, 7000])
    np.testing.assert_array_equal(i, [0, 0, 0, 1, 1])


def test_nearest_distance_equals_brute_force_and_chunks():
    rng = np.random.default_rng(1)
    ax, ay = rng.uniform(0, 1e5, 5000), rng.uniform(0, 1e5, 5000)
    sx, sy = rng.uniform(0, 1e5, 37), rng.uniform(0, 1e5, 37)
    full = np.hypot(ax[:, None] - sx[None], ay[:, None] - sy[None])
    d, i = nearest_distance(ax, ay, sx, sy, chunk=777)   # several chunks
    np.testing.assert_allclose(d, full.min(axis=1), rtol=0, atol=1e-6)
    np.testing.assert_array_equal(i, full.argmin(axis=1))


@pytest.mark.parametrize("kind", ["uniform", "integer_ties", "duplicates_and_nan", "one_place"])
def test_grid_cells_give_the_kd_tree_answer_to_the_last_bit(kind):
    """From GRID_MIN points the grid of squares settles most points: every distance and index equals
    scipy's cKDTree query bit for bit, ties (integer coordinates), services at one place and NaN
    included."""
    from scipy.spatial import cKDTree

    from terridiag.plugin.core.indicators import coverage as cov
    rng = np.random.default_rng(7)
    n, m = cov.GRID_MIN + 12_345, 900
    if kind == "uniform":
        ax, ay = rng.uniform(6e5, 7e5, n), rng.normal(6.8e6, 2e4, n)
        sx, sy = rng.uniform(6e5, 7e5, m), rng.uniform(6.75e6, 6.85e6, m)
    elif kind == "integer_ties":
        ax, ay = (rng.integers(-500, 500, n).astype(float) for _ in range(2))
        sx, sy = (rng.integers(-500, 500, m).astype(float) * 2 for _ in range(2))
    elif kind == "duplicates_and_nan":
        ax, ay = rng.normal(0, 1, n), rng.normal(0, 1, n)
        ax[rng.integers(0, n, 50)] = np.nan
        sx, sy = np.repeat(rng.normal(0, 1, m // 2), 2), np.repeat(rng.normal(0, 1, m // 2), 2)
        sx[3] = np.nan
    else:
        ax, ay = rng.uniform(0, 1e4, n), rng.uniform(0, 1e4, n)
        sx, sy = np.full(5, 5e3), np.full(5, 5e3)
    d, i = nearest_distance(ax, ay, sx, sy)
    keep = np.flatnonzero(np.isfinite(sx) & np.isfinite(sy))
    fin = np.isfinite(ax) & np.isfinite(ay)
    d0, i0 = cKDTree(np.column_stack([sx[keep], sy[keep]])).query(
        np.column_stack([np.where(fin, ax, 0), np.where(fin, ay, 0)]))
    np.testing.assert_array_equal(d, np.where(fin, d0, np.nan))
    np.testing.assert_array_equal(i, np.where(fin, keep[i0], -1))
    if kind == "uniform":    # and the grid did the work: most points never met the tree
        dist, idx = np.empty(n), np.empty(n, dtype=np.int64)
        rest = cov._grid_nearest(ax, ay, cKDTree(np.column_stack([sx, sy])), dist, idx, -1)
        assert len(rest) < n / 10       # settled squares, then the few services nearest a square
        some = np.setdiff1d(np.arange(n), rest)[::5]
        dx, dy = ax[some, None] - sx[None], ay[some, None] - sy[None]
        brute = np.sqrt(dx * dx + dy * dy)          # what the tree computes (np.hypot rounds otherwise)
        np.testing.assert_array_equal(dist[some], brute.min(axis=1))
        np.testing.assert_array_equal(idx[some], brute.argmin(axis=1))


def test_grid_on_two_threads_by_blocks_gives_the_kd_tree_answer(monkeypatch):
    """The grid's passes over the points, by blocks on two threads (and in chunks smaller than a
    block), give the tree's answer bit for bit, NaN points included."""
    from scipy.spatial import cKDTree

    from terridiag.plugin.core.indicators import coverage as cov
    monkeypatch.setattr(cov, "PARALLEL_POINTS_MIN", 1000)
    rng = np.random.default_rng(9)
    n = cov.GRID_MIN + 7001
    ax, ay = rng.normal(5e5, 2e4, n), rng.normal(6.5e6, 3e4, n)
    ax[::997] = np.nan
    sx, sy = rng.uniform(4.5e5, 5.5e5, 700), rng.uniform(6.4e6, 6.6e6, 700)
    fin = np.isfinite(ax) & np.isfinite(ay)
    d0, i0 = cKDTree(np.column_stack([sx, sy])).query(np.column_stack([np.where(fin, ax, 0), ay]))
    for chunk in (cov.CHUNK, 9_999):
        d, i = nearest_distance(ax, ay, sx, sy, chunk=chunk)
        np.testing.assert_array_equal(d, np.where(fin, d0, np.nan))
        np.testing.assert_array_equal(i, np.where(fin, i0, -1))


def test_square_candidates_hold_every_point_nearest_and_ties_go_to_the_tree():
    """The services nearest a square's centre, when the next one is farther by more than the
    square's diagonal, hold the nearest service of every point of the square (checked against
    every service); two candidates at the same squared distance are left to the tree."""
    from scipy.spatial import cKDTree

    from terridiag.plugin.core.indicators import coverage as cov
    rng = np.random.default_rng(3)
    sx, sy = rng.uniform(0, 1e4, 60), rng.uniform(0, 1e4, 60)
    tree = cKDTree(np.column_stack([sx, sy]))
    side, lat = 256.0, 64
    squares = np.arange(40 * lat, dtype=np.int64)            # columns 0-39 of a 64-row lattice
    kept, cand = cov._square_candidates(tree, squares, lat, side, 0.0, 0.0, 1)
    assert 0 < len(kept) <= len(squares) and cand.shape == (len(kept), cov.CANDIDATES)
    assert ((cand >= 0).sum(axis=1) >= 1).all()
    col, row = kept // lat, kept % lat
    k = np.repeat(np.arange(len(kept)), 30)                   # 30 points in each kept square
    px = (col[k] + rng.uniform(0, 1, len(k))) * side
    py = (row[k] + rng.uniform(0, 1, len(k))) * side
    px[::97], py[::97] = col[k[::97]] * side, row[k[::97]] * side     # corners too
    d, who = cov._nearest_candidate(px, py, cand[k], sx, sy)
    dx, dy = px[:, None] - sx[None], py[:, None] - sy[None]
    brute = np.sqrt(dx * dx + dy * dy)
    assert (who >= 0).all()
    np.testing.assert_array_equal(who, brute.argmin(axis=1))
    np.testing.assert_array_equal(d, brute.min(axis=1))
    # two candidates at one place, or at the same distance: the tree decides
    d, who = cov._nearest_candidate(np.array([0.0, 1.0, 5.0]), np.array([0.0, 0.0, 0.0]),
                                    np.array([[0, 1, -1], [0, 2, -1], [0, 2, -1]], dtype=np.int32),
                                    np.array([3.0, 3.0, 0.0]), np.array([4.0, 4.0, 0.0]))
    assert who.tolist() == [-1, 2, 0] and d[1] == 1.0 and d[2] == np.sqrt(4.0 + 16.0)


def test_nan_coordinates_and_no_services():
    d, i = nearest_distance([0.0, np.nan], [0.0, 1.0], [3.0, np.nan], [4.0, 0.0])
    assert d[0] == 5.0 and i[0] == 0          # the NaN service is ignored
    assert np.isnan(d[1]) and i[1] == -1
    with pytest.raises(InputDataError):
        nearest_distance([0.0], [0.0], [np.nan], [np.nan])


def test_coverage_by_commune_hand_values():
    t = coverage_by_commune(_addresses(), _services(), thresholds_km=(5, 2.5),
                            population={"01001": 300.0, "01002": 100.0})
    r1 = t.set_index("code_insee").loc["01001"]
    r2 = t.set_index("code_insee").loc["01002"]
    assert r1.n_addresses == 3 and r2.n_addresses == 2
    # 01001 distances 1000, 3000, 5000: mean 3000, median 3000, p90 = 3000 + 0.8*(5000-3000) = 4600
    assert r1.dist_mean_m == pytest.approx(3000)
    assert r1.dist_median_m == pytest.approx(3000)
    assert r1.dist_p90_m == pytest.approx(4600)
    # within 5 km: all three (5000 <= 5000 counts); within 2.5 km: only 1000 -> 1/3
    assert r1.share_within == pytest.approx(1.0)
    assert r1.share_within_5km == pytest.approx(1.0)
    assert r1["share_within_2_5km"] == pytest.approx(1 / 3)
    # population 300 spread: 100 per address -> 100 inhabitants within 2.5 km
    assert r1["pop_within_2_5km"] == pytest.approx(100)
    assert r1["pop_share_within_2_5km"] == pytest.approx(1 / 3)
    # 01002 distances 2000, 7000: mean 4500, median 4500, p90 = 2000 + 0.9*5000 = 6500
    assert r2.dist_mean_m == pytest.approx(4500)
    assert r2.dist_median_m == pytest.approx(4500)
    assert r2.dist_p90_m == pytest.approx(6500)
    assert r2.share_within == pytest.approx(0.5)
    assert r2.pop_within_5km == pytest.approx(50)
    # territory: addresses 4/5 within 5 km; population (300 + 50) / 400
    s = territory_summary(t, (5,))
    assert s["address_share_within_5km"] == pytest.approx(0.8)
    assert s["population_share_within_5km"] == pytest.approx(350 / 400)


def test_category_filter_and_per_category_distances():
    t = coverage_by_commune(_addresses(), _services(), category="library")
    r = t.set_index("code_insee").loc["01001"]
    # only B at (10000, 0): 7000, sqrt(7000²+4000²)=8062.26, sqrt(1e8+1e6)=10049.88
    assert r.dist_mean_m == pytest.approx((7000 + 8062.2577 + 10049.8756) / 3, abs=1e-3)
    assert r.share_within == 0.0
    per = address_distances(_addresses(), _services(), categories=["france_services", "library"])
    np.testing.assert_allclose(per["dist_m"], [3000, 5000, 1000, 2000, 7000])
    assert per["dist_library_m"].iloc[3] == pytest.approx(2000)
    assert per["dist_france_services_m"].iloc[3] == pytest.approx(8000)
    with pytest.raises(ParameterError, match="no service of category"):
        coverage_by_commune(_addresses(), _services(), category="townhall")


def test_centroid_fallback_for_communes_without_addresses():
    gpd = pytest.importorskip("geopandas")
    from shapely.geometry import box
    communes = gpd.GeoDataFrame({"code_insee": ["01001", "01002", "01003"],
                                 "population": [300.0, 100.0, 50.0]},
                                geometry=[box(-1000, -1000, 5000, 5000), box(5000, -1000, 12000, 8000),
                                          box(20000, 0, 22000, 2000)], crs=2154)
    t = coverage_by_commune(_addresses(), _services(), communes=communes).set_index("code_insee")
    r = t.loc["01003"]
    # representative point of the square 20-22 km is its centre (21000, 1000):
    # distance to B = sqrt(11000² + 1000²) = 11045.36
    assert r.demand_source == "commune" and r.n_addresses == 0 and r.demand_units == 1
    assert r.dist_mean_m == pytest.approx(np.hypot(11000, 1000), rel=1e-6)
    assert r.share_within == 0.0 and r.population == 50.0
    assert t.loc["01001"].demand_source == "addresses"


def test_group_stats_matches_pandas_on_random_groups():
    rng = np.random.default_rng(7)
    n, k = 20000, 57
    g = rng.integers(0, k, n)
    v = rng.gamma(2.0, 1500.0, n)
    st = group_stats(g, k, v, thresholds=(2000.0,))
    df = pd.DataFrame({"g": g, "v": v}).groupby("g")["v"]
    np.testing.assert_allclose(st["mean"], df.mean().to_numpy())
    np.testing.assert_allclose(st["q50"], df.quantile(0.5).to_numpy())
    np.testing.assert_allclose(st["q90"], df.quantile(0.9).to_numpy())
    np.testing.assert_allclose(st["share_2000.0"], df.apply(lambda s: (s <= 2000).mean()).to_numpy())


def test_unreachable_values_count_outside_threshold():
    st = group_stats(np.array([0, 0, 0]), 1, np.array([100.0, np.inf, 300.0]), thresholds=(500.0,))
    # two reachable values: mean 200, median 200; share within 500 over all three rows = 2/3
    assert st["mean"][0] == pytest.approx(200) and st["q50"][0] == pytest.approx(200)
    assert st["share_500.0"][0] == pytest.approx(2 / 3)
    assert st["n_valid"][0] == 2


def test_bad_inputs():
    with pytest.raises(InputDataError, match="code_insee"):
        coverage_by_commune(pd.DataFrame({"x": [1.0], "y": [1.0]}), _services())
    with pytest.raises(ParameterError):
        coverage_by_commune(_addresses(), _services(), thresholds_km=(0,))
    with pytest.raises(ParameterError):
        coverage_by_commune(_addresses(), _services(), weighting="grid")


def test_categorical_codes_give_same_result():
    a = _addresses()
    b = a.copy()
    b["code_insee"] = b["code_insee"].astype("category")
    t1 = coverage_by_commune(a, _services())
    t2 = coverage_by_commune(b, _services())
    pd.testing.assert_frame_equal(t1, t2)


def test_weight_field_as_population_of_demand_points():
    # grid-cell style demand: 01001's points carry 10, 20, 70 people at 3000, 5000, 1000 m
    a = _addresses()
    a["pop"] = [10.0, 20.0, 70.0, 5.0, 5.0]
    t = coverage_by_commune(a, _services(), thresholds_km=(2.5,), weight_field="pop").set_index("code_insee")
    # within 2.5 km: only the 1000 m point -> 70 people of 100; the share is the population's
    assert t.loc["01001", "pop_within_2_5km"] == pytest.approx(70)
    assert t.loc["01001", "pop_share_within_2_5km"] == pytest.approx(0.7)
    assert t.loc["01001", "share_within"] == pytest.approx(0.7)
    # population-weighted mean: (10·3000 + 20·5000 + 70·1000) / 100
    assert t.loc["01001", "dist_mean_m"] == pytest.approx(2000)
    # weighted median (type 7 with weights): sorted 1000 (70), 3000 (10), 5000 (20) sit at
    # p = 0, 70/80, 80/80; q = 0.5 lies 0.5/0.875 of the way from 1000 to 3000
    assert t.loc["01001", "dist_median_m"] == pytest.approx(1000 + 2000 * 0.5 / 0.875)
    # 01002: 2000 m (5 people) and 7000 m (5) -> 0.5
    assert t.loc["01002", "pop_share_within_2_5km"] == pytest.approx(0.5)
    with pytest.raises(InputDataError, match="nope"):
        coverage_by_commune(a, _services(), weight_field="nope")
