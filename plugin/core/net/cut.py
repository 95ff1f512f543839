"""Cutting national files down to a territory, and the result of one dataset's download: shared by
:mod:`.download` (addresses, places, connectivity) and :mod:`.territory_data` (census, income, IRIS,
BPE, QPV, roads)."""
from __future__ import annotations

import csv
import gzip
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from ..errors import InputFormatError, NetworkError
from ..progress import Feedback, ensure


@dataclass
class DatasetResult:
    key: str
    output: str                     # path of the territory file
    rows_source: int                # rows/features in the downloaded file(s)
    rows_kept: int
    files: list = field(default_factory=list)       # CachedFile dicts
    provenance: dict = field(default_factory=dict)
    filter: str = ""                # how the national file was cut
    outputs: list = field(default_factory=list)     # every file written (several for the census)
    notes: list = field(default_factory=list)       # what the user should know (e.g. no official median)

    def __post_init__(self):
        if not self.outputs:
            self.outputs = [self.output]


def atomic_write(path: Path, write) -> None:
    tmp = path.with_name("." + path.name + ".tmp")
    try:
        write(tmp)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


def datagouv_latest(api_json: Path, api_url: str, fmt: str) -> tuple[str, str]:
    """URL and date of the most recent resource of format ``fmt`` in a data.gouv.fr dataset."""
    try:
        with open(api_json, encoding="utf-8") as fh:
            data = json.load(fh)
        resources = [r for r in data.get("resources", [])
                     if str(r.get("format", "")).lower() == fmt and r.get("url")]
    except (ValueError, AttributeError) as exc:
        raise NetworkError(f"{api_url} is not a data.gouv.fr dataset description ({exc})", path=api_url,
                           hint="check the base URL of data.gouv.fr in the settings") from exc
    if not resources:
        raise NetworkError(f"the dataset {api_url} has no {fmt.upper()} resource", path=api_url,
                           hint="the producer changed the dataset: download the file by hand and import it")
    best = max(resources, key=lambda r: str(r.get("last_modified") or r.get("created_at") or ""))
    return best["url"], str(best.get("last_modified") or "")[:10]


def filter_csv_files(paths: list, out: Path, codes: Optional[set], *, dep: str = "",
                      code_columns=("code_insee",), dep_columns=(), gz: bool = False,
                      fb: Optional[Feedback] = None, code_len: int = 0,
                      mask_fn=None) -> tuple[int, int]:
    """Stream CSV file(s), keep rows whose commune code is in ``codes`` (or whose département is
    ``dep``), write them with the same header, separator and encoding. Returns (read, kept).
    ``code_len``: compare the first characters of the code column (5 for an IRIS code);
    ``mask_fn(chunk)``: a row filter of its own instead (the columns are found by the caller)."""
    from ..sources.textio import iter_chunks, sniff

    fb = ensure(fb)
    total = kept = 0
    fmt0 = None

    def write(tmp):
        nonlocal total, kept, fmt0
        opener = (lambda p: gzip.open(p, "wt", encoding="utf-8", newline="")) if gz else \
            (lambda p: open(p, "w", encoding="utf-8", newline=""))
        with opener(tmp) as fh:
            for path in paths:
                fmt = sniff(path, expect_any=tuple(code_columns) + tuple(dep_columns))
                fmt0 = fmt0 or fmt
                col = next((c for c in code_columns if c in fmt.header), None)
                dcol = next((c for c in dep_columns if c in fmt.header), None)
                if col is None and dcol is None:
                    raise InputFormatError(f"no {' / '.join(code_columns)} column to filter on",
                                           path=str(path), line=fmt.header_line,
                                           hint="the producer changed the file format")
                first = True
                for _, chunk in iter_chunks(path, fmt, chunksize=200_000):
                    fb.check()
                    total += len(chunk)
                    if mask_fn is not None:
                        mask = mask_fn(chunk)
                    elif codes is not None:
                        values = chunk[col].fillna("").astype(str).str.strip()
                        mask = (values.str[:code_len] if code_len else values).isin(codes)
                    else:
                        code = chunk[col].fillna("").astype(str).str.strip() if col else None
                        if dcol is not None:
                            mask = chunk[dcol].fillna("").astype(str).str.strip().str.zfill(2) == dep
                            if code is not None:      # rows without insee_dep: use the commune code
                                mask = mask | (chunk[dcol].isna() & dep_of(code).eq(dep))
                        else:
                            mask = dep_of(code).eq(dep)
                    sub = chunk[mask.to_numpy()]
                    kept += len(sub)
                    sub.to_csv(fh, sep=fmt.sep, index=False, header=(first and path == paths[0]),
                               quoting=csv.QUOTE_MINIMAL)
                    first = False
    atomic_write(out, write)
    return total, kept


def dep_of(codes):
    """Vectorised crs.department_of on a Series of INSEE codes."""
    codes = codes.fillna("").astype(str).str.strip()
    return codes.str[:2].where(~codes.str.startswith("97"), codes.str[:3])


def inside(lon, lat, communes_gj: dict):
    """Boolean array: points inside the union of the territory's commune polygons (WGS84)."""
    import numpy as np
    from shapely.geometry import shape
    from ..compat import SHAPELY2

    from shapely.ops import unary_union
    area = unary_union([shape(f["geometry"]) for f in communes_gj["features"] if f.get("geometry")])
    if SHAPELY2:
        import shapely
        return np.asarray(shapely.contains_xy(area, lon, lat), dtype=bool)
    # shapely 1.8: bbox filter vectorised, exact test only on the candidates
    from shapely.geometry import Point
    from shapely.prepared import prep
    minx, miny, maxx, maxy = area.bounds
    out = (lon >= minx) & (lon <= maxx) & (lat >= miny) & (lat <= maxy)
    inside = prep(area)
    for i in np.flatnonzero(out):
        out[i] = inside.contains(Point(lon[i], lat[i]))
    return out
