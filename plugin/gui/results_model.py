"""The commune table of the Results panel: a model over the diagnosis layer's attributes and a
proxy that sorts by value (not by the displayed text) and searches names without accents."""
from __future__ import annotations

import math
import unicodedata

from qgis.PyQt.QtCore import QAbstractTableModel, QModelIndex, QSortFilterProxyModel, Qt

from ..core.indicators.catalog import describe
from ..core.presentation.vocabulary import TypologyClass, is_true, word
from ..qgis_bridge.styles import format_value, indicator_title, label_of, language
from ..i18n import tr

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
FID_ROLE = Qt.ItemDataRole.UserRole + 2
ID_FIELDS = ("nom", "code_iris", "code_insee")       # code_iris: a table of IRIS
HIDDEN = {"fid", "ogc_fid", "masked", "mask_reason", "demand_source", "typology_fr", "typology_code",
          "nom_iris", "nom_commune", "qpv_codes", "qpv_share"}


def fold(text: str) -> str:
    """Lower case without accents: 'Évaux-les-Bains' -> 'evaux-les-bains'."""
    return "".join(c for c in unicodedata.normalize("NFKD", str(text)) if not unicodedata.combining(c)).lower()


def _number(v):
    if v is None:
        return None
    if hasattr(v, "isNull") and v.isNull():
        return None
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(f) else f


def table_fields(layer) -> list[str]:
    """Columns shown: name, code, then every catalogued indicator of the layer."""
    names = layer.fields().names()
    out = [n for n in ID_FIELDS if n in names]
    for n in names:
        if n in out or n in HIDDEN or describe(n) is None:
            continue
        out.append(n)
    return out


class CommuneModel(QAbstractTableModel):
    def __init__(self, layer=None, parent=None):
        super().__init__(parent)
        self.layer = None
        self.columns: list[str] = []
        self.rows: list[list] = []
        self.fids: list[int] = []
        self.masked: list[bool] = []
        self.metadata: dict = {}      # the run's metadata (labels state its threshold and demand)
        self.set_layer(layer)

    def set_layer(self, layer) -> None:
        self.beginResetModel()
        self.layer = layer
        self.columns, self.rows, self.fids, self.masked = [], [], [], []
        if layer is not None:
            self.columns = table_fields(layer)
            idx = [layer.fields().indexOf(c) for c in self.columns]
            mask_idx = layer.fields().indexOf("masked")
            for feat in layer.getFeatures():
                attrs = feat.attributes()
                self.rows.append([attrs[i] for i in idx])
                self.fids.append(feat.id())
                self.masked.append(mask_idx >= 0 and is_true(attrs[mask_idx]))
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()):  # noqa: N802 (Qt API name)
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()):  # noqa: N802 (Qt API name)
        return 0 if parent.isValid() else len(self.columns)

    def value(self, row: int, field: str):
        return self.rows[row][self.columns.index(field)] if field in self.columns else None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        field = self.columns[index.column()]
        raw = self.rows[index.row()][index.column()]
        entry = describe(field)
        confidential = entry is not None and entry.confidential
        masked = self.masked[index.row()] and confidential
        if role == Qt.ItemDataRole.DisplayRole:
            if masked:
                return word("masked_short", language())
            if field == "typology" and TypologyClass.get(raw) is not None:
                return TypologyClass.get(raw).label(language())
            if field in ID_FIELDS or _number(raw) is None:
                if raw is None or (hasattr(raw, "isNull") and raw.isNull()):
                    return ""
                from ..core import display
                return display.text(raw)        # a hostile or endless name stays one short text
            return format_value(field, raw)
        if role == SORT_ROLE:
            if field in ID_FIELDS:
                return fold(raw or "")
            num = _number(raw)
            if masked or num is None:
                return -math.inf if not isinstance(raw, str) else fold(raw)
            return num
        if role == FID_ROLE:
            return self.fids[index.row()]
        if role == Qt.ItemDataRole.TextAlignmentRole and field not in ID_FIELDS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and masked:
            return tr("Hidden: too few addresses in this commune (statistical confidentiality)")
        if role == Qt.ItemDataRole.FontRole and masked:
            from qgis.PyQt.QtGui import QFont
            font = QFont()
            font.setItalic(True)
            return font
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802 (Qt API name)
        if orientation != Qt.Orientation.Horizontal or section >= len(self.columns):
            return None
        field = self.columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            if field in ID_FIELDS:
                return label_of(field)
            return indicator_title(field, None, self.metadata, self.columns)
        if role == Qt.ItemDataRole.ToolTipRole:
            entry = describe(field)
            label = label_of(field, None, self.metadata, self.columns)
            return f"{label} — {entry.description_for(language())}" if entry else field
        return None


class CommuneFilter(QSortFilterProxyModel):
    """Sorts on SORT_ROLE; keeps the rows whose name or INSEE code contains the search text."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.needle = ""

    def set_search(self, text: str) -> None:
        self.needle = fold(text.strip())
        self.invalidateFilter()

    def filterAcceptsRow(self, row, parent):  # noqa: N802 (Qt API name)
        if not self.needle:
            return True
        model = self.sourceModel()
        for field in ID_FIELDS:
            if field in model.columns:
                if self.needle in fold(model.value(row, field) or ""):
                    return True
        return False

    def lessThan(self, left, right):  # noqa: N802 (Qt API name)
        a, b = left.data(SORT_ROLE), right.data(SORT_ROLE)
        if type(a) is not type(b):
            return str(a) < str(b) if isinstance(a, str) or isinstance(b, str) else (a or 0) < (b or 0)
        return a < b
