"""Start QGIS headless with Processing and the TerriDiag provider (for scripts, the demo, benchmarks).

Usage: ``from qgis_headless import start; app = start()``; then ``import processing``.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PKG_ROOT = REPO / ".build" / "pkg"


def link_package() -> None:
    """The repository is the plugin folder; import it as ``terridiag`` through a symlink."""
    PKG_ROOT.mkdir(parents=True, exist_ok=True)
    link = PKG_ROOT / "terridiag"
    if not link.exists():
        link.symlink_to(REPO, target_is_directory=True)
    if str(PKG_ROOT) not in sys.path:
        sys.path.insert(0, str(PKG_ROOT))


def start():
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if Path("/usr/share/proj/proj.db").exists():  # Debian's pyproj inside a venv
        os.environ.setdefault("PROJ_DATA", "/usr/share/proj")
    os.environ.setdefault("XDG_RUNTIME_DIR", f"/tmp/runtime-{os.getuid()}")
    Path(os.environ["XDG_RUNTIME_DIR"]).mkdir(mode=0o700, exist_ok=True)
    link_package()
    sys.path.append("/usr/share/qgis/python/plugins")
    from qgis.core import QgsApplication

    app = QgsApplication([], False)
    app.initQgis()
    from processing.core.Processing import Processing

    Processing.initialize()
    from terridiag.plugin.processing.provider import TerriDiagProvider

    provider = TerriDiagProvider()
    QgsApplication.processingRegistry().addProvider(provider)
    app._terridiag_provider = provider  # keep a reference
    return app


def has_algorithm(alg_id: str) -> bool:
    from qgis.core import QgsApplication

    return QgsApplication.processingRegistry().algorithmById(alg_id) is not None
