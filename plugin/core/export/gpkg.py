"""GeoPackage with every result layer, its QGIS style when there is one, and the metadata.

Layers are written by geopandas (fiona or pyogrio, whichever the stack has). The metadata (sources,
vintages, licences, method parameters) goes in a ``terridiag_metadata`` attribute table (key/JSON
value, registered in ``gpkg_contents``) and in the standard ``gpkg_metadata`` extension, so GDAL
and QGIS show it. The data dictionary goes in ``terridiag_fields``. QML styles go in QGIS's
``layer_styles`` table, so QGIS opens each layer styled. Written to a temporary file and renamed.
"""
from __future__ import annotations

import datetime as _dt
import json
import sqlite3
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import InputDataError, InputFormatError, ParameterError
from .atomic import atomic_path, check_output_path
from ..presentation.demand import with_demand
from .tables import data_dictionary, plain_table

META_TABLE = "terridiag_metadata"
FIELDS_TABLE = "terridiag_fields"
STYLES_DIR = Path(__file__).resolve().parents[3] / "resources" / "styles"


def _json_default(value):
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.floating,)):
        return None if np.isnan(value) else float(value)
    if isinstance(value, (np.bool_,)):
        return bool(value)
    if isinstance(value, (set, tuple)):
        return list(value)
    if hasattr(value, "to_dict"):
        return value.to_dict()
    return str(value)


def _as_geodataframe(name: str, frame):
    """GeoDataFrames as they are; point tables (x/y + attrs['crs']) as point layers."""
    import geopandas as gpd

    from ..compat import points_from_xy

    if isinstance(frame, gpd.GeoDataFrame):
        if frame.crs is None:
            raise InputDataError(f"layer '{name}' has no coordinate reference system",
                                 hint="set its CRS before exporting")
        return frame
    if {"x", "y"} <= set(frame.columns):
        epsg = frame.attrs.get("crs")
        if not epsg:
            raise InputDataError(f"layer '{name}' has x/y but no CRS", hint="set frame.attrs['crs'] to an EPSG code")
        geom = points_from_xy(pd.to_numeric(frame["x"], errors="coerce"),
                              pd.to_numeric(frame["y"], errors="coerce"), crs=f"EPSG:{int(epsg)}")
        return gpd.GeoDataFrame(pd.DataFrame(frame).reset_index(drop=True), geometry=geom.values,
                                crs=f"EPSG:{int(epsg)}")
    return None  # a plain table


def _clean_for_gdal(gdf):
    """Columns GDAL can store: object columns as text, booleans kept, no mixed types."""
    out = gdf.copy()
    geom = out.geometry.name
    for col in out.columns:
        if col == geom:
            continue
        s = out[col]
        if pd.api.types.is_bool_dtype(s) or pd.api.types.is_numeric_dtype(s):
            continue
        out[col] = s.map(lambda v: None if v is None or (isinstance(v, float) and np.isnan(v)) else
                         (json.dumps(v, ensure_ascii=False, default=_json_default)
                          if isinstance(v, (dict, list, tuple)) else str(v))).astype(object)
    return out


def _write_attribute_table(con, name: str, frame: pd.DataFrame, description: str) -> None:
    cols = [str(c) for c in frame.columns]
    con.execute(f'DROP TABLE IF EXISTS "{name}"')
    col_sql = ", ".join(f'"{c}" TEXT' for c in cols)
    con.execute(f'CREATE TABLE "{name}" (fid INTEGER PRIMARY KEY AUTOINCREMENT, {col_sql})')
    con.executemany(f'INSERT INTO "{name}" ({", ".join(chr(34) + c + chr(34) for c in cols)}) '
                    f'VALUES ({", ".join("?" for _ in cols)})',
                    [[None if v is None else str(v) for v in row] for row in frame.itertuples(index=False)])
    now = _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    con.execute("DELETE FROM gpkg_contents WHERE table_name = ?", (name,))
    con.execute("INSERT INTO gpkg_contents (table_name, data_type, identifier, description, last_change) "
                "VALUES (?, 'attributes', ?, ?, ?)", (name, name, description, now))


def _write_metadata_extension(con, meta_json: str, layers: list[str]) -> None:
    """The GeoPackage metadata extension (spec §F.8): one JSON document for the file and each layer."""
    con.execute("CREATE TABLE IF NOT EXISTS gpkg_metadata (id INTEGER CONSTRAINT m_pk PRIMARY KEY ASC NOT NULL, "
                "md_scope TEXT NOT NULL DEFAULT 'dataset', md_standard_uri TEXT NOT NULL, "
                "mime_type TEXT NOT NULL DEFAULT 'text/xml', metadata TEXT NOT NULL DEFAULT '')")
    con.execute("CREATE TABLE IF NOT EXISTS gpkg_metadata_reference (reference_scope TEXT NOT NULL, "
                "table_name TEXT, column_name TEXT, row_id_value INTEGER, "
                "timestamp DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')), "
                "md_file_id INTEGER NOT NULL, md_parent_id INTEGER, "
                "CONSTRAINT crmr_mfi_fk FOREIGN KEY (md_file_id) REFERENCES gpkg_metadata(id), "
                "CONSTRAINT crmr_mpi_fk FOREIGN KEY (md_parent_id) REFERENCES gpkg_metadata(id))")
    con.execute("CREATE TABLE IF NOT EXISTS gpkg_extensions (table_name TEXT, column_name TEXT, "
                "extension_name TEXT NOT NULL, definition TEXT NOT NULL, scope TEXT NOT NULL, "
                "CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name))")
    for table in ("gpkg_metadata", "gpkg_metadata_reference"):
        con.execute("INSERT OR IGNORE INTO gpkg_extensions VALUES (?, NULL, 'gpkg_metadata', "
                    "'http://www.geopackage.org/spec120/#extension_metadata', 'read-write')", (table,))
    cur = con.execute("INSERT INTO gpkg_metadata (md_scope, md_standard_uri, mime_type, metadata) "
                      "VALUES ('dataset', 'https://www.json.org', 'application/json', ?)", (meta_json,))
    md_id = cur.lastrowid
    con.execute("INSERT INTO gpkg_metadata_reference (reference_scope, md_file_id) VALUES ('geopackage', ?)",
                (md_id,))
    for layer in layers:
        con.execute("INSERT INTO gpkg_metadata_reference (reference_scope, table_name, md_file_id) "
                    "VALUES ('table', ?, ?)", (layer, md_id))


def _write_styles(con, styles: dict[str, str], geometry_columns: dict[str, str]) -> None:
    """QGIS's ``layer_styles`` table: QGIS applies the default style when the layer is opened."""
    con.execute("CREATE TABLE IF NOT EXISTS layer_styles (id INTEGER PRIMARY KEY AUTOINCREMENT, "
                "f_table_catalog TEXT(256), f_table_schema TEXT(256), f_table_name TEXT(256), "
                "f_geometry_column TEXT(256), styleName TEXT(30), styleQML TEXT, styleSLD TEXT, "
                "useAsDefault BOOLEAN, description TEXT, owner TEXT(30), ui TEXT(30), update_time DATETIME "
                "DEFAULT CURRENT_TIMESTAMP)")
    for layer, qml in styles.items():
        con.execute("INSERT INTO layer_styles (f_table_catalog, f_table_schema, f_table_name, f_geometry_column, "
                    "styleName, styleQML, styleSLD, useAsDefault, description, owner) "
                    "VALUES ('', '', ?, ?, ?, ?, '', 1, 'TerriDiag', '')",
                    (layer, geometry_columns.get(layer, "geom"), f"terridiag_{layer}", qml))


def _default_styles(layer_names) -> dict[str, str]:
    """QML files shipped in resources/styles/ named after a layer (``communes.qml``…)."""
    out = {}
    for name in layer_names:
        qml = STYLES_DIR / f"{name}.qml"
        if qml.is_file():
            out[name] = qml.read_text(encoding="utf-8")
    return out


def write_geopackage(path, layers: dict, metadata: dict | None = None, *, styles: dict | None = None,
                     lang: str = "en") -> Path:
    """Write ``layers`` (name -> GeoDataFrame, point DataFrame with x/y, or plain DataFrame) and
    the metadata to one GeoPackage, replacing ``path`` only when everything is written."""
    out = check_output_path(path, (".gpkg",))
    if not layers:
        raise ParameterError("nothing to export", hint="give at least the communes layer")
    prepared, tables = {}, {}
    for name, frame in layers.items():
        if frame is None:
            continue
        if not str(name).replace("_", "").isalnum():
            raise ParameterError(f"layer name '{name}' must be letters, digits and '_'")
        gdf = _as_geodataframe(name, frame)
        if gdf is None:
            tables[str(name)] = plain_table(frame)
        else:
            prepared[str(name)] = _clean_for_gdal(gdf)
    if not prepared:  # GDAL creates the GeoPackage with the first spatial layer
        raise ParameterError("no layer with geometry to export", hint="give the communes layer")
    meta = dict(metadata or {})
    meta.setdefault("exported", _dt.datetime.now().isoformat(timespec="seconds"))
    meta["layers"] = list(prepared) + list(tables)
    meta_json = json.dumps(meta, ensure_ascii=False, default=_json_default, indent=1)
    columns = []
    for frame in list(prepared.values()) + list(tables.values()):
        columns += [c for c in frame.columns if c not in columns and c != getattr(frame, "_geometry_column_name", "")]
    dictionary = data_dictionary(columns, lang, with_demand(meta, layers.get("communes")))
    with atomic_path(out) as tmp:
        for name, gdf in prepared.items():
            gdf.to_file(str(tmp), layer=name, driver="GPKG")
        con = sqlite3.connect(str(tmp))
        try:
            geometry_columns = dict(con.execute("SELECT table_name, column_name FROM gpkg_geometry_columns"))
            for name, frame in tables.items():
                _write_attribute_table(con, name, frame, f"TerriDiag table {name}")
            _write_attribute_table(con, FIELDS_TABLE, dictionary, "TerriDiag data dictionary")
            entries = {"metadata": meta_json,
                       "sources": json.dumps(meta.get("sources", []), ensure_ascii=False, default=_json_default),
                       "vintages": json.dumps(meta.get("vintages", {}), ensure_ascii=False, default=_json_default),
                       "parameters": json.dumps(meta.get("parameters", {}), ensure_ascii=False,
                                                default=_json_default),
                       "statements": json.dumps(meta.get("statements") or {}, ensure_ascii=False,
                                                default=_json_default),
                       "demand": json.dumps(meta.get("demand") or {}, ensure_ascii=False, default=_json_default),
                       "synthetic": json.dumps(bool(meta.get("synthetic", False)) or any(
                           bool(s.get("synthetic")) for s in meta.get("sources", []) if isinstance(s, dict)))}
            _write_attribute_table(con, META_TABLE, pd.DataFrame(list(entries.items()), columns=["key", "value"]),
                                   "TerriDiag provenance: sources, vintages, licences, parameters (JSON)")
            _write_metadata_extension(con, meta_json, list(prepared) + list(tables))
            all_styles = _default_styles(prepared)
            all_styles.update({k: v for k, v in (styles or {}).items() if k in prepared})
            if all_styles:
                _write_styles(con, all_styles, geometry_columns)
            con.commit()
        finally:
            con.close()
    return out


def read_metadata(path) -> dict:
    """The metadata a TerriDiag GeoPackage carries (empty dict when it has none)."""
    p = Path(str(path).split("|")[0])
    if not p.is_file():
        raise InputDataError("file not found", path=str(p))
    try:
        con = sqlite3.connect(f"file:{p}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise InputFormatError(f"cannot open as a GeoPackage ({exc})", path=str(p)) from exc
    try:
        row = con.execute(f"SELECT value FROM {META_TABLE} WHERE key = 'metadata'").fetchone()
    except sqlite3.DatabaseError:
        return {}
    finally:
        con.close()
    return json.loads(row[0]) if row else {}
