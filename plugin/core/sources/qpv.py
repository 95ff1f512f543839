"""Quartiers prioritaires de la politique de la ville (QPV), ANCT.

Polygons, as ANCT publishes them (GeoJSON, Shapefile or GeoPackage; 2024 list: ``code_qp, lib_qp,
insee_com, lib_com…``; 2015 list: ``CODE_QP, NOM_QP, COMMUNE_QP``) become ``code_qp, nom_qp,
communes`` polygons in the territory's metric CRS. Attribute tables keyed by the QPV code (such as
the CNAF/ANCT "DEMO" files: ``CODGEO = QP…``, ``POP_MUN`` population in the QPV) are read by
:func:`read_qpv_attributes` and joined by :func:`attach_attributes`.
"""
from __future__ import annotations

import re

import numpy as np
import pandas as pd

from .. import crs as crsmod
from ..errors import InputDataError, InputFormatError
from ..progress import ensure
from ..provenance import LICENCE_OUVERTE, Provenance, ReadReport, ReadResult
from . import insee
from .vector import find_column, polygons_only, read_vector, repaired

QPV_URL = "https://www.data.gouv.fr/fr/datasets/quartiers-prioritaires-de-la-politique-de-la-ville-qpv/"
_CODE = ("code_qp", "CODE_QP", "code_quartier", "qp", "CODGEO")
_NAME = ("lib_qp", "nom_qp", "NOM_QP", "LIB_QP", "nom")
_COMMUNES = ("insee_com", "code_insee", "COMMUNE_QP", "communes", "lib_com", "LIB_COM")
_HINT = "choose the ANCT file of the quartiers prioritaires (GeoJSON, Shapefile or GeoPackage)"


def _qp_codes(values: pd.Series) -> pd.Series:
    s = values.astype(object).where(values.notna(), "").astype(str).str.strip().str.upper()
    return s.where(s.str.startswith(("QP", "QN")) & (s.str.len() >= 7), "")


def read_qpv(path, epsg: int | None = None, communes: set | None = None, feedback=None) -> ReadResult:
    """QPV polygons ``code_qp, nom_qp, communes`` (``communes``: keep the QPV of the territory: those
    whose listed communes or whose code's département match)."""
    fb = ensure(feedback)
    gdf = read_vector(path, "priority neighbourhoods (QPV)", _HINT)
    if len(gdf) == 0:
        # a territory without priority neighbourhood (most rural ones): an empty layer, said so
        import geopandas as gpd
        report = ReadReport(str(path), "anct_qpv", Provenance(
            source="Quartiers prioritaires de la politique de la ville (QPV)", producer="ANCT",
            vintage=_year(path), licence=LICENCE_OUVERTE, url=QPV_URL))
        report.warnings.append("no QPV in this file (no priority neighbourhood in the territory)")
        empty = gpd.GeoDataFrame({"code_qp": [], "nom_qp": [], "communes": []}, geometry=[],
                                 crs=int(epsg or crsmod.LAMBERT93))
        empty.attrs["crs"] = int(epsg or crsmod.LAMBERT93)
        report.crs = f"EPSG:{empty.attrs['crs']}"
        return ReadResult(empty, report)
    code_col = find_column(gdf.columns, _CODE)
    if code_col is None:
        raise InputFormatError("no QPV code field (code_qp or CODE_QP); fields found: "
                               + ", ".join(c for c in gdf.columns if c != "geometry")[:300], path=str(path),
                               hint=_HINT)
    vintage = "2024" if code_col == "code_qp" and "QN" in "".join(gdf[code_col].astype(str).head(50)) else \
        _year(path)
    report = ReadReport(str(path), "anct_qpv", Provenance(
        source="Quartiers prioritaires de la politique de la ville (QPV)", producer="ANCT", vintage=vintage,
        licence=LICENCE_OUVERTE, url=QPV_URL), rows_read=len(gdf))
    gdf = polygons_only(gdf, report, code_col)
    code = _qp_codes(gdf[code_col])
    bad = code.eq("").to_numpy()
    for i in np.flatnonzero(bad)[:1000]:
        report.reject(None, f"no QPV code in '{code_col}'", f"feature {i + 1}: {gdf[code_col].iloc[i]}")
    name_col = find_column(gdf.columns, _NAME)
    com_col = find_column(gdf.columns, _COMMUNES)
    import geopandas as gpd
    out = gpd.GeoDataFrame({
        "code_qp": code.to_numpy(dtype=object),
        "nom_qp": (gdf[name_col].fillna("").astype(str).str.strip().to_numpy(dtype=object)
                   if name_col else np.full(len(gdf), "", dtype=object)),
        "communes": (gdf[com_col].fillna("").astype(str).str.strip().to_numpy(dtype=object)
                     if com_col else np.full(len(gdf), "", dtype=object)),
    }, geometry=gdf.geometry.to_numpy(), crs=gdf.crs).loc[~bad]
    if communes is not None:
        deps = {crsmod.department_of(c) for c in communes}
        listed = out["communes"].astype(str).apply(lambda t: bool(set(re.findall(r"[0-9][0-9AB][0-9]{3}", t))
                                                                  & set(communes)))
        by_code = out["code_qp"].str[2:5].str.lstrip("0").isin({d.lstrip("0") for d in deps})
        out = out.loc[listed | (by_code & ~out["communes"].str.contains(r"[0-9][0-9AB][0-9]{3}", regex=True))]
    if out.empty:
        raise InputDataError("no QPV polygon can be used" + (" for this territory" if communes is not None else ""),
                             path=str(path), hint=_HINT)
    if epsg is None:
        c = out.to_crs(crsmod.WGS84).geometry.representative_point()
        epsg = crsmod.LAMBERT93 if float(c.x.median()) > -6 else _overseas_epsg(float(c.x.median()))
    out = repaired(out.to_crs(int(epsg)), report, "code_qp")
    out = out.sort_values("code_qp").reset_index(drop=True)
    report.rows_kept = len(out)
    report.crs = f"EPSG:{epsg}"
    out.attrs["crs"] = int(epsg)
    fb.set_progress(100)
    return ReadResult(out, report)


def _overseas_epsg(lon: float) -> int:
    for code in ("971", "973", "974", "976"):
        e = crsmod.legal_crs(code)
        x0, _, x1, _ = crsmod.wgs84_bbox(e)
        if x0 <= lon <= x1:
            return e
    return crsmod.LAMBERT93


def _year(path) -> str:
    m = re.search(r"(?<!\d)(20\d{2})(?!\d)", str(path).replace("\\", "/").split("/")[-1])
    return m.group(1) if m else ""


def read_qpv_attributes(path, feedback=None) -> ReadResult:
    """A table keyed by the QPV code (``CODGEO``/``code_qp`` = QP…): every other column kept, numbers
    parsed (decimal comma accepted, blanks missing); ``POP_MUN`` becomes ``population_qpv``."""
    fb = ensure(feedback)
    table = insee.open_table(path, expect_any=("CODGEO", "code_qp", "CODE_QP"))
    frame = table.frame
    key = find_column(frame.columns, ("code_qp", "CODE_QP", "CODGEO"))
    report = ReadReport(str(path), "qpv_attributes", Provenance(
        source="Données des quartiers prioritaires", producer="ANCT / CNAF", vintage=_year(path),
        licence=LICENCE_OUVERTE, url=str(path)), rows_read=len(frame))
    codes = _qp_codes(frame[key])
    bad = codes.eq("").to_numpy()
    for i in np.flatnonzero(bad):
        report.reject(int(table.lines[i]), f"no QPV code in '{key}'", str(frame[key].iloc[i]))
    out = pd.DataFrame({"code_qp": codes})
    for c in frame.columns:
        if c == key:
            continue
        vals = insee.numbers(frame[c])
        text = frame[c].astype(str).str.strip()
        mostly_numbers = np.isfinite(vals).sum() >= max(1, int(0.5 * (text != "").sum()))
        name = "population_qpv" if c.upper() == "POP_MUN" else c
        out[name] = vals if mostly_numbers else text.to_numpy(dtype=object)
    out = out.loc[~bad].reset_index(drop=True)
    report.rows_kept = len(out)
    if out.empty:
        raise InputDataError("no row with a QPV code", path=str(path),
                             hint="choose a table keyed by the QPV code (QP…)")
    fb.set_progress(100)
    return ReadResult(out, report)


def attach_attributes(qpv, attributes: pd.DataFrame, report: ReadReport | None = None):
    """QPV polygons with the attribute columns of their code."""
    table = attributes.drop_duplicates("code_qp").set_index("code_qp")
    out = qpv.copy()
    for c in table.columns:
        if c not in out.columns:
            out[c] = out["code_qp"].map(table[c])
    if report is not None:
        lost = ~table.index.isin(set(out["code_qp"]))
        if lost.any():
            report.warnings.append(f"{int(lost.sum())} attribute rows match no QPV polygon: "
                                   + ", ".join(table.index[lost].tolist()[:10]))
    return out
