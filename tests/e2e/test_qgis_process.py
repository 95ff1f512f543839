"""The README's qgis_process commands work: the plugin enabled in a fresh profile, its algorithms
listed and run from the command line (the same code path as the toolbox)."""
from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
QGIS_PROCESS = "/usr/bin/qgis_process.bin"

pytestmark = [pytest.mark.e2e,
              pytest.mark.skipif(not os.path.exists(QGIS_PROCESS), reason="qgis_process.bin not installed")]


def _run(args, home, timeout=300):
    # pytest-qgis points QGIS at a temporary config dir through QGIS_* variables: a user's shell has none
    env = {k: v for k, v in os.environ.items() if not k.startswith("QGIS_")}
    env.update(HOME=str(home), QT_QPA_PLATFORM="offscreen",
               XDG_RUNTIME_DIR=str(home / "xdg"), PYTHONDONTWRITEBYTECODE="1")
    (home / "xdg").mkdir(mode=0o700, exist_ok=True)
    return subprocess.run([QGIS_PROCESS, *args], env=env, capture_output=True, text=True, timeout=timeout)


def test_qgis_process_lists_and_runs_terridiag(tmp_path):
    plugins = tmp_path / ".local/share/QGIS/QGIS3/profiles/default/python/plugins"
    plugins.mkdir(parents=True)
    (plugins / "terridiag").symlink_to(REPO, target_is_directory=True)
    enable = _run(["plugins", "enable", "terridiag"], tmp_path)
    assert enable.returncode == 0, enable.stderr[-2000:]

    listing = _run(["list"], tmp_path)
    assert listing.returncode == 0, listing.stderr[-2000:]
    for alg in ("terridiag:demo_territory", "terridiag:coverage", "terridiag:diagnosis",
                "terridiag:import_addresses"):
        assert alg in listing.stdout

    out = tmp_path / "demo"
    run = _run(["--json", "run", "terridiag:demo_territory", "--", f"OUTPUT_FOLDER={out}", "SEED=7"], tmp_path)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    payload = json.loads(run.stdout[run.stdout.index("{"):])
    files = json.loads(payload["results"]["FILES"])
    assert Path(files["addresses"]).exists() and Path(files["communes"]).exists()
    provenance = json.loads((out / "provenance.json").read_text(encoding="utf-8"))
    assert provenance["synthetic"] is True
