"""The TerriDiag Processing provider in the registry, for the QGIS and dock test fixtures.

Import it from a conftest with::

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "support"))
    from provider_registry import registered_provider
"""
from __future__ import annotations

# PyQGIS 3.22's addProvider does not take ownership: keep the Python object alive, or the C++
# provider is deleted under the registry's feet when the fixture value is garbage-collected.
_KEEP_ALIVE = []


def registered_provider():
    """The TerriDiag provider of the Processing registry, registered (again) if it is not there,
    e.g. after a plugin load/unload test removed it. Needs a running QgsApplication with
    Processing initialised (pytest-qgis's ``qgis_app`` and ``qgis_processing`` fixtures)."""
    from qgis.core import QgsApplication

    from terridiag.plugin.processing.provider import TerriDiagProvider

    registry = QgsApplication.processingRegistry()
    if registry.providerById("terridiag") is None:
        provider = TerriDiagProvider()
        _KEEP_ALIVE.append(provider)
        assert registry.addProvider(provider)
    return registry.providerById("terridiag")
