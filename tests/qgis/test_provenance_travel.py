"""Provenance written by an import stays with the layer (GeoPackage table and layer property)."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.qgis


def test_import_records_provenance_in_the_geopackage(terridiag_provider, shared_data, tmp_path):
    import processing
    from qgis.core import QgsVectorLayer

    from terridiag.plugin.core import layer_provenance
    from terridiag.plugin.qgis_bridge.provenance import of_layer

    out = tmp_path / "fs.gpkg"
    result = processing.run("terridiag:import_services", {
        "INPUT": str(shared_data / "territoire_90" / "france_services_90_20240801.csv"), "OUTPUT": str(out)})
    assert result["ROWS_KEPT"] == 4
    recorded = layer_provenance.read(str(out))
    assert len(recorded) == 1
    assert "France" in recorded[0]["source"] and "Licence Ouverte" in recorded[0]["licence"]
    assert recorded[0]["vintage"].startswith("2024")
    assert recorded[0]["synthetic"] is False
    # a layer opened later (another session) finds it too
    layer = QgsVectorLayer(str(out), "fs", "ogr")
    assert layer.isValid() and layer.featureCount() == 4
    assert of_layer(layer) == recorded


def test_provenance_of_a_non_geopackage_is_empty(tmp_path):
    from terridiag.plugin.core import layer_provenance

    csv = tmp_path / "x.csv"
    csv.write_text("a\n1\n")
    assert layer_provenance.write(str(csv), [{"source": "x"}]) is False
    assert layer_provenance.read(str(csv)) == []
    assert layer_provenance.split_source("/a/b.gpkg|layername=communes") == (csv.parent.__class__("/a/b.gpkg"), "communes")


def test_demo_files_are_recorded_as_synthetic(terridiag_provider, tmp_path):
    """A file in the BAN format written by the demo generator is synthetic data, not the BAN's."""
    import json

    import processing

    from terridiag.plugin.core import layer_provenance

    files = json.loads(processing.run("terridiag:demo_territory",
                                      {"OUTPUT_FOLDER": str(tmp_path / "demo")})["FILES"])
    out = tmp_path / "addresses.gpkg"
    result = processing.run("terridiag:import_addresses", {"INPUT": files["addresses"], "OUTPUT": str(out)})
    assert result["ROWS_KEPT"] == 40000
    recorded = layer_provenance.read(str(out))
    assert [p["synthetic"] for p in recorded] == [True]
    assert "SYNTHETIC" in recorded[0]["source"]


def test_a_merged_layer_keeps_the_sources_of_each_of_its_inputs(terridiag_provider, shared_data, tmp_path):
    """France Services and mediation places merged by native:mergevectorlayers (as a user does by
    hand, or the dock did): the merged layer has no provenance of its own, but its 'path' field
    names its inputs, whose sources an output then lists — both of them."""
    import processing
    from qgis.core import QgsVectorLayer

    from terridiag.plugin.qgis_bridge.provenance import of_layer

    data = shared_data / "territoire_90"
    processing.run("terridiag:import_services", {"INPUT": str(data / "france_services_90_20240801.csv"),
                                                 "OUTPUT": str(tmp_path / "fs.gpkg")})
    processing.run("terridiag:import_services", {"INPUT": str(data / "lieux_mediation_numerique_cnfs_90_2022-07.json"),
                                                 "OUTPUT": str(tmp_path / "med.gpkg")})
    processing.run("native:mergevectorlayers", {"LAYERS": [str(tmp_path / "fs.gpkg"), str(tmp_path / "med.gpkg")],
                                                "OUTPUT": str(tmp_path / "merged.gpkg")})
    merged = QgsVectorLayer(str(tmp_path / "merged.gpkg"), "merged", "ogr")
    assert merged.isValid() and merged.featureCount() == 12
    sources = [p["source"] for p in of_layer(merged)]
    assert len(sources) == 2 and any("France Services" in s for s in sources) and any("médiation" in s for s in sources)

    # a web map of communes that carry no metadata, with the merged places: both sources, no ODbL
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit"))
    import export_samples as S
    from terridiag.plugin.core.export.gpkg import write_geopackage

    write_geopackage(tmp_path / "c.gpkg", {"communes": S.communes()}, {})
    out = tmp_path / "map.html"
    processing.run("terridiag:web_map", {"COMMUNES": f"{tmp_path / 'c.gpkg'}|layername=communes",
                                         "SERVICES": merged, "OUTPUT": str(out)})
    html = out.read_text(encoding="utf-8")
    assert "France Services — liste des structures" in html and "Lieux de médiation numérique" in html
    assert "ODbL" not in html


def test_a_foreign_layer_states_the_licence_of_its_qgis_metadata(terridiag_provider, tmp_path):
    """A commune layer TerriDiag did not write, whose QGIS metadata names its licence and rights:
    the report lists it as a source."""
    import sys
    from pathlib import Path

    import processing
    from qgis.core import QgsLayerMetadata, QgsProject, QgsVectorLayer

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit"))
    import export_samples as S

    frame = S.communes()
    frame.to_file(tmp_path / "c.geojson", driver="GeoJSON")
    layer = QgsVectorLayer(str(tmp_path / "c.geojson"), "communes du syndicat", "ogr")
    md = QgsLayerMetadata()
    md.setTitle("Communes du syndicat mixte")
    md.setLicenses(["Licence Ouverte 2.0 (Etalab)"])
    md.setRights(["Syndicat mixte du numérique"])
    layer.setMetadata(md)
    QgsProject.instance().addMapLayer(layer)
    try:
        res = processing.run("terridiag:report", {"COMMUNES": layer, "OUTPUT_HTML": str(tmp_path / "r.html"),
                                                  "CODES": "01001"})
    finally:
        QgsProject.instance().removeMapLayer(layer.id())
    html = Path(res["OUTPUT_HTML"]).read_text(encoding="utf-8")
    assert "Communes du syndicat mixte — Syndicat mixte du numérique — Licence Ouverte 2.0 (Etalab)" in html
