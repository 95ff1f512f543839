"""Network coverage on a hand-built graph: snap walks, one-way streets, unreachable points,
nearest service, per-commune aggregates and disjoint service areas."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from terridiag.plugin.core.graph import RoadGraph
from terridiag.plugin.core.indicators.network import (
    address_costs, network_coverage_by_commune, network_pairs, node_costs, service_areas)

# walking speed 4.5 km/h = 1.25 m/s


def _graph():
    # nodes 0..4 on the x axis every 1000 m; 5-6 a separate road far north
    nx = np.array([0, 1000, 2000, 3000, 4000, 0, 1000], float)
    ny = np.array([0, 0, 0, 0, 0, 5000, 5000], float)
    # two-way residential 0-1, 1-2, 2-3 at 30 km/h (1000 m = 120 s); one-way 3 -> 4 at 60 km/h (60 s)
    u = np.array([0, 1, 1, 2, 2, 3, 3, 5, 6])
    v = np.array([1, 0, 2, 1, 3, 2, 4, 6, 5])
    hw = np.array(["residential"] * 6 + ["primary"] + ["residential"] * 2, dtype=object)
    sp = np.array([30.0] * 6 + [60.0] + [30.0] * 2)
    return RoadGraph(nx, ny, u, v, np.full(9, 1000.0), hw, sp, crs=2154)


def test_node_costs_one_way_and_nearest_service():
    g = _graph()
    # S0 at (0, 10): node 0, 10 m walk = 8 s ; S1 at (4000, -30): node 4, 30 m = 24 s
    sx, sy = np.array([0.0, 4000.0]), np.array([10.0, -30.0])
    cost, svc = node_costs(g, sx, sy, "drive", "time")
    # node 0: 8 (S0) ; node 1: 120 + 8 = 128 (S0) ; node 2: S0 240 + 8 = 248, S1 120 + 60 + 24 = 204
    # node 3: 60 + 24 = 84 (S1) ; node 4: 24 (S1) ; nodes 5, 6 unreachable
    np.testing.assert_allclose(cost[:5], [8, 128, 204, 84, 24])
    assert np.isinf(cost[5]) and np.isinf(cost[6])
    assert list(svc) == [0, 0, 1, 1, 1, -1, -1]


def test_one_way_forbids_driving_against_it():
    g = _graph()
    # only S0 at node 0: node 4 cannot drive back along the one-way 3 -> 4
    cost, _ = node_costs(g, [0.0], [10.0], "drive", "time")
    np.testing.assert_allclose(cost[:4], [8, 128, 248, 368])
    assert np.isinf(cost[4])
    # walking ignores the direction: node 4 is 4000 m / 1.25 = 3200 s + 8 s
    wcost, _ = node_costs(g, [0.0], [10.0], "walk", "time")
    assert wcost[4] == pytest.approx(3208)
    # distance weight: metres (10 m snap + 4000 m)
    dcost, _ = node_costs(g, [0.0], [10.0], "walk", "distance")
    assert dcost[4] == pytest.approx(4010)


def test_address_costs_and_commune_aggregates():
    g = _graph()
    addr = pd.DataFrame({"code_insee": ["A", "A", "A", "B"],
                         "x": [2000.0, 1000.0, 3000.0, 400.0],
                         "y": [20.0, 0.0, 0.0, 5000.0]})
    svc = pd.DataFrame({"category": ["france_services"], "x": [0.0], "y": [10.0]})
    cost, nearest, _ = address_costs(g, addr.x, addr.y, svc.x, svc.y, "drive", "time")
    # (2000, 20): node 2, 20 m walk = 16 s -> 248 + 16 = 264 s ; (1000,0): 128 ; (3000,0): 368
    np.testing.assert_allclose(cost[:3], [264, 128, 368])
    assert np.isinf(cost[3]) and nearest[3] == -1
    t, meta = network_coverage_by_commune(addr, svc, g, bands=(3, 5))
    a = t.set_index("code_insee").loc["A"]
    # minutes: 4.4, 2.1333, 6.1333 -> mean 4.2222, median 4.4, p90 = 4.4 + 0.8 * 1.7333 = 5.7867
    assert a.time_mean_min == pytest.approx((264 + 128 + 368) / 3 / 60)
    assert a.time_median_min == pytest.approx(4.4)
    assert a.time_p90_min == pytest.approx(4.4 + 0.8 * (368 - 264) / 60)
    assert a.share_within_3min == pytest.approx(1 / 3)
    assert a.share_within_5min == pytest.approx(2 / 3)
    b = t.set_index("code_insee").loc["B"]
    # no path at all: counted, and left out like a point off the graph (a hole in the data)
    assert b.n_unreachable == 1 and np.isnan(b.share_within_5min) and np.isnan(b.time_mean_min)
    assert b.network_known_share == 0 and meta["outside_graph"]["communes_without_time"] == ["B"]
    assert meta["n_unreachable"] == 1


def test_service_areas_are_disjoint_bands():
    g = _graph()
    cost, _ = node_costs(g, [0.0], [10.0], "walk", "time")
    # bands 5 and 15 minutes (300 s, 900 s): 300 s walks 365 m, 900 s walks 1115 m
    areas = service_areas(g, cost, bands=(5, 15), mode="walk", cell=50.0, buffer_cells=1)
    assert list(areas["band"]) == [0, 1]
    assert list(areas["label"]) == ["0-5 min", "5-15 min"]
    a0, a1 = areas.geometry.iloc[0], areas.geometry.iloc[1]
    assert a0.intersection(a1).area == pytest.approx(0, abs=1e-6)
    # band 0 reaches x ≈ 365 m along the road (±2 cells), band 1 up to ≈ 1115 m
    assert a0.bounds[2] == pytest.approx(365, abs=120)
    assert a1.bounds[2] == pytest.approx(1115, abs=120)
    assert a1.bounds[0] >= a0.bounds[2] - 150     # band 1 starts where band 0 ends
    # the separate road (unreachable) is in no band
    assert max(a0.bounds[3], a1.bounds[3]) < 1000


def test_network_pairs_for_2sfca_by_time():
    from terridiag.plugin.core.indicators.fsca import two_step_fca
    g = _graph()
    # demand at nodes 1 (x=1000) and 3 (x=3000), 0 m snaps; places S0 at node 0 (10 m snap = 8 s),
    # S1 at node 4 (30 m = 24 s). Driving: d1->S0 120+8 = 128 s ; d1->S1 240+60+24 = 324 s ;
    # d3->S0 360+8 = 368 s ; d3->S1 60+24 = 84 s
    i, j, c = network_pairs(g, [1000.0, 3000.0], [0.0, 0.0], [0.0, 4000.0], [10.0, -30.0], 330, chunk=1)
    got = sorted(zip(i.tolist(), j.tolist(), np.round(c, 6).tolist()))
    assert got == [(0, 0, 128.0), (0, 1, 324.0), (1, 1, 84.0)]      # 368 s > 330 s is out
    # 2SFCA over these pairs: R0 = 1/100 ; R1 = 1/(100+50) ; A(d1) = R0 + R1, A(d3) = R1
    a, r = two_step_fca(np.array([100.0, 50.0]), np.array([1.0, 1.0]), i, j, c, max_cost=330)
    np.testing.assert_allclose(a, [0.01 + 1 / 150, 1 / 150])


def test_real_osm_extract_network_distance_never_shorter_than_straight_line(shared_data):
    """On the real OSM extract of the south of Territoire de Belfort: every network distance
    (snap walks included) is >= the straight-line distance to the same service, and the nearest
    service by road is one of the services."""
    from terridiag.plugin.core.sources.roads import read_osm_roads
    g, _ = read_osm_roads(shared_data / "territoire_90" / "osm_sud_territoire_de_belfort_2011_josm.osm")
    assert g.n_edges > 1000
    rng = np.random.default_rng(4)
    x0, y0 = np.median(g.node_x), np.median(g.node_y)
    px, py = x0 + rng.uniform(-3000, 3000, 400), y0 + rng.uniform(-3000, 3000, 400)
    sx, sy = x0 + np.array([-2000.0, 1500.0, 0.0]), y0 + np.array([1000.0, -1500.0, 2500.0])
    cost, nearest, _ = address_costs(g, px, py, sx, sy, "drive", "distance")
    ok = np.isfinite(cost)
    assert ok.mean() > 0.9
    straight = np.hypot(px[ok] - sx[nearest[ok]], py[ok] - sy[nearest[ok]])
    assert (cost[ok] >= straight - 1e-6).all()
    assert set(nearest[ok]) <= {0, 1, 2}
    # driving time is at least the straight line to the closest service at 130 km/h (faster than any
    # speed in the extract; snap walks are slower still)
    tcost, _, _ = address_costs(g, px, py, sx, sy, "drive", "time")
    closest = np.hypot(px[:, None] - sx[None], py[:, None] - sy[None]).min(axis=1)
    assert (tcost[ok] >= closest[ok] / (130 / 3.6) - 1e-6).all()
