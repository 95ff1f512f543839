"""Scenario algorithms through Processing: terridiag:what_if and terridiag:optimal_sites on small
layers whose answers are worked out by hand (same territory as tests/unit/test_scenario_whatif)."""
from __future__ import annotations

import math

import pytest

pytestmark = pytest.mark.qgis

X0, Y0 = 990000.0, 6720000.0       # Belfort area, Lambert-93


def _layer(rows, fields, geom="Point", name="pts"):
    """Memory layer; rows are (x, y, *attributes) for points, (wkt, *attributes) for polygons."""
    from qgis.core import QgsFeature, QgsField, QgsGeometry, QgsPointXY, QgsVectorLayer
    from qgis.PyQt.QtCore import QVariant
    layer = QgsVectorLayer(f"{geom}?crs=EPSG:2154", name, "memory")
    types = {str: QVariant.String, float: QVariant.Double, bool: QVariant.Bool}
    layer.dataProvider().addAttributes([QgsField(n, types[t]) for n, t in fields])
    layer.updateFields()
    feats = []
    for row in rows:
        f = QgsFeature(layer.fields())
        if geom == "Point":
            f.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(X0 + row[0], Y0 + row[1])))
            f.setAttributes(list(row[2:]))
        else:
            f.setGeometry(QgsGeometry.fromWkt(row[0]))
            f.setAttributes(list(row[1:]))
        feats.append(f)
    layer.dataProvider().addFeatures(feats)
    return layer


def _features(layer_or_id):
    from qgis.core import QgsProcessingUtils, QgsVectorLayer
    layer = layer_or_id if isinstance(layer_or_id, QgsVectorLayer) else QgsProcessingUtils.mapLayerFromString(
        layer_or_id, _features.context)
    return [dict(zip(layer.fields().names(), f.attributes())) | {"_geom": f.geometry()}
            for f in layer.getFeatures()]


def _run(alg, params):
    import processing
    from qgis.core import QgsProcessingContext
    ctx = QgsProcessingContext()
    _features.context = ctx
    return processing.run(alg, params, context=ctx)


@pytest.fixture
def territory():
    # 90001: a1 (0,0) a2 (1000,0) a3 (8000,0), 100 people each; 90002: b1 (20000,0) b2 (21000,0),
    # 50 each; one existing place at (0, 0).
    addresses = _layer([(0, 0, "90001", 100.0), (1000, 0, "90001", 100.0), (8000, 0, "90001", 100.0),
                        (20000, 0, "90002", 50.0), (21000, 0, "90002", 50.0)],
                       [("code_insee", str), ("pop", float)], name="addresses")
    services = _layer([(0, 0, "france_services", 1.0)], [("category", str), ("capacity", float)],
                      name="services")
    return addresses, services


def test_what_if_adds_and_removes(terridiag_provider, territory):
    addresses, services = territory
    added = _layer([(20000, 3000)], [], name="added")
    res = _run("terridiag:what_if", {"ADDRESSES": addresses, "SERVICES": services, "ADDED": added,
                                     "WEIGHT_FIELD": "pop", "DISTANCE_KM": 5,
                                     "OUTPUT": "memory:", "GAINS": "memory:"})
    # 90002 goes from 0 to 100 people within 5 km; territory 200/400 -> 300/400
    assert res["PEOPLE_GAINED"] == pytest.approx(100.0)
    assert res["SHARE_BEFORE"] == pytest.approx(0.5)
    assert res["SHARE_AFTER"] == pytest.approx(0.75)
    rows = {r["code_insee"]: r for r in _features(res["OUTPUT"])}
    assert set(rows) == {"90001", "90002"}
    b = rows["90002"]
    assert b["people_gained"] == pytest.approx(100.0)
    assert b["dist_mean_before_m"] == pytest.approx(20500.0)
    assert b["dist_mean_after_m"] == pytest.approx((3000 + math.sqrt(1e7)) / 2)
    assert b["fsca_after"] == pytest.approx(0.01)            # 1 place / 100 people in reach
    assert rows["90001"]["people_gained"] == pytest.approx(0.0)
    gains = sorted(_features(res["GAINS"]), key=lambda r: r["_geom"].asPoint().x())
    assert len(gains) == 5
    assert [g["gain_m"] for g in gains] == pytest.approx([0, 0, 0, 17000, 21000 - math.sqrt(1e7)])
    assert gains[3]["_geom"].asPoint().x() == pytest.approx(X0 + 20000)

    # remove the existing place too: 90001 loses its 200 people, net -100
    removed = _layer([(3, 4)], [], name="removed")              # 5 m from the place
    res = _run("terridiag:what_if", {"ADDRESSES": addresses, "SERVICES": services, "ADDED": added,
                                     "REMOVED": removed, "WEIGHT_FIELD": "pop", "DISTANCE_KM": 5,
                                     "OUTPUT": "memory:"})
    assert res["PEOPLE_GAINED"] == pytest.approx(-100.0)


def test_what_if_bad_removal_is_a_clear_error(terridiag_provider, territory):
    from qgis.core import QgsProcessingException
    addresses, services = territory
    far = _layer([(500, 0)], [], name="far")
    with pytest.raises(QgsProcessingException, match="500 m from the nearest service place"):
        _run("terridiag:what_if", {"ADDRESSES": addresses, "SERVICES": services, "REMOVED": far,
                                   "OUTPUT": "memory:"})


# 10 people at A (0, 0), already served by an existing place; 4 at B (5000, 0); 6 at C (0, 9000)
DEMAND_ABC = ([(i, 0, 1.0) for i in range(10)] + [(5000 + i, 0, 1.0) for i in range(4)]
              + [(i, 9000, 1.0) for i in range(6)])


def _abcd():
    """(addresses of DEMAND_ABC, the existing place at A, candidates on A, B, C and an empty spot D)."""
    return (_layer(DEMAND_ABC, [("w", float)], name="demand"), _layer([(0, 0)], [], name="existing"),
            _layer([(0, 0, "A"), (5000, 0, "B"), (0, 9000, "C"), (20000, 20000, "D")],
                   [("name", str)], name="candidates"))


def test_optimal_sites_with_candidates_and_with_a_grid(terridiag_provider):
    # 10 people at A (0, 0), already served by an existing place; 4 at B (5000, 0); 6 at C (0, 9000).
    # Candidates on A, B, C and an empty spot D. Two sites within 1 km: C (+6) then B (+4).
    addresses, services, cands = _abcd()
    res = _run("terridiag:optimal_sites", {"ADDRESSES": addresses, "WEIGHT_FIELD": "w",
                                           "SERVICES": services, "CANDIDATES": cands, "COUNT": 2,
                                           "DISTANCE_KM": 1, "OUTPUT": "memory:"})
    assert res["METHOD_USED"] in ("milp (optimal)", "greedy+interchange (proven optimal)")
    assert res["OBJECTIVE_VALUE"] == pytest.approx(20.0)
    assert res["BASELINE"] == pytest.approx(10.0)
    assert res["GAP"] == pytest.approx(0.0)
    sites = sorted(_features(res["OUTPUT"]), key=lambda r: r["rank"])
    assert [s["name"] for s in sites] == ["C", "B"]
    assert [s["gain"] for s in sites] == pytest.approx([6.0, 4.0])
    assert [s["served"] for s in sites] == pytest.approx([6.0, 4.0])
    assert [s["covered_cum"] for s in sites] == pytest.approx([16.0, 20.0])
    assert sites[0]["_geom"].asPoint().y() == pytest.approx(Y0 + 9000)

    # no candidate layer: a 1 km grid inside the commune polygon; the cell centres (500, 8500) and
    # (500, 9500) are ~703 m from C's people: the best single site is one of them (a tie) and
    # covers all 6 of them.
    x1, y1 = X0 + 10000, Y0 + 10000
    communes = _layer([(f"POLYGON(({X0} {Y0},{x1} {Y0},{x1} {y1},{X0} {y1},{X0} {Y0}))", "90001")],
                      [("code_insee", str)], geom="Polygon", name="communes")
    res = _run("terridiag:optimal_sites", {"ADDRESSES": addresses, "SERVICES": services,
                                           "COMMUNES": communes, "GRID_KM": 1, "COUNT": 1,
                                           "DISTANCE_KM": 1, "OUTPUT": "memory:"})
    (site,) = _features(res["OUTPUT"])
    assert site["gain"] == pytest.approx(6.0)
    assert site["code_insee"] == "90001"
    pt = site["_geom"].asPoint()
    assert (pt.x() - X0, abs(pt.y() - Y0 - 9000)) == pytest.approx((500.0, 500.0))

    # p-median, one new site. With C open: A's people 0..9 m from the existing place (sum 45),
    # B's 5000..5003 m (sum 20006), C's 0..5 m (sum 15) -> 20066 / 20 = 1003.3 m. With B open
    # instead, C's people stay ~9000 m away (≈ 2703 m): C wins.
    res = _run("terridiag:optimal_sites", {"ADDRESSES": addresses, "SERVICES": services,
                                           "CANDIDATES": cands, "COUNT": 1, "OBJECTIVE": 1,
                                           "OUTPUT": "memory:"})
    (site,) = _features(res["OUTPUT"])
    assert site["name"] == "C"
    assert res["OBJECTIVE_VALUE"] == pytest.approx(20066 / 20)
    assert res["METHOD_USED"] == "milp (optimal)"


def test_optimal_sites_fragility_weighting(terridiag_provider):
    # 90001 (box 0..10 km): 6 addresses near (2000, 2000), population 60 -> 10 each.
    # 90002 (box 10..20 km): 5 addresses near (15000, 2000), population 50 -> 10 each.
    # One site within 1 km: by population 90001 wins (60 > 50); with fragility 100 vs 150,
    # 90002 weighs 50 × 1.5 = 75 > 60 and wins.
    demand = ([(2000 + 10 * i, 2000, "90001") for i in range(6)]
              + [(15000 + 10 * i, 2000, "90002") for i in range(5)])
    addresses = _layer(demand, [("code_insee", str)], name="demand")

    def box(x0, x1):
        return f"POLYGON(({X0 + x0} {Y0},{X0 + x1} {Y0},{X0 + x1} {Y0 + 10000},{X0 + x0} {Y0 + 10000},{X0 + x0} {Y0}))"
    communes = _layer([(box(0, 10000), "90001", 60.0, 100.0), (box(10000, 20000), "90002", 50.0, 150.0)],
                      [("code_insee", str), ("population", float), ("ifn_global", float)],
                      geom="Polygon", name="communes")
    cands = _layer([(2000, 2000, "west"), (15000, 2000, "east")], [("name", str)], name="candidates")
    params = {"ADDRESSES": addresses, "COMMUNES": communes, "CANDIDATES": cands, "COUNT": 1,
              "DISTANCE_KM": 1, "OUTPUT": "memory:"}
    res = _run("terridiag:optimal_sites", params)
    (site,) = _features(res["OUTPUT"])
    assert site["name"] == "west" and site["gain"] == pytest.approx(60.0)
    res = _run("terridiag:optimal_sites", params | {"FRAGILITY_FIELD": "ifn_global"})
    (site,) = _features(res["OUTPUT"])
    assert site["name"] == "east" and site["gain"] == pytest.approx(75.0)
    assert res["OBJECTIVE_VALUE"] == pytest.approx(75.0)


def test_optimal_sites_names_the_commune_of_each_site(terridiag_provider):
    # The demand and candidates of the test above; two communes cut the square at y = 5000: A and B lie
    # in 90001 "Bas", C in 90002 "Haut", D (20000, 20000) in none. COMMUNES_FOR_LABELS names the sites and
    # changes nothing else: the same sites and figures as without it (COMMUNES with a population would
    # have weighted the demand).
    from qgis.core import QgsGeometry, QgsPointXY

    addresses, services, cands = _abcd()

    def box(y0, y1):
        x0, x1 = X0 - 1000, X0 + 10000
        return f"POLYGON(({x0} {Y0 + y0},{x1} {Y0 + y0},{x1} {Y0 + y1},{x0} {Y0 + y1},{x0} {Y0 + y0}))"
    communes = _layer([(box(-1000, 5000), "90001", "Bas", 1000.0), (box(5000, 10000), "90002", "Haut", 10.0)],
                      [("code_insee", str), ("nom", str), ("population", float)], geom="Polygon", name="communes")
    params = {"ADDRESSES": addresses, "SERVICES": services, "CANDIDATES": cands, "COUNT": 2, "DISTANCE_KM": 1,
              "OUTPUT": "memory:"}
    plain = _run("terridiag:optimal_sites", params)
    named = _run("terridiag:optimal_sites", params | {"COMMUNES_FOR_LABELS": communes})
    for key in ("OBJECTIVE_VALUE", "BASELINE", "GAP", "METHOD_USED"):
        assert named[key] == plain[key]
    before = sorted(_features(plain["OUTPUT"]), key=lambda r: r["rank"])
    sites = sorted(_features(named["OUTPUT"]), key=lambda r: r["rank"])
    assert [s["name"] for s in sites] == [s["name"] for s in before] == ["C", "B"]
    assert [s["gain"] for s in sites] == pytest.approx([s["gain"] for s in before])
    assert "nom" not in before[0] and "code_insee" not in before[0]
    # the commune of each site, from QGIS's own point-in-polygon test
    polygons = [(f["code_insee"], f["nom"], f.geometry()) for f in communes.getFeatures()]
    for s in sites:
        pt = QgsGeometry.fromPointXY(QgsPointXY(s["_geom"].asPoint()))
        expected = next(((code, nom) for code, nom, g in polygons if g.contains(pt)), ("", ""))
        assert (s["code_insee"], s["nom"]) == expected
    assert [(s["code_insee"], s["nom"]) for s in sites] == [("90002", "Haut"), ("90001", "Bas")]

    # with COMMUNES (which weights the demand by population) the sites are named from it too; a site
    # outside every commune gets empty names
    cands_d = _layer([(20000, 20000, "D"), (0, 9000, "C")], [("name", str)], name="candidates")
    around_d = _layer(DEMAND_ABC + [(20000 + i, 20000, 1.0) for i in range(3)], [("w", float)], name="demand")
    res = _run("terridiag:optimal_sites", params | {"ADDRESSES": around_d, "CANDIDATES": cands_d, "COUNT": 2,
                                                    "WEIGHT_FIELD": "w", "COMMUNES": communes})
    by_name = {s["name"]: (s["code_insee"], s["nom"]) for s in _features(res["OUTPUT"])}
    assert by_name["C"] == ("90002", "Haut") and by_name["D"] in (("", ""), (None, None))
