"""`make package` gives a zip that passes the plugins.qgis.org checks; the checker catches bad zips."""
from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "scripts"))
import check_package  # noqa: E402


@pytest.mark.skipif(shutil.which("git") is None or not (REPO / ".git").exists(), reason="needs a git checkout")
def test_make_package_builds_a_valid_zip():
    proc = subprocess.run(["make", "-s", "package"], cwd=REPO, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    zip_path = REPO / "dist" / "terridiag.zip"
    assert check_package.problems(str(zip_path)) == []
    with zipfile.ZipFile(zip_path) as zf:
        names = zf.namelist()
    assert "terridiag/plugin/core/errors.py" in names
    assert "terridiag/i18n/terridiag_fr.qm" in names
    assert not any(n.startswith("terridiag/tests/") for n in names)
    assert zip_path.stat().st_size < 20 * 1024 * 1024


def test_checker_rejects_a_bad_zip(tmp_path):
    bad = tmp_path / "bad.zip"
    with zipfile.ZipFile(bad, "w") as zf:
        zf.writestr("terridiag/metadata.txt", "[general]\nname=X\n")
        zf.writestr("terridiag/tests/test_x.py", "")
        zf.writestr("other/file.txt", "")
    found = check_package.problems(str(bad))
    text = "\n".join(found)
    assert "one top folder" in text
    assert "LICENSE is missing" in text
    assert "'email' is required" in text
    assert "must not be shipped" in text
