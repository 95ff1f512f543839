"""Tables for spreadsheets: CSV for Excel (UTF-8 with BOM, ';') and XLSX with a data dictionary.

Every table states what its columns mean (label, unit, description, source: from the indicator
catalog) and where the data come from. Text cells that a spreadsheet would run as a formula
(``=…``, ``+…``, ``@…``) are written as text. Writes are atomic.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pandas as pd

from ..presentation.demand import with_demand
from ..presentation.indicators import field_info
from ..presentation.language import check_lang
from ..presentation.sources import source_line, sources_of
from .atomic import atomic_path, check_output_path

FORMULA_START = re.compile(r"^[=+@\t\r]|^-[^\d.]")
DICT_HEADERS = {"en": ("field", "label", "unit", "description", "source"),
                "fr": ("champ", "libellé", "unité", "description", "source")}
UNIT_WORDS = {"share": {"en": "share (0-1)", "fr": "part (0-1)"}, "m": {"en": "metres", "fr": "mètres"}}


def plain_table(table) -> pd.DataFrame:
    """The attribute table without geometry (a GeoDataFrame's polygons do not go in a sheet)."""
    frame = pd.DataFrame(table).copy()
    geom = getattr(table, "_geometry_column_name", None)
    drop = [c for c in frame.columns if c == geom or c == "geometry"]
    return frame.drop(columns=drop)


def data_dictionary(columns, lang: str = "en", metadata: dict | None = None) -> pd.DataFrame:
    """One row per column: field, label (its threshold stated), unit, description, source
    (catalogue, else the name)."""
    check_lang(lang)
    rows = []
    columns = [str(c) for c in columns]
    for col in columns:
        info = field_info(col, lang, metadata, columns)
        unit = UNIT_WORDS.get(info.unit, {}).get(lang) or info.unit_text or info.unit
        rows.append((str(col), info.label, unit, info.description, info.source))
    return pd.DataFrame(rows, columns=list(DICT_HEADERS[lang]))


def statement_lines(metadata: dict | None, lang: str = "en") -> list[str]:
    """What a table must say in words (``metadata["statements"]``, see the export algorithm): what the
    figures rest on, how they were made, the sources and licences with the ODbL notice; else the
    sources with the ODbL notice."""
    from ..presentation.sources import source_lines

    st = (metadata or {}).get("statements") or {}
    lines = [st.get("demand") or "", *(st.get("notes") or []), *(st.get("sources") or [])]
    lines = [str(x) for x in lines if x]
    return lines or source_lines(metadata, lang, odbl=True)


def _defuse(value):
    if isinstance(value, str) and FORMULA_START.match(value):
        return "'" + value
    return value


def write_csv(path, table, *, sep: str = ";", decimal: str = ",") -> Path:
    """CSV for a French Excel: UTF-8 with BOM, ';' separator and decimal comma by default."""
    out = check_output_path(path, (".csv", ".txt"))
    frame = plain_table(table)
    for col in frame.columns:
        if frame[col].dtype == object or pd.api.types.is_string_dtype(frame[col]):
            frame[col] = frame[col].map(_defuse)
    with atomic_path(out) as tmp:
        frame.to_csv(tmp, sep=sep, decimal=decimal, index=False, encoding="utf-8-sig")
    return out


def _cell(value):
    """A Python value openpyxl accepts: numpy -> builtin, NaN/NA -> empty."""
    if value is None:
        return None
    if isinstance(value, (np.bool_, bool)):
        return bool(value)
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return None if np.isnan(value) else float(value)
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    if isinstance(value, (dict, list, tuple)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _fill_sheet(ws, frame: pd.DataFrame, number_formats: dict | None = None) -> None:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font

    ws.append([str(c) for c in frame.columns])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in frame.itertuples(index=False, name=None):
        ws.append([ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v
                   for v in (_cell(x) for x in row)])
    # text that looks like a formula stays text (openpyxl would store "=..." as a formula)
    for col_idx, col in enumerate(frame.columns, start=1):
        fmt = (number_formats or {}).get(col)
        for (cell,) in ws.iter_rows(min_row=2, min_col=col_idx, max_col=col_idx):
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"
            elif fmt and isinstance(cell.value, float):
                cell.number_format = fmt
        width = max([len(str(col))] + [len(str(v)) for v in frame[col].head(200).tolist()])
        ws.column_dimensions[ws.cell(row=1, column=col_idx).column_letter].width = min(60, max(8, width + 2))
    ws.freeze_panes = "A2"


def _number_formats(frame: pd.DataFrame, lang: str) -> dict:
    formats = {}
    for col in frame.columns:
        unit = field_info(str(col), lang).unit
        if unit == "share":
            formats[col] = "0.0%"
        elif unit == "m":
            formats[col] = "#,##0"
    return formats


def write_xlsx(path, communes, services=None, metadata=None, *, lang: str = "en",
               extra_sheets: dict | None = None) -> Path:
    """Workbook with the communes (and services) tables, a data-dictionary sheet, the sources
    (with vintages and licences) and the method parameters."""
    from openpyxl import Workbook

    check_lang(lang)
    out = check_output_path(path, (".xlsx",))
    sheets = {"communes": plain_table(communes)}
    if services is not None and len(services):
        sheets["services"] = plain_table(services)
    for name, frame in (extra_sheets or {}).items():
        sheets[str(name)[:31]] = plain_table(frame)
    columns = []
    for frame in sheets.values():
        columns += [c for c in frame.columns if c not in columns]
    wb = Workbook()
    wb.remove(wb.active)
    for name, frame in sheets.items():
        _fill_sheet(wb.create_sheet(name), frame, _number_formats(frame, lang))
    meta = with_demand(metadata, communes)
    _fill_sheet(wb.create_sheet("data_dictionary" if lang == "en" else "dictionnaire"),
                data_dictionary(columns, lang, meta))
    src = pd.DataFrame([{"source": s.get("source", ""), "producer": s.get("producer", ""),
                         "vintage": s.get("vintage", ""), "licence": s.get("licence", ""),
                         "url": s.get("url", ""), "synthetic": bool(s.get("synthetic", False)),
                         "citation": source_line(s, lang)} for s in sources_of(meta)],
                       columns=["source", "producer", "vintage", "licence", "url", "synthetic", "citation"])
    _fill_sheet(wb.create_sheet("sources"), src)
    params = pd.DataFrame([(str(k), _cell(v)) for k, v in (meta.get("parameters") or {}).items()],
                          columns=["parameter", "value"])
    _fill_sheet(wb.create_sheet("parameters"), params)
    lines = statement_lines(meta, lang)
    if lines:
        _fill_sheet(wb.create_sheet("notes"), pd.DataFrame({"notes": lines}))
    with atomic_path(out) as tmp:
        wb.save(str(tmp))
    return out
