""""Download my territory" end to end against the producers' URL layout served on 127.0.0.1
with the real national files of ../shared/data (France Services, CNFS mediation places, ARCEP),
a BAN file in the official header and the API Géo answer for the Territoire de Belfort."""
from __future__ import annotations

import csv
import gzip
import hashlib
import json
import sys
from pathlib import Path

import pandas as pd
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "support"))
from loopback import (FS_DATASET, MEDIATION_RESOURCE, LoopbackServer, ban_rows_per_commune,  # noqa: E402
                      serve_producers_90)

from terridiag.plugin.core.errors import Cancelled, NetworkError, ParameterError  # noqa: E402
from terridiag.plugin.core.net.catalog import DEFAULT_DATASETS, SOURCES, Catalog  # noqa: E402
from terridiag.plugin.core.net.download import download_territory  # noqa: E402
from terridiag.plugin.core.net.http import HttpClient, RetryPolicy  # noqa: E402
from terridiag.plugin.core.progress import Feedback  # noqa: E402
from terridiag.plugin.core.provenance import ODBL  # noqa: E402

pytestmark = pytest.mark.network
BAN_PATH = "/data/ban/adresses/latest/csv/adresses-90.csv.gz"
SUD_TERRITOIRE = "249000241"


@pytest.fixture
def producers(shared_data, tmp_path):
    with LoopbackServer() as srv:
        facts = serve_producers_90(srv, shared_data, tmp_path / "served")
        yield srv, facts, Catalog({k: srv.base for k in SOURCES})


def fast_client(attempts=4, sleep=None):
    kw = {"sleep": sleep} if sleep else {}
    return HttpClient(policy=RetryPolicy(attempts=attempts, base_delay=0.01), **kw)


def test_departement_90_end_to_end(producers, shared_data, tmp_path):
    srv, facts, catalog = producers
    out = tmp_path / "out"
    res = download_territory("dep", "90", out, cache_dir=tmp_path / "cache", catalog=catalog,
                             client=fast_client())
    d = res.datasets
    t90 = shared_data / "territoire_90"
    # communes: the 101 communes of the current COG
    communes = json.loads(res.output("communes").read_text(encoding="utf-8"))
    assert len(communes["features"]) == 101 == d["communes"].rows_kept
    # BAN: the département file, verbatim
    assert res.output("ban").read_bytes() == (tmp_path / "served" / "adresses-90.csv.gz").read_bytes()
    assert d["ban"].rows_kept == sum(facts["ban"].values()) == 255
    # France Services: the national file (2,845 sites) cut to insee_dep 90 = the 4 sites of the sample
    assert (d["france_services"].rows_source, d["france_services"].rows_kept) == (2845, 4)
    got = pd.read_csv(res.output("france_services"), dtype=str, keep_default_na=False)
    ref = pd.read_csv(t90 / "france_services_90_20240801.csv", dtype=str, keep_default_na=False)
    assert sorted(got["id_fs"]) == sorted(ref["id_fs"]) == ["2147", "2540", "2958", "3264"]
    assert list(got.columns) == list(ref.columns)
    # mediation: 2,733 CNFS places -> the 8 of the sample (derived by the same polygons)
    med = json.loads(res.output("mediation").read_text(encoding="utf-8"))
    ref_med = json.loads((t90 / "lieux_mediation_numerique_cnfs_90_2022-07.json").read_text(encoding="utf-8"))
    assert (d["mediation"].rows_source, len(med)) == (2733, 8)
    assert sorted(p["id"] for p in med) == sorted(p["id"] for p in ref_med)
    # ARCEP: 34,957 communes -> the 101 rows of dept 90, same values as the territory sample
    arcep = pd.read_csv(res.output("arcep"), dtype=str)
    ref_arcep = pd.read_csv(t90 / "arcep_maconnexioninternet_commune_debit_90_2022-12-31.csv", dtype=str)
    assert (d["arcep"].rows_source, len(arcep)) == (34957, 101)
    pd.testing.assert_frame_equal(arcep.sort_values("code_insee").reset_index(drop=True),
                                  ref_arcep.sort_values("code_insee").reset_index(drop=True))
    # manifest: url, size, sha256, provenance of every file fetched
    man = json.loads(res.manifest.read_text(encoding="utf-8"))
    assert set(man["datasets"]) == set(DEFAULT_DATASETS)
    ban_file = man["datasets"]["ban"]["files"][0]
    assert ban_file["url"] == srv.url(BAN_PATH)
    served = (tmp_path / "served" / "adresses-90.csv.gz").read_bytes()
    assert ban_file["size"] == len(served) and ban_file["sha256"] == hashlib.sha256(served).hexdigest()
    fs_files = man["datasets"]["france_services"]["files"]
    assert fs_files[0]["url"] == srv.url(FS_DATASET)
    assert fs_files[1]["url"] == srv.url("/fichiers/liste-fs-20240801.csv")   # latest CSV resource
    assert man["datasets"]["france_services"]["provenance"]["vintage"] == "2024-08-01"
    assert man["datasets"]["mediation"]["files"][0]["final_url"] == srv.url("/fichiers/lieux-mediation-numerique.json")
    for key, entry in man["datasets"].items():
        if key == "roads":
            assert entry["licence"] == entry["provenance"]["licence"] == ODBL
        else:
            assert entry["licence"] == entry["provenance"]["licence"] and entry["licence"].startswith("Licence Ouverte")
        assert (out / entry["output"]).exists()
    assert not list(out.glob(".*.tmp"))


def test_second_run_uses_the_cache_with_conditional_requests_only(producers, tmp_path):
    srv, facts, catalog = producers
    first = download_territory("dep", "90", tmp_path / "out", cache_dir=tmp_path / "cache", catalog=catalog)
    n_first = len(srv.requests())
    sent_first = srv.bytes_sent()
    assert sent_first > 3_000_000            # the national files went through once
    srv.clear_log()
    second = download_territory("dep", "90", tmp_path / "out2", cache_dir=tmp_path / "cache", catalog=catalog)
    log = srv.requests()
    assert len(log) == n_first
    assert srv.bytes_sent() == 0
    for e in log:
        if e.path == MEDIATION_RESOURCE:     # the data.gouv.fr stable link redirects, then 304
            assert e.status == 302
        else:
            assert e.status == 304 and ("if-none-match" in e.headers or "if-modified-since" in e.headers)
    for key, r in second.datasets.items():
        assert r.rows_kept == first.datasets[key].rows_kept
        assert all(f["from_cache"] for f in r.files)


def test_epci_and_commune_list(producers, shared_data, tmp_path):
    srv, facts, catalog = producers
    members = next(e for e in json.loads((shared_data / "territoire_90" / "epci_90.json").read_text())
                   if e["code"] == SUD_TERRITOIRE)["membres"]
    codes = {m["code"] for m in members}
    assert len(codes) == 27
    res = download_territory("epci", SUD_TERRITOIRE, tmp_path / "epci", cache_dir=tmp_path / "cache",
                             catalog=catalog)
    d = res.datasets
    assert d["communes"].rows_kept == 27
    with gzip.open(res.output("ban"), "rt", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter=";"))
    assert len(rows) == d["ban"].rows_kept == sum(ban_rows_per_commune(c) for c in codes) == 71
    assert {r["code_insee"] for r in rows} == codes
    with open(shared_data / "national" / "france_services_liste-fs-20240801.csv", encoding="utf-8") as fh:
        fs_expected = sum(1 for r in csv.DictReader(fh) if r["insee_com"] in codes)
    assert d["france_services"].rows_kept == fs_expected == 1         # Grandvillars
    assert d["arcep"].rows_kept == 27
    med = json.loads(res.output("mediation").read_text(encoding="utf-8"))
    assert sorted(p["code_postal"] for p in med) == ["90100", "90600"]   # Delle, Grandvillars
    # the EPCI's communes came from API Géo by codeEpci
    assert any(e.query.startswith("codeEpci=249000241") for e in srv.requests("/communes"))

    res = download_territory("communes", "90010, 90099", tmp_path / "two", cache_dir=tmp_path / "cache",
                             catalog=catalog)
    d = res.datasets
    assert (d["communes"].rows_kept, d["ban"].rows_kept, d["arcep"].rows_kept) == (2, 3 + 4, 2)
    assert d["france_services"].rows_kept == 2         # Belfort (préfecture) and Valdoie
    assert d["mediation"].rows_kept == 6               # 5 in Belfort, 1 in Valdoie


def test_429_then_success_and_persistent_500_names_the_url(producers, tmp_path):
    srv, facts, catalog = producers
    srv.fail(BAN_PATH, 429, times=1, retry_after="1")
    slept = []
    res = download_territory("dep", "90", tmp_path / "a", ["ban"], cache_dir=tmp_path / "cache",
                             catalog=catalog, client=fast_client(sleep=slept.append))
    assert res.datasets["ban"].rows_kept == 255
    assert [e.status for e in srv.requests(BAN_PATH)] == [429, 200]
    assert sum(slept) == pytest.approx(1.0)

    arcep = "/fixe/maconnexioninternet/statistiques/last/commune/commune_debit.csv"
    srv.fail(arcep, 500, times=3)
    out = tmp_path / "b"
    with pytest.raises(NetworkError) as err:
        download_territory("dep", "90", out, ["arcep"], cache_dir=tmp_path / "cache2", catalog=catalog,
                           client=fast_client(attempts=3))
    assert srv.url(arcep) in str(err.value) and "HTTP 500" in str(err.value)
    assert len(srv.requests(arcep)) == 3
    assert not (out / "commune_debit-dep-90.csv").exists() and not (out / "manifest.json").exists()


def test_transfer_cut_mid_way_is_resumed(producers, tmp_path):
    srv, facts, catalog = producers
    path = "/fichiers/liste-fs-20240801.csv"
    srv.cut(path, after_bytes=500_000)
    res = download_territory("dep", "90", tmp_path / "o", ["france_services"], cache_dir=tmp_path / "c",
                             catalog=catalog, client=fast_client())
    assert res.datasets["france_services"].rows_kept == 4
    assert [e.status for e in srv.requests(path)] == [200, 206]
    assert res.datasets["france_services"].files[1]["resumed_from"] == 500_000


class CancelOnBan(Feedback):
    """Cancels as soon as the BAN download reports progress."""

    def __init__(self):
        self.armed = False
        self.messages = []

    def info(self, message):
        self.messages.append(message)
        if "adresses-90" in message:
            self.armed = True

    def is_canceled(self):
        return self.armed


def test_cancel_leaves_no_partial_output(producers, tmp_path):
    srv, facts, catalog = producers
    out = tmp_path / "o"
    with pytest.raises(Cancelled):
        download_territory("dep", "90", out, cache_dir=tmp_path / "c", catalog=catalog, feedback=CancelOnBan())
    assert not (out / "adresses-dep-90.csv.gz").exists()
    assert not (out / "manifest.json").exists()
    assert not list(out.glob(".*.tmp"))
    assert not [p for p in (tmp_path / "c").rglob("*adresses-90.csv.gz")]


@pytest.mark.parametrize("kind, code, problem", [
    ("region", "27", "unknown territory kind"),
    ("dep", "", "no territory code"),
    ("epci", "2490", "not a valid epci code"),
    ("communes", "9001", "not a valid communes code"),
    ("dep", "90,25", "give one dep code"),
])
def test_bad_territory_parameters(kind, code, problem, tmp_path):
    with pytest.raises(ParameterError, match=problem):
        download_territory(kind, code, tmp_path, cache_dir=tmp_path / "c")


def test_unknown_dataset_and_unknown_epci(producers, tmp_path):
    srv, facts, catalog = producers
    with pytest.raises(ParameterError, match="unknown dataset"):
        download_territory("dep", "90", tmp_path, ["ban", "weather"], cache_dir=tmp_path / "c", catalog=catalog)
    with pytest.raises(ParameterError, match="no commune found for epci 200000000"):
        download_territory("epci", "200000000", tmp_path, cache_dir=tmp_path / "c", catalog=catalog)


def test_downloaded_files_load_with_the_readers(producers, tmp_path):
    """What the download writes is what the readers of plugin/core/sources expect."""
    from terridiag.plugin.core.sources.addresses import read_ban
    from terridiag.plugin.core.sources.communes import read_communes
    from terridiag.plugin.core.sources.connectivity import read_connectivity
    from terridiag.plugin.core.sources.services import read_services

    srv, facts, catalog = producers
    res = download_territory("dep", "90", tmp_path / "o", cache_dir=tmp_path / "c", catalog=catalog)
    ban = read_ban(res.output("ban"))
    assert ban.report.rows_kept == 255 and ban.report.rows_rejected == 0
    assert ban.data["code_insee"].nunique() == 101 and ban.report.crs == "EPSG:2154"
    communes = read_communes(res.output("communes"))
    assert len(communes.data) == 101
    assert communes.data["population"].sum() == sum(f["properties"]["population"]
                                                    for f in facts["communes"]["features"])
    fs = read_services(res.output("france_services"))
    assert len(fs.data) == 4 and set(fs.data["category"]) == {"france_services"}
    med = read_services(res.output("mediation"))
    assert len(med.data) == 8 and set(med.data["category"]) == {"mediation"}
    arcep = read_connectivity(res.output("arcep"))
    assert len(arcep.data) == 101


def test_catalog_urls_and_base_overrides(monkeypatch):
    from terridiag.plugin.core.net import settings

    cat = Catalog()
    assert cat.url("ban", dep="2A") == \
        "https://adresse.data.gouv.fr/data/ban/adresses/latest/csv/adresses-2A.csv.gz"
    assert cat.communes_url(epci="249000241") == (
        "https://geo.api.gouv.fr/communes?codeEpci=249000241&format=geojson&geometry=contour"
        "&fields=code,nom,population,codeDepartement,codeEpci")
    monkeypatch.setenv("TERRIDIAG_BASE_BAN", "http://127.0.0.1:8080/mirror/")
    assert Catalog().url("ban", dep="90") == \
        "http://127.0.0.1:8080/mirror/data/ban/adresses/latest/csv/adresses-90.csv.gz"
    settings.set_override("base:arcep", "http://10.0.0.1")
    try:
        assert Catalog().url("arcep").startswith("http://10.0.0.1/fixe/maconnexioninternet/")
        assert Catalog({"arcep": "http://127.0.0.2"}).url("arcep").startswith("http://127.0.0.2/fixe/")
    finally:
        settings.set_override("base:arcep", None)
    assert Catalog().provenance("arcep", "u").producer == "ARCEP"
