"""INSEE Filosofi 200 m grid ("données carroyées"): population per cell, as a GeoPackage.

Every vintage names its fields differently: 2015 ``IdINSPIRE, Depcom, Ind, Men, Men_pauv``; 2017
``Idcar_200m, lcog_geo, Ind, Men, Men_pauv``; 2019 the same in lower case. Only cells with enough
households are published (the others are merged into larger rectangles or left out): the sum of
the cells is below the census population, and the read report says by how much when the communes'
populations are known. The output has ``id_carreau``, ``population`` (the contract field of the
demand layer), ``households``, ``poor_households`` when present, and ``code_insee`` (the commune
holding the cell's centre), in the territory's metric CRS.
"""
from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ..errors import InputDataError, InputFormatError
from ..progress import ensure
from ..provenance import LICENCE_OUVERTE, Provenance, ReadReport, ReadResult
from .vector import find_column, read_vector

GRID_URL = "https://www.insee.fr/fr/statistiques/7655475"     # Filosofi 2019 carroyé (check)
_ID = ("idcar_200m", "Idcar_200m", "IdINSPIRE", "Id_carr200m", "id_carreau")
_POP = ("ind", "Ind", "ind_c", "population")
_MEN = ("men", "Men")
_POOR = ("men_pauv", "Men_pauv")
_COM = ("lcog_geo", "Depcom", "depcom", "code_insee")
_HINT = "choose the INSEE Filosofi 200 m grid (carreaux) GeoPackage"


def read_grid(path, communes=None, epsg: int | None = None, feedback=None, layer: str | None = None) -> ReadResult:
    """Cells of the grid, cut to ``communes`` (a GeoDataFrame of commune polygons in a metric CRS:
    the cells whose centre lies in one of them) when given."""
    fb = ensure(feedback)
    bbox = None
    if communes is not None and len(communes):
        # read a national file for the territory only: its bounding box in the file's CRS
        file_crs = _file_crs(path, layer)
        if file_crs is not None:
            bbox = tuple(communes.to_crs(file_crs).total_bounds)
    gdf = read_vector(path, "200 m grid cells", _HINT, layer=layer, bbox=bbox)
    pop_col = find_column(gdf.columns, _POP)
    if pop_col is None:
        raise InputFormatError("no population field (Ind or ind) in the grid; fields found: "
                               + ", ".join(c for c in gdf.columns if c != "geometry")[:300], path=str(path),
                               hint=_HINT)
    id_col = find_column(gdf.columns, _ID)
    report = ReadReport(str(path), "filosofi_grid", Provenance(
        source="INSEE Filosofi, données carroyées à 200 m", producer="INSEE", vintage=_vintage(path, gdf.columns),
        licence=LICENCE_OUVERTE, url=GRID_URL), rows_read=len(gdf))
    fb.set_progress(50)
    pop = pd.to_numeric(gdf[pop_col], errors="coerce").to_numpy(float)
    empty = (gdf.geometry.isna() | gdf.geometry.is_empty).to_numpy()
    bad = empty | ~np.isfinite(pop) | (pop < 0)
    for i in np.flatnonzero(bad)[:1000]:
        report.reject(None, "no geometry" if empty[i] else f"'{pop_col}' is not a population",
                      f"cell {gdf[id_col].iloc[i] if id_col else i + 1}")
    import geopandas as gpd
    out = gpd.GeoDataFrame({
        "id_carreau": (gdf[id_col].astype(str).to_numpy(dtype=object) if id_col
                       else np.array([f"cell-{i + 1}" for i in range(len(gdf))], dtype=object)),
        "population": pop,
    }, geometry=gdf.geometry.to_numpy(), crs=gdf.crs)
    for name, cands in (("households", _MEN), ("poor_households", _POOR)):
        col = find_column(gdf.columns, cands)
        if col is not None:
            out[name] = pd.to_numeric(gdf[col], errors="coerce").to_numpy(float)
    com_col = find_column(gdf.columns, _COM)
    out["code_insee"] = (gdf[com_col].fillna("").astype(str).str[:5].to_numpy(dtype=object) if com_col
                         else np.full(len(gdf), "", dtype=object))
    out = out.loc[~bad]
    if epsg is None:
        epsg = int(communes.crs.to_epsg()) if communes is not None and communes.crs is not None else 2154
    out = out.to_crs(int(epsg))
    if communes is not None and len(communes):
        from ..compat import points_in_polygons
        com = communes.to_crs(int(epsg))
        centres = out.geometry.centroid
        where = points_in_polygons(np.asarray(centres.x, float), np.asarray(centres.y, float), com.geometry)
        keep = where >= 0
        codes = out["code_insee"].to_numpy(dtype=object).copy()
        codes[keep] = com["code_insee"].astype(str).to_numpy()[where[keep]]
        out["code_insee"] = codes
        outside = int((~keep).sum())
        out = out.loc[keep]
        if outside:
            report.warnings.append(f"{outside} cells of the file's extent lie outside the territory (not kept)")
        if "population" in communes.columns:
            legal = pd.to_numeric(communes["population"], errors="coerce").sum()
            if legal > 0:
                report.warnings.append(
                    f"the cells hold {out['population'].sum():,.0f} inhabitants, {100 * out['population'].sum() / legal:.0f} % "
                    f"of the communes' {legal:,.0f} (INSEE publishes only cells with enough households)")
    if out.empty:
        raise InputDataError("no populated 200 m cell in the territory", path=str(path),
                             hint="check the file covers the territory (metropolitan or overseas file)")
    out = out.reset_index(drop=True)
    report.rows_kept = len(out)
    report.crs = f"EPSG:{epsg}"
    out.attrs["crs"] = int(epsg)
    fb.set_progress(100)
    return ReadResult(out, report)


def _file_crs(path, layer):
    try:
        import pyogrio
        info = pyogrio.read_info(str(path), layer=layer)
        return info.get("crs")
    except Exception:  # noqa: BLE001 - fiona/pyogrio absent or unreadable: read everything
        pass
    try:
        import fiona
        with fiona.open(str(path), layer=layer) as src:
            return src.crs_wkt or None
    except Exception:  # noqa: BLE001
        return None


def _vintage(path, columns) -> str:
    m = re.search(r"(?<!\d)(20\d{2})(?!\d)", str(path).replace("\\", "/").split("/")[-1])
    if m:
        return m.group(1)
    cols = set(columns)
    return "2019" if "idcar_200m" in cols else "2017" if "Idcar_200m" in cols else "2015" if "IdINSPIRE" in cols else ""
