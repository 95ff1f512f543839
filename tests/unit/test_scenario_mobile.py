"""Presence weights of itinerant services (weeks served / 52, days per week / 5)."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from terridiag.plugin.core.errors import InputDataError
from terridiag.plugin.core.scenario.mobile import (count_days, mobile_services, presence_weight,
                                                  services_presence)


def test_presence_rules():
    stops = pd.DataFrame({
        "weeks_per_year": [26, np.nan, 26, np.nan, np.nan, 52],
        "days_per_week": [np.nan, 2, 2, np.nan, 6, np.nan],
        "presence": [np.nan, np.nan, np.nan, np.nan, np.nan, 0.3],
    })
    # 26/52; 2/5; 2/5 × 26/52; default 1/5; 6/5 capped at 1; explicit presence wins
    assert presence_weight(stops).tolist() == pytest.approx([0.5, 0.4, 0.2, 0.2, 1.0, 0.3])
    assert presence_weight(stops.iloc[3:4], default=0.5).tolist() == [0.5]


def test_weekday_names():
    assert count_days("lundi|jeudi") == 2
    assert count_days("les mardis et vendredis, et le mardi") == 2
    assert count_days("Mo,Th,Sa") == 3
    assert np.isnan(count_days("à la demande"))
    stops = pd.DataFrame({"days": ["lundi", "lundi|mercredi|vendredi", None]})
    assert presence_weight(stops).tolist() == pytest.approx([0.2, 0.6, 0.2])


def test_services_presence_fixed_and_mobile_rows():
    svc = pd.DataFrame({"mobile": [False, True, True], "days_per_week": [np.nan, 1, 3],
                        "x": [0, 1, 2], "y": [0, 0, 0]})
    assert services_presence(svc).tolist() == pytest.approx([1.0, 0.2, 0.6])
    svc["mobile"] = ["", "oui", "Itinérant"]     # text flags from CSV files
    assert services_presence(svc).tolist() == pytest.approx([1.0, 0.2, 0.6])
    assert services_presence(svc.drop(columns="mobile")).tolist() == [1.0, 1.0, 1.0]


def test_route_stops_become_services_with_fractional_capacity():
    stops = pd.DataFrame({"name": ["Monthois", "Machault"], "x": [1.0, 2.0], "y": [3.0, 4.0],
                          "days": ["lundi", "mardi|jeudi"]})
    svc = mobile_services(stops, route="Vouziers", capacity=2.0)
    assert svc["presence"].tolist() == pytest.approx([0.2, 0.4])
    assert svc["capacity"].tolist() == pytest.approx([0.4, 0.8])
    assert svc["mobile"].all() and svc["source"].iloc[0] == "mobile route Vouziers"
    assert services_presence(svc).tolist() == pytest.approx([0.2, 0.4])


def test_bad_values_name_the_column():
    with pytest.raises(InputDataError, match="weeks_per_year = 60 on stop 2"):
        presence_weight(pd.DataFrame({"weeks_per_year": [10, 60]}))
    with pytest.raises(InputDataError, match="no column 'y'"):
        mobile_services(pd.DataFrame({"x": [1.0]}))
