"""terridiag:download_territory through ``processing.run`` and QGIS's network stack, against the
producers' URL layout served on 127.0.0.1 (tests/support/loopback.py) from the real files of
../shared/data. The base URLs come from the ``TERRIDIAG_BASE_<KEY>`` environment variables, as a
mirror would set them (tests/qgis/test_network_algs.py covers ``settings.set_override``).

Every expected count is made here, from the files served, with the csv/json modules (and shapely
for the mediation places, which carry no INSEE code): nothing is taken from the engine."""
from __future__ import annotations

import csv
import gzip
import hashlib
import json
import socket
import sys
import urllib.request
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "support"))
from loopback import MEDIATION_RESOURCE, LoopbackServer, serve_producers_90  # noqa: E402

pytestmark = [pytest.mark.qgis, pytest.mark.network]
ALG = "terridiag:download_territory"
BAN = "/data/ban/adresses/latest/csv/adresses-90.csv.gz"
ARCEP = "/fixe/maconnexioninternet/statistiques/last/commune/commune_debit.csv"
FS_FILE = "/fichiers/liste-fs-20240801.csv"
MEDIATION_FILE = "/fichiers/lieux-mediation-numerique.json"
DEFAULT = {"ban", "communes", "france_services", "mediation", "arcep", "census", "filosofi", "iris", "bpe", "qpv",
           "roads"}
TWO_COMMUNES = ("90010", "90099")            # Belfort, Valdoie


def _set_bases(monkeypatch, base: str) -> None:
    from terridiag.plugin.core.net import settings
    from terridiag.plugin.core.net.catalog import SOURCES

    for key in SOURCES:
        assert settings._overrides.get(f"base:{key}") is None, "a settings override would win over the env"
        monkeypatch.setenv(f"TERRIDIAG_BASE_{key.upper()}", base)


@pytest.fixture
def producers(shared_data, tmp_path, monkeypatch):
    with LoopbackServer() as srv:
        facts = serve_producers_90(srv, shared_data, tmp_path / "served")
        _set_bases(monkeypatch, srv.base)
        yield srv, facts


class Recorder:
    """A QgsProcessingFeedback that keeps what the algorithm said."""

    def __new__(cls):
        from qgis.core import QgsProcessingFeedback

        class _Recorder(QgsProcessingFeedback):
            def __init__(self):
                super().__init__()
                self.infos, self.errors = [], []

            def pushInfo(self, info):  # noqa: N802 (QGIS API name)
                self.infos.append(info)
                super().pushInfo(info)

            def reportError(self, error, fatalError=False):  # noqa: N802,N803 (QGIS API name)
                self.errors.append(error)
                super().reportError(error, fatalError)

        return _Recorder()


def run(params: dict, feedback=None) -> dict:
    import processing

    return processing.run(ALG, params, feedback=feedback or Recorder())


# --- independent counts of what the server serves ----------------------------------------------

def ban_rows(path: Path, codes=None) -> int:
    with gzip.open(path, "rt", encoding="utf-8", newline="") as fh:
        return sum(1 for r in csv.DictReader(fh, delimiter=";") if codes is None or r["code_insee"] in codes)


def csv_rows(path: Path, keep=lambda r: True) -> int:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        sample = fh.readline()
        fh.seek(0)
        sep = ";" if sample.count(";") > sample.count(",") else ","
        return sum(1 for r in csv.DictReader(fh, delimiter=sep) if keep(r))


def served_communes(facts, codes=None) -> list:
    return [f for f in facts["communes"]["features"] if f["properties"]["codeDepartement"] == "90"
            and (codes is None or f["properties"]["code"] in codes)]


def mediation_inside(national: Path, features: list) -> list:
    """Ids of the national mediation places that lie in the given commune polygons."""
    from shapely.geometry import Point, shape
    from shapely.ops import unary_union

    area = unary_union([shape(f["geometry"]) for f in features])
    places = json.loads(national.read_text(encoding="utf-8"))
    return sorted(p["id"] for p in places if p.get("latitude") is not None and p.get("longitude") is not None
                  and area.contains(Point(float(p["longitude"]), float(p["latitude"]))))


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def expected_files(srv, nat: Path, served: Path) -> dict:
    """URL served -> sha256 of the bytes served, for the static files."""
    return {srv.url(BAN): sha256(served / "adresses-90.csv.gz"),
            srv.url(FS_FILE): sha256(nat / "france_services_liste-fs-20240801.csv"),
            srv.url(MEDIATION_RESOURCE): sha256(nat / "lieux_mediation_numerique_cnfs_2022-07.json"),
            srv.url(ARCEP): sha256(nat / "arcep_maconnexioninternet_commune_debit_2022-12-31.csv")}


def check_manifest(out: Path, srv, nat: Path, served: Path) -> dict:
    man = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert set(man["datasets"]) == DEFAULT
    static = expected_files(srv, nat, served)
    seen = set()
    for key, entry in man["datasets"].items():
        assert (out / entry["output"]).is_file(), key
        assert all((out / name).is_file() for name in entry["outputs"]), key
        assert entry["provenance"]["licence"].startswith("ODbL" if key == "roads" else "Licence Ouverte")
        for f in entry["files"]:
            assert f["url"].startswith(srv.base + "/"), f["url"]
            assert len(f["sha256"]) == 64 and int(f["sha256"], 16) >= 0
            assert f["size"] == Path(f["path"]).stat().st_size and f["sha256"] == sha256(Path(f["path"]))
            if f["url"] in static:
                assert f["sha256"] == static[f["url"]], f["url"]
                seen.add(f["url"])
            elif f["url"].startswith(srv.url("/communes?")):
                # the API Géo answer: the same bytes fetched again with the standard library
                with urllib.request.urlopen(f["url"]) as resp:
                    assert f["sha256"] == hashlib.sha256(resp.read()).hexdigest()
                seen.add("communes")
    assert seen == set(static) | {"communes"}
    return man


# --- tests --------------------------------------------------------------------------------------

def test_departement_90_then_from_the_cache(terridiag_provider, producers, shared_data, tmp_path):
    from qgis.core import QgsVectorLayer

    srv, facts = producers
    nat, served = shared_data / "national", tmp_path / "served"
    out, cache = tmp_path / "out", tmp_path / "cache"
    res = run({"TERRITORY": "90", "KIND": 0, "CACHE_DIR": str(cache), "OUTPUT_DIR": str(out)})

    # one file per dataset, with as many rows as the served files have for the département
    expected = {
        "ban": ban_rows(served / "adresses-90.csv.gz"),
        "communes": len(served_communes(facts)),
        "france_services": csv_rows(nat / "france_services_liste-fs-20240801.csv", lambda r: (
            r["insee_dep"].strip().zfill(2) == "90" if r["insee_dep"].strip() else r["insee_com"][:2] == "90")),
        "mediation": len(mediation_inside(nat / "lieux_mediation_numerique_cnfs_2022-07.json",
                                          served_communes(facts))),
        "arcep": csv_rows(nat / "arcep_maconnexioninternet_commune_debit_2022-12-31.csv",
                          lambda r: r["code_insee"][:2] == "90"),
    }
    assert expected == {"ban": 255, "communes": 101, "france_services": 4, "mediation": 8, "arcep": 101}
    got = {"ban": ban_rows(Path(res["BAN"])),
           "communes": len(json.loads(Path(res["COMMUNES"]).read_text(encoding="utf-8"))["features"]),
           "france_services": csv_rows(Path(res["FRANCE_SERVICES"])),
           "mediation": len(json.loads(Path(res["MEDIATION"]).read_text(encoding="utf-8"))),
           "arcep": csv_rows(Path(res["ARCEP"]))}
    assert got == expected
    assert Path(res["BAN"]).read_bytes() == (served / "adresses-90.csv.gz").read_bytes()
    layer = QgsVectorLayer(res["COMMUNES"], "communes", "ogr")
    assert layer.isValid() and layer.featureCount() == expected["communes"]

    man = check_manifest(out, srv, nat, served)
    assert {k: v["rows_kept"] for k, v in man["datasets"].items() if k in expected} == expected
    # the census, income, IRIS, BPE, QPV and roads: one output each, every file listed in FILES
    files = json.loads(res["FILES"])
    for key, name in (("census", "CENSUS"), ("filosofi", "FILOSOFI"), ("iris", "IRIS"), ("bpe", "BPE"),
                      ("qpv", "QPV"), ("roads", "ROADS")):
        assert Path(res[name]).is_file() and files[key][0] == res[name]
        assert man["datasets"][key]["rows_kept"] > 0
    assert len(files["census"]) == 4 and man["datasets"]["iris"]["rows_kept"] == 123
    iris = QgsVectorLayer(res["IRIS"], "iris", "ogr")
    assert iris.isValid() and iris.featureCount() == 123
    assert man["territory"]["kind"] == "dep" and man["territory"]["codes"] == ["90"]
    assert Path(res["MANIFEST"]) == out / "manifest.json"
    first = {(e.path, e.query): e.status for e in srv.requests()}      # the IRIS WFS: two pages, one path
    assert all(status == 200 for (path, _q), status in first.items() if path != MEDIATION_RESOURCE)

    # a second run: every file is unchanged, so each is only revalidated (304, no body sent), the
    # mediation export too, behind data.gouv.fr's redirecting link (the redirect keeps the headers)
    srv.clear_log()
    out2 = tmp_path / "out2"
    res2 = run({"TERRITORY": "90", "KIND": 0, "CACHE_DIR": str(cache), "OUTPUT_DIR": str(out2)})
    log = srv.requests()
    assert {(e.path, e.query) for e in log} == set(first)        # the same addresses, once each
    assert len(log) == len(first)
    for e in log:
        if e.path == MEDIATION_RESOURCE:     # data.gouv.fr's stable link redirects to the file
            assert e.status == 302
        else:
            assert (e.status, e.sent) == (304, 0), e.path
            assert "if-none-match" in e.headers or "if-modified-since" in e.headers
    assert sum(e.sent for e in log) == 0
    man2 = json.loads((out2 / "manifest.json").read_text(encoding="utf-8"))
    assert {k: v["rows_kept"] for k, v in man2["datasets"].items()} == {k: v["rows_kept"] for k, v in
                                                                        man["datasets"].items()}
    assert all(f["from_cache"] for entry in man2["datasets"].values() for f in entry["files"])
    assert Path(res2["BAN"]).read_bytes() == Path(res["BAN"]).read_bytes()


def test_redirected_file_is_not_downloaded_twice(terridiag_provider, producers, tmp_path):
    srv, _ = producers
    params = {"TERRITORY": "90", "KIND": 0, "DATASETS": [3], "CACHE_DIR": str(tmp_path / "cache")}
    run({**params, "OUTPUT_DIR": str(tmp_path / "a")})
    srv.clear_log()
    run({**params, "OUTPUT_DIR": str(tmp_path / "b")})
    assert [(e.status, e.sent) for e in srv.requests(MEDIATION_FILE)] == [(304, 0)]


def test_list_of_communes(terridiag_provider, producers, shared_data, tmp_path):
    srv, facts = producers
    nat, served = shared_data / "national", tmp_path / "served"
    out = tmp_path / "two"
    res = run({"TERRITORY": "90010; 90099", "KIND": 2, "CACHE_DIR": str(tmp_path / "cache"),
               "OUTPUT_DIR": str(out)})
    codes = set(TWO_COMMUNES)
    expected = {
        "ban": ban_rows(served / "adresses-90.csv.gz", codes),
        "communes": len(served_communes(facts, codes)),
        "france_services": csv_rows(nat / "france_services_liste-fs-20240801.csv",
                                    lambda r: r["insee_com"] in codes),
        "mediation": len(mediation_inside(nat / "lieux_mediation_numerique_cnfs_2022-07.json",
                                          served_communes(facts, codes))),
        "arcep": csv_rows(nat / "arcep_maconnexioninternet_commune_debit_2022-12-31.csv",
                          lambda r: r["code_insee"] in codes),
    }
    assert expected == {"ban": 7, "communes": 2, "france_services": 2, "mediation": 6, "arcep": 2}
    with gzip.open(res["BAN"], "rt", encoding="utf-8", newline="") as fh:
        ban = list(csv.DictReader(fh, delimiter=";"))
    assert len(ban) == expected["ban"] and {r["code_insee"] for r in ban} == codes
    communes = json.loads(Path(res["COMMUNES"]).read_text(encoding="utf-8"))
    assert sorted(f["properties"]["code"] for f in communes["features"]) == sorted(codes)
    assert csv_rows(Path(res["FRANCE_SERVICES"])) == expected["france_services"]
    assert sorted(p["id"] for p in json.loads(Path(res["MEDIATION"]).read_text(encoding="utf-8"))) == \
        mediation_inside(nat / "lieux_mediation_numerique_cnfs_2022-07.json", served_communes(facts, codes))
    assert csv_rows(Path(res["ARCEP"]), lambda r: r["code_insee"] in codes) == csv_rows(Path(res["ARCEP"])) == 2

    man = check_manifest(out, srv, nat, served)
    assert {k: v["rows_kept"] for k, v in man["datasets"].items() if k in expected} == expected
    # Belfort and Valdoie lie outside the OSM extract of ../shared/data: the roads' file has no way
    assert man["datasets"]["roads"]["rows_kept"] == 0 and man["datasets"]["iris"]["rows_kept"] == 21
    assert man["territory"]["kind"] == "communes" and sorted(man["territory"]["communes"]) == sorted(codes)
    # the communes of a list come from their département's API Géo query
    assert [e.query for e in srv.requests("/communes")][0].startswith("codeDepartement=90&")


def _assert_clean_failure(exc, feedback, out: Path, url: str, what: str) -> None:
    message = str(exc.value)
    assert url in message and what in message, message
    assert "gave up after 5 attempts" in message
    assert "Traceback" not in message and "File \"" not in message
    assert not any("Traceback" in e for e in feedback.errors)
    # nothing half-made: no manifest, no ARCEP file, no temporary file left in the output folder
    assert not (out / "manifest.json").exists()
    assert not list(out.glob("commune_debit*"))
    assert not [p for p in out.rglob("*") if p.name.endswith((".tmp", ".part"))]
    # what was finished before the failure is whole (written under a temporary name, then renamed)
    for name in ("communes-dep-90.geojson", "france-services-dep-90.csv"):
        if (out / name).exists():
            assert (out / name).stat().st_size > 0


def test_server_error_500_is_a_clear_message(terridiag_provider, producers, tmp_path):
    from qgis.core import QgsProcessingException

    srv, _ = producers
    srv.fail(ARCEP, 500, times=10, retry_after="0")     # Retry-After: 0 keeps the test fast
    out, fb = tmp_path / "out", Recorder()
    with pytest.raises(QgsProcessingException) as exc:
        run({"TERRITORY": "90", "KIND": 0, "CACHE_DIR": str(tmp_path / "cache"), "OUTPUT_DIR": str(out)}, fb)
    _assert_clean_failure(exc, fb, out, srv.url(ARCEP), "HTTP 500")
    assert [e.status for e in srv.requests(ARCEP)] == [500] * 5
    assert sum("retry" in line for line in fb.infos) == 4
    # the cache keeps nothing of the failed file
    assert not [p for p in (tmp_path / "cache").rglob("*commune_debit*")]


def test_closed_port_is_a_clear_message(terridiag_provider, producers, tmp_path, monkeypatch):
    from qgis.core import QgsProcessingException

    from terridiag.plugin.core.net.http import RetryPolicy

    with socket.socket() as s:               # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setenv("TERRIDIAG_BASE_ARCEP", f"http://127.0.0.1:{port}")
    # the back-off between the 5 tries is tested in tests/unit/test_net_http.py: no waiting here
    monkeypatch.setattr(RetryPolicy, "delay", lambda self, attempt, retry_after=None: 0.0)
    out, fb = tmp_path / "out", Recorder()
    with pytest.raises(QgsProcessingException) as exc:
        run({"TERRITORY": "90", "KIND": 0, "CACHE_DIR": str(tmp_path / "cache"), "OUTPUT_DIR": str(out)}, fb)
    _assert_clean_failure(exc, fb, out, f"http://127.0.0.1:{port}{ARCEP}", "cannot connect")
    assert "check the network connection" in str(exc.value)
