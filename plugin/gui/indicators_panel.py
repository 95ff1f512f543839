"""*Indicators* panel: what the diagnosis computes. Defaults (from the settings page) are such that
one click on "Run the diagnosis" works."""
from __future__ import annotations

from pathlib import Path

from qgis.PyQt import uic
from qgis.PyQt.QtCore import QCoreApplication, Qt, pyqtSignal
from qgis.PyQt.QtWidgets import QFormLayout, QHeaderView, QListWidgetItem, QTableWidgetItem, QWidget

from ..core.schema import IFN_VARIABLES, MEDNUM_VARIABLES, SERVICE_CATEGORIES
from ..qgis_bridge.styles import SERVICE_LABELS
from . import settings
from .widgets import fit_combo

UI = Path(__file__).resolve().parents[2] / "ui" / "indicators_panel.ui"


def tr(text: str) -> str:
    return QCoreApplication.translate("TerriDiag", text)

def translate(context: str, text: str) -> str:
    """Marks a constant for scripts/i18n.py; it is translated with tr() when shown."""
    return text


METHODS = [  # (value of the diagnosis's FRAGILITY_METHOD parameter, label)
    (0, translate("TerriDiag", "Automatic (what the variables allow)")),
    (1, translate("TerriDiag", "MedNum 2019 (eleven variables)")),
    (2, translate("TerriDiag", "IFN (five indicators)")),
    (3, translate("TerriDiag", "None")),
]
MEDNUM, IFN = 1, 2

VARIABLE_LABELS = {
    "thd_coverage": translate("TerriDiag", "Very high speed broadband coverage"),
    "mobile_coverage": translate("TerriDiag", "Mobile coverage"),
    "poverty_rate": translate("TerriDiag", "Poverty rate"),
    "median_income": translate("TerriDiag", "Median income"),
    "single_parent_share": translate("TerriDiag", "Single-parent families"),
    "one_person_household_share": translate("TerriDiag", "One-person households"),
    "public_services_per_capita": translate("TerriDiag", "Public services per inhabitant"),
    "unemployment_rate": translate("TerriDiag", "Unemployment rate"),
    "age_15_29_share": translate("TerriDiag", "Aged 15 to 29"),
    "age_65_plus_share": translate("TerriDiag", "Aged 65 and over"),
    "low_diploma_share": translate("TerriDiag", "Little or no diploma"),
    "thd_non_coverage": translate("TerriDiag", "No very high speed broadband"),
    "mobile_4g_non_coverage": translate("TerriDiag", "No 4G coverage"),
}


class IndicatorsPanel(QWidget):
    runRequested = pyqtSignal()

    def __init__(self, parent=None):
        super().__init__(parent)
        uic.loadUi(str(UI), self)
        self.weights_supported = self.multi_supported = self.bands_supported = True
        for cat in SERVICE_CATEGORIES:
            item = QListWidgetItem(tr(SERVICE_LABELS[cat]), self.categoryList)
            item.setData(Qt.ItemDataRole.UserRole, cat)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
        for index, label in METHODS:
            self.methodCombo.addItem(tr(label), index)
        # a narrow dock: the method's name is elided (whole in the tooltip), fields go under their
        # label when a row does not fit
        fit_combo(self.methodCombo, self.methodCombo.toolTip())
        self.distanceLayout.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.weightsTable.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
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

    def set_supported(self, names: set) -> None:
        """Enable only the choices the installed diagnosis algorithm takes (areas land progressively)."""
        self.weights_supported = bool(names & {"IFN_WEIGHTS", "WEIGHTS"})
        self.multi_supported = bool(names & {"DISTANCES_KM", "THRESHOLDS_KM"})
        self.bands_supported = bool(names & {"BANDS", "BANDS_MIN"})
        self.categories_supported = "SERVICE_CATEGORIES" in names   # the diagnosis keeps the kinds ticked
        note = tr("Not taken into account by this version of the diagnosis.")
        for widget, ok in ((self.extraDistanceEdit, self.multi_supported),
                           (self.extraMinutesEdit, self.bands_supported),
                           (self.minutesSpin, self.bands_supported)):
            widget.setProperty("supported", ok)
            if not ok:
                widget.setToolTip(note)
        self._mode_changed()
        self._fill_weights()

    def _mode_changed(self, *_):
        network = self.networkRadio.isChecked()
        bands = getattr(self, "bands_supported", True)
        for w in (self.minutesSpin, self.extraMinutesEdit, self.minutesLabel, self.extraMinutesLabel):
            w.setEnabled(network and bands)
        self.extraDistanceEdit.setEnabled(getattr(self, "multi_supported", True))

    def _fill_weights(self, *_):
        method = self.methodCombo.currentData()
        editable = method == IFN and self.weights_supported
        names = IFN_VARIABLES if method == IFN else (MEDNUM_VARIABLES if method in (0, MEDNUM) else ())
        self.weightsTable.setEnabled(bool(names))
        self.weightsTable.setRowCount(len(names))
        for row, name in enumerate(names):
            label = QTableWidgetItem(tr(VARIABLE_LABELS.get(name, name)))
            label.setData(Qt.ItemDataRole.UserRole, name)
            label.setToolTip(name)
            label.setFlags(label.flags() & ~Qt.ItemFlag.ItemIsEditable)
            weight = QTableWidgetItem("1" if editable else tr("fixed"))
            if not editable:
                weight.setFlags(weight.flags() & ~Qt.ItemFlag.ItemIsEditable)
                weight.setToolTip(tr("The method fixes how each variable counts"))
            else:
                weight.setToolTip(tr("Weight of this indicator in the IFN score (0 leaves it out)"))
            self.weightsTable.setItem(row, 0, label)
            self.weightsTable.setItem(row, 1, weight)

    # --- values ----------------------------------------------------------------------------
    def categories(self) -> list[str]:
        out = []
        for i in range(self.categoryList.count()):
            item = self.categoryList.item(i)
            if item.checkState() == Qt.CheckState.Checked:
                out.append(item.data(Qt.ItemDataRole.UserRole))
        return out

    def weights(self) -> dict[str, float]:
        """IFN weights (empty for MedNum 2019); raises ValueError naming a bad cell."""
        if self.methodCombo.currentData() != IFN or not self.weights_supported:
            return {}
        out = {}
        for row in range(self.weightsTable.rowCount()):
            name = self.weightsTable.item(row, 0).data(Qt.ItemDataRole.UserRole)
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
