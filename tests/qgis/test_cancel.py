"""Cancel really cancels (issue 16): every long algorithm stops at the next check after the user
presses cancel — before it starts, at its first progress report, or at its first log line — says
so, reaches no further progress, and leaves none of the files it began to write.

The check points are counted in work, not timed (no wall-clock assertion on a shared machine):
the loops check every 2,000 features, and every progress report is a check point.
"""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.qgis


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    from terridiag.plugin.core.demo.generator import generate

    folder = tmp_path_factory.mktemp("demo")
    return generate(folder)


@pytest.fixture(scope="module")
def layers(demo, tmp_path_factory, qgis_app, qgis_processing):
    """The demo territory imported as GeoPackage layers (as the dock does), once."""
    import sys
    from pathlib import Path

    import processing
    from qgis.core import QgsVectorLayer
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "support"))
    from provider_registry import registered_provider
    registered_provider()

    out = tmp_path_factory.mktemp("layers")
    made = {}
    for key, alg, src in (("communes", "import_communes", demo["communes"]),
                          ("addresses", "import_addresses", demo["addresses"]),
                          ("services", "import_services", demo["france_services"])):
        path = out / f"{key}.gpkg"
        processing.run(f"terridiag:{alg}", {"INPUT": str(src), "OUTPUT": str(path)})
        made[key] = QgsVectorLayer(str(path), key, "ogr")
        assert made[key].isValid()
    diag = out / "diag.gpkg"
    processing.run("terridiag:diagnosis", {"COMMUNES": made["communes"], "ADDRESSES": made["addresses"],
                                           "SERVICES": made["services"], "FSCA": False, "OUTPUT": str(diag)})
    made["diagnosis"] = QgsVectorLayer(str(diag), "diagnosis", "ogr")
    yield made
    from qgis.core import QgsProject
    QgsProject.instance().addMapLayers(list(made.values()), False)
    QgsProject.instance().removeAllMapLayers()


def _runs(demo, layers, out, shared):
    runs = {
        "import_addresses": {"INPUT": str(demo["addresses"]), "OUTPUT": str(out / "a.gpkg")},
        "import_services": {"INPUT": str(demo["france_services"]), "OUTPUT": str(out / "s.gpkg")},
        "import_communes": {"INPUT": str(demo["communes"]), "POPULATION": str(demo["communes_population"]),
                            "OUTPUT": str(out / "c.gpkg")},
        "diagnosis": {"COMMUNES": layers["communes"], "ADDRESSES": layers["addresses"],
                      "SERVICES": layers["services"], "ROADS": str(demo["roads_osm"]), "OUTPUT": str(out / "d.gpkg")},
        "coverage": {"ADDRESSES": layers["addresses"], "SERVICES": layers["services"],
                     "COMMUNES": layers["communes"], "OUTPUT": str(out / "cov.gpkg")},
        "network_coverage": {"ADDRESSES": layers["addresses"], "SERVICES": layers["services"],
                             "ROADS": str(demo["roads_osm"]), "OUTPUT": str(out / "net.gpkg")},
        "accessibility_2sfca": {"DEMAND": layers["addresses"], "SERVICES": layers["services"],
                                "OUTPUT": str(out / "f.gpkg")},
        "export": {"COMMUNES": layers["diagnosis"], "SERVICES": layers["services"],
                   "OUTPUT_GPKG": str(out / "e.gpkg"), "OUTPUT_CSV": str(out / "e.csv"),
                   "OUTPUT_XLSX": str(out / "e.xlsx")},
        "web_map": {"COMMUNES": layers["diagnosis"], "SERVICES": layers["services"], "INDICATOR": "share_within",
                    "OUTPUT": str(out / "m.html")},
        "report": {"COMMUNES": layers["diagnosis"], "INDICATOR": "share_within",
                   "OUTPUT_HTML": str(out / "r.html"), "OUTPUT_PDF": str(out / "r.pdf")},
        "demo_territory": {"OUTPUT_FOLDER": str(out / "demo")},
    }
    if shared is not None:
        runs["import_connectivity"] = {
            "INPUT": str(shared / "national" / "sites_mobiles_2G_3G_4G_2018-01_metropole_L93.csv"),
            "OUTPUT": str(out / "sites.gpkg")}
    return runs


class _CancelAt:
    """A feedback that cancels itself at a moment of the run, and records the progress after."""

    def __init__(self, when: str):
        from qgis.core import QgsProcessingFeedback

        class Feedback(QgsProcessingFeedback):
            def pushInfo(inner, info):   # noqa: N802,N805
                super().pushInfo(info)
                if when == "log":
                    self._cancel("log")

        self.feedback = Feedback()
        self.fired = None
        self.after = []
        self.feedback.progressChanged.connect(self._progress)
        if when == "before":
            self._cancel("before")
        self.when = when

    def _cancel(self, why):
        if self.fired is None:
            self.fired = why
            self.feedback.cancel()

    def _progress(self, value):
        if self.fired is not None:
            self.after.append(value)
        elif self.when == "progress" and value > 0:
            self._cancel("progress")


ALGS = ("import_addresses", "import_connectivity", "import_services", "import_communes", "diagnosis", "coverage",
        "network_coverage", "accessibility_2sfca", "export", "web_map", "report", "demo_territory")


@pytest.mark.parametrize("when", ["before", "progress", "log"])
@pytest.mark.parametrize("alg", ALGS)
def test_cancel_stops_and_leaves_nothing(demo, layers, tmp_path, alg, when, request):
    import processing
    from qgis.core import QgsProcessingException

    shared = None
    if alg == "import_connectivity":
        shared = request.getfixturevalue("shared_data")
    params = _runs(demo, layers, tmp_path, shared)[alg]
    cancel = _CancelAt(when)
    with pytest.raises(QgsProcessingException) as exc:
        processing.run(f"terridiag:{alg}", params, feedback=cancel.feedback)
    assert cancel.fired, f"{alg} finished without a {when} moment to cancel at"
    assert "cancelled by the user" in str(exc.value), str(exc.value)
    assert not cancel.after or max(cancel.after) < 100, cancel.after      # stopped, did not finish
    assert sorted(p.name for p in tmp_path.iterdir()) == [], f"{alg} left files behind"
