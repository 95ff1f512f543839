"""The result contract of the imports: each import algorithm declares and returns its counts and its
provenance records as outputs (``processing.names``), and the dock reads only those
(``names.import_result``), never the log text."""
from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.qgis
def test_import_returns_its_counts_and_provenance_records(terridiag_provider, shared_data):
    import processing
    from qgis.core import QgsApplication

    from terridiag.plugin.processing import names

    path = shared_data / "territoire_90" / "france_services_90_20240801.csv"
    with open(path, encoding="utf-8") as fh:
        data_rows = sum(1 for line in fh if line.strip()) - 1          # minus the header
    result = processing.run("terridiag:import_services", {"INPUT": str(path), "OUTPUT": "memory:"})
    parsed = names.import_result(result)
    assert parsed["rows_read"] == data_rows == 4
    assert parsed["rows_kept"] == result["OUTPUT"].featureCount() == 4 and parsed["rejected"] == 0
    records = json.loads(result[names.PROVENANCE_JSON])
    assert parsed["provenance"] == records and len(records) == 1
    assert records[0]["vintage"] == "2024-08-01" and records[0]["synthetic"] is False
    # the one-line label is built from the same record
    assert result[names.PROVENANCE].startswith(records[0]["source"])
    # every import the dock runs declares the outputs the dock reads
    from terridiag.plugin.gui.data_panel import ROLES
    for _label, alg_id, _required in ROLES.values():
        if not alg_id:
            continue
        alg = QgsApplication.processingRegistry().algorithmById(alg_id)
        declared = {o.name() for o in alg.outputDefinitions()}
        assert {names.OUTPUT, *names.COUNTS, names.PROVENANCE_JSON} <= declared, alg_id


def test_import_result_reads_outputs_only():
    from terridiag.plugin.processing.names import import_result

    assert import_result({}) == {"provenance": []}
    got = import_result({"ROWS_READ": 10, "ROWS_KEPT": 8.0, "ROWS_REJECTED": 2,
                         "PROVENANCE_JSON": json.dumps([{"source": "BAN", "vintage": "2024"}]),
                         "PROVENANCE": "ignored — 1999 — licence"})
    assert got == {"rows_read": 10, "rows_kept": 8, "rejected": 2,
                   "provenance": [{"source": "BAN", "vintage": "2024"}]}
    assert import_result({"PROVENANCE_JSON": "not json"}) == {"provenance": []}


def _gui_modules():
    return sorted((ROOT / "plugin" / "gui").glob("*.py"))


def test_no_panel_parses_log_text():
    """No module under plugin/gui defines a log parser, runs a regex over log/feedback text, or reads an
    output no algorithm produces (REPORT, REPORT_JSON, n_rejected: the old guesses)."""
    log_names = {"lines", "log", "text", "message", "feedback", "report"}
    for path in _gui_modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                assert not node.name.startswith(("parse_report", "parse_log", "_parse_log")), (path.name, node.name)
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                assert node.value not in ("REPORT", "REPORT_JSON", "n_rejected", "PATHS"), (path.name, node.value)
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == "re"
                    and node.func.attr in ("search", "match", "findall", "finditer", "fullmatch")):
                subject = node.args[1] if len(node.args) > 1 else None
                used = {n.id for n in ast.walk(subject) if isinstance(n, ast.Name)} if subject is not None else set()
                assert not used & log_names, (path.name, node.lineno, used)
