"""Run a TerriDiag algorithm through ``qgis_process``, as a user would type it, in a home of its own
with the plugin (this checkout) enabled: a dock run must be reproducible from the command line."""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
QGIS_PROCESS = "/usr/bin/qgis_process.bin"


def available() -> bool:
    return os.path.exists(QGIS_PROCESS)


def run(alg_id: str, params: dict, tmp_path: Path, timeout: int = 600) -> subprocess.CompletedProcess:
    """``qgis_process --json run alg_id -- KEY=VALUE…`` (a repeated key for each item of a list)."""
    home = tmp_path / "qgis_process_home"
    plugins = home / ".local/share/QGIS/QGIS3/profiles/default/python/plugins"
    env = {k: v for k, v in os.environ.items() if not k.startswith("QGIS_")}
    env.update(HOME=str(home), QT_QPA_PLATFORM="offscreen", XDG_RUNTIME_DIR=str(home / "xdg"),
               PYTHONDONTWRITEBYTECODE="1")
    if not plugins.exists():                 # a new home: install and enable the plugin once
        plugins.mkdir(parents=True)
        (plugins / "terridiag").symlink_to(REPO, target_is_directory=True)
        (home / "xdg").mkdir(mode=0o700)
        subprocess.run([QGIS_PROCESS, "plugins", "enable", "terridiag"], env=env, capture_output=True, timeout=300)
    args = [f"{key}={v}" for key, value in params.items() for v in (value if isinstance(value, list) else [value])]
    return subprocess.run([QGIS_PROCESS, "--json", "run", alg_id, "--", *args], env=env, capture_output=True,
                          text=True, timeout=timeout)
