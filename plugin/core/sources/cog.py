"""Commune code harmonisation with the COG (Code officiel géographique).

Communes merge every year (communes nouvelles): a 2018 boundary file or a BAN row may carry the
code of a commune that no longer exists. The decoupage-administratif ``communes.json`` lists, for
the current millésime, every ``commune-actuelle`` (with ``anciensCodes``), and the
``commune-deleguee`` / ``commune-associee`` entries with their ``chefLieu`` (the current commune).
From it we build an old -> current code map and apply it with :func:`harmonise`.
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Mapping

import numpy as np
import pandas as pd

from ..errors import InputDataError, InputFormatError
from ..provenance import ReadReport

DEC_URL = "https://www.npmjs.com/package/@etalab/decoupage-administratif"


class CogMap(dict):
    """old code -> current code (only codes that change), with the current names and populations."""

    def __init__(self, mapping=(), names: Mapping[str, str] | None = None,
                 populations: Mapping[str, float] | None = None, vintage: str = ""):
        super().__init__(mapping)
        self.names = dict(names or {})
        self.populations = dict(populations or {})
        self.vintage = vintage


def build_cog_map(entries: list[dict], arrondissements: bool = False, vintage: str = "") -> CogMap:
    """The old -> current map from decoupage-administratif ``communes.json`` entries.

    ``arrondissements``: also map the municipal arrondissements of Paris, Lyon and Marseille
    (75101…, 69381…, 13201…) to their commune (75056, 69123, 13055).
    """
    mapping: dict[str, str] = {}
    names: dict[str, str] = {}
    pops: dict[str, float] = {}
    for e in entries:
        kind = e.get("type")
        code = e.get("code")
        if not code:
            continue
        if kind == "commune-actuelle":
            names[code] = e.get("nom", "")
            if e.get("population") is not None:
                pops[code] = float(e["population"])
            for old in e.get("anciensCodes") or ():
                if old != code:
                    mapping[old] = code
        elif kind in ("commune-deleguee", "commune-associee"):
            parent = e.get("chefLieu")
            if parent and parent != code:
                mapping.setdefault(code, parent)
        elif kind == "arrondissement-municipal" and arrondissements:
            if e.get("commune"):
                mapping[code] = e["commune"]
    # a delegated commune may be the head of an old merger: follow the chain to a current code
    for old, new in list(mapping.items()):
        seen = {old}
        while new in mapping and new not in names and new not in seen:
            seen.add(new)
            new = mapping[new]
        mapping[old] = new
    # never remap a code that is itself current
    for code in list(mapping):
        if code in names:
            del mapping[code]
    return CogMap(mapping, names=names, populations=pops, vintage=vintage)


def read_cog(path: str | Path, arrondissements: bool = False) -> CogMap:
    """Load the national decoupage-administratif communes.json (about 37,600 entries, 8.6 MB) once
    per file version (cached on path, size and modification time)."""
    path = Path(path)
    if not path.exists():
        raise InputDataError("file not found", path=str(path), hint="check the path")
    st = path.stat()
    return _read_cog_cached(str(path.resolve()), st.st_size, st.st_mtime_ns, arrondissements)


@lru_cache(maxsize=4)
def _read_cog_cached(path: str, size: int, mtime: int, arrondissements: bool) -> CogMap:
    entries = load_json_list(path, "decoupage-administratif communes")
    if not entries or not isinstance(entries[0], dict) or "code" not in entries[0] \
            or "type" not in entries[0]:
        raise InputFormatError("not a decoupage-administratif communes.json (entries need 'code' "
                               "and 'type')", path=path,
                               hint="use communes.json from the @etalab/decoupage-administratif package")
    vintage = ""
    name = Path(path).name
    if "decoupage-administratif-" in name:
        vintage = name.split("decoupage-administratif-")[1].split("_")[0]
    return build_cog_map(entries, arrondissements=arrondissements, vintage=vintage)


def load_json_list(path: str | Path, what: str) -> list:
    """A JSON array file (plain or gzip), with a clear error when it is not one."""
    from .textio import read_text
    try:
        data = json.loads(read_text(path))      # a bad byte is named by its line and column
    except json.JSONDecodeError as exc:
        raise InputFormatError(f"invalid JSON ({exc.msg}) at line {exc.lineno}", path=str(path),
                               line=exc.lineno, hint=f"the {what} file is damaged: download it again") from exc
    except (OSError, EOFError) as exc:
        raise InputFormatError(f"cannot read the file ({exc})", path=str(path),
                               hint="the file is damaged or truncated: download it again") from exc
    if not isinstance(data, list):
        raise InputFormatError(f"expected a JSON array of {what}, found a {type(data).__name__}",
                               path=str(path), hint=f"choose the {what} JSON file")
    if not data:
        raise InputDataError(f"the {what} file has no entries", path=str(path),
                             hint="download it again")
    return data


def harmonise(frame, mapping: Mapping[str, str], report: ReadReport | None = None,
              column: str = "code_insee", merge: bool | None = None):
    """Replace old commune codes by current ones.

    Returns a new frame (the input is not modified). Each remapped code is recorded in
    ``report.remapped``. ``merge`` (default: True for a GeoDataFrame, False otherwise) makes one
    row per current code: polygons are dissolved, ``population`` and other count columns summed
    (NaN only if all parts are NaN), text taken from the row that already had the current code, and
    ``nom`` set to the current name when the map knows it. Point tables are only recoded.
    """
    if column not in frame.columns:
        raise InputDataError(f"no '{column}' column to harmonise")
    is_geo = hasattr(frame, "geometry") and "geometry" in frame.columns
    if merge is None:
        merge = is_geo
    codes = frame[column]
    if isinstance(codes.dtype, pd.CategoricalDtype):
        cats = codes.cat.categories.astype(str)
        new_cats = pd.Index([mapping.get(c, c) for c in cats])
        changed = {c: n for c, n in zip(cats, new_cats) if c != n}
        present = set(codes.cat.categories[np.unique(codes.cat.codes[codes.cat.codes >= 0])]
                      .astype(str)) if len(codes) else set()
        changed = {c: n for c, n in changed.items() if c in present}
        if not changed:
            return frame
        # rename via a lookup on the codes, then let pandas merge equal categories
        lookup = np.asarray(new_cats, dtype=object)
        values = pd.Categorical(lookup[codes.cat.codes.to_numpy()])
        new_codes = pd.Series(values, index=frame.index, name=column)
    else:
        text = codes.astype(str)
        mapped = text.map(dict(mapping)).fillna(text)
        diff = mapped.ne(text).to_numpy()
        if not diff.any():
            return frame
        changed = dict(zip(text[diff], mapped[diff]))
        new_codes = mapped.astype(object)
    was_current = new_codes.astype(str).to_numpy() == codes.astype(str).to_numpy()
    out = frame.copy()
    out[column] = new_codes
    if report is not None:
        report.remapped.update(changed)
    names = getattr(mapping, "names", {})
    if merge:
        out = _merge_duplicates(out, column, set(changed.values()), names, is_geo, was_current)
    elif names and "nom" in out.columns and not isinstance(out["nom"].dtype, pd.CategoricalDtype):
        touched = out[column].isin(list(changed.values())).to_numpy()
        out.loc[touched, "nom"] = out.loc[touched, column].map(names).fillna(out.loc[touched, "nom"])
    return out


def _merge_duplicates(out, column: str, targets: set, names: Mapping[str, str], is_geo: bool,
                      was_current: np.ndarray):
    """One row per code among the remap targets; other rows are left as they are."""
    from ..compat import union_all

    code_text = out[column].astype(str)
    in_target = code_text.isin(list(targets)).to_numpy()
    if not in_target.any():
        return out
    keep = out.loc[~in_target]
    groups = out.loc[in_target]
    own_code = pd.Series(was_current[in_target], index=groups.index)
    numeric = [c for c in groups.columns
               if c != column and c != "geometry" and pd.api.types.is_numeric_dtype(groups[c])
               and not pd.api.types.is_bool_dtype(groups[c])]
    rows = []
    # a loop over merged communes only (a few per département, ~2,000 nationally)
    for code, part in groups.groupby(code_text[in_target].to_numpy(), sort=False):
        # the row that already carried the current code gives the text attributes
        own = part[own_code.loc[part.index].to_numpy()]
        base = (own if len(own) else part).iloc[[0]].copy()
        for c in numeric:
            base[c] = part[c].sum(min_count=1)
        if is_geo:
            import geopandas as gpd
            base["geometry"] = gpd.GeoSeries([union_all(part.geometry)], index=base.index,
                                             crs=out.crs)
        if code in names and "nom" in base.columns:
            base["nom"] = names[code]
        rows.append(base)
    merged = pd.concat([keep] + rows)
    if is_geo:
        import geopandas as gpd
        merged = gpd.GeoDataFrame(merged, geometry="geometry", crs=out.crs)
    return merged.sort_values(column, kind="stable").reset_index(drop=True)
