"""Address readers: BAN per-département CSV, BAL 1.3 csv-bal, and any table with a column mapping.

All three go through one streaming engine (:func:`_read_file`): the file is read in chunks of
text columns (with pandas 3, fixed-width UTF-8 bytes factorized in numpy: no Python string per
cell), coordinates are parsed with vectorised numpy/pandas, lon/lat are projected with one
pyproj call per chunk, and kept rows are stored as compact columns (float arrays, categoricals for
the repetitive text) so that a 26 M-row national file never becomes 26 M rows of Python objects
beyond the address ids.

Coordinates: ``x``/``y`` are taken as published (the legal CRS of the territory, e.g. Lambert-93);
rows without them are projected from ``lon``/``lat``. A table holds one territory: rows whose
commune lies in another territory (another legal CRS, e.g. Guadeloupe in a national file) are
rejected and summarised, to be read again with ``epsg=`` of that territory.
"""
from __future__ import annotations

import gzip
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from .. import crs as crsmod
from ..errors import InputDataError, InputFormatError, ParameterError
from ..progress import ensure
from ..provenance import LICENCE_OUVERTE, MAX_LISTED_REJECTIONS, Provenance, ReadReport, ReadResult
from ..schema import ADDRESS_COLUMNS
from . import duplicates, textio
from .formats import ADDRESS_FORMATS

# Normalised name -> column of the published file. "rep", "lon", "lat" are auxiliary inputs.
BAN_MAPPING = {"id": "id", "numero": "numero", "rep": "rep", "nom_voie": "nom_voie",
               "code_postal": "code_postal", "code_insee": "code_insee", "nom_commune": "nom_commune",
               "x": "x", "y": "y", "lon": "lon", "lat": "lat"}
BAL_MAPPING = {"id": "cle_interop", "numero": "numero", "rep": "suffixe", "nom_voie": "voie_nom",
               "code_insee": "commune_insee", "nom_commune": "commune_nom",
               "x": "x", "y": "y", "lon": "long", "lat": "lat"}
MAPPING_KEYS = ("id", "numero", "rep", "nom_voie", "code_postal", "code_insee", "nom_commune",
                "x", "y", "lon", "lat")

# Header names that identify each format (all must be present).
_BAN_SIGNATURE = ("id", "numero", "nom_voie", "code_insee", "lon", "lat")
_BAL_SIGNATURE = ("cle_interop", "commune_insee", "voie_nom", "numero")
FORMATS = ADDRESS_FORMATS

# Text columns stored as categoricals (few distinct values per file); "id" stays plain text.
_CATEGORICAL = ("code_insee", "code_postal", "nom_commune", "numero", "nom_voie")

# Text columns read as fixed-width UTF-8 bytes where pandas can (textio.fixed_width_bytes), and
# the width asked for each, in bytes: a value that fills its width may have been cut, and the
# file is then read again with that column as text (see _Cut); BAN values are far shorter.
_BYTES_WIDTH = {"id": 64, "code_insee": 8, "code_postal": 8, "rep": 16, "nom_commune": 64, "nom_voie": 128}


class _Cut(Exception):
    """A bytes column holds a value as wide as the column: it may have been cut."""

    def __init__(self, column: str):
        super().__init__(column)
        self.column = column

BAN_URL = "https://adresse.data.gouv.fr/data/ban/adresses/latest/csv/"
BAL_URL = "https://adresse.data.gouv.fr/bases-locales"


def ban_provenance(path: str | Path | None = None, vintage: str = "") -> Provenance:
    name = Path(path).name if path else ""
    url = BAN_URL + name if re.fullmatch(r"adresses-[0-9a-zA-Z]+\.csv(\.gz)?", name) else BAN_URL
    return Provenance(source="BAN — Base Adresse Nationale", producer="IGN / DINUM",
                      vintage=vintage, licence=LICENCE_OUVERTE, url=url)


def bal_provenance(vintage: str = "") -> Provenance:
    return Provenance(source="BAL — Base Adresse Locale (csv-bal 1.3)", producer="commune",
                      vintage=vintage, licence=LICENCE_OUVERTE, url=BAL_URL)


# --------------------------------------------------------------------------------------------
# public readers
# --------------------------------------------------------------------------------------------

def detect_address_format(path: str | Path) -> str | None:
    """``"ban_csv"``, ``"bal_csv"`` or None, from the header of a (possibly gzipped) CSV."""
    fmt = textio.sniff(path)
    return _format_of_header(fmt.header)


def _format_of_header(header) -> str | None:
    names = set(header)
    if all(c in names for c in _BAL_SIGNATURE):
        return "bal_csv"
    if all(c in names for c in _BAN_SIGNATURE):
        return "ban_csv"
    return None


def read_addresses(path: str | Path, format: str | None = None, **kwargs) -> ReadResult:
    """Read a BAN or BAL file, detecting which from the header unless ``format`` forces one."""
    if format in (None, "", "auto"):
        fmt = textio.sniff(path)
        format = _format_of_header(fmt.header)
        if format is None:
            raise InputFormatError(
                "not a BAN or BAL address file; columns found: " + _columns_text(fmt.header),
                path=str(path), line=fmt.header_line,
                hint=_separator_hint(fmt) or "choose a BAN (adresses-XX.csv.gz) or BAL (csv-bal) "
                     "file, or import it as a table with a column mapping")
    if format == "ban_csv":
        return read_ban(path, **kwargs)
    if format == "bal_csv":
        return read_bal(path, **kwargs)
    raise ParameterError(f"unknown address format {format!r}", hint=f"use one of {', '.join(FORMATS)}")


def read_ban(path: str | Path, epsg: int | None = None, feedback=None, chunksize: int = 500_000,
             columns: tuple[str, ...] | None = None, cog=None, vintage: str = "") -> ReadResult:
    """Read a BAN per-département (or national) CSV, plain or .gz, ``;``-separated.

    ``epsg``: the territory to keep (its legal CRS); by default the territory of most rows of the
    first chunk. ``columns``: subset of the address schema to keep (x, y and code_insee are always
    kept). ``cog``: optional old→current code map (see ``cog.read_cog``) applied to code_insee.
    """
    spec = _Spec("ban_csv", BAN_MAPPING, ban_provenance(path, vintage), what="BAN address")
    return _read_file(path, spec, epsg=epsg, feedback=feedback, chunksize=chunksize,
                      columns=columns, cog=cog)


def read_bal(path: str | Path, epsg: int | None = None, feedback=None, chunksize: int = 500_000,
             columns: tuple[str, ...] | None = None, cog=None, vintage: str = "") -> ReadResult:
    """Read a BAL 1.3 csv-bal export (one row per address position; the first position of an
    address, by ``cle_interop``, is kept and the others are counted in the warnings)."""
    spec = _Spec("bal_csv", BAL_MAPPING, bal_provenance(vintage), what="BAL (csv-bal) address",
                 vintage_column="date_der_maj")
    return _read_file(path, spec, epsg=epsg, feedback=feedback, chunksize=chunksize,
                      columns=columns, cog=cog)


def read_address_table(path_or_frame, mapping: dict, crs: int | None = None, epsg: int | None = None,
                       feedback=None, chunksize: int = 500_000, columns: tuple[str, ...] | None = None,
                       cog=None, provenance: Provenance | None = None) -> ReadResult:
    """Any CSV file or DataFrame of address points, with a column mapping.

    ``mapping``: normalised name -> column, for the names in :data:`MAPPING_KEYS`; it needs
    ``code_insee`` and ``x``/``y`` or ``lon``/``lat``. ``crs``: EPSG of the ``x``/``y`` columns
    (None: the legal CRS of the territory; 4326: they are longitudes/latitudes).
    """
    unknown = [k for k in mapping if k not in MAPPING_KEYS]
    if unknown:
        raise ParameterError(f"unknown mapping key(s) {', '.join(unknown)}",
                             hint=f"use names among {', '.join(MAPPING_KEYS)}")
    mapping = {k: v for k, v in mapping.items() if v}
    if crs is not None and int(crs) == crsmod.WGS84:   # x/y given as degrees
        mapping = dict(mapping)
        for a, b in (("x", "lon"), ("y", "lat")):
            if a in mapping:
                mapping[b] = mapping.pop(a)
        crs = None
    if isinstance(path_or_frame, pd.DataFrame):
        label = str(path_or_frame.attrs.get("source", "<table>"))
        prov = provenance or Provenance(source="address table", url=label)
        spec = _Spec("address_table", mapping, prov, what="address", xy_crs=crs)
        return _read_frame(path_or_frame, spec, label, epsg=epsg, feedback=feedback,
                           columns=columns, cog=cog)
    prov = provenance or Provenance(source="address table", url=str(path_or_frame))
    spec = _Spec("address_table", mapping, prov, what="address", xy_crs=crs)
    return _read_file(path_or_frame, spec, epsg=epsg, feedback=feedback, chunksize=chunksize,
                      columns=columns, cog=cog)


# --------------------------------------------------------------------------------------------
# engine
# --------------------------------------------------------------------------------------------

@dataclass
class _Spec:
    fmt_id: str
    mapping: dict
    provenance: Provenance
    what: str
    xy_crs: int | None = None        # EPSG of x/y; None = legal CRS of the territory
    vintage_column: str | None = None


@dataclass
class _State:
    """What the engine accumulates across chunks."""

    keep: tuple
    epsg: int | None
    parts: dict = field(default_factory=dict)
    other_territories: dict = field(default_factory=dict)   # epsg -> rows
    vintage: str = ""
    codes_seen: pd.DataFrame | None = None   # raw code -> clean code, EPSG (cleaned once per file)
    categories: dict = field(default_factory=dict)   # column -> its labels so far (codes in parts)
    # per chunk: (first source line, rows, packed mask of kept rows or None when all kept, kept)
    chunks: list = field(default_factory=list)
    keys: list = field(default_factory=list)         # per chunk: 64-bit hash of each kept row's key
    usable: list = field(default_factory=list)       # per chunk: the kept rows that have a key
    key_kind: str = "row"                            # "id" when the file has address ids
    id_packed: np.ndarray | None = None              # this chunk's ids, packed once for key and column


def _columns_text(header) -> str:
    return ", ".join(header[:12]) + ("…" if len(header) > 12 else "")


def _separator_hint(fmt) -> str | None:
    if len(fmt.header) <= 1:
        return ("the header has a single column: the separator is not ';', ',', tab or '|' — "
                "re-save the file as a ';' CSV")
    return None


def _check_mapping(header, spec: _Spec, path, fmt=None) -> None:
    m = spec.mapping
    missing = [] if m.get("code_insee") in header else [m.get("code_insee", "code_insee")]
    has_xy = all(k in m and m[k] in header for k in ("x", "y"))
    has_ll = all(k in m and m[k] in header for k in ("lon", "lat"))
    if not (has_xy or has_ll):
        want = [m.get(k, k) for k in ("x", "y")] + ["or"] + [m.get(k, k) for k in ("lon", "lat")]
        missing.append(" ".join(want))
    if missing:
        hint = (_separator_hint(fmt) if fmt is not None else None) or (
            f"is this a {spec.what} file? choose the right file or give the column mapping")
        raise InputFormatError(
            f"missing column(s) {'; '.join(missing)} for a {spec.what} file; columns found: "
            f"{_columns_text(list(header))}",
            path=str(path), line=None if fmt is None else fmt.header_line, hint=hint)


def _read_file(path, spec: _Spec, epsg, feedback, chunksize, columns, cog) -> ReadResult:
    as_text = frozenset()
    while True:
        try:
            return _read_file_as(path, spec, epsg, feedback, chunksize, columns, cog, as_text)
        except _Cut as cut:
            # a value as wide as its bytes column may have been cut: read the file again with
            # that column as text (a file of unusually long values only)
            as_text |= {cut.column}


def _read_file_as(path, spec: _Spec, epsg, feedback, chunksize, columns, cog, as_text) -> ReadResult:
    """:func:`_read_file`, the columns of ``as_text`` read as text whatever their width."""
    fb = ensure(feedback)
    path = Path(path)
    fmt = textio.sniff(path)
    _check_mapping(fmt.header, spec, path, fmt)
    report = ReadReport(path=str(path), format=spec.fmt_id, provenance=spec.provenance)
    if spec.fmt_id in FORMATS:        # a published format: say what a missing optional column costs
        for key, consequence in (("id", "repeated addresses are found by number, street and position"),
                                 ("numero", "the addresses have no number"), ("nom_voie", "no street names"),
                                 ("code_postal", "no postcodes"), ("nom_commune", "no commune names")):
            name = spec.mapping.get(key)
            if name and name not in fmt.header:
                report.warnings.append(f"no column '{name}' in the {spec.what} file: {consequence}")
    usecols = [c for k, c in spec.mapping.items() if c in fmt.header]
    if spec.vintage_column and spec.vintage_column in fmt.header:
        usecols.append(spec.vintage_column)
    usecols = list(dict.fromkeys(usecols))
    state = _State(keep=_keep_columns(columns), epsg=None if epsg is None else int(epsg))
    total = _estimate_rows(path, fmt)
    # text columns as text; coordinates (and house numbers) left to the C parser's float inference (much faster
    # than text + to_numeric), a chunk with a non-number in them comes back as text and is
    # parsed row by row by _to_float
    coords = {spec.mapping.get(k) for k in ("x", "y", "lon", "lat", "numero")}
    dtype = {c: object for c in usecols if c not in coords}
    if textio.fixed_width_bytes():
        # where pandas can, the text columns come as fixed-width UTF-8 bytes, without a Python
        # string per cell (pandas 3: the parse takes 0.4 s per million BAN rows instead of 1 s);
        # only those whose every value is then decoded (a byte that is not UTF-8 is refused, as
        # the parser refuses it in a text column)
        decoded = {"id", "code_insee", *state.keep} | ({"rep"} if "numero" in state.keep else set())
        for key, width in _BYTES_WIDTH.items():
            name = spec.mapping.get(key)
            if key in decoded and name in dtype and name not in as_text:
                held = dtype[name].itemsize if isinstance(dtype[name], np.dtype) else 0
                dtype[name] = np.dtype(f"S{max(width, held)}")
    chunks = textio.iter_chunks(path, fmt, usecols=usecols, chunksize=chunksize, dtype=dtype)
    try:
        for start, chunk in chunks:
            fb.check()
            _process_chunk(chunk, start, spec, state, report)
            fb.set_progress(min(99.0, 100.0 * report.rows_read / max(total, 1)))
            del chunk                   # not kept alive (~300 MB of text) while the table is assembled
    except UnicodeDecodeError as exc:      # a bytes column's value is not UTF-8: say where
        raise textio.undecodable(exc, path, fmt) from exc
    finally:
        chunks.close()
    report.encoding = fmt.encoding
    return _finish(state, spec, report, str(path), cog, fb)


def _read_frame(frame: pd.DataFrame, spec: _Spec, label, epsg, feedback, columns, cog) -> ReadResult:
    fb = ensure(feedback)
    _check_mapping(list(frame.columns), spec, label)
    report = ReadReport(path=label, format=spec.fmt_id, provenance=spec.provenance)
    state = _State(keep=_keep_columns(columns), epsg=None if epsg is None else int(epsg))
    cols = list(dict.fromkeys(c for c in spec.mapping.values() if c in frame.columns))
    chunk = frame[cols].reset_index(drop=True)
    _process_chunk(chunk, None, spec, state, report)
    return _finish(state, spec, report, label, cog, fb)


def _keep_columns(columns) -> tuple:
    if columns is None:
        return tuple(ADDRESS_COLUMNS)
    bad = [c for c in columns if c not in ADDRESS_COLUMNS]
    if bad:
        raise ParameterError(f"unknown address column(s) {', '.join(bad)}",
                             hint=f"use names among {', '.join(ADDRESS_COLUMNS)}")
    wanted = set(columns) | {"code_insee", "x", "y"}
    return tuple(c for c in ADDRESS_COLUMNS if c in wanted)


def _estimate_rows(path: Path, fmt) -> int:
    """Rough row count for the progress bar (gzip: assume a 5× compression ratio)."""
    size = path.stat().st_size
    opener = gzip.open if fmt.compression == "gzip" else open
    try:
        with opener(path, "rb") as fh:
            head = fh.read(1 << 16)
    except (OSError, EOFError):
        return 1
    per_line = max(1.0, len(head) / max(1, head.count(b"\n")))
    return int(size * (5 if fmt.compression == "gzip" else 1) / per_line)


def _to_float(series: pd.Series | None, n: int) -> np.ndarray:
    """Text to float, vectorised; accepts a decimal comma; empty/invalid -> NaN."""
    if series is None:
        return np.full(n, np.nan)
    if pd.api.types.is_numeric_dtype(series.dtype) and not pd.api.types.is_bool_dtype(series.dtype):
        return series.to_numpy(dtype="float64", na_value=np.nan, copy=True)
    values = pd.to_numeric(series, errors="coerce")
    out = np.array(values, dtype="float64")        # a writable copy (pandas 3 copy-on-write)
    bad = np.isnan(out) & series.notna().to_numpy()
    if bad.any():
        fixed = pd.to_numeric(series[bad].astype(str).str.strip().str.replace(",", ".", regex=False),
                              errors="coerce")
        out[bad] = np.asarray(fixed, dtype="float64")
    return out


def _clean_codes_once(uniques, state: _State) -> tuple[np.ndarray, np.ndarray]:
    """:func:`_clean_codes` with a per-file memo: every chunk of a national file holds the same
    few thousand codes, so only those not met in an earlier chunk are cleaned."""
    raw = pd.Index(np.asarray(uniques, dtype=object), dtype=object)
    if len(raw) == 0:                 # a chunk without any code
        return np.array([""], dtype=object), np.zeros(1, np.int64)
    seen = state.codes_seen
    if seen is None:
        where = np.full(len(raw), -1, dtype=np.int64)
    else:
        where = seen.index.get_indexer(raw)
    new = where < 0
    if new.any():
        # the raw codes are distinct (factorized): the new ones go after those seen
        clean, epsg = _clean_codes(raw[new])
        fresh = pd.DataFrame({"clean": clean[:-1], "epsg": epsg[:-1]}, index=raw[new])
        where[new] = (0 if seen is None else len(seen)) + np.arange(int(new.sum()))
        seen = fresh if seen is None else pd.concat([seen, fresh])
        state.codes_seen = seen
    clean = np.append(seen["clean"].to_numpy(dtype=object)[where], "").astype(object)
    epsg = np.append(seen["epsg"].to_numpy(dtype=np.int64)[where], 0)
    return clean, epsg


def _clean_codes(uniques) -> tuple[np.ndarray, np.ndarray]:
    """Distinct raw codes -> (clean INSEE code or "", EPSG of its territory or 0), plus a last
    entry for missing values. Codes already clean (five characters of the pattern, the usual
    case) are recognised in numpy; the others take one plain Python pass (3× faster than a chain
    of pandas ``.str`` calls, each a pass of its own)."""
    n = len(uniques)
    clean = np.empty(n + 1, dtype=object)
    epsg = np.zeros(n + 1, dtype=np.int64)
    crs_of_dep = {}
    todo = range(n)
    values = np.asarray(uniques, dtype=object)
    if n and pd.api.types.infer_dtype(values, skipna=False) == "string":
        text = values.astype("U6")                     # one character more: longer codes show
        chars = text.view(np.uint32).reshape(n, 6)
        digit = (chars >= 48) & (chars <= 57)
        ready = (digit[:, 0] & (digit[:, 1] | (chars[:, 1] == 65) | (chars[:, 1] == 66))
                 & digit[:, 2:5].all(axis=1) & (np.fromiter(map(len, values), np.int64, n) == 5))
        if ready.any():
            # the département of each code: two characters, three overseas (97x)
            dep = np.where((chars[:, 0] == 57) & (chars[:, 1] == 55), text.astype("U3"), text.astype("U2"))
            deps, at = np.unique(dep[ready], return_inverse=True)
            for d in deps.tolist():
                crs_of_dep[d] = crsmod.legal_crs(d)
            clean[:n][ready] = values[ready]
            epsg[:n][ready] = np.array([crs_of_dep[d] for d in deps.tolist()], dtype=np.int64)[at]
            todo = np.flatnonzero(~ready).tolist()
    valid = _CODE.fullmatch
    for k in todo:
        s = str(values[k]).strip().upper()
        if s.endswith(".0"):                     # a code read as a number
            s = s[:-2]
        if len(s) == 4 and s.isdigit():          # "1001": the leading zero was eaten
            s = "0" + s
        if valid(s) is None:
            clean[k] = ""
            continue
        clean[k] = s
        dep = s[:3] if s.startswith("97") else s[:2]
        crs = crs_of_dep.get(dep)
        if crs is None:
            crs = crs_of_dep[dep] = crsmod.legal_crs(dep)
        epsg[k] = crs
    clean[n] = ""
    return clean, epsg


_CODE = re.compile(r"[0-9][0-9AB][0-9]{3}")


def _process_chunk(chunk: pd.DataFrame, start: int | None, spec: _Spec, state: _State,
                   report: ReadReport) -> None:
    m = spec.mapping
    n = len(chunk)
    if n == 0:
        return
    report.rows_read += n
    lines = None if start is None else np.arange(start, start + n)

    def col(key):
        name = m.get(key)
        return chunk[name] if name is not None and name in chunk.columns else None

    for name in chunk.columns:       # fixed-width bytes (see _BYTES_WIDTH): none may have been cut
        if chunk[name].dtype.kind == "S" and _fills_width(chunk[name].to_numpy()):
            raise _Cut(name)

    # commune codes: work on the distinct values only (a few hundred per chunk)
    raw_codes, uniques = _factorize(col("code_insee"))   # missing -> -1
    clean, cat_crs = _clean_codes_once(uniques, state)  # both end with the entry for "missing"
    crs_of_row = cat_crs[raw_codes]
    if state.epsg is None:
        valid = crs_of_row[crs_of_row > 0]
        state.epsg = int(np.bincount(valid).argmax()) if len(valid) else crsmod.LAMBERT93
    epsg = state.epsg

    x = _to_float(col("x"), n)
    y = _to_float(col("y"), n)
    if spec.xy_crs is not None and int(spec.xy_crs) != epsg:
        ok = np.isfinite(x) & np.isfinite(y)
        if ok.any():
            x[ok], y[ok] = crsmod.transformer(int(spec.xy_crs), epsg).transform(x[ok], y[ok])
    need = ~(np.isfinite(x) & np.isfinite(y))
    if need.any() and col("lon") is not None and col("lat") is not None:
        lon = _to_float(col("lon")[need], int(need.sum()))
        lat = _to_float(col("lat")[need], int(need.sum()))
        idx = np.flatnonzero(need)
        good = np.isfinite(lon) & np.isfinite(lat)
        lon0, lat0, lon1, lat1 = crsmod.wgs84_bbox(epsg)
        # outside the box in degrees: leave NaN+flag so the reason names the lon/lat
        inside = good & (lon >= lon0) & (lon <= lon1) & (lat >= lat0) & (lat <= lat1)
        if inside.any():
            px, py = crsmod.transformer(crsmod.WGS84, epsg).transform(lon[inside], lat[inside])
            x[idx[inside]] = px
            y[idx[inside]] = py
        far_ll = np.zeros(n, bool)
        far_ll[idx[good & ~inside]] = True
    else:
        far_ll = np.zeros(n, bool)

    no_code = (clean == "")[raw_codes]
    other = ~no_code & (crs_of_row != epsg)
    has_xy = np.isfinite(x) & np.isfinite(y)
    bx0, by0, bx1, by1 = crsmod.metric_bbox(epsg)
    far = (has_xy & ~((x >= bx0) & (x <= bx1) & (y >= by0) & (y <= by1))) | far_ll
    no_xy = ~has_xy & ~far
    bad_any = no_code | other | no_xy | far

    if bad_any.any():
        src_code = m.get("code_insee", "code_insee")
        code_text = np.append(np.array([str(u) for u in uniques], dtype=object), "")   # -1 -> ""

        def code_of(i):
            return code_text[raw_codes[i]].tolist()

        _reject(report, lines, no_code, f"no valid commune code in column '{src_code}'", code_of)
        for other_epsg in np.unique(crs_of_row[other & ~no_code]):
            sel = other & (crs_of_row == other_epsg)
            state.other_territories[int(other_epsg)] = \
                state.other_territories.get(int(other_epsg), 0) + int(sel.sum())
            _reject(report, lines, sel, f"commune outside the territory read (its CRS is "
                                        f"EPSG:{int(other_epsg)})", code_of)
        rest = ~no_code & ~other
        _reject(report, lines, rest & no_xy, "no coordinates (x/y or lon/lat empty or not numbers)")
        _reject(report, lines, rest & far & ~far_ll,
                f"coordinates outside the territory (EPSG:{epsg})",
                lambda i: [f"x={x[j]:.2f} y={y[j]:.2f}" for j in i])
        if far_ll.any():
            lon_s, lat_s = col("lon"), col("lat")
            _reject(report, lines, rest & far_ll, "lon/lat outside the territory",
                    lambda i: [f"lon={lon_s.iloc[j]} lat={lat_s.iloc[j]}" for j in i])

    keep = ~bad_any
    if spec.vintage_column and spec.vintage_column in chunk.columns:
        dates = chunk[spec.vintage_column].dropna()
        if len(dates):
            state.vintage = max(state.vintage, str(dates.max()))
    k = int(keep.sum())
    if k == 0:
        return
    report.rows_kept += k
    sel = slice(None) if k == n else keep       # no copy when every row is kept
    state.chunks.append((start, n, None if k == n else np.packbits(keep), k))
    _key_hashes(state, spec, col, sel, x, y, clean[raw_codes], k, n)
    parts = state.parts
    # copies, not views: a view would keep the whole chunk's float block alive until the end
    parts.setdefault("x", []).append(np.array(x[sel], dtype=np.float64, copy=True))
    parts.setdefault("y", []).append(np.array(y[sel], dtype=np.float64, copy=True))
    if "code_insee" in state.keep:
        codes, cats = pd.factorize(clean)     # the cleaned distinct codes, deduplicated
        _add_codes(state, "code_insee", codes[raw_codes[sel]], np.asarray(cats, dtype=object))
    for name in state.keep:
        if name in ("x", "y", "code_insee"):
            continue
        series = col(name)
        if series is None:
            if name in _CATEGORICAL:
                _add_codes(state, name, np.zeros(k, np.int8), np.array([""], dtype=object))
            else:
                parts.setdefault(name, []).append(np.zeros(k, dtype="S1"))
            continue
        kept = None if k == n else keep
        if name == "numero":
            _add_codes(state, name, *_numero_text(series, col("rep"), kept))
        elif name in _CATEGORICAL:
            _add_codes(state, name, *_categorical_text(series, kept))
        elif name == "id" and state.id_packed is not None:
            parts.setdefault(name, []).append(state.id_packed)
        else:
            parts.setdefault(name, []).append(
                _packed_bytes(series.to_numpy(), sel) if series.dtype.kind == "S"
                else _packed_text(series if k == n else series[keep]))
    state.id_packed = None


def _key_hashes(state: _State, spec: _Spec, col, sel, x, y, codes, k: int, n: int) -> None:
    """The key of each kept row, as a 64-bit hash: its id when the file has ids, else the whole
    address (commune, number, street, position to the centimetre) when it has numbers and
    streets; without either, two rows at one place may be two addresses: no key. Repeats are
    found at the end."""
    ids = col("id")
    if ids is not None:
        state.key_kind = "id"
        # the ids as packed bytes (kept for the id column): stripped and hashed in numpy, without
        # a Python string per row
        state.id_packed = (_packed_bytes(ids.to_numpy(), sel) if ids.dtype.kind == "S"
                           else _packed_text(ids if k == n else ids[sel]))
        text = _stripped_bytes(state.id_packed)
        state.usable.append(text.view(np.uint8)[::text.dtype.itemsize] != 0)
        state.keys.append(_bytes_hash(text))
        return
    if col("numero") is None or col("nom_voie") is None:
        state.usable.append(np.zeros(k, bool))
        state.keys.append(np.zeros(k, np.uint64))
        return
    parts = {"code": codes[sel], "x": np.round(x[sel], 2), "y": np.round(y[sel], 2)}
    for key in ("numero", "rep", "nom_voie"):
        series = col(key)
        if series is not None:
            if series.dtype.kind == "S":            # fixed-width bytes: as the text they are
                series = pd.Series(_DECODE(series.to_numpy()), dtype=object)
            values = (series if k == n else series[sel]).astype(object)
            parts[key] = values.where(values.notna(), "").astype(str).str.strip().to_numpy(dtype=object)
    state.usable.append(np.ones(k, bool))
    state.keys.append(pd.util.hash_pandas_object(pd.DataFrame(parts), index=False).to_numpy())


def _ends_in_space(b: np.ndarray) -> np.ndarray:
    """Bytes that may end a text ``str.strip`` shortens: ASCII whitespace, or any non-ASCII byte
    (the last byte of a UTF-8 character, a no-break space among others)."""
    return (b == 32) | ((b >= 9) & (b <= 13)) | ((b >= 28) & (b <= 31)) | (b >= 128)


def _stripped_bytes(packed: np.ndarray) -> np.ndarray:
    """Fixed-width UTF-8 bytes (:func:`_packed_text`) as ``str.strip`` would leave them: only the
    rows that start or end with a space (or a non-ASCII byte) are decoded and stripped."""
    n, w = len(packed), packed.dtype.itemsize
    if n == 0 or w == 0:
        return packed
    raw = packed.view(np.uint8).reshape(n, w)
    first = raw[:, 0]
    length = w - np.argmax(raw[:, ::-1] != 0, axis=1)     # up to the last byte that is not NUL
    last = raw[np.arange(n), length - 1]
    odd = np.flatnonzero((first != 0) & (_ends_in_space(first) | _ends_in_space(last)))
    if not len(odd):
        return packed
    out = packed.copy()
    out[odd] = [v.decode("utf-8", "surrogateescape").strip().encode("utf-8", "surrogateescape")
                for v in packed[odd].tolist()]
    return out


def _bytes_hash(text: np.ndarray) -> np.ndarray:
    """A 64-bit hash of each row of fixed-width bytes, 8 bytes at a time (MurmurHash3's final
    mixer after each word); the NUL padding does not count, so equal texts of chunks packed to
    different widths hash alike."""
    n, w = len(text), text.dtype.itemsize
    h = np.full(n, 0x243F6A8885A308D3, dtype=np.uint64)
    if n == 0 or w == 0:
        return h
    raw = text.view(np.uint8).reshape(n, w)
    pad = -w % 8
    if pad:
        raw = np.concatenate([raw, np.zeros((n, pad), np.uint8)], axis=1)
    words = raw.view("<u8")
    for j in range(words.shape[1]):
        word = words[:, j]
        m = h ^ word
        m ^= m >> np.uint64(33)
        m *= np.uint64(0xFF51AFD7ED558CCD)
        m ^= m >> np.uint64(33)
        m *= np.uint64(0xC4CEB9FE1A85EC53)
        m ^= m >> np.uint64(33)
        # a word of padding only (texts hold no NUL): the hash goes on unchanged
        h = np.where(word != 0, m, h)
    return h


_DECODE = np.frompyfunc(bytes.decode, 1, 1)       # UTF-8


# up to this many keys, repeats are found with a hash table; beyond, by sorting the hashes
# (lighter than a hash table for a 26 M-row national file)
HASHED_KEYS_MAX = 4_000_000


def _repeated_keys(state: _State) -> tuple[np.ndarray, np.ndarray]:
    """Positions (among kept rows) repeating an earlier kept row's key, and the row each repeats."""
    if not state.keys:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    h = np.concatenate(state.keys)
    usable = np.concatenate(state.usable)
    state.keys, state.usable = [], []
    if usable.all():                # the usual case: no gather
        idx, hs = np.arange(len(h)), h
    else:
        idx = np.flatnonzero(usable)
        hs = h[idx]
    del h, usable
    if len(hs) <= HASHED_KEYS_MAX:
        # a hash table numbers the keys in order of first appearance: a row is a key's first
        # when its number is above every earlier row's (no sort at all)
        num = pd.factorize(hs)[0]
        first = np.empty(len(num), bool)
        first[:1] = True
        np.greater(num[1:], np.maximum.accumulate(num)[:-1], out=first[1:])
        if first.all():
            return np.empty(0, np.int64), np.empty(0, np.int64)
        later = np.flatnonzero(~first)
        return idx[later], idx[np.flatnonzero(first)[num[later]]]
    # not a stable sort (2-4x slower): keys are nearly all distinct, and the few rows of equal
    # keys are put in row order afterwards (the earliest row of equal keys first)
    order = np.argsort(hs)
    hs = hs[order]
    starts = np.empty(len(hs), bool)
    starts[:1] = True
    np.not_equal(hs[1:], hs[:-1], out=starts[1:])
    if starts.all():
        return np.empty(0, np.int64), np.empty(0, np.int64)
    tied = ~starts                                   # rows of a run of equal keys, its first included
    tied[:-1] |= ~starts[1:]
    at = np.flatnonzero(tied)
    order[at] = order[at][np.lexsort((order[at], hs[at]))]
    del hs
    run = np.cumsum(starts) - 1
    first_sorted = np.flatnonzero(starts)
    dup_sorted = np.flatnonzero(~starts)
    positions = idx[order[dup_sorted]]
    firsts = idx[order[first_sorted[run[dup_sorted]]]]
    o = np.argsort(positions, kind="stable")
    return positions[o], firsts[o]


def _source_lines(state: _State, positions: np.ndarray):
    """Source lines of kept rows (positions in the kept table), as an integer array, in numpy (a
    national file may repeat millions of rows); a list of None without lines (a layer)."""
    if not state.chunks or state.chunks[0][0] is None:
        return [None] * len(positions)
    positions = np.asarray(positions, np.int64)
    starts = np.array([c[0] for c in state.chunks], dtype=np.int64)
    sizes = np.array([c[3] for c in state.chunks], dtype=np.int64)
    kept = np.cumsum(sizes)
    out = np.empty(len(positions), dtype=np.int64)
    kept_lines = {}                                  # chunks with rows left out: their kept rows' lines
    for at in range(0, len(positions), 1 << 22):     # by slices: the temporaries stay small
        pos = positions[at:at + (1 << 22)]
        chunk = np.searchsorted(kept, pos, side="right")
        offset = pos - (kept - sizes)[chunk]
        lines = out[at:at + len(pos)]
        np.add(starts[chunk], offset, out=lines)     # chunks where every row was kept
        for c in np.flatnonzero(np.bincount(chunk, minlength=len(sizes))).tolist():   # chunks met
            start, n, packed, _k = state.chunks[c]
            if packed is not None:
                if c not in kept_lines:
                    kept_lines[c] = start + np.flatnonzero(np.unpackbits(packed)[:n])
                sel = np.flatnonzero(chunk == c)
                lines[sel] = kept_lines[c][offset[sel]]
    return out


def _numero_text(numero: pd.Series, rep: pd.Series | None, keep=None) -> tuple[np.ndarray, np.ndarray]:
    """The house number column (of the ``keep`` rows) as (codes, distinct labels), its suffix
    joined: 12 + "bis" -> "12 bis" (BAN rep / BAL suffixe), "" for missing; the labels in order
    of first appearance. Built on the distinct numbers and suffixes (a few hundred), not row by row."""
    num_codes, num_uniques = _factorize(numero, keep)               # missing -> -1
    if rep is None:
        return _labels(num_codes, num_uniques)
    rep_codes, rep_uniques = _factorize(rep, keep)
    rep_text = [str(u) for u in rep_uniques]
    # a suffix: present and not empty (missing: -1)
    real = np.append(np.array([t != "" for t in rep_text], bool), False)
    has_rep = real[rep_codes]
    if not has_rep.any():
        return _labels(num_codes, num_uniques)
    # one key per distinct (number, suffix); a number without suffix keeps its number's key;
    # a missing number without suffix stays missing
    width = len(num_uniques) + 1
    key = np.where(has_rep, width * (rep_codes.astype(np.int64) + 1) + num_codes + 1,
                   np.where(num_codes >= 0, num_codes + 1, -1))
    valid = key >= 0
    codes = np.full(len(key), -1, dtype=np.int64)
    codes[valid], keys = pd.factorize(key[valid])
    values = np.empty(len(keys), dtype=object)
    num_of, rep_of = keys % width - 1, keys // width - 1          # rep_of -1: no suffix
    for j, (nc, rc) in enumerate(zip(num_of.tolist(), rep_of.tolist())):
        number = num_uniques[nc] if nc >= 0 else np.nan
        values[j] = number if rc < 0 else _label(number).strip() + " " + rep_text[rc].strip()
    merged, values = pd.factorize(values)        # " 5" + "bis" and "5" + "bis": one "5 bis"
    return _labels(np.where(codes >= 0, merged[codes], -1), values)


def _label(value) -> str:
    """Text of a cell; 12.0 (an integer column with blanks, read as floats) -> "12"."""
    if isinstance(value, float):
        return "" if value != value else (str(int(value)) if value.is_integer() else str(value))
    return str(value)


def _categorical_text(series: pd.Series, keep=None) -> tuple[np.ndarray, np.ndarray]:
    """A text column (its ``keep`` rows) as (codes, distinct labels) with "" for missing, hashing
    each row only once."""
    return _labels(*_factorize(series, keep))


def _labels(codes: np.ndarray, uniques) -> tuple[np.ndarray, np.ndarray]:
    """Factorized values (missing: -1) as (codes, distinct text labels), "" for missing; labels in
    order of first appearance, "" last unless a value reads as "" itself."""
    uniques = np.asarray(uniques, dtype=object)
    if pd.api.types.infer_dtype(uniques, skipna=False) == "string" and not (uniques == "").any():
        # all distinct text already (the parser's usual answer; one C pass instead of a Python
        # test per label): "" for missing goes last
        return np.where(codes < 0, len(uniques), codes), np.append(uniques, "").astype(object)
    floats = np.fromiter((isinstance(u, float) for u in uniques), bool, len(uniques))
    if floats.any():          # numbers read as floats: 12.0 -> "12"
        uniques[floats] = [_label(u) for u in uniques[floats]]
    labels = np.append(uniques.astype(str), "").astype(object)
    lab_codes, lab_uniques = pd.factorize(labels)          # 1 and "1" would collide
    return lab_codes[codes], np.asarray(lab_uniques, dtype=object)


def _add_codes(state: _State, name: str, codes: np.ndarray, labels: np.ndarray) -> None:
    """Store a chunk of a categorical column as codes into the file-wide labels of that column
    (grown as new values appear): joining the chunks is then a plain concatenation of integers."""
    cats = state.categories.get(name)
    if cats is None:
        state.categories[name] = pd.Index(labels, dtype=object)
    else:
        where = cats.get_indexer(labels)
        new = where < 0
        if new.any():           # a chunk's labels are distinct: the new ones go at the end
            where[new] = len(cats) + np.arange(int(new.sum()))
            cats = cats.append(pd.Index(labels[new], dtype=object))
            state.categories[name] = cats
        codes = where[codes]
    state.parts.setdefault(name, []).append(np.asarray(codes, dtype=np.int32))


def _reject(report: ReadReport, lines, mask: np.ndarray, reason: str, values=None) -> None:
    if not mask.any():
        return
    idx = np.flatnonzero(mask)
    row_lines = [None] * len(idx) if lines is None else lines[idx]
    vals = None
    if values is not None:
        head = idx[:MAX_LISTED_REJECTIONS]   # only listed rejections need their value as text
        if callable(values):
            vals = values(head)
        else:
            vals = ["" if v is None or v != v else str(v)
                    for v in values.iloc[head].astype(object).tolist()]
        vals += [""] * (len(idx) - len(head))
    report.reject_many(row_lines, reason, vals)


def _factorize(series: pd.Series, keep=None) -> tuple[np.ndarray, np.ndarray]:
    """``pd.factorize`` of the ``keep`` rows (a mask; None: all), missing -> -1, uniques in order of
    first appearance; also for a column of fixed-width bytes (see _BYTES_WIDTH): its values
    decoded from UTF-8, b"" missing as the parser's NA is. Every row of a bytes column is decoded,
    the rows left out too (a byte that is not UTF-8 is refused wherever it is, as the parser does)."""
    if series.dtype.kind != "S":
        return pd.factorize(series if keep is None else series[keep])
    values = series.to_numpy()
    codes, first = _factorize_bytes(values)
    # every distinct value decoded, UTF-8 strictly (a bad byte is located in the file by the caller)
    uniques = np.array([v.decode("utf-8") for v in values[first].tolist()], dtype=object)
    empty = uniques == ""                  # b"": a value read as empty, missing as the parser's NA
    if empty.any():
        number = np.cumsum(~empty) - 1
        number[empty] = -1
        codes, uniques = number[codes], uniques[~empty]
    if keep is None:
        return codes, uniques
    codes = codes[keep]                    # the kept rows only, numbered again in their order
    valid = codes >= 0
    out = np.full(len(codes), -1, dtype=np.int64)
    out[valid], used = pd.factorize(codes[valid])
    return out, uniques[used]


# odd 64-bit multipliers of the hash of fixed-width bytes (one per 8-byte word)
_WORD_MULTIPLIERS = (np.random.default_rng(0x7E44D1A6).integers(1, 2**63, 64, dtype=np.uint64)
                     | np.uint64(1))


def _fills_width(values: np.ndarray) -> bool:
    """Whether a value of a fixed-width bytes column fills its width (it may have been cut)."""
    n, w = len(values), values.dtype.itemsize
    return bool(n and w and values.view(np.uint8).reshape(n, w)[:, w - 1].any())


def _used_words(values: np.ndarray) -> np.ndarray:
    """The fixed-width bytes as 8-byte words, (rows, words), without the words that are padding
    in every row (texts hold no NUL: a row's bytes after its text are all NUL)."""
    n, w = len(values), values.dtype.itemsize
    if w % 8:
        values = values.astype(f"S{w + (-w % 8)}")
    words = values.view("<u8").reshape(n, -1)
    seen = np.flatnonzero(np.bitwise_or.reduce(words, axis=0)) if n else []
    return words[:, :(int(seen[-1]) + 1 if len(seen) else 0)]


def _factorize_bytes(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Fixed-width bytes -> (codes in order of first appearance, first row of each code), in
    numpy and pandas' integer hash table, without a Python object per row. Texts of up to 8
    bytes are their own key; longer ones are hashed and the rows then compared with the first
    row of their code, so that two texts of one hash are never merged (exact)."""
    n = len(values)
    words = _used_words(values)
    if words.shape[1] == 0:                            # all empty
        return np.zeros(n, dtype=np.int64), np.zeros(min(n, 1), dtype=np.int64)
    if words.shape[1] == 1:
        key = words[:, 0]
    else:
        key = words[:, 0] * _WORD_MULTIPLIERS[0]
        for j in range(1, words.shape[1]):
            key += words[:, j] * _WORD_MULTIPLIERS[j % len(_WORD_MULTIPLIERS)]
        key ^= key >> np.uint64(31)
    codes, _ = pd.factorize(key)
    first = _first_rows(codes)
    if words.shape[1] > 1 and not (words == words[first][codes]).all():
        codes, _ = pd.factorize(values.astype(object))   # two texts of one hash (never seen)
        first = _first_rows(codes)
    return codes.astype(np.int64, copy=False), first


def _first_rows(codes: np.ndarray) -> np.ndarray:
    """The first row of each code, codes numbered in order of first appearance (pd.factorize):
    a row is its code's first when its code is above every earlier row's."""
    first = np.empty(len(codes), bool)
    first[:1] = True
    np.greater(codes[1:], np.maximum.accumulate(codes)[:-1], out=first[1:])
    return np.flatnonzero(first)


def _packed_bytes(values: np.ndarray, sel=slice(None)) -> np.ndarray:
    """The ``sel`` rows of a fixed-width bytes column at the width of their longest value (what
    :func:`_packed_text` makes of text); every row is checked to be UTF-8 (those with a byte above
    127 are decoded), the rows left out too, as the parser does."""
    words = _used_words(values)
    high = np.flatnonzero((words & np.uint64(0x8080808080808080)).any(axis=1)) if words.size else []
    for v in values[high].tolist():
        v.decode("utf-8")                  # raises UnicodeDecodeError, located by the caller
    if not (isinstance(sel, slice) and sel == slice(None)):
        values = values[sel]
        words = _used_words(values)
    n, w = len(values), values.dtype.itemsize
    if not n or not words.shape[1]:
        return np.zeros(n, dtype="S1")
    used = np.bitwise_or.reduce(words[:, -1]).tobytes().rstrip(b"\0")
    return values.astype(f"S{8 * (words.shape[1] - 1) + max(1, len(used))}")


def _packed_text(series: pd.Series) -> np.ndarray:
    """A text column as UTF-8 bytes in one fixed-width numpy block, until the end of the file.
    Keeping the parser's string objects instead would pin 26 M small objects (national file)
    interleaved with the freed ones of every other column: a fragmented heap, ~1.5 GB more."""
    values = series.fillna("").to_numpy(dtype=object)
    try:
        return values.astype("S")                      # ASCII, the usual case for identifiers
    except UnicodeEncodeError:
        return np.array([str(v).encode("utf-8") for v in values], dtype="S")


def _unpacked_text(parts: list, keep: np.ndarray | None = None) -> np.ndarray:
    """The packed chunks back as one array of Python strings, each chunk freed once converted;
    only the ``keep`` rows (a mask over all the chunks' rows; None: all) are decoded."""
    out = np.empty(sum(len(p) for p in parts) if keep is None else int(np.count_nonzero(keep)), dtype=object)
    start = at = 0
    while parts:
        part = parts.pop(0)
        size = len(part)
        if keep is not None:
            part = part[keep[start:start + size]]
        # one str per row straight from the bytes (UTF-8), without the fixed-width UCS-4 copy
        # that astype("U") makes first: 2× faster
        out[at:at + len(part)] = _DECODE(part)
        start += size
        at += len(part)
        del part
    return out


@lru_cache(maxsize=1)
def _malloc_trim():
    try:
        import ctypes
        return ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):
        return None                 # not glibc: nothing to do


def _release_freed_memory() -> None:
    """Give the C heap's freed pages back to the system (glibc keeps them otherwise, and the
    numpy chunks freed while the table is assembled would still count in the process's memory)."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


def _concat(parts: list, categories: pd.Index | None = None, drop_unused: bool = False):
    """Numeric chunks joined; with ``categories``, as a Categorical (text: :func:`_unpacked_text`)."""
    joined = np.concatenate(parts)
    if categories is None:
        return joined
    if drop_unused:         # by a lookup table: remove_unused_categories sorts every row (26 M)
        used = np.bincount(joined, minlength=len(categories)) > 0
        if not used.all():
            joined = (np.cumsum(used) - 1).astype(joined.dtype)[joined]
            categories = categories[used]
    return pd.Categorical.from_codes(joined, categories=categories)


def _finish(state: _State, spec: _Spec, report: ReadReport, label: str, cog, fb) -> ReadResult:
    epsg = state.epsg or crsmod.LAMBERT93
    report.crs = f"EPSG:{epsg}"
    if state.vintage and not report.provenance.vintage:
        report.provenance.vintage = state.vintage[:10]
    for other_epsg, count in sorted(state.other_territories.items()):
        report.warnings.append(
            f"{count} rows of communes in another territory (EPSG:{other_epsg}) were left out: "
            f"read the file again with epsg={other_epsg} to get them")
    if report.rows_read == 0:
        raise InputDataError(f"no {spec.what} rows after the header", path=label,
                             hint="the file has a header but no data: download it again")
    if report.rows_kept == 0:
        first = "; ".join(report.rejection_summary(3))
        raise InputDataError(
            f"none of the {report.rows_read} rows can be used ({first})", path=label,
            hint="check that the file is the right one and that its coordinates are in France "
                 "(x/y in the legal CRS, or lon/lat in degrees)")
    # one column at a time, each added as its own block and its chunks dropped as soon as it is
    # joined: the peak is the table plus one column. (Building the frame from a dict of columns
    # would copy the numeric ones into one block, +0.9 GB at the peak for a 26 M-row national file.)
    positions, firsts = _repeated_keys(state)
    keep = None
    if len(positions):
        key = spec.mapping["id"] if state.key_kind == "id" else "commune, number, street and position"
        duplicates.merge(report, positions, firsts, what="address", key=key,
                         line_of=lambda p: _source_lines(state, p),
                         records=None)
        report.rows_kept -= len(positions)
        keep = duplicates.keep_mask(report.rows_kept + len(positions), positions)
    frame = None
    _release_freed_memory()         # the chunks' text, freed by now
    for name in state.keep:
        parts = state.parts.pop(name)
        if parts and parts[0].dtype.kind == "S":      # text (ids): the repeats are never decoded
            column = _unpacked_text(parts, keep)
        else:
            column = _concat(parts, state.categories.get(name), drop_unused=name == "code_insee")
            if keep is not None:
                column = column[keep]
        del parts
        if frame is None:
            frame = pd.DataFrame(index=pd.RangeIndex(len(column)))
        frame[name] = column
        del column
        _release_freed_memory()
    if cog is not None:
        from .cog import harmonise
        frame = harmonise(frame, cog, report=report)
    frame.attrs["crs"] = epsg
    fb.set_progress(100.0)
    return ReadResult(frame, report)
