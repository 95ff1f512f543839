"""The four output algorithms from ``qgis_process`` with their required parameters only: left out,
INDICATOR takes its default (QGIS 3.22 used to refuse it: "Incorrect parameter value for
INDICATOR") and METADATA is read from the communes GeoPackage."""
from __future__ import annotations

import json
import os
import sqlite3
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit"))
sys.path.insert(0, str(Path(__file__).resolve().parent))
import export_samples as S  # noqa: E402
from test_qgis_process import QGIS_PROCESS, REPO, _run  # noqa: E402

pytestmark = [pytest.mark.e2e,
              pytest.mark.skipif(not os.path.exists(QGIS_PROCESS), reason="qgis_process.bin not installed")]


def test_output_algorithms_run_with_their_required_parameters_only(tmp_path):
    from terridiag.plugin.core.export.gpkg import write_geopackage

    plugins = tmp_path / ".local/share/QGIS/QGIS3/profiles/default/python/plugins"
    plugins.mkdir(parents=True)
    (plugins / "terridiag").symlink_to(REPO, target_is_directory=True)
    assert _run(["plugins", "enable", "terridiag"], tmp_path).returncode == 0
    diag = tmp_path / "diag.gpkg"
    write_geopackage(diag, {"communes": S.communes()}, S.metadata())
    communes = f"{diag}|layername=communes"
    calls = {"web_map": [f"OUTPUT={tmp_path / 'map.html'}"],
             "report": [f"OUTPUT_HTML={tmp_path / 'report.html'}"],
             "atlas": [f"OUTPUT={tmp_path / 'atlas.pdf'}"],
             "export": [f"OUTPUT_GPKG={tmp_path / 'export.gpkg'}"]}
    for alg, outputs in calls.items():
        run = _run(["--json", "run", f"terridiag:{alg}", "--", f"COMMUNES={communes}", *outputs], tmp_path)
        assert run.returncode == 0, (alg, run.stdout[-2000:] + run.stderr[-2000:])
        results = json.loads(run.stdout[run.stdout.index("{"):])["results"]
        for value in results.values():
            assert not value or Path(value).stat().st_size > 1000, (alg, results)
    html = (tmp_path / "map.html").read_text(encoding="utf-8")
    # the default indicator, and the metadata of the GeoPackage: its title, sources and ODbL notice
    assert "Part des adresses à moins de 5\u00a0km" in html and 'id="td-odbl"' in html
    assert "Pays &lt;de&gt; Test" in (tmp_path / "report.html").read_text(encoding="utf-8")
    con = sqlite3.connect(tmp_path / "export.gpkg")
    meta = json.loads(con.execute("SELECT value FROM terridiag_metadata WHERE key='metadata'").fetchone()[0])
    con.close()
    assert len(meta["sources"]) == 3 and meta["statements"]["sources"][-1].startswith("Contient des données ©")
