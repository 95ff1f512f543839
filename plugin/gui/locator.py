"""Locator filter: type an address in the QGIS locator bar, get BAN suggestions, zoom to one.

Requests go through QGIS's network stack (``qgis_bridge.network.qgis_fetch``: proxy, SSL and
authentication settings apply). Without network the filter says so once, as a single
non-actionable line, logs it, and stays quiet for a while instead of failing on every keystroke.
"""
from __future__ import annotations

import threading
import time

from qgis.core import (QgsCoordinateReferenceSystem, QgsCoordinateTransform, QgsLocatorFilter,
                       QgsLocatorResult, QgsPointXY, QgsProject, QgsRectangle)

from ..core.errors import NetworkError, TerriDiagError
from ..log import log
from ..i18n import tr

QUIET_SECONDS = 120.0


def _fetch():
    try:
        from ..qgis_bridge.network import qgis_fetch
    except ImportError:  # the bridge lands with the network area; the core's fetch works meanwhile
        return None
    return qgis_fetch


class _Offline:
    """Shared by every clone of the filter (QGIS clones it for each search)."""
    lock = threading.Lock()
    until = 0.0

    @classmethod
    def note(cls) -> bool:
        """Record an outage; True if it is the first one of the quiet period (say it then)."""
        with cls.lock:
            now = time.monotonic()
            first = now >= cls.until
            cls.until = now + QUIET_SECONDS
            return first

    @classmethod
    def quiet(cls) -> bool:
        with cls.lock:
            return time.monotonic() < cls.until

    @classmethod
    def reset(cls) -> None:
        with cls.lock:
            cls.until = 0.0


class AddressLocatorFilter(QgsLocatorFilter):
    MIN_CHARS = 3

    def __init__(self, iface=None, geocoder_factory=None):
        super().__init__()
        self.iface = iface
        self.geocoder_factory = geocoder_factory
        if hasattr(self, "setFetchResultsDelay"):
            self.setFetchResultsDelay(350)   # wait for the user to pause typing (QGIS >= 3.18)

    def clone(self):
        return AddressLocatorFilter(self.iface, self.geocoder_factory)

    def name(self):
        return "terridiag_ban"

    def displayName(self):  # noqa: N802 (QGIS API name)
        return tr("French addresses (BAN)")

    def prefix(self):
        return "ban"

    def priority(self):
        return QgsLocatorFilter.Priority.Low

    def _geocoder(self):
        if self.geocoder_factory is not None:
            return self.geocoder_factory()
        from ..core.net.geocoder import Geocoder

        return Geocoder(fetch=_fetch(), timeout=8.0)

    def fetchResults(self, string, context, feedback):  # noqa: N802 (QGIS API name)
        text = (string or "").strip()
        if len(text) < self.MIN_CHARS or _Offline.quiet():
            return
        try:
            results = self._geocoder().search(text, limit=6, autocomplete=True)
        except NetworkError as exc:
            if _Offline.note():
                log(tr("Address search: the geocoder cannot be reached ({error}). TerriDiag stays quiet "
                       "for two minutes.").format(error=exc))
                item = QgsLocatorResult(self, tr("Address search unavailable: no network"), None)
                item.group = tr("French addresses (BAN)")
                self.resultFetched.emit(item)
            return
        except TerriDiagError as exc:
            log(str(exc))
            return
        if feedback is not None and feedback.isCanceled():
            return
        for r in results:
            if r.lon is None or r.lat is None:
                continue
            item = QgsLocatorResult(self, r.label, {"lon": r.lon, "lat": r.lat, "type": r.type})
            item.description = f"{r.context} — {tr('score')} {r.score:.2f}" if r.context else ""
            item.score = float(r.score)
            self.resultFetched.emit(item)

    def triggerResult(self, result):  # noqa: N802 (QGIS API name)
        data = result.userData
        if not isinstance(data, dict) or self.iface is None:
            return
        canvas = self.iface.mapCanvas()
        dest = canvas.mapSettings().destinationCrs()
        point = QgsPointXY(float(data["lon"]), float(data["lat"]))
        if dest.isValid() and dest.authid() != "EPSG:4326":
            transform = QgsCoordinateTransform(QgsCoordinateReferenceSystem("EPSG:4326"), dest,
                                               QgsProject.instance())
            point = transform.transform(point)
        # a house number gets a close view, a commune a wide one (map units are metres in L93)
        half = {"housenumber": 150.0, "street": 400.0, "locality": 800.0}.get(data.get("type"), 3000.0)
        if dest.isGeographic():
            half /= 111_000.0
        canvas.setExtent(QgsRectangle(point.x() - half, point.y() - half, point.x() + half, point.y() + half))
        canvas.refresh()
