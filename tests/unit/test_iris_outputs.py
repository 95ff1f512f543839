"""IRIS everywhere, on the real IRIS of the Territoire de Belfort: the diagnosis's table by IRIS
(fragility, access figures, confidentiality, labels, QPV flag), the web map's IRIS layer and QPV
overlay, the report's sheet per IRIS. Expected values: the upstream csv, shapely one point at a
time, and the diagnosis's own commune table."""
from __future__ import annotations

import csv
import json
import re
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "support"))
import territory_files as TF  # noqa: E402

from terridiag.plugin.core.indicators.diagnosis import run_diagnosis  # noqa: E402
from terridiag.plugin.core.sources.census import read_fragility_inputs  # noqa: E402
from terridiag.plugin.core.sources.communes import read_communes  # noqa: E402
from terridiag.plugin.core.sources.iris import flag_qpv, join_census, read_iris  # noqa: E402
from terridiag.plugin.core.sources.qpv import read_qpv  # noqa: E402
from terridiag.plugin.core.sources.services import read_france_services  # noqa: E402

T90 = "territoire_90"


@pytest.fixture(scope="module")
def diagnosed(shared_data, tmp_path_factory):
    d = tmp_path_factory.mktemp("iris")
    census, _ = read_fragility_inputs([shared_data / T90 / "iris_90_fragility_inputs_rp2016.csv"])
    iris, report = read_iris(shared_data / T90 / "iris_90_rp2016.geojson")
    qpv, _ = read_qpv(TF.write_qpv_geojson(shared_data, d / "qpv.geojson"))
    iris = flag_qpv(join_census(iris, census, report), qpv)
    communes, _ = read_communes(shared_data / T90 / "communes_90_admin-express-2018_simplifie.geojson")
    services, _ = read_france_services(shared_data / T90 / "france_services_90_20240801.csv")
    # addresses: 15 in one IRIS of Belfort (shown), 5 in another (masked), at points inside them
    polys = iris.set_index("code_iris").geometry
    pts = []
    for code, n in (("900100503", 15), ("900100302", 5)):
        p = polys[code].representative_point()
        pts += [(code, p.x + k * 0.5, p.y) for k in range(n)]
    addresses = pd.DataFrame({"code_insee": "90010", "x": [p[1] for p in pts], "y": [p[2] for p in pts]})
    got = {}
    out, meta = run_diagnosis(communes, addresses, services, population_vars=pd.DataFrame(
        iris.drop(columns="geometry")), iris=iris, params={"fsca": False}, units_out=got)
    return out, meta, got["iris"], iris, services, pts


def test_table_by_iris(diagnosed, shared_data):
    out, meta, table, iris, services, pts = diagnosed
    assert len(table) == 123 and table.crs == iris.crs
    t = table.set_index("code_iris")
    # labels: "Commune — IRIS" for split communes, the commune's name for a commune that is one IRIS
    assert t.loc["900100503", "nom"] == "Belfort — Glacis du Château"
    assert t.loc["900010000", "nom"] == "Andelnans"
    # access: each IRIS's own demand; 15 addresses shown, 5 masked (confidentiality applies to IRIS)
    assert t.loc["900100503", "n_addresses"] == 15 and not t.loc["900100503", "masked"]
    assert t.loc["900100302", "n_addresses"] == 5 and t.loc["900100302", "masked"]
    assert np.isnan(t.loc["900100302", "dist_mean_m"]) and t.loc["900100302", "mask_reason"] == "fewer than 11 addresses"
    # the mean distance of the 15 addresses, computed here point by point
    sx, sy = services["x"].to_numpy(float), services["y"].to_numpy(float)
    expected = np.mean([np.min(np.hypot(sx - x, sy - y)) for code, x, y in pts if code == "900100503"])
    assert t.loc["900100503", "dist_mean_m"] == pytest.approx(expected, rel=1e-9)
    # an IRIS without address: its population at one point inside it; without inhabitants: no figure
    assert t.loc["900100101", "demand_source"] == "iris" and np.isfinite(t.loc["900100101", "dist_mean_m"])
    assert np.isnan(t.loc["900100205", "dist_mean_m"])
    assert meta["steps"]["iris"]["iris_without_inhabitants"] == ["900100104", "900100205"]
    # fragility and QPV travel with the IRIS
    assert t.loc["900100503", "qpv"] and t.loc["900100503", "qpv_codes"] == "QP090001"
    assert t["ifn_global"].notna().sum() == 121


def test_web_map_has_the_iris_and_the_qpv(diagnosed, tmp_path):
    from terridiag.plugin.core.export.webmap import write_web_map

    out, meta, table, iris, services, pts = diagnosed
    html = write_web_map(tmp_path / "m.html", out, services, meta, "share_within", lang="fr",
                         iris=table).read_text(encoding="utf-8")
    payload = json.loads(re.search(r"terridiagMap\([^,]+, (\{.*\}), \{communes:", html).group(1))
    split = [c for c in table["code_iris"] if not c.endswith("0000")]
    assert sorted(f["properties"]["code"] for f in payload["iris"]["features"]) == sorted(split)
    glacis = next(f for f in payload["iris"]["features"] if f["properties"]["code"] == "900100503")
    assert glacis["properties"]["nom"] == "Belfort — Glacis du Château"
    rows = dict(zip(payload["iris"]["fields"], glacis["properties"]["vals"]))
    assert any(k.startswith("Score global de fragilité") for k in rows)
    assert len(payload["qpv"]["features"]) == int(table["qpv"].sum()) == 5
    assert "IRIS en quartier prioritaire (QPV)" in html and 'id="td-iris-legend"' in html
    # without IRIS, the web map is what it was
    plain = write_web_map(tmp_path / "p.html", out, services, meta, "share_within", lang="fr").read_text(encoding="utf-8")
    assert '"iris":null' in plain and "td-iris-legend" not in plain


def test_report_has_a_sheet_per_iris(diagnosed, tmp_path):
    from terridiag.plugin.core.export.report import build_report, write_report

    out, meta, table, iris, services, pts = diagnosed
    report = build_report(out, services, meta, "ifn_global", lang="fr", codes=["90010", "90001"], iris=table)
    units = [(s.code, s.unit) for s in report.sheets]
    belfort_iris = sorted(c for c in table["code_iris"] if c.startswith("90010"))
    # Andelnans (one IRIS: its commune sheet), Belfort, then each of its 20 IRIS
    assert units[0] == ("90001", "commune") and units[1] == ("90010", "commune")
    assert [c for c, u in units[2:]] == belfort_iris and {u for _c, u in units[2:]} == {"iris"}
    glacis = next(s for s in report.sheets if s.code == "900100503")
    assert glacis.nom == "Belfort — Glacis du Château"
    assert any("quartier prioritaire de la politique de la ville (QPV QP090001)" in r for r in glacis.reading)
    shown = dict((label, value) for label, value, _t in glacis.rows)
    assert shown["Adresses"] == "15"
    braille = next(s for s in report.sheets if s.code == "900100302")
    hidden = {lab: v for lab, v, _t in braille.rows}
    assert braille.masked and hidden["Distance médiane au service le plus proche"].startswith("masqué")
    assert hidden["Adresses"] == "5" and not hidden["Score global de fragilité numérique (base 100)"].startswith("masqué")
    paths = write_report(out, services, meta, "ifn_global", html_path=tmp_path / "r.html", pdf_path=tmp_path / "r.pdf",
                         lang="fr", codes=["90010"], iris=table)
    html = paths["html"].read_text(encoding="utf-8")
    assert html.count("Fiche IRIS") == 20 and "Belfort — Glacis du Château" in html
    import subprocess
    pages = subprocess.run(["pdfinfo", str(paths["pdf"])], capture_output=True, text=True).stdout
    assert re.search(r"Pages:\s+23\b", pages)       # territory page, Belfort, 20 IRIS, about page
