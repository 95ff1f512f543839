"""Download cache: conditional requests (304), resume with Range after a cut, integrity checks,
cancel, atomic rename. Real HTTP on 127.0.0.1, real files of ../shared/data."""
from __future__ import annotations

import gzip
import hashlib
import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "support"))
from loopback import LoopbackServer  # noqa: E402

from terridiag.plugin.core.errors import Cancelled, NetworkError  # noqa: E402
from terridiag.plugin.core.net.cache import DownloadCache, cache_path  # noqa: E402
from terridiag.plugin.core.net.http import HttpClient, RetryPolicy  # noqa: E402
from terridiag.plugin.core.progress import Feedback  # noqa: E402

pytestmark = pytest.mark.network
FS = "/fichiers/liste-fs-20240801.csv"


def client(attempts=4):
    return HttpClient(policy=RetryPolicy(attempts=attempts, base_delay=0.01))


@pytest.fixture
def fs_file(shared_data):
    return shared_data / "national" / "france_services_liste-fs-20240801.csv"


@pytest.fixture
def server(fs_file):
    with LoopbackServer() as srv:
        srv.add_file(FS, fs_file)
        yield srv


def test_first_fetch_then_conditional_304_without_body(server, fs_file, tmp_path):
    cache = DownloadCache(tmp_path, client())
    first = cache.fetch(server.url(FS), "fs.csv")
    data = fs_file.read_bytes()
    assert Path(first.path).read_bytes() == data
    assert first.size == len(data) == 1174580
    assert first.sha256 == hashlib.sha256(data).hexdigest()
    assert not first.from_cache and first.etag
    meta = json.loads(Path(first.path + ".meta.json").read_text())
    assert meta["url"] == server.url(FS) and meta["sha256"] == first.sha256

    second = cache.fetch(server.url(FS), "fs.csv")
    assert second.from_cache and second.sha256 == first.sha256 and second.path == first.path
    log = server.requests(FS)
    assert [e.status for e in log] == [200, 304]
    assert log[1].headers["if-none-match"] == first.etag
    assert log[1].sent == 0


def test_cut_transfer_resumes_with_range_in_the_same_run(server, fs_file, tmp_path):
    server.cut(FS, after_bytes=300_000)
    got = DownloadCache(tmp_path, client()).fetch(server.url(FS), "fs.csv")
    assert got.sha256 == hashlib.sha256(fs_file.read_bytes()).hexdigest()
    assert got.resumed_from == 300_000
    log = server.requests(FS)
    assert [e.status for e in log] == [200, 206]
    assert log[1].headers["range"] == "bytes=300000-" and log[1].headers["if-range"] == got.etag
    assert server.bytes_sent(FS) == 1174580          # nothing transferred twice


def test_failed_run_leaves_only_a_part_file_and_next_run_resumes(server, fs_file, tmp_path):
    server.cut(FS, after_bytes=400_000, times=1)
    final = cache_path(tmp_path, server.url(FS), "fs.csv")
    with pytest.raises(NetworkError) as err:
        DownloadCache(tmp_path, client(attempts=1)).fetch(server.url(FS), "fs.csv")
    assert server.url(FS) in str(err.value)
    assert not final.exists()
    part = final.with_name(final.name + ".part")
    assert part.stat().st_size == 400_000

    got = DownloadCache(tmp_path, client()).fetch(server.url(FS), "fs.csv")
    assert Path(got.path).read_bytes() == fs_file.read_bytes()
    assert not part.exists()
    assert server.requests(FS)[-1].status == 206
    assert server.requests(FS)[-1].sent == 1174580 - 400_000


def test_resume_restarts_when_the_file_changed_in_between(server, fs_file, tmp_path):
    server.cut(FS, after_bytes=100_000, times=1)
    with pytest.raises(NetworkError):
        DownloadCache(tmp_path, client(attempts=1)).fetch(server.url(FS), "fs.csv")
    new = fs_file.read_bytes().replace(b"France services", b"FRANCE SERVICES")
    server.add_bytes(FS, new, "text/csv")                      # new ETag: If-Range fails
    got = DownloadCache(tmp_path, client()).fetch(server.url(FS), "fs.csv")
    assert Path(got.path).read_bytes() == new
    assert server.requests(FS)[-1].status == 200 and got.resumed_from == 100_000


def test_part_longer_than_the_file_restarts_cleanly(server, fs_file, tmp_path):
    final = cache_path(tmp_path, server.url(FS), "fs.csv")
    final.parent.mkdir(parents=True)
    etag = DownloadCache(tmp_path / "other", client()).fetch(server.url(FS), "fs.csv").etag
    final.with_name(final.name + ".part").write_bytes(b"x" * 2_000_000)
    final.with_name(final.name + ".part.json").write_text(json.dumps({"etag": etag}))
    got = DownloadCache(tmp_path, client()).fetch(server.url(FS), "fs.csv")
    assert Path(got.path).read_bytes() == fs_file.read_bytes()
    assert [e.status for e in server.requests(FS)][-2:] == [416, 200]


def test_truncated_gzip_is_refused_and_not_kept(tmp_path, shared_data):
    raw = gzip.compress((shared_data / "territoire_90" / "communes_90_cog_population_epci.csv").read_bytes())
    with LoopbackServer() as srv:
        srv.add_bytes("/adresses-90.csv.gz", raw[: len(raw) // 2], "application/gzip")
        srv.add_bytes("/ok.csv.gz", raw, "application/gzip")
        cache = DownloadCache(tmp_path, client())
        with pytest.raises(NetworkError) as err:
            cache.fetch(srv.url("/adresses-90.csv.gz"))
        assert "truncated" in str(err.value) and srv.url("/adresses-90.csv.gz") in str(err.value)
        final = cache_path(tmp_path, srv.url("/adresses-90.csv.gz"))
        assert not final.exists() and not final.with_name(final.name + ".part").exists()
        assert cache.fetch(srv.url("/ok.csv.gz")).size == len(raw)


def test_html_error_page_and_broken_json_are_refused(tmp_path):
    with LoopbackServer() as srv:
        srv.add_bytes("/commune_debit.csv", b"<!DOCTYPE html><html><body>Proxy login</body></html>", "text/html")
        srv.add_bytes("/communes.geojson", b'{"type": "FeatureCollection", "features": [', "application/json")
        cache = DownloadCache(tmp_path, client())
        with pytest.raises(NetworkError, match="web page instead of the data"):
            cache.fetch(srv.url("/commune_debit.csv"))
        with pytest.raises(NetworkError, match="JSON .* incomplete or invalid"):
            cache.fetch(srv.url("/communes.geojson"))


class CancelAfterBytes(Feedback):
    def __init__(self):
        self.progress = 0.0

    def set_progress(self, percent):
        self.progress = percent

    def is_canceled(self):
        return self.progress > 0


def test_cancel_mid_transfer_leaves_no_final_file(server, tmp_path):
    fb = CancelAfterBytes()
    cache = DownloadCache(tmp_path, client())
    with pytest.raises(Cancelled):
        cache.fetch(server.url(FS), "fs.csv", feedback=fb, progress=lambda f: fb.set_progress(f * 100))
    final = cache_path(tmp_path, server.url(FS), "fs.csv")
    assert not final.exists()
    part = final.with_name(final.name + ".part")
    assert 0 < part.stat().st_size < 1174580         # kept to be resumed, under another name
