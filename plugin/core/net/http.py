"""HTTP for the core: a ``Fetch`` function type, a urllib implementation, a token-bucket rate
limiter and a client that retries with exponential back-off.

A fetch function performs ONE exchange: it returns a :class:`Response` for any HTTP status
(including 4xx/5xx and 304) and raises :class:`TransportError` when no complete answer came
(refused, timed out, connection cut mid-body). Everything above it (retries, rate limits,
error messages) lives in :class:`HttpClient`, so the QGIS fetch and the urllib fetch behave the
same.
"""
from __future__ import annotations

import http.client
import socket
import threading
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import Callable, Optional, Union

from ..errors import Cancelled, NetworkError
from ..progress import Feedback, ensure

USER_AGENT = "TerriDiag (QGIS plugin; +https://github.com/terridiag)"
CHUNK = 1 << 16


@dataclass
class Request:
    url: str
    method: str = "GET"
    headers: dict = field(default_factory=dict)
    body: Optional[bytes] = None
    timeout: float = 60.0
    range_start: Optional[int] = None       # sends ``Range: bytes=N-``
    # Streaming: when ``sink`` is set the body goes to it chunk by chunk (Response.body stays
    # empty), so a cut transfer keeps what arrived; ``on_headers(status, lower-case headers)`` is
    # called before the first sink call of a 2xx answer. ``progress(received, total_or_None)``
    # may raise Cancelled to abort.
    sink: Optional[Callable[[bytes], None]] = None
    on_headers: Optional[Callable[[int, dict], None]] = None
    progress: Optional[Callable[[int, Optional[int]], None]] = None
    feedback: Optional[Feedback] = None

    def all_headers(self) -> dict:
        headers = {"User-Agent": USER_AGENT}
        headers.update(self.headers)
        if self.range_start:
            headers["Range"] = f"bytes={int(self.range_start)}-"
        return headers


@dataclass
class Response:
    url: str                       # final URL (after redirects)
    status: int
    headers: dict                  # lower-case names
    body: bytes = b""
    received: int = 0              # body bytes received (also when streamed to a sink)

    def header(self, name: str, default: str = "") -> str:
        return self.headers.get(name.lower(), default)

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    def text(self, encoding: str = "utf-8") -> str:
        return self.body.decode(encoding, errors="replace")


class TransportError(Exception):
    """No complete HTTP answer (refused, DNS, time-out, connection cut). Always retryable."""

    def __init__(self, message: str, url: str = "", partial: bool = False):
        super().__init__(message)
        self.url = url
        self.partial = partial       # some body bytes were delivered to the sink


Fetch = Callable[[Request], Response]


def _lower(headers) -> dict:
    return {k.lower(): v for k, v in headers.items()}


def _stream(resp, request: Request, url: str) -> tuple[bytes, int]:
    """Read a response body into memory or the request's sink; report progress."""
    total = resp.headers.get("Content-Length")
    total = int(total) if total and total.isdigit() else None
    parts, received = [], 0
    while True:
        try:
            chunk = resp.read(CHUNK)
        except http.client.IncompleteRead as exc:
            if exc.partial:
                if request.sink:
                    request.sink(exc.partial)
                received += len(exc.partial)
            raise TransportError(f"connection cut after {received} bytes", url, partial=received > 0)
        except (socket.timeout, TimeoutError, ConnectionError, OSError) as exc:
            raise TransportError(f"transfer interrupted ({exc})", url, partial=received > 0)
        if not chunk:
            break
        received += len(chunk)
        if request.sink:
            request.sink(chunk)
        else:
            parts.append(chunk)
        if request.progress:
            request.progress(received, total)
        if request.feedback is not None and request.feedback.is_canceled():
            raise Cancelled()
    if total is not None and received < total:
        raise TransportError(f"connection cut after {received} of {total} bytes", url,
                             partial=received > 0)
    return b"".join(parts), received


def urllib_fetch(request: Request) -> Response:
    """Default fetch with the standard library (proxy from the environment, system CA store)."""
    try:
        req = urllib.request.Request(request.url, data=request.body, method=request.method,
                                     headers=request.all_headers())
    except ValueError as exc:              # "unknown url type": not worth retrying
        raise NetworkError(f"invalid URL {request.url!r} ({exc})", path=request.url,
                           hint="check the URL in the TerriDiag settings") from exc
    try:
        resp = urllib.request.urlopen(req, timeout=request.timeout)
    except urllib.error.HTTPError as exc:       # 4xx/5xx/304: still an HTTP answer
        try:
            body = exc.read() if exc.fp is not None else b""
        except (OSError, http.client.HTTPException):
            body = b""
        return Response(exc.geturl() or request.url, exc.code, _lower(exc.headers or {}), body,
                        len(body))
    except urllib.error.URLError as exc:
        raise TransportError(f"cannot connect ({exc.reason})", request.url) from exc
    except (socket.timeout, TimeoutError) as exc:
        raise TransportError("timed out", request.url) from exc
    except (ConnectionError, http.client.HTTPException, OSError) as exc:
        raise TransportError(f"connection failed ({exc})", request.url) from exc
    with resp:
        headers = _lower(resp.headers)
        if request.sink is not None and request.on_headers is not None:
            request.on_headers(resp.status, headers)
        body, received = _stream(resp, request, request.url)
        return Response(resp.geturl(), resp.status, headers, body, received)


class RateLimiter:
    """Token bucket shared by all the requests to one service (the BAN API asks for ≤ 50/s)."""

    def __init__(self, rate: float = 50.0, burst: Optional[float] = None,
                 clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep):
        if rate <= 0:
            raise ValueError("rate must be positive")
        self.rate = float(rate)
        self.capacity = float(burst if burst is not None else max(1.0, rate / 10))
        self._tokens = self.capacity
        self._clock, self._sleep = clock, sleep
        self._last = clock()
        self._lock = threading.Lock()

    def acquire(self) -> float:
        """Take one token, sleeping if needed; returns the time slept."""
        with self._lock:
            now = self._clock()
            self._tokens = min(self.capacity, self._tokens + (now - self._last) * self.rate)
            self._last = now
            wait = 0.0
            if self._tokens < 1.0:
                wait = (1.0 - self._tokens) / self.rate
                self._sleep(wait)
                self._last = self._clock()
                self._tokens = 0.0
            else:
                self._tokens -= 1.0
            return wait


@dataclass
class RetryPolicy:
    attempts: int = 5                     # total tries, first one included
    base_delay: float = 0.5               # seconds, doubled at each retry
    max_delay: float = 30.0
    max_retry_after: float = 120.0        # do not sleep longer than this on a Retry-After
    retry_statuses: tuple = (408, 425, 429, 500, 502, 503, 504)

    def delay(self, attempt: int, retry_after: Optional[float] = None) -> float:
        """Seconds to wait before try ``attempt + 1`` (attempt counts from 1)."""
        if retry_after is not None:
            return min(max(0.0, retry_after), self.max_retry_after)
        return min(self.max_delay, self.base_delay * (2 ** (attempt - 1)))


def parse_retry_after(value: str, now: Optional[float] = None) -> Optional[float]:
    """Retry-After as seconds: either a number or an HTTP date."""
    value = (value or "").strip()
    if not value:
        return None
    if value.replace(".", "", 1).isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value).timestamp()
    except (TypeError, ValueError, IndexError):
        return None
    return max(0.0, when - (time.time() if now is None else now))


def _status_hint(status: int) -> str:
    if status in (401, 403):
        return "access refused: check the proxy/authentication settings of QGIS"
    if status == 404:
        return "the file is no longer at this address: check the URL in the settings, the producer may have moved it"
    if status == 429:
        return "the service limits the request rate: wait a minute and try again"
    if status >= 500:
        return "the server is failing: try again later"
    return "check the URL and the network settings"


class HttpClient:
    """Rate-limited fetch with bounded retries on 429/5xx/time-outs and cancellation."""

    def __init__(self, fetch: Optional[Fetch] = None, limiter: Optional[RateLimiter] = None,
                 policy: Optional[RetryPolicy] = None,
                 sleep: Callable[[float], None] = time.sleep):
        self.fetch = fetch or urllib_fetch
        self.limiter = limiter
        self.policy = policy or RetryPolicy()
        self._sleep = sleep
        self.requests_sent = 0

    def _wait(self, seconds: float, feedback: Feedback) -> None:
        """Sleep in short steps so that a cancel is seen quickly."""
        left = seconds
        while left > 0:
            feedback.check()
            step = min(left, 0.2)
            self._sleep(step)
            left -= step
        feedback.check()

    def send(self, request: Union[Request, Callable[[], Request]],
             feedback: Optional[Feedback] = None, ok_statuses: tuple = ()) -> Response:
        """Send with retries. ``request`` may be a factory called before every try (a resumed
        download changes its Range). Returns 2xx, 304 or a status in ``ok_statuses``; raises
        NetworkError naming the URL otherwise, Cancelled when the user stops."""
        fb = ensure(feedback)
        make = request if callable(request) else (lambda: request)
        last_problem, url = "", ""
        for attempt in range(1, self.policy.attempts + 1):
            fb.check()
            req = make()
            url = req.url
            if req.feedback is None:
                req.feedback = fb
            if self.limiter is not None:
                self.limiter.acquire()
            self.requests_sent += 1
            retry_after = None
            try:
                resp = self.fetch(req)
            except TransportError as exc:
                last_problem = str(exc)
            else:
                if resp.ok or resp.status == 304 or resp.status in ok_statuses:
                    return resp
                if resp.status not in self.policy.retry_statuses:
                    raise NetworkError(f"HTTP {resp.status} for {url}", path=url,
                                       hint=_status_hint(resp.status))
                last_problem = f"HTTP {resp.status}"
                retry_after = parse_retry_after(resp.header("retry-after"))
            if attempt < self.policy.attempts:
                wait = self.policy.delay(attempt, retry_after)
                fb.info(f"{url}: {last_problem}, retry {attempt + 1}/{self.policy.attempts} in {wait:.1f} s")
                self._wait(wait, fb)
        status = int(last_problem[5:]) if last_problem.startswith("HTTP ") else 0
        raise NetworkError(f"{last_problem} for {url} (gave up after {self.policy.attempts} attempts)",
                           path=url, hint=_status_hint(status) if status else
                           "check the network connection and the proxy settings of QGIS")


def encode_multipart(fields: list, files: list) -> tuple[bytes, str]:
    """multipart/form-data body. ``fields``: [(name, value)] (names may repeat);
    ``files``: [(name, filename, bytes, content_type)]. Returns (body, content-type header)."""
    boundary = "----terridiag" + uuid.uuid4().hex
    out = []
    for name, value in fields:
        out.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                   .encode("utf-8"))
        out.append(str(value).encode("utf-8") + b"\r\n")
    for name, filename, data, ctype in files:
        out.append((f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                    f'filename="{filename}"\r\nContent-Type: {ctype}\r\n\r\n').encode("utf-8"))
        out.append(data + b"\r\n")
    out.append(f"--{boundary}--\r\n".encode("ascii"))
    return b"".join(out), f"multipart/form-data; boundary={boundary}"
