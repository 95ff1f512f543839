"""The seeded demo-territory generator: determinism, counts, geometry, official formats, flags."""
from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import re
import xml.etree.ElementTree as ET

import numpy as np
import pytest
from shapely.geometry import Polygon, shape
from shapely.ops import unary_union

from terridiag.plugin.core.demo import generator, lambert93, tables
from terridiag.plugin.core.demo.geometry import contains_xy
from terridiag.plugin.core.errors import ParameterError

# Copied by hand from ../shared/docs/DATA_SOURCES.md (not from the module under test).
BAN_HEADER = ("id;id_fantoir;numero;rep;nom_voie;code_postal;code_insee;nom_commune;"
              "code_insee_ancienne_commune;nom_ancienne_commune;x;y;lon;lat;type_position;alias;"
              "nom_ld;libelle_acheminement;nom_afnor;source_position;source_nom_voie;"
              "certification_commune;cad_parcelles")


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo")
    return {"paths": generator.generate(out), "dir": out}


def _csv(path, sep=","):
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter=sep))


_BAN_CACHE: dict = {}


def _ban(demo):
    path = demo["paths"]["addresses"]
    if path not in _BAN_CACHE:
        with gzip.open(path, "rt", encoding="utf-8", newline="") as fh:
            text = fh.read()
        _BAN_CACHE[path] = (text, list(csv.DictReader(io.StringIO(text), delimiter=";")))
    return _BAN_CACHE[path]


def _communes_l93(demo):
    """Commune polygons of the written GeoJSON (WGS84) back in Lambert-93."""
    gj = json.loads(demo["paths"]["communes"].read_text(encoding="utf-8"))
    out = {}
    for f in gj["features"]:
        ring = np.asarray(f["geometry"]["coordinates"][0])
        x, y = lambert93.from_lonlat(ring[:, 0], ring[:, 1])
        out[f["properties"]["code"]] = Polygon(np.column_stack([x, y]))
    return gj, out


def _sha(paths):
    return {k: hashlib.sha256(p.read_bytes()).hexdigest() for k, p in paths.items()}


def test_same_seed_gives_byte_identical_files(demo, tmp_path):
    again = generator.generate(tmp_path / "again", seed=generator.load_params()["seed"])
    assert _sha(again) == _sha(demo["paths"])
    assert len(_sha(again)) == len(generator.FILES) == 14


def test_other_seed_gives_another_valid_territory(demo, tmp_path):
    other = generator.generate(tmp_path / "other", seed=7, params={"addresses_total": 6000})
    sha = _sha(other)
    assert sha["addresses"] != _sha(demo["paths"])["addresses"]
    gj = json.loads(other["communes"].read_text(encoding="utf-8"))
    assert len(gj["features"]) == 30
    assert all(shape(f["geometry"]).is_valid for f in gj["features"])
    with gzip.open(other["addresses"], "rt", encoding="utf-8") as fh:
        assert sum(1 for _ in fh) - 1 == 6000


def test_lambert93_matches_pyproj():
    pyproj = pytest.importorskip("pyproj")
    try:
        pyproj.datadir.get_data_dir()
    except Exception:  # Debian's pyproj inside a venv does not find PROJ's data by itself
        pyproj.datadir.set_data_dir("/usr/share/proj")
    x = np.array([870000.0, 700000.0, 1200000.0, 100000.0, 1075000.0])
    y = np.array([6720000.0, 6600000.0, 7100000.0, 6200000.0, 6125000.0])
    t = pyproj.Transformer.from_crs(2154, 4326, always_xy=True)
    plon, plat = t.transform(x, y)
    lon, lat = lambert93.to_lonlat(x, y)
    assert np.abs(lon - plon).max() < 1e-9 and np.abs(lat - plat).max() < 1e-9
    bx, by = lambert93.from_lonlat(lon, lat)
    assert np.abs(bx - x).max() < 1e-6 and np.abs(by - y).max() < 1e-6
    # the demo centre: the documented Lambert-93 origin is in eastern France
    assert 5.2 < lon[0] < 5.3 and 47.5 < lat[0] < 47.6


def test_communes_partition_the_territory(demo):
    gj, polys = _communes_l93(demo)
    assert all(set(f["properties"]) == {"code", "nom"} for f in gj["features"])   # france-geojson
    assert all(p.is_valid and p.area > 1e5 for p in polys.values())
    total = sum(p.area for p in polys.values())
    union = unary_union(list(polys.values()))
    assert union.area == pytest.approx(total, rel=1e-9)          # no overlap
    terr = json.loads(demo["paths"]["territory"].read_text(encoding="utf-8"))["features"][0]
    ring = np.asarray(terr["geometry"]["coordinates"][0])
    outline = Polygon(np.column_stack(lambert93.from_lonlat(ring[:, 0], ring[:, 1])))
    assert union.symmetric_difference(outline).area < 1e-6 * outline.area   # no gap
    assert 300e6 < outline.area < 600e6                          # a rural territory of ~450 km²
    codes = sorted(polys)
    assert all(re.fullmatch(r"00\d{3}", c) for c in codes) and len(set(codes)) == 30


def test_addresses_in_ban_format_and_inside_their_commune(demo):
    text, rows = _ban(demo)
    assert text.split("\n", 1)[0] == BAN_HEADER
    assert demo["paths"]["addresses"].name == "demo_adresses-00.csv.gz"
    assert abs(len(rows) - 40000) <= 2000
    ids = [r["id"] for r in rows]
    assert len(set(ids)) == len(ids) and ids == sorted(ids)
    x = np.array([float(r["x"]) for r in rows])
    y = np.array([float(r["y"]) for r in rows])
    code = np.array([r["code_insee"] for r in rows])
    _, polys = _communes_l93(demo)
    found = np.full(len(rows), "", object)
    for c, poly in polys.items():
        found[contains_xy(poly, x, y)] = c
    assert (found == code).all()
    # lon/lat agree with x/y (6 decimals ~ 0.1 m)
    bx, by = lambert93.from_lonlat([float(r["lon"]) for r in rows], [float(r["lat"]) for r in rows])
    assert np.hypot(bx - x, by - y).max() < 0.2
    counts = {c: int((code == c).sum()) for c in polys}
    assert sum(1 for n in counts.values() if n < 11) >= 2          # confidentiality is exercised
    assert max(counts.values()) > 5000                             # the town
    assert {r["rep"] for r in rows} == {"", "bis"}
    assert all(r["numero"].isdigit() and int(r["numero"]) > 0 for r in rows[:2000])
    assert all(r["id"].startswith(r["id_fantoir"] + "_") for r in rows[:2000])
    anc = {r["code_insee_ancienne_commune"] for r in rows} - {""}
    assert len(anc) == 2                                           # one commune nouvelle
    assert {r["source_position"] for r in rows} == {"synthetique"}


def test_address_clusters_are_villages_not_uniform(demo):
    _, rows = _ban(demo)
    pop = {r["code_insee"]: int(r["population"]) for r in _csv(demo["paths"]["communes_population"])}
    by = {}
    for r in rows:
        by.setdefault(r["code_insee"], []).append((float(r["x"]), float(r["y"])))
    _, polys = _communes_l93(demo)
    rng = np.random.default_rng(0)
    ratios = []
    for c in (c for c in by if len(by[c]) > 300):
        # addresses sit much closer to their centre than points spread uniformly over the commune
        pts = np.asarray(by[c])
        med = np.median(pts, axis=0)
        minx, miny, maxx, maxy = polys[c].bounds
        u = np.column_stack([rng.uniform(minx, maxx, 20000), rng.uniform(miny, maxy, 20000)])
        u = u[contains_xy(polys[c], u[:, 0], u[:, 1])]
        ratios.append(np.median(np.hypot(*(pts - med).T)) / np.median(np.hypot(*(u - med).T)))
    assert len(ratios) >= 15 and max(ratios) < 0.6 and np.median(ratios) < 0.35, ratios
    n = np.array([len(by[c]) for c in sorted(by)])
    p = np.array([pop[c] for c in sorted(by)])
    assert np.corrcoef(np.log(n), np.log(p))[0, 1] > 0.95        # addresses follow population


def test_commune_table_population_and_epci(demo, shared_data):
    real = (shared_data / "territoire_90" / "communes_90_cog_population_epci.csv").read_text(encoding="utf-8")
    ours = demo["paths"]["communes_population"].read_text(encoding="utf-8")
    assert ours.splitlines()[0] == real.splitlines()[0]
    rows = _csv(demo["paths"]["communes_population"])
    assert len(rows) == 30
    pops = sorted(int(r["population"]) for r in rows)
    assert 9000 <= pops[-1] <= 12000                              # one small town
    assert all(100 <= p <= 2000 for p in pops[2:-1])               # villages
    assert pops[0] < 50 and pops[1] < 50                           # two tiny communes
    assert 2 <= len({r["epci_siren"] for r in rows}) <= 3

    def luhn(s):
        return sum(int(c) if k % 2 == 0 else (2 * int(c) - 9 * (int(c) > 4))
                   for k, c in enumerate(reversed(s))) % 10 == 0
    assert all(luhn(r["siren"]) and luhn(r["epci_siren"]) for r in rows)
    assert all(r["departement"] == "00" and re.fullmatch(r"00\d{3}", r["codes_postaux"]) for r in rows)
    epci = json.loads(demo["paths"]["epci"].read_text(encoding="utf-8"))
    members = {m["code"]: e["code"] for e in epci for m in e["membres"]}
    assert members == {r["code_insee"]: r["epci_siren"] for r in rows}


def test_france_services_header_is_the_real_one(demo, shared_data):
    real_path = shared_data / "territoire_90" / "france_services_90_20240801.csv"
    real_header = real_path.read_text(encoding="utf-8").splitlines()[0]
    ours = demo["paths"]["france_services"].read_text(encoding="utf-8")
    assert ours.splitlines()[0] == real_header
    rows = _csv(demo["paths"]["france_services"])
    national = _csv(shared_data / "national" / "france_services_liste-fs-20240801.csv")
    assert {r["format_fs"] for r in rows} <= {r["format_fs"] for r in national}
    assert sorted(r["format_fs"] for r in rows) == ["Bus_équivalent", "Fixe", "Fixe", "Fixe"]
    assert all("synthétiques" in r["commentaire"] for r in rows)
    assert all(r["insee_dep"] == "00" and r["type_fs"] == "Principal" for r in rows)
    # each site stands on one of the demo's BAN addresses
    _, ban = _ban(demo)
    spots = {(r["code_insee"], f"{float(r['lat']):.6f}", f"{float(r['lon']):.6f}") for r in ban}
    assert all((r["insee_com"], f"{float(r['latitude']):.6f}", f"{float(r['longitude']):.6f}") in spots
               for r in rows)


def test_mediation_places_follow_the_national_schema(demo):
    rows = _csv(demo["paths"]["mediation_csv"])
    objs = json.loads(demo["paths"]["mediation_json"].read_text(encoding="utf-8"))
    assert len(rows) == len(objs) == 10
    required = {"id", "pivot", "nom", "commune", "code_postal", "adresse", "date_maj"}
    assert required <= set(rows[0]) and all(required <= set(o) for o in objs)
    names = [r["nom"] for r in rows]
    assert "<script>alert(1)</script> Médiathèque" in names          # verbatim, not escaped
    assert "<script>alert(1)</script> Médiathèque" in [o["nom"] for o in objs]
    assert any('"' in n and "," in n for n in names)                   # CSV quoting exercised
    for r in rows:
        assert all(s in tables.SERVICES for s in r["services"].split("|"))
        assert r["itinerance"] in ("Fixe", "Itinérant")
        assert re.fullmatch(r"^([013-9]\d|2[AB1-9])\d{3}$", r["code_insee"])
        assert re.fullmatch(r"\+33\d{9}", r["telephone"])
        if r["horaires"]:  # OSM opening_hours: "Mo-Fr 09:00-12:00,14:00-18:30; Sa 08:30-12:00"
            rule = r"(Mo|Tu|We|Th|Fr|Sa|Su|PH)([-,](Mo|Tu|We|Th|Fr|Sa|Su))* (off|\d\d:\d\d-\d\d:\d\d(,\d\d:\d\d-\d\d:\d\d)*)"
            assert re.fullmatch(rf"{rule}(; {rule})*", r["horaires"]), r["horaires"]
    assert [r["itinerance"] for r in rows].count("Itinérant") == 1
    assert all(isinstance(o["latitude"], float) for o in objs)


def test_arcep_commune_debit_is_cumulative(demo, shared_data):
    real = shared_data / "territoire_90" / "arcep_maconnexioninternet_commune_debit_90_2022-12-31.csv"
    assert (demo["paths"]["arcep_debit"].read_text(encoding="utf-8").splitlines()[0]
            == real.read_text(encoding="utf-8").splitlines()[0])
    rows = _csv(demo["paths"]["arcep_debit"])
    assert len(rows) == 30
    classes = ["elig_hd05", "elig_hd3", "elig_bhd8", "elig_thd30", "elig_thd100", "elig_thd1g"]
    frag = {r["code_insee"]: r for r in _csv(demo["paths"]["fragility"])}
    for r in rows:
        v = [int(r[c]) for c in classes]
        assert int(r["inel_hd"]) + v[0] == int(r["nbr"])           # as in every real row
        assert all(a >= b for a, b in zip(v, v[1:]))
        assert r["nom_com"].isascii() and r["type"] == "all"
        assert float(frag[r["code_insee"]]["thd_coverage"]) == pytest.approx(
            int(r["elig_thd30"]) / int(r["nbr"]), abs=5e-5)
    assert sum(int(r["elig_thd1g"]) == 0 for r in rows) >= 3        # villages without fibre


def test_mobile_sites_format(demo, shared_data):
    real = shared_data / "territoire_90" / "sites_mobiles_2G_3G_4G_90_2018-01.csv"
    assert (demo["paths"]["mobile_sites"].read_text(encoding="utf-8").splitlines()[0]
            == real.read_text(encoding="utf-8").splitlines()[0])
    rows = _csv(demo["paths"]["mobile_sites"])
    assert {r["operateur"] for r in rows} == {"Orange", "SFR", "Free Mobile", "Bouygues Telecom"}
    assert all(r["2G"] == "0" for r in rows if r["operateur_code"] == "20815")   # Free: no 2G
    x = np.array([float(r["x_l93"]) for r in rows])
    y = np.array([float(r["y_l93"]) for r in rows])
    bx, by = lambert93.from_lonlat([float(r["lon"]) for r in rows], [float(r["lat"]) for r in rows])
    assert np.hypot(bx - x, by - y).max() < 0.2
    _, polys = _communes_l93(demo)
    for r, xi, yi in zip(rows, x, y):
        assert contains_xy(polys[r["code_insee_2018"]], [xi], [yi])[0]


def test_fragility_variables_are_plausible(demo):
    from terridiag.plugin.core.schema import IFN_VARIABLES, MEDNUM_VARIABLES
    rows = _csv(demo["paths"]["fragility"])
    assert set(MEDNUM_VARIABLES) | set(IFN_VARIABLES) <= set(rows[0])
    for r in rows:
        for v in set(MEDNUM_VARIABLES) | set(IFN_VARIABLES):
            if v != "median_income":
                assert 0 <= float(r[v]) <= 1, (v, r[v])
        assert 12000 <= float(r["median_income"]) <= 40000
        assert float(r["thd_non_coverage"]) == pytest.approx(1 - float(r["thd_coverage"]), abs=2e-4)
    # older, poorer and less connected far from the town
    _, polys = _communes_l93(demo)
    pop = {r["code_insee"]: int(r["population"]) for r in rows}
    town = max(pop, key=pop.get)
    c0 = polys[town].centroid
    codes = [r["code_insee"] for r in rows if r["code_insee"] != town]
    dist = np.array([polys[c].centroid.distance(c0) for c in codes])
    val = {v: np.array([float(r[v]) for r in rows if r["code_insee"] != town])
           for v in ("age_65_plus_share", "median_income", "thd_coverage")}

    def spearman(a, b):
        return np.corrcoef(np.argsort(np.argsort(a)), np.argsort(np.argsort(b)))[0, 1]
    assert spearman(dist, val["age_65_plus_share"]) > 0.6
    assert spearman(dist, val["median_income"]) < -0.6
    assert spearman(dist, val["thd_coverage"]) < -0.4


def test_osm_network_is_connected_and_tagged(demo):
    root = ET.parse(demo["paths"]["roads_osm"]).getroot()
    assert root.tag == "osm" and root.get("version") == "0.6" and "SYNTHETIC" in root.get("generator")
    node_ids = [n.get("id") for n in root.iter("node")]
    index = {k: i for i, k in enumerate(node_ids)}
    u, v, highways, oneway, maxspeed = [], [], set(), 0, 0
    for w in root.iter("way"):
        refs = [index[nd.get("ref")] for nd in w.iter("nd")]   # every reference resolves
        u += refs[:-1]
        v += refs[1:]
        tags = {t.get("k"): t.get("v") for t in w.iter("tag")}
        highways.add(tags["highway"])
        oneway += tags.get("oneway") == "yes"
        maxspeed += "maxspeed" in tags
    assert {"primary", "secondary", "tertiary", "residential", "track"} <= highways
    assert oneway > 0 and maxspeed > 0
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components
    used = np.unique(np.r_[u, v])
    m = coo_matrix((np.ones(len(u)), (u, v)), shape=(len(node_ids),) * 2)
    _, label = connected_components(m, directed=False)
    assert len(set(label[used])) == 1
    amen = [{t.get("k"): t.get("v") for t in n.iter("tag")} for n in root.iter("node") if len(n)]
    kinds = [a["amenity"] for a in amen]
    assert kinds.count("townhall") == 30 and kinds.count("library") == 2 and kinds.count("post_office") == 3


def test_osm_opens_with_gdal(demo):
    ogr = pytest.importorskip("osgeo.ogr")
    prov = json.loads(demo["paths"]["provenance"].read_text(encoding="utf-8"))
    ds = ogr.Open(str(demo["paths"]["roads_osm"]))
    assert ds is not None and ds.GetDriver().GetName() == "OSM"
    counts, highways = {}, {}
    for name in ("points", "lines"):
        lyr = ds.GetLayerByName(name)
        counts[name] = 0
        for f in lyr:
            counts[name] += 1
            if name == "lines":
                highways[f.GetField("highway")] = highways.get(f.GetField("highway"), 0) + 1
    assert counts["points"] == prov["counts"]["osm"]["points"] == 35
    assert counts["lines"] == prov["counts"]["osm"]["ways"]
    assert highways == prov["counts"]["osm"]["highway"]


def test_everything_says_it_is_synthetic(demo):
    prov = json.loads(demo["paths"]["provenance"].read_text(encoding="utf-8"))
    assert prov["synthetic"] is True and prov["departement"] == "00" and prov["crs"] == "EPSG:2154"
    assert prov["producer"] == "TerriDiag"      # outputs never show the generator's module name
    assert "SYNTHETIC" in demo["paths"]["readme"].read_text(encoding="utf-8")
    names = sorted(p.name for p in demo["dir"].iterdir())
    assert all(n.startswith("demo_") for n in names if n not in ("README.txt", "provenance.json"))
    for key, path in demo["paths"].items():
        if key not in ("readme", "provenance"):
            assert prov["files"][path.name]["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    for key in ("communes", "territory"):
        assert "SYNTHETIC" in json.loads(demo["paths"][key].read_text(encoding="utf-8"))["description"]
    assert all("synthétiques" in r["source"] for r in _csv(demo["paths"]["fragility"]))
    assert all("synthétiques" in r["source"] for r in _csv(demo["paths"]["mediation_csv"]))


def test_ensure_demo_regenerates_only_when_needed(tmp_path):
    small = {"addresses_total": 3000}
    first = generator.ensure_demo(tmp_path, params=small)
    stamp = {k: p.stat().st_mtime_ns for k, p in first.items()}
    again = generator.ensure_demo(tmp_path, params=small)
    assert {k: p.stat().st_mtime_ns for k, p in again.items()} == stamp      # nothing rewritten
    first["arcep_debit"].write_text("tampered", encoding="utf-8")
    fixed = generator.ensure_demo(tmp_path, params=small)
    assert fixed["arcep_debit"].read_text(encoding="utf-8").startswith("code_insee,nom_com,")
    other = generator.ensure_demo(tmp_path, params={"addresses_total": 3500})  # new parameters
    with gzip.open(other["addresses"], "rt", encoding="utf-8") as fh:
        assert sum(1 for _ in fh) - 1 == 3500


def test_unknown_parameter_is_refused(tmp_path):
    with pytest.raises(ParameterError, match="nb_communes"):
        generator.generate(tmp_path, params={"nb_communes": 12})
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("override, word", [
    ({"n_communes": 2}, "n_communes"), ({"addresses_total": "many"}, "addresses_total"),
    ({"departement": "975"}, "departement"),
    ({"village_population_min": 3000, "village_population_max": 2000}, "village_population_min"),
])
def test_bad_parameter_values_are_refused(tmp_path, override, word):
    with pytest.raises(ParameterError, match=word):
        generator.generate(tmp_path, params=override)
    assert list(tmp_path.iterdir()) == []


def test_cancel_stops_and_leaves_nothing(tmp_path):
    from terridiag.plugin.core.errors import Cancelled
    from terridiag.plugin.core.progress import Feedback

    class CancelAt50(Feedback):
        progress = 0.0

        def set_progress(self, percent):
            self.progress = percent

        def is_canceled(self):
            return self.progress >= 45
    fb = CancelAt50()
    with pytest.raises(Cancelled):
        generator.generate(tmp_path, params={"addresses_total": 3000}, feedback=fb)
    assert fb.progress == 45 and list(tmp_path.iterdir()) == []


def test_failure_leaves_no_partial_output(tmp_path, monkeypatch):
    def boom(*a, **k):
        raise RuntimeError("disk full")
    monkeypatch.setattr(generator.roads, "build", boom)   # fails after most files are written
    with pytest.raises(RuntimeError, match="disk full"):
        generator.generate(tmp_path, params={"addresses_total": 3000})
    assert list(tmp_path.iterdir()) == []


def test_readers_of_the_project_accept_the_demo(demo):
    """The demo goes through the project's own readers without a single rejected row."""
    src = pytest.importorskip("terridiag.plugin.core.sources.addresses")
    from terridiag.plugin.core.sources import communes, connectivity, services
    p = demo["paths"]
    checks = [
        (src.read_ban(p["addresses"]), 40000),
        (communes.read_communes(p["communes"]), 30),
        (communes.read_populations(p["communes_population"]), 30),
        (communes.read_epci(p["epci"]), 30),
        (services.read_france_services(p["france_services"]), 4),
        (services.read_mediation(p["mediation_csv"]), 10),
        (services.read_mediation(p["mediation_json"]), 10),
        (connectivity.read_arcep_commune(p["arcep_debit"]), 30),
    ]
    for result, n in checks:
        assert result.report.rows_kept == n and result.report.rows_rejected == 0, result.report.summary()
    ban = checks[0][0].data
    assert sorted(set(ban["code_insee"].astype(str))) == sorted(checks[1][0].data["code_insee"].astype(str))
