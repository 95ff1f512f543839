"""The TerriDiag dock (placeholder panel until the real panels land)."""
from __future__ import annotations

from qgis.gui import QgsDockWidget
from qgis.PyQt.QtCore import QCoreApplication
from qgis.PyQt.QtWidgets import QLabel, QVBoxLayout, QWidget


def tr(text: str) -> str:
    return QCoreApplication.translate("TerriDiag", text)


class TerriDiagDock(QgsDockWidget):
    def __init__(self, iface, parent=None):
        super().__init__(tr("TerriDiag"), parent)
        self.iface = iface
        body = QWidget(self)
        layout = QVBoxLayout(body)
        label = QLabel(tr("Digital diagnosis of the territory: the algorithms are in the Processing "
                          "toolbox under TerriDiag."), body)
        label.setWordWrap(True)
        layout.addWidget(label)
        layout.addStretch(1)
        self.setWidget(body)

    def cleanup(self) -> None:
        """Disconnect from QGIS signals before unload (nothing connected yet)."""
