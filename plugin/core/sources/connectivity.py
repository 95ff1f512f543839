"""Connectivity open data from ARCEP: "Ma connexion internet" statistics per commune, the FttH
deployment observatory, mobile sites and mobile coverage polygons.

Per-commune tables follow ``schema.CONNECTIVITY_COLUMNS`` (counts of premises), mobile sites
``schema.MOBILE_SITE_COLUMNS`` (x/y in the metric CRS); coverage polygons are GeoDataFrames in the
metric CRS with ``operator``, ``generation``, ``niveau``.
"""
from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from ..crs import LAMBERT93, infer_epsg
from ..errors import InputDataError, InputFormatError, ParameterError
from ..presentation.vocabulary import true_mask
from ..progress import ensure
from ..provenance import LICENCE_OUVERTE, Provenance, ReadReport, ReadResult
from ..schema import CONNECTIVITY_COLUMNS, MOBILE_SITE_COLUMNS
from .formats import CONNECTIVITY_FORMATS
from . import columns, duplicates
from .points import apply_schema, finish_points, text, to_float
from .services import _file_date, col, csv_line_finder, insee_code
from .textio import read_table, sniff


MA_CONNEXION_URL = "https://www.data.gouv.fr/fr/datasets/ma-connexion-internet/"
OBSERVATOIRE_URL = "https://www.arcep.fr/cartes-et-donnees/nos-publications-chiffrees/observatoire-des-abonnements-et-deploiements-du-haut-et-tres-haut-debit.html"
MOBILE_URL = "https://www.data.gouv.fr/fr/datasets/mon-reseau-mobile/"

# MCC-MNC codes of the metropolitan operators in ARCEP's site lists
OPERATORS = {"20801": "Orange", "20810": "SFR", "20815": "Free Mobile", "20820": "Bouygues Telecom"}
NIVEAUX = ("TBC", "BC", "CL")

# Header variants per schema column (lower case), in order of preference.
_COMMUNE_CODE = ("code_insee", "code_commune", "insee_com", "codgeo", "code commune", "com")
_ARCEP_COLUMNS = {
    "nom": ("nom_com", "nom_commune", "libelle_commune", "nom", "commune"),
    "premises": ("nbr", "nb_locaux", "locaux", "nbr_locaux", "nombre_locaux"),
    "elig_ftth": ("elig_ftth", "ftth", "thd_ftth", "meilleure_techno_ftth", "elig_fo"),
    "elig_thd30": ("elig_thd30", "thd30"),
    "elig_thd100": ("elig_thd100", "thd100"),
    "elig_thd1g": ("elig_thd1g", "thd1g"),
    "elig_bhd8": ("elig_bhd8", "bhd8"),
    "inel_hd": ("inel_hd", "inel_hd3"),
    "date": ("date", "trimestre", "date_maj"),
}


def _arcep_provenance(source: str, vintage: str, url: str) -> Provenance:
    return Provenance(source=source, producer="ARCEP", vintage=vintage, licence=LICENCE_OUVERTE, url=url)


def _pick(df: pd.DataFrame, names) -> pd.Series | None:
    return col(df, *names)


# --------------------------------------------------------------------------------------------
# "Ma connexion internet" per commune

def arcep_file_kind(path, header: list[str], types: set[str]) -> str:
    """commune_debit_filaire / commune_debit / commune_techno / commune_meilleure_techno_thd."""
    name = Path(path).name.lower()
    low = {h.lower() for h in header}
    if "meilleure" in name:
        return "commune_meilleure_techno_thd"
    if any(h.startswith("elig_") and h[5:] in ("ftth", "coax", "cu", "thdr", "4gf", "hdr", "sat") for h in low):
        return "commune_techno"
    if "filaire" in name or {t.lower() for t in types} & {"filaire", "wired"}:
        return "commune_debit_filaire"
    return "commune_debit"


def read_arcep_commune(path, feedback=None) -> ReadResult:
    """An ARCEP "Ma connexion internet" file per commune (debit, debit_filaire, techno,
    meilleure_techno_thd). Counts are numbers of premises; speed classes are cumulative."""
    fb = ensure(feedback)
    fmt = sniff(path, expect_any=_COMMUNE_CODE)
    df = read_table(path, fmt)
    fb.set_progress(50)
    code = _pick(df, _COMMUNE_CODE)
    elig_cols = [c for c in df.columns if str(c).lower().startswith(("elig", "inel", "thd", "ftth"))]
    if code is not None and elig_cols:   # an ARCEP commune file: its counts need their premises
        columns.require(df.columns, {"premises": _ARCEP_COLUMNS["premises"]}, path=path, line=fmt.header_line,
                        what="ARCEP 'Ma connexion internet' commune",
                        hint="the number of premises (nbr) is what every share is computed on: "
                             "download the complete file again")
    if code is None or not elig_cols:
        raise InputFormatError(
            "not an ARCEP 'Ma connexion internet' commune file (needs a commune code and elig_* columns); "
            "columns found: " + ", ".join(map(str, list(df.columns)[:12])),
            path=str(path), line=fmt.header_line,
            hint="choose commune_debit_filaire.csv, commune_debit.csv or commune_techno.csv, or force the format")
    types = set(text(col(df, "type"), len(df)).unique()) - {""}
    kind = arcep_file_kind(path, fmt.header, types)
    dates = text(_pick(df, _ARCEP_COLUMNS["date"]), len(df))
    vintage = max([d for d in dates if d], default="") or _file_date(path)
    report = ReadReport(str(path), f"arcep_{kind}", _arcep_provenance(
        f"ARCEP — Ma connexion internet ({kind})", vintage, MA_CONNEXION_URL))
    report.rows_read = len(df)
    report.encoding = fmt.encoding
    if kind == "commune_debit":
        report.warnings.append("commune_debit counts every technology, satellite included: prefer "
                               "commune_debit_filaire for fixed THD coverage rates")
    if kind in ("commune_debit", "commune_debit_filaire"):
        columns.optional(df.columns, {
            c: (_ARCEP_COLUMNS[c], f"the share of premises {label} stays empty")
            for c, label in (("elig_thd30", "at 30 Mbit/s or more"), ("elig_thd100", "at 100 Mbit/s or more"),
                             ("elig_thd1g", "at 1 Gbit/s"), ("elig_bhd8", "at 8 Mbit/s or more"),
                             ("inel_hd", "without 3 Mbit/s"))}, report, "ARCEP commune")
    out = pd.DataFrame({"code_insee": insee_code(code)})
    for name, variants in _ARCEP_COLUMNS.items():
        v = _pick(df, variants)
        if v is None:
            continue
        out[name] = text(v) if name in ("nom", "date") else to_float(v)
    # several rows per commune (one per 'type'): keep wired, else "all"
    if types and len(types) > 1:
        t = text(col(df, "type")).str.lower()
        pref = "filaire" if "filaire" in {x.lower() for x in types} else "all"
        sel = (t == pref).to_numpy()
        if sel.any():
            report.warnings.append(f"several types per commune ({', '.join(sorted(types))}): kept '{pref}'")
            out = out.loc[sel]
    bad_code = ~out["code_insee"].str.fullmatch(r"\d[\dAB]\d{3}")
    no_count = ~np.isfinite(out["premises"].to_numpy(float)) if "premises" in out else np.zeros(len(out), bool)
    reasons = np.where(bad_code, "invalid commune code", np.where(no_count, "no number of premises", ""))
    bad = np.flatnonzero(reasons != "")
    if len(bad):
        lines = csv_line_finder(path, fmt)(out.index.to_numpy()[bad])
        for ln, i in zip(lines, bad):
            report.reject(int(ln), reasons[i], str(out["code_insee"].iat[i]))
    out = out.loc[reasons == ""]
    out = duplicates.one_row_per_code(out, report, path=path, what="commune row",
                                      compare=[c for c in out.columns if c != "code_insee"],
                                      line_of=lambda p: csv_line_finder(path, fmt)(out.index.to_numpy()[p]))
    data = apply_schema(out.reset_index(drop=True), CONNECTIVITY_COLUMNS)
    data.attrs["kind"] = kind
    report.rows_kept = len(data)
    fb.set_progress(100)
    return ReadResult(data, report)


# --------------------------------------------------------------------------------------------
# FttH deployment observatory

_QUARTER = re.compile(r"^T([1-4])\s*(\d{4})$", re.I)


def _observatory_frame(path, expect: tuple[str, ...]):
    fmt = sniff(path, expect_any=expect)
    df = read_table(path, fmt)
    df.columns = [str(c).strip() for c in df.columns]
    return fmt, df


def read_ftth_infos(path, feedback=None) -> ReadResult:
    """The observatory's commune information file: premises = dwellings + business premises."""
    fb = ensure(feedback)
    fmt, df = _observatory_frame(path, ("Code commune",))
    log, eta = col(df, "Logements"), col(df, "Établissements", "Etablissements")
    if log is None or col(df, "Code commune") is None:
        raise InputFormatError("not an FttH observatory commune information file (needs 'Code commune', "
                               "'Logements'); columns found: " + ", ".join(list(df.columns)[:12]),
                               path=str(path), line=fmt.header_line, hint="choose the 'infos communes' file")
    # space padding and "-" for empty: "-" means none
    log_v = to_float(text(log).replace("-", "0"))
    eta_v = to_float(text(eta).replace("-", "0")) if eta is not None else np.zeros(len(df))
    m = re.search(r"(\d{4})\s*T([1-4])|T([1-4])\s*(\d{4})", " ".join(df.columns) + " " + Path(path).name)
    vintage = ""
    if m:
        vintage = f"{m.group(1)}-T{m.group(2)}" if m.group(1) else f"{m.group(4)}-T{m.group(3)}"
    report = ReadReport(str(path), "ftth_infos", _arcep_provenance(
        "ARCEP — observatoire FttH, informations par commune", vintage, OBSERVATOIRE_URL))
    report.rows_read = len(df)
    report.encoding = fmt.encoding
    if eta is None:
        report.warnings.append("no column 'Établissements' in the FttH information file: premises count "
                               "dwellings only")
    out = pd.DataFrame({"code_insee": insee_code(col(df, "Code commune")),
                        "nom": text(col(df, "Nom commune"), len(df)),
                        "premises": log_v + np.nan_to_num(eta_v), "date": vintage})
    data = _commune_rows(out, report, path, fmt)
    fb.set_progress(100)
    return ReadResult(data, report)


def _commune_rows(out: pd.DataFrame, report: ReadReport, path, fmt) -> pd.DataFrame:
    bad = np.flatnonzero(~out["code_insee"].str.fullmatch(r"\d[\dAB]\d{3}").to_numpy())
    if len(bad):
        for ln, i in zip(csv_line_finder(path, fmt)(out.index.to_numpy()[bad]), bad):
            report.reject(int(ln), "invalid commune code", str(out["code_insee"].iat[i]))
        out = out.drop(out.index[bad])
    out = duplicates.one_row_per_code(out, report, path=path, what="commune row",
                                      compare=[c for c in out.columns if c != "code_insee"],
                                      line_of=lambda p: csv_line_finder(path, fmt)(out.index.to_numpy()[p]))
    data = apply_schema(out.reset_index(drop=True), CONNECTIVITY_COLUMNS)
    report.rows_kept = len(data)
    return data


def read_ftth_deployment(path, infos: str | Path | None = None, feedback=None) -> ReadResult:
    """Premises connectable to FttH per commune at the latest quarter of the observatory file
    (long format ``Code commune, Champ, T3 2017, ...``; the title block is skipped).

    ``infos``: the observatory's commune information file, to add names and premises.
    """
    fb = ensure(feedback)
    fmt, df = _observatory_frame(path, ("Code commune",))
    champ = col(df, "Champ")
    quarters = [c for c in df.columns if _QUARTER.match(c)]
    if champ is None or not quarters or col(df, "Code commune") is None:
        raise InputFormatError("not an FttH deployment observatory file (needs 'Code commune', 'Champ' and "
                               "quarter columns like 'T1 2018'); columns found: " + ", ".join(list(df.columns)[:12]),
                               path=str(path), line=fmt.header_line, hint="choose the 'déploiement par commune' file")
    latest = max(quarters, key=lambda c: (int(_QUARTER.match(c).group(2)), int(_QUARTER.match(c).group(1))))
    q = _QUARTER.match(latest)
    vintage = f"{q.group(2)}-T{q.group(1)}"
    report = ReadReport(str(path), "ftth_deployment", _arcep_provenance(
        "ARCEP — observatoire FttH, locaux raccordables par commune", vintage, OBSERVATOIRE_URL))
    sel = text(champ).str.lower().str.startswith("locaux raccordables").to_numpy()
    report.rows_read = int(sel.sum())
    part = df.loc[sel]
    out = pd.DataFrame({"code_insee": insee_code(col(part, "Code commune")).to_numpy(),
                        "elig_ftth": to_float(text(part[latest]).replace("-", "0")),
                        "date": vintage}, index=part.index)
    data = _commune_rows(out, report, path, fmt)
    if infos is not None:
        info, info_report = read_ftth_infos(infos)
        merged = data.drop(columns=["nom", "premises"]).merge(
            info[["code_insee", "nom", "premises"]], on="code_insee", how="left")
        missing = int(merged["nom"].isna().sum())
        if missing:
            report.warnings.append(f"{missing} communes of the deployment file are not in the infos file")
        data = apply_schema(merged, CONNECTIVITY_COLUMNS)
        report.warnings.extend(info_report.warnings)
    data.attrs["quarter"] = latest
    fb.set_progress(100)
    return ReadResult(data, report)


# --------------------------------------------------------------------------------------------
# mobile sites

def _flag(values, n) -> np.ndarray:
    if values is None:
        return np.zeros(n, bool)
    return true_mask(values)


def _site_key(frame, x, y):
    """One operator's antennas at one place (to the metre) are one site."""
    op = text(frame["operator"], len(frame)) if "operator" in frame.columns else pd.Series("", index=frame.index)
    return (op + "|" + pd.Series(np.round(x), index=frame.index).astype(str) + "|"
            + pd.Series(np.round(y), index=frame.index).astype(str)).to_numpy(dtype=object)


# co-located rows of one operator: one site, with every generation any of its rows has
_SAME_SITE = dict(repeats=_site_key, repeat_key="operator and position",
                  repeat_any=("has_2g", "has_3g", "has_4g", "has_5g"))


def read_mobile_sites(path, epsg: int | None = None, feedback=None) -> ReadResult:
    """ARCEP mobile sites: operator, 2G/3G/4G(/5G) flags and coordinates (lon/lat or Lambert-93)."""
    fb = ensure(feedback)
    fmt = sniff(path, expect_any=("operateur", "Operateur", "operateur_code", "operator"))
    df = read_table(path, fmt)
    fb.set_progress(40)
    n = len(df)
    if n == 0:
        raise InputDataError("no mobile site in the file", path=str(path), hint="download it again")
    op = col(df, "operateur", "operator", "nom_operateur")
    op_code = col(df, "operateur_code", "code_operateur", "mcc_mnc")
    if op_code is None and op is not None and text(op).str.fullmatch(r"\d{5}").all():
        op_code, op = op, None
    if op is None and op_code is None:
        raise InputFormatError("no operator column", path=str(path), line=fmt.header_line,
                               hint="expected 'Operateur' or 'operateur_code'")
    name = text(op, n) if op is not None else pd.Series([""] * n, dtype=object)
    if op_code is not None:
        coded = text(op_code).map(OPERATORS)
        name = name.where(name != "", coded.fillna(text(op_code)))
    flags = {g: col(df, g, f"site_{g}", f"{g.lower()}") for g in ("2G", "3G", "4G", "5G")}
    absent = [g for g, v in flags.items() if v is None]
    if all(v is None for v in flags.values()):
        raise InputFormatError("no 2G/3G/4G columns: not a mobile-site file", path=str(path),
                               line=fmt.header_line, hint="choose the ARCEP list of mobile sites")
    frame = pd.DataFrame({
        "operator": name,
        "has_2g": _flag(flags["2G"], n), "has_3g": _flag(flags["3G"], n),
        "has_4g": _flag(flags["4G"], n), "has_5g": _flag(flags["5G"], n),
        "code_insee": insee_code(col(df, "code_insee_2018", "code_insee", "insee_com")) if
        col(df, "code_insee_2018", "code_insee", "insee_com") is not None else "",
    })
    report = ReadReport(str(path), "mobile_sites", _arcep_provenance(
        "ARCEP — sites mobiles", _file_date(path), MOBILE_URL))
    report.rows_read = n
    report.encoding = fmt.encoding
    for g in absent:
        report.warnings.append(f"no column '{g}' in the mobile sites file: no {g} indicator from this file "
                               f"(unknown, not zero)")
    lon, lat = col(df, "lon", "longitude"), col(df, "lat", "latitude")
    x, y = col(df, "x_l93", "x", "x_lambert93"), col(df, "y_l93", "y", "y_lambert93")
    lines = csv_line_finder(path, fmt)
    if x is not None and y is not None:   # Lambert-93 as published (metropolitan files)
        data = finish_points(frame, report, columns=MOBILE_SITE_COLUMNS, x=x, y=y, src_epsg=LAMBERT93,
                             epsg=epsg, lines=lines, what="mobile site", **_SAME_SITE)
    elif lon is not None and lat is not None:
        data = finish_points(frame, report, columns=MOBILE_SITE_COLUMNS, lon=lon, lat=lat, epsg=epsg,
                             lines=lines, what="mobile site", **_SAME_SITE)
    else:
        raise InputFormatError("no coordinate columns (x/y, x_l93/y_l93 or lon/lat)", path=str(path),
                               line=fmt.header_line, hint="choose the ARCEP list of mobile sites with coordinates")
    # a generation the file does not list is unknown, not "no site": no column (e.g. no 5G before 2020)
    if absent:
        data = data.drop(columns=[f"has_{g.lower()}" for g in absent])
    fb.set_progress(100)
    return ReadResult(data, report)


# --------------------------------------------------------------------------------------------
# mobile coverage polygons

def read_mobile_coverage(path, epsg: int | None = None, layer: str | None = None, operator: str | None = None,
                         generation: str | None = None, feedback=None) -> ReadResult:
    """Theoretical coverage polygons (GeoPackage or any polygon layer) with ``niveau`` TBC/BC/CL.

    Operator and generation come from columns when present, else from the arguments or the file
    name (e.g. ``2024_T1_couv_Orange_4G.gpkg``).
    """
    import geopandas as gpd

    fb = ensure(feedback)
    path = Path(path)
    if not path.exists():
        raise InputDataError("file not found", path=str(path), hint="check the path")
    try:
        gdf = gpd.read_file(path, layer=layer) if layer else gpd.read_file(path)
    except Exception as exc:  # fiona and pyogrio raise different types
        raise InputFormatError(f"cannot read this vector file ({str(exc).splitlines()[0]})", path=str(path),
                               hint="is it a GeoPackage of coverage polygons? download it again") from exc
    niveau = col(gdf, "niveau")
    if niveau is None:
        raise InputFormatError("no 'niveau' attribute: not an ARCEP coverage layer; fields found: "
                               + ", ".join(c for c in gdf.columns if c != "geometry"), path=str(path),
                               hint="choose the coverage GeoPackage of one operator and generation")
    if gdf.crs is None:
        raise InputDataError("the layer has no CRS", path=str(path), hint="set its CRS (EPSG:2154 in metropolitan France)")
    stem = path.stem
    op_col = col(gdf, "operateur", "operator", "nom_operateur")
    gen_col = col(gdf, "generation", "techno", "technologie")
    op_guess = operator or next((v for k, v in OPERATORS.items() if v.split()[0].lower() in stem.lower() or k in stem), "")
    m = re.search(r"([2-5]G)", stem, re.I)
    gen_guess = generation or (m.group(1).upper() if m else "")
    report = ReadReport(str(path), "mobile_coverage", _arcep_provenance(
        "ARCEP — couverture mobile théorique", _file_date(path), MOBILE_URL))
    n = len(gdf)
    report.rows_read = n
    niv = text(niveau).str.upper()
    ok = niv.isin(NIVEAUX).to_numpy() & ~gdf.geometry.isna().to_numpy()
    for i in np.flatnonzero(~ok):
        reason = "no geometry" if gdf.geometry.iloc[i] is None else f"niveau {niv.iat[i]!r} is not TBC, BC or CL"
        report.reject(None, reason, f"feature {i + 1}")
    src = gdf.crs.to_epsg()
    if epsg is None:
        if src and src != 4326 and gdf.crs.is_projected:
            epsg = src
        else:
            b = gdf.to_crs(4326).total_bounds
            epsg = infer_epsg(None, np.array([(b[0] + b[2]) / 2]), np.array([(b[1] + b[3]) / 2]))
    out = gpd.GeoDataFrame({
        "operator": (text(op_col) if op_col is not None else pd.Series([op_guess] * n, dtype=object)).to_numpy(dtype=object),
        "generation": (text(gen_col) if gen_col is not None else pd.Series([gen_guess] * n, dtype=object)).to_numpy(dtype=object),
        "niveau": niv.to_numpy(dtype=object),
    }, geometry=gdf.geometry.reset_index(drop=True).to_numpy(), crs=gdf.crs)
    out = out.loc[ok].reset_index(drop=True).to_crs(int(epsg))
    report.rows_kept = len(out)
    report.crs = f"EPSG:{int(epsg)}"
    fb.set_progress(100)
    return ReadResult(out, report)


# --------------------------------------------------------------------------------------------
# detection and dispatch

def detect_connectivity_format(path) -> str:
    path = Path(path)
    if not path.exists():
        raise InputDataError("file not found", path=str(path), hint="check the path")
    if path.suffix.lower() in (".gpkg", ".shp", ".geojson", ".fgb"):
        return "mobile_coverage"
    fmt = sniff(path, expect_any=_COMMUNE_CODE + ("Code commune", "operateur", "operateur_code"))
    low = {h.lower() for h in fmt.header}
    if "champ" in low and "code commune" in low:
        return "ftth_deployment"
    if "logements" in low and "code commune" in low:
        return "ftth_infos"
    if ("operateur" in low or "operateur_code" in low) and low & {"2g", "3g", "4g"}:
        return "mobile_sites"
    if any(h.startswith(("elig_", "inel_")) for h in low):
        return "arcep_commune"
    raise InputFormatError("not a known connectivity file (ARCEP commune statistics, FttH observatory, "
                           "mobile sites or coverage); columns found: " + ", ".join(fmt.header[:12]),
                           path=str(path), line=fmt.header_line, hint="check the file or force the format")


def read_connectivity(path, format: str | None = None, *, epsg: int | None = None, infos=None,
                      feedback=None) -> ReadResult:
    """Read any supported connectivity file; ``format`` forces one of ``CONNECTIVITY_FORMATS``."""
    format = format or detect_connectivity_format(path)
    if format == "arcep_commune":
        return read_arcep_commune(path, feedback=feedback)
    if format == "ftth_deployment":
        return read_ftth_deployment(path, infos=infos, feedback=feedback)
    if format == "ftth_infos":
        return read_ftth_infos(path, feedback=feedback)
    if format == "mobile_sites":
        return read_mobile_sites(path, epsg=epsg, feedback=feedback)
    if format == "mobile_coverage":
        return read_mobile_coverage(path, epsg=epsg, feedback=feedback)
    raise ParameterError(f"unknown connectivity format {format!r}",
                         hint=f"use one of {', '.join(CONNECTIVITY_FORMATS)}")
