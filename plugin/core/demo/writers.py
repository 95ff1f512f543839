"""Byte-reproducible writers: fixed line endings, no timestamps (gzip mtime=0), UTF-8."""
from __future__ import annotations

import csv
import gzip
import io
import json
from pathlib import Path
from typing import Iterable, Sequence


def csv_text(header: Sequence[str], rows: Iterable[Sequence], sep: str = ",",
             newline: str = "\r\n", quote_all: bool = False) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=sep, lineterminator=newline,
                   quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL)
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue()


def write_text(path: Path, text: str) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write(text)
    return path


def write_gzip(path: Path, text: str, inner_name: str) -> Path:
    # mtime=0 and a fixed inner name: same bytes on every run.
    with open(path, "wb") as raw, gzip.GzipFile(filename=inner_name, mode="wb", fileobj=raw,
                                                 mtime=0, compresslevel=6) as gz:
        gz.write(text.encode("utf-8"))
    return path


def write_json(path: Path, data, indent: int | None = 1) -> Path:
    return write_text(path, json.dumps(data, ensure_ascii=False, indent=indent) + "\n")


def fmt(values, decimals: int) -> list[str]:
    """Fixed-decimal text of floats (never locale- or repr-dependent)."""
    f = "{:.%df}" % decimals
    return [f.format(v) for v in values]
