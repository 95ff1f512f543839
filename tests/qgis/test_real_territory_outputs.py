"""Real territories, the outputs' side (issue 11): on the open data of ../shared/data, the chain
import → diagnosis → web map, report, atlas (A4 and poster) and export runs through Processing, every
output algorithm called with its required parameters only (no INDICATOR, no METADATA), and the
outputs are checked for properties:

- every output lists the run's sources (France Services *and* mediation places, given as two
  layers), with the ODbL notice when OpenStreetMap data were used and never otherwise;
- the text says what the figures rest on, generated from the run's demand (IRIS for the Territoire
  de Belfort, one point per commune for the Sicoval: no sentence about addresses, which neither has);
- the atlas's legend has the web map's classes, and a commune at 100 % is never in the worst class;
- the report's territory figures are the diagnosis's (its whole-territory figures, the legal
  population summed from the source file), and a "—" comes with its footnote.

Territoire de Belfort: no addresses, an OSM extract of the south-east only, IRIS populations.
Sicoval: no addresses, no OSM, no IRIS.
"""
from __future__ import annotations

import csv
import json
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "support"))
from provider_registry import registered_provider  # noqa: E402

pytestmark = pytest.mark.qgis

TERRITORIES = {
    "territoire_90": {
        "communes": "communes_90_admin-express-2018_simplifie.geojson",
        "population": "communes_90_cog_population_epci.csv", "epci": "epci_90.json",
        "france_services": "france_services_90_20240801.csv",
        "mediation": "lieux_mediation_numerique_cnfs_90_2022-07.json",
        "arcep": "arcep_maconnexioninternet_commune_debit_90_2022-12-31.csv",
        "roads": "osm_sud_territoire_de_belfort_2011_josm.osm",
        "iris": ("iris_90_rp2016.geojson", "iris_90_fragility_inputs_rp2016.csv"),
        "poster_codes": "90010,90033",
    },
    "sicoval_31": {
        "communes": "communes_sicoval_admin-express-2018_simplifie.geojson",
        "population": "communes_sicoval_cog_population_epci.csv", "epci": "epci_sicoval.json",
        "france_services": "france_services_sicoval_20240801.csv",
        "mediation": "lieux_mediation_numerique_cnfs_sicoval_2022-07.json",
        "arcep": "arcep_maconnexioninternet_commune_debit_sicoval_2022-12-31.csv",
        "roads": None, "iris": None, "poster_codes": "31004,31025",
    },
}
NB, NNB = "\u00a0", "\u202f"


def _run(alg, params):
    import processing
    return processing.run(alg, params)


def _flat(text: str) -> str:
    """Text as read on the page: compatibility forms (no-break spaces, the "ﬁ" ligature of QGIS's
    PDF), runs of white space as one, without the em dashes and apostrophes that pdftotext cannot
    read back from matplotlib's PDF fonts, no space before "%" (pdftotext drops some), no hyphens
    (pdftotext joins a word cut at a line's end, "decoupage-" + "administratif")."""
    import unicodedata

    text = unicodedata.normalize("NFKC", str(text))
    text = text.replace("-", "")
    for ch in ("—", "’", "'"):
        text = text.replace(ch, " ")
    return re.sub(r"\s+%", "%", " ".join(text.split()))


def _pdf_text(path: Path) -> str:
    """The PDF's text in reading order (blocks: a legend's entries one after the other)."""
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module", params=list(TERRITORIES))
def territory(request, qgis_app, qgis_processing, shared_data, tmp_path_factory):
    """The whole chain on one territory; returns the run's paths, metadata and output texts."""
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils is not installed")
    registered_provider()
    name, spec = request.param, TERRITORIES[request.param]
    data = shared_data / name
    out = tmp_path_factory.mktemp(name)
    _run("terridiag:import_communes", {"INPUT": str(data / spec["communes"]), "POPULATION": str(data / spec["population"]),
                                       "EPCI": str(data / spec["epci"]), "OUTPUT": str(out / "communes.gpkg")})
    _run("terridiag:import_services", {"INPUT": str(data / spec["france_services"]), "OUTPUT": str(out / "fs.gpkg")})
    _run("terridiag:import_services", {"INPUT": str(data / spec["mediation"]), "OUTPUT": str(out / "med.gpkg")})
    _run("terridiag:import_connectivity", {"INPUT": str(data / spec["arcep"]), "OUTPUT": str(out / "arcep.gpkg")})
    params = {"COMMUNES": str(out / "communes.gpkg"), "SERVICES": [str(out / "fs.gpkg"), str(out / "med.gpkg")],
              "CONNECTIVITY": str(out / "arcep.gpkg"), "OUTPUT": str(out / "diag.gpkg"),
              "OUTPUT_SERVICES": str(out / "places.gpkg")}
    if spec["roads"]:
        params["ROADS"] = str(data / spec["roads"])
    if spec["iris"]:
        contours, census = spec["iris"]
        _run("terridiag:import_iris", {"INPUT": str(data / contours), "CENSUS": [str(data / census)],
                                       "COMMUNES": str(out / "communes.gpkg"), "OUTPUT": str(out / "iris.gpkg")})
        params["POPULATION"] = str(out / "iris.gpkg")
    meta = json.loads(_run("terridiag:diagnosis", params)["METADATA"])
    diag = str(out / "diag.gpkg")

    # the output algorithms with their required parameters only: no INDICATOR, no METADATA
    _run("terridiag:web_map", {"COMMUNES": diag, "OUTPUT": str(out / "map.html")})
    _run("terridiag:report", {"COMMUNES": diag, "OUTPUT_HTML": str(out / "report.html"),
                              "OUTPUT_PDF": str(out / "report.pdf")})
    _run("terridiag:atlas", {"COMMUNES": diag, "OUTPUT": str(out / "atlas.pdf")})
    _run("terridiag:atlas", {"COMMUNES": diag, "FORMAT": 1, "CODES": spec["poster_codes"],
                             "OUTPUT": str(out / "poster.pdf")})
    _run("terridiag:export", {"COMMUNES": diag, "OUTPUT_GPKG": str(out / "export.gpkg"),
                              "OUTPUT_XLSX": str(out / "export.xlsx")})
    # and a web map with the places the diagnosis used, as the dock makes it
    _run("terridiag:web_map", {"COMMUNES": diag, "SERVICES": str(out / "places.gpkg"),
                               "OUTPUT": str(out / "map_places.html")})

    con = sqlite3.connect(out / "export.gpkg")
    gpkg_meta = {k: json.loads(v) for k, v in con.execute("SELECT key, value FROM terridiag_metadata")}
    con.close()
    from openpyxl import load_workbook
    wb = load_workbook(out / "export.xlsx", read_only=True)
    xlsx = {name: [[c for c in row] for row in wb[name].iter_rows(values_only=True)] for name in wb.sheetnames}
    wb.close()
    texts = {"web map": (out / "map.html").read_text(encoding="utf-8"),
             "report (HTML)": (out / "report.html").read_text(encoding="utf-8"),
             "report (PDF)": _pdf_text(out / "report.pdf"), "atlas": _pdf_text(out / "atlas.pdf"),
             "poster": _pdf_text(out / "poster.pdf"),
             "export (GeoPackage)": json.dumps(gpkg_meta, ensure_ascii=False),
             "export (XLSX)": json.dumps(xlsx, ensure_ascii=False, default=str)}
    return {"name": name, "spec": spec, "data": data, "out": out, "meta": meta, "texts": texts, "gpkg": gpkg_meta,
            "xlsx": xlsx}


def _html_text(html: str) -> str:
    import html as _html
    return _flat(_html.unescape(re.sub(r"<[^>]+>", " ", html)))


def test_every_output_lists_its_sources_with_the_odbl_notice_when_osm_was_used(territory):
    from terridiag.plugin.core.presentation.sources import known_text, odbl_notice, uses_osm

    meta = territory["meta"]
    names = [s["source"] for s in meta["sources"]]
    # the two service layers each kept their source through the diagnosis
    assert any("France Services" in n for n in names) and any("médiation" in n for n in names), names
    osm = uses_osm(meta)
    assert osm == bool(territory["spec"]["roads"])
    notice = _flat(odbl_notice("fr"))
    for output, text in territory["texts"].items():
        flat = _html_text(text) if output.startswith(("web", "report (HTML)")) else _flat(text)
        for name in names:
            shown = _flat(known_text(name, "fr"))
            assert shown in flat or _flat(name) in flat, (output, name)
        if osm:
            assert notice in flat, output
        else:
            assert "ODbL" not in flat, output
        if not output.startswith("export"):       # (an export also keeps the records as the readers wrote them)
            assert "simplified" not in flat and "from IGN" not in flat, output   # no English in French outputs
    statements = _flat(json.dumps(territory["gpkg"]["statements"], ensure_ascii=False))
    assert "simplified" not in statements and "from IGN" not in statements


def test_every_output_says_what_the_figures_rest_on(territory):
    from terridiag.plugin.core.presentation.demand import demand_sentence

    meta = territory["meta"]
    demand = meta["demand"]
    assert demand["addresses"] == 0                                    # neither territory has addresses
    sentence = demand_sentence(meta, "fr")
    if territory["spec"]["iris"]:
        assert demand["source"] == "iris" and "IRIS" in sentence
    else:
        assert demand["source"] == "commune" and "chacune représentée par un point" in sentence
    assert "faute d’adresses" in sentence
    flat = _flat(sentence)
    for output in ("web map", "report (HTML)", "atlas", "poster"):
        text = territory["texts"][output]
        page = _html_text(text) if output.startswith(("web", "report")) else _flat(text)
        assert flat in page, output
        # no sentence about addresses when none was used
        for phrase in ("des adresses sont", "de ses adresses", "of the addresses", "La moitié des adresses"):
            assert phrase not in page, (output, phrase)
        # nor a key figure "Adresses : 0" that reads as a commune without addresses
        assert not re.search(r"\bAdresses\s*:?\s*0\b", page), output
    assert territory["gpkg"]["statements"]["demand"] == sentence
    assert territory["gpkg"]["demand"]["source"] == demand["source"]
    assert [sentence] == [r[0] for r in territory["xlsx"]["notes"][1:2]]
    report = _html_text(territory["texts"]["report (HTML)"])
    assert "Part de la population à moins de 5 km" in report          # the label states its threshold
    assert "Part à moins du seuil" not in report
    if territory["spec"]["roads"]:
        outside = meta["steps"]["network"]["outside_graph"]
        assert outside["points"] > 0
        assert "sont hors de l extrait du réseau routier" in report and "n ont pas de temps de trajet" in report


def _web_classes(html: str) -> list[tuple[str, str]]:
    return re.findall(r'td-swatch" style="background: (#[0-9a-f]{6})"></span><span>([^<]+)<', html)


def test_one_classification_the_atlas_legend_has_the_web_map_classes(territory):
    from terridiag.plugin.core.presentation.classification import RAMP

    html = territory["texts"]["web map"]
    classes = _web_classes(html)
    assert len(classes) >= 2, classes                                   # never one class "0 – 100 %"
    atlas_page1 = _flat(territory["texts"]["atlas"].split("\f")[0])
    poster_page1 = _flat(territory["texts"]["poster"].split("\f")[0])
    legend = atlas_page1.split("Part de la population à moins de 5 km (%)")[-1]
    positions = [legend.find(_flat(label)) for _colour, label in classes]
    assert all(p >= 0 for p in positions) and positions == sorted(positions), (classes, legend[:300])
    assert all(_flat(label) in poster_page1 for _c, label in classes)
    # a commune at 100 % is never in the worst (darkest) class
    payload = json.loads(re.search(r"terridiagMap\(map_\w+, (\{.*?\}), \{communes:", html, re.S).group(1))
    full = [f["properties"] for f in payload["communes"]["features"] if f["properties"]["v"] == f"100{NB}%"]
    assert full and all(p["c"] == RAMP[0] for p in full)
    worst = [f["properties"] for f in payload["communes"]["features"] if f["properties"]["c"] == RAMP[-1]]
    assert all(p["v"] != f"100{NB}%" for p in worst)


def _territory_rows(html: str) -> dict[str, str]:
    section = html.split('id="territory"', 1)[1].split("</section>", 1)[0]
    rows = re.findall(r'<tr><td>([^<]*)</td><td class="num">([^<]*)</td></tr>', section)
    import html as _html
    return {_flat(_html.unescape(k)): " ".join(_html.unescape(v).replace(NB, " ").replace(NNB, " ").split())
            for k, v in rows}


def test_the_report_territory_figures_are_the_diagnosis_figures(territory):
    from terridiag.plugin.core.presentation.numbers import format_value

    meta, data, spec = territory["meta"], territory["data"], territory["spec"]
    rows = _territory_rows(territory["texts"]["report (HTML)"])
    whole = meta["territory"]
    expected = {"Part de la population à moins de 5 km": format_value(whole["share_within_5km"], "share", "fr"),
                "Distance médiane au service le plus proche": format_value(whole["dist_median_m"], "m", "fr"),
                "Distance au 9e décile": format_value(whole["dist_p90_m"], "m", "fr")}
    for label, value in expected.items():
        assert rows[label] == " ".join(value.replace(NB, " ").split()), (label, rows)
    # the population: the legal populations of the source file, summed with the csv module
    import geopandas as gpd
    codes = set(gpd.read_file(data / spec["communes"])["code"].astype(str))
    with open(data / spec["population"], encoding="utf-8", newline="") as fh:
        total = sum(float(r["population"]) for r in csv.DictReader(fh) if r["code_insee"] in codes)
    assert rows["Population"] == format_value(total, "count", "fr").replace(NNB, " ")
    if spec["roads"]:
        # a travel time of the 8 % who have one says so in a footnote
        assert rows["Temps de trajet médian"] == format_value(whole["time_median_min"], "min", "fr").replace(NB, " ") + " ¹"
        assert "Calculé sur les" in _html_text(territory["texts"]["report (HTML)"])
    # every "—" has a footnote mark, every mark its footnote
    report = _html_text(territory["texts"]["report (HTML)"])
    for value in rows.values():
        if value.startswith("—"):
            mark = value.split()[-1]
            assert mark in "¹²³⁴⁵⁶⁷⁸⁹" and f"{mark} " in report, value
    assert "—" not in {rows.get(k) for k in expected}                  # the key figures are filled


def test_outputs_made_later_from_the_layer_alone_keep_their_words(territory, tmp_path):
    """The diagnosis layer carries its run (demand, thresholds, sources): a web map made from that
    layer in another session, with no METADATA, says the same as the first one."""
    from qgis.core import QgsVectorLayer

    layer = QgsVectorLayer(str(territory["out"] / "diag.gpkg"), "diag", "ogr")
    assert layer.isValid()
    out = tmp_path / "again.html"
    _run("terridiag:web_map", {"COMMUNES": layer, "OUTPUT": str(out), "LANGUAGE": 1})
    html = out.read_text(encoding="utf-8")
    assert "Share of the population within 5" in html and "for want of addresses" in html
    assert ("ODbL" in html) == bool(territory["spec"]["roads"])
