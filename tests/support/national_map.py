"""A synthetic France whole for the output tests and benches: 35,000 commune polygons in 96
départements, made in seconds.

The communes are the Voronoi cells of random centres in a 742 km square of Lambert-93 (the area
of metropolitan France), their edges densified and bent by a smooth displacement field (the same
at a shared vertex, so neighbours still touch): a commune has about 120 vertices, and
simplifying it to 100 m keeps a realistic outline (about 40), not a few straight lines. The départements are
a 12 × 8 grid of the square (01…95 without 20, and 2A, 2B); INSEE codes are the département and a
number within it, as real codes are.
"""
from __future__ import annotations

import numpy as np

X0, Y0, SIDE = 100_000.0, 6_100_000.0, 742_000.0
DEPARTEMENTS = [f"{d:02d}" for d in range(1, 96) if d != 20] + ["2A", "2B"]     # 96
GRID = (12, 8)


def national_communes(n: int = 35_000, seed: int = 3, vertices_per_edge: int = 20):
    """GeoDataFrame (EPSG:2154): code_insee, nom, population, share_within, masked, geometry."""
    import geopandas as gpd
    from scipy.spatial import Voronoi
    from shapely.geometry import Polygon

    rng = np.random.default_rng(seed)
    c = np.column_stack([X0 + rng.uniform(0, SIDE, n), Y0 + rng.uniform(0, SIDE, n)])
    mirrors = [c, c * [-1, 1] + [2 * X0, 0], c * [-1, 1] + [2 * (X0 + SIDE), 0],
               c * [1, -1] + [0, 2 * Y0], c * [1, -1] + [0, 2 * (Y0 + SIDE)]]
    vor = Voronoi(np.vstack(mirrors))
    t = np.linspace(0, 1, vertices_per_edge + 1)[1:]
    polys = []
    for i in range(n):
        ring = np.clip(vor.vertices[vor.regions[vor.point_region[i]]], [X0, Y0], [X0 + SIDE, Y0 + SIDE])
        ring = np.vstack([ring, ring[:1]])
        dense = np.vstack([ring[:1]] + [a + (b - a) * t[:, None] for a, b in zip(ring[:-1], ring[1:])])
        x, y = dense[:, 0], dense[:, 1]
        # bends of 100 to 250 m (wavelengths of 0.7 to 17 km): the same wherever a vertex is shared
        dx = 150 * np.sin(y / 2700.0) + 120 * np.sin((x + y) / 110.0)
        dy = 150 * np.sin(x / 2300.0) + 120 * np.cos((x - y) / 130.0)
        poly = Polygon(np.column_stack([x + dx, y + dy])).buffer(0)
        if poly.geom_type != "Polygon":       # a bend folded a sharp corner: keep the main part
            poly = max(poly.geoms, key=lambda p: p.area)
        polys.append(poly)
    gx = np.minimum(((c[:, 0] - X0) / SIDE * GRID[0]).astype(int), GRID[0] - 1)
    gy = np.minimum(((c[:, 1] - Y0) / SIDE * GRID[1]).astype(int), GRID[1] - 1)
    dep = np.array(DEPARTEMENTS, dtype=object)[gy * GRID[0] + gx]
    codes = np.empty(n, dtype=object)
    for d in np.unique(dep):
        idx = np.flatnonzero(dep == d)
        codes[idx] = [f"{d}{k + 1:03d}" for k in range(len(idx))]
    pop = np.round(rng.lognormal(6.0, 1.3, n))
    share = np.clip(rng.beta(5, 1.5, n), 0, 1)
    masked = pop < 50
    share[masked] = np.nan
    return gpd.GeoDataFrame({"code_insee": codes, "nom": [f"Commune {k}" for k in codes], "population": pop,
                             "share_within": share, "masked": masked}, geometry=polys, crs="EPSG:2154")
