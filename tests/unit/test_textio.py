"""Text files as published (issue 16): encodings detected on the whole file or forced, a bad byte
named by its true line and column, and a bounded look at the head that refuses what is no table,
saying what it looks like instead."""
from __future__ import annotations

import csv
import gzip
import io
import json

import pytest

from terridiag.plugin.core.errors import InputDataError, InputFormatError, ParameterError
from terridiag.plugin.core.sources import addresses as A
from terridiag.plugin.core.sources import textio as T

HEADER = "id;numero;rep;nom_voie;code_postal;code_insee;nom_commune;x;y;lon;lat"


def _ban_text(n_plain: int, late_names: list[str]) -> str:
    """A BAN CSV whose first ``n_plain`` rows are ASCII and whose last rows carry ``late_names``."""
    rows = [HEADER]
    for i in range(n_plain):
        rows.append(f"90010_{i:05d};{i};;Rue du Pont;90000;90010;Belfort;991000;6729000;6.86;47.64")
    for j, name in enumerate(late_names):
        rows.append(f"90010_x{j};{j};;{name};90000;90010;Belfort;991000;6729000;6.86;47.64")
    return "\n".join(rows) + "\n"


def _line_col(text: str, needle: str) -> tuple[int, int]:
    """Oracle: 1-based line and column (characters) of the first ``needle``."""
    before = text[:text.index(needle)]
    return before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1


# -- encodings -----------------------------------------------------------------------------

@pytest.mark.parametrize("compress", [False, True])
def test_windows_1252_after_the_first_64_kb_is_read(tmp_path, compress):
    """The issue's case: the first accented character comes after 64 KB (here ~110 KB)."""
    names = ["Rue de l’Église", "Allée des Œillets", "Place Hélène Boucher"]
    text = _ban_text(1200, names)
    assert text.index("’") > 65536
    raw = text.encode("cp1252")
    path = tmp_path / ("late.csv.gz" if compress else "late.csv")
    path.write_bytes(gzip.compress(raw) if compress else raw)
    data, report = A.read_addresses(path)
    assert report.rows_read == report.rows_kept == 1200 + len(names)
    assert list(data["nom_voie"].astype(str)[-3:]) == names
    assert report.encoding == "cp1252" and "read as Windows-1252 text" in report.summary()


@pytest.mark.parametrize("encoding,prefix", [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("cp1252", b""),
                                             ("latin-1", b""), ("utf-16", b"")])
def test_every_encoding_reads_the_same_table(tmp_path, encoding, prefix):
    names = ["Rue de l'Église", "Allée des Noyers", "Chemin du Château"]   # in Latin-1 too
    text = _ban_text(3, names)
    path = tmp_path / "t.csv"
    path.write_bytes(prefix + text.encode(encoding))
    fmt = T.sniff(path)
    table = T.read_table(path, fmt)
    expected = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert table["nom_voie"].tolist() == [r["nom_voie"] for r in expected]
    assert list(table.columns) == HEADER.split(";")
    detected = {"latin-1": "cp1252"}.get(encoding, encoding)     # Latin-1 text is Windows-1252 text
    assert fmt.encoding == ("utf-8-sig" if prefix else detected)


def test_mixed_encodings_give_the_true_line_and_column(tmp_path):
    """UTF-8 first, then a Windows-1252 'é' far beyond the head: refused at its line and column."""
    good = _ban_text(2000, ["Rue de l'Église"])
    bad_line = "90010_z;9;;Rue Hélène;90000;90010;Belfort;991000;6729000;6.86;47.64\n"
    path = tmp_path / "mixed.csv"
    path.write_bytes(good.encode("utf-8") + bad_line.encode("cp1252"))
    line, col = _line_col(good + bad_line, "é")
    assert line == 2003
    with pytest.raises(InputFormatError) as exc:
        A.read_addresses(path)
    e = exc.value
    assert (e.line, e.column) == (line, col)
    assert "mixed.csv" in str(e) and f"line {line}, column {col}" in str(e)
    assert "0xE9" in str(e) and "mixes encodings" in str(e)


def test_undefined_byte_is_neither_utf8_nor_windows_1252(tmp_path):
    text = "code_insee;population\n90010;1000\n90011;2\x8100\n"
    path = tmp_path / "u.csv"
    path.write_bytes(text.encode("latin-1"))
    with pytest.raises(InputFormatError, match="neither UTF-8 nor Windows-1252") as exc:
        T.read_table(path, T.sniff(path))
    assert (exc.value.line, exc.value.column) == (3, 8)
    # forced Latin-1 reads it (the byte is a control character there)
    table = T.read_table(path, T.sniff(path, encoding="latin-1"))
    assert table["population"].tolist() == ["1000", "2\x8100"]


def test_forced_encoding_wins_and_its_failure_is_located(tmp_path):
    text = "a;b\n1;Hélène\n2;x\n"
    path = tmp_path / "f.csv"
    path.write_bytes(text.encode("cp1252"))
    with pytest.raises(InputFormatError) as exc:
        T.read_table(path, T.sniff(path, encoding="UTF-8"))
    assert (exc.value.line, exc.value.column) == (2, 4)
    assert "as asked" in str(exc.value)
    with T.forced_encoding("Windows-1252"):          # what the ENCODING parameter does
        assert T.read_table(path, T.sniff(path))["b"].tolist() == ["Hélène", "x"]
    with T.forced_encoding("auto"):
        assert T.sniff(path).encoding == "cp1252"
    with pytest.raises(ParameterError, match="unknown encoding"):
        T.normalise_encoding("ebcdic")


def test_json_is_decoded_the_same_way(tmp_path):
    data = [{"code": "90010", "nom": "Église"}]
    path = tmp_path / "x.json"
    path.write_bytes(json.dumps(data, ensure_ascii=False).encode("cp1252"))
    assert json.loads(T.read_text(path)) == data
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(data, ensure_ascii=False).encode("utf-8"))
    assert json.loads(T.read_text(path)) == data


def test_truncated_in_the_middle_of_a_character(tmp_path):
    path = tmp_path / "cut.json"
    path.write_bytes('{"nom": "Église'.encode("utf-8") + "é".encode("utf-8")[:1])
    with pytest.raises(InputFormatError, match="ends in the middle of a character") as exc:
        T.read_text(path)
    assert exc.value.line == 1


# -- bounded look at the head ----------------------------------------------------------------

def test_a_50_mb_header_line_is_refused_after_64_kb(tmp_path):
    """The issue's hang: a one-line file of 50 MB. Refused from its first 64 KB, which is all that
    is read (the reading is counted, not timed)."""
    path = tmp_path / "one_line.csv"
    with open(path, "wb") as fh:
        fh.write(HEADER.encode() + b";")
        for _ in range(50):
            fh.write(b"c;" * 500_000)
        fh.write(b"\n1\n")
    read = []
    real_open = T._open_raw

    def counting(p, gz):
        fh = real_open(p, gz)
        original = fh.read

        def read_counted(n=-1):
            out = original(n)
            read.append(len(out))
            return out
        fh.read = read_counted
        return fh
    T._open_raw = counting
    try:
        with pytest.raises(InputFormatError) as exc:
            A.read_addresses(path)
    finally:
        T._open_raw = real_open
    assert "the first line is longer than 64 KB" in str(exc.value) and "one_line.csv" in str(exc.value)
    assert "starts with 'id;numero;rep;nom_voie" in str(exc.value)
    assert sum(read) <= 4 * T.HEAD_BYTES


@pytest.mark.parametrize("content,looks", [
    (b"PK\x03\x04\x14\x00\x06\x00", "a ZIP archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Excel .xls"),
    (b"%PDF-1.7\n", "a PDF document"),
    (b"SQLite format 3\x00rest", "a SQLite database or GeoPackage"),
    (b"\x00\x01\x02\x03" * 100, "binary data"),
    (b"<!DOCTYPE html>\n<html><body>502 Bad Gateway</body></html>", "an HTML web page"),
    (b'[{"id": "90010_0001", "numero": "1"}]', "JSON data"),
    (b'{"type": "FeatureCollection", "features": []}', "GeoJSON data"),
    (b"<?xml version='1.0'?><osm></osm>", "an XML document"),
])
def test_what_it_looks_like(tmp_path, content, looks):
    path = tmp_path / "wrong.csv"
    path.write_bytes(content)
    with pytest.raises(InputFormatError) as exc:
        A.read_addresses(path)
    assert f"not a CSV table: it looks like {looks}" in str(exc.value)
    assert "wrong.csv" in str(exc.value) and exc.value.hint


def test_a_line_of_thousands_of_columns_is_no_header(tmp_path):
    path = tmp_path / "wide.csv"
    path.write_text(";".join(f"c{i}" for i in range(5000)) + "\n1\n", encoding="utf-8")
    with pytest.raises(InputFormatError, match="line 1 is no table header .5,000 columns."):
        T.sniff(path)
    path.write_text("x" * 1000 + ";b\n1;2\n", encoding="utf-8")
    with pytest.raises(InputFormatError, match="a column name of 1,000 characters"):
        T.sniff(path)


@pytest.mark.parametrize("content,message", [
    (b"", "the file is empty"), (b"\n \r\n\t\n", "the file is empty"), (gzip.compress(b""), "empty"),
])
def test_empty_files(tmp_path, content, message):
    path = tmp_path / "e.csv"
    path.write_bytes(content)
    with pytest.raises(InputDataError, match=message):
        T.sniff(path)


def test_header_only_and_title_block(tmp_path):
    path = tmp_path / "h.csv"
    path.write_text(HEADER + "\n", encoding="utf-8")
    with pytest.raises(InputDataError, match="no BAN address rows after the header"):
        A.read_addresses(path)
    path.write_text("Observatoire\nTitre long\n\nCode commune;Champ;T1 2018\n90010;Locaux;12\n", encoding="utf-8")
    fmt = T.sniff(path, expect_any=("Code commune",))
    assert (fmt.header_line, fmt.header) == (4, ["Code commune", "Champ", "T1 2018"])


def test_truncated_gzip_names_the_line(tmp_path):
    raw = _ban_text(20000, []).encode()
    packed = gzip.compress(raw)
    path = tmp_path / "cut.csv.gz"
    path.write_bytes(packed[: len(packed) // 2])
    with pytest.raises(InputFormatError, match="the compressed file ends early") as exc:
        A.read_addresses(path)
    assert "cut.csv.gz" in str(exc.value)
