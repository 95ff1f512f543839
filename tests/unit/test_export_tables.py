"""CSV / XLSX tables with a data dictionary, and the GeoPackage with metadata."""
from __future__ import annotations

import json
import sqlite3
import sys
from pathlib import Path

import pandas as pd
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import export_samples as S  # noqa: E402

from terridiag.plugin.core.errors import InputDataError, ParameterError  # noqa: E402
from terridiag.plugin.core.export.gpkg import read_metadata, write_geopackage  # noqa: E402
from terridiag.plugin.core.export.tables import data_dictionary, write_csv, write_xlsx  # noqa: E402


def test_csv_for_french_excel(tmp_path):
    out = write_csv(tmp_path / "communes.csv", S.communes())
    raw = out.read_bytes()
    assert raw[:3] == b"\xef\xbb\xbf"                      # BOM: Excel reads UTF-8
    lines = raw.decode("utf-8-sig").splitlines()
    header = lines[0].split(";")
    assert "geometry" not in header and header[:3] == ["code_insee", "nom", "population"]
    assert len(lines) == 10
    first = dict(zip(header, lines[1].split(";")))
    assert first["code_insee"] == "01001" and first["nom"] == "Aubiac"
    assert first["share_within"] == "0,92" and first["dist_mean_m"] == "1800,0"
    masked = dict(zip(header, lines[3].split(";")))
    assert masked["share_within"] == "" and masked["masked"] == "True"
    # read back with pandas as a user would
    back = pd.read_csv(out, sep=";", decimal=",", encoding="utf-8-sig", dtype={"code_insee": str})
    assert back["share_within"].iloc[0] == pytest.approx(0.92)
    assert back["nom"].iloc[4] == "Éclans"


def test_csv_defuses_formulas(tmp_path):
    frame = pd.DataFrame({"name": ["=HYPERLINK(\"http://x\")", "+1+2", "-3", "normal", "@SUM(A1)"], "v": [1, 2, 3, 4, 5]})
    out = write_csv(tmp_path / "t.csv", frame)
    text = out.read_text(encoding="utf-8-sig").splitlines()
    assert text[1].startswith('"\'=HYPERLINK(""http://x"")";') and text[2].startswith("'+1+2")
    assert text[3].startswith("-3;") and text[4].startswith("normal;") and text[5].startswith("'@SUM")


def test_xlsx_with_dictionary_sources_parameters(tmp_path):
    from openpyxl import load_workbook

    out = write_xlsx(tmp_path / "diag.xlsx", S.communes(), S.services(), S.metadata())
    wb = load_workbook(out)
    assert wb.sheetnames == ["communes", "services", "data_dictionary", "sources", "parameters", "notes"]
    ws = wb["communes"]
    header = [c.value for c in ws[1]]
    assert ws.max_row == 10 and "geometry" not in header
    row2 = {h: c.value for h, c in zip(header, ws[2])}
    assert row2["code_insee"] == "01001"                      # text, leading zero kept
    assert row2["share_within"] == pytest.approx(0.92)
    assert ws.cell(row=2, column=header.index("share_within") + 1).number_format == "0.0%"
    row4 = {h: c.value for h, c in zip(header, ws[4])}
    assert row4["share_within"] is None and row4["masked"] is True
    assert row4["nom"] == S.HOSTILE                          # text as is, it is a spreadsheet cell
    d = wb["data_dictionary"]
    dic = {r[0].value: [c.value for c in r] for r in d.iter_rows(min_row=2)}
    # the label states its threshold (the table's share_within_5km) and what it counts (addresses)
    assert dic["share_within"][1] == "Share of addresses within 5\u00a0km" and dic["share_within"][2] == "share (0-1)"
    assert dic["dist_mean_m"][2] == "metres" and "addresses" in dic["dist_mean_m"][4]
    assert "x" in dic and "name" in dic                      # services columns are described too
    src = [[c.value for c in r] for r in wb["sources"].iter_rows()]
    assert src[0][:4] == ["source", "producer", "vintage", "licence"]
    assert src[3][0] == "OpenStreetMap" and src[3][3].startswith("ODbL")
    params = {r[0].value: r[1].value for r in wb["parameters"].iter_rows(min_row=2)}
    assert params["radius_m"] == "5000" and json.loads(params["weights"]) == {"age": 1, "diploma": 1}
    notes = [r[0].value for r in wb["notes"].iter_rows(min_row=2)]
    assert notes[-1].startswith("Contains data © OpenStreetMap contributors") and "ODbL" in notes[-1]


def test_xlsx_formula_text_is_not_a_formula(tmp_path):
    from openpyxl import load_workbook

    frame = pd.DataFrame({"name": ["=1+1", "ok"]})
    out = write_xlsx(tmp_path / "f.xlsx", frame)
    ws = load_workbook(out)["communes"]
    assert ws["A2"].value == "=1+1" and ws["A2"].data_type == "s"


def test_dictionary_french():
    d = data_dictionary(["share_within", "unknown_field"], lang="fr")
    assert list(d.columns) == ["champ", "libellé", "unité", "description", "source"]
    assert d.iloc[0, 1] == "Part à moins du seuil" and d.iloc[0, 2] == "part (0-1)"
    assert d.iloc[1, 1] == "unknown_field"                   # not in the catalog: its name


def test_geopackage_layers_and_metadata(tmp_path):
    import geopandas as gpd

    meta = S.metadata()
    out = write_geopackage(tmp_path / "diag.gpkg", {"communes": S.communes(), "services": S.services(),
                                                    "areas": S.areas()}, meta)
    com = gpd.read_file(out, layer="communes")
    assert len(com) == 9 and com.crs.to_epsg() == 2154
    assert com.loc[com.code_insee == "01001", "share_within"].iloc[0] == pytest.approx(0.92)
    assert com.geometry.area.sum() == pytest.approx(9 * 16e6)
    svc = gpd.read_file(out, layer="services")
    assert len(svc) == 7 and svc.geometry.x.iloc[0] == pytest.approx(S.X0 + 2000)
    assert svc["name"].iloc[1] == S.HOSTILE
    back = read_metadata(out)
    assert back["sources"] == meta["sources"] and back["parameters"]["weights"] == {"age": 1, "diploma": 1}
    assert back["layers"] == ["communes", "services", "areas"]
    con = sqlite3.connect(out)
    kinds = dict(con.execute("SELECT table_name, data_type FROM gpkg_contents"))
    assert kinds == {"communes": "features", "services": "features", "areas": "features",
                     "terridiag_fields": "attributes", "terridiag_metadata": "attributes"}
    md = con.execute("SELECT mime_type, metadata FROM gpkg_metadata").fetchall()
    assert len(md) == 1 and md[0][0] == "application/json" and json.loads(md[0][1])["title"] == meta["title"]
    refs = con.execute("SELECT reference_scope, table_name FROM gpkg_metadata_reference ORDER BY rowid").fetchall()
    assert refs[0] == ("geopackage", None) and ("table", "communes") in refs
    fields = dict(con.execute("SELECT field, label FROM terridiag_fields"))
    assert fields["dist_p90_m"] == "90th percentile distance"
    assert con.execute("SELECT value FROM terridiag_metadata WHERE key='synthetic'").fetchone()[0] == "true"
    con.close()


def test_geopackage_styles_and_atomicity(tmp_path):
    out = tmp_path / "diag.gpkg"
    qml = "<!DOCTYPE qgis><qgis version=\"3.22\"><renderer-v2 type=\"singleSymbol\"/></qgis>"
    write_geopackage(out, {"communes": S.communes()}, {}, styles={"communes": qml})
    con = sqlite3.connect(out)
    assert con.execute("SELECT f_table_name, useAsDefault, styleQML FROM layer_styles").fetchall() == [
        ("communes", 1, qml)]
    con.close()
    before = out.read_bytes()
    bad = S.services()
    bad.attrs = {}
    with pytest.raises(InputDataError, match="layer 'services' has x/y but no CRS"):
        write_geopackage(out, {"communes": S.communes(), "services": bad}, {})
    with pytest.raises(ParameterError, match="no layer with geometry"):
        write_geopackage(out, {"table": pd.DataFrame({"a": [1]})}, {})
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["diag.gpkg"]
