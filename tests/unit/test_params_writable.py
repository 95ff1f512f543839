"""Finite numbers and output folders, in the core (issue 16)."""
from __future__ import annotations

import errno

import pytest

from terridiag.plugin.core import params, writable
from terridiag.plugin.core.errors import InputDataError, ParameterError


@pytest.mark.parametrize("text", ["nan", "NaN", "inf", "-Infinity", " +inf "])
def test_non_finite_text_is_refused(text):
    with pytest.raises(ParameterError, match="it must be a finite number"):
        params.number(text, "BANDS", "15,30")


def test_numbers():
    assert params.number(" 2,5 ", "x") == 2.5
    with pytest.raises(ParameterError, match=r"x: 'abc' is not a number — e.g. 5"):
        params.number("abc", "x", "5")


def test_check_folder(tmp_path):
    writable.check_folder(tmp_path)
    with pytest.raises(ParameterError, match="the output folder does not exist"):
        writable.check_folder(tmp_path / "missing")
    writable.check_folder(tmp_path / "missing" / "deep", create=True)     # its parent can be written
    (tmp_path / "f").write_text("x")
    with pytest.raises(ParameterError, match="the output folder is a file"):
        writable.check_folder(tmp_path / "f")
    with pytest.raises(ParameterError, match="the output path is a folder"):
        writable.check_file(tmp_path)


def test_os_errors_in_words(tmp_path):
    out = tmp_path / "out" / "map.html"
    err = writable.os_error(PermissionError(errno.EACCES, "Permission denied", str(out.parent / ".map-x.part.html")),
                            [str(out)])
    assert isinstance(err, ParameterError)
    assert str(err).startswith(f"{out.parent}: cannot write the output: permission denied")
    err = writable.os_error(OSError(errno.ENOSPC, "No space left on device", str(out)), [str(out)])
    assert "the disk is full" in str(err)
    err = writable.os_error(FileNotFoundError(errno.ENOENT, "No such file", "/data/in.csv"), [str(out)])
    assert isinstance(err, InputDataError) and str(err).startswith("/data/in.csv: cannot open the file: it does not exist")
