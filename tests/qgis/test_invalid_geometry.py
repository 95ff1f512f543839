"""Invalid geometries never crash QGIS: refused (QGIS's default), skipped or kept as the Processing
setting says, repaired at import with every repaired feature listed."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.qgis

REPO = Path(__file__).resolve().parents[2]
X0, Y0 = 990000.0, 6720000.0
BOW_TIE = f"POLYGON(({X0 + 1000} {Y0},{X0 + 2000} {Y0 + 1000},{X0 + 2000} {Y0},{X0 + 1000} {Y0 + 1000},{X0 + 1000} {Y0}))"


def test_refusal_then_more_python_in_the_same_process(tmp_path):
    """The regression of issue 16: after the refusal, the interpreter used to fail with
    'SystemError: unknown opcode' and then abort. One fresh QGIS process: four algorithms refuse the
    layer three times each, Python keeps computing, and a valid run still gives the right counts."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.setdefault("PROJ_DATA", "/usr/share/proj")
    proc = subprocess.run([sys.executable, "-X", "faulthandler", str(REPO / "tests/support/invalid_geometry_session.py"),
                           str(REPO / ".build" / "pkg"), str(tmp_path)],
                          capture_output=True, text=True, timeout=600, env=env)
    lines = [x for x in proc.stdout.splitlines() if x.startswith("RESULT ")]
    assert proc.returncode == 0 and lines, (proc.returncode, proc.stdout[-2000:], proc.stderr[-3000:])
    assert "unknown opcode" not in proc.stderr and "XXX lineno" not in proc.stdout + proc.stderr
    result = json.loads(lines[-1][len("RESULT "):])
    for alg, message in result["refusals"].items():
        # the message names the layer, the feature (id, code, name), GEOS's reason and what to do
        assert "invalid geometry" in message, (alg, message)
        assert "feature 2 (90002 Nœud): Self-intersection[991500 6720500]" in message, (alg, message)
        assert "Fix Geometries" in message
    assert set(result["refusals"]) == {"coverage", "diagnosis", "accessibility_2sfca", "access_surface"}
    assert result["after"] == [287, 81, 7, "a"]
    assert result["valid_run"] == {"90001": 2, "90002": 1}


def _layers():
    from qgis.core import QgsFeature, QgsGeometry, QgsPointXY, QgsVectorLayer

    def pts(rows):
        layer = QgsVectorLayer("Point?crs=EPSG:2154&field=code_insee:string", "p", "memory")
        feats = []
        for code, x, y in rows:
            f = QgsFeature(layer.fields())
            f.setAttributes([code])
            f.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(x, y)))
            feats.append(f)
        layer.dataProvider().addFeatures(feats)
        return layer

    communes = QgsVectorLayer("MultiPolygon?crs=EPSG:2154&field=code_insee:string&field=nom:string",
                              "communes", "memory")
    feats = []
    for attrs, wkt in ((["90001", "A"], f"POLYGON(({X0} {Y0},{X0 + 1000} {Y0},{X0 + 1000} {Y0 + 1000},"
                                         f"{X0} {Y0 + 1000},{X0} {Y0}))"),
                       (["90002", "B"], BOW_TIE)):
        f = QgsFeature(communes.fields())
        f.setAttributes(attrs)
        f.setGeometry(QgsGeometry.fromWkt(wkt))
        feats.append(f)
    communes.dataProvider().addFeatures(feats)
    return (pts([("90001", X0 + 100, Y0 + 100), ("90002", X0 + 1200, Y0 + 500)]),
            pts([("90001", X0 + 500, Y0 + 500)]), communes)


def _run_with(check, params):
    import processing
    from qgis.core import QgsProcessingContext, QgsProcessingFeedback

    context = QgsProcessingContext()
    context.setInvalidGeometryCheck(check)
    feedback = QgsProcessingFeedback()
    errors = []
    feedback.reportError = lambda text, fatalError=False: errors.append(text)
    out = processing.run("terridiag:coverage", params, context=context, feedback=feedback)["OUTPUT"]
    return {f["code_insee"]: f["n_addresses"] for f in out.getFeatures()}, errors


def test_skip_and_no_check_follow_the_processing_setting(terridiag_provider):
    from qgis.core import QgsFeatureRequest

    addr, svc, communes = _layers()
    params = {"ADDRESSES": addr, "SERVICES": svc, "COMMUNES": communes, "MIN_COUNT": 0, "OUTPUT": "memory:"}
    counts, errors = _run_with(QgsFeatureRequest.InvalidGeometryCheck.GeometrySkipInvalid, params)
    assert set(counts) == {"90001"}            # the bow tie is skipped, and said
    assert any("1 feature(s) of 'communes' with an invalid geometry skipped" in e and "90002 B" in e
               for e in errors), errors
    counts, _ = _run_with(QgsFeatureRequest.InvalidGeometryCheck.GeometryNoCheck, params)
    assert counts == {"90001": 1, "90002": 1}  # used as it is, as QGIS does with "do not filter"


def test_import_communes_repairs_and_lists(terridiag_provider, tmp_path):
    """A GeoJSON with a bow tie and a flat ring: the bow tie becomes its two triangles (half the
    square, the area QGIS's own fix-geometries gives), the flat ring is rejected, both are listed;
    the repaired layer then goes through coverage with QGIS's default check."""
    import processing
    from qgis.core import QgsProcessingContext, QgsProcessingFeedback, QgsVectorLayer

    bow = [[6.9, 47.6], [6.95, 47.65], [6.95, 47.6], [6.9, 47.65], [6.9, 47.6]]
    fc = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"code": "90001", "nom": "Carré"}, "geometry": {
            "type": "Polygon", "coordinates": [[[6.8, 47.6], [6.85, 47.6], [6.85, 47.65], [6.8, 47.65], [6.8, 47.6]]]}},
        {"type": "Feature", "properties": {"code": "90002", "nom": "Nœud"},
         "geometry": {"type": "Polygon", "coordinates": [bow]}},
        {"type": "Feature", "properties": {"code": "90003", "nom": "Plat"}, "geometry": {
            "type": "Polygon", "coordinates": [[[6.9, 47.7], [6.95, 47.7], [6.9, 47.7], [6.9, 47.7]]]}}]}
    path = tmp_path / "communes.geojson"
    path.write_text(json.dumps(fc), encoding="utf-8")
    feedback = QgsProcessingFeedback()
    warnings = []
    feedback.reportError = lambda text, fatalError=False: warnings.append(text)
    res = processing.run("terridiag:import_communes", {"INPUT": str(path), "OUTPUT": "memory:"},
                         feedback=feedback)
    layer = res["OUTPUT"]
    assert res["ROWS_READ"] == 3 and res["ROWS_KEPT"] == 2 and res["ROWS_REJECTED"] == 1
    assert any("1 invalid polygon(s) repaired (make_valid): feature 2 (90002 Nœud): Self-intersection" in w
               for w in warnings), warnings
    assert any("polygon with no area" in w and "90003 Plat" in w for w in warnings), warnings
    # oracle: QGIS's own repair of the same polygon, in the same CRS
    src = QgsVectorLayer(str(path), "src", "ogr")
    fixed = processing.run("native:fixgeometries", {"INPUT": src, "OUTPUT": "memory:"})["OUTPUT"]
    fixed = processing.run("native:reprojectlayer", {"INPUT": fixed, "TARGET_CRS": "EPSG:2154",
                                                     "OUTPUT": "memory:"})["OUTPUT"]
    qgis_area = {f["code"]: f.geometry().area() for f in fixed.getFeatures()}
    ours = {f["code_insee"]: f.geometry() for f in layer.getFeatures()}
    assert ours["90002"].isGeosValid()
    assert ours["90002"].area() == pytest.approx(qgis_area["90002"], rel=1e-6)
    assert ours["90001"].area() == pytest.approx(2 * ours["90002"].area(), rel=1e-3)
    context = QgsProcessingContext()   # QGIS's default: stop on invalid geometries
    addr, svc, _ = _layers()
    out = processing.run("terridiag:coverage", {"ADDRESSES": addr, "SERVICES": svc, "COMMUNES": layer,
                                                "MIN_COUNT": 0, "OUTPUT": "memory:"}, context=context)["OUTPUT"]
    assert {f["code_insee"] for f in out.getFeatures()} == {"90001", "90002"}
