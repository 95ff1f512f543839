"""The outputs with the diagnosis by IRIS, through Processing, on the real IRIS of the Territoire de
Belfort: the web map's IRIS layer and QPV overlay, the report's sheet per IRIS, the GeoPackage's
IRIS layer, the atlas of the IRIS. Expected counts come from the IRIS layer the diagnosis wrote."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "support"))
import insee_files as IF  # noqa: E402
import territory_files as TF  # noqa: E402

pytestmark = pytest.mark.qgis
T90 = "territoire_90"


def _run(alg, params):
    import processing
    return processing.run(alg, params)


@pytest.fixture(scope="module")
def diagnosis(shared_data, tmp_path_factory, qgis_app, qgis_processing):
    from provider_registry import registered_provider
    registered_provider()
    d = tmp_path_factory.mktemp("iris_outputs")
    census = []
    for theme in IF.THEMES:
        header, body = IF.base_ic_rows(shared_data, theme)
        census.append(str(IF.write_zip(d / f"base-ic-{theme}-2016_csv.zip", f"base-ic-{theme}-2016", header, body)))
    iris = _run("terridiag:import_iris", {"INPUT": str(TF.write_ign_iris(shared_data, d / "iris.gpkg")),
                                          "CENSUS": census, "QPV": str(TF.write_qpv_geojson(shared_data, d / "q.geojson")),
                                          "OUTPUT": str(d / "iris_in.gpkg")})["OUTPUT"]
    svc = _run("terridiag:import_services", {"INPUT": str(shared_data / T90 / "france_services_90_20240801.csv"),
                                             "OUTPUT": str(d / "fs.gpkg")})["OUTPUT"]
    com = _run("terridiag:import_communes", {"INPUT": str(shared_data / T90 / "communes_90_admin-express-2018_simplifie.geojson"),
                                             "OUTPUT": str(d / "communes.gpkg")})["OUTPUT"]
    res = _run("terridiag:diagnosis", {"COMMUNES": com, "SERVICES": svc, "VARIABLES": iris, "IRIS": iris,
                                       "FSCA": False, "OUTPUT": str(d / "diag.gpkg"),
                                       "OUTPUT_IRIS": str(d / "diag_iris.gpkg")})
    return d, res


def test_web_map_report_export_atlas_with_iris(diagnosis):
    from qgis.core import QgsVectorLayer
    d, res = diagnosis
    iris = QgsVectorLayer(res["OUTPUT_IRIS"], "iris", "ogr")
    codes = [f["code_iris"] for f in iris.getFeatures()]
    split = sorted(c for c in codes if not c.endswith("0000"))
    belfort = [c for c in split if c.startswith("90010")]
    common = {"COMMUNES": res["OUTPUT"], "IRIS": res["OUTPUT_IRIS"], "METADATA": res["METADATA"], "LANGUAGE": 0}
    html = Path(_run("terridiag:web_map", {**common, "OUTPUT": str(d / "map.html")})["OUTPUT"]).read_text(encoding="utf-8")
    payload = json.loads(re.search(r"terridiagMap\([^,]+, (\{.*\}), \{communes:", html).group(1))
    assert sorted(f["properties"]["code"] for f in payload["iris"]["features"]) == split
    assert len(payload["qpv"]["features"]) == 5
    rep = _run("terridiag:report", {**common, "INDICATOR": "ifn_global", "CODES": "90010",
                                    "OUTPUT_HTML": str(d / "r.html"), "OUTPUT_PDF": str(d / "r.pdf")})
    assert Path(rep["OUTPUT_HTML"]).read_text(encoding="utf-8").count("Fiche IRIS") == len(belfort) == 20
    pages = subprocess.run(["pdfinfo", rep["OUTPUT_PDF"]], capture_output=True, text=True).stdout
    assert re.search(r"Pages:\s+23\b", pages)
    exp = _run("terridiag:export", {**common, "OUTPUT_GPKG": str(d / "out.gpkg")})
    layer = QgsVectorLayer(exp["OUTPUT_GPKG"] + "|layername=iris", "x", "ogr")
    assert layer.isValid() and layer.featureCount() == 123
    atlas = _run("terridiag:atlas", {**common, "CODES": "90010", "OUTPUT": str(d / "a.pdf"),
                                     "OUTPUT_IRIS": str(d / "a_iris.pdf")})
    pages = subprocess.run(["pdfinfo", atlas["OUTPUT_IRIS"]], capture_output=True, text=True).stdout
    assert re.search(r"Pages:\s+20\b", pages)
    subprocess.run(["pdftoppm", "-png", "-r", "50", "-f", "11", "-l", "11", atlas["OUTPUT_IRIS"], str(d / "atlas_iris")],
                   check=True)
