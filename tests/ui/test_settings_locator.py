"""Settings page (QgsSettings round trip, core override) and the BAN locator filter offline."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.qgis


def test_options_page_saves_and_applies(qgis_app, qtbot, monkeypatch):
    from qgis.core import QgsSettings

    from terridiag.plugin.core.net import settings as net_settings
    from terridiag.plugin.gui import settings
    from terridiag.plugin.gui.options import OptionsFactory, OptionsPage

    saved = {k: QgsSettings().value(settings.PREFIX + k) for k in ("geocoder_url", "distance_km", "log_level")}
    try:
        assert OptionsFactory().title() == "TerriDiag"
        page = OptionsPage()
        qtbot.addWidget(page)
        page.form.geocoderEdit.setText("http://127.0.0.1:9/geocodage")
        page.form.distanceSpin.setValue(7.5)
        page.form.logCombo.setCurrentIndex(page.form.logCombo.findData("warning"))
        page.apply()
        prefs = settings.load()
        assert (prefs.geocoder_url, prefs.distance_km, prefs.log_level) == ("http://127.0.0.1:9/geocodage", 7.5, "warning")
        assert net_settings.geocoder_base_url() == "http://127.0.0.1:9/geocodage"
        assert settings.should_log("critical") and not settings.should_log("info")
        # a bad extra threshold is refused and nothing is saved
        from qgis.PyQt.QtWidgets import QMessageBox
        monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: None)
        page.form.extraDistanceEdit.setText("10, abc")
        page.form.distanceSpin.setValue(9.0)
        page.apply()
        assert settings.load().distance_km == 7.5
    finally:
        for k, v in saved.items():
            if v is None:
                QgsSettings().remove(settings.PREFIX + k)
            else:
                QgsSettings().setValue(settings.PREFIX + k, v)
        net_settings.set_override("geocoder_url", None)


def test_parse_numbers():
    from terridiag.plugin.gui.settings import parse_numbers

    assert parse_numbers("10, 20;2,5") == [10.0, 20.0, 2.0, 5.0]
    assert parse_numbers(" ") == []
    with pytest.raises(ValueError):
        parse_numbers("-3")


def test_locator_offline_says_so_once(qgis_app):
    from qgis.core import QgsFeedback

    from terridiag.plugin.core.errors import NetworkError
    from terridiag.plugin.gui import locator

    calls = []

    class Down:
        def search(self, *a, **k):
            calls.append(a)
            raise NetworkError("connection refused", path="http://127.0.0.1:9/search/")

    locator._Offline.reset()
    flt = locator.AddressLocatorFilter(None, geocoder_factory=Down)
    got = []
    flt.resultFetched.connect(lambda r: got.append(r.displayString))
    flt.fetchResults("8 bd du port", None, QgsFeedback())
    flt.fetchResults("8 bd du port amiens", None, QgsFeedback())   # quiet now: no request, no line
    assert got == ["Address search unavailable: no network"]
    assert len(calls) == 1
    locator._Offline.reset()


def test_locator_lists_results(qgis_app):
    from qgis.core import QgsFeedback

    from terridiag.plugin.core.net.geocoder import GeocodeResult
    from terridiag.plugin.gui import locator

    class Up:
        def search(self, q, limit=5, autocomplete=False):
            return [GeocodeResult("8 Boulevard du Port 80000 Amiens", 0.97, "housenumber", 2.29, 49.89,
                                  context="80, Somme")]

    locator._Offline.reset()
    flt = locator.AddressLocatorFilter(None, geocoder_factory=Up)
    got = []
    flt.resultFetched.connect(lambda r: got.append((r.displayString, r.userData["lat"])))
    flt.fetchResults("ab", None, QgsFeedback())      # too short: nothing
    flt.fetchResults("8 bd du port", None, QgsFeedback())
    assert got == [("8 Boulevard du Port 80000 Amiens", 49.89)]
