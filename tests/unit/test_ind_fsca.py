"""2SFCA / E2SFCA: a hand-computed example and equality with PySAL ``access`` (the oracle,
installed only in .venv-modern)."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from terridiag.plugin.core.indicators.fsca import (
    ACCESS_DEFAULT_STEPS, distance_pairs, fsca_by_commune, fsca_points, step_weights, two_step_fca)


def test_step_weights_match_access_step_fn_convention():
    # access' step_fn({10: 1, 20: 0.68, 30: 0.22}): cost <= 10 -> 1, <= 20 -> 0.68, <= 30 -> 0.22, else 0
    w = step_weights(np.array([0, 10, 10.01, 20, 25, 30, 30.5]), ACCESS_DEFAULT_STEPS)
    np.testing.assert_allclose(w, [1, 1, 0.68, 0.68, 0.22, 0.22, 0])


def test_hand_example_2sfca_and_e2sfca():
    # D1 pop 100 at x=0, D2 pop 300 at x=10 km; S1 cap 1 at x=2 km, S2 cap 2 at x=20 km
    dx, dy, pop = np.array([0.0, 10000.0]), np.zeros(2), np.array([100.0, 300.0])
    sx, sy, cap = np.array([2000.0, 20000.0]), np.zeros(2), np.array([1.0, 2.0])
    # catchment 10 km (inclusive): pairs D1-S1 2 km, D2-S1 8 km, D2-S2 10 km (D1-S2 20 km out)
    # R1 = 1 / (100 + 300) = 0.0025 ; R2 = 2 / 300 ; A1 = R1 ; A2 = R1 + R2
    a, r = fsca_points(dx, dy, pop, sx, sy, cap, max_cost=10000)
    np.testing.assert_allclose(r, [0.0025, 2 / 300])
    np.testing.assert_allclose(a, [0.0025, 0.0025 + 2 / 300])
    # E2SFCA steps 5 km -> 1, 10 km -> 0.5: weights D1-S1 1, D2-S1 0.5, D2-S2 0.5
    # R1 = 1 / (100 + 0.5 * 300) = 0.004 ; R2 = 2 / (0.5 * 300) = 0.013333
    # A1 = 0.004 ; A2 = 0.5 * 0.004 + 0.5 * 0.013333 = 0.0086667
    a, r = fsca_points(dx, dy, pop, sx, sy, cap, steps=[(5000, 1), (10000, 0.5)])
    np.testing.assert_allclose(r, [0.004, 2 / 150])
    np.testing.assert_allclose(a, [0.004, 0.002 + 1 / 150])


def test_distance_pairs_keep_zero_distances_and_boundary():
    i, j, c = distance_pairs([0.0, 5.0], [0.0, 0.0], [0.0, 10.0], [0.0, 0.0], 5.0)
    got = sorted(zip(i.tolist(), j.tolist(), c.tolist()))
    assert got == [(0, 0, 0.0), (1, 0, 5.0), (1, 1, 5.0)]


def test_no_supply_in_reach_gives_zero_and_no_demand_gives_zero_ratio():
    a, r = two_step_fca(np.array([10.0, 0.0]), np.array([1.0, 1.0]), [1], [0], [1.0], max_cost=5)
    assert a[0] == 0 and r[1] == 0 and r[0] == 0     # demand 0 in reach -> R = 0, not inf


def _random_case(seed=3, n=300, m=25):
    rng = np.random.default_rng(seed)
    dx, dy = rng.uniform(0, 40, n), rng.uniform(0, 40, n)
    sx, sy = rng.uniform(0, 40, m), rng.uniform(0, 40, m)
    pop = rng.integers(50, 5000, n).astype(float)
    cap = rng.integers(1, 6, m).astype(float)
    return dx, dy, pop, sx, sy, cap


def _access_result(dx, dy, pop, sx, sy, cap, method, max_cost=None, normalize=False):
    access = pytest.importorskip(
        "access", reason="PySAL access is only installed in .venv-modern (test-only oracle)")
    i, j = np.meshgrid(np.arange(len(dx)), np.arange(len(sx)), indexing="ij")
    cost = np.hypot(dx[i] - sx[j], dy[i] - sy[j])
    cost_df = pd.DataFrame({"origin": i.ravel(), "dest": j.ravel(), "cost": cost.ravel()})
    dem = pd.DataFrame({"pop": pop}, index=pd.Index(np.arange(len(dx)), name="geoid"))
    sup = pd.DataFrame({"cap": cap}, index=pd.Index(np.arange(len(sx)), name="sid"))
    acc = access.Access(demand_df=dem, demand_index=True, demand_value="pop", supply_df=sup,
                        supply_index=True, supply_value="cap", cost_df=cost_df, cost_origin="origin",
                        cost_dest="dest", cost_name="cost")
    if method == "2sfca":
        res = acc.two_stage_fca(name="x", max_cost=max_cost, normalize=normalize)
    else:
        res = acc.enhanced_two_stage_fca(name="x", max_cost=max_cost, normalize=normalize)
    return res["x_cap"].reindex(np.arange(len(dx))).fillna(0.0).to_numpy(float)


def test_equals_pysal_access_two_stage_fca():
    dx, dy, pop, sx, sy, cap = _random_case()
    expected = _access_result(dx, dy, pop, sx, sy, cap, "2sfca", max_cost=8)
    a, _ = fsca_points(dx, dy, pop, sx, sy, cap, max_cost=8)
    assert (expected > 0).sum() > 100          # a real comparison, not all zeros
    np.testing.assert_allclose(a, expected, rtol=1e-10, atol=1e-15)


def test_equals_pysal_access_enhanced_two_stage_fca_default_steps():
    dx, dy, pop, sx, sy, cap = _random_case(seed=11)
    expected = _access_result(dx, dy, pop, sx, sy, cap, "e2sfca")
    a, _ = fsca_points(dx, dy, pop, sx, sy, cap, steps=ACCESS_DEFAULT_STEPS)
    assert (expected > 0).sum() > 100
    np.testing.assert_allclose(a, expected, rtol=1e-10, atol=1e-15)


def test_equals_pysal_access_normalised():
    dx, dy, pop, sx, sy, cap = _random_case(seed=5)
    expected = _access_result(dx, dy, pop, sx, sy, cap, "2sfca", max_cost=10, normalize=True)
    a, _ = fsca_points(dx, dy, pop, sx, sy, cap, max_cost=10)
    ours = a / ((pop * a).sum() / pop.sum())      # fsca_norm's definition
    np.testing.assert_allclose(ours, expected, rtol=1e-10)


def test_fsca_by_commune_population_weighted():
    # commune X: two addresses, population 200 -> 100 each, one next to the single place
    addr = pd.DataFrame({"code_insee": ["X", "X", "Y"], "x": [0.0, 50000.0, 1000.0], "y": [0.0, 0.0, 0.0]})
    svc = pd.DataFrame({"category": ["mediation"], "x": [0.0], "y": [0.0], "capacity": [2.0]})
    out, meta = fsca_by_commune(addr, svc, population={"X": 200.0, "Y": 300.0}, steps=[(10000, 1.0)])
    # in reach: X's first address (100) and Y's (300): R = 2 / 400 = 0.005
    # X: (100 * 0.005 + 100 * 0) / 200 = 0.0025 ; Y: 0.005 ; territory mean (0.5 + 1.5) / 500 = 0.004
    t = out.set_index("code_insee")
    assert t.loc["X", "fsca"] == pytest.approx(0.0025)
    assert t.loc["Y", "fsca"] == pytest.approx(0.005)
    assert t.loc["Y", "fsca_per_10k"] == pytest.approx(50)
    assert t.loc["X", "fsca_norm"] == pytest.approx(0.0025 / 0.004)
    assert meta["method"] == "E2SFCA"


def test_distance_pairs_equal_brute_force():
    rng = np.random.default_rng(9)
    dx, dy = rng.uniform(0, 50, 3000), rng.uniform(0, 50, 3000)
    sx, sy = rng.uniform(-5, 55, 80), rng.uniform(-5, 55, 80)
    full = np.hypot(dx[:, None] - sx[None], dy[:, None] - sy[None])
    expected = sorted(zip(*[a.tolist() for a in np.nonzero(full <= 7.0)]))
    i, j, c = distance_pairs(dx, dy, sx, sy, 7.0)
    assert sorted(zip(i.tolist(), j.tolist())) == expected
    np.testing.assert_allclose(c, np.hypot(dx[i] - sx[j], dy[i] - sy[j]))
    # NaN coordinates are skipped, not paired
    i, j, _ = distance_pairs([0.0, np.nan], [0.0, 0.0], [1.0], [0.0], 2.0)
    assert i.tolist() == [0] and j.tolist() == [0]
