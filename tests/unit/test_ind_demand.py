"""Demand points (addresses -> grid -> IRIS -> commune), population-weighted statistics, and travel
times only where the road graph can tell them — checked by hand on small territories."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

gpd = pytest.importorskip("geopandas")
from shapely.geometry import Point, box  # noqa: E402

from terridiag.plugin.core.errors import InputDataError  # noqa: E402
from terridiag.plugin.core.graph import RoadGraph  # noqa: E402
from terridiag.plugin.core.indicators.coverage import coverage_by_commune, group_stats  # noqa: E402
from terridiag.plugin.core.indicators.demand import (build_demand, population_field_of,  # noqa: E402
                                                     population_kind)
from terridiag.plugin.core.indicators.diagnosis import run_diagnosis  # noqa: E402
from terridiag.plugin.core.indicators.network import (OUTSIDE_GRAPH, SERVICE_OFF_GRAPH,  # noqa: E402
                                                      UNREACHABLE, graph_costs, network_coverage_by_commune)


def _communes():
    # A (0-10 km), B (10-20 km), C (20-30 km) side by side, 10 km high
    return gpd.GeoDataFrame({"code_insee": ["A", "B", "C"], "population": [1000.0, 600.0, 90.0]},
                            geometry=[box(0, 0, 10000, 10000), box(10000, 0, 20000, 10000),
                                      box(20000, 0, 30000, 10000)], crs=2154)


def _iris():
    # B has two IRIS (west 100 people, east 300); A has one IRIS (its addresses win); the last
    # polygon is outside every commune
    return gpd.GeoDataFrame({"IRIS": ["B1", "B2", "A1", "X1"], "population": [100.0, 300.0, 50.0, 10.0]},
                            geometry=[box(10000, 0, 12000, 10000), box(12000, 0, 20000, 10000),
                                      box(0, 0, 10000, 10000), box(40000, 0, 41000, 1000)], crs=2154)


def _addresses():
    return pd.DataFrame({"code_insee": ["A"] * 4, "x": [1000.0, 2000.0, 3000.0, 9000.0], "y": [5000.0] * 4})


def test_sources_in_order_and_weights():
    d = build_demand(_communes(), _addresses(), _iris())
    src = dict(zip(d.code, d.source))
    assert src == {"A": "addresses", "B": "iris", "C": "commune"}
    w = pd.Series(d.weight).groupby(pd.Series(d.code)).sum()
    # each commune's weights add up to its population (IRIS 100 + 300 scaled to 600)
    assert w.to_dict() == pytest.approx({"A": 1000.0, "B": 600.0, "C": 90.0})
    b = d.source == "iris"
    np.testing.assert_allclose(np.sort(d.weight[b]), [150.0, 450.0])
    # the IRIS points are their centroids (inside the rectangles)
    np.testing.assert_allclose(np.sort(d.x[b]), [11000.0, 16000.0])
    m = d.meta
    assert m["source"] == "addresses" and m["units"] == 4 + 2 + 1 and m["addresses"] == 4
    assert m["population"] == pytest.approx(1690.0) and m["weighting"] == "population"
    assert m["by_source"]["iris"] == {"communes": 1, "units": 2, "population": pytest.approx(600.0)}
    assert m["units_outside_communes"] == 1 and m["population_kind"] == "iris"
    assert m["commune_point"]
    # without addresses the IRIS carry the most people
    d2 = build_demand(_communes(), None, _iris())
    assert d2.meta["source"] == "iris" and d2.meta["addresses"] == 0
    assert dict(zip(d2.code, d2.source))["A"] == "iris"


def test_code_and_source_columns_are_made_when_first_read():
    """A crow-flies run groups by integer codes and never reads the text columns: build_demand
    leaves them to be made on first use, equal to what it made before (and a copy carries them)."""
    import pickle
    from dataclasses import replace
    d = build_demand(_communes(), _addresses(), _iris())
    assert "code" not in d.__dict__ and "source" not in d.__dict__
    groups, labels, source = d.grouped()
    assert d.code.tolist() == ["A"] * 4 + ["B", "B", "C"]
    assert d.source.tolist() == ["addresses"] * 4 + ["iris", "iris", "commune"]
    assert d.code.dtype == object and d.source.dtype == object
    np.testing.assert_array_equal(labels[groups], d.code)
    d2 = build_demand(_communes(), _addresses())
    again = pickle.loads(pickle.dumps(d2))          # as the Dask engine ships it
    assert again.code.tolist() == ["A"] * 4 + ["B", "C"]
    assert replace(d2, x=d2.x + 1).source.tolist() == ["addresses"] * 4 + ["commune"] * 2
    with pytest.raises(AttributeError):
        d2.no_such_column


def test_population_kind_and_field():
    cells = gpd.GeoDataFrame({"Ind": [3.0, 5.0]}, geometry=[box(0, 0, 200, 200), box(200, 0, 400, 200)], crs=2154)
    assert population_kind(cells) == "grid"
    assert population_kind(_iris()) == "iris"
    pts = gpd.GeoDataFrame({"population": [1.0]}, geometry=[Point(0, 0)], crs=2154)
    assert population_kind(pts) == "units"
    assert population_field_of(cells.columns) == "Ind"
    assert population_field_of(["IRIS", "P16_POP", "geometry"]) == "P16_POP"
    with pytest.raises(InputDataError, match="no population field"):
        population_field_of(["IRIS", "geometry"])
    with pytest.raises(InputDataError, match="'pop'"):
        population_field_of(["population"], "pop")


def test_iris_shares_are_population_weighted():
    # one service at (11000, 5000): IRIS B1 centre at 0 m, B2 at 5000 m; threshold 2 km
    svc = pd.DataFrame({"category": ["france_services"], "x": [11000.0], "y": [5000.0]})
    d = build_demand(_communes(), None, _iris())
    t = coverage_by_commune(None, svc, thresholds_km=(2,), communes=_communes(), demand=d).set_index("code_insee")
    assert t.loc["B", "demand_source"] == "iris" and t.loc["B", "demand_units"] == 2
    assert t.loc["B", "n_addresses"] == 0
    # 150 of 600 people within 2 km
    assert t.loc["B", "share_within"] == pytest.approx(0.25)
    assert t.loc["B", "pop_within_2km"] == pytest.approx(150.0)
    assert t.loc["B", "dist_mean_m"] == pytest.approx((150 * 0 + 450 * 5000) / 600)
    terr = t.attrs["coverage"]["territory"]
    pops = t["population"].to_numpy(float)
    ok = np.isfinite(pops)
    # the territory figure is what the communes give, weighted by population
    assert terr["share_within_2km"] == pytest.approx(
        float((t["share_within"].to_numpy(float)[ok] * pops[ok]).sum() / pops[ok].sum()))


def test_weighted_quantiles_reduce_to_pandas_for_equal_weights():
    rng = np.random.default_rng(3)
    n, k = 5000, 31
    g = rng.integers(0, k, n)
    v = rng.gamma(2.0, 1000.0, n)
    w = rng.uniform(1, 50, k)[g]              # equal weights inside each group
    st = group_stats(g, k, v, thresholds=(1500.0,), weights=w, weighted=True)
    df = pd.DataFrame({"g": g, "v": v}).groupby("g")["v"]
    np.testing.assert_allclose(st["q50"], df.quantile(0.5).to_numpy())
    np.testing.assert_allclose(st["q90"], df.quantile(0.9).to_numpy())
    np.testing.assert_allclose(st["mean"], df.mean().to_numpy())
    np.testing.assert_allclose(st["share_1500.0"], df.apply(lambda s: (s <= 1500).mean()).to_numpy())


def _line_graph():
    # one two-way road along y = 0 from x = 0 to x = 10 km, nodes only at its ends, 60 km/h
    # (1 km per minute); a separate 1 km road far away at y = -50 km
    nx = np.array([0.0, 10000.0, 0.0, 1000.0])
    ny = np.array([0.0, 0.0, -50000.0, -50000.0])
    u, v = np.array([0, 1, 2, 3]), np.array([1, 0, 3, 2])
    return RoadGraph(nx, ny, u, v, np.array([10000.0, 10000.0, 1000.0, 1000.0]),
                     np.array(["primary"] * 4, dtype=object), np.full(4, 60.0))


def test_points_snap_onto_the_road_not_its_far_nodes():
    g = _line_graph()
    # the service on the road at x = 2 km; a house 100 m from the road at x = 5 km is 5 km from
    # both nodes but only 100 m from the road: 100 m walked (80 s) + 3 km driven (180 s)
    r = graph_costs(g, [5000.0], [100.0], [2000.0], [0.0], "drive", "time")
    assert r["status"][0] == 0
    assert r["snap_m"][0] == pytest.approx(100.0, abs=1e-6)
    assert r["cost"][0] == pytest.approx(80.0 + 180.0, abs=1.0)


def test_off_graph_points_and_services_get_no_time():
    g = _line_graph()
    px = np.array([5000.0, 5000.0, 9000.0, 500.0])
    py = np.array([100.0, 3000.0, 0.0, -50000.0])
    # S0 on the road at x = 1 km; S1 4 km north of x = 9 km (off the road)
    sx, sy = np.array([1000.0, 9000.0]), np.array([0.0, 4000.0])
    r = graph_costs(g, px, py, sx, sy, "drive", "time", max_snap_m=1000.0)
    assert list(r["service_on_graph"]) == [True, False]
    # p0: 100 m off the road, nearest place S0 (4.0 km) -> 80 s + 240 s
    assert r["status"][0] == 0 and r["cost"][0] == pytest.approx(320.0, abs=1.0)
    # p1: 3 km from the road -> no time, never a 3 km walk
    assert r["status"][1] == OUTSIDE_GRAPH and np.isnan(r["cost"][1])
    # p2: on the road, but S1 (4 km, off the road) is nearer than S0 (8 km): the graph cannot tell
    assert r["status"][2] == SERVICE_OFF_GRAPH and np.isnan(r["cost"][2])
    # p3: on the far road, no path to S0
    assert r["status"][3] == UNREACHABLE
    # the old behaviour when asked: every point snapped whatever the distance
    r2 = graph_costs(g, px, py, sx, sy, "drive", "time", max_snap_m=None)
    assert np.isfinite(r2["cost"][1])


def test_network_coverage_records_what_the_graph_does_not_cover():
    g = _line_graph()
    communes = gpd.GeoDataFrame({"code_insee": ["N", "S"], "population": [300.0, 100.0]},
                                geometry=[box(0, -500, 10000, 500), box(0, 20000, 10000, 30000)], crs=2154)
    svc = pd.DataFrame({"category": ["france_services"], "x": [0.0], "y": [0.0]})
    t, meta = network_coverage_by_commune(None, svc, g, communes=communes, bands=(6,))
    t = t.set_index("code_insee")
    # N's point (5000, 0) is on the road: 5 km at 1 km/min = 5 min; S is 20 km from any road
    assert t.loc["N", "time_mean_min"] == pytest.approx(5.0, abs=0.05)
    assert t.loc["N", "share_within_6min"] == 1.0 and t.loc["N", "network_known_share"] == 1.0
    assert np.isnan(t.loc["S", "time_mean_min"]) and np.isnan(t.loc["S", "share_within_6min"])
    assert t.loc["S", "n_outside_graph"] == 1 and t.loc["S", "network_known_share"] == 0.0
    og = meta["outside_graph"]
    assert og["max_snap_m"] == 1000.0 and og["points"] == 1 and og["population"] == pytest.approx(100.0)
    assert og["communes"] == ["S"]
    assert meta["graph_covers_share"] == pytest.approx(300 / 400)
    assert meta["territory"]["share_within_6min"] == 1.0
    assert meta["territory"]["network_known_share"] == pytest.approx(0.75)


def test_diagnosis_records_the_demand_contract():
    svc = pd.DataFrame({"category": ["france_services", "library"], "x": [11000.0, 25000.0],
                        "y": [5000.0, 5000.0]})
    out, meta = run_diagnosis(_communes(), None, svc, population_units=_iris(),
                              params={"fsca": False, "service_categories": ["france_services"]})
    d = meta["demand"]
    assert {"source", "units", "addresses", "population", "weighting"} <= set(d)
    assert d["source"] == "iris" and d["addresses"] == 0 and d["weighting"] == "population"
    t = out.set_index("code_insee")
    assert t.loc["B", "demand_source"] == "iris" and t.loc["C", "demand_source"] == "commune"
    assert "dist_library_m" not in out.columns          # the kind of place left out is out
    assert meta["parameters"]["service_categories"] == ["france_services"]
    # territory share = population-weighted mean of the communes' shares
    pop, share = t["population"].to_numpy(float), t["share_within"].to_numpy(float)
    assert meta["territory"]["share_within_5km"] == pytest.approx(float((pop * share).sum() / pop.sum()))
