"""The Data tab's download, driven as a user would (dock tests)."""
from __future__ import annotations


def download(dock, qtbot, text: str) -> None:
    """Type a territory in the Data tab, click Download, wait until every dataset is read."""
    from qgis.PyQt.QtCore import Qt

    panel = dock.data_panel
    panel.territoryEdit.clear()
    qtbot.keyClicks(panel.territoryEdit, text)
    assert panel.downloadButton.isEnabled()
    qtbot.mouseClick(panel.downloadButton, Qt.LeftButton)
    qtbot.waitUntil(lambda: not dock.busy() and not panel.busy() and panel._loading is None, timeout=120_000)
