"""The census, IRIS, grid and QPV imports, the fragility index and the diagnosis's fragility stage
through Processing, on the real IRIS of the Territoire de Belfort in INSEE's and IGN's layouts
(tests/support/insee_files.py, territory_files.py). Expected values come from the core readers
(themselves checked against the csv module in tests/unit) and from the upstream file."""
from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "support"))
import insee_files as IF  # noqa: E402
import territory_files as TF  # noqa: E402

pytestmark = pytest.mark.qgis
IFN90 = "territoire_90/iris_90_fragility_inputs_rp2016.csv"
COMMUNES90 = "territoire_90/communes_90_admin-express-2018_simplifie.geojson"
FS90 = "territoire_90/france_services_90_20240801.csv"


def _run(alg, params, feedback=None):
    import processing
    return processing.run(alg, params, feedback=feedback)


def _features(layer):
    from qgis.core import QgsVectorLayer
    if isinstance(layer, str):
        layer = QgsVectorLayer(layer, "x", "ogr")
    names = [f.name() for f in layer.fields()]

    def py(v):
        return None if v is None or (hasattr(v, "isNull") and v.isNull()) else v
    return pd.DataFrame([dict(zip(names, map(py, f.attributes()))) for f in layer.getFeatures()])


class Capture:
    def __new__(cls):
        from qgis.core import QgsProcessingFeedback

        class _C(QgsProcessingFeedback):
            def __init__(self):
                super().__init__()
                self.lines = []

            def pushInfo(self, text):  # noqa: N802
                self.lines.append(text)

            def pushWarning(self, text):  # noqa: N802
                self.lines.append(text)

            def reportError(self, text, fatalError=False):  # noqa: N802
                self.lines.append(text)
        return _C()


@pytest.fixture(scope="module")
def files(shared_data, tmp_path_factory):
    d = tmp_path_factory.mktemp("insee")
    out = {"census": []}
    for theme in IF.THEMES:
        header, body = IF.base_ic_rows(shared_data, theme)
        name = f"base-ic-{theme}-2016"
        out["census"].append(str(IF.write_zip(d / f"{name}_csv.zip", name, header, body)))
    fh, fb = IF.filosofi_iris_rows(shared_data)
    filo = d / "BASE_TD_FILO_DISP_IRIS_2015.csv"
    filo.write_bytes(IF.csv_bytes(fh, fb))
    out["census"].append(str(filo))
    out["iris"] = str(TF.write_ign_iris(shared_data, d / "CONTOURS-IRIS_2022.gpkg"))
    out["qpv"] = str(TF.write_qpv_geojson(shared_data, d / "qpv.geojson"))
    out["grid"] = str(TF.write_grid_gpkg(shared_data, d / "carreaux.gpkg"))
    return out


def _pop(shared_data):
    with open(shared_data / IFN90, encoding="utf-8", newline="") as fh:
        return {r["IRIS"]: float(r["P16_POP"]) for r in csv.DictReader(fh)}


def test_import_census_table(terridiag_provider, files, shared_data):
    from terridiag.plugin.core.indicators.mednum import add_rates
    from terridiag.plugin.core.sources.census import read_fragility_inputs
    res = _run("terridiag:import_census", {"INPUT": files["census"], "OUTPUT": "memory:"})
    got = _features(res["OUTPUT"]).set_index("code_iris")
    exp, _ = add_rates(read_fragility_inputs(files["census"]).data)
    exp = exp.set_index("code_iris")
    assert len(got) == 123 and res["ROWS_KEPT"] == 123
    for col in ("population", "households", "age_65_plus_share", "low_diploma_share", "single_parent_share",
                "median_income"):
        np.testing.assert_allclose(got.loc[exp.index, col].astype(float), exp[col], rtol=1e-12, equal_nan=True)
    lam = next(f for f in res["OUTPUT"].getFeatures() if f["code_iris"] == "900610000")
    assert lam["median_income"] is None or lam["median_income"].isNull()    # secret: NULL, not 0
    assert "RP2016" in res["PROVENANCE"] and "Filosofi 2015" in res["PROVENANCE"]


def test_import_iris_with_census_and_qpv(terridiag_provider, files, shared_data):
    res = _run("terridiag:import_iris", {"INPUT": files["iris"], "CENSUS": files["census"], "QPV": files["qpv"],
                                         "OUTPUT": "memory:"})
    layer = res["OUTPUT"]
    assert layer.crs().authid() == "EPSG:2154" and layer.featureCount() == 123
    got = _features(layer).set_index("code_iris")
    pop = _pop(shared_data)
    for code, p in pop.items():
        assert float(got.loc[code, "population"]) == pytest.approx(p)
    assert set(got.index[got["qpv"].astype(bool)]) == set(TF.QPV_STAND_INS.values())
    assert got.loc["900100503", "qpv_codes"] == "QP090001"
    assert "IGN CONTOURS-IRIS" in res["PROVENANCE"]


def test_import_grid_and_qpv(terridiag_provider, files, shared_data):
    from qgis.core import QgsVectorLayer
    communes = QgsVectorLayer(str(shared_data / COMMUNES90), "communes", "ogr")
    res = _run("terridiag:import_grid", {"INPUT": files["grid"], "COMMUNES": communes, "OUTPUT": "memory:"})
    cells = _features(res["OUTPUT"])
    assert len(cells) > 1000 and cells["population"].astype(float).gt(0).all()
    assert set(cells["code_insee"]) <= {f["code"] for f in communes.getFeatures()}
    res = _run("terridiag:import_qpv", {"INPUT": files["qpv"], "ATTRIBUTES": str(shared_data / TF.QPV90),
                                        "OUTPUT": "memory:"})
    q = _features(res["OUTPUT"]).set_index("code_qp")
    assert float(q.loc["QP090004", "population_qpv"]) == 10048 and len(q) == 5


def test_fragility_index_by_iris_and_commune(terridiag_provider, files, shared_data):
    from terridiag.plugin.core.indicators.fragility import mednum2019, mednum_by_commune
    iris = _run("terridiag:import_iris", {"INPUT": files["iris"], "CENSUS": files["census"],
                                          "OUTPUT": "memory:"})["OUTPUT"]
    fb = Capture()
    res = _run("terridiag:fragility_index", {"INPUT": iris, "METHOD": 0, "OUTPUT": "memory:",
                                             "OUTPUT_COMMUNES": "memory:"}, feedback=fb)
    meta = json.loads(res["METADATA"])
    out = _features(res["OUTPUT"]).set_index("code_iris")
    assert meta["units_scored"] == 121 and res["OUTPUT"].featureCount() == 123
    assert res["OUTPUT"].geometryType() == 2                           # polygons kept (map per IRIS)
    exp, _ = mednum2019(_features(iris))
    exp = exp.set_index("code_iris")
    np.testing.assert_allclose(out.loc[exp.index, "ifn_global"].astype(float), exp["ifn_global"], rtol=1e-12,
                               equal_nan=True)
    com = _features(res["OUTPUT_COMMUNES"]).set_index("code_insee")
    ecom, _ = mednum_by_commune(exp.reset_index())
    np.testing.assert_allclose(com.loc[ecom["code_insee"], "ifn_global"].astype(float), ecom["ifn_global"],
                               rtol=1e-12)
    # the log names each missing variable and where it comes from
    text = "\n".join(fb.lines)
    assert "unemployment_rate: absent from the data — INSEE census activite-residents" in text
    # the Filosofi file has the poverty-rate column, but every value is blank or secret
    assert "poverty_rate: no value in the data (all missing or secret) — INSEE Filosofi" in text


def test_fragility_index_refusal_says_where_the_data_is(terridiag_provider):
    from qgis.core import QgsFeature, QgsField, QgsProcessingException, QgsVectorLayer
    from qgis.PyQt.QtCore import QVariant
    layer = QgsVectorLayer("None", "t", "memory")
    layer.dataProvider().addAttributes([QgsField("code_insee", QVariant.String), QgsField("foo", QVariant.Double)])
    layer.updateFields()
    f = QgsFeature(layer.fields())
    f.setAttributes(["90010", 1.0])
    layer.dataProvider().addFeatures([f])
    with pytest.raises(QgsProcessingException, match="none of the eleven variables") as e:
        _run("terridiag:fragility_index", {"INPUT": layer, "METHOD": 0, "OUTPUT": "memory:"})
    assert "import_census" in str(e.value) and "download_territory" in str(e.value)


def _services_and_communes(shared_data, tmp_path):
    svc = _run("terridiag:import_services", {"INPUT": str(shared_data / FS90),
                                             "OUTPUT": str(tmp_path / "fs.gpkg")})["OUTPUT"]
    com = _run("terridiag:import_communes", {"INPUT": str(shared_data / COMMUNES90),
                                             "POPULATION": str(shared_data / "territoire_90/communes_90_cog_population_epci.csv"),
                                             "OUTPUT": str(tmp_path / "communes.gpkg")})["OUTPUT"]
    return svc, com


def test_diagnosis_fragility_by_iris(terridiag_provider, files, shared_data, tmp_path):
    from terridiag.plugin.core.indicators.fragility import mednum2019, mednum_by_commune
    svc, com = _services_and_communes(shared_data, tmp_path)
    iris = _run("terridiag:import_iris", {"INPUT": files["iris"], "CENSUS": files["census"], "QPV": files["qpv"],
                                          "OUTPUT": str(tmp_path / "iris.gpkg")})["OUTPUT"]
    res = _run("terridiag:diagnosis", {"COMMUNES": com, "SERVICES": svc, "VARIABLES": iris,
                                       "IRIS": iris, "FSCA": False, "OUTPUT": str(tmp_path / "diag.gpkg"),
                                       "OUTPUT_IRIS": str(tmp_path / "diag_iris.gpkg")})
    meta = json.loads(res["METADATA"])
    frag = meta["steps"]["fragility"]
    assert frag["level"] == "iris" and frag["units_scored"] == 121
    assert frag["by_commune"]["communes_scored"] == 101
    scored_iris = _features(res["OUTPUT_IRIS"]).set_index("code_iris")
    assert scored_iris["ifn_global"].notna().sum() == 121
    assert set(scored_iris.index[scored_iris["qpv"].astype(bool)]) == set(TF.QPV_STAND_INS.values())
    # the commune layer has the population-weighted mean of its IRIS (the IRIS scores as written)
    units = _features(iris)
    exp, _ = mednum2019(units)
    ecom, _ = mednum_by_commune(exp)
    diag = _features(res["OUTPUT"]).set_index("code_insee")
    e = ecom.set_index("code_insee")
    common = diag.index.intersection(e.index)
    assert len(common) == 101 and len(diag) == 102
    # Moval (90073), merged in 2019, is in the 2018 boundaries but has no IRIS of RP2016: no score, said why
    assert diag.loc["90073", "ifn_global"] is None or np.isnan(diag.loc["90073", "ifn_global"])
    assert diag.loc["90073", "ifn_missing"] == "no IRIS of this commune in the fragility data"
    assert frag["communes_without_iris"] == ["90073"]
    np.testing.assert_allclose(diag.loc[common, "ifn_global"].astype(float), e.loc[common, "ifn_global"],
                               rtol=1e-9)
    assert diag.loc[common, "typology"].notna().all()


def test_diagnosis_auto_says_why_no_fragility(terridiag_provider, shared_data, tmp_path):
    svc, com = _services_and_communes(shared_data, tmp_path)
    fb = Capture()
    res = _run("terridiag:diagnosis", {"COMMUNES": com, "SERVICES": svc, "FSCA": False,
                                       "OUTPUT": str(tmp_path / "d.gpkg")}, feedback=fb)
    meta = json.loads(res["METADATA"])
    skip = meta["steps"]["fragility"]
    assert skip["skipped"] == "no fragility variable in the data"
    assert "median_income" in skip["variables_missing"] and "Filosofi" in skip["where_to_get_missing"]["median_income"]
    text = "\n".join(fb.lines)
    assert "Fragility index not computed" in text and "import_census" in text
