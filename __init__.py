# TerriDiag — QGIS plugin for the digital diagnosis of French territories.
# SPDX-License-Identifier: GPL-2.0-or-later


def classFactory(iface):  # noqa: N802 (QGIS API name)
    """QGIS entry point; the plugin class is imported lazily so that loading QGIS stays fast."""
    from .plugin.plugin import TerriDiagPlugin

    return TerriDiagPlugin(iface)
