"""Fixtures of the dock tests (pytest-qt + pytest-qgis, offscreen): the provider, a completed iface,
a fresh dock, and the demo territory written once per session."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "support"))
from loopback import LoopbackServer, serve_producers_90  # noqa: E402
from provider_registry import registered_provider  # noqa: E402


@pytest.fixture(autouse=True)
def declared_parameters_only(monkeypatch):
    """Every run a dock test starts passes only parameters its algorithm declares: Processing ignores
    an unknown name silently, so a panel naming a parameter the algorithm lost would go unnoticed."""
    try:
        from terridiag.plugin.gui import tasks
    except ImportError:              # a test without QGIS
        yield
        return
    unknown = []
    real_start = tasks.AlgorithmRun.start

    def start(run):
        alg = tasks.algorithm(run.alg_id)
        if alg is not None:
            declared = {p.name() for p in alg.parameterDefinitions()}
            unknown.extend(f"{run.alg_id}: {name}" for name in run.parameters if name not in declared)
        real_start(run)

    monkeypatch.setattr(tasks.AlgorithmRun, "start", start)
    yield
    assert not unknown, f"parameters the algorithms do not declare: {unknown}"


@pytest.fixture()
def terridiag_provider(qgis_app, qgis_processing):
    """The provider, registered again if a plugin load/unload test removed it."""
    return registered_provider()


@pytest.fixture()
def iface(qgis_iface):
    """pytest-qgis's iface with the few methods its stub lacks."""
    for name in ("registerOptionsWidgetFactory", "unregisterOptionsWidgetFactory",
                 "registerLocatorFilter", "deregisterLocatorFilter"):
        if not hasattr(qgis_iface, name):
            setattr(qgis_iface, name, lambda *a: None)
    if not hasattr(qgis_iface, "removeDockWidget"):
        qgis_iface.removeDockWidget = lambda dock: None
    return qgis_iface


@pytest.fixture()
def project_dir(tmp_path, qgis_app):
    """A saved, empty project in tmp_path: run outputs go to tmp_path/terridiag_results."""
    from qgis.core import QgsProject

    project = QgsProject.instance()
    project.clear()
    project.setFileName(str(tmp_path / "test.qgz"))
    project.write()
    yield tmp_path
    project.clear()


@pytest.fixture()
def dock(iface, terridiag_provider, project_dir, qtbot):
    from terridiag.plugin.gui.dock import TerriDiagDock

    widget = TerriDiagDock(iface, None)
    qtbot.addWidget(widget)
    widget.show()
    yield widget
    widget.cleanup()
    qtbot.waitUntil(lambda: widget.current is None, timeout=30_000)
    canvas = iface.mapCanvas()
    canvas.stopRendering()
    canvas.waitWhileRendering()
    # delete the dock now, while the application is alive (not at interpreter exit)
    from qgis.PyQt.QtCore import QCoreApplication, QEvent

    widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.DeferredDelete)
    import gc
    gc.collect()


def load_demo_and_run(dock, qtbot):
    """Load the demo territory and run the diagnosis from the dock's buttons; returns the result layer."""
    from qgis.PyQt.QtCore import Qt

    qtbot.mouseClick(dock.data_panel.demoButton, Qt.LeftButton)
    qtbot.waitUntil(lambda: not dock.busy(), timeout=120_000)
    qtbot.waitUntil(lambda: dock.indicators_panel.runButton.isEnabled(), timeout=10_000)
    qtbot.mouseClick(dock.indicators_panel.runButton, Qt.LeftButton)
    qtbot.waitUntil(lambda: not dock.busy(), timeout=180_000)
    layer = dock.result_layer()
    assert layer is not None, dock.body.statusLabel.text()
    return layer


@pytest.fixture()
def diagnosed(dock, qtbot):
    """A dock that has run the diagnosis of the demo territory."""
    load_demo_and_run(dock, qtbot)
    return dock


@pytest.fixture()
def french(qgis_app):
    """The plugin's French translation installed (as the plugin does in a French QGIS); the .qm is
    built first when it is missing or older than its .ts."""
    import subprocess

    from qgis.PyQt.QtCore import QCoreApplication, QTranslator

    repo = Path(__file__).resolve().parents[2]
    qm, ts = repo / "i18n" / "terridiag_fr.qm", repo / "i18n" / "terridiag_fr.ts"
    if not qm.exists() or qm.stat().st_mtime < ts.stat().st_mtime:
        subprocess.run(["make", "-C", str(repo), "translations"], check=True, capture_output=True)
    translator = QTranslator()
    assert translator.load(str(qm))
    QCoreApplication.installTranslator(translator)
    yield translator
    QCoreApplication.removeTranslator(translator)


# --- download my territory against the producers on 127.0.0.1 ---------------------------------

@pytest.fixture
def producers(shared_data, tmp_path, monkeypatch):
    """The producers on 127.0.0.1 (base URLs from TERRIDIAG_BASE_*), a cache in tmp_path."""
    from terridiag.plugin.core.net.catalog import SOURCES

    with LoopbackServer() as srv:
        facts = serve_producers_90(srv, shared_data, tmp_path / "served")
        for key in SOURCES:
            monkeypatch.setenv(f"TERRIDIAG_BASE_{key.upper()}", srv.base)
        yield srv, facts


@pytest.fixture
def download_dock(dock, producers, tmp_path):
    """The dock, its downloads cached in tmp_path, every job it submits recorded."""
    from terridiag.plugin.core.net import settings

    before = settings._overrides.get("cache_dir")
    settings.set_override("cache_dir", str(tmp_path / "cache"))   # after the dock applied the user's settings
    submitted = []
    original = dock.submit

    def submit(alg_id, params, *args, **kwargs):
        submitted.append((alg_id, dict(params) if isinstance(params, dict) else params))
        return original(alg_id, params, *args, **kwargs)

    dock.submit = submit
    try:
        yield dock, producers[0], producers[1], submitted
    finally:
        settings.set_override("cache_dir", before)
