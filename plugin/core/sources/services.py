"""Service and mediation places: France Services (ANCT), the national mediation-place schema
(CSV, JSON, GeoJSON), INSEE BPE, OSM amenities (``sources.osm``) and any point table with a
column mapping, all normalised to ``schema.SERVICE_COLUMNS`` with x/y in the legal metric CRS
(EPSG:4326 for a file spanning territories of several CRSs: see ``points.finish_points``).
"""
from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from typing import Callable

import numpy as np
import pandas as pd

from ..crs import LAMBERT93, WGS84, legal_crs
from ..errors import InputDataError, InputFormatError, ParameterError
from ..presentation.vocabulary import true_mask
from ..progress import ensure
from ..provenance import LICENCE_OUVERTE, Provenance, ReadReport, ReadResult
from ..schema import SERVICE_CATEGORIES, SERVICE_COLUMNS
from . import columns
from .formats import SERVICE_FORMATS
from .points import finish_points, id_or_place, text, to_float
from .textio import iter_chunks, open_text, read_table, read_text, require_columns, sniff


# INSEE BPE TYPEQU -> category. A206-A208 (post office, relay, agency) and F307 (library) are
# stable; A128 (France services) and A129 (town hall) are recent codes (check them against the
# nomenclature shipped with the vintage; pass ``category_map`` to override).
BPE_CATEGORY = {
    "A206": "post_office", "A207": "post_office", "A208": "post_office",
    "F307": "library",
    "A128": "france_services",
    "A129": "townhall",
}
BPE_LABELS = {
    "A206": "Bureau de poste", "A207": "Relais poste", "A208": "Agence postale",
    "F307": "Bibliothèque", "A128": "France services", "A129": "Mairie",
}

FRANCE_SERVICES_URL = "https://www.data.gouv.fr/fr/datasets/liste-des-structures-france-services/"
MEDIATION_URL = "https://www.data.gouv.fr/fr/datasets/lieux-de-mediation-numerique-sur-le-territoire-national/"
BPE_URL = "https://www.insee.fr/fr/metadonnees/source/serie/s1161"

_DAYS = (("h_lundi", "Mo"), ("h_mardi", "Tu"), ("h_mercredi", "We"), ("h_jeudi", "Th"),
         ("h_vendredi", "Fr"), ("h_samedi", "Sa"), ("h_dimanche", "Su"))


# --------------------------------------------------------------------------------------------
# small vectorised helpers

def join_text(parts: list[pd.Series], sep: str = ", ") -> pd.Series:
    """Join the non-empty parts row by row, without a Python loop over rows."""
    acc = text(parts[0]).to_numpy(dtype=object)
    for p in parts[1:]:
        p = text(p).to_numpy(dtype=object)
        both = (acc != "") & (p != "")
        acc = np.where(acc == "", p, np.where(both, acc + sep + p, acc))
    return pd.Series(acc, dtype=object)


def insee_code(values) -> pd.Series:
    """Commune codes as 5-character text: '1033' (lost zero) -> '01033', '2a004' -> '2A004'."""
    s = text(values).str.upper()
    s = s.str.replace(r"\.0$", "", regex=True)
    four = s.str.fullmatch(r"\d{4}")
    return s.where(~four, "0" + s).astype(object)


def multi_values(values) -> pd.Series:
    """Multi-valued fields normalised to '|': JSON arrays, '|', ';', or the ', '-separated
    capitalised lists of the 2022 mediation exports."""
    s = pd.Series(values).reset_index(drop=True).astype(object)
    is_list = s.map(lambda v: isinstance(v, (list, tuple)))
    if is_list.any():
        s = s.where(~is_list, s[is_list].map(lambda v: "|".join(str(x).strip() for x in v if x is not None)))
    s = text(s)
    looks_json = s.str.startswith("[") & s.str.endswith("]")
    if looks_json.any():
        s = s.where(~looks_json, s[looks_json].map(_json_list))
    s = s.str.replace(r"\s*[;|]\s*", "|", regex=True)
    no_sep = ~s.str.contains("|", regex=False)
    s = s.where(~no_sep, s.str.replace(r",\s*(?=[A-ZÀ-ÖØ-Þ])", "|", regex=True))
    return s.str.strip("|").astype(object)


def _json_list(v: str) -> str:
    try:
        items = json.loads(v)
    except ValueError:
        return v
    return "|".join(str(x).strip() for x in items) if isinstance(items, list) else v


def _file_date(path) -> str:
    name = Path(path).name
    m = re.search(r"(20\d{2})[-_]?(\d{2})[-_]?(\d{2})", name)
    if m:
        return f"{m.group(1)}-{m.group(2)}-{m.group(3)}"
    m = re.search(r"(20\d{2})[-_](\d{2})(?!\d)", name)
    if m:
        return f"{m.group(1)}-{m.group(2)}"
    m = re.search(r"(?<!\d)(19|20)\d{2}(?!\d)", name)
    return m.group(0) if m else ""


def col(frame: pd.DataFrame, *names: str):
    """The first column of ``frame`` named like one of ``names`` (case-insensitive), or None."""
    lower = {str(c).strip().lower(): c for c in frame.columns}
    for n in names:
        if n.lower() in lower:
            return frame[lower[n.lower()]]
    return None


def csv_line_finder(path, fmt) -> Callable[[np.ndarray], np.ndarray]:
    """A function giving the 1-based source line of records (0-based record index).

    Quoted fields may hold line breaks (the France Services comments do), so the line of a
    record is found by re-reading the file with the csv module — only when rows are rejected.
    """
    def find(indices: np.ndarray) -> np.ndarray:
        indices = np.asarray(indices, dtype=np.int64)
        if len(indices) == 0:
            return indices
        wanted = set(indices.tolist())
        last = int(indices.max())
        found: dict[int, int] = {}
        with open_text(path, fmt.forced_encoding) as fh:    # decoded as the reader did
            for _ in range(fmt.skip_lines):
                fh.readline()
            reader = csv.reader(fh, delimiter=fmt.sep)
            next(reader, None)
            prev, i = reader.line_num, 0
            for row in reader:
                if row and any(cell.strip() for cell in row):   # pandas skips blank lines
                    if i in wanted:
                        found[i] = fmt.skip_lines + prev + 1
                    i += 1
                    if i > last:
                        break
                prev = reader.line_num
        fallback = fmt.header_line + 1 + indices
        return np.array([found.get(int(k), int(f)) for k, f in zip(indices, fallback)], dtype=np.int64)
    return find


# --------------------------------------------------------------------------------------------
# France Services (ANCT)

def read_france_services(path, epsg: int | None = None, feedback=None) -> ReadResult:
    """The ANCT list of France Services sites (CSV ``id_fs, lib_fs, ..., latitude, longitude``)."""
    fb = ensure(feedback)
    fmt = sniff(path, expect_any=("id_fs", "lib_fs"))
    columns.require(fmt.header, {"lib_fs": ("lib_fs",), "latitude": ("latitude",), "longitude": ("longitude",)},
                    path=path, line=fmt.header_line, what="France Services")
    df = read_table(path, fmt)
    fb.set_progress(50)
    report = ReadReport(str(path), "france_services", Provenance(
        source="France Services — liste des structures", producer="ANCT",
        vintage=_file_date(path), licence=LICENCE_OUVERTE, url=FRANCE_SERVICES_URL))
    report.rows_read = len(df)
    report.encoding = fmt.encoding
    columns.optional(fmt.header, {
        "id_fs": (("id_fs",), "repeated sites are found by name and position only"),
        "insee_com": (("insee_com",), "sites get their commune from their position only"),
        "adresse": (("adresse",), "the sites have no address"),
        "h_lundi": (("h_lundi",), "no opening hours")}, report, "France Services")
    if not len(df):
        raise InputDataError("no France Services site in the file", path=str(path),
                             hint="the file has a header but no rows: download it again")
    hours = pd.Series([""] * len(df), dtype=object).to_numpy(dtype=object)
    for column, day in _DAYS:
        v = col(df, column)
        if v is None:
            continue
        v = text(v).str.replace(r"\s*-\s*", "-", regex=True).str.replace(r"\s*/\s*", ",", regex=True)
        # "00:00 - 00:00" is a placeholder of the ANCT form (an empty slot), not a 24-hour opening
        v = v.str.replace(r"(?:^|,)00:00-00:00(?=,|$)", "", regex=True).str.strip(",")
        hours = hours + np.where(v.to_numpy(dtype=object) != "", day + " " + v.to_numpy(dtype=object) + "; ", "")
    fmt_fs = text(col(df, "format_fs"), len(df)).str.lower()
    frame = pd.DataFrame({
        "id": text(col(df, "id_fs"), len(df)),
        "name": text(col(df, "lib_fs")),
        "category": "france_services",
        "code_insee": insee_code(col(df, "insee_com")) if col(df, "insee_com") is not None else "",
        "address": join_text([text(col(df, "adresse"), len(df)), text(col(df, "complement_adresse"), len(df)),
                              join_text([text(col(df, "code_postal"), len(df)),
                                         text(col(df, "lib_com"), len(df))], " ")]),
        "opening_hours": pd.Series(hours, dtype=object).str.rstrip("; "),
        "source": "france_services",
        "mobile": (fmt_fs.str.contains("bus") | fmt_fs.str.contains("itin")).to_numpy(),
    })
    records = ("site " + frame["id"] + " " + frame["name"]).tolist()
    data = finish_points(frame, report, lon=col(df, "longitude"), lat=col(df, "latitude"), epsg=epsg,
                         lines=csv_line_finder(path, fmt), records=records, what="France Services site",
                         repeats=id_or_place(), repeat_key="id_fs, or name and position")
    fb.set_progress(100)
    return ReadResult(data, report)


# --------------------------------------------------------------------------------------------
# mediation places (national schema, LaMednum/standard-mediation-num)

def _load_json(path):
    try:
        return json.loads(read_text(path))      # a bad byte is named by its line and column
    except json.JSONDecodeError as exc:
        raise InputFormatError(f"invalid JSON ({exc.msg}, column {exc.colno})", path=str(path),
                               line=exc.lineno, hint="the file is damaged or truncated: download it again") from exc


_JSON_SPACE = re.compile(r"[ \t\n\r]*")


def json_record_offsets(text: str, key: str | None = None, stop: int | None = None) -> list[int]:
    """Character offset where each record of a JSON array starts: the root array, or the array
    under the root object's ``key`` (GeoJSON "features"); up to record ``stop``. Each record is
    skipped by the json module's own decoder (C speed), never parsed by hand."""
    dec = json.JSONDecoder()
    n = len(text)

    def space(i):
        return _JSON_SPACE.match(text, i).end()

    i = space(1 if text.startswith("\ufeff") else 0)
    try:
        if key is not None:
            if i >= n or text[i] != "{":
                return []
            i = space(i + 1)
            while i < n and text[i] != "}":
                name, i = dec.raw_decode(text, i)
                i = space(space(i) + 1)                   # the ':'
                if name == key:
                    break
                _, i = dec.raw_decode(text, i)
                i = space(i)
                if i < n and text[i] == ",":
                    i = space(i + 1)
            else:
                return []
        if i >= n or text[i] != "[":
            return []
        i = space(i + 1)
        offsets: list[int] = []
        while i < n and text[i] != "]":
            offsets.append(i)
            if stop is not None and len(offsets) > stop:
                break
            _, i = dec.raw_decode(text, i)
            i = space(i)
            if i < n and text[i] == ",":
                i = space(i + 1)
        return offsets
    except (json.JSONDecodeError, IndexError):   # the file was parsed before: not expected
        return []


def json_line_finder(path, key: str | None = None) -> Callable[[np.ndarray], np.ndarray]:
    """Like ``csv_line_finder`` for a JSON array of records (or GeoJSON features): the 1-based
    line where each record starts, found by re-reading the file only when rows are rejected.
    None where it cannot name the record: not found, or on a line shared with another record (a
    JSON written on one line) — the caller then names it "record N"."""
    def find(indices: np.ndarray) -> np.ndarray:
        indices = np.asarray(indices, dtype=np.int64)
        if len(indices) == 0:
            return np.empty(0, dtype=object)
        text = read_text(path)
        offsets = np.asarray(json_record_offsets(text, key, stop=int(indices.max()) + 1), dtype=np.int64)
        codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
        lines = np.searchsorted(np.flatnonzero(codes == 10), offsets, side="left") + 1
        shared = np.zeros(len(lines), bool)
        shared[1:] |= lines[1:] == lines[:-1]
        shared[:-1] |= lines[1:] == lines[:-1]
        return np.array([int(lines[i]) if i < len(lines) and not shared[i] else None for i in indices.tolist()],
                        dtype=object)
    return find


def _geojson_frame(obj, path) -> tuple[pd.DataFrame, np.ndarray, np.ndarray, int]:
    feats = obj.get("features") or []
    props = pd.DataFrame([f.get("properties") or {} for f in feats])
    gx = np.full(len(feats), np.nan)
    gy = np.full(len(feats), np.nan)
    for i, f in enumerate(feats):  # parsing JSON already costs a Python object per feature
        g = f.get("geometry") or {}
        if g.get("type") == "Point" and len(g.get("coordinates") or []) >= 2:
            gx[i], gy[i] = g["coordinates"][0], g["coordinates"][1]
    src = WGS84
    name = ((obj.get("crs") or {}).get("properties") or {}).get("name", "")
    m = re.search(r"EPSG::?(\d+)", str(name))
    if m and int(m.group(1)) != WGS84:
        src = int(m.group(1))
    return props, gx, gy, src


def read_mediation(path, epsg: int | None = None, feedback=None) -> ReadResult:
    """Mediation places in the national schema, as CSV, JSON (array) or GeoJSON."""
    fb = ensure(feedback)
    path = Path(path)
    kind = _json_kind(path)
    src = WGS84
    if kind in ("json", "geojson"):
        obj = _load_json(path)
        if kind == "geojson" or isinstance(obj, dict):
            if not isinstance(obj, dict) or obj.get("type") != "FeatureCollection":
                raise InputFormatError("a JSON object that is not a GeoJSON FeatureCollection",
                                       path=str(path), hint="give the mediation places as a JSON array, "
                                                            "a GeoJSON FeatureCollection or a CSV")
            df, gx, gy, src = _geojson_frame(obj, path)
            fmt_id = "mediation_geojson"
            lines = json_line_finder(path, "features")
        else:
            if not isinstance(obj, list) or (obj and not isinstance(obj[0], dict)):
                raise InputFormatError("the JSON is not an array of places", path=str(path),
                                       hint="is this a mediation-place export?")
            df = pd.DataFrame(obj)
            gx = gy = None
            fmt_id = "mediation_json"
            lines = json_line_finder(path)
        records = [f"record {i + 1}" for i in range(len(df))]
    else:
        fmt = sniff(path, expect_any=("nom",))
        df = read_table(path, fmt)
        gx = gy = None
        fmt_id = "mediation_csv"
        lines = csv_line_finder(path, fmt)
        records = None
    if len(df) == 0:
        raise InputDataError("no place in the file", path=str(path), hint="the file is empty: download it again")
    if col(df, "nom") is None:
        raise InputFormatError("missing column 'nom': not a mediation-place file; columns found: "
                               + ", ".join(map(str, list(df.columns)[:12])), path=str(path),
                               hint="choose a file in the national mediation-place schema, or force another format")
    lat_c, lon_c = col(df, "latitude"), col(df, "longitude")
    if gx is not None:
        lon_v, lat_v = gx.copy(), gy.copy()
        if lat_c is not None and src == WGS84:   # properties fill features without a geometry
            fill = ~np.isfinite(lon_v)
            lon_v[fill], lat_v[fill] = to_float(lon_c)[fill], to_float(lat_c)[fill]
    elif lat_c is None or lon_c is None:
        raise InputFormatError("no 'latitude'/'longitude' columns: the places cannot be located",
                               path=str(path), hint="geocode the addresses first (terridiag:geocode)")
    else:
        lon_v, lat_v = to_float(lon_c), to_float(lat_c)
    dates = text(col(df, "date_maj"), len(df)).str[:10]
    vintage = max([d for d in dates if d], default="") or _file_date(path)
    report = ReadReport(str(path), fmt_id, Provenance(
        source="Lieux de médiation numérique (schéma national)", producer="ANCT / La MedNum",
        vintage=vintage, licence=LICENCE_OUVERTE, url=MEDIATION_URL))
    report.rows_read = len(df)
    columns.optional(df.columns, {
        "id": (("id",), "repeated places are found by name and position only"),
        "adresse": (("adresse",), "the places have no address"),
        "horaires": (("horaires",), "no opening hours"),
        "date_maj": (("date_maj",), "the vintage is the file's date")}, report, "mediation place")
    n = len(df)
    itin = text(col(df, "itinerance"), n).str.lower()
    frame = pd.DataFrame({
        "id": text(col(df, "id"), n),
        "name": text(col(df, "nom")),
        "category": "mediation",
        "code_insee": insee_code(col(df, "code_insee")) if col(df, "code_insee") is not None else "",
        "address": join_text([text(col(df, "adresse"), n), text(col(df, "complement_adresse"), n),
                              join_text([text(col(df, "code_postal"), n), text(col(df, "commune"), n)], " ")]),
        "opening_hours": text(col(df, "horaires"), n),
        "services": multi_values(col(df, "services")) if col(df, "services") is not None else "",
        "source": "mediation",
        "mobile": itin.str.contains("itin").to_numpy(),
    })
    if records is not None:
        records = [f"{r} {nm}" for r, nm in zip(records, frame["name"])]
    fb.set_progress(60)
    if src != WGS84:
        data = finish_points(frame, report, x=lon_v, y=lat_v, src_epsg=src, epsg=epsg, lines=lines,
                             records=records, what="mediation place", repeats=id_or_place(),
                             repeat_key="id, or name and position")
    else:
        data = finish_points(frame, report, lon=lon_v, lat=lat_v, epsg=epsg, lines=lines,
                             records=records, what="mediation place", repeats=id_or_place(),
                             repeat_key="id, or name and position")
    fb.set_progress(100)
    return ReadResult(data, report)


def _json_kind(path: Path) -> str:
    """'geojson', 'json' or 'csv' from the extension, else from the first character."""
    suffix = path.suffix.lower()
    if suffix == ".geojson":
        return "geojson"
    if suffix == ".json":
        return "json"
    if suffix in (".csv", ".txt", ".gz"):
        return "csv"
    with open(path, "rb") as fh:
        head = fh.read(512).lstrip(b"\xef\xbb\xbf \r\n\t")
    return "json" if head[:1] in (b"[", b"{") else "csv"


# --------------------------------------------------------------------------------------------
# INSEE BPE

def read_bpe(path, typequ: list[str] | tuple[str, ...] | None = None, category_map: dict | None = None,
             epsg: int | None = None, feedback=None, chunksize: int = 200_000) -> ReadResult:
    """INSEE BPE rows of the given TYPEQU codes (default: those of ``category_map``).

    Old vintages give LAMBERT_X/LAMBERT_Y in the legal CRS of the commune; recent ones give
    LONGITUDE/LATITUDE and/or LAMBERT_X/LAMBERT_Y with an EPSG column per row. Streams the file.
    """
    fb = ensure(feedback)
    cmap = {str(k).upper(): v for k, v in (category_map or BPE_CATEGORY).items()}
    bad_cat = sorted({v for v in cmap.values() if v not in SERVICE_CATEGORIES})
    if bad_cat:
        raise ParameterError(f"unknown categories {bad_cat} in the TYPEQU map",
                             hint=f"use one of {', '.join(SERVICE_CATEGORIES)}")
    wanted = [str(t).strip().upper() for t in (typequ or list(cmap))]
    fmt = sniff(path, expect_any=("TYPEQU", "typequ"))
    header = {h.upper(): h for h in fmt.header}
    require_columns(fmt, [header.get("TYPEQU", "TYPEQU"), header.get("DEPCOM", "DEPCOM")], path, "INSEE BPE")
    has_geo = "LONGITUDE" in header and "LATITUDE" in header
    has_l93 = "LAMBERT_X" in header and "LAMBERT_Y" in header
    if not (has_geo or has_l93):
        raise InputFormatError("no coordinate columns (LAMBERT_X/LAMBERT_Y or LONGITUDE/LATITUDE) in the BPE file",
                               path=str(path), line=fmt.header_line,
                               hint="use the BPE 'ensemble des équipements' file with coordinates (xy)")
    optional = ("AN", "NOMRS", "CNOMRS", "NUMVOIE", "INDREP", "TYPVOIE", "LIBVOIE", "CADR", "CODPOS",
                "QUALITE_XY", "QUALITE_GEOLOC", "EPSG", "LONGITUDE", "LATITUDE", "LAMBERT_X", "LAMBERT_Y")
    usecols = [header[c] for c in ("TYPEQU", "DEPCOM") + optional if c in header]
    parts, positions = [], []
    size = max(Path(path).stat().st_size, 1)
    for start, chunk in iter_chunks(path, fmt, usecols=usecols, chunksize=chunksize):
        fb.check()
        chunk.columns = [str(c).upper() for c in chunk.columns]
        m = text(chunk["TYPEQU"]).str.upper().isin(wanted).to_numpy()
        parts.append(chunk.loc[m])
        positions.append(start - fmt.header_line - 1 + np.flatnonzero(m))
        fb.set_progress(min(80.0, 80.0 * (start * 100) / size))   # rough: ~100 bytes per row
    df = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=[u.upper() for u in usecols])
    pos = np.concatenate(positions) if positions else np.empty(0, np.int64)
    n_rows = (start - fmt.header_line - 1 + len(chunk)) if parts else 0
    an = text(df["AN"]) if "AN" in df else pd.Series([], dtype=object)
    vintage = (max([a for a in an if a], default="") if len(an) else "") or _file_date(path)
    report = ReadReport(str(path), "bpe", Provenance(
        source="Base permanente des équipements (BPE)", producer="INSEE", vintage=vintage,
        licence=LICENCE_OUVERTE, url=BPE_URL))
    report.rows_read = n_rows
    n = len(df)
    if n == 0:
        report.warnings.append(f"no equipment of types {', '.join(wanted)} in the file")
    depcom = insee_code(df["DEPCOM"]) if n else pd.Series([], dtype=object)
    # coordinates: lon/lat when given on the row, else x/y in the row's EPSG (or the commune's CRS)
    x = to_float(df["LAMBERT_X"]) if "LAMBERT_X" in df else np.full(n, np.nan)
    y = to_float(df["LAMBERT_Y"]) if "LAMBERT_Y" in df else np.full(n, np.nan)
    src = depcom.map(lambda c: legal_crs(c) if c else LAMBERT93).to_numpy(dtype=np.int64) if n else np.empty(0, np.int64)
    if "EPSG" in df:
        e = to_float(text(df["EPSG"]).str.extract(r"(\d{4,5})", expand=False))
        src = np.where(np.isfinite(e), e, src).astype(np.int64)
    if "LONGITUDE" in df:
        lon, lat = to_float(df["LONGITUDE"]), to_float(df["LATITUDE"])
        use_geo = np.isfinite(lon) & np.isfinite(lat)
        x, y = np.where(use_geo, lon, x), np.where(use_geo, lat, y)
        src = np.where(use_geo, WGS84, src)
    code = text(df["TYPEQU"]).str.upper() if n else pd.Series([], dtype=object)
    name = text(df["NOMRS"]) if "NOMRS" in df else pd.Series([""] * n, dtype=object)
    name = name.where(name != "", code.map(BPE_LABELS).fillna(code))
    street = join_text([text(df.get("NUMVOIE"), n), text(df.get("INDREP"), n), text(df.get("TYPVOIE"), n),
                        text(df.get("LIBVOIE"), n)], " ")
    frame = pd.DataFrame({
        "id": ("bpe:" + code + ":" + pd.Series(pos + 1, dtype=np.int64).astype(str)).astype(object),
        "name": name,
        "category": code.map(cmap).fillna("other").astype(object),
        "code_insee": depcom,
        "address": join_text([street, text(df.get("CADR"), n), text(df.get("CODPOS"), n)]),
        "services": code,
        "source": "bpe",
    })
    if "QUALITE_XY" in df:
        poor = text(df["QUALITE_XY"]).str.lower().str.startswith("mauvais")
        if poor.any():
            report.warnings.append(f"{int(poor.sum())} equipments have QUALITE_XY 'Mauvaise' (kept)")
    lines = (lambda idx: csv_line_finder(path, fmt)(pos[np.asarray(idx)])) if n else None
    data = finish_points(frame, report, x=x, y=y, src_epsg=src, epsg=epsg, lines=lines,
                         records=(code + " " + depcom).tolist(), what="equipment")
    fb.set_progress(100)
    return ReadResult(data, report)


# --------------------------------------------------------------------------------------------
# any point table with a mapping

MAPPING_KEYS = tuple(k for k in SERVICE_COLUMNS if k not in ("x", "y")) + ("lon", "lat", "x", "y")


def read_service_table(frame_or_path, mapping: dict, category: str = "other", epsg: int | None = None,
                       src_epsg: int | None = None, source: str = "table", feedback=None) -> ReadResult:
    """Any point table (DataFrame, GeoDataFrame, CSV, GeoPackage/GeoJSON/Shapefile) as services.

    ``mapping``: schema name -> source column, e.g. ``{"name": "NOM", "lon": "LON", "lat": "LAT"}``
    or ``{"x": "X", "y": "Y"}`` (then ``src_epsg``, default ``epsg`` or Lambert-93). A
    GeoDataFrame or a vector file needs no coordinate mapping. ``category`` is used for every row
    unless ``mapping["category"]`` names a column (unknown values become "other").
    """
    fb = ensure(feedback)
    bad = [k for k in mapping if k not in MAPPING_KEYS]
    if bad:
        raise ParameterError(f"unknown mapping keys {bad}", hint=f"use some of {', '.join(MAPPING_KEYS)}")
    if category not in SERVICE_CATEGORIES:
        raise ParameterError(f"unknown category {category!r}", hint=f"use one of {', '.join(SERVICE_CATEGORIES)}")
    path, lines, gx = None, None, None
    if isinstance(frame_or_path, pd.DataFrame):
        df = frame_or_path.copy()
        label = "table"
    else:
        path = Path(frame_or_path)
        label = str(path)
        if path.suffix.lower() in (".gpkg", ".shp", ".geojson", ".json", ".fgb", ".gml", ".kml"):
            import geopandas as gpd
            try:
                df = gpd.read_file(path)
            except Exception as exc:  # driver errors differ between fiona and pyogrio
                raise InputFormatError(f"cannot read this vector file ({exc})", path=str(path),
                                       hint="check it opens in QGIS") from exc
        else:
            fmt = sniff(path)
            df = read_table(path, fmt)
            lines = csv_line_finder(path, fmt)
    if hasattr(df, "geometry") and "geometry" in getattr(df, "columns", []) and not ({"x", "lon"} & set(mapping)):
        gdf = df
        if gdf.crs is None:
            raise InputDataError("the layer has no CRS", path=path and str(path),
                                 hint="set the layer CRS in QGIS, or give lon/lat or x/y columns")
        pts = gdf.geometry.representative_point()
        gx, gy = np.asarray(pts.x, float), np.asarray(pts.y, float)
        gsrc = gdf.crs.to_epsg() or LAMBERT93
    missing = [v for v in mapping.values() if v not in df.columns]
    if missing:
        raise InputFormatError(f"mapped column(s) {', '.join(map(str, missing))} not in the table; columns found: "
                               + ", ".join(map(str, list(df.columns)[:15])), path=path and str(path),
                               hint="fix the column mapping")
    n = len(df)
    if n == 0:
        raise InputDataError("the table has no rows", path=path and str(path), hint="choose another layer")
    report = ReadReport(label, "table", Provenance(source=f"point table ({source})", url=label,
                                                   vintage=_file_date(label) if path else ""))
    report.rows_read = n
    frame = pd.DataFrame({k: df[v].to_numpy() for k, v in mapping.items()
                          if k in SERVICE_COLUMNS and k not in ("x", "y")})
    if "category" in frame:
        cat = text(frame["category"]).str.lower()
        unknown = ~cat.isin(SERVICE_CATEGORIES)
        if unknown.any():
            report.warnings.append(f"{int(unknown.sum())} rows with an unknown category became 'other'")
        frame["category"] = cat.where(~unknown, "other")
    else:
        frame["category"] = category
    if "code_insee" in frame:
        frame["code_insee"] = insee_code(frame["code_insee"])
    if "mobile" in frame:
        frame["mobile"] = true_mask(frame["mobile"])
    frame["source"] = source
    records = None if lines is not None else [f"row {i + 1}" for i in range(n)]
    same = dict(repeats=id_or_place(), repeat_key=f"{mapping['id']}, or name and position" if "id" in mapping
                else "name and position")
    if "lon" in mapping and "lat" in mapping:
        data = finish_points(frame, report, lon=df[mapping["lon"]], lat=df[mapping["lat"]], epsg=epsg,
                             lines=lines, records=records, **same)
    elif "x" in mapping and "y" in mapping:
        data = finish_points(frame, report, x=df[mapping["x"]], y=df[mapping["y"]],
                             src_epsg=src_epsg or epsg or LAMBERT93, epsg=epsg, lines=lines, records=records, **same)
    elif gx is not None:
        data = finish_points(frame, report, x=gx, y=gy, src_epsg=gsrc, epsg=epsg, lines=lines, records=records,
                             **same)
    else:
        raise InputFormatError("no coordinates: map 'lon' and 'lat', or 'x' and 'y'", path=path and str(path),
                               hint="give the coordinate columns in the mapping")
    fb.set_progress(100)
    return ReadResult(data, report)


# --------------------------------------------------------------------------------------------
# detection and dispatch

def detect_service_format(path) -> str:
    """One of ``SERVICE_FORMATS`` (except "table") from the extension and the header."""
    path = Path(path)
    if not path.exists():
        raise InputDataError("file not found", path=str(path), hint="check the path")
    if path.name.lower().endswith((".osm", ".pbf", ".osm.xml")):
        return "osm"
    if path.stat().st_size == 0:
        raise InputDataError("the file is empty", path=str(path), hint="download it again")
    kind = _json_kind(path)
    if kind in ("json", "geojson"):
        with open(path, "rb") as fh:
            head = fh.read(20000).decode("utf-8", errors="replace")
        if re.search(r'"nom"\s*:', head) and re.search(r'"(date_maj|pivot|horaires|services)"\s*:', head):
            return "mediation"
        raise InputFormatError("a JSON file that is not in the mediation-place schema (no 'nom'/'date_maj' fields)",
                               path=str(path), hint="choose a mediation-place export, or a point layer with a mapping")
    fmt = sniff(path)
    cols = {h.lower() for h in fmt.header}
    if {"id_fs", "lib_fs"} & cols:
        return "france_services"
    if "typequ" in cols and "depcom" in cols:
        return "bpe"
    if "nom" in cols and cols & {"date_maj", "pivot", "horaires", "services"}:
        return "mediation"
    raise InputFormatError(
        "not a known service-place file (France Services, mediation places, INSEE BPE, OSM); columns found: "
        + ", ".join(fmt.header[:12]), path=str(path), line=fmt.header_line,
        hint="check the file, force the format, or import it as a point table with a column mapping")


def read_services(path, format: str | None = None, *, epsg: int | None = None, typequ=None,
                  category_map: dict | None = None, mapping: dict | None = None, category: str = "other",
                  feedback=None) -> ReadResult:
    """Read any supported service file; ``format`` forces one of ``SERVICE_FORMATS``."""
    if format is None:
        format = "table" if mapping else detect_service_format(path)
    if format == "france_services":
        return read_france_services(path, epsg=epsg, feedback=feedback)
    if format in ("mediation", "mediation_csv", "mediation_json", "mediation_geojson"):
        return read_mediation(path, epsg=epsg, feedback=feedback)
    if format == "bpe":
        return read_bpe(path, typequ=typequ, category_map=category_map, epsg=epsg, feedback=feedback)
    if format == "osm":
        from .osm import read_osm_services
        return read_osm_services(path, epsg=epsg, feedback=feedback)
    if format == "table":
        if not mapping:
            raise ParameterError("the 'table' format needs a column mapping",
                                 hint="give e.g. {'name': 'NOM', 'lon': 'LON', 'lat': 'LAT'}")
        return read_service_table(path, mapping, category=category, epsg=epsg, feedback=feedback)
    raise ParameterError(f"unknown service format {format!r}", hint=f"use one of {', '.join(SERVICE_FORMATS)}")
