"""Base class of every TerriDiag Processing algorithm.

Subclasses declare ``ALG_ID``, ``DISPLAY``, ``GROUP``/``GROUP_ID``, ``HELP``, implement
``initAlgorithm`` and ``execute(parameters, context, feedback)`` (``feedback`` is a core Feedback).
The hook is not called ``run``: that would hide ``QgsProcessingAlgorithm.run``, which
``processing.run`` and the executor call.
A :class:`TerriDiagError` becomes a QgsProcessingException carrying its message: the user sees
which file, which line and what to do, never a traceback.
"""
from __future__ import annotations

import os
import traceback
from typing import TYPE_CHECKING

from qgis.core import QgsProcessingAlgorithm, QgsProcessingException, QgsProcessingUtils
from qgis.PyQt.QtCore import QCoreApplication, QUrl

from ...core.errors import Cancelled, TerriDiagError
from ...paths import HELP_DIR
from ...qgis_bridge.feedback import QgisFeedback, active

if TYPE_CHECKING:
    from pathlib import Path


def help_url(page: str) -> str:
    """file: URL of a help page shipped with the plugin; "" when it was not built (a bare checkout)."""
    path = os.path.join(HELP_DIR, f"{page}.html")
    return QUrl.fromLocalFile(path).toString() if os.path.exists(path) else ""


class TerriDiagAlgorithm(QgsProcessingAlgorithm):
    ALG_ID = ""
    DISPLAY = ""
    GROUP = ""
    GROUP_ID = ""
    HELP = ""

    def __init__(self):
        super().__init__()
        self.qgis_feedback = None
        self._provenance = []   # (dest_id, [provenance dict]) to attach once sinks are closed
        self._runs = []         # (dest_id, run metadata) to attach once sinks are closed

    # -- identity -----------------------------------------------------------------------
    def tr(self, text: str) -> str:
        return QCoreApplication.translate("TerriDiag", text)

    def name(self) -> str:
        return self.ALG_ID

    def displayName(self) -> str:  # noqa: N802 (QGIS API name)
        return self.tr(self.DISPLAY)

    def group(self) -> str:
        return self.tr(self.GROUP)

    def groupId(self) -> str:  # noqa: N802 (QGIS API name)
        return self.GROUP_ID

    def shortHelpString(self) -> str:  # noqa: N802 (QGIS API name)
        return self.tr(self.HELP)

    def helpUrl(self) -> str:  # noqa: N802 (QGIS API name)
        return help_url(self.name())

    def createInstance(self):  # noqa: N802 (QGIS API name)
        return type(self)()

    # -- run ----------------------------------------------------------------------------
    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 (QGIS API name)
        self.qgis_feedback = feedback
        self._provenance = []
        self._runs = []
        outputs, before = [], {}
        try:
            with active(feedback):
                self._check_numbers(parameters, context)
                outputs = self._check_destinations(parameters, context)
                before = _snapshot(outputs)
                result = self.execute(parameters, context, QgisFeedback(feedback))
                if feedback is not None and feedback.isCanceled():
                    raise Cancelled()    # cancelled during the last step: still no success
                return result
        except BaseException as exc:
            # a failed or cancelled run leaves no half-made output: release what the frames hold
            # (a sink keeps its file open), then remove what this run created
            traceback.clear_frames(exc.__traceback__)
            removed = _remove_new(outputs, before)
            if isinstance(exc, Cancelled) and feedback is not None and removed:
                feedback.pushInfo(f"cancelled: removed {', '.join(removed)}")
            if isinstance(exc, TerriDiagError):
                raise QgsProcessingException(str(exc)) from exc
            if isinstance(exc, OSError):  # a read-only folder, a full disk…: words, never a traceback
                from ...core.writable import os_error
                raise QgsProcessingException(str(os_error(exc, outputs))) from exc
            raise

    def _check_destinations(self, parameters, context) -> list[str]:
        """Every output file's folder exists and can be written, checked before any work (a long
        diagnosis must not fail at its last step); returns the output paths."""
        from ...core.writable import check_file, check_folder

        paths = []
        for definition in self.destinationParameterDefinitions():
            name, kind = definition.name(), definition.type()
            if parameters.get(name) in (None, ""):
                continue
            if kind == "folderDestination":
                folder = self.parameterAsFileOutput(parameters, name, context)
                if folder:
                    check_folder(folder, create=True)
                    paths.append(folder)
                continue
            if kind == "fileDestination":
                path = self.parameterAsFileOutput(parameters, name, context)
            elif kind in ("sink", "vectorDestination", "rasterDestination"):
                path = self.parameterAsOutputLayer(parameters, name, context)
            else:
                continue
            path = (path or "").split("|")[0]
            if not path or ":" in path.split("/")[0] and not _looks_like_path(path):
                continue                 # memory:, postgres:, ogr:… are no files
            check_file(path)
            paths.append(path)
        return paths

    def _check_numbers(self, parameters, context) -> None:
        """NaN and infinities pass QGIS's own range check of a number parameter (every comparison
        with NaN is false): refused here, for every algorithm, naming the parameter."""
        from ...core.params import finite

        for definition in self.parameterDefinitions():
            if definition.type() not in ("number", "distance", "duration", "scale"):
                continue
            if parameters.get(definition.name()) in (None, ""):
                continue
            value = self.parameterAsDouble(parameters, definition.name(), context)
            default = definition.defaultValue()
            finite(value, f"{definition.description()} ({definition.name()})",
                   f"{default:g}" if isinstance(default, (int, float)) else "")

    def execute(self, parameters, context, feedback) -> dict:
        """The algorithm's work; ``feedback`` is a core Feedback. Returns the outputs dict."""
        raise NotImplementedError

    def postProcessAlgorithm(self, context, feedback):  # noqa: N802 (QGIS API name)
        # The sinks are closed by now: the provenance can be written next to the features.
        from ...qgis_bridge.provenance import attach, attach_run

        for dest_id, provenances in self._provenance:
            attach(dest_id, provenances, context)
        for dest_id, metadata in self._runs:
            attach_run(dest_id, metadata, context)
        self._provenance = []
        self._runs = []
        return {}

    # -- provenance ---------------------------------------------------------------------
    def record_provenance(self, dest_id: str, provenances) -> None:
        """Attach sources (Provenance objects or dicts) to an output layer, after the run."""
        dicts = [p.to_dict() if hasattr(p, "to_dict") else dict(p) for p in provenances]
        self._provenance.append((dest_id, dicts))

    def record_run(self, dest_id: str, metadata: dict) -> None:
        """Attach the run's metadata (demand, thresholds, territory figures, sources) to an output
        layer, after the run: outputs made later from that layer alone state what was computed."""
        self._runs.append((dest_id, dict(metadata)))

    def input_provenance(self, parameters, names, context) -> list[dict]:
        """Provenance carried by the input layers ``names`` (imports record it on their outputs)."""
        from ...qgis_bridge.provenance import of_parameter

        found = []
        for name in names:
            for prov in of_parameter(self, parameters, name, context):
                if prov not in found:
                    found.append(prov)
        return found

    # -- helpers ------------------------------------------------------------------------
    def path_or_layer(self, parameters, name: str, context) -> str:
        """A file path from a file/string parameter, or the source file of a layer."""
        value = parameters.get(name)
        if value is None or value == "":
            return ""
        if isinstance(value, str):
            layer = QgsProcessingUtils.mapLayerFromString(value, context) if not _looks_like_path(value) else None
            if layer is None:
                return value
        else:
            layer = value if hasattr(value, "source") else self.parameterAsLayer(parameters, name, context)
        source = layer.source() if layer is not None else ""
        return source.split("|")[0].replace("file://", "")


def _snapshot(outputs) -> dict:
    """What is there before the run: for each output, whether it exists (and a folder's entries)."""
    from pathlib import Path

    state = {}
    for path in outputs:
        p = Path(path)
        state[path] = set(os.listdir(p)) if p.is_dir() else p.exists()
    return state


def _remove_new(outputs, before) -> list[str]:
    """Delete the outputs (and their companion files) this run created; returns their names."""
    from pathlib import Path

    removed = []
    for path in outputs:
        p = Path(path)
        was = before.get(path, True)
        if isinstance(was, set):                     # a folder output: what appeared in it
            for name in sorted(set(os.listdir(p)) - was) if p.is_dir() else []:
                _remove(p / name, removed)
            continue
        if was:                                      # an existing file the run may have replaced
            continue
        if not p.exists() and p.parent.is_dir() and not any(p.parent.glob(p.name + "*")):
            continue
        _remove(p, removed)
        for extra in ("-wal", "-shm", "-journal", ".aux.xml"):
            _remove(Path(str(p) + extra), removed)
        if p.suffix.lower() == ".shp":
            for ext in (".shx", ".dbf", ".prj", ".cpg", ".qpj", ".qix"):
                _remove(p.with_suffix(ext), removed)
    return removed


def _remove(path: Path, removed: list) -> None:
    try:
        if path.is_dir():
            import shutil

            shutil.rmtree(path)
        elif path.exists():
            path.unlink()
        else:
            return
        removed.append(path.name)
    except OSError:
        pass


def _looks_like_path(value: str) -> bool:
    return os.sep in value or "/" in value or os.path.exists(value)
