"""The few spellings that differ between QGIS 3 (Qt5, PyQt5) and QGIS 4 (Qt6, PyQt6) with no single
form that works on both. Everything else is written once with scoped enums
(``Qt.ItemDataRole.UserRole``, ``QgsProcessing.SourceType.TypeVectorPoint``), which both accept;
``make test`` runs the official migration script to keep it so."""
from __future__ import annotations

from qgis.core import Qgis
from qgis.PyQt import QtCore

# QgsField takes a QMetaType.Type from QGIS 3.38 on (QVariant.Type is gone from PyQt6), a
# QVariant.Type before. Names: (QVariant, QMetaType).
_FIELD_TYPES = {
    "bool": ("Bool", "Bool"),
    "int64": ("LongLong", "LongLong"),
    "double": ("Double", "Double"),
    "string": ("String", "QString"),
}
QMETATYPE_FIELDS = Qgis.versionInt() >= 33800


def field_type(kind: str):
    """The QgsField type for ``kind`` ("bool", "int64", "double", "string") on this QGIS."""
    qvariant_name, qmetatype_name = _FIELD_TYPES[kind]
    if QMETATYPE_FIELDS:
        return getattr(QtCore.QMetaType.Type, qmetatype_name)
    return getattr(QtCore.QVariant, qvariant_name)  # QGIS < 3.38: the only type QgsField takes


def enum_int(value) -> int:
    """The integer behind a Qt enum or flag: PyQt5's are ints, PyQt6's are Python enums, so bit
    tests such as ``policy & QSizePolicy.PolicyFlag.ShrinkFlag`` need this on both."""
    return int(value.value) if hasattr(value, "value") else int(value)
