"""The workshop sheet and the offline bundle through Processing, on the real files of the
Territoire de Belfort: imports, the diagnosis, then terridiag:workshop_sheet for one commune and
terridiag:workshop_bundle for the territory (with the mapping-party checklist of the real OSM
extract)."""
from __future__ import annotations

import re
import subprocess

import pytest

pytestmark = pytest.mark.qgis
pytest.importorskip("opening_hours", reason="opening-hours-py is an optional dependency (scripts/setup.sh)")


def _run(alg, params):
    import processing
    return processing.run(alg, params)


@pytest.fixture(scope="module")
def diagnosis_90(shared_data, tmp_path_factory, qgis_app, qgis_processing):
    import sys
    from pathlib import Path
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "support"))
    from provider_registry import registered_provider
    registered_provider()
    tmp = tmp_path_factory.mktemp("workshop90")
    d = shared_data / "territoire_90"
    fs = _run("terridiag:import_services", {"INPUT": str(d / "france_services_90_20240801.csv"),
                                             "OUTPUT": str(tmp / "fs.gpkg")})["OUTPUT"]
    med = _run("terridiag:import_services", {"INPUT": str(d / "lieux_mediation_numerique_cnfs_90_2022-07.csv"),
                                              "OUTPUT": str(tmp / "med.gpkg")})["OUTPUT"]
    com = _run("terridiag:import_communes", {"INPUT": str(d / "communes_90_admin-express-2018_simplifie.geojson"),
                                             "POPULATION": str(d / "communes_90_cog_population_epci.csv"),
                                             "OUTPUT": str(tmp / "communes.gpkg")})["OUTPUT"]
    res = _run("terridiag:diagnosis", {"COMMUNES": com, "SERVICES": [fs, med], "FSCA": False, "MIN_COUNT": 0,
                                       "OUTPUT": str(tmp / "diag.gpkg"), "OUTPUT_SERVICES": str(tmp / "used.gpkg")})
    (tmp / "meta.json").write_text(res["METADATA"], encoding="utf-8")
    return d, tmp, str(tmp / "diag.gpkg"), str(tmp / "used.gpkg")


def test_sheet_for_one_commune(diagnosis_90):
    d, tmp, diag, used = diagnosis_90
    res = _run("terridiag:workshop_sheet", {
        "COMMUNES": diag, "SERVICES": [used], "CODES": "90053", "METADATA": str(tmp / "meta.json"),
        "ROADS": str(d / "osm_sud_territoire_de_belfort_2011_josm.osm"),
        "OUTPUT_PDF": str(tmp / "grandvillars.pdf"), "OUTPUT_HTML": str(tmp / "grandvillars.html")})
    from pathlib import Path
    page = Path(res["OUTPUT_HTML"]).read_text(encoding="utf-8")
    assert "Fiche atelier — Grandvillars" in page
    # the diagnosis's own share (one point per commune here: the centre is within 5 km)
    assert "Le centre de la commune (2\u202f947 habitants) est à moins de 5\u00a0km" in page
    assert "COMMUNE DE GRANDVILLARS" in page and "France services de Grandvillars" in page
    assert "min en voiture" in page                      # driving time along the real roads
    assert "2 des 4 lieux d’aide les plus proches sont ouverts le samedi matin." in page
    # sources and licences of the diagnosis and of the OSM extract
    assert "Licence Ouverte 2.0" in page and "ODbL" in page
    info = subprocess.run(["pdfinfo", res["OUTPUT_PDF"]], capture_output=True, text=True).stdout
    assert re.search(r"Pages:\s+1\b", info)


def test_sheet_refuses_an_unknown_commune(diagnosis_90):
    from qgis.core import QgsProcessingException
    _d, tmp, diag, used = diagnosis_90
    with pytest.raises(QgsProcessingException, match="no commune with the code 99999"):
        _run("terridiag:workshop_sheet", {"COMMUNES": diag, "SERVICES": [used], "CODES": "99999",
                                          "OUTPUT_PDF": str(tmp / "x.pdf")})
    assert not (tmp / "x.pdf").exists()


def test_bundle_of_the_territory(diagnosis_90, tmp_path):
    d, tmp, diag, used = diagnosis_90
    folder = tmp_path / "atelier"
    res = _run("terridiag:workshop_bundle", {
        "COMMUNES": diag, "SERVICES": [used], "METADATA": str(tmp / "meta.json"),
        "OSM": str(d / "osm_sud_territoire_de_belfort_2011_josm.osm"), "FOLDER": str(folder)})
    assert res["FOLDER"] == str(folder)
    names = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    assert {"index.html", "carte.html", "fiches.pdf", "cartopartie/liste.html", "cartopartie/liste.pdf",
            "cartopartie/propositions.osm"} <= set(names)
    sheets = [n for n in names if n.startswith("fiches/")]
    from qgis.core import QgsVectorLayer
    n = QgsVectorLayer(diag, "d", "ogr").featureCount()      # 102: the 2018 boundaries still have Moval
    assert n == 102 and len(sheets) == n == len({f.split("-")[0] for f in sheets})
    assert "fiches/90053-grandvillars.html" in sheets
    index = (folder / "index.html").read_text(encoding="utf-8")
    assert index.count('href="fiches/') == n and 'href="carte.html"' in index
    assert 'href="cartopartie/liste.html"' in index
    info = subprocess.run(["pdfinfo", str(folder / "fiches.pdf")], capture_output=True, text=True).stdout
    assert re.search(rf"Pages:\s+{n}\b", info)
    # the checklist of the real extract: every official place outside it, one town hall to complete
    checklist = (folder / "cartopartie/liste.html").read_text(encoding="utf-8")
    assert "Lieux officiels hors de l’extrait (12)" in checklist and "way/79077766" in checklist
