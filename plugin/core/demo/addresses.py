"""Synthetic BAN addresses: Gaussian villages, hamlets and scattered farms, each inside its commune,
with streets, house numbers and every BAN column filled plausibly."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.spatial import cKDTree

from . import names as nm
from .geometry import contains_xy

BAN_HEADER = (
    "id", "id_fantoir", "numero", "rep", "nom_voie", "code_postal", "code_insee", "nom_commune",
    "code_insee_ancienne_commune", "nom_ancienne_commune", "x", "y", "lon", "lat",
    "type_position", "alias", "nom_ld", "libelle_acheminement", "nom_afnor", "source_position",
    "source_nom_voie", "certification_commune", "cad_parcelles",
)
SYNTHETIC_SOURCE = "synthetique"

_EXTRA_NAMES = [
    "Jean Moulin", "Pierre et Marie Curie", "Jules Ferry", "Georges Brassens", "Colette",
    "Charles Péguy", "Gustave Courbet", "Lucie Aubrac", "Simone Veil", "Albert Camus",
    "des Cerisiers", "des Noisetiers", "des Hirondelles", "des Mésanges", "des Bleuets",
    "des Coquelicots", "des Peupliers", "des Chênes", "des Érables", "du Verger", "des Saules",
    "des Sorbiers", "des Genêts", "des Primevères", "du Coteau", "de la Source", "du Pressoir",
    "des Tisserands", "des Artisans", "de la Prairie", "du Vieux Pont", "des Remparts",
    "de l'Abbaye", "du Couvent", "de la Tuilerie", "des Tanneries", "du Champ de Foire",
    "des Fusillés", "de la Paix", "de l'Industrie",
]
_TYPES = ["Rue", "Allée", "Impasse", "Chemin"]
_POSITIONS = np.array(["entrée", "bâtiment", "parcelle", "segment", "délivrance postale"])
_POSITION_P = np.array([0.70, 0.10, 0.10, 0.08, 0.02])


@dataclass
class Cluster:
    commune: int
    kind: str            # "village", "hamlet", "scatter"
    cx: float
    cy: float
    sigma: float         # 0 for "scatter" (uniform in the commune)
    size: int
    name: str = ""       # hamlet name


def street_pool(rng: np.random.Generator, n: int) -> list[str]:
    pool = list(rng.permutation(nm.STREETS))
    extra = [f"{t} {x}" for x in _EXTRA_NAMES for t in _TYPES]
    pool += list(rng.permutation(extra))
    return pool[:n] if n <= len(pool) else pool + [f"Voie communale n°{k}" for k in range(n - len(pool))]


def plan_clusters(rng, polys, centres, n_addr, tiny, params) -> list[Cluster]:
    """Split each commune's address quota into its village, hamlets and scattered farms."""
    clusters: list[Cluster] = []
    hamlet_names = list(rng.permutation(nm.HAMLETS))
    a, b = params["cluster_sigma_coef"], params["cluster_sigma_exp"]
    for i, poly in enumerate(polys):
        n = int(n_addr[i])
        cx, cy = centres[i]
        if i in tiny:
            clusters.append(Cluster(i, "village", cx, cy, 60.0, n))
            continue
        n_scatter = int(round(params["scattered_share"] * n))
        n_hamlets = int(rng.integers(params["hamlets_min"], params["hamlets_max"] + 1))
        sizes = rng.integers(5, 40, n_hamlets)
        sizes = np.minimum(sizes, max(0, (n - n_scatter) // 5 // max(n_hamlets, 1)))
        inner = poly.buffer(-250)
        minx, miny, maxx, maxy = inner.bounds
        for size in sizes[sizes > 0]:
            for _ in range(200):  # a point of the commune at least 800 m from the village
                hx, hy = rng.uniform(minx, maxx), rng.uniform(miny, maxy)
                if contains_xy(inner, [hx], [hy])[0] and np.hypot(hx - cx, hy - cy) > 800:
                    name = hamlet_names.pop() if hamlet_names else f"Hameau {len(clusters)}"
                    clusters.append(Cluster(i, "hamlet", hx, hy, max(40.0, a * size ** b),
                                            int(size), name))
                    break
        n_main = n - n_scatter - sum(c.size for c in clusters if c.commune == i)
        clusters.append(Cluster(i, "village", cx, cy, max(60.0, a * n_main ** b), n_main))
        if n_scatter:
            clusters.append(Cluster(i, "scatter", cx, cy, 0.0, n_scatter))
    return clusters


def inside_with_margin(poly, x, y, margin):
    """Inside poly and at least ~margin/sqrt(2) from its edge (four shifted probes, vectorised),
    so that rounding in the written files cannot move an address into the next commune."""
    ok = contains_xy(poly, x, y)
    for dx, dy in ((margin, 0), (-margin, 0), (0, margin), (0, -margin)):
        ok &= contains_xy(poly, x + dx, y + dy)
    return ok


def draw_points(rng, polys, clusters: list[Cluster], margin: float):
    """Points of every cluster, inside the cluster's commune (rejection sampling, vectorised
    per round). Returns x, y, cluster index."""
    k = len(clusters)
    need = np.array([c.size for c in clusters])
    cx = np.array([c.cx for c in clusters])
    cy = np.array([c.cy for c in clusters])
    sig = np.array([c.sigma for c in clusters])
    com = np.array([c.commune for c in clusters])
    bounds = np.array([polys[c].bounds for c in com])
    got_x: list[np.ndarray] = []
    got_y: list[np.ndarray] = []
    got_c: list[np.ndarray] = []
    have = np.zeros(k, int)
    for _ in range(60):
        rem = need - have
        if not rem.any():
            break
        draw = np.where(rem > 0, (rem * 1.5).astype(int) + 8, 0)
        cid = np.repeat(np.arange(k), draw)
        uni = sig[cid] == 0
        x = np.where(uni, rng.uniform(bounds[cid, 0], bounds[cid, 2]),
                     cx[cid] + sig[cid] * rng.standard_normal(len(cid)))
        y = np.where(uni, rng.uniform(bounds[cid, 1], bounds[cid, 3]),
                     cy[cid] + sig[cid] * rng.standard_normal(len(cid)))
        ok = np.zeros(len(cid), bool)
        for c in np.unique(com[cid]):
            sel = com[cid] == c
            ok[sel] = inside_with_margin(polys[c], x[sel], y[sel], margin)
        x, y, cid = x[ok], y[ok], cid[ok]
        # keep the first `rem` accepted points of each cluster (cid is sorted)
        start = np.searchsorted(cid, np.arange(k))
        rank = np.arange(len(cid)) - start[cid]
        keep = rank < rem[cid]
        got_x.append(x[keep]); got_y.append(y[keep]); got_c.append(cid[keep])
        have += np.bincount(cid[keep], minlength=k)
    else:
        raise RuntimeError("address sampling did not converge")
    x, y, c = np.concatenate(got_x), np.concatenate(got_y), np.concatenate(got_c)
    order = np.argsort(c, kind="stable")
    return x[order], y[order], c[order]


def assign_commune(polys, x, y) -> np.ndarray:
    """Index of the commune polygon containing each point (-1 if none), vectorised per polygon."""
    out = np.full(len(x), -1)
    for i, poly in enumerate(polys):
        minx, miny, maxx, maxy = poly.bounds
        cand = np.flatnonzero((x >= minx) & (x <= maxx) & (y >= miny) & (y <= maxy) & (out < 0))
        out[cand[contains_xy(poly, x[cand], y[cand])]] = i
    return out


def streets(rng, clusters, x, y, cid, per_street_town: int, per_street: int, town: int):
    """Street of each address (nearest of K seeds per cluster), with house numbers that grow
    along the street, odd on one side and even on the other."""
    street = np.zeros(len(x), int)
    sx, sy, ang, s_cluster = [], [], [], []
    for k, cl in enumerate(clusters):
        idx = np.flatnonzero(cid == k)
        if not len(idx):
            continue
        per = per_street_town if cl.commune == town else per_street
        if cl.kind == "scatter":
            per = 3
        n_st = max(1, int(round(len(idx) / per)))
        seeds = rng.choice(idx, n_st, replace=False)
        _, near = cKDTree(np.column_stack([x[seeds], y[seeds]])).query(np.column_stack([x[idx], y[idx]]))
        street[idx] = len(sx) + near
        sx += list(x[seeds]); sy += list(y[seeds]); ang += list(rng.uniform(0, np.pi, n_st))
        s_cluster += [k] * n_st
    sx, sy, ang = np.array(sx), np.array(sy), np.array(ang)
    ux, uy = np.cos(ang)[street], np.sin(ang)[street]
    dx, dy = x - sx[street], y - sy[street]
    proj = dx * ux + dy * uy
    side = (dx * uy - dy * ux > 0).astype(int)          # 0: odd side, 1: even side
    order = np.lexsort((proj, side, street))
    grp = street[order] * 2 + side[order]
    first = np.r_[0, np.flatnonzero(np.diff(grp)) + 1]
    rank_sorted = np.arange(len(order)) - np.repeat(first, np.diff(np.r_[first, len(order)]))
    rank = np.empty(len(order), int)
    rank[order] = rank_sorted
    numero = 2 * rank + 1 + side
    return street, numero, np.array(s_cluster)


def ban_rows(rng, communes, polys, clusters, x, y, cid, lon, lat, params):
    """All BAN columns as a list of rows (sorted like the BAN: by id), the row order (index of
    the address of each row) and the street names of each commune's village."""
    town = communes["town"]
    street, numero, s_cluster = streets(rng, clusters, x, y, cid, params["addresses_per_street_town"],
                                        params["addresses_per_street"], town)
    n_streets = len(s_cluster)
    s_commune = np.array([clusters[k].commune for k in s_cluster])
    # street names and FANTOIR-like codes, per commune
    s_name = np.empty(n_streets, object)
    s_fantoir = np.empty(n_streets, object)
    for i in range(len(polys)):
        ids = np.flatnonzero(s_commune == i)
        pool = street_pool(rng, len(ids))
        n_named = n_ld = 0
        seen: set[int] = set()
        for j in ids:
            cl = clusters[s_cluster[j]]
            first_of_hamlet = cl.kind == "hamlet" and s_cluster[j] not in seen
            seen.add(s_cluster[j])
            if cl.kind == "scatter" or first_of_hamlet:   # lieux-dits: FANTOIR codes B001...
                s_fantoir[j] = f"B{n_ld + 1:03d}"
                s_name[j] = cl.name if first_of_hamlet else nm.FARMS[n_ld % len(nm.FARMS)]
                n_ld += 1
            else:
                s_fantoir[j] = f"{10 * (n_named + 1):04d}"
                s_name[j] = pool[n_named]
                n_named += 1
    # "bis": 2 % of the numbers > 2 take the previous number on their side
    rep = np.full(len(x), "", object)
    bis = (rng.random(len(x)) < params["bis_share"]) & (numero > 2)
    numero = np.where(bis, numero - 2, numero)
    rep[bis] = "bis"

    commune = np.array([clusters[k].commune for k in cid])
    code = communes["code"][commune]
    nom = communes["nom"][commune]
    anc_code = np.full(len(x), "", object)
    anc_nom = np.full(len(x), "", object)
    cn = communes.get("commune_nouvelle")
    if cn is not None:  # a commune nouvelle: the BAN keeps the former commune of each address
        i, old_code, old_nom = cn
        sel = commune == i
        west = sel & (x < communes["cx"][i])
        anc_code[sel], anc_nom[sel] = communes["code"][i], communes["nom"][i]
        anc_code[west], anc_nom[west] = old_code, old_nom
    cluster_kind = np.array([c.kind for c in clusters])[cid]
    cluster_name = np.array([c.name for c in clusters], object)[cid]
    nom_ld = np.where(cluster_kind == "hamlet", cluster_name, "")
    nom_voie = s_name[street]
    nom_ld = np.where(cluster_kind == "scatter", nom_voie, nom_ld)
    fantoir = s_fantoir[street]
    pos = _POSITIONS[rng.choice(len(_POSITIONS), len(x), p=_POSITION_P)]
    certified = (commune % 3 == 0).astype(int)
    sections = np.array(["0A", "0B", "0C", "AB", "AC", "ZA", "ZB", "ZC", "ZD", "ZE"])
    has_parcel = rng.random(len(x)) < 0.7
    parcel_sec = sections[rng.integers(0, len(sections), len(x))]
    parcel_num = rng.integers(1, 1200, len(x))
    afnor_voie = {v: nm.afnor(v) for v in set(s_name)}
    acheminement = {v: nm.afnor(v) for v in set(communes["nom"])}
    xs = [f"{v:.2f}" for v in x]
    ys = [f"{v:.2f}" for v in y]
    lons = [f"{v:.6f}" for v in lon]
    lats = [f"{v:.6f}" for v in lat]
    cp = communes["code_postal"][commune]
    ids = [f"{c}_{f}_{n:05d}" + (f"_{r}" if r else "") for c, f, n, r in zip(code, fantoir, numero, rep)]
    rows = []
    for k in range(len(x)):
        rows.append((
            ids[k], f"{code[k]}_{fantoir[k]}", str(numero[k]), rep[k], nom_voie[k], cp[k], code[k],
            nom[k], anc_code[k], anc_nom[k], xs[k], ys[k], lons[k], lats[k], pos[k], "",
            nom_ld[k], acheminement[nom[k]], afnor_voie[nom_voie[k]], SYNTHETIC_SOURCE,
            SYNTHETIC_SOURCE, str(certified[k]),
            f"{code[k]}000{parcel_sec[k]}{parcel_num[k]:04d}" if has_parcel[k] else "",
        ))
    order = sorted(range(len(rows)), key=lambda k: rows[k][0])
    # street names of each commune's main village (reused to name the OSM residential grid)
    village_names = [[s_name[j] for j in np.flatnonzero(s_commune == i)
                      if clusters[s_cluster[j]].kind == "village"] for i in range(len(polys))]
    return [rows[k] for k in order], np.asarray(order), village_names
