"""Required and optional columns of a dataset.

A missing *required* column is a refusal that names the column the file should have; a missing
*optional* column is a warning saying what stays empty without it. (Header names are matched
without regard to case or surrounding spaces; the first name of each list is the published one.)
"""
from __future__ import annotations

from ..errors import InputFormatError
from ..provenance import ReadReport


def find(columns, names) -> str | None:
    """The column of ``columns`` named like one of ``names`` (case-insensitive), or None."""
    lower = {str(c).strip().lower(): c for c in columns}
    for name in names:
        if str(name).lower() in lower:
            return lower[str(name).lower()]
    return None


def require(columns, wanted: dict, *, path, what: str, line: int | None = None, hint: str = "") -> dict:
    """``{concept: column found}``; refuses when a concept has none of its names.

    ``wanted``: ``{concept: (name, other names…)}``.
    """
    found = {k: find(columns, names) for k, names in wanted.items()}
    missing = [names for k, names in wanted.items() if found[k] is None]
    if missing:
        listed = ", ".join(f"'{names[0]}'" + (f" (or {', '.join(repr(n) for n in names[1:3])})" if len(names) > 1 else "")
                           for names in missing)
        shown = ", ".join(map(str, list(columns)[:12])) + ("…" if len(columns) > 12 else "")
        raise InputFormatError(f"missing required column {listed} for a {what} file; columns found: {shown}",
                               path=str(path), line=line,
                               hint=hint or f"choose a complete {what} file (download it again), or force another format")
    return found


def optional(columns, wanted: dict, report: ReadReport, what: str) -> dict:
    """``{concept: column found or None}``; a warning per missing concept.

    ``wanted``: ``{concept: ((name, other names…), what stays empty without it)}``.
    """
    found = {}
    for concept, (names, consequence) in wanted.items():
        found[concept] = find(columns, names)
        if found[concept] is None:
            report.warnings.append(f"no column '{names[0]}' in the {what} file: {consequence}")
    return found
