"""The report: content (figures, readings, masking) and the PDF rendered to PNG pages."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import export_samples as S  # noqa: E402

from terridiag.plugin.core.errors import Cancelled, ParameterError  # noqa: E402
from terridiag.plugin.core.export.report import (build_report, commune_reading, territory_figures,  # noqa: E402
                                                 territory_ranges, write_report)
from terridiag.plugin.core.progress import Feedback  # noqa: E402


def test_territory_figures_weighted_and_masked_left_out():
    com = S.communes()
    tf = territory_figures(com)
    assert tf["population"] == 10190 and tf["n_addresses"] == 5 + 5 + 600 + 225 + 1550 + 450 + 1100 + 350 + 750
    # share_within: weighted by addresses over the 7 communes with a value (masked ones left out)
    n = np.array([600, 225, 1550, 450, 1100, 350, 750], float)
    s = np.array([0.92, 0.64, 0.99, 0.81, 0.95, 0.55, 0.88])
    assert tf["share_within"] == pytest.approx((n * s).sum() / n.sum())
    # the diagnosis's all-address figure wins when the metadata has it
    meta = {"territory": {"address_share_within_5km": 0.9}, "parameters": {"thresholds_km": [5]}}
    tf2 = territory_figures(com, meta)
    assert tf2["share_within"] == 0.9 and tf2["share_within_5km"] == 0.9


def test_territory_ranges_are_the_report_figures_with_the_communes_range():
    """What the dock's results table shows per key field: the report's territory figure and the
    min / max over the communes, a masked commune's confidential values left out (its population kept)."""
    values = {"share_within": [0.5, 0.9, 0.2, None], "population": [100, 300, 50, 10], "n_addresses": [10, 30, 5, 1],
              "dist_mean_m": [None, None, None, None]}
    masked = [False, False, True, False]
    out = territory_ranges(values, masked)
    # share_within: commune 3 masked, commune 4 without a value: weighted by population over 1 and 2
    assert out["share_within"] == pytest.approx(((0.5 * 100 + 0.9 * 300) / 400, 0.5, 0.9))
    assert out["population"] == (460.0, 10.0, 300.0)        # a count: the sum, masked commune included
    assert "dist_mean_m" not in out                          # no value anywhere: no range
    # the same figure as territory_figures over the same values, with the metadata's own figure winning
    meta = {"territory": {"address_share_within_5km": 0.77}, "parameters": {"thresholds_km": [5]}}
    assert territory_ranges(values, masked, meta)["share_within"][0] == 0.77
    assert territory_ranges({"x": []}) == {}


def test_readings_in_both_languages():
    com = S.communes()
    tf = territory_figures(com)
    row = com.drop(columns="geometry").iloc[1].to_dict()          # Belval: 64 %, far and fragile
    fr = commune_reading(row, tf, {"thresholds_label": ["5 km"]}, "fr")
    assert fr[0].startswith("À Belval, 64\u00a0% des adresses sont à moins de 5\u00a0km")
    assert "en dessous du territoire" in fr[0]
    assert fr[1] == ("La moitié des adresses sont à moins de 3,4\u00a0km du lieu le plus proche\u00a0; une sur dix en "
                     "est à plus de 8,4\u00a0km.")
    assert fr[-1] == "Typologie\u00a0: Prioritaire\u00a0: éloigné et fragile."     # French no-break spaces
    en = commune_reading(row, tf, {"thresholds_label": ["5 km"]}, "en")
    assert en[0].startswith("In Belval, 64\u00a0% of the addresses are less than 5\u00a0km") and "below the territory" in en[0]
    assert "more fragile than the reference" in en[3]
    masked = com.drop(columns="geometry").iloc[2].to_dict()
    text = " ".join(commune_reading(masked, tf, {}, "en"))
    assert "masked" in text and "fewer than 11 addresses" in text
    assert "of the addresses are less than" not in text           # no number for a masked commune


def test_masked_values_stay_masked():
    rep = build_report(S.communes(), S.services(), S.metadata(), lang="en")
    sheet = next(s for s in rep.sheets if s.code == "01003")
    rows = {label: value for label, value, _ in sheet.rows}
    assert rows["Share of addresses within 5\u00a0km"] == "masked (confidentiality)"   # the label states its threshold
    assert rows["90th percentile distance"] == "masked (confidentiality)"
    assert rows["Digital fragility score (base 100)"] == "140"   # not address-based: shown; unit said
    assert len(rep.sheets) == 9 and rep.synthetic and "ODbL" in rep.odbl
    only = build_report(S.communes(), None, S.metadata(), lang="fr", codes=["01002"])
    assert [s.nom for s in only.sheets] == ["Belval"]
    with pytest.raises(ParameterError, match="none of the requested communes"):
        build_report(S.communes(), None, {}, codes=["99999"])


def test_html_report_escapes_and_embeds(tmp_path):
    out = write_report(S.communes(), S.services(), S.metadata(), html_path=tmp_path / "r.html", lang="fr")
    html = out["html"].read_text(encoding="utf-8")
    assert S.HOSTILE not in html and "&lt;script&gt;document.body" in html
    assert html.count('class="page sheet"') == 9
    assert len(re.findall(r'src="data:image/png;base64,', html)) == 3 + 2 * 9
    assert not re.search(r'src="(?!data:)', html)               # nothing fetched
    assert "DONNÉES SYNTHÉTIQUES" in html and "millésime 2024-09-01" in html and "ODbL" in html
    assert "masqué (secret statistique)" in html


def test_pdf_pages_not_blank(tmp_path, artifacts):
    if shutil.which("pdftoppm") is None:
        pytest.skip("poppler-utils (pdftoppm) is not installed")
    from PIL import Image

    com = S.communes()
    out = write_report(com, S.services(), S.metadata(), pdf_path=tmp_path / "r.pdf", lang="fr",
                       codes=["01001", "01002", "01003"])
    pdf = out["pdf"]
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert re.search(r"Pages:\s+5", info)                       # territory + 3 sheets + method/sources
    assert re.search(r"Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)", info)   # A4 portrait
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(tmp_path / "p")], check=True)
    pages = sorted(tmp_path.glob("p-*.png"))
    assert len(pages) == 5
    for page in pages:
        img = np.asarray(Image.open(page).convert("L"), float)
        ink = (img < 200).mean()
        assert 0.01 < ink < 0.6, (page.name, ink)                # neither blank nor a black page
    # page 1 has the red synthetic banner and the coloured map
    rgb = np.asarray(Image.open(pages[0]).convert("RGB")).astype(int)
    top = rgb[: rgb.shape[0] // 30]
    assert ((top[..., 0] > 150) & (top[..., 1] < 40)).mean() > 0.5
    dark_red = ((rgb[..., 0] > 150) & (rgb[..., 1] < 30) & (rgb[..., 2] < 60)).sum()
    assert dark_red > 2000
    shutil.copy(pages[0], artifacts / "report_page1.png")


def test_text_in_pdf(tmp_path):
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils is not installed")
    out = write_report(S.communes(), S.services(), S.metadata(), pdf_path=tmp_path / "r.pdf", lang="en",
                       codes=["01003"])
    text = subprocess.run(["pdftotext", "-layout", str(out["pdf"]), "-"], capture_output=True, text=True).stdout
    assert "masked (confidentiality)" in text and "OpenStreetMap" in text and "vintage 2024-06" in text
    page2 = text.split("\f")[1]
    assert S.HOSTILE in page2                                   # a name is printed as it is, as text
    page2 = page2.replace("\u00a0", " ")
    assert "Share of addresses within 5 km" in page2 and "Typology: Unknown (missing data)" in page2


def test_cancel_and_atomic(tmp_path):
    class Stop(Feedback):
        def is_canceled(self):
            return True

    target = tmp_path / "r.pdf"
    with pytest.raises(Cancelled):
        write_report(S.communes(), None, {}, pdf_path=target, feedback=Stop())
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(ParameterError, match="no indicator column"):
        write_report(S.communes(), None, {}, "nope", pdf_path=target)
    with pytest.raises(ParameterError, match="no output file"):
        write_report(S.communes(), None, {})


# -- what the reviewer of the demo report found (sources, units, cut labels) --------------------

def _demo_like_metadata():
    src = {"source": "TerriDiag demo territory (SYNTHETIC data, not a real place)",
           "producer": "terridiag.plugin.core.demo.generator", "vintage": "",
           "licence": "synthetic data generated by TerriDiag (no licence restriction)", "synthetic": True}
    return {"synthetic": True, "sources": [{**src, "url": f"/tmp/demo/data/f{k}.csv"} for k in range(7)]}


def test_sources_once_in_the_report_language():
    rep = build_report(S.communes(), None, _demo_like_metadata(), lang="fr")
    assert rep.sources == ["Territoire de démonstration TerriDiag (données SYNTHÉTIQUES, aucun lieu réel) — "
                           "données synthétiques générées par TerriDiag (sans restriction de licence)"]
    assert rep.title == "Diagnostic numérique — territoire de démonstration"
    rep = build_report(S.communes(), None, _demo_like_metadata(), lang="en")
    assert rep.sources == ["TerriDiag demo territory (SYNTHETIC data, not a real place) — "
                           "synthetic data generated by TerriDiag (no licence restriction)"]
    # synthetic data in a producer's format: no producer credited, said synthetic
    rep = build_report(S.communes(), None, S.metadata(), lang="fr")
    assert rep.sources[0] == "Communes (Admin Express) — millésime 2024 — Licence Ouverte 2.0 (Etalab) [synthétique]"
    assert not any("IGN" in s or "ANCT" in s for s in rep.sources)
    assert rep.sources[-1] == ("OpenStreetMap — contributeurs OpenStreetMap — millésime 2024-09-01 — "
                               "ODbL 1.0 (© contributeurs OpenStreetMap)")


def test_every_key_figure_has_its_unit():
    com = S.communes().assign(time_median_min=[3.25, 12.0, float("nan"), 2.0, 8.5, float("nan"), 4.0, 15.0, 6.0],
                              fsca_norm=[0.99, 1.2, float("nan"), 1.1, 0.8, float("nan"), 1.0, 0.5, 0.9])
    rep = build_report(com, None, S.metadata(), lang="fr")
    terr = dict(rep.territory_rows)
    assert terr["Temps de trajet médian"].endswith("\u00a0min")
    assert terr["Distance médiane au service le plus proche"].endswith("\u00a0km")
    assert terr["Part des adresses à moins de 5\u00a0km"].endswith("\u00a0%")
    assert "Score global de fragilité numérique (base 100)" in terr
    assert "Accessibilité relative (rapport à la moyenne du territoire)" in terr
    sheet = next(s for s in rep.sheets if s.code == "01001")
    rows = {label: value for label, value, _ in sheet.rows}
    assert rows["Temps de trajet médian"] == "3,2\u00a0min"
    # a figure without a unit of its own says it in its label
    bare = [label for label, value in rep.territory_rows
            if value not in ("—",) and not any(value.endswith(u) for u in ("\u00a0%", "\u00a0m", "\u00a0km", "\u00a0min"))
            and "(" not in label and label not in ("Population", "Adresses", "Typologie")]
    assert bare == []


def test_pdf_wraps_long_labels_and_sources(tmp_path):
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils is not installed")
    meta = {**_demo_like_metadata(), "sources": _demo_like_metadata()["sources"] + [
        {"source": "Lieux de médiation numérique (export national, schéma standard-mediation-num, toutes les "
                   "structures de France métropolitaine et d'outre-mer)", "producer": "ANCT / La MedNum",
         "vintage": "2024-06-01", "licence": "Licence Ouverte 2.0 (Etalab)"}]}
    out = write_report(S.communes(), S.services(), meta, pdf_path=tmp_path / "r.pdf", lang="fr", codes=["01001"])
    text = subprocess.run(["pdftotext", "-layout", str(out["pdf"]), "-"], capture_output=True, text=True).stdout
    assert "…" not in text                                      # nothing cut
    page1 = " ".join(text.split("\f")[0].split())
    assert "Distance médiane au service le plus" in page1 and "proche" in page1   # wrapped, whole
    assert "d'outre-mer)" in page1                              # the long source wrapped, not shortened
    assert page1.count("Territoire de démonstration TerriDiag (données SYNTHÉTIQUES") == 1


# -- what the reviewer of the French outputs found (method notes, typography, units, title) ------

def _typology_metadata():
    return {"thresholds_label": ["5 km"], "parameters": {"thresholds_km": [5.0], "fragility_method": "mednum2019",
                                                          "category": ["france_services", "mediation"]},
            "steps": {"typology": {"access_field": "share_within", "access_threshold": 0.8,
                                   "access_direction": "higher_is_better", "fragility_field": "ifn_global",
                                   "fragility_threshold": 100.0,
                                   "rule": "far = access on the wrong side of its threshold; fragile = fragility > "
                                           "threshold; priority = far and fragile",
                                   "counts": {"priority": 3, "far": 3}},
                      "network": {"mode": "drive"}, "confidentiality": {"threshold": 11},
                      "fsca": {"steps": [[5000, 1.0], [10000, 0.68]]}},
            "demand": {"source": "addresses", "units": 5000, "addresses": 5000, "population": 10190.0,
                       "weighting": "none"},
            "synthetic": True}


def test_method_notes_are_plain_sentences():
    from terridiag.plugin.core.export.notes import method_notes

    for lang in ("fr", "en"):
        notes = method_notes(_typology_metadata(), lang)
        text = " ".join(notes)
        for raw in ("access_field", "rule =", "share_within", "ifn_global", "higher_is_better", "mednum2019",
                    "priority =", "'priority'", "= 0.8", "100.0", "drive"):
            assert raw not in text, (lang, raw, text)
    fr = method_notes(_typology_metadata(), "fr")
    typo = next(n for n in fr if n.startswith("Typologie"))
    # which indicator decides "far" and "fragile", the thresholds with their units
    assert "moins de 80\u00a0% de ses adresses sont à moins de 5\u00a0km" in typo
    assert "score de fragilité numérique dépasse 100 (base 100" in typo
    assert "«\u00a0prioritaire\u00a0»" in typo and typo.startswith("Typologie\u00a0: ")
    assert any("jusqu’à 5\u00a0km" in n and "68\u00a0%" in n for n in fr)           # 2SFCA weights, not a list
    assert any("en voiture" in n and "OpenStreetMap" not in n for n in fr)     # synthetic roads are not OSM
    assert any("La MedNum, méthode 2019" in n for n in fr)
    en = method_notes(_typology_metadata(), "en")
    typo = next(n for n in en if n.startswith("Typology"))
    assert "fewer than 80\u00a0% of its addresses are less than 5\u00a0km" in typo and "above 100 (base 100" in typo
    # another access indicator, the other way round: named, with its unit
    meta = _typology_metadata()
    meta["steps"]["typology"].update(access_field="dist_median_m", access_threshold=2500.0,
                                     access_direction="higher_is_worse")
    typo = next(n for n in method_notes(meta, "fr") if n.startswith("Typologie"))
    assert "«\u00a0Distance médiane au service le plus proche\u00a0» est supérieur à 2,5\u00a0km" in typo


def test_french_report_has_no_break_spaces(tmp_path):
    from terridiag.plugin.core.export.report import render_html

    com = S.communes()
    rep = build_report(com, None, _typology_metadata(), lang="fr")
    sheet = next(s for s in rep.sheets if s.code == "01002")
    assert sheet.typology == "Prioritaire\u00a0: éloigné et fragile"
    for line in rep.notes + rep.territory_reading + sheet.reading:
        assert " :" not in line and " ;" not in line and " %" not in line, line
    html = render_html(rep, com)
    assert "<strong>Typologie</strong>\u00a0: Prioritaire\u00a0: éloigné et fragile" in html
    en = build_report(com, None, _typology_metadata(), lang="en")
    assert next(s for s in en.sheets if s.code == "01002").typology == "Priority: far and fragile"
    assert "<strong>Typology</strong>: Priority" in render_html(en, com)


def test_no_unit_said_twice():
    from terridiag.plugin.core.presentation.indicators import field_info, label_with_unit, with_unit
    from terridiag.plugin.core.export.webmap import build_web_map_html

    assert label_with_unit(field_info("fsca_per_10k", "fr")) == "Accessibilité (places pour 10 000 habitants)"
    assert label_with_unit(field_info("fsca_per_10k", "en")) == "Accessibility (places per 10,000 inhabitants)"
    assert with_unit("Score global de fragilité numérique (base 100)", "base 100") == \
        "Score global de fragilité numérique (base 100)"
    assert with_unit("Services publics par habitant", "par habitant") == "Services publics par habitant"
    assert with_unit("Part à moins du seuil", "%") == "Part à moins du seuil (%)"
    assert with_unit("IFN score (5 indicators)", "1-10") == "IFN score (5 indicators, 1-10)"
    # the web map's legend heading for that indicator
    com = S.communes().assign(fsca_per_10k=[3.0, 1.5, 2.0, 4.0, 0.5, 1.0, 2.5, 3.5, 0.8])
    html = build_web_map_html(com, None, {}, "fsca_per_10k", lang="fr")
    assert "Accessibilité (places pour 10 000 habitants)" in html
    assert "habitants (places" not in html


def test_communes_without_population_are_counted_as_communes_not_people():
    """No address and no population (a national boundary file alone): each commune is one
    unweighted point, so the headline share is a share of communes and the reading says the
    population is unknown — never "? inhabitants" or "31 % of its population"."""
    import geopandas as gpd
    import pandas as pd
    from shapely.geometry import box

    from terridiag.plugin.core.export.report import commune_reading, territory_figures, territory_reading
    from terridiag.plugin.core.indicators.diagnosis import run_diagnosis
    from terridiag.plugin.core.presentation.indicators import field_info, share_subject

    communes = gpd.GeoDataFrame({"code_insee": ["90001", "90002", "90003", "90004"],
                                 "nom": ["Un", "Deux", "Trois", "Quatre"]},
                                geometry=[box(i * 4000, 0, i * 4000 + 4000, 4000) for i in range(4)], crs=2154)
    services = pd.DataFrame({"category": ["france_services"], "x": [2000.0], "y": [2000.0]})
    out, meta = run_diagnosis(communes, None, services, params={"fsca": False})
    assert share_subject(meta, out) == "communes"
    assert field_info("share_within", "fr", meta, communes=out).label.startswith("Part des communes à moins de 5")
    figs = territory_figures(out, meta)
    # commune points at 0, 4, 8 and 12 km from the place: two of four within 5 km
    assert figs["share_within"] == pytest.approx(0.5)
    text = " ".join(territory_reading(out, figs, meta, "fr"))
    assert "leur population n’est pas connue" in text and "?" not in text and "habitants" not in text
    assert "50 % de ses communes sont à moins de 5" in text.replace("\u202f", " ").replace("\xa0", " ")
    assert "2 communes sont à plus de 5 km d’un tel lieu : Trois, Quatre." in text.replace("\u202f", " ").replace("\xa0", " ")
    row = out.set_index("code_insee").loc["90004"].to_dict() | {"code_insee": "90004"}
    sheet = " ".join(commune_reading(row, figs, meta, "fr", communes=out))
    assert "la commune est comptée au-delà de 5" in sheet and "population" not in sheet
