"""Coverage as the crow flies: distance from each demand point to the nearest service.

Demand points (:mod:`demand`) are addresses (one row per address, ``code_insee``, ``x``, ``y`` in
a metric CRS), else the 200 m grid cells or IRIS of a population layer, else one point per
commune; each row says which (``demand_source``) and statistics are weighted by population.

Everything is vectorised: a grid of squares settles most points' nearest service, a KD-tree
query answers the others (in chunks, to bound memory; the same answer to the last bit, see
:func:`_grid_nearest`), then per-commune statistics selected in bins (see :func:`group_stats`),
never a Python loop over points.
"""
from __future__ import annotations

import os

import numpy as np
import pandas as pd

from ..errors import InputDataError, ParameterError
from .groups import check_xy

# KD-tree queries are made by chunks of this many points: a 26 M-point national run then needs
# about 100 MB of scratch memory instead of 1.3 GB.
CHUNK = 2_000_000
# from this many values, quantiles are selected in bins (quantiles.py) rather than by sorting
BINNED_MIN = 100_000
# from this many points, the cells of a grid settle most points' nearest service without the
# KD-tree (see _grid_nearest); below, the tree alone is as fast
GRID_MIN = 50_000
# at most this many grid cells (and cells per point), whatever the extent
GRID_MAX_CELLS = 1 << 24
# from this many points, the grid's passes over the points run on two threads
PARALLEL_POINTS_MIN = 200_000


def nearest_distance(addr_x, addr_y, svc_x, svc_y, *, workers: int = -1,
                     chunk: int = CHUNK, tree=None) -> tuple[np.ndarray, np.ndarray]:
    """Euclidean distance (CRS units) from each point to the nearest service, and that service's
    position in ``svc_x``. Uses scipy's cKDTree; ``workers=-1`` uses every core."""
    from scipy.spatial import cKDTree

    ax = np.asarray(addr_x, dtype=float)
    ay = np.asarray(addr_y, dtype=float)
    if tree is None:
        sx = np.asarray(svc_x, dtype=float)
        sy = np.asarray(svc_y, dtype=float)
        ok = np.isfinite(sx) & np.isfinite(sy)
        if not ok.any():
            raise InputDataError("no service point with coordinates",
                                 hint="load at least one service place with x/y")
        keep = np.flatnonzero(ok)
        tree = cKDTree(np.column_stack([sx[keep], sy[keep]]))
        dropped = len(keep) < len(sx)
    else:
        keep = np.arange(tree.n)
        dropped = False
    n = ax.shape[0]
    dist = np.empty(n, dtype=float)
    idx = np.empty(n, dtype=np.int64)
    rest = _grid_nearest(ax, ay, tree, dist, idx, workers) if n >= GRID_MIN else None
    m = n if rest is None else len(rest)
    for start in range(0, m, chunk):
        stop = min(m, start + chunk)
        if rest is None:
            pts = np.column_stack([ax[start:stop], ay[start:stop]])
        else:
            part = rest[start:stop]
            pts = np.column_stack([ax[part], ay[part]])
        bad = ~np.isfinite(pts).all(axis=1)
        if bad.any():
            pts[bad] = 0.0
        d, i = tree.query(pts, k=1, workers=workers)
        if bad.any():
            d[bad] = np.nan
            i[bad] = -1
        if rest is None:
            dist[start:stop] = d
            idx[start:stop] = i
        else:
            dist[part] = d
            idx[part] = i
    if dropped:
        # some services had no coordinates: tree positions -> positions in svc_x
        ok = idx >= 0
        idx[ok] = keep[np.minimum(idx[ok], len(keep) - 1)]
    else:                   # positions in the tree are positions in svc_x (no masked copies)
        np.minimum(idx, len(keep) - 1, out=idx)       # the tree says n for "none" (never with k=1)
    return dist, idx


def _grid_nearest(ax, ay, tree, dist, idx, workers, chunk=CHUNK) -> np.ndarray | None:
    """Fills ``dist``/``idx`` (position in the tree's data) of the points whose nearest service a
    grid cell settles, and returns the positions of the others (the tree answers them), or None
    when the grid does not apply.

    A service's Voronoi cell is convex: when the four corners of a square all have service s as
    their nearest, by a margin, so has every point of the square, strictly — the service the
    KD-tree finds, at the same distance to the last bit (both compute sqrt(dx*dx + dy*dy)). The
    margin: for every other service s', d(p, s')² - d(p, s)² is affine in p, so over the square it
    is smallest at a corner; it is asked to exceed the rounding of the squared distances many
    times over. Squares of side a power of two on a lattice of its multiples: corners and cell
    bounds are exact, and a point is checked to lie in its square by exact comparisons. The side
    is about an eighth of the services' spacing: the corners are then about a sixth as many as
    the points, and three points in four lie in a settled square. Most of the other squares (a
    Voronoi edge crosses them) have their points' nearest among the two or three services nearest
    their centre (:func:`_square_candidates`): about 3 % of the points are left to the tree
    (services at one place share their squares: those points go to the tree too)."""
    data = tree.data
    m = data.shape[0]
    fin = np.isfinite(ax) & np.isfinite(ay)
    if m < 2 or not fin.any():
        return None
    ok = None if fin.all() else np.flatnonzero(fin)
    px, py = (ax, ay) if ok is None else (ax[ok], ay[ok])
    n = len(px)
    xmin, xmax, ymin, ymax = float(px.min()), float(px.max()), float(py.min()), float(py.max())
    smin, smax = data.min(axis=0), data.max(axis=0)
    area = float((smax[0] - smin[0]) * (smax[1] - smin[1]))
    if not area > 0:
        area = max(xmax - xmin, 1.0) * max(ymax - ymin, 1.0)
    side = 2.0 ** np.round(np.log2(max(np.sqrt(area / m) / 8.0, 1e-6)))
    cap = min(GRID_MAX_CELLS, 4 * n)
    while ((xmax - xmin) / side + 2) * ((ymax - ymin) / side + 2) > cap:
        side *= 2.0
    x0, y0 = np.floor(xmin / side) * side, np.floor(ymin / side) * side
    lat = int((ymax - y0) / side) + 2                 # corner lattice: columns of lat corners
    size = (int((xmax - x0) / side) + 2) * lat
    corner = np.empty(n, dtype=np.int64)               # lower-left corner of each point's square
    inside = np.empty(n, dtype=bool)                   # the point lies in that square (see below)
    # the points by blocks, on two threads from PARALLEL_POINTS_MIN points (numpy lets go of
    # Python's lock in its passes): each block's own buffers, few temporaries (a fresh array
    # costs more in page faults than the arithmetic on it)
    threads = 2 if workers != 1 and n >= PARALLEL_POINTS_MIN and (os.cpu_count() or 1) >= 2 else 1
    step = min(chunk, -(-n // threads))
    blocks = [(a, min(n, a + step)) for a in range(0, n, step)]

    def locate(a, b):
        c, ins = corner[a:b], inside[a:b]
        fa, ka = np.empty(b - a), np.empty(b - a, dtype=np.int64)
        for p, p0, first in ((px[a:b], x0, True), (py[a:b], y0, False)):
            np.subtract(p, p0, out=fa)
            fa /= side
            np.copyto(ka, fa, casting="unsafe")       # truncation, as astype(int64)
            # exact bounds (multiples of a power of two): the point lies in its square when
            # rounding put it in its neighbour's
            np.multiply(ka, side, out=fa)
            fa += p0
            if first:
                np.greater_equal(p, fa, out=ins)
            else:
                ins &= p >= fa
            fa += side
            ins &= p <= fa
            if first:
                np.multiply(ka, lat, out=c)
            else:
                c += ka

    _on_threads(locate, blocks, threads)
    used = np.zeros(size, dtype=bool)
    used[corner] = True
    cells = np.flatnonzero(used)                      # squares holding a point
    for off in (1, lat, lat + 1):
        used[cells + off] = True
    at = np.flatnonzero(used)
    del used
    d2, i2 = tree.query(np.column_stack([x0 + (at // lat) * side, y0 + (at % lat) * side]), k=2, workers=workers)
    # squared-distance margin at each corner, against the rounding of squared distances of the
    # order of the farthest point of the square from its service (squares with a corner that has
    # no second service within reach are left to the tree)
    reach = d2[:, 1] + 2.0 * side
    with np.errstate(invalid="ignore"):
        firm = (d2[:, 1] - d2[:, 0]) * (d2[:, 1] + d2[:, 0]) > 1e-9 * reach * reach
    near = np.full(size, -1, dtype=np.int32)
    near[at] = np.where(firm, i2[:, 0], -1)
    del d2, i2, reach, firm, at
    s = near[cells]
    settled = s >= 0
    for off in (1, lat, lat + 1):
        settled &= near[cells + off] == s
    near[:] = -1                                      # now: what settles each square, see below
    near[cells[settled]] = s[settled]
    cand = _square_candidates(tree, cells[~settled], lat, side, x0, y0, workers)
    near[cand[0]] = -2 - np.arange(len(cand[0]), dtype=np.int32)
    cand = cand[1]
    del s, settled, cells
    # every point of a chunk gets the distance to its square's service (a junk one outside the
    # settled squares: the tree overwrites it), so no masked copies of a million coordinates
    sxd, syd = np.ascontiguousarray(data[:, 0]), np.ascontiguousarray(data[:, 1])

    def settle(a, b):
        c, ins = corner[a:b], inside[a:b]
        svc = near[c]
        good = svc >= 0
        good &= ins
        loose = np.flatnonzero((svc <= -2) & ins)
        np.maximum(svc, 0, out=svc)
        x, y = px[a:b], py[a:b]
        dx = dist[a:b] if ok is None else np.empty(b - a)
        np.take(sxd, svc, out=dx)
        np.subtract(x, dx, out=dx)
        dx *= dx
        dy = np.take(syd, svc)
        np.subtract(y, dy, out=dy)
        dy *= dy
        dx += dy
        del dy
        np.sqrt(dx, out=dx)
        if len(loose):
            ld, li = _nearest_candidate(x[loose], y[loose], cand[-2 - near[c[loose]]], sxd, syd)
            ok_l = li >= 0
            loose = loose[ok_l]
            dx[loose] = ld[ok_l]
            svc[loose] = li[ok_l]
            good[loose] = True
        if ok is None:
            idx[a:b] = svc
        else:
            dist[ok[a:b]] = dx
            idx[ok[a:b]] = svc
        bad = np.flatnonzero(~good) + a
        return bad if ok is None else ok[bad]

    left = _on_threads(settle, blocks, threads)
    if ok is not None:
        left.append(np.flatnonzero(~fin))
    return np.concatenate(left) if left else np.zeros(0, dtype=np.int64)


def _on_threads(fn, blocks, threads: int) -> list:
    """[fn(a, b) for each block], on ``threads`` threads (in block order)."""
    if threads < 2 or len(blocks) < 2:
        return [fn(a, b) for a, b in blocks]
    from concurrent.futures import ThreadPoolExecutor
    with ThreadPoolExecutor(threads, thread_name_prefix="terridiag-grid") as pool:
        return list(pool.map(lambda ab: fn(*ab), blocks))


# a square that the corners do not settle (a Voronoi edge crosses it) is given the services
# nearest its centre, up to this many: every point of the square has its nearest among them
CANDIDATES = 3


def _square_candidates(tree, squares, lat, side, x0, y0, workers) -> tuple[np.ndarray, np.ndarray]:
    """(squares, candidates): of the ``squares`` (corner-lattice numbers), those whose points all
    have their nearest service among a few, and those services (positions in the tree, -1
    padded; one row per square kept).

    A point p of a square is within r = side/√2 of its centre c. A service s' farther from c than
    the j nearest by more than 2r, d(c, s') - d(c, s1) > 2r, is farther from p than s1 is:
    d(p, s') >= d(c, s') - r > d(c, s1) + r >= d(p, s1). So when the (j+1)-th nearest service of c
    is that far, p's nearest is one of the j nearest (j <= CANDIDATES), with a margin for the
    rounding of the distances."""
    k = min(CANDIDATES + 1, tree.n)
    if not len(squares) or k < 2:
        return np.zeros(0, dtype=np.int64), np.zeros((0, CANDIDATES), dtype=np.int32)
    col = squares // lat
    cx = x0 + (col + 0.5) * side
    cy = y0 + (squares - col * lat + 0.5) * side
    d, i = tree.query(np.column_stack([cx, cy]), k=k, workers=workers)
    span = np.sqrt(2.0) * side * (1 + 1e-9) + 1e-9 * (d[:, 0] + side)
    far = (d[:, 1:] - d[:, :1]) > span[:, None]       # the (j+1)-th nearest is far enough
    with np.errstate(invalid="ignore"):
        far &= np.isfinite(d[:, :1])
    has = far.any(axis=1)
    j = np.argmax(far, axis=1) + 1                     # candidates: the j nearest
    keep = np.flatnonzero(has)
    out = np.full((len(keep), CANDIDATES), -1, dtype=np.int32)
    for t in range(k - 1):
        use = j[keep] > t
        out[use, t] = i[keep[use], t]
    return squares[keep], out


def _nearest_candidate(x, y, cand, sx, sy) -> tuple[np.ndarray, np.ndarray]:
    """For each point, the distance to the nearest of its candidate services (a row of ``cand``,
    -1 padded, the first always given) and that service, as the KD-tree computes them (the
    smallest squared distance dx*dx + dy*dy, then its square root); -1 where two candidates are
    at the same squared distance (a tie: the tree decides)."""
    # -1 picks the last coordinate: a service at infinity, never the nearest nor a tie
    sxe, sye = np.append(sx, np.inf), np.append(sy, np.inf)
    rows = np.ascontiguousarray(cand.T, dtype=np.intp)
    who = rows[0].copy()
    best = x - sxe[who]
    best *= best
    dy = y - sye[who]
    dy *= dy
    best += dy
    tie = None
    for s in rows[1:]:
        d = x - sxe[s]
        d *= d
        np.subtract(y, sye[s], out=dy)
        dy *= dy
        d += dy
        closer = d < best
        same = d == best
        tie = same if tie is None else (tie & ~closer) | same
        np.minimum(best, d, out=best)
        np.copyto(who, s, where=closer)
    if tie is not None:
        who[tie] = -1
    return np.sqrt(best, out=best), who


def service_points(services: pd.DataFrame, demand) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """(x, y, territory) of the services for a demand: as they are, or — when the demand spans
    several territories — each in the legal CRS of the territory it lies in."""
    sx, sy = services["x"].to_numpy(float), services["y"].to_numpy(float)
    if getattr(demand, "zone", None) is None:
        return sx, sy, None
    from .. import territories
    return territories.zone_points(sx, sy, demand.crs)


def nearest_by_zone(ax, ay, azone, sx, sy, szone, *, workers: int = -1) -> tuple[np.ndarray, np.ndarray]:
    """:func:`nearest_distance` territory by territory (``azone``/``szone``: territory of each
    point and service, or None for one territory): a point's nearest service is in its own
    territory; with none there, its distance is +inf (beyond every threshold); a point in no
    territory gets NaN."""
    if azone is None:
        return nearest_distance(ax, ay, sx, sy, workers=workers)
    ax, ay, sx, sy = (np.asarray(v, float) for v in (ax, ay, sx, sy))
    azone, szone = np.asarray(azone, dtype=object), np.asarray(szone, dtype=object)
    dist = np.full(len(ax), np.nan)
    idx = np.full(len(ax), -1, dtype=np.int64)
    s_ok = np.isfinite(sx) & np.isfinite(sy)
    for key in set(azone.tolist()) - {""}:
        a = np.flatnonzero(azone == key)
        s = np.flatnonzero((szone == key) & s_ok)
        if not len(s):
            dist[a] = np.where(np.isfinite(ax[a]) & np.isfinite(ay[a]), np.inf, np.nan)
            continue
        d, i = nearest_distance(ax[a], ay[a], sx[s], sy[s], workers=workers)
        dist[a] = d
        idx[a] = np.where(i >= 0, s[np.maximum(i, 0)], -1)
    return dist, idx


def _sorted_quantile(vals: np.ndarray, starts: np.ndarray, counts: np.ndarray, q: float) -> np.ndarray:
    """Quantile q of each group of ``vals`` (sorted within groups), numpy's "linear" method
    (pandas' default): position (n-1)*q, interpolated between neighbours."""
    out = np.full(len(starts), np.nan)
    ok = counts > 0
    pos = (counts[ok] - 1) * q
    lo = np.floor(pos).astype(np.int64)
    hi = np.minimum(lo + 1, counts[ok] - 1)
    frac = pos - lo
    base = starts[ok]
    vlo = vals[base + lo]
    vhi = vals[base + hi]
    out[ok] = vlo + (vhi - vlo) * frac
    return out


def _weighted_quantiles(g, v, w, n_groups, quantiles) -> dict[str, np.ndarray]:
    """Weighted quantiles per group that reduce to numpy's "linear" method for equal weights:
    in each group sorted by value, point k sits at p_k = (S_k - w_k) / (S - w_last) (S_k the
    cumulative weight), and q is interpolated between the two points around it."""
    out = {}
    if v.size == 0:
        for q in quantiles:
            out[f"q{int(round(q * 100))}"] = np.full(n_groups, np.nan)
        return out
    vmax = float(np.abs(v).max())
    k = np.ceil(vmax) + 1.0
    order = np.argsort(g * (2 * k) + v, kind="quicksort") if n_groups * 2 * k < 2 ** 50 else np.lexsort((v, g))
    g, v, w = g[order], v[order], w[order]
    cnt = np.bincount(g, minlength=n_groups)
    starts = np.concatenate([[0], np.cumsum(cnt)[:-1]]).astype(np.int64)
    cw = np.cumsum(w)
    base = np.concatenate([[0.0], cw])[starts]              # cumulative weight before each group
    tot = np.bincount(g, weights=w, minlength=n_groups)
    last = np.where(cnt > 0, w[np.minimum(starts + cnt - 1, len(w) - 1)], 0.0)
    den = (tot - last)[g]
    p = np.where(den > 0, (cw - base[g] - w) / np.where(den > 0, den, 1.0), 0.0)
    key = g * 2.0 + np.clip(p, 0.0, 1.0)
    ok = cnt > 0
    for q in quantiles:
        res = np.full(n_groups, np.nan)
        gi = np.flatnonzero(ok)
        lo = np.searchsorted(key, gi * 2.0 + q, side="right") - 1
        lo = np.clip(lo, starts[gi], starts[gi] + cnt[gi] - 1)
        hi = np.minimum(lo + 1, starts[gi] + cnt[gi] - 1)
        span = p[hi] - p[lo]
        frac = np.where(span > 0, (q - p[lo]) / np.where(span > 0, span, 1.0), 0.0)
        res[gi] = v[lo] + (v[hi] - v[lo]) * np.clip(frac, 0.0, 1.0)
        out[f"q{int(round(q * 100))}"] = res
    return out


def _one_group_count(groups, weights=None, minlength=0):
    """``np.bincount`` when every row is in group 0: the row count, or the sum of the weights."""
    if weights is None:
        return np.array([len(groups)], dtype=np.int64)
    return np.array([np.sum(weights, dtype=float)])


def group_stats(groups: np.ndarray, n_groups: int, values: np.ndarray,
                thresholds=(), weights: np.ndarray | None = None,
                quantiles=(0.5, 0.9), weighted: bool = False) -> dict[str, np.ndarray]:
    """Per-group statistics of ``values`` (quantiles by one sort, or selected in bins when large).

    Returns count (all rows), n_known (rows whose value is not NaN: NaN means unknown, e.g. a
    point off the road graph; +inf means unreachable), n_valid (finite values), mean, the
    quantiles ``q{int(100q)}`` over finite values, and for each threshold t the share of known
    rows (unreachable ones count as outside) with value <= t. With ``weights``: ``win_{t}`` (the
    weight within t) and ``wshare_{t}`` (weighted share) too, and with ``weighted=True`` the mean,
    quantiles and ``share_{t}`` are weighted (a group whose weights add up to 0 is weighted
    equally).
    """
    groups = np.asarray(groups, dtype=np.int64)
    # one group (the territory): plain sums instead of bincounts over a zero per row, 3-4x faster
    bincount = _one_group_count if n_groups == 1 else np.bincount
    values = np.asarray(values, dtype=float)
    finite = np.isfinite(values)
    # the usual case (every value known and finite, every group weighing something) skips the
    # masks and reuses equal sums: a handful of passes over a million rows instead of twenty-five
    all_finite = bool(finite.all())
    known = finite if all_finite else ~np.isnan(values)
    all_known = all_finite or bool(known.all())
    count = bincount(groups, minlength=n_groups).astype(float)
    n_known = count.copy() if all_known else bincount(groups, weights=known.astype(float), minlength=n_groups)
    n_valid = count.copy() if all_finite else bincount(groups, weights=finite.astype(float), minlength=n_groups)
    w = None
    if weights is not None:
        w = np.asarray(weights, dtype=float)
        good = np.isfinite(w) & (w > 0)
        if not good.all():
            w = np.where(good, w, 0.0)
    g, v = (groups, values) if all_finite else (groups[finite], values[finite])
    sw = None
    tot = None
    if weighted and w is not None:
        tot = bincount(g, weights=w if all_finite else w[finite], minlength=n_groups)
        sw = w if ((tot > 0) | (count == 0)).all() else np.where(tot[groups] > 0, w, 1.0)
    out = {"count": count, "n_known": n_known, "n_valid": n_valid}
    if sw is None:
        vsum = bincount(g, weights=v, minlength=n_groups)
        den = n_valid
    else:
        swf = sw if all_finite else sw[finite]
        vsum = bincount(g, weights=v * swf, minlength=n_groups)
        den = tot if swf is w and all_finite else bincount(g, weights=swf, minlength=n_groups)
    with np.errstate(invalid="ignore", divide="ignore"):
        out["mean"] = np.where(den > 0, vsum / np.where(den > 0, den, 1), np.nan)
    binned = None
    if quantiles and v.size >= BINNED_MIN:
        from .quantiles import binned_weighted_quantiles
        binned = binned_weighted_quantiles(g, v, np.ones(v.size) if sw is None else swf, n_groups, quantiles)
    if binned is not None:
        out.update(binned)
    elif quantiles:
        if sw is None:
            # one sort by (group, value): a float key group*K + value keeps the order exact enough
            # (K > max value, so groups never interleave) and is ~2x faster than lexsort.
            vmax = float(v.max()) if v.size else 0.0
            k = np.ceil(vmax) + 1.0
            if n_groups * k < 2 ** 50:
                order = np.argsort(g * k + v, kind="quicksort")
            else:  # pragma: no cover - absurd extents only
                order = np.lexsort((v, g))
            sv = v[order]
            cnt = np.bincount(g, minlength=n_groups)
            starts = np.concatenate([[0], np.cumsum(cnt)[:-1]]).astype(np.int64)
            for q in quantiles:
                out[f"q{int(round(q * 100))}"] = _sorted_quantile(sv, starts, cnt, q)
        else:
            out.update(_weighted_quantiles(g, v, sw[finite], n_groups, quantiles))
    wk = w_all = None
    if w is not None:
        wk = w if all_known else np.where(known, w, 0.0)
        w_all = tot if (all_finite and tot is not None) else bincount(groups, weights=wk, minlength=n_groups)
    if sw is not None:
        # shares over the known rows, by weight (equal weights in a group whose known rows weigh 0)
        kw, kt = wk, w_all
        if not ((kt > 0) | (count == 0)).all():
            kw = np.where(kt[groups] > 0, kw, known.astype(float))
        kw_all = kt if kw is wk else bincount(groups, weights=kw, minlength=n_groups)
    for t in thresholds:
        inside = (values <= t)  # NaN/inf compare False: unreachable counts as outside
        k_in = None
        with np.errstate(invalid="ignore", divide="ignore"):
            if sw is None:
                n_in = bincount(groups, weights=inside.astype(float), minlength=n_groups)
                out[f"share_{t}"] = np.where(n_known > 0, n_in / np.maximum(n_known, 1), np.nan)
            else:
                k_in = bincount(groups, weights=kw * inside, minlength=n_groups)
                out[f"share_{t}"] = np.where(kw_all > 0, k_in / np.where(kw_all > 0, kw_all, 1), np.nan)
        if w is not None:
            w_in = k_in if kw is wk and k_in is not None else bincount(groups, weights=wk * inside,
                                                                          minlength=n_groups)
            out[f"wshare_{t}"] = np.where(w_all > 0, w_in / np.where(w_all > 0, w_all, 1), np.nan)
            out[f"win_{t}"] = w_in
    return out


def fmt_km(k: float) -> str:
    """5 -> "5", 2.5 -> "2.5" (used in field names ``share_within_{k}km``)."""
    k = float(k)
    return str(int(k)) if k.is_integer() else ("%g" % k).replace(".", "_")


def _select_services(services: pd.DataFrame, category) -> pd.DataFrame:
    check_xy(services, "services")
    if category in (None, "", "all"):
        sel = services
    else:
        cats = [category] if isinstance(category, str) else list(category)
        if "category" not in services.columns:
            raise InputDataError("the services table has no 'category' column", column="category",
                                 hint="remove the category filter or give categorised services")
        sel = services[services["category"].astype(str).isin(cats)]
        if sel.empty:
            present = sorted(services["category"].astype(str).unique())
            raise ParameterError(f"no service of category {cats} (present: {present})",
                                 hint="choose one of the categories present")
    sel = sel[np.isfinite(sel["x"].to_numpy(float)) & np.isfinite(sel["y"].to_numpy(float))]
    if sel.empty:
        raise InputDataError("no service point with coordinates",
                             hint="load at least one service place with x/y")
    return sel


def keep_categories(services: pd.DataFrame, categories) -> pd.DataFrame:
    """The places of the kinds asked (all when ``categories`` is empty): the places a run takes
    into account at all (the headline ``category`` then chooses among them)."""
    if not categories:
        return services
    cats = [str(c) for c in categories]
    if "category" not in services.columns:
        raise InputDataError("the service places have no 'category' field to keep some kinds of places",
                             column="category", hint="leave the kinds of places empty, or import the places")
    kept = services[services["category"].astype(str).isin(cats)]
    if kept.empty:
        present = sorted(services["category"].astype(str).unique())
        raise ParameterError(f"no service place of the kinds {cats} (present: {present})",
                             hint="choose kinds of places that are present, or leave them all")
    return kept


def address_distances(addresses: pd.DataFrame, services: pd.DataFrame, categories=None,
                      *, workers: int = -1) -> pd.DataFrame:
    """Per address: ``dist_m`` to the nearest service (any category), ``nearest_service`` (row
    position in ``services``), and ``dist_{category}_m`` for each category asked."""
    check_xy(addresses, "addresses")
    allsvc = _select_services(services, None)
    ax, ay = addresses["x"].to_numpy(float), addresses["y"].to_numpy(float)
    d, i = nearest_distance(ax, ay, allsvc["x"].to_numpy(float), allsvc["y"].to_numpy(float),
                            workers=workers)
    pos = np.flatnonzero(services.index.isin(allsvc.index))
    out = pd.DataFrame({"dist_m": d, "nearest_service": np.where(i >= 0, pos[np.maximum(i, 0)], -1)},
                       index=addresses.index)
    for cat in (categories or ()):
        sel = _select_services(services, cat)
        dc, _ = nearest_distance(ax, ay, sel["x"].to_numpy(float), sel["y"].to_numpy(float),
                                 workers=workers)
        out[f"dist_{cat}_m"] = dc
    return out


def _population_map(population, communes) -> pd.Series | None:
    if population is not None:
        if isinstance(population, dict):
            population = pd.Series(population, dtype=float)
        pop = pd.Series(np.asarray(population, dtype=float), index=pd.Index(population.index).astype(str))
        return pop[~pop.index.duplicated()]
    if communes is not None and "population" in communes.columns:
        pop = pd.Series(pd.to_numeric(communes["population"], errors="coerce").to_numpy(float),
                        index=communes["code_insee"].astype(str).to_numpy())
        return pop[~pop.index.duplicated()]
    return None


def make_demand(addresses=None, communes=None, population=None, weighting: str = "commune",
                weight_field: str | None = None, demand=None):
    """The :class:`demand.Demand` of a coverage run: ``demand`` when given, else built from the
    addresses and the communes (``population``: commune code -> inhabitants, overriding the
    communes' field; ``weight_field``: each address's own population; ``weighting="none"``:
    points count equally)."""
    from .demand import build_demand
    if weighting not in ("commune", "none"):
        raise ParameterError(f"unknown weighting {weighting!r}", hint='use "commune" or "none"')
    if demand is not None:
        return demand
    if addresses is not None and len(addresses) and "code_insee" not in addresses.columns:
        raise InputDataError("the addresses table has no 'code_insee' column", column="code_insee",
                             hint="give the INSEE code of the commune of each address")
    if weight_field and (addresses is None or weight_field not in addresses.columns):
        raise InputDataError(f"the addresses table has no field {weight_field!r}", column=weight_field,
                             hint="name the population field of the demand points")
    pop = _population_map(population, communes) if weighting == "commune" and not weight_field else None
    return build_demand(communes, addresses, commune_population=pop if pop is not None else False,
                        address_weight_field=weight_field)


def demand_points(addresses: pd.DataFrame | None, communes=None):
    """Demand points grouped by commune: (groups, labels, x, y, source per group) — addresses,
    else one point per commune (see :mod:`demand`)."""
    d = make_demand(addresses, communes)
    groups, labels, source = d.grouped()
    return groups, labels, d.x, d.y, source


def checked_inputs(addresses, thresholds_km) -> list[float]:
    """The thresholds as a list of positive kilometres, after checking the addresses' x/y (shared
    by the in-process run and the Dask engine)."""
    thresholds_km = [float(t) for t in (thresholds_km if np.ndim(thresholds_km) else [thresholds_km])]
    if not thresholds_km or min(thresholds_km) <= 0:
        raise ParameterError("distance thresholds must be positive kilometres",
                             hint="e.g. 5 for the 5 km target")
    if addresses is not None and len(addresses):
        check_xy(addresses, "addresses")
    return thresholds_km


def coverage_by_commune(addresses: pd.DataFrame, services: pd.DataFrame, thresholds_km=(5,),
                        category=None, population=None, weighting: str = "commune",
                        communes=None, weight_field: str | None = None, *, demand=None,
                        workers: int = -1, feedback=None, return_distances: bool = False):
    """One row per commune: n_addresses, demand_source, demand_units, dist_mean_m,
    dist_median_m, dist_p90_m, share_within (share of the demand within the first threshold),
    share_within_{k}km per threshold, and with populations: pop_within_{k}km (inhabitants) and
    pop_share_within_{k}km.

    Demand (:mod:`demand`): ``demand`` when given, else the addresses, each carrying its
    commune's population spread evenly (``weighting="commune"``; ``population`` maps commune
    codes to inhabitants, else the communes' field), or its own ``weight_field``; with
    ``communes`` every commune gets a row and one with no address is one point carrying its
    population. Statistics and shares are weighted by population when it is known (with
    addresses spread evenly this equals the address statistics inside a commune);
    ``weighting="none"`` counts points. Distances are in metres (metric CRS).

    ``return_distances``: return (table, distance of each demand point, its weight or None) —
    what a partitioned run (:mod:`core.engine`) merges into the territory's figures.
    """
    from ..progress import ensure
    fb = ensure(feedback)
    thresholds_km = checked_inputs(addresses, thresholds_km)
    svc = _select_services(services, category)
    fb.set_progress(5)
    dem = make_demand(addresses, communes, population, weighting, weight_field, demand)
    groups, labels, source = dem.grouped()
    weights = dem.weight if dem.meta.get("weighting") == "population" else None
    sx, sy, szone = service_points(svc, dem)
    dist, _ = nearest_by_zone(dem.x, dem.y, dem.zone, sx, sy, szone, workers=workers)
    fb.check()
    fb.set_progress(60)
    n_groups = len(labels)
    cnt = np.bincount(groups, minlength=n_groups)
    n_addr = np.where(source == "addresses", cnt, 0)
    thr_m = [t * 1000.0 for t in thresholds_km]
    # the territory's figures on a second thread while the communes' are computed (numpy lets
    # go of Python's lock in its passes over the million rows: two cores, two statistics)
    whole = _in_background(territory_stats, dist, thr_m, weights) if len(dist) >= PARALLEL_STATS_MIN else None
    st = group_stats(groups, n_groups, dist, thresholds=thr_m, weights=weights, weighted=weights is not None)
    out = pd.DataFrame({
        "code_insee": labels.astype(str),
        "n_addresses": n_addr.astype(np.int64),
        "demand_source": source,
        "demand_units": cnt.astype(np.int64),
        "dist_mean_m": st["mean"],
        "dist_median_m": st["q50"],
        "dist_p90_m": st["q90"],
    })
    out["share_within"] = st[f"share_{thr_m[0]}"]
    for t, tm in zip(thresholds_km, thr_m):
        out[f"share_within_{fmt_km(t)}km"] = st[f"share_{tm}"]
    if weights is not None:
        for t, tm in zip(thresholds_km, thr_m):
            out[f"pop_within_{fmt_km(t)}km"] = st[f"win_{tm}"]
            out[f"pop_share_within_{fmt_km(t)}km"] = st[f"wshare_{tm}"]
    pop = _population_map(population, communes) if weighting == "commune" else None
    if pop is not None:
        out.insert(3, "population", pop.reindex(out["code_insee"]).to_numpy(float))
    whole = territory_stats(dist, thr_m, weights) if whole is None else whole.result()
    terr = {fmt_km(t): whole[f"share_{tm}"] for t, tm in zip(thresholds_km, thr_m)}
    out.attrs["coverage"] = {
        "method": "euclidean distance to the nearest service (scipy cKDTree), metric CRS",
        "category": category if category else "all",
        "n_services": int(len(svc)),
        "thresholds_km": thresholds_km,
        "weighting": weight_field or (dem.meta.get("weighting") if weighting == "commune" else "none"),
        "quantiles": "linear interpolation between order statistics (numpy/pandas default), "
                     "weighted by population when it is known",
        "demand": dem.meta.get("source"),
        "territory_share_within": terr,
        "territory": {**{f"share_within_{fmt_km(t)}km": whole[f"share_{tm}"] for t, tm in zip(thresholds_km, thr_m)},
                      "dist_mean_m": whole["mean"], "dist_median_m": whole["q50"], "dist_p90_m": whole["q90"]},
    }
    if dem.zone is not None:     # territory keys with demand but no place of the category
        served = set(szone.tolist())
        out.attrs["coverage"]["territories_without_service"] = [
            k for k in dem.meta.get("territories", {}) if k not in served]
    out.attrs["demand"] = dem.meta
    fb.set_progress(100)
    out = out.sort_values("code_insee", kind="stable").reset_index(drop=True)
    return (out, dist, weights) if return_distances else out


# from this many demand points the territory's statistics run beside the communes' (a thread)
PARALLEL_STATS_MIN = 100_000


def _in_background(fn, *args):
    """``fn(*args)`` on a thread of its own: a future whose ``result()`` waits for it and returns
    it, or raises its error."""
    from concurrent.futures import ThreadPoolExecutor
    pool = ThreadPoolExecutor(1, thread_name_prefix="terridiag-stats")
    try:
        return pool.submit(fn, *args)
    finally:
        pool.shutdown(wait=False)          # the thread ends with its one task


def territory_stats(values, thresholds=(), weights=None) -> dict:
    """The statistics of :func:`group_stats` over all points as one group (the territory),
    weighted when ``weights`` are given; None where there is no value."""
    values = np.asarray(values, float)
    # every point in group 0: a read-only view of one zero, not a million of them
    st = group_stats(np.broadcast_to(np.int64(0), values.shape), 1, values, thresholds=thresholds,
                     weights=weights, weighted=weights is not None)
    out = {}
    for k, v in st.items():
        x = float(v[0]) if len(v) else float("nan")
        out[k] = x if np.isfinite(x) else None
    return out


def territory_summary(table: pd.DataFrame, thresholds_km=(5,)) -> dict:
    """Share of addresses and of population within each threshold over all communes."""
    res = {}
    n = table["n_addresses"].to_numpy(float)
    for t in thresholds_km:
        k = fmt_km(t)
        col = f"share_within_{k}km"
        if col in table:
            s = table[col].to_numpy(float)
            ok = np.isfinite(s) & (n > 0)
            res[f"address_share_within_{k}km"] = float((s[ok] * n[ok]).sum() / n[ok].sum()) if n[ok].sum() else None
        pcol = f"pop_within_{k}km"
        if pcol in table and "population" in table:
            p = table["population"].to_numpy(float)
            ok = np.isfinite(p) & np.isfinite(table[pcol].to_numpy(float))
            res[f"population_share_within_{k}km"] = (float(table[pcol].to_numpy(float)[ok].sum() / p[ok].sum())
                                                    if p[ok].sum() else None)
    return res
