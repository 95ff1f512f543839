"""Output folders: checked before any work, and OS errors said in words.

Probing with a real temporary file (not ``os.access``) is what tells a read-only disk, a folder
made immutable, or a network share that refuses writes — for root too.
"""
from __future__ import annotations

import errno
import tempfile
from pathlib import Path

from .errors import InputDataError, ParameterError, TerriDiagError

_REASONS = {errno.EACCES: "permission denied", errno.EPERM: "the folder does not allow writing",
            errno.EROFS: "the disk is read-only", errno.ENOSPC: "the disk is full",
            errno.EDQUOT: "the disk quota is exceeded", errno.ENOENT: "it does not exist",
            errno.ENOTDIR: "a file is in the way of the folder", errno.EISDIR: "it is a folder",
            errno.ENAMETOOLONG: "the name is too long"}
_HINT = "choose a folder you can write to (for example in your documents), or ask for the rights"


def reason(exc: OSError) -> str:
    return _REASONS.get(exc.errno, exc.strerror or str(exc))


def check_folder(folder, create: bool = False) -> None:
    """Refuse, before any work, an output folder that is missing (unless ``create``: then its
    nearest existing parent must be writable) or that cannot be written."""
    folder = Path(folder)
    probe = folder
    if not folder.is_dir():
        if folder.exists():
            raise ParameterError("the output folder is a file", path=str(folder), hint="choose a folder")
        if not create:
            raise ParameterError("the output folder does not exist", path=str(folder),
                                 hint="create the folder or choose another one")
        while not probe.is_dir() and probe != probe.parent:
            probe = probe.parent
    try:
        with tempfile.TemporaryFile(dir=str(probe)):
            pass
    except OSError as exc:
        raise ParameterError(f"cannot write in the output folder: {reason(exc)}", path=str(probe),
                             hint=_HINT) from None


def check_file(path) -> None:
    """The folder of an output file (see :func:`check_folder`), and the file is no folder."""
    path = Path(path)
    if path.is_dir():
        raise ParameterError("the output path is a folder", path=str(path), hint="give a file name")
    check_folder(path.parent if str(path.parent) else Path("."))


def os_error(exc: OSError, outputs=()) -> TerriDiagError:
    """An OSError met while running, as a user-facing error: writing into one of ``outputs``
    (files or folders), or reading an input."""
    name = Path(str(exc.filename)) if exc.filename else None
    outs = [Path(str(o)) for o in outputs if o]
    for out in outs:
        if name is not None and (name == out or out in name.parents or name.parent == out.parent):
            folder = name.parent
            return ParameterError(f"cannot write the output: {reason(exc)}", path=str(folder if name.name.startswith(".")
                                                                                      else name), hint=_HINT)
    if name is not None:
        return InputDataError(f"cannot open the file: {reason(exc)}", path=str(name),
                              hint="check that the file is there and readable")
    return InputDataError(f"a file operation failed: {reason(exc)}", hint="check the files and folders of the run")
