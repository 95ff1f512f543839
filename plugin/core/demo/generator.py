"""The seeded demo-territory generator.

``generate(outdir, seed)`` writes a synthetic but realistic rural French territory (about 30
communes around a small town, 40,000 addresses, services, connectivity, fragility variables and a
road network) in the official open-data formats the readers accept. Same seed, same parameters ->
byte-identical files. The département code is ``00``: it does not exist in the INSEE COG, so the
demo can never be mistaken for (or merged with) a real territory, yet its INSEE codes have the
usual five characters and its legal CRS is Lambert-93 (EPSG:2154).
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import dijkstra
from shapely.geometry.polygon import orient

from ..progress import Feedback, ensure
from ..provenance import SYNTHETIC
from . import addresses as ad
from . import geometry as geo
from . import names as nm
from . import roads, tables, writers
from .lambert93 import to_lonlat

PARAMS_FILE = Path(__file__).resolve().parents[3] / "resources" / "demo_territory.json"
GENERATOR_VERSION = "1"

FILES = {
    "territory": "demo_territoire.geojson",
    "communes": "demo_communes.geojson",
    "communes_population": "demo_communes_cog_population_epci.csv",
    "epci": "demo_epci.json",
    "addresses": "demo_adresses-{dep}.csv.gz",
    "france_services": "demo_france_services.csv",
    "mediation_csv": "demo_lieux_mediation_numerique.csv",
    "mediation_json": "demo_lieux_mediation_numerique.json",
    "arcep_debit": "demo_arcep_commune_debit.csv",
    "mobile_sites": "demo_sites_mobiles_2G_3G_4G.csv",
    "fragility": "demo_fragilite_communes.csv",
    "roads_osm": "demo_roads.osm",
    "readme": "README.txt",
    "provenance": "provenance.json",
}


def load_params(overrides: dict | None = None) -> dict:
    """Parameters from resources/demo_territory.json, updated with `overrides`."""
    with open(PARAMS_FILE, encoding="utf-8") as fh:
        params = {k: v for k, v in json.load(fh).items() if not k.startswith("_")}
    unknown = set(overrides or {}) - set(params)
    if unknown:
        from ..errors import ParameterError
        raise ParameterError(f"unknown demo parameter(s): {', '.join(sorted(unknown))}",
                             path=str(PARAMS_FILE), hint="use the names listed in that file")
    params.update(overrides or {})
    _validate(params)
    return params


# (name, minimum, maximum) of the numeric parameters a user may sensibly change
_RANGES = (("n_communes", 5, 300), ("addresses_total", 500, 2_000_000), ("radius_m", 2000, 100_000),
           ("town_population", 1000, 500_000), ("village_population_min", 1, 10_000),
           ("village_population_max", 10, 100_000), ("scattered_share", 0, 0.5),
           ("boundary_margin_m", 0.5, 100), ("bis_share", 0, 0.5), ("extra_edge_share", 0, 1))


def _validate(p: dict) -> None:
    from ..errors import ParameterError
    for name, lo, hi in _RANGES:
        v = p[name]
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not lo <= v <= hi:
            raise ParameterError(f"demo parameter {name}={v!r} is outside [{lo}, {hi}]",
                                 path=str(PARAMS_FILE), hint=f"give {name} a value between {lo} and {hi}")
    if not (isinstance(p["departement"], str) and len(p["departement"]) == 2):
        raise ParameterError(f"demo parameter departement={p['departement']!r} must be a 2-character code",
                             path=str(PARAMS_FILE), hint='keep "00", which no real département uses')
    if p["village_population_min"] >= p["village_population_max"]:
        raise ParameterError("village_population_min must be below village_population_max",
                             path=str(PARAMS_FILE))
    tiny = sum(t["addresses"] for t in p["tiny_communes"])
    if len(p["tiny_communes"]) > p["n_communes"] // 3 or tiny >= p["addresses_total"] // 2:
        raise ParameterError("too many tiny communes for the number of communes or addresses",
                             path=str(PARAMS_FILE), hint="list at most n_communes/3 tiny communes")


def _luhn(prefix: str) -> str:
    """prefix + the Luhn check digit (SIREN/SIRET key)."""
    for d in "0123456789":
        s = prefix + d
        total = sum((2 * int(c) - 9 * (2 * int(c) > 9)) if k % 2 else int(c)
                    for k, c in enumerate(reversed(s)))
        if total % 10 == 0:
            return s
    raise AssertionError


def _communes(rng, centres, polys, outline_poly, p) -> dict:
    n = len(centres)
    dep = p["departement"]
    cen = outline_poly.centroid
    town = int(np.argmin(np.hypot(centres[:, 0] - cen.x, centres[:, 1] - cen.y)))
    dist = np.hypot(centres[:, 0] - centres[town, 0], centres[:, 1] - centres[town, 1])
    remote = dist / dist.max()
    far = [int(i) for i in np.argsort(-dist)]
    tiny = {far[1]: p["tiny_communes"][0], far[4]: p["tiny_communes"][1]}
    # populations: log-normal villages, larger near the town
    villages = [i for i in range(n) if i != town and i not in tiny]
    draws = np.round(np.exp(rng.normal(np.log(p["village_population_median"]),
                                       p["village_population_sigma"], 20 * len(villages))))
    draws = draws[(draws >= p["village_population_min"]) & (draws <= p["village_population_max"])]
    draws = np.sort(draws[: len(villages)])[::-1]       # truncated log-normal, largest first
    key = remote[villages] + rng.normal(0, 0.25, len(villages))
    pop = np.zeros(n)
    pop[np.array(villages)[np.argsort(key)]] = draws
    pop[town] = p["town_population"]
    for i, t in tiny.items():
        pop[i] = t["population"]
    # names and codes (INSEE numbers follow the alphabetical order, with gaps)
    names = nm.commune_names(rng, n)
    nom = np.empty(n, object)
    nom[town] = names[0]
    nom[[i for i in range(n) if i != town]] = names[1:]
    numbers = np.sort(rng.choice(np.arange(1, 4 * n), n, replace=False))
    code = np.empty(n, object)
    code[np.argsort([nm.strip_accents(s).lower() for s in nom])] = [f"{dep}{k:03d}" for k in numbers]
    gap = int(next(k for k in range(2, 4 * n) if k not in set(numbers)))
    areas = np.array([poly.area for poly in polys])
    cn_idx = int(max(villages, key=lambda i: areas[i]))
    # postal codes: the nearest of a few distributing offices (the town and the largest villages)
    offices = [town] + [int(i) for i in np.argsort(-pop) if i != town][: p["postal_offices"] - 1]
    d_off = np.hypot(centres[:, None, 0] - centres[offices, 0], centres[:, None, 1] - centres[offices, 1])
    cp = np.array([f"{dep}{100 + 10 * j}" for j in np.argmin(d_off, axis=1)], object)
    # EPCI: contiguous groups grown from three seeds on the commune adjacency graph
    pairs = np.array(geo.adjacency(polys))
    w = np.hypot(*(centres[pairs[:, 0]] - centres[pairs[:, 1]]).T)
    g = coo_matrix((w, (pairs[:, 0], pairs[:, 1])), shape=(n, n)).tocsr()
    s2 = int(max(villages, key=lambda i: pop[i] * remote[i]))
    s3 = int(max(villages, key=lambda i: min(np.hypot(*(centres[i] - centres[s2])), dist[i]) * pop[i] ** 0.3))
    seeds = [town, s2, s3]
    dd = dijkstra(g, directed=False, indices=seeds)
    dd[0] -= p["epci_town_head_start_m"]
    epci = np.argmin(dd, axis=0)
    return {"n": n, "town": town, "tiny": set(tiny), "tiny_addr": {i: t["addresses"] for i, t in tiny.items()},
            "cx": centres[:, 0], "cy": centres[:, 1], "remoteness": remote, "dist_town": dist,
            "population": pop, "nom": nom, "code": code, "code_postal": cp, "epci": epci,
            "epci_seeds": seeds, "commune_nouvelle": (cn_idx, f"{dep}{gap:03d}", "Chaumont-la-Vieille"),
            "siren": np.array([_luhn(f"21{c[:2]}0{c[2:]}") for c in code], object),
            "offices": offices, "pairs": pairs}


def _address_quota(communes, p) -> np.ndarray:
    n = communes["n"]
    quota = np.zeros(n, int)
    fixed = communes["tiny_addr"]
    free = [i for i in range(n) if i not in fixed]
    weight = communes["population"][free] ** p["address_population_exponent"]
    share = weight / weight.sum() * (p["addresses_total"] - sum(fixed.values()))
    base = np.floor(share).astype(int)
    base[np.argsort(-(share - base))[: int(round(share.sum() - base.sum()))]] += 1  # largest remainder
    quota[free] = base
    for i, k in fixed.items():
        quota[i] = k
    return quota


def _polygon_lonlat(poly, decimals=7) -> dict:
    poly = orient(poly, 1.0)
    xy = np.asarray(poly.exterior.coords)
    lon, lat = to_lonlat(xy[:, 0], xy[:, 1])
    ring = [[round(float(a), decimals), round(float(b), decimals)] for a, b in zip(lon, lat)]
    return {"type": "Polygon", "coordinates": [ring]}


def _nearest_address(x, y, acom, commune, px, py, rank=0) -> int:
    """The rank-th address of the commune (village cluster: acom >= 0) nearest to (px, py)."""
    idx = np.flatnonzero(acom == commune)
    order = np.argsort(np.hypot(x[idx] - px, y[idx] - py), kind="stable")
    return int(idx[order[min(rank, len(order) - 1)]])


def generate(outdir, seed: int | None = None, params: dict | None = None,
             feedback: Feedback | None = None) -> dict[str, Path]:
    """Write the demo territory into `outdir` (created if needed; files are written to a temporary
    folder first and moved in at the end, so a failure leaves no half-written output).
    Returns {key: path} for every file written (keys of FILES)."""
    fb = ensure(feedback)
    p = load_params(params)
    seed = int(p["seed"] if seed is None else seed)
    p["seed"] = seed
    rng = np.random.default_rng(seed)
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".demo-tmp-", dir=outdir))   # same file system: os.replace
    try:
        paths = _generate(tmp, rng, p, fb)
        final = {}
        for key, path in paths.items():
            target = outdir / path.name
            os.replace(path, target)
            final[key] = target
        return final
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def ensure_demo(outdir, seed: int | None = None, params: dict | None = None,
                feedback: Feedback | None = None) -> dict[str, Path]:
    """The demo territory in `outdir`, generated only if it is missing, made with other
    parameters or another generator version, or if a file no longer matches its checksum."""
    p = load_params(params)
    p["seed"] = int(p["seed"] if seed is None else seed)
    outdir = Path(outdir)
    paths = {k: outdir / v.format(dep=p["departement"]) for k, v in FILES.items()}
    try:
        prov = json.loads(paths["provenance"].read_text(encoding="utf-8"))
        fresh = (prov.get("synthetic") is True and prov.get("generator_version") == GENERATOR_VERSION
                 and prov.get("parameters") == json.loads(json.dumps(p))
                 and all(paths[info["key"]].name == name
                         and hashlib.sha256(paths[info["key"]].read_bytes()).hexdigest() == info["sha256"]
                         for name, info in prov["files"].items())
                 and paths["readme"].exists())
    except (OSError, ValueError, KeyError, TypeError):
        fresh = False
    if fresh:
        return paths
    return generate(outdir, seed=p["seed"], params=params, feedback=feedback)


class _Demo:
    """What the steps of the generator share: the random stream (drawn in a fixed order, so that a
    seed always gives the same files), the parameters, the files, and what each step makes."""

    def __init__(self, out: Path, rng, p: dict):
        self.rng, self.p = rng, p
        self.files = {k: out / v.format(dep=p["departement"]) for k, v in FILES.items()}


def _generate(out: Path, rng, p, fb) -> dict[str, Path]:
    d = _Demo(out, rng, p)
    for step, progress in ((_make_geometry, 10), (_make_addresses, 45), (_make_services, 60),
                           (_make_connectivity, 70), (_write_communes, None), (_make_roads, 90),
                           (_write_readme_provenance, 100)):
        step(d)
        if progress is not None:
            fb.set_progress(progress)
            if progress < 90:
                fb.check()
    return d.files


def _make_geometry(d: _Demo) -> None:
    """The territory's outline, the commune centres and their Voronoi polygons, the communes."""
    p, rng = d.p, d.rng
    cx, cy = p["centre_l93"]
    d.outline_poly = geo.outline(rng, cx, cy, p["radius_m"])
    centres = geo.poisson_points(rng, d.outline_poly, p["n_communes"], p["min_centre_distance_m"], 900.0)
    d.polys = geo.voronoi_partition(centres, d.outline_poly)
    d.communes = _communes(rng, centres, d.polys, d.outline_poly, p)
    d.n = d.communes["n"]
    d.centres = centres


def _make_addresses(d: _Demo) -> None:
    """Addresses in villages and hamlets, each inside its commune, written as a BAN file."""
    p, rng, communes = d.p, d.rng, d.communes
    d.quota = _address_quota(communes, p)
    d.clusters = clusters = ad.plan_clusters(rng, d.polys, d.centres, d.quota, communes["tiny"], p)
    x, y, cid = ad.draw_points(rng, d.polys, clusters, p["boundary_margin_m"])
    acom = ad.assign_commune(d.polys, x, y)          # point-in-polygon, vectorised
    owner = np.array([c.commune for c in clusters])[cid]
    if not np.array_equal(acom, owner):
        raise RuntimeError("demo generator: an address fell outside its commune")
    lon, lat = to_lonlat(x, y)
    communes["sigma"] = np.array([next(c.sigma for c in clusters if c.commune == i and c.kind == "village")
                                  for i in range(d.n)])
    rows, order, street_names = ad.ban_rows(rng, communes, d.polys, clusters, x, y, cid, lon, lat, p)
    communes["street_names"] = street_names
    writers.write_gzip(d.files["addresses"], writers.csv_text(ad.BAN_HEADER, rows, sep=";", newline="\n"),
                       f"adresses-{p['departement']}.csv")
    d.x, d.y, d.cid, d.acom, d.lon, d.lat, d.rows, d.order = x, y, cid, acom, lon, lat, rows, order


def _make_services(d: _Demo) -> None:
    """Town halls, libraries, post offices (OSM amenities), France services (one a bus on tour) and
    mediation places, each at an address of its commune's village."""
    p, communes, n = d.p, d.communes, d.n
    x, y, lon, lat, rows, order = d.x, d.y, d.lon, d.lat, d.rows, d.order
    pop = communes["population"]
    town = communes["town"]
    by_pop = [int(i) for i in np.argsort(-pop, kind="stable")]

    in_village = np.array([c.kind == "village" for c in d.clusters])[d.cid]
    village_com = np.where(in_village, d.acom, -1)   # services stand in the village, not on a farm

    def place(i, rank):
        k = _nearest_address(x, y, village_com, i, communes["cx"][i], communes["cy"][i], rank)
        r = rows[int(np.flatnonzero(order == k)[0])]
        return {"x": x[k], "y": y[k], "lon": lon[k], "lat": lat[k], "code": communes["code"][i],
                "commune": communes["nom"][i], "cp": communes["code_postal"][i],
                "adresse": f"{r[2]}{' ' + r[3] if r[3] else ''} {r[4]}", "numero": r[2] + r[3], "voie": r[4]}

    services_count = np.zeros(n)
    amenities = []

    def amenity(i, rank, kind, name):
        q = place(i, rank)
        amenities.append((q["x"], q["y"], {"amenity": kind, "name": name, "addr:housenumber": q["numero"],
                                           "addr:street": q["voie"], "addr:postcode": q["cp"],
                                           "addr:city": q["commune"]}))
        services_count[i] += 1

    for i in range(n):
        amenity(i, 0, "townhall", "Mairie " + nm.of(communes["nom"][i]))
    for i in by_pop[:2]:
        amenity(i, 3, "library", "Médiathèque " + nm.of(communes["nom"][i]))
    for i in by_pop[:3]:
        amenity(i, 6, "post_office", f"La Poste {communes['nom'][i]}")
    s2, s3 = communes["epci_seeds"][1:]
    bus_base = int(max((i for i in range(n) if i not in communes["tiny"] and i not in (town, s2, s3)),
                       key=lambda i: communes["remoteness"][i] * pop[i] ** 0.5))
    epci3 = communes["epci"] == communes["epci"][bus_base]
    tour = [i for i in np.argsort(-pop) if epci3[i] and i != bus_base][:4]
    days = ["lundi", "mardi", "mercredi", "jeudi", "vendredi"]
    fs_places = []
    for i in (town, s2, s3):
        fs_places.append({**place(i, 10), "lib": "France services " + nm.of(communes["nom"][i]), "kind": "fixe"})
        services_count[i] += 1
    area = _epci_area(p["epci"][communes["epci"][bus_base]]["nom"])
    communes["bus_area"] = area
    fs_places.append({**place(bus_base, 12), "lib": "Bus France services " + area, "kind": "bus",
                      "tour": [f"{day} {communes['nom'][i]}" for day, i in zip(days, [bus_base] + tour)]})
    services_count[bus_base] += 1
    writers.write_text(d.files["france_services"],
                       writers.csv_text(tables.FS_HEADER, tables.france_services(fs_places, p["departement"])))
    med = _mediation_places(communes, place, by_pop, bus_base, p)
    for m in med:
        services_count[list(communes["code"]).index(m["code"])] += 1
    med_rows, med_objs = tables.mediation(med, p["date_maj"])
    writers.write_text(d.files["mediation_csv"], writers.csv_text(tables.MEDIATION_HEADER, med_rows,
                                                                  newline="\n"))
    writers.write_json(d.files["mediation_json"], med_objs)
    d.services_count, d.amenities, d.fs_places, d.med = services_count, amenities, fs_places, med


def _make_connectivity(d: _Demo) -> None:
    """ARCEP fixed broadband by commune, mobile sites and their coverage, the fragility variables."""
    p, rng, communes, n = d.p, d.rng, d.communes, d.n
    arcep_rows, thd_rate = tables.arcep_debit(rng, communes, d.quota, p)
    writers.write_text(d.files["arcep_debit"], writers.csv_text(tables.ARCEP_HEADER, arcep_rows))
    mob_rows, sx, sy, g2, g4 = tables.mobile_sites(rng, communes, d.outline_poly, d.polys, ad.assign_commune, p)
    writers.write_text(d.files["mobile_sites"], writers.csv_text(tables.MOBILE_HEADER, mob_rows))
    mob2g = tables.coverage_shares(d.x, d.y, d.acom, n, sx, sy, g2, p["mobile_2g_range_m"])
    non4g = 1 - tables.coverage_shares(d.x, d.y, d.acom, n, sx, sy, g4, p["mobile_4g_range_m"])
    writers.write_text(d.files["fragility"], writers.csv_text(
        tables.FRAGILITY_HEADER, tables.fragility(rng, communes, thd_rate, mob2g, non4g, d.services_count)))
    d.mob_rows = mob_rows


def _write_communes(d: _Demo) -> None:
    """The communes (GeoJSON, and the COG/population/EPCI table), the territory outline, the EPCI."""
    p, communes, files, dep = d.p, d.communes, d.files, d.p["departement"]
    pop = communes["population"]
    by_code = np.argsort(communes["code"])
    feats = [{"type": "Feature", "geometry": _polygon_lonlat(d.polys[i]),
              "properties": {"code": communes["code"][i], "nom": communes["nom"][i]}} for i in by_code]
    writers.write_json(files["communes"], {
        "type": "FeatureCollection", "name": "demo_communes",
        "description": "SYNTHETIC communes of the TerriDiag demo territory (" + tables.SYNTHETIC_NOTE + ")",
        "features": feats}, indent=None)
    writers.write_json(files["territory"], {
        "type": "FeatureCollection", "name": "demo_territoire",
        "description": "SYNTHETIC outline of the TerriDiag demo territory",
        "features": [{"type": "Feature", "geometry": _polygon_lonlat(d.outline_poly),
                      "properties": {"code": dep, "nom": "Territoire de démonstration (synthétique)"}}]},
        indent=None)
    ep = p["epci"]
    com_rows = [(communes["code"][i], communes["nom"][i], dep, p["region"], p["arrondissement"],
                 communes["siren"][i], communes["code_postal"][i], str(int(pop[i])),
                 ep[communes["epci"][i]]["siren"], ep[communes["epci"][i]]["nom"], ep[communes["epci"][i]]["type"])
                for i in by_code]
    writers.write_text(files["communes_population"], writers.csv_text(
        ("code_insee", "nom", "departement", "region", "arrondissement", "siren", "codes_postaux",
         "population", "epci_siren", "epci_nom", "epci_type"), com_rows))
    members = {k: [i for i in by_code if communes["epci"][i] == k] for k in range(len(ep))}
    writers.write_json(files["epci"], [
        {"code": e["siren"], "nom": e["nom"], "type": e["type"], "modeFinancement": "FPU",
         "populationTotale": int(pop[members[k]].sum()), "populationMunicipale": int(pop[members[k]].sum()),
         "membres": [{"code": communes["code"][i], "siren": communes["siren"][i], "nom": communes["nom"][i],
                      "populationTotale": int(pop[i]), "populationMunicipale": int(pop[i])}
                     for i in members[k]]}
        for k, e in enumerate(ep) if members[k]])


def _make_roads(d: _Demo) -> None:
    """The road network between villages and hamlets, with the amenities, as an OSM file."""
    hamlets = [(c.cx, c.cy, c.name, c.size) for c in d.clusters if c.kind == "hamlet"]
    osm_text, d.osm_stats = roads.build(d.rng, d.communes, d.polys, hamlets, d.amenities, d.p)
    writers.write_text(d.files["roads_osm"], osm_text)


def _write_readme_provenance(d: _Demo) -> None:
    """The README and provenance.json: the counts, the parameters, the seed, each file's digest."""
    p, communes, files = d.p, d.communes, d.files
    counts = {"communes": d.n, "addresses": len(d.x), "france_services": len(d.fs_places),
              "mediation_places": len(d.med), "mobile_sites": len(d.mob_rows), "osm": d.osm_stats,
              "epci": len(set(communes["epci"].tolist())), "population": int(communes["population"].sum()),
              "communes_under_11_addresses": int((d.quota < 11).sum())}
    writers.write_text(files["readme"], _readme(p, communes, counts))
    prov = {
        "synthetic": True,
        "title": "TerriDiag demo territory (SYNTHETIC data, not a real place)",
        # "producer" is what outputs may show ("generator", the module that wrote the files, is for
        # the record only); outputs credit no producer for synthetic data anyway
        "producer": "TerriDiag",
        "generator": "terridiag.plugin.core.demo.generator", "generator_version": GENERATOR_VERSION,
        "seed": p["seed"], "departement": p["departement"], "crs": "EPSG:2154",
        "licence": SYNTHETIC,
        "parameters": p, "counts": counts,
        "commune_nouvelle": {"code": communes["code"][communes["commune_nouvelle"][0]],
                             "ancienne_commune": list(communes["commune_nouvelle"][1:])},
        "files": {},
    }
    for key, path in files.items():
        if key not in ("readme", "provenance"):
            prov["files"][path.name] = {"key": key, "sha256": hashlib.sha256(path.read_bytes()).hexdigest()}
    writers.write_json(files["provenance"], prov)


def _epci_area(epci_name: str) -> str:
    """ "CC du Plateau des Mille Sources" -> "du Plateau des Mille Sources"."""
    return epci_name.split(" ", 1)[1] if epci_name.startswith(("CC ", "CA ")) else "de " + epci_name


def _mediation_places(communes, place, by_pop, bus_base, p) -> list[dict]:
    town = communes["town"]
    nom = communes["nom"]
    big = [i for i in by_pop if i != town]
    sv = tables.SERVICES
    siret = lambda i, k: communes["siren"][i] + f"{10 * k + 1:05d}"
    specs = [
        (town, 3, "Médiathèque " + nm.of(nom[town]), "BIB", "Tu,Th 14:00-18:00; We 10:00-12:00,14:00-18:00; Sa 10:00-17:00",
         [sv[1], sv[5], sv[7]], {"dispositifs": "Conseillers numériques"}),
        (town, 14, "CCAS " + nm.of(nom[town]), "CCAS", "Mo-Fr 08:30-12:00,13:30-17:00; PH off",
         [sv[0], sv[3]], {"publics": "Seniors", "accompagnement": "Accompagnement individuel"}),
        (town, 20, 'Espace numérique "Le Relais", ' + nom[town], "ASSO", "Mo-Fr 09:00-12:00,14:00-18:30; Sa 08:30-12:00",
         [sv[1], sv[2], sv[6], sv[8]], {"frais": "Gratuit sous condition", "accompagnement": "Dans un atelier|Accompagnement individuel"}),
        (town, 10, "France services " + nm.of(nom[town]), "FRANCE_SERVICES", "Mo-Fr 09:00-12:00,13:30-17:00; Sa 09:00-12:00",
         [sv[0], sv[1]], {"dispositifs": "France Services|Aidants Connect"}),
        (big[0], 3, "Médiathèque " + nm.of(nom[big[0]]), "BIB", "We 14:00-18:00; Sa 09:00-12:00",
         [sv[1], sv[7]], {}),
        (big[1], 5, "Tiers-lieu La Fabrique", "TIERS_LIEUX", "Tu-Fr 10:00-19:00",
         [sv[2], sv[5], sv[7]], {"accompagnement": "Dans un atelier"}),
        (big[2], 0, "Mairie " + nm.of(nom[big[2]]) + " - permanence numérique", "MUNI", "Th 14:00-17:00",
         [sv[0]], {}),
        (bus_base, 2, "Bus numérique " + communes["bus_area"], "ASSO", "Mo 09:00-12:00; We 14:00-17:00",
         [sv[0], sv[1]], {"itinerant": True, "complement": "Stationne place de la mairie"}),
        (big[3], 4, tables.HOSTILE_NAME, "BIB", "Sa 10:00-12:00",
         [sv[1]], {"resume": "Nom volontairement hostile : teste l'échappement HTML & CSV."}),
        (big[4], 1, "Familles Rurales " + nom[big[4]], "ASSO", "",
         [sv[4], sv[1]], {"publics": "Familles et/ou enfants|Seniors"}),
    ]
    out = []
    for k, (i, rank, name, typo, hours, services, extra) in enumerate(specs):
        q = place(i, rank)
        out.append({**q, "nom": name, "typologie": typo, "horaires": hours, "services": services,
                    "pivot": siret(i, k), **extra})
    return out


def _readme(p, communes, counts) -> str:
    town = communes["town"]
    return f"""TERRIDIAG DEMO TERRITORY - SYNTHETIC DATA
==========================================

Everything in this folder is SYNTHETIC. It was generated by TerriDiag
(plugin/core/demo/generator.py, seed {p['seed']}) and describes NO real place, person,
service or network. It only copies the FILE FORMATS of the official open data
(BAN, ANCT France services, national mediation-places schema, ARCEP, IGN/COG,
OpenStreetMap XML) so that the readers and the whole diagnosis can be tried offline.

- Département code "{p['departement']}" does not exist in the INSEE COG: no clash with a
  real territory. Commune codes run from {min(communes['code'])} to {max(communes['code'])};
  the legal CRS is Lambert-93 (EPSG:2154); lon/lat are WGS84.
- Town: {communes['nom'][town]} ({int(communes['population'][town])} inhabitants).
- {counts['communes']} communes, {counts['epci']} EPCI, {counts['population']} inhabitants,
  {counts['addresses']} addresses ({counts['communes_under_11_addresses']} communes with fewer
  than 11 addresses, to exercise statistical confidentiality), {counts['france_services']}
  France services (one itinerant bus), {counts['mediation_places']} mediation places,
  {counts['mobile_sites']} mobile sites, an OSM XML road network.
- One commune nouvelle: its BAN addresses carry code_insee_ancienne_commune.
- Phone numbers use the 03 53 01 range that ARCEP reserves for fiction; e-mails and
  web sites use the reserved .example domain.
- The road network is not OpenStreetMap data (no ODbL obligation); it only uses the
  OSM XML 0.6 format.

Files (see provenance.json for checksums and every generation parameter):
  demo_territoire.geojson                  territory outline (WGS84)
  demo_communes.geojson                    communes, france-geojson format (code, nom)
  demo_communes_cog_population_epci.csv    population, EPCI, postcodes (decoupage-administratif style)
  demo_epci.json                           EPCI and their members (decoupage-administratif epci.json)
  demo_adresses-{p['departement']}.csv.gz                  BAN per-département CSV (';', UTF-8, gzip)
  demo_france_services.csv                 ANCT France services list format
  demo_lieux_mediation_numerique.csv/.json national mediation-places schema ('|' lists)
  demo_arcep_commune_debit.csv             ARCEP "Ma connexion internet" commune_debit
  demo_sites_mobiles_2G_3G_4G.csv          ARCEP mobile sites (Lambert-93 and WGS84)
  demo_fragilite_communes.csv              MedNum 2019 and IFN fragility variables
  demo_roads.osm                           OSM XML 0.6 road network and amenities
"""
