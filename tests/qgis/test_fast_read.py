"""The Arrow fast path of point layers (qgis_bridge.fast_read) gives what the feature iterator
gives, or steps aside: the oracle is convert.points_frame on the same layer as a Processing
feature source (which always iterates features)."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest


def _gpkg(path, rows, extra=()):
    """A GeoPackage of points: rows are (x, y, text, int, real) with None for NULL (x None: empty)."""
    from osgeo import ogr, osr
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(str(path))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(2154)
    lyr = ds.CreateLayer("pts", srs, ogr.wkbPoint)
    for name, kind in (("code_insee", ogr.OFTString), ("nom", ogr.OFTString), ("n", ogr.OFTInteger),
                       ("capacity", ogr.OFTReal), *extra):
        lyr.CreateField(ogr.FieldDefn(name, kind))
    for x, y, code, nom, n, cap in rows:
        f = ogr.Feature(lyr.GetLayerDefn())
        for name, v in (("code_insee", code), ("nom", nom), ("n", n), ("capacity", cap)):
            if v is not None:
                f.SetField(name, v)
        g = ogr.Geometry(ogr.wkbPoint)
        if x is not None:
            g.AddPoint_2D(x, y)
        f.SetGeometry(g)
        lyr.CreateFeature(f)
    ds = None
    return path


ROWS = [(900000.5, 6700000.25, "90010", "Belfort", 3, 1.5),
        (900100.0, 6700100.0, None, "Évette-Salbert", None, None),
        (None, None, "90011", "vide", 1, 2.0),                      # POINT EMPTY: skipped
        (900200.0, 6700200.0, "2A004", None, 7, 0.25),
        (900300.0, 6700300.0, "90010", "Belfort", 3, 1.5)]


def _iterated(layer, context, epsg, fields=None):
    """points_frame through a Processing feature source: never the fast path."""
    from qgis.core import QgsProcessingFeatureSource

    from terridiag.plugin.qgis_bridge.convert import points_frame
    return points_frame(QgsProcessingFeatureSource(layer, context), context, epsg, fields)


def test_fast_points_equal_the_feature_iterator(qgis_app, tmp_path):
    from qgis.core import QgsProcessingContext, QgsVectorLayer

    from terridiag.plugin.qgis_bridge.fast_read import read_points
    layer = QgsVectorLayer(str(_gpkg(tmp_path / "p.gpkg", ROWS)), "p", "ogr")
    ctx = QgsProcessingContext()
    fast = read_points(layer, 2154, None, categorical=())
    assert fast is not None
    slow = _iterated(layer, ctx, 2154)
    assert list(fast.columns) == list(slow.columns) == ["fid", "code_insee", "nom", "n", "capacity", "x", "y"]
    assert len(fast) == 4                                   # the empty point is skipped
    pd.testing.assert_frame_equal(fast, slow, check_dtype=False)
    assert fast["code_insee"].tolist() == ["90010", "", "2A004", "90010"]
    assert fast["nom"].tolist() == ["Belfort", "Évette-Salbert", None, "Belfort"]
    assert np.isnan(fast["n"].iloc[1]) and fast["n"].iloc[0] == 3


def test_fast_addresses_are_categorical_codes(qgis_app, tmp_path):
    from qgis.core import QgsVectorLayer

    from terridiag.plugin.qgis_bridge.fast_read import read_points
    layer = QgsVectorLayer(str(_gpkg(tmp_path / "p.gpkg", ROWS)), "p", "ogr")
    fast = read_points(layer, 2154, ["code_insee"])
    assert list(fast.columns) == ["code_insee", "x", "y"]
    assert isinstance(fast["code_insee"].dtype, pd.CategoricalDtype)
    assert fast["code_insee"].astype(str).tolist() == ["90010", "", "2A004", "90010"]
    assert fast["x"].tolist() == [900000.5, 900100.0, 900200.0, 900300.0]


@pytest.mark.parametrize("case", ["subset", "crs", "date"])
def test_fast_path_steps_aside(qgis_app, tmp_path, case):
    from osgeo import ogr
    from qgis.core import QgsProcessingContext, QgsVectorLayer

    from terridiag.plugin.qgis_bridge.convert import points_frame
    from terridiag.plugin.qgis_bridge.fast_read import read_points
    extra = (("opened", ogr.OFTDate),) if case == "date" else ()
    layer = QgsVectorLayer(str(_gpkg(tmp_path / "p.gpkg", ROWS, extra)), "p", "ogr")
    epsg = 2154
    if case == "subset":
        layer.setSubsetString('"n" = 3')
    elif case == "crs":
        epsg = 3857
    assert read_points(layer, epsg, None, categorical=()) is None
    # the general path still reads it (the filter applied, reprojected)
    frame = points_frame(layer, QgsProcessingContext(), epsg)
    assert len(frame) == (2 if case == "subset" else 4)


def _codes_gpkg(path, codes):
    from osgeo import ogr, osr
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(str(path))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(2154)
    lyr = ds.CreateLayer("pts", srs, ogr.wkbPoint)
    lyr.CreateField(ogr.FieldDefn("code_insee", ogr.OFTString))
    lyr.StartTransaction()
    for i, code in enumerate(codes):
        f = ogr.Feature(lyr.GetLayerDefn())
        if code is not None:
            f.SetField("code_insee", code)
        g = ogr.Geometry(ogr.wkbPoint)
        g.AddPoint_2D(900000.0 + i, 6700000.0)
        f.SetGeometry(g)
        lyr.CreateFeature(f)
    lyr.CommitTransaction()
    ds = None
    return path


@pytest.mark.parametrize("case", ["digits", "corsica_late", "two_threads", "two_threads_corsica", "two_threads_gap"])
def test_commune_codes_read_as_numbers_or_text_give_the_same_categories(qgis_app, tmp_path, case, monkeypatch):
    """Digit codes take the numeric path; a code that is not digits in a later batch (GDAL reads
    65,536 rows per batch) sends the whole column back to text, with the earlier batches; a big
    GeoPackage is read in two fid ranges by two threads, put back in order (written in place
    when the fids have no gap, their halves' sizes then known; joined after the reading when
    some features were deleted)."""
    from qgis.core import QgsProcessingContext, QgsVectorLayer

    from terridiag.plugin.qgis_bridge import fast_read
    from terridiag.plugin.qgis_bridge.fast_read import read_points
    if case.startswith("two_threads"):
        monkeypatch.setattr(fast_read, "PARALLEL_MIN", 1000)
    rng = np.random.default_rng(1)
    n = 70_000 if case == "corsica_late" else 3000
    codes = [f"{c:05d}" for c in rng.integers(1001, 95999, n)]
    codes[5] = None
    codes[7] = "00042"
    if case in ("corsica_late", "two_threads_corsica"):
        codes[-3] = "2A004"
    path = _codes_gpkg(tmp_path / "c.gpkg", codes)
    rows = np.arange(n)
    if case == "two_threads_gap":                  # fids 101-110 and the middle one deleted
        from osgeo import ogr
        ds = ogr.Open(str(path), update=1)
        ds.ExecuteSQL(f"DELETE FROM pts WHERE fid BETWEEN 101 AND 110 OR fid = {n // 2}")
        ds = None
        rows = np.setdiff1d(rows, np.r_[np.arange(100, 110), n // 2 - 1])
    placed = []
    real = fast_read._read_part
    monkeypatch.setattr(fast_read, "_read_part", lambda spec, where, k=0: (placed.append("into" in spec),
                                                                           real(spec, where, k))[1])
    layer = QgsVectorLayer(str(path), "c", "ogr")
    fast = read_points(layer, 2154, ["code_insee"])
    assert fast is not None and len(fast) == len(rows)
    assert placed == ([True, True] if case in ("two_threads", "two_threads_corsica") else
                      [False, False] if case == "two_threads_gap" else [False])
    got = fast["code_insee"].astype(str).tolist()
    assert got == ["" if codes[i] is None else codes[i] for i in rows]
    slow = _iterated(layer, QgsProcessingContext(), 2154, ["code_insee"])
    assert got == slow["code_insee"].tolist()
    np.testing.assert_array_equal(fast["x"].to_numpy(), 900000.0 + rows)
    np.testing.assert_array_equal(fast["y"].to_numpy(), np.full(len(rows), 6700000.0))
