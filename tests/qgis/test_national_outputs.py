"""Outputs of a diagnosis over several départements (issue 17) on real data: Guadeloupe (971, 32
communes) and Corse-du-Sud (2A, 124 communes) from ../shared/data/boundaries, with the national
France Services file, through Processing.

- the report has a section per département (Corse-du-Sud before Guadeloupe, code order) with the
  right number of communes in its table, a table of contents, and keeps its commune sheets (fewer
  than ``SHEETS_MAX`` communes) inside their département's section;
- the atlas gives one PDF per département (``atlas_2A.pdf``, ``atlas_971.pdf``) with one page per
  commune of that département only and the département's name on every page, its map drawn in
  the territory's legal CRS (a page is rendered to PNG and looked at).
"""
from __future__ import annotations

import re
import shutil
import subprocess

import pytest

pytestmark = pytest.mark.qgis

COUNTS = {"2A": 124, "971": 32}


def _pages(path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))


def _text(path, first=None, last=None) -> str:
    args = ["pdftotext", "-layout"] + (["-f", str(first), "-l", str(last)] if first else []) + [str(path), "-"]
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def national_run(qgis_app, qgis_processing, shared_data, tmp_path_factory):
    import geopandas as gpd
    import pandas as pd
    import processing

    from provider_registry import registered_provider
    registered_provider()
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils is not installed")
    out = tmp_path_factory.mktemp("national")
    parts = [gpd.read_file(shared_data / "boundaries" / n)
             for n in ("communes-971-guadeloupe.geojson", "communes-2A-corse-du-sud.geojson")]
    communes = gpd.GeoDataFrame(pd.concat(parts, ignore_index=True).rename(columns={"code": "code_insee"}),
                                geometry="geometry", crs=4326)
    communes.to_file(out / "communes.gpkg", layer="communes", driver="GPKG")
    fs = shared_data / "national" / "france_services_liste-fs-20240801.csv"
    processing.run("terridiag:import_services", {"INPUT": str(fs), "OUTPUT": str(out / "fs.gpkg")})
    processing.run("terridiag:diagnosis", {"COMMUNES": f"{out / 'communes.gpkg'}|layername=communes",
                                           "SERVICES": str(out / "fs.gpkg"), "OUTPUT": str(out / "diag.gpkg"),
                                           "OUTPUT_SERVICES": str(out / "places.gpkg")})
    return out


def test_report_has_a_section_per_departement(national_run, artifacts):
    import processing

    out = national_run
    processing.run("terridiag:report", {"COMMUNES": str(out / "diag.gpkg"), "SERVICES": str(out / "places.gpkg"),
                                        "OUTPUT_HTML": str(out / "report.html"), "OUTPUT_PDF": str(out / "report.pdf")})
    html = (out / "report.html").read_text(encoding="utf-8")
    # the table of contents, then one section per département in code order
    assert html.index('href="#d2A"') < html.index('href="#d971"') < html.index('id="d2A"') < html.index('id="d971"')
    assert "Corse-du-Sud (2A)" in html and "Guadeloupe (971)" in html
    for dep, n in COUNTS.items():
        table = re.search(rf'<table class="figures communes" id="t{dep}">(.*?)</table>', html, re.S).group(1)
        codes = re.findall(r"<td>(\d[\dAB]\d{3})</td>", table)
        assert len(codes) == n and all(c.startswith(dep) for c in codes), (dep, len(codes))
        start = html.index(f'id="d{dep}"')
        section = re.sub(r"<[^>]+>", " ", html[start:html.index("</section>", start)])
        assert f"Le département compte {n} communes dans ce diagnostic" in " ".join(section.split())
    # the commune sheets (156 communes: under SHEETS_MAX) come inside their section
    assert html.index('id="c2A004"') < html.index('id="d971"') < html.index('id="c97101"')

    pdf = out / "report.pdf"
    # whole run, contents, 2A (page, 2 table pages, 124 sheets), 971 (page, 1 table page, 32 sheets), method
    assert _pages(pdf) == 1 + 1 + (1 + 2 + 124) + (1 + 1 + 32) + 1
    toc = " ".join(_text(pdf, 2, 2).split())
    # département, communes, population (none in these files: "—", which pdftotext drops), share, page
    assert re.search(r"Corse-du-Sud \(2A\) 124 \S* ?\d+\s?% 3 Guadeloupe \(971\) 32 \S* ?\d+\s?% 130\b", toc), toc
    first_2a = " ".join(_text(pdf, 3, 3).split())
    assert "Corse-du-Sud (2A)" in first_2a and "124 communes dans ce diagnostic" in first_2a
    table_2a = _text(pdf, 4, 5)
    assert len(re.findall(r"\b2A\d{3}\b", table_2a)) == 124
    table_971 = _text(pdf, 131, 131)
    assert "Guadeloupe (971)" in table_971 and len(re.findall(r"\b971\d{2}\b", table_971)) == 32
    for first, last in ((1, 3), (130, 131)):
        subprocess.run(["pdftoppm", "-r", "60", "-png", "-f", str(first), "-l", str(last), str(pdf), str(out / "rp")],
                       check=True)
    for png in sorted(out.glob("rp-*.png")):
        shutil.copy(png, artifacts / f"national_report_{png.stem}.png")


def test_atlas_per_departement(national_run, artifacts):
    import numpy as np
    import processing
    from PIL import Image

    out = national_run
    folder = out / "atlases"
    res = processing.run("terridiag:atlas", {"COMMUNES": str(out / "diag.gpkg"), "OUTPUT": str(out / "atlas.pdf"),
                                             "OUTPUT_FOLDER": str(folder)})
    assert res["OUTPUT"] == "" and not (out / "atlas.pdf").exists()
    assert res["OUTPUT_FOLDER"] == str(folder)
    assert sorted(p.name for p in folder.glob("*.pdf")) == ["atlas_2A.pdf", "atlas_971.pdf"]
    for dep, n in COUNTS.items():
        pdf = folder / f"atlas_{dep}.pdf"
        assert _pages(pdf) == n
        pages = _text(pdf).split("\f")
        name = {"2A": "Corse-du-Sud (2A)", "971": "Guadeloupe (971)"}[dep]
        assert all(name in " ".join(p.split()) for p in pages[:n]), dep
        codes = set(re.findall(r"\((\d[\dAB]\d{3})\)", _text(pdf)))
        assert len(codes) == n and all(c.startswith(dep) for c in codes)
    # CODES across both départements: one atlas each with the chosen communes only
    res = processing.run("terridiag:atlas", {"COMMUNES": str(out / "diag.gpkg"), "CODES": "2A004,97101,97102",
                                             "OUTPUT": str(out / "sel.pdf")})
    assert res["OUTPUT_FOLDER"] == str(out)
    assert _pages(out / "sel_2A.pdf") == 1 and _pages(out / "sel_971.pdf") == 2
    subprocess.run(["pdftoppm", "-r", "50", "-png", "-f", "1", "-l", "1", str(folder / "atlas_971.pdf"),
                    str(out / "a971")], check=True)
    png = next(out.glob("a971-*.png"))
    rgb = np.asarray(Image.open(png).convert("RGB")).astype(int)
    assert (rgb.sum(axis=2) < 600).mean() > 0.05          # map and text drawn
    shutil.copy(png, artifacts / "national_atlas_971_p1.png")


def test_atlas_of_one_departement_is_one_pdf(national_run):
    import processing

    out = national_run
    res = processing.run("terridiag:atlas", {"COMMUNES": str(out / "diag.gpkg"), "CODES": "97101,97102",
                                             "OUTPUT": str(out / "one.pdf")})
    assert res["OUTPUT"] == str(out / "one.pdf") and res["OUTPUT_FOLDER"] == ""
    assert _pages(out / "one.pdf") == 2
    assert "Guadeloupe (971)" not in _text(out / "one.pdf")
