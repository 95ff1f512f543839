"""The diagnosis is a list of named steps, one function each (issue 13): their order, that each one
adds what it says, and that a cancel between two steps stops the run there."""
from __future__ import annotations

import ast
import inspect

import pytest

pytest.importorskip("geopandas")

from terridiag.plugin.core.indicators import diagnosis  # noqa: E402
from terridiag.plugin.core.progress import Cancelled, Feedback  # noqa: E402

from .test_ind_diagnosis import _territory  # noqa: E402


def test_steps_are_named_functions_in_order():
    names = [name for name, _fn, _pct in diagnosis.STEPS]
    assert names == ["communes", "demand", "coverage", "open_at", "network", "fsca", "connectivity",
                     "fragility", "typology", "confidentiality", "metadata"]
    for name, fn, _pct in diagnosis.STEPS:
        assert fn.__name__ == f"step_{name}" and inspect.getdoc(fn), name
    # confidentiality after every step that computes from counts; the metadata describes the result
    assert names.index("confidentiality") == len(names) - 2
    pcts = [p for _n, _f, p in diagnosis.STEPS if p is not None]
    assert pcts == sorted(pcts) and pcts[-1] == 100


def test_no_long_function_in_the_diagnosis():
    tree = ast.parse(inspect.getsource(diagnosis))
    lengths = {n.name: n.end_lineno - n.lineno + 1 for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)}
    assert lengths["run_diagnosis"] < 60, lengths["run_diagnosis"]
    assert max(v for k, v in lengths.items() if k.startswith("step_")) <= 40, lengths


class _Recorder(Feedback):
    def __init__(self, stop_after=None):
        self.progress, self.stop_after = [], stop_after

    def set_progress(self, percent):
        self.progress.append(percent)

    def is_canceled(self):
        return self.stop_after is not None and self.stop_after in self.progress


def test_steps_add_their_columns_and_cancel_stops_between_steps(monkeypatch):
    communes, addresses, services, connectivity, pv = _territory()
    fb = _Recorder()
    out, meta = diagnosis.run_diagnosis(communes, addresses, services, connectivity=connectivity,
                                        population_vars=pv, feedback=fb)
    assert fb.progress == [25, 35, 40, 50, 60, 70, 80, 95, 100]
    assert {"dist_mean_m", "fsca", "share_thd30", "ifn_global", "typology", "masked"} <= set(out.columns)
    assert set(meta["steps"]) >= {"coverage", "fsca", "connectivity", "fragility", "typology", "confidentiality"}
    # cancelled once the 2SFCA step reported 60 %: connectivity and later steps never run
    seen = []
    real = dict((n, f) for n, f, _p in diagnosis.STEPS)
    steps = tuple((n, (lambda run, n=n: (seen.append(n), real[n](run))), p) for n, _f, p in diagnosis.STEPS)
    monkeypatch.setattr(diagnosis, "STEPS", steps)
    with pytest.raises(Cancelled):
        diagnosis.run_diagnosis(communes, addresses, services, connectivity=connectivity,
                                population_vars=pv, feedback=_Recorder(stop_after=60))
    assert seen == ["communes", "demand", "coverage", "open_at", "network", "fsca"]
