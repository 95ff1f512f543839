"""Optimal placement of new service places: maximal covering (MCLP) and p-median.

Maximal covering: choose ``N`` sites among candidates to maximise the demand within reach
(a distance, or a travel time through a coverage matrix), existing places counted first.
The instance is aggregated (:mod:`.aggregate`: demand points sharing the same candidate coverers
are one row — exact, not an approximation). Then:

* ``greedy``: add, N times, the candidate that covers the most still-uncovered demand.
* ``heuristic``: greedy, then best-improvement interchange (swap one chosen site for one
  candidate while the covered demand grows), vectorised through sparse products.
* ``exact``: the integer programme  max Σ r_g y_g  s.t.  y_g ≤ Σ_j a_gj x_j,  Σ x_j = N,
  x binary, 0 ≤ y ≤ 1, solved by HiGHS through ``scipy.optimize.milp`` with a time limit,
  after Lagrangian variable fixing: with the multipliers of the bound below, a candidate whose
  best possible solution is worth less than the heuristic's is ruled out (or fixed in when every
  solution without it is), which usually leaves a small programme. When the bound already meets
  the heuristic's value, no MILP is needed: the method reads "(proven optimal)".
* ``auto`` (default): heuristic, then exact when the reduced instance is within the size
  limits; the better solution is kept.

Every result carries an upper bound on what any N sites could cover and the gap. Bounds used,
the smallest wins: HiGHS's dual bound (exact mode); the Lagrangian bound (coverage links
relaxed, subgradient on the multipliers, one sparse product per iteration — it converges to the
LP-relaxation bound, and MCLP relaxations are often tight); the submodular bound
OPT ≤ f(S) + (sum of the N largest marginal gains with respect to S), valid for any set S
(Nemhauser–Wolsey), evaluated at every greedy step. The classical greedy guarantee
f(greedy) ≥ (1 − 1/e)·OPT is reported in ``details`` for reference.

p-median: choose N sites minimising the demand-weighted mean distance to the nearest place
(existing places included). Beyond ``max_matrix`` demand × candidate distances, demand is
aggregated on a square grid (weighted centroids; the result says the cell size — that one *is*
an approximation) and the objective is re-evaluated on the original points. Exact by ``milp``
(assignment formulation) on small instances, greedy + Teitz–Bart interchange beyond, with a
Lagrangian lower bound for the gap.
"""
from __future__ import annotations

import math
import time
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.spatial import cKDTree
from scipy.spatial.distance import cdist

from ..errors import ParameterError
from ..progress import Feedback, ensure
from .aggregate import CoverageInstance, coverage_instance
from .methods import METHODS

EXACT_MAX_GROUPS = 50_000       # aggregated demand rows for the MILP
EXACT_MAX_NNZ = 2_000_000       # nonzeros of the coverage matrix for the MILP
PMEDIAN_EXACT_MAX_VARS = 60_000  # demand × candidates assignment variables for the MILP


@dataclass
class PlacementResult:
    """Chosen sites in rank order with the demand each gains, and how good the answer is.

    ``gains[k]`` is what site ``chosen[k]`` adds once sites ``chosen[:k]`` are open (covered demand
    for MCLP; reduction of the weighted total distance for p-median). ``objective`` is the total
    covered demand (existing places included) for MCLP, the weighted mean distance in metres for
    p-median. ``bound`` is an upper (MCLP) or lower (p-median) bound on the best achievable
    objective. ``gap``: for MCLP, (bound − objective) / (bound − baseline), i.e. relative to the
    demand the new sites add — stricter than relative to the total; for p-median,
    (cost − lower bound) / cost on the search points. 0 means proven optimal."""
    problem: str
    method: str
    chosen: np.ndarray
    gains: np.ndarray
    served: np.ndarray
    objective: float
    bound: float
    gap: float
    baseline: float                     # objective with the existing places only
    total_demand: float
    seconds: float
    greedy_objective: float = math.nan
    notes: list = field(default_factory=list)
    details: dict = field(default_factory=dict)

    def table(self, candidates_xy) -> pd.DataFrame:
        """One row per chosen site: rank, candidate index, x, y, gain, cumulative objective,
        served demand, method, gap."""
        xy = np.asarray(candidates_xy, float).reshape(-1, 2)
        cum = self.baseline + np.cumsum(self.gains) if self.problem == "mclp" else None
        df = pd.DataFrame({
            "rank": np.arange(1, len(self.chosen) + 1, dtype=np.int64),
            "candidate": self.chosen.astype(np.int64),
            "x": xy[self.chosen, 0] if len(self.chosen) else np.zeros(0),
            "y": xy[self.chosen, 1] if len(self.chosen) else np.zeros(0),
            "gain": self.gains.astype(float),
            "served": self.served.astype(float),
        })
        if cum is not None:
            df["covered_cum"] = cum
            df["share_cum"] = cum / self.total_demand if self.total_demand > 0 else np.nan
        else:
            df["mean_dist_cum_m"] = self.details["mean_dist_cum_m"]
        df["method"] = self.method
        df["gap"] = self.gap
        return df


# ---------------------------------------------------------------------------------------------
# Maximal covering

def maximal_covering(demand_xy, weights, candidates_xy, n_sites: int, distance_m: float, *,
                     existing_xy=None, existing_presence=None, method: str = "auto",
                     time_limit_s: float = 60.0, exact_max_groups: int = EXACT_MAX_GROUPS,
                     exact_max_nnz: int = EXACT_MAX_NNZ, lagrangian_iters: int = 150,
                     feedback: Feedback | None = None) -> PlacementResult:
    """Choose ``n_sites`` candidates maximising the demand within ``distance_m`` (crow flies).

    For travel times, build the instance with :func:`.aggregate.instance_from_matrix` and
    call :func:`solve_mclp`."""
    fb = ensure(feedback)
    t0 = time.perf_counter()
    _check_n(n_sites, len(np.asarray(candidates_xy).reshape(-1, 2)), method)
    inst = coverage_instance(demand_xy, weights, candidates_xy, distance_m, existing_xy=existing_xy,
                             existing_presence=existing_presence, feedback=_Scaled(fb, 0, 30))
    res = solve_mclp(inst, n_sites, method=method, time_limit_s=time_limit_s,
                     exact_max_groups=exact_max_groups, exact_max_nnz=exact_max_nnz,
                     lagrangian_iters=lagrangian_iters, feedback=_Scaled(fb, 30, 100))
    res.seconds = time.perf_counter() - t0
    return res


def solve_mclp(inst: CoverageInstance, n_sites: int, *, method: str = "auto",
               time_limit_s: float = 60.0, exact_max_groups: int = EXACT_MAX_GROUPS,
               exact_max_nnz: int = EXACT_MAX_NNZ, max_swaps: int = 1000,
               lagrangian_iters: int = 150,
               feedback: Feedback | None = None) -> PlacementResult:
    """Solve an aggregated maximal-covering instance (see the module docstring for methods).

    ``lagrangian_iters`` = 0 skips the Lagrangian bound (and so the variable fixing): the plain
    greedy baseline of the benchmark."""
    fb = ensure(feedback)
    t0 = time.perf_counter()
    _check_n(n_sites, inst.n_candidates, method)
    A = inst.cover.tocsr()
    r = inst.residual
    base = inst.covered_existing
    notes = []
    # Candidates that can add something; the others never need to be chosen.
    useful = np.flatnonzero(np.asarray(A.T @ r).ravel() > 0)
    n_eff = min(n_sites, useful.size)
    if n_eff < n_sites:
        notes.append(f"only {useful.size} candidate(s) add demand within reach; "
                     f"{n_sites - n_eff} site(s) would add nothing and are not listed")
    At = A.T.tocsr()
    chosen, bound, bounds_greedy = _greedy(A, At, r, n_eff, fb)
    greedy_added = _covered(A, r, chosen)
    method_used = "greedy"
    if method in ("auto", "heuristic", "exact") and n_eff > 0:
        chosen, nswap = _interchange(A, At, r, chosen, max_swaps, fb)
        method_used = "greedy+interchange"
        if nswap:
            notes.append(f"interchange improved the greedy solution in {nswap} swap(s)")
        bound = min(bound, _submodular_bound(A, At, r, chosen, n_eff))
    incumbent = _covered(A, r, chosen)
    lag = None
    if n_eff > 0 and lagrangian_iters > 0:
        lag_bound, lag_s = _mclp_lagrangian(A, At, r, n_eff, incumbent, fb, lagrangian_iters)
        bound = min(bound, lag_bound)
        lag = (lag_bound, lag_s, incumbent)
    else:
        lag = (bound, np.zeros(A.shape[1]), incumbent)   # no fixing possible: s = 0 rules nothing out
    fb.set_progress(40)
    if n_eff > 0 and method in ("auto", "exact") and bound > incumbent + 1e-9 * max(1.0, r.sum()):
        reduced = _reduce(A, r, useful, n_eff, *lag)
        red_A, red_r, red_cols, forced, n_left, forced_cov = reduced
        notes.append(f"Lagrangian reduction: {len(useful) - len(red_cols) - len(forced)} of "
                     f"{len(useful)} candidates ruled out, {len(forced)} fixed in; "
                     f"{red_A.shape[0]} rows, {red_A.nnz} nonzeros left")
        exact_ok = (red_A.shape[0] <= exact_max_groups and red_A.nnz <= exact_max_nnz)
        if method == "exact" or exact_ok:
            if not exact_ok:
                notes.append("instance above the exact-mode size limits: the MILP may stop at the time limit")
            sol, red_ub, optimal = _mclp_milp(red_A, red_r, n_left, time_limit_s)
            # any solution with a ruled-out candidate is below the incumbent: the global bound is
            # the larger of the incumbent and the reduced problem's bound
            bound = min(bound, max(lag[2], forced_cov + red_ub))
            if sol is not None:
                ex_chosen = list(forced) + [int(red_cols[k]) for k in sol]
                if _covered(A, r, ex_chosen) >= _covered(A, r, chosen) - 1e-9 * max(1.0, r.sum()):
                    chosen = ex_chosen
                    method_used = "milp (optimal)" if optimal else "milp (time limit)"
                elif not optimal:
                    notes.append("the MILP stopped at the time limit below the heuristic solution")
            else:
                notes.append("the MILP found no solution within the time limit; heuristic kept")
            if optimal:
                bound = min(bound, max(lag[2], _covered(A, r, chosen)))
                if method_used.startswith("greedy"):
                    method_used += " (proven optimal)"
        else:
            notes.append(f"exact mode skipped: {red_A.shape[0]} aggregated demand rows, {red_A.nnz} "
                         f"nonzeros after reduction (limits {exact_max_groups}, {exact_max_nnz})")
    elif n_eff > 0 and method in ("auto", "exact"):
        method_used += " (proven optimal)"      # the Lagrangian bound meets the heuristic value
    fb.set_progress(95)
    order, gains = _rank(A, r, chosen)
    added = float(gains.sum())
    bound = max(bound, added)  # numerical noise only
    gap = (bound - added) / bound if bound > 0 else 0.0
    # served: demand within reach of the site that existing places do not already cover
    Ac = A.tocsc()
    served = np.array([float(r[Ac.indices[Ac.indptr[j]:Ac.indptr[j + 1]]].sum()) for j in order])
    res = PlacementResult(
        problem="mclp", method=method_used, chosen=np.asarray(order, np.int64), gains=gains,
        served=served, objective=base + added, bound=base + bound, gap=gap, baseline=base,
        total_demand=inst.total_demand, seconds=time.perf_counter() - t0,
        greedy_objective=base + greedy_added, notes=notes,
        details={"groups": int(A.shape[0]), "nnz": int(A.nnz),
                 "demand_points": int(len(inst.weights)),
                 "greedy_bound_1_1e": base + greedy_added / (1 - 1 / math.e),
                 "greedy_step_bounds": bounds_greedy})
    fb.set_progress(100)
    return res


def _check_n(n_sites, m, method):
    if method not in METHODS:
        raise ParameterError(f"unknown placement method {method!r}", hint=f"use one of {METHODS}")
    if int(n_sites) != n_sites or n_sites < 1:
        raise ParameterError(f"the number of sites must be a positive integer (got {n_sites})")
    if n_sites > m:
        raise ParameterError(f"{n_sites} sites asked for but only {m} candidate(s)",
                             hint="give more candidates, a finer grid, or a smaller number of sites")


def _covered(A, r, chosen) -> float:
    if len(chosen) == 0:
        return 0.0
    hit = np.asarray(A[:, np.asarray(chosen)].sum(axis=1)).ravel() > 0
    return float(r[hit].sum())


def _greedy(A, At, r, n, fb):
    unc = r.copy()
    A_csc = A.tocsc()
    chosen: list[int] = []
    covered = 0.0
    bound = math.inf
    step_bounds = []
    for _ in range(n):
        fb.check()
        gains = np.asarray(At @ unc).ravel()
        gains[chosen] = -1.0
        top = np.partition(gains, -n)[-n:]
        step_bounds.append(covered + float(top[top > 0].sum()))
        bound = min(bound, step_bounds[-1])
        j = int(np.argmax(gains))
        chosen.append(j)
        covered += gains[j]
        unc[A_csc.indices[A_csc.indptr[j]:A_csc.indptr[j + 1]]] = 0.0
    return chosen, bound, step_bounds


def _submodular_bound(A, At, r, chosen, n) -> float:
    x = np.zeros(A.shape[1])
    x[chosen] = 1.0
    count = A @ x
    unc = r * (count == 0)
    gains = np.asarray(At @ unc).ravel()
    gains[chosen] = 0.0
    top = np.partition(gains, -n)[-n:] if n <= len(gains) else gains
    return float(r[count > 0].sum() + top[top > 0].sum())


def _interchange(A, At, r, chosen, max_swaps, fb):
    """Best-improvement swaps. For a chosen site s and a candidate c, the change of covered demand
    is gain(c | S) + Σ_g r_g a_gc a_gs [g covered by s alone] − loss(s)."""
    chosen = list(chosen)
    m = A.shape[1]
    tol = 1e-12 * max(1.0, float(r.sum()))
    swaps = 0
    for _ in range(max_swaps):
        fb.check()
        x = np.zeros(m)
        x[chosen] = 1.0
        count = A @ x
        gains = np.asarray(At @ (r * (count == 0))).ravel()
        sole = r * (count == 1)
        AS = A[:, chosen]
        loss = np.asarray(AS.T @ sole).ravel()
        extra = (At @ sparse.diags(sole) @ AS).toarray()          # m × N
        delta = gains[:, None] + extra - loss[None, :]
        delta[chosen, :] = -np.inf
        c, s = np.unravel_index(int(np.argmax(delta)), delta.shape)
        if delta[c, s] <= tol:
            break
        chosen[s] = int(c)
        swaps += 1
    return chosen, swaps


def _mclp_lagrangian(A, At, r, n, lower, fb, iters=150) -> float:
    """Lagrangian upper bound (coverage links relaxed, multipliers 0 ≤ μ ≤ r), by subgradient:
    L(μ) = Σ_g (r_g − μ_g) + (sum of the n largest (Aᵀμ)_j); its minimum equals the LP bound.
    One sparse product per iteration."""
    mu = r.copy()                       # L(r) = sum of the n largest single-site coverages
    best = math.inf
    best_s = None
    theta, stall = 1.0, 0
    for _ in range(iters):
        fb.check()
        s = np.asarray(At @ mu).ravel()
        top = np.argpartition(s, -n)[-n:]
        L = float((r - mu).sum() + s[top].sum())
        if L < best - 1e-12 * max(1.0, abs(best) if np.isfinite(best) else 1.0):
            best, best_s, stall = L, s, 0
        else:
            stall += 1
            if stall >= 5:
                theta, stall = theta / 2, 0
        if best - lower <= 1e-9 * max(1.0, best) or theta < 1e-4:
            break
        x = np.zeros(A.shape[1])
        x[top] = 1.0
        sub = (A @ x) - 1.0             # ∂L/∂μ_g
        sub[(mu <= 0) & (sub > 0)] = 0.0  # projected: the step −sub must keep 0 ≤ μ ≤ r
        sub[(mu >= r) & (sub < 0)] = 0.0
        norm = float(sub @ sub)
        if norm == 0:
            break
        mu = np.clip(mu - theta * (L - lower) / norm * sub, 0.0, r)
    return best, best_s


def _reduce(A, r, useful, n, L, s, incumbent):
    """Lagrangian variable fixing. With T the n largest s_j: a solution opening j ∉ T is worth at
    most L − s_(n) + s_j, one without j ∈ T at most L − s_j + s_(n+1). Below the incumbent, j is
    ruled out (resp. fixed in). Returns the reduced instance on the remaining candidates."""
    tol = 1e-9 * max(1.0, float(r.sum()))
    su = s[useful]
    order = np.argsort(-su, kind="stable")
    s_n = su[order[n - 1]]
    s_n1 = su[order[n]] if len(su) > n else 0.0
    top = np.zeros(len(useful), bool)
    top[order[:n]] = True
    out = ~top & (L - s_n + su < incumbent - tol)
    forced_mask = top & (L - su + s_n1 < incumbent - tol)
    forced = [int(j) for j in useful[forced_mask]]
    cols = useful[~out & ~forced_mask]
    covered_forced = (np.asarray(A[:, forced].sum(axis=1)).ravel() > 0 if forced
                      else np.zeros(A.shape[0], bool))
    sub = A[:, cols].tocsr()
    rows = (np.diff(sub.indptr) > 0) & ~covered_forced
    return (sub[rows], r[rows], cols, forced, n - len(forced), float(r[covered_forced].sum()))


def _mclp_milp(A, r, n, time_limit_s):
    """Exact MCLP: (chosen column positions or None, upper bound, optimal)."""
    from scipy.optimize import Bounds, LinearConstraint, milp
    g, k = A.shape
    if n <= 0 or k == 0:
        return [], 0.0, True
    if k <= n:
        return list(range(k)), float(r.sum()), True
    # Variables: x (k candidates, binary), y (g groups, continuous 0..1). Minimise −Σ r y.
    cost = np.concatenate([np.zeros(k), -r])
    link = sparse.hstack([-A, sparse.identity(g, format="csr")], format="csr")  # y − A x ≤ 0
    card = sparse.csr_matrix(np.concatenate([np.ones(k), np.zeros(g)])[None, :])
    cons = [LinearConstraint(link, -np.inf, 0.0), LinearConstraint(card, n, n)]
    integrality = np.concatenate([np.ones(k), np.zeros(g)])
    res = milp(cost, constraints=cons, integrality=integrality, bounds=Bounds(0, 1),
               options={"time_limit": float(time_limit_s), "mip_rel_gap": 1e-9, "presolve": True})
    dual = getattr(res, "mip_dual_bound", None)
    ub = -float(dual) if dual is not None and np.isfinite(dual) else float(r.sum())
    if res.x is None:
        return None, ub, False
    chosen = [int(j) for j in np.argsort(-res.x[:k])[:n]]
    return chosen, ub, res.status == 0


def _rank(A, r, chosen):
    """Order the chosen sites greedily within the set and give each its marginal gain."""
    A_csc = A.tocsc()
    unc = r.copy()
    left = list(chosen)
    order, gains = [], []
    while left:
        g = [float(unc[A_csc.indices[A_csc.indptr[j]:A_csc.indptr[j + 1]]].sum()) for j in left]
        k = int(np.argmax(g))
        j = left.pop(k)
        order.append(j)
        gains.append(g[k])
        unc[A_csc.indices[A_csc.indptr[j]:A_csc.indptr[j + 1]]] = 0.0
    return order, np.asarray(gains, float)


class _Scaled(Feedback):
    """Maps a sub-task's 0..100 progress onto [lo, hi] of the parent's."""

    def __init__(self, parent: Feedback, lo: float, hi: float):
        self.parent, self.lo, self.hi = parent, lo, hi

    def set_progress(self, percent: float) -> None:
        self.parent.set_progress(self.lo + (self.hi - self.lo) * percent / 100.0)

    def is_canceled(self) -> bool:
        return self.parent.is_canceled()

    def info(self, message: str) -> None:
        self.parent.info(message)


# ---------------------------------------------------------------------------------------------
# p-median

def p_median(demand_xy, weights, candidates_xy, n_sites: int, *, existing_xy=None,
             method: str = "auto", time_limit_s: float = 60.0, max_matrix: int = 20_000_000,
             exact_max_vars: int = PMEDIAN_EXACT_MAX_VARS, max_passes: int = 50,
             feedback: Feedback | None = None) -> PlacementResult:
    """Choose ``n_sites`` candidates minimising the weighted mean distance from each demand point
    to its nearest place, existing places (fixed or mobile: any presence) included."""
    fb = ensure(feedback)
    t0 = time.perf_counter()
    from .aggregate import _check_candidates, clean_demand
    demand_xy, w_all = clean_demand(demand_xy, weights)
    cand = _check_candidates(candidates_xy)
    m = len(cand)
    _check_n(n_sites, m, method)
    if w_all.sum() <= 0:
        raise ParameterError("the demand weights sum to 0: nothing to place sites for")
    ex = None if existing_xy is None else np.asarray(existing_xy, float).reshape(-1, 2)
    if ex is not None:
        ex = ex[np.isfinite(ex).all(axis=1)]
        ex = ex if len(ex) else None
    notes = []
    pts, w, cell = _grid_aggregate(demand_xy, w_all, m, max_matrix)
    if cell:
        notes.append(f"demand aggregated on a {cell:.0f} m grid ({len(pts)} cells) for the search; "
                     "the objective is evaluated on the original points")
    keep = w > 0
    pts, w = pts[keep], w[keep]
    d_ex = (cKDTree(ex).query(pts, k=1)[0] if ex is not None else np.full(len(pts), np.inf))
    D = cdist(pts, cand)                                                 # g × m
    fb.set_progress(10)
    chosen, cost, lower, method_used, greedy_cost = _pm_solve(
        D, w, d_ex, n_sites, method, time_limit_s, exact_max_vars, max_passes, fb, notes)
    fb.set_progress(95)
    order, gains, cum = _pm_rank(D, w, d_ex, chosen)
    total_w = float(w.sum())
    # Re-evaluate on the original points (differs from the search objective only if aggregated).
    sites = cand[np.asarray(order)]
    near = cKDTree(sites if ex is None else np.vstack([sites, ex])).query(demand_xy, k=1)
    d_true, idx_true = near
    d_true = np.where(w_all > 0, d_true, 0.0)     # points without coordinates weigh 0
    served = np.bincount(idx_true[idx_true < len(order)], weights=w_all[idx_true < len(order)],
                         minlength=len(order))[:len(order)]
    mean_true = float(np.dot(w_all, d_true) / w_all.sum())
    base_cost = float(np.dot(w, d_ex)) if ex is not None else math.inf
    gap = (cost - lower) / cost if cost > 0 else 0.0
    if cell:
        notes.append(f"weighted mean distance on the grid cells: {cost / total_w:.1f} m")
    return PlacementResult(
        problem="p-median", method=method_used, chosen=np.asarray(order, np.int64), gains=gains,
        served=served, objective=mean_true, bound=lower / total_w, gap=max(gap, 0.0),
        baseline=(base_cost / total_w if ex is not None else math.inf), total_demand=total_w,
        seconds=time.perf_counter() - t0, greedy_objective=greedy_cost / total_w, notes=notes,
        details={"grid_cell_m": cell, "points": int(len(pts)),
                 "mean_dist_cum_m": cum / total_w, "search_objective": cost / total_w})


def _pm_solve(D, w, d_ex, n_sites, method, time_limit_s, exact_max_vars, max_passes, fb, notes):
    """Greedy, interchange, MILP and Lagrangian bound on a demand × candidate cost matrix."""
    chosen, greedy_cost = _pm_greedy(D, w, d_ex, n_sites, fb)
    method_used = "greedy"
    if method != "greedy":
        chosen = _pm_interchange(D, w, d_ex, chosen, max_passes, fb)
        method_used = "greedy+interchange"
    cost = _pm_cost(D, w, d_ex, chosen)
    fb.set_progress(60)
    lower = -math.inf
    nvars = D.size
    if method == "exact" or (method == "auto" and nvars <= exact_max_vars):
        sol = _pm_milp(D, w, d_ex, n_sites, time_limit_s)
        if sol is not None:
            ex_chosen, ex_lower, optimal = sol
            lower = max(lower, ex_lower)
            ex_cost = _pm_cost(D, w, d_ex, ex_chosen)
            if ex_cost <= cost + 1e-9 * max(1.0, cost):
                chosen, cost = ex_chosen, ex_cost
                method_used = "milp (optimal)" if optimal else "milp (time limit)"
            if optimal:
                lower = max(lower, ex_cost)
    elif method == "auto":
        notes.append(f"exact mode skipped: {nvars} assignment variables (limit {exact_max_vars})")
    if lower == -math.inf or lower < cost - 1e-9 * cost:
        lower = max(lower, _pm_lagrangian(D, w, d_ex, n_sites, cost, fb))
    return chosen, cost, lower, method_used, greedy_cost


def p_median_costs(costs, weights, n_sites: int, *, existing_costs=None, method: str = "auto",
                   time_limit_s: float = 60.0, exact_max_vars: int = PMEDIAN_EXACT_MAX_VARS,
                   max_passes: int = 50, feedback: Feedback | None = None) -> PlacementResult:
    """p-median on a dense cost matrix (demand × candidates: travel times, network distances;
    ``inf`` = unreachable) and the cost from each demand point to its nearest existing place.
    The objective is the weighted mean cost (in the matrix's unit)."""
    fb = ensure(feedback)
    t0 = time.perf_counter()
    from .aggregate import _check_weights
    D = np.asarray(costs, float)
    if D.ndim != 2:
        raise ParameterError("the cost matrix must be 2-D (demand points × candidates)")
    w = _check_weights(weights, D.shape[0])
    _check_n(n_sites, D.shape[1], method)
    d_ex = (np.full(D.shape[0], np.inf) if existing_costs is None
            else np.asarray(existing_costs, float).reshape(-1))
    if len(d_ex) != D.shape[0]:
        raise ParameterError(f"{len(d_ex)} existing costs for {D.shape[0]} demand points")
    keep = w > 0
    D, w, d_ex = D[keep], w[keep], d_ex[keep]
    big = np.isinf(D)
    if big.any():  # unreachable pairs: a large finite cost keeps the arithmetic (and the MILP) sound
        finite = np.concatenate([D[~big], d_ex[np.isfinite(d_ex)]])
        D = np.where(big, 10.0 * (finite.max() if finite.size else 1.0) + 1.0, D)
    notes: list = []
    chosen, cost, lower, method_used, greedy_cost = _pm_solve(
        D, w, d_ex, n_sites, method, time_limit_s, exact_max_vars, max_passes, fb, notes)
    order, gains, cum = _pm_rank(D, w, d_ex, chosen)
    total_w = float(w.sum())
    full = np.column_stack([D[:, order], d_ex])
    served = np.bincount(np.argmin(full, axis=1), weights=w, minlength=len(order) + 1)[:len(order)]
    return PlacementResult(
        problem="p-median", method=method_used, chosen=np.asarray(order, np.int64), gains=gains,
        served=served, objective=cost / total_w, bound=lower / total_w,
        gap=max((cost - lower) / cost, 0.0) if cost > 0 else 0.0,
        baseline=float(np.dot(w, d_ex)) / total_w, total_demand=total_w,
        seconds=time.perf_counter() - t0, greedy_objective=greedy_cost / total_w, notes=notes,
        details={"mean_dist_cum_m": cum / total_w, "search_objective": cost / total_w})


def _grid_aggregate(xy, w, m, max_matrix):
    """Weighted centroids of a square grid coarse enough for (cells × m) ≤ max_matrix."""
    if len(xy) * m <= max_matrix:
        return xy, w, 0.0
    span = float(np.ptp(xy, axis=0).max()) or 1.0
    cell = max(span / 4096.0, 10.0)
    while True:
        ij = np.floor((xy - xy.min(0)) / cell).astype(np.int64)
        key = ij[:, 0] * (int(ij[:, 1].max()) + 1) + ij[:, 1]
        uniq, inv = np.unique(key, return_inverse=True)
        if len(uniq) * m <= max_matrix:
            break
        cell *= 1.5
    inv = inv.reshape(-1)
    ws = np.bincount(inv, weights=w)
    pos = ws > 0
    cx = np.bincount(inv, weights=w * xy[:, 0]) / np.where(pos, ws, 1)
    cy = np.bincount(inv, weights=w * xy[:, 1]) / np.where(pos, ws, 1)
    return np.column_stack([cx, cy])[pos], ws[pos], cell


def _pm_cost(D, w, d_ex, chosen) -> float:
    d = d_ex if len(chosen) == 0 else np.minimum(d_ex, D[:, list(chosen)].min(axis=1))
    return float(np.dot(w, d))


def _pm_costs_all(D, w, cur, block=2048):
    """Σ_i w_i min(cur_i, D_ic) for every candidate c, in column blocks to bound memory."""
    out = np.empty(D.shape[1])
    for s in range(0, D.shape[1], block):
        out[s:s + block] = w @ np.minimum(cur[:, None], D[:, s:s + block])
    return out


def _pm_greedy(D, w, d_ex, n, fb):
    cur = d_ex.copy()
    chosen = []
    for _ in range(n):
        fb.check()
        costs = _pm_costs_all(D, w, cur)
        costs[chosen] = np.inf
        j = int(np.argmin(costs))
        chosen.append(j)
        cur = np.minimum(cur, D[:, j])
    return chosen, float(np.dot(w, cur))


def _pm_interchange(D, w, d_ex, chosen, max_passes, fb):
    """Teitz–Bart interchange, best improvement per pass: for each chosen site s, the distances
    without s come from the first and second nearest open places."""
    chosen = list(chosen)
    for _ in range(max_passes):
        fb.check()
        DS = np.column_stack([D[:, chosen], d_ex])
        part = np.argsort(DS, axis=1)[:, :2]
        d1 = np.take_along_axis(DS, part[:, :1], 1)[:, 0]
        d2 = np.take_along_axis(DS, part[:, 1:2], 1)[:, 0]
        current = float(np.dot(w, d1))
        best, best_s, best_c = current, -1, -1
        for s in range(len(chosen)):
            without = np.where(part[:, 0] == s, d2, d1)
            costs = _pm_costs_all(D, w, without)
            costs[chosen] = np.inf
            c = int(np.argmin(costs))
            if costs[c] < best - 1e-12 * max(1.0, current):
                best, best_s, best_c = costs[c], s, c
        if best_s < 0:
            break
        chosen[best_s] = best_c
    return chosen


def _pm_milp(D, w, d_ex, n, time_limit_s):
    """Assignment formulation: x_j open, z_ij assign i to j (z_i,e to the existing places)."""
    from scipy.optimize import Bounds, LinearConstraint, milp
    g, m = D.shape
    has_ex = np.isfinite(d_ex).any()
    ne = g if has_ex else 0
    nv = m + g * m + ne
    cost = np.concatenate([np.zeros(m), (w[:, None] * D).ravel(),
                           (w * np.where(np.isfinite(d_ex), d_ex, 0.0)) if has_ex else np.zeros(0)])
    rows_i = np.repeat(np.arange(g), m)
    zcols = m + np.arange(g * m)
    # Σ_j z_ij (+ z_ie) = 1
    r1 = [rows_i]
    c1 = [zcols]
    if has_ex:
        r1.append(np.arange(g))
        c1.append(m + g * m + np.arange(g))
    r1, c1 = np.concatenate(r1), np.concatenate(c1)
    assign = sparse.csr_matrix((np.ones(len(r1)), (r1, c1)), shape=(g, nv))
    # z_ij − x_j ≤ 0
    k = np.arange(g * m)
    link = sparse.csr_matrix((np.concatenate([np.ones(g * m), -np.ones(g * m)]),
                              (np.concatenate([k, k]), np.concatenate([zcols, np.tile(np.arange(m), g)]))),
                             shape=(g * m, nv))
    card = sparse.csr_matrix((np.ones(m), (np.zeros(m, int), np.arange(m))), shape=(1, nv))
    ub = np.ones(nv)
    if has_ex:
        ub[m + g * m:][~np.isfinite(d_ex)] = 0.0
    cons = [LinearConstraint(assign, 1, 1), LinearConstraint(link, -np.inf, 0),
            LinearConstraint(card, n, n)]
    integrality = np.concatenate([np.ones(m), np.zeros(nv - m)])
    res = milp(cost, constraints=cons, integrality=integrality, bounds=Bounds(0, ub),
               options={"time_limit": float(time_limit_s), "mip_rel_gap": 1e-9})
    if res.x is None:
        return None
    chosen = list(np.argsort(-res.x[:m])[:n])
    dual = getattr(res, "mip_dual_bound", None)
    lower = float(dual) if dual is not None and np.isfinite(dual) else -math.inf
    return chosen, lower, res.status == 0


def _pm_lagrangian(D, w, d_ex, n, upper, fb, iters=60) -> float:
    """Lagrangian lower bound (assignment constraints relaxed), by subgradient ascent.
    L(λ) = Σλ_i + Σ_i min(0, w_i d_ex_i − λ_i) + (sum of the n most negative ρ_j),
    ρ_j = Σ_i min(0, w_i D_ij − λ_i)."""
    wd_ex = np.where(np.isfinite(d_ex), w * d_ex, np.inf)
    lam = np.minimum(wd_ex, (w[:, None] * D).min(axis=1))   # every i to its nearest possible place
    best = -math.inf
    theta = 1.0
    stall = 0
    for _ in range(iters):
        fb.check()
        red = np.minimum(0.0, w[:, None] * D - lam[:, None])           # g × m
        rho = red.sum(axis=0)
        open_ = np.argpartition(rho, n - 1)[:n] if n < len(rho) else np.arange(len(rho))
        ex_term = np.minimum(0.0, wd_ex - lam)
        L = float(lam.sum() + ex_term.sum() + rho[open_].sum())
        if L > best + 1e-12 * abs(upper):
            best, stall = L, 0
        else:
            stall += 1
            if stall >= 5:
                theta, stall = theta / 2, 0
        # subgradient of L: 1 − Σ_j z_ij − z_ie
        sub = 1.0 - (red[:, open_] < 0).sum(axis=1) - (ex_term < 0)
        norm = float((sub ** 2).sum())
        if norm == 0 or theta < 1e-4 or upper - best <= 1e-9 * abs(upper):
            break
        lam = lam + theta * (upper - L) / norm * sub
    return best


def _pm_rank(D, w, d_ex, chosen):
    cur = d_ex.copy()
    left = list(chosen)
    order, gains, cum = [], [], []
    while left:
        costs = [float(np.dot(w, np.minimum(cur, D[:, j]))) for j in left]
        k = int(np.argmin(costs))
        j = left.pop(k)
        before = float(np.dot(w, cur)) if np.isfinite(cur).all() else math.inf
        cur = np.minimum(cur, D[:, j])
        after = float(np.dot(w, cur))
        gains.append(before - after if np.isfinite(before) else math.nan)
        cum.append(after)
        order.append(j)
    return order, np.asarray(gains, float), np.asarray(cum, float)
