"""The road graph shared by the OSM reader (``sources.roads``) and the network indicators.

Nodes are numbered 0..n-1 with metric coordinates; edges are directed (a two-way road gives two
edges). Costs are derived on demand: length in metres, or travel time in seconds for a mode.

Nodes are only where roads meet or end, so a house halfway along a 3 km country road is 1.5 km
from the nearest node but a few metres from the road: points are snapped onto the roads
themselves (:meth:`RoadGraph.snap`), on points sampled along their shapes.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

# Default speeds (km/h) per OSM highway class when maxspeed is absent, for driving.
DEFAULT_DRIVE_SPEED_KMH = {
    "motorway": 110, "motorway_link": 70, "trunk": 90, "trunk_link": 60,
    "primary": 80, "primary_link": 50, "secondary": 70, "secondary_link": 50,
    "tertiary": 60, "tertiary_link": 40, "unclassified": 50, "residential": 30,
    "living_street": 20, "service": 20, "road": 40, "track": 15,
}
WALK_SPEED_KMH = 4.5
# No road in France is driven faster (motorways: 130 km/h); a maxspeed tag above is not used.
MAX_DRIVE_SPEED_KMH = 130.0
# Classes a pedestrian cannot use.
NO_WALK = ("motorway", "motorway_link", "trunk_link")
# Classes a car cannot use.
NO_DRIVE = ("footway", "path", "pedestrian", "steps", "cycleway", "bridleway", "track_grade5")


# spacing (m) of the points sampled along the roads for snapping: a snap distance is at most
# half of it longer than the true distance to the road
SNAP_STEP_M = 25.0


@dataclass
class RoadGraph:
    node_x: np.ndarray                 # float64[n]
    node_y: np.ndarray                 # float64[n]
    edge_u: np.ndarray                 # int64[m] (from node)
    edge_v: np.ndarray                 # int64[m] (to node)
    length_m: np.ndarray               # float64[m]
    highway: np.ndarray                # object/str[m], OSM highway class
    speed_kmh: np.ndarray              # float64[m], maxspeed or the default of the class (driving)
    crs: int = 2154                    # EPSG of node coordinates
    meta: dict = field(default_factory=dict)
    # Points along the roads' real shapes (the reader gives them; else straight edges are
    # sampled): x, y, the directed edge each lies on and its distance (m) from that edge's start.
    shape_x: np.ndarray | None = None
    shape_y: np.ndarray | None = None
    shape_edge: np.ndarray | None = None
    shape_pos: np.ndarray | None = None
    # The roads points may snap onto (bool per edge; None: every usable road). A piece of a graph
    # solved for points and places of a known area (``core.engine.network_coverage``) samples
    # only the roads near them: the rest of the piece is only driven through.
    snap_edges: np.ndarray | None = None
    _cache: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def n_nodes(self) -> int:
        return int(self.node_x.shape[0])

    @property
    def n_edges(self) -> int:
        return int(self.edge_u.shape[0])

    def usable(self, mode: str) -> np.ndarray:
        """Boolean mask of edges usable by ``mode`` ("walk" or "drive"); cached, do not modify."""
        key = ("usable", mode)
        if key not in self._cache:
            if mode not in ("walk", "drive"):
                raise ValueError(f"unknown mode {mode!r} (walk or drive)")
            hw = self.highway.astype(str)
            self._cache[key] = ~np.isin(hw, NO_WALK if mode == "walk" else NO_DRIVE)
        return self._cache[key]

    def cost(self, mode: str, weight: str = "time") -> np.ndarray:
        """Edge costs: seconds (weight="time") or metres (weight="distance")."""
        if weight == "distance":
            return self.length_m.astype(float)
        speed = (np.full(self.n_edges, WALK_SPEED_KMH) if mode == "walk"
                 else np.minimum(self.speed_kmh.astype(float), MAX_DRIVE_SPEED_KMH))
        return self.length_m / (np.maximum(speed, 1.0) / 3.6)

    def csr(self, mode: str = "drive", weight: str = "time", reverse: bool = False):
        """scipy.sparse CSR matrix of the usable edges (parallel edges keep the cheapest).

        ``reverse=True`` transposes it: a multi-source Dijkstra from the services on the reversed
        graph gives every node's cost *to* the nearest service on one-way roads.
        """
        from scipy.sparse import coo_matrix

        mask = self.usable(mode)
        u, v, c = self.edge_u[mask], self.edge_v[mask], self.cost(mode, weight)[mask]
        if reverse:
            u, v = v, u
        # keep the minimum cost of parallel edges: sort by cost descending so the last wins
        order = np.lexsort((-c, v, u))
        u, v, c = u[order], v[order], c[order]
        keep = np.ones(len(u), bool)
        keep[:-1] = (u[1:] != u[:-1]) | (v[1:] != v[:-1])
        # zero-cost edges would vanish from a sparse matrix: give them a tiny cost
        c = np.maximum(c[keep], 1e-6)
        n = self.n_nodes
        return coo_matrix((c, (u[keep], v[keep])), shape=(n, n)).tocsr()

    # -- snapping onto the roads ------------------------------------------------------------------
    def _samples(self, mode: str):
        """(x, y, edge, pos) of points along the usable roads of ``mode`` (cached)."""
        key = ("samples", mode)
        if key in self._cache:
            return self._cache[key]
        mask = self.usable(mode)
        if self.snap_edges is not None:
            mask = mask & self.snap_edges
        if self.shape_x is not None:
            keep = mask[self.shape_edge]
            out = (self.shape_x[keep], self.shape_y[keep], self.shape_edge[keep], self.shape_pos[keep])
        else:
            e = np.flatnonzero(mask)
            # one of the two edges of a two-way road is enough (the reverse is found by snap)
            u, v = self.edge_u[e], self.edge_v[e]
            k = np.ceil(self.length_m[e] / SNAP_STEP_M).astype(np.int64) + 1
            rep = np.repeat(np.arange(len(e)), k)
            start = np.concatenate([[0], np.cumsum(k)[:-1]]) if len(k) else np.empty(0, np.int64)
            t = (np.arange(rep.size) - start[rep]) / np.maximum(k[rep] - 1, 1)
            x = self.node_x[u][rep] * (1 - t) + self.node_x[v][rep] * t
            y = self.node_y[u][rep] * (1 - t) + self.node_y[v][rep] * t
            out = (x, y, e[rep], t * self.length_m[e][rep])
        self._cache[key] = out
        return out

    def reverse_edges(self, mode: str) -> np.ndarray:
        """Per edge, a usable edge going the other way between the same nodes (-1: none)."""
        key = ("reverse", mode)
        if key in self._cache:
            return self._cache[key]
        mask = self.usable(mode)
        n = max(self.n_nodes, 1)
        code = self.edge_u.astype(np.int64) * n + self.edge_v.astype(np.int64)
        usable = np.flatnonzero(mask)
        order = usable[np.argsort(code[usable], kind="stable")]
        sorted_codes = code[order]
        want = self.edge_v.astype(np.int64) * n + self.edge_u.astype(np.int64)
        pos = np.searchsorted(sorted_codes, want)
        found = (pos < len(order)) & (sorted_codes[np.minimum(pos, max(len(order) - 1, 0))] == want) \
            if len(order) else np.zeros(self.n_edges, bool)
        rev = np.where(found, order[np.minimum(pos, max(len(order) - 1, 0))] if len(order) else -1, -1)
        rev = np.where(mask, rev, -1).astype(np.int64)
        self._cache[key] = rev
        return rev

    def snap(self, x, y, mode: str = "drive"):
        """The nearest point on the usable roads of each point: (distance m, edge, fraction of
        the edge from its start, reverse edge or -1). NaN coordinates give NaN and edge -1."""
        from scipy.spatial import cKDTree

        sx, sy, se, sp = self._samples(mode)
        x = np.asarray(x, float)
        y = np.asarray(y, float)
        n = len(x)
        if len(sx) == 0:
            return np.full(n, np.nan), np.full(n, -1, np.int64), np.zeros(n), np.full(n, -1, np.int64)
        key = ("tree", mode)
        if key not in self._cache:
            self._cache[key] = cKDTree(np.column_stack([sx, sy]))
        pts = np.column_stack([x, y])
        bad = ~np.isfinite(pts).all(axis=1)
        pts[bad] = 0.0
        d, j = self._cache[key].query(pts, k=1, workers=-1) if n else (np.empty(0), np.empty(0, np.int64))
        j = np.minimum(np.asarray(j, np.int64), len(sx) - 1)
        edge = se[j].astype(np.int64)
        frac = np.clip(sp[j] / np.maximum(self.length_m[edge], 1e-9), 0.0, 1.0)
        rev = self.reverse_edges(mode)[edge]
        d = np.asarray(d, float)
        d[bad] = np.nan
        edge[bad] = -1
        rev[bad] = -1
        return d, edge, frac, rev

    # -- pieces of the graph ----------------------------------------------------------------------
    def subgraph(self, edge_mask) -> "RoadGraph":
        """The graph of the edges where ``edge_mask`` is True: their nodes renumbered in their
        order, edges and shape points kept in theirs (so ties break the same way), costs as they
        are. Used to give each territory or partition its own piece of a road graph."""
        edge_mask = np.asarray(edge_mask, bool)
        keep = np.flatnonzero(edge_mask)
        used = np.zeros(self.n_nodes, bool)
        used[self.edge_u[keep]] = True
        used[self.edge_v[keep]] = True
        new_id = np.cumsum(used) - 1
        shapes = {}
        if self.shape_x is not None:
            s = edge_mask[self.shape_edge]
            new_edge = np.cumsum(edge_mask) - 1
            shapes = dict(shape_x=self.shape_x[s], shape_y=self.shape_y[s],
                          shape_edge=new_edge[self.shape_edge[s]], shape_pos=self.shape_pos[s])
        return RoadGraph(node_x=self.node_x[used], node_y=self.node_y[used],
                         edge_u=new_id[self.edge_u[keep]], edge_v=new_id[self.edge_v[keep]],
                         length_m=self.length_m[keep], highway=self.highway[keep],
                         speed_kmh=self.speed_kmh[keep], crs=self.crs, meta=dict(self.meta), **shapes)

    def reprojected(self, epsg: int) -> "RoadGraph":
        """The same graph with its node and shape coordinates in ``epsg`` (lengths, as read, kept)."""
        from .crs import transform

        if int(epsg) == int(self.crs):
            return self
        nx, ny = transform(self.node_x, self.node_y, self.crs, epsg)
        shapes = {}
        if self.shape_x is not None:
            sx, sy = transform(self.shape_x, self.shape_y, self.crs, epsg)
            shapes = dict(shape_x=sx, shape_y=sy, shape_edge=self.shape_edge, shape_pos=self.shape_pos)
        return RoadGraph(node_x=nx, node_y=ny, edge_u=self.edge_u, edge_v=self.edge_v, length_m=self.length_m,
                         highway=self.highway, speed_kmh=self.speed_kmh, crs=int(epsg), meta=dict(self.meta),
                         **shapes)
