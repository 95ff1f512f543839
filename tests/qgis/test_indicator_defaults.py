"""Defaults that work: every indicator algorithm runs with only the parameters that have no
default (from Python and from ``qgis_process``), on real files of Territoire de Belfort (and the
demo territory for the fragility variables, which the real data of 90 lacks).

coverage and network_coverage need one demand layer (addresses or communes, both optional because
either will do): they get the communes, nothing else; without any, they say what to give."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

pytestmark = pytest.mark.qgis

REPO = Path(__file__).resolve().parents[2]
QGIS_PROCESS = "/usr/bin/qgis_process.bin"
T90 = "territoire_90"
# the layer an algorithm needs among optional ones (any of them would do)
CHOSEN_OPTIONAL = {"coverage": {"COMMUNES"}, "network_coverage": {"COMMUNES"}, "connectivity": {"CONNECTIVITY"}}


@pytest.fixture(scope="module")
def inputs(shared_data, tmp_path_factory, qgis_app, qgis_processing):
    import sys

    import processing
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "support"))
    from provider_registry import registered_provider
    registered_provider()
    d, tmp = shared_data / T90, tmp_path_factory.mktemp("defaults")

    def run(alg, params):
        return processing.run(f"terridiag:{alg}", params)

    f = {"dir": tmp}
    f["communes"] = run("import_communes", {"INPUT": str(d / "communes_90_admin-express-2018_simplifie.geojson"),
                                            "POPULATION": str(d / "communes_90_cog_population_epci.csv"),
                                            "OUTPUT": str(tmp / "communes.gpkg")})["OUTPUT"]
    f["services"] = run("import_services", {"INPUT": str(d / "france_services_90_20240801.csv"),
                                            "OUTPUT": str(tmp / "fs.gpkg")})["OUTPUT"]
    f["connectivity"] = run("import_connectivity", {
        "INPUT": str(d / "arcep_maconnexioninternet_commune_debit_90_2022-12-31.csv"),
        "OUTPUT": str(tmp / "arcep.gpkg")})["OUTPUT"]
    f["roads"] = str(d / "osm_sud_territoire_de_belfort_2011_josm.osm")
    demo = json.loads(run("demo_territory", {"OUTPUT_FOLDER": str(tmp / "demo")})["FILES"])
    f["demo_communes"] = run("import_communes", {"INPUT": demo["communes"], "POPULATION": demo["communes_population"],
                                                 "OUTPUT": str(tmp / "demo_communes.gpkg")})["OUTPUT"]
    f["demo_services"] = run("import_services", {"INPUT": demo["france_services"],
                                                 "OUTPUT": str(tmp / "demo_fs.gpkg")})["OUTPUT"]
    f["fragility"] = demo["fragility"]
    f["demo_diagnosis"] = run("diagnosis", {"COMMUNES": f["demo_communes"], "SERVICES": f["demo_services"],
                                            "VARIABLES": demo["fragility"],
                                            "OUTPUT": str(tmp / "demo_diagnosis.gpkg")})["OUTPUT"]
    return f


def _minimal(f, out: Path) -> dict:
    return {
        "coverage": {"SERVICES": f["services"], "COMMUNES": f["communes"], "OUTPUT": str(out / "coverage.gpkg")},
        "network_coverage": {"SERVICES": f["services"], "ROADS": f["roads"], "COMMUNES": f["communes"],
                             "OUTPUT": str(out / "network.gpkg")},
        "accessibility_2sfca": {"DEMAND": f["communes"], "SERVICES": f["services"], "OUTPUT": str(out / "fsca.gpkg")},
        "connectivity": {"CONNECTIVITY": f["connectivity"], "OUTPUT": str(out / "connectivity.gpkg")},
        "access_surface": {"SERVICES": f["services"], "COMMUNES": f["communes"], "OUTPUT": str(out / "surface.tif")},
        "diagnosis": {"COMMUNES": f["communes"], "SERVICES": f["services"], "OUTPUT": str(out / "diagnosis.gpkg")},
        "typology": {"INPUT": f["demo_diagnosis"], "OUTPUT": str(out / "typology.gpkg")},
        "fragility_index": {"INPUT": f["fragility"], "OUTPUT": str(out / "fragility.gpkg")},
    }


def _needed(alg_id: str) -> set:
    """Parameters that are neither optional nor given a default, nor outputs."""
    from qgis.core import QgsApplication, QgsProcessingParameterDefinition

    alg = QgsApplication.processingRegistry().algorithmById(f"terridiag:{alg_id}")
    return {p.name() for p in alg.parameterDefinitions()
            if not p.flags() & QgsProcessingParameterDefinition.Flag.FlagOptional
            and p.defaultValue() is None and not p.isDestination()}


def test_only_the_parameters_without_default_from_python(inputs, tmp_path):
    import processing
    from qgis.core import QgsApplication

    indicators = {a.name() for a in QgsApplication.processingRegistry().providerById("terridiag").algorithms()
                  if a.groupId() == "indicators"}
    cases = _minimal(inputs, tmp_path)
    assert set(cases) == indicators
    for alg, params in cases.items():
        given = set(params) - {"OUTPUT"}
        # nothing more than what has no default (and, for the "any of" inputs, the one chosen)
        assert given == _needed(alg) | CHOSEN_OPTIONAL.get(alg, set()), alg
        result = processing.run(f"terridiag:{alg}", params)
        assert Path(str(result["OUTPUT"]).split("|")[0]).exists(), alg


def test_coverage_without_any_demand_says_what_to_give(inputs):
    import processing
    from qgis.core import QgsProcessingException

    with pytest.raises(QgsProcessingException, match="ADDRESSES, COMMUNES"):
        processing.run("terridiag:coverage", {"SERVICES": inputs["services"], "OUTPUT": "memory:"})


@pytest.mark.skipif(not os.path.exists(QGIS_PROCESS), reason="qgis_process.bin not installed")
def test_only_the_parameters_without_default_from_qgis_process(inputs, tmp_path):
    import qgis_cli
    for alg, params in _minimal(inputs, tmp_path).items():
        run = qgis_cli.run(f"terridiag:{alg}", params, tmp_path)
        assert run.returncode == 0, (alg, run.stdout[-1500:], run.stderr[-1500:])
        assert Path(params["OUTPUT"]).exists(), alg
