"""The address readers' fixed-width bytes path (pandas 3: text columns parsed without a Python
string per cell, issue 14): the same table, categories, report and errors as the text path, for
hostile values too (longer than the widths asked, not UTF-8, blank, non-ASCII). Oracles: the text
path (pandas' own decoding), ``pd.factorize`` on Python objects, and a row-by-row label rule."""
from __future__ import annotations

import csv
import io

import numpy as np
import pandas as pd
import pytest

from terridiag.plugin.core.errors import InputFormatError
from terridiag.plugin.core.sources import addresses as A
from terridiag.plugin.core.sources import textio

HEADER = ["id", "numero", "rep", "nom_voie", "code_postal", "code_insee", "nom_commune", "x", "y", "lon", "lat"]

needs_bytes = pytest.mark.skipif(not textio.fixed_width_bytes(),
                                 reason="this pandas gives no fixed-width bytes columns (pandas 1.5): "
                                        "the readers take the text path only")


def hostile_rows(seed: int, n: int = 600) -> list[dict]:
    """BAN rows in Meurthe-et-Moselle with every text column's awkward values now and then."""
    rng = np.random.default_rng(seed)

    def maybe(value, *odd):
        return odd[rng.integers(len(odd))] if rng.random() < 0.15 else value

    rows = []
    for i in range(n):
        code = f"54{rng.integers(1, 600):03d}"
        rows.append({
            "id": maybe(f"{code}_{i % 97:04d}_{i:05d}", "", "x" * 70, f" {code}_é_{i} ", "a" * 64,
                        f"{code}_0001_00001", "ïd\u00a0"),
            "numero": maybe(str(rng.integers(1, 300)), "", "12a", " 5", "007", "3.0"),
            "rep": maybe("", "bis", " ter ", "é", "r" * 16, " "),
            "nom_voie": maybe(["Rue de la Paix", "Grande Rue", "Place de l'Église"][i % 3], "",
                              "v" * 130, " Rue "),
            "code_postal": maybe("54000", "", "5400", "540000000"),
            "code_insee": maybe(code, "", "2A004", "97101", f"{code}.0", code[1:], f" {code}",
                                "999999999", "é"),
            "nom_commune": maybe(f"Commune {code}", "", "n" * 64, "Éé"),
            "x": maybe(f"{900000 + rng.integers(0, 50000)}.5", "", "abc"),
            "y": f"{6_850_000 + rng.integers(0, 50000)}.25",
            "lon": "6.2", "lat": "48.7",
        })
    return rows


def write(path, rows, header=HEADER) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=header, delimiter=";", lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    path.write_bytes(buf.getvalue().encode("utf-8"))
    return str(path)


def read_both(monkeypatch, reader, *args, **kwargs):
    got = reader(*args, **kwargs)
    with monkeypatch.context() as m:
        m.setattr(A.textio, "fixed_width_bytes", lambda: False)
        want = reader(*args, **kwargs)
    return got, want


def assert_same(got, want):
    pd.testing.assert_frame_equal(got.data, want.data, check_exact=True)
    for name in want.data.columns:
        if isinstance(want.data[name].dtype, pd.CategoricalDtype):    # same categories, same order
            assert got.data[name].cat.categories.tolist() == want.data[name].cat.categories.tolist(), name
    assert got.data.attrs == want.data.attrs
    assert repr(vars(got.report)) == repr(vars(want.report))


@needs_bytes
@pytest.mark.parametrize("seed,chunksize,columns", [(1, 500_000, None), (2, 37, None),
                                                    (3, 100, ("numero", "nom_commune")), (4, 500_000, ())])
def test_bytes_path_equals_text_path(tmp_path, monkeypatch, seed, chunksize, columns):
    path = write(tmp_path / "a.csv", hostile_rows(seed) * 2)          # repeated ids too
    got, want = read_both(monkeypatch, A.read_ban, path, chunksize=chunksize, columns=columns)
    assert_same(got, want)
    assert got.report.rows_rejected > 0 and len(got.data) > 100


@needs_bytes
def test_table_without_ids_equals_text_path(tmp_path, monkeypatch):
    """No id column: repeats are found by commune, number, street and position (decoded text)."""
    path = write(tmp_path / "t.csv", hostile_rows(5) * 2)
    mapping = {k: k for k in ("numero", "rep", "nom_voie", "code_insee", "x", "y", "lon", "lat")}
    got, want = read_both(monkeypatch, A.read_address_table, path, mapping, chunksize=200)
    assert_same(got, want)
    assert any("repeated" in w for w in got.report.warnings)


@needs_bytes
def test_values_longer_than_the_widths_are_read_whole(tmp_path, monkeypatch):
    rows = hostile_rows(6, 50)
    rows[-1].update(id="i" * 300, nom_voie="Chemin " + "v" * 400, nom_commune="C" * 200,
                    code_insee="54084", x="900000", rep="")
    calls = []
    real = A._read_file_as
    monkeypatch.setattr(A, "_read_file_as", lambda *a: calls.append(a[-1]) or real(*a))
    data, report = A.read_ban(write(tmp_path / "long.csv", rows))
    assert data["id"].iloc[-1] == "i" * 300
    assert data["nom_voie"].iloc[-1] == "Chemin " + "v" * 400 and data["nom_commune"].iloc[-1] == "C" * 200
    assert calls[0] == frozenset() and calls[-1] >= {"id", "nom_voie", "nom_commune"}   # read again as text


@needs_bytes
@pytest.mark.parametrize("column", ["id", "rep", "nom_voie", "code_postal", "code_insee", "nom_commune"])
def test_a_byte_that_is_not_utf8_is_refused_with_its_line_and_column(tmp_path, column):
    """Also in a row that is rejected anyway (no valid commune code): the parser refuses it there."""
    rows = hostile_rows(7, 300)
    for r in rows:
        r["code_insee"], r["x"] = "54084", "900000"
    rows[200]["code_insee"] = ""                                # line 202: rejected
    rows[200][column] = rows[200][column] or "ab"
    path = tmp_path / "bad.csv"
    write(path, rows)
    data = path.read_bytes()
    line = data.split(b"\n")[201]
    field = line.split(b";")[HEADER.index(column)]
    at = sum(len(s) + 1 for s in data.split(b"\n")[:201]) + line.index(field) + (len(field) if field else 0)
    path.write_bytes(data[:at] + b"\xff" + data[at:])
    with pytest.raises(InputFormatError, match="0xFF") as exc:
        A.read_ban(path, columns=("id", "numero", "nom_voie", "code_postal", "nom_commune"))
    assert exc.value.line == 202 and exc.value.column is not None


def test_factorize_bytes_never_merges_two_texts_of_one_hash(monkeypatch):
    """All multipliers zero: every text of more than 8 bytes has one hash; the rows are then
    compared with their code's first row and factorized exactly (oracle: pd.factorize)."""
    rng = np.random.default_rng(8)
    texts = [f"Commune {c:05d}" for c in rng.integers(0, 50, 2000)] + ["a", "", "abcdefgh", "é" * 9]
    values = np.array([t.encode() for t in texts], dtype="S24")
    want, _ = pd.factorize(np.array(texts, dtype=object))
    for multipliers in (A._WORD_MULTIPLIERS, np.zeros(64, np.uint64)):
        monkeypatch.setattr(A, "_WORD_MULTIPLIERS", multipliers)
        codes, first = A._factorize_bytes(values)
        assert codes.tolist() == want.tolist()
        assert [values[i].decode() for i in first] == list(dict.fromkeys(texts))


@pytest.mark.parametrize("kind", ["int", "float", "object", "bytes_rep"])
def test_numero_labels_match_a_row_by_row_rule(kind):
    """House number + suffix on distinct values against the rule row by row: "12" + "bis" ->
    "12 bis" (both stripped), 12.0 -> "12", missing -> "", labels in order of first appearance
    and "" last."""
    rng = np.random.default_rng(9)
    n = 3000
    if kind == "float":
        numero = pd.Series(np.where(rng.random(n) < 0.1, np.nan, rng.integers(1, 40, n).astype(float)))
    elif kind == "object":
        numero = pd.Series(rng.choice(np.array(["1", " 1", "2", "12a", None, 3.0, 7], dtype=object), n))
    else:
        numero = pd.Series(rng.integers(1, 40, n))
    rep_values = np.array([None, "", "bis", " bis", "ter ", "é", "  "], dtype=object)
    picked = rng.choice(rep_values, n, p=[0.3, 0.3, 0.1, 0.1, 0.1, 0.05, 0.05])
    rep = pd.Series(picked, dtype=object)
    if kind == "bytes_rep":                # the parser's fixed-width bytes: b"" for missing
        rep = pd.Series(np.array([(v or "").encode() for v in picked], dtype="S8"))
    keep = rng.random(n) < 0.8
    codes, labels = A._numero_text(numero, rep, keep)

    def number(v):
        if v is None or (isinstance(v, float) and v != v):
            return None
        return str(int(v)) if isinstance(v, float) and v.is_integer() else str(v)

    want = []
    for v, r in zip(numero[keep].tolist(), rep[keep].tolist()):
        r = r.decode() if isinstance(r, bytes) else r
        if r:
            want.append((number(v) or "").strip() + " " + r.strip())
        else:
            want.append(number(v) or "")
    assert [labels[c] for c in codes] == want
    assert labels.tolist() == list(dict.fromkeys(w for w in want if w)) + [""]
