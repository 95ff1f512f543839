"""Access surface GeoTIFF: values at cell centres, nodata outside communes, tags, no partial file."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

gpd = pytest.importorskip("geopandas")
rasterio = pytest.importorskip("rasterio")
from shapely.geometry import Polygon, box  # noqa: E402

from terridiag.plugin.core.errors import ParameterError  # noqa: E402
from terridiag.plugin.core.graph import RoadGraph  # noqa: E402
from terridiag.plugin.core.indicators.surface import NODATA, access_surface  # noqa: E402


def _communes():
    # an L: square 0-4 km x 0-4 km plus 4-8 km x 0-2 km; the cell (4-8, 2-4) is outside
    return gpd.GeoDataFrame({"code_insee": ["A", "B"]},
                            geometry=[box(0, 0, 4000, 4000), box(4000, 0, 8000, 2000)], crs=2154)


def test_distance_surface_values_and_nodata(tmp_path):
    svc = pd.DataFrame({"category": ["mediation"], "x": [500.0], "y": [500.0]})
    path = tmp_path / "dist.tif"
    meta = access_surface(svc, _communes(), path, cell_size=1000, tags={"sources": ["BAN", "ANCT"]})
    assert meta["width"] == 8 and meta["height"] == 4
    with rasterio.open(path) as r:
        a = r.read(1)
        tags = r.tags()
        assert r.nodata == NODATA and r.crs.to_epsg() == 2154
    # row 0 is the top (y 3-4 km). Cell (col 0, row 3) centre (500, 500): distance 0
    assert a[3, 0] == 0
    # cell (col 7, row 3) centre (7500, 500): 7000 m ; (col 3, row 0) centre (3500, 3500): 3000*sqrt(2)
    assert a[3, 7] == pytest.approx(7000)
    assert a[0, 3] == pytest.approx(3000 * np.sqrt(2), rel=1e-6)
    # top-right cells are outside both communes
    assert (a[0:2, 4:8] == NODATA).all()
    assert (a != NODATA).sum() == 16 + 8
    assert json.loads(tags["TERRIDIAG_SOURCES"]) == ["BAN", "ANCT"]
    assert tags["TERRIDIAG_UNIT"] == "m"
    assert not (tmp_path / "dist.tif.part").exists()


def test_time_surface_on_a_road(tmp_path):
    communes = gpd.GeoDataFrame({"code_insee": ["A"]},
                                geometry=[Polygon([(0, 0), (3000, 0), (3000, 1000), (0, 1000)])], crs=2154)
    # a 3 km straight road along y = 500 (nodes every 1000 m), 30 km/h (120 s per 1000 m)
    g = RoadGraph(np.array([0, 1000, 2000, 3000.0]), np.full(4, 500.0), np.array([0, 1, 1, 2, 2, 3]),
                  np.array([1, 0, 2, 1, 3, 2]), np.full(6, 1000.0),
                  np.array(["residential"] * 6, dtype=object), np.full(6, 30.0))
    svc = pd.DataFrame({"x": [0.0], "y": [500.0]})
    path = tmp_path / "time.tif"
    access_surface(svc, communes, path, cell_size=1000, mode="time", graph=g)
    with rasterio.open(path) as r:
        a = r.read(1)
    # centres (500,500), (1500,500), (2500,500) lie on the road itself (no walk): driving 500,
    # 1500 and 2500 m at 30 km/h (120 s per 1000 m) = 60, 180 and 300 s
    np.testing.assert_allclose(a[0], np.array([60, 180, 300]) / 60, rtol=1e-5)


def test_bad_parameters(tmp_path):
    svc = pd.DataFrame({"x": [0.0], "y": [0.0]})
    with pytest.raises(ParameterError):
        access_surface(svc, _communes(), tmp_path / "x.tif", cell_size=0)
    with pytest.raises(ParameterError, match="road graph"):
        access_surface(svc, _communes(), tmp_path / "x.tif", mode="time")
    assert not list(tmp_path.iterdir())
