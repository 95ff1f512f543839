"""QGIS test fixtures (pytest-qgis, offscreen)."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "support"))
from provider_registry import registered_provider  # noqa: E402


@pytest.fixture()
def terridiag_provider(qgis_app, qgis_processing):
    """The TerriDiag provider registered in the Processing registry (re-registered if a plugin
    load/unload test removed it)."""
    return registered_provider()


@pytest.fixture()
def iface(qgis_iface):
    """pytest-qgis's iface, completed with the methods its stub lacks (removeDockWidget…)."""
    docks = getattr(qgis_iface, "_terridiag_docks", [])
    menus = getattr(qgis_iface, "_terridiag_menus", {})
    icons = getattr(qgis_iface, "_terridiag_icons", [])
    qgis_iface._terridiag_docks = docks
    qgis_iface._terridiag_menus = menus
    qgis_iface._terridiag_icons = icons

    # wrap QGIS's addDockWidget once per session, not once per test (each wrapper would record the dock)
    original_add = getattr(qgis_iface, "_terridiag_original_add", None) or qgis_iface.addDockWidget
    qgis_iface._terridiag_original_add = original_add

    def add_dock(area, dock):
        docks.append(dock)
        original_add(area, dock)

    def remove_dock(dock):
        if dock in docks:
            docks.remove(dock)

    def add_menu(name, action):
        menus.setdefault(name, []).append(action)

    def remove_menu(name, action):
        menus.get(name, []).remove(action)
        if not menus.get(name):
            menus.pop(name, None)

    qgis_iface.addToolBarIcon = icons.append
    qgis_iface.removeToolBarIcon = icons.remove
    qgis_iface.addDockWidget = add_dock
    qgis_iface.removeDockWidget = remove_dock
    qgis_iface.addPluginToMenu = add_menu
    qgis_iface.removePluginMenu = remove_menu
    return qgis_iface
