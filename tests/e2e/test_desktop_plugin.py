"""End to end: the real QGIS desktop under Xvfb, fresh profile, French locale, plugin enabled."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "support"))
import qgis_desktop  # noqa: E402

pytestmark = [pytest.mark.e2e,
              pytest.mark.skipif(not qgis_desktop.available(), reason="qgis.bin or xvfb-run not installed")]


def test_plugin_loads_in_desktop_with_dock(tmp_path, artifacts):
    body = """
    from qgis.utils import plugins
    from qgis.core import QgsApplication
    plugin = plugins.get("terridiag")
    result["loaded"] = plugin is not None
    provider = QgsApplication.processingRegistry().providerById("terridiag")
    result["algorithms"] = sorted(a.id() for a in provider.algorithms()) if provider else []
    result["action_text"] = plugin.action.text()
    plugin.action.trigger()
    QgsApplication.processEvents()
    result["dock_visible"] = plugin.dock is not None and plugin.dock.isVisible()
    iface.mainWindow().grab().save(str(artifacts / "desktop_dock.png"))
    plugin.unload()
    QgsApplication.processEvents()
    result["provider_after_unload"] = QgsApplication.processingRegistry().providerById("terridiag") is not None
    finish()
    """
    result = qgis_desktop.run_in_qgis(body, tmp_path, artifacts)
    assert "error" not in result, result.get("error")
    assert result["loaded"]
    assert "terridiag:demo_territory" in result["algorithms"]
    assert result["action_text"] == "TerriDiag — diagnostic numérique"   # French locale
    assert result["dock_visible"]
    assert not result["provider_after_unload"]
    assert (artifacts / "desktop_dock.png").stat().st_size > 10_000
