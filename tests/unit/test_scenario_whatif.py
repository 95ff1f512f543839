"""What-if scenarios on a tiny territory whose numbers are worked out by hand.

Territory (metric CRS, metres), threshold 5 km, 2SFCA catchment 5 km, capacity 1 per place:

    commune 90001 (population 300 -> 100 per address): a1 (0, 0), a2 (1000, 0), a3 (8000, 0)
    commune 90002 (population 100 ->  50 per address): b1 (20000, 0), b2 (21000, 0)
    existing place S1 at (0, 0).

Before: distances a1 0, a2 1000, a3 8000, b1 20000, b2 21000; within 5 km: a1, a2 -> 200 people.
2SFCA: S1 reaches a1, a2 (demand 200) -> R = 1/200 = 0.005; A(a1) = A(a2) = 0.005, others 0.
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from terridiag.plugin.core.errors import InputDataError, ParameterError
from terridiag.plugin.core.scenario.whatif import apply_changes, what_if

POP = {"90001": 300.0, "90002": 100.0}


@pytest.fixture
def addresses():
    return pd.DataFrame({"code_insee": ["90001"] * 3 + ["90002"] * 2,
                         "x": [0.0, 1000.0, 8000.0, 20000.0, 21000.0], "y": [0.0] * 5})


@pytest.fixture
def services():
    return pd.DataFrame({"category": ["france_services"], "x": [0.0], "y": [0.0],
                         "capacity": [1.0], "mobile": [False]})


def row(table, code):
    return table.set_index("code_insee").loc[code]


def test_add_a_place_near_the_far_commune(addresses, services):
    # New place N1 at (20000, 3000): b1 at 3000 m, b2 at sqrt(1000² + 3000²) = 3162.28 m, both
    # within 5 km -> 90002 gains its 100 people; a3 is 12369 m from N1, stays at 8000 m.
    res = what_if(addresses, services, add=pd.DataFrame({"x": [20000.0], "y": [3000.0]}),
                  threshold_km=5, population=POP)
    b = row(res.communes, "90002")
    assert b["people_within_before"] == 0.0
    assert b["people_within_after"] == pytest.approx(100.0)
    assert b["people_gained"] == pytest.approx(100.0)
    assert b["pop_share_within_after"] == pytest.approx(1.0)
    # mean distance 90002: (20000 + 21000)/2 = 20500 -> (3000 + 3162.2777)/2 = 3081.1388
    assert b["dist_mean_before_m"] == pytest.approx(20500.0)
    assert b["dist_mean_after_m"] == pytest.approx((3000 + math.sqrt(1e7)) / 2)
    assert b["dist_mean_delta_m"] == pytest.approx((3000 + math.sqrt(1e7)) / 2 - 20500)
    assert b["share_within_before"] == 0.0 and b["share_within_after"] == 1.0
    # 2SFCA: N1 reaches b1, b2 (demand 50 + 50) -> R = 1/100, A = 0.01 for both
    assert b["fsca_before"] == 0.0
    assert b["fsca_after"] == pytest.approx(0.01)
    a = row(res.communes, "90001")
    assert a["people_gained"] == 0.0
    assert a["people_within_before"] == pytest.approx(200.0)
    assert a["fsca_before"] == pytest.approx(2 * 100 * 0.005 / 300)   # 0.003333
    assert a["fsca_delta"] == pytest.approx(0.0)
    assert a["dist_mean_delta_m"] == pytest.approx(0.0)
    t = res.totals
    assert t["population"] == pytest.approx(400.0)
    assert t["people_gained"] == pytest.approx(100.0)
    assert t["share_within_before"] == pytest.approx(0.5)
    assert t["share_within_after"] == pytest.approx(0.75)
    # weighted mean distance: (100·9000 + 50·41000)/400 = 7375 -> (900000 + 50·6162.2777)/400
    assert t["dist_mean_before_m"] == pytest.approx(7375.0)
    assert t["dist_mean_after_m"] == pytest.approx((900000 + 50 * (3000 + math.sqrt(1e7))) / 400)
    # 2SFCA territory: (100·0.005·2)/400 = 0.0025 -> (1 + 50·0.01·2)/400 = 0.005
    assert t["fsca_before"] == pytest.approx(0.0025)
    assert t["fsca_after"] == pytest.approx(0.005)
    assert t["addresses_closer"] == 2 and t["addresses_farther"] == 0
    # per-address map of gains
    ad = res.addresses
    assert ad["gain_m"].tolist() == pytest.approx([0, 0, 0, 17000, 21000 - math.sqrt(1e7)])
    assert ad["people_gained"].tolist() == pytest.approx([0, 0, 0, 50, 50])
    assert res.params["added"] == 1 and res.params["removed"] == 0


def test_mobile_stop_counts_for_its_days(addresses, services):
    # A bus stop at (8000, 1000) two days a week: presence 2/5 = 0.4. a3 is 1000 m away ->
    # covered at level 0.4 -> 100 × 0.4 = 40 people gained; a2 is sqrt(7000² + 1000²) = 7071 m
    # away, outside. Distances ignore presence: a3 goes from 8000 to 1000 m.
    # 2SFCA: supply 1 × 0.4 over demand 100 (a3 only) -> R = 0.004, A(a3) = 0.004;
    # commune 90001: (100·0.005·2 + 100·0.004)/300 = 1.4/300.
    stop = pd.DataFrame({"x": [8000.0], "y": [1000.0], "mobile": [True], "days_per_week": [2]})
    res = what_if(addresses, services, add=stop, threshold_km=5, population=POP)
    a = row(res.communes, "90001")
    assert a["people_gained"] == pytest.approx(40.0)
    assert a["people_within_after"] == pytest.approx(240.0)
    assert a["fsca_after"] == pytest.approx(1.4 / 300)
    assert a["dist_mean_after_m"] == pytest.approx((0 + 1000 + 1000) / 3)
    assert res.addresses["level_after"].tolist() == pytest.approx([1, 1, 0.4, 0, 0])
    assert res.totals["people_gained"] == pytest.approx(40.0)


def test_remove_and_move(addresses, services):
    # Removing S1 (picked 0.6 m away, within the 1 m tolerance) while adding N1: 90001 loses
    # its 200 people, 90002 gains 100 -> net -100.
    res = what_if(addresses, services, add=pd.DataFrame({"x": [20000.0], "y": [3000.0]}),
                  remove=pd.DataFrame({"x": [0.6], "y": [0.0]}), population=POP)
    assert row(res.communes, "90001")["people_gained"] == pytest.approx(-200.0)
    assert res.totals["people_gained"] == pytest.approx(-100.0)
    assert res.params["removed"] == 1
    # Moving S1 to (8000, 0): a1 8000 m, a2 7000 m, a3 0 m -> only a3 within: 100 people (-100).
    mv = pd.DataFrame({"from_x": [0.0], "from_y": [0.0], "x": [8000.0], "y": [0.0]})
    res = what_if(addresses, services, move=mv, population=POP)
    a = row(res.communes, "90001")
    assert a["people_within_after"] == pytest.approx(100.0)
    assert a["dist_mean_after_m"] == pytest.approx(5000.0)
    assert res.services_after["_scenario"].tolist() == ["moved"]
    # 2SFCA after the move: S1 reaches a2 (7000 m)? no; a3 (0 m) yes -> R = 1/100, A(a3) = 0.01
    assert a["fsca_after"] == pytest.approx(100 * 0.01 / 300)


def test_weights_default_to_address_counts(addresses, services):
    res = what_if(addresses, services, add=pd.DataFrame({"x": [20000.0], "y": [3000.0]}))
    assert res.totals["population"] == 5.0
    assert res.totals["people_gained"] == 2.0


def test_places_without_coordinates_are_left_out(addresses, services):
    svc = pd.concat([services, pd.DataFrame({"x": [np.nan], "y": [np.nan]})], ignore_index=True)
    res = what_if(addresses, svc, add=pd.DataFrame({"x": [20000.0], "y": [3000.0]}), population=POP)
    assert res.totals["people_gained"] == pytest.approx(100.0)
    assert len(res.services_after) == 2


def test_bad_inputs_are_clear(addresses, services):
    with pytest.raises(ParameterError, match="tolerance"):
        what_if(addresses, services, remove=pd.DataFrame({"x": [300.0], "y": [0.0]}))
    with pytest.raises(ParameterError, match="removes every service"):
        what_if(addresses, services, remove=pd.DataFrame({"x": [0.0], "y": [0.0]}))
    with pytest.raises(InputDataError, match="code_insee"):
        what_if(addresses.drop(columns="code_insee"), services)
    with pytest.raises(InputDataError, match="added point 1 has no coordinates"):
        apply_changes(services, add=pd.DataFrame({"x": [np.nan], "y": [1.0]}))
    with pytest.raises(ParameterError, match="positive"):
        what_if(addresses, services, threshold_km=0)


def test_gains_by_commune_on_the_polygons_with_inhabitants_by_hand(addresses, services):
    """A place at (8000, 0) brings a3 within 5 km: commune 90001 gains 1 address, i.e. 300 / 3 = 100
    inhabitants; 90002 gains nothing; 90003 (no address) stays empty; 90004 has no population."""
    gpd = pytest.importorskip("geopandas")
    from shapely.geometry import box

    from terridiag.plugin.core.scenario.whatif import gains_by_commune

    res = what_if(addresses, services, add=[(8000.0, 0.0)], threshold_km=5.0)
    communes = gpd.GeoDataFrame({"code_insee": ["90001", "90002", "90003", "90004"],
                                 "nom": ["Un", None, "Trois", "Quatre"],
                                 "population": [300.0, 100.0, 50.0, None]},
                                geometry=[box(-1, -1, 9000, 1), box(19000, -1, 22000, 1), box(30000, 0, 31000, 1),
                                          box(40000, 0, 41000, 1)], crs="EPSG:2154")
    gains, total = gains_by_commune(communes, res.communes)
    by = gains.set_index("code_insee")
    assert list(gains.columns) == ["code_insee", "nom", "people_gained", "share_within_before",
                                   "share_within_after", "dist_mean_delta_m", "inhabitants_gained", "geometry"]
    assert by.loc["90001", "people_gained"] == pytest.approx(1.0)
    assert by.loc["90001", "share_within_before"] == pytest.approx(2 / 3)
    assert by.loc["90001", "share_within_after"] == pytest.approx(1.0)
    assert by.loc["90001", "dist_mean_delta_m"] == pytest.approx(-8000 / 3)
    assert by.loc["90001", "inhabitants_gained"] == pytest.approx(100.0)   # 300 inhabitants / 3 addresses
    assert by.loc["90002", "people_gained"] == 0 and by.loc["90002", "nom"] == "90002"   # no name: its code
    assert math.isnan(by.loc["90003", "people_gained"]) and math.isnan(by.loc["90004", "inhabitants_gained"])
    assert total == pytest.approx(100.0)
    assert gains.geometry.iloc[0].equals(communes.geometry.iloc[0]) and gains.crs == communes.crs

    # the diagnosis's own address counts win over the what-if's; weighted addresses: no estimate
    gains, total = gains_by_commune(communes.assign(n_addresses=[6, 2, 0, 1]), res.communes)
    assert total == pytest.approx(50.0)
    assert gains_by_commune(communes, res.communes, per_address=False)[1] is None
    assert gains_by_commune(communes.drop(columns="population"), res.communes)[1] is None
