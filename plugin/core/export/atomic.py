"""Atomic output files: write beside the target, then rename over it.

A failure (bad input found half-way, disk full, cancel) leaves the previous file, or nothing,
never a half-written output.
"""
from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from ..errors import ParameterError


def check_output_path(path, suffixes: tuple[str, ...]) -> Path:
    """The output path as a Path, with a user-facing error when it cannot be written."""
    if path is None or str(path).strip() == "":
        raise ParameterError("no output file given", hint=f"choose a file ending in {' or '.join(suffixes)}")
    p = Path(path)
    if suffixes and p.suffix.lower() not in suffixes:
        raise ParameterError(f"the output file must end in {' or '.join(suffixes)}", path=str(p),
                             hint=f"rename it, for example {p.with_suffix(suffixes[0]).name}")
    parent = p.parent if str(p.parent) else Path(".")
    if not parent.is_dir():
        raise ParameterError("the output folder does not exist", path=str(parent),
                             hint="create the folder or choose another one")
    if p.is_dir():
        raise ParameterError("the output path is a folder", path=str(p), hint="give a file name")
    return p


@contextlib.contextmanager
def atomic_path(path):
    """Yield a temporary path in the target's folder; rename it to ``path`` if the block succeeds."""
    target = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.stem}-", suffix=".part" + target.suffix,  # GDAL wants the real suffix last
                               dir=str(target.parent if str(target.parent) else "."))
    os.close(fd)
    os.unlink(tmp)  # writers (GDAL, openpyxl) want to create the file themselves
    try:
        yield Path(tmp)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def write_text_atomic(path, text: str, encoding: str = "utf-8") -> Path:
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding=encoding)
    return Path(path)


def write_bytes_atomic(path, data: bytes) -> Path:
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)
    return Path(path)
