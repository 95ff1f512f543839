"""The plugin loads, registers its provider, toolbar action and dock, and unloads without trace."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.qgis


def _plugin(iface):
    import terridiag

    return terridiag.classFactory(iface)


def _state(iface):
    from qgis.core import QgsApplication

    return {
        "provider": QgsApplication.processingRegistry().providerById("terridiag") is not None,
        "docks": len(iface._terridiag_docks),
        "menus": sum(len(v) for v in iface._terridiag_menus.values()),
        "toolbar": len([a for a in iface._terridiag_icons if a.objectName() == "terridiag_show_dock"]),
    }


def _track_extras(iface, monkeypatch):
    """Record the options-page factories and locator filters (pytest-qgis's iface lacks them)."""
    extras = {"options": [], "locator": []}
    monkeypatch.setattr(iface, "registerOptionsWidgetFactory", extras["options"].append, raising=False)
    monkeypatch.setattr(iface, "unregisterOptionsWidgetFactory", extras["options"].remove, raising=False)
    monkeypatch.setattr(iface, "registerLocatorFilter", extras["locator"].append, raising=False)
    monkeypatch.setattr(iface, "deregisterLocatorFilter", extras["locator"].remove, raising=False)
    return extras


def test_load_unload_twice_leaves_nothing(iface, qgis_processing, monkeypatch):
    from qgis.core import QgsApplication

    extras = _track_extras(iface, monkeypatch)

    registry = QgsApplication.processingRegistry()
    # another test may have registered the provider for algorithm tests: start from a clean registry
    existing = registry.providerById("terridiag")
    if existing is not None:
        registry.removeProvider(existing)
    before = _state(iface)
    for _ in range(2):
        plugin = _plugin(iface)
        plugin.initGui()
        assert registry.providerById("terridiag") is not None
        assert len(registry.providerById("terridiag").algorithms()) >= 1
        # the TerriDiag page in QGIS Options and the BAN address search in the locator bar
        assert [f.title() for f in extras["options"]] == ["TerriDiag"]
        assert [f.name() for f in extras["locator"]] == ["terridiag_ban"]
        plugin.action.trigger()          # opens the dock
        assert plugin.dock is not None and not plugin.dock.isHidden()
        assert _state(iface)["docks"] == before["docks"] + 1
        assert _state(iface)["menus"] == before["menus"] + 2   # the panel and the help pages
        assert _state(iface)["toolbar"] == before["toolbar"] + 1
        plugin.unload()
        assert _state(iface) == before
        assert extras == {"options": [], "locator": []}
        assert plugin.provider is None and plugin.action is None and plugin.dock is None


def test_missing_dependency_warns_without_traceback(iface, monkeypatch):
    from terridiag.plugin import dependencies

    monkeypatch.setattr(dependencies, "missing", lambda packages=None: ["geopandas", "scipy"])
    messages = []
    monkeypatch.setattr(iface.messageBar(), "pushMessage",
                        lambda title, text, level=0, duration=0: messages.append(text), raising=False)
    plugin = _plugin(iface)
    plugin.initGui()
    try:
        assert plugin.provider is None
        assert not plugin.action.isEnabled()
        assert messages and "geopandas" in messages[0] and "scipy" in messages[0]
        assert "pip install geopandas scipy" in messages[0]
        assert "apt install python3-geopandas python3-scipy" in messages[0]
    finally:
        plugin.unload()


def test_in_a_french_qgis_the_plugin_installs_its_french_translation(iface, monkeypatch):
    from qgis.PyQt.QtCore import QCoreApplication

    from terridiag.plugin import plugin as plugin_module

    monkeypatch.setattr(plugin_module, "locale_code", lambda: "fr")
    plugin = _plugin(iface)
    try:
        assert plugin.translator is not None, "i18n/terridiag_fr.qm not found or not loaded (make translations)"
        assert QCoreApplication.translate("TerriDiag", "Show or hide the TerriDiag panel") != \
            "Show or hide the TerriDiag panel"
    finally:
        plugin.unload()
    assert plugin.translator is None
    monkeypatch.setattr(plugin_module, "locale_code", lambda: "xx")  # no such .qm: no translator
    assert _plugin(iface).translator is None
