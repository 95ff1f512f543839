"""'Download my territory' for the census, Filosofi, IRIS, BPE, QPV and roads, against the
producers' formats and URL layout served on 127.0.0.1 (tests/support/producer_files.py) from the
real files of ../shared/data. Expected counts are made here from what was served (csv, json,
xml modules); the downloaded files are then read with the readers of core.sources."""
from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "support"))
from loopback import LoopbackServer, serve_producers_90  # noqa: E402
from producer_files import FILO_COM_PATH, QPV_DATASET  # noqa: E402

from terridiag.plugin.core.errors import NetworkError  # noqa: E402
from terridiag.plugin.core.net.catalog import SOURCES, Catalog  # noqa: E402
from terridiag.plugin.core.net.download import download_territory  # noqa: E402
from terridiag.plugin.core.net.http import HttpClient, RetryPolicy  # noqa: E402
from terridiag.plugin.core.provenance import ODBL  # noqa: E402

pytestmark = pytest.mark.network
SUD_TERRITOIRE = "249000241"
NEW = ["census", "filosofi", "iris", "bpe", "qpv", "roads"]


@pytest.fixture
def producers(shared_data, tmp_path):
    with LoopbackServer() as srv:
        facts = serve_producers_90(srv, shared_data, tmp_path / "served")
        yield srv, facts, Catalog({k: srv.base for k in SOURCES})


def client():
    return HttpClient(policy=RetryPolicy(attempts=3, base_delay=0.01))


def _csv(path):
    with open(path, encoding="utf-8", newline="") as fh:
        head = fh.readline()
        fh.seek(0)
        return list(csv.DictReader(fh, delimiter=";" if head.count(";") > head.count(",") else ","))


def _box(communes_gj, margin):
    xs, ys = [], []

    def walk(c):
        if c and isinstance(c[0], (int, float)):
            xs.append(c[0])
            ys.append(c[1])
        else:
            for k in c:
                walk(k)
    for f in communes_gj["features"]:
        walk(f["geometry"]["coordinates"])
    return min(ys) - margin, min(xs) - margin, max(ys) + margin, max(xs) + margin


def test_departement_90_census_income_iris_bpe_qpv_roads(producers, shared_data, tmp_path):
    srv, facts, catalog = producers
    res = download_territory("dep", "90", tmp_path / "out", ["communes"] + NEW, cache_dir=tmp_path / "cache",
                             catalog=catalog, client=client())
    d = res.datasets
    # census: each theme cut to DEP 90 (the Sicoval rows of the national file are left out)
    served = facts["census_rows"]
    n90 = {t: sum(1 for r in rows if r[2] == "90") for t, rows in served.items()}
    assert n90 == {t: 123 for t in served} and sum(len(r) for r in served.values()) == 123 * 4 + 11 * 3
    assert (d["census"].rows_source, d["census"].rows_kept) == (123 * 4 + 11 * 3, 123 * 4)
    assert len(d["census"].outputs) == 4
    for out in d["census"].outputs:
        rows = _csv(out)
        assert len(rows) == 123 and {r["DEP"] for r in rows} == {"90"}
    # the vintage is read from the files (their columns say RP2016), not assumed from the catalog
    assert d["census"].provenance["vintage"] == "RP2016"
    # Filosofi: IRIS of 90 and the communes' rows of the long file; no official value of the département
    filo_iris, filo_com = d["filosofi"].outputs[:2]
    assert len(_csv(filo_iris)) == 19
    long_rows = _csv(filo_com)
    assert {r["GEO_OBJECT"] for r in long_rows} == {"COM"} and len(long_rows) == len(facts["filosofi_long_rows"])
    assert d["filosofi"].provenance["vintage"] == "Filosofi 2015"
    assert any("no official Filosofi value" in n for n in d["filosofi"].notes)
    # IRIS: the 123 polygons, from two pages of the WFS (server maximum 100 per answer)
    iris = json.loads(res.output("iris").read_text(encoding="utf-8"))
    assert len(iris["features"]) == d["iris"].rows_kept == d["iris"].rows_source == 123
    pages = [q for q in facts["wfs"].queries if q["CQL_FILTER"] == "code_insee LIKE '90%'"]
    assert [q["STARTINDEX"] for q in pages] == ["0", "100"]
    # BPE: the rows of département 90 (France Services of 90 + the amenities of the OSM extract)
    bpe_served = facts["bpe_rows"]
    assert d["bpe"].rows_source == len(bpe_served) > 2800
    assert d["bpe"].rows_kept == sum(1 for r in bpe_served if r[10] == "90") == len(_csv(res.output("bpe")))
    assert d["bpe"].provenance["vintage"] == "BPE 2024"
    # QPV: the GeoJSON resource of the data.gouv.fr dataset, the 5 neighbourhoods of 90
    qpv = json.loads(res.output("qpv").read_text(encoding="utf-8"))
    assert len(qpv["features"]) == d["qpv"].rows_kept == 5
    assert d["qpv"].provenance["vintage"] == "2015-12-30"
    assert [f["files"][0]["url"] for f in [res.datasets["qpv"].__dict__]][0] == srv.url(QPV_DATASET)
    # roads: the Overpass answer for the communes' box ± 0.02°, every highway with a node in it
    communes = json.loads(res.output("communes").read_text(encoding="utf-8"))
    s, w, n, e = _box(communes, 0.02)
    expected = facts["overpass"].expected_ways(s, w, n, e)
    assert d["roads"].rows_kept == len(expected) > 300
    text = res.output("roads").read_text(encoding="utf-8")
    assert text.count("<way ") == len(expected) and 'osm_base="2011-06-01' in text
    assert d["roads"].provenance["licence"] == ODBL and d["roads"].provenance["vintage"] == "2011-06-01"
    # the manifest lists every file with its vintage and licence
    man = json.loads(res.manifest.read_text(encoding="utf-8"))
    for key in NEW:
        entry = man["datasets"][key]
        assert entry["vintage"] and entry["licence"]
        assert all((tmp_path / "out" / name).exists() for name in entry["outputs"])
    assert man["datasets"]["census"]["outputs"][0].endswith("-dep-90.csv")


def test_epci_iris_by_commune_list_and_empty_cuts(producers, shared_data, tmp_path):
    srv, facts, catalog = producers
    members = next(e for e in json.loads((shared_data / "territoire_90" / "epci_90.json").read_text())
                   if e["code"] == SUD_TERRITOIRE)["membres"]
    codes = {m["code"] for m in members}
    res = download_territory("epci", SUD_TERRITOIRE, tmp_path / "epci", ["communes"] + NEW,
                             cache_dir=tmp_path / "cache", catalog=catalog, client=client())
    d = res.datasets
    expected_iris = sum(1 for r in facts["census_rows"]["evol-struct-pop"] if r[4] in codes)
    assert expected_iris == 30                              # Delle is split into IRIS
    assert d["census"].rows_kept == 4 * expected_iris
    iris = json.loads(res.output("iris").read_text(encoding="utf-8"))
    assert {f["properties"]["code_insee"] for f in iris["features"]} == codes
    assert len(iris["features"]) == expected_iris
    assert any(q["CQL_FILTER"].startswith("code_insee IN (") for q in facts["wfs"].queries)
    # rural EPCI: no IRIS income published, no QPV — empty cuts, said, not an error
    assert len(_csv(d["filosofi"].outputs[0])) == 0
    assert d["qpv"].rows_kept == 0
    s, w, n, e = _box(json.loads(res.output("communes").read_text(encoding="utf-8")), 0.02)
    assert d["roads"].rows_kept == len(facts["overpass"].expected_ways(s, w, n, e))


def test_official_values_become_the_reference_file(producers, shared_data, tmp_path):
    """When INSEE's long Filosofi file holds the département's values, the download writes them as
    the fragility index's REFERENCE file. (The département row is a test value: ../shared/data has
    no official median of 90.)"""
    import io
    import zipfile

    import insee_files as IF
    from producer_files import filosofi_communes_long

    srv, facts, catalog = producers
    header, rows = filosofi_communes_long(shared_data)
    rows = rows + [["90", "DEP", "MED_SL", "EUR", "0", "F", "A", "2015", "20000"],
                   ["90", "DEP", "PR_MD60", "PCT", "0", "F", "A", "2015", "15.5"],
                   ["31", "DEP", "MED_SL", "EUR", "0", "F", "A", "2015", "23000"]]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("DS_FILOSOFI_CC_data.csv", IF.csv_bytes(header, rows))
    srv.add_bytes(FILO_COM_PATH, buf.getvalue(), "application/zip")
    res = download_territory("dep", "90", tmp_path / "o", ["communes", "filosofi"], cache_dir=tmp_path / "c",
                             catalog=catalog, client=client())
    ref = [p for p in res.datasets["filosofi"].outputs if Path(p).name == "reference-filosofi-dep-90.csv"]
    from terridiag.plugin.core.indicators.fragility import read_reference_csv
    assert read_reference_csv(ref[0]) == {"median_income": 20000.0, "poverty_rate": pytest.approx(0.155)}
    dep_rows = [r for r in _csv(res.datasets["filosofi"].outputs[1]) if r["GEO_OBJECT"] == "DEP"]
    assert {r["GEO"] for r in dep_rows} == {"90"}                 # the other départements are cut out


def test_overpass_error_is_a_clear_message(producers, tmp_path):
    srv, facts, catalog = producers
    srv.add_handler("/api/interpreter", lambda req: (200, {"Content-Type": "application/osm3s+xml"},
                    b'<?xml version="1.0"?><osm version="0.6"><remark> runtime error: Query timed out in "query" '
                    b'at line 1 after 901 seconds. </remark></osm>'))
    with pytest.raises(NetworkError, match="Overpass API answered with an error.*timed out") as e:
        download_territory("dep", "90", tmp_path / "o", ["communes", "roads"], cache_dir=tmp_path / "c",
                           catalog=catalog, client=client())
    assert "ROADS" in str(e.value)
    assert not (tmp_path / "o" / "roads-dep-90.osm").exists()


def test_downloaded_files_load_with_the_readers(producers, tmp_path):
    from terridiag.plugin.core.sources.census import read_fragility_inputs
    from terridiag.plugin.core.sources.iris import join_census, read_iris
    from terridiag.plugin.core.sources.qpv import read_qpv
    from terridiag.plugin.core.sources.roads import read_osm_roads
    from terridiag.plugin.core.sources.services import read_services

    srv, facts, catalog = producers
    res = download_territory("dep", "90", tmp_path / "o", ["communes"] + NEW, cache_dir=tmp_path / "c",
                             catalog=catalog, client=client())
    d = res.datasets
    census, rep = read_fragility_inputs(d["census"].outputs + d["filosofi"].outputs[:2])
    assert census.attrs["level"] == "iris" and len(census) == 123
    assert census["median_income"].notna().sum() > 90       # IRIS medians, and communes' for the others
    assert census["unemployed_15_64"].isna().all()          # the activity theme has no value here
    iris, irep = read_iris(res.output("iris"))
    assert irep.format == "ign_2023" and len(iris) == 123
    assert join_census(iris, census, irep)["population"].notna().all()
    bpe = read_services(res.output("bpe"))
    cats = bpe.data["category"].value_counts().to_dict()
    assert cats.get("france_services") == 4 and cats.get("townhall") == 1
    qpv, _ = read_qpv(res.output("qpv"))
    assert len(qpv) == 5
    graph, grep_ = read_osm_roads(res.output("roads"))
    assert graph.n_edges > 0 and grep_.provenance.licence == ODBL
    assert grep_.provenance.vintage == "2011-06-01"                # the osm_base of the Overpass answer


def test_a_damaged_zip_is_not_cached_nor_cut(producers, tmp_path):
    from producer_files import CENSUS_PATHS

    srv, facts, catalog = producers
    path = CENSUS_PATHS["evol-struct-pop"]
    good = srv.routes[path](None)[1]
    bad = bytearray(good)
    bad[len(bad) // 2] ^= 0xFF                       # one byte flipped inside the compressed data
    srv.add_bytes(path, bytes(bad), "application/zip")
    with pytest.raises(NetworkError, match="zip file .* is damaged"):
        download_territory("dep", "90", tmp_path / "o", ["communes", "census"], cache_dir=tmp_path / "c",
                           catalog=catalog, client=client())
    assert not list((tmp_path / "o").glob("base-ic-*"))
    srv.add_bytes(path, good, "application/zip")      # the producer fixes it: the next run works
    res = download_territory("dep", "90", tmp_path / "o", ["communes", "census"], cache_dir=tmp_path / "c",
                             catalog=catalog, client=client())
    assert res.datasets["census"].rows_kept == 4 * 123


def test_grid_national_zip_fetched_once_cached_and_cut_to_the_departement(producers, shared_data, tmp_path):
    """The Filosofi 200 m grid: INSEE's national GeoPackage in a zip (here the cells of 90 derived from
    the real RP2016 IRIS counts, tests/support/territory_files.py, plus a copy of them moved 60 km east,
    out of the territory), fetched once, cut to the cells whose centre lies in a commune of 90, kept in
    the cache (a second download only revalidates it) and listed in the manifest with its vintage."""
    import io
    import zipfile

    import geopandas as gpd
    import numpy as np
    import pandas as pd
    import territory_files as TF
    from shapely import affinity
    from shapely.geometry import Point
    from shapely.prepared import prep

    srv, facts, catalog = producers
    cells = TF.grid_cells_90(shared_data)
    away = cells.copy()
    away["geometry"] = [affinity.translate(g, xoff=60_000) for g in away.geometry]
    away["idcar_200m"] = "away-" + away["idcar_200m"]
    national = gpd.GeoDataFrame(pd.concat([cells, away], ignore_index=True), crs=cells.crs)
    gpkg = tmp_path / "carreaux_200m_met.gpkg"
    national.to_file(gpkg, driver="GPKG", layer="carreaux_200m_met")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("LISEZ-MOI.txt", "Filosofi 2019, données carroyées à 200 m")
        zf.write(gpkg, "Filosofi2019_carreaux_200m_gpkg/carreaux_200m_met.gpkg")
    path = catalog.url("grid")[len(srv.base):]
    srv.add_bytes(path, buf.getvalue(), "application/zip")

    res = download_territory("dep", "90", tmp_path / "o", ["communes", "grid"], cache_dir=tmp_path / "c",
                             catalog=catalog, client=client())
    # expected here: the centre of each served cell, in Lambert-93, in one of the served communes' polygons
    communes = gpd.read_file(res.output("communes")).to_crs(2154)
    src = national.to_crs(2154)
    centres = src.geometry.centroid
    xs, ys = centres.x.to_numpy(), centres.y.to_numpy()
    expected = {}
    for code, poly in zip(communes["code"], communes.geometry):
        x0, y0, x1, y1 = poly.bounds
        inside = prep(poly)
        for i in np.flatnonzero((xs >= x0) & (xs <= x1) & (ys >= y0) & (ys <= y1)):
            cid = src["idcar_200m"].iat[i]
            if cid not in expected and inside.contains(Point(xs[i], ys[i])):
                expected[cid] = (code, src["ind"].iat[i])
    assert len(expected) > 1000 and not any(k.startswith("away-") for k in expected)
    d = res.datasets["grid"]
    # only the national file's cells in the box of 90 are read: the ones moved away are not even read
    assert (d.rows_source, d.rows_kept) == (len(cells), len(expected))
    got = gpd.read_file(res.output("grid"))
    assert got.crs.to_epsg() == 2154 and len(got) == len(expected)
    for cid, code, pop in zip(got["id_carreau"], got["code_insee"], got["population"]):
        assert (code, pop) == (expected[cid][0], pytest.approx(expected[cid][1])), cid
    # the population of the cells is that of the populated IRIS whose cells have their centre in 90
    assert got["population"].sum() == pytest.approx(sum(v for _, v in expected.values()))
    man = json.loads(res.manifest.read_text(encoding="utf-8"))["datasets"]["grid"]
    assert man["vintage"] and man["licence"].startswith("Licence Ouverte") and man["rows_kept"] == len(expected)
    assert man["files"][0]["url"] == catalog.url("grid") and (tmp_path / "o" / man["output"]).exists()
    assert len([e for e in srv.requests(path) if e.status == 200]) == 1

    # a second download: the national zip is revalidated (304), not fetched again, and the cut is the same
    srv.clear_log()
    again = download_territory("dep", "90", tmp_path / "o2", ["communes", "grid"], cache_dir=tmp_path / "c",
                               catalog=catalog, client=client())
    assert [e.status for e in srv.requests(path)] == [304] and srv.bytes_sent(path) == 0
    assert again.datasets["grid"].rows_kept == len(expected)
