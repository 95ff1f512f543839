"""One-click dependencies: requirements.txt for QPIP (plugin_dependencies=qpip), and the message bar
as the fallback — with QPIP loaded it points to QPIP's menu, without it to QPIP and the commands."""
from __future__ import annotations

import configparser
import importlib.metadata
import re
import sys
from pathlib import Path

import pytest
from packaging.requirements import Requirement

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests" / "support"))
from provider_registry import registered_provider  # noqa: E402


def _requirements() -> tuple[list[Requirement], list[Requirement]]:
    """(required, optional) from requirements.txt: the optional ones follow the '# optional' line."""
    required, optional, target = [], [], None
    for line in (REPO / "requirements.txt").read_text(encoding="utf-8").splitlines():
        if line.startswith("# required"):
            target = required
        elif line.startswith("# optional"):
            target = optional
        elif line.strip() and not line.startswith("#"):
            target.append(Requirement(line))
    return required, optional


def test_requirements_txt_lists_what_the_plugin_checks():
    from terridiag.plugin import dependencies

    required, optional = _requirements()
    assert [r.name for r in required] == [pip for pip, _deb in dependencies.REQUIRED.values()]
    assert [r.name for r in optional] == [pip for pip, _deb in dependencies.OPTIONAL.values()]
    cfg = configparser.ConfigParser()
    cfg.read(REPO / "metadata.txt", encoding="utf-8")
    assert cfg["general"]["plugin_dependencies"] == "qpip"   # QPIP's metadata name


def test_this_environment_satisfies_the_requirements():
    """What QPIP would check: on the stack the tests run on, nothing is left to install (so the lower
    bounds are versions the tests pass with, not guesses)."""
    required, optional = _requirements()
    unmet = []
    for req in required + optional:
        try:
            version = importlib.metadata.version(req.name)
        except importlib.metadata.PackageNotFoundError:
            unmet.append(f"{req.name}: not installed")
            continue
        if req.specifier and not req.specifier.contains(version, prereleases=True):
            unmet.append(f"{req.name} {version} does not satisfy {req}")
    assert unmet == []


@pytest.fixture()
def pushed(iface, monkeypatch):
    messages = []
    monkeypatch.setattr(iface.messageBar(), "pushMessage",
                        lambda title, text, level=0, duration=0: messages.append(text), raising=False)
    return messages


@pytest.fixture(autouse=True)
def _provider_back():
    """These tests start and unload the plugin, which removes the provider: put it back after."""
    yield
    registered_provider()


def _start(iface):
    """The plugin started as QGIS does, from a registry without the provider (another test may have
    registered one: a second 'terridiag' provider would be refused and deleted)."""
    from qgis.core import QgsApplication

    from terridiag.plugin.plugin import TerriDiagPlugin

    registry = QgsApplication.processingRegistry()
    if registry.providerById("terridiag") is not None:
        registry.removeProvider(registry.providerById("terridiag"))

    plugin = TerriDiagPlugin(iface)
    plugin.initGui()
    return plugin


@pytest.fixture()
def a_package_missing(monkeypatch):
    """A required package that really cannot be found (find_spec answers None)."""
    from terridiag.plugin import dependencies

    monkeypatch.setitem(dependencies.REQUIRED, "terridiag_no_such_package",
                        ("terridiag-no-such-package", "python3-terridiag-no-such-package"))
    return "terridiag_no_such_package"


def test_without_qpip_the_message_says_what_to_install_and_how(iface, pushed, a_package_missing, monkeypatch):
    import qgis.utils

    monkeypatch.setattr(qgis.utils, "active_plugins", ["processing"], raising=False)
    plugin = _start(iface)
    try:
        assert plugin.missing == [a_package_missing] and plugin.provider is None
        assert not plugin.action.isEnabled()
        [text] = pushed
        assert a_package_missing in text
        assert "QPIP" in text and "Manage and Install Plugins" in text
        assert "pip install terridiag-no-such-package" in text
        assert "apt install python3-terridiag-no-such-package" in text
    finally:
        plugin.unload()


def test_with_qpip_the_message_points_to_qpip(iface, pushed, a_package_missing, monkeypatch):
    import qgis.utils

    monkeypatch.setattr(qgis.utils, "active_plugins", ["a00_qpip", "processing"], raising=False)
    plugin = _start(iface)
    try:
        assert plugin.provider is None
        [text] = pushed
        assert a_package_missing in text
        assert re.search(r"QPIP › Check dependencies now", text)
        assert "pip install" not in text and "apt install" not in text
    finally:
        plugin.unload()


def test_nothing_missing_no_message(iface, pushed, monkeypatch):
    import qgis.utils

    monkeypatch.setattr(qgis.utils, "active_plugins", ["a00_qpip"], raising=False)
    plugin = _start(iface)
    try:
        assert plugin.missing == [] and pushed == []
        assert plugin.action.isEnabled()
    finally:
        plugin.unload()


def test_the_message_is_french_in_a_french_qgis(qgis_app, monkeypatch):
    import qgis.utils
    from qgis.PyQt.QtCore import QCoreApplication, QTranslator

    from terridiag.plugin.plugin import missing_packages_message

    translator = QTranslator()
    assert translator.load(str(REPO / "i18n" / "terridiag_fr.qm")), "make translations"
    QCoreApplication.installTranslator(translator)
    try:
        for active in ([], ["a00_qpip"]):
            monkeypatch.setattr(qgis.utils, "active_plugins", active, raising=False)
            text = missing_packages_message(["geopandas"])
            assert text.startswith("TerriDiag a besoin") and "QPIP" in text and "geopandas" in text, text
    finally:
        QCoreApplication.removeTranslator(translator)
