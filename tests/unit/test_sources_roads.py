"""OSM road graph: counts and lengths against an independent ElementTree + pyproj.Geod reading of
the real Belfort extract, and shortest paths on a hand-written network with one-way streets."""
from __future__ import annotations

import xml.etree.ElementTree as ET

import numpy as np
import pytest
from pyproj import Geod, Transformer
from scipy.sparse.csgraph import dijkstra

from terridiag.plugin.core.errors import InputDataError, InputFormatError
from terridiag.plugin.core.graph import DEFAULT_DRIVE_SPEED_KMH
from terridiag.plugin.core.sources.roads import NOT_ROADS, parse_maxspeed, read_osm_roads

GEOD = Geod(ellps="GRS80")


def _tags(el):
    return {t.get("k"): t.get("v") for t in el.iter("tag")}


def test_belfort_extract_against_elementtree(shared_data):
    path = shared_data / "territoire_90" / "osm_sud_territoire_de_belfort_2011_josm.osm"
    root = ET.parse(path).getroot()
    nodes = {n.get("id"): (float(n.get("lon")), float(n.get("lat"))) for n in root.iter("node")}
    ways = [w for w in root.iter("way") if "highway" in _tags(w)]
    assert len(ways) == 348                                     # the file's highway ways
    roads = [w for w in ways if _tags(w).get("area") != "yes" and _tags(w)["highway"] not in NOT_ROADS]
    def is_oneway(w):
        t = _tags(w)
        return t.get("oneway") in ("yes", "-1") or (t.get("junction") == "roundabout" and t.get("oneway") != "no")

    geodesic = oneway_geodesic = 0.0
    for w in roads:
        lon, lat = zip(*(nodes[nd.get("ref")] for nd in w.iter("nd")))
        length = GEOD.line_length(lon, lat)
        geodesic += length
        oneway_geodesic += length if is_oneway(w) else 0.0
    oneway = sum(1 for w in roads if is_oneway(w))

    graph, report = read_osm_roads(path)
    assert graph.meta["ways"] == report.rows_kept == len(roads) == 346
    assert graph.crs == 2154 and report.crs == "EPSG:2154"
    assert graph.meta["length_m"] == pytest.approx(geodesic, rel=0.01)
    assert graph.meta["oneway_ways"] == oneway
    # one edge per allowed direction: two-way roads count twice
    assert graph.length_m.sum() == pytest.approx(2 * geodesic - oneway_geodesic, rel=0.01)
    assert (graph.edge_u != graph.edge_v).all() and (graph.length_m > 0).all()
    # every graph node is an OSM node of the file (no invented junctions)
    to_l93 = Transformer.from_crs(4326, 2154, always_xy=True)
    used = {nd.get("ref") for w in roads for nd in w.iter("nd")}
    ox, oy = to_l93.transform(*np.array([nodes[i] for i in used]).T)
    known = set(zip(np.round(ox, 2), np.round(oy, 2)))
    assert all((round(x, 2), round(y, 2)) in known for x, y in zip(graph.node_x, graph.node_y))
    # speeds: maxspeed where tagged (9 ways), else the class default
    res = graph.highway == "residential"
    assert set(np.unique(graph.speed_kmh[res])) <= {30.0, 50.0}
    assert report.provenance.vintage == "2011-09-11"


TINY = """<?xml version='1.0' encoding='UTF-8'?>
<osm version='0.6'>
 <node id='1' lat='47.640' lon='6.860'/>
 <node id='2' lat='47.640' lon='6.870'/>
 <node id='3' lat='47.650' lon='6.870'/>
 <node id='4' lat='47.650' lon='6.860'/>
 <node id='5' lat='47.655' lon='6.870'/>
 <node id='6' lat='47.660' lon='6.870'/>
 <node id='7' lat='47.645' lon='6.865'/>
 <way id='10'><nd ref='1'/><nd ref='2'/><tag k='highway' v='residential'/><tag k='oneway' v='yes'/></way>
 <way id='11'><nd ref='2'/><nd ref='3'/><nd ref='5'/><tag k='highway' v='tertiary'/><tag k='maxspeed' v='FR:urban'/></way>
 <way id='12'><nd ref='3'/><nd ref='4'/><tag k='highway' v='residential'/><tag k='maxspeed' v='30'/></way>
 <way id='13'><nd ref='4'/><nd ref='1'/><tag k='highway' v='residential'/></way>
 <way id='14'><nd ref='5'/><nd ref='6'/><tag k='highway' v='service'/><tag k='oneway' v='-1'/></way>
 <way id='15'><nd ref='1'/><nd ref='7'/><tag k='highway' v='proposed'/></way>
 <way id='16'><nd ref='1'/><nd ref='7'/><nd ref='3'/><tag k='building' v='yes'/></way>
</osm>"""


def test_tiny_network_oneway_shortest_paths(tmp_path):
    path = tmp_path / "tiny.osm"
    path.write_text(TINY, encoding="utf-8")
    graph, report = read_osm_roads(path)
    to_l93 = Transformer.from_crs(4326, 2154, always_xy=True)
    ll = {1: (6.860, 47.640), 2: (6.870, 47.640), 3: (6.870, 47.650), 4: (6.860, 47.650),
          5: (6.870, 47.655), 6: (6.870, 47.660)}
    xy = {k: np.array(to_l93.transform(*v)) for k, v in ll.items()}
    idx = {k: int(np.argmin(np.hypot(graph.node_x - p[0], graph.node_y - p[1]))) for k, p in xy.items()}
    assert graph.n_nodes == 6 and graph.meta["ways"] == 5      # 'proposed' and the building are left out

    def d(a, b):
        return float(np.hypot(*(xy[a] - xy[b])))

    dist = dijkstra(graph.csr("drive", "distance"), indices=[idx[1], idx[2], idx[6], idx[5]])
    # 1 -> 2 directly (one-way in that direction); 2 -> 1 must go round by 3 and 4
    assert dist[0][idx[2]] == pytest.approx(d(1, 2), rel=1e-9)
    assert dist[1][idx[1]] == pytest.approx(d(2, 3) + d(3, 4) + d(4, 1), rel=1e-9)
    # oneway=-1: only 6 -> 5 is allowed ('service' is drivable)
    assert dist[2][idx[5]] == pytest.approx(d(6, 5), rel=1e-9)
    assert np.isinf(dist[3][idx[6]])
    # way 11 (2-3-5) is cut at node 3 where way 12 starts: edges 2-3 and 3-5 both ways
    assert graph.n_edges == 1 + 2 + 2 + 2 + 2 + 1
    speeds = {(int(u), int(v)): s for u, v, s in zip(graph.edge_u, graph.edge_v, graph.speed_kmh)}
    assert speeds[(idx[2], idx[3])] == 50.0                      # FR:urban
    assert speeds[(idx[3], idx[4])] == 30.0                      # maxspeed=30
    assert speeds[(idx[4], idx[1])] == DEFAULT_DRIVE_SPEED_KMH["residential"]
    assert speeds[(idx[6], idx[5])] == DEFAULT_DRIVE_SPEED_KMH["service"]
    # travel time on the reversed graph: the time from 2 to 1 equals the forward one
    t = dijkstra(graph.csr("drive", "time", reverse=True), indices=[idx[1]])[0][idx[2]]
    expected = d(2, 3) / (50 / 3.6) + d(3, 4) / (30 / 3.6) + d(4, 1) / (30 / 3.6)
    assert t == pytest.approx(expected, rel=1e-9)


def test_closed_way_alone_is_not_a_loop(tmp_path):
    path = tmp_path / "ring.osm"
    path.write_text("""<?xml version='1.0' encoding='UTF-8'?><osm version='0.6'>
 <node id='1' lat='47.640' lon='6.860'/><node id='2' lat='47.640' lon='6.870'/>
 <node id='3' lat='47.650' lon='6.870'/><node id='4' lat='47.650' lon='6.860'/>
 <way id='1'><nd ref='1'/><nd ref='2'/><nd ref='3'/><nd ref='4'/><nd ref='1'/><tag k='highway' v='unclassified'/></way>
</osm>""", encoding="utf-8")
    graph, _ = read_osm_roads(path)
    assert graph.n_nodes == 2 and graph.n_edges == 4 and (graph.edge_u != graph.edge_v).all()


def test_maxspeed_parsing():
    v = parse_maxspeed(["50", "30 mph", "FR:urban", "FR:rural", "", "signals", "70;50"])
    assert v[:4] == pytest.approx([50, 30 * 1.609344, 50, 80])
    assert np.isnan(v[4]) and np.isnan(v[5]) and v[6] == 70


def test_saint_barthelemy_pbf_in_its_crs(shared_data):
    graph, report = read_osm_roads(shared_data / "samples" / "osm_saint_barthelemy_2014.osm.pbf")
    assert graph.crs == 5490 and report.crs == "EPSG:5490"
    # UTM 20N eastings of the island and its islets (62.79-62.95 W)
    assert 505_000 < graph.node_x.min() and graph.node_x.max() < 530_000
    assert graph.meta["ways"] > 400 and report.provenance.vintage == "2014"


def test_bad_osm_inputs(tmp_path):
    nohw = tmp_path / "nohw.osm"
    nohw.write_text("<?xml version='1.0'?><osm version='0.6'><node id='1' lat='47.6' lon='6.8'/>"
                    "<node id='2' lat='47.7' lon='6.9'/><way id='1'><nd ref='1'/><nd ref='2'/>"
                    "<tag k='waterway' v='river'/></way></osm>", encoding="utf-8")
    with pytest.raises(InputDataError, match="no highway"):
        read_osm_roads(nohw)
    notosm = tmp_path / "roads.osm.pbf"
    notosm.write_bytes(b"this is not a protobuf file at all\n" * 10)
    with pytest.raises(InputFormatError, match="OSM driver"):
        read_osm_roads(notosm)
    empty = tmp_path / "empty.osm"
    empty.write_bytes(b"")
    with pytest.raises(InputDataError, match="empty"):
        read_osm_roads(empty)
