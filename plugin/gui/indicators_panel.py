"""*Indicators* panel: what the diagnosis computes. Defaults (from the settings page) are such that
one click on "Run the diagnosis" works."""
from __future__ import annotations

from pathlib import Path

from qgis.PyQt import uic
from qgis.PyQt.QtCore import QCoreApplication, Qt, pyqtSignal
from qgis.PyQt.QtWidgets import QHeaderView, QListWidgetItem, QTableWidgetItem, QWidget

from ..core.schema import IFN_VARIABLES, MEDNUM_VARIABLES, SERVICE_CATEGORIES
from ..qgis_bridge.styles import SERVICE_LABELS
from . import settings

UI = Path(__file__).resolve().parents[2] / "ui" / "indicators_panel.ui"


def tr(text: str) -> str:
    return QCoreApplication.translate("TerriDiag", text)


METHODS = [  # (index of the fragility_index METHOD parameter, label)
    (0, "MedNum 2019 (eleven variables)"),
    (1, "IFN (five indicators, editable weights)"),
]

VARIABLE_LABELS = {
    "thd_coverage": "Very high speed broadband coverage",
    "mobile_coverage": "Mobile coverage",
    "poverty_rate": "Poverty rate",
    "median_income": "Median income",
    "single_parent_share": "Single-parent families",
    "one_person_household_share": "One-person households",
    "public_services_per_capita": "Public services per inhabitant",
    "unemployment_rate": "Unemployment rate",
    "age_15_29_share": "Aged 15 to 29",
    "age_65_plus_share": "Aged 65 and over",
    "low_diploma_share": "Little or no diploma",
    "thd_non_coverage": "No very high speed broadband",
    "mobile_4g_non_coverage": "No 4G coverage",
}


class IndicatorsPanel(QWidget):
    runRequested = pyqtSignal()

    def __init__(self, parent=None):
        super().__init__(parent)
        uic.loadUi(str(UI), self)
        for cat in SERVICE_CATEGORIES:
            item = QListWidgetItem(tr(SERVICE_LABELS[cat]), self.categoryList)
            item.setData(Qt.UserRole, cat)
            item.setFlags(item.flags() | Qt.ItemIsUserCheckable)
            item.setCheckState(Qt.Checked)
        for index, label in METHODS:
            self.methodCombo.addItem(tr(label), index)
        self.weightsTable.horizontalHeader().setSectionResizeMode(0, QHeaderView.Stretch)
        self.weightsTable.verticalHeader().setVisible(False)
        self.methodCombo.currentIndexChanged.connect(self._fill_weights)
        self.crowRadio.toggled.connect(self._mode_changed)
        self.runButton.clicked.connect(self.runRequested)
        self.reset_defaults()

    # --- defaults --------------------------------------------------------------------------
    def reset_defaults(self) -> None:
        prefs = settings.load()
        self.distanceSpin.setValue(prefs.distance_km)
        self.extraDistanceEdit.setText(prefs.extra_distances_km)
        self.minutesSpin.setValue(prefs.minutes)
        self.extraMinutesEdit.setText(prefs.extra_minutes)
        self.confidentialitySpin.setValue(prefs.confidentiality)
        self.crowRadio.setChecked(True)
        self.methodCombo.setCurrentIndex(0)
        self._fill_weights()
        self._mode_changed()

    def _mode_changed(self, *_):
        network = self.networkRadio.isChecked()
        for w in (self.minutesSpin, self.extraMinutesEdit, self.minutesLabel, self.extraMinutesLabel):
            w.setEnabled(network)

    def _fill_weights(self, *_):
        method = self.methodCombo.currentData()
        names = MEDNUM_VARIABLES if method == 0 else IFN_VARIABLES
        self.weightsTable.setRowCount(len(names))
        for row, name in enumerate(names):
            label = QTableWidgetItem(tr(VARIABLE_LABELS.get(name, name)))
            label.setData(Qt.UserRole, name)
            label.setToolTip(name)
            label.setFlags(label.flags() & ~Qt.ItemIsEditable)
            weight = QTableWidgetItem("1" if method != 0 else tr("fixed"))
            if method == 0:
                weight.setFlags(weight.flags() & ~Qt.ItemIsEditable)
                weight.setToolTip(tr("The MedNum 2019 method fixes how each variable counts"))
            else:
                weight.setToolTip(tr("Weight of this indicator in the IFN score (0 leaves it out)"))
            self.weightsTable.setItem(row, 0, label)
            self.weightsTable.setItem(row, 1, weight)

    # --- values ----------------------------------------------------------------------------
    def categories(self) -> list[str]:
        out = []
        for i in range(self.categoryList.count()):
            item = self.categoryList.item(i)
            if item.checkState() == Qt.Checked:
                out.append(item.data(Qt.UserRole))
        return out

    def weights(self) -> dict[str, float]:
        """IFN weights (empty for MedNum 2019); raises ValueError naming a bad cell."""
        if self.methodCombo.currentData() == 0:
            return {}
        out = {}
        for row in range(self.weightsTable.rowCount()):
            name = self.weightsTable.item(row, 0).data(Qt.UserRole)
            text = self.weightsTable.item(row, 1).text().strip().replace(",", ".")
            try:
                value = float(text)
            except ValueError:
                raise ValueError(self.weightsTable.item(row, 0).text()) from None
            if value < 0:
                raise ValueError(self.weightsTable.item(row, 0).text())
            out[name] = value
        return out

    def values(self) -> dict:
        """Every choice of the panel; raises ValueError with a message for the user."""
        cats = self.categories()
        if not cats:
            raise ValueError(tr("Tick at least one kind of place."))
        try:
            extra_km = settings.parse_numbers(self.extraDistanceEdit.text())
        except ValueError as exc:
            raise ValueError(tr("Other thresholds: “{value}” is not a positive number.").format(value=exc)) from None
        try:
            extra_min = settings.parse_numbers(self.extraMinutesEdit.text())
        except ValueError as exc:
            raise ValueError(tr("Other times: “{value}” is not a positive number.").format(value=exc)) from None
        try:
            weights = self.weights()
        except ValueError as exc:
            raise ValueError(tr("The weight of “{name}” must be a number ≥ 0.").format(name=exc)) from None
        if weights and sum(weights.values()) <= 0:
            raise ValueError(tr("At least one weight must be above 0."))
        distance = self.distanceSpin.value()
        minutes = self.minutesSpin.value()
        return {
            "categories": cats,
            "distances_km": [distance] + [d for d in extra_km if d != distance],
            "network": self.networkRadio.isChecked(),
            "minutes": [minutes] + [m for m in extra_min if m != minutes],
            "method": self.methodCombo.currentData(),
            "weights": weights,
            "confidentiality": self.confidentialitySpin.value(),
        }
