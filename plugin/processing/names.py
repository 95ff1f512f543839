"""Output names of the import algorithms, shared by the algorithms (``algorithms/_common.py``) and the
dock (``gui/data_panel.py``): the dock reads an import's result from these outputs only, never from
its log text. No qgis import: the dock may import it at start-up."""
from __future__ import annotations

import json

OUTPUT = "OUTPUT"
ROWS_READ = "ROWS_READ"
ROWS_KEPT = "ROWS_KEPT"
ROWS_REJECTED = "ROWS_REJECTED"
FORMAT_DETECTED = "FORMAT_DETECTED"
PROVENANCE = "PROVENANCE"                # one line for a person: "source — vintage — licence"
PROVENANCE_JSON = "PROVENANCE_JSON"      # the records (core.provenance.Provenance dicts) as a JSON list

COUNTS = (ROWS_READ, ROWS_KEPT, ROWS_REJECTED)


def import_result(results: dict) -> dict:
    """What an import algorithm's results say: ``rows_read``, ``rows_kept``, ``rejected`` (ints, absent
    when the algorithm gave none) and ``provenance`` (a list of provenance dicts)."""
    out = {}
    for key, dest in zip(COUNTS, ("rows_read", "rows_kept", "rejected")):
        value = (results or {}).get(key)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            out[dest] = int(value)
    raw = (results or {}).get(PROVENANCE_JSON)
    records = []
    if isinstance(raw, str) and raw:
        try:
            records = json.loads(raw)
        except ValueError:
            records = []
    out["provenance"] = [r for r in records if isinstance(r, dict)] if isinstance(records, list) else []
    return out
