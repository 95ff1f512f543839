"""Opening a vector file (GeoPackage, Shapefile, GeoJSON, a zip of them) for the polygon readers
(IRIS, QPV, 200 m grid): one error message for what GDAL cannot read, the CRS checked, polygons in
the territory's metric CRS."""
from __future__ import annotations

from pathlib import Path

import numpy as np

from .. import crs as crsmod
from ..errors import InputDataError, InputFormatError


def find_column(columns, candidates) -> str | None:
    """The first of ``candidates`` among ``columns`` (case-insensitive)."""
    lower = {str(c).lower(): c for c in columns}
    for cand in candidates:
        if cand.lower() in lower:
            return lower[cand.lower()]
    return None


def read_vector(path, what: str, hint: str, layer: str | None = None, bbox=None):
    """A GeoDataFrame of the file (``bbox``: (minx, miny, maxx, maxy) in the file's CRS, to read a
    national file for one territory only)."""
    import geopandas as gpd

    p = Path(str(path).split("|")[0])
    if not p.exists():
        raise InputDataError("file not found", path=str(p), hint="check the path")
    if p.is_file() and p.stat().st_size == 0:
        raise InputDataError("the file is empty", path=str(p), hint="download it again or choose another file")
    source = f"zip://{p}" if p.suffix.lower() == ".zip" else str(p)
    kwargs = {}
    if layer:
        kwargs["layer"] = layer
    if bbox is not None:
        kwargs["bbox"] = tuple(float(v) for v in bbox)
    try:
        gdf = gpd.read_file(source, **kwargs)
    except Exception as exc:   # fiona / pyogrio / GDAL errors have no common base class
        raise InputFormatError(f"cannot read it as a vector layer of {what} ({str(exc).strip()[:200]})",
                               path=str(p), hint=hint) from exc
    if "geometry" not in gdf.columns or len(gdf) and gdf.geometry.isna().all():
        raise InputFormatError(f"the layer has no geometries: not a layer of {what}", path=str(p), hint=hint)
    if gdf.crs is None and len(gdf):
        b = gdf.total_bounds
        if np.all(np.isfinite(b)) and -180 <= b[0] and b[2] <= 180 and -90 <= b[1] and b[3] <= 90:
            gdf = gdf.set_crs(crsmod.WGS84)
        else:
            raise InputFormatError("the file has no CRS and its coordinates are not degrees", path=str(p),
                                   hint="set the layer's CRS in QGIS, or save it with its .prj")
    return gdf


def polygons_only(gdf, report, label_col: str | None = None):
    """Rows with a polygon geometry; the others are rejected in ``report`` (feature number, label)."""
    geom = gdf.geometry
    empty = (geom.isna() | geom.is_empty).to_numpy()
    not_poly = ~empty & ~geom.geom_type.isin(["Polygon", "MultiPolygon"]).to_numpy()
    labels = gdf[label_col].astype(str).to_numpy() if label_col else np.full(len(gdf), "")
    for mask, reason in ((empty, "no geometry"), (not_poly, "not a polygon")):
        for i in np.flatnonzero(mask)[:1000]:
            report.reject(None, reason, f"feature {i + 1}: {labels[i]}")
    return gdf.loc[~empty & ~not_poly]


def repaired(gdf, report, label_col: str | None = None):
    """Invalid polygons repaired with ``validity.repair_polygons`` (make_valid, polygonal part kept),
    each one listed in ``report``; a polygon with no area left is dropped."""
    from .. import validity

    geoms, fixed, reasons = validity.repair_polygons(gdf.geometry.to_numpy())
    if not len(fixed):
        return gdf
    labels = (gdf[label_col].astype(str).to_numpy() if label_col else
              np.array([f"feature {i + 1}" for i in range(len(gdf))], dtype=object))
    import geopandas as gpd
    out = gdf.set_geometry(gpd.GeoSeries(geoms, crs=gdf.crs, index=gdf.index))
    report.repaired = list(getattr(report, "repaired", []) or []) + [
        f"{labels[i]}: {r}" for i, r in zip(fixed, reasons)]
    report.warnings.append(f"{len(fixed)} invalid polygon(s) repaired: " + validity.describe(labels, fixed, reasons))
    lost = np.array([g is None for g in geoms], dtype=bool)
    for i in np.flatnonzero(lost):
        report.reject(None, "polygon with no area once repaired", str(labels[i]))
    return out.loc[~lost]
