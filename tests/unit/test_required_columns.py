"""Required columns refused by name, optional ones warned about (issue 16)."""
from __future__ import annotations

import csv
import io

import pytest

from terridiag.plugin.core.errors import InputFormatError
from terridiag.plugin.core.sources import addresses as A
from terridiag.plugin.core.sources import connectivity as K
from terridiag.plugin.core.sources import services as S

T90 = "territoire_90"


def _without(src, tmp_path, drop, name="f.csv", delimiter=","):
    """The file with the columns ``drop`` removed (csv module)."""
    rows = list(csv.DictReader(io.StringIO(src.read_text(encoding="utf-8")), delimiter=delimiter))
    keep = [c for c in rows[0] if c not in drop]
    path = tmp_path / name
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=keep, delimiter=delimiter, extrasaction="ignore")
        w.writeheader()
        w.writerows(rows)
    return path, rows


def test_arcep_without_premises_is_refused(shared_data, tmp_path):
    """The issue's case: without 'nbr' the file was accepted with empty premises."""
    src = shared_data / T90 / "arcep_maconnexioninternet_commune_debit_90_2022-12-31.csv"
    path, _ = _without(src, tmp_path, {"nbr"}, "arcep_sans_nbr.csv")
    for reader in (K.read_arcep_commune, K.read_connectivity):
        with pytest.raises(InputFormatError) as exc:
            reader(path)
        assert "arcep_sans_nbr.csv, line 1: missing required column 'nbr'" in str(exc.value)


def test_arcep_without_an_optional_speed_class_warns(shared_data, tmp_path):
    src = shared_data / T90 / "arcep_maconnexioninternet_commune_debit_90_2022-12-31.csv"
    path, rows = _without(src, tmp_path, {"elig_thd1g"})
    data, report = K.read_arcep_commune(path)
    assert len(data) == len(rows) and data["elig_thd1g"].isna().all()
    assert "no column 'elig_thd1g' in the ARCEP commune file: the share of premises at 1 Gbit/s stays empty" \
        in report.warnings


def test_france_services_required_and_optional(shared_data, tmp_path):
    src = shared_data / T90 / "france_services_90_20240801.csv"
    path, _ = _without(src, tmp_path, {"latitude"}, "fs.csv")
    with pytest.raises(InputFormatError, match="missing required column 'latitude' for a France Services file"):
        S.read_france_services(path)
    path, rows = _without(src, tmp_path, {"h_lundi", "adresse"}, "fs2.csv")
    data, report = S.read_france_services(path)
    assert len(data) == len(rows)
    assert "no column 'adresse' in the France Services file: the sites have no address" in report.warnings
    assert "no column 'h_lundi' in the France Services file: no opening hours" in report.warnings


def test_ban_without_street_names_warns(shared_data, tmp_path):
    bal = list(csv.DictReader(open(shared_data / "samples/bal_54084_mont-bonvillers_csv-bal.csv",
                                   encoding="utf-8", newline=""), delimiter=";"))
    path = tmp_path / "ban.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter=";")
        w.writerow(["id", "numero", "code_insee", "x", "y", "lon", "lat"])
        for r in bal:
            w.writerow([r["cle_interop"], r["numero"], r["commune_insee"], r["x"], r["y"], r["long"], r["lat"]])
    data, report = A.read_ban(path)
    assert len(data) == len(bal)
    assert "no column 'nom_voie' in the BAN address file: no street names" in report.warnings
    with pytest.raises(InputFormatError, match="missing column.*code_insee"):
        A.read_ban(_without(path, tmp_path, {"code_insee"}, "nocode.csv", ";")[0])


def test_mobile_sites_of_2018_have_no_5g_column(shared_data):
    data, report = K.read_mobile_sites(shared_data / T90 / "sites_mobiles_2G_3G_4G_90_2018-01.csv")
    assert report.warnings == ["no column '5G' in the mobile sites file: no 5G indicator from this file "
                               "(unknown, not zero)"]
    assert "has_5g" not in data.columns and "has_4g" in data.columns     # unknown, not "no 5G site"
