"""Output names the dock reads, shared with the algorithms that produce them: the import algorithms
(``algorithms/_common.py``, read by ``gui/data_panel.py``) and the what-if (``algorithms/scenarios.py``,
read by ``gui/scenario_panel.py``). The dock reads a result from these outputs only, never from the
log text. The parameter names live in ``params.py``. No qgis import: the dock may import it at
start-up."""
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

# terridiag:what_if's totals (its layers are the sinks OUTPUT, GAINS and OUTPUT_GAINS of params.WhatIf)
PEOPLE_GAINED = "PEOPLE_GAINED"
SHARE_BEFORE = "SHARE_BEFORE"
SHARE_AFTER = "SHARE_AFTER"
DIST_MEAN_DELTA_M = "DIST_MEAN_DELTA_M"
INHABITANTS_GAINED = "INHABITANTS_GAINED"    # with COMMUNES and their population (None otherwise)

# terridiag:atlas over several départements: {département code: PDF path} (OUTPUT is then empty)
ATLASES = "ATLASES"
WHAT_IF_TOTALS = (PEOPLE_GAINED, SHARE_BEFORE, SHARE_AFTER, DIST_MEAN_DELTA_M, INHABITANTS_GAINED)


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
