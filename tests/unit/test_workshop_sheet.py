"""The workshop sheet (core/workshop) on the real files of the Territoire de Belfort: the nearest
places and their distances against a brute-force computation, driving times along the real OSM
roads, the three figures, no jargon (every word plain or explained on the page), the PDF pages
rendered and read back, the offline HTML page."""
from __future__ import annotations

import html as htmlmod
import re
import shutil
import subprocess

import numpy as np
import pandas as pd
import pytest

from terridiag.plugin.core.workshop import plain
from terridiag.plugin.core.workshop.sheet import build_sheets, fraction_words
from terridiag.plugin.core.workshop.sheet_render import render_html, write_sheets

D90 = "territoire_90"
WEEK = "2024-09-02"


@pytest.fixture(scope="module")
def belfort(shared_data):
    import geopandas as gpd

    from terridiag.plugin.core.sources.services import read_france_services, read_mediation
    d = shared_data / D90
    g = gpd.read_file(d / "communes_90_admin-express-2018_simplifie.geojson").to_crs(2154)
    g = g.rename(columns={"code": "code_insee"})
    pop = pd.read_csv(d / "communes_90_cog_population_epci.csv", dtype={"code_insee": str})
    g = g.merge(pop[["code_insee", "population"]], on="code_insee")
    svc = pd.concat([read_france_services(d / "france_services_90_20240801.csv").data,
                     read_mediation(d / "lieux_mediation_numerique_cnfs_90_2022-07.csv").data], ignore_index=True)
    return g, svc


@pytest.fixture(scope="module")
def roads(shared_data):
    from terridiag.plugin.core.sources.roads import read_osm_roads
    graph, _ = read_osm_roads(shared_data / D90 / "osm_sud_territoire_de_belfort_2011_josm.osm", epsg=2154)
    return graph


def test_fraction_words():
    assert fraction_words(0.76) == "3 habitants sur 4"
    assert fraction_words(0.5) == "1 habitant sur 2"
    assert fraction_words(0.34) == "1 habitant sur 3"
    assert fraction_words(0.81) == "4 habitants sur 5"
    assert fraction_words(0.93) == "9 habitants sur 10"
    assert fraction_words(1.0) == "Tous les habitants"
    assert fraction_words(0.97) == "Presque tous les habitants"
    assert fraction_words(0.02) == "Très peu d'habitants"
    assert fraction_words(0.75, "en") == "3 inhabitants in 4"


def test_nearest_places_distances_and_times(belfort, roads):
    communes, svc = belfort
    sheets = build_sheets(communes, svc, codes=["90053", "90049"], roads=roads, week=WEEK)
    assert [s.code for s in sheets] == ["90049", "90053"] or [s.code for s in sheets] == ["90053", "90049"]
    by = {s.code: s for s in sheets}
    g = by["90053"]                                   # Grandvillars
    assert g.commune == "Grandvillars" and len(g.places) == 4
    # brute force: distances from the representative point to the 12 places
    pt = communes.loc[communes["code_insee"] == "90053"].geometry.representative_point().iloc[0]
    d = np.hypot(svc["x"] - pt.x, svc["y"] - pt.y).to_numpy()
    order = np.argsort(d)[:4]
    assert [p.name for p in g.places] == svc["name"].to_numpy()[order].tolist()
    np.testing.assert_allclose([p.distance_m for p in g.places], d[order], rtol=1e-9)
    # the two places of Grandvillars are on the roads of the extract: a driving time of a few minutes;
    # Belfort (14 km north, outside the extract) has none
    assert 0 < g.places[0].time_min < 10 and 0 < g.places[1].time_min < 10
    assert np.isnan(g.places[3].time_min)
    assert any("temps inconnu" in n for n in g.notes)
    # Grandvillars: its two places open on Saturday morning (the médiathèque and the France services)
    assert g.figures[2] == "2 des 4 lieux d’aide les plus proches sont ouverts le samedi matin."
    assert g.figures[1].startswith("Le lieu d’aide le plus proche du centre de la commune est à 389\u00a0m")
    assert "en voiture" in g.figures[1]
    # no address, IRIS or grid here: the figure speaks of the centre, never of a share of inhabitants
    assert g.figures[0].startswith("Le centre de la commune (2\u202f947 habitants) est à moins de 5\u00a0km")
    f = by["90049"]                                   # Foussemagne: 8.4 km from the nearest place
    assert "à plus de 5\u00a0km" in f.figures[0]
    assert f.figures[2] == "Aucun des 4 lieux d’aide les plus proches n’est ouvert le samedi matin."


def test_diagnosis_shares_are_read_from_the_layer(belfort):
    communes, svc = belfort
    c = communes.copy()
    c["share_within_5km"] = 0.76
    c["demand_source"] = "addresses"
    c.loc[c["code_insee"] == "90049", "share_within_5km"] = np.nan        # masked by the diagnosis
    sheets = {s.code: s for s in build_sheets(c, svc, codes=["90053", "90049"], shares_field="share_within_5km",
                                              week=WEEK)}
    assert sheets["90053"].figures[0] == ("3 habitants sur 4 vivent à moins de 5\u00a0km d’un lieu d’aide au "
                                          "numérique.")
    assert "n’est pas donnée" in sheets["90049"].figures[0] and "%" not in sheets["90049"].figures[0]


def _visible_text(page: str) -> str:
    page = re.sub(r"<style.*?</style>", " ", page, flags=re.S)
    page = re.sub(r"data:image/png;base64,[A-Za-z0-9+/=]+", " ", page)
    return htmlmod.unescape(re.sub(r"<[^>]+>", " ", page))


def test_no_jargon_on_the_sheets(belfort, roads):
    communes, svc = belfort
    sheets = build_sheets(communes, svc, roads=roads, week=WEEK,
                          sources=["France Services — liste des structures — ANCT — millésime 2024-08-01 — "
                                   "Licence Ouverte 2.0 (Etalab)"])
    assert len(sheets) == len(communes)
    data = [v for s in sheets for v in s.data_values()]
    for s in sheets:
        for text in s.texts():
            assert plain.unknown_words(text, data) == [], (s.code, text)
        # the explained words are on the page
        assert set(plain.EXPLAINED_FR) == set(s.explained)
    page = render_html(sheets[:3], communes)
    assert plain.unknown_words(_visible_text(page), data) == []
    # jargon the diagnosis uses does not pass the check unexplained
    for jargon in ("Part à moins du seuil", "9e décile", "Accessibilité relative", "2SFCA", "médiane", "IRIS"):
        assert plain.unknown_words(jargon, data), jargon


def test_pdf_pages_and_offline_html(belfort, roads, tmp_path):
    communes, svc = belfort
    sheets = build_sheets(communes, svc, codes=["90053", "90010", "90049"], roads=roads, week=WEEK,
                          sources=["OpenStreetMap — contributeurs OpenStreetMap — ODbL 1.0"])
    out = write_sheets(sheets, communes, tmp_path / "fiches.html", tmp_path / "fiches.pdf")
    page = out["html"].read_text(encoding="utf-8")
    assert "http://" not in page.replace("http://www.w3.org", "") and "https://" not in page  # nothing to fetch
    assert page.count("data:image/png;base64,") == 3 and page.count('class="sheet"') == 3
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(out["pdf"])], capture_output=True, text=True, check=True).stdout
        assert re.search(r"Pages:\s+3\b", info)
        assert re.search(r"Page size:\s+595\.\d* x 841\.\d*|Page size:\s+595\.\d* x 842", info)   # A4
        text = subprocess.run(["pdftotext", "-layout", str(out["pdf"]), "-"], capture_output=True, text=True,
                              check=True).stdout
        pages = text.split("\f")
        assert "Fiche atelier — Grandvillars" in text and "Mots utiles" in text
        assert "COMMUNE DE GRANDVILLARS" in pages[[s.code for s in sheets].index("90053")]
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", str(out["pdf"]), str(tmp_path / "p")],
                       check=True)
        png = next(tmp_path.glob("p*.png"))
        from PIL import Image
        img = np.asarray(Image.open(png).convert("L"))
        assert (img < 128).mean() > 0.01          # the page has ink: text and a map
