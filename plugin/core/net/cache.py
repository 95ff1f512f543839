"""A download cache: conditional requests, resumable transfers, integrity checks.

One published URL = one cached file plus a ``.meta.json`` sidecar (url, ETag, Last-Modified,
size, sha256, dates). A transfer goes to ``<file>.part`` (its validators in ``.part.json``) and
is renamed over the cached file only once complete and verified, so a crash, a cut connection
or a cancel never leaves a half file under the final name; the next run resumes the ``.part``
with an HTTP Range request (``If-Range`` guards against a file changed in between).
"""
from __future__ import annotations

import hashlib
import json
import os
import time
import zlib
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable, Optional
from urllib.parse import urlsplit

from ..errors import NetworkError
from ..progress import Feedback, ensure
from .http import HttpClient, Request, TransportError


@dataclass
class CachedFile:
    url: str
    path: str
    final_url: str = ""
    size: int = 0
    sha256: str = ""
    etag: str = ""
    last_modified: str = ""
    content_type: str = ""
    fetched_at: str = ""           # ISO date of the last full transfer
    checked_at: str = ""           # ISO date of the last request (304 included)
    from_cache: bool = False       # True when this run got a 304 (no body transferred)
    resumed_from: int = 0          # bytes already in the .part when this transfer started

    def to_dict(self) -> dict:
        return asdict(self)


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def _safe(text: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in text)[:80] or "file"


def cache_path(cache_dir: Path, url: str, name: str = "") -> Path:
    """``<cache>/<host>/<sha1(url)[:10]>_<name>``: one file per URL, readable names."""
    parts = urlsplit(url)
    host = _safe(parts.netloc.replace(":", "_"))
    name = name or Path(parts.path).name or "index"
    digest = hashlib.sha1(url.encode("utf-8")).hexdigest()[:10]
    return Path(cache_dir) / host / f"{digest}_{_safe(name)}"


def _read_json(path: Path) -> Optional[dict]:
    try:
        with open(path, encoding="utf-8") as fh:
            return json.load(fh)
    except (OSError, ValueError):
        return None


def _write_json(path: Path, data: dict) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False, indent=1)
    os.replace(tmp, path)


def verify(path: Path, url: str) -> str:
    """Integrity of a complete download; returns its sha256. gzip is fully decompressed (CRC and
    length checked); JSON must parse; a text file must not be an HTML error page."""
    sha = hashlib.sha256()
    with open(path, "rb") as fh:
        head = fh.read(2)
        fh.seek(0)
        if head == b"\x1f\x8b":
            d = zlib.decompressobj(16 + zlib.MAX_WBITS)
            try:
                for block in iter(lambda: fh.read(1 << 20), b""):
                    sha.update(block)
                    data = block
                    while data:          # concatenated gzip members
                        d.decompress(data)
                        data = d.unused_data
                        if data:
                            d = zlib.decompressobj(16 + zlib.MAX_WBITS)
                if not d.eof:
                    raise NetworkError(f"the gzip file from {url} is truncated", path=url,
                                       hint="download it again (delete the cache folder if it persists)")
            except zlib.error as exc:
                raise NetworkError(f"the gzip file from {url} is damaged ({exc})", path=url,
                                   hint="download it again (delete the cache folder if it persists)") from exc
            return sha.hexdigest()
        for block in iter(lambda: fh.read(1 << 20), b""):
            sha.update(block)
    if head == b"PK":
        # a zip (INSEE's files): every member's CRC checked, so a damaged archive is not cached
        import zipfile
        try:
            with zipfile.ZipFile(path) as zf:
                bad = zf.testzip()
        except (zipfile.BadZipFile, OSError, EOFError) as exc:
            raise NetworkError(f"the zip file from {url} is damaged or truncated ({exc})", path=url,
                               hint="download it again (delete the cache folder if it persists)") from exc
        if bad is not None:
            raise NetworkError(f"the zip file from {url} is damaged (member {bad})", path=url,
                               hint="download it again (delete the cache folder if it persists)")
        return sha.hexdigest()
    with open(path, "rb") as fh:
        start = fh.read(512).lstrip()
    low = start[:64].lower()
    if low.startswith(b"<!doctype html") or low.startswith(b"<html"):
        raise NetworkError(f"{url} returned a web page instead of the data file", path=url,
                           hint="a proxy or login page may be in the way: check the QGIS network settings")
    if start[:1] in (b"{", b"[") or path.suffix in (".json", ".geojson"):
        try:
            with open(path, encoding="utf-8") as fh:
                json.load(fh)
        except (ValueError, UnicodeDecodeError) as exc:
            raise NetworkError(f"the JSON from {url} is incomplete or invalid ({exc})", path=url,
                               hint="download it again") from exc
    return sha.hexdigest()


class _PartWriter:
    """Receives a transfer into the .part file; appends on 206, restarts on 200."""

    def __init__(self, part: Path, start: int):
        self.part, self.start = part, start
        self.fh = None
        self.status = 0
        self.expected: Optional[int] = None
        self.headers: dict = {}

    def on_headers(self, status: int, headers: dict) -> None:
        self.status, self.headers = status, headers
        length = headers.get("content-length", "")
        length = int(length) if length.isdigit() else None
        if status == 206:
            rng = headers.get("content-range", "")      # bytes START-END/TOTAL
            try:
                first = int(rng.split()[1].split("-")[0])
            except (IndexError, ValueError):
                first = -1
            if first != self.start:
                raise TransportError(f"server resumed at byte {first} instead of {self.start}")
            self.fh = open(self.part, "ab")
            self.expected = None if length is None else self.start + length
        else:
            self.start = 0
            self.fh = open(self.part, "wb")
            self.expected = length
            validators = {k: headers.get(k, "") for k in ("etag", "last-modified")}
            _write_json(self.part.with_name(self.part.name + ".json"), validators)

    def write(self, chunk: bytes) -> None:
        if self.fh is None:                  # a fetch that did not announce the headers
            self.on_headers(200, {})
        self.fh.write(chunk)

    def close(self) -> None:
        if self.fh is not None:
            self.fh.close()
            self.fh = None


class DownloadCache:
    """Fetch URLs into a cache folder, at most one body transfer per unchanged file."""

    def __init__(self, cache_dir: Path | str, client: Optional[HttpClient] = None,
                 timeout: float = 120.0):
        self.dir = Path(cache_dir)
        self.client = client or HttpClient()
        self.timeout = timeout

    def fetch(self, url: str, name: str = "", feedback: Optional[Feedback] = None,
              progress: Optional[Callable[[float], None]] = None) -> CachedFile:
        """The cached copy of ``url``, refreshed with a conditional request. ``progress`` gets
        the fraction 0..1 of the body received."""
        fb = ensure(feedback)
        path = cache_path(self.dir, url, name)
        path.parent.mkdir(parents=True, exist_ok=True)
        meta_path = path.with_name(path.name + ".meta.json")
        part = path.with_name(path.name + ".part")
        part_meta = part.with_name(part.name + ".json")
        meta = _read_json(meta_path) if path.exists() else None
        if meta is not None and meta.get("url") != url:
            meta = None
        state = {"writer": None, "resumed": 0}

        def make() -> Request:
            if state["writer"] is not None:
                state["writer"].close()
            headers = {}
            start = part.stat().st_size if part.exists() else 0
            validators = _read_json(part_meta) if start else None
            if start and not validators:
                start = 0                      # cannot check the partial file is the same version
            if start:
                if_range = validators.get("etag") or validators.get("last-modified")
                if not if_range:
                    start = 0
                else:
                    headers["If-Range"] = if_range
            if not start and meta is not None:
                if meta.get("etag"):
                    headers["If-None-Match"] = meta["etag"]
                if meta.get("last_modified"):
                    headers["If-Modified-Since"] = meta["last_modified"]
            writer = _PartWriter(part, start)
            state["writer"], state["resumed"] = writer, start

            def report(received: int, total: Optional[int]) -> None:
                if progress is not None and total:
                    progress(min(1.0, received / total))
                fb.check()

            return Request(url, headers=headers, range_start=start or None, timeout=self.timeout,
                           sink=writer.write, progress=report, feedback=fb,
                           on_headers=writer.on_headers)

        try:
            resp = self.client.send(make, feedback=fb, ok_statuses=(416,))
            writer = state["writer"]
            writer.close()
        finally:
            if state["writer"] is not None:
                state["writer"].close()
        if resp.status == 304 and meta is not None:
            meta["checked_at"] = _now()
            _write_json(meta_path, meta)
            fb.info(f"{url}: not modified, using the cached copy")
            return CachedFile(**{**meta, "from_cache": True, "resumed_from": 0})
        if resp.status == 304:
            raise NetworkError(f"{url} answered 'not modified' to an unconditional request", path=url,
                               hint="delete the cache folder and download again")
        if resp.status == 416:                 # our .part is longer than the file: start again
            part.unlink(missing_ok=True)
            part_meta.unlink(missing_ok=True)
            return self.fetch(url, name, feedback, progress)
        if writer.fh is None and writer.status == 0:
            # fetch returned the body in memory (no streaming): store it
            writer.on_headers(resp.status, resp.headers)
            writer.write(resp.body)
            writer.close()
        size = part.stat().st_size if part.exists() else 0
        if writer.expected is not None and size != writer.expected:
            raise NetworkError(f"incomplete download of {url}: {size} of {writer.expected} bytes",
                               path=url, hint="run the download again: it resumes where it stopped")
        try:
            sha = verify(part, url)
        except NetworkError:
            part.unlink(missing_ok=True)       # a bad complete file must not be resumed
            part_meta.unlink(missing_ok=True)
            raise
        headers = writer.headers or resp.headers
        os.replace(part, path)
        part_meta.unlink(missing_ok=True)
        now = _now()
        cached = CachedFile(url=url, path=str(path), final_url=resp.url, size=size, sha256=sha,
                            etag=headers.get("etag", ""), last_modified=headers.get("last-modified", ""),
                            content_type=headers.get("content-type", ""), fetched_at=now,
                            checked_at=now, from_cache=False, resumed_from=state["resumed"])
        _write_json(meta_path, {k: v for k, v in cached.to_dict().items()
                                if k not in ("from_cache", "resumed_from")})
        return cached
