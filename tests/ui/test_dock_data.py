"""Territory & data panel on the demo territory: one click loads and reads every dataset."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.qgis


def test_load_demo_territory_lists_datasets(dock, qtbot):
    panel = dock.data_panel
    assert panel.demoButton.isEnabled()
    qtbot.mouseClick(panel.demoButton, 1)  # Qt.LeftButton
    qtbot.waitUntil(lambda: not dock.busy(), timeout=120_000)
    ds = panel.datasets
    print({r: (d.rows_read, d.rows_kept, d.rejected, d.vintage, d.error) for r, d in ds.items()})
    assert not any(d.error for d in ds.values())
