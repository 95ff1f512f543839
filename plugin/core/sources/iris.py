"""IRIS contours (IGN CONTOURS-IRIS) joined with census counts, and the QPV flag of each IRIS.

Contours: IGN CONTOURS-IRIS, GeoPackage or Shapefile, with ``CODE_IRIS, NOM_IRIS, INSEE_COM,
TYP_IRIS`` (editions up to 2022) or ``code_iris, nom_iris, code_insee, type_iris`` (2023 on); the
IRIS GeoJSON of the IFN export (``IRIS, COM, LIBIRIS``) is read too. A commune not split into IRIS
is one IRIS whose code ends in 0000.

:func:`join_census` adds the census counts (and the fragility variables) of each IRIS, so the layer
carries ``population`` — the population source of the demand (COMMON contract). :func:`flag_qpv`
adds ``qpv`` (the IRIS overlaps a priority neighbourhood), ``qpv_share`` (share of its area inside
one) and ``qpv_codes``.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .. import crs as crsmod
from ..errors import InputDataError, InputFormatError
from ..progress import ensure
from ..provenance import LICENCE_OUVERTE, Provenance, ReadReport, ReadResult
from . import insee
from .vector import find_column, polygons_only, read_vector, repaired

IRIS_URL = "https://geoservices.ign.fr/contoursiris"
IRIS_COLUMNS = {"code_iris": ("code_iris", "CODE_IRIS", "IRIS", "DCOMIRIS"),
                "code_insee": ("code_insee", "INSEE_COM", "COM", "DEPCOM"),
                "nom_iris": ("nom_iris", "NOM_IRIS", "LIBIRIS"),
                "nom_commune": ("nom_commune", "NOM_COM", "LIBCOM"),
                "typ_iris": ("type_iris", "TYP_IRIS")}
# an IRIS is flagged QPV when at least this share of its area lies in a QPV (slivers along shared
# boundaries drawn at different scales are not an overlap)
QPV_MIN_SHARE = 0.01
_HINT = "choose IGN CONTOURS-IRIS (GeoPackage or Shapefile) or an IRIS GeoJSON with an IRIS code field"


def read_iris(path, epsg: int | None = None, communes: set | None = None, feedback=None,
              layer: str | None = None) -> ReadResult:
    """IRIS polygons ``code_iris, code_insee, nom_iris, nom_commune, typ_iris`` in the territory's
    metric CRS (``communes``: keep the IRIS of these commune codes)."""
    fb = ensure(feedback)
    gdf = read_vector(path, "IRIS", _HINT, layer=layer)
    cols = {k: find_column(gdf.columns, v) for k, v in IRIS_COLUMNS.items()}
    if cols["code_iris"] is None:
        raise InputFormatError("no IRIS code field (code_iris, CODE_IRIS or IRIS); fields found: "
                               + ", ".join(c for c in gdf.columns if c != "geometry")[:300], path=str(path),
                               hint=_HINT)
    edition = "ign_2023" if cols["code_iris"] == "code_iris" else "ign" if cols["code_iris"] == "CODE_IRIS" \
        else "iris_geojson"
    prov = Provenance(source="IGN CONTOURS-IRIS" if edition.startswith("ign") else "IRIS (contours)",
                      producer="IGN / INSEE", vintage=_vintage(path), licence=LICENCE_OUVERTE,
                      url=IRIS_URL if edition.startswith("ign") else str(path))
    report = ReadReport(str(path), edition, prov, rows_read=len(gdf))
    fb.set_progress(40)
    gdf = polygons_only(gdf, report, cols["code_iris"])
    code = insee.clean_codes(gdf[cols["code_iris"]], 9)
    com = (insee.clean_codes(gdf[cols["code_insee"]], 5) if cols["code_insee"] else code.str[:5])
    com = com.where(com.ne(""), code.str[:5])
    bad = code.eq("").to_numpy()
    for i in np.flatnonzero(bad)[:1000]:
        report.reject(None, f"no valid IRIS code in '{cols['code_iris']}'", f"feature {i + 1}: "
                      f"{gdf[cols['code_iris']].iloc[i]}")
    import geopandas as gpd
    out = gpd.GeoDataFrame({
        "code_iris": code.to_numpy(dtype=object),
        "code_insee": com.to_numpy(dtype=object),
        "nom_iris": _text(gdf, cols["nom_iris"]),
        "nom_commune": _text(gdf, cols["nom_commune"]),
        "typ_iris": _text(gdf, cols["typ_iris"]),
    }, geometry=gdf.geometry.to_numpy(), crs=gdf.crs).loc[~bad]
    if communes is not None:
        out = out.loc[out["code_insee"].isin(set(communes))]
    if out.empty:
        raise InputDataError("no IRIS polygon can be used" + (" for these communes" if communes is not None else ""),
                             path=str(path), hint=_HINT)
    if epsg is None:
        epsg = int(pd.Series([crsmod.legal_crs(c) for c in out["code_insee"]]).mode().iloc[0])
    out = out.to_crs(int(epsg))
    out = repaired(out, report, "code_iris")
    dup = out["code_iris"].duplicated(keep=False)
    if dup.any():
        # multi-part IRIS stored as several features: one IRIS, one feature
        n = int(out["code_iris"].duplicated().sum())
        out = out.dissolve(by="code_iris", as_index=False, aggfunc="first")
        report.warnings.append(f"{n} features were parts of an IRIS already read: merged")
    out = out.sort_values("code_iris").reset_index(drop=True)
    report.rows_kept = len(out)
    report.crs = f"EPSG:{epsg}"
    out.attrs["crs"] = int(epsg)
    fb.set_progress(100)
    return ReadResult(out, report)


def _text(gdf, col) -> np.ndarray:
    if col is None:
        return np.full(len(gdf), "", dtype=object)
    s = gdf[col]
    return s.astype(object).where(s.notna(), "").astype(str).str.strip().to_numpy(dtype=object)


def _vintage(path) -> str:
    import re
    m = re.search(r"(?<!\d)(20\d{2})(?!\d)", str(path).replace("\\", "/").split("/")[-1])
    return m.group(1) if m else ""


def join_census(iris, census: pd.DataFrame, report: ReadReport | None = None):
    """The IRIS with the census columns of their code (``census`` from
    ``census.read_fragility_inputs`` at IRIS level). IRIS without census rows keep NaN counts;
    they and the census rows without a polygon are counted in ``report``."""
    if "code_iris" not in census.columns:
        raise InputDataError("the census table is by commune, not by IRIS", column="code_iris",
                             hint="give the INSEE 'bases infracommunales' (IRIS) files")
    table = census.drop_duplicates("code_iris").set_index("code_iris")
    extra = [c for c in table.columns if c not in iris.columns]
    out = iris.copy()
    for c in extra:
        out[c] = out["code_iris"].map(table[c])
    for c in ("nom_iris", "nom_commune", "typ_iris"):      # fill labels the contours do not carry
        if c in table.columns and c in out.columns:
            empty = out[c].isna() | out[c].astype(str).eq("")
            out.loc[empty, c] = out.loc[empty, "code_iris"].map(table[c]).fillna("")
    if report is not None:
        no_census = ~out["code_iris"].isin(table.index)
        if no_census.any():
            report.warnings.append(f"{int(no_census.sum())} IRIS have no census row (population unknown): "
                                   + ", ".join(out.loc[no_census, "code_iris"].tolist()[:10]))
        orphan = ~table.index.isin(set(out["code_iris"]))
        if orphan.any():
            report.warnings.append(f"{int(orphan.sum())} census rows have no IRIS polygon (another IRIS "
                                   "edition?): " + ", ".join(table.index[orphan].tolist()[:10]))
    return out


def flag_qpv(iris, qpv, min_share: float = QPV_MIN_SHARE):
    """``qpv`` (bool), ``qpv_share`` (share of the IRIS's area in QPV) and ``qpv_codes`` of each IRIS;
    ``qpv`` polygons from ``qpv.read_qpv``. A loop over the QPV (a département has a few dozen at
    most), each intersected with the IRIS whose bounding box meets it."""
    out = iris.copy()
    n = len(out)
    inside = np.zeros(n)
    codes: list[list[str]] = [[] for _ in range(n)]
    if qpv is not None and len(qpv):
        q = qpv.to_crs(out.crs) if qpv.crs != out.crs else qpv
        geoms = out.geometry
        area = geoms.area.to_numpy()
        b = np.asarray(geoms.bounds, float)
        for code, geom in zip(q["code_qp"].astype(str), q.geometry):
            if geom is None or geom.is_empty:
                continue
            x0, y0, x1, y1 = geom.bounds
            cand = np.flatnonzero((b[:, 0] <= x1) & (b[:, 2] >= x0) & (b[:, 1] <= y1) & (b[:, 3] >= y0))
            if not len(cand):
                continue
            part = geoms.iloc[cand].intersection(geom).area.to_numpy()
            inside[cand] += part
            for i, a in zip(cand, part):
                if area[i] > 0 and a >= min_share * area[i]:
                    codes[i].append(code)
        share = np.where(area > 0, inside / np.where(area > 0, area, 1.0), 0.0)
    else:
        share = np.zeros(n)
    out["qpv_share"] = np.clip(share, 0.0, 1.0)
    out["qpv"] = out["qpv_share"].to_numpy() >= min_share
    out["qpv_codes"] = pd.Series([",".join(sorted(set(c))) for c in codes], index=out.index, dtype=object)
    return out
