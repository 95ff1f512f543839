"""The engine imports without QGIS (checked in a fresh interpreter, whatever the test run loaded)."""
from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_core_never_imports_qgis():
    code = (
        "import sys, pkgutil, importlib\n"
        f"sys.path.insert(0, {str(REPO / '.build' / 'pkg')!r})\n"
        "import terridiag.plugin.core as core\n"
        "names = [m.name for m in pkgutil.walk_packages(core.__path__, core.__name__ + '.')]\n"
        "for n in names: importlib.import_module(n)\n"
        "bad = sorted(m for m in sys.modules if m == 'qgis' or m.startswith('qgis.') or m.startswith('PyQt'))\n"
        "print(len(names)); assert not bad, bad\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr[-3000:]
    assert int(out.stdout.strip().splitlines()[-1]) >= 5   # it did import the core modules


def test_dependency_check_names_missing_packages():
    import importlib

    deps = importlib.import_module("terridiag.plugin.dependencies")
    assert deps.missing({"numpy": ("numpy", "python3-numpy")}) == []
    assert deps.missing({"surely_not_a_package_xyz": ("x", "python3-x")}) == ["surely_not_a_package_xyz"]
    hint = deps.install_hint(["geopandas"])
    assert "OSGeo4W" in hint and "python3-geopandas" in hint and "QGIS.app" in hint
