"""Territory geometry of the demo: outline, commune centres, Voronoi partition, point-in-polygon."""
from __future__ import annotations

import numpy as np
from scipy.spatial import Voronoi, cKDTree
from shapely.geometry import MultiPolygon, Polygon
from shapely.ops import polygonize, unary_union

from ..compat import SHAPELY2


def contains_xy(geom, x, y) -> np.ndarray:
    """Vectorised "point (x, y) inside geom" on shapely 1.8 and 2.x."""
    x = np.asarray(x, float)
    y = np.asarray(y, float)
    if SHAPELY2:
        import shapely
        return shapely.contains_xy(geom, x, y)
    from shapely import vectorized  # shapely 1.8
    return np.asarray(vectorized.contains(geom, x, y), bool)


def outline(rng: np.random.Generator, cx: float, cy: float, radius: float,
            n_vertices: int = 240) -> Polygon:
    """A smooth, star-shaped, nearly convex blob (low harmonics only, so Voronoi cells clip to
    one piece each)."""
    theta = np.linspace(0, 2 * np.pi, n_vertices, endpoint=False)
    r = np.ones_like(theta)
    for k, amp in ((2, 0.10), (3, 0.06), (5, 0.025), (7, 0.012)):
        r += amp * rng.uniform(0.5, 1.0) * np.cos(k * theta + rng.uniform(0, 2 * np.pi))
    x = np.round(cx + radius * r * np.cos(theta), 2)
    y = np.round(cy + radius * 0.85 * r * np.sin(theta), 2)
    return Polygon(np.column_stack([x, y]))


def poisson_points(rng: np.random.Generator, poly: Polygon, n: int, min_dist: float,
                   margin: float) -> np.ndarray:
    """n points inside poly (at least `margin` from its edge), pairwise >= min_dist apart
    (dart throwing; shrinks min_dist if the area is too small)."""
    inner = poly.buffer(-margin)
    minx, miny, maxx, maxy = inner.bounds
    for _ in range(20):
        cand = np.column_stack([rng.uniform(minx, maxx, 40 * n), rng.uniform(miny, maxy, 40 * n)])
        cand = cand[contains_xy(inner, cand[:, 0], cand[:, 1])]
        kept: list[np.ndarray] = []
        for p in cand:  # a few thousand candidates at most: cheap
            if not kept or np.min(np.hypot(*(np.asarray(kept) - p).T)) >= min_dist:
                kept.append(p)
                if len(kept) == n:
                    return np.asarray(kept)
        min_dist *= 0.9
    raise RuntimeError("could not place the commune centres; lower n_communes")


def voronoi_partition(centres: np.ndarray, boundary: Polygon) -> list[Polygon]:
    """Voronoi cells of `centres` clipped to `boundary`, as a noded planar partition (neighbours
    share exactly the same vertices, so the cells neither overlap nor leave gaps)."""
    span = max(boundary.bounds[2] - boundary.bounds[0], boundary.bounds[3] - boundary.bounds[1])
    cx, cy = boundary.centroid.x, boundary.centroid.y
    far = 50 * span
    # Four far-away dummy sites make every real cell finite.
    pts = np.vstack([centres, [[cx - far, cy - far], [cx + far, cy - far],
                               [cx + far, cy + far], [cx - far, cy + far]]])
    vor = Voronoi(pts)
    cells = []
    for i in range(len(centres)):
        region = vor.regions[vor.point_region[i]]
        assert -1 not in region
        cells.append(Polygon(vor.vertices[region]).intersection(boundary))
    # Node all edges together, then rebuild faces: shared edges become identical.
    lines = unary_union([c.boundary for c in cells] + [boundary.boundary])
    faces = [f for f in polygonize(lines) if f.area > 1.0]
    reps = np.array([[f.representative_point().x, f.representative_point().y] for f in faces])
    _, owner = cKDTree(centres).query(reps)  # a face belongs to the nearest centre (Voronoi)
    parts: list[list[Polygon]] = [[] for _ in centres]
    for f, o in zip(faces, owner):
        parts[o].append(f)
    # A cell clipped by a concave stretch of the outline may fall in several pieces: give the
    # detached pieces to the neighbour they share most border with (no gap, no overlap).
    for i in range(len(parts)):
        geom = unary_union(parts[i])
        if not isinstance(geom, MultiPolygon):
            continue
        pieces = list(geom.geoms)
        k_main = int(np.argmax([g.area for g in pieces]))
        for k, piece in enumerate(pieces):
            if k == k_main:
                continue
            border = [(unary_union(parts[j]).intersection(piece).length, j)
                      for j in range(len(parts)) if j != i]
            j = max(border)[1]
            parts[j].append(piece)
        parts[i] = [pieces[k_main]]
    out = []
    for ps in parts:
        geom = unary_union(ps) if len(ps) > 1 else ps[0]
        out.append(Polygon(geom.exterior.coords))
    return out


def adjacency(polys: list[Polygon]) -> list[tuple[int, int]]:
    """Pairs of communes that share a border (not just a corner)."""
    pairs = []
    for i in range(len(polys)):
        for j in range(i + 1, len(polys)):
            if polys[i].intersection(polys[j]).length > 1.0:
                pairs.append((i, j))
    return pairs
