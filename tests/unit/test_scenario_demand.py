"""Demand weights: field, commune population spread over addresses, fragility factor."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from terridiag.plugin.core.errors import InputDataError
from terridiag.plugin.core.scenario.demand import demand_weights

ADDR = pd.DataFrame({"code_insee": ["90001", "90001", "90001", "90002", "90003"],
                     "pop": [2.0, np.nan, -1.0, 5.0, 1.0], "x": 0.0, "y": 0.0})


def test_weights_rules():
    assert demand_weights(ADDR).tolist() == [1, 1, 1, 1, 1]
    assert demand_weights(ADDR, weight_field="pop").tolist() == [2, 0, 0, 5, 1]
    # 300 inhabitants over 3 addresses, 40 over 1; 90003 unknown -> 0
    w = demand_weights(ADDR, population={"90001": 300, "90002": 40})
    assert w.tolist() == [100, 100, 100, 40, 0]
    w = demand_weights(ADDR, population=pd.Series([300.0, 40.0], index=["90001", "90002"]))
    assert w.tolist() == [100, 100, 100, 40, 0]


def test_fragility_factor():
    # index 150 -> x1.5, 80 -> x0.8, no index -> x1; power 2 -> x2.25, x0.64
    frag = {"90001": 150.0, "90002": 80.0}
    assert demand_weights(ADDR, fragility=frag).tolist() == pytest.approx([1.5, 1.5, 1.5, 0.8, 1.0])
    assert demand_weights(ADDR, population={"90001": 300, "90002": 40}, fragility=frag,
                          power=2).tolist() == pytest.approx([225, 225, 225, 25.6, 0])
    with pytest.raises(InputDataError, match="negative fragility"):
        demand_weights(ADDR, fragility={"90001": -3})
    with pytest.raises(InputDataError, match="no population is known"):
        demand_weights(ADDR, population={"1001": 300})          # codes read as numbers somewhere
    with pytest.raises(InputDataError, match="no field 'nope'"):
        demand_weights(ADDR, weight_field="nope")
