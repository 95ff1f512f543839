"""The producers of the fragility, IRIS, BPE, QPV and road data, served on the loopback server in
their own formats and URL layout, from the real files of ../shared/data (Territoire de Belfort):

* INSEE census zips (``/fr/statistiques/fichier/<id>/base-ic-<theme>-2022_csv.zip``): the real
  RP2016 counts of the 123 IRIS of 90 (and the 11 "habitat" IRIS of the Sicoval, so that the cut to
  a territory is tested) in INSEE's layout (``;``, a ``meta_`` dictionary in the zip). The real
  file names are per vintage; the member is named after the vintage of its content (2016).
  ../shared/data has no "activité des résidents" counts: that theme's file has INSEE's columns
  with no value (as INSEE writes an IRIS under the secret threshold).
* Filosofi: the IRIS file (wide, ``DISP_MED15``) with the IRIS medians of the IFN export, and the
  communes file in INSEE's long layout (``GEO, GEO_OBJECT, FILOSOFI_MEASURE, …, OBS_VALUE``) with
  each commune's median of the same export and the poverty rates of the Data for Good file (the
  only real commune poverty rates in ../shared/data, of another vintage). No département value:
  none is in ../shared/data, so the download must say it has no official median.
* IGN's WFS (``/wfs/ows``), GeoServer-style: the 123 real IRIS polygons, ``CQL_FILTER`` on
  ``code_insee`` (LIKE or IN), ``COUNT``/``STARTINDEX`` paging with a server maximum of 100
  features per answer (so a département takes two pages).
* BPE (``/fr/statistiques/fichier/8217525/BPE24.zip``): one row per real place — the 2,845 France
  Services of the national file (TYPEQU A128) and the amenities of the real OSM extract of 90
  (town hall A129, bank A203, fuel B316, schools C101/C104), Lambert-93 coordinates, commune
  from the commune polygons.
* QPV on data.gouv.fr: the dataset answer and a GeoJSON of the stand-in QPV polygons of
  tests/support/territory_files.py.
* Overpass API (``/api/interpreter``, GET ``?data=`` or POST form): the ways with a highway tag of
  the real OSM extract of 90 that have a node in the query's box, with their nodes, as OSM XML.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path
from urllib.parse import parse_qs

import insee_files as IF
import territory_files as TF

CENSUS_PATHS = {
    "evol-struct-pop": "/fr/statistiques/fichier/8647014/base-ic-evol-struct-pop-2022_csv.zip",
    "diplomes-formation": "/fr/statistiques/fichier/8647010/base-ic-diplomes-formation-2022_csv.zip",
    "activite-residents": "/fr/statistiques/fichier/8647006/base-ic-activite-residents-2022_csv.zip",
    "couples-familles-menages": "/fr/statistiques/fichier/8647008/base-ic-couples-familles-menages-2022_csv.zip",
}
FILO_IRIS_PATH = "/fr/statistiques/fichier/8229323/BASE_TD_FILO_IRIS_2021_DISP_CSV.zip"
FILO_COM_PATH = "/fr/statistiques/fichier/7756729/base-cc-filosofi-2021-geo2025_csv.zip"
BPE_PATH = "/fr/statistiques/fichier/8217525/BPE24.zip"
QPV_DATASET = "/api/1/datasets/quartiers-prioritaires-de-la-politique-de-la-ville-qpv/"
QPV_FILE = "/fichiers/qpv-2015.geojson"
OSM90 = "territoire_90/osm_sud_territoire_de_belfort_2011_josm.osm"
WFS_MAX = 100
# OSM amenity -> BPE TYPEQU of the same kind of place
AMENITY_TYPEQU = {"townhall": "A129", "bank": "A203", "fuel": "B316", "kindergarten": "C101", "school": "C104"}


def _rows(path: Path, delimiter=",") -> list:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter=delimiter))


def census_theme(shared: Path, theme: str) -> tuple:
    """Header and rows of a census theme: the IRIS of 90, then the Sicoval habitat IRIS."""
    if theme == "activite-residents":
        cols = ["P16_POP1564", "P16_ACT1564", "P16_CHOM1564"]
        rows = [IF._iris_head(r) + ["", "", ""] for r in IF.ifn_rows(shared)]
        return list(IF.IRIS_HEAD) + cols, rows
    header, rows = IF.base_ic_rows(shared, theme)
    sic = _rows(shared / "sicoval_31/rp2016_iris_habitat_pop_menages_logement_sicoval.csv")
    for r in sic:
        head = [r["IRIS"], "76", "31", "31701", r["IRIS"][:5], r["LIBCOM"], "", r["TYP_IRIS"], "00", "1"]
        rows.append(head + [r.get(c, "") if c != "P16_POP" else "" for c in header[len(IF.IRIS_HEAD):]])
    return header, rows


def zip_bytes(name: str, header, rows) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(f"meta_{name}.CSV", IF.meta_bytes(header))
        zf.writestr(f"{name}.CSV", IF.csv_bytes(header, rows))
    return buf.getvalue()


def filosofi_communes_long(shared: Path) -> tuple:
    """The long layout of base-cc-filosofi: MED_SL from the IFN export's commune medians, PR_MD60
    from the Data for Good commune file."""
    header = ["GEO", "GEO_OBJECT", "FILOSOFI_MEASURE", "UNIT_MEASURE", "UNIT_MULT", "CONF_STATUS", "OBS_STATUS",
              "TIME_PERIOD", "OBS_VALUE"]
    med = {}
    for r in IF.ifn_rows(shared):
        med.setdefault(r["COM"], r["MED15_COM"])
    pov = {r["CODE_INSEE"]: r["TX_POVERTY"] for r in _rows(shared / TF.IFN90.replace(
        "iris_90_fragility_inputs_rp2016.csv", "ifn_dataforgood_2020_variables_communes_90.csv"))}
    rows = []
    for code in sorted(med):
        value = med[code]
        rows.append([code, "COM", "MED_SL", "EUR", "0", "F" if value not in ("0", "0.0") else "C", "A", "2015",
                     "" if value in ("0", "0.0") else value])
        if code in pov:
            rows.append([code, "COM", "PR_MD60", "PCT", "0", "F" if pov[code] else "C", "A", "2015", pov[code]])
    return header, rows


def bpe_rows(shared: Path) -> tuple:
    from pyproj import Transformer
    from shapely.geometry import Point, shape

    tr = Transformer.from_crs(4326, 2154, always_xy=True)
    header = ["AN", "NOMRS", "CNOMRS", "NUMVOIE", "INDREP", "TYPVOIE", "LIBVOIE", "CADR", "CODPOS", "DEPCOM", "DEP",
              "REG", "DOM", "SDOM", "TYPEQU", "LAMBERT_X", "LAMBERT_Y", "QUALITE_XY", "EPSG"]
    rows = []
    for r in _rows(shared / "national/france_services_liste-fs-20240801.csv"):
        try:
            x, y = tr.transform(float(r["longitude"]), float(r["latitude"]))
        except ValueError:
            continue
        dep = r["insee_com"][:3] if r["insee_com"].startswith("97") else r["insee_com"][:2]
        rows.append(["2024", r["lib_fs"], "", "", "", "", r["adresse"], "", r["code_postal"], r["insee_com"], dep,
                     "", "A", "A1", "A128", f"{x:.1f}", f"{y:.1f}", "Bonne", "2154"])
    communes = json.loads((shared / "territoire_90/communes_90_admin-express-2018_simplifie.geojson")
                          .read_text(encoding="utf-8"))
    polys = [(f["properties"]["code"], shape(f["geometry"])) for f in communes["features"]]
    root = ET.parse(shared / OSM90).getroot()
    nodes = {n.get("id"): (float(n.get("lon")), float(n.get("lat"))) for n in root.iter("node")}
    for element in list(root.iter("node")) + list(root.iter("way")):
        tags = {t.get("k"): t.get("v") for t in element.iter("tag")}
        code = AMENITY_TYPEQU.get(tags.get("amenity", ""))
        if code is None:
            continue
        if element.tag == "node":
            lon, lat = nodes[element.get("id")]
        else:                                   # a building: the mean of its nodes
            pts = [nodes[nd.get("ref")] for nd in element.iter("nd") if nd.get("ref") in nodes]
            lon, lat = sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts)
        com = next((c for c, p in polys if p.contains(Point(lon, lat))), "")
        x, y = tr.transform(lon, lat)
        rows.append(["2024", tags.get("name", ""), "", "", "", "", "", "", tags.get("postal_code", ""), com, "90", "27",
                     code[0], code[:2], code, f"{x:.1f}", f"{y:.1f}", "Acceptable", "2154"])
    return header, rows


def bpe_zip(shared: Path) -> bytes:
    header, rows = bpe_rows(shared)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("BPE24.csv", IF.csv_bytes(header, rows))
    return buf.getvalue()


# ---------------------------------------------------------------------------------------------
# IGN's WFS (GeoServer-like) over the real IRIS of 90
# ---------------------------------------------------------------------------------------------

class FakeIrisWfs:
    def __init__(self, shared: Path):
        gj = json.loads((shared / TF.IRIS90).read_text(encoding="utf-8"))
        attrs = {r["IRIS"]: r for r in IF.ifn_rows(shared)}
        self.features = []
        for f in gj["features"]:
            a = attrs[f["properties"]["IRIS"]]
            self.features.append({"type": "Feature", "id": f"contours_iris.{len(self.features) + 1}",
                                  "geometry": f["geometry"],
                                  "properties": {"code_iris": a["IRIS"], "nom_iris": a["LIBIRIS"], "iris": a["IRIS"][5:],
                                                 "code_insee": a["COM"], "nom_commune": a["LIBCOM"],
                                                 "type_iris": a["TYP_IRIS"]}})
        self.queries = []

    def match(self, cql: str) -> list:
        m = re.fullmatch(r"\s*code_insee\s+LIKE\s+'([0-9AB]+)%'\s*", cql)
        if m:
            return [f for f in self.features if f["properties"]["code_insee"].startswith(m.group(1))]
        m = re.fullmatch(r"\s*code_insee\s+IN\s*\((.*)\)\s*", cql)
        if m:
            codes = set(re.findall(r"'([0-9AB]{5})'", m.group(1)))
            return [f for f in self.features if f["properties"]["code_insee"] in codes]
        raise ValueError(cql)

    def handle(self, req) -> tuple:
        q = {k.upper(): v[0] for k, v in req.query.items()}
        if q.get("SERVICE") != "WFS" or q.get("REQUEST") != "GetFeature" or \
                q.get("TYPENAMES") != "STATISTICALUNITS.IRIS:contours_iris":
            return 400, {}, b"<ows:ExceptionReport>bad request</ows:ExceptionReport>"
        try:
            found = self.match(q.get("CQL_FILTER", ""))
        except ValueError:
            return 400, {}, b"<ows:ExceptionReport>bad CQL_FILTER</ows:ExceptionReport>"
        self.queries.append(q)
        start, count = int(q.get("STARTINDEX", 0)), min(int(q.get("COUNT", WFS_MAX)), WFS_MAX)
        page = found[start:start + count]
        body = {"type": "FeatureCollection", "features": page, "totalFeatures": len(found),
                "numberMatched": len(found), "numberReturned": len(page), "timeStamp": "2024-01-01T00:00:00Z",
                "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4326"}}}
        return conditional(req, json.dumps(body).encode("utf-8"), "application/json;charset=UTF-8")


# ---------------------------------------------------------------------------------------------
# Overpass API over the real OSM extract of 90
# ---------------------------------------------------------------------------------------------

class FakeOverpass:
    """``way["highway"](s,w,n,e); (._;>;); out body;`` answered from an OSM XML file."""

    def __init__(self, osm_path: Path, osm_base: str = "2011-06-01T00:00:00Z"):
        root = ET.parse(osm_path).getroot()
        self.nodes = {n.get("id"): n for n in root.iter("node")}
        self.ways = [w for w in root.iter("way") if any(t.get("k") == "highway" for t in w.iter("tag"))]
        self.osm_base = osm_base
        self.queries = []

    def answer(self, ql: str) -> bytes:
        m = re.search(r'way\["highway"\]\((-?[\d.]+),(-?[\d.]+),(-?[\d.]+),(-?[\d.]+)\)', ql)
        if not m or "out body" not in ql:
            return (b"<?xml version='1.0' encoding='UTF-8'?><osm version='0.6' generator='Overpass API'>"
                    b"<remark> runtime error: the query could not be parsed </remark></osm>")
        s, w, n, e = map(float, m.groups())
        ways = []
        for way in self.ways:
            refs = [nd.get("ref") for nd in way.iter("nd")]
            pts = [self.nodes[r] for r in refs if r in self.nodes]
            if any(s <= float(p.get("lat")) <= n and w <= float(p.get("lon")) <= e for p in pts):
                ways.append((way, refs))
        used = sorted({r for _, refs in ways for r in refs if r in self.nodes}, key=int)
        out = io.StringIO()
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n<osm version="0.6" generator="Overpass API 0.7.62">\n')
        out.write('<note>The data included in this document is from www.openstreetmap.org. The data is made '
                  'available under ODbL.</note>\n')
        out.write(f'<meta osm_base="{self.osm_base}"/>\n')
        for r in used:
            node = self.nodes[r]
            out.write(f'  <node id="{r}" lat="{node.get("lat")}" lon="{node.get("lon")}"/>\n')
        for way, refs in sorted(ways, key=lambda t: int(t[0].get("id"))):
            out.write(f'  <way id="{way.get("id")}">\n')
            for r in refs:
                out.write(f'    <nd ref="{r}"/>\n')
            for t in way.iter("tag"):
                k = t.get("k").replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
                v = t.get("v").replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
                out.write(f'    <tag k="{k}" v="{v}"/>\n')
            out.write("  </way>\n")
        out.write("</osm>\n")
        return out.getvalue().encode("utf-8")

    def handle(self, req) -> tuple:
        ql = req.arg("data")
        if req.method == "POST":
            ql = parse_qs(req.body.decode("utf-8")).get("data", [""])[0]
        self.queries.append(ql)
        return conditional(req, self.answer(ql), "application/osm3s+xml")

    def expected_ways(self, s, w, n, e) -> set:
        return {way.get("id") for way in self.ways
                if any(s <= float(self.nodes[r].get("lat")) <= n and w <= float(self.nodes[r].get("lon")) <= e
                       for r in (nd.get("ref") for nd in way.iter("nd")) if r in self.nodes)}


def conditional(req, body: bytes, ctype: str) -> tuple:
    """A dynamic answer with an ETag, and 304 to a request that already has it."""
    etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
    if req.headers.get("if-none-match") == etag:
        return 304, {"ETag": etag}, b""
    return 200, {"Content-Type": ctype, "ETag": etag}, body


def serve_more_producers_90(server, shared: Path, work: Path) -> dict:
    """Mount the census, Filosofi, IRIS, BPE, QPV and Overpass producers. Returns facts for tests."""
    facts = {}
    for theme, path in CENSUS_PATHS.items():
        header, rows = census_theme(shared, theme)
        server.add_bytes(path, zip_bytes(f"base-ic-{theme}-2016", header, rows), "application/zip")
        facts.setdefault("census_rows", {})[theme] = rows
    fh, fb = IF.filosofi_iris_rows(shared)
    server.add_bytes(FILO_IRIS_PATH, zip_bytes("BASE_TD_FILO_DISP_IRIS_2015", fh, fb), "application/zip")
    lh, lb = filosofi_communes_long(shared)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("DS_FILOSOFI_CC_data.csv", IF.csv_bytes(lh, lb))
        zf.writestr("DS_FILOSOFI_CC_metadata.csv", b"COD_VAR;LIB_VAR\nGEO;Code geographique\n")
    server.add_bytes(FILO_COM_PATH, buf.getvalue(), "application/zip")
    facts["filosofi_long_rows"] = lb
    wfs = FakeIrisWfs(shared)
    server.add_handler("/wfs/ows", wfs.handle)
    facts["wfs"] = wfs
    server.add_bytes(BPE_PATH, bpe_zip(shared), "application/zip")
    facts["bpe_rows"] = bpe_rows(shared)[1]
    qpv = TF.qpv_polygons_90(shared)
    server.add_bytes(QPV_FILE, qpv.to_json().encode("utf-8"), "application/geo+json")
    dataset = {"id": "qpv", "title": "Quartiers prioritaires de la politique de la ville (QPV)", "resources": [
        {"format": "shp", "title": "qpv.zip", "last_modified": "2024-01-02T00:00:00",
         "url": server.url("/fichiers/qpv.zip")},
        {"format": "geojson", "title": "QP_2015.geojson", "last_modified": "2015-12-30T00:00:00",
         "url": server.url(QPV_FILE)}]}
    server.add_bytes(QPV_DATASET, json.dumps(dataset).encode("utf-8"), "application/json")
    overpass = FakeOverpass(shared / OSM90)
    server.add_handler("/api/interpreter", overpass.handle)
    facts["overpass"] = overpass
    return facts
