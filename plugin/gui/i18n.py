"""The one translation helper of the dock: ``tr`` translates an interface string in the "TerriDiag"
context of i18n/terridiag_*.ts; ``translate`` marks a constant for scripts/i18n.py (it is translated
with ``tr`` when shown). The languages themselves are ``core.presentation`` ones."""
from __future__ import annotations

from qgis.PyQt.QtCore import QCoreApplication


def tr(text: str) -> str:
    return QCoreApplication.translate("TerriDiag", text)


def translate(context: str, text: str) -> str:
    """Marks a constant for scripts/i18n.py; it is translated with tr() when shown."""
    return text
