"""The QGIS plugin object: registers the Processing provider, the toolbar/menu action and the dock,
and removes all of it on unload."""
from __future__ import annotations

import os

from qgis.core import Qgis, QgsApplication
from qgis.PyQt.QtCore import QCoreApplication, Qt, QTranslator
from qgis.PyQt.QtGui import QIcon
from qgis.PyQt.QtWidgets import QAction

from . import dependencies
from .i18n import locale_code, tr
from .log import log
from .paths import ICON, I18N_DIR


def qpip_active() -> bool:
    """Whether the QPIP plugin (one-click install of requirements.txt) is loaded in this QGIS."""
    import qgis.utils

    return dependencies.QPIP_FOLDER in getattr(qgis.utils, "active_plugins", [])


def missing_packages_message(names: list[str]) -> str:
    """What is missing and what to do: with QPIP, its one menu entry; without, QPIP or the commands."""
    text = tr("TerriDiag needs Python packages that are not installed: {names}.").format(names=", ".join(names))
    if qpip_active():
        return text + " " + tr("Install them with QPIP: Plugins › QPIP › Check dependencies now, then restart QGIS.")
    return (text + " " + tr("The QPIP plugin installs them in one click (Plugins › Manage and Install Plugins › "
                            "QPIP, then restart QGIS); or install them yourself:")
            + " " + dependencies.install_hint(names))


class TerriDiagPlugin:
    def __init__(self, iface):
        self.iface = iface
        self.provider = None
        self.action = None
        self.help_action = None
        self.dock = None
        self.translator = None
        self.options_factory = None
        self.locator_filter = None
        self.missing = []
        self._install_translator()

    # --- translations -------------------------------------------------------------------
    def _install_translator(self) -> None:
        qm = os.path.join(I18N_DIR, f"terridiag_{locale_code()}.qm")
        if os.path.exists(qm):
            self.translator = QTranslator()
            if self.translator.load(qm):
                QCoreApplication.installTranslator(self.translator)
            else:
                self.translator = None

    # --- Processing ---------------------------------------------------------------------
    def initProcessing(self, missing: list[str] | None = None):  # noqa: N802 (QGIS API name)
        """QGIS calls it without ``missing`` (qgis_process); initGui hands over what it already found:
        each find_spec walks sys.path, twice for nothing at every start."""
        if self.provider is not None or (dependencies.missing() if missing is None else missing):
            return
        from .processing.provider import TerriDiagProvider

        self.provider = TerriDiagProvider()
        QgsApplication.processingRegistry().addProvider(self.provider)

    # --- GUI ----------------------------------------------------------------------------
    def initGui(self):  # noqa: N802 (QGIS API name)
        self.missing = dependencies.missing()
        if self.missing:
            text = missing_packages_message(self.missing)
            self.iface.messageBar().pushMessage("TerriDiag", text, level=Qgis.MessageLevel.Warning, duration=0)
            log(text, Qgis.MessageLevel.Warning)
        self.initProcessing(self.missing)

        self.action = QAction(QIcon(ICON), tr("TerriDiag — digital diagnosis"), self.iface.mainWindow())
        self.action.setObjectName("terridiag_show_dock")
        self.action.setCheckable(True)
        self.action.setToolTip(tr("Show or hide the TerriDiag panel"))
        self.action.setEnabled(not self.missing)
        self.action.toggled.connect(self._toggle_dock)
        self.iface.addToolBarIcon(self.action)
        self.iface.addPluginToMenu(tr("&TerriDiag"), self.action)
        self.help_action = QAction(tr("Help of the TerriDiag algorithms"), self.iface.mainWindow())
        self.help_action.setObjectName("terridiag_help")
        self.help_action.triggered.connect(self._open_help)
        self.iface.addPluginToMenu(tr("&TerriDiag"), self.help_action)
        if not self.missing:
            self._register_extras()

    def _open_help(self) -> None:
        """The provider's help page (shipped in the plugin's help folder) in the system browser."""
        from qgis.PyQt.QtCore import QUrl
        from qgis.PyQt.QtGui import QDesktopServices

        from .processing.algorithms.base import help_url

        url = help_url("index")
        if url:
            QDesktopServices.openUrl(QUrl(url))
        else:
            self.iface.messageBar().pushMessage("TerriDiag", tr("The help pages were not built (make help)."),
                                                level=Qgis.MessageLevel.Warning, duration=5)

    def _register_extras(self) -> None:
        """The settings page in QGIS Options and the BAN address search in the locator bar."""
        from .gui import settings
        from .gui.locator import AddressLocatorFilter
        from .gui.options import OptionsFactory

        settings.apply()
        if hasattr(self.iface, "registerOptionsWidgetFactory"):
            self.options_factory = OptionsFactory()
            self.iface.registerOptionsWidgetFactory(self.options_factory)
        if hasattr(self.iface, "registerLocatorFilter"):
            self.locator_filter = AddressLocatorFilter(self.iface)
            self.iface.registerLocatorFilter(self.locator_filter)

    def _toggle_dock(self, checked: bool) -> None:
        if checked and self.dock is None:
            from .gui.dock import TerriDiagDock

            self.dock = TerriDiagDock(self.iface, self.iface.mainWindow())
            self.dock.setObjectName("TerriDiagDock")
            self.dock.visibilityChanged.connect(self._dock_visibility)
            self.iface.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        if self.dock is not None:
            self.dock.setVisible(checked)

    def _dock_visibility(self, visible: bool) -> None:
        if self.action is not None and self.action.isChecked() != visible:
            self.action.blockSignals(True)
            self.action.setChecked(visible)
            self.action.blockSignals(False)

    def unload(self):
        if self.locator_filter is not None:
            self.iface.deregisterLocatorFilter(self.locator_filter)
            self.locator_filter = None
        if self.options_factory is not None:
            self.iface.unregisterOptionsWidgetFactory(self.options_factory)
            self.options_factory = None
        if self.dock is not None:
            self.dock.visibilityChanged.disconnect(self._dock_visibility)
            if hasattr(self.dock, "cleanup"):
                self.dock.cleanup()
            self.iface.removeDockWidget(self.dock)
            self.dock.setParent(None)
            self.dock.deleteLater()
            self.dock = None
        if self.help_action is not None:
            self.help_action.triggered.disconnect(self._open_help)
            self.iface.removePluginMenu(tr("&TerriDiag"), self.help_action)
            self.help_action.deleteLater()
            self.help_action = None
        if self.action is not None:
            self.action.toggled.disconnect(self._toggle_dock)
            self.iface.removePluginMenu(tr("&TerriDiag"), self.action)
            self.iface.removeToolBarIcon(self.action)
            self.action.deleteLater()
            self.action = None
        if self.provider is not None:
            QgsApplication.processingRegistry().removeProvider(self.provider)
            self.provider = None
        if self.translator is not None:
            QCoreApplication.removeTranslator(self.translator)
            self.translator = None
