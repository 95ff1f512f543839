"""Commune boundaries, legal populations and EPCI membership.

Boundaries: IGN ADMIN EXPRESS v3 (``INSEE_COM, NOM, POPULATION, INSEE_DEP, SIREN_EPCI``) and
edition 4 (``code_insee, nom_officiel, population, code_insee_du_departement,
codes_siren_des_epci``), france-geojson (``code, nom``) and geo.api.gouv.fr GeoJSON (``code, nom,
population, codeDepartement, codeEpci``), in any format GDAL reads (GeoPackage, Shapefile, GeoJSON).
They become one GeoDataFrame in the territory's metric CRS with the columns of
``schema.COMMUNE_COLUMNS``.

Populations: INSEE legal-population CSV, the per-territory CSV derived from decoupage-administratif,
or decoupage-administratif ``communes.json`` itself. EPCI membership: its ``epci.json``.
"""
from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from .. import crs as crsmod
from .. import validity
from ..errors import InputDataError, InputFormatError, ParameterError
from ..progress import ensure
from ..provenance import LICENCE_OUVERTE, Provenance, ReadReport, ReadResult
from ..schema import COMMUNE_COLUMNS
from . import duplicates, textio
from .cog import harmonise, load_json_list
from .formats import COMMUNE_FORMAT_IDS, COMMUNE_FORMATS  # noqa: F401 (re-exported)
from .points import target_crs

# fields that must all be there for a format to be recognised
_SIGNATURES = {
    "admin_express_ed4": ("code_insee", "nom_officiel"),
    "admin_express_v3": ("INSEE_COM",),
    "geo_api": ("code", "nom", "codeDepartement"),
    "france_geojson": ("code", "nom"),
}

_PROVENANCE = {
    "admin_express_ed4": dict(source="IGN ADMIN EXPRESS (édition 4)", producer="IGN",
                              url="https://geoservices.ign.fr/adminexpress"),
    "admin_express_v3": dict(source="IGN ADMIN EXPRESS (v3)", producer="IGN",
                             url="https://geoservices.ign.fr/adminexpress"),
    "geo_api": dict(source="API Découpage administratif (geo.api.gouv.fr)",
                    producer="DINUM / IGN / INSEE", url="https://geo.api.gouv.fr/communes"),
    "france_geojson": dict(source="france-geojson (IGN ADMIN EXPRESS COG, simplified)",
                           producer="Grégoire David, from IGN",
                           url="https://github.com/gregoiredavid/france-geojson"),
}
DEC_URL = "https://github.com/etalab/decoupage-administratif"
_CODE_RE = r"[0-9][0-9AB][0-9]{3}"


def _find(columns, candidates) -> str | None:
    lower = {c.lower(): c for c in columns}
    for cand in candidates:
        if cand.lower() in lower:
            return lower[cand.lower()]
    return None


def detect_commune_format(columns) -> str | None:
    for fmt, needed in _SIGNATURES.items():
        if all(_find(columns, (n,)) for n in needed):
            return fmt
    return None


def _clean_codes(values: pd.Series) -> pd.Series:
    """INSEE codes as text ("1001" / 1001.0 -> "01001"); "" when not a commune code."""
    s = values.astype(object).where(values.notna(), "").astype(str).str.strip().str.upper()
    s = s.str.replace(r"\.0$", "", regex=True)
    s = s.where(~((s.str.len() == 4) & s.str.isdigit()), "0" + s)
    return s.where(s.str.fullmatch(_CODE_RE).fillna(False).astype(bool), "")


def _numbers(values: pd.Series) -> pd.Series:
    """Counts as floats, accepting "1 224" (thin or no-break spaces) and a decimal comma."""
    if pd.api.types.is_numeric_dtype(values.dtype):
        return values.astype("float64")
    text = values.astype(object).where(values.notna(), "").astype(str)
    text = text.str.replace(r"[\s\u00a0\u202f]", "", regex=True).str.replace(",", ".", regex=False)
    return pd.to_numeric(text.replace("", np.nan), errors="coerce").astype("float64")


# --------------------------------------------------------------------------------------------
# boundaries
# --------------------------------------------------------------------------------------------

def _open_layer(path: Path, layer: str | None):
    """The file as a GeoDataFrame; a clear error when GDAL cannot read it."""
    import geopandas as gpd

    try:
        gdf = gpd.read_file(path, layer=layer) if layer else gpd.read_file(path)
    except Exception as exc:   # fiona / pyogrio / GDAL errors have no common base class
        raise InputFormatError(f"cannot read it as a vector layer ({str(exc).strip()[:200]})",
                               path=str(path),
                               hint="choose a GeoPackage, Shapefile or GeoJSON of commune boundaries; "
                                    "if it is a download, it may be incomplete") from exc
    return gdf


def _commune_fields(gdf, format, path: Path) -> tuple[str, dict]:
    """(format, field of each commune column) of the file: detected, or the one forced."""
    columns = [c for c in gdf.columns if c != "geometry"]
    if format in (None, "", "auto"):
        format = detect_commune_format(columns)
        if format is None:
            raise InputFormatError(
                "not a commune boundary file: no INSEE code field (INSEE_COM, code_insee or code); "
                "fields found: " + ", ".join(columns[:12]), path=str(path),
                hint="choose ADMIN EXPRESS COMMUNE, a france-geojson or geo.api.gouv.fr communes file")
    elif format not in COMMUNE_FORMATS:
        raise ParameterError(f"unknown commune format {format!r}",
                             hint=f"use one of {', '.join(COMMUNE_FORMATS)}")
    fields = {k: _find(columns, v) for k, v in COMMUNE_FORMATS[format].items()}
    if fields["code_insee"] is None:
        raise InputFormatError(f"missing field {COMMUNE_FORMATS[format]['code_insee'][0]} for the "
                               f"{format} format; fields found: {', '.join(columns[:12])}",
                               path=str(path), hint="choose another format or another file")
    return format, fields


def _with_crs(frame, path: Path, report: ReadReport):
    """The frame with a CRS: a file without one is read as degrees when its coordinates are."""
    if frame.crs is None:
        b = frame.total_bounds
        if np.all(np.isfinite(b)) and -180 <= b[0] and b[2] <= 180 and -90 <= b[1] and b[3] <= 90:
            frame = frame.set_crs(crsmod.WGS84)
            report.warnings.append("the file has no CRS; its coordinates look like degrees, "
                                   "read as WGS84 (EPSG:4326)")
        else:
            raise InputFormatError("the file has no CRS and its coordinates are not degrees",
                                   path=str(path),
                                   hint="set the layer's CRS in QGIS, or save it with its .prj")
    return frame


def _usable_rows(frame, raw_codes, code_field: str, epsg, report: ReadReport) -> tuple[np.ndarray, int]:
    """(which features can be used, the CRS to write them in: ``epsg``, else their territories' by
    :func:`points.target_crs`). Each feature rejected is in ``report`` with why: no geometry, not a
    polygon, no code, a territory the CRS does not hold, outside its territory."""
    feature_no = np.arange(1, len(frame) + 1)
    geom = frame.geometry
    no_geom = (geom.isna() | geom.is_empty).to_numpy()
    not_poly = ~no_geom & ~geom.geom_type.isin(["Polygon", "MultiPolygon"]).to_numpy()
    no_code = frame["code_insee"].eq("").to_numpy()
    # each commune's territory by its code; a file over territories of several legal CRSs is kept
    # whole in EPSG:4326 (the indicators then compute each territory in its legal CRS), as the
    # point readers do (points.target_crs)
    keys = crsmod.territories_of_codes(frame["code_insee"].to_numpy(object))
    keys = np.where(~no_code & (keys == ""), "metropole", keys)
    epsg, kept_keys = target_crs(keys[~no_code], epsg, frame["code_insee"][~no_code])
    other = ~no_code & ~np.isin(keys, kept_keys)
    ok_geom = ~no_geom & ~not_poly
    far = np.zeros(len(frame), bool)
    if ok_geom.any():
        deg = frame.loc[ok_geom].to_crs(crsmod.WGS84).bounds if frame.crs.to_epsg() != crsmod.WGS84 \
            else frame.loc[ok_geom].bounds
        cx = ((deg["minx"] + deg["maxx"]) / 2).to_numpy()
        cy = ((deg["miny"] + deg["maxy"]) / 2).to_numpy()
        rows = np.flatnonzero(ok_geom)
        for key in dict.fromkeys(keys[rows].tolist()):      # each polygon inside its own territory
            m = keys[rows] == key
            lon0, lat0, lon1, lat1 = (crsmod.BY_KEY[key].bbox if key else crsmod.wgs84_bbox(epsg))
            far[rows[m]] = ~((cx[m] >= lon0) & (cx[m] <= lon1) & (cy[m] >= lat0) & (cy[m] <= lat1))
    codes_raw = raw_codes.astype(object).astype(str).to_numpy()
    for mask, reason in ((no_geom, "no geometry"),
                         (not_poly, "not a polygon"),
                         (no_code & ~no_geom & ~not_poly, f"no valid commune code in '{code_field}'"),
                         (other & ok_geom, f"commune of another territory than {crsmod.crs_label(epsg)}: import "
                                           f"without a CRS (or with EPSG:4326) to keep every territory"),
                         (far & ok_geom & ~no_code & ~other, "polygon outside the territory")):
        for i in np.flatnonzero(mask):
            report.reject(None, reason, f"feature {feature_no[i]}: {codes_raw[i]}")
    territories_kept = sorted({crsmod.BY_KEY[k].name for k in keys[ok_geom & ~no_code & ~other & ~far] if k})
    if len(territories_kept) > 1 and epsg == crsmod.WGS84:
        report.warnings.append(f"the communes lie in {len(territories_kept)} French territories "
                               f"({', '.join(territories_kept)}): all kept, in EPSG:4326; the indicators "
                               f"compute each territory in its legal CRS")
    return ok_geom & ~no_code & ~other & ~far, epsg


def read_communes(path: str | Path, epsg: int | None = None, format: str | None = None,
                  feedback=None, cog=None, layer: str | None = None, vintage: str = "") -> ReadResult:
    """Read commune polygons into a GeoDataFrame in the territory's metric CRS.

    ``format`` forces one of :data:`COMMUNE_FORMAT_IDS`; ``cog``: an old -> current code map
    (``cog.read_cog``) to harmonise codes (merged communes are dissolved, populations summed).
    """
    import geopandas as gpd

    fb = ensure(feedback)
    path = Path(path)
    if not path.exists():
        raise InputDataError("file not found", path=str(path), hint="check the path")
    if path.is_file() and path.stat().st_size == 0:
        raise InputDataError("the file is empty", path=str(path),
                             hint="download it again or choose another file")
    gdf = _open_layer(path, layer)
    fb.set_progress(40)
    format, fields = _commune_fields(gdf, format, path)
    prov = Provenance(licence=LICENCE_OUVERTE, vintage=vintage, **_PROVENANCE[format])
    report = ReadReport(path=str(path), format=format, provenance=prov, rows_read=len(gdf))
    if len(gdf) == 0:
        raise InputDataError("the layer has no features", path=str(path),
                             hint="download it again or choose another file")
    if "geometry" not in gdf.columns or gdf.geometry.isna().all():
        raise InputFormatError("the layer has no geometries", path=str(path),
                               hint="choose a file of commune polygons, not a table")

    code = _clean_codes(gdf[fields["code_insee"]])
    frame = gpd.GeoDataFrame({
        "code_insee": code.to_numpy(dtype=object),
        "nom": _text(gdf, fields.get("nom")),
        "population": (_numbers(gdf[fields["population"]]).to_numpy()
                       if fields.get("population") else np.full(len(gdf), np.nan)),
        "code_dep": _text(gdf, fields.get("code_dep")),
        "epci_siren": _first_siren(gdf, fields.get("epci_siren")),
        "epci_nom": np.full(len(gdf), "", dtype=object),
    }, geometry=gdf.geometry.to_numpy(), crs=gdf.crs)
    no_dep = frame["code_dep"].eq("") & frame["code_insee"].ne("")
    if no_dep.any():
        frame.loc[no_dep, "code_dep"] = frame.loc[no_dep, "code_insee"].map(crsmod.department_of)

    frame = _with_crs(frame, path, report)
    keep, epsg = _usable_rows(frame, gdf[fields["code_insee"]], fields["code_insee"], epsg, report)
    feature_no = np.arange(1, len(frame) + 1)
    if not keep.any():
        raise InputDataError(f"none of the {len(frame)} features can be used "
                             f"({'; '.join(r.reason for r in report.rejected[:3])})", path=str(path),
                             hint="check that this is a commune boundary file of a French territory")
    frame = frame.loc[keep].reset_index(drop=True).to_crs(epsg)
    frame["_feature"] = feature_no[keep]
    frame = _repair(frame, report)
    fb.set_progress(80)
    frame = one_feature_per_code(frame, report, path).drop(columns="_feature")
    if cog is not None:
        frame = harmonise(frame, cog, report=report)
    report.rows_kept = len(frame)
    report.crs = f"EPSG:{epsg}"
    frame.attrs["crs"] = epsg
    fb.set_progress(100)
    return ReadResult(frame, report)


def one_feature_per_code(frame, report: ReadReport, path):
    """A commune code on several features: one commune whose polygons are joined (its parts, or a
    feature repeated), said with the features; refused when they carry other names or populations
    (two communes under one code: which is right cannot be decided). ``_feature`` (optional) numbers
    the features as the user knows them."""
    codes = frame["code_insee"].astype(str)
    positions, firsts = duplicates.repeats({"code": codes.to_numpy(dtype=object)}, codes.ne("").to_numpy())
    if not len(positions):
        return frame
    feature = frame["_feature"].to_numpy() if "_feature" in frame.columns else np.arange(1, len(frame) + 1)
    compare = [c for c in ("nom", "population") if c in frame.columns]

    def value(c, i):
        v = frame[c].iat[i]
        return str(v).strip().lower() if c == "nom" else v
    differ = np.array([any(duplicates.differs(value(c, p), value(c, f)) for c in compare)
                       for p, f in zip(positions, firsts)], bool)
    bad = np.flatnonzero(differ)
    if len(bad):
        pairs = "; ".join(f"features {feature[firsts[k]]} and {feature[positions[k]]} ({codes.iat[positions[k]]}: "
                          + ", ".join(f"{c} {frame[c].iat[firsts[k]]} / {frame[c].iat[positions[k]]}" for c in compare
                                      if duplicates.differs(value(c, positions[k]), value(c, firsts[k])))
                          + ")" for k in bad[:3])
        raise InputDataError(f"{len(bad)} commune code(s) on features with other names or populations: {pairs}",
                             path=str(path), hint="fix the codes in the file, or choose the right boundary file")
    for p, f in zip(positions, firsts):
        report.reject(None, f"another polygon of commune {codes.iat[p]} (feature {feature[f]}): joined to it",
                      f"feature {feature[p]}")
    report.warnings.append(f"{len(positions)} feature(s) repeat a commune code and were joined to its first "
                           f"feature (one commune, one multipolygon): "
                           + duplicates.lines_text([f"{codes.iat[p]} (feature {feature[p]})" for p in positions]))
    geoms = frame.geometry.to_numpy().copy()
    for f in np.unique(firsts):
        group = [f] + [int(p) for p in positions[firsts == f]]
        geoms[f] = _union([geoms[i] for i in group])
    frame = frame.set_geometry(type(frame.geometry)(geoms, crs=frame.crs, index=frame.index))
    return frame.drop(frame.index[positions]).reset_index(drop=True)


def _union(geoms):
    from shapely.ops import unary_union

    joined = unary_union(geoms)
    return validity._polygonal(joined) if joined.geom_type not in ("Polygon", "MultiPolygon") else joined


def _repair(frame, report: ReadReport):
    """Invalid polygons (self-intersections…) repaired here, once, and each one listed, so that no
    later step (overlays, the algorithms' geometry check) fails on them. A polygon with no area
    left once repaired (a flat ring) is rejected."""
    import geopandas as gpd

    feature_no = frame["_feature"].to_numpy()
    geoms, fixed, reasons = validity.repair_polygons(frame.geometry.to_numpy())
    if not len(fixed):
        return frame
    labels = {i: f"feature {feature_no[i]} ({frame['code_insee'].iat[i]} {frame['nom'].iat[i]})".replace(" )", ")")
              for i in fixed}
    gone = [k for k, i in enumerate(fixed) if geoms[i] is None]
    kept = [k for k in range(len(fixed)) if geoms[fixed[k]] is not None]
    if kept:
        pos, why = [fixed[k] for k in kept], [reasons[k] for k in kept]
        report.repaired = [f"{labels[i]}: {r}" for i, r in zip(pos, why)]
        report.warnings.append(f"{len(pos)} invalid polygon(s) repaired (make_valid): "
                               + validity.describe(labels, pos, why))
    for k in gone:
        report.reject(None, f"polygon with no area ({reasons[k]})", labels[fixed[k]])
    frame = frame.set_geometry(gpd.GeoSeries(geoms, crs=frame.crs, index=frame.index))
    if gone:
        frame = frame.loc[frame.geometry.notna()].reset_index(drop=True)
    return frame


def _text(gdf, field) -> np.ndarray:
    if field is None:
        return np.full(len(gdf), "", dtype=object)
    s = gdf[field]
    return s.astype(object).where(s.notna(), "").astype(str).str.strip().to_numpy(dtype=object)


def _first_siren(gdf, field) -> np.ndarray:
    """The EPCI SIREN (edition 4 may list several, separated by '/', ',' or '|')."""
    text = pd.Series(_text(gdf, field), dtype=object)
    if field is None:
        return text.to_numpy(dtype=object)
    first = text.str.split(r"[/,|;\s]+", regex=True).str[0].fillna("")
    return first.str.replace(r"\.0$", "", regex=True).to_numpy(dtype=object)


# --------------------------------------------------------------------------------------------
# populations and EPCI
# --------------------------------------------------------------------------------------------

_POP_CODE = ("code_insee", "CODGEO", "DEPCOM", "COM", "code_commune_insee", "code")
_POP_VALUE = ("population_municipale", "PMUN", "population", "ptot", "population_totale")


def read_populations(path: str | Path, feedback=None, vintage: str = "") -> ReadResult:
    """Populations per commune: DataFrame ``code_insee, nom, population`` (+ ``epci_siren``,
    ``epci_nom`` when the file has them), from an INSEE-style CSV (``population_municipale`` or
    ``PMUN``), the territory CSV derived from decoupage-administratif, or its ``communes.json``."""
    fb = ensure(feedback)
    path = Path(path)
    if _looks_json(path):
        return _populations_from_json(path, fb, vintage)
    fmt = textio.sniff(path, expect_any=_POP_CODE)
    code_col = _find(fmt.header, _POP_CODE)
    pop_col = _find(fmt.header, _POP_VALUE)
    if pop_col is None:
        raise InputFormatError(
            "no population column (population_municipale, PMUN or population); columns found: "
            + ", ".join(fmt.header[:12]), path=str(path), line=fmt.header_line,
            hint="choose the INSEE legal-population file or the territory's population CSV")
    table = textio.read_table(path, fmt)
    is_territory = _find(fmt.header, ("epci_siren",)) is not None
    format_id = "territory_csv" if is_territory else "insee_csv"
    prov = (Provenance(source="decoupage-administratif (INSEE populations légales, DGCL EPCI)",
                       producer="Etalab from INSEE / DGCL", vintage=vintage,
                       licence=LICENCE_OUVERTE, url=DEC_URL) if is_territory else
            Provenance(source="INSEE populations légales", producer="INSEE", vintage=vintage,
                       licence=LICENCE_OUVERTE, url="https://www.insee.fr/fr/statistiques"))
    report = ReadReport(path=str(path), format=format_id, provenance=prov, rows_read=len(table),
                        encoding=fmt.encoding)
    lines = np.arange(fmt.header_line + 1, fmt.header_line + 1 + len(table))
    code = _clean_codes(table[code_col])
    pop = _numbers(table[pop_col])
    out = pd.DataFrame({"code_insee": code.to_numpy(dtype=object),
                        "nom": table[_find(fmt.header, ("nom", "LIBGEO", "nom_commune", "COM_NOM"))]
                        .fillna("").to_numpy(dtype=object)
                        if _find(fmt.header, ("nom", "LIBGEO", "nom_commune", "COM_NOM")) else "",
                        "population": pop.to_numpy()})
    for extra in ("epci_siren", "epci_nom"):
        col = _find(fmt.header, (extra,))
        if col:
            out[extra] = table[col].fillna("").astype(str).str.strip().to_numpy(dtype=object)
    bad_code = out["code_insee"].eq("").to_numpy()
    bad_pop = ~bad_code & out["population"].isna().to_numpy()
    for i in np.flatnonzero(bad_code):
        report.reject(int(lines[i]), f"no valid commune code in '{code_col}'", str(table[code_col].iloc[i]))
    for i in np.flatnonzero(bad_pop):
        report.reject(int(lines[i]), f"'{pop_col}' is not a number", str(table[pop_col].iloc[i]))
    good = out.loc[~bad_code & ~bad_pop]
    good = duplicates.one_row_per_code(good, report, path=path, what="commune", compare=["population"],
                                       line_of=lambda p: [int(x) for x in lines[good.index.to_numpy()[p]]])
    return _finish_table(good, report, str(path), "population", fb)


def _looks_json(path: Path) -> bool:
    if not path.exists():
        raise InputDataError("file not found", path=str(path), hint="check the path")
    if path.stat().st_size == 0:
        raise InputDataError("the file is empty", path=str(path),
                             hint="download it again or choose another file")
    with textio.open_text(path, encoding="latin-1") as fh:
        head = fh.read(64).lstrip()
    return head[:1] in ("[", "{")


def _populations_from_json(path: Path, fb, vintage: str) -> ReadResult:
    entries = load_json_list(path, "decoupage-administratif communes")
    frame = pd.DataFrame.from_records(entries)
    needed = [c for c in ("code", "type", "population") if c not in frame.columns]
    if needed:
        raise InputFormatError(f"missing field(s) {', '.join(needed)} for a decoupage-administratif "
                               f"communes.json", path=str(path),
                               hint="choose communes.json from @etalab/decoupage-administratif")
    prov = Provenance(source="decoupage-administratif communes (INSEE populations légales)",
                      producer="Etalab from INSEE", vintage=vintage, licence=LICENCE_OUVERTE, url=DEC_URL)
    report = ReadReport(path=str(path), format="decoupage_json", provenance=prov)
    frame = frame[frame["type"] == "commune-actuelle"]
    report.rows_read = len(frame)
    out = pd.DataFrame({"code_insee": _clean_codes(frame["code"]).to_numpy(dtype=object),
                        "nom": frame.get("nom", pd.Series("", index=frame.index)).fillna("")
                        .astype(str).to_numpy(dtype=object),
                        "population": _numbers(frame["population"]).to_numpy()})
    bad = out["code_insee"].eq("") | out["population"].isna()
    for code in frame["code"][bad.to_numpy()].astype(str)[:1000]:
        report.reject(None, "no population", code)
    good = duplicates.one_row_per_code(out.loc[~bad.to_numpy()], report, path=path, what="commune",
                                       compare=["population"])
    return _finish_table(good, report, str(path), "population", fb)


def read_epci(path: str | Path, feedback=None, vintage: str = "") -> ReadResult:
    """EPCI membership from decoupage-administratif ``epci.json``: one row per member commune,
    ``code_insee, epci_siren, epci_nom, epci_type``."""
    fb = ensure(feedback)
    path = Path(path)
    _looks_json(path)
    entries = load_json_list(path, "EPCI")
    if not isinstance(entries[0], dict) or "membres" not in entries[0] or "code" not in entries[0]:
        raise InputFormatError("not a decoupage-administratif epci.json (entries need 'code' and "
                               "'membres')", path=str(path),
                               hint="choose epci.json from @etalab/decoupage-administratif")
    rows = [(m.get("code", ""), e.get("code", ""), e.get("nom", ""), e.get("type", ""))
            for e in entries for m in (e.get("membres") or ())]
    prov = Provenance(source="decoupage-administratif EPCI (DGCL)", producer="Etalab from DGCL",
                      vintage=vintage, licence=LICENCE_OUVERTE, url=DEC_URL)
    report = ReadReport(path=str(path), format="decoupage_epci_json", provenance=prov,
                        rows_read=len(rows))
    out = pd.DataFrame(rows, columns=["code_insee", "epci_siren", "epci_nom", "epci_type"], dtype=object)
    out["code_insee"] = _clean_codes(out["code_insee"]).to_numpy(dtype=object)
    bad = out["code_insee"].eq("").to_numpy()
    for i in np.flatnonzero(bad)[:1000]:
        report.reject(None, "member without a valid commune code", str(rows[i][1]))
    dup = out["code_insee"].duplicated() & ~out["code_insee"].eq("")
    if dup.any():
        report.warnings.append(f"{int(dup.sum())} communes are listed in two EPCI; the first is kept")
    return _finish_table(out.loc[~bad & ~dup.to_numpy()], report, str(path), "EPCI member", fb)


def _finish_table(frame: pd.DataFrame, report: ReadReport, label: str, what: str, fb) -> ReadResult:
    frame = frame.reset_index(drop=True)
    report.rows_kept = len(frame)
    if report.rows_read == 0:
        raise InputDataError(f"no {what} rows in the file", path=label,
                             hint="the file has no data: download it again")
    if report.rows_kept == 0:
        raise InputDataError(f"none of the {report.rows_read} {what} rows can be used "
                             f"({'; '.join(report.rejection_summary(3))})", path=label,
                             hint="check that this is the right file")
    return ReadResult(frame, report)


def attach_populations(communes, populations: pd.DataFrame, report: ReadReport | None = None):
    """Communes with ``population`` (and ``epci_siren``/``epci_nom`` when the table has them) taken
    from a population table; communes the table does not cover keep their value and are listed in
    ``report.warnings``. Returns a new frame."""
    out = communes.copy()
    table = populations.drop_duplicates("code_insee").set_index("code_insee")
    codes = out["code_insee"].astype(str)
    pop = codes.map(table["population"])
    missing = pop.isna().to_numpy()
    out["population"] = pop.where(~pd.Series(missing, index=out.index), out["population"]).astype("float64")
    for col in ("epci_siren", "epci_nom"):
        if col in table.columns:
            values = codes.map(table[col])
            out[col] = values.where(values.notna() & values.ne(""), out[col]).astype(object)
    if report is not None and missing.any():
        report.warnings.append(f"no population for {int(missing.sum())} communes: "
                               + ", ".join(codes[missing].tolist()[:10]))
    return out


def attach_epci(communes, epci: pd.DataFrame, report: ReadReport | None = None):
    """Communes with ``epci_siren`` and ``epci_nom`` from :func:`read_epci`'s table."""
    out = communes.copy()
    table = epci.drop_duplicates("code_insee").set_index("code_insee")
    codes = out["code_insee"].astype(str)
    siren = codes.map(table["epci_siren"])
    missing = siren.isna().to_numpy()
    out["epci_siren"] = siren.where(~pd.Series(missing, index=out.index), out["epci_siren"]).astype(object)
    out["epci_nom"] = codes.map(table["epci_nom"]).where(~pd.Series(missing, index=out.index),
                                                        out["epci_nom"]).astype(object)
    if report is not None and missing.any():
        report.warnings.append(f"no EPCI for {int(missing.sum())} communes: "
                               + ", ".join(codes[missing].tolist()[:10]))
    return out
