"""The one translation module of the QGIS side: ``tr`` translates an interface string in the
"TerriDiag" context of i18n/terridiag_*.ts; ``translate`` marks a constant for scripts/i18n.py (it
is translated with ``tr`` when shown); ``locale_code`` is the locale QGIS runs in (which .qm the
plugin loads) and ``language`` the language TerriDiag writes in. The words themselves are
``core.presentation``'s."""
from __future__ import annotations

from qgis.PyQt.QtCore import QCoreApplication


def tr(text: str) -> str:
    return QCoreApplication.translate("TerriDiag", text)


def translate(context: str, text: str) -> str:
    """Marks a constant for scripts/i18n.py; it is translated with tr() when shown."""
    return text


def locale_code() -> str:
    """Two-letter code of the locale QGIS runs in ("fr", "en", …): QGIS's own answer, which is the
    locale chosen in its options when that overrides the system's, else the system's."""
    from qgis.core import QgsApplication

    return (QgsApplication.locale() or "en")[:2]


def language() -> str:
    """The language of TerriDiag's interface ("fr" or "en"): the installed translation's — its .ts
    translates the marker "en" into its own code, so the words the presentation core gives follow
    the interface's — else QGIS's locale."""
    from .core.presentation.language import lang_of

    marker = QCoreApplication.translate("TerriDiag", "en")
    return lang_of(marker if marker != "en" else locale_code())
