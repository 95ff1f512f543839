"""A core ``Fetch`` that goes through QGIS's network stack.

``QgsBlockingNetworkRequest`` uses QgsNetworkAccessManager, so the proxy, SSL (custom CAs,
ignored errors) and authentication settings of QGIS apply, and it works from the worker
thread of a Processing algorithm. The reply is held in memory by QGIS, so the body reaches the
request's sink in one piece (for a cut transfer: the part that arrived, which the cache then
resumes with a Range request).
"""
from __future__ import annotations

from qgis.core import QgsBlockingNetworkRequest, QgsFeedback, QgsNetworkAccessManager
from qgis.PyQt.QtCore import QByteArray, QUrl
from qgis.PyQt.QtNetwork import QNetworkReply, QNetworkRequest

from ..core.errors import Cancelled
from ..core.net.http import Request, Response, TransportError


def _qt_request(request: Request) -> QNetworkRequest:
    qreq = QNetworkRequest(QUrl(request.url))
    for name, value in request.all_headers().items():
        qreq.setRawHeader(name.encode("latin-1"), str(value).encode("latin-1"))
    # Qt follows redirects itself, keeping our headers (If-None-Match, Range, User-Agent);
    # otherwise QgsBlockingNetworkRequest re-issues a redirected request without them, and a file
    # behind a redirecting link (data.gouv.fr's /datasets/r/…) is downloaded in full every time
    qreq.setAttribute(QNetworkRequest.Attribute.RedirectPolicyAttribute,
                      QNetworkRequest.RedirectPolicy.NoLessSafeRedirectPolicy)
    # our cache decides what is fresh: never answer from Qt's disk cache
    qreq.setAttribute(QNetworkRequest.Attribute.CacheLoadControlAttribute,
                      QNetworkRequest.CacheLoadControl.AlwaysNetwork)
    qreq.setAttribute(QNetworkRequest.Attribute.CacheSaveControlAttribute, False)
    if hasattr(qreq, "setTransferTimeout"):          # Qt >= 5.15
        qreq.setTransferTimeout(int(request.timeout * 1000))
    return qreq


def _forget(*urls: str) -> None:
    """Drop the URLs from QGIS's HTTP disk cache. QgsBlockingNetworkRequest always lets Qt save
    replies there, and Qt may then answer from, or mix in, a copy our own cache (the one that
    revalidates and resumes) knows nothing of: the bytes we get must be the server's."""
    cache = QgsNetworkAccessManager.instance().cache()
    if cache is not None:
        for url in urls:
            if url:
                cache.remove(QUrl(url))


def make_qgis_fetch(authcfg: str = ""):
    """A fetch function; ``authcfg`` is the id of a QGIS authentication configuration, if any."""

    def qgis_fetch(request: Request) -> Response:
        blocking = QgsBlockingNetworkRequest()
        if authcfg:
            blocking.setAuthCfg(authcfg)
        qfb = QgsFeedback()
        stopped: list = []

        def on_progress(received, total):
            try:
                if request.progress is not None:
                    request.progress(int(received), int(total) if total and total > 0 else None)
                if request.feedback is not None and request.feedback.is_canceled():
                    raise Cancelled()
            except Cancelled as exc:        # a Qt slot must not raise: stop the request instead
                stopped.append(exc)
                qfb.cancel()

        blocking.downloadProgress.connect(on_progress)
        _forget(request.url)
        qreq = _qt_request(request)
        if request.method == "GET":
            code = blocking.get(qreq, True, qfb)
        elif request.method == "POST":
            code = blocking.post(qreq, QByteArray(request.body or b""), True, qfb)
        elif request.method == "HEAD" and hasattr(blocking, "head"):
            code = blocking.head(qreq, True, qfb)
        else:
            raise TransportError(f"method {request.method} not supported by the QGIS fetch", request.url)
        if stopped or (request.feedback is not None and request.feedback.is_canceled()):
            raise stopped[0] if stopped else Cancelled()
        reply = blocking.reply()
        status = reply.attribute(QNetworkRequest.Attribute.HttpStatusCodeAttribute)
        if status is None or (hasattr(status, "isNull") and status.isNull()) or int(status) == 0:
            # Qt reports its transfer time-out as "Operation canceled"; a user cancel was handled above
            timed_out = (code == QgsBlockingNetworkRequest.ErrorCode.TimeoutError
                         or reply.error() == QNetworkReply.NetworkError.OperationCanceledError)
            kind = "timed out" if timed_out else "cannot connect"
            raise TransportError(f"{kind} ({blocking.errorMessage() or reply.errorString()})", request.url)
        headers = {bytes(name).decode("latin-1").lower(): bytes(reply.rawHeader(name)).decode("latin-1")
                   for name in reply.rawHeaderList()}
        body = bytes(reply.content())
        status = int(status)
        length = headers.get("content-length", "")
        if 200 <= status < 300 and length.isdigit() and len(body) < int(length):
            # hand over what arrived so that the cache resumes from there with a Range request
            if request.sink is not None and body:
                if request.on_headers is not None:
                    request.on_headers(status, headers)
                request.sink(body)
            raise TransportError(f"connection cut after {len(body)} of {length} bytes", request.url,
                                 partial=bool(body) and request.sink is not None)
        final_url = reply.request().url().toString() or request.url     # after redirects
        _forget(request.url, final_url)
        conditional = {k.lower() for k in request.headers} & {"if-none-match", "if-modified-since"}
        if conditional and reply.attribute(QNetworkRequest.Attribute.SourceIsFromCacheAttribute):
            # the server said 304 and Qt substituted its own cached copy: report the 304
            return Response(final_url, 304, headers, b"", 0)
        if request.sink is not None and 200 <= status < 300:
            if request.on_headers is not None:
                request.on_headers(status, headers)
            request.sink(body)
            if request.progress is not None:
                request.progress(len(body), len(body) or None)
            return Response(final_url, status, headers, b"", len(body))
        return Response(final_url, status, headers, body, len(body))

    return qgis_fetch


qgis_fetch = make_qgis_fetch()
