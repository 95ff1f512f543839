"""Progress and cancellation, passed into long core operations.

The core never sees a QgsFeedback: Processing algorithms and tasks wrap theirs in a
:class:`Feedback` (see ``plugin.qgis_bridge.feedback``).
"""
from __future__ import annotations

from .errors import Cancelled


class Feedback:
    """Default no-op feedback. Subclasses override ``set_progress``, ``is_canceled`` and ``info``."""

    def set_progress(self, percent: float) -> None:  # 0..100
        pass

    def is_canceled(self) -> bool:
        return False

    def info(self, message: str) -> None:
        pass

    def warning(self, message: str) -> None:
        self.info(message)

    def check(self) -> None:
        """Raise :class:`Cancelled` if the user asked to stop."""
        if self.is_canceled():
            raise Cancelled()


def ensure(feedback: Feedback | None) -> Feedback:
    return feedback if feedback is not None else Feedback()
