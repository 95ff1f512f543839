"""Every territory in its legal CRS (issue 17): a run whose communes span territories computes each
one in its own legal CRS and merges the results, and a place never serves another territory —
checked on the real communes of Guadeloupe (971) and Corse-du-Sud (2A) with the national France
Services and mediation files, against geodesic distances (pyproj.Geod) and independent territory
labels (the files' own département / postcode columns)."""
from __future__ import annotations

import csv
import json

import numpy as np
import pandas as pd
import pytest
from pyproj import Geod, Transformer

from terridiag.plugin.core import crs, territories
from terridiag.plugin.core.graph import RoadGraph
from terridiag.plugin.core.indicators.coverage import coverage_by_commune
from terridiag.plugin.core.indicators.demand import build_demand
from terridiag.plugin.core.indicators.diagnosis import run_diagnosis
from terridiag.plugin.core.indicators.fsca import fsca_by_commune
from terridiag.plugin.core.indicators.network import graph_costs, network_coverage_by_commune

GEOD = Geod(ellps="GRS80")
FS = "national/france_services_liste-fs-20240801.csv"
MED = "national/lieux_mediation_numerique_cnfs_2022-07.json"


def _communes(shared_data, *names):
    gpd = pytest.importorskip("geopandas")
    parts = [gpd.read_file(shared_data / "boundaries" / n) for n in names]
    c = pd.concat(parts, ignore_index=True).rename(columns={"code": "code_insee"})
    return gpd.GeoDataFrame(c[["code_insee", "nom", "geometry"]], geometry="geometry", crs=4326)


def _places(shared_data):
    """National places as lon/lat with their territory from the files' own columns."""
    with open(shared_data / FS, encoding="utf-8", newline="") as fh:
        fs = [(float(r["longitude"]), float(r["latitude"]),
               r["insee_dep"] if r["insee_dep"].startswith("97") else "metropole") for r in csv.DictReader(fh)]
    med = [(p["longitude"], p["latitude"], str(p["code_postal"])[:3] if str(p["code_postal"]).startswith("97")
            else "metropole") for p in json.loads((shared_data / MED).read_text("utf-8"))]
    rows = fs + med
    frame = pd.DataFrame({"x": [r[0] for r in rows], "y": [r[1] for r in rows], "category": "france_services"})
    frame.attrs["crs"] = 4326
    return frame, np.array([r[2] for r in rows], dtype=object)


def _geodesic_nearest(lon, lat, slon, slat):
    out = np.empty(len(lon))
    for k in range(len(lon)):
        _, _, d = GEOD.inv(np.full(len(slon), lon[k]), np.full(len(slat), lat[k]), slon, slat)
        out[k] = d.min()
    return out


def test_guadeloupe_and_corsica_each_in_its_legal_crs(shared_data):
    communes = _communes(shared_data, "communes-971-guadeloupe.geojson", "communes-2A-corse-du-sud.geojson")
    places, label = _places(shared_data)
    dem = build_demand(communes)
    assert dem.crs == 4326 and dem.meta["territories"] == {"971": 32, "metropole": 124}
    cov = coverage_by_commune(None, places, communes=communes, demand=dem)
    # the demand points, back in lon/lat, against the places of the same territory (geodesic)
    lon, lat = np.empty(len(dem)), np.empty(len(dem))
    for key in ("971", "metropole"):
        m = dem.zone == key
        lon[m], lat[m] = Transformer.from_crs(crs.BY_KEY[key].epsg, 4326, always_xy=True).transform(dem.x[m], dem.y[m])
    expected = np.empty(len(dem))
    geodesic = np.empty(len(dem))
    for key in ("971", "metropole"):
        m = dem.zone == key
        slon, slat = places["x"].to_numpy()[label == key], places["y"].to_numpy()[label == key]
        # the oracle projects with pyproj into the territory's legal CRS and takes the nearest
        sx, sy = Transformer.from_crs(4326, crs.BY_KEY[key].epsg, always_xy=True).transform(slon, slat)
        expected[m] = [np.hypot(sx - x, sy - y).min() for x, y in zip(dem.x[m], dem.y[m])]
        geodesic[m] = _geodesic_nearest(lon[m], lat[m], slon, slat)
    got = cov.set_index("code_insee").loc[dem.code, "dist_mean_m"].to_numpy()
    np.testing.assert_allclose(got, expected, rtol=1e-9)
    # and the legal CRSs keep distances close to the ellipsoid's (Lambert-93 stretches Corsica by ~0.3 %)
    np.testing.assert_allclose(got, geodesic, rtol=3.5e-3)
    assert (np.abs(got / geodesic - 1)[dem.zone == "971"] < 2e-4).all()
    assert (expected[dem.zone == "971"] < 20_000).all()


def test_diagnosis_over_two_territories_merges_them(shared_data):
    communes = _communes(shared_data, "communes-971-guadeloupe.geojson", "communes-2A-corse-du-sud.geojson")
    places, label = _places(shared_data)
    out, meta = run_diagnosis(communes, None, places)
    assert len(out) == 156 and out.crs.to_epsg() == 4326
    per = meta["territories"]["by_territory"]
    assert per["971"] == {"name": "Guadeloupe", "crs": 5490, "communes": 32, "places": int((label == "971").sum())}
    assert per["metropole"]["crs"] == 2154 and meta["territories"]["without_places"] == []
    # areas in each legal CRS, against ellipsoidal areas: UTM 20N keeps Guadeloupe's to 5e-4,
    # Lambert-93 enlarges Corsica's by its scale factor squared (~0.6 %)
    for _, row in out.sample(20, random_state=3).iterrows():
        area = abs(GEOD.geometry_area_perimeter(communes.set_index("code_insee").loc[row["code_insee"], "geometry"])[0])
        ratio = row["area_km2"] / (area / 1e6)
        assert (abs(ratio - 1) < 5e-4) if row["code_insee"].startswith("971") else (1.002 < ratio < 1.008)
    # the whole-run figures come from every demand point of both territories
    within = (out["dist_mean_m"] <= 5000).mean()
    assert meta["territory"]["share_within_5km"] == pytest.approx(within)


def _mayotte(shared_data):
    """Small squares around the France Services sites of Mayotte and La Réunion (communes with
    their INSEE code), the sites themselves, and the national mediation places."""
    gpd = pytest.importorskip("geopandas")
    from shapely.geometry import box
    with open(shared_data / FS, encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if r["insee_dep"] in ("974", "976")]
    first = {}
    for r in rows:
        first.setdefault(r["insee_com"], (float(r["longitude"]), float(r["latitude"])))
    communes = gpd.GeoDataFrame({"code_insee": list(first)},
                                geometry=[box(x - 0.002, y - 0.002, x + 0.002, y + 0.002) for x, y in first.values()],
                                crs=4326)
    sites = pd.DataFrame({"code_insee": [r["insee_com"] for r in rows], "x": [float(r["longitude"]) for r in rows],
                          "y": [float(r["latitude"]) for r in rows], "dep": [r["insee_dep"] for r in rows]})
    return communes, sites


def test_mayotte_is_not_covered_from_la_reunion(shared_data):
    communes, sites = _mayotte(shared_data)
    addresses = sites[["code_insee", "x", "y"]]
    reunion_only = sites[sites["dep"] == "974"].assign(category="france_services")
    cov = coverage_by_commune(addresses, reunion_only, communes=communes)
    mayotte = cov[cov["code_insee"].str.startswith("976")]
    assert len(mayotte) > 5
    assert mayotte["share_within"].eq(0).all() and mayotte["dist_mean_m"].isna().all()   # not 1,400 km
    assert cov.attrs["coverage"]["territories_without_service"] == ["976"]
    reunion = cov[cov["code_insee"].str.startswith("974")]
    assert reunion["dist_mean_m"].max() < 50 and reunion["share_within"].eq(1).all()     # at their own sites
    # with the mediation places of both islands, Mayotte is served by Mayotte's only (geodesic oracle)
    places = json.loads((shared_data / MED).read_text("utf-8"))
    mp = [p for p in places if str(p["code_postal"]).startswith(("974", "976"))]
    med = pd.DataFrame({"x": [p["longitude"] for p in mp], "y": [p["latitude"] for p in mp], "category": "mediation"})
    cov = coverage_by_commune(addresses, med, communes=communes, weighting="none")
    m976 = np.array([str(p["code_postal"]).startswith("976") for p in mp])
    for code, grp in addresses[addresses["code_insee"].str.startswith("976")].groupby("code_insee"):
        d = _geodesic_nearest(grp["x"].to_numpy(), grp["y"].to_numpy(), med["x"].to_numpy()[m976],
                              med["y"].to_numpy()[m976])
        assert cov.set_index("code_insee").loc[code, "dist_mean_m"] == pytest.approx(d.mean(), rel=2e-3)


def test_2sfca_pairs_stay_in_their_territory():
    """Martinique and Guadeloupe share EPSG:5490 and lie ~120 km apart: a 200 km catchment still
    gives Martinique nothing from Guadeloupe's places."""
    gpd = pytest.importorskip("geopandas")
    from shapely.geometry import box
    communes = gpd.GeoDataFrame({"code_insee": ["97209", "97105"], "population": [1000.0, 1000.0]},
                                geometry=[box(-61.08, 14.60, -61.06, 14.62), box(-61.74, 15.99, -61.72, 16.01)],
                                crs=4326).to_crs(5490)
    places = pd.DataFrame({"x": [-61.73], "y": [16.0], "category": ["mediation"], "capacity": [1.0]})
    places[["x", "y"]] = np.column_stack(Transformer.from_crs(4326, 5490, always_xy=True).transform(places.x, places.y))
    dem = build_demand(communes)
    assert list(dem.zone) == ["972", "971"]
    tab, _ = fsca_by_commune(None, places, demand=dem, steps=((200_000, 1.0),))
    got = tab.set_index("code_insee")["fsca"]
    assert got["97209"] == 0.0 and got["97105"] == pytest.approx(1.0 / 1000.0)
    cov = coverage_by_commune(None, places, communes=communes, demand=dem)
    assert np.isnan(cov.set_index("code_insee").loc["97209", "dist_mean_m"])
    assert cov.set_index("code_insee").loc["97105", "dist_mean_m"] < 2000


def _grid(lon0, lat0, n, step_m, epsg, rng):
    """A jittered n x n street grid around (lon0, lat0) in ``epsg``."""
    x0, y0 = Transformer.from_crs(4326, epsg, always_xy=True).transform(lon0, lat0)
    gx, gy = np.meshgrid(np.arange(n) * step_m, np.arange(n) * step_m)
    nx = (x0 + gx.ravel() + rng.uniform(-20, 20, n * n))
    ny = (y0 + gy.ravel() + rng.uniform(-20, 20, n * n))
    idx = np.arange(n * n).reshape(n, n)
    pairs = np.concatenate([np.column_stack([idx[:, :-1].ravel(), idx[:, 1:].ravel()]),
                            np.column_stack([idx[:-1, :].ravel(), idx[1:, :].ravel()])])
    u = np.concatenate([pairs[:, 0], pairs[:, 1]])
    v = np.concatenate([pairs[:, 1], pairs[:, 0]])
    return nx, ny, u, v


def _antilles():
    """One road graph over Guadeloupe and Martinique (EPSG:5490), 40 addresses each, two places in
    Guadeloupe only."""
    rng = np.random.default_rng(7)
    gpd = pytest.importorskip("geopandas")
    from shapely.geometry import box
    ax, ay, au, av = _grid(-61.55, 16.2, 12, 400.0, 5490, rng)      # Guadeloupe
    bx, by, bu, bv = _grid(-61.0, 14.65, 12, 400.0, 5490, rng)      # Martinique
    nx, ny = np.concatenate([ax, bx]), np.concatenate([ay, by])
    u, v = np.concatenate([au, bu + len(ax)]), np.concatenate([av, bv + len(ax)])
    length = np.hypot(nx[u] - nx[v], ny[u] - ny[v])
    graph = RoadGraph(nx, ny, u, v, length, np.full(len(u), "residential", dtype=object), np.full(len(u), 30.0), crs=5490)
    to_ll = Transformer.from_crs(5490, 4326, always_xy=True)
    gl = to_ll.transform(ax.min(), ay.min()) + to_ll.transform(ax.max(), ay.max())
    ml = to_ll.transform(bx.min(), by.min()) + to_ll.transform(bx.max(), by.max())
    communes = gpd.GeoDataFrame({"code_insee": ["97105", "97209"], "population": [500.0, 500.0]},
                                geometry=[box(gl[0], gl[1], gl[2], gl[3]), box(ml[0], ml[1], ml[2], ml[3])], crs=4326)
    pts_g = np.column_stack([rng.uniform(ax.min(), ax.max(), 40), rng.uniform(ay.min(), ay.max(), 40)])
    pts_m = np.column_stack([rng.uniform(bx.min(), bx.max(), 40), rng.uniform(by.min(), by.max(), 40)])
    lon, lat = to_ll.transform(np.r_[pts_g[:, 0], pts_m[:, 0]], np.r_[pts_g[:, 1], pts_m[:, 1]])
    addresses = pd.DataFrame({"code_insee": ["97105"] * 40 + ["97209"] * 40, "x": lon, "y": lat})
    svc_xy = np.array([[ax[5], ay[5]], [ax[100], ay[100]]])              # Guadeloupe only
    slon, slat = to_ll.transform(svc_xy[:, 0], svc_xy[:, 1])
    services = pd.DataFrame({"x": slon, "y": slat, "category": "france_services"})
    dem = build_demand(communes, addresses)
    return graph, communes, addresses, services, dem, svc_xy


def test_network_by_territory_on_one_antilles_graph():
    graph, communes, addresses, services, dem, svc_xy = _antilles()
    tab, meta = network_coverage_by_commune(addresses, services, graph, communes=communes, demand=dem)
    tab = tab.set_index("code_insee")
    # Martinique: on its own roads, with no place of its own -> no time at all (never Guadeloupe's)
    assert tab.loc["97209", "n_unreachable"] == 40 and np.isnan(tab.loc["97209", "time_mean_min"])
    assert meta["graph"]["territories"].keys() == {"971", "972"}
    # Guadeloupe equals the single-territory computation on its own piece of the graph
    gpart = territories.split_graphs(graph)["971"]
    r = graph_costs(gpart, dem.x[dem.zone == "971"], dem.y[dem.zone == "971"], svc_xy[:, 0], svc_xy[:, 1])
    assert tab.loc["97105", "time_mean_min"] == pytest.approx(np.mean(r["cost"]) / 60.0, rel=1e-12)


def test_network_by_territory_on_dask():
    """The Dask engine cuts each territory's graph by département: the same table."""
    distributed = pytest.importorskip("distributed", reason="dask.distributed not installed")
    from terridiag.plugin.core import engine
    graph, communes, addresses, services, dem, _ = _antilles()
    tab, meta = network_coverage_by_commune(addresses, services, graph, communes=communes, demand=dem)
    tab = tab.set_index("code_insee")
    cluster = distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=":0")
    client = distributed.Client(cluster)
    try:
        dtab, dmeta = engine.network_coverage(addresses, services, graph, communes=communes, demand=dem,
                                              engine="dask", client=client)
    finally:
        client.close()
        cluster.close()
    pd.testing.assert_frame_equal(dtab.set_index("code_insee"), tab, check_exact=False, rtol=1e-12)
    assert dmeta["graph"] == meta["graph"] and set(dmeta["engine"]["per_departement"]) == {"971:971", "972:972"}


def test_subgraph_keeps_order_and_shapes():
    rng = np.random.default_rng(1)
    nx, ny, u, v = _grid(2.35, 48.85, 5, 300.0, 2154, rng)
    length = np.hypot(nx[u] - nx[v], ny[u] - ny[v])
    g = RoadGraph(nx, ny, u, v, length, np.full(len(u), "primary", dtype=object), np.full(len(u), 50.0))
    mask = (nx[u] < np.median(nx)) & (nx[v] < np.median(nx))
    sub = g.subgraph(mask)
    assert sub.n_edges == int(mask.sum())
    np.testing.assert_array_equal(sub.node_x[sub.edge_u], nx[u[mask]])
    np.testing.assert_array_equal(sub.length_m, length[mask])
    sx, sy, se, sp = sub._samples("drive")
    assert len(sx) and (sx <= np.median(nx)).all()
