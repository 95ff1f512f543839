"""NaN/infinite numbers and unwritable output folders get a clear message before any work, never
a traceback (issue 16)."""
from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit"))
import export_samples as S  # noqa: E402

pytestmark = pytest.mark.qgis
X0, Y0 = 990000.0, 6720000.0


def _run(alg, params):
    import processing
    return processing.run(alg, params)


@pytest.fixture()
def logged():
    """Messages of the QGIS message log during the test (a traceback would show there)."""
    from qgis.core import QgsApplication

    messages = []

    def keep(message, tag, level):
        messages.append(message)
    QgsApplication.messageLog().messageReceived.connect(keep)
    yield messages
    QgsApplication.messageLog().messageReceived.disconnect(keep)


@contextlib.contextmanager
def read_only(folder: Path):
    """A folder nobody may write into: chmod for a user, the immutable flag for root."""
    folder.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0:
        folder.chmod(0o555)
        try:
            yield folder
        finally:
            folder.chmod(0o755)
        return
    if shutil.which("chattr") is None or subprocess.run(["chattr", "+i", str(folder)]).returncode != 0:
        pytest.skip("running as root without chattr: no folder can be made read-only")
    try:
        yield folder
    finally:
        subprocess.run(["chattr", "-i", str(folder)])


def _points(rows, name="p"):
    from qgis.core import QgsFeature, QgsGeometry, QgsPointXY, QgsVectorLayer
    layer = QgsVectorLayer("Point?crs=EPSG:2154&field=code_insee:string", name, "memory")
    feats = []
    for code, x, y in rows:
        f = QgsFeature(layer.fields())
        f.setAttributes([code])
        f.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(x, y)))
        feats.append(f)
    layer.dataProvider().addFeatures(feats)
    return layer


@pytest.mark.parametrize("value", [float("nan"), "NaN", float("inf"), "Infinity"])
def test_distance_nan_or_infinite_is_refused(terridiag_provider, value, logged):
    from qgis.core import QgsProcessingException

    addr = _points([("90001", X0 + 100, Y0 + 100)])
    svc = _points([("90001", X0 + 500, Y0 + 500)])
    with pytest.raises(QgsProcessingException) as exc:
        _run("terridiag:coverage", {"ADDRESSES": addr, "SERVICES": svc, "DISTANCE_KM": value, "OUTPUT": "memory:"})
    text = str(exc.value)
    if "Incorrect parameter value" in text:     # QGIS's own range check caught it (+inf > max)
        assert "DISTANCE_KM" in text
    else:
        assert "Distance threshold (km) (DISTANCE_KM) is" in text and "it must be a finite number" in text
        assert "e.g. 5" in text
    assert "share_within_nan" not in text and not any("Traceback" in m for m in logged)


@pytest.mark.parametrize("bands", ["nan,30", "15,inf", "15,-5"])
def test_number_lists_are_finite_and_positive(terridiag_provider, bands):
    from qgis.core import QgsProcessingException

    addr = _points([("90001", X0 + 100, Y0 + 100)])
    svc = _points([("90001", X0 + 500, Y0 + 500)])
    from qgis.core import QgsFeature, QgsGeometry, QgsVectorLayer
    com = QgsVectorLayer("Polygon?crs=EPSG:2154&field=code_insee:string", "c", "memory")
    f = QgsFeature(com.fields())
    f.setAttributes(["90001"])
    f.setGeometry(QgsGeometry.fromWkt(f"POLYGON(({X0} {Y0},{X0 + 1000} {Y0},{X0 + 1000} {Y0 + 1000},{X0} {Y0}))"))
    com.dataProvider().addFeatures([f])
    with pytest.raises(QgsProcessingException, match="BANDS"):
        _run("terridiag:diagnosis", {"COMMUNES": com, "ADDRESSES": addr, "SERVICES": svc, "DISTANCES_KM": "",
                                     "BANDS": bands, "OUTPUT": "memory:"})
    with pytest.raises(QgsProcessingException, match="DISTANCES_KM"):
        _run("terridiag:diagnosis", {"COMMUNES": com, "ADDRESSES": addr, "SERVICES": svc, "DISTANCES_KM": bands,
                                     "OUTPUT": "memory:"})


@pytest.fixture()
def diag(tmp_path, terridiag_provider):
    from qgis.core import QgsProject, QgsVectorLayer

    from terridiag.plugin.core.export.gpkg import write_geopackage

    src = tmp_path / "diag.gpkg"
    write_geopackage(src, {"communes": S.communes(), "services": S.services()}, S.metadata())
    communes = QgsVectorLayer(f"{src}|layername=communes", "communes", "ogr")
    services = QgsVectorLayer(f"{src}|layername=services", "services", "ogr")
    yield communes, services
    QgsProject.instance().addMapLayers([communes, services], False)
    QgsProject.instance().removeAllMapLayers()


def _output_runs(communes, services, folder):
    return {
        "web_map": {"COMMUNES": communes, "SERVICES": services, "INDICATOR": "share_within",
                    "OUTPUT": str(folder / "m.html")},
        "report": {"COMMUNES": communes, "INDICATOR": "share_within", "OUTPUT_HTML": str(folder / "r.html")},
        "export": {"COMMUNES": communes, "OUTPUT_GPKG": str(folder / "o.gpkg"), "OUTPUT_CSV": str(folder / "o.csv")},
        "atlas": {"COMMUNES": communes, "INDICATOR": "share_within", "OUTPUT": str(folder / "a.pdf")},
        "coverage": {"ADDRESSES": _points([("01001", 850000.0, 6550000.0)]), "SERVICES": services,
                     "OUTPUT": str(folder / "cov.gpkg")},
        "demo_territory": {"OUTPUT_FOLDER": str(folder / "demo")},
    }


def test_read_only_output_folder(diag, tmp_path, logged):
    from qgis.core import QgsProcessingException

    communes, services = diag
    with read_only(tmp_path / "ro") as folder:
        for alg, params in _output_runs(communes, services, folder).items():
            with pytest.raises(QgsProcessingException) as exc:
                _run(f"terridiag:{alg}", params)
            assert str(exc.value).startswith(f"{folder}: cannot write in the output folder:"), (alg, str(exc.value))
            assert "choose a folder you can write to" in str(exc.value)
        assert list(folder.iterdir()) == []          # nothing begun, nothing left
    assert not any("Traceback" in m for m in logged), [m for m in logged if "Traceback" in m][:1]


def test_missing_output_folder(diag, tmp_path, logged):
    from qgis.core import QgsProcessingException

    communes, services = diag
    folder = tmp_path / "not" / "there"
    for alg, params in _output_runs(communes, services, folder).items():
        if alg == "demo_territory":                  # a folder output: made when missing
            continue
        with pytest.raises(QgsProcessingException) as exc:
            _run(f"terridiag:{alg}", params)
        assert f"{folder}: the output folder does not exist — create the folder or choose another one" \
            == str(exc.value), alg
    assert not (tmp_path / "not").exists()
    assert not any("Traceback" in m for m in logged)
