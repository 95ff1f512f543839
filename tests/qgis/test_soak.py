"""Soak (issue 16): in one QGIS session the plugin is loaded and unloaded 20 times and the diagnosis
runs 20 times. Memory stays flat (stated margin below), no layer is left in the project, the docks,
menus and provider go with each unload, and no plugin, dock or run object stays alive (a signal
connection or a cache holding one would keep it: weak references tell).

It runs in a QGIS process of its own (a child pytest session): twenty unloads flush Qt's deferred
deletions, which must not reach the objects later tests of this session still hold."""
from __future__ import annotations

import gc
import importlib.util
import os
import subprocess
import sys
import weakref
from pathlib import Path

import pytest

pytestmark = pytest.mark.qgis

HERE = Path(__file__).resolve().parent
ROUNDS = 20
WARM_UP = 5                 # first rounds fill caches (Processing, GDAL drivers, imports)
MARGIN_MB = 40.0            # growth allowed over the 15 measured rounds: < 3 MB per round
CHILD = os.environ.get("TERRIDIAG_SOAK_CHILD") == "1"


@pytest.mark.skipif(CHILD, reason="this is the child session")
def test_soak_in_its_own_qgis_process():
    env = {**os.environ, "TERRIDIAG_SOAK_CHILD": "1"}
    proc = subprocess.run([sys.executable, "-X", "faulthandler", "-m", "pytest", f"{__file__}::test_twenty_loads_and_diagnoses_stay_flat",
                           "-q", "-s", "-p", "no:cacheprovider", "--rootdir", str(HERE.parents[1])],
                          capture_output=True, text=True, timeout=900, env=env, cwd=str(HERE.parents[1]))
    assert proc.returncode == 0 and "1 passed" in proc.stdout, (proc.stdout[-3000:], proc.stderr[-2000:])
    print(next(line for line in proc.stdout.splitlines() if line.startswith("soak:")))


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


@pytest.mark.skipif(not CHILD, reason="run by test_soak_in_its_own_qgis_process in a QGIS process of its own")
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
