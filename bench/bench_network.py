"""Benchmark: coverage along the road network from an OpenStreetMap file, parsing included.

    .venv/bin/python bench/bench_network.py [--side 500] [--points 1000000] [--runs 3]

Two extracts:

* ``real``: the OSM extract of ../shared/data/territoire_90 (JOSM XML, 2011, the south-east of
  the Territoire de Belfort), with 20,000 addresses drawn near its roads and given the code of the
  real commune polygon they fall in, and the real France Services and CNFS places of the
  département (skipped with a message when the shared data is absent);
* ``generated``: an OSM XML file written here, a ``side`` x ``side`` grid of nodes 200 m apart (a
  100 km square at the default 500: 250,000 nodes, about 1 M directed edges), one street in ten
  one-way, highway classes drawn at random, some maxspeed tags; ``--points`` addresses in 500
  communes and 2,000 services.

Each is timed as the user runs it — ``processing.run("terridiag:network_coverage", ADDRESSES,
SERVICES, ROADS=<the .osm file>, COMMUNES, OUTPUT=….gpkg)``, the file parsed inside every run — and
in two parts through the engine: reading the OSM file into the road graph (``read_osm_roads``) and
the solve on that graph (``network_coverage_by_commune``: snapping, one multi-source Dijkstra,
per-commune statistics). One warm-up run, then ``--runs`` runs; min and median. No peer: QGIS's
network algorithms (service area, shortest path) answer other questions. The benchmark fails if
the Processing output differs from the engine's table.
"""
from __future__ import annotations

import argparse
import time

import numpy as np
import pandas as pd

import common

HIGHWAYS = np.array(["residential", "tertiary", "secondary", "primary", "unclassified"])


def generate_osm(path, side: int, spacing: float = 200.0, seed: int = 0):
    """An OSM XML grid network (see the module docstring), nodes in WGS84."""
    from pyproj import Transformer
    rng = np.random.default_rng(seed)
    ii, jj = np.meshgrid(np.arange(side), np.arange(side), indexing="ij")
    x = common.X0 + jj.ravel() * spacing + rng.normal(0, 20, side * side)
    y = common.Y0 + ii.ravel() * spacing + rng.normal(0, 20, side * side)
    lon, lat = Transformer.from_crs(2154, 4326, always_xy=True).transform(x, y)
    ids = np.arange(1, side * side + 1)
    tmp = path.with_name(path.name + ".part")
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write("<?xml version='1.0' encoding='UTF-8'?>\n<osm version='0.6' generator='terridiag bench'>\n")
        fh.write(f"<bounds minlat='{lat.min():.7f}' minlon='{lon.min():.7f}' maxlat='{lat.max():.7f}' "
                 f"maxlon='{lon.max():.7f}'/>\n")
        fh.writelines(f"<node id='{i}' version='1' timestamp='2024-01-01T00:00:00Z' lat='{la:.7f}' lon='{lo:.7f}'/>\n"
                      for i, la, lo in zip(ids.tolist(), lat.tolist(), lon.tolist()))
        grid = ids.reshape(side, side)
        way = 1
        seg = 10                                    # a way spans 10 blocks, as streets do
        for lines in (grid, grid.T):
            for row in lines:
                for s in range(0, side - 1, seg):
                    nds = row[s:s + seg + 1]
                    hw = HIGHWAYS[rng.choice(len(HIGHWAYS), p=[0.55, 0.2, 0.12, 0.05, 0.08])]
                    tags = [f"<tag k='highway' v='{hw}'/>"]
                    if rng.random() < 0.1:
                        tags.append("<tag k='oneway' v='yes'/>")
                    if rng.random() < 0.2:
                        tags.append(f"<tag k='maxspeed' v='{rng.choice([30, 50, 70, 80])}'/>")
                    fh.write(f"<way id='{way}' version='1' timestamp='2024-01-01T00:00:00Z'>"
                             + "".join(f"<nd ref='{n}'/>" for n in nds.tolist()) + "".join(tags) + "</way>\n")
                    way += 1
        fh.write("</osm>\n")
    tmp.rename(path)
    return path


def generated_inputs(side: int, points: int, services: int = 2000):
    osm = common.cached(common.OUT / f"grid_{side}.osm", lambda p: generate_osm(p, side))
    ext = (side - 1) * 200.0
    tag = f"net{side}_{points}"
    a_path = common.OUT / f"{tag}_addresses.gpkg"
    c_path = common.OUT / f"{tag}_communes.gpkg"
    s_path = common.OUT / f"{tag}_services.gpkg"
    if not (a_path.exists() and c_path.exists() and s_path.exists()):
        x, y, com, centres = common.synthetic_territory(points, 500, seed=3, side=ext)
        codes = common.commune_codes(500)
        common.write_gpkg(a_path, "addresses", {"code_insee": codes[com]}, x=x, y=y)
        pop = np.maximum(1, np.round(np.bincount(com, minlength=500) * 2.2)).astype(np.int64)
        common.write_gpkg(c_path, "communes", {"code_insee": codes, "population": pop},
                          wkb=common.voronoi_communes(centres, side=ext), geom="POLYGON")
        rng = np.random.default_rng(4)
        common.write_gpkg(s_path, "services", {"category": np.full(services, "mediation", dtype=object)},
                          x=common.X0 + rng.uniform(0, ext, services), y=common.Y0 + rng.uniform(0, ext, services))
    return osm, a_path, s_path, c_path


def real_inputs(n_points: int = 20_000):
    """The territoire_90 extract, addresses near its roads in the real communes, the real places."""
    import geopandas as gpd
    from osgeo import ogr
    from pyproj import Transformer
    d90 = common.SHARED_DATA / "territoire_90"
    osm = d90 / "osm_sud_territoire_de_belfort_2011_josm.osm"
    if not osm.exists():
        return None
    a_path = common.OUT / "t90_addresses.gpkg"
    c_path = common.OUT / "t90_communes.gpkg"
    s_path = common.OUT / "t90_services.gpkg"
    if a_path.exists() and c_path.exists() and s_path.exists():
        return osm, a_path, s_path, c_path
    to93 = Transformer.from_crs(4326, 2154, always_xy=True)
    communes = gpd.read_file(d90 / "communes_90_admin-express-2018_simplifie.geojson").to_crs(2154)
    communes = communes.rename(columns={"code": "code_insee"})
    pop = pd.read_csv(d90 / "communes_90_cog_population_epci.csv", dtype={"code_insee": str})
    communes = communes.merge(pop[["code_insee", "population"]], on="code_insee", how="left")
    communes["population"] = communes["population"].fillna(0).astype(np.int64)
    # road vertices of the extract, then addresses within 40 m of them
    ds = ogr.Open(str(osm))
    lyr = ds.GetLayerByName("lines")
    lyr.SetAttributeFilter("highway IS NOT NULL")
    xs, ys = [], []
    for f in lyr:
        pts = f.GetGeometryRef().GetPoints()
        xs.extend(p[0] for p in pts)
        ys.extend(p[1] for p in pts)
    vx, vy = to93.transform(np.asarray(xs), np.asarray(ys))
    rng = np.random.default_rng(9)
    k = rng.integers(0, len(vx), n_points)
    ax, ay = vx[k] + rng.uniform(-40, 40, n_points), vy[k] + rng.uniform(-40, 40, n_points)
    from terridiag.plugin.core.compat import points_in_polygons
    hit = points_in_polygons(ax, ay, communes.geometry)
    inside = hit >= 0
    common.write_gpkg(a_path, "addresses", {"code_insee": communes["code_insee"].to_numpy(object)[hit[inside]]},
                      x=ax[inside], y=ay[inside])
    common.write_gpkg(c_path, "communes", {"code_insee": communes["code_insee"].to_numpy(object),
                                           "population": communes["population"].to_numpy()},
                      wkb=[g.wkb for g in communes.geometry], geom="MULTIPOLYGON"
                      if (communes.geom_type == "MultiPolygon").any() else "POLYGON")
    fs = pd.read_csv(d90 / "france_services_90_20240801.csv")
    cn = pd.read_csv(d90 / "lieux_mediation_numerique_cnfs_90_2022-07.csv")
    lon = np.r_[fs["longitude"].to_numpy(float), cn["longitude"].to_numpy(float)]
    lat = np.r_[fs["latitude"].to_numpy(float), cn["latitude"].to_numpy(float)]
    sx, sy = to93.transform(lon, lat)
    cats = np.array(["france_services"] * len(fs) + ["mediation"] * len(cn), dtype=object)
    common.write_gpkg(s_path, "services", {"category": cats}, x=sx, y=sy)
    return osm, a_path, s_path, c_path


def bench_extract(processing, label, osm, a, s, c, runs):
    from terridiag.plugin.core.indicators.network import network_coverage_by_commune
    from terridiag.plugin.core.sources.roads import read_osm_roads
    out = common.OUT / f"network_{label}.gpkg"

    def processing_run():
        if out.exists():
            out.unlink()
        processing.run("terridiag:network_coverage", {"ADDRESSES": str(a), "SERVICES": [str(s)], "ROADS": str(osm),
                                                      "COMMUNES": str(c), "OUTPUT": str(out)})
        return out

    def parse():
        return read_osm_roads(osm, epsg=2154).data

    timed = common.compare({"processing": processing_run, "read_osm_roads": parse}, runs=runs, warmup=True)
    graph = timed["read_osm_roads"].last
    addr = common.read_points_gpkg(a, ["code_insee"])
    svc = common.read_points_gpkg(s, [])
    communes = common.read_polygons_gpkg(c)
    solve = common.compare({"solve": lambda: network_coverage_by_commune(addr, svc, graph, mode="drive",
                                                                          bands=(15, 30), communes=communes)},
                           runs=runs, warmup=True)["solve"]
    table, meta = solve.last
    got = common.read_layer(out).set_index("code_insee").sort_index()
    ref = table.set_index("code_insee").sort_index()
    assert list(got.index) == list(ref.index), "not the same communes"
    for col in ("n_addresses", "time_mean_min", "time_median_min", "share_within_15min"):
        a_, b_ = got[col].astype(float).to_numpy(), ref[col].astype(float).to_numpy()
        shown = ~got["masked"].astype(bool).to_numpy() if col != "n_addresses" else np.ones(len(a_), bool)
        assert np.allclose(a_[shown], b_[shown], rtol=1e-9, atol=1e-9, equal_nan=True), f"{col} differs"
    p = timed["processing"]
    g = timed["read_osm_roads"]
    res = {"osm": osm.name, "osm_mb": osm.stat().st_size / 2 ** 20, "nodes": graph.n_nodes, "edges": graph.n_edges,
           "ways": int(graph.meta.get("ways", 0)), "addresses": int(len(addr)), "services": int(len(svc)),
           "communes": int(len(communes)), "processing": p.to_dict(), "graph_build": g.to_dict(),
           "solve": solve.to_dict(), "graph_covers_share": meta.get("graph_covers_share"),
           "median_time_min": float(np.nanmedian(ref["time_median_min"].astype(float)))}
    print(f"{label}: {osm.name} ({res['osm_mb']:.1f} MB, {graph.n_nodes:,} nodes, {graph.n_edges:,} edges), "
          f"{len(addr):,} addresses: Processing min {p.min:.2f} s median {p.median:.2f} s; graph build "
          f"(parse included) median {g.median:.2f} s; solve median {solve.median:.2f} s")
    return res


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--side", type=int, default=500)
    ap.add_argument("--points", type=int, default=1_000_000)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args(argv)
    processing = common.qgis()
    payload = {"what": "terridiag:network_coverage from an OSM file (parsing inside every run), graph build "
                       "and solve timed apart"}
    real = real_inputs()
    if real is None:
        print(f"real extract skipped: {common.SHARED_DATA / 'territoire_90'} is absent")
    else:
        payload["real"] = bench_extract(processing, "real", *real, args.runs)
    payload["generated"] = bench_extract(processing, "generated", *generated_inputs(args.side, args.points), args.runs)
    common.record("network", payload)


if __name__ == "__main__":
    main()
