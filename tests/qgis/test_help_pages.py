"""Every TerriDiag algorithm, and the provider, has a help page shipped inside the plugin, in French
and English, written from the algorithm itself (its HELP and parameters): helpUrl() points to it."""
from __future__ import annotations

import html as htmllib
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from qgis.PyQt.QtCore import QUrl

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "scripts"))


@pytest.fixture(scope="module")
def packaged() -> Path:
    proc = subprocess.run(["make", "-s", "package"], cwd=REPO, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    return REPO / "dist" / "terridiag"


@pytest.fixture(scope="module")
def help_dir() -> Path:
    """./help of the checkout, as `make help` writes it (what a linked development install uses)."""
    proc = subprocess.run(["make", "-s", "help"], cwd=REPO, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    return REPO / "help"


def _plain(markup: str) -> str:
    return re.sub(r"\s+", " ", htmllib.unescape(re.sub(r"<[^>]+>", " ", markup)))


def _text(path: Path) -> str:
    return _plain(path.read_text(encoding="utf-8"))


def test_every_algorithm_points_to_its_page(terridiag_provider, help_dir):
    algorithms = terridiag_provider.algorithms()
    assert len(algorithms) >= 15
    for alg in algorithms:
        url = QUrl(alg.helpUrl())
        assert url.isLocalFile(), (alg.id(), alg.helpUrl())
        page = Path(url.toLocalFile())
        assert page == help_dir / f"{alg.name()}.html" and page.exists(), alg.id()
        html = page.read_text(encoding="utf-8")
        text = _text(page)
        assert alg.id() in html
        # the algorithm's own words, in English and in French (through the plugin's translation)
        assert alg.shortHelpString().split(".")[0] in text
        for name in (p.name() for p in alg.parameterDefinitions()):
            assert f"<code>{name}</code>" in html, (alg.id(), name)
        assert f"qgis_process run {alg.id()} --" in html
        assert "/usr/bin/qgis_process.bin" in html
        assert '<section lang="fr">' in html and '<section lang="en">' in html
    provider_page = Path(QUrl(terridiag_provider.helpUrl()).toLocalFile())
    assert provider_page == help_dir / "index.html"
    index = provider_page.read_text(encoding="utf-8")
    for alg in algorithms:
        assert f'href="{alg.name()}.html"' in index and alg.id() in index


def test_pages_are_in_french_too(terridiag_provider, help_dir):
    """The French section holds the French translation of the algorithm's HELP, not the English."""
    from qgis.PyQt.QtCore import QCoreApplication, QTranslator

    alg = terridiag_provider.algorithm("coverage")
    english = alg.shortHelpString()
    translator = QTranslator()
    assert translator.load(str(REPO / "i18n" / "terridiag_fr.qm"))
    QCoreApplication.installTranslator(translator)
    try:
        french = alg.shortHelpString()
    finally:
        QCoreApplication.removeTranslator(translator)
    assert french != english
    html = (help_dir / "coverage.html").read_text(encoding="utf-8")
    fr_part = html.split('<section lang="fr">')[1].split("</section>")[0]
    en_part = html.split('<section lang="en">')[1].split("</section>")[0]
    assert french.split(".")[0] in _plain(fr_part)
    assert english.split(".")[0] in _plain(en_part) and english.split(".")[0] not in _plain(fr_part)
    assert "Ce que calcule l’algorithme" in fr_part and "What the algorithm computes" in en_part


def test_the_package_ships_the_pages(packaged, terridiag_provider):
    names = {alg.name() for alg in terridiag_provider.algorithms()}
    for name in names | {"index"}:
        assert (packaged / "help" / f"{name}.html").exists(), name
    with zipfile.ZipFile(REPO / "dist" / "terridiag.zip") as zf:
        shipped = set(zf.namelist())
    assert {f"terridiag/help/{n}.html" for n in names} <= shipped


def test_example_call_runs_as_written(terridiag_provider, help_dir):
    """The qgis_process example of an algorithm with only plain parameters parses: every name it
    uses is a parameter of the algorithm and every required one is there."""
    for alg in terridiag_provider.algorithms():
        html = (help_dir / f"{alg.name()}.html").read_text(encoding="utf-8")
        example = html.split("<pre>")[1].split("</pre>")[0]
        given = set(re.findall(r"^\s+([A-Z_0-9]+)=", example, flags=re.M))
        known = {p.name() for p in alg.parameterDefinitions()}
        assert given <= known, (alg.id(), given - known)
        required = {p.name() for p in alg.parameterDefinitions()
                    if not p.flags() & p.Flag.FlagOptional}
        assert required <= given, (alg.id(), required - given)
