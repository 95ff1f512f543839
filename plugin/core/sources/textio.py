"""Opening delimited text files as published: plain or gzip; UTF-8 (with or without BOM),
Windows-1252/Latin-1 or UTF-16 with BOM; `;` `,` tab or `|`; an optional title block above the
header. Every reader of a text file goes through here (and new readers should too).

Bounded: :func:`sniff` looks at the first :data:`HEAD_BYTES` only, and refuses a file whose first
lines are no table header (binary data, a ZIP/XLSX, JSON, HTML, one endless line…) saying what it
looks like instead, before any parser sees it.

Encodings are decided on the whole file while it streams (:class:`DecodedStream`): UTF-8 until a
byte proves otherwise. A file that is plain ASCII up to a byte that is not UTF-8 is Windows-1252
from there on (the same bytes before it), wherever that byte is; a file that is UTF-8 and later
has a byte that is not is refused with the true line and column of that byte. ``encoding=`` forces
one (the ENCODING parameter of the import algorithms). pandas always receives UTF-8.

``read_table`` reads with pandas (C engine, all columns as text) and keeps the source line number
of every row so that rejections can name it.
"""
from __future__ import annotations

import codecs
import contextlib
import contextvars
import csv
import functools
import gzip
import io
import re
import warnings
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputDataError, InputFormatError, ParameterError
from .formats import ENCODING_CHOICES  # noqa: F401 (its home is the light formats module)

_SEPARATORS = (";", ",", "\t", "|")
HEAD_BYTES = 1 << 16           # the title block and the header must end within these 64 KB
MAX_COLUMN_NAME = 256          # a longer "column name" means the line is no header
MAX_COLUMNS = 4096
BLOCK = 1 << 18                # raw bytes decoded at a time while streaming

_ALIASES = {"utf8": "utf-8", "utf-8": "utf-8", "utf-8-sig": "utf-8", "utf_8": "utf-8",
            "cp1252": "cp1252", "windows-1252": "cp1252", "windows1252": "cp1252", "win1252": "cp1252",
            "latin-1": "latin-1", "latin1": "latin-1", "iso-8859-1": "latin-1", "iso8859-1": "latin-1",
            "iso-8859-15": "latin-1", "utf-16": "utf-16", "utf16": "utf-16"}
_NAMES = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8 (with BOM)", "cp1252": "Windows-1252",
          "latin-1": "ISO-8859-1 (Latin-1)", "utf-16": "UTF-16"}


def normalise_encoding(name) -> str | None:
    """A codec name from a user's choice ('Windows-1252', 'latin1', 'auto'…); None = detect."""
    if name is None or str(name).strip().lower() in ("", "auto"):
        return None
    key = str(name).strip().lower().split(" ")[0]
    if str(name) in ENCODING_CHOICES:
        return ENCODING_CHOICES[str(name)]
    if key in _ALIASES:
        return _ALIASES[key]
    raise ParameterError(f"unknown encoding {name!r}",
                         hint="use UTF-8, Windows-1252, ISO-8859-1 (Latin-1) or UTF-16, or leave it on auto")


_FORCED: contextvars.ContextVar = contextvars.ContextVar("terridiag_forced_encoding", default=None)


@contextlib.contextmanager
def forced_encoding(name):
    """Within the block, every file opened here is read in ``name`` (the ENCODING parameter of
    an import), unless a call says otherwise; 'auto'/None keeps the detection."""
    token = _FORCED.set(normalise_encoding(name))
    try:
        yield
    finally:
        _FORCED.reset(token)


def _forced(encoding) -> str | None:
    return normalise_encoding(encoding) if encoding is not None else _FORCED.get()


def encoding_label(codec: str) -> str:
    return _NAMES.get(codec, codec)


@dataclass
class TextFormat:
    encoding: str                    # as decided so far; read_table/iter_chunks update it at the end
    sep: str
    header: list[str]
    compression: str | None = None   # "gzip" or None
    skip_lines: int = 0              # lines above the header (title block)
    header_line: int = 1             # 1-based line number of the header
    extra: dict = field(default_factory=dict)
    forced_encoding: str | None = None   # the ENCODING parameter, None when detected
    decided: bool = False            # the head already proved the encoding (BOM, non-ASCII text)


def is_gzip(path: str | Path) -> bool:
    with open(path, "rb") as fh:
        return fh.read(2) == b"\x1f\x8b"


def _open_raw(path: Path, gz: bool):
    return gzip.open(path, "rb") if gz else open(path, "rb")


def _head_bytes(path: Path, gz: bool, size: int = HEAD_BYTES) -> bytes:
    try:
        with _open_raw(path, gz) as fh:
            return fh.read(size)
    except (OSError, EOFError, zlib.error) as exc:
        raise InputFormatError(f"cannot read the compressed file ({exc})", path=str(path),
                               hint="the .gz file is damaged or truncated: download it again") from exc


# -- what a file that is no CSV looks like ---------------------------------------------------

_SIGNATURES = (
    (b"PK\x03\x04", "a ZIP archive (an Excel .xlsx workbook or a zipped download)",
     "unzip it, or open the workbook and save the sheet as CSV"),
    (b"\xd0\xcf\x11\xe0", "an old Excel .xls workbook (or another Office document)",
     "open it in a spreadsheet and save the sheet as CSV (UTF-8)"),
    (b"%PDF", "a PDF document", "download the data file itself (CSV), not its documentation"),
    (b"SQLite format 3\x00", "a SQLite database or GeoPackage", "add it as a layer, not as a CSV file"),
    (b"\x89PNG", "a PNG image", "choose the data file"),
    (b"\xff\xd8\xff", "a JPEG image", "choose the data file"),
    (b"BZh", "a bzip2-compressed file", "decompress it first (or download the .csv or .csv.gz)"),
    (b"\xfd7zXZ", "an xz-compressed file", "decompress it first (or download the .csv or .csv.gz)"),
    (b"7z\xbc\xaf", "a 7-Zip archive", "extract it first"),
    (b"\x00\x00\x27\x0a", "a Shapefile geometry (.shp)", "add the .shp as a layer, not as a CSV file"),
)


def looks_like(head: bytes) -> tuple[str, str] | None:
    """``(what the bytes look like, what to do)`` when they are clearly no delimited text; None
    when they may be."""
    for magic, what, todo in _SIGNATURES:
        if head.startswith(magic):
            return what, todo
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):       # UTF-16 with BOM: text
        return None
    body = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    low = body[:200].lower()
    if b"\x00" in head:
        return "binary data (it holds NUL bytes)", "choose the CSV text file"
    controls = sum(1 for b in head[:4096] if b < 32 and b not in (9, 10, 12, 13))
    if head and controls > len(head[:4096]) // 20:
        return "binary data", "choose the CSV text file"
    if low.startswith((b"<!doctype html", b"<html", b"<head", b"<body")):
        return ("an HTML web page (an error or login page instead of the data?)",
                "download the file again, from the producer's data link")
    if low.startswith(b"<?xml") or low.startswith(b"<osm"):
        return "an XML document", "choose the CSV file (an OSM extract goes to the OSM import)"
    if body[:1] in (b"{", b"["):
        kind = "GeoJSON" if b'"featurecollection"' in body[:4096].lower() else "JSON"
        return f"{kind} data, not a delimited table", "choose the CSV export, or the importer for this JSON"
    return None


def _not_a_table(path, what_todo, line: int | None = None):
    what, todo = what_todo
    return InputFormatError(f"not a CSV table: it looks like {what}", path=str(path), line=line, hint=todo)


# -- decoding ------------------------------------------------------------------------------

def _c1_as_latin1(exc: UnicodeDecodeError):
    """The five bytes Windows-1252 leaves undefined, read as Latin-1 (forced Latin-1 only)."""
    return exc.object[exc.start:exc.start + 1].decode("latin-1"), exc.start + 1


codecs.register_error("terridiag-latin1", _c1_as_latin1)
_NON_ASCII = re.compile(rb"[\x80-\xff]")


class _BadByte(Exception):
    def __init__(self, valid_prefix: bytes, byte: int, problem: str):
        super().__init__(problem)
        self.valid_prefix, self.byte, self.problem = valid_prefix, byte, problem


class DecodedStream:
    """A binary file-like object over a (plain or gzip) file that returns its text as UTF-8.

    ``encoding``: a codec to force (``normalise_encoding``), None to detect: a UTF-8 BOM or a
    UTF-16 BOM decide at once; otherwise UTF-8 while only ASCII has been seen, then UTF-8 when the
    first non-ASCII bytes are UTF-8 and Windows-1252 when they are not. A byte that fits no
    encoding raises :class:`InputFormatError` with its line and column (characters, 1-based).
    ``codec`` says what was decided (not ``encoding``: pandas would take the stream for a text
    stream); ``switch_line`` the line where a file that began as ASCII turned out to be
    Windows-1252.
    """

    def __init__(self, path: str | Path, encoding: str | None = None, gz: bool | None = None,
                 validate: bool = True):
        self.path = Path(path)
        # validate=False: once a file is known to be UTF-8, its blocks go to pandas unchecked (it
        # decodes them strictly itself, at C speed); a failure there is located by a second,
        # validating pass (see _locate)
        self.validate = validate
        gz = is_gzip(self.path) if gz is None else gz
        self.compression = "gzip" if gz else None
        self._raw = _open_raw(self.path, gz)
        self.forced = encoding
        self.codec = encoding          # None until decided
        self.provisional = encoding is None   # ASCII so far
        self.switch_line: int | None = None
        self._started = False
        self._dec = None                  # incremental decoder (utf-8 / utf-16)
        self._lines = 0                   # newlines returned so far
        self._tail = b""                  # returned bytes after the last newline (for columns)
        self._tail_cut = 0                # characters dropped from the tail (very long lines)
        self.eof = False

    # file-like protocol (what pandas and io.TextIOWrapper use)
    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return False

    def writable(self) -> bool:
        return False

    @property
    def closed(self) -> bool:
        return self._raw.closed

    def close(self) -> None:
        self._raw.close()

    def flush(self) -> None:
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __iter__(self):
        return iter(io.BufferedReader(self).readline, b"")

    def readinto(self, buffer) -> int:
        data = self.read(len(buffer))
        buffer[:len(data)] = data
        return len(data)

    def read(self, size: int = -1) -> bytes:
        if size is None or size < 0:
            parts = []
            while True:
                part = self.read(BLOCK)
                if not part:
                    return b"".join(parts)
                parts.append(part)
        out = b""
        while not out and not self.eof:
            try:
                raw = self._raw.read(max(size, 1))
            except (EOFError, zlib.error, OSError) as exc:
                after = f", after line {self._lines}" if self._lines else ""
                raise InputFormatError(f"the compressed file ends early{after} ({exc})",
                                       path=str(self.path), hint="the .gz file is truncated: download it again") from exc
            if not self._started:
                raw = self._start(raw)
            if not raw:
                self.eof = True
                out = self._finish()
            else:
                out = self._convert(raw)
        self._advance(out)
        return out

    # decoding
    def _start(self, raw: bytes) -> bytes:
        self._started = True
        if raw.startswith(b"\xef\xbb\xbf") and self.forced in (None, "utf-8"):
            self.codec, self.provisional = "utf-8-sig", False
            self._dec = codecs.getincrementaldecoder("utf-8")()
            return raw[3:]
        if raw.startswith((b"\xff\xfe", b"\xfe\xff")) and self.forced in (None, "utf-16"):
            self.codec, self.provisional = "utf-16", False
        if self.codec in ("utf-8", "utf-16"):
            self._dec = codecs.getincrementaldecoder(self.codec)()
        return raw

    def _convert(self, raw: bytes) -> bytes:
        try:
            if self.provisional:
                return self._detect(raw)
            return self._decode(raw)
        except _BadByte as bad:
            raise self._error(bad) from None

    def _decode(self, raw: bytes) -> bytes:
        enc = self.codec
        if enc in ("utf-8", "utf-8-sig"):
            if not self.validate or (raw.isascii() and not self._dec.getstate()[0]):
                return raw
            pending = self._dec.getstate()[0]
            try:
                self._dec.decode(raw)
            except UnicodeDecodeError as exc:
                at = max(0, exc.start - len(pending))
                kind = ("not UTF-8" if self.forced else
                        "neither UTF-8 nor Windows-1252 text" if raw[at] in b"\x81\x8d\x8f\x90\x9d" else
                        "not UTF-8, although the text before it is (the file mixes encodings)")
                raise _BadByte(raw[:at], raw[at], kind) from None
            return raw
        if enc == "cp1252":
            try:
                return raw.decode("cp1252").encode("utf-8")
            except UnicodeDecodeError as exc:
                raise _BadByte(raw[:exc.start].decode("cp1252").encode("utf-8"), raw[exc.start],
                               "neither UTF-8 nor Windows-1252 text") from None
        if enc == "latin-1":
            return raw.decode("latin-1").encode("utf-8")
        if enc == "utf-16":
            try:
                return self._dec.decode(raw).encode("utf-8")
            except UnicodeDecodeError as exc:
                raise _BadByte(b"", raw[min(exc.start, len(raw) - 1)], "not UTF-16 text") from None
        raise ParameterError(f"unknown encoding {enc!r}")

    def _detect(self, raw: bytes) -> bytes:
        """ASCII so far: this block decides when it holds the first non-ASCII byte."""
        m = _NON_ASCII.search(raw)
        if m is None:
            return raw
        i = m.start()
        probe = codecs.getincrementaldecoder("utf-8")()
        try:
            probe.decode(raw[i:i + 4096])
            utf8 = True
        except UnicodeDecodeError as exc:
            utf8 = exc.start > 0          # valid UTF-8 first, then a bad byte: decided UTF-8
        self.provisional = False
        if utf8:
            self.codec = "utf-8"
            self._dec = codecs.getincrementaldecoder("utf-8")()
            self._dec.decode(raw[:i])     # ASCII: leaves no state
            return self._decode(raw)
        self.codec = "cp1252"
        if self._lines or raw[:i].count(b"\n"):
            self.switch_line = self._lines + raw[:i].count(b"\n") + 1
        return self._decode(raw)

    def _finish(self) -> bytes:
        if self.codec is None:
            self.codec, self.provisional = "utf-8", False     # pure ASCII
        if self._dec is None:
            return b""
        try:
            rest = self._dec.decode(b"", final=True)
        except UnicodeDecodeError:
            raise self._error(_BadByte(b"", 0, "the file ends in the middle of a character "
                                               "(truncated?)")) from None
        return rest.encode("utf-8") if self.codec == "utf-16" else b""

    def _advance(self, out: bytes) -> None:
        if not out:
            return
        n = out.count(b"\n")
        if n:
            self._lines += n
            self._tail = out[out.rindex(b"\n") + 1:][-HEAD_BYTES:]
            self._tail_cut = 0
        else:
            self._tail += out
            if len(self._tail) > 4 * HEAD_BYTES:
                self._tail_cut += len(self._tail[:-HEAD_BYTES].decode("utf-8", "replace"))
                self._tail = self._tail[-HEAD_BYTES:]

    def _error(self, bad: _BadByte) -> InputFormatError:
        prefix = bad.valid_prefix
        line = self._lines + prefix.count(b"\n") + 1
        before = prefix[prefix.rindex(b"\n") + 1:] if b"\n" in prefix else self._tail + prefix
        col = self._tail_cut * (b"\n" not in prefix) + len(before.decode("utf-8", "replace")) + 1
        what = f"the byte 0x{bad.byte:02X} is {bad.problem}" if bad.byte else bad.problem
        forced = f" (read as {encoding_label(self.forced)}, as asked)" if self.forced else ""
        return InputFormatError(what + forced, path=str(self.path), line=line, column=col,
                                hint="re-save the file as UTF-8 CSV, or choose its encoding (ENCODING) "
                                     "if it is Windows-1252 or Latin-1 text")


def open_decoded(path: str | Path, encoding: str | None = None) -> DecodedStream:
    """The file as a UTF-8 binary stream (see :class:`DecodedStream`)."""
    return DecodedStream(path, _forced(encoding))


def open_text(path: str | Path, encoding: str | None = None):
    """A text stream over a plain or gzip file, its encoding detected (or forced)."""
    return io.TextIOWrapper(open_decoded(path, encoding), encoding="utf-8")


def read_text(path: str | Path, encoding: str | None = None) -> str:
    """A whole (small) text file, e.g. JSON: encoding detected, a bad byte named by line/column."""
    path = Path(path)
    _exists(path)
    gz = is_gzip(path)
    found = looks_like(_head_bytes(path, gz, 4096))
    if found and not found[0].startswith(("JSON", "GeoJSON", "an XML")):
        raise InputFormatError(f"not a text file: it looks like {found[0]}", path=str(path),
                               hint="choose the data file itself (JSON or CSV text)")
    with DecodedStream(path, _forced(encoding), gz) as stream:
        return stream.read().decode("utf-8")


def _exists(path: Path) -> None:
    if not path.exists():
        raise InputDataError("file not found", path=str(path), hint="check the path")
    if path.is_dir():
        raise InputDataError("this is a folder, not a file", path=str(path), hint="choose the file itself")
    if path.stat().st_size == 0:
        raise InputDataError("the file is empty", path=str(path),
                             hint="download it again or choose another file")


# -- sniffing ------------------------------------------------------------------------------

def sniff(path: str | Path, expect_any: tuple[str, ...] = (), max_title_lines: int = 10,
          encoding: str | None = None) -> TextFormat:
    """Detect compression, encoding, separator and header line, from the first 64 KB only.

    ``expect_any``: header names of which at least one must appear in the header line; the first
    line (within ``max_title_lines``) that contains one is taken as the header, which skips the
    title blocks of the ARCEP observatory files. ``encoding`` forces one (see
    :func:`normalise_encoding`).
    """
    path = Path(path)
    _exists(path)
    forced = _forced(encoding)
    gz = is_gzip(path)
    raw = _head_bytes(path, gz)
    if not raw.strip(b" \t\r\n\xef\xbb\xbf"):
        raise InputDataError("the file is empty (blank)" if raw else "the compressed file is empty",
                             path=str(path), hint="download it again or choose another file")
    if forced != "utf-16":
        found = looks_like(raw)
        if found:
            raise _not_a_table(path, found)
    with DecodedStream(path, forced, gz) as stream:
        head = stream.read(HEAD_BYTES)
        while len(head) < HEAD_BYTES and not stream.eof:
            more = stream.read(HEAD_BYTES - len(head))
            if not more:
                break
            head += more
        whole = stream.eof or not stream.read(1)
        enc = stream.codec or "utf-8"
        decided = not stream.provisional
    text = head.decode("utf-8", errors="replace")
    lines = text.split("\n")
    if not whole:
        lines = lines[:-1]            # the last line is cut by the 64 KB bound
    lines = [ln.rstrip("\r") for ln in lines]
    if not lines:
        raise InputFormatError(
            f"the first line is longer than {HEAD_BYTES // 1024} KB, so it is no table header; "
            f"it starts with {_excerpt(text)}", path=str(path), line=1,
            hint="is this the right file? a CSV table starts with a short line of column names")
    if not any(line.strip() for line in lines):
        raise InputDataError("the file is empty (blank)", path=str(path),
                             hint="download it again or choose another file")
    wanted = {e.lower() for e in expect_any}
    implausible = None
    for idx, line in enumerate(lines[:max_title_lines]):
        if not line.strip():
            continue
        sep = _best_separator(lines[idx: idx + 20])
        header = [h.strip().strip('"').strip() for h in next(csv.reader([line], delimiter=sep), [])]
        why = _implausible(header)
        if why:
            implausible = implausible or (idx + 1, why, line)
            if not wanted:
                break                 # the first line must be the header: no need to look further
            continue
        if not wanted or wanted & {h.lower() for h in header}:
            return TextFormat(encoding=enc, sep=sep, header=header,
                              compression="gzip" if gz else None, skip_lines=idx, header_line=idx + 1,
                              forced_encoding=forced, decided=decided)
    if implausible and (not wanted or implausible[0] == 1):
        line_no, why, line = implausible
        raise InputFormatError(f"line {line_no} is no table header ({why}); it starts with {_excerpt(line)}",
                               path=str(path), line=line_no,
                               hint="is this the right file? a CSV table starts with a line of column names")
    first = next((ln for ln in lines if ln.strip()), "")
    raise InputFormatError(
        f"no header with any of the expected columns ({', '.join(sorted(expect_any))}); "
        f"first line is: {_excerpt(first)}",
        path=str(path), line=1,
        hint="is this the right dataset? if the separator is unusual, re-save it as a ';' or ',' CSV")


def _implausible(header: list[str]) -> str | None:
    if len(header) > MAX_COLUMNS:
        return f"{len(header):,} columns"
    longest = max((len(h) for h in header), default=0)
    if longest > MAX_COLUMN_NAME:
        return f"a column name of {longest:,} characters"
    return None


def _excerpt(text: str, size: int = 80) -> str:
    text = text.strip()
    return repr(text[:size] + ("…" if len(text) > size else ""))


def _best_separator(lines: list[str]) -> str:
    """The separator giving the most columns, consistently, on the first lines."""
    best, best_score = ",", -1
    sample = [line for line in lines if line.strip()]
    for sep in _SEPARATORS:
        counts = [len(next(csv.reader([line], delimiter=sep), [])) for line in sample]
        if not counts or counts[0] < 2:
            continue
        consistent = sum(1 for c in counts if c == counts[0])
        score = counts[0] * 10 + consistent
        if score > best_score:
            best, best_score = sep, score
    return best


# -- reading -------------------------------------------------------------------------------

def read_table(path: str | Path, fmt: TextFormat, usecols: list[str] | None = None,
               chunksize: int | None = None, dtype=str):
    """pandas.read_csv with the sniffed format; every column read as text unless ``dtype`` says.

    Adds nothing; the source line of row ``i`` of the whole file is ``fmt.header_line + 1 + i``.
    With ``chunksize``, returns an iterator of DataFrames (streaming; see :func:`iter_chunks`).
    """
    import pandas as pd

    if fmt.decided and fmt.encoding in ("utf-8", "utf-8-sig"):
        # known UTF-8: pandas reads the file itself (fastest); a bad byte later is located by _locate
        stream = _PlainFile(path)
        source, encoding, compression = str(path), fmt.encoding, fmt.compression
    else:
        stream = DecodedStream(path, fmt.forced_encoding, fmt.compression == "gzip", validate=False)
        source, encoding, compression = stream, "utf-8", None
    try:
        result = pd.read_csv(
            source, sep=fmt.sep, encoding=encoding, compression=compression, skiprows=fmt.skip_lines,
            usecols=usecols, dtype=dtype, keep_default_na=False, na_values=[""], chunksize=chunksize,
            engine="c", encoding_errors="strict", on_bad_lines="error",
        )
    except BaseException as exc:
        stream.close()
        raise _translate(exc, path, fmt, stream) from exc
    if chunksize is not None:
        result.stream = stream        # iter_chunks closes it
        return result
    stream.close()
    _decided(fmt, stream)
    return result


class _PlainFile:
    """Stands for the stream when pandas opens the file itself."""

    codec, switch_line, _lines = None, None, 0

    def __init__(self, path):
        self.path = path

    def close(self) -> None:
        pass


def _decided(fmt: TextFormat, stream) -> None:
    if stream.codec:
        fmt.encoding = stream.codec
    if stream.switch_line:
        fmt.extra["encoding_switch_line"] = stream.switch_line


def _translate(exc, path, fmt, stream=None):
    """A parser failure as a user-facing error (TerriDiagErrors pass unchanged)."""
    import pandas as pd

    from ..errors import TerriDiagError

    if isinstance(exc, TerriDiagError):
        return exc
    after = f" after line {stream._lines}" if stream is not None and stream._lines else ""
    if isinstance(exc, (EOFError, zlib.error, gzip.BadGzipFile)):
        return InputFormatError(f"the compressed file ends early{after} ({exc})", path=str(path),
                                hint="the .gz file is truncated: download it again")
    if isinstance(exc, UnicodeDecodeError):   # pandas met a byte that is not UTF-8: where is it?
        return _locate(path, fmt) or InputFormatError(f"bad UTF-8 text{after}", path=str(path),
                                                      hint="re-save the file as UTF-8")
    if isinstance(exc, pd.errors.ParserError):
        return InputFormatError(f"cannot parse the CSV ({exc})", path=str(path),
                                hint=f"check the separator ('{fmt.sep}') and quotes on that line")
    if isinstance(exc, pd.errors.EmptyDataError):
        return InputDataError("no data after the title lines", path=str(path),
                              hint="download it again or choose another file")
    if isinstance(exc, ValueError):  # usecols not found, etc.
        return InputFormatError(str(exc), path=str(path), hint="a required column is missing")
    return exc


def _locate(path, fmt) -> InputFormatError | None:
    """The error, with its line and column, of the first byte of the file that does not decode."""
    try:
        with DecodedStream(path, fmt.forced_encoding, fmt.compression == "gzip") as stream:
            while stream.read(BLOCK):
                pass
    except InputFormatError as exc:
        return exc
    return None


@functools.lru_cache(maxsize=1)
def fixed_width_bytes() -> bool:
    """Whether pandas' C parser hands a ``dtype="S<n>"`` column over as one fixed-width numpy block
    of the raw (UTF-8) bytes, without a Python object per cell: pandas 3 does (2-3x faster than
    text), pandas 1.5 gives ``bytes`` objects. Such values are cut silently at the width and are
    not decoded: the caller checks both (:func:`undecodable` for a bad byte)."""
    import numpy as np
    import pandas as pd

    try:
        frame = pd.read_csv(io.BytesIO(b"a;b\nxy;1\n;2\n"), sep=";", dtype={"a": "S4"}, engine="c",
                            keep_default_na=False, na_values=[""])
    except Exception:  # noqa: BLE001 - any refusal means: not available
        return False
    column = frame["a"].to_numpy()
    return column.dtype == np.dtype("S4") and column.tolist() == [b"xy", b""]


def undecodable(exc: UnicodeDecodeError, path, fmt) -> Exception:
    """The user's error for a byte that is not UTF-8 met while decoding what the parser handed
    over as bytes (:func:`fixed_width_bytes`): the same error, line and column as when the parser
    decodes it."""
    return _translate(exc, path, fmt)


def iter_chunks(path, fmt, usecols=None, chunksize=500_000, dtype=str):
    """Stream a large file in chunks ``(first source line, frame)``, translating errors that happen
    mid-stream (a bad byte is named by its line and column)."""
    import pandas as pd

    reader = read_table(path, fmt, usecols=usecols, chunksize=chunksize, dtype=dtype)
    stream = reader.stream
    start = fmt.header_line + 1
    try:
        while True:
            try:
                with warnings.catch_warnings():
                    # the parser reads in blocks (low_memory: twice as fast on pandas 3); a coordinate
                    # column that is numbers in one block and text in another comes back as objects,
                    # which the readers parse anyway: the "mixed types" warning says nothing to the user
                    warnings.simplefilter("ignore", pd.errors.DtypeWarning)
                    chunk = next(reader)
            except StopIteration:
                _decided(fmt, stream)
                return
            except BaseException as exc:
                raise _translate(exc, path, fmt, stream) from exc
            yield start, chunk
            start += len(chunk)
    finally:                          # also when the reader stops early (a cancel, a refusal)
        reader.close()
        stream.close()


def require_columns(fmt: TextFormat, required: tuple[str, ...] | list[str], path, what: str) -> None:
    missing = [c for c in required if c not in fmt.header]
    if missing:
        raise InputFormatError(
            f"missing column(s) {', '.join(missing)} for a {what} file; columns found: "
            f"{', '.join(fmt.header[:12])}{'…' if len(fmt.header) > 12 else ''}",
            path=str(path), line=fmt.header_line,
            hint=f"choose a {what} file, or give the column mapping / force the format")
