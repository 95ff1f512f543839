"""Demand aggregation for covering problems: what makes a million addresses tractable.

In a maximal covering problem a demand point enters the model only through *which candidate
sites could cover it*. Two addresses with the same set of candidate coverers are
interchangeable: whatever sites are chosen, either both are covered or neither is. So they
collapse into one row whose weight is the sum of their (residual) weights, and the optimum of the
aggregated problem is exactly the optimum of the original one — no approximation.

How the sets are compared without building a million Python sets: each candidate gets two random
64-bit keys; a demand point's set is hashed as the wrap-around sums of its coverers' keys (a
128-bit set hash, independent of order), computed with ``np.add.reduceat`` over the CSR rows of
the demand × candidate coverage matrix, one chunk of demand at a time. Points with equal hashes
and equal coverer counts form one group (a collision between two different sets has a
probability of order n²/2¹²⁸: nil). A second pass rebuilds the coverage rows of one
representative per group only.

Existing places are taken into account before that: a demand point already within reach of a
fixed place is covered whatever happens and leaves the model (it counts in a constant); one within
reach of a mobile stop only (presence weight ``p`` < 1, see :mod:`.mobile`) keeps the residual
weight ``w·(1 − p)`` — the share of its demand a new fixed place would add.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse
from scipy.spatial import cKDTree

from ..errors import ParameterError
from ..progress import Feedback, ensure

CHUNK = 50_000


@dataclass
class CoverageInstance:
    """An aggregated maximal-covering instance.

    ``cover`` is a CSR matrix (groups × candidates, 1.0 where the candidate covers the group),
    ``residual`` the demand of each group still to gain, ``group_of`` the group of each input
    demand point (-1: already fully covered or no candidate within reach).
    """
    cover: sparse.csr_matrix
    residual: np.ndarray
    group_of: np.ndarray
    existing_level: np.ndarray      # coverage level 0..1 of each demand point by existing places
    weights: np.ndarray             # demand weight of each input point
    n_candidates: int

    @property
    def total_demand(self) -> float:
        return float(self.weights.sum())

    @property
    def covered_existing(self) -> float:
        """Demand already covered by existing places (fractional for mobile stops)."""
        return float(np.dot(self.weights, self.existing_level))

    @property
    def n_groups(self) -> int:
        return int(self.cover.shape[0])


def existing_level(demand_xy: np.ndarray, existing_xy: np.ndarray | None, radius_m: float,
                   presence: np.ndarray | None = None) -> np.ndarray:
    """Coverage level of each demand point by existing places: the largest presence weight
    (1 for a fixed place) among the places within ``radius_m``; 0 if none."""
    n = len(demand_xy)
    level = np.zeros(n)
    if existing_xy is None or len(existing_xy) == 0:
        return level
    existing_xy = np.asarray(existing_xy, float).reshape(-1, 2)
    presence = np.ones(len(existing_xy)) if presence is None else np.clip(np.asarray(presence, float), 0, 1)
    located = np.isfinite(existing_xy).all(axis=1)      # places without coordinates reach nobody
    existing_xy, presence = existing_xy[located], np.where(np.isfinite(presence), presence, 0.0)[located]
    fixed = presence >= 1.0
    if fixed.any():
        d, _ = cKDTree(existing_xy[fixed]).query(demand_xy, k=1, distance_upper_bound=radius_m * (1 + 1e-9) + 1e-9)
        level[np.isfinite(d) & (d <= radius_m)] = 1.0
    part = np.flatnonzero((~fixed) & (presence > 0))
    if part.size:
        tree = cKDTree(existing_xy[part])
        for start in range(0, n, CHUNK):
            stop = min(n, start + CHUNK)
            pairs = cKDTree(demand_xy[start:stop]).sparse_distance_matrix(
                tree, radius_m, output_type="ndarray")
            if len(pairs):
                rows = pairs["i"] + start
                np.maximum.at(level, rows, presence[part][pairs["j"]])
    return level


def _hashes(csr: sparse.csr_matrix, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(h1, h2, count) per row: order-independent 128-bit hash of the row's column set."""
    counts = np.diff(csr.indptr)
    nonempty = counts > 0
    starts = csr.indptr[:-1][nonempty]
    h1 = np.zeros(csr.shape[0], np.uint64)
    h2 = np.zeros(csr.shape[0], np.uint64)
    if starts.size:
        cols = csr.indices
        h1[nonempty] = np.add.reduceat(keys[0][cols], starts)
        h2[nonempty] = np.add.reduceat(keys[1][cols], starts)
    return h1, h2, counts


def _ball_rows(demand_xy: np.ndarray, tree: cKDTree, radius_m: float, m: int) -> sparse.csr_matrix:
    """Demand × candidate CSR matrix of the pairs within ``radius_m``."""
    pairs = cKDTree(demand_xy).sparse_distance_matrix(tree, radius_m, output_type="ndarray")
    data = np.ones(len(pairs))
    return sparse.csr_matrix((data, (pairs["i"], pairs["j"])), shape=(len(demand_xy), m))


def _group(h1, h2, counts, residual, keep, feedback: Feedback):
    """Group the kept rows by identical (hash, count); return (group_of, representatives, residual)."""
    n = len(h1)
    idx = np.flatnonzero(keep)
    group_of = np.full(n, -1, np.int64)
    if idx.size == 0:
        return group_of, idx, np.zeros(0)
    key = np.stack([h1[idx], h2[idx], counts[idx].astype(np.uint64)], axis=1)
    _, first, inverse = np.unique(key, axis=0, return_index=True, return_inverse=True)
    inverse = np.asarray(inverse).reshape(-1)
    group_of[idx] = inverse
    reps = idx[first]
    res = np.bincount(inverse, weights=residual[idx], minlength=len(reps))
    return group_of, reps, res


def _keys(m: int, seed: int = 0x7E5D1A6) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return rng.integers(0, np.iinfo(np.uint64).max, size=(2, m), dtype=np.uint64, endpoint=True)


def coverage_instance(demand_xy, weights, candidates_xy, radius_m: float, *,
                      existing_xy=None, existing_presence=None,
                      feedback: Feedback | None = None) -> CoverageInstance:
    """Aggregate a crow-flies maximal-covering instance (see the module docstring).

    ``demand_xy`` (n, 2) and ``candidates_xy`` (m, 2) in the same metric CRS, ``weights`` (n,)
    the demand of each point (population, or fragility-weighted population), ``radius_m`` the
    covering distance. ``existing_presence`` gives the presence weight of each existing place
    (1 = fixed, < 1 = mobile stop, see :mod:`.mobile`).
    """
    fb = ensure(feedback)
    demand_xy, weights = clean_demand(demand_xy, weights)
    candidates_xy = _check_candidates(candidates_xy)
    if not np.isfinite(radius_m) or radius_m <= 0:
        raise ParameterError(f"the covering distance must be positive (got {radius_m})",
                             hint="give a distance in kilometres greater than 0")
    m = len(candidates_xy)
    level = existing_level(demand_xy, existing_xy, radius_m, existing_presence)
    residual = weights * (1.0 - level)
    keys = _keys(m)
    tree = cKDTree(candidates_xy) if m else None
    n = len(demand_xy)
    h1 = np.zeros(n, np.uint64)
    h2 = np.zeros(n, np.uint64)
    counts = np.zeros(n, np.int64)
    todo = np.flatnonzero(residual > 0)
    for k, start in enumerate(range(0, todo.size, CHUNK)):
        fb.check()
        rows = todo[start:start + CHUNK]
        if tree is None:
            break
        csr = _ball_rows(demand_xy[rows], tree, radius_m, m)
        h1[rows], h2[rows], counts[rows] = _hashes(csr, keys)
        fb.set_progress(80.0 * min(1.0, (start + CHUNK) / max(todo.size, 1)))
    keep = (residual > 0) & (counts > 0)
    group_of, reps, res = _group(h1, h2, counts, residual, keep, fb)
    cover = (_ball_rows(demand_xy[reps], tree, radius_m, m) if reps.size
             else sparse.csr_matrix((0, m)))
    fb.set_progress(100.0)
    return CoverageInstance(cover=cover, residual=res, group_of=group_of, existing_level=level,
                            weights=weights, n_candidates=m)


def coverage_from_costs(costs, threshold: float) -> sparse.csr_matrix:
    """Coverage matrix (demand × candidates) from a sparse or dense cost matrix (travel time or
    network distance): covered where the cost is ≤ ``threshold``. In a sparse matrix, entries not
    stored mean "unreachable" (not "cost 0")."""
    if sparse.issparse(costs):
        c = sparse.coo_matrix(costs)
        ok = np.isfinite(c.data) & (c.data <= threshold)
        return sparse.csr_matrix((np.ones(int(ok.sum())), (c.row[ok], c.col[ok])), shape=c.shape)
    c = np.asarray(costs, float)
    return sparse.csr_matrix(np.isfinite(c) & (c <= threshold), dtype=float)


def instance_from_matrix(cover, weights, existing_level_: np.ndarray | None = None) -> CoverageInstance:
    """Aggregate an instance given its coverage matrix directly (e.g. from travel times via
    :func:`coverage_from_costs`); ``existing_level_`` is the coverage level 0..1 of each demand
    point by the existing places under the same rule."""
    cover = sparse.csr_matrix(cover, dtype=float)
    cover.data[:] = 1.0
    n, m = cover.shape
    weights = _check_weights(weights, n)
    level = np.zeros(n) if existing_level_ is None else np.clip(np.asarray(existing_level_, float), 0, 1)
    residual = weights * (1.0 - level)
    h1, h2, counts = _hashes(cover, _keys(m))
    keep = (residual > 0) & (counts > 0)
    group_of, reps, res = _group(h1, h2, counts, residual, keep, ensure(None))
    return CoverageInstance(cover=cover[reps], residual=res, group_of=group_of,
                            existing_level=level, weights=weights, n_candidates=m)


def clean_demand(demand_xy, weights):
    """(xy, weights) with points lacking coordinates given weight 0 (and dummy coordinates), so
    they count in no objective; weights checked."""
    xy = np.array(demand_xy, float).reshape(-1, 2)
    w = _check_weights(weights, len(xy)).copy()
    bad = ~np.isfinite(xy).all(axis=1)
    if bad.any():
        xy[bad] = 0.0
        w[bad] = 0.0
    return xy, w


def _check_candidates(candidates_xy) -> np.ndarray:
    c = np.asarray(candidates_xy, float).reshape(-1, 2)
    bad = ~np.isfinite(c).all(axis=1)
    if bad.any():
        k = int(np.flatnonzero(bad)[0])
        raise ParameterError(f"candidate site {k + 1} has no coordinates",
                             hint="remove it from the candidates or give its x/y")
    return c


def _check_weights(weights, n: int) -> np.ndarray:
    w = np.ones(n) if weights is None else np.asarray(weights, float).reshape(-1)
    if len(w) != n:
        raise ParameterError(f"{len(w)} demand weights for {n} demand points")
    bad = ~np.isfinite(w) | (w < 0)
    if bad.any():
        first = int(np.flatnonzero(bad)[0])
        raise ParameterError(f"demand weight of point {first + 1} is {w[first]!r}: weights must be "
                             "finite and non-negative", hint="fill missing weights with 0")
    return w
