"""Grid of candidate sites over the territory."""
from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
from shapely.geometry import Polygon, box

from terridiag.plugin.core.errors import InputDataError, ParameterError
from terridiag.plugin.core.scenario.candidates import communes_at, grid_candidates


def test_grid_points_inside_each_commune_once():
    # two communes side by side: [0, 3000] × [0, 2000] and [3000, 5000] × [0, 2000]; 1 km cells
    # -> centres at 500, 1500, 2500 | 3500, 4500 in x and 500, 1500 in y: 6 + 4 points.
    # An L-shaped third commune [0, 2000]×[2000, 4000] minus [1000, 2000]×[3000, 4000]:
    # centres (500, 2500), (1500, 2500), (500, 3500) -> 3 points.
    L = Polygon([(0, 2000), (2000, 2000), (2000, 3000), (1000, 3000), (1000, 4000), (0, 4000)])
    communes = gpd.GeoDataFrame({"code_insee": ["90001", "90002", "90003"]},
                                geometry=[box(0, 0, 3000, 2000), box(3000, 0, 5000, 2000), L],
                                crs=2154)
    g = grid_candidates(communes, 1000.0)
    assert len(g) == 13
    assert g["code_insee"].value_counts().to_dict() == {"90001": 6, "90002": 4, "90003": 3}
    pts = set(zip(g["x"], g["y"]))
    assert (1500.0, 3500.0) not in pts and (500.0, 3500.0) in pts
    assert g.attrs["grid_cell_m"] == 1000.0 and g.attrs["crs"] == 2154
    # the grid is aligned on multiples of the cell: a shifted territory reuses the same points
    g2 = grid_candidates(communes.translate(250, 0).to_frame("geometry"), 1000.0)
    assert set(np.round(g2["x"] % 1000)) == {500.0}


def test_grid_limits_and_errors():
    communes = gpd.GeoDataFrame({"code_insee": ["1"]}, geometry=[box(0, 0, 100, 100)], crs=2154)
    with pytest.raises(InputDataError, match="no 1000 m grid point"):
        grid_candidates(communes.translate(600, 600).to_frame("geometry").assign(code_insee="1"), 1000.0)
    with pytest.raises(ParameterError, match="positive"):
        grid_candidates(communes, -5)
    with pytest.raises(ParameterError, match="limit"):
        grid_candidates(communes, 2.0, max_points=1000)   # 50 × 50 = 2,500 points
    with pytest.raises(ParameterError, match="10,201 cells"):
        grid_candidates(communes, 1.0, max_points=100)
    with pytest.raises(InputDataError, match="no polygon"):
        grid_candidates(communes.iloc[0:0], 100.0)


def test_grid_from_points_keeps_occupied_cells_only():
    from terridiag.plugin.core.scenario.candidates import grid_from_points
    # points in cells (0,0), (0,0), (2,1), (-1,0) of a 1 km grid -> 3 centres
    g = grid_from_points([10, 900, 2500, -10], [10, 20, 1999, 5], 1000.0)
    assert sorted(zip(g["x"], g["y"])) == [(-500.0, 500.0), (500.0, 500.0), (2500.0, 1500.0)]
    with pytest.raises(InputDataError, match="no demand point"):
        grid_from_points([np.nan], [1.0], 1000.0)


def test_communes_at_names_the_commune_holding_each_point():
    # the L-shaped commune of the test above and a box; the grid's own points get the grid's code
    L = Polygon([(0, 2000), (2000, 2000), (2000, 3000), (1000, 3000), (1000, 4000), (0, 4000)])
    communes = gpd.GeoDataFrame({"code_insee": ["90001", "90003"], "nom": ["Bas", None]},
                                geometry=[box(0, 0, 3000, 2000), L], crs=2154)
    x = [500.0, 1500.0, 500.0, 9000.0, 2500.0]
    y = [500.0, 3500.0, 3500.0, 0.0, 1500.0]
    out = communes_at(x, y, communes)
    assert out["code_insee"].tolist() == ["90001", "", "90003", "", "90001"]   # (1500, 3500): the L's notch
    assert out["nom"].tolist() == ["Bas", "", "", "", "Bas"]                     # a commune without a name: ""
    g = grid_candidates(communes, 1000.0)
    assert communes_at(g["x"], g["y"], communes)["code_insee"].tolist() == g["code_insee"].tolist()
    # no field, no polygon, no point
    assert communes_at(x, y, communes[["geometry"]])["code_insee"].tolist() == [""] * 5
    assert len(communes_at([], [], communes)) == 0
    assert communes_at([1.0], [1.0], None)["nom"].tolist() == [""]
