"""Repeated rows: found on a key, reported with their line numbers, then merged into their first
occurrence or refused, per dataset (the README says which).

A repeated row is counted as a rejection whose reason names the line it repeats ("repeats line 12
(same id_fs)"), so a report's counts still add up (read = kept + rejected) and the log lists the
lines; one warning sums them up.
"""
from __future__ import annotations

from typing import Callable

import numpy as np
import pandas as pd

from ..errors import InputDataError
from ..provenance import MAX_LISTED_REJECTIONS, ReadReport


def repeats(keys: dict, usable: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """``(positions, firsts)``: the rows that repeat an earlier row on every key, and the position
    of the row each one repeats. Rows where ``usable`` is False (e.g. an empty id) repeat nothing."""
    frame = pd.DataFrame({str(k): (v.to_numpy() if isinstance(v, pd.Series) else np.asarray(v))
                          for k, v in keys.items()})
    n = len(frame)
    if n == 0:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    usable = np.ones(n, bool) if usable is None else np.asarray(usable, bool)
    sub = frame.loc[usable]
    group = np.full(n, -1, np.int64)
    group[usable] = sub.groupby(list(sub.columns), sort=False, dropna=False).ngroup().to_numpy()
    seen = np.zeros(n, bool)
    first = np.full(int(group.max()) + 1 if n else 0, -1, np.int64)
    order = np.flatnonzero(usable)
    # the first position of each group: assign in reverse so that the earliest wins
    first[group[order[::-1]]] = order[::-1]
    seen[order] = first[group[order]] != order
    positions = np.flatnonzero(seen)
    return positions, first[group[positions]]


def lines_text(lines, limit: int = 8) -> str:
    """'12, 57, 90 and 4 more' (lines may hold None when the source has no lines)."""
    shown = [str(x) for x in list(lines[:limit]) if x is not None]
    more = len(lines) - limit
    return ", ".join(shown) + (f" and {more} more" if more > 0 else "")


def merge(report: ReadReport, positions: np.ndarray, firsts: np.ndarray, *, what: str, key: str,
          line_of: Callable[[np.ndarray], list] | None = None, value_of: Callable[[int], str] | None = None,
          records: list[str] | None = None, verb: str = "merged") -> None:
    """Report the repeats as merged into their first row (the caller drops ``positions``).

    ``line_of`` maps row positions to source lines (None: no line); ``records`` names rows in a
    file without lines (JSON: "record 12").
    """
    if not len(positions):
        return
    both = np.concatenate([positions, firsts])
    lines = line_of(both) if line_of is not None else [None] * len(both)
    if not isinstance(lines, (list, np.ndarray)):
        lines = list(lines)
    dup_lines, first_lines = lines[:len(positions)], lines[len(positions):]

    def name(pos, line):
        if line is not None:
            return f"line {line}"
        return records[pos] if records is not None else f"row {pos + 1}"

    # the report lists the first repeats and counts the others (report.reject, row by row, would
    # do the same: a national file may repeat millions of rows)
    n_listed = max(0, min(len(positions), MAX_LISTED_REJECTIONS - len(report.rejected)))
    for p, first, dl, fl in zip(positions[:n_listed], firsts[:n_listed], dup_lines[:n_listed],
                                first_lines[:n_listed]):
        report.reject(None if dl is None else int(dl),
                      f"repeats the {what} of {name(first, fl)} (same {key}): {verb}",
                      value_of(int(p)) if value_of is not None else "")
    report.rejected_unlisted += len(positions) - n_listed
    every_line = (isinstance(dup_lines, np.ndarray) and dup_lines.dtype.kind in "iu") \
        or all(line is not None for line in dup_lines)
    if every_line:
        listed = "lines " + lines_text(dup_lines)
    else:
        listed = lines_text([name(p, dl) for p, dl in zip(positions, dup_lines)])
    report.warnings.append(f"{len(positions)} repeated {what}(s) (same {key}) {verb} into their first "
                           f"occurrence: {listed}")


def refuse_conflicts(positions: np.ndarray, firsts: np.ndarray, differ: np.ndarray, *, what: str, key: str,
                     path, line_of: Callable[[np.ndarray], list] | None = None,
                     value_of: Callable[[int], str] | None = None, hint: str) -> None:
    """Raise when a repeated key carries other values than its first row (``differ``: one bool
    per repeat): which to believe cannot be decided for the user."""
    bad = np.flatnonzero(np.asarray(differ, bool))
    if not len(bad):
        return
    p, f = positions[bad], firsts[bad]
    lines = line_of(np.concatenate([p, f])) if line_of is not None else None
    items = []
    for k in range(min(len(bad), 3)):
        a = f"line {lines[len(p) + k]}" if lines is not None else f"row {f[k] + 1}"
        b = f"line {lines[k]}" if lines is not None else f"row {p[k] + 1}"
        val = f" {value_of(int(p[k]))}" if value_of is not None else ""
        items.append(f"{a} and {b}{val}")
    more = f" and {len(bad) - 3} more" if len(bad) > 3 else ""
    first_line = int(lines[0]) if lines is not None and lines[0] is not None else None
    raise InputDataError(f"{len(bad)} {what}(s) appear twice with different values (same {key}): "
                         f"{'; '.join(items)}{more}", path=str(path) if path else None, line=first_line,
                         hint=hint)


def keep_mask(n: int, positions: np.ndarray) -> np.ndarray:
    keep = np.ones(n, bool)
    keep[positions] = False
    return keep


def differs(a, b) -> bool:
    """Two cell values differ (NaN equals NaN; numbers compared as numbers; text trimmed)."""
    try:
        fa, fb = float(a), float(b)
        return not ((fa == fb) or (fa != fa and fb != fb))
    except (TypeError, ValueError):
        return str(a).strip() != str(b).strip()


def one_row_per_code(frame: pd.DataFrame, report: ReadReport, *, path, what: str,
                     compare: list[str], line_of: Callable[[np.ndarray], list] | None = None,
                     code: str = "code_insee", hint: str = "") -> pd.DataFrame:
    """A table of one row per commune: a code repeated with the same values is merged into its
    first row; repeated with other values, the file is refused (which row is right is unknown)."""
    codes = frame[code].astype(str)
    positions, firsts = repeats({code: codes.to_numpy(dtype=object)}, codes.ne("").to_numpy())
    if not len(positions):
        return frame
    cols = [c for c in compare if c in frame.columns]
    differ = np.array([any(differs(frame[c].iat[p], frame[c].iat[f]) for c in cols)
                       for p, f in zip(positions, firsts)], bool)

    first_of = dict(zip(positions.tolist(), firsts.tolist()))

    def shown(p):
        f = first_of[p]
        changes = [f"{c} {frame[c].iat[f]} / {frame[c].iat[p]}" for c in cols
                   if differs(frame[c].iat[p], frame[c].iat[f])]
        return f"({codes.iat[p]}: {', '.join(changes)})"
    refuse_conflicts(positions, firsts, differ, what=what, key=code, path=path, line_of=line_of, value_of=shown,
                     hint=hint or "keep one row per commune (is the file two files, or two dates, put together?)")
    merge(report, positions, firsts, what=what, key=code, line_of=line_of,
          value_of=lambda p: str(codes.iat[p]))
    return frame.drop(frame.index[positions])
