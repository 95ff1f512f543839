"""Enabling TerriDiag keeps QGIS start-up light: the plugin, its provider and its 20-odd algorithms
load, and its panel opens, without numpy, pandas, scipy, geopandas, shapely, matplotlib or folium,
which are imported when an algorithm runs or a panel computes (timing: bench/bench_startup.py)."""
from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
HEAVY = ("numpy", "pandas", "scipy", "geopandas", "shapely", "matplotlib", "folium", "pyproj", "rasterio",
         "openpyxl", "pyogrio")
# where the rule holds (COMMON.md): the QGIS-facing layers; plugin/core may import them at the top
LIGHT = ["__init__.py", "plugin/__init__.py", "plugin/plugin.py", "plugin/dependencies.py", "plugin/log.py", "plugin/i18n.py",
         "plugin/processing", "plugin/gui", "plugin/qgis_bridge"]

STARTUP = r"""
import json, sys, time
sys.path.insert(0, sys.argv[1])
sys.path.insert(0, "/usr/share/qgis/python/plugins")
from qgis.core import QgsApplication
app = QgsApplication([], False)
app.initQgis()
from processing.core.Processing import Processing
Processing.initialize()
HEAVY = json.loads(sys.argv[2])
before = sorted(m for m in HEAVY if m in sys.modules)

import builtins, traceback
importer, _import = {}, builtins.__import__
def _recording_import(name, globals=None, locals=None, fromlist=(), level=0):
    top = name.split(".")[0]
    if level == 0 and top in HEAVY and top not in sys.modules and top not in importer:
        ours = [f"{f.filename.split('/pkg/')[-1]}:{f.lineno}" for f in traceback.extract_stack()
                if "/pkg/terridiag/" in f.filename]
        importer[top] = " <- ".join(reversed(ours[-3:]))
    return _import(name, globals, locals, fromlist, level)
builtins.__import__ = _recording_import

from qgis.PyQt.QtWidgets import QMainWindow

class MessageBar:
    def __init__(self): self.messages = []
    def pushMessage(self, *args, **kwargs): self.messages.append(args)

class Iface:  # what initGui and unload call on QGIS's iface
    def __init__(self): self.window, self.bar = QMainWindow(), MessageBar()
    def mainWindow(self): return self.window
    def messageBar(self): return self.bar
    def __getattr__(self, name): return lambda *args, **kwargs: None

import terridiag
plugin = terridiag.classFactory(Iface())
plugin.initGui()
provider = QgsApplication.processingRegistry().providerById("terridiag")
algorithms = sorted(a.id() for a in provider.algorithms()) if provider else []
params = {a.id(): len(a.parameterDefinitions()) for a in provider.algorithms()} if provider else {}
after = sorted(m for m in HEAVY if m in sys.modules)
plugin.action.setChecked(True)           # the user opens the panel: still nothing heavy until it computes
dock = plugin.dock is not None and not plugin.dock.isHidden()
after_dock = sorted(m for m in HEAVY if m in sys.modules)
plugin.unload()
print(json.dumps({"before": before, "after": after, "dock": dock, "after_dock": after_dock, "importer": importer, "algorithms": algorithms, "params": params,
                  "missing": plugin.missing, "messages": len(plugin.iface.bar.messages)}))
"""


def test_enabling_the_plugin_imports_no_heavy_module():
    out = subprocess.run([sys.executable, "-c", STARTUP, str(REPO / ".build" / "pkg"), json.dumps(HEAVY)],
                         capture_output=True, text=True, timeout=300,
                         env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert out.returncode == 0, out.stderr[-3000:]
    got = json.loads(out.stdout.strip().splitlines()[-1])
    assert got["before"] == []                      # QGIS and Processing alone load none of them
    assert got["missing"] == [] and got["messages"] == 0
    # the provider really loaded its algorithms, with their parameters (initAlgorithm ran)
    assert len(got["algorithms"]) >= 15, got["algorithms"]
    assert {"terridiag:coverage", "terridiag:diagnosis", "terridiag:import_addresses",
            "terridiag:optimal_sites"} <= set(got["algorithms"])
    assert all(n > 0 for n in got["params"].values()), got["params"]
    assert got["after"] == [], (
        f"enabling TerriDiag imported {got['after']}; import them inside the functions that need them, "
        f"and constants from light modules (core/sources/formats.py…). First imported at: {got['importer']}")
    assert got["dock"] and got["after_dock"] == [], (
        f"opening the TerriDiag panel imported {got['after_dock']}; first imported at: {got['importer']}")


# What enabling TerriDiag loads when it is the first plugin QGIS starts (user plugins load before
# Processing, db_manager…: bench/bench_startup.py). Everything below is imported only when first used:
# TerriDiag's engine and record modules when an algorithm runs, the panel when it is opened, PyQt's uic
# when the Options page is built, and the standard modules QGIS imports anyway a moment later (they
# would only move into TerriDiag's load time, which QGIS's start-up profiler reports).
NOT_AT_START = (
    "terridiag.plugin.core.provenance", "terridiag.plugin.core.crs", "terridiag.plugin.core.sources.textio",
    "terridiag.plugin.core.engine", "terridiag.plugin.core.indicators", "terridiag.plugin.core.export",
    "terridiag.plugin.core.territories", "terridiag.plugin.qgis_bridge.fast_read",
    "terridiag.plugin.qgis_bridge.provenance", "terridiag.plugin.qgis_bridge.styles",
    "terridiag.plugin.core.graph", "terridiag.plugin.core.scenario.placement",
    "terridiag.plugin.gui.dock", "terridiag.plugin.gui.data_panel", "terridiag.plugin.gui.tasks",
    "PyQt5.uic", "PyQt6.uic", "shutil", "pathlib", "urllib", "csv",
)
# TerriDiag modules loaded by enabling it: the plugin, the provider, every algorithm module and the light
# modules their parameters are built from. A new algorithm module adds one; more than a few over this
# bound means something heavy at the top of a module: import it in the function that uses it.
MAX_OWN_MODULES = 50

FIRST_PLUGIN = r"""
import json, sys
sys.path.insert(0, sys.argv[1])
from qgis.core import QgsApplication
app = QgsApplication([], False)
app.initQgis()
from qgis.PyQt.QtWidgets import QMainWindow

class MessageBar:
    def pushMessage(self, *args, **kwargs): pass

class Iface:
    def __init__(self): self.window = QMainWindow()
    def mainWindow(self): return self.window
    def messageBar(self): return MessageBar()
    def __getattr__(self, name): return lambda *args, **kwargs: None

before = set(sys.modules)
import terridiag
plugin = terridiag.classFactory(Iface())
plugin.initGui()
provider = QgsApplication.processingRegistry().providerById("terridiag")
print(json.dumps({"loaded": sorted(set(sys.modules) - before), "preloaded": sorted(before),
                  "algorithms": len(provider.algorithms()) if provider else 0}))
"""


def _loaded_by_enabling() -> dict:
    out = subprocess.run([sys.executable, "-c", FIRST_PLUGIN, str(REPO / ".build" / "pkg")],
                         capture_output=True, text=True, timeout=300,
                         env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert out.returncode == 0, out.stderr[-3000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


def not_at_start(loaded, forbidden=NOT_AT_START) -> list[str]:
    """The modules of ``loaded`` that are, or are inside, one of ``forbidden``."""
    return sorted(m for m in loaded if any(m == f or m.startswith(f + ".") for f in forbidden))


def test_enabling_the_plugin_loads_only_what_registration_needs():
    got = _loaded_by_enabling()
    assert got["algorithms"] >= 15
    # the check means something only for modules QGIS itself has not loaded before the first plugin
    assert not_at_start(got["preloaded"]) == []
    assert not_at_start(got["loaded"]) == [], (
        "enabling TerriDiag imported these; import them inside the functions that use them")
    own = [m for m in got["loaded"] if m.split(".")[0] == "terridiag"]
    assert len(own) <= MAX_OWN_MODULES, f"{len(own)} TerriDiag modules at start (bound {MAX_OWN_MODULES}): {own}"


def test_the_start_up_module_check_sees_a_submodule():
    assert not_at_start(["terridiag.plugin.core.indicators.coverage", "terridiag.plugin.core.crsx", "shutil",
                         "terridiag.plugin.core.crs"]) == ["shutil", "terridiag.plugin.core.crs",
                                                           "terridiag.plugin.core.indicators.coverage"]


def _module_level_imports(tree: ast.Module):
    """Import nodes run when the module is imported: not inside a def, nor under TYPE_CHECKING."""
    def walk(nodes):
        for node in nodes:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                continue
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                yield from walk(node.orelse)
                continue
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                yield node
            yield from walk(ast.iter_child_nodes(node))
    yield from walk(tree.body)


def heavy_imports_at_module_level(paths, root: Path = REPO) -> list[str]:
    found = []
    for path in paths:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in _module_level_imports(tree):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if node.level == 0 else [])
            for name in names:
                if name.split(".")[0] in HEAVY:
                    found.append(f"{path.relative_to(root)}:{node.lineno}: {ast.unparse(node)}")
    return found


def _light_files() -> list[Path]:
    files = []
    for entry in LIGHT:
        p = REPO / entry
        files.extend(sorted(p.rglob("*.py")) if p.is_dir() else [p])
    return files


def test_no_heavy_import_at_module_level():
    files = _light_files()
    assert len(files) > 30
    found = heavy_imports_at_module_level(files)
    assert found == [], "import these inside the functions that use them:\n" + "\n".join(found)


def undefined_names(paths, root: Path = REPO) -> list[str]:
    from pyflakes import checker, messages

    found = []
    for path in paths:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for m in checker.Checker(tree, filename=str(path)).messages:
            if isinstance(m, messages.UndefinedName):
                found.append(f"{path.relative_to(root)}:{m.lineno}: undefined name {m.message_args[0]!r}")
    return found


def test_no_function_uses_a_module_it_did_not_import():
    """With numpy and pandas imported inside functions, a function that uses ``np`` without its own
    import would fail only when it runs: pyflakes finds it now."""
    found = undefined_names(_light_files())
    assert found == [], "add the import inside the function:\n" + "\n".join(found)


def test_the_static_check_sees_top_level_and_conditional_imports(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("from typing import TYPE_CHECKING\nimport numpy as np\ntry:\n    import scipy\n"
                      "except ImportError:\n    scipy = None\nif TYPE_CHECKING:\n    import pandas as pd\n"
                      "def f():\n    import geopandas\n", encoding="utf-8")
    found = heavy_imports_at_module_level([sample], root=tmp_path)
    assert found == ["sample.py:2: import numpy as np", "sample.py:4: import scipy"]
    lazy = tmp_path / "lazy.py"
    lazy.write_text("def f():\n    import numpy as np\n    return np.zeros(1)\n\n\ndef g():\n    return np.ones(1)\n",
                    encoding="utf-8")
    assert undefined_names([lazy], root=tmp_path) == ["lazy.py:7: undefined name 'np'"]


def test_the_shipped_files_are_where_paths_says():
    from terridiag.plugin import paths

    assert os.path.isfile(paths.ICON) and paths.ICON.endswith("terridiag.svg")
    assert os.path.isfile(os.path.join(paths.UI_DIR, "options.ui"))
    assert os.path.isfile(os.path.join(paths.I18N_DIR, "terridiag_fr.ts"))
    assert os.path.samefile(paths.PLUGIN_DIR, REPO)
