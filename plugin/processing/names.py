"""Output names the dock reads, shared with the algorithms that produce them: the import algorithms
(``algorithms/_common.py``, read by ``gui/data_panel.py``), the demo and the download (``FILES``, one
file output per dataset), the diagnosis's run record (``METADATA``), the what-if and the best sites
(``algorithms/scenarios.py``, read by ``gui/scenario_panel.py``) and the workshop bundle's start page.
The dock reads a result from these outputs only, never from the log text; :data:`OUTPUTS` says which
algorithm declares which (tests/qgis/test_output_names.py checks it against the algorithms, and that
every name a panel reads is there). The parameter names live in ``params.py``. No qgis import: the
dock may import it at start-up."""
from __future__ import annotations

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

# terridiag:optimal_sites's figures (its sites are the sink OUTPUT of params.OptimalSites)
METHOD_USED = "METHOD_USED"
OBJECTIVE_VALUE = "OBJECTIVE_VALUE"      # covered demand (maximal covering) or mean distance in m (p-median)
BASELINE = "BASELINE"                    # the same with the existing places only
GAP = "GAP"                              # relative gap to the solver's bound (0 = proven optimal)
OPTIMAL_FIGURES = (METHOD_USED, OBJECTIVE_VALUE, BASELINE, GAP)

# the diagnosis's (and the fragility index's) run record: parameters, sources, demand, fields (JSON)
METADATA = "METADATA"

# the files written by terridiag:demo_territory and terridiag:download_territory (JSON: dataset -> path(s))
FILES = "FILES"
MANIFEST = "MANIFEST"                    # download_territory's manifest.json
# download_territory's file output of each dataset (core.net.catalog key -> output name)
DATASET_OUTPUTS = {"ban": "BAN", "communes": "COMMUNES", "france_services": "FRANCE_SERVICES",
                   "mediation": "MEDIATION", "arcep": "ARCEP", "arcep_filaire": "ARCEP_FILAIRE",
                   "census": "CENSUS", "filosofi": "FILOSOFI", "grid": "GRID", "iris": "IRIS", "bpe": "BPE",
                   "qpv": "QPV", "roads": "ROADS"}

# import_services: one layer per territory when OUTPUT_TERRITORIES is given
TERRITORY_LAYERS = "TERRITORY_LAYERS"

# terridiag:workshop_bundle's start page (index.html of its FOLDER)
INDEX = "INDEX"

_IMPORT = (OUTPUT,) + COUNTS + (FORMAT_DETECTED, PROVENANCE, PROVENANCE_JSON)
# algorithm id -> the names above it declares as outputs (the panels read no other; the other
# destination parameters are named in params.py)
OUTPUTS = {
    "terridiag:import_communes": _IMPORT,
    "terridiag:import_addresses": _IMPORT,
    "terridiag:import_services": _IMPORT + (TERRITORY_LAYERS,),
    "terridiag:import_connectivity": _IMPORT,
    "terridiag:import_iris": _IMPORT,
    "terridiag:geocode": COUNTS,
    "terridiag:diagnosis": (METADATA,),
    "terridiag:fragility_index": (METADATA,),
    "terridiag:demo_territory": (FILES,),
    "terridiag:download_territory": (FILES, MANIFEST) + tuple(DATASET_OUTPUTS.values()),
    "terridiag:what_if": WHAT_IF_TOTALS,
    "terridiag:optimal_sites": OPTIMAL_FIGURES,
    "terridiag:workshop_bundle": (INDEX,),
}


def import_result(results: dict) -> dict:
    """What an import algorithm's results say: ``rows_read``, ``rows_kept``, ``rejected`` (ints, absent
    when the algorithm gave none) and ``provenance`` (a list of provenance dicts)."""
    import json

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
