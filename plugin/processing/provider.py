"""The ``terridiag`` Processing provider.

Algorithms are discovered: every module of ``algorithms/`` is imported and every concrete
``TerriDiagAlgorithm`` subclass (one that sets ``ALG_ID``) is registered. A module that fails to
import is logged and skipped, so one broken area never hides the others.
"""
from __future__ import annotations

import importlib
import pkgutil
import traceback

from qgis.core import Qgis, QgsProcessingProvider
from qgis.PyQt.QtGui import QIcon

from ..log import log
from ..paths import ICON
from . import algorithms as _algorithms_pkg
from .algorithms.base import TerriDiagAlgorithm, help_url


def algorithm_classes() -> list[type]:
    found = {}
    for info in pkgutil.iter_modules(_algorithms_pkg.__path__):
        if info.name == "base" or info.name.startswith("_"):
            continue
        try:
            module = importlib.import_module(f"{_algorithms_pkg.__name__}.{info.name}")
        except Exception:  # noqa: BLE001 - keep the other algorithms available
            log(f"cannot load algorithms from {info.name}:\n{traceback.format_exc()}", Qgis.MessageLevel.Critical)
            continue
        for obj in vars(module).values():
            if (isinstance(obj, type) and issubclass(obj, TerriDiagAlgorithm)
                    and obj is not TerriDiagAlgorithm and getattr(obj, "ALG_ID", "")):
                found[obj.ALG_ID] = obj
    return [found[k] for k in sorted(found)]


class TerriDiagProvider(QgsProcessingProvider):
    def id(self) -> str:
        return "terridiag"

    def name(self) -> str:
        return "TerriDiag"

    def longName(self) -> str:  # noqa: N802 (QGIS API name)
        return self.tr("TerriDiag — digital diagnosis of French territories")

    def icon(self):
        return QIcon(ICON)

    def helpUrl(self) -> str:  # noqa: N802 (named like the algorithms' helpUrl; QGIS has no provider hook)
        """The provider's help page: every algorithm, by group, in French and English."""
        return help_url("index")

    def loadAlgorithms(self):  # noqa: N802 (QGIS API name)
        for cls in algorithm_classes():
            self.addAlgorithm(cls())
