"""Opening delimited text files as published: plain or gzip, UTF-8 or CP1252, `;` `,` or tab,
with an optional title block above the header.

``sniff`` looks at the first lines only; ``read_table`` reads with pandas (C engine, all columns
as text) and keeps the source line number of every row so that rejections can name it.
"""
from __future__ import annotations

import csv
import gzip
import io
import warnings
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputDataError, InputFormatError

_SEPARATORS = (";", ",", "\t", "|")


@dataclass
class TextFormat:
    encoding: str
    sep: str
    header: list[str]
    compression: str | None = None   # "gzip" or None
    skip_lines: int = 0              # lines above the header (title block)
    header_line: int = 1             # 1-based line number of the header
    extra: dict = field(default_factory=dict)


def is_gzip(path: str | Path) -> bool:
    with open(path, "rb") as fh:
        return fh.read(2) == b"\x1f\x8b"


def _head_bytes(path: Path, gz: bool, size: int = 65536) -> bytes:
    try:
        if gz:
            with gzip.open(path, "rb") as fh:
                return fh.read(size)
        with open(path, "rb") as fh:
            return fh.read(size)
    except (OSError, EOFError, zlib.error) as exc:
        raise InputFormatError(f"cannot read the compressed file ({exc})", path=str(path),
                               hint="the .gz file is damaged or truncated: download it again") from exc


def _decode(raw: bytes, path: Path) -> tuple[str, str]:
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        # a multi-byte character cut at the end of the sample is not an encoding error
        if exc.start >= len(raw) - 4:
            return raw[:exc.start].decode("utf-8"), "utf-8"
    try:
        text = raw.decode("cp1252")
        return text, "cp1252"
    except UnicodeDecodeError as exc:
        raise InputFormatError("the file is neither UTF-8 nor Windows-1252 text", path=str(path),
                               hint="is it a text (CSV) file? re-save it as UTF-8 CSV") from exc


def sniff(path: str | Path, expect_any: tuple[str, ...] = (), max_title_lines: int = 10) -> TextFormat:
    """Detect compression, encoding, separator and header line.

    ``expect_any``: header names of which at least one must appear in the header line; the first
    line (within ``max_title_lines``) that contains one is taken as the header, which skips the
    title blocks of the ARCEP observatory files.
    """
    path = Path(path)
    if not path.exists():
        raise InputDataError("file not found", path=str(path), hint="check the path")
    if path.stat().st_size == 0:
        raise InputDataError("the file is empty", path=str(path),
                             hint="download it again or choose another file")
    gz = is_gzip(path)
    text, encoding = _decode(_head_bytes(path, gz), path)
    lines = text.splitlines()
    if not lines or not any(line.strip() for line in lines):
        raise InputDataError("the file is empty", path=str(path),
                             hint="download it again or choose another file")
    wanted = {e.lower() for e in expect_any}
    for idx, line in enumerate(lines[:max_title_lines]):
        if not line.strip():
            continue
        sep = _best_separator(lines[idx: idx + 20])
        header = [h.strip().strip('"').strip() for h in next(csv.reader([line], delimiter=sep))]
        if not wanted or wanted & {h.lower() for h in header}:
            return TextFormat(encoding=encoding, sep=sep, header=header,
                              compression="gzip" if gz else None, skip_lines=idx, header_line=idx + 1)
    first = lines[0][:120]
    raise InputFormatError(
        f"no header with any of the expected columns ({', '.join(sorted(expect_any))}); "
        f"first line is: {first!r}",
        path=str(path), line=1,
        hint="is this the right dataset? if the separator is unusual, re-save it as a ';' or ',' CSV")


def _best_separator(lines: list[str]) -> str:
    """The separator giving the most columns, consistently, on the first lines."""
    best, best_score = ",", -1
    sample = [line for line in lines if line.strip()]
    for sep in _SEPARATORS:
        counts = [len(next(csv.reader([line], delimiter=sep))) for line in sample]
        if not counts or counts[0] < 2:
            continue
        consistent = sum(1 for c in counts if c == counts[0])
        score = counts[0] * 10 + consistent
        if score > best_score:
            best, best_score = sep, score
    return best


def read_table(path: str | Path, fmt: TextFormat, usecols: list[str] | None = None,
               chunksize: int | None = None, dtype=str):
    """pandas.read_csv with the sniffed format; every column read as text unless ``dtype`` says.

    Adds nothing; the source line of row ``i`` of the whole file is ``fmt.header_line + 1 + i``.
    With ``chunksize``, returns an iterator of DataFrames (streaming).
    """
    import pandas as pd

    try:
        return pd.read_csv(
            path, sep=fmt.sep, encoding=fmt.encoding.replace("-sig", "") if fmt.encoding == "utf-8-sig" else fmt.encoding,
            compression=fmt.compression, skiprows=fmt.skip_lines, usecols=usecols, dtype=dtype,
            keep_default_na=False, na_values=[""], chunksize=chunksize, engine="c",
            encoding_errors="strict", on_bad_lines="error",
        )
    except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
        raise InputFormatError(f"the compressed file ends early ({exc})", path=str(path),
                               hint="the .gz file is truncated: download it again") from exc
    except UnicodeDecodeError as exc:
        raise InputFormatError(f"bad {fmt.encoding} text at byte {exc.start}", path=str(path),
                               hint="re-save the file as UTF-8") from exc
    except pd.errors.ParserError as exc:
        raise InputFormatError(f"cannot parse the CSV ({exc})", path=str(path),
                               hint=f"check the separator ('{fmt.sep}') and quotes on that line") from exc
    except ValueError as exc:  # usecols not found, etc.
        raise InputFormatError(str(exc), path=str(path), hint="a required column is missing") from exc


def iter_chunks(path, fmt, usecols=None, chunksize=500_000, dtype=str):
    """Stream a large file in chunks, translating errors that happen mid-stream."""
    import pandas as pd

    reader = read_table(path, fmt, usecols=usecols, chunksize=chunksize, dtype=dtype)
    start = fmt.header_line + 1
    while True:
        try:
            with warnings.catch_warnings():
                # the parser reads in blocks (low_memory: twice as fast on pandas 3); a coordinate
                # column that is numbers in one block and text in another comes back as objects,
                # which the readers parse anyway: the "mixed types" warning says nothing to the user
                warnings.simplefilter("ignore", pd.errors.DtypeWarning)
                chunk = next(reader)
        except StopIteration:
            return
        except (EOFError, zlib.error, gzip.BadGzipFile, OSError) as exc:
            raise InputFormatError(f"the compressed file ends early after line {start - 1} ({exc})",
                                   path=str(path), hint="the .gz file is truncated: download it again") from exc
        except UnicodeDecodeError as exc:
            raise InputFormatError(f"bad {fmt.encoding} text after line {start - 1}", path=str(path),
                                   hint="re-save the file as UTF-8") from exc
        except pd.errors.ParserError as exc:
            raise InputFormatError(f"cannot parse the CSV ({exc})", path=str(path),
                                   hint=f"check the separator ('{fmt.sep}') and quotes on that line") from exc
        yield start, chunk
        start += len(chunk)


def require_columns(fmt: TextFormat, required: tuple[str, ...] | list[str], path, what: str) -> None:
    missing = [c for c in required if c not in fmt.header]
    if missing:
        raise InputFormatError(
            f"missing column(s) {', '.join(missing)} for a {what} file; columns found: "
            f"{', '.join(fmt.header[:12])}{'…' if len(fmt.header) > 12 else ''}",
            path=str(path), line=fmt.header_line,
            hint=f"choose a {what} file, or give the column mapping / force the format")


def open_text(path: str | Path, encoding: str = "utf-8"):
    """A text stream over a plain or gzip file."""
    path = Path(path)
    if is_gzip(path):
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding=encoding)
    return open(path, encoding=encoding)
