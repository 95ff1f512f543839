"""*Indicators* panel: what the diagnosis computes. Defaults (from the settings page) are such that
one click on "Run the diagnosis" works."""
from __future__ import annotations

from pathlib import Path

from qgis.PyQt import uic
from qgis.PyQt.QtCore import Qt, pyqtSignal
from qgis.PyQt.QtWidgets import QFormLayout, QHeaderView, QListWidgetItem, QTableWidgetItem, QWidget

from ..core.presentation.indicators import label as field_label
from ..core.presentation.vocabulary import DIAGNOSIS_METHODS, Category, FragilityMethod
from ..core.schema import IFN_VARIABLES, MEDNUM_VARIABLES, SERVICE_CATEGORIES
from ..qgis_bridge.styles import language
from . import settings
from .widgets import fit_combo
from ..i18n import tr

UI = Path(__file__).resolve().parents[2] / "ui" / "indicators_panel.ui"


# the value of the diagnosis's FRAGILITY_METHOD parameter: the method's position in the one tuple
# the algorithm's enum is built from
MEDNUM, IFN = DIAGNOSIS_METHODS.index(FragilityMethod.MEDNUM2019), DIAGNOSIS_METHODS.index(FragilityMethod.IFN5)


class IndicatorsPanel(QWidget):
    runRequested = pyqtSignal()

    def __init__(self, parent=None):
        super().__init__(parent)
        uic.loadUi(str(UI), self)
        for cat in SERVICE_CATEGORIES:
            item = QListWidgetItem(Category.label_of(cat, language()), self.categoryList)
            item.setData(Qt.ItemDataRole.UserRole, cat)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
        for index, method in enumerate(DIAGNOSIS_METHODS):
            self.methodCombo.addItem(method.label(language()), index)
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
        self.methodCombo.setCurrentIndex(self.methodCombo.findData(DIAGNOSIS_METHODS.index(FragilityMethod.AUTO)))
        self._fill_weights()
        self._mode_changed()

    def _mode_changed(self, *_):
        network = self.networkRadio.isChecked()
        for w in (self.minutesSpin, self.extraMinutesEdit, self.minutesLabel, self.extraMinutesLabel):
            w.setEnabled(network)

    def _fill_weights(self, *_):
        method = self.methodCombo.currentData()
        editable = method == IFN
        auto = DIAGNOSIS_METHODS.index(FragilityMethod.AUTO)
        names = IFN_VARIABLES if method == IFN else (MEDNUM_VARIABLES if method in (auto, MEDNUM) else ())
        self.weightsTable.setEnabled(bool(names))
        self.weightsTable.setRowCount(len(names))
        for row, name in enumerate(names):
            label = QTableWidgetItem(field_label(name, language()))     # the catalogue's, as in every output
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
        if self.methodCombo.currentData() != IFN:
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
