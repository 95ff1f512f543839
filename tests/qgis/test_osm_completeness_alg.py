"""terridiag:osm_completeness through Processing on the real files: the France Services and
mediation places of the Territoire de Belfort imported by import_services, against the real OSM
extract; the national France Services against the Saint-Barthélemy PBF (legal CRS EPSG:5490)."""
from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

pytestmark = pytest.mark.qgis


def _run(alg, params):
    import processing
    return processing.run(alg, params)


def _layer(value, name="l"):
    from qgis.core import QgsVectorLayer
    return value if not isinstance(value, str) else QgsVectorLayer(value, name, "ogr")


def test_pack_on_the_real_extract_of_belfort(terridiag_provider, shared_data, tmp_path):
    d = shared_data / "territoire_90"
    fs = _run("terridiag:import_services", {"INPUT": str(d / "france_services_90_20240801.csv"),
                                             "OUTPUT": str(tmp_path / "fs.gpkg")})["OUTPUT"]
    med = _run("terridiag:import_services", {"INPUT": str(d / "lieux_mediation_numerique_cnfs_90_2022-07.csv"),
                                              "OUTPUT": str(tmp_path / "med.gpkg")})["OUTPUT"]
    res = _run("terridiag:osm_completeness", {
        "OSM": str(d / "osm_sud_territoire_de_belfort_2011_josm.osm"), "SERVICES": [fs, med],
        "OUTPUT": str(tmp_path / "official.gpkg"), "OUTPUT_OSM": str(tmp_path / "todo.gpkg"),
        "OUTPUT_CHECKLIST": str(tmp_path / "checklist.html"), "OUTPUT_CHECKLIST_PDF": str(tmp_path / "checklist.pdf"),
        "OUTPUT_JOSM": str(tmp_path / "proposals.osm")})
    official = _layer(res["OUTPUT"])
    assert official.featureCount() == 12 and official.crs().postgisSrid() == 2154
    assert {f["status"] for f in official.getFeatures()} == {"outside_extract"}
    todo = _layer(res["OUTPUT_OSM"])
    feats = list(todo.getFeatures())
    assert [(f["osm_ref"], f["kind"], f["missing_tags"]) for f in feats] == [
        ("way/79077766", "townhall", "name|opening_hours|website|wheelchair")]
    root = ET.parse(res["OUTPUT_JOSM"]).getroot()
    assert root.get("upload") == "false" and root.findall("node") == []
    html = (tmp_path / "checklist.html").read_text(encoding="utf-8")
    assert "Lieux officiels hors de l’extrait (12)" in html and "France services Giromagny" in html
    assert (tmp_path / "checklist.pdf").read_bytes()[:5] == b"%PDF-"
    # the layers carry their sources: the imports' and OpenStreetMap's (ODbL)
    from terridiag.plugin.core import layer_provenance
    sources = {s["source"] for s in layer_provenance.read(str(tmp_path / "official.gpkg"))}
    assert "OpenStreetMap" in sources and any("France Services" in s for s in sources)


def test_pack_on_saint_barthelemy_pbf(terridiag_provider, shared_data, tmp_path):
    fs = _run("terridiag:import_services", {"INPUT": str(shared_data / "national/france_services_liste-fs-20240801.csv"),
                                             "OUTPUT": str(tmp_path / "fs.gpkg")})["OUTPUT"]
    res = _run("terridiag:osm_completeness", {
        "OSM": str(shared_data / "samples/osm_saint_barthelemy_2014.osm.pbf"), "SERVICES": [fs],
        "LANGUAGE": 1, "OUTPUT": str(tmp_path / "official.gpkg"), "OUTPUT_CHECKLIST": str(tmp_path / "c.html"),
        "OUTPUT_JOSM": str(tmp_path / "p.osm")})
    official = _layer(res["OUTPUT"])
    assert official.crs().postgisSrid() == 5490           # RGAF09 / UTM 20N, the legal CRS of 977
    assert {f["status"] for f in official.getFeatures()} == {"outside_extract"}
    assert "The extract has no public-service place" in (tmp_path / "c.html").read_text(encoding="utf-8")
