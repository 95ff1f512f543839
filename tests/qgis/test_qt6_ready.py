"""Ready for QGIS 4 (Qt6): the official migration script changes nothing in the packaged plugin, no
QGIS enum is left unscoped, and the compatibility shims give what this QGIS expects."""
from __future__ import annotations

import filecmp
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "scripts"))
import qgis_enums  # noqa: E402

# The official script (PyPI qgis-pyqt5to6) lives in .venv-modern: see requirements/migration.txt.
PYQT5TO6 = Path(os.environ.get("TERRIDIAG_PYQT5TO6", REPO / ".venv-modern" / "bin" / "pyqt5to6"))


@pytest.fixture(scope="module")
def packaged(tmp_path_factory) -> Path:
    """A copy of dist/terridiag as `make package` builds it (what plugins.qgis.org receives)."""
    proc = subprocess.run(["make", "-s", "package"], cwd=REPO, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    copy = tmp_path_factory.mktemp("package") / "terridiag"
    shutil.copytree(REPO / "dist" / "terridiag", copy)
    return copy


def run_migration(folder: Path, *options: str) -> subprocess.CompletedProcess:
    if not PYQT5TO6.exists():
        pytest.fail(f"{PYQT5TO6} is missing: run 'bash scripts/setup.sh test' (requirements/migration.txt)")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([str(PYQT5TO6), str(folder), *options], capture_output=True, text=True,
                          timeout=600, env=env)


def changed_files(before: Path, after: Path) -> list[str]:
    return sorted(str(p.relative_to(after)) for p in after.rglob("*.py")
                  if not filecmp.cmp(p, before / p.relative_to(after), shallow=False))


@pytest.mark.parametrize("options", [(), ("--qgis3-incompatible-changes",)], ids=["default", "qgis3-incompatible"])
def test_migration_script_changes_nothing_in_the_package(packaged, tmp_path, options):
    # the script rewrites in place: run it on a copy (a dry run) and compare
    work = tmp_path / "terridiag"
    shutil.copytree(packaged, work)
    proc = run_migration(work, *options)
    changed = changed_files(packaged, work)
    diff = subprocess.run(["diff", "-ru", str(packaged), str(work)], capture_output=True, text=True).stdout
    assert proc.returncode == 0 and not changed, (
        f"pyqt5to6 {' '.join(options)} would change {changed} (exit {proc.returncode}); write the scoped "
        f"form it proposes (or use plugin/qgis_bridge/compat.py):\n{diff[:6000]}\n{proc.stderr[-2000:]}")
    assert "ERROR" not in proc.stderr, proc.stderr[-2000:]


def test_no_unscoped_qgis_enum_in_the_package(packaged):
    namespace = qgis_enums._qgis_namespace()
    found = [f"{path.relative_to(packaged)}:{line}: {cls}.{member} -> {cls}.{enum}.{member}"
             for path in qgis_enums.python_files([packaged])
             for line, _col, cls, enum, member in qgis_enums.find(path.read_text(encoding="utf-8"), namespace)]
    assert found == [], "unscoped QGIS enums (python scripts/qgis_enums.py --fix FILE):\n" + "\n".join(found)


SAMPLE = '''from qgis.core import Qgis, QgsProcessing, QgsProcessingParameterNumber
from qgis.PyQt.QtCore import Qt, QVariant

ROLE = Qt.UserRole + 1
SOURCES = [QgsProcessing.TypeVectorPoint]  # « écrit »
NUMBER = QgsProcessingParameterNumber.Double, QgsProcessingParameterNumber.Type.Integer
LEVEL = Qgis.Warning
KIND = QVariant.Double
'''


def test_the_checks_catch_unscoped_enums(tmp_path):
    """Both checks fail on code that needs migrating, so their silence on the package means something."""
    work = tmp_path / "sample"
    work.mkdir()
    (work / "alg.py").write_text(SAMPLE, encoding="utf-8")
    proc = run_migration(work)
    assert proc.returncode != 0
    assert "ROLE = Qt.ItemDataRole.UserRole + 1" in (work / "alg.py").read_text(encoding="utf-8")
    (work / "alg.py").write_text(SAMPLE, encoding="utf-8")
    proc = run_migration(work, "--qgis3-incompatible-changes")
    assert "KIND = QMetaType.Type.Double" in (work / "alg.py").read_text(encoding="utf-8")

    namespace = qgis_enums._qgis_namespace()
    hits = qgis_enums.find(SAMPLE, namespace)
    assert sorted((cls, enum, member) for _l, _c, cls, enum, member in hits) == [
        ("Qgis", "MessageLevel", "Warning"),
        ("QgsProcessing", "SourceType", "TypeVectorPoint"),
        ("QgsProcessingParameterNumber", "Type", "Double"),
    ]
    fixed = qgis_enums.fix(SAMPLE, hits)
    assert "SOURCES = [QgsProcessing.SourceType.TypeVectorPoint]  # « écrit »" in fixed
    assert "NUMBER = QgsProcessingParameterNumber.Type.Double, QgsProcessingParameterNumber.Type.Integer" in fixed
    assert qgis_enums.find(fixed, namespace) == []
    # the scoped forms name the same values on this QGIS
    from qgis.core import Qgis, QgsProcessing, QgsProcessingParameterNumber
    assert QgsProcessing.SourceType.TypeVectorPoint == QgsProcessing.TypeVectorPoint
    assert QgsProcessingParameterNumber.Type.Double == QgsProcessingParameterNumber.Double
    assert Qgis.MessageLevel.Warning == Qgis.Warning


def test_field_types_fit_this_qgis(qgis_app):
    from qgis.core import QgsField, QgsFields
    from qgis.PyQt.QtCore import QMetaType

    from terridiag.plugin.qgis_bridge import compat

    fields = QgsFields()
    for name, kind in (("b", "bool"), ("n", "int64"), ("x", "double"), ("s", "string")):
        fields.append(QgsField(name, compat.field_type(kind)))
    names = [QMetaType.typeName(int(fields.field(i).type())) for i in range(4)]
    assert names == ["bool", "qlonglong", "double", "QString"]
    assert [fields.field(i).isNumeric() for i in range(4)] == [False, True, True, False]


def test_enum_int_tests_qt_flags(qgis_app):
    from qgis.PyQt.QtWidgets import QSizePolicy

    from terridiag.plugin.qgis_bridge.compat import enum_int

    shrink = enum_int(QSizePolicy.PolicyFlag.ShrinkFlag)
    assert enum_int(QSizePolicy.Policy.Preferred) & shrink          # Preferred = Grow | Shrink
    assert not enum_int(QSizePolicy.Policy.Fixed) & shrink
    assert enum_int(QSizePolicy.Policy.Expanding) & enum_int(QSizePolicy.PolicyFlag.ExpandFlag)


def test_flake8_qgis_finds_nothing_in_the_package(packaged):
    """flake8-qgis's QGS rules (.flake8 lists the two left off and why)."""
    proc = subprocess.run([sys.executable, "-m", "flake8", "--config", str(REPO / ".flake8"), str(packaged)],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    assert "flake8_qgis" in subprocess.run([sys.executable, "-m", "flake8", "--version"], capture_output=True,
                                           text=True).stdout.replace("-", "_")


def test_metadata_a_reviewer_expects(packaged):
    import configparser

    cfg = configparser.ConfigParser()
    cfg.read(packaged / "metadata.txt", encoding="utf-8")
    meta = cfg["general"]
    assert meta["qgisMinimumVersion"] == "3.22" and meta["qgisMaximumVersion"] == "4.99"
    assert meta["experimental"] == "True" and meta["version"].startswith("0.")
    assert meta["homepage"].rstrip("/") != meta["repository"].rstrip("/")
    assert meta["plugin_dependencies"] == "qpip" and (packaged / "requirements.txt").exists()
    assert not list(packaged.rglob("*.ts")) and list((packaged / "i18n").glob("*.qm"))
    assert not (packaged / ".flake8").exists()


def test_checker_rejects_what_a_reviewer_would(tmp_path):
    import zipfile

    import check_package

    bad = tmp_path / "bad.zip"
    with zipfile.ZipFile(bad, "w") as zf:
        zf.writestr("terridiag/metadata.txt", "[general]\nname=X\nversion=0.2.0\nexperimental=False\n"
                    "repository=https://example.org/r\nhomepage=https://example.org/r/\nplugin_dependencies=qpip\n")
        zf.writestr("terridiag/i18n/terridiag_fr.ts", "")
    text = "\n".join(check_package.problems(str(bad)))
    for expected in ("qgisMaximumVersion=(none)", "experimental=True until version 1.0",
                     "'homepage' must be set and differ from 'repository'", "needs requirements.txt",
                     "help/index.html is missing", "must not be shipped"):
        assert expected in text, expected
