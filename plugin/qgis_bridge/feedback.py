"""A core Feedback that forwards to a QgsFeedback / QgsProcessingFeedback."""
from __future__ import annotations

from ..core.progress import Feedback


class QgisFeedback(Feedback):
    def __init__(self, qgs_feedback):
        self._fb = qgs_feedback

    def set_progress(self, percent: float) -> None:
        if self._fb is not None:
            self._fb.setProgress(float(percent))

    def is_canceled(self) -> bool:
        return self._fb is not None and self._fb.isCanceled()

    def info(self, message: str) -> None:
        if self._fb is not None and hasattr(self._fb, "pushInfo"):
            self._fb.pushInfo(message)

    def warning(self, message: str) -> None:
        if self._fb is not None and hasattr(self._fb, "reportError"):
            self._fb.reportError(message, fatalError=False)
        else:
            self.info(message)
