"""The road graph shared by the OSM reader (``sources.roads``) and the network indicators.

Nodes are numbered 0..n-1 with metric coordinates; edges are directed (a two-way road gives two
edges). Costs are derived on demand: length in metres, or travel time in seconds for a mode.
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
# Classes a pedestrian cannot use.
NO_WALK = ("motorway", "motorway_link", "trunk_link")
# Classes a car cannot use.
NO_DRIVE = ("footway", "path", "pedestrian", "steps", "cycleway", "bridleway", "track_grade5")


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

    @property
    def n_nodes(self) -> int:
        return int(self.node_x.shape[0])

    @property
    def n_edges(self) -> int:
        return int(self.edge_u.shape[0])

    def usable(self, mode: str) -> np.ndarray:
        """Boolean mask of edges usable by ``mode`` ("walk" or "drive")."""
        hw = self.highway.astype(str)
        if mode == "walk":
            return ~np.isin(hw, NO_WALK)
        if mode == "drive":
            return ~np.isin(hw, NO_DRIVE)
        raise ValueError(f"unknown mode {mode!r} (walk or drive)")

    def cost(self, mode: str, weight: str = "time") -> np.ndarray:
        """Edge costs: seconds (weight="time") or metres (weight="distance")."""
        if weight == "distance":
            return self.length_m.astype(float)
        speed = np.full(self.n_edges, WALK_SPEED_KMH) if mode == "walk" else self.speed_kmh.astype(float)
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
