"""Provenance that stays with a layer written to a GeoPackage.

An import writes its sources into a ``terridiag_provenance`` table (one JSON list per layer), so
that an indicator run on that layer later, in another session or by ``qgis_process``, still knows
the source, vintage and licence of its inputs — and whether they were synthetic.
"""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path

TABLE = "terridiag_provenance"
RUN_TABLE = "terridiag_run"        # the whole metadata of the run that wrote a layer (diagnosis)


def split_source(source: str) -> tuple[Path, str]:
    """("/x/y.gpkg|layername=z") -> (Path("/x/y.gpkg"), "z"); the layer defaults to the file stem."""
    parts = str(source).split("|")
    path = Path(parts[0].replace("file://", ""))
    layer = path.stem
    for part in parts[1:]:
        if part.startswith("layername="):
            layer = part.split("=", 1)[1]
    return path, layer


def _write(table: str, column: str, source: str, value) -> bool:
    path, layer = split_source(source)
    if path.suffix.lower() != ".gpkg" or not path.is_file():
        return False
    con = sqlite3.connect(str(path), timeout=10)
    try:
        con.execute(f"CREATE TABLE IF NOT EXISTS {table} (layer TEXT PRIMARY KEY, {column} TEXT NOT NULL)")
        con.execute(f"INSERT OR REPLACE INTO {table} VALUES (?, ?)",
                    (layer, json.dumps(value, ensure_ascii=False, default=str)))
        con.commit()
    finally:
        con.close()
    return True


def _read(table: str, column: str, source: str, empty):
    path, layer = split_source(source)
    if path.suffix.lower() != ".gpkg" or not path.is_file():
        return empty
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10)
    except sqlite3.Error:
        return empty
    try:
        row = con.execute(f"SELECT {column} FROM {table} WHERE layer = ?", (layer,)).fetchone()
    except sqlite3.DatabaseError:
        return empty
    finally:
        con.close()
    try:
        return json.loads(row[0]) if row else empty
    except ValueError:
        return empty


def write(source: str, provenances: list[dict]) -> bool:
    """Record ``provenances`` for the layer of a GeoPackage source; False if it is not a GeoPackage."""
    return _write(TABLE, "provenance", source, provenances)


def read(source: str) -> list[dict]:
    """The provenance recorded for a GeoPackage layer, [] when there is none."""
    return _read(TABLE, "provenance", source, [])


def write_run(source: str, metadata: dict) -> bool:
    """Record the metadata of the run that wrote the layer (the diagnosis's METADATA: demand,
    thresholds, territory figures, sources), so outputs made later from that layer alone say
    what was computed; False if it is not a GeoPackage."""
    return _write(RUN_TABLE, "metadata", source, metadata)


def read_run(source: str) -> dict:
    """The run metadata recorded for a GeoPackage layer, {} when there is none."""
    value = _read(RUN_TABLE, "metadata", source, {})
    return value if isinstance(value, dict) else {}
