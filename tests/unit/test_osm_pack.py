"""The mapping-party pack (core/osm_pack): matching by distance and name, the places outside the
extract, the OSM places to complete, the JOSM file (read back by GDAL's OSM driver and checked
element by element), the checklist (HTML, and PDF through pdftotext) — on the real extract of the
Territoire de Belfort, the Saint-Barthélemy PBF, and a small extract written here."""
from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET

import numpy as np
import pandas as pd
import pytest

from terridiag.plugin.core.errors import ParameterError
from terridiag.plugin.core.osm_pack import checklist, josm
from terridiag.plugin.core.osm_pack.matching import Thresholds, normalise, similarity
from terridiag.plugin.core.osm_pack.osm_places import extract_area
from terridiag.plugin.core.osm_pack.pack import completeness_pack

OSM90 = "territoire_90/osm_sud_territoire_de_belfort_2011_josm.osm"
SBH = "samples/osm_saint_barthelemy_2014.osm.pbf"
PUBLIC = {"townhall", "library", "post_office", "community_centre", "social_facility"}


def test_names_are_compared_on_their_words():
    assert normalise("Médiathèque de l'Union, GRANDVILLARS") == ["mediatheque", "union", "grandvillars"]
    assert similarity("Médiathèque de Grandvillars", "Médiathèque Simone Veil, Grandvillars") == 1.0
    assert similarity("France services de Delle", "France Services Delle") == 1.0
    assert similarity("Mairie", "Bureau de poste") < 0.3
    assert similarity("", "Mairie") == 0.0


# a small extract in the API's XML, around Delle (90), with its bounds
_XML = """<?xml version='1.0' encoding='UTF-8'?>
<osm version='0.6' generator='test'>
  <bounds minlat='47.50' minlon='6.98' maxlat='47.52' maxlon='7.02' />
  <node id='1' version='1' lat='47.5080' lon='7.0000'><tag k='amenity' v='townhall'/><tag k='name' v='Hôtel de ville'/>
    <tag k='website' v='https://www.delle.fr'/></node>
  <node id='2' version='1' lat='47.5100' lon='7.0100'><tag k='amenity' v='post_office'/><tag k='name' v='La Poste'/>
    <tag k='opening_hours' v='Mo-Fr 09:00-12:00'/><tag k='wheelchair' v='yes'/><tag k='website' v='https://laposte.fr'/></node>
  <node id='3' version='1' lat='47.5150' lon='6.9900'/><node id='4' version='1' lat='47.5150' lon='6.9910'/>
  <node id='5' version='1' lat='47.5160' lon='6.9910'/><node id='6' version='1' lat='47.5160' lon='6.9900'/>
  <way id='10' version='1'><nd ref='3'/><nd ref='4'/><nd ref='5'/><nd ref='6'/><nd ref='3'/>
    <tag k='amenity' v='library'/><tag k='building' v='yes'/><tag k='name' v='Médiathèque Simone Veil'/></way>
</osm>
"""


def _official(rows):
    from pyproj import Transformer
    df = pd.DataFrame(rows, columns=["name", "category", "lon", "lat", "source", "opening_hours"])
    x, y = Transformer.from_crs(4326, 2154, always_xy=True).transform(df["lon"].to_numpy(), df["lat"].to_numpy())
    df["x"], df["y"], df["address"], df["id"] = x, y, "", [str(i) for i in range(len(df))]
    df.attrs["crs"] = 2154
    return df.drop(columns=["lon", "lat"])


def _small_case(tmp_path):
    path = tmp_path / "delle.osm"
    path.write_text(_XML, encoding="utf-8")
    off = _official([
        ("Mairie de Delle", "townhall", 7.0004, 47.5081, "bpe", ""),                 # ~32 m, same kind
        ("Médiathèque Simone Veil de Delle", "library", 6.9915, 47.5166, "bpe", ""),  # 144 m, similar name
        ("France services de Delle", "france_services", 7.0150, 47.5050, "france_services",
         "Mo-Fr 09:00-12:00; Sa 09:00-11:00"),                                        # nothing near: missing
        ("Atelier numérique", "mediation", 7.0060, 47.5020, "mediation", "lundi 9h-12h"),  # missing, bad hours
        ("Mairie de Belfort", "townhall", 6.8630, 47.6380, "bpe", ""),                # outside the bounds
    ])
    return path, off


def test_matching_statuses_and_thresholds(tmp_path):
    path, off = _small_case(tmp_path)
    res = completeness_pack(off, path, vintages={"france_services": "2024-08-01"})
    status = dict(zip(res.official["name"], res.official["status"]))
    assert status == {"Mairie de Delle": "in_osm", "Médiathèque Simone Veil de Delle": "in_osm",
                      "France services de Delle": "missing", "Atelier numérique": "missing",
                      "Mairie de Belfort": "outside_extract"}
    o = res.official.set_index("name")
    assert o.loc["Mairie de Delle", "match_rule"] == "same kind" and o.loc["Mairie de Delle", "osm_ref"] == "node/1"
    assert o.loc["Médiathèque Simone Veil de Delle", "match_rule"] == "name"
    assert o.loc["Médiathèque Simone Veil de Delle", "osm_ref"] == "way/10"
    # distances in Lambert-93 against pyproj's geodesic distance (a few cm apart at this scale)
    from pyproj import Geod
    _, _, d = Geod(ellps="GRS80").inv(7.0004, 47.5081, 7.0000, 47.5080)
    assert o.loc["Mairie de Delle", "match_distance_m"] == pytest.approx(d, abs=0.05)
    assert res.meta["official"] == {"in_osm": 2, "missing": 2, "outside_extract": 1}
    assert res.meta["thresholds"] == {"max_distance_m": 200.0, "same_kind_m": 100.0, "min_similarity": 0.6}
    # stricter thresholds: the library is 144 m from its OSM way's centre, the town hall 32 m away
    strict = completeness_pack(off, path, thresholds=Thresholds(40.0, 20.0, 0.6))
    assert dict(zip(strict.official["name"], strict.official["status"]))["Mairie de Delle"] == "missing"
    assert dict(zip(strict.official["name"], strict.official["status"]))["Médiathèque Simone Veil de Delle"] == "missing"
    # OSM places to complete: the town hall (no hours, no wheelchair), the library (no hours, website,
    # wheelchair); the post office has everything
    todo = res.to_complete.set_index("osm_ref")["missing_tags"].to_dict()
    assert todo == {"node/1": "opening_hours|wheelchair", "way/10": "opening_hours|website|wheelchair"}
    assert res.osm.set_index("osm_ref").loc["node/1", "official_name"] == "Mairie de Delle"
    with pytest.raises(ParameterError, match="similarity between 0 and 1"):
        completeness_pack(off, path, thresholds=Thresholds(200.0, 100.0, float("nan")))
    with pytest.raises(ParameterError, match="unknown kinds"):
        completeness_pack(off, path, categories=["school"])


def _gdal_points(path) -> dict:
    """name -> (lon, lat) of the points GDAL's OSM driver reads in ``path`` (osgeo, else pyogrio)."""
    try:
        from osgeo import gdal, ogr
    except ImportError:
        pyogrio = pytest.importorskip("pyogrio")
        pyogrio.set_gdal_config_options({"OSM_USE_CUSTOM_INDEXING": "NO"})
        try:
            frame = pyogrio.read_dataframe(str(path), layer="points")
        finally:
            pyogrio.set_gdal_config_options({"OSM_USE_CUSTOM_INDEXING": None})
        return {n: (g.x, g.y) for n, g in zip(frame["name"], frame.geometry)}
    gdal.SetConfigOption("OSM_USE_CUSTOM_INDEXING", "NO")
    try:
        ds = ogr.Open(str(path))
        layer = ds.GetLayerByName("points")
        return {f.GetField("name"): (f.GetGeometryRef().GetX(), f.GetGeometryRef().GetY()) for f in layer}
    finally:
        gdal.SetConfigOption("OSM_USE_CUSTOM_INDEXING", None)


def test_josm_file_is_valid_osm_xml_read_back_by_gdal(tmp_path):
    path, off = _small_case(tmp_path)
    res = completeness_pack(off, path, vintages={"france_services": "2024-08-01"})
    out = josm.write_osm_file(tmp_path / "proposals.osm", res)
    root = ET.parse(out).getroot()
    assert root.tag == "osm" and root.get("version") == "0.6" and root.get("upload") == "false"
    nodes = root.findall("node")
    assert len(nodes) == 2 and not root.findall("way") and not root.findall("relation")
    ids = [int(n.get("id")) for n in nodes]
    assert all(i < 0 for i in ids) and len(set(ids)) == 2
    assert all(n.get("action") == "modify" and n.get("visible") == "true" for n in nodes)
    tags = {n.find("tag[@k='name']").get("v"): {t.get("k"): t.get("v") for t in n.findall("tag")} for n in nodes}
    fs = tags["France services de Delle"]
    assert fs["office"] == "government" and fs["government"] == "public_service"
    assert fs["source"] == "ANCT - liste des structures France services 2024-08-01"
    assert fs["opening_hours"] == "Mo-Fr 09:00-12:00; Sa 09:00-11:00"      # valid: proposed
    assert "vérifier sur place" in fs["fixme"]
    med = tags["Atelier numérique"]
    assert "opening_hours" not in med           # "lundi 9h-12h" is no OSM syntax: not copied
    assert "amenity" not in med and "office" not in med and "étiquette principale" in med["fixme"]
    # GDAL's OSM driver reads it (its default node index wants positive ids, as in the API's
    # data: JOSM's new objects need the plain index): the same points at the official places
    got = _gdal_points(out)
    assert got["France services de Delle"] == pytest.approx((7.0150, 47.5050), abs=1e-7)
    assert got["Atelier numérique"] == pytest.approx((7.0060, 47.5020), abs=1e-7)


def test_checklist_html_and_pdf(tmp_path):
    path, off = _small_case(tmp_path)
    res = completeness_pack(off, path)
    out = checklist.write_checklist(res, tmp_path / "c.html", tmp_path / "c.pdf", lang="fr", josm_name="p.osm")
    text = out["html"].read_text(encoding="utf-8")
    assert "Lieux officiels absents d’OpenStreetMap (2) — à ajouter" in text
    assert "moins de 200\u00a0m" in text and "au moins 0,6" in text and "moins de 100\u00a0m" in text
    assert text.count(checklist.BOX) == 2 + 2          # two places to add, two OSM places to complete
    assert "manque\u00a0: horaires, site web, accès en fauteuil roulant" in text
    assert "Licence Ouverte 2.0" in text and "ODbL" in text and "p.osm" in text
    assert "Mairie de Belfort" in text and "non vérifiés" in text
    assert "(données de date inconnue)" in text            # the small extract has no timestamp
    en = checklist.render_html(res, "en")
    assert "Official places missing from OpenStreetMap (2)" in en
    if shutil.which("pdftotext"):
        pdf_text = subprocess.run(["pdftotext", "-layout", str(out["pdf"]), "-"], capture_output=True,
                                  text=True, check=True).stdout
        assert "France services de Delle" in pdf_text and "Cartopartie" in pdf_text


def _osm_oracle(path):
    """Bounds and public-service places of an OSM XML file with ElementTree, independently."""
    boxes, places = [], []
    nodes = {}
    for _ev, el in ET.iterparse(path, events=("end",)):
        if el.tag == "bounds":
            boxes.append(tuple(float(el.get(k)) for k in ("minlon", "minlat", "maxlon", "maxlat")))
        elif el.tag in ("node", "way", "relation"):
            tags = {t.get("k"): t.get("v") for t in el.findall("tag")}
            if el.tag == "node":
                nodes[el.get("id")] = (float(el.get("lon")), float(el.get("lat")))
            if tags.get("amenity") in PUBLIC or tags.get("office") == "government":
                places.append((el.tag, el.get("id"), tags, [nd.get("ref") for nd in el.findall("nd")]))
            el.clear()
    return boxes, places, nodes


def test_real_extract_of_belfort(shared_data, tmp_path):
    from terridiag.plugin.core.sources.services import read_france_services, read_mediation
    d = shared_data / "territoire_90"
    off = pd.concat([read_france_services(d / "france_services_90_20240801.csv").data,
                     read_mediation(d / "lieux_mediation_numerique_cnfs_90_2022-07.csv").data], ignore_index=True)
    off.attrs["crs"] = 2154
    res = completeness_pack(off, shared_data / OSM90)
    boxes, places, nodes = _osm_oracle(shared_data / OSM90)
    assert extract_area(shared_data / OSM90) == {"boxes": boxes, "how": "bounds"}
    # every one of the 12 official places lies outside the two downloaded boxes (the extract covers
    # the south-east of the département, Grandvillars is just west of it): none is called missing
    import csv
    inside = 0
    for name in ("france_services_90_20240801.csv", "lieux_mediation_numerique_cnfs_90_2022-07.csv"):
        with open(d / name, encoding="utf-8", newline="") as fh:
            for r in csv.DictReader(fh):
                lon, lat = float(r["longitude"]), float(r["latitude"])
                inside += any(b[0] <= lon <= b[2] and b[1] <= lat <= b[3] for b in boxes)
    assert inside == 0
    assert res.meta["official"] == {"in_osm": 0, "missing": 0, "outside_extract": 12}
    assert res.meta["epsg"] == 2154
    # the OSM public-service places of the extract: one town hall, a way with no name nor any other tag
    assert [(p[0], p[1], p[2].get("amenity")) for p in places] == [("way", "79077766", "townhall")]
    assert res.osm["osm_ref"].tolist() == ["way/79077766"]
    assert res.osm["missing_tags"].tolist() == ["name|opening_hours|website|wheelchair"]
    ring = np.array([nodes[r] for r in places[0][3]])
    assert res.osm["lon"].iloc[0] == pytest.approx(ring[:-1, 0].mean(), abs=2e-4)   # centroid of a small ring
    doc = josm.osm_document(res).getroot()
    assert doc.get("upload") == "false" and not doc.findall("node")
    html = checklist.render_html(res, "fr")
    assert "Lieux officiels hors de l’extrait (12) — non vérifiés" in html and "way/79077766" in html


def test_saint_barthelemy_pbf_in_its_legal_crs(shared_data, tmp_path):
    """Saint-Barthélemy (977): a whole territory in PBF, no bounds element: the area is the ~1 km
    cells around its roads; distances in RGAF09 / UTM 20N (EPSG:5490). The box of all its data
    would take in Saint-Martin (its sea boundaries reach it), where the France services of Quartier
    d'Orléans lies: it is outside the extract, not missing. No official place of the national files
    lies on Saint-Barthélemy, and its 2014 data has no public-service place."""
    from terridiag.plugin.core.sources.services import read_france_services
    fs = read_france_services(shared_data / "national/france_services_liste-fs-20240801.csv").data
    res = completeness_pack(fs, shared_data / SBH)
    assert res.meta["epsg"] == 5490
    area = res.meta["extract"]["area"]
    assert area["how"] == "data extent" and 50 < area["cells_km"] < 500
    (x0, y0, x1, y1), = area["boxes"]
    assert -63.0 < x0 < x1 < -62.75 and 17.8 < y0 < y1 < 18.0          # the island and its islets, not Saint-Martin
    orleans = res.official[res.official["name"] == "France services de Quartier d'Orléans"]
    assert len(orleans) == 1 and orleans["status"].iloc[0] == "outside_extract"
    assert -63.07 < orleans["lon"].iloc[0] < -62.57 and 17.66 < orleans["lat"].iloc[0] < 18.15   # in the data's box
    assert res.meta["official"]["outside_extract"] == len(fs) and res.meta["official"]["missing"] == 0
    assert len(res.osm) == 0
    out = checklist.write_checklist(res, tmp_path / "sbh.html", lang="fr")
    assert "aucun lieu de service public" in out["html"].read_text(encoding="utf-8")
    root = ET.parse(josm.write_osm_file(tmp_path / "sbh.osm", res)).getroot()
    assert root.get("upload") == "false" and len(root) == 0
