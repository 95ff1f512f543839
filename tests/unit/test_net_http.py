"""Fetch layer: urllib fetch, rate limiter, retries with back-off, errors naming the URL.
Every exchange goes to a real HTTP server on 127.0.0.1."""
from __future__ import annotations

import socket
import sys
import time
from email.utils import formatdate
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "support"))
from loopback import LoopbackServer  # noqa: E402

from terridiag.plugin.core.errors import Cancelled, NetworkError  # noqa: E402
from terridiag.plugin.core.net.http import (HttpClient, RateLimiter, Request, RetryPolicy,  # noqa: E402
                                            TransportError, parse_retry_after, urllib_fetch)
from terridiag.plugin.core.progress import Feedback  # noqa: E402

pytestmark = pytest.mark.network


class Sleeps:
    """Records the back-off sleeps instead of waiting."""

    def __init__(self):
        self.calls = []

    def __call__(self, seconds):
        self.calls.append(seconds)

    @property
    def total(self):
        return sum(self.calls)


class StopAfter(Feedback):
    def __init__(self, checks):
        self.left = checks

    def is_canceled(self):
        self.left -= 1
        return self.left < 0


@pytest.fixture
def server():
    with LoopbackServer() as srv:
        srv.add_bytes("/data.txt", b"hello\n" * 1000, "text/plain")
        yield srv


def test_urllib_fetch_returns_error_statuses_and_headers(server):
    ok = urllib_fetch(Request(server.url("/data.txt")))
    assert ok.status == 200 and ok.body == b"hello\n" * 1000 and ok.received == 6000
    assert ok.header("etag").startswith('"') and ok.header("accept-ranges") == "bytes"
    missing = urllib_fetch(Request(server.url("/nothing")))
    assert missing.status == 404 and missing.body == b"not found\n"
    part = urllib_fetch(Request(server.url("/data.txt"), range_start=5994))
    assert part.status == 206 and part.body == b"hello\n"
    assert part.header("content-range") == "bytes 5994-5999/6000"


def test_cut_transfer_raises_transport_error_after_delivering_partial_bytes(server):
    server.cut("/data.txt", after_bytes=1000)
    got = []
    with pytest.raises(TransportError) as err:
        urllib_fetch(Request(server.url("/data.txt"), sink=got.append))
    assert err.value.partial and sum(map(len, got)) == 1000


def test_rate_limiter_token_bucket_with_fake_clock():
    now = [0.0]
    slept = []

    def sleep(s):
        slept.append(s)
        now[0] += s

    lim = RateLimiter(rate=50, burst=5, clock=lambda: now[0], sleep=sleep)
    for _ in range(105):
        lim.acquire()
    # 5 free tokens, then one every 1/50 s: 100 x 0.02 s
    assert sum(slept) == pytest.approx(2.0, abs=1e-9)
    assert len(slept) == 100
    now[0] += 10.0          # a long pause refills the bucket, but only up to the burst size
    before = len(slept)
    for _ in range(5):
        lim.acquire()
    assert len(slept) == before
    lim.acquire()
    assert slept[-1] == pytest.approx(0.02)


def test_rate_limiter_holds_real_requests_to_50_per_second(server):
    client = HttpClient(limiter=RateLimiter(rate=50, burst=5))
    t0 = time.monotonic()
    for _ in range(30):
        client.send(Request(server.url("/data.txt")))
    elapsed = time.monotonic() - t0
    assert elapsed >= (30 - 5) / 50 * 0.95
    assert len(server.requests("/data.txt")) == 30


def test_parse_retry_after_seconds_and_http_date():
    assert parse_retry_after("3") == 3.0
    assert parse_retry_after("") is None and parse_retry_after("soon") is None
    assert parse_retry_after(formatdate(1000.0 + 7, usegmt=True), now=1000.0) == pytest.approx(7.0)


def test_backoff_doubles_and_is_capped():
    p = RetryPolicy(attempts=6, base_delay=0.5, max_delay=3.0)
    assert [p.delay(a) for a in range(1, 6)] == [0.5, 1.0, 2.0, 3.0, 3.0]
    assert p.delay(1, retry_after=500) == p.max_retry_after


def test_429_with_retry_after_then_success(server):
    server.fail("/data.txt", 429, times=2, retry_after="2")
    sleeps = Sleeps()
    client = HttpClient(sleep=sleeps)
    resp = client.send(Request(server.url("/data.txt")))
    assert resp.status == 200 and len(resp.body) == 6000
    assert [e.status for e in server.requests("/data.txt")] == [429, 429, 200]
    assert sleeps.total == pytest.approx(4.0)        # Retry-After honoured twice, not the 0.5/1 s back-off


def test_500_every_time_gives_a_network_error_naming_the_url(server):
    server.fail("/data.txt", 500, times=10)
    sleeps = Sleeps()
    client = HttpClient(policy=RetryPolicy(attempts=4, base_delay=0.5), sleep=sleeps)
    with pytest.raises(NetworkError) as err:
        client.send(Request(server.url("/data.txt")))
    msg = str(err.value)
    assert server.url("/data.txt") in msg and "HTTP 500" in msg and "4 attempts" in msg
    assert len(server.requests("/data.txt")) == 4
    assert sleeps.total == pytest.approx(0.5 + 1.0 + 2.0)


def test_404_is_not_retried(server):
    sleeps = Sleeps()
    with pytest.raises(NetworkError) as err:
        HttpClient(sleep=sleeps).send(Request(server.url("/moved.csv")))
    assert "HTTP 404" in str(err.value) and "no longer at this address" in str(err.value)
    assert len(server.requests("/moved.csv")) == 1 and sleeps.calls == []


def test_timeout_is_retried_then_reported(server):
    server.slow("/data.txt", 1.5, times=1)
    client = HttpClient(policy=RetryPolicy(attempts=3, base_delay=0.01))
    resp = client.send(Request(server.url("/data.txt"), timeout=0.6))
    assert resp.status == 200
    assert client.requests_sent == 2

    server.slow("/data.txt", 1.5, times=2)
    client = HttpClient(policy=RetryPolicy(attempts=2, base_delay=0.01))
    with pytest.raises(NetworkError) as err:
        client.send(Request(server.url("/data.txt"), timeout=0.6))
    assert "timed out" in str(err.value) and server.url("/data.txt") in str(err.value)


def test_connection_refused_is_a_clear_error():
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()                        # nothing listens there now
    client = HttpClient(policy=RetryPolicy(attempts=2, base_delay=0.01))
    with pytest.raises(NetworkError) as err:
        client.send(Request(f"http://127.0.0.1:{port}/x.csv", timeout=2))
    assert f"127.0.0.1:{port}/x.csv" in str(err.value) and "cannot connect" in str(err.value)


def test_cancel_during_back_off_stops_without_more_requests(server):
    server.fail("/data.txt", 503, times=10)
    client = HttpClient(policy=RetryPolicy(attempts=5, base_delay=1.0), sleep=lambda s: None)
    with pytest.raises(Cancelled):
        # 1 check before the first try, then the 0.2 s steps of the 1 s back-off
        client.send(Request(server.url("/data.txt")), feedback=StopAfter(3))
    assert len(server.requests("/data.txt")) == 1


def test_invalid_url_is_refused_at_once():
    with pytest.raises(NetworkError, match="invalid URL 'data.geopf.fr/geocodage/search/'"):
        HttpClient(sleep=lambda s: None).send(Request("data.geopf.fr/geocodage/search/"))
