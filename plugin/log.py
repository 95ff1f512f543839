"""Logging to the QGIS message log under the "TerriDiag" tab."""
from __future__ import annotations

TAG = "TerriDiag"


def log(message: str, level=None) -> None:
    from qgis.core import Qgis, QgsMessageLog

    QgsMessageLog.logMessage(str(message), TAG, Qgis.MessageLevel.Info if level is None else level)
