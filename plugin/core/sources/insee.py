"""INSEE tables as INSEE publishes them: a ``;`` CSV, the same CSV inside a ``…_csv.zip`` (next to
its ``meta_…`` dictionary), or an XLSX workbook whose sheet (``IRIS``, ``COM``…) has a title block
above the header row.

:func:`open_table` returns every column as text with the 1-based source line of each row, so the
census and Filosofi readers parse numbers and name the line of a bad value. CSVs go through
``textio`` (encoding, separator and title-block detection); workbooks through openpyxl in
read-only mode.
"""
from __future__ import annotations

import re
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import InputDataError, InputFormatError
from . import textio

# the key column of a table: an IRIS table has IRIS, a commune table CODGEO (or COM)
KEY_COLUMNS = ("IRIS", "CODE_IRIS", "CODGEO", "COM", "CODE_INSEE", "DEPCOM")
# INSEE's way of writing a value it does not publish
SECRET_MARKERS = ("s", "nd", "ns", "so", "n.d.", "na", "nc", "-", "x")
_XLSX_TITLE_ROWS = 15
# a cell that is a variable code (P20_POP, C20_MEN, MED20, IRIS…), not a label
_CODE_CELL = re.compile(r"^[A-Z][A-Z0-9_]*$")


@dataclass
class Table:
    frame: pd.DataFrame          # every column as text ("" for an empty cell)
    lines: np.ndarray            # 1-based source line (CSV) or row (XLSX) of each row
    format: str                  # "csv", "zip/csv", "xlsx", "zip/xlsx"
    member: str = ""             # the file read inside a zip, the sheet of a workbook
    header_line: int = 1


def open_table(path, expect_any=KEY_COLUMNS) -> Table:
    """The table of an INSEE file (CSV, zip of CSV/XLSX, XLSX). ``expect_any``: header names of
    which one must be in the header row (case-insensitive)."""
    path = Path(path)
    if not path.exists():
        raise InputDataError("file not found", path=str(path), hint="check the path")
    if path.stat().st_size == 0:
        raise InputDataError("the file is empty", path=str(path), hint="download it again or choose another file")
    with open(path, "rb") as fh:
        magic = fh.read(4)
    if magic[:2] == b"PK":
        if _is_xlsx(path):
            return _read_xlsx(path, expect_any, "xlsx")
        return _read_zip(path, expect_any)
    return _read_csv(path, expect_any, "csv")


def _is_xlsx(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as zf:
            return "[Content_Types].xml" in zf.namelist() and any(n.startswith("xl/") for n in zf.namelist())
    except zipfile.BadZipFile as exc:
        raise InputFormatError(f"damaged zip file ({exc})", path=str(path),
                               hint="the download is incomplete: download it again") from exc


def data_member(zf: zipfile.ZipFile, path) -> zipfile.ZipInfo:
    """The data file of an INSEE zip: the largest CSV/XLSX that is not the ``meta_`` dictionary."""
    members = [i for i in zf.infolist() if not i.is_dir()
               and i.filename.lower().endswith((".csv", ".txt", ".xlsx"))
               and not Path(i.filename).name.lower().startswith(("meta_", "meta-", "varmod"))]
    if not members:
        names = ", ".join(i.filename for i in zf.infolist()[:6])
        raise InputFormatError(f"no CSV or XLSX data file in the zip (it holds {names})",
                               path=str(path), hint="choose the INSEE zip of the CSV or XLSX version")
    return max(members, key=lambda i: i.file_size)


def extract_data_member(path, dest_dir) -> Path:
    """The zip's data file copied into ``dest_dir`` (kept when a copy of the same size, newer than the
    zip, is already there: a national file is unpacked once per download)."""
    path, dest_dir = Path(path), Path(dest_dir)
    try:
        with zipfile.ZipFile(path) as zf:
            member = data_member(zf, path)
            target = dest_dir / Path(member.filename).name
            if (target.exists() and target.stat().st_size == member.file_size
                    and target.stat().st_mtime >= path.stat().st_mtime):
                return target
            dest_dir.mkdir(parents=True, exist_ok=True)
            tmp = target.with_name("." + target.name + ".tmp")
            with zf.open(member) as src, open(tmp, "wb") as dst:
                shutil.copyfileobj(src, dst, 1 << 20)
            tmp.replace(target)
            return target
    except zipfile.BadZipFile as exc:
        raise InputFormatError(f"damaged zip file ({exc})", path=str(path),
                               hint="the download is incomplete: download it again") from exc


def _read_zip(path: Path, expect_any) -> Table:
    tmp = Path(tempfile.mkdtemp(prefix="terridiag-insee-"))
    try:
        target = extract_data_member(path, tmp)
        kind = "xlsx" if target.suffix.lower() == ".xlsx" else "csv"
        try:
            table = (_read_xlsx if kind == "xlsx" else _read_csv)(target, expect_any, "zip/" + kind)
        except InputFormatError as exc:      # name the zip and the member, not the temporary copy
            raise InputFormatError(exc.problem, path=f"{path} ({target.name})", line=exc.line,
                                   column=exc.column, hint=exc.hint) from None
        table.member = target.name
        return table
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _read_csv(path: Path, expect_any, kind: str) -> Table:
    fmt = textio.sniff(path, expect_any=tuple(expect_any) + tuple(e.lower() for e in expect_any),
                       max_title_lines=12)
    frame = textio.read_table(path, fmt)
    frame = frame.fillna("")
    frame.columns = [str(c).strip().strip('"') for c in frame.columns]
    lines = np.arange(fmt.header_line + 1, fmt.header_line + 1 + len(frame))
    return Table(frame, lines, kind, header_line=fmt.header_line)


def _read_xlsx(path: Path, expect_any, kind: str) -> Table:
    try:
        import openpyxl
    except ImportError as exc:  # pragma: no cover - openpyxl is a declared dependency
        raise InputFormatError("reading XLSX needs the Python package openpyxl", path=str(path),
                               hint="install openpyxl, or choose the CSV version of the file") from exc
    wanted = {e.upper() for e in expect_any}
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged workbook
        raise InputFormatError(f"cannot open the workbook ({str(exc)[:120]})", path=str(path),
                               hint="the file is damaged or not an XLSX workbook: download it again") from exc
    try:
        # INSEE's data sheet is IRIS, COM (communes) or the first one; ARM (Paris, Lyon, Marseille
        # districts) and the documentation sheets are not read
        names = sorted(book.sheetnames, key=lambda n: (n.upper() not in ("IRIS", "COM"), n.upper() == "ARM"))
        for name in names:
            # the header is the row, among the first ones, with a key column and the most cells that
            # look like variable codes (a row of long labels above it may also say "IRIS")
            rows = book[name].iter_rows(values_only=True)
            try:
                head = [row for _, row in zip(range(_XLSX_TITLE_ROWS), rows)]
                texts = [["" if c is None else str(c).strip() for c in row] for row in head]
                scored = [(sum(bool(_CODE_CELL.match(c)) for c in cells), r, cells)
                          for r, cells in enumerate(texts, start=1) if wanted & {c.upper() for c in cells}]
                if not scored:
                    continue
                _score, header_row, header = max(scored, key=lambda t: (t[0], -t[1]))
                width = max((i for i, h in enumerate(header) if h), default=-1) + 1
                data, lines = [], []
                for r, row in enumerate(list(head[header_row:]) + [None], start=header_row + 1):
                    if row is None:
                        break
                    _append_row(data, lines, r, row, width)
                for r, row in enumerate(rows, start=len(head) + 1):
                    _append_row(data, lines, r, row, width)
            finally:
                rows.close()           # the sheet's stream, so the workbook's file closes too
            frame = pd.DataFrame(data, columns=header[:width], dtype=object)
            return Table(frame, np.asarray(lines, dtype=np.int64), kind, member=name, header_line=header_row)
    finally:
        book.close()
    raise InputFormatError(
        f"no sheet with a header row holding {' or '.join(sorted(wanted))} in its first {_XLSX_TITLE_ROWS} rows",
        path=str(path), hint="choose the INSEE workbook (sheet IRIS or COM) or its CSV version")


def _append_row(data: list, lines: list, r: int, row, width: int) -> None:
    cells = list(row[:width]) + [None] * max(0, width - len(row))
    if all(c is None or str(c).strip() == "" for c in cells):
        return
    data.append([_cell_text(c) for c in cells])
    lines.append(r)


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return repr(value)          # keep "1211.0": a count, parsed as a number later
    return str(value).strip()


def numbers(values: pd.Series) -> np.ndarray:
    """Numbers from INSEE text: a decimal comma or point, thin/no-break spaces as thousands
    separators; secret markers (s, nd…) and blanks become NaN."""
    text = values.astype(object).where(values.notna(), "").astype(str).str.strip()
    text = text.str.replace(r"[\s\u00a0\u202f]", "", regex=True).str.replace(",", ".", regex=False)
    text = text.where(~text.str.lower().isin(SECRET_MARKERS), "")
    return pd.to_numeric(text.replace("", np.nan), errors="coerce").to_numpy(float)


def bad_numbers(values: pd.Series, parsed: np.ndarray) -> np.ndarray:
    """Rows whose text is neither empty, a secret marker nor a number."""
    text = values.astype(object).where(values.notna(), "").astype(str).str.strip()
    empty = text.eq("") | text.str.lower().isin(SECRET_MARKERS)
    return (~empty.to_numpy()) & ~np.isfinite(parsed)


_IRIS_RE = re.compile(r"^[0-9][0-9AB][0-9]{7}$")
_COM_RE = re.compile(r"^[0-9][0-9AB][0-9]{3}$")


def clean_codes(values: pd.Series, width: int) -> pd.Series:
    """INSEE codes as text of ``width`` characters (5 for a commune, 9 for an IRIS): a number read
    as 1001.0 becomes "01001"; "" when the value is not such a code."""
    s = values.astype(object).where(values.notna(), "").astype(str).str.strip().str.upper()
    s = s.str.replace(r"\.0$", "", regex=True)
    short = s.str.isdigit() & (s.str.len() == width - 1)
    s = s.where(~short, "0" + s)
    rx = _IRIS_RE if width == 9 else _COM_RE
    return s.where(s.str.match(rx.pattern).fillna(False).astype(bool), "")
