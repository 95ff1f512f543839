"""Address readers on the real BAL sample and on BAN files in the official header made from it."""
from __future__ import annotations

import csv
import gzip
import io
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from terridiag.plugin.core.errors import InputDataError, InputFormatError, ParameterError
from terridiag.plugin.core.sources import addresses as A
from terridiag.plugin.core.sources.cog import CogMap

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "support"))
from datafiles import digest  # noqa: E402

BAL = "samples/bal_54084_mont-bonvillers_csv-bal.csv"
BAN_HEADER = ("id;id_fantoir;numero;rep;nom_voie;code_postal;code_insee;nom_commune;"
              "code_insee_ancienne_commune;nom_ancienne_commune;x;y;lon;lat;type_position;alias;"
              "nom_ld;libelle_acheminement;nom_afnor;source_position;source_nom_voie;"
              "certification_commune;cad_parcelles").split(";")


@pytest.fixture(scope="module")
def bal_rows(shared_data):
    with open(shared_data / BAL, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter=";"))


def ban_rows_from_bal(bal_rows):
    """The real Mont-Bonvillers addresses in the BAN 'csv' layout (same coordinates)."""
    rows = []
    for r in bal_rows:
        rows.append({"id": r["cle_interop"], "id_fantoir": r["cle_interop"][:10], "numero": r["numero"],
                     "rep": r["suffixe"], "nom_voie": r["voie_nom"], "code_postal": "54890",
                     "code_insee": r["commune_insee"], "nom_commune": r["commune_nom"],
                     "code_insee_ancienne_commune": "", "nom_ancienne_commune": "",
                     "x": r["x"], "y": r["y"], "lon": r["long"], "lat": r["lat"],
                     "type_position": r["position"], "alias": "", "nom_ld": "",
                     "libelle_acheminement": "MONT-BONVILLERS", "nom_afnor": r["voie_nom"].upper(),
                     "source_position": "commune", "source_nom_voie": "commune",
                     "certification_commune": r["certification_commune"], "cad_parcelles": ""})
    return rows


def write_ban(path, rows, header=BAN_HEADER, sep=";", compress=False):
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=header, delimiter=sep, extrasaction="ignore", lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    data = buf.getvalue().encode("utf-8")
    path.write_bytes(gzip.compress(data) if compress else data)
    return path


@pytest.fixture()
def ban_file(tmp_path, bal_rows):
    return write_ban(tmp_path / "adresses-54.csv", ban_rows_from_bal(bal_rows))


# ---------------------------------------------------------------------------------- BAL

def test_bal_real_sample(shared_data, bal_rows):
    path = shared_data / BAL
    before = digest(path)
    assert A.detect_address_format(path) == "bal_csv"
    data, report = A.read_addresses(path)
    assert digest(path) == before
    assert (report.rows_read, report.rows_kept, report.rows_rejected) == (486, 486, 0)
    assert report.format == "bal_csv" and report.crs == "EPSG:2154" and data.attrs["crs"] == 2154
    assert list(data.columns) == list(A.ADDRESS_COLUMNS)
    assert set(data["code_insee"].astype(str)) == {"54084"}
    assert set(data["nom_commune"].astype(str)) == {"Mont-Bonvillers"}
    assert data["id"].iloc[0] == "54084_0200_00001"
    assert data["nom_voie"].astype(str).nunique() == len({r["voie_nom"] for r in bal_rows})
    assert (data["x"].iloc[0], data["y"].iloc[0]) == (906010.92, 6917321.29)
    # 41 addresses have a suffix (32 bis, 4 ter, 2 a, 2 b, 1 t): "16 b", "5 bis"…
    numero = data["numero"].astype(str)
    assert numero.str.contains(" ").sum() == 41
    assert numero[data["id"] == "54084_b114_00005_bis"].tolist() == ["5 bis"]
    assert report.provenance.licence.startswith("Licence Ouverte")
    assert "adresse.data.gouv.fr" in report.provenance.url


def test_lonlat_projection_matches_published_xy(shared_data):
    """Oracle: the BAL's own Lambert-93 x/y, computed by the producer from the same lon/lat."""
    path = shared_data / BAL
    by_xy = A.read_bal(path).data
    by_ll = A.read_address_table(path, {"id": "cle_interop", "code_insee": "commune_insee",
                                        "lon": "long", "lat": "lat"}).data
    assert len(by_ll) == 486
    assert np.abs(by_ll["x"].to_numpy() - by_xy["x"].to_numpy()).max() < 0.5
    assert np.abs(by_ll["y"].to_numpy() - by_xy["y"].to_numpy()).max() < 0.5


# ---------------------------------------------------------------------------------- BAN

@pytest.mark.parametrize("compress", [False, True])
@pytest.mark.parametrize("columns", [23, 22])
def test_ban_official_header(tmp_path, bal_rows, shared_data, compress, columns):
    path = write_ban(tmp_path / f"adresses-54.csv{'.gz' if compress else ''}", ban_rows_from_bal(bal_rows),
                     header=BAN_HEADER[:columns], compress=compress)
    before = digest(path)
    assert A.detect_address_format(path) == "ban_csv"
    data, report = A.read_addresses(path)
    assert digest(path) == before
    assert (report.rows_read, report.rows_kept, report.rows_rejected) == (486, 486, 0)
    assert report.provenance.source.startswith("BAN")
    assert report.provenance.url.endswith("/adresses-54.csv" + (".gz" if compress else ""))
    bal = A.read_bal(shared_data / BAL).data
    assert data["id"].tolist() == bal["id"].tolist()
    assert data["numero"].astype(str).tolist() == bal["numero"].astype(str).tolist()
    assert np.array_equal(data["x"].to_numpy(), bal["x"].to_numpy())
    assert set(data["code_postal"].astype(str)) == {"54890"}


def test_ban_empty_xy_projected_from_lonlat(tmp_path, bal_rows):
    rows = ban_rows_from_bal(bal_rows)
    for r in rows[::3]:
        r["x"] = r["y"] = ""
    data, report = A.read_ban(write_ban(tmp_path / "a.csv", rows))
    assert report.rows_kept == 486
    expected_x = np.array([float(r["x"]) for r in bal_rows])
    expected_y = np.array([float(r["y"]) for r in bal_rows])
    assert np.abs(data["x"].to_numpy() - expected_x).max() < 0.5
    assert np.abs(data["y"].to_numpy() - expected_y).max() < 0.5


def test_ban_bad_rows_rejected_with_line_numbers(tmp_path, bal_rows):
    rows = ban_rows_from_bal(bal_rows)
    rows[0]["code_insee"] = ""                                     # line 2
    rows[4].update(x="", y="", lon="", lat="")                     # line 6
    rows[9].update(x="1000", y="1000", lon="", lat="")             # line 11: not in France
    rows[14].update(x="", y="", lon="-74.0", lat="40.7")           # line 16: New York
    rows[19]["x"] = "abc"                                          # line 21: bad x, lon/lat ok
    path = write_ban(tmp_path / "a.csv", rows)
    data, report = A.read_ban(path)
    assert (report.rows_read, report.rows_kept, report.rows_rejected) == (486, 482, 4)
    by_line = {r.line: r.reason for r in report.rejected}
    assert sorted(by_line) == [2, 6, 11, 16]
    assert "commune code" in by_line[2]
    assert "no coordinates" in by_line[6]
    assert "outside the territory" in by_line[11] and "outside" in by_line[16]
    assert rows[19]["id"] in set(data["id"])                       # recovered from lon/lat
    assert rows[0]["id"] not in set(data["id"])


def test_other_territory_rows_left_out_and_readable_alone(tmp_path, bal_rows):
    rows = ban_rows_from_bal(bal_rows)[:20]
    rows.append(dict(rows[0], id="97101_0001_00001", code_insee="97101", nom_commune="Les Abymes",
                     x="", y="", lon="-61.5", lat="16.27"))
    path = write_ban(tmp_path / "mix.csv", rows)
    data, report = A.read_ban(path)
    assert report.rows_kept == 20 and report.rejected[0].line == 22
    assert any("EPSG:5490" in w and "epsg=5490" in w for w in report.warnings)
    gua, rep2 = A.read_ban(path, epsg=5490)
    assert len(gua) == 1 and rep2.crs == "EPSG:5490" and rep2.rows_rejected == 20
    # UTM 20N: Les Abymes is about 660 km east of the zone's false origin, 1.8 Mm north
    assert 640_000 < gua["x"].iloc[0] < 680_000 and 1_780_000 < gua["y"].iloc[0] < 1_820_000


def test_rejection_list_is_bounded_but_counts_all(tmp_path, bal_rows):
    base = ban_rows_from_bal(bal_rows)
    rows = [dict(r, code_insee="") for r in base] * 3 + base      # 1458 bad rows, 486 good
    data, report = A.read_ban(write_ban(tmp_path / "big.csv", rows), chunksize=300)
    assert report.rows_read == 1944 and report.rows_kept == 486
    assert report.rows_rejected == 1458 and len(report.rejected) == 1000
    assert report.rejected[0].line == 2 and report.rejected[999].line == 1001


def test_chunked_read_equals_single_read(tmp_path, bal_rows):
    path = write_ban(tmp_path / "a.csv", ban_rows_from_bal(bal_rows))
    one = A.read_ban(path).data
    many, report = A.read_ban(path, chunksize=50)
    pd.testing.assert_frame_equal(one.astype(str), many.astype(str))
    assert report.rows_read == 486


def test_columns_subset_and_cog_remap(tmp_path, bal_rows):
    rows = ban_rows_from_bal(bal_rows)[:10]
    for r in rows[:4]:
        r["code_insee"] = "54999"        # a pretend old code merged into 54084
    data, report = A.read_ban(write_ban(tmp_path / "a.csv", rows), columns=("id",),
                              cog=CogMap({"54999": "54084"}))
    assert list(data.columns) == ["id", "code_insee", "x", "y"]
    assert set(data["code_insee"].astype(str)) == {"54084"}
    assert report.remapped == {"54999": "54084"}


def test_table_from_frame_in_wgs84(shared_data, bal_rows):
    frame = pd.DataFrame({"insee": [int(r["commune_insee"]) for r in bal_rows[:5]] + [None],
                          "X": [float(r["long"]) for r in bal_rows[:5]] + [6.0],
                          "Y": [float(r["lat"]) for r in bal_rows[:5]] + [48.0]})
    data, report = A.read_address_table(frame, {"code_insee": "insee", "x": "X", "y": "Y"}, crs=4326)
    assert report.rows_kept == 5 and report.rows_rejected == 1
    assert report.rejected[0].line is None
    assert abs(data["x"].iloc[0] - 906010.92) < 0.5


def test_table_csv_with_decimal_comma(tmp_path, bal_rows):
    path = tmp_path / "points.csv"
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("commune,lib,X,Y\n")
        for r in bal_rows[:30]:
            fh.write(f'{r["commune_insee"]},{r["voie_nom"]},"{r["x"].replace(".", ",")}",'
                     f'"{r["y"].replace(".", ",")}"\n')
    data, report = A.read_address_table(path, {"code_insee": "commune", "nom_voie": "lib",
                                               "x": "X", "y": "Y"})
    assert report.rows_kept == 30
    assert data["x"].iloc[0] == 906010.92 and data["nom_voie"].iloc[0] == "Rue Joffre"
    with pytest.raises(ParameterError, match="unknown mapping key"):
        A.read_address_table(path, {"insee": "commune"})
    with pytest.raises(InputFormatError, match="missing column.*code_insee") as exc:
        A.read_address_table(path, {"x": "X", "y": "Y"})
    assert "commune, lib, X, Y" in str(exc.value)


# ---------------------------------------------------------------------------------- bad files

def test_another_dataset(shared_data):
    path = shared_data / "territoire_90/france_services_90_20240801.csv"
    assert A.detect_address_format(path) is None
    with pytest.raises(InputFormatError, match="not a BAN or BAL address file") as exc:
        A.read_addresses(path)
    assert str(path) in str(exc.value) and "line 1" in str(exc.value)
    with pytest.raises(InputFormatError, match="missing column.*code_insee"):
        A.read_ban(path)


def test_wrong_separator(tmp_path, bal_rows):
    path = write_ban(tmp_path / "colon.csv", ban_rows_from_bal(bal_rows)[:20], sep=":")
    with pytest.raises(InputFormatError, match="separator") as exc:
        A.read_addresses(path)
    assert "colon.csv" in str(exc.value)
    with pytest.raises(InputFormatError, match="separator"):
        A.read_ban(path)


def test_broken_encoding(tmp_path, shared_data, bal_rows):
    raw = (shared_data / BAL).read_bytes()
    bad = tmp_path / "bal_bad.csv"
    bad.write_bytes(raw[:5000] + b"\x81\x8d\x90" + raw[5000:])   # undefined in UTF-8 and CP1252
    with pytest.raises(InputFormatError, match="neither UTF-8 nor Windows-1252") as exc:
        A.read_addresses(bad)
    assert "bal_bad.csv" in str(exc.value)
    # a bad byte far after the sniffed head is caught while streaming
    big = write_ban(tmp_path / "big.csv", ban_rows_from_bal(bal_rows) * 2)
    data = big.read_bytes()
    at = data.rindex(b";Rue ") + 2       # inside a street name of the last rows (a column read)
    big.write_bytes(data[:at] + b"\xff\xfe" + data[at:])
    with pytest.raises(InputFormatError, match="utf-8|UTF-8"):
        A.read_ban(big)


def test_truncated_gzip(tmp_path, bal_rows):
    full = write_ban(tmp_path / "a.csv.gz", ban_rows_from_bal(bal_rows) * 4, compress=True)
    for cut in (len(full.read_bytes()) // 2, 200):
        path = tmp_path / f"cut{cut}.csv.gz"
        path.write_bytes(full.read_bytes()[:cut])
        with pytest.raises(InputFormatError, match="truncated") as exc:
            A.read_ban(path)
        assert path.name in str(exc.value)


def test_no_coordinates(tmp_path, bal_rows):
    rows = [dict(r, x="", y="", lon="", lat="") for r in ban_rows_from_bal(bal_rows)]
    with pytest.raises(InputDataError, match="none of the 486 rows.*no coordinates"):
        A.read_ban(write_ban(tmp_path / "a.csv", rows))
    header = [h for h in BAN_HEADER if h not in ("x", "y", "lon", "lat")]
    with pytest.raises(InputFormatError, match="missing column.*x y or lon lat"):
        A.read_ban(write_ban(tmp_path / "b.csv", ban_rows_from_bal(bal_rows), header=header))


def test_coordinates_outside_france(tmp_path, bal_rows):
    # lon/lat swapped into x/y: degrees where metres are expected
    rows = [dict(r, x=r["lon"], y=r["lat"]) for r in ban_rows_from_bal(bal_rows)]
    with pytest.raises(InputDataError, match="coordinates outside the territory") as exc:
        A.read_ban(write_ban(tmp_path / "a.csv", rows))
    assert "in France" in str(exc.value)


def test_empty_file_and_header_only(tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(InputDataError, match="empty"):
        A.read_ban(empty)
    header_only = write_ban(tmp_path / "h.csv", [])
    with pytest.raises(InputDataError, match="no BAN address rows"):
        A.read_ban(header_only)


def test_missing_required_column(tmp_path, bal_rows):
    header = [h for h in BAN_HEADER if h != "code_insee"]
    path = write_ban(tmp_path / "a.csv", ban_rows_from_bal(bal_rows), header=header)
    assert A.detect_address_format(path) is None
    with pytest.raises(InputFormatError, match="missing column.*code_insee") as exc:
        A.read_ban(path)
    assert "a.csv" in str(exc.value)


def test_unknown_format_forced():
    with pytest.raises(ParameterError):
        A.read_addresses("whatever.csv", format="shapefile")
