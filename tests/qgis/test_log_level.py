"""The logger honours the log-level preference of the settings page (issue 13): below the chosen
level nothing reaches the TerriDiag tab of the message log; a change applies at once."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.qgis


def test_log_follows_the_preference(qgis_app):
    from qgis.core import Qgis, QgsApplication, QgsSettings

    from terridiag.plugin import log as tlog
    from terridiag.plugin.gui import settings

    assert tlog.SETTING == settings.PREFIX + "log_level"      # the key the settings page saves
    got = []

    def received(message, tag, level):
        if tag == tlog.TAG:
            got.append((message, level))

    saved = QgsSettings().value(tlog.SETTING)
    QgsApplication.messageLog().messageReceived.connect(received)
    try:
        prefs = settings.load()
        prefs.log_level = "warning"
        settings.save(prefs)
        assert tlog.log("an information") is False
        assert tlog.debug("a detail") is False
        assert tlog.log("a warning", Qgis.MessageLevel.Warning) is True
        assert tlog.log("a failure", "critical") is True
        QgsSettings().setValue(tlog.SETTING, "debug")           # applies without a restart
        assert tlog.debug("a detail") is True and tlog.log("an information") is True
        QgsSettings().setValue(tlog.SETTING, "critical")
        assert tlog.log("a warning", Qgis.MessageLevel.Warning) is False
        QgsSettings().setValue(tlog.SETTING, "nonsense")        # an unknown value counts as info
        assert tlog.log("an information") is True and tlog.debug("a detail") is False
    finally:
        QgsApplication.messageLog().messageReceived.disconnect(received)
        if saved is None:
            QgsSettings().remove(tlog.SETTING)
        else:
            QgsSettings().setValue(tlog.SETTING, saved)
    assert got == [("a warning", Qgis.MessageLevel.Warning), ("a failure", Qgis.MessageLevel.Critical),
                   ("[debug] a detail", Qgis.MessageLevel.Info), ("an information", Qgis.MessageLevel.Info),
                   ("an information", Qgis.MessageLevel.Info)]
