"""Drive the real QGIS desktop (qgis.bin) under Xvfb with a fresh profile where TerriDiag is enabled.

``run_in_qgis(script, tmp_path)`` writes a profile, links the plugin into it, starts
``xvfb-run qgis.bin --profiles-path DIR --code runner.py`` and returns the JSON the script wrote.
The script runs inside QGIS once the main window is up; it gets ``iface``, ``result`` (a dict to
fill), ``artifacts`` (a Path) and ``finish()`` (writes the result and quits QGIS).
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
QGIS_BIN = "/usr/bin/qgis.bin"

RUNNER = '''
import json, traceback
from pathlib import Path
from qgis.PyQt.QtCore import QTimer
from qgis.core import QgsApplication
from qgis.utils import iface

result = {{}}
artifacts = Path({artifacts!r})
out_path = Path({out!r})

def finish():
    out_path.write_text(json.dumps(result, default=str))
    QTimer.singleShot(200, QgsApplication.instance().quit)

def _body():
{body}

def _start():
    try:
        _body()
    except Exception:
        result["error"] = traceback.format_exc()
        finish()

QTimer.singleShot({delay_ms}, _start)
'''


def available() -> bool:
    return os.path.exists(QGIS_BIN) and shutil.which("xvfb-run") is not None


def _tips_version() -> int:
    """QGIS keeps its 'tip of the day' switch per version (showTips322, showTips340…)."""
    from qgis.core import Qgis

    return Qgis.versionInt() // 100


def make_profile(root: Path, locale: str = "fr_FR") -> Path:
    profile = root / "profiles" / "default"
    plugins = profile / "python" / "plugins"
    plugins.mkdir(parents=True, exist_ok=True)
    link = plugins / "terridiag"
    if not link.exists():
        link.symlink_to(REPO, target_is_directory=True)
    ini = profile / "QGIS" / "QGIS3.ini"
    ini.parent.mkdir(parents=True, exist_ok=True)
    ini.write_text(textwrap.dedent(f"""\
        [PythonPlugins]
        terridiag=true
        [locale]
        overrideFlag=true
        userLocale={locale}
        globalLocale={locale}
        [qgis]
        showTips{_tips_version()}=false
        checkVersion=false
        allowVersionCheck=false
        [core]
        Layout\\\\showTips=false
        """))
    return root  # qgis.bin appends "profiles/" itself


def run_in_qgis(body: str, workdir: Path, artifacts: Path, locale: str = "fr_FR", timeout: int = 240,
                delay_ms: int = 2500) -> dict:
    profiles = make_profile(workdir, locale)
    out = workdir / "result.json"
    runner = workdir / "runner.py"
    runner.write_text(RUNNER.format(artifacts=str(artifacts), out=str(out), delay_ms=delay_ms,
                                    body=textwrap.indent(textwrap.dedent(body), "    ")))
    env = dict(os.environ)
    env.pop("QT_QPA_PLATFORM", None)          # the real window system (Xvfb), not offscreen
    env["XDG_RUNTIME_DIR"] = str(workdir / "xdg")
    (workdir / "xdg").mkdir(mode=0o700, exist_ok=True)
    env["LC_ALL"] = env["LANG"] = "C.UTF-8"
    cmd = ["xvfb-run", "-a", "-s", "-screen 0 1600x1000x24", QGIS_BIN, "--profiles-path", str(profiles),
           "--nologo", "--code", str(runner)]
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout)
    (artifacts / "qgis_stderr.log").write_text(proc.stdout + "\n" + proc.stderr)
    if not out.exists():
        raise AssertionError(f"QGIS exited ({proc.returncode}) without a result; stderr tail:\n{proc.stderr[-3000:]}")
    return json.loads(out.read_text())
