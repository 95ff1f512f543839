"""Network access of the headless engine: an injectable fetch function, rate limiting and retries,
the BAN geocoder client and the "download my territory" action.

The core never talks to QGIS: headless it uses :func:`http.urllib_fetch`; inside QGIS the
caller passes ``plugin.qgis_bridge.network.qgis_fetch`` so that proxy, SSL and authentication
settings apply.
"""
