"""The one CRS module (core/crs.py): legal CRS of every French territory, territory detection from
commune codes and from points, transforms and the metric-CRS rule — checked against pyproj, the
csv/json modules and the real boundary files."""
from __future__ import annotations

import csv
import json

import numpy as np
import pytest
from pyproj import CRS, Transformer

from terridiag.plugin.core import crs
from terridiag.plugin.core.errors import ParameterError

LEGAL = {  # INSEE commune -> legal EPSG (décret 2000-1276 as amended)
    "90010": 2154, "2A004": 2154, "2B033": 2154, "75056": 2154,
    "97105": 5490, "97209": 5490, "97701": 5490, "97801": 5490,
    "97302": 2972, "97411": 2975, "97611": 4471, "97502": 4467,
}


@pytest.mark.parametrize("code,epsg", sorted(LEGAL.items()))
def test_legal_crs_of_each_territory(code, epsg):
    assert crs.legal_crs(code) == epsg
    assert crs.BY_KEY[crs.territory_key(code)].epsg == epsg


def test_legal_crs_names_are_pyprojs():
    names = {2154: "Lambert-93", 5490: "RGAF09 / UTM zone 20N", 2972: "RGFG95 / UTM zone 22N",
             2975: "RGR92 / UTM zone 40S", 4471: "RGM04 / UTM zone 38S", 4467: "RGSPM06 / UTM zone 21N"}
    assert set(crs.LEGAL_EPSGS) == set(names)
    for epsg, name in names.items():
        c = CRS.from_epsg(epsg)
        assert c.is_projected and name in c.name
        assert crs.is_projected(epsg)
    assert not crs.is_projected(4326) and crs.is_projected(32631) and not crs.is_projected(999999)


def test_territories_do_not_overlap_and_pacific_is_not_handled():
    boxes = [t.bbox for t in crs.TERRITORIES]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert a[2] < b[0] or b[2] < a[0] or a[3] < b[1] or b[3] < a[1]
    assert crs.territory_key("98611") == "" and crs.territory_key("") == ""
    assert list(crs.territories_of_codes(["97411", None, "2A004", "98735"])) == ["974", "", "metropole", ""]


def test_territory_of_points_agrees_with_commune_codes_on_the_national_files(shared_data):
    with open(shared_data / "national/france_services_liste-fs-20240801.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    by_point = crs.territories_of_lonlat([float(r["longitude"]) for r in rows], [float(r["latitude"]) for r in rows])
    assert list(by_point) == list(crs.territories_of_codes([r["insee_com"] for r in rows]))
    assert sorted(set(by_point)) == ["971", "972", "973", "974", "976", "978", "metropole"]
    places = json.loads((shared_data / "national/lieux_mediation_numerique_cnfs_2022-07.json").read_text("utf-8"))
    by_point = crs.territories_of_lonlat([p["longitude"] for p in places], [p["latitude"] for p in places])
    by_postcode = crs.territories_of_codes([str(p["code_postal"]) for p in places])
    assert list(by_point) == list(by_postcode) and int((by_point != "metropole").sum()) == 65


def test_territory_of_boundary_polygons(shared_data):
    for name, key in (("communes-971-guadeloupe.geojson", "971"), ("communes-2A-corse-du-sud.geojson", "metropole")):
        feats = json.loads((shared_data / "boundaries" / name).read_text("utf-8"))["features"]
        ring = [f["geometry"]["coordinates"][0] if f["geometry"]["type"] == "Polygon"
                else f["geometry"]["coordinates"][0][0] for f in feats]
        lon = [np.mean([p[0] for p in r]) for r in ring]
        lat = [np.mean([p[1] for p in r]) for r in ring]
        assert set(crs.territories_of_lonlat(lon, lat)) == {key}
        assert set(crs.territories_of_codes([f["properties"]["code"] for f in feats])) == {key}


def test_transform_and_to_legal_match_pyproj():
    lon = np.array([6.8363905, -61.5286, 55.4502, 45.2279, -56.1773, 9.15])
    lat = np.array([47.6655487, 16.4146, -20.8823, -12.7806, 46.7811, 41.92])
    keys = crs.territories_of_lonlat(lon, lat)
    assert list(keys) == ["metropole", "971", "974", "976", "975", "metropole"]
    x, y = crs.to_legal(lon, lat, keys)
    for i, k in enumerate(keys):
        ex, ey = Transformer.from_crs(4326, crs.BY_KEY[k].epsg, always_xy=True).transform(lon[i], lat[i])
        assert (x[i], y[i]) == pytest.approx((ex, ey), abs=1e-6)
    bx, by = crs.transform(x[:1], y[:1], 2154, 4326)
    assert (bx[0], by[0]) == pytest.approx((lon[0], lat[0]), abs=1e-9)


def test_infer_epsg_and_metric_crs_rule():
    assert crs.infer_epsg(["97411", "97411", "90010"]) == 2975
    assert crs.infer_epsg(None, [55.45, 6.8], [-20.9, 47.6]) == 2154          # tie: metropolitan wins
    assert crs.infer_epsg(["bad"], [45.2], [-12.8]) == 4471                      # codes say nothing
    assert crs.infer_epsg() == crs.DEFAULT_EPSG == 2154
    assert crs.metric_crs(32620, [2154], ["97105"]) == 32620                     # 1. asked
    with pytest.raises(ParameterError, match="not a metric CRS"):
        crs.metric_crs(4326)
    assert crs.metric_crs(None, [None, 4326, 5490], ["90010"]) == 5490           # 2. a projected layer
    assert crs.metric_crs(None, [4326], ["", "97608"]) == 4471                   # 3. the communes' territory
    assert crs.metric_crs(None, [4326], []) == 2154                              # 4. Lambert-93
    assert crs.crs_label(2972) == "EPSG:2972 (RGFG95 / UTM 22N)"
