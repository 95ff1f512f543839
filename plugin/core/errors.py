"""The one exception family for problems a user can fix.

Every message names the file (and the line or column when known), says what is wrong and what
to do. QGIS-facing code catches :class:`TerriDiagError` and shows ``str(error)``; anything else
is a bug.
"""
from __future__ import annotations


class TerriDiagError(Exception):
    """A user-facing error: what is wrong, where, and what to do about it."""

    def __init__(self, problem: str, *, path: str | None = None, line: int | None = None,
                 column: str | int | None = None, hint: str | None = None):
        self.problem = problem
        self.path = None if path is None else str(path)
        self.line = line
        self.column = column
        self.hint = hint
        super().__init__(self.message())

    def message(self) -> str:
        where = []
        if self.path:
            where.append(self.path)
        if self.line is not None:
            where.append(f"line {self.line}")
        if isinstance(self.column, int):          # a position in the line (characters, from 1)
            where.append(f"column {self.column}")
        elif self.column:                          # a column name
            where.append(f"column '{self.column}'")
        text = (": ".join([", ".join(where), self.problem]) if where else self.problem)
        if self.hint:
            text += f" — {self.hint}"
        return text


class InputFormatError(TerriDiagError):
    """The file is not of the expected format (wrong dataset, separator, encoding, columns…)."""


class InputDataError(TerriDiagError):
    """The file has the right format but its content cannot be used (no rows, no coordinates…)."""


class ParameterError(TerriDiagError):
    """A parameter value cannot be used."""


class NetworkError(TerriDiagError):
    """A download or a web service call failed."""


class Cancelled(TerriDiagError):
    """The user cancelled the operation."""

    def __init__(self, problem: str = "cancelled by the user", **kwargs):
        super().__init__(problem, **kwargs)


class MissingDependency(TerriDiagError):
    """An optional Python library that a feature needs is not installed (the hint says how)."""
