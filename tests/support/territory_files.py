"""IGN CONTOURS-IRIS, ANCT QPV and INSEE Filosofi 200 m grid files in the producers' layouts,
made from the real polygons and counts of ../shared/data for the Territoire de Belfort.

* IRIS: the 123 real IRIS polygons (IFN export, 2016 IRIS) with IGN's field names, in Lambert-93.
* QPV: ../shared/data has the QPV of 90 (codes, communes, populations: cnaf_demo_2020_qpv_90.csv)
  but no polygon. :func:`qpv_polygons_90` draws each one as a part of the real IRIS polygons of
  its communes (the western half of a chosen IRIS): a stand-in in ANCT's format, so the overlay
  and the flags can be checked exactly, not the real QPV outlines.
* Grid: 200 m cells (EPSG:3035, INSEE's cell ids) over the populated IRIS, each IRIS's RP2016
  population spread over the cells whose centre it holds — derived from real counts, not INSEE's
  grid values (which are not in ../shared/data).
"""
from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

IRIS90 = "territoire_90/iris_90_rp2016.geojson"
IFN90 = "territoire_90/iris_90_fragility_inputs_rp2016.csv"
QPV90 = "territoire_90/cnaf_demo_2020_qpv_90.csv"
# QPV code -> IRIS whose western half stands for it (communes as in the CNAF file)
QPV_STAND_INS = {"QP090001": "900100503", "QP090002": "900100302", "QP090003": "900100203",
                 "QP090004": "900100204", "QP090005": "900750000"}


def iris_frame(shared: Path):
    import geopandas as gpd
    g = gpd.read_file(shared / IRIS90)
    with open(shared / IFN90, encoding="utf-8", newline="") as fh:
        attrs = {r["IRIS"]: r for r in csv.DictReader(fh)}
    g["TYP_IRIS"] = g["IRIS"].map(lambda c: attrs[c]["TYP_IRIS"])
    g["NOM_COM"] = g["IRIS"].map(lambda c: attrs[c]["LIBCOM"])
    return g


def write_ign_iris(shared: Path, dest: Path, edition: str = "2022") -> Path:
    """CONTOURS-IRIS as IGN publishes it: CODE_IRIS, NOM_IRIS, INSEE_COM, NOM_COM, IRIS, TYP_IRIS
    (2023 on: code_iris, nom_iris, code_insee, nom_commune, iris, type_iris), Lambert-93."""
    import geopandas as gpd
    g = iris_frame(shared).to_crs(2154)
    if edition >= "2023":
        cols = {"code_iris": g["IRIS"], "nom_iris": g["LIBIRIS"], "code_insee": g["COM"],
                "nom_commune": g["NOM_COM"], "iris": g["IRIS"].str[5:], "type_iris": g["TYP_IRIS"]}
    else:
        cols = {"INSEE_COM": g["COM"], "NOM_COM": g["NOM_COM"], "IRIS": g["IRIS"].str[5:],
                "CODE_IRIS": g["IRIS"], "NOM_IRIS": g["LIBIRIS"], "TYP_IRIS": g["TYP_IRIS"]}
    out = gpd.GeoDataFrame(cols, geometry=g.geometry.to_numpy(), crs=2154)
    out.to_file(dest, driver="GPKG", layer="CONTOURS_IRIS")
    return dest


def qpv_rows(shared: Path) -> list[dict]:
    with open(shared / QPV90, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter=";"))


def qpv_polygons_90(shared: Path):
    """Stand-in QPV polygons (see the module doc) in ANCT's 2015 layout, WGS84."""
    import geopandas as gpd
    from shapely.geometry import box
    g = iris_frame(shared).to_crs(2154).set_index("IRIS")
    rows = {r["CODGEO"]: r for r in qpv_rows(shared)}
    geoms, data = [], []
    for code, iris in QPV_STAND_INS.items():
        poly = g.loc[iris, "geometry"]
        x0, y0, x1, y1 = poly.bounds
        geoms.append(poly.intersection(box(x0, y0, (x0 + x1) / 2, y1)))
        data.append({"CODE_QP": code, "NOM_QP": f"Quartier {code[-1]}", "COMMUNE_QP": rows[code]["LIB_COM"]})
    return gpd.GeoDataFrame(data, geometry=geoms, crs=2154).to_crs(4326)


def write_qpv_geojson(shared: Path, dest: Path) -> Path:
    qpv_polygons_90(shared).to_file(dest, driver="GeoJSON")
    return dest


def grid_cells_90(shared: Path):
    """Filosofi-2019-style cells: ``idcar_200m, idcar_1km, idcar_nat, i_est_200, i_est_1km, lcog_geo,
    ind, men, men_pauv`` over the populated IRIS of 90, in EPSG:3035."""
    import geopandas as gpd
    from shapely.geometry import box
    g = iris_frame(shared).to_crs(3035)
    with open(shared / IFN90, encoding="utf-8", newline="") as fh:
        pop = {r["IRIS"]: (float(r["P16_POP"]), float(r["C16_MEN"])) for r in csv.DictReader(fh)}
    x0, y0, x1, y1 = g.total_bounds
    xs = np.arange(np.floor(x0 / 200) * 200, x1, 200)
    ys = np.arange(np.floor(y0 / 200) * 200, y1, 200)
    cx, cy = np.meshgrid(xs + 100, ys + 100)
    cx, cy = cx.ravel(), cy.ravel()
    from shapely.geometry import Point
    owner = np.full(len(cx), -1)
    for k, geom in enumerate(g.geometry):
        minx, miny, maxx, maxy = geom.bounds
        for i in np.flatnonzero((owner < 0) & (cx >= minx) & (cx <= maxx) & (cy >= miny) & (cy <= maxy)):
            if geom.contains(Point(cx[i], cy[i])):
                owner[i] = k
    rows, geoms = [], []
    codes = g["IRIS"].to_numpy()
    for k in np.unique(owner[owner >= 0]):
        cells = np.flatnonzero(owner == k)
        p, m = pop[codes[k]]
        if p <= 0:
            continue
        for i in cells:
            x, y = cx[i] - 100, cy[i] - 100
            rows.append({"idcar_200m": f"CRS3035RES200mN{int(y)}E{int(x)}",
                         "idcar_1km": f"CRS3035RES1000mN{int(y // 1000 * 1000)}E{int(x // 1000 * 1000)}",
                         "idcar_nat": f"CRS3035RES2000mN{int(y // 2000 * 2000)}E{int(x // 2000 * 2000)}",
                         "i_est_200": 0, "i_est_1km": 0, "lcog_geo": codes[k][:5],
                         "ind": round(p / len(cells), 1), "men": round(m / len(cells), 1), "men_pauv": 0.0})
            geoms.append(box(x, y, x + 200, y + 200))
    return gpd.GeoDataFrame(rows, geometry=geoms, crs=3035)


def write_grid_gpkg(shared: Path, dest: Path) -> Path:
    grid_cells_90(shared).to_file(dest, driver="GPKG", layer="carreaux_200m_met")
    return dest
