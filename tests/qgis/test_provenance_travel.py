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
