"""Every published sample of ../shared/data that TerriDiag reads, beyond the ones studied in detail
elsewhere: each one loads, and its row counts match the file (counted with the csv/json modules)."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from terridiag.plugin.core import crs as crsmod
from terridiag.plugin.core.sources import communes as C
from terridiag.plugin.core.sources import connectivity as K
from terridiag.plugin.core.sources import services as S

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "support"))
from datafiles import csv_rows, digest  # noqa: E402

DEPARTMENTS = ("2A-corse-du-sud", "31-haute-garonne", "48-lozere", "67-bas-rhin",
               "90-territoire-de-belfort", "971-guadeloupe")


def _counts_add_up(report):
    assert report.rows_kept + report.rows_rejected == report.rows_read
    assert report.provenance.source and report.provenance.licence


@pytest.mark.parametrize("dep", DEPARTMENTS)
def test_france_geojson_communes_of_each_department(shared_data, dep):
    path = shared_data / "boundaries" / f"communes-{dep}.geojson"
    before = digest(path)
    features = json.loads(path.read_text("utf-8"))["features"]
    data, report = C.read_communes(path)
    _counts_add_up(report)
    assert report.rows_read == report.rows_kept == len(features)
    assert sorted(data["code_insee"]) == sorted(f["properties"]["code"] for f in features)
    code = dep.split("-")[0]
    assert data.crs.to_epsg() == crsmod.legal_crs(code)            # Lambert-93, or the overseas CRS
    assert data["code_insee"].str.startswith(code).all() and data.geometry.is_valid.all()
    assert digest(path) == before                                   # the input is never written


def test_sicoval_services(shared_data):
    t = shared_data / "sicoval_31"
    fs = t / "france_services_sicoval_20240801.csv"
    data, report = S.read_services(fs)
    _counts_add_up(report)
    rows = csv_rows(fs)
    assert report.format == "france_services" and report.rows_read == len(rows)
    assert sorted(data["name"]) == sorted(r["lib_fs"] for r in rows if r["insee_dep"] == "31")
    records = json.loads((t / "lieux_mediation_numerique_cnfs_sicoval_2022-07.json").read_text("utf-8"))
    dj, rj = S.read_services(t / "lieux_mediation_numerique_cnfs_sicoval_2022-07.json")
    dc, rc = S.read_services(t / "lieux_mediation_numerique_cnfs_sicoval_2022-07.csv")
    _counts_add_up(rj)
    _counts_add_up(rc)
    assert rj.rows_read == rc.rows_read == len(records) and rj.rows_kept == rc.rows_kept == len(dj) == len(dc)
    assert list(dj["name"]) == list(dc["name"]) == [r["nom"] for r in records][:len(dj)]


def test_sicoval_connectivity(shared_data):
    t = shared_data / "sicoval_31"
    debit = t / "arcep_maconnexioninternet_commune_debit_sicoval_2022-12-31.csv"
    data, report = K.read_connectivity(debit)
    rows = csv_rows(debit)
    _counts_add_up(report)
    assert report.rows_kept == len(rows) and data["premises"].sum() == sum(int(r["nbr"]) for r in rows)
    infos = t / "arcep_observatoire_ftth_infos_communes_sicoval_2018T1.csv"
    di, ri = K.read_connectivity(infos)
    _counts_add_up(ri)
    assert ri.rows_read == len(csv_rows(infos))
    deploy = t / "arcep_observatoire_ftth_deploiement_sicoval_2017T3-2018T1.csv"
    dd, rd = K.read_connectivity(deploy, infos=infos)
    _counts_add_up(rd)
    communes = {r["Code commune"] for r in csv_rows(deploy)}
    assert set(dd["code_insee"]) == communes
    sites = t / "sites_mobiles_2G_3G_4G_sicoval_2018-01.csv"
    ds, rs = K.read_connectivity(sites)
    _counts_add_up(rs)
    srows = csv_rows(sites, ";" if ";" in sites.read_text("utf-8").splitlines()[0] else ",")
    assert rs.rows_read == len(srows) and rs.rows_kept == len(ds)


def test_sicoval_populations(shared_data):
    path = shared_data / "sicoval_31" / "population_legale_sicoval_moissonneur-bal-2018.csv"
    data, report = C.read_populations(path)
    rows = csv_rows(path)
    _counts_add_up(report)
    assert report.rows_kept == len(rows)
    assert dict(zip(data["code_insee"], data["population"])) == {
        r["code_insee"]: float(r["population_municipale"]) for r in rows}
