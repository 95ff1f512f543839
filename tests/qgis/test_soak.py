"""Soak (issue 16): in one QGIS session the plugin is loaded and unloaded 20 times and the diagnosis
runs 20 times. Memory stays flat (stated margin below), no layer is left in the project, the docks,
menus and provider go with each unload, and no plugin, dock or run object stays alive (a signal
connection or a cache holding one would keep it: weak references tell)."""
from __future__ import annotations

import gc
import importlib.util
import weakref
from pathlib import Path

import pytest

pytestmark = pytest.mark.qgis

HERE = Path(__file__).resolve().parent
ROUNDS = 20
WARM_UP = 5                 # first rounds fill caches (Processing, GDAL drivers, imports)
MARGIN_MB = 40.0            # growth allowed over the 15 measured rounds: < 3 MB per round


def _sibling(name):
    spec = importlib.util.spec_from_file_location(f"soak_{name}", HERE / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024.0
    raise AssertionError("no VmRSS in /proc/self/status")


def test_twenty_loads_and_diagnoses_stay_flat(iface, qgis_processing, monkeypatch):
    from qgis.core import QgsApplication, QgsProject
    from qgis.PyQt.QtCore import QEvent

    life = _sibling("test_plugin_lifecycle")
    algs = _sibling("test_indicator_algs")
    extras = life._track_extras(iface, monkeypatch)
    registry = QgsApplication.processingRegistry()
    if registry.providerById("terridiag") is not None:
        registry.removeProvider(registry.providerById("terridiag"))
    before = life._state(iface)
    layers_before = len(QgsProject.instance().mapLayers())
    refs, rss = [], []
    for k in range(ROUNDS):
        plugin = life._plugin(iface)
        plugin.initGui()
        plugin.action.trigger()                       # the dock opens
        _, _, al, sl, cl = algs._layers()
        res = algs._run("terridiag:diagnosis", {"COMMUNES": cl, "ADDRESSES": al, "SERVICES": sl,
                                                "OUTPUT": "memory:"})
        assert res["OUTPUT"].featureCount() == 3      # the same answer every round
        refs += [weakref.ref(plugin), weakref.ref(plugin.dock), weakref.ref(res["OUTPUT"])]
        plugin.unload()
        assert life._state(iface) == before, f"round {k + 1}: something stayed after unload"
        assert extras == {"options": [], "locator": []}
        del plugin, res, al, sl, cl
        QgsApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)   # deleteLater() runs here
        QgsApplication.processEvents()
        gc.collect()
        rss.append(_rss_mb())
    assert len(QgsProject.instance().mapLayers()) == layers_before
    # the last round's Python wrappers may wait for one more event-loop turn; none of the 19 before
    # may stay (an accumulating leak would keep every round's)
    alive = [r() for r in refs[:-3] if r() is not None]
    assert not alive, f"{len(alive)} object(s) of earlier rounds still alive, e.g. {type(alive[0]).__name__}"
    growth = rss[-1] - rss[WARM_UP - 1]
    print(f"soak: RSS after warm-up {rss[WARM_UP - 1]:.0f} MB, after {ROUNDS} rounds {rss[-1]:.0f} MB")
    assert growth < MARGIN_MB, f"memory grew {growth:.1f} MB over {ROUNDS - WARM_UP} rounds: {rss}"
