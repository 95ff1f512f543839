"""Service and mediation place readers on the real files of ../shared/data and on small files
written from the documented headers (BPE), with independent oracles (csv/json/ElementTree, pyproj)."""
from __future__ import annotations

import json
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from pyproj import Transformer

from terridiag.plugin.core.errors import InputDataError, InputFormatError, ParameterError
from terridiag.plugin.core.provenance import LICENCE_OUVERTE, ODBL
from terridiag.plugin.core.schema import SERVICE_COLUMNS
from terridiag.plugin.core.sources import services as S
from terridiag.plugin.core.sources.osm import read_osm_services

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "support"))
from datafiles import csv_rows, digest  # noqa: E402

TO_L93 = Transformer.from_crs(4326, 2154, always_xy=True)
METRO = (-5.5, 41.2, 10.0, 51.3)


# ---------------------------------------------------------------------------------- France Services

def test_france_services_territory(shared_data):
    path = shared_data / "territoire_90" / "france_services_90_20240801.csv"
    before = digest(path)
    data, report = S.read_services(path)
    rows = csv_rows(path)
    assert list(data.columns) == list(SERVICE_COLUMNS)
    assert report.format == "france_services" and report.rows_read == 4 and report.rows_kept == 4
    assert sorted(data["name"]) == sorted(r["lib_fs"] for r in rows)
    assert sorted(data["code_insee"]) == ["90010", "90052", "90053", "90099"]
    assert set(data["category"]) == {"france_services"} and not data["mobile"].any()
    valdoie = data.set_index("code_insee").loc["90099"]
    assert valdoie["opening_hours"] == ("Mo 09:00-12:00,14:00-17:00; Tu 10:00-18:00; We 09:00-12:00,14:00-17:00; "
                                        "Th 10:00-18:00; Fr 09:00-12:00,14:00-17:00; Sa 10:00-12:00")
    assert valdoie["address"] == "9bis Rue du 1er Mai, 90300 Valdoie"
    x, y = TO_L93.transform(6.8363905, 47.6655487)
    assert valdoie["x"] == pytest.approx(x, abs=0.01) and valdoie["y"] == pytest.approx(y, abs=0.01)
    assert data.attrs["crs"] == 2154 and report.crs == "EPSG:2154"
    assert report.provenance.vintage == "2024-08-01" and report.provenance.licence == LICENCE_OUVERTE
    assert "ANCT" in report.provenance.producer
    assert digest(path) == before


def test_france_services_national_lambert93_rejects_overseas_with_lines(shared_data):
    """Asked for Lambert-93, the national file keeps metropolitan France and says how to keep the
    rest (the whole-file reading is in test_national_files.py)."""
    path = shared_data / "national" / "france_services_liste-fs-20240801.csv"
    data, report = S.read_services(path, epsg=2154)
    rows = csv_rows(path)
    overseas = [r for r in rows if r["insee_dep"].startswith("97")]
    mobile = [r for r in rows if "bus" in r["format_fs"].lower() or "itin" in r["format_fs"].lower()]
    assert report.rows_read == len(rows) == 2845
    assert report.rows_kept == len(rows) - len(overseas) == 2726
    assert report.rows_rejected == len(overseas) == 119
    assert int(data["mobile"].sum()) == sum(1 for r in mobile if not r["insee_dep"].startswith("97"))
    # the first overseas site is on the line where its id starts (comments span several lines)
    lines = (shared_data / "national" / "france_services_liste-fs-20240801.csv").read_text("utf-8").split("\n")
    first = overseas[0]["id_fs"]
    expected_line = next(i + 1 for i, text in enumerate(lines) if text.startswith(f'"{first}",'))
    assert report.rejected[0].line == expected_line
    reason = report.rejected[0].reason
    assert "Martinique" in reason and "EPSG:2154" in reason and "EPSG:4326" in reason and "per territory" in reason
    assert data["code_insee"].str.len().eq(5).all() and "01033" in set(data["code_insee"])


def test_france_services_forced_overseas_crs(shared_data):
    path = shared_data / "national" / "france_services_liste-fs-20240801.csv"
    data, report = S.read_france_services(path, epsg=2975)   # Réunion
    n974 = sum(1 for r in csv_rows(path) if r["insee_dep"] == "974")
    assert report.rows_kept == n974 > 0 and set(data["code_insee"].str[:3]) == {"974"}


# ------------------------------------------------------------------------------- mediation places

def test_mediation_json_and_csv_agree(shared_data):
    base = shared_data / "territoire_90" / "lieux_mediation_numerique_cnfs_90_2022-07"
    dj, rj = S.read_services(base.with_suffix(".json"))
    dc, rc = S.read_services(base.with_suffix(".csv"))
    assert rj.format == "mediation_json" and rc.format == "mediation_csv"
    assert rj.rows_kept == rc.rows_kept == 8
    pd.testing.assert_frame_equal(dj, dc)
    records = json.loads(base.with_suffix(".json").read_text("utf-8"))
    assert list(dj["id"]) == [r["id"] for r in records]
    assert set(dj["category"]) == {"mediation"}
    first = dj.iloc[0]
    assert first["services"].split("|") == ["Prendre en main un smartphone ou une tablette",
                                            "Prendre en main un ordinateur", "Utiliser le numérique au quotidien",
                                            "Approfondir ma culture numérique"]
    assert first["opening_hours"] == records[0]["horaires"]
    assert rj.provenance.vintage == max(r["date_maj"] for r in records)


def test_mediation_national_json_by_territory(shared_data):
    path = shared_data / "national" / "lieux_mediation_numerique_cnfs_2022-07.json"
    records = json.loads(path.read_text("utf-8"))
    metro = [r for r in records if METRO[0] <= r["longitude"] <= METRO[2] and METRO[1] <= r["latitude"] <= METRO[3]]
    data, report = S.read_services(path, epsg=2154)
    assert report.rows_read == len(records) == 2733
    assert report.rows_kept == len(metro) == 2668
    assert report.rows_rejected == len(records) - len(metro)
    # each rejected record is named by the line its object opens on ("  {" in this export)
    starts = [i + 1 for i, line in enumerate(path.read_text("utf-8").split("\n")) if line == "  {"]
    overseas = [k for k, r in enumerate(records) if r not in metro]
    assert [r.line for r in report.rejected] == [starts[k] for k in overseas]
    assert report.rejected[0].value.startswith(f"record {overseas[0] + 1} ")
    # forcing the Antilles CRS keeps the places of Guadeloupe and Martinique only
    antilles = [r for r in records if -63.2 <= r["longitude"] <= -60.7 and 14.3 <= r["latitude"] <= 18.2]
    data, report = S.read_mediation(path, epsg=5490)
    assert report.rows_kept == len(antilles) and report.crs == "EPSG:5490"


def test_mediation_geojson_semicolons_and_codes(shared_data):
    path = shared_data / "samples" / "lieux_mediation_numerique_hauts-de-france_2022_portrea.geojson"
    obj = json.loads(path.read_text("utf-8"))
    props = [f["properties"] for f in obj["features"]]
    data, report = S.read_services(path)
    assert report.format == "mediation_geojson" and report.rows_kept == len(props) == 1741
    n_sep = sum(p["services"].count(";") for p in props if p["services"])
    assert int(data["services"].str.count(r"\|").sum()) == n_sep
    assert data.loc[0, "code_insee"] == "59512" and data.loc[0, "name"] == "PARKOUR 59"
    assert int((data["code_insee"] != "").sum()) == sum(1 for p in props if p.get("code_insee"))
    assert report.provenance.vintage == max(p["date_maj"] for p in props if p["date_maj"])
    x, y = TO_L93.transform(*obj["features"][0]["geometry"]["coordinates"])
    assert data.loc[0, "x"] == pytest.approx(x, abs=0.01)


def test_multi_values_variants():
    s = S.multi_values(pd.Series(['["A b", "C"]', "A; B ;C", "Un truc, Deux, trois", None, "X|Y"]))
    assert list(s) == ["A b|C", "A|B|C", "Un truc|Deux, trois", "", "X|Y"]
    s = S.multi_values(pd.Series([["a", "b"], "c"], dtype=object))
    assert list(s) == ["a|b", "c"]


# ------------------------------------------------------------------------------------------- BPE

OLD_BPE = [
    "DEPCOM;DCIRIS;AN;TYPEQU;LAMBERT_X;LAMBERT_Y;QUALITE_XY",
    "90010;90010_0101;2019;A206;989717.1;6733706.7;Bonne",
    "90010;90010_0102;2019;A203;989000.0;6733000.0;Bonne",          # a bank: filtered out
    "90052;90052_0000;2019;F307;986563.5;6744899.3;Acceptable",
    "90053;90053_0000;2019;A206;;;Non géolocalisé",                 # no coordinates
    "97411;97411_0101;2019;A206;338000.0;7690000.0;Bonne",          # Réunion, UTM 40S
    "90099;90099_0000;2019;A129;987808.6;6736455.4;Mauvaise",
]


def test_bpe_old_format_cp1252(tmp_path):
    path = tmp_path / "bpe19_ensemble_xy.csv"
    path.write_bytes("\n".join(OLD_BPE).encode("cp1252") + b"\n")
    data, report = S.read_services(path, epsg=2154)
    assert report.format == "bpe" and report.rows_read == 6
    assert report.rows_kept == 3 and report.rows_rejected == 2
    assert list(data["category"]) == ["post_office", "library", "townhall"]
    assert list(data["x"]) == [989717.1, 986563.5, 987808.6]       # already Lambert-93: untouched
    assert [r.line for r in report.rejected] == [5, 6]
    assert report.rejected[0].reason.endswith("no coordinates")
    assert "in La Réunion, outside the territory of EPSG:2154" in report.rejected[1].reason
    # without a CRS the file is kept whole, in longitude/latitude (two territories, two CRSs)
    whole, wreport = S.read_services(path)
    assert wreport.rows_kept == 4 and whole.attrs["crs"] == 4326 and wreport.crs == "EPSG:4326"
    assert whole.attrs["territories"] == {"metropole": 3, "974": 1}
    lon, lat = Transformer.from_crs(2975, 4326, always_xy=True).transform(338000.0, 7690000.0)
    reunion = whole.set_index("code_insee").loc["97411"]
    assert reunion["x"] == pytest.approx(lon, abs=1e-9) and reunion["y"] == pytest.approx(lat, abs=1e-9)
    assert report.provenance.vintage == "2019" and "INSEE" in report.provenance.producer
    assert any("Mauvaise" in w for w in report.warnings)
    # the Réunion row alone, in its legal CRS
    data, report = S.read_bpe(path, typequ=["A206"], epsg=2975)
    assert report.rows_kept == 1 and data.loc[0, "code_insee"] == "97411"
    assert data.loc[0, "x"] == pytest.approx(338000.0, abs=0.01)


def test_bpe_new_format_per_row_epsg(tmp_path):
    path = tmp_path / "BPE23.csv"
    lon, lat = 6.861919, 47.638177
    path.write_text(
        "AN;NOMRS;TYPEQU;DEPCOM;LONGITUDE;LATITUDE;EPSG;LAMBERT_X;LAMBERT_Y;QUALITE_GEOLOC\n"
        f"2023;BUREAU DE POSTE BELFORT;A206;90010;{lon};{lat};2154;;;Bonne\n"
        "2023;MEDIATHEQUE;F307;90052;;;EPSG:2154;986563.5;6744899.3;Bonne\n"
        "2023;MAIRIE;A129;90010;200.0;100.0;2154;;;Bonne\n", encoding="utf-8")
    data, report = S.read_bpe(path)
    x, y = TO_L93.transform(lon, lat)
    assert report.rows_kept == 2 and data.loc[0, "name"] == "BUREAU DE POSTE BELFORT"
    assert data.loc[0, "x"] == pytest.approx(x, abs=0.01) and data.loc[0, "y"] == pytest.approx(y, abs=0.01)
    assert data.loc[1, "x"] == pytest.approx(986563.5, abs=0.01)
    assert report.rejected[0].line == 4 and "outside France" in report.rejected[0].reason
    assert report.provenance.vintage == "2023"


def test_bpe_without_coordinates_is_refused(tmp_path):
    path = tmp_path / "bpe_com.csv"
    path.write_text("DEPCOM;TYPEQU;NB\n90010;A206;3\n", encoding="utf-8")
    with pytest.raises(InputFormatError, match="no coordinate columns"):
        S.read_bpe(path)
    with pytest.raises(ParameterError, match="unknown categories"):
        S.read_bpe(path, category_map={"A206": "bank"})


# ------------------------------------------------------------------------------------------- OSM

def test_osm_townhall_belfort(shared_data):
    path = shared_data / "territoire_90" / "osm_sud_territoire_de_belfort_2011_josm.osm"
    root = ET.parse(path).getroot()
    nodes = {n.get("id"): (float(n.get("lon")), float(n.get("lat"))) for n in root.iter("node")}

    def tagged(el, k, v):
        return any(t.get("k") == k and t.get("v") == v for t in el.iter("tag"))

    townhalls = [el for kind in ("node", "way", "relation") for el in root.iter(kind) if tagged(el, "amenity", "townhall")]
    data, report = S.read_services(path)
    assert report.format == "osm" and report.provenance.licence == ODBL
    assert report.provenance.vintage == "2011-09-11"
    assert int((data["category"] == "townhall").sum()) == len(townhalls) == 1
    way = townhalls[0]
    assert data.loc[0, "id"] == f"way/{way.get('id')}"
    from shapely.geometry import Polygon
    ring = Polygon([nodes[nd.get("ref")] for nd in way.iter("nd")])
    cx, cy = TO_L93.transform(ring.centroid.x, ring.centroid.y)
    assert data.loc[0, "x"] == pytest.approx(cx, abs=1.0) and data.loc[0, "y"] == pytest.approx(cy, abs=1.0)


def test_osm_amenities_tiny_xml(tmp_path):
    path = tmp_path / "tiny.osm"
    path.write_text("""<?xml version='1.0' encoding='UTF-8'?>
<osm version='0.6'>
 <node id='1' lat='47.64' lon='6.86' timestamp='2020-01-02T00:00:00Z'><tag k='amenity' v='library'/>
   <tag k='name' v='Médiathèque'/><tag k='internet_access' v='wlan'/><tag k='opening_hours' v='Tu-Sa 10:00-18:00'/></node>
 <node id='2' lat='47.65' lon='6.87'><tag k='amenity' v='post_office'/><tag k='addr:postcode' v='90000'/>
   <tag k='addr:city' v='Belfort'/></node>
 <node id='3' lat='47.66' lon='6.88'><tag k='office' v='government'/></node>
 <node id='4' lat='47.67' lon='6.89'><tag k='amenity' v='bank'/></node>
 <node id='5' lat='47.68' lon='6.90'><tag k='internet_access' v='no'/><tag k='amenity' v='cafe'/></node>
</osm>""", encoding="utf-8")
    data, report = read_osm_services(path)
    assert list(data["id"]) == ["node/1", "node/2", "node/3"]
    assert list(data["category"]) == ["library", "post_office", "other"]
    assert data.loc[0, "services"] == "internet_access" and data.loc[0, "opening_hours"] == "Tu-Sa 10:00-18:00"
    assert data.loc[0, "name"] == "Médiathèque" and data.loc[1, "address"] == "90000 Belfort"
    assert report.provenance.vintage == "2020-01-02"


def test_osm_pbf_saint_barthelemy(shared_data):
    data, report = S.read_services(shared_data / "samples" / "osm_saint_barthelemy_2014.osm.pbf")
    assert len(data) == 0 and report.crs == "EPSG:5490" and report.warnings
    assert list(data.columns) == list(SERVICE_COLUMNS)


# ------------------------------------------------------------------------------- mapped tables

def test_service_table_mapping_frame_and_csv(tmp_path):
    frame = pd.DataFrame({"NOM": ["Mairie", "Biblio", "Nulle part"], "LON": [6.86, 6.87, None],
                          "LAT": [47.64, 47.65, None], "TYPE": ["townhall", "bibliothèque", "library"],
                          "INSEE": [90010, 90010, 90052]})
    data, report = S.read_service_table(frame, {"name": "NOM", "lon": "LON", "lat": "LAT", "category": "TYPE",
                                                "code_insee": "INSEE"})
    assert report.rows_kept == 2 and list(data["category"]) == ["townhall", "other"]
    assert list(data["code_insee"]) == ["90010", "90010"] and report.warnings
    path = tmp_path / "points.csv"
    x, y = TO_L93.transform(6.86, 47.64)
    path.write_text(f"nom;X;Y\nA;{x};{y}\nB;;\n", encoding="utf-8")
    data, report = S.read_services(path, mapping={"name": "nom", "x": "X", "y": "Y"}, category="library")
    assert report.rows_kept == 1 and data.loc[0, "x"] == pytest.approx(x) and data.loc[0, "category"] == "library"
    assert report.rejected[0].line == 3
    with pytest.raises(ParameterError):
        S.read_service_table(frame, {"nom": "NOM"})
    with pytest.raises(InputFormatError, match="NAME"):
        S.read_service_table(frame, {"name": "NAME", "lon": "LON", "lat": "LAT"})


def test_service_table_geopackage(tmp_path):
    gpd = pytest.importorskip("geopandas")
    from shapely.geometry import Point
    path = tmp_path / "mairies.gpkg"
    gdf = gpd.GeoDataFrame({"nom": ["M1"]}, geometry=[Point(6.86, 47.64)], crs=4326)
    gdf.to_file(path, driver="GPKG")
    data, report = S.read_service_table(path, {"name": "nom"}, category="townhall")
    x, y = TO_L93.transform(6.86, 47.64)
    assert data.loc[0, "x"] == pytest.approx(x, abs=0.01) and data.loc[0, "category"] == "townhall"


# ------------------------------------------------------------------------------- detection, bad input

def test_detect_formats(shared_data):
    t = shared_data / "territoire_90"
    assert S.detect_service_format(t / "france_services_90_20240801.csv") == "france_services"
    assert S.detect_service_format(t / "lieux_mediation_numerique_cnfs_90_2022-07.csv") == "mediation"
    assert S.detect_service_format(t / "lieux_mediation_numerique_cnfs_90_2022-07.json") == "mediation"
    assert S.detect_service_format(t / "osm_sud_territoire_de_belfort_2011_josm.osm") == "osm"


def test_wrong_dataset_is_refused(shared_data):
    path = shared_data / "territoire_90" / "arcep_maconnexioninternet_commune_debit_90_2022-12-31.csv"
    with pytest.raises(InputFormatError) as err:
        S.read_services(path)
    assert str(path) in str(err.value) and "code_insee" in str(err.value) and "mapping" in str(err.value)
    with pytest.raises(InputFormatError, match="lib_fs|id_fs"):
        S.read_services(path, format="france_services")
    with pytest.raises(InputFormatError, match="mediation"):
        S.read_services(shared_data / "national" / "decoupage-administratif-6.0.0_regions.json")


FS_HEADER = "id_fs,insee_dep,lib_fs,adresse,insee_com,code_postal,lib_com,latitude,longitude,h_lundi,format_fs"


def test_bad_rows_rejected_rest_loaded(tmp_path):
    path = tmp_path / "fs.csv"
    path.write_text(FS_HEADER + "\n"
                    '1,90,FS Belfort,"1 rue\nBartholdi",90010,90000,Belfort,47.638177,6.861919,09:00 - 12:00,Fixe\n'
                    "2,90,FS sans coordonnées,,90052,90200,Giromagny,,,,Fixe\n"
                    "3,90,FS Atlantique,,90052,90200,Giromagny,40.0,-30.0,,Bus_équivalent\n"
                    "4,90,FS Bus,,90053,90600,Grandvillars,47.538946,6.966101,,Itinérante\n", encoding="utf-8")
    before = digest(path)
    data, report = S.read_services(path)
    assert report.rows_read == 4 and report.rows_kept == 2
    assert [(r.line, r.reason.split(": ")[1]) for r in report.rejected] == [
        (4, "no coordinates"), (5, "coordinates outside France")]
    assert list(data["mobile"]) == [False, True]
    assert data.loc[0, "address"] == "1 rue\nBartholdi, 90000 Belfort"
    assert digest(path) == before


def test_missing_column_empty_encoding_separator(tmp_path):
    p = tmp_path / "fs_nolat.csv"
    p.write_text("id_fs,lib_fs,longitude\n1,A,6.8\n", encoding="utf-8")
    with pytest.raises(InputFormatError, match="latitude") as err:
        S.read_france_services(p)
    assert err.value.line == 1
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(InputDataError, match="empty"):
        S.read_services(empty)
    header_only = tmp_path / "fs_header.csv"
    header_only.write_text(FS_HEADER + "\n", encoding="utf-8")
    with pytest.raises(InputDataError, match="no France Services"):
        S.read_services(header_only)
    broken = tmp_path / "broken.csv"
    broken.write_bytes(b"id_fs,lib_fs,latitude,longitude\n1,\x81\x8d\x90,47.6,6.8\n2,B,47.6,6.8\n")
    with pytest.raises(InputFormatError, match="neither UTF-8 nor Windows-1252"):
        S.read_services(broken)
    colon = tmp_path / "colon.csv"
    colon.write_text("id_fs:lib_fs:latitude:longitude\n1:A:47.6:6.8\n", encoding="utf-8")
    with pytest.raises(InputFormatError):
        S.read_services(colon)
    truncated = tmp_path / "lieux.json"
    truncated.write_text('[{"id": "1", "nom": "A", "date_maj": "2022-01-01", "latitude": 47.6,', encoding="utf-8")
    with pytest.raises(InputFormatError, match="invalid JSON") as err:
        S.read_services(truncated)
    assert err.value.line == 1
    nocoord = tmp_path / "lieux2.json"
    nocoord.write_text('[{"id": "1", "nom": "A", "date_maj": "2022-01-01"}]', encoding="utf-8")
    with pytest.raises(InputFormatError, match="geocode"):
        S.read_services(nocoord)


def test_no_usable_row_gives_empty_table_with_report(tmp_path):
    path = tmp_path / "fs.csv"
    path.write_text(FS_HEADER + "\n1,90,A,,90010,90000,Belfort,0,0,,Fixe\n", encoding="utf-8")
    data, report = S.read_services(path)
    assert len(data) == 0 and report.rows_rejected == 1 and report.rejected[0].line == 2
    assert np.isnan(data["x"].to_numpy()).all()
