"""Point tables: the small vectorised value helpers of the readers and their shared last step,
:func:`finish_points` — coordinates to the target CRS, rows outside France or without
coordinates rejected with their source lines, repeats merged, schema types applied.

A file whose points lie in several French territories is kept whole: in EPSG:4326 (longitude /
latitude) unless a CRS is asked; :func:`by_territory` then gives one table per territory in its
legal CRS (``crs.TERRITORIES``).
"""
from __future__ import annotations

from typing import Callable

import numpy as np
import pandas as pd

from .. import crs as crsmod
from ..crs import LAMBERT93, WGS84
from ..provenance import ReadReport
from ..schema import SERVICE_COLUMNS


def text(values, n: int | None = None) -> pd.Series:
    """An object Series of str, "" for missing (pandas 1.5 and 3 alike)."""
    if values is None:
        return pd.Series([""] * (n or 0), dtype=object)
    s = pd.Series(values).reset_index(drop=True)
    s = s.astype(object).where(s.notna(), "")
    return s.map(str).str.strip().astype(object) if len(s) else s.astype(object)


def to_float(values) -> np.ndarray:
    """Numbers written with '.' or ',' decimals; NaN for anything else."""
    s = pd.Series(values).reset_index(drop=True)
    if s.dtype.kind in "if":
        return s.to_numpy(dtype=float)
    # thousands separators: spaces, no-break spaces (the ARCEP observatory writes "27 420")
    s = text(s).str.replace(r"[\s\u00a0\u202f]", "", regex=True).str.replace(",", ".", regex=False)
    return pd.to_numeric(s, errors="coerce").to_numpy(dtype=float)


def _plural(what: str) -> str:
    return what if what.endswith("s") else what + "s"


def _territory_counts(keys: np.ndarray) -> str:
    """"France métropolitaine 2,726, Guadeloupe 31" (largest first)."""
    vals, cnt = np.unique(keys.astype(str), return_counts=True)
    order = np.argsort(-cnt, kind="stable")
    return ", ".join(f"{crsmod.BY_KEY[vals[i]].name} {int(cnt[i]):,}" for i in order if vals[i])


def target_crs(keys: np.ndarray, epsg: int | None, codes=None) -> tuple[int, list[str]]:
    """The CRS a point table is written in and the territories it keeps.

    ``epsg`` None: the legal CRS of the territories the points lie in (of their commune codes when
    no point is located), EPSG:4326 when those territories have different legal CRSs. EPSG:4326
    keeps every territory; a legal CRS keeps its territories; another projected CRS keeps the
    territories of the main legal CRS of the points."""
    present = [k for k in dict.fromkeys(keys.tolist()) if k]
    if epsg is None:
        epsgs = {crsmod.BY_KEY[k].epsg for k in present}
        if len(epsgs) > 1:
            return WGS84, present
        epsg = epsgs.pop() if epsgs else crsmod.infer_epsg(codes)
    epsg = int(epsg)
    if epsg == WGS84:
        return epsg, [t.key for t in crsmod.TERRITORIES]
    legal = epsg if epsg in crsmod.LEGAL_EPSGS else (crsmod.main_legal_crs(keys) or crsmod.infer_epsg(codes))
    return epsg, [t.key for t in crsmod.TERRITORIES if t.epsg == legal]


def finish_points(frame: pd.DataFrame, report: ReadReport, *, columns: dict = SERVICE_COLUMNS,
                  lon=None, lat=None, x=None, y=None, src_epsg=None, epsg: int | None = None,
                  lines: Callable | np.ndarray | None = None, records: list[str] | None = None,
                  what: str = "place", repeats: Callable | None = None, repeat_key: str = "",
                  repeat_any: tuple[str, ...] = ()) -> pd.DataFrame:
    """Coordinates -> the target CRS, reject rows without usable coordinates, apply the schema.

    Give ``lon``/``lat`` (WGS84) or ``x``/``y`` with ``src_epsg`` (an EPSG int or one per row).
    ``lines`` maps row positions to source lines (array or function, see ``csv_line_finder``);
    without it, ``records`` names the rows in rejections (e.g. "record 12").
    The target CRS is ``epsg``, else chosen by :func:`target_crs` (EPSG:4326 when the points lie
    in territories with different legal CRSs: nothing French is left out). Rows outside France
    are rejected; with a projected ``epsg``, rows in a territory of another CRS too, the reason
    saying how to keep them. The output's ``attrs`` hold ``crs`` and ``territories`` (territory
    key -> rows kept).
    ``repeats(frame, x, y)`` gives each row's key ("" for none): a kept row repeating an earlier
    one's key is merged into it (columns ``repeat_any`` OR-ed into the first) and reported with its
    line, ``repeat_key`` naming the key.
    """
    n = len(frame)
    frame = frame.reset_index(drop=True)
    if lon is not None:
        a, b = to_float(lon), to_float(lat)
        src = np.full(n, WGS84)
    else:
        a, b = to_float(x), to_float(y)
        src = np.broadcast_to(np.asarray(src_epsg if src_epsg is not None else LAMBERT93), (n,)).astype(np.int64)
    missing = ~(np.isfinite(a) & np.isfinite(b)) | ((a == 0) & (b == 0))
    # lon/lat of every row, group by source CRS
    glon, glat = np.full(n, np.nan), np.full(n, np.nan)
    for s in np.unique(src[~missing]) if n else []:
        m = (src == s) & ~missing
        glon[m], glat[m] = crsmod.transform(a[m], b[m], int(s), WGS84)
    keys = crsmod.territories_of_lonlat(glon, glat)
    epsg, kept_keys = target_crs(keys, epsg, frame["code_insee"] if "code_insee" in frame else None)
    reasons = np.full(n, "", dtype=object)
    reasons[missing] = "no coordinates"
    out_fr = ~missing & (keys == "")
    reasons[out_fr] = "coordinates outside France"
    other = ~missing & ~out_fr & ~np.isin(keys, kept_keys)
    if other.any():
        for key in dict.fromkeys(keys[other].tolist()):
            reasons[other & (keys == key)] = (
                f"coordinates in {crsmod.BY_KEY[key].name}, outside the territory of {crsmod.crs_label(epsg)}: "
                f"import without a CRS (or with EPSG:4326) to keep every territory in one layer, "
                f"or ask for one layer per territory")
    keep = reasons == ""
    bad = np.flatnonzero(~keep)
    if len(bad):
        if callable(lines):
            line_no = lines(bad)
        elif lines is not None:
            line_no = np.asarray(lines)[bad]
        else:
            line_no = [None] * len(bad)
        for k, i in enumerate(bad):
            coords = "" if missing[i] else f"{a[i]:.6g}, {b[i]:.6g}"
            label = records[i] if records is not None else ""
            value = " ".join(v for v in (label, f"({coords})" if coords else "") if v)
            report.reject(None if line_no[k] is None else int(line_no[k]), f"{what}: {reasons[i]}", value)
        if other.any():
            report.warnings.append(f"{int(other.sum())} {_plural(what)} in other French territories "
                                   f"({_territory_counts(keys[other])}) were left out: {crsmod.crs_label(epsg)} "
                                   f"does not cover them; import without a CRS to keep them in EPSG:4326, "
                                   f"or ask for one layer per territory")
    kept_territories = keys[keep]
    if len({crsmod.BY_KEY[k].epsg for k in kept_territories.tolist() if k}) > 1:
        report.warnings.append(f"the {_plural(what)} lie in several French territories "
                               f"({_territory_counts(kept_territories)}), each with its own legal CRS: "
                               f"all kept, in {crsmod.crs_label(epsg)}"
                               + ("; ask for one layer per territory to have each in its legal CRS"
                                  if epsg == WGS84 else ""))
    # target coordinates: keep the source x/y when already in the target CRS
    mx, my = np.full(n, np.nan), np.full(n, np.nan)
    same = (src == epsg) & keep
    mx[same], my[same] = a[same], b[same]
    conv = keep & ~same
    mx[conv], my[conv] = crsmod.transform(glon[conv], glat[conv], WGS84, epsg)
    if repeats is not None and keep.any():
        # the key's "same place" is to the metre: in degrees, compare legal-CRS metres instead
        rx, ry = (mx, my) if epsg != WGS84 else crsmod.to_legal(glon, glat, keys)
        frame = _merge_repeats(frame, keep, repeats(frame, rx, ry), report, what=what, key=repeat_key,
                               lines=lines, records=records, any_of=repeat_any)
    out = frame.loc[keep].reset_index(drop=True)
    out["x"], out["y"] = mx[keep], my[keep]
    out = apply_schema(out, columns)
    out.attrs["crs"] = epsg
    vals, cnt = np.unique(keys[keep].astype(str), return_counts=True)
    out.attrs["territories"] = {str(v): int(c) for v, c in zip(vals, cnt)}
    report.rows_kept = len(out)
    report.crs = f"EPSG:{epsg}"
    return out


def point_territories(frame: pd.DataFrame, epsg: int | None = None) -> np.ndarray:
    """Territory key of each row of a point table with x/y in ``epsg`` (default ``attrs["crs"]``)."""
    epsg = int(epsg or frame.attrs.get("crs") or LAMBERT93)
    lon, lat = crsmod.transform(frame["x"].to_numpy(float), frame["y"].to_numpy(float), epsg, WGS84)
    return crsmod.territories_of_lonlat(lon, lat)


def by_territory(frame: pd.DataFrame, epsg: int | None = None) -> dict[str, pd.DataFrame]:
    """One table per territory (key -> rows, x/y in the territory's legal CRS, ``attrs["crs"]``),
    in the order of ``crs.TERRITORIES``; rows outside every territory are in none."""
    epsg = int(epsg or frame.attrs.get("crs") or LAMBERT93)
    lon, lat = crsmod.transform(frame["x"].to_numpy(float), frame["y"].to_numpy(float), epsg, WGS84)
    keys = crsmod.territories_of_lonlat(lon, lat)
    out = {}
    for t in crsmod.TERRITORIES:
        m = keys == t.key
        if not m.any():
            continue
        part = frame.loc[m].reset_index(drop=True)
        part["x"], part["y"] = crsmod.transform(lon[m], lat[m], WGS84, t.epsg)
        part.attrs = {**frame.attrs, "crs": t.epsg, "territories": {t.key: int(m.sum())}}
        out[t.key] = part
    return out


def _merge_repeats(frame, keep, keys, report, *, what, key, lines, records, any_of):
    """Kept rows whose key repeats an earlier kept row's: reported, OR-ed into it, dropped (``keep``
    is updated in place)."""
    from . import duplicates

    kept = np.flatnonzero(keep)
    keys = np.asarray(keys, dtype=object)[kept]
    usable = np.array([bool(k) for k in keys], bool)
    positions, firsts = duplicates.repeats({"key": keys}, usable)
    if not len(positions):
        return frame
    positions, firsts = kept[positions], kept[firsts]

    def line_of(pos):
        if callable(lines):
            return list(lines(np.asarray(pos)))
        return list(np.asarray(lines)[pos]) if lines is not None else [None] * len(pos)
    duplicates.merge(report, positions, firsts, what=what, key=key, line_of=line_of, records=records,
                     value_of=lambda p: " ".join(str(frame[c].iat[p]) for c in ("id", "name", "operator")
                                                 if c in frame.columns and str(frame[c].iat[p])))
    frame = frame.copy()
    for column in any_of:
        values = frame[column].fillna(False).astype(bool).to_numpy(copy=True)
        np.logical_or.at(values, firsts, values[positions])
        frame[column] = values
    keep[positions] = False
    return frame


def id_or_place(id_column: str = "id"):
    """Key of a place: its id, else its name and position to the metre."""
    def key(frame, x, y):
        ids = text(frame[id_column], len(frame)) if id_column in frame.columns else pd.Series("", index=frame.index)
        names = text(frame["name"], len(frame)) if "name" in frame.columns else pd.Series("", index=frame.index)
        place = ("place:" + names.str.lower() + "|" + pd.Series(np.round(x), index=frame.index).astype(str)
                 + "|" + pd.Series(np.round(y), index=frame.index).astype(str))
        return np.where(ids.ne("").to_numpy(), ("id:" + ids).to_numpy(dtype=object), place.to_numpy(dtype=object))
    return key


def apply_schema(frame: pd.DataFrame, columns: dict) -> pd.DataFrame:
    """Columns in schema order and types; "" / False / 1.0 for what the source does not give."""
    n = len(frame)
    data = {}
    for name, kind in columns.items():
        v = frame[name] if name in frame.columns else None
        if kind == "str":
            data[name] = text(v, n).to_numpy(dtype=object)
        elif kind == "bool":
            data[name] = (np.zeros(n, bool) if v is None else
                          pd.Series(v).reset_index(drop=True).fillna(False).astype(bool).to_numpy())
        else:
            default = 1.0 if name == "capacity" else np.nan
            data[name] = np.full(n, default) if v is None else to_float(v)
    return pd.DataFrame(data)
