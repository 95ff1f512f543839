"""terridiag:download_territory and terridiag:geocode through processing.run, with QGIS's own
network stack (QgsBlockingNetworkRequest) talking to a loopback server on 127.0.0.1."""
from __future__ import annotations

import csv
import hashlib
import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "support"))
from loopback import FakeAddok, LoopbackServer, serve_producers_90  # noqa: E402

pytestmark = [pytest.mark.qgis, pytest.mark.network]
BAL = "samples/bal_54084_mont-bonvillers_csv-bal.csv"


@pytest.fixture
def producers(shared_data, tmp_path):
    from terridiag.plugin.core.net import settings
    from terridiag.plugin.core.net.catalog import SOURCES

    with LoopbackServer() as srv:
        facts = serve_producers_90(srv, shared_data, tmp_path / "served")
        for key in SOURCES:
            settings.set_override(f"base:{key}", srv.base)
        try:
            yield srv, facts
        finally:
            for key in SOURCES:
                settings.set_override(f"base:{key}", None)


def test_qgis_fetch_conditional_range_and_errors(qgis_app, shared_data, tmp_path):
    from terridiag.plugin.core.errors import NetworkError
    from terridiag.plugin.core.net.cache import DownloadCache
    from terridiag.plugin.core.net.http import HttpClient, Request, RetryPolicy
    from terridiag.plugin.qgis_bridge.network import qgis_fetch

    src = shared_data / "national" / "france_services_liste-fs-20240801.csv"
    data = src.read_bytes()
    with LoopbackServer() as srv:
        srv.add_file("/fs.csv", src)
        client = HttpClient(fetch=qgis_fetch, policy=RetryPolicy(attempts=3, base_delay=0.01))
        cache = DownloadCache(tmp_path, client)
        srv.cut("/fs.csv", after_bytes=250_000)        # cut, then resumed with Range through Qt
        first = cache.fetch(srv.url("/fs.csv"), "fs.csv")
        assert first.sha256 == hashlib.sha256(data).hexdigest() and first.resumed_from == 250_000
        second = cache.fetch(srv.url("/fs.csv"), "fs.csv")
        assert second.from_cache                       # Qt's 304 reported as a 304
        assert [e.status for e in srv.requests("/fs.csv")] == [200, 206, 304]
        assert srv.requests("/fs.csv")[-1].sent == 0

        srv.fail("/fs.csv", 429, times=1, retry_after="0")
        assert client.send(Request(srv.url("/fs.csv"))).body == data
        srv.fail("/gone.csv", 500, times=5)
        with pytest.raises(NetworkError, match=r"HTTP 500 for http://127\.0\.0\.1:\d+/gone\.csv"):
            client.send(Request(srv.url("/gone.csv")))
        assert len(srv.requests("/gone.csv")) == 3


def test_download_territory_algorithm(terridiag_provider, producers, shared_data, tmp_path):
    import processing
    from qgis.core import QgsVectorLayer

    srv, facts = producers
    out = tmp_path / "out"
    res = processing.run("terridiag:download_territory", {
        "TERRITORY": "90", "KIND": 0, "DATASETS": [0, 1, 2, 3, 4],
        "CACHE_DIR": str(tmp_path / "cache"), "OUTPUT_DIR": str(out)})
    man = json.loads(Path(res["MANIFEST"]).read_text(encoding="utf-8"))
    assert {k: v["rows_kept"] for k, v in man["datasets"].items()} == {
        "ban": 255, "communes": 101, "france_services": 4, "mediation": 8, "arcep": 101}
    communes = QgsVectorLayer(res["COMMUNES"], "communes", "ogr")
    assert communes.isValid() and communes.featureCount() == 101
    fs = QgsVectorLayer(f"file://{res['FRANCE_SERVICES']}?type=csv&detectTypes=no&geomType=none", "fs",
                        "delimitedtext")
    assert fs.isValid() and fs.featureCount() == 4
    assert Path(res["BAN"]).read_bytes() == (tmp_path / "served" / "adresses-90.csv.gz").read_bytes()
    # the second run is answered from the cache: only conditional requests, no body
    srv.clear_log()
    processing.run("terridiag:download_territory", {
        "TERRITORY": "249000241", "KIND": 1, "DATASETS": [0, 1, 2, 4],
        "CACHE_DIR": str(tmp_path / "cache"), "OUTPUT_DIR": str(tmp_path / "epci")})
    log = srv.requests()
    assert srv.bytes_sent() == sum(e.sent for e in log if e.path == "/communes")   # only the new EPCI query
    assert all(e.status == 304 for e in log if e.path != "/communes")
    man = json.loads((tmp_path / "epci" / "manifest.json").read_text(encoding="utf-8"))
    assert man["datasets"]["ban"]["rows_kept"] == 71 and man["datasets"]["arcep"]["rows_kept"] == 27


def test_download_territory_reports_bad_code_and_server_failure(terridiag_provider, producers, tmp_path):
    import processing
    from qgis.core import QgsProcessingException

    srv, _ = producers
    with pytest.raises(QgsProcessingException, match="not a valid epci code"):
        processing.run("terridiag:download_territory", {
            "TERRITORY": "2490", "KIND": 1, "DATASETS": [0], "OUTPUT_DIR": str(tmp_path / "a")})
    srv.fail("/data/ban/adresses/latest/csv/adresses-90.csv.gz", 503, times=10, retry_after="0")
    with pytest.raises(QgsProcessingException, match=r"HTTP 503 for http://127\.0\.0\.1:\d+/data/ban/"):
        processing.run("terridiag:download_territory", {
            "TERRITORY": "90", "KIND": 0, "DATASETS": [0], "CACHE_DIR": str(tmp_path / "c"),
            "OUTPUT_DIR": str(tmp_path / "b")})
    assert not (tmp_path / "b" / "adresses-dep-90.csv.gz").exists()
    assert len(srv.requests("/data/ban/adresses/latest/csv/adresses-90.csv.gz")) == 5   # default attempts


def test_geocode_algorithm(terridiag_provider, shared_data, tmp_path):
    import processing
    from qgis.core import QgsProcessingContext, QgsProcessingUtils, QgsWkbTypes

    with open(shared_data / BAL, encoding="utf-8") as fh:
        bal = list(csv.DictReader(fh, delimiter=";"))
    table = tmp_path / "adresses.csv"
    with open(table, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter=";")
        w.writerow(["ref", "adresse", "cp", "ville"])
        for i, r in enumerate(bal[:30]):
            w.writerow([f"A{i}", f"{r['numero']}{r['suffixe']} {r['voie_nom']}", "54111", "Mont-Bonvillers"])
        w.writerow(["bad", "12 Impasse Zzyzx", "", "Qqqq"])
        w.writerow(["low", "1 Rue Joffre", "", "Nancy"])
    fake = FakeAddok.from_bal(shared_data / BAL, "54111")
    with LoopbackServer() as srv:
        fake.mount(srv, "/geocodage")
        context = QgsProcessingContext()
        res = processing.run("terridiag:geocode", {
            "INPUT": str(table), "ADDRESS_FIELDS": "adresse, cp, ville", "THRESHOLD": 0.8,
            "GEOCODER_URL": srv.url("/geocodage"), "OUTPUT": "memory:geocoded",
            "REJECTED": str(tmp_path / "rejected.csv")}, context=context)
        assert len(srv.requests("/geocodage/search/csv/")) == 1
    assert (res["ROWS_READ"], res["ROWS_KEPT"], res["ROWS_REJECTED"]) == (32, 30, 2)
    layer = res["OUTPUT"]
    if isinstance(layer, str):
        layer = QgsProcessingUtils.mapLayerFromString(layer, context)
    assert layer.crs().authid() == "EPSG:2154" and layer.geometryType() == QgsWkbTypes.PointGeometry
    feats = {f["ref"]: f for f in layer.getFeatures()}
    assert len(feats) == 30 and feats["A0"]["code_insee"] == "54084"
    pt = feats["A0"].geometry().asPoint()
    assert abs(pt.x() - float(bal[0]["x"])) < 0.5 and abs(pt.y() - float(bal[0]["y"])) < 0.5
    with open(tmp_path / "rejected.csv", encoding="utf-8") as fh:
        rejected = list(csv.DictReader(fh))
    assert [(r["line"], r["reason"]) for r in rejected] == [("32", "not found"), ("33", "low score 0.43 < 0.8")]


def test_server_failure_is_not_mixed_with_qgis_http_cache(qgis_app, shared_data, tmp_path):
    """QgsBlockingNetworkRequest lets Qt keep replies in QGIS's HTTP disk cache; Qt then answered a
    503 with the error page glued to its cached copy of the file (18 + 1635 bytes, "incomplete
    download"). The fetch forgets its URLs there: a failing server reads as one."""
    from terridiag.plugin.core.errors import NetworkError
    from terridiag.plugin.core.net.cache import DownloadCache
    from terridiag.plugin.core.net.http import HttpClient, RetryPolicy
    from terridiag.plugin.qgis_bridge.network import qgis_fetch

    src = shared_data / "territoire_90" / "france_services_90_20240801.csv"
    with LoopbackServer() as srv:
        srv.add_file("/fs.csv", src)
        client = HttpClient(fetch=qgis_fetch, policy=RetryPolicy(attempts=3, base_delay=0.01))
        url = srv.base + "/fs.csv"
        first = DownloadCache(tmp_path / "one", client).fetch(url)
        assert Path(first.path).read_bytes() == src.read_bytes()
        srv.fail("/fs.csv", 503, times=10, retry_after="0")
        with pytest.raises(NetworkError, match=r"HTTP 503 .*gave up after 3 attempts"):
            DownloadCache(tmp_path / "two", client).fetch(url)      # an empty cache of ours
        assert [e.status for e in srv.requests("/fs.csv")] == [200, 503, 503, 503]
        assert not list((tmp_path / "two").rglob("*.csv"))
