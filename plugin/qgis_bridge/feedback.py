"""A core Feedback that forwards to a QgsFeedback / QgsProcessingFeedback."""
from __future__ import annotations

import contextlib
import contextvars

from ..core.errors import Cancelled
from ..core.progress import Feedback


class QgisFeedback(Feedback):
    def __init__(self, qgs_feedback):
        self._fb = qgs_feedback

    def set_progress(self, percent: float) -> None:
        """Forwards the progress; every progress report is also a point where a cancel stops the
        work (the core reports progress between its stages and along its loops)."""
        if self._fb is not None:
            self._fb.setProgress(float(percent))
            if self._fb.isCanceled():
                raise Cancelled()

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


# The QgsFeedback of the algorithm running in this thread, for the loops of the bridge (reading
# features, writing a sink) that are not handed a feedback.
_ACTIVE: contextvars.ContextVar = contextvars.ContextVar("terridiag_active_feedback", default=None)


@contextlib.contextmanager
def active(qgs_feedback):
    token = _ACTIVE.set(qgs_feedback)
    try:
        yield
    finally:
        _ACTIVE.reset(token)


def check_cancelled() -> None:
    """Raise the core's Cancelled when the running algorithm's user pressed cancel."""
    fb = _ACTIVE.get()
    if fb is not None and fb.isCanceled():
        raise Cancelled()
