"""ARCEP connectivity readers on the real 2022 / 2017-18 files, with csv-module oracles."""
from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import numpy as np
import pytest

from terridiag.plugin.core.errors import InputDataError, InputFormatError
from terridiag.plugin.core.provenance import LICENCE_OUVERTE
from terridiag.plugin.core.schema import CONNECTIVITY_COLUMNS, MOBILE_SITE_COLUMNS
from terridiag.plugin.core.sources import connectivity as C

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "support"))
from datafiles import csv_rows  # noqa: E402


def test_ma_connexion_internet_territory(shared_data):
    path = shared_data / "territoire_90" / "arcep_maconnexioninternet_commune_debit_90_2022-12-31.csv"
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    data, report = C.read_connectivity(path)
    rows = csv_rows(path)
    assert C.detect_connectivity_format(path) == "arcep_commune"
    assert report.format == "arcep_commune_debit" and data.attrs["kind"] == "commune_debit"
    assert any("filaire" in w for w in report.warnings)      # "all" counts satellite too
    assert list(data.columns) == list(CONNECTIVITY_COLUMNS)
    assert report.rows_read == report.rows_kept == len(rows) == 101
    assert data["premises"].sum() == sum(int(r["nbr"]) for r in rows)
    assert data["elig_thd30"].sum() == sum(int(r["elig_thd30"]) for r in rows)
    first = data.set_index("code_insee").loc["90001"]
    assert (first["premises"], first["elig_thd100"], first["inel_hd"]) == (599, 558, 0)
    assert np.isnan(first["elig_ftth"])                       # commune_debit has no FttH column
    # speed classes are cumulative: >= 1 Gbit/s <= >= 100 <= >= 30 <= >= 8 <= all premises
    assert (data["elig_thd1g"] <= data["elig_thd100"]).all() and (data["elig_thd30"] <= data["premises"]).all()
    assert report.provenance.vintage == "2022-12-31" and report.provenance.licence == LICENCE_OUVERTE
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_ma_connexion_internet_national(shared_data):
    path = shared_data / "national" / "arcep_maconnexioninternet_commune_debit_2022-12-31.csv"
    data, report = C.read_arcep_commune(path)
    rows = csv_rows(path)
    assert report.rows_kept == len(rows) == 34957
    assert data.loc[0, "code_insee"] == "01001"              # leading zero kept
    assert data["elig_thd100"].sum() == sum(int(r["elig_thd100"]) for r in rows)


def test_header_variants_filaire_and_techno(tmp_path):
    filaire = tmp_path / "commune_debit_filaire.csv"
    filaire.write_text("code_commune;nom_commune;nb_locaux;type;inel_hd;elig_bhd8;elig_thd30;elig_thd100;date\n"
                       "90001;Andelnans;599;filaire;3;590;580;550;2023-T4\n"
                       "9002;Angeot;168;filaire;0;168;160;100;2023-T4\n"
                       "ABCDE;Nowhere;10;filaire;0;10;10;10;2023-T4\n", encoding="utf-8")
    data, report = C.read_connectivity(filaire)
    assert report.format == "arcep_commune_debit_filaire" and not any("satellite" in w for w in report.warnings)
    assert list(data["code_insee"]) == ["90001", "09002"]
    assert list(data["elig_thd30"]) == [580, 160] and list(data["premises"]) == [599, 168]
    assert [(r.line, r.reason) for r in report.rejected] == [(4, "invalid commune code")]
    assert report.provenance.vintage == "2023-T4"
    techno = tmp_path / "commune_techno.csv"
    techno.write_text("code_insee,nom_com,nbr,elig_ftth,elig_coax,elig_cu,elig_sat,date\n"
                      "90010,Belfort,30000,25000,1000,28000,30000,2023-12-31\n", encoding="utf-8")
    data, report = C.read_connectivity(techno)
    assert data.attrs["kind"] == "commune_techno" and data.loc[0, "elig_ftth"] == 25000


def test_ftth_observatory_deployment_and_infos(shared_data):
    t = shared_data / "territoire_90"
    dep = t / "arcep_observatoire_ftth_deploiement_90_2017T3-2018T1.csv"
    inf = t / "arcep_observatoire_ftth_infos_communes_90_2018T1.csv"
    assert C.detect_connectivity_format(dep) == "ftth_deployment"
    assert C.detect_connectivity_format(inf) == "ftth_infos"
    data, report = C.read_connectivity(dep, infos=inf)
    rows = [r for r in csv_rows(dep) if r["Champ"] == "Locaux Raccordables"]
    assert report.rows_kept == len(rows) == 102 and report.provenance.vintage == "2018-T1"
    by = data.set_index("code_insee")
    assert by.loc["90010", "elig_ftth"] == 11266                     # T1 2018, not T3 2017 (9120)
    assert by.loc["90010", "premises"] == 27420 + 1433                # dwellings + establishments
    assert by.loc["90002", "premises"] == 149 + 5
    assert by.loc["90010", "nom"] == "Belfort"
    assert data["elig_ftth"].sum() == sum(int(r["T1 2018"]) for r in rows)


def test_ftth_observatory_national_title_block(shared_data):
    n = shared_data / "national"
    path = n / "arcep_observatoire_ftth_deploiement_communes_2017T3-2018T1.csv"
    rows = [r for r in csv_rows(path, skip=4) if r["Champ"] == "Locaux Raccordables"]
    data, report = C.read_ftth_deployment(path)
    assert report.rows_kept == len(rows) == 35361
    assert data["elig_ftth"].sum() == sum(int(r["T1 2018"]) for r in rows)
    infos, rep = C.read_ftth_infos(n / "arcep_observatoire_ftth_infos_communes_2018T1.csv")
    assert rep.rows_kept == 35361 and infos.set_index("code_insee").loc["64001", "premises"] == 81


def test_mobile_sites_territory_and_national(shared_data):
    path = shared_data / "territoire_90" / "sites_mobiles_2G_3G_4G_90_2018-01.csv"
    rows = csv_rows(path)
    data, report = C.read_connectivity(path)
    # January 2018: no 5G column (5G opened in France in November 2020), so no has_5g either
    assert list(data.columns) == [c for c in MOBILE_SITE_COLUMNS if c != "has_5g"] and report.rows_kept == len(rows) == 130
    assert list(data["x"]) == [float(r["x_l93"]) for r in rows]
    assert int(data["has_4g"].sum()) == sum(r["4G"] == "1" for r in rows)
    assert data.loc[0, "operator"] == "Orange" and data.loc[0, "code_insee"] == "90005"
    assert report.provenance.vintage == "2018-01"
    nat = shared_data / "national" / "sites_mobiles_2G_3G_4G_2018-01_metropole_L93.csv"
    nrows = csv_rows(nat, delimiter=";")
    bad = [i for i, r in enumerate(nrows) if not r["x"].isdigit()]
    # oracle (csv module): one operator's rows at one place are one site, with every generation
    # any of them has; the later rows are merged into the first and listed with their line
    first, merged, sites = {}, [], {}
    for i, r in enumerate(nrows):
        if i in bad:
            continue
        key = (r["Operateur"], r["x"], r["y"])
        if key in first:
            merged.append((i + 2, first[key] + 2))
        else:
            first[key] = i
        sites[key] = sites.get(key, False) or r["4G"] == "1"
    data, report = C.read_mobile_sites(nat)
    assert report.rows_read == len(nrows) == 77148 and len(merged) == 469
    assert report.rows_kept == len(nrows) - len(bad) - len(merged) == len(first)
    assert [r.line for r in report.rejected if "no coordinates" in r.reason] == [i + 2 for i in bad]
    repeats = [(r.line, int(r.reason.split("line ")[1].split(" ")[0])) for r in report.rejected
               if r.reason.startswith("repeats")]
    assert repeats == merged
    assert int(data["has_4g"].sum()) == sum(sites.values())
    assert any(w.startswith("469 repeated mobile site(s) (same operator and position) merged") for w in report.warnings)
    assert set(data["operator"]) == {"Orange", "SFR", "Free Mobile", "Bouygues Telecom"}
    assert report.crs == "EPSG:2154"


def test_mobile_coverage_geopackage(tmp_path):
    gpd = pytest.importorskip("geopandas")
    from shapely.geometry import box
    path = tmp_path / "2024_T1_couv_Orange_4G.gpkg"
    gdf = gpd.GeoDataFrame({"niveau": ["TBC", "bc", "XX"]},
                           geometry=[box(980000, 6730000, 990000, 6740000), box(990000, 6730000, 995000, 6735000),
                                     box(0, 0, 1, 1)], crs=2154)
    gdf.to_file(path, driver="GPKG")
    data, report = C.read_connectivity(path)
    assert report.format == "mobile_coverage" and report.rows_kept == 2 and report.rows_rejected == 1
    assert list(data["niveau"]) == ["TBC", "BC"] and set(data["operator"]) == {"Orange"}
    assert set(data["generation"]) == {"4G"} and data.crs.to_epsg() == 2154
    assert data.geometry.area.sum() == pytest.approx(1e8 + 2.5e7)
    wgs = tmp_path / "couverture.gpkg"
    gdf.iloc[:1].to_crs(4326).to_file(wgs, driver="GPKG")
    data, report = C.read_mobile_coverage(wgs, operator="SFR", generation="4G")
    assert report.crs == "EPSG:2154" and data.geometry.area.sum() == pytest.approx(1e8, rel=1e-4)
    noniv = tmp_path / "other.gpkg"
    gpd.GeoDataFrame({"foo": [1]}, geometry=[box(0, 0, 1, 1)], crs=2154).to_file(noniv, driver="GPKG")
    with pytest.raises(InputFormatError, match="niveau"):
        C.read_connectivity(noniv)


def test_bad_connectivity_inputs(tmp_path, shared_data):
    fs = shared_data / "territoire_90" / "france_services_90_20240801.csv"
    with pytest.raises(InputFormatError, match="not a known connectivity file"):
        C.read_connectivity(fs)
    with pytest.raises(InputFormatError, match="Ma connexion internet"):
        C.read_connectivity(fs, format="arcep_commune")
    empty = tmp_path / "commune_debit.csv"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(InputDataError, match="empty"):
        C.read_connectivity(empty)
    nocoord = tmp_path / "sites.csv"
    nocoord.write_text("Operateur;2G;3G;4G\n20801;1;1;1\n", encoding="utf-8")
    with pytest.raises(InputFormatError, match="coordinate"):
        C.read_connectivity(nocoord)
    outside = tmp_path / "sites2.csv"
    outside.write_text("Operateur;x;y;2G;3G;4G\n20801;989717;6733706;1;1;1\n20810;-9000000;100;1;0;0\n",
                       encoding="utf-8")
    data, report = C.read_connectivity(outside)
    assert report.rows_kept == 1 and report.rejected[0].line == 3
    assert "outside France" in report.rejected[0].reason
