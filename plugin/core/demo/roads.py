"""Synthetic road network written as OSM XML 0.6 (readable by GDAL's OSM driver).

Villages are linked by the minimum spanning tree of the Delaunay triangulation of their centres
plus its shortest other edges; each village has a small residential grid; hamlets hang on the
nearest road by a track. Only the largest connected component is kept.
"""
from __future__ import annotations

from xml.sax.saxutils import escape

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components, minimum_spanning_tree, shortest_path
from scipy.spatial import Delaunay, cKDTree

from .geometry import contains_xy
from .lambert93 import to_lonlat

SOURCE_TAG = "TerriDiag synthetic demo (not OpenStreetMap data)"


class _Net:
    def __init__(self):
        self.x: list[float] = []
        self.y: list[float] = []
        self.ways: list[tuple[list[int], dict]] = []

    def node(self, x: float, y: float) -> int:
        self.x.append(float(x))
        self.y.append(float(y))
        return len(self.x) - 1

    def way(self, nodes: list[int], tags: dict) -> None:
        if len(nodes) >= 2:
            self.ways.append((list(nodes), tags))


def _grid(net, rng, cx, cy, k, spacing, poly, street_names, town: bool) -> int:
    """A jittered, rotated (2k+1)² street grid around (cx, cy), clipped to the commune;
    returns the centre node."""
    ang = rng.uniform(0, np.pi / 2)
    u = np.array([np.cos(ang), np.sin(ang)])
    v = np.array([-u[1], u[0]])
    a, b = np.meshgrid(np.arange(-k, k + 1), np.arange(-k, k + 1), indexing="ij")
    jit = rng.uniform(-0.12, 0.12, (2, 2 * k + 1, 2 * k + 1)) * spacing
    jit[:, k, k] = 0
    gx = cx + spacing * (a * u[0] + b * v[0]) + jit[0]
    gy = cy + spacing * (a * u[1] + b * v[1]) + jit[1]
    inside = contains_xy(poly, gx.ravel(), gy.ravel()).reshape(gx.shape)
    inside[k, k] = True
    ids = np.full(gx.shape, -1)
    for i in range(2 * k + 1):
        for j in range(2 * k + 1):
            if inside[i, j]:
                ids[i, j] = net.node(gx[i, j], gy[i, j])
    names = iter(street_names)

    def runs(line):
        cur: list[int] = []
        for n in line:
            if n < 0:
                yield cur
                cur = []
            else:
                cur.append(int(n))
        yield cur

    for axis in (0, 1):
        for r in range(2 * k + 1):
            line = ids[r, :] if axis == 0 else ids[:, r]
            main = r == k
            for run in runs(line):
                tags = {"highway": "residential"}
                name = next(names, None)
                if name:
                    tags["name"] = name
                if town:
                    tags["maxspeed"] = "30"
                    if axis == 0 and r % 2 == 1:      # every other street is one way,
                        tags["oneway"] = "yes"        # alternately in each direction
                        if r % 4 == 3:
                            run = run[::-1]
                elif main:
                    tags["maxspeed"] = "50"
                net.way(run, tags)
    return int(ids[k, k])


def _road(net, rng, a: int, b: int, step: float = 300.0) -> list[int]:
    """Nodes of a gently winding road from node a to node b (ends fixed)."""
    x0, y0, x1, y1 = net.x[a], net.y[a], net.x[b], net.y[b]
    length = np.hypot(x1 - x0, y1 - y0)
    n = max(2, int(length // step) + 1)
    t = np.linspace(0, 1, n + 1)[1:-1]
    w = rng.uniform(-1, 1, 3)
    off = 0.035 * length * (w[0] * np.sin(np.pi * t) + 0.5 * w[1] * np.sin(2 * np.pi * t)
                            + 0.3 * w[2] * np.sin(3 * np.pi * t))
    nx, ny = -(y1 - y0) / length, (x1 - x0) / length
    mid = [net.node(x0 + (x1 - x0) * s + nx * o, y0 + (y1 - y0) * s + ny * o) for s, o in zip(t, off)]
    return [a] + mid + [b]


def build(rng, communes, polys, hamlets, amenities, params) -> tuple[str, dict]:
    """OSM XML text and counts. `hamlets`: (x, y, name, size); `amenities`: (x, y, tags)."""
    net = _Net()
    centres = np.column_stack([communes["cx"], communes["cy"]])
    pop = communes["population"]
    town = communes["town"]
    centre_node = []
    for i, poly in enumerate(polys):
        is_town = i == town
        spacing = params["grid_spacing_town_m"] if is_town else params["grid_spacing_m"]
        k = int(np.clip(round(2.2 * communes["sigma"][i] / spacing), 1, 9))
        street_names = communes["street_names"][i]
        centre_node.append(_grid(net, rng, centres[i, 0], centres[i, 1], k, spacing, poly,
                                 street_names, is_town))
    # inter-village roads: MST of the Delaunay triangulation + its shortest other edges
    tri = Delaunay(centres)
    edges = set()
    for s in tri.simplices:
        for p, q in ((s[0], s[1]), (s[1], s[2]), (s[0], s[2])):
            edges.add((min(p, q), max(p, q)))
    edges = np.array(sorted(edges))
    length = np.hypot(*(centres[edges[:, 0]] - centres[edges[:, 1]]).T)
    n = len(centres)
    w = coo_matrix((length, (edges[:, 0], edges[:, 1])), shape=(n, n)).tocsr()
    mst = minimum_spanning_tree(w).tocoo()
    in_mst = {(min(p, q), max(p, q)) for p, q in zip(mst.row, mst.col)}
    extra = [k for k in np.argsort(length) if tuple(edges[k]) not in in_mst
             and length[k] < 1.6 * np.median(length)]
    extra = extra[: int(round(params["extra_edge_share"] * len(extra)))]
    keep = sorted([k for k in range(len(edges)) if tuple(edges[k]) in in_mst] + extra)
    # the main road: west-most village -> town -> east-most village
    g = coo_matrix((length[keep], (edges[keep, 0], edges[keep, 1])), shape=(n, n)).tocsr()
    _, pred = shortest_path(g, directed=False, indices=[town], return_predecessors=True)
    primary = set()
    for end in (int(np.argmin(centres[:, 0])), int(np.argmax(centres[:, 0]))):
        v = end
        while v != town and pred[0, v] >= 0:
            u = int(pred[0, v])
            primary.add((min(u, v), max(u, v)))
            v = u
    big = set(np.flatnonzero(pop >= params["secondary_population"])) | {town}
    ref_no = 100
    for k in keep:
        p, q = (int(e) for e in edges[k])
        if (p, q) in primary:
            tags = {"highway": "primary", "ref": "D 900", "maxspeed": "80"}
        elif p in big or q in big:
            ref_no += 1
            tags = {"highway": "secondary", "ref": f"D {ref_no}", "maxspeed": "80"}
        else:
            ref_no += 1
            tags = {"highway": "tertiary", "ref": f"D {ref_no}"}
            if rng.random() < 0.5:
                tags["maxspeed"] = "80"
        net.way(_road(net, rng, centre_node[p], centre_node[q]), tags)
    # hamlets: a short lane through the hamlet, linked to the nearest existing road node
    for hx, hy, name, size in hamlets:
        tree = cKDTree(np.column_stack([net.x, net.y]))
        hub = net.node(hx, hy)
        a = net.node(hx + 90, hy + 30)
        net.way([a, hub, net.node(hx - 80, hy - 40)], {"highway": "residential", "name": name})
        _, near = tree.query([hx, hy])
        kind = {"highway": "unclassified"} if size >= 15 else {"highway": "track", "tracktype": "grade2"}
        net.way(_road(net, rng, hub, int(near), step=200.0), kind)
    # keep the largest connected component only
    u = np.concatenate([np.array(nd[:-1]) for nd, _ in net.ways])
    v = np.concatenate([np.array(nd[1:]) for nd, _ in net.ways])
    nn = len(net.x)
    _, label = connected_components(coo_matrix((np.ones(len(u)), (u, v)), shape=(nn, nn)), directed=False)
    main = np.bincount(label[u]).argmax()
    ways = [(nd, t) for nd, t in net.ways if label[nd[0]] == main]
    used = sorted({n for nd, _ in ways for n in nd})
    return _xml(net, ways, used, amenities)


def _attr(v: str) -> str:
    return escape(str(v), {'"': "&quot;"})


def _xml(net, ways, used, amenities) -> tuple[str, dict]:
    x = np.array(net.x)[used]
    y = np.array(net.y)[used]
    ax = np.array([a[0] for a in amenities])
    ay = np.array([a[1] for a in amenities])
    lon, lat = to_lonlat(np.r_[x, ax], np.r_[y, ay])
    new_id = {old: k + 1 for k, old in enumerate(used)}
    out = ["<?xml version='1.0' encoding='UTF-8'?>",
           "<osm version=\"0.6\" generator=\"TerriDiag demo generator (SYNTHETIC data)\">",
           "  <!-- SYNTHETIC road network of the TerriDiag demo territory: not OpenStreetMap data. -->",
           f"  <bounds minlat=\"{lat.min():.7f}\" minlon=\"{lon.min():.7f}\" "
           f"maxlat=\"{lat.max():.7f}\" maxlon=\"{lon.max():.7f}\"/>"]
    for k in range(len(used)):
        out.append(f"  <node id=\"{k + 1}\" version=\"1\" lat=\"{lat[k]:.7f}\" lon=\"{lon[k]:.7f}\"/>")
    n_points = 0
    for j, (_, _, tags) in enumerate(amenities):
        k = len(used) + j
        out.append(f"  <node id=\"{k + 1}\" version=\"1\" lat=\"{lat[k]:.7f}\" lon=\"{lon[k]:.7f}\">")
        for key, val in list(tags.items()) + [("source", SOURCE_TAG)]:
            out.append(f"    <tag k=\"{_attr(key)}\" v=\"{_attr(val)}\"/>")
        out.append("  </node>")
        n_points += 1
    highways: dict[str, int] = {}
    for w, (nd, tags) in enumerate(ways):
        out.append(f"  <way id=\"{w + 1}\" version=\"1\">")
        out += [f"    <nd ref=\"{new_id[n]}\"/>" for n in nd]
        for key, val in list(tags.items()) + [("source", SOURCE_TAG)]:
            out.append(f"    <tag k=\"{_attr(key)}\" v=\"{_attr(val)}\"/>")
        out.append("  </way>")
        highways[tags["highway"]] = highways.get(tags["highway"], 0) + 1
    out.append("</osm>")
    stats = {"nodes": len(used) + n_points, "ways": len(ways), "points": n_points,
             "oneway": sum(t.get("oneway") == "yes" for _, t in ways),
             "highway": dict(sorted(highways.items()))}
    return "\n".join(out) + "\n", stats
