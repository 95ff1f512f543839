"""Run a TerriDiag Processing algorithm in the background, from the panels.

The panels call the same algorithms as the toolbox (one code path). :class:`AlgorithmRun` wraps a
``QgsProcessingAlgRunnerTask`` in the QGIS task manager: the work happens in a worker thread, and
every signal it emits (progress, log lines, the end) reaches the panels through queued connections,
so widgets are only touched on the main thread. Outputs are written into a fresh run folder and only
handed over on success; a cancelled or failed run deletes its folder, so no half-made layer remains.
"""
from __future__ import annotations

import shutil
import time
from pathlib import Path

from qgis.core import (QgsApplication, QgsProcessingAlgRunnerTask, QgsProcessingContext,
                       QgsProcessingFeedback, QgsProject)
from qgis.PyQt.QtCore import QObject, pyqtSignal, pyqtSlot
from ..i18n import tr


def algorithm(alg_id: str):
    """The registered algorithm ``terridiag:…`` or None (areas land progressively)."""
    return QgsApplication.processingRegistry().algorithmById(alg_id)


def runs_root() -> Path:
    """Where run outputs live: next to the project when it is saved, else in the QGIS profile."""
    home = QgsProject.instance().homePath()
    if home:
        return Path(home) / "terridiag_results"
    return Path(QgsApplication.qgisSettingsDirPath()) / "terridiag" / "runs"


def new_run_dir(label: str) -> Path:
    root = runs_root()
    stamp = time.strftime("%Y%m%d-%H%M%S")
    path = root / f"{stamp}-{label}"
    n = 1
    while path.exists():
        n += 1
        path = root / f"{stamp}-{label}-{n}"
    path.mkdir(parents=True)
    return path


class _Feedback(QgsProcessingFeedback):
    """Forwards the algorithm's log lines as a signal (emitted in the worker thread, queued)."""

    line = pyqtSignal(str, bool)   # text, is_error

    def pushInfo(self, info):  # noqa: N802 (QGIS API name)
        super().pushInfo(info)
        self.line.emit(str(info), False)

    def pushWarning(self, warning):  # noqa: N802 (QGIS API name)
        super().pushWarning(warning)
        self.line.emit(str(warning), False)

    def reportError(self, error, fatalError=False):  # noqa: N802,N803 (QGIS API name)
        super().reportError(error, fatalError)
        self.line.emit(str(error), True)


class AlgorithmRun(QObject):
    """One background run. Signals are delivered on the main thread.

    ``finished(ok, results, message)``: ``message`` is the error for a failed run, "" otherwise;
    ``cancelled`` runs finish with ok False and ``was_cancelled`` True.
    """

    progress = pyqtSignal(float)
    log = pyqtSignal(str, bool)
    finished = pyqtSignal(bool, dict, str)

    def __init__(self, alg_id: str, parameters: dict, description: str, run_dir: Path | None = None,
                 parent=None):
        super().__init__(parent)
        self.alg_id = alg_id
        self.parameters = dict(parameters)
        self.description = description
        self.run_dir = run_dir
        self.lines: list[str] = []
        self.errors: list[str] = []
        self.was_cancelled = False
        self.done = False
        self.task = None
        self.context = None
        self.feedback = None

    def start(self) -> None:
        alg = algorithm(self.alg_id)
        if alg is None:
            self._finish(False, {}, tr("The algorithm {id} is not available in this version.").format(
                id=self.alg_id))
            return
        self.context = QgsProcessingContext()
        self.context.setProject(QgsProject.instance())
        self.feedback = _Feedback()
        self.feedback.progressChanged.connect(self._on_progress)
        self.feedback.line.connect(self._on_line)
        # the task runs its own copy of the algorithm (it calls create())
        self.task = QgsProcessingAlgRunnerTask(alg, self.parameters, self.context, self.feedback)
        self.task.setDescription(self.description)
        self.task.executed.connect(self._on_executed)
        QgsApplication.taskManager().addTask(self.task)

    def cancel(self) -> None:
        if self.done:
            return
        self.was_cancelled = True
        if self.feedback is not None:
            self.feedback.cancel()
        if self.task is not None:
            try:
                self.task.cancel()
            except RuntimeError:  # the C++ task is already gone
                pass

    @pyqtSlot(float)
    def _on_progress(self, value: float) -> None:
        self.progress.emit(float(value))

    @pyqtSlot(str, bool)
    def _on_line(self, text: str, is_error: bool) -> None:
        (self.errors if is_error else self.lines).append(text)
        self.log.emit(text, is_error)

    @pyqtSlot(bool, 'QVariantMap')
    def _on_executed(self, ok: bool, results: dict) -> None:
        cancelled = self.was_cancelled or (self.feedback is not None and self.feedback.isCanceled())
        if cancelled:
            self.was_cancelled = True
            ok = False
        message = ""
        if not ok:
            message = tr("Cancelled.") if cancelled else ("\n".join(self.errors) or tr("The computation failed."))
        self._finish(ok, dict(results or {}) if ok else {}, message)

    def _finish(self, ok: bool, results: dict, message: str) -> None:
        if self.done:
            return
        self.done = True
        if not ok and self.run_dir is not None:
            shutil.rmtree(self.run_dir, ignore_errors=True)   # no half-made output survives
        self.task = None
        self.finished.emit(ok, results, message)
