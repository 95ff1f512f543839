"""Repeated ids, rows and commune codes (issue 16): reported with their lines, then merged with
the count said or refused, per dataset as the README says. Oracles: the csv/json modules."""
from __future__ import annotations

import csv
import io
import json

import numpy as np
import pandas as pd
import pytest

from terridiag.plugin.core.errors import InputDataError
from terridiag.plugin.core.sources import addresses as A
from terridiag.plugin.core.sources import communes as C
from terridiag.plugin.core.sources import connectivity as K
from terridiag.plugin.core.sources import duplicates as D
from terridiag.plugin.core.sources import services as S

T90 = "territoire_90"
BAL = "samples/bal_54084_mont-bonvillers_csv-bal.csv"


def _counts_add_up(report):
    assert report.rows_kept + report.rows_rejected == report.rows_read


def _lines(text: str) -> list[int]:
    """Oracle: the 1-based line where each record of a CSV text starts (quoted line breaks too)."""
    reader = csv.reader(io.StringIO(text, newline=""))
    starts, prev = [], 0
    for _ in reader:
        starts.append(prev + 1)
        prev = reader.line_num
    return starts[1:]                 # records after the header


def test_repeats_core():
    pos, first = D.repeats({"k": np.array(["a", "b", "a", "", "b", "a", ""], dtype=object)},
                           np.array([True, True, True, False, True, True, False]))
    assert pos.tolist() == [2, 4, 5] and first.tolist() == [0, 1, 0]
    assert D.lines_text([3, 5, 8], limit=2) == "3, 5 and 1 more"


@pytest.mark.parametrize("hashed_max", [10 ** 9, 0])
def test_repeated_keys_name_the_earliest_row_of_equal_keys(hashed_max, monkeypatch):
    """The address reader's repeats (a hash table, or for many keys a sort of the hashes, not a
    stable one) against a plain dictionary oracle: every later row of a key names the key's first
    usable row."""
    monkeypatch.setattr(A, "HASHED_KEYS_MAX", hashed_max)
    rng = np.random.default_rng(3)
    keys = rng.integers(0, 700, 5000).astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15)
    usable = rng.random(5000) > 0.1
    state = A._State(keep=A._keep_columns(None), epsg=None)
    state.keys, state.usable = [keys[:2000], keys[2000:]], [usable[:2000], usable[2000:]]
    pos, first = A._repeated_keys(state)
    seen, want_pos, want_first = {}, [], []
    for i in np.flatnonzero(usable):
        k = int(keys[i])
        if k in seen:
            want_pos.append(i)
            want_first.append(seen[k])
        else:
            seen[k] = i
    assert pos.tolist() == want_pos and first.tolist() == want_first


def test_id_keys_hash_the_stripped_text_whatever_the_packing():
    """The address ids' keys: equal after ``str.strip`` <=> equal keys (oracle: Python's strip),
    across chunks packed to different widths, non-ASCII and blank ids included."""
    ids = ["a1", " a1", "a1\t", "a1 b", "é1", "\u00a0é1\u00a0", "", "  ", "x" * 23, "x" * 23 + " ",
           "01001_0001_00001", "01001_0001_00001 ", "12345678", "123456789", "\u3000z"]
    chunks = [np.array(ids[:9], dtype=object), np.array(ids[9:], dtype=object), np.array(ids, dtype=object)]
    keys, usable, want = [], [], []
    for chunk in chunks:
        packed = A._packed_text(pd.Series(chunk))
        text = A._stripped_bytes(packed)
        keys += A._bytes_hash(text).tolist()
        usable += (text.view(np.uint8)[::text.dtype.itemsize] != 0).tolist()
        want += [v.strip() for v in chunk]
    for i in range(len(want)):
        assert usable[i] == (want[i] != "")
        for j in range(len(want)):
            if usable[i] and usable[j]:
                assert (keys[i] == keys[j]) == (want[i] == want[j]), (want[i], want[j])


def test_france_services_repeated_rows_four_places_not_eight(shared_data, tmp_path):
    """The issue's case: the file's rows written twice. 4 sites stay 4; the 4 repeats are listed by
    their line."""
    text = (shared_data / T90 / "france_services_90_20240801.csv").read_text(encoding="utf-8")
    header, body = text.split("\n", 1)
    doubled = header + "\n" + body.rstrip("\n") + "\n" + body
    path = tmp_path / "fs_twice.csv"
    path.write_text(doubled, encoding="utf-8")
    data, report = S.read_services(path)
    rows = list(csv.DictReader(io.StringIO(doubled)))
    starts = _lines(doubled)
    assert len(rows) == 8 and len(data) == len({r["id_fs"] for r in rows}) == 4
    _counts_add_up(report)
    repeats = [(r.line, r.reason) for r in report.rejected]
    assert [line for line, _ in repeats] == starts[4:]
    for (line, reason), original in zip(repeats, starts[:4]):
        assert reason == f"repeats the France Services site of line {original} (same id_fs, or name and position): merged"
    assert any(w.startswith("4 repeated France Services site(s) (same id_fs, or name and position) merged into "
                            f"their first occurrence: lines {', '.join(map(str, starts[4:]))}")
               for w in report.warnings)


def test_services_without_ids_merge_on_name_and_position(shared_data, tmp_path):
    text = (shared_data / T90 / "france_services_90_20240801.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    path = tmp_path / "places.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["NOM", "LAT", "LON"])
        for r in rows + rows[:1]:                       # one row repeated, without any id
            w.writerow([r["lib_fs"], r["latitude"], r["longitude"]])
        w.writerow([rows[0]["lib_fs"] + " bis", rows[0]["latitude"], rows[0]["longitude"]])   # another place
    data, report = S.read_service_table(path, {"name": "NOM", "lat": "LAT", "lon": "LON"})
    assert len(data) == 5 and report.rows_rejected == 1
    assert report.rejected[0].line == 6 and "of line 2 (same name and position)" in report.rejected[0].reason


def test_mediation_json_repeated_record(shared_data, tmp_path):
    records = json.loads((shared_data / T90 / "lieux_mediation_numerique_cnfs_90_2022-07.json").read_text("utf-8"))
    path = tmp_path / "m.json"
    path.write_text(json.dumps(records + [records[2]], ensure_ascii=False), encoding="utf-8")
    data, report = S.read_mediation(path)
    assert len(data) == len(records) and report.rows_read == len(records) + 1
    _counts_add_up(report)
    dup = [r for r in report.rejected if r.reason.startswith("repeats")]
    assert len(dup) == 1 and dup[0].line is None
    assert dup[0].reason.startswith("repeats the mediation place of record 3 ")


def test_two_addresses_with_one_id(shared_data, tmp_path):
    """BAN rows: an id read twice (here far apart, in different chunks) is one address."""
    rows = list(csv.DictReader(open(shared_data / BAL, encoding="utf-8", newline=""), delimiter=";"))
    header = "id;numero;rep;nom_voie;code_postal;code_insee;nom_commune;x;y;lon;lat"
    lines = [header] + [";".join([r["cle_interop"], r["numero"], r["suffixe"], r["voie_nom"], "54890",
                                  r["commune_insee"], r["commune_nom"], r["x"], r["y"], r["long"], r["lat"]])
                        for r in rows]
    lines.append(lines[10])                              # a repeat of line 11
    moved = lines[20].split(";")
    moved[7] = str(float(moved[7]) + 5)                  # same id, moved 5 m: still one address
    lines.append(";".join(moved))
    path = tmp_path / "ban.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    data, report = A.read_ban(path, chunksize=100)
    assert len(data) == len(rows) and report.rows_read == len(rows) + 2
    _counts_add_up(report)
    dup = [(r.line, r.reason) for r in report.rejected]
    n = len(lines)
    assert dup == [(n - 1, "repeats the address of line 11 (same id): merged"),
                   (n, "repeats the address of line 21 (same id): merged")]
    assert data["x"].iloc[19] == float(rows[19]["x"])   # the first position is kept


def test_bal_positions_and_tables_without_ids(shared_data, tmp_path):
    raw = (shared_data / BAL).read_text(encoding="utf-8").splitlines()
    path = tmp_path / "bal.csv"
    path.write_text("\n".join(raw + [raw[3], raw[3]]) + "\n", encoding="utf-8")
    data, report = A.read_bal(path)
    assert report.rows_read == len(raw) + 1 and len(data) == len(raw) - 1
    assert [r.line for r in report.rejected] == [len(raw) + 1, len(raw) + 2]
    # a table with number and street but no id: identical rows are one address
    rows = list(csv.DictReader(io.StringIO("\n".join(raw)), delimiter=";"))
    tpath = tmp_path / "t.csv"
    with open(tpath, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["insee", "num", "voie", "lon", "lat"])
        for r in rows[:10] + [rows[4]]:
            w.writerow([r["commune_insee"], r["numero"], r["voie_nom"], r["long"], r["lat"]])
    data, report = A.read_address_table(tpath, {"code_insee": "insee", "numero": "num", "nom_voie": "voie",
                                                "lon": "lon", "lat": "lat"})
    assert len(data) == 10 and report.rejected[0].line == 12
    assert "commune, number, street and position" in report.rejected[0].reason


def test_commune_code_twice_in_boundaries(shared_data, tmp_path):
    gj = json.loads((shared_data / T90 / "communes_90_admin-express-2018_simplifie.geojson").read_text("utf-8"))
    feats = gj["features"]
    gj2 = dict(gj, features=feats + [feats[4]])          # a feature repeated
    path = tmp_path / "c.geojson"
    path.write_text(json.dumps(gj2), encoding="utf-8")
    data, report = C.read_communes(path)
    assert len(data) == len(feats) and data["code_insee"].is_unique
    code = feats[4]["properties"]["code"]
    assert report.rejected[-1].reason == f"another polygon of commune {code} (feature 5): joined to it"
    assert any(w.startswith(f"1 feature(s) repeat a commune code and were joined to its first feature (one commune, "
                            f"one multipolygon): {code} (feature {len(feats) + 1})") for w in report.warnings)
    # the same code on another commune (other name): refused, both features named
    other = json.loads(json.dumps(feats[7]))
    other["properties"]["code"] = code
    path.write_text(json.dumps(dict(gj, features=feats + [other])), encoding="utf-8")
    with pytest.raises(InputDataError) as exc:
        C.read_communes(path)
    assert f"features 5 and {len(feats) + 1} ({code}: nom {feats[4]['properties']['nom']} / " \
           f"{feats[7]['properties']['nom']})" in str(exc.value)


def test_population_code_twice(shared_data, tmp_path):
    text = (shared_data / T90 / "population_legale_90_moissonneur-bal-2018.csv").read_text(encoding="utf-8")
    lines = text.rstrip("\n").split("\n")
    path = tmp_path / "p.csv"
    path.write_text("\n".join(lines + [lines[3]]) + "\n", encoding="utf-8")
    data, report = C.read_populations(path)
    assert len(data) == len(lines) - 1 and report.rejected[0].line == len(lines) + 1
    assert report.rejected[0].reason == "repeats the commune of line 4 (same code_insee): merged"
    bad = lines[3].split(",")
    bad[2] = str(int(bad[2]) + 100)
    path.write_text("\n".join(lines + [",".join(bad)]) + "\n", encoding="utf-8")
    with pytest.raises(InputDataError) as exc:
        C.read_populations(path)
    assert exc.value.line == len(lines) + 1
    assert f"line 4 and line {len(lines) + 1} ({bad[0]}: population" in str(exc.value)


def test_arcep_commune_twice(shared_data, tmp_path):
    src = (shared_data / T90 / "arcep_maconnexioninternet_commune_debit_90_2022-12-31.csv").read_text("utf-8")
    lines = src.rstrip("\n").split("\n")
    path = tmp_path / "a.csv"
    path.write_text("\n".join(lines + [lines[5]]) + "\n", encoding="utf-8")
    data, report = K.read_arcep_commune(path)
    assert len(data) == len(lines) - 1 and data["code_insee"].is_unique
    assert report.rejected[-1].line == len(lines) + 1
    changed = lines[5].split(",")
    changed[4] = "999"
    path.write_text("\n".join(lines + [",".join(changed)]) + "\n", encoding="utf-8")
    with pytest.raises(InputDataError, match=r"appear twice with different values .*premises"):
        K.read_arcep_commune(path)


def test_source_lines_of_kept_rows_in_numpy():
    """The address reader's source line of kept rows (chunks with rows left out or not) against
    a row-by-row oracle over the chunks' kept masks."""
    rng = np.random.default_rng(11)
    state = A._State(keep=A._keep_columns(None), epsg=None)
    oracle, start = [], 2
    for n in (50, 1, 70, 33):
        keep = rng.random(n) < (1.0 if n == 70 else 0.7)
        state.chunks.append((start, n, None if keep.all() else np.packbits(keep), int(keep.sum())))
        oracle += [start + i for i in np.flatnonzero(keep).tolist()]
        start += n
    positions = rng.integers(0, len(oracle), 500)
    assert A._source_lines(state, positions).tolist() == [oracle[p] for p in positions]
    state.chunks = [(None, 5, None, 5)]
    assert A._source_lines(state, np.arange(3)) == [None, None, None]


@pytest.mark.parametrize("already", [0, 990, 1000])
def test_merge_lists_the_first_repeats_and_counts_the_others(already):
    """Millions of repeats (a national file): the report is the one row-by-row ``reject`` gives."""
    from terridiag.plugin.core.provenance import Provenance, ReadReport

    def report():
        r = ReadReport(path="p", format="f", provenance=Provenance(source="s"))
        for i in range(already):
            r.reject(i, "earlier")
        return r

    positions, firsts = np.arange(100, 5100), np.arange(5000) % 7
    got = report()
    D.merge(got, positions, firsts, what="address", key="id", line_of=lambda p: np.asarray(p) + 2)
    want = report()
    for p, f in zip(positions.tolist(), firsts.tolist()):
        want.reject(p + 2, f"repeats the address of line {f + 2} (same id): merged", "")
    want.warnings.append("5000 repeated address(s) (same id) merged into their first occurrence: "
                         "lines 102, 103, 104, 105, 106, 107, 108, 109 and 4992 more")
    assert repr(vars(got)) == repr(vars(want))
