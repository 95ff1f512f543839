"""Logging to the QGIS message log under the "TerriDiag" tab, filtered by the preference the
settings page edits (``terridiag/log_level``: debug, info, warning or critical)."""
from __future__ import annotations

TAG = "TerriDiag"
LEVELS = ("debug", "info", "warning", "critical")
SETTING = "terridiag/log_level"


def threshold() -> str:
    """The chosen level, read at each message so that a change in the settings applies at once."""
    from qgis.core import QgsSettings

    value = QgsSettings().value(SETTING, "info")
    return value if value in LEVELS else "info"


def passes(level: str) -> bool:
    """True if a message of ``level`` passes the chosen level."""
    return LEVELS.index(level) >= LEVELS.index(threshold())


def _level_name(level) -> str:
    from qgis.core import Qgis

    if level is None:
        return "info"
    if isinstance(level, str):
        return level if level in LEVELS else "info"
    return {Qgis.MessageLevel.Warning: "warning", Qgis.MessageLevel.Critical: "critical"}.get(level, "info")


def log(message: str, level=None) -> bool:
    """Write ``message`` (``level``: a name of LEVELS or a ``Qgis.MessageLevel``; info by default) if
    it passes the preference; returns whether it was written."""
    from qgis.core import Qgis, QgsMessageLog

    name = _level_name(level)
    if not passes(name):
        return False
    # QGIS has no debug level: debug lines go out as information, marked
    text = f"[debug] {message}" if name == "debug" else str(message)
    qlevel = {"warning": Qgis.MessageLevel.Warning, "critical": Qgis.MessageLevel.Critical}.get(name, Qgis.MessageLevel.Info)
    QgsMessageLog.logMessage(text, TAG, qlevel)
    return True


def debug(message: str) -> bool:
    return log(message, "debug")
