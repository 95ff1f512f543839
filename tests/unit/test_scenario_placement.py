"""Optimal placement: the exact mode against an exhaustive search, heuristics against the exact
optimum, existing places respected, demand aggregation exact."""
from __future__ import annotations

import itertools

import numpy as np
import pytest
from scipy.spatial.distance import cdist

from terridiag.plugin.core.errors import ParameterError
from terridiag.plugin.core.scenario.aggregate import (coverage_from_costs, coverage_instance,
                                                     existing_level, instance_from_matrix)
from terridiag.plugin.core.scenario.placement import (_mclp_milp, maximal_covering, p_median,
                                                     solve_mclp)

SEEDS = range(6)


def instance(seed, n=70, m=11, k=2):
    rng = np.random.default_rng(seed)
    d = rng.uniform(0, 10_000, (n, 2))
    w = rng.integers(1, 30, n).astype(float)
    c = rng.uniform(0, 10_000, (m, 2))
    e = rng.uniform(0, 10_000, (k, 2))
    return d, w, c, e


def brute_mclp(d, w, c, e, presence, radius, n_sites):
    """Exhaustive search over every n_sites-subset (itertools.combinations)."""
    D = cdist(d, c)
    lvl = np.zeros(len(d))
    if e is not None:
        De = cdist(d, e)
        lvl = np.where(De <= radius, presence[None, :], 0.0).max(axis=1)
    best = -1.0
    for S in itertools.combinations(range(len(c)), n_sites):
        covered = (D[:, list(S)] <= radius).any(axis=1)
        best = max(best, float(np.dot(w, np.where(covered, 1.0, lvl))))
    return best


def brute_pmedian(d, w, c, e, n_sites):
    D = cdist(d, c)
    de = cdist(d, e).min(axis=1) if e is not None else np.full(len(d), np.inf)
    return min(float(np.dot(w, np.minimum(de, D[:, list(S)].min(axis=1))))
               for S in itertools.combinations(range(len(c)), n_sites)) / w.sum()


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("n_sites", [2, 3])
def test_mclp_exact_equals_exhaustive(seed, n_sites):
    d, w, c, e = instance(seed)
    presence = np.array([1.0, 0.4])      # one fixed place, one bus stop two days a week
    radius = 2500.0
    best = brute_mclp(d, w, c, e, presence, radius, n_sites)
    res = maximal_covering(d, w, c, n_sites, radius, existing_xy=e, existing_presence=presence,
                           method="exact")
    # optimal either by the MILP or because the Lagrangian bound meets the heuristic's value
    assert res.method in ("milp (optimal)", "greedy+interchange (proven optimal)")
    assert res.objective == pytest.approx(best, rel=1e-9)
    assert res.gap == pytest.approx(0.0, abs=1e-9)
    assert res.bound == pytest.approx(best, rel=1e-9)
    # the per-site gains add up to what the new sites add
    assert res.baseline + res.gains.sum() == pytest.approx(res.objective)
    assert np.all(np.diff(res.gains) <= 1e-9)        # ranked by marginal gain
    for method in ("greedy", "heuristic"):
        h = maximal_covering(d, w, c, n_sites, radius, existing_xy=e, existing_presence=presence,
                             method=method)
        assert h.objective <= best + 1e-9
        assert h.bound >= best - 1e-9                  # the bound is valid
        assert h.objective >= (1 - 1 / np.e) * (best - h.baseline) + h.baseline - 1e-9
    plain = maximal_covering(d, w, c, n_sites, radius, existing_xy=e, existing_presence=presence,
                             method="greedy", lagrangian_iters=0)
    assert plain.objective <= best + 1e-9 and plain.bound >= best - 1e-9   # submodular bound only
    # the MILP alone, on the whole aggregated instance, finds the same optimum
    inst = coverage_instance(d, w, c, radius, existing_xy=e, existing_presence=presence)
    sol, ub, optimal = _mclp_milp(inst.cover, inst.residual, n_sites, 60)
    assert optimal and len(sol) == n_sites
    added = inst.residual[np.asarray(inst.cover[:, sol].sum(axis=1)).ravel() > 0].sum()
    assert inst.covered_existing + added == pytest.approx(best, rel=1e-9)
    assert inst.covered_existing + ub == pytest.approx(best, rel=1e-6)


def test_mclp_exhaustive_without_existing_and_auto_mode():
    for seed in SEEDS:
        d, w, c, _ = instance(seed, n=50, m=10)
        best = brute_mclp(d, w, c, None, None, 2000.0, 3)
        res = maximal_covering(d, w, c, 3, 2000.0)
        assert "optimal" in res.method and res.gap == pytest.approx(0.0, abs=1e-9)
        assert res.objective == pytest.approx(best)
        assert res.baseline == 0.0


def test_interchange_improves_a_bad_greedy_start():
    # Greedy takes the big-but-redundant candidate 0 (covers clusters A and B, 10 + 10 = 20),
    # then C (9): 29. Best 2 sites: candidate 1 (A + B + 1 extra = 21) ... built so that the
    # optimum needs swapping the first greedy pick: candidates 1 = A∪X, 2 = B∪Y.
    A = np.column_stack([np.zeros(10), np.arange(10) * 0.01])
    B = A + [100, 0]
    X = A + [-50, 0]
    Y = A + [150, 0]
    d = np.vstack([A, B, X[:9], Y[:9]])
    w = np.ones(len(d))
    # candidate 0 covers A and B (radius 60 from (50, 0)); 1 covers X and A; 2 covers B and Y.
    c = np.array([[50, 0], [-25, 0], [125, 0]], float)
    radius = 50.5
    g = maximal_covering(d, w, c, 2, radius, method="greedy")
    h = maximal_covering(d, w, c, 2, radius, method="heuristic")
    assert g.objective == pytest.approx(29.0)          # {0, 1}: A, B, X
    assert h.objective == pytest.approx(38.0)          # {1, 2}: everything
    assert sorted(h.chosen.tolist()) == [1, 2]
    # site 1 reaches A and X (10 + 9), site 2 reaches B and Y (10 + 9)
    assert h.served.tolist() == [19.0, 19.0] and h.gains.tolist() == [19.0, 19.0]
    assert g.bound >= 38.0                              # the bound never cuts the optimum


def test_existing_coverage_is_respected():
    # Candidate 0 sits on a cluster of 10 already served by an existing place; candidate 1 on a
    # cluster of 4 nobody serves: the one new site must go to candidate 1.
    d = np.vstack([np.zeros((10, 2)), np.full((4, 2), 1000.0)])
    c = np.array([[0.0, 0.0], [1000.0, 1000.0]])
    res = maximal_covering(d, None, c, 1, 100.0, existing_xy=[[10.0, 0.0]], method="exact")
    assert res.chosen.tolist() == [1]
    assert res.baseline == 10.0 and res.objective == 14.0
    assert res.gains.tolist() == [4.0]
    assert res.served.tolist() == [4.0]
    # with a bus stop (presence 0.25) instead, candidate 0 adds 10 × 0.75 = 7.5 > 4
    res = maximal_covering(d, None, c, 1, 100.0, existing_xy=[[10.0, 0.0]],
                           existing_presence=[0.25], method="exact")
    assert res.chosen.tolist() == [0]
    assert res.baseline == pytest.approx(2.5) and res.objective == pytest.approx(10.0)
    assert res.gains.tolist() == pytest.approx([7.5])


def test_aggregation_is_exact_and_groups_identical_coverer_sets():
    rng = np.random.default_rng(3)
    d = rng.uniform(0, 5000, (2000, 2))
    w = rng.uniform(0, 3, 2000)
    c = rng.uniform(0, 5000, (15, 2))
    inst = coverage_instance(d, w, c, 1200.0)
    cover = cdist(d, c) <= 1200.0
    # groups = distinct non-empty coverer sets among points with positive weight
    sets = {tuple(np.flatnonzero(r)) for r, wi in zip(cover, w) if r.any() and wi > 0}
    assert inst.n_groups == len(sets) < 2000
    # each point's group has exactly that point's coverer set and group weights add up
    rows = inst.cover.toarray() > 0
    has = inst.group_of >= 0
    assert np.array_equal(rows[inst.group_of[has]], cover[has])
    assert inst.residual.sum() == pytest.approx(w[cover.any(axis=1)].sum())
    assert not has[~cover.any(axis=1)].any()


def test_existing_level_takes_the_best_presence():
    d = np.array([[0.0, 0.0], [50.0, 0.0], [500.0, 0.0]])
    e = np.array([[0.0, 10.0], [60.0, 0.0], [40.0, 0.0]])
    lvl = existing_level(d, e, 100.0, np.array([0.2, 0.6, 1.0]))
    # point 0: all three within 100 m (10, 60, 40) -> 1; point 1: all -> 1; point 2: none
    assert lvl.tolist() == [1.0, 1.0, 0.0]
    lvl = existing_level(d, e[:2], 100.0, np.array([0.2, 0.6]))
    assert lvl.tolist() == [0.6, 0.6, 0.0]
    lvl = existing_level(d, e[:1], 10.0, np.array([0.2]))   # exactly at the radius counts
    assert lvl.tolist() == [0.2, 0.0, 0.0]


def test_travel_time_matrix_instance_matches_exhaustive():
    rng = np.random.default_rng(11)
    n, m = 40, 9
    t = rng.uniform(0, 40, (n, m))                          # minutes
    t[rng.random((n, m)) < 0.3] = np.inf                     # unreachable pairs
    w = rng.integers(1, 10, n).astype(float)
    ex_level = (rng.random(n) < 0.2).astype(float)
    cover = coverage_from_costs(t, 15.0)
    inst = instance_from_matrix(cover, w, ex_level)
    res = solve_mclp(inst, 3, method="exact")
    ok = t <= 15.0
    best = max(float(np.dot(w, np.maximum(ex_level, ok[:, list(S)].any(axis=1))))
               for S in itertools.combinations(range(m), 3))
    assert res.objective == pytest.approx(best)
    # the sparse form (only finite times stored) gives the same coverage
    from scipy import sparse
    tt = np.where(np.isfinite(t), t, 0.0)
    sp = sparse.csr_matrix(tt)
    assert (coverage_from_costs(sp, 15.0).toarray() > 0).sum() == (ok & (t > 0)).sum()


@pytest.mark.parametrize("seed", SEEDS)
def test_pmedian_exact_equals_exhaustive(seed):
    d, w, c, e = instance(seed, n=40, m=10)
    for ex in (e, None):
        best = brute_pmedian(d, w, c, ex, 3)
        res = p_median(d, w, c, 3, existing_xy=ex, method="exact")
        assert res.method == "milp (optimal)"
        assert res.objective == pytest.approx(best, rel=1e-9)
        assert res.gap == pytest.approx(0.0, abs=1e-6)
        for method in ("greedy", "heuristic"):
            h = p_median(d, w, c, 3, existing_xy=ex, method=method)
            assert h.objective >= best - 1e-9
            assert h.bound <= best + 1e-9                  # Lagrangian lower bound is valid
        # served demand: every demand point is assigned to a new site or an existing place
        assert res.served.sum() <= w.sum() + 1e-9
        if ex is None:
            assert res.served.sum() == pytest.approx(w.sum())


def test_pmedian_grid_aggregation_evaluates_on_original_points():
    rng = np.random.default_rng(5)
    d = rng.uniform(0, 20_000, (5000, 2))
    w = np.ones(5000)
    c = rng.uniform(0, 20_000, (30, 2))
    res = p_median(d, w, c, 4, max_matrix=30 * 400)
    assert res.details["grid_cell_m"] > 0 and res.details["points"] <= 400
    direct = cdist(d, c[res.chosen]).min(axis=1).mean()
    assert res.objective == pytest.approx(direct)
    assert any("grid" in note for note in res.notes)


def test_parameters_are_checked():
    d, w, c, e = instance(0)
    with pytest.raises(ParameterError, match="only 11 candidate"):
        maximal_covering(d, w, c, 12, 1000.0)
    with pytest.raises(ParameterError, match="positive integer"):
        maximal_covering(d, w, c, 0, 1000.0)
    with pytest.raises(ParameterError, match="unknown placement method"):
        maximal_covering(d, w, c, 2, 1000.0, method="magic")
    with pytest.raises(ParameterError, match="weight of point 3"):
        maximal_covering(d, np.r_[1, 1, np.nan, w[3:]], c, 2, 1000.0)
    with pytest.raises(ParameterError, match="covering distance"):
        maximal_covering(d, w, c, 2, 0.0)


def test_result_table_lists_the_sites_with_their_gains():
    d, w, c, e = instance(2)
    res = maximal_covering(d, w, c, 3, 2500.0, existing_xy=e)
    t = res.table(c)
    assert t["rank"].tolist() == [1, 2, 3]
    assert t["x"].tolist() == c[res.chosen, 0].tolist()
    assert t["covered_cum"].iloc[-1] == pytest.approx(res.objective)
    assert t["share_cum"].iloc[-1] == pytest.approx(res.objective / w.sum())
    assert (t["method"] == res.method).all()


def test_milp_closes_an_integrality_gap():
    # Candidates = the 4 vertices of K4, demand groups = its 6 edges (weight 1, covered by their
    # two end vertices), N = 2. Two vertices cover 5 edges (OPT = 5) but the LP relaxation
    # (x = 1/2 everywhere) covers all 6: the Lagrangian bound stays at 6 and cannot fix any
    # candidate, so only the MILP proves 5.
    edges = list(itertools.combinations(range(4), 2))
    cover = np.zeros((6, 4))
    for g, (u, v) in enumerate(edges):
        cover[g, [u, v]] = 1
    inst = instance_from_matrix(cover, np.ones(6))
    h = solve_mclp(inst, 2, method="heuristic")
    assert h.objective == 5.0 and h.bound == pytest.approx(6.0)
    assert h.gap == pytest.approx(1 / 6)
    res = solve_mclp(inst, 2, method="exact")
    assert res.method == "milp (optimal)"
    assert res.objective == 5.0 and res.bound == pytest.approx(5.0) and res.gap == 0.0
    assert any("Lagrangian reduction: 0 of 4" in note for note in res.notes)


def test_lagrangian_reduction_rules_out_weak_candidates():
    # The K4 block above with edges of weight 10, plus 20 candidates each covering one group of
    # weight 1 of its own. OPT (N = 2) = 50; Lagrangian bound ≈ 60; a weak candidate j can reach
    # at most L − s_(2) + s_j ≤ 60 − 20 + 1 < 50: all 20 are ruled out before the MILP.
    edges = list(itertools.combinations(range(4), 2))
    cover = np.zeros((6 + 20, 24))
    for g, (u, v) in enumerate(edges):
        cover[g, [u, v]] = 1
    cover[6 + np.arange(20), 4 + np.arange(20)] = 1
    w = np.r_[np.full(6, 10.0), np.ones(20)]
    res = solve_mclp(instance_from_matrix(cover, w), 2, method="auto")
    assert res.method == "milp (optimal)" and res.objective == 50.0 and res.gap == 0.0
    assert any(n.startswith("Lagrangian reduction: 20 of 24 candidates ruled out") for n in res.notes)


def test_pmedian_on_a_travel_time_matrix_matches_exhaustive():
    from terridiag.plugin.core.scenario.placement import p_median_costs
    rng = np.random.default_rng(4)
    t = rng.uniform(1, 60, (35, 9))
    t[rng.random(t.shape) < 0.2] = np.inf
    t[:, 0] = rng.uniform(1, 60, 35)                 # everybody can reach candidate 0
    w = rng.integers(1, 9, 35).astype(float)
    ex = rng.uniform(10, 90, 35)
    best = min(float(np.dot(w, np.minimum(ex, t[:, list(S)].min(axis=1))))
               for S in itertools.combinations(range(9), 3)) / w.sum()
    res = p_median_costs(t, w, 3, existing_costs=ex, method="exact")
    assert res.method == "milp (optimal)" and res.objective == pytest.approx(best)
    h = p_median_costs(t, w, 3, existing_costs=ex, method="heuristic")
    assert h.objective >= best - 1e-9 and h.bound <= best + 1e-9
    assert res.served.sum() <= w.sum()


def test_points_without_coordinates_weigh_nothing():
    d, w, c, e = instance(1, n=40, m=8)
    d2 = np.vstack([d, [[np.nan, np.nan]]])
    w2 = np.r_[w, 1000.0]
    e2 = np.vstack([e, [[np.nan, 5.0]]])
    a = maximal_covering(d, w, c, 2, 2500.0, existing_xy=e)
    b = maximal_covering(d2, w2, c, 2, 2500.0, existing_xy=e2)
    assert b.objective == pytest.approx(a.objective) and b.total_demand == pytest.approx(w.sum())
    pa = p_median(d, w, c, 2, existing_xy=e)
    pb = p_median(d2, w2, c, 2, existing_xy=e2)
    assert pb.objective == pytest.approx(pa.objective)
    with pytest.raises(ParameterError, match="candidate site 2 has no coordinates"):
        maximal_covering(d, w, np.vstack([c[:1], [[np.nan, 0]], c[1:]]), 2, 2500.0)
