"""What a frame's columns become in a Processing sink (qgis_bridge.convert.write_sink): each
column converted at once (numpy's tolist for numbers and booleans) gives exactly what converting
value by value gives — NaN as NULL, numpy scalars as plain Python, of the same types."""
from __future__ import annotations

import numpy as np
import pandas as pd


def test_columns_convert_as_values_do():
    from terridiag.plugin.qgis_bridge.convert import _python_column, _python_values

    py = _python_values()
    frame = pd.DataFrame({
        "real": [1.5, np.nan, np.inf, -0.0],
        "real32": np.array([1.25, np.nan, 3.0, 4.0], dtype=np.float32),
        "int": np.array([1, -2, 3, 2 ** 40], dtype=np.int64),
        "uint": np.array([1, 2, 3, 4], dtype=np.uint8),
        "bool": [True, False, True, False],
        "text": ["90001", None, "", "Bâle"],
        "mixed": [np.float64(2.5), np.nan, np.int64(3), np.bool_(True)],
        "nullable": pd.array([1, None, 3, 4], dtype="Int64"),
        "category": pd.Categorical(["a", "b", None, "a"]),
    })
    for name in frame.columns:
        got = _python_column(frame[name], py)
        want = [py(v) for v in frame[name].astype(object).to_numpy()]
        assert got == want, name
        assert [type(v) for v in got] == [type(v) for v in want], name
    assert _python_column(frame["real"], py)[1] is None
    assert type(_python_column(frame["int"], py)[0]) is int
    assert type(_python_column(frame["bool"], py)[0]) is bool
