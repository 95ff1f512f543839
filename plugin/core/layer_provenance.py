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


def split_source(source: str) -> tuple[Path, str]:
    """("/x/y.gpkg|layername=z") -> (Path("/x/y.gpkg"), "z"); the layer defaults to the file stem."""
    parts = str(source).split("|")
    path = Path(parts[0].replace("file://", ""))
    layer = path.stem
    for part in parts[1:]:
        if part.startswith("layername="):
            layer = part.split("=", 1)[1]
    return path, layer


def write(source: str, provenances: list[dict]) -> bool:
    """Record ``provenances`` for the layer of a GeoPackage source; False if it is not a GeoPackage."""
    path, layer = split_source(source)
    if path.suffix.lower() != ".gpkg" or not path.is_file():
        return False
    con = sqlite3.connect(str(path), timeout=10)
    try:
        con.execute(f"CREATE TABLE IF NOT EXISTS {TABLE} (layer TEXT PRIMARY KEY, provenance TEXT NOT NULL)")
        con.execute(f"INSERT OR REPLACE INTO {TABLE} VALUES (?, ?)",
                    (layer, json.dumps(provenances, ensure_ascii=False)))
        con.commit()
    finally:
        con.close()
    return True


def read(source: str) -> list[dict]:
    """The provenance recorded for a GeoPackage layer, [] when there is none."""
    path, layer = split_source(source)
    if path.suffix.lower() != ".gpkg" or not path.is_file():
        return []
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10)
    except sqlite3.Error:
        return []
    try:
        row = con.execute(f"SELECT provenance FROM {TABLE} WHERE layer = ?", (layer,)).fetchone()
    except sqlite3.DatabaseError:
        return []
    finally:
        con.close()
    return json.loads(row[0]) if row else []
