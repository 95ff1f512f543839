"""The TerriDiag page of QGIS Settings > Options: geocoder URL, cache folder, default thresholds,
confidentiality threshold, logging level (stored in QgsSettings, see ``settings.py``)."""
from __future__ import annotations

import os

from qgis.gui import QgsOptionsPageWidget, QgsOptionsWidgetFactory
from qgis.PyQt.QtGui import QIcon
from qgis.PyQt.QtWidgets import QFileDialog, QMessageBox, QVBoxLayout, QWidget

from . import settings
from ..i18n import tr, translate
from ..paths import ICON, UI_DIR



LEVEL_LABELS = {"debug": translate("TerriDiag", "Debug (everything)"), "info": translate("TerriDiag", "Information"),
                "warning": translate("TerriDiag", "Warnings and errors"),
                "critical": translate("TerriDiag", "Errors only")}


class OptionsPage(QgsOptionsPageWidget):
    def __init__(self, parent=None):
        from qgis.PyQt import uic  # here, not at start-up: the page is built when the user opens Options

        super().__init__(parent)
        self.form = QWidget(self)
        uic.loadUi(os.path.join(UI_DIR, "options.ui"), self.form)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.form)
        for key in settings.LOG_LEVELS:
            self.form.logCombo.addItem(tr(LEVEL_LABELS[key]), key)
        self.form.cacheButton.clicked.connect(self._choose_cache)
        self.load()

    def load(self) -> None:
        prefs = settings.load()
        f = self.form
        f.geocoderEdit.setText(prefs.geocoder_url)
        f.cacheEdit.setText(prefs.cache_dir)
        f.distanceSpin.setValue(prefs.distance_km)
        f.extraDistanceEdit.setText(prefs.extra_distances_km)
        f.minutesSpin.setValue(prefs.minutes)
        f.extraMinutesEdit.setText(prefs.extra_minutes)
        f.confidentialitySpin.setValue(prefs.confidentiality)
        f.logCombo.setCurrentIndex(max(0, f.logCombo.findData(prefs.log_level)))

    def preferences(self) -> settings.Preferences:
        f = self.form
        return settings.Preferences(
            geocoder_url=f.geocoderEdit.text().strip() or settings.net_settings.DEFAULT_GEOCODER_URL,
            cache_dir=f.cacheEdit.text().strip(),
            distance_km=f.distanceSpin.value(),
            extra_distances_km=f.extraDistanceEdit.text().strip(),
            minutes=f.minutesSpin.value(),
            extra_minutes=f.extraMinutesEdit.text().strip(),
            confidentiality=f.confidentialitySpin.value(),
            log_level=f.logCombo.currentData() or "info",
        )

    def apply(self) -> None:
        prefs = self.preferences()
        for text in (prefs.extra_distances_km, prefs.extra_minutes):
            try:
                settings.parse_numbers(text)
            except ValueError as exc:
                QMessageBox.warning(self, "TerriDiag", tr("“{value}” is not a positive number: the other "
                                                          "thresholds were not saved.").format(value=exc))
                return
        settings.save(prefs)

    def _choose_cache(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, tr("Download cache folder"), self.form.cacheEdit.text())
        if folder:
            self.form.cacheEdit.setText(folder)


class OptionsFactory(QgsOptionsWidgetFactory):
    def __init__(self):
        super().__init__()
        self.setTitle("TerriDiag")

    def icon(self):
        return QIcon(ICON)

    def createWidget(self, parent):  # noqa: N802 (QGIS API name)
        return OptionsPage(parent)
