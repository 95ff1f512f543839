"""Benchmark: what enabling TerriDiag adds to QGIS start-up (target: under 50 ms).

    .venv/bin/python bench/bench_startup.py [--runs 7] [--plugin DIR]

Starts the real QGIS desktop (/usr/bin/qgis.bin, under one Xvfb) with two fresh profiles that
differ only by ``[PythonPlugins] terridiag=true|false``; the plugin is copied into both (as an
installed plugin: Python writes its bytecode cache there on the warm-up start). The
time of one start is from just before the process is launched to the moment QGIS runs the
``--code`` script, which it does once the main window is built and the plugins are started.
Runs alternate between the profiles after one warm-up each; it prints the min and the median
of both and their differences, the plugin's own load time as QGIS's start-up profiler records
it ("Load plugins > terridiag": classFactory, initGui, the provider and its algorithms), and the
Python modules the plugin added (with any heavy one).
Run sparingly: the machine is shared, and only the min and the median mean anything on it.
``--explain`` adds one start that lists the modules imported while TerriDiag loads, split into
TerriDiag's own and those QGIS imports anyway later in its start-up (user plugins load before
Processing and the other core plugins): those only move into TerriDiag's load time.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
QGIS_BIN = "/usr/bin/qgis.bin"
NOT_SHIPPED = (".git", ".venv*", ".build", "tests", "bench", "docs", "dist", "demo-output", "test-artifacts",
               "__pycache__", "*.pyc")
HEAVY = ("numpy", "pandas", "scipy", "geopandas", "shapely", "matplotlib", "folium", "pyproj")

PROBE = """
import json, sys, time
from qgis.PyQt.QtCore import QTimer
from qgis.core import QgsApplication
import qgis.utils
# QGIS's own start-up profiler times each plugin's load (classFactory, initGui, provider):
# much less noisy than a whole start on a shared machine
plugin_s = QgsApplication.profiler().profileTime("Load plugins/terridiag", "startup")
out = {{"t": time.time(), "plugin_s": plugin_s, "modules": len(sys.modules),
        "heavy": sorted(m for m in {heavy!r} if m in sys.modules),
        "active": sorted(qgis.utils.active_plugins), "names": sorted(sys.modules)}}
open({out!r}, "w").write(json.dumps(out))
QTimer.singleShot(0, QgsApplication.instance().quit)
"""

# PYQGIS_STARTUP script for --explain: runs before QGIS loads any plugin
EXPLAIN_HOOK = """
import json, os, sys
import qgis.utils

def _recording(fct):
    def wrapper(package, *args, **kwargs):
        if package != "terridiag":
            return fct(package, *args, **kwargs)
        before = set(sys.modules)
        try:
            return fct(package, *args, **kwargs)
        finally:
            path = os.environ["TERRIDIAG_EXPLAIN_OUT"]
            seen = json.load(open(path)) if os.path.exists(path) else []
            json.dump(sorted(set(seen) | (set(sys.modules) - before)), open(path, "w"))
    return wrapper

qgis.utils.loadPlugin = _recording(qgis.utils.loadPlugin)
qgis.utils.startPlugin = _recording(qgis.utils.startPlugin)
"""


def explain(profiles: dict, display: str, works: dict, qgis_alone: set) -> str:
    """One more start with TerriDiag, recording what its load imports (see the module's doc)."""
    work = works["enabled"]
    hook, out = work / "explain_hook.py", work / "explain.json"
    hook.write_text(EXPLAIN_HOOK)
    out.unlink(missing_ok=True)
    start_once(profiles["enabled"], display, work,
               {"PYQGIS_STARTUP": str(hook), "TERRIDIAG_EXPLAIN_OUT": str(out)})
    loaded = json.loads(out.read_text())
    own = [m for m in loaded if m.split(".")[0] == "terridiag"]
    moved = [m for m in loaded if m not in own and m in qgis_alone]
    other = [m for m in loaded if m not in own and m not in qgis_alone]
    return (f"  imported while TerriDiag loads: {len(loaded)} modules: {len(own)} of TerriDiag; "
            f"{len(moved)} that QGIS imports anyway later in its start-up: {', '.join(moved) or '-'}; "
            f"{len(other)} others: {', '.join(other) or '-'}")


def make_profile(root: Path, enabled: bool, plugin: Path) -> Path:
    profile = root / "profiles" / "default"
    plugins = profile / "python" / "plugins"
    plugins.mkdir(parents=True)
    shutil.copytree(plugin, plugins / "terridiag", ignore=shutil.ignore_patterns(*NOT_SHIPPED))
    ini = profile / "QGIS" / "QGIS3.ini"
    ini.parent.mkdir(parents=True)
    ini.write_text(textwrap.dedent(f"""\
        [PythonPlugins]
        terridiag={'true' if enabled else 'false'}
        [qgis]
        checkVersion=false
        allowVersionCheck=false
        """))
    return root


def start_once(profiles: Path, display: str, work: Path, extra_env: dict | None = None) -> dict:
    out = work / "probe.json"
    out.unlink(missing_ok=True)
    code = work / "probe.py"
    code.write_text(PROBE.format(out=str(out), heavy=HEAVY))
    env = {**os.environ, "DISPLAY": display, "XDG_RUNTIME_DIR": str(work / "xdg"), "LC_ALL": "C.UTF-8",
           **(extra_env or {})}
    env.pop("QT_QPA_PLATFORM", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as on a user's machine: bytecode cached after the first start
    (work / "xdg").mkdir(mode=0o700, exist_ok=True)
    t0 = time.time()
    proc = subprocess.run([QGIS_BIN, "--profiles-path", str(profiles), "--nologo", "--code", str(code)],
                          env=env, capture_output=True, text=True, timeout=300)
    if not out.exists():
        raise SystemExit(f"QGIS exited ({proc.returncode}) without running the probe:\n{proc.stderr[-2000:]}")
    got = json.loads(out.read_text())
    got["seconds"] = got.pop("t") - t0
    return got


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="timed starts per profile (default 7)")
    parser.add_argument("--plugin", type=Path, default=REPO,
                        help="the plugin folder to install (default: this checkout; another one to compare)")
    parser.add_argument("--explain", action="store_true",
                        help="one more start listing the modules TerriDiag's load imports (own / moved)")
    args = parser.parse_args()
    if not (os.path.exists(QGIS_BIN) and shutil.which("Xvfb")):
        print("bench_startup: needs /usr/bin/qgis.bin and Xvfb (scripts/setup.sh)")
        return 1
    with tempfile.TemporaryDirectory(prefix="terridiag-startup-") as tmp:
        tmp = Path(tmp)
        display = f":{100 + os.getpid() % 800}"
        xvfb = subprocess.Popen(["Xvfb", display, "-screen", "0", "1600x1000x24", "-nolisten", "tcp"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            time.sleep(1.0)
            profiles = {name: make_profile(tmp / name, name == "enabled", args.plugin.resolve()) for name in ("disabled", "enabled")}
            works = {name: tmp / f"work-{name}" for name in profiles}
            for w in works.values():
                w.mkdir()
            results = {name: [] for name in profiles}
            for name in profiles:  # warm-up: the first start of a profile creates its databases
                first = start_once(profiles[name], display, works[name])
                results[name + "_first"] = first
            for _ in range(args.runs):
                for name in ("disabled", "enabled"):
                    results[name].append(start_once(profiles[name], display, works[name]))
            explained = (explain(profiles, display, works, set(results["disabled"][-1]["names"]))
                         if args.explain else "")
        finally:
            xvfb.terminate()
            xvfb.wait(timeout=10)
    on, off = results["enabled"], results["disabled"]
    if not all("terridiag" in r["active"] for r in on) or any("terridiag" in r["active"] for r in off):
        print("bench_startup: the plugin was not enabled/disabled as asked:", on[0]["active"], off[0]["active"])
        return 1
    t_on, t_off = [r["seconds"] for r in on], [r["seconds"] for r in off]
    print(f"QGIS start-up, {args.runs} runs each (qgis.bin, Xvfb, fresh profiles)")
    print(f"  without TerriDiag: min {min(t_off) * 1000:7.0f} ms   median {statistics.median(t_off) * 1000:7.0f} ms")
    print(f"  with TerriDiag:    min {min(t_on) * 1000:7.0f} ms   median {statistics.median(t_on) * 1000:7.0f} ms")
    print(f"  difference:        min {(min(t_on) - min(t_off)) * 1000:+7.0f} ms   median "
          f"{(statistics.median(t_on) - statistics.median(t_off)) * 1000:+7.0f} ms   (target: under 50 ms)")
    load = [r["plugin_s"] for r in on]
    print(f"  TerriDiag's load in QGIS's start-up profiler: min {min(load) * 1000:.0f} ms   median "
          f"{statistics.median(load) * 1000:.0f} ms   (first start of the profile: "
          f"{results['enabled_first']['plugin_s'] * 1000:.0f} ms, bytecode not yet cached)")
    heavy = sorted(set(on[0]["heavy"]) - set(off[0]["heavy"]))
    print(f"  Python modules added by the plugin: {on[0]['modules'] - off[0]['modules']}; heavy ones: "
          f"{heavy or 'none'}")
    if explained:
        print(explained)
    import common
    timed = {name: {"min_s": min(t), "median_s": statistics.median(t), "times_s": t}
             for name, t in (("with", t_on), ("without", t_off))}
    print(common.record("startup", {
        "what": "QGIS desktop start-up (qgis.bin under Xvfb, fresh profiles) with TerriDiag enabled against "
                "disabled, runs alternating after one warm-up each",
        "runs": args.runs, **timed,
        "added_min_ms": (min(t_on) - min(t_off)) * 1000,
        "added_median_ms": (statistics.median(t_on) - statistics.median(t_off)) * 1000,
        "plugin_min_ms": min(load) * 1000, "plugin_median_ms": statistics.median(load) * 1000,
        "plugin_first_ms": results["enabled_first"]["plugin_s"] * 1000,
        "modules_added": on[0]["modules"] - off[0]["modules"], "heavy_added": heavy}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
