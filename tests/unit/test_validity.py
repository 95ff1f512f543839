"""Invalid polygons found, explained and repaired (core.validity), and repaired at import
(read_communes) with each repaired feature listed."""
from __future__ import annotations

import json

import numpy as np
import pytest
from shapely.geometry import LineString, MultiPolygon, Point, Polygon, box

from terridiag.plugin.core import validity
from terridiag.plugin.core.sources.communes import read_communes

BOW = Polygon([(0, 0), (10, 10), (10, 0), (0, 10), (0, 0)])


def test_invalid_positions_and_reason():
    geoms = [box(0, 0, 1, 1), BOW, None, Point(1, 1), Polygon()]
    assert validity.invalid_positions(geoms).tolist() == [1]
    assert validity.explain(BOW) == "Self-intersection[5 5]"
    assert validity.invalid_positions([]).tolist() == []


def test_bow_tie_becomes_its_two_triangles():
    out, fixed, reasons = validity.repair_polygons([box(0, 0, 1, 1), BOW])
    assert fixed.tolist() == [1] and reasons == ["Self-intersection[5 5]"]
    assert out[0].equals(box(0, 0, 1, 1))
    # oracle by hand: the two triangles (0,0)-(5,5)-(0,10) and (10,0)-(5,5)-(10,10), 25 m² each
    assert isinstance(out[1], MultiPolygon) and out[1].is_valid
    assert out[1].area == pytest.approx(50.0)
    assert sorted(round(p.area, 9) for p in out[1].geoms) == [25.0, 25.0]


def test_flat_ring_has_nothing_left():
    flat = Polygon([(0, 0), (10, 0), (0, 0), (0, 0)])
    out, fixed, _ = validity.repair_polygons([flat])
    assert fixed.tolist() == [0] and out[0] is None


def test_polygonal_part_only():
    from shapely.geometry import GeometryCollection

    mixed = GeometryCollection([box(0, 0, 1, 1), LineString([(2, 2), (3, 3)])])
    assert validity._polygonal(mixed).equals(box(0, 0, 1, 1))


def test_describe_limits_the_list():
    labels = {i: f"feature {i + 1}" for i in range(8)}
    text = validity.describe(labels, np.arange(8), ["r"] * 8, limit=3)
    assert text == "feature 1: r; feature 2: r; feature 3: r; and 5 more"


def test_read_communes_repairs_and_lists(tmp_path):
    fc = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"code": "90001", "nom": "Carré"}, "geometry": {
            "type": "Polygon", "coordinates": [[[6.8, 47.6], [6.85, 47.6], [6.85, 47.65], [6.8, 47.65], [6.8, 47.6]]]}},
        {"type": "Feature", "properties": {"code": "90002", "nom": "Nœud"}, "geometry": {
            "type": "Polygon", "coordinates": [[[6.9, 47.6], [6.95, 47.65], [6.95, 47.6], [6.9, 47.65], [6.9, 47.6]]]}},
        {"type": "Feature", "properties": {"code": "90003", "nom": "Plat"}, "geometry": {
            "type": "Polygon", "coordinates": [[[6.9, 47.7], [6.95, 47.7], [6.9, 47.7], [6.9, 47.7]]]}}]}
    path = tmp_path / "c.geojson"
    path.write_text(json.dumps(fc), encoding="utf-8")
    data, report = read_communes(path)
    assert data["code_insee"].tolist() == ["90001", "90002"]
    assert data.geometry.is_valid.all()
    # the bow tie keeps half the area of a square of the same size (its two triangles)
    assert data.geometry.area.iloc[1] == pytest.approx(data.geometry.area.iloc[0] / 2, rel=2e-3)
    assert len(report.repaired) == 1 and report.repaired[0].startswith("feature 2 (90002 Nœud): Self-intersection[")
    assert any(w.startswith("1 invalid polygon(s) repaired (make_valid): feature 2 (90002 Nœud)")
               for w in report.warnings)
    assert report.rows_read == 3 and report.rows_kept == 2 and report.rows_rejected == 1
    assert report.rejected[0].reason.startswith("polygon with no area (Too few points")
    assert report.rejected[0].value == "feature 3 (90003 Plat)"


def test_valid_layer_reports_nothing(tmp_path):
    fc = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"code": "90001", "nom": "Carré"}, "geometry": {
            "type": "Polygon", "coordinates": [[[6.8, 47.6], [6.85, 47.6], [6.85, 47.65], [6.8, 47.65], [6.8, 47.6]]]}}]}
    path = tmp_path / "c.geojson"
    path.write_text(json.dumps(fc), encoding="utf-8")
    _, report = read_communes(path)
    assert report.repaired == [] and not any("repaired" in w for w in report.warnings)
